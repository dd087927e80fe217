use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::Span;
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;
use crate::rules::phrase::same_paragraph;
use regex::Regex;
use std::sync::LazyLock;

/// Someone's salary, debts or money trouble.
///
/// **Catches**: the pack's words for a person's pay and finances ("earns", "her salary",
/// "in debt", "palkkansa", "ulosotossa", "skulder", …); when a sum of money stands within a few
/// words, the finding covers it too (`earns €9,800/month`).
///
/// **Why**: "If… you learn about the characteristics, personal circumstances or financial
/// position of another person, remember that disclosing such information to third parties
/// without legal grounds is a punishable offence" (Personal data and privacy).
///
/// **Instead**: talk about pay and money in general terms, never about a person's.
///
/// Job advertisements (the pack's `unless` words, "position", "apply", "tehtävään", …, in the same
/// paragraph) and sums
/// without such words (grants, budgets, prices) are not flagged.
pub(crate) struct PersonalFinance {
    words: ListId,
    job_ad: Option<ListId>,
}

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?xi)
        (?:[€$£]\s?[0-9][0-9\s.,]*[0-9]|[€$£]\s?[0-9]|(?-u:\b)[0-9][0-9\s.,]*[0-9]?\s?(?:€|eur(?-u:\b)|euros?(?-u:\b)|euroa(?-u:\b)|kr(?-u:\b)|kronor(?-u:\b)|sek(?-u:\b)))
        (?:\s?(?:k|m|million|milj\.?)(?-u:\b))?
        (?:\s?(?:/|a|per|i|om)\s?(?:month|year|kk|v|vuodessa|kuukaudessa|mån|månaden|år|året)(?-u:\b))?
        ",
    )
});

/// How far from the words a sum may stand and still belong to them.
const MONEY_WINDOW_BYTES: usize = 50;

impl PersonalFinance {
    pub fn build(terms: &Terms, unless: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if terms.is_empty() {
            return Err("the personal-finance check needs the finance words as terms".into());
        }
        let job_ad = if unless.is_empty() { None } else { Some(lexicon.list(unless.iter())?) };
        Ok(Box::new(PersonalFinance { words: lexicon.list(terms.iter())?, job_ad }))
    }
}

impl Rule for PersonalFinance {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let job_ad = self.job_ad.map_or(&[][..], |list| cx.hits.of(list));
        let mut last_end = 0;
        for &word in cx.hits.of(self.words) {
            if word.start < last_end || job_ad.iter().any(|ad| same_paragraph(raw, *ad, word)) {
                continue;
            }
            let window_end = floor_boundary(raw, (word.end + MONEY_WINDOW_BYTES).min(raw.len()));
            let paragraph_end = raw[word.end..window_end].find('\n').map_or(window_end, |i| word.end + i);
            let sum = MONEY.find(&raw[word.end..paragraph_end]).map(|m| word.end + m.end());
            let span = Span::new(word.start, sum.unwrap_or(word.end));
            last_end = span.end;
            out.push(Hit::new(span, Vec::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "the new professor [[earns €9,800/month]], almost double",
        "She is [[deep in debt]] after the divorce",
        "uuden dekaanimme [[palkka on 9 850 €/kk]], kun",
        "Han har [[stora skulder]] sedan i fjol",
        "Naapurini on [[ulosotossa]] taas",
    ];

    const NEAR_MISSES: &[&str] = &[
        "The salary for the position is €3,500 per month; apply by 1 May.",
        "We got a €1.2 million grant from the Academy!",
        "Tickets €15, students €5.",
        "Projektin budjetti on 450 000 euroa.",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("personal-finance", FLAGGED, NEAR_MISSES);
    }
}
