//! Which language a post is written in: a small detector over common function words.

use crate::vocab::Lang;
use crate::fnv::BuildFnv;
use std::collections::HashMap;
use std::sync::LazyLock;

impl Lang {
    /// Guesses the language of a post from its most common function words; `None` when the post
    /// gives too little to go on (short, mixed, or only emoji and links).
    pub fn detect(text: &str) -> Option<Lang> {
        let (words, longest) = &*FUNCTION_WORDS;
        let mut scores = [0usize; 3];
        // Lowering never makes a word shorter, so a word longer than every function word is
        // skipped before it is lowered, and lowering reuses one buffer: this runs on every check.
        let mut lower = String::new();
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if word.chars().nth(*longest).is_some() {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(&list) = words.get(lower.as_str()) {
                scores[list] += 1;
            }
        }
        let mut ranked = [(scores[0], Lang::En), (scores[1], Lang::Fi), (scores[2], Lang::Sv)];
        ranked.sort_by(|a, b| b.0.cmp(&a.0));
        let (best, lang) = ranked[0];
        (best >= 2 && best > ranked[1].0).then_some(lang)
    }
}

/// The most common function words of each language, by index into `Lang::ALL`, and the length
/// in characters of the longest one. No word is in two lists.
static FUNCTION_WORDS: LazyLock<(HashMap<&'static str, usize, BuildFnv>, usize)> = LazyLock::new(|| {
    const EN: &[&str] = &["the", "and", "is", "of", "to", "in", "that", "for", "with", "this", "we", "our", "are", "it", "be", "at", "was", "not", "you", "my"];
    const FI: &[&str] = &["ja", "on", "ei", "että", "se", "oli", "ovat", "mutta", "kun", "myös", "tämä", "joka", "kanssa", "olen", "meidän", "tai", "kuin", "vielä", "nyt", "hyvä"];
    const SV: &[&str] = &["och", "är", "att", "det", "som", "en", "på", "för", "med", "av", "inte", "till", "jag", "vi", "har", "om", "den", "ett", "var", "också"];
    let mut words = HashMap::default();
    for (index, list) in [EN, FI, SV].into_iter().enumerate() {
        for &word in list {
            assert!(words.insert(word, index).is_none(), "`{word}` is in two lists");
        }
    }
    let longest = words.keys().map(|w| w.chars().count()).max().unwrap_or(0);
    (words, longest)
});

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
