//! Finds every watched word and phrase of every rule in one pass over the draft.
//!
//! A term is written in lower case, words separated by single spaces. A word ending in `*` matches
//! any ending, which is how one entry covers inflected forms (`salasana*` finds salasanani,
//! salasanasi, salasanan). An apostrophe matches both `'` and `’`. Terms match at word boundaries
//! only, so `nda` does not fire inside `agenda`. Words are separated by any run of whitespace
//! except a blank line; after a first word of fewer than four letters, by one space or one line
//! break (see `seeds_of`).
//!
//! One Aho-Corasick automaton holds the first word of every term; the rest of a term is checked
//! only where its first word was found, which keeps a check linear in the length of the draft.

use crate::finding::Span;
use crate::vocab::Lang;
use crate::text::{is_word_char, Text};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// Which list a term belongs to; rules keep the ids of their lists and read their hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ListId(usize);

struct Term {
    list: ListId,
    lang: Option<Lang>,
    /// Boxed, not vectors: a checker holds some 4,000 terms of one or two words, and a vector
    /// collected from a split keeps room for four.
    words: Box<[Word]>,
}

struct Word {
    literal: Box<str>,
    open_ending: bool,
}

/// What one checker may hold, so that a pack or a policy written to hurt (a hundred thousand
/// terms, one word shared by all of them, a term of a thousand wildcards) is an error when it is
/// loaded instead of a checker that takes seconds and gigabytes on every keystroke. The built-in
/// pack has 1,871 terms, at most 7 words and 33 characters long, at most 10 of them sharing a seed.
const MAX_TERMS: usize = 20_000;
const MAX_TERM_WORDS: usize = 8;
const MAX_TERM_CHARS: usize = 100;
/// Every term that shares a seed is matched again wherever the seed is found: with these limits a
/// megabyte of the worst text (`aa aa aa …` against sixteen terms of eight `aa*`) is checked in
/// about as long as a megabyte of prose.
const MAX_TERMS_PER_SEED: usize = 16;

#[derive(Default)]
pub(crate) struct LexiconBuilder {
    terms: Vec<Term>,
    lists: usize,
    terms_per_seed: HashMap<String, usize>,
}

impl LexiconBuilder {
    pub fn new_list(&mut self) -> ListId {
        self.lists += 1;
        ListId(self.lists - 1)
    }

    /// Adds `term` to `list`; `lang` is `None` for terms that are the same in every language.
    pub fn add(&mut self, list: ListId, lang: Option<Lang>, term: &str) -> Result<(), String> {
        if self.terms.len() == MAX_TERMS {
            return Err(format!("more than {MAX_TERMS} terms in all; a checker holds at most {MAX_TERMS}"));
        }
        let term = Term { list, lang, words: parse_term(term)? };
        for seed in seeds_of(&term) {
            let sharing = self.terms_per_seed.entry(seed).or_default();
            *sharing += 1;
            if *sharing > MAX_TERMS_PER_SEED {
                return Err(format!("more than {MAX_TERMS_PER_SEED} terms begin like `{}`; at most {MAX_TERMS_PER_SEED} may", term.words[0].literal));
            }
        }
        self.terms.push(term);
        Ok(())
    }

    /// A new list holding `terms`, each with its language (`None`: the same in every language).
    pub fn list<'a>(&mut self, terms: impl IntoIterator<Item = (Option<Lang>, &'a str)>) -> Result<ListId, String> {
        let list = self.new_list();
        for (lang, term) in terms {
            self.add(list, lang, term)?;
        }
        Ok(list)
    }

    pub fn build(self) -> Lexicon {
        // The automaton finds where a term may start (its seed); `match_rest` then checks the
        // whole term from there. A term with an apostrophe gets a seed for each spelling.
        let mut seeds = Vec::new();
        let mut seed_terms = Vec::new();
        for (index, term) in self.terms.iter().enumerate() {
            for seed in seeds_of(term) {
                if seed.contains('\'') {
                    seeds.push(seed.replace('\'', "’"));
                    seed_terms.push(index);
                }
                seeds.push(seed);
                seed_terms.push(index);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&seeds)
            .expect("term literals are short and few enough for an automaton");
        Lexicon { automaton, seed_terms, terms: self.terms, lists: self.lists }
    }
}

