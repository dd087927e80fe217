//! What the learned layer sees of a draft: its sentences, and for each sentence a bag of hashed
//! features, each remembering which word produced it so that a finding can say why it fired.
//!
//! Training and checking call the same functions, so the model always sees a sentence the way it
//! was trained to.

use crate::finding::{inside, Span};
pub(crate) use crate::fnv::fnv1a;
use crate::people::PeopleHits;
use crate::text::Text;
use crate::words::Token;

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
    pub words: &'t [Token<'t>],
    pub features: Vec<Feature>,
}

/// Every sentence of `text` as the model sees it; training and checking both read drafts through
/// this one function, so the model always sees a sentence the way it was trained to.
pub(crate) fn featurise<'t>(text: &'t Text, people: &PeopleHits) -> Vec<Featurised<'t>> {
    let post = PostCues::of(text);
    let mut out: Vec<Featurised> = Vec::new();
    for &span in text.sentences() {
        let words = text.words_in(span);
        // Each word gives up to four features, and the sentence before one each.
        let mut found = Vec::with_capacity(4 * words.len() + out.last().map_or(0, |s| s.words.len()) + 8);
        features(text.raw, span, words, out.last().map_or(&[][..], |s| s.words), &post, people, &mut found);
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
        let w = &*word.lower;
        add(&["w", w], at, 1);
        // Finnish and Swedish inflect: the first letters of a long word stand for its stem.
        if let Some(stem) = stem(w, 5) {
            add(&["p5", stem], at, 1);
        }
        if let Some(stem) = stem(w, 7) {
            add(&["p7", stem], at, 1);
        }
        if let Some(next) = words.get(i + 1) {
            add(&["b", w, &next.lower], at, 2);
        }
    }
    let spans_in = |spans: &'_ [Span]| -> Vec<Span> { inside(spans, sentence, |s| *s).copied().collect() };
    let persons = spans_in(&people.persons);
    let selfs = spans_in(&people.selfs);
    let sensitive: Vec<(Span, &str)> = inside(&people.sensitive, sentence, |(span, _)| *span).map(|(span, kind)| (*span, kind.as_str())).collect();
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
    let addressed_here = spans_in(&people.addressed);
    let addressed = !addressed_here.is_empty();
    if addressed {
        for span in &addressed_here {
            add(&["c", "you"], index_of(*span), 1);
        }
    }
    // A tone word weighs differently when it is aimed at the reader or at someone named.
    for (span, kind) in inside(&people.tone, sentence, |(span, _)| *span) {
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
    keep_first_of_each_bucket(out);
}

/// The first `letters` characters of `word`, when it has at least two more than that.
fn stem(word: &str, letters: usize) -> Option<&str> {
    // Most words are ASCII, where a character is a byte.
    if word.is_ascii() {
        return (word.len() >= letters + 2).then(|| &word[..letters]);
    }
    let mut ends = word.char_indices().map(|(at, _)| at).skip(letters);
    let end = ends.next()?;
    ends.next().map(|_| &word[..end])
}

/// Sorts `features` by bucket and keeps one feature per bucket: the one of the earliest word
/// (features of the whole sentence count as earlier still), and of those the first added, which
/// is what a stable sort by bucket and word and a dedup keep. Sorting keys that carry the order of
/// adding unstably finds the same feature in a fraction of the time. The keys are 64 bits (wasm
/// has no 128-bit compare): the bucket's [`HASH_BITS`], then the word plus one (a `u16` plus one
/// is 17 bits), then the order of adding in the 25 bits left, more than a sentence of `u16::MAX`
/// words can produce.
fn keep_first_of_each_bucket(features: &mut Vec<Feature>) {
    const ORDER_BITS: u32 = 64 - HASH_BITS - 17;
    let key = |(added, f): (usize, &Feature)| u64::from(f.bucket) << (64 - HASH_BITS) | u64::from(f.token.map_or(0, |t| u32::from(t) + 1)) << ORDER_BITS | added as u64;
    debug_assert!(features.len() < 1 << ORDER_BITS);
    let mut keys: Vec<u64> = features.iter().enumerate().map(key).collect();
    keys.sort_unstable();
    keys.dedup_by_key(|k| *k >> (64 - HASH_BITS));
    let added = std::mem::take(features);
    *features = keys.into_iter().map(|k| added[(k & ((1 << ORDER_BITS) - 1)) as usize]).collect();
}

/// FNV-1a over the parts, separated so that `["ab", "c"]` and `["a", "bc"]` differ.
fn bucket(parts: &[&str]) -> u32 {
    let hash = fnv1a(parts.iter().flat_map(|part| part.bytes().chain([0x1f])));
    ((hash >> 20) ^ hash) as u32 & ((1 << HASH_BITS) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which feature of a bucket is kept decides which word a cue names, so it is the one a stable
    /// sort keeps, also where two features of one word share a bucket but not their width.
    #[test]
    fn the_first_feature_of_each_bucket_is_kept() {
        let feature = |bucket: u32, token: Option<u16>, width: u8| Feature { bucket, token, width };
        let mut features: Vec<Feature> = (0..2_000u32).map(|i| feature(i * 7919 % 97, [None, Some((i % 5) as u16)][(i % 3 == 0) as usize], 1 + (i % 2) as u8)).collect();
        let mut stable = features.clone();
        stable.sort_by_key(|f| (f.bucket, f.token));
        stable.dedup_by_key(|f| f.bucket);
        keep_first_of_each_bucket(&mut features);
        assert_eq!(features, stable);
        assert!(features.iter().any(|f| f.width == 2) && features.iter().any(|f| f.width == 1));
    }

    #[test]
    fn stems_are_the_first_letters_of_long_words() {
        let cases = [("kissat", 5, None), ("kissoja", 5, Some("kisso")), ("tutkimus", 7, None), ("tutkimusta", 7, Some("tutkimu")), ("äöåäöå", 5, None), ("äöåäöåä", 5, Some("äöåäö")), ("forskningen", 7, Some("forskni")), ("yö", 5, None)];
        for (word, letters, expected) in cases {
            assert_eq!(stem(word, letters), expected, "{word}");
        }
    }

    #[test]
    fn buckets_separate_parts() {
        assert_ne!(bucket(&["ab", "c"]), bucket(&["a", "bc"]));
        assert!(bucket(&["w", "hello"]) < 1 << HASH_BITS);
    }
}
