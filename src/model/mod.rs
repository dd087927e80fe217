//! The learned layer: a per-sentence, multi-label linear model over hashed word, bigram and stem
//! features and the people cues, for the guidelines that are about meaning (threats, contempt,
//! leaks, other people's private matters, internal notices) and that no list of phrases covers.
//!
//! The weights are data like a pack: `src/model/weights.bin` is written by `./build.sh train`
//! (`guidepost train`) from the labelled posts in `tests/corpus/`, and a test fails when the file
//! is not what training produces. Scores are sums of 8-bit weights in integers, so a finding is the
//! same on every machine and in wasm.

pub(crate) mod features;

use crate::finding::Span;
use crate::vocab::Category;
use crate::words::Token;
use features::Feature;
use std::sync::LazyLock;

/// The categories the model is trained for, in the order of its outputs.
pub const CATEGORIES: [Category; 8] = [
    Category::Confidential,
    Category::ThirdPartyPersonal,
    Category::Consent,
    Category::Copyright,
    Category::Harassment,
    Category::Incivility,
    Category::OpinionAsResearch,
    Category::InternalComm,
];
pub(crate) const CLASSES: usize = CATEGORIES.len();

/// The model's output for `category`, if it has one.
pub(crate) fn class_of(category: Category) -> Option<usize> {
    CATEGORIES.iter().position(|c| *c == category)
}

const MAGIC: &[u8; 4] = b"GPM3";

/// The embedded weights, parsed once on first use.
pub(crate) static MODEL: LazyLock<Model> = LazyLock::new(|| Model::from_bytes(include_bytes!("weights.bin")).expect("the embedded weights parse (tested)"));

/// Sparse weights: the buckets that carry weight, sorted, each with one 8-bit weight per class.
/// The trainer (`src/train.rs`) sets the thresholds and vetoes it chooses out of fold.
pub(crate) struct Model {
    pub(crate) keys: Vec<u32>,
    /// An open-addressing table from a bucket to its index in `keys` plus one (0 is empty): the
    /// buckets are hashes already, so their low bits index it directly.
    slots: Vec<u32>,
    weights: Vec<[i8; CLASSES]>,
    /// A sentence belongs to class `c` when its summed weights reach `thresholds[c]` (the bias and
    /// the chosen probability threshold folded into one integer).
    pub(crate) thresholds: [i32; CLASSES],
    /// A rule hit marked `unless_learned` is dropped when its sentence scores below `vetoes[c]`.
    pub(crate) vetoes: [i32; CLASSES],
}

