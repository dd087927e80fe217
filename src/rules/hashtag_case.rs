use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::pack::Literals;
use regex::Regex;
use std::sync::LazyLock;

/// Hashtags that join several words in lower case, which screen readers cannot split into words.
///
/// **Catches**: an all-lower-case hashtag that the pack knows in CamelCase (`#wearehelsinkiuni` →
/// `#WeAreHelsinkiUni`), and one that splits into two or more known words of one language
/// (`#openscience` → `#OpenScience`, `#tekoälytutkimus` → `#TekoälyTutkimus`). The words are data:
/// the lists in `guidelines/words/` (en, fi, sv; the most frequent words, and the frequent words
/// that are one word although they split), the pack's own vocabulary (this rule's `terms.en/fi/sv`),
/// and the words of the pack's CamelCase hashtags.
///
/// **Why**: the guidelines ask us to promote accessibility and equality; screen readers read
/// `#WeAreHelsinkiUni` as words and `#wearehelsinkiuni` as one long mumble. Using the
/// University's hashtags in their usual form also helps the University find your post.
///
/// **Instead**: capitalise each word. The fix writes the pack's form, or the words found; when
/// the words could be split two ways, it is not offered in one click.
///
/// One-word hashtags (`#multilingualism`, `#cybersecurity`, `#tekoäly`, `#forskning`) have nothing to
/// capitalise and are not flagged, nor are hashtags that already use capitals, nor those that do
/// not split into known words: the check stays quiet when it cannot tell.
pub(crate) struct HashtagCase {
    /// The pack's hashtags in lower case and in their CamelCase form.
    known: Vec<(String, String)>,
    /// The pack's own words, sorted: its `terms.en/fi/sv` and the words of its known hashtags.
    vocabulary: Vec<String>,
}

static HASHTAG: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?:^|[^\w&])#\w+"));

/// The longest word looked for inside a hashtag, in characters (guidelines/words/make.py keeps
/// no longer words), so that splitting a hashtag costs at most this many look-ups per letter.
const MAX_WORD: usize = 24;

/// A hashtag longer than this (in bytes) is not split: hardly anyone writes one, and a paste of
/// thousands of long hashtags must not cost a keystroke its time budget.
const MAX_HASHTAG: usize = 80;

/// The built-in word lists, one per language: a word per line, sorted (make.py writes them so, and
/// `the_word_lists_are_sorted_lower_case_words` checks it), after `#` comment lines.
static WORDS: LazyLock<[Vec<&'static str>; 3]> = LazyLock::new(|| {
    [include_str!("../../guidelines/words/en.txt"), include_str!("../../guidelines/words/fi.txt"), include_str!("../../guidelines/words/sv.txt")]
        .map(|file| file.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect())
});

impl HashtagCase {
    pub fn build(terms: &Literals) -> Result<Box<dyn Rule>, String> {
        let mut vocabulary = Vec::new();
        for (lang, word) in terms.iter() {
            match lang {
                // `all` holds the known hashtags; their words join the vocabulary.
                None => vocabulary.extend(camel_words(word)),
                Some(_) if is_one_lower_case_word(word) => vocabulary.push(word.to_string()),
                Some(_) => return Err(format!("term `{word}` must be one word in lower-case letters (the words hashtags are made of)")),
            }
        }
        vocabulary.sort_unstable();
        vocabulary.dedup();
        Ok(Box::new(HashtagCase { known: terms.all.iter().map(|tag| (tag.to_lowercase(), tag.to_string())).collect(), vocabulary }))
    }

    fn is_word(&self, list: &[&str], word: &str) -> bool {
        list.binary_search(&word).is_ok() || self.vocabulary.binary_search_by(|w| w.as_str().cmp(word)).is_ok()
    }

    /// The hashtag's words in CamelCase when it joins several known words, with whether that
    /// split is the only one with so few words; `None` when it is one word or cannot be told.
    fn split(&self, tag: &str) -> Option<(String, bool)> {
        if tag.len() > MAX_HASHTAG {
            return None;
        }
        let mut camel = String::with_capacity(tag.len());
        let mut several = false;
        let mut unique = true;
        // Letters are split into words; digits stand as they are (#openscience2025).
        for run in runs(tag) {
            if !run.starts_with(|c: char| c.is_alphabetic()) {
                camel.push_str(run);
                continue;
            }
            // A known word is one word (its fewest split is itself; this only saves the search).
            let words = WORDS.iter().any(|list| self.is_word(list, run)).then(|| (vec![run], true)).or_else(|| {
                // The fewest words in any one language; a tie between languages is ambiguous too.
                let mut best: Option<(Vec<&str>, bool)> = None;
                for list in WORDS.iter() {
                    let Some((words, alone)) = self.fewest_words(list, run) else { continue };
                    best = match best {
                        Some((b, b_alone)) if b.len() < words.len() => Some((b, b_alone)),
                        Some((b, b_alone)) if b.len() == words.len() => {
                            let same = b == words;
                            Some((b, b_alone && alone && same))
                        }
                        _ => Some((words, alone)),
                    };
                }
                best
            })?;
            several |= words.0.len() >= 2;
            unique &= words.1;
            for word in words.0 {
                let mut chars = word.chars();
                camel.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                camel.push_str(chars.as_str());
            }
        }
        several.then_some((camel, unique))
    }