/// Below this many letters a first word ("is", "the", "on", "en") is too common to seed a term
/// alone: a long post has thousands of them, each checked in vain.
const SHORT_WORD: usize = 4;

/// The literal starts of a term: its first word, or, when that word is short, the first two words
/// joined by a space or a line break (the separators such a phrase is written with).
fn seeds_of(term: &Term) -> Vec<String> {
    let first = &term.words[0];
    match term.words.get(1) {
        Some(second) if first.literal.chars().count() < SHORT_WORD && !first.open_ending && first.literal.chars().all(char::is_alphanumeric) => {
            vec![format!("{} {}", first.literal, second.literal), format!("{}\n{}", first.literal, second.literal)]
        }
        _ => vec![first.literal.to_string()],
    }
}

fn parse_term(term: &str) -> Result<Box<[Word]>, String> {
    if term.trim() != term || term.contains("  ") || term.is_empty() {
        return Err(format!("term `{term}` has leading, trailing or double spaces"));
    }
    if term.chars().count() > MAX_TERM_CHARS {
        return Err(format!("term `{}…` is longer than {MAX_TERM_CHARS} characters", term.chars().take(40).collect::<String>()));
    }
    if term.split(' ').count() > MAX_TERM_WORDS {
        return Err(format!("term `{}…` has more than {MAX_TERM_WORDS} words", term.chars().take(40).collect::<String>()));
    }
    if term.chars().any(|c| c.is_uppercase()) {
        return Err(format!("term `{term}` must be written in lower case"));
    }
    term.split(' ')
        .enumerate()
        .map(|(index, word)| {
            let (literal, open_ending) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            if literal.contains('*') {
                return Err(format!("term `{term}`: `*` may only end a word"));
            }
            if literal.is_empty() || literal.starts_with(['\'', '’']) {
                return Err(format!("term `{term}`: a word is empty or starts with an apostrophe"));
            }
            let one_letter = literal.chars().count() < 2 && literal.chars().all(char::is_alphanumeric);
            if index == 0 && one_letter && (open_ending || !term.contains(' ')) {
                return Err(format!("term `{term}`: a one-letter word needs another word after it"));
            }
            Ok(Word { literal: literal.replace('’', "'").into_boxed_str(), open_ending })
        })
        .collect()
}

pub(crate) struct Lexicon {
    automaton: AhoCorasick,
    /// The term each automaton pattern seeds.
    seed_terms: Vec<usize>,
    terms: Vec<Term>,
    lists: usize,
}

/// Where each list's terms were found in one draft.
pub(crate) struct Hits {
    by_list: Vec<Vec<Span>>,
}

impl Hits {
    pub fn of(&self, list: ListId) -> &[Span] {
        &self.by_list[list.0]
    }
}

impl Lexicon {
    /// Finds the terms of the languages in `langs` (and language-neutral terms) in `text`.
    pub fn scan(&self, text: &Text, langs: &[Lang]) -> Hits {
        let mut by_list = vec![Vec::new(); self.lists];
        let folded = text.folded.as_str();
        for m in self.automaton.find_overlapping_iter(folded) {
            let term = &self.terms[self.seed_terms[m.pattern().as_usize()]];
            if term.lang.is_some_and(|l| !langs.contains(&l)) {
                continue;
            }
            if folded[..m.start()].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if let Some(end) = match_rest(folded, m.start(), &term.words) {
                by_list[term.list.0].push(Span::new(m.start(), end));
            }
        }
        for spans in &mut by_list {
            spans.sort();
            spans.dedup();
        }
        Hits { by_list }
    }
}

