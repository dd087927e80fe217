//! What a finding is: one problem in the draft, where it is, why it matters and how to fix it.

use serde::Serialize;
use std::fmt;

/// The fixed list of problem kinds. Packs choose rules and words; they cannot invent categories,
/// because settings, the popup and the corpus scoring are organised by them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    PersonalId,
    ContactData,
    Financial,
    Credentials,
    Confidential,
    ThirdPartyPersonal,
    Consent,
    SuspiciousLink,
    PiracyLink,
    Copyright,
    Harassment,
    Incivility,
    OpinionAsResearch,
    InternalComm,
    Tip,
}

impl Category {
    pub const ALL: [Category; 15] = [
        Category::PersonalId,
        Category::ContactData,
        Category::Financial,
        Category::Credentials,
        Category::Confidential,
        Category::ThirdPartyPersonal,
        Category::Consent,
        Category::SuspiciousLink,
        Category::PiracyLink,
        Category::Copyright,
        Category::Harassment,
        Category::Incivility,
        Category::OpinionAsResearch,
        Category::InternalComm,
        Category::Tip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::PersonalId => "personal-id",
            Category::ContactData => "contact-data",
            Category::Financial => "financial",
            Category::Credentials => "credentials",
            Category::Confidential => "confidential",
            Category::ThirdPartyPersonal => "third-party-personal",
            Category::Consent => "consent",
            Category::SuspiciousLink => "suspicious-link",
            Category::PiracyLink => "piracy-link",
            Category::Copyright => "copyright",
            Category::Harassment => "harassment",
            Category::Incivility => "incivility",
            Category::OpinionAsResearch => "opinion-as-research",
            Category::InternalComm => "internal-comm",
            Category::Tip => "tip",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Category, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown category `{s}`"))
    }
}

impl PartialEq<&str> for Category {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// How much a finding matters. `Tip` is a hint and never counts as an error anywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Tip,
    Warn,
    Stop,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Tip => "tip",
            Severity::Warn => "warn",
            Severity::Stop => "stop",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about: a stretch of the text (drawn as an underline), or the post as a whole
/// (shown as a hint beside the compose box, never as an underline). A pack rule chooses it with
/// `scope = "post"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The flagged text itself is the problem: `131052-308T`, `#wearehelsinkiuni`.
    #[default]
    Span,
    /// Advice about the whole post ("add a University hashtag"). The span is where the post
    /// prompted it, for the record; it is not the problem and is not marked.
    Post,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Span => "span",
            Scope::Post => "post",
        }
    }
}

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

    /// Whether `other` lies wholly inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
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
