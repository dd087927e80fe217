//! What the `check` fuzz target asserts, shared with `tests/fuzz_regressions.rs`, which replays
//! every input in `fuzz/regressions/check/` through it: `Checker::check` on any text never panics,
//! and every span lies on character boundaries with offsets that survive the conversion to UTF-16.

use guidepost::export::{export, Unit};
use guidepost::{Checker, Options};
use std::sync::LazyLock;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| Checker::new(&Options::default()).unwrap());

/// Bytes that are not UTF-8 never reach the checker (the browser hands it a string).
pub fn holds(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
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
}
