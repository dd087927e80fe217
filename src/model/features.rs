//! What the learned layer sees of a draft: its sentences, and for each sentence a bag of hashed
//! features, each remembering which word produced it so that a finding can say why it fired.
//!
//! Training and checking call the same functions, so the model always sees a sentence the way it
//! was trained to.

use crate::finding::Span;
use crate::people::PeopleHits;
use crate::text::Text;

/// A word of the draft, lowered, with where it stands in the raw text.
pub(crate) struct Token {
    pub span: Span,
    pub lower: String,
}

/// One feature of a sentence: its bucket in the model's hash space and the token that produced
/// it (`None` for features of the sentence as a whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Feature {
    pub bucket: u32,
    pub token: Option<u16>,
    /// How many words from `token` on produced it: 2 for a word pair.
    pub width: u8,
}

/// The size of the hash space; the weights file stores only the buckets that carry weight, so a
/// large space costs nothing but keeps collisions rare.
pub(crate) const HASH_BITS: u32 = 22;

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
pub(crate) fn tokens(raw: &str, span: Span) -> Vec<Token> {
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

fn token(raw: &str, start: usize, end: usize) -> Token {
    let lower = raw[start..end].to_lowercase();
    let lower = if lower.contains('’') { lower.replace('’', "'") } else { lower };
    Token { span: Span::new(start, end), lower }
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF)
}

/// What the learned layer knows about the whole post around a sentence.
struct PostCues {
    /// The post links to a source (a URL or a DOI): a claim about research may be backed.
    has_source: bool,
}

impl PostCues {
    fn of(text: &Text) -> PostCues {
        PostCues { has_source: !text.links().is_empty() || text.folded.contains("doi:") || text.folded.contains("10.") && text.folded.contains('/') }
    }
}

/// A sentence of the draft with its words and features.
pub(crate) struct Featurised<'t> {
    pub span: Span,
    pub words: &'t [Token],
    pub features: Vec<Feature>,
}

/// Every sentence of `text` as the model sees it; training and checking both read drafts through
/// this one function, so the model always sees a sentence the way it was trained to.
pub(crate) fn featurise<'t>(text: &'t Text) -> Vec<Featurised<'t>> {
    let post = PostCues::of(text);
    let mut out: Vec<Featurised> = Vec::new();
    for &span in text.sentences() {
        let words = text.words_in(span);
        let mut found = Vec::new();
        features(text.raw, span, words, out.last().map_or(&[][..], |s| s.words), &post, text.people(), &mut found);
        out.push(Featurised { span, words, features: found });
    }
    out
}

/// The bucket of the feature every sentence has, whose weight is each class's bias.
pub(crate) fn bias_bucket() -> u32 {
    bucket(&["c", "bias"])
}

/// Every feature of one sentence. `people` holds the person references, sensitive attributes and
/// first-person words of the whole draft; only those inside the sentence count.
fn features(raw: &str, sentence: Span, words: &[Token], previous: &[Token], post: &PostCues, people: &PeopleHits, out: &mut Vec<Feature>) {
    out.clear();
    let index_of = |span: Span| words.iter().position(|w| w.span.overlaps(span)).map(|i| i as u16);
    let mut add = |parts: &[&str], token: Option<u16>, width: u8| out.push(Feature { bucket: bucket(parts), token, width });
    for (i, word) in words.iter().enumerate() {
        let at = Some(i as u16);
        let w = word.lower.as_str();
        add(&["w", w], at, 1);
        // Finnish and Swedish inflect: the first letters of a long word stand for its stem.
        let mut boundaries = w.char_indices().map(|(at, _)| at);
        let (fifth, seventh) = (boundaries.nth(5), boundaries.nth(1));
        let long = |nth: usize| w.char_indices().nth(nth).is_some();
        if let Some(end) = fifth.filter(|_| long(6)) {
            add(&["p5", &w[..end]], at, 1);
        }
        if let Some(end) = seventh.filter(|_| long(8)) {
            add(&["p7", &w[..end]], at, 1);
        }
        if let Some(next) = words.get(i + 1) {
            add(&["b", w, &next.lower], at, 2);
        }
    }
    let inside = |span: &Span| sentence.contains(*span);
    let persons: Vec<Span> = people.persons.iter().copied().filter(inside).collect();
    let selfs: Vec<Span> = people.selfs.iter().copied().filter(inside).collect();
    let sensitive: Vec<(Span, &str)> = people.sensitive.iter().filter(|(span, _)| inside(span)).map(|(span, kind)| (*span, kind.as_str())).collect();
    for span in &persons {
        add(&["c", "person"], index_of(*span), 1);
    }
    for (span, kind) in &sensitive {
        let at = index_of(*span);
        add(&["c", "sensitive", kind], at, 1);
        if !persons.is_empty() {
            add(&["c", "person+sensitive", kind], at, 1);
        }
        if !selfs.is_empty() && persons.is_empty() {
            add(&["c", "self+sensitive"], at, 1);
        }
    }
    let addressed = people.addressed.iter().any(inside);
    if addressed {
        for span in people.addressed.iter().filter(|s| inside(s)) {
            add(&["c", "you"], index_of(*span), 1);
        }
    }
    // A tone word weighs differently when it is aimed at the reader or at someone named.
    for (span, kind) in people.tone.iter().filter(|(span, _)| inside(span)) {
        let at = index_of(*span);
        add(&["c", "tone", kind], at, 1);
        if addressed {
            add(&["c", "tone+you", kind], at, 1);
        }
        if !persons.is_empty() {
            add(&["c", "tone+person", kind], at, 1);
        }
    }
    if post.has_source {
        add(&["c", "source"], None, 1);
    }
    let shouted = words.iter().filter(|w| w.lower.chars().count() >= 3 && raw[w.span.start..w.span.end].chars().all(|c| !c.is_lowercase())).count();
    if shouted >= 3 {
        add(&["c", "caps"], None, 1);
    }
    let piece = &raw[sentence.start..sentence.end];
    if piece.contains('@') {
        add(&["c", "mention"], None, 1);
    }
    if piece.contains(['"', '“', '”', '»', '«']) {
        add(&["c", "quoted"], None, 1);
    }
    // The sentence before sets the scene ("Dear colleagues," before the notice itself).
    for word in previous {
        add(&["x", &word.lower], None, 1);
    }
    out.push(Feature { bucket: bias_bucket(), token: None, width: 1 });
    out.sort_by_key(|f| (f.bucket, f.token));
    out.dedup_by_key(|f| f.bucket);
}

/// FNV-1a over the parts, separated so that `["ab", "c"]` and `["a", "bc"]` differ.
fn bucket(parts: &[&str]) -> u32 {
    let hash = fnv1a(parts.iter().flat_map(|part| part.bytes().chain([0x1f])));
    ((hash >> 20) ^ hash) as u32 & ((1 << HASH_BITS) - 1)
}

/// The 64-bit FNV-1a hash of `bytes`: fast, and the same on every machine.
pub(crate) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
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
        let words: Vec<String> = tokens(raw, Span::new(0, raw.len())).into_iter().map(|t| t.lower).collect();
        assert_eq!(words, ["don't", "tag", "anna-liisa", "🤡", "ok"]);
    }

    #[test]
    fn buckets_separate_parts() {
        assert_ne!(bucket(&["ab", "c"]), bucket(&["a", "bc"]));
        assert!(bucket(&["w", "hello"]) < 1 << HASH_BITS);
    }
}
