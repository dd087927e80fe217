//! `Checker::check` on any text; the properties are in `fuzz/invariants/check.rs`.
#![no_main]

#[path = "../invariants/check.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::holds(data));
