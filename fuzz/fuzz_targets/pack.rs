//! `Pack::from_toml` on any text, and a checker compiled from whatever loads: an error with the
//! pack's file name, never a panic.
#![no_main]

use guidepost::{Checker, Options, Pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    match Pack::from_toml(source, "fuzz.toml").and_then(|pack| Checker::with_pack(pack, &Options::default())) {
        Ok(checker) => {
            let _ = checker.check("hetu 131052-308T, password: Kissa123! https://sci-hub.se/10.1038/x");
        }
        Err(error) => assert!(error.to_string().starts_with("fuzz.toml")),
    }
});