    /// Splits `run` into the fewest words of `list` (and the vocabulary), with whether no other
    /// split has as few; `None` when it does not split.
    fn fewest_words<'r>(&self, list: &[&str], run: &'r str) -> Option<(Vec<&'r str>, bool)> {
        let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        // fewest[i]: the fewest words that make up the first i characters, where they last start,
        // and whether that number of words can be reached in more than one way.
        let mut fewest: Vec<Option<(usize, usize, bool)>> = vec![None; bounds.len()];
        fewest[0] = Some((0, 0, false));
        for end in 1..bounds.len() {
            for start in end.saturating_sub(MAX_WORD)..end {
                let Some((count, _, ambiguous)) = fewest[start] else { continue };
                if !self.is_word(list, &run[bounds[start]..bounds[end]]) {
                    continue;
                }
                fewest[end] = match fewest[end] {
                    Some((c, s, a)) if c < count + 1 => Some((c, s, a)),
                    Some((c, s, _)) if c == count + 1 => Some((c, s, true)),
                    _ => Some((count + 1, start, ambiguous)),
                };
            }
        }
        let (_, _, ambiguous) = fewest[bounds.len() - 1]?;
        let mut words = Vec::new();
        let mut end = bounds.len() - 1;
        while end > 0 {
            let (_, start, _) = fewest[end].expect("every step back was reached");
            words.push(&run[bounds[start]..bounds[end]]);
            end = start;
        }
        words.reverse();
        Some((words, !ambiguous))
    }
}

impl Rule for HashtagCase {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for span in hashtags(cx.text.raw) {
            let word = &cx.text.raw[span.start + 1..span.end];
            if word.chars().any(|c| c.is_uppercase()) || word.contains('_') || word.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            match self.known.iter().find(|(lower, _)| lower == word).map(|(_, camel)| camel) {
                // The pack's form says whether it is several words: #Tiedeviestintä is one.
                Some(camel) if camel.chars().filter(|c| c.is_uppercase()).count() >= 2 => out.push(Hit::new(span, vec![Fix::replace(format!("#{camel}"), true)])),
                Some(_) => {}
                None => {
                    if let Some((camel, unique)) = self.split(word) {
                        out.push(Hit::new(span, vec![Fix::replace(format!("#{camel}"), unique)]));
                    }
                }
            }
        }
    }
}

/// The hashtags of `raw`. Each is its match from the last `#` (the character before it, if any,
/// is one more `#` at most, and `\w` holds none): what a capture group would say, without the
/// slower engines that find groups.
fn hashtags(raw: &str) -> impl Iterator<Item = Span> + '_ {
    HASHTAG.find_iter(raw).map(|found| Span::new(found.start() + found.as_str().rfind('#').expect("a match holds a `#`"), found.end()))
}

/// The runs of letters and of other characters (digits) in a hashtag.
fn runs(tag: &str) -> impl Iterator<Item = &str> {
    let mut rest = tag;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let letters = first.is_alphabetic();
        let end = rest.char_indices().find(|&(_, c)| c.is_alphabetic() != letters).map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

/// The words of a CamelCase hashtag in lower case: a capital starts a word (`WeAreHelsinkiUni`).
fn camel_words(tag: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in tag.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        words.last_mut().expect("a word was started").extend(c.to_lowercase());
    }
    words.retain(|w| is_one_lower_case_word(w));
    words
}

