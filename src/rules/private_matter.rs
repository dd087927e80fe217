use super::{Context, Hit, Rule};
use crate::finding::{inside, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;

/// Another person's private matter: a person and something about them that is theirs to share.
///
/// **Catches**: a sentence that refers to someone other than the writer (a name, also in Finnish
/// case forms such as *Korhosen* or *Pekalle*; a title before a name; "my colleague", "the student
/// who", "opiskelijani", "min kollega") together with a sensitive attribute of a person: health,
/// diagnosis, surgery, sick leave, pregnancy, divorce, an application and its outcome, grades,
/// discipline, an arrest (the lists are `guidelines/people.toml`). The
/// finding covers the attribute.
///
/// **Why**: "If… you learn about the characteristics, personal circumstances or financial position
/// of another person, remember that disclosing such information to third parties without legal
/// grounds is a punishable offence" (Personal data and privacy).
///
/// **Instead**: leave the person's private matter out, or let them tell it themselves.
///
/// Someone's money is left to `personal-finance` (category financial). The writer's own news
/// stays quiet: "I'm on sick leave" names no one else, and in "Jag har polisanmält hotet och fått
/// stöd av min chef" the writer is the subject (`PeopleHits::is_own`); so does a sentence with one
/// of the pack's `unless` words (research about a topic, a published decision).
pub(crate) struct PrivateMatter {
    unless: Option<ListId>,
}

impl PrivateMatter {
    pub fn build(unless: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let unless = if unless.is_empty() { None } else { Some(lexicon.list(unless.iter())?) };
        Ok(Box::new(PrivateMatter { unless }))
    }
}

impl Rule for PrivateMatter {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let people = cx.people.get();
        if people.persons.is_empty() || people.sensitive.is_empty() {
            return;
        }
        let unless = self.unless.map_or(&[][..], |list| cx.hits.of(list));
        // A person's money is the financial category's (`personal-finance`), not this one's.
        let mut attributes: Vec<_> = people.sensitive.iter().filter(|(_, kind)| kind != "money").map(|(span, _)| *span).collect();
        attributes.sort();
        attributes.dedup_by(|b, a| a.overlaps(*b));
        // Every list is in text order: what one sentence holds is found by binary search.
        let longest_person = people.persons.iter().map(|p| p.end - p.start).max().unwrap_or(0);
        let is_person = |attribute: Span| {
            let from = people.persons.partition_point(|p| p.start + longest_person <= attribute.start);
            people.persons[from..].iter().take_while(|p| p.start < attribute.end).any(|p| p.overlaps(attribute))
        };
        for &sentence in cx.text.sentences() {
            let has = |spans: &[Span]| inside(spans, sentence, |s| *s).next().is_some();
            if !has(&people.persons) || has(unless) {
                continue;
            }
            for attribute in inside(&attributes, sentence, |a| *a) {
                if !is_person(*attribute) && !people.is_own(cx.text.raw, sentence, *attribute) {
                    out.push(Hit::new(*attribute, Vec::new()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Kävin tänään Korhosen kanssa kahvilla, hän on [[eronnut]] miehestään keväällä.", Nothing),
        ("My colleague Sarah, [[pregnant]] again, is due in May!", Nothing),
        ("Kerroin Pekalle, että hänen [[hakemuksensa]] hylättiin.", Nothing),
        ("Min kollega Johan har stora skulder efter [[skilsmässan]].", Nothing),
    ];

    const NEAR_MISSES: &[&str] = &[
        "I'm on sick leave this week, back on Monday.",
        "Olen sairauslomalla ensi viikkoon.",
        "Congratulations to Professor Anna Virtanen on her appointment as dean!",
        "Our study on sick leave among teachers is out today.",
        "My colleague Sarah is in debt again",
        // private_matter_own_subject: the writer is the subject, two words before the matter.
        "Jag har polisanmält hotet och fått fantastiskt stöd av min chef.",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("private-matter", FLAGGED, NEAR_MISSES);
    }
}
