use super::{compile, Context, Hit, Rule};
use crate::text::is_word_char;
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::RuleSpec;
use regex::Regex;

/// Home addresses.
///
/// **Catches**: a street address (a street name ending like the pack's street words, `-katu`,
/// `-tie`, `-gatan`, `Street`, …, then a number) that is either introduced as where someone lives
/// (`near` cues: "lives at", "kotiosoite", "bor på") or carries a flat number (`Kuusitie 12 B 7`),
/// which only homes have.
///
/// **Why**: where someone lives is personal data ("Personal data and privacy"), and posting it is
/// one of the guidelines' examples of harassment: "Publishing private or non-public information
/// for others to see".
///
/// **Instead**: share an address privately, or give the campus building's address.
///
/// The University's own campus streets (the pack's `unless` list) are not flagged.
pub(crate) struct HomeAddress {
    address: Regex,
    cues: ListId,
    campus_streets: Vec<String>,
}

const CUE_WINDOW_BYTES: usize = 40;

impl HomeAddress {
    pub fn build(spec: &RuleSpec, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if spec.terms.all.is_empty() || spec.near.is_empty() {
            return Err("the home-address check needs street-name endings in `terms.all` and cues in `near`".into());
        }
        // Nordic street names end in the street word (Kuusitie, Storgatan); the house number
        // follows, then maybe a staircase letter and a flat number.
        let endings: Vec<String> = spec.terms.all.iter().map(|t| regex::escape(t)).collect();
        // No leading `\b`: a Unicode word boundary would push the regex engine off its fast path
        // on Finnish text, so `check` looks at the character before the name instead.
        let pattern = format!(r"([A-ZÀ-ÖØ-Þ][\w-]*(?:{}))\s+([0-9]{{1,3}})(?:\s?([A-Z])(?:\s?([0-9]{{1,3}}))?)?(?-u:\b)", endings.join("|"));
        let address = compile(&pattern).map_err(|e| format!("street endings do not form a pattern: {e}"))?;
        let cues = spec.near.register(lexicon)?;
        let campus_streets = spec.unless.all.clone();
        Ok(Box::new(HomeAddress { address, cues, campus_streets }))
    }
}

impl Rule for HomeAddress {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for caps in self.address.captures_iter(raw) {
            let whole = caps.get(0).expect("group 0 always matches");
            if raw[..whole.start()].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let street = caps[1].to_lowercase();
            if self.campus_streets.iter().any(|s| street.starts_with(s.as_str())) {
                continue;
            }
            let has_flat = caps.get(4).is_some();
            let cued = cx.hits.of(self.cues).iter().any(|cue| cue.end <= whole.start() && whole.start() - cue.end <= CUE_WINDOW_BYTES);
            if has_flat || cued {
                out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![Fix::mask(whole.as_str(), 0)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "Home address: [[Vellamonkatu 14 B 22]], 00550 Helsinki",
        "Prof. X lives at [[Tehtaankatu 27]], go tell him",
        "juhlat meillä, [[Vaahterakuja 3 A 5]]",
        "han bor på [[Storgatan 14]] i Borgå",
        "kotiosoite [[Kuusitie 12 B 7]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "Lecture at Fabianinkatu 33, hall 5",
        "Exactum, Pietari Kalmin katu 5",
        "Biocenter 3, Viikinkaari 1",
        "Tehtaankatu 27 is a nice street for a walk",
        "the lab moved to Gustaf Hällströmin katu 2",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("home-address", FLAGGED, NEAR_MISSES);
    }
}
