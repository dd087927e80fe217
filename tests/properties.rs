//! Properties of the checker that must hold for every input, not only for the examples in the rule
//! tables: random Unicode mixed with text that the rules do flag, so that findings really occur
//! among surrogate pairs, combining marks, right-to-left text, NUL and control characters.
//!
//! - `check` never panics;
//! - every span lies on character boundaries, inside the text, and is not empty;
//! - UTF-16 and code-point offsets (what the extension and the CLI get) point at the same text;
//! - findings are sorted, and those of one rule never overlap;
//! - every fix applies cleanly: the text around the span is kept and the result is valid text;
//! - a broken guideline pack is an error with a position inside the file, never a panic.

use guidepost::export::{export, Unit};
use guidepost::{Checker, Finding, FixKind, Options, Pack};
use proptest::prelude::*;
use std::sync::LazyLock;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| Checker::new(&Options::default()).expect("default options work"));

/// Pieces of drafts that the rules flag, or nearly flag.
const FLAGGED: &[&str] = &[
    "hetu 131052-308T",
    "131052-308T",
    "010101A123N",
    "password: Kissa123!",
    "Salasanani on \"hunter22\"",
    "lösenordet är Sommar123",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIA4LTM0Q8P5W07NT8V",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
    "https://sci-hub.se/10.1038/s41586-020-2649-2",
    "sci-hub.ru",
    "libgen.is/book/index.php?md5=ABC",
    "(see https://sci-hub.st/10.1000/a_(b))",
    "under embargo until Friday",
    "Tulokset ovat embargossa",
    "embargoed",
    "https://doi.org/10.1002/asi.24112",
    "someone@gmail.com",
];

/// Pieces that are flagged wherever they stand between spaces.
const SURELY_FLAGGED: &[&str] = &["hetu 131052-308T", "password: Kissa123!", "AKIA4LTM0Q8P5W07NT8V", "https://sci-hub.se/10.1038/s41586-020-2649-2", "under embargo until Friday"];

/// Characters that break naive offset arithmetic.
const TRICKY: &[&str] = &[
    "👩‍🔬", "🇫🇮", "👍🏽", "𝕳", "🎉", "\u{1F600}\u{1F600}\u{1F600}", // surrogate pairs, ZWJ, flags, skin tones
    "e\u{301}", "a\u{308}\u{304}\u{323}", "\u{301}", "\u{20DD}",        // combining marks, a lone one
    "مرحبا", "שלום", "\u{202E}abc\u{202C}", "\u{200F}", "\u{2067}",     // right-to-left text and controls
    "\0", "\u{1}", "\u{7}", "\u{1B}[31m", "\u{7F}", "\u{85}", "\r\n", "\t", "\u{2028}", "\u{FEFF}", "\u{200B}",
    "İ", "ẞ", "ΣΑΣ", "ﬁ", "Å", "\u{10FFFF}", "\u{FFFD}", "’", "“", "”",  // case folding that changes length
    ":", "=", "/", "-", ".", "\"", "'", "(", ")", "\n\n", " ", "  ",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        3 => prop::sample::select(FLAGGED).prop_map(str::to_string),
        3 => prop::sample::select(TRICKY).prop_map(str::to_string),
        1 => prop::collection::vec(any::<char>(), 0..8).prop_map(|c| c.into_iter().collect()),
        1 => "[a-zA-Z0-9 ]{0,12}",
    ]
}

/// A draft: fragments joined as they come (so a flagged piece may be glued to anything).
fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

/// A very long line: a flagged piece before or after by a long run of one tricky fragment.
fn long_line() -> impl Strategy<Value = String> {
    (prop::sample::select(TRICKY), prop::sample::select(SURELY_FLAGGED), 1_000usize..20_000, any::<bool>()).prop_map(|(filler, flagged, times, before)| {
        let run = filler.repeat(times / filler.len().max(1) + 1);
        if before { format!("{run} {flagged}") } else { format!("{flagged} {run}") }
    })
}