/// Matches `words` at `start` and returns where the match ends.
fn match_rest(folded: &str, start: usize, words: &[Word]) -> Option<usize> {
    let mut at = start;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let gap = folded[at..].find(|c: char| !c.is_whitespace()).unwrap_or(folded.len() - at);
            if gap == 0 || folded[at..at + gap].contains("\n\n") {
                return None;
            }
            at += gap;
        }
        at = match_literal(folded, at, &word.literal)?;
        if word.open_ending {
            at += folded[at..].find(|c: char| !is_word_char(c)).unwrap_or(folded.len() - at);
        } else if folded[at..].chars().next().is_some_and(is_word_char) {
            return None;
        }
    }
    Some(at)
}

fn match_literal(folded: &str, mut at: usize, literal: &str) -> Option<usize> {
    for expected in literal.chars() {
        let found = folded[at..].chars().next()?;
        let same = found == expected || (expected == '\'' && matches!(found, '’' | '′' | 'ʼ'));
        if !same {
            return None;
        }
        at += found.len_utf8();
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(terms: &[&str], input: &str) -> Vec<String> {
        let mut builder = LexiconBuilder::default();
        let list = builder.new_list();
        for term in terms {
            builder.add(list, Some(Lang::En), term).unwrap();
        }
        let lexicon = builder.build();
        let text = Text::new(input);
        lexicon.scan(&text, &[Lang::En]).of(list).iter().map(|s| text.slice(*s).to_string()).collect()
    }

    #[test]
    fn matches_terms_at_word_boundaries() {
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["nda"], "Signed the NDA today", &["NDA"]),
            (&["nda"], "See the agenda", &[]),
            (&["salasana*"], "Salasanani on kissa", &["Salasanani"]),
            (&["salasana*"], "vaihda salasana", &["salasana"]),
            (&["don't share"], "Please don’t share yet", &["don’t share"]),
            (&["i was wrong"], "Sorry, I was wrong. I wasn't", &["I was wrong"]),
            (&["i've scanned"], "I’ve scanned it", &["I’ve scanned"]),
            (&["📸"], "students 📸!", &["📸"]),
            (&["studies show"], "Studies\nshow that", &["Studies\nshow"]),
            (&["studies show"], "studies\n\nshow", &[]),
            (&["internal only"], "internal onlyfans", &[]),
            (&["under embargo", "embargo*"], "Results under embargo", &["under embargo", "embargo"]),
        ];
        for (terms, input, expected) in cases {
            assert_eq!(&scan(terms, input), expected, "{terms:?} in {input:?}");
        }
    }

    #[test]
    fn rejects_malformed_terms() {
        let long = "x".repeat(101);
        let wordy = ["aa*"; 9].join(" ");
        for bad in ["Capital", "two  spaces", " lead", "mid*dle", "a*", "a", "a* b", "", "'tis", &long, &wordy] {
            assert!(parse_term(bad).is_err(), "{bad}");
        }
        let longest = "x".repeat(100);
        let wordiest = ["aa*"; 8].join(" ");
        for fine in [longest.as_str(), &wordiest] {
            assert!(parse_term(fine).is_ok(), "{fine}");
        }
    }

    fn add_all(terms: impl Iterator<Item = String>) -> Result<(), String> {
        let mut builder = LexiconBuilder::default();
        let list = builder.new_list();
        terms.into_iter().try_for_each(|term| builder.add(list, None, &term))
    }

    #[test]
    fn limits_the_number_of_terms() {
        assert!(add_all((0..MAX_TERMS).map(|i| format!("code{i}"))).is_ok());
        let error = add_all((0..=MAX_TERMS).map(|i| format!("code{i}"))).unwrap_err();
        assert_eq!(error, "more than 20000 terms in all; a checker holds at most 20000");
    }

    #[test]
    fn limits_the_terms_that_share_a_seed() {
        assert!(add_all((0..MAX_TERMS_PER_SEED).map(|i| format!("project {i}"))).is_ok());
        let error = add_all((0..=MAX_TERMS_PER_SEED).map(|i| format!("project {i}"))).unwrap_err();
        assert_eq!(error, "more than 16 terms begin like `project`; at most 16 may");
        // Short first words seed with the word after them: these share no seed.
        assert!(add_all((0..=MAX_TERMS_PER_SEED).map(|i| format!("on leave{i}"))).is_ok());
    }
}
