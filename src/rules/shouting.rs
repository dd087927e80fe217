use super::{boxed, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// Shouting: long stretches in capital letters.
///
/// **Catches**: three or more words in a row written in capitals, with at least twelve letters
/// between them (`THIS IS ABSOLUTELY RIDICULOUS`, `KOKO LAITOS ON VITSI`).
///
/// **Why**: "Talk about the University and its community on social media in accordance with good
/// manners" (Respectful tone): capitals read as shouting, and shouting escalates.
///
/// **Instead**: write normally and let the argument carry the weight. The fix rewrites the
/// stretch in lower case with a capital first letter; check names and acronyms afterwards.
///
/// Acronyms (`EU`, `UNESCO`, `COVID-19`) and single words for emphasis are not flagged.
pub(crate) struct Shouting;

static CAPS_RUN: LazyLock<Regex> = LazyLock::new(|| {
    // Capitals of the Latin-1 range (A–Z, À–Ö, Ø–Þ) cover English, Finnish and Swedish without
    // pulling Unicode's general-category tables into the wasm.
    Regex::new(r"\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*[A-ZÀ-ÖØ-Þ]\b(?:[\s,.!?:;]+\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*[A-ZÀ-ÖØ-Þ]?\b){2,}").expect("valid pattern")
});

const MIN_LETTERS: usize = 12;

impl Shouting {
    pub fn build(_: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        boxed(Shouting)
    }
}

impl Rule for Shouting {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for m in CAPS_RUN.find_iter(cx.text.raw) {
            let written = m.as_str().trim_end_matches([' ', ',', '.', '!', '?', ':', ';', '\n']);
            // `-----BEGIN PRIVATE KEY-----` and similar markers are machine text, not shouting.
            if cx.text.raw[..m.start()].ends_with("-----") {
                continue;
            }
            let letters = written.chars().filter(|c| c.is_alphabetic()).count();
            // Runs of short acronyms ("EU UK US") are lists, not shouting.
            let long_words = written.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 4).count();
            if letters >= MIN_LETTERS && long_words >= 2 {
                let calm = sentence_case(written);
                out.push(Hit::new(Span::new(m.start(), m.start() + written.len()), vec![Fix::replace(calm, false)]));
            }
        }
    }
}

fn sentence_case(shouted: &str) -> String {
    let lower = shouted.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "Honestly, [[THIS IS ABSOLUTELY RIDICULOUS]]!",
        "[[READ THE SYLLABUS]] before you email me",
        "[[KOKO TEIDÄN LAITOKSENNE ON PELKKÄ VITSI]].",
        "[[DET HÄR UNIVERSITETET ÄR ETT SKÄMT]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "Funded by the EU and UNESCO, with NASA and ESA.",
        "COVID-19 and WHO guidance",
        "This is REALLY important.",
        "EU UK US NO",
        "HY, UH, LUT",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("shouting", FLAGGED, NEAR_MISSES);
    }
}
