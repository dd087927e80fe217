use super::{boxed, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;

/// Shouting: long stretches in capital letters.
///
/// **Catches**: three or more words in a row written in capitals (separated only by spaces and
/// punctuation), with at least twelve letters between them and two words of four letters or more (`THIS IS ABSOLUTELY RIDICULOUS`, `KOKO LAITOS ON VITSI`).
///
/// **Why**: "Talk about the University and its community on social media in accordance with good
/// manners" (Respectful tone): capitals read as shouting, and shouting escalates.
///
/// **Instead**: write normally and let the argument carry the weight. The fix rewrites the
/// stretch in lower case with a capital first letter; check names and acronyms afterwards.
///
/// Acronyms (`EU`, `UNESCO`, `COVID-19`) and single words for emphasis are not flagged.
pub(crate) struct Shouting;

const MIN_LETTERS: usize = 12;

impl Shouting {
    pub fn build(_: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        boxed(Shouting)
    }
}

impl Rule for Shouting {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let mut run: Vec<Span> = Vec::new();
        for word in words(raw) {
            let text = &raw[word.start..word.end];
            let joined = run.last().is_some_and(|last| raw[last.end..word.start].chars().all(|c| c.is_whitespace() || ",.!?:;".contains(c)));
            if !joined {
                self.report(raw, &run, out);
                run.clear();
            }
            if is_capitals(text, run.is_empty()) {
                run.push(word);
            } else {
                self.report(raw, &run, out);
                run.clear();
            }
        }
        self.report(raw, &run, out);
    }
}

impl Shouting {
    /// Reports a run of capital words when it is long enough to be shouting.
    fn report(&self, raw: &str, run: &[Span], out: &mut Vec<Hit>) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else { return };
        let span = Span::new(first.start, last.end);
        let written = &raw[span.start..span.end];
        let letters = written.chars().filter(|c| c.is_alphabetic()).count();
        // Runs of short acronyms ("EU UK US") are lists, not shouting.
        let long_words = run.iter().filter(|w| raw[w.start..w.end].chars().filter(|c| c.is_alphabetic()).count() >= 4).count();
        // `-----BEGIN PRIVATE KEY-----` and similar markers are machine text, not shouting.
        if run.len() >= 3 && letters >= MIN_LETTERS && long_words >= 2 && !raw[..span.start].ends_with("-----") {
            out.push(Hit::new(span, vec![Fix::replace(sentence_case(written), false)]));
        }
    }
}

/// The words of `raw`: letters with inner apostrophes and hyphens.
fn words(raw: &str) -> impl Iterator<Item = Span> + '_ {
    let mut chars = raw.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphabetic())?;
        let mut end = raw.len();
        while let Some(&(at, c)) = chars.peek() {
            let inner = matches!(c, '\'' | '’' | '-') && raw[at + c.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
            if c.is_alphabetic() || c.is_ascii_digit() || inner {
                chars.next();
            } else {
                end = at;
                break;
            }
        }
        Some(Span::new(start, end))
    })
}

/// All letters capitals; the first word of a run needs two letters, later ones may be "A" or "I".
fn is_capitals(word: &str, first: bool) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) && letters >= if first { 2 } else { 1 }
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
