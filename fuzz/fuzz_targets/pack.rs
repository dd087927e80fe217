//! `Pack::from_toml` on any text, and a checker built from whatever loads: an error, never a panic.
#![no_main]

use guidepost::{Checker, Options, Pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    match Pack::from_toml(source, "fuzz.toml") {
        Ok(_) => {
            let options = Options { pack: Some(source.to_string()), ..Options::default() };
            if let Ok(checker) = Checker::new(&options) {
                let _ = checker.check("hetu 131052-308T, password: Kissa123! https://sci-hub.se/10.1038/x");
            }
        }
        Err(error) => assert!(error.to_string().starts_with("fuzz.toml")),
    }
});
