use super::{compile, Context, Hit, Rule};
use crate::text::is_word_char;
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::{AllLiterals, Terms};
use regex::Regex;

/// Home addresses.
///
/// **Catches**: a street address (a street name ending like the pack's street words, `-katu`,
/// `-tie`, `-gatan`, `Bulevardi`, …, then a house number or range) that is either introduced as
/// where someone lives (`near` cues: "lives at", "kotiosoite", "bor på") or carries a flat
/// number, which only homes have, with or without a postcode after it: a staircase letter and
/// flat (`Kuusitie 12 B 7`, `Mannerheimintie 5 A 12, 00100 Helsinki`, `Kotikatu 3 b 45`,
/// `Hämeentie 12-14 C 56`), a flat marked `as.` (`Kotikatu 3 as. 4`) or a Swedish `lgh` number
/// (`Storgatan 5 lgh 1201`).
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
    pub fn build(terms: &AllLiterals, near: &Terms, unless: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if terms.all.is_empty() || near.is_empty() {
            return Err("the home-address check needs street-name endings in `terms.all` and cues in `near`".into());
        }
        // Nordic street names end in the street word (Kuusitie, Storgatan); the house number (or
        // range) follows, then maybe a staircase letter and a flat number. A lower-case staircase
        // letter counts only with a flat number after it, so `Storgatan 14 i Borgå` keeps its `i`
        // out of the address.
        let endings: Vec<String> = terms.all.iter().map(|t| regex::escape(t.as_str())).collect();
        // A street word can be the whole name, capitalised (`Bulevardi`, `Esplanaden`).
        let whole_names: Vec<String> = terms.all.iter().map(|t| regex::escape(&capitalised(t))).collect();
        // No leading `\b`: a Unicode word boundary would push the regex engine off its fast path
        // on Finnish text, so `check` looks at the character before the name instead.
        let pattern = format!(
            r"(?x)
            ([A-ZÀ-ÖØ-Þ][\w-]*(?:{})|{})\s+[0-9]{{1,3}}(?:-[0-9]{{1,3}})?
            (?:
                \s?[A-Z](?:\s?(?:as\.?\s?)?(?<flat>[0-9]{{1,3}}))?
              | \s?[a-z]\s?(?:as\.?\s?)?(?<lower_flat>[0-9]{{1,3}})
              | \s(?:as\.?|lgh\.?)\s?(?<marked_flat>[0-9]{{1,4}})
            )?
            (?-u:\b)",
            endings.join("|"),
            whole_names.join("|")
        );
        let address = compile(&pattern).map_err(|e| format!("street endings do not form a pattern: {e}"))?;
        let cues = lexicon.list(near.iter())?;
        let campus_streets = unless.all.clone();
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
            let has_flat = ["flat", "lower_flat", "marked_flat"].iter().any(|name| caps.name(name).is_some());
            let cued = cx.hits.of(self.cues).iter().any(|cue| cue.end <= whole.start() && whole.start() - cue.end <= CUE_WINDOW_BYTES);
            if has_flat || cued {
                out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![Fix::mask(whole.as_str(), 0)]));
            }
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Home address: [[Vellamonkatu 14 B 22]], 00550 Helsinki", To("Home address: •••••••••••• •• • ••, 00550 Helsinki")),
        ("Prof. X lives at [[Tehtaankatu 27]], go tell him", To("Prof. X lives at ••••••••••• ••, go tell him")),
        ("juhlat meillä, [[Vaahterakuja 3 A 5]]", To("juhlat meillä, •••••••••••• • • •")),
        // lower_case_letter_without_flat: a word after the number (`i`) is not a staircase.
        ("han bor på [[Storgatan 14]] i Borgå", To("han bor på ••••••••• •• i Borgå")),
        ("kotiosoite [[Kuusitie 12 B 7]]", To("kotiosoite •••••••• •• • •")),
        ("Tervetuloa tupaantuliaisiin, [[Mannerheimintie 5 A 12]], 00100 Helsinki", To("Tervetuloa tupaantuliaisiin, ••••••••••••••• • • ••, 00100 Helsinki")),
        ("Party at [[Kotikatu 3 B 45]] on Friday", To("Party at •••••••• • • •• on Friday")),
        ("juhlat [[Kotikatu 3 b 45]] lauantaina", To("juhlat •••••••• • • •• lauantaina")),
        ("ovi on [[Hämeentie 12-14 C 56]] pihan puolella", To("ovi on ••••••••• ••••• • •• pihan puolella")),
        ("kylään [[Kotikatu 3 as. 4]] klo 18", To("kylään •••••••• • ••• • klo 18")),
        ("välkomna till [[Storgatan 5 lgh 1201]] på lördag", To("välkomna till ••••••••• • ••• •••• på lördag")),
        ("pikkujoulut [[Bulevardi 5 A 12]], 00120 Helsinki", To("pikkujoulut ••••••••• • • ••, 00120 Helsinki")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "Lecture at Fabianinkatu 33, hall 5",
        "Exactum, Pietari Kalmin katu 5",
        "Biocenter 3, Viikinkaari 1",
        "Tehtaankatu 27 is a nice street for a walk",
        "the lab moved to Gustaf Hällströmin katu 2",
        "Seminar at Unioninkatu 35 A 12, 00170 Helsinki",
        "Storgatan 14 i Borgå has a nice café",
        "Kotikatu 3 ja 5 ovat purettu",
        "Bulevardi 5 on kaunis",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("home-address", FLAGGED, NEAR_MISSES);
    }
}
