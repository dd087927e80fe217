//! What the `pack` fuzz target asserts, shared with `tests/fuzz_regressions.rs`, which replays
//! every input in `fuzz/regressions/pack/` through it: `Pack::from_toml` on any text, and a checker
//! compiled from whatever loads, give an error with the pack's file name, never a panic.

use guidepost::{Checker, Options, Pack};

/// Bytes that are not UTF-8 never reach the loader (the policy and the file reader hand it a string).
pub fn holds(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    match Pack::from_toml(source, "fuzz.toml").and_then(|pack| Checker::with_pack(pack, &Options::default())) {
        Ok(checker) => {
            let _ = checker.check("hetu 131052-308T, password: Kissa123! https://sci-hub.se/10.1038/x");
        }
        Err(error) => assert!(error.to_string().starts_with("fuzz.toml")),
    }
}
