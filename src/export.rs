//! Findings as the outside world counts text: UTF-16 code units for the DOM, code points for the
//! CLI's JSON. The core works in bytes; this converts all offsets of one check in one pass.

use crate::finding::{Finding, Fix, GuidelineRef};
use crate::vocab::{Category, Scope, Severity};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Utf16,
    CodePoint,
}

/// A finding with offsets in `Unit`s and the flagged text, ready to serialise.
#[derive(Clone, Debug, Serialize)]
pub struct ExportedFinding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// `span`: about the text from `start` to `end`; `post`: about the whole post (prompted there).
    pub scope: Scope,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub message: String,
    pub guideline: GuidelineRef,
    pub fixes: Vec<Fix>,
    pub cues: Vec<String>,
}

pub fn export(text: &str, findings: Vec<Finding>, unit: Unit) -> Vec<ExportedFinding> {
    let mut bytes: Vec<usize> = findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
    bytes.sort_unstable();
    bytes.dedup();
    let converted = convert(text, &bytes, unit);
    let lookup = |byte: usize| converted[bytes.binary_search(&byte).expect("every span end was collected")];
    findings
        .into_iter()
        .map(|f| ExportedFinding {
            start: lookup(f.span.start),
            end: lookup(f.span.end),
            text: text[f.span.start..f.span.end].to_string(),
            rule: f.rule,
            category: f.category,
            severity: f.severity,
            scope: f.scope,
            message: f.message,
            guideline: f.guideline,
            fixes: f.fixes,
            cues: f.cues,
        })
        .collect()
}

/// Converts sorted byte offsets (on character boundaries) into `unit` offsets.
fn convert(text: &str, sorted_bytes: &[usize], unit: Unit) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted_bytes.len());
    let mut targets = sorted_bytes.iter().peekable();
    let mut count = 0;
    for (byte, c) in text.char_indices().chain(std::iter::once((text.len(), '\0'))) {
        while targets.next_if(|&&t| t == byte).is_some() {
            out.push(count);
        }
        if targets.peek().is_none() {
            break;
        }
        count += match unit {
            Unit::Utf16 => c.len_utf16(),
            Unit::CodePoint => 1,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Checker, Options};

    #[test]
    fn emoji_and_combining_marks_do_not_shift_spans() {
        let checker = Checker::new(&Options::default()).unwrap();
        // 👩‍🔬 is five code points and seven UTF-16 units; "é" here is e + a combining accent.
        let text = "👩‍🔬 Cafe\u{301} 🇫🇮 hetu 131052-308T";
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let found = export(text, checker.check(text), Unit::Utf16);
        assert_eq!(String::from_utf16(&utf16[found[0].start..found[0].end]).unwrap(), "131052-308T");
        let chars: Vec<char> = text.chars().collect();
        let found = export(text, checker.check(text), Unit::CodePoint);
        assert_eq!(chars[found[0].start..found[0].end].iter().collect::<String>(), "131052-308T");
        assert_eq!(found[0].text, "131052-308T");
    }
}