/// Every property of one check of `text`; an error (failing the case) when one does not hold.
fn check_properties(text: &str) -> Result<(), TestCaseError> {
    let findings: Vec<Finding> = CHECKER.check(text);

    for f in &findings {
        let span = f.span;
        prop_assert!(span.start < span.end && span.end <= text.len(), "{} has span {:?} in a text of {} bytes", f.rule, span, text.len());
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{} span {:?} splits a character", f.rule, span);
    }

    prop_assert!(findings.windows(2).all(|w| w[0].span.start <= w[1].span.start), "findings are not sorted: {:?}", spans(&findings));
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            prop_assert!(a.rule != b.rule || !a.span.overlaps(b.span), "{} found {:?} and {:?}", a.rule, a.span, b.span);
        }
    }

    for f in &findings {
        for fix in &f.fixes {
            let fixed = fix.apply(text, f.span);
            prop_assert_eq!(&fixed[..f.span.start], &text[..f.span.start]);
            prop_assert_eq!(&fixed[fixed.len() - (text.len() - f.span.end)..], &text[f.span.end..]);
            prop_assert_eq!(fixed.len(), text.len() - (f.span.end - f.span.start) + fix.replacement.len());
            match fix.kind {
                FixKind::Remove => prop_assert!(fix.replacement.is_empty()),
                FixKind::Mask => prop_assert_eq!(fix.replacement.chars().count(), text[f.span.start..f.span.end].chars().count()),
                FixKind::Replace => prop_assert!(!fix.replacement.is_empty()),
            }
            // The fixed text is a draft too.
            let _ = CHECKER.check(&fixed);
        }
    }

    let utf16: Vec<u16> = text.encode_utf16().collect();
    let chars: Vec<char> = text.chars().collect();
    let by_utf16 = export(text, findings.clone(), Unit::Utf16);
    let by_char = export(text, findings.clone(), Unit::CodePoint);
    prop_assert_eq!(by_utf16.len(), findings.len());
    for ((f, u), c) in findings.iter().zip(&by_utf16).zip(&by_char) {
        let flagged = &text[f.span.start..f.span.end];
        prop_assert_eq!(&u.text, flagged);
        prop_assert_eq!(&c.text, flagged);
        prop_assert_eq!((u.start, u.end), (text[..f.span.start].encode_utf16().count(), text[..f.span.end].encode_utf16().count()));
        let decoded = String::from_utf16(&utf16[u.start..u.end]).ok();
        prop_assert_eq!(decoded.as_deref(), Some(flagged));
        prop_assert_eq!((c.start, c.end), (text[..f.span.start].chars().count(), text[..f.span.end].chars().count()));
        prop_assert_eq!(chars[c.start..c.end].iter().collect::<String>(), flagged);
    }
    Ok(())
}

fn spans(findings: &[Finding]) -> Vec<(String, usize, usize)> {
    findings.iter().map(|f| (f.rule.clone(), f.span.start, f.span.end)).collect()
}

/// Failing inputs are kept in tests/proptest-regressions/ and tried first on the next run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn any_draft_holds_the_properties(text in draft()) {
        check_properties(&text)?;
    }

    #[test]
    fn any_unicode_string_holds_the_properties(text in any::<String>()) {
        check_properties(&text)?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn very_long_lines_hold_the_properties(text in long_line()) {
        check_properties(&text)?;
        prop_assert!(!CHECKER.check(&text).is_empty(), "the flagged piece is still found in a long line");
    }
}

const BUILTIN_PACK: &str = include_str!("../guidelines/helsinki.toml");

/// The built-in pack with one edit: a span cut out, or something pasted in.
fn broken_pack() -> impl Strategy<Value = String> {
    let len = BUILTIN_PACK.len();
    let cut = (0..len, 1usize..64).prop_map(move |(at, n)| {
        let mut at = at;
        while !BUILTIN_PACK.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + n).min(len);
        while !BUILTIN_PACK.is_char_boundary(end) {
            end += 1;
        }
        format!("{}{}", &BUILTIN_PACK[..at], &BUILTIN_PACK[end..])
    });
    let paste = (0..len, prop_oneof![fragment(), Just("[[rule]]\n".to_string()), Just("\"\n".to_string()), Just("= =".to_string())]).prop_map(move |(at, s)| {
        let mut at = at;
        while !BUILTIN_PACK.is_char_boundary(at) {
            at -= 1;
        }
        format!("{}{}{}", &BUILTIN_PACK[..at], s, &BUILTIN_PACK[at..])
    });
    prop_oneof![cut, paste]
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn a_broken_pack_is_an_error_with_a_place_not_a_panic(source in broken_pack()) {
        // Loading, then compiling: both report a mistake with the pack's file and a place in it.
        match Pack::from_toml(&source, "broken.toml").and_then(|pack| Checker::with_pack(pack, &Options::default())) {
            Ok(_) => {}
            Err(error) => {
                let shown = error.to_string();
                prop_assert!(shown.starts_with("broken.toml:"), "{}", shown);
                prop_assert!(!error.message.is_empty());
                if let Some((line, column)) = error.position {
                    let lines = source.split('\n').count();
                    prop_assert!(line >= 1 && line <= lines && column >= 1, "{} points outside the file ({} lines)", shown, lines);
                }
            }
        }
        // Through the checker's options, the way a managed policy hands in a pack.
        let options = Options { pack: Some(source.clone()), ..Options::default() };
        if let Ok(checker) = Checker::new(&options) {
            let _ = checker.check("hetu 131052-308T, password: Kissa123!");
        }
    }

    #[test]
    fn any_text_as_a_pack_is_an_error_not_a_panic(source in any::<String>()) {
        let error = Pack::from_toml(&source, "random.toml").err();
        prop_assert!(error.is_some(), "random text is not a pack");
    }
}

/// The properties above mean something only if findings occur in the generated drafts.
#[test]
fn generated_drafts_do_contain_findings() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let drafts: Vec<String> = (0..400).map(|_| draft().new_tree(&mut runner).unwrap().current()).collect();
    let with_findings = drafts.iter().filter(|d| !CHECKER.check(d).is_empty()).count();
    let with_several_rules = drafts
        .iter()
        .filter(|d| {
            let found = CHECKER.check(d);
            found.iter().any(|f| f.rule != found[0].rule)
        })
        .count();
    assert!(with_findings > 200, "only {with_findings} of 400 drafts have a finding");
    assert!(with_several_rules > 50, "only {with_several_rules} of 400 drafts have findings of two rules");
}
