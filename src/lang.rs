//! The languages Guidepost speaks, and a small detector for which one a post is written in.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fi,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fi, Lang::Sv];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fi => "fi",
            Lang::Sv => "sv",
        }
    }

    /// Guesses the language of a post from its most common function words; `None` when the post
    /// gives too little to go on (short, mixed, or only emoji and links).
    pub fn detect(text: &str) -> Option<Lang> {
        const EN: &[&str] = &["the", "and", "is", "of", "to", "in", "that", "for", "with", "this", "we", "our", "are", "it", "be", "at", "was", "not", "you", "my"];
        const FI: &[&str] = &["ja", "on", "ei", "että", "se", "oli", "ovat", "mutta", "kun", "myös", "tämä", "joka", "kanssa", "olen", "meidän", "tai", "kuin", "vielä", "nyt", "hyvä"];
        const SV: &[&str] = &["och", "är", "att", "det", "som", "en", "på", "för", "med", "av", "inte", "till", "jag", "vi", "har", "om", "den", "ett", "var", "också"];
        let mut scores = [0usize; 3];
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let word = word.to_lowercase();
            for (score, list) in scores.iter_mut().zip([EN, FI, SV]) {
                if list.contains(&word.as_str()) {
                    *score += 1;
                }
            }
        }
        let mut ranked = [(scores[0], Lang::En), (scores[1], Lang::Fi), (scores[2], Lang::Sv)];
        ranked.sort_by(|a, b| b.0.cmp(&a.0));
        let (best, lang) = ranked[0];
        (best >= 2 && best > ranked[1].0).then_some(lang)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "en" => Ok(Lang::En),
            "fi" => Ok(Lang::Fi),
            "sv" => Ok(Lang::Sv),
            other => Err(format!("unknown language `{other}` (expected en, fi or sv)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        let cases = [
            ("We are hiring two doctoral researchers for the project, and the call is open now.", Lang::En),
            ("Haemme kahta väitöskirjatutkijaa hankkeeseen, ja haku on nyt auki.", Lang::Fi),
            ("Vi söker två doktorander till projektet och ansökan är öppen nu.", Lang::Sv),
        ];
        for (text, expected) in cases {
            assert_eq!(Lang::detect(text), Some(expected), "{text}");
        }
        for unclear in ["🎉🎉", "salasanani on Kissa123", "Kiitos! Tack! Thanks!"] {
            assert_eq!(Lang::detect(unclear), None, "{unclear}");
        }
    }
}
