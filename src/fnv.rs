//! FNV-1a, the crate's one hash: the learned layer's feature buckets (the same on every machine,
//! so the trained weights fit), and the fixed word sets looked up for every word of a draft, where
//! std's SipHash costs several times as much on words this short. Those sets are built from the
//! crate's own data, never from a draft, so a draft cannot crowd their buckets.

use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` carried on over `bytes`.
fn carry(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(hash, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The 64-bit FNV-1a hash of `bytes`.
pub(crate) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    carry(OFFSET, bytes)
}

/// FNV-1a as a `Hasher`, for the sets and maps of words.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(OFFSET)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = carry(self.0, bytes.iter().copied());
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type BuildFnv = BuildHasherDefault<Fnv>;

/// A set of words, hashed with FNV-1a.
pub(crate) type WordSet = std::collections::HashSet<String, BuildFnv>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hasher_is_fnv1a_over_what_it_is_given() {
        // The published FNV-1a 64-bit test vector.
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut hasher = Fnv::default();
        hasher.write(b"ab");
        hasher.write(b"c");
        assert_eq!(hasher.finish(), fnv1a(*b"abc"));
    }
}