fn is_one_lower_case_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    use super::WORDS;
    use crate::{Checker, Options};

    const FLAGGED: &[Flagged] = &[
        ("Proud! [[#wearehelsinkiuni]]", To("Proud! #WeAreHelsinkiUni")),
        ("[[#helsinginyliopisto]] ja [[#openscienceforall]]", To("#HelsinginYliopisto ja #OpenScienceForAll")),
        ("Read it: [[#openscience]] [[#climatechange]]", To("Read it: #OpenScience #ClimateChange")),
        ("Uusi hanke! [[#tekoälytutkimus]] [[#avointiede]]", To("Uusi hanke! #TekoälyTutkimus #AvoinTiede")),
        ("Ny studie [[#öppenvetenskap]] [[#klimatforskning]]", To("Ny studie #ÖppenVetenskap #KlimatForskning")),
        ("Speakers announced [[#openscience2025]]", To("Speakers announced #OpenScience2025")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "#WeAreHelsinkiUni #science #AI #2025",
        "C# and F# code",
        "Tom &#39;s",
        // One word, nothing to capitalise: the false alarms of the first version of this rule,
        // which flagged every lower-case hashtag of twelve letters or more.
        "#multilingualism #cybersecurity #sustainability #neuroscience #epidemiology",
        "#tekoäly #tutkimus #ilmastonmuutos #forskning #hållbarhet #vetenskap",
        // One word although it splits into others (class + room, the + rapist, work + shop).
        "#classroom #therapist #workshop #homework #deadline",
        // Not made of known words: the rule cannot tell, so it stays quiet.
        "#scicomm #phdchat #xyzzyplugh",
        // The pack writes it with one capital: one word.
        "#tiedeviestintä",
        "#open_science #open-science",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("hashtag-case", FLAGGED, NEAR_MISSES);
    }

    /// The hashtags found from each match's last `#` are the ones a capture group finds.
    #[test]
    fn hashtags_are_what_a_capture_group_finds() {
        let grouped = crate::rules::pattern(r"(?:^|[^\w&])(#\w+)");
        let corpus = std::fs::read_to_string("tests/corpus/posts.jsonl").unwrap();
        for raw in corpus.lines().chain(["##tiede #a#b &#39; x#y ## #", "#ä,#Ö;(#x) ＃full #_ #2025 a-#b\n#c"]) {
            let by_group: Vec<(usize, usize)> = grouped.captures_iter(raw).map(|c| c.get(1).unwrap()).map(|m| (m.start(), m.end())).collect();
            let by_last_hash: Vec<(usize, usize)> = super::hashtags(raw).map(|span| (span.start, span.end)).collect();
            assert_eq!(by_last_hash, by_group, "{raw}");
        }
    }

    fn fix(text: &str) -> (String, bool) {
        let finding = Checker::new(&Options::default()).unwrap().check(text).into_iter().find(|f| f.rule == "hashtag-case").unwrap();
        (finding.fixes[0].apply(text, finding.span), finding.fixes[0].safe)
    }

    #[test]
    fn fix_writes_the_known_form() {
        assert_eq!(fix("Proud! #wearehelsinkiuni"), ("Proud! #WeAreHelsinkiUni".into(), true));
    }

    #[test]
    fn fix_capitalises_each_word_found() {
        assert_eq!(fix("Read it #openscience").0, "Read it #OpenScience");
        assert_eq!(fix("#tekoälytutkimus").0, "#TekoälyTutkimus");
        assert_eq!(fix("#öppenvetenskap").0, "#ÖppenVetenskap");
        assert_eq!(fix("#openscience2025").0, "#OpenScience2025");
        assert_eq!(fix("#womeninscience").0, "#WomenInScience");
    }

    #[test]
    fn the_word_lists_are_sorted_lower_case_words() {
        for list in WORDS.iter() {
            assert!(list.len() > 2000, "a word list has only {} words", list.len());
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "a word list is not sorted (run guidelines/words/make.py)");
            for word in list {
                assert!(super::is_one_lower_case_word(word) && word.chars().count() <= super::MAX_WORD, "`{word}` is not one lower-case word");
            }
        }
    }

    #[test]
    fn the_pack_vocabulary_must_be_single_words() {
        let pack = include_str!("../../guidelines/helsinki.toml").replace("terms.fi = [\"aihetunniste\"", "terms.fi = [\"avoin tiede\"");
        let pack = crate::Pack::from_toml(&pack, "helsinki.toml").unwrap();
        let error = Checker::with_pack(pack, &Options::default()).err().expect("the pack is rejected").to_string();
        assert!(error.contains("rule `hashtag-case`: term `avoin tiede` must be one word"), "{error}");
    }

    #[test]
    fn a_huge_hashtag_is_not_split() {
        let text = format!("#{}", "open".repeat(10_000));
        let checker = Checker::new(&Options::default()).unwrap();
        assert!(checker.check(&text).iter().all(|f| f.rule != "hashtag-case"));
    }
}
