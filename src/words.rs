//! Words and sentences: how the draft is cut into the units the rules, the people finder and the
//! learned layer count in. A leaf: it imports nothing of the crate but `Span`, so everything that
//! reads words can import it without importing each other.

use crate::finding::Span;
use std::borrow::Cow;

/// A word of the draft, lowered, with where it stands in the raw text. Most words of a post are
/// written in lower case already, and borrow it.
pub(crate) struct Token<'a> {
    pub span: Span,
    pub lower: Cow<'a, str>,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &["dr", "prof", "mr", "mrs", "ms", "e.g", "i.e", "etc", "esim", "ks", "mm", "yms", "tms", "ns", "bl.a", "t.ex", "s.k", "jfr", "vs", "no", "nr", "p", "pp", "fig", "eg", "ie", "n", "ca", "approx", "et al"];

/// The sentences of `raw`: split after `.`, `!`, `?` or `…` followed by space, and at line breaks.
/// Spans are trimmed of surrounding whitespace; empty sentences are dropped.
pub(crate) fn sentences(raw: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        let piece = &raw[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let span = Span::new(from + lead, from + lead + trimmed.len());
        if trimmed.chars().any(char::is_alphanumeric) {
            out.push(span);
        } else if let Some(last) = out.last_mut().filter(|last| !trimmed.is_empty() && !raw[last.end..span.start].contains('\n')) {
            // Emoji or punctuation after a sentence's end belong to it ("finally!! 🎉").
            last.end = span.end;
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(start, i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') || (b == 0xe2 && raw[i..].starts_with('…')) {
            let width = if b < 0x80 { 1 } else { '…'.len_utf8() };
            let mut end = i + width;
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b')' | b'\'') {
                end += 1;
            }
            let followed_by_space = end >= bytes.len() || bytes[end].is_ascii_whitespace();
            if followed_by_space && !(b == b'.' && ends_with_abbreviation(&raw[start..i])) {
                push(start, end, &mut out);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(start, raw.len(), &mut out);
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("").to_lowercase();
    ABBREVIATIONS.contains(&last.as_str()) || (last.chars().count() == 1 && last.chars().all(char::is_alphabetic))
}

/// The words of `span` in `raw`, and emoji as words of their own (they carry tone).
pub(crate) fn tokens(raw: &str, span: Span) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let piece = &raw[span.start..span.end];
    let mut word_start: Option<usize> = None;
    let mut iter = piece.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        let inner_joiner = (c == '\'' || c == '’' || c == '-') && word_start.is_some() && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_joiner {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(from) = word_start.take() {
            out.push(token(raw, span.start + from, span.start + at));
        }
        if is_emoji(c) {
            out.push(token(raw, span.start + at, span.start + at + c.len_utf8()));
        }
    }
    if let Some(from) = word_start {
        out.push(token(raw, span.start + from, span.end));
    }
    out
}

fn token(raw: &str, start: usize, end: usize) -> Token<'_> {
    let word = &raw[start..end];
    let lower = if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(word.to_ascii_lowercase()) } else { Cow::Borrowed(word) }
    } else if word.chars().all(|c| c != '’' && lowers_to_itself(c)) {
        Cow::Borrowed(word)
    } else {
        let lower = word.to_lowercase();
        Cow::Owned(if lower.contains('’') { lower.replace('’', "'") } else { lower })
    };
    Token { span: Span::new(start, end), lower }
}

/// Whether `c` is its own lower case (then a word of such characters is, too: `str::to_lowercase`
/// treats only Σ by context, and Σ lowers to σ).
fn lowers_to_itself(c: char) -> bool {
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two! Three?", &["One.", "Two!", "Three?"]),
            ("Dr. Smith met Prof. Lee. Then lunch.", &["Dr. Smith met Prof. Lee.", "Then lunch."]),
            ("Line one\nLine two\n\n", &["Line one", "Line two"]),
            ("Version 2.5 is out… finally!! 🎉", &["Version 2.5 is out…", "finally!! 🎉"]),
            ("esim. tämä ja t.ex. detta. Loppu", &["esim. tämä ja t.ex. detta.", "Loppu"]),
            ("see https://x.org/a.b. Next", &["see https://x.org/a.b.", "Next"]),
            ("🎉🎉", &[]),
        ];
        for (raw, expected) in cases {
            let found: Vec<&str> = sentences(raw).into_iter().map(|s| &raw[s.start..s.end]).collect();
            assert_eq!(&found, expected, "{raw}");
        }
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_emoji() {
        let raw = "Don’t tag Anna-Liisa 🤡, OK?";
        let words: Vec<String> = tokens(raw, Span::new(0, raw.len())).into_iter().map(|t| t.lower.into_owned()).collect();
        assert_eq!(words, ["don't", "tag", "anna-liisa", "🤡", "ok"]);
    }
}
