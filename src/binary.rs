//! The compact binary form the build compiles the built-in data into (`build.rs`): the built-in
//! pack and the people data are decoded, validated and written once, when Guidepost is built, so
//! that starting the checker reads them back with no TOML parser, no serde and no validation.
//!
//! The form is private to one build: the build script and the crate share this file, so whatever
//! the one writes the other reads. Strings and lengths are LEB128-prefixed, enum variants are
//! written by name; a struct is its fields in order. [`Binary`] is implemented by listing the
//! fields (`binary_struct!`, `binary_enum!`): a field or variant left out of the list does not
//! compile.

use std::collections::BTreeMap;

/// A value the build writes and the checker reads back.
pub(crate) trait Binary: Sized {
    fn write(&self, out: &mut Vec<u8>);
    fn read(input: &mut Input) -> Self;
}

/// Bytes being read back. Reading what the build did not write is a bug in this file, so it
/// panics rather than returning an error no caller could act on.
pub(crate) struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.bytes.split_first().expect("the compiled data ends early");
        self.bytes = rest;
        *first
    }

    fn take(&mut self, count: usize) -> &'a [u8] {
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        taken
    }
}

/// Reads a value the build wrote with [`to_bytes`], all of `bytes`.
pub(crate) fn from_bytes<T: Binary>(bytes: &[u8]) -> T {
    let mut input = Input { bytes };
    let value = T::read(&mut input);
    assert!(input.bytes.is_empty(), "the compiled data has {} bytes more than it holds", input.bytes.len());
    value
}

#[allow(dead_code)] // Used by the build script (build.rs), which includes this file.
pub(crate) fn to_bytes<T: Binary>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.write(&mut out);
    out
}

impl Binary for usize {
    fn write(&self, out: &mut Vec<u8>) {
        let mut rest = *self;
        while rest >= 0x80 {
            out.push((rest as u8 & 0x7f) | 0x80);
            rest >>= 7;
        }
        out.push(rest as u8);
    }

    fn read(input: &mut Input) -> usize {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = input.byte();
            value |= usize::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }
}

impl Binary for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        (*self as usize).write(out);
    }

    fn read(input: &mut Input) -> u32 {
        u32::try_from(usize::read(input)).expect("a u32 was written")
    }
}

impl Binary for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }

    fn read(input: &mut Input) -> bool {
        input.byte() != 0
    }
}

impl Binary for String {
    fn write(&self, out: &mut Vec<u8>) {
        self.len().write(out);
        out.extend_from_slice(self.as_bytes());
    }

    fn read(input: &mut Input) -> String {
        let len = usize::read(input);
        String::from_utf8(input.take(len).to_vec()).expect("a string was written")
    }
}

impl<T: Binary> Binary for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        self.len().write(out);
        self.iter().for_each(|item| item.write(out));
    }

    fn read(input: &mut Input) -> Vec<T> {
        let len = usize::read(input);
        (0..len).map(|_| T::read(input)).collect()
    }
}

impl<T: Binary> Binary for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        self.is_some().write(out);
        if let Some(value) = self {
            value.write(out);
        }
    }

    fn read(input: &mut Input) -> Option<T> {
        bool::read(input).then(|| T::read(input))
    }
}

impl<A: Binary, B: Binary> Binary for (A, B) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
    }

    fn read(input: &mut Input) -> (A, B) {
        let first = A::read(input);
        (first, B::read(input))
    }
}

impl<K: Binary + Ord, V: Binary> Binary for BTreeMap<K, V> {
    fn write(&self, out: &mut Vec<u8>) {
        self.len().write(out);
        self.iter().for_each(|(key, value)| {
            key.write(out);
            value.write(out);
        });
    }

    fn read(input: &mut Input) -> BTreeMap<K, V> {
        let len = usize::read(input);
        (0..len).map(|_| <(K, V)>::read(input)).collect()
    }
}

/// Writes a variant's name, which is how enums are written.
pub(crate) fn write_tag(tag: &str, out: &mut Vec<u8>) {
    tag.len().write(out);
    out.extend_from_slice(tag.as_bytes());
}

/// Reads a variant's name back.
pub(crate) fn read_tag<'a>(input: &mut Input<'a>) -> &'a [u8] {
    let len = usize::read(input);
    input.take(len)
}

/// `Binary` for a struct: its fields, in the order listed.
macro_rules! binary_struct {
    ($ty:ident $(<$param:ident>)? { $($field:ident),* $(,)? }) => {
        impl$(<$param: $crate::binary::Binary>)? $crate::binary::Binary for $ty$(<$param>)? {
            fn write(&self, _out: &mut Vec<u8>) {
                $($crate::binary::Binary::write(&self.$field, _out);)*
            }

            fn read(_input: &mut $crate::binary::Input) -> Self {
                $ty { $($field: $crate::binary::Binary::read(_input)),* }
            }
        }
    };
}

/// `Binary` for an enum: the variant's name, then its fields. Each variant is listed as
/// `Unit`, `Tuple(field)` or `Struct { fields }`.
macro_rules! binary_enum {
    ($ty:ident { $($variant:ident $(($single:ident))? $({ $($field:ident),* })?),* $(,)? }) => {
        impl $crate::binary::Binary for $ty {
            #[allow(unused_variables)]
            fn write(&self, out: &mut Vec<u8>) {
                match self {
                    $($ty::$variant $(($single))? $({ $($field),* })? => {
                        $crate::binary::write_tag(stringify!($variant), out);
                        $($crate::binary::Binary::write($single, out);)?
                        $($($crate::binary::Binary::write($field, out);)*)?
                    })*
                }
            }

            #[allow(unused_variables)]
            fn read(input: &mut $crate::binary::Input) -> Self {
                let tag = $crate::binary::read_tag(input);
                $(if tag == stringify!($variant).as_bytes() {
                    return $ty::$variant $(({ let $single = $crate::binary::Binary::read(input); $single }))? $({ $($field: $crate::binary::Binary::read(input)),* })?;
                })*
                panic!("the compiled data has an unknown {} `{}`", stringify!($ty), String::from_utf8_lossy(tag))
            }
        }
    };
}

pub(crate) use {binary_enum, binary_struct};