impl Model {
    /// The format: `GPM3`, the thresholds and the vetoes as `i32` little endian, the number of
    /// buckets as `u32`,
    /// then per bucket the distance to the previous key as a LEB128 varint, a byte whose bit `c` says
/// class `c` has a weight, and those weights as `i8`.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let rest = bytes.strip_prefix(MAGIC).ok_or("not a Guidepost model (bad magic)")?;
        let mut reader = Reader { bytes: rest };
        let mut thresholds = [0i32; CLASSES];
        let mut vetoes = [0i32; CLASSES];
        for t in thresholds.iter_mut().chain(&mut vetoes) {
            *t = i32::from_le_bytes(reader.take::<4>()?);
        }
        let count = u32::from_le_bytes(reader.take::<4>()?) as usize;
        let mut keys = Vec::with_capacity(count);
        let mut weights = Vec::with_capacity(count);
        let mut key = 0u32;
        for _ in 0..count {
            key = key.checked_add(reader.varint()?).ok_or("bucket keys overflow")?;
            keys.push(key);
            let [mask] = reader.take::<1>()?;
            let mut row = [0i8; CLASSES];
            for (class, weight) in row.iter_mut().enumerate() {
                if mask & (1 << class) != 0 {
                    let [byte] = reader.take::<1>()?;
                    *weight = byte as i8;
                }
            }
            weights.push(row);
        }
        if !reader.bytes.is_empty() {
            return Err("trailing bytes after the weights".into());
        }
        Ok(Model::new(keys, weights, thresholds, vetoes))
    }

    pub(crate) fn new(keys: Vec<u32>, weights: Vec<[i8; CLASSES]>, thresholds: [i32; CLASSES], vetoes: [i32; CLASSES]) -> Model {
        let size = (keys.len() * 2).next_power_of_two().max(1);
        let mut slots = vec![0u32; size];
        for (index, key) in keys.iter().enumerate() {
            let mut at = *key as usize & (size - 1);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = index as u32 + 1;
        }
        Model { keys, slots, weights, thresholds, vetoes }
    }

    /// The weights file for this model; only training writes one.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for t in self.thresholds.iter().chain(&self.vetoes) {
            out.extend(t.to_le_bytes());
        }
        out.extend((self.keys.len() as u32).to_le_bytes());
        let mut previous = 0;
        for (key, weights) in self.keys.iter().zip(&self.weights) {
            let mut delta = key - previous;
            previous = *key;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                out.push(if delta == 0 { byte } else { byte | 0x80 });
                if delta == 0 {
                    break;
                }
            }
            let mask = weights.iter().enumerate().filter(|(_, w)| **w != 0).fold(0u8, |mask, (class, _)| mask | 1 << class);
            out.push(mask);
            out.extend(weights.iter().filter(|w| **w != 0).map(|w| *w as u8));
        }
        out
    }

    fn weights_of(&self, bucket: u32) -> Option<&[i8; CLASSES]> {
        let mask = self.slots.len() - 1;
        let mut at = bucket as usize & mask;
        loop {
            let slot = self.slots[at] as usize;
            if slot == 0 {
                return None;
            }
            if self.keys[slot - 1] == bucket {
                return Some(&self.weights[slot - 1]);
            }
            at = (at + 1) & mask;
        }
    }

    /// The summed weights of a sentence's features, per class.
    pub(crate) fn scores(&self, features: &[Feature]) -> [i32; CLASSES] {
        let mut sums = [0i32; CLASSES];
        for feature in features {
            if let Some(weights) = self.weights_of(feature.bucket) {
                for (sum, w) in sums.iter_mut().zip(weights) {
                    *sum += i32::from(*w);
                }
            }
        }
        sums
    }

    pub(crate) fn fires(&self, class: usize, scores: &[i32; CLASSES]) -> bool {
        scores[class] >= self.thresholds[class]
    }

    pub(crate) fn vetoes(&self, class: usize, scores: &[i32; CLASSES]) -> bool {
        scores[class] < self.vetoes[class]
    }

    /// The words that pushed the sentence into `class` the most, strongest first: each word gets
    /// the weight of the features it produced (a word pair's weight goes to both words). Short
    /// words ("and", "his", "on") say nothing to a reader about why, so only words of four letters
    /// or more, and emoji, are cues.
    pub(crate) fn cues(&self, class: usize, features: &[Feature], words: &[Token], limit: usize) -> Vec<Span> {
        let mut by_word = vec![0i32; words.len()];
        for feature in features {
            if let (Some(token), Some(weights)) = (feature.token, self.weights_of(feature.bucket)) {
                let from = usize::from(token);
                for slot in by_word.iter_mut().skip(from).take(usize::from(feature.width)) {
                    *slot += i32::from(weights[class]);
                }
            }
        }
        let telling = |word: &Token| word.lower.chars().count() >= 4 || !word.lower.chars().any(char::is_alphanumeric);
        let mut ranked: Vec<(i32, usize)> = by_word.into_iter().enumerate().filter(|(i, w)| *w > 0 && telling(&words[*i])).map(|(i, w)| (w, i)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.into_iter().take(limit).map(|(_, i)| words[i].span).collect()
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let (head, rest) = self.bytes.split_first_chunk::<N>().ok_or("the weights end early")?;
        self.bytes = rest;
        Ok(*head)
    }

    fn varint(&mut self) -> Result<u32, String> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let [byte] = self.take::<1>()?;
            value |= u32::from(byte & 0x7f).checked_shl(shift).ok_or("varint too long")?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint too long".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_and_reject_garbage() {
        let model = Model::new(vec![3, 200, 70_000], vec![[1, -2, 3, 4, 5, 6, 7, -128], [0; 8], [127; 8]], [5, -1, 0, 9, 9, 9, 9, 9], [i32::MIN, 0, 1, 2, 3, 4, 5, -6]);
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!((&back.keys, &back.weights, back.thresholds, back.vetoes), (&model.keys, &model.weights, model.thresholds, model.vetoes));
        assert_eq!(back.weights_of(70_000), Some(&[127; 8]));
        assert_eq!(back.weights_of(200 + (1 << 20)), None);
        assert!(Model::from_bytes(b"nope").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Model::from_bytes(&longer).is_err());
    }

    #[test]
    fn the_embedded_weights_parse() {
        assert!(!MODEL.keys.is_empty(), "no weights");
        assert!(MODEL.keys.windows(2).all(|w| w[0] < w[1]));
    }
}
