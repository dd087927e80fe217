use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;

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
/// Acronyms (`EU`, `UNESCO`, `COVID-19`) and single words for emphasis are not flagged. Nor are
/// headline labels: one to three capital words at the start of a line that end in a colon, or one
/// or two that end in `!` (`BREAKING:`, `NEW PAPER:`, `UUSI JULKAISU:`, `HUOM!`), with the rest of
/// the line judged on its own. Names the pack lists (`terms.all`: `UNIVERSITY OF HELSINKI`,
/// `HELSINGIN YLIOPISTO`, `WHO`) are written in capitals by their owners: they neither count
/// towards a stretch nor break one, and the fix leaves them as written. A stretch does not run
/// over a blank line.
pub(crate) struct Shouting {
    names: Option<ListId>,
}

const MIN_LETTERS: usize = 12;

/// The most capital words a headline label has: `CALL FOR PAPERS:`, `SAVE THE DATE:`.
const LABEL_WORDS: usize = 3;
/// The most capital words a label ending in `!` has: `HUOM!`, `NEW PAPER!` (`THIS IS OUTRAGEOUS!`
/// is shouting).
const EXCLAIMED_LABEL_WORDS: usize = 2;

impl Shouting {
    pub fn build(terms: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let names = if terms.is_empty() { None } else { Some(lexicon.list(terms.iter())?) };
        Ok(Box::new(Shouting { names }))
    }
}

impl Rule for Shouting {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let names: &[Span] = self.names.map_or(&[], |list| cx.hits.of(list));
        // Names and words both come in order, so one cursor walks the names once.
        let mut next_name = 0;
        let mut in_name = |word: Span| {
            while names.get(next_name).is_some_and(|name| name.end <= word.start) {
                next_name += 1;
            }
            names[next_name.min(names.len())..].iter().take_while(|name| name.start <= word.start).any(|name| word.end <= name.end)
        };
        let mut run: Vec<Span> = Vec::new();
        // Where the last word that keeps a stretch open ends: a capital word, or a name's word.
        let mut open_until: Option<usize> = None;
        for word in words(raw) {
            let text = &raw[word.start..word.end];
            let joined = open_until.is_some_and(|end| {
                let between = &raw[end..word.start];
                !between.contains("\n\n") && between.chars().all(|c| c.is_whitespace() || ",.!?:;".contains(c))
            });
            if !joined {
                self.report(raw, &run, names, out);
                run.clear();
            }
            let letters = capital_letters(text);
            if letters.is_some() && in_name(word) {
                open_until = Some(word.end);
            } else if letters.is_some_and(|letters| letters >= if run.is_empty() { 2 } else { 1 }) {
                run.push(word);
                open_until = Some(word.end);
            } else {
                self.report(raw, &run, names, out);
                run.clear();
                open_until = None;
            }
        }
        self.report(raw, &run, names, out);
    }
}

impl Shouting {
    /// Reports a run of capital words when it is long enough to be shouting, after taking off a
    /// headline label it starts with.
    fn report(&self, raw: &str, run: &[Span], names: &[Span], out: &mut Vec<Hit>) {
        let run = &run[label_len(raw, run)..];
        let (Some(first), Some(last)) = (run.first(), run.last()) else { return };
        let span = Span::new(first.start, last.end);
        let letters: usize = run.iter().map(|w| letters_in(&raw[w.start..w.end])).sum();
        // Runs of short acronyms ("EU UK US") are lists, not shouting.
        let long_words = run.iter().filter(|w| letters_in(&raw[w.start..w.end]) >= 4).count();
        // `-----BEGIN PRIVATE KEY-----` and similar markers are machine text, not shouting.
        if run.len() >= 3 && letters >= MIN_LETTERS && long_words >= 2 && !raw[..span.start].ends_with("-----") {
            out.push(Hit::new(span, vec![Fix::replace(sentence_case(raw, span, names), false)]));
        }
    }
}

fn letters_in(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

/// How many words at the start of `run` are a headline label: the run starts a line (nothing but
/// symbols and emoji before it on its line) and a colon, or `!` after at most two words, follows
/// one of its first words.
fn label_len(raw: &str, run: &[Span]) -> usize {
    let Some(first) = run.first() else { return 0 };
    let line_start = raw[..first.start].rfind('\n').map_or(0, |at| at + 1);
    if raw[line_start..first.start].chars().any(char::is_alphanumeric) {
        return 0;
    }
    for (index, word) in run.iter().enumerate().take(LABEL_WORDS) {
        let next = run.get(index + 1).map_or(raw.len(), |w| w.start);
        let after = raw[word.end..next].trim_start();
        if after.starts_with(':') || (after.starts_with('!') && index < EXCLAIMED_LABEL_WORDS) {
            return index + 1;
        }
    }
    0
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

/// How many letters `word` has when all of them are capitals (the first word of a run needs two,
/// later ones may be "A" or "I"); `None` at its first other letter, which in most words is the
/// first or second character.
fn capital_letters(word: &str) -> Option<usize> {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return None;
        }
        letters += 1;
    }
    Some(letters)
}

