//! `Pack::from_toml` on any text; the properties are in `fuzz/invariants/pack.rs`.
#![no_main]

#[path = "../invariants/pack.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::holds(data));
