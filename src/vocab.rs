//! The words every part of Guidepost shares: what kind of problem (category), how much it
//! matters (severity), what it is about (scope), who writes (role) and in which language. A leaf:
//! it imports nothing from the crate, so the pack, the rules and the checker can all use it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The fixed list of problem kinds. Packs choose rules and words; they cannot invent categories,
/// because settings, the popup and the corpus scoring are organised by them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

impl FromStr for Category {
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The flagged text itself is the problem: `131052-308T`, `#wearehelsinkiuni`.
    #[default]
    Span,
    /// Advice about the whole post ("add a University hashtag"). The span is where the post
    /// prompted it, for the record; it is not the problem and is not marked.
    Post,
}

/// What of the text a rule's finding underlines. A pack rule chooses it with `underline`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Underline {
    /// The flagged words themselves are the problem: `131052-308T`, "idiot".
    #[default]
    Words,
    /// The flagged words show that the sentence they stand in carries the problem: "don't share
    /// this yet" beside the news that is leaked, "one of the applicants" before what is told of
    /// them. The whole sentence is underlined, and the card names the words.
    Sentence,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Span => "span",
            Scope::Post => "post",
        }
    }
}

/// Where a draft is written: a new post, a reply to someone, or a comment under a post. The
/// pack can scope a rule to some of them (`contexts = ["reply", "comment"]`): a heated reply gets
/// the guidelines' advice on not answering attacks with attacks, a new post does not need it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftContext {
    #[default]
    Post,
    Reply,
    Comment,
}

impl FromStr for DraftContext {
    type Err = String;

    fn from_str(s: &str) -> Result<DraftContext, String> {
        match s {
            "post" => Ok(DraftContext::Post),
            "reply" => Ok(DraftContext::Reply),
            "comment" => Ok(DraftContext::Comment),
            other => Err(format!("unknown context `{other}` (expected post, reply or comment)")),
        }
    }
}

/// Who is writing. Some advice depends on it: a teacher posting about students gets the
/// student-privacy nudge at `stop`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Researcher,
    Teacher,
    Supervisor,
    Communications,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Researcher, Role::Teacher, Role::Supervisor, Role::Communications];
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        match s {
            "researcher" => Ok(Role::Researcher),
            "teacher" => Ok(Role::Teacher),
            "supervisor" => Ok(Role::Supervisor),
            "communications" => Ok(Role::Communications),
            other => Err(format!("unknown role `{other}` (expected researcher, teacher, supervisor or communications)")),
        }
    }
}

/// The languages Guidepost speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fi,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fi, Lang::Sv];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fi => "fi",
            Lang::Sv => "sv",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "en" => Ok(Lang::En),
            "fi" => Ok(Lang::Fi),
            "sv" => Ok(Lang::Sv),
            other => Err(format!("unknown language `{other}` (expected en, fi or sv)")),
        }
    }
}

/// What the compose box knows about a draft besides its text: the kind of box it is written in,
/// what is attached, and in a reply or comment the words it answers. Nothing of an attached image
/// is ever read, only that it is there and whether it has alt text. The default is a new post
/// with nothing attached.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Draft {
    pub context: DraftContext,
    /// Images and videos attached to the draft.
    pub attachments: u32,
    /// Attached images without alt text, on a site that lets the writer add it.
    pub missing_alt: u32,
    /// In a reply or comment, the text of the post or comment it answers, as the page shows it:
    /// a calm reply to an attack gets the guidelines' advice on attacks too.
    pub replied_to: Option<String>,
}

impl Draft {
    /// The JSON names of every field (see [`Options::FIELDS`]).
    pub const FIELDS: &'static [&'static str] = &["context", "attachments", "missingAlt", "repliedTo"];
}
