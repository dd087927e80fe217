//! `Checker::check` on any text: no panic, and every span on character boundaries with offsets
//! that survive the conversion to UTF-16 and code points.
#![no_main]

use guidepost::export::{export, Unit};
use guidepost::{Checker, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| Checker::new(&Options::default()).unwrap());

fuzz_target!(|text: &str| {
    let findings = CHECKER.check(text);
    for f in &findings {
        assert!(f.span.start < f.span.end && text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for fix in &f.fixes {
            let _ = fix.apply(text, f.span);
        }
    }
    for (f, e) in findings.iter().zip(export(text, findings.clone(), Unit::Utf16)) {
        assert_eq!(e.start, text[..f.span.start].encode_utf16().count());
        assert_eq!(e.text, text[f.span.start..f.span.end]);
    }
});
