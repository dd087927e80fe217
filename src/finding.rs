//! What a finding is: one problem in the draft, where it is, why it matters and how to fix it.

use crate::vocab::{Category, Scope, Severity};
use serde::Serialize;

/// A half-open byte range into the checked text, always on character boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The items of `sorted` (in order of where their spans start) whose span lies inside `window`.
/// A binary search finds those that start within it, so asking once per sentence of a long draft
/// costs what the sentence holds, not what the draft holds.
pub(crate) fn inside<T>(sorted: &[T], window: Span, span: impl Fn(&T) -> Span + Copy) -> impl Iterator<Item = &T> {
    let from = sorted.partition_point(|t| span(t).start < window.start);
    let to = from + sorted[from..].partition_point(|t| span(t).start <= window.end);
    sorted[from..to].iter().filter(move |t| window.contains(span(t)))
}

/// The guideline section a finding comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuidelineRef {
    pub id: String,
    pub title: String,
    pub url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// Put other text in place of the flagged text.
    Replace,
    /// Delete the flagged text.
    Remove,
    /// Hide most of the flagged text behind `•` so the rest of the post still reads.
    Mask,
}

/// A change that resolves a finding. Fixes are data so that tests can prove they work with
/// [`Fix::apply`] and the extension can send them through the editor's own input path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub kind: FixKind,
    /// What the flagged span becomes (empty for `Remove`).
    pub replacement: String,
    /// Whether the fix can be applied with one click without the person reviewing the result.
    pub safe: bool,
}

impl Finding {
    /// What a rule's finding flagged in `text`: the underlined words, or, for a rule that
    /// underlines the sentence around what it flagged (`underline = "sentence"`), the flagged
    /// words, which are then its cues. How the pack's examples and the rules' tables say what
    /// must be flagged.
    pub(crate) fn flagged_words(&self, text: &str) -> Vec<String> {
        if self.cues.is_empty() {
            vec![text[self.span.start..self.span.end].to_string()]
        } else {
            self.cues.clone()
        }
    }
}

impl Fix {
    pub fn replace(with: impl Into<String>, safe: bool) -> Fix {
        Fix { kind: FixKind::Replace, replacement: with.into(), safe }
    }

    pub fn remove() -> Fix {
        Fix { kind: FixKind::Remove, replacement: String::new(), safe: true }
    }

    /// Keeps the last `keep` characters visible, so the person can still tell which value it was.
    pub fn mask(flagged: &str, keep: usize) -> Fix {
        let count = flagged.chars().count();
        let masked: String = flagged
            .chars()
            .enumerate()
            .map(|(i, c)| if i + keep >= count || c.is_whitespace() { c } else { '•' })
            .collect();
        Fix { kind: FixKind::Mask, replacement: masked, safe: true }
    }

    /// The text with this fix applied to `span`.
    pub fn apply(&self, text: &str, span: Span) -> String {
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..span.start]);
        out.push_str(&self.replacement);
        out.push_str(&text[span.end..]);
        out
    }
}

/// One problem in the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule that found it, e.g. `finnish-id`.
    pub rule: String,
    /// Which kind of problem it is; a category holds several rules.
    pub category: Category,
    pub severity: Severity,
    /// Whether the finding is about its span or about the post as a whole.
    pub scope: Scope,
    pub span: Span,
    /// What is wrong and why, in one or two plain sentences, in the person's language.
    pub message: String,
    pub guideline: GuidelineRef,
    pub fixes: Vec<Fix>,
    /// The words of the draft that made a learned finding fire, strongest first, so the card can
    /// say why; empty for findings of rules, whose flagged text is the reason.
    pub cues: Vec<String>,
}