/// The stretch in lower case with a capital first letter, the listed names as written.
fn sentence_case(raw: &str, span: Span, names: &[Span]) -> String {
    let mut lower = String::with_capacity(span.end - span.start);
    let mut at = span.start;
    for name in names.iter().filter(|n| span.start <= n.start && n.end <= span.end) {
        if name.start < at {
            continue;
        }
        lower.push_str(&raw[at..name.start].to_lowercase());
        lower.push_str(&raw[name.start..name.end]);
        at = name.end;
    }
    lower.push_str(&raw[at..span.end].to_lowercase());
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Honestly, [[THIS IS ABSOLUTELY RIDICULOUS]]!", Suggests("Honestly, This is absolutely ridiculous!")),
        ("[[READ THE SYLLABUS]] before you email me", Suggests("Read the syllabus before you email me")),
        ("[[KOKO TEIDÄN LAITOKSENNE ON PELKKÄ VITSI]].", Suggests("Koko teidän laitoksenne on pelkkä vitsi.")),
        ("[[DET HÄR UNIVERSITETET ÄR ETT SKÄMT]]", Suggests("Det här universitetet är ett skämt")),
        // Headline labels come off; what follows them is judged on its own.
        ("BREAKING: [[THIS IS ABSOLUTELY RIDICULOUS]]", Suggests("BREAKING: This is absolutely ridiculous")),
        ("HUOM! [[KAIKKI OVAT TERVETULLEITA JUHLIIN]]", Suggests("HUOM! Kaikki ovat tervetulleita juhliin")),
        ("[[THIS IS OUTRAGEOUS]]! Read the thread.", Suggests("This is outrageous! Read the thread.")),
        ("Honestly, [[THIS IS RIDICULOUS]]: nobody asked us.", Suggests("Honestly, This is ridiculous: nobody asked us.")),
        ("[[THE HELSINGIN YLIOPISTO BOARD IS ABSOLUTELY USELESS]]", Suggests("The HELSINGIN YLIOPISTO board is absolutely useless")),
        ("HELSINGIN YLIOPISTO [[ON TÄYSIN TOIVOTON PAIKKA]]", Suggests("HELSINGIN YLIOPISTO On täysin toivoton paikka")),
        ("WHO [[CARES ABOUT THIS NONSENSE]]", Suggests("WHO Cares about this nonsense")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "Funded by the EU and UNESCO, with NASA and ESA.",
        "COVID-19 and WHO guidance",
        "This is REALLY important.",
        "EU UK US NO",
        "HY, UH, LUT",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        // headline_labels: a line's opening label is not shouting.
        "BREAKING: Finland's peatlands store more carbon than thought",
        "NEW PAPER: Our study on peatlands is out",
        "UUSI JULKAISU: tutkimuksemme turpeesta julkaistiin",
        "HUOM! Seminaari siirtyy torstaille.",
        "🚨 CALL FOR PAPERS: deadline 1 March",
        "UUSI JULKAISU: HELSINGIN YLIOPISTO ja Luke",
        // institution_names_in_capitals: the pack's names, as their owners write them.
        "Proud to be at the UNIVERSITY OF HELSINKI today",
        "HELSINGIN YLIOPISTO juhlii tänään",
        "HELSINGFORS UNIVERSITET firar idag",
        "Report by the WHO and UNESCO on HELSINGIN YLIOPISTON work",
        // blank_line_ends_a_stretch: a heading and a next paragraph are not one stretch.
        "NEW LAB OPEN\n\nTODAY ONLY guided tours",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("shouting", FLAGGED, NEAR_MISSES);
    }

    /// The fix lowers the stretch but leaves a listed name as its owner writes it.
    #[test]
    fn fix_keeps_names() {
        use crate::{Checker, Options};
        let text = "THE HELSINGIN YLIOPISTO BOARD IS ABSOLUTELY USELESS";
        let finding = Checker::new(&Options::default()).unwrap().check(text).into_iter().find(|f| f.rule == "shouting").unwrap();
        assert_eq!(finding.fixes[0].apply(text, finding.span), "The HELSINGIN YLIOPISTO board is absolutely useless");
    }
}
