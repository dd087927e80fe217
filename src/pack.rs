//! A guideline pack: the organisation's guideline sections and its rules, as typed data.
//!
//! The University of Helsinki pack (`guidelines/helsinki.toml`) is built in. Another organisation
//! writes its own pack without touching Rust; `guidelines/README.md` documents the format. Each
//! rule's `check` chooses a variant of [`Check`], which has exactly the fields that check reads,
//! so a field a check does not use is an error with its line and column, never silently ignored.
//! Loading a pack decodes it and checks its references; the [`crate::Checker`] compiles it, and
//! compiling is what validates the rules themselves (their terms, their patterns).

use crate::binary::{binary_enum, binary_struct, Binary, Input};
use crate::vocab::{Category, DraftContext, Lang, Role, Scope, Severity, Underline};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;


/// Why a pack or the options could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The pack's file name, or `options`.
    pub origin: String,
    /// 1-based line and column, where the mistake has a place in a file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Error {
    pub(crate) fn options(message: impl Into<String>) -> Error {
        Error { origin: "options".into(), position: None, message: message.into() }
    }

    fn at(file: &str, source: &str, offset: Option<usize>, message: impl Into<String>) -> Error {
        Error { origin: file.to_string(), position: offset.map(|offset| position(source, offset)), message: message.into() }
    }
}

/// The 1-based line and column of byte `offset` in `source`.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Text in each language the extension speaks. All three are required: every string a person
/// sees is translated.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub fi: String,
    pub sv: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
        }
    }
}

/// Words and phrases per language; `all` holds those that are the same in every language
/// (host names, hashtags, product names). In `Terms` (what most checks match words with) a `*`
/// ends a word open (`kotiosoite*`); in [`Literals`] an entry is taken word for word.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Terms<T = String> {
    #[serde(default = "Vec::new")]
    pub all: Vec<T>,
    #[serde(default = "Vec::new")]
    pub en: Vec<T>,
    #[serde(default = "Vec::new")]
    pub fi: Vec<T>,
    #[serde(default = "Vec::new")]
    pub sv: Vec<T>,
}

impl<T> Default for Terms<T> {
    fn default() -> Self {
        Terms { all: Vec::new(), en: Vec::new(), fi: Vec::new(), sv: Vec::new() }
    }
}

impl<T: AsRef<str>> Terms<T> {
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Every term with its language (`None` for `all`).
    pub fn iter(&self) -> impl Iterator<Item = (Option<Lang>, &str)> {
        let tagged = [(None, &self.all), (Some(Lang::En), &self.en), (Some(Lang::Fi), &self.fi), (Some(Lang::Sv), &self.sv)];
        tagged.into_iter().flat_map(|(lang, terms)| terms.iter().map(move |t| (lang, t.as_ref())))
    }
}

/// Terms a check takes word for word (hashtags, site names), per language.
pub(crate) type Literals = Terms<Literal>;

/// The entries of a check that reads `terms.all` only (street-name endings, protected domains),
/// taken word for word: `terms.en` there is an error, not a list the check ignores.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AllLiterals {
    pub all: Vec<Literal>,
}

/// An entry a check compares as written (a host, a file extension, a hashtag, a street ending).
/// Elsewhere in a pack `*` is a wildcard; here it would be a star to match, so it is an error
/// with its line and column rather than a wildcard that silently never matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Literal(String);

impl Literal {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Literal {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Literal {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Literal, D::Error> {
        // Refused while the entry's own value is read, so the error carries the entry's line
        // and column, not the list's.
        struct Entry;
        impl serde::de::Visitor<'_> for Entry {
            type Value = Literal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, entry: &str) -> Result<Literal, E> {
                if entry.contains('*') {
                    return Err(E::custom(format!("`{entry}`: this list is compared word for word, so `*` is not a wildcard here; write the entry without it")));
                }
                Ok(Literal(entry.to_string()))
            }
        }
        deserializer.deserialize_str(Entry)
    }
}

/// A part of the guidelines that findings point to.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub url: String,
    pub title: Localized,
    /// The section in two or three sentences of plain language.
    pub summary: Localized,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackInfo {
    pub id: String,
    pub name: Localized,
    pub url: String,
    pub version: u32,
}

/// What a pack says about one rule, whatever its check: where its findings point, how much they
/// matter, what the person reads, and the examples that test it.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub id: String,
    /// Where the rule's id stands in the pack, for errors found when it is compiled.
    pub at: (usize, usize),
    pub category: Category,
    pub section: String,
    pub severity: Severity,
    pub scope: Scope,
    pub underline: Underline,
    /// Severity for a role when it differs, e.g. `roles.teacher = "stop"`.
    pub roles: BTreeMap<Role, Severity>,
    /// The kinds of box the rule applies in (`["reply", "comment"]`); empty for every kind.
    pub contexts: Vec<DraftContext>,
    /// The rule applies only to a draft with an image or video attached.
    pub with_attachment: bool,
    /// What the person reads; `{detail}` is filled in by checks that say which kind of thing
    /// they found.
    pub message: Localized,
    /// The words that fill `{detail}`, by the key the check names (`aws-access-key-id`).
    pub details: BTreeMap<String, Localized>,
    /// Examples that must be flagged, the flagged part between `[[` and `]]`; run by the tests
    /// and by `guidepost pack-test`.
    pub flagged: Vec<String>,
    /// Near misses that must not be flagged.
    pub fine: Vec<String>,
    pub check: Check,
}

/// The fields every rule has, whatever its check. Decoded apart from the check's own fields, so
/// that each side rejects what it does not know.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleHead {
    id: Spanned<String>,
    category: Category,
    section: Spanned<String>,
    severity: Severity,
    /// `post` for advice about the post as a whole (a hint beside the compose box, not an
    /// underline); `span`, the default, when the flagged text is the problem.
    #[serde(default)]
    scope: Scope,
    /// `sentence` when the flagged words show that their sentence carries the problem; `words`,
    /// the default, when the words themselves are it.
    #[serde(default)]
    underline: Underline,
    #[serde(default)]
    roles: BTreeMap<Role, Severity>,
    /// Where the rule applies: `post`, `reply`, `comment`; every kind of box when left out.
    #[serde(default)]
    contexts: Vec<DraftContext>,
    /// Only for a draft with an image or video attached (what the compose box shows).
    #[serde(default)]
    with_attachment: bool,
    message: Localized,
    #[serde(default)]
    details: BTreeMap<String, Localized>,
    #[serde(default)]
    flagged: Vec<String>,
    #[serde(default)]
    fine: Vec<String>,
}

impl RuleHead {
    /// The keys of [`RuleHead`]; every other key of a rule belongs to its check.
    const FIELDS: &'static [&'static str] = &["id", "category", "section", "severity", "scope", "underline", "roles", "contexts", "with_attachment", "message", "details", "flagged", "fine"];
}

/// What a rule checks, chosen by its `check` key (a phrase rule when it has none), with exactly
/// the fields that check reads. `guidelines/README.md` documents each.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum Check {
    /// The pack's words and phrases, with their exceptions.
    Phrase(PhraseCheck),
    /// Links (or e-mail addresses) whose host, file type, words or domain are on a list.
    LinkList(LinkList),
    /// A cue word, then the value it announces: a password, a code, a sum.
    CueValue(CueValue),
    FinnishId {},
    SwedishId {},
    PrivatePhone {},
    HomeAddress { terms: AllLiterals, near: Terms, #[serde(default)] unless: Terms },
    Iban {},
    PaymentCard {},
    LoginPair { terms: Terms },
    ApiToken {},
    PrivateKey {},
    IpLink { #[serde(default)] near: Terms },
    LookalikeDomain { terms: AllLiterals },
    UserinfoLink {},
    PiracyLink { terms: Literals, #[serde(default)] near: Terms },
    Shouting { #[serde(default)] terms: Terms },
    HashtagCase { #[serde(default)] terms: Literals },
    /// The organisation's confidential names come from the options (`confidentialTerms`).
    OrganisationTerms {},
    PrivateMatter { #[serde(default)] unless: Terms },
    /// Advice once per draft when it has findings of these categories (or, with `answered`, the
    /// post or comment it replies to has).
    Heated { after: Vec<Category>, #[serde(default)] answered: bool },
    MissingAltText {},
}

/// What a phrase rule reads: its words, and when a hit of them does not count.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhraseCheck {
    pub terms: Terms,
    /// A hit is dropped when one of these stands in the same paragraph (anywhere in the
    /// post, for a `scope = "post"` rule).
    #[serde(default)]
    pub unless: Terms,
    /// A hit counts only with one of these within `window` words of it.
    #[serde(default)]
    pub near: Terms,
    #[serde(default)]
    pub window: Option<usize>,
    /// Drop hits when the post cites a source (a link with a path, a DOI, a citation).
    #[serde(default)]
    pub unless_source: bool,
    /// Drop hits inside quotation marks: quoting what one received is not saying it.
    #[serde(default)]
    pub unless_quoted: bool,
    /// Drop a hit when the learned layer reads its sentence as clearly fine for the rule's
    /// category: one's own sick leave, a photo everyone agreed to, a public "Dear colleagues".
    #[serde(default)]
    pub unless_learned: bool,
    /// Drop a hit when its sentence speaks of the writer ("I'm on sick leave") and names no
    /// one else: one's own news is one's own to share.
    #[serde(default)]
    pub unless_self: bool,
    /// Offer removing the flagged phrase as a fix.
    #[serde(default)]
    pub removable: bool,
}

/// What a `cue-value` rule reads: the cues, the shape of the value they announce, how far it
/// may stand, and when a cue does not count.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CueValue {
    pub cues: Terms,
    /// Everyday cue words that count only with the value right after them (`koodi on 4471`).
    #[serde(default)]
    pub close_cues: Terms,
    pub value: ValueShape,
    /// How many words may stand between a cue and its value.
    pub window: usize,
    /// A cue is dropped when one of these stands in its sentence or paragraph (`unless_in`).
    #[serde(default)]
    pub unless: Terms,
    #[serde(default)]
    pub unless_in: Reach,
    /// A cue counts without a value after it too (the finding is then the cue alone).
    #[serde(default)]
    pub value_optional: bool,
    #[serde(default)]
    pub flag: Flagged,
    /// Offer removing what is flagged as a fix.
    #[serde(default)]
    pub removable: bool,
}

/// The values a `cue-value` rule can look for (`src/rules/cue_value.rs` says what each is).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ValueShape {
    Password,
    Digits,
    Money,
}

/// How far an `unless` word reaches from a cue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Reach {
    /// The cue's sentence, up to the end of the value.
    #[default]
    Sentence,
    /// The cue's paragraph (paragraphs are separated by a blank line).
    Paragraph,
}

/// What a `cue-value` finding covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Flagged {
    /// The cue and its value: `Password: Summer2024!`.
    #[default]
    CueAndValue,
    /// The value alone: the code in `verification code is 482913`.
    Value,
}

/// What a `link-list` rule reads: which part of a link to look at, and the list.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkList {
    pub part: LinkPart,
    /// Host names, file extensions, words or mail domains, in lower case, word for word.
    pub list: Vec<Literal>,
    /// Only links written with this scheme count (`http`).
    #[serde(default)]
    pub scheme: Option<String>,
}

/// The part of a link a `link-list` rule compares with its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LinkPart {
    /// The host, without `www.` (`bit.ly`); a bare host needs a path or a scheme to be a link.
    Host,
    /// The file extension of the path's last segment (`exe`).
    Extension,
    /// Words anywhere in the host and path (`login` in `portal.example.org/login`).
    Address,
    /// The domain of an e-mail address (`gmail.com`), not a link at all.
    MailDomain,
}

/// A category the learned layer checks for this pack, with what the person reads when it fires.
/// A pack that leaves a category out switches the model off for it.
#[derive(Clone, Debug)]
pub(crate) struct Learned {
    pub category: Category,
    /// Where the category stands in the pack, for the checker's error when the model lacks it.
    pub at: (usize, usize),
    pub section: String,
    pub message: Localized,
}

impl Learned {
    /// The rule id its findings carry, so that settings can turn it off like any rule.
    pub fn id(&self) -> String {
        format!("learned-{}", self.category)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnedHead {
    category: Spanned<Category>,
    section: Spanned<String>,
    message: Localized,
}

/// What the organisation tells its staff beside the rules: what to do when harassed, where
/// help is, its intranet. Shown in the popup, in the person's language.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Help {
    /// What to do when harassed online, in two or three sentences.
    pub harassed: Localized,
    /// Who helps (contacts by role, not people's names) and where the guides are.
    pub contacts: Localized,
    /// Left out when the organisation's intranet has no public address to link to.
    #[serde(default)]
    pub intranet: Option<Intranet>,
}

/// The organisation's intranet, where its staff find the full guides.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intranet {
    pub name: Localized,
    pub url: String,
}

/// Advice for one role, shown in the popup's guidelines.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub role: Role,
    pub text: Localized,
}

/// Everything of a pack file but its rules, which are decoded one by one (see `decode_rule`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackInfo,
    help: Help,
    #[serde(default)]
    tip: Vec<Tip>,
    section: Vec<Section>,
    #[serde(default)]
    learned: Vec<LearnedHead>,
}

/// A loaded guideline pack: decoded, its references checked. [`crate::Checker`] compiles it.
#[derive(Clone, Debug)]
pub struct Pack {
    /// The file name errors give.
    pub(crate) origin: String,
    pub(crate) info: PackInfo,
    pub(crate) help: Help,
    pub(crate) tips: Vec<Tip>,
    pub(crate) sections: Vec<Section>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) learned: Vec<Learned>,
}

/// The largest pack source: twelve times the built-in one (88 KB), which loads in a tenth of a
/// second in the service worker; a 5 MB pack takes two seconds and a fifth of a gigabyte.
const MAX_PACK_BYTES: usize = 1024 * 1024;

impl Pack {
    /// Loads a pack from TOML source; `file` names it in errors.
    pub fn from_toml(source: &str, file: &str) -> Result<Pack, Error> {
        if source.len() > MAX_PACK_BYTES {
            let kb = |bytes: usize| bytes.div_ceil(1024);
            return Err(Error::at(file, source, None, format!("the pack is {} KB; a pack may be at most {} KB", kb(source.len()), kb(MAX_PACK_BYTES))));
        }
        let toml_error = |e: toml::de::Error| Error::at(file, source, e.span().map(|s| s.start), e.message().trim_end());
        let mut document = DeTable::parse(source).map_err(toml_error)?;
        let rules = document.get_mut().remove("rule");
        let parsed = PackFile::deserialize(toml::de::Deserializer::from(document)).map_err(toml_error)?;
        let mut sections = HashSet::new();
        for section in &parsed.section {
            if !sections.insert(section.id.as_str()) {
                return Err(Error { origin: file.to_string(), position: None, message: format!("section `{}` is defined twice", section.id) });
            }
        }
        let rules = match rules {
            None => Vec::new(),
            Some(rules) => match rules.get_ref() {
                DeValue::Array(rules) => rules.iter().map(|rule| decode_rule(rule, &sections, source, file)).collect::<Result<Vec<_>, _>>()?,
                _ => return Err(Error::at(file, source, Some(rules.span().start), "`rule` must be an array of tables, written [[rule]]")),
            },
        };
        let mut ids = HashSet::new();
        if let Some(twice) = rules.iter().find(|rule| !ids.insert(rule.id.as_str())) {
            return Err(Error { origin: file.to_string(), position: Some(twice.at), message: format!("rule `{}` is defined twice", twice.id) });
        }
        let mut learned = Vec::new();
        for spec in parsed.learned {
            let category = *spec.category.get_ref();
            if learned.iter().any(|l: &Learned| l.category == category) {
                return Err(Error::at(file, source, Some(spec.category.span().start), format!("learned category `{category}` is listed twice")));
            }
            if !sections.contains(spec.section.get_ref().as_str()) {
                let message = format!("learned category `{category}` points to section `{}`, which the pack does not define", spec.section.get_ref());
                return Err(Error::at(file, source, Some(spec.section.span().start), message));
            }
            learned.push(Learned { at: position(source, spec.category.span().start), category, section: spec.section.into_inner(), message: spec.message });
        }
        Ok(Pack { origin: file.to_string(), info: parsed.pack, help: parsed.help, tips: parsed.tip, sections: parsed.section, rules, learned })
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }

    pub fn name(&self, lang: Lang) -> &str {
        self.info.name.get(lang)
    }

    pub fn url(&self) -> &str {
        &self.info.url
    }

    pub fn version(&self) -> u32 {
        self.info.version
    }

    /// What to do when harassed, where help is, the intranet.
    pub fn help(&self) -> &Help {
        &self.help
    }

    /// The advice for `role`, in pack order.
    pub fn tips(&self, role: Role) -> impl Iterator<Item = &Localized> + '_ {
        self.tips.iter().filter(move |tip| tip.role == role).map(|tip| &tip.text)
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every rule id with its category, in pack order, then the learned layer's categories.
    pub fn rule_ids(&self) -> impl Iterator<Item = (String, Category)> + '_ {
        let rules = self.rules.iter().map(|r| (r.id.clone(), r.category));
        rules.chain(self.learned.iter().map(|l| (l.id(), l.category)))
    }

    /// How many `flagged` and `fine` examples the rules carry.
    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.flagged.len() + r.fine.len()).sum()
    }
}

/// Decodes one `[[rule]]` table: the fields every rule has, then its `check` with that check's
/// own fields, each side rejecting keys it does not know.
fn decode_rule(rule: &Spanned<DeValue>, sections: &HashSet<&str>, source: &str, file: &str) -> Result<Rule, Error> {
    let toml_error = |e: toml::de::Error| Error::at(file, source, e.span().map(|s| s.start), e.message().trim_end());
    let span = rule.span();
    let DeValue::Table(table) = rule.get_ref() else {
        return Err(Error::at(file, source, Some(span.start), "a rule must be a table, written [[rule]]"));
    };
    let (mut head, mut fields) = (DeTable::new(), DeTable::new());
    let mut check = Spanned::new(span.clone(), DeValue::String("phrase".into()));
    for (key, value) in table.iter() {
        if key.get_ref() == "check" {
            check = value.clone();
        } else if RuleHead::FIELDS.contains(&key.get_ref().as_ref()) {
            head.insert(key.clone(), value.clone());
        } else {
            fields.insert(key.clone(), value.clone());
        }
    }
    let head = RuleHead::deserialize(ValueDeserializer::from(Spanned::new(span.clone(), DeValue::Table(head)))).map_err(toml_error)?;
    let id = head.id.get_ref();
    let at = position(source, head.id.span().start);
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(Error::at(file, source, Some(head.id.span().start), format!("rule id `{id}` must be lower-case letters, digits and dashes")));
    }
    if !sections.contains(head.section.get_ref().as_str()) {
        let mut known: Vec<&str> = sections.iter().copied().collect();
        known.sort_unstable();
        let message = format!("rule `{id}` points to section `{}`, which the pack does not define (it has: {})", head.section.get_ref(), known.join(", "));
        return Err(Error::at(file, source, Some(head.section.span().start), message));
    }
    let Some(name) = check.get_ref().as_str() else {
        return Err(Error::at(file, source, Some(check.span().start), format!("rule `{id}`: `check` must be the name of a check")));
    };
    // An externally tagged enum: `{ <check> = { <its fields> } }`, the tag placed where `check`
    // stands so that an unknown check is reported there.
    let mut tagged = DeTable::new();
    tagged.insert(Spanned::new(check.span(), name.to_string().into()), Spanned::new(span.clone(), DeValue::Table(fields)));
    let check = Check::deserialize(ValueDeserializer::from(Spanned::new(span, DeValue::Table(tagged))))
        .map_err(|e| Error::at(file, source, e.span().map(|s| s.start), format!("rule `{id}`: {}", check_error(name, e.message().trim_end()))))?;
    if head.underline == Underline::Sentence {
        let refused = match &check {
            _ if head.scope == Scope::Post => Some("is for underlined findings, not for advice about the post (`scope = \"post\"`)"),
            Check::Phrase(phrase) if phrase.removable => Some("cannot go with `removable`: the fix removes the flagged words, not the sentence that is underlined"),
            Check::Phrase(_) | Check::PrivateMatter { .. } => None,
            _ => Some("is for `phrase` and `private-matter` rules, whose findings offer no fix (a fix changes the flagged words, not the sentence)"),
        };
        if let Some(why) = refused {
            return Err(Error::at(file, source, Some(head.id.span().start), format!("rule `{id}`: `underline = \"sentence\"` {why}")));
        }
    }
    Ok(Rule {
        id: head.id.get_ref().clone(),
        at,
        category: head.category,
        section: head.section.into_inner(),
        severity: head.severity,
        scope: head.scope,
        underline: head.underline,
        roles: head.roles,
        contexts: head.contexts,
        with_attachment: head.with_attachment,
        message: head.message,
        flagged: head.flagged,
        fine: head.fine,
        details: head.details,
        check,
    })
}

/// Says a check's decoding error in the pack's words: which check, and which fields it has.
fn check_error(check: &str, message: &str) -> String {
    if let Some(keys) = message.strip_prefix("unexpected keys in table: ") {
        let (unknown, known) = keys.split_once(", available keys:").map_or((keys, ""), |(u, k)| (u, k.trim()));
        let known = if known.is_empty() { "it has no fields of its own".to_string() } else { format!("its fields: {known}") };
        return format!("check `{check}` has no field `{unknown}` ({known}; every rule has: {})", RuleHead::FIELDS.join(", "));
    }
    match message.strip_prefix(&format!("unknown variant `{check}`")) {
        Some(rest) => format!("unknown check `{check}`{rest}"),
        None => message.to_string(),
    }
}

/// Splits an example written with the flagged parts between `[[` and `]]` into the plain text
/// and the flagged substrings. An unclosed `[[` is kept as text.
pub(crate) fn parse_example(example: &str) -> (String, Vec<String>) {
    let mut plain = String::new();
    let mut marked = Vec::new();
    let mut rest = example;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]").map(|c| open + c) else { break };
        plain.push_str(&rest[..open]);
        marked.push(rest[open + 2..close].to_string());
        plain.push_str(&rest[open + 2..close]);
        rest = &rest[close + 2..];
    }
    plain.push_str(rest);
    (plain, marked)
}

// The compiled form of a pack (`crate::binary`), which the build writes for the built-in one.
binary_enum!(Category { PersonalId, ContactData, Financial, Credentials, Confidential, ThirdPartyPersonal, Consent, SuspiciousLink, PiracyLink, Copyright, Harassment, Incivility, OpinionAsResearch, InternalComm, Tip });
binary_enum!(Severity { Tip, Warn, Stop });
binary_enum!(Scope { Span, Post });
binary_enum!(Underline { Words, Sentence });
binary_enum!(DraftContext { Post, Reply, Comment });
binary_enum!(Role { Researcher, Teacher, Supervisor, Communications });
binary_enum!(Lang { En, Fi, Sv });
binary_struct!(Localized { en, fi, sv });
binary_struct!(Terms<T> { all, en, fi, sv });
binary_struct!(AllLiterals { all });
binary_struct!(Section { id, url, title, summary });
binary_struct!(PackInfo { id, name, url, version });
binary_struct!(Rule { id, at, category, section, severity, scope, underline, roles, contexts, with_attachment, message, details, flagged, fine, check });
binary_enum!(Check {
    Phrase(spec),
    LinkList(spec),
    CueValue(spec),
    FinnishId {},
    SwedishId {},
    PrivatePhone {},
    HomeAddress { terms, near, unless },
    Iban {},
    PaymentCard {},
    LoginPair { terms },
    ApiToken {},
    PrivateKey {},
    IpLink { near },
    LookalikeDomain { terms },
    UserinfoLink {},
    PiracyLink { terms, near },
    Shouting { terms },
    HashtagCase { terms },
    OrganisationTerms {},
    PrivateMatter { unless },
    Heated { after, answered },
    MissingAltText {},
});
binary_struct!(PhraseCheck { terms, unless, near, window, unless_source, unless_quoted, unless_learned, unless_self, removable });
binary_struct!(CueValue { cues, close_cues, value, window, unless, unless_in, value_optional, flag, removable });
binary_enum!(ValueShape { Password, Digits, Money });
binary_enum!(Reach { Sentence, Paragraph });
binary_enum!(Flagged { CueAndValue, Value });
binary_struct!(LinkList { part, list, scheme });
binary_enum!(LinkPart { Host, Extension, Address, MailDomain });
binary_struct!(Learned { category, at, section, message });
binary_struct!(Help { harassed, contacts, intranet });
binary_struct!(Intranet { name, url });
binary_struct!(Tip { role, text });
binary_struct!(Pack { origin, info, help, tips, sections, rules, learned });

impl Binary for Literal {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
    }

    fn read(input: &mut Input) -> Literal {
        Literal(String::read(input))
    }
}

/// A minimal valid pack, which the tests here and in the checker edit into the case they need.
#[cfg(test)]
pub(crate) const MINIMAL: &str = r#"
[pack]
id = "demo"
name = { en = "Demo", fi = "Demo", sv = "Demo" }
url = "https://example.org/guidelines"
version = 1

[[section]]
id = "privacy"
url = "https://example.org/guidelines#privacy"
title = { en = "Privacy", fi = "Yksityisyys", sv = "Integritet" }
summary = { en = "Keep it private.", fi = "Pidä yksityisenä.", sv = "Håll det privat." }

[[rule]]
id = "secret-word"
category = "confidential"
section = "privacy"
severity = "warn"
message = { en = "Secret.", fi = "Salainen.", sv = "Hemlig." }
terms.en = ["project falcon"]

[help]
harassed = { en = "Block.", fi = "Estä.", sv = "Blockera." }
contacts = { en = "HR helps.", fi = "HR auttaa.", sv = "HR hjälper." }
intranet = { name = { en = "Intra", fi = "Intra", sv = "Intra" }, url = "https://intra.example.org/" }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in pack's source, which the build compiles (`build.rs`); the checker reads the
    /// compiled form ([`Pack::builtin`]).
    const BUILTIN_NAME: &str = "guidelines/helsinki.toml";
    const BUILTIN: &str = include_str!("../guidelines/helsinki.toml");

    /// Loading is not the whole validation: the checker compiles the pack, and compiling is
    /// what validates its rules. The built-in pack goes through both here, and through nothing
    /// less when the extension starts.
    fn compile(source: &str, file: &str) -> Result<crate::Checker, Error> {
        crate::Checker::with_pack(Pack::from_toml(source, file)?, &crate::Options::default())
    }

    const KELA: &str = include_str!("../guidelines/kela.toml");

    /// What would show that another organisation's pack still speaks of the University of
    /// Helsinki: its name in any language, its intranet, its domain, its abbreviation.
    fn helsinki_in(text: &str) -> Option<&'static str> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
        ["helsinki", "helsingin", "helsingfors", "flamma", "yliopisto", "university", "universitet", "unihelsinki"]
            .into_iter()
            .find(|name| lower.contains(name))
            .or_else(|| words.contains(&"hy").then_some("HY"))
    }

    /// Kela's pack (written from Kela's public guidelines) compiles, passes its examples, and
    /// nothing it yields, in any language, names the University of Helsinki: not its messages,
    /// details, sections, help, intranet or tips (what the popup shows), nor the findings it
    /// gives on every example of the built-in pack.
    #[test]
    fn another_organisations_pack_shows_nothing_of_helsinki() {
        let checker = compile(KELA, "guidelines/kela.toml").unwrap_or_else(|e| panic!("{e}"));
        let failures = checker.failing_examples();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let pack = checker.pack();
        let mut texts: Vec<String> = vec![pack.url().to_string()];
        let mut localized: Vec<&Localized> = vec![&pack.info.name, &pack.help.harassed, &pack.help.contacts];
        localized.extend(pack.help.intranet.as_ref().map(|i| &i.name));
        localized.extend(pack.tips.iter().map(|t| &t.text));
        localized.extend(pack.sections.iter().flat_map(|s| [&s.title, &s.summary]));
        localized.extend(pack.rules.iter().flat_map(|r| std::iter::once(&r.message).chain(r.details.values())));
        localized.extend(pack.learned.iter().map(|l| &l.message));
        texts.extend(localized.iter().flat_map(|l| Lang::ALL.map(|lang| l.get(lang).to_string())));
        texts.extend(pack.sections.iter().map(|s| s.url.clone()));
        let drafts: Vec<String> = Pack::builtin().rules.iter().flat_map(|r| r.flagged.iter().chain(&r.fine)).map(|e| parse_example(e).0).collect();
        let mut found = 0;
        for messages in Lang::ALL {
            let checker = crate::Checker::with_pack(Pack::from_toml(KELA, "kela.toml").unwrap(), &crate::Options { messages, ..crate::Options::default() }).unwrap();
            for finding in drafts.iter().flat_map(|draft| checker.check(draft)) {
                found += 1;
                texts.extend([finding.message, finding.guideline.title, finding.guideline.url]);
            }
        }
        // Enough findings that their texts are a real sample (how many depends on the learned layer).
        assert!(found >= 20, "Kela's pack flags the built-in pack's examples too ({found} findings)");
        for text in &texts {
            assert_eq!(helsinki_in(text), None, "Helsinki in Kela's pack: {text}");
        }
        assert_eq!(helsinki_in("Ensiapuohje on Flamma-intranetissä."), Some("flamma"), "the test can fail");
        assert_eq!(helsinki_in("Tervetuloa HY:n avoimiin oviin"), Some("HY"), "the test can fail");
    }

    #[test]
    fn builtin_pack_compiles() {
        let checker = compile(BUILTIN, BUILTIN_NAME).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checker.pack().id(), "helsinki");
        assert!(checker.pack().sections().len() >= 6);
    }


    #[test]
    fn minimal_pack_loads() {
        let pack = Pack::from_toml(MINIMAL, "demo.toml").unwrap();
        assert_eq!(pack.rule_ids().collect::<Vec<_>>(), [("secret-word".to_string(), Category::Confidential)]);
    }

    #[test]
    fn scope_is_span_unless_the_pack_says_post() {
        let pack = Pack::from_toml(&MINIMAL.replace("severity = \"warn\"", "severity = \"warn\"\nscope = \"post\""), "demo.toml").unwrap();
        assert_eq!(pack.rules[0].scope, Scope::Post);
        assert_eq!(Pack::from_toml(MINIMAL, "demo.toml").unwrap().rules[0].scope, Scope::Span);
        let builtin = Pack::builtin();
        let post: Vec<&str> = builtin.rules.iter().filter(|r| r.scope == Scope::Post).map(|r| r.id.as_str()).collect();
        assert_eq!(post, ["photo-attached-consent", "heated-reply", "missing-alt-text", "university-hashtag"]);
    }

    #[test]
    fn a_pack_is_at_most_a_megabyte() {
        let padded = |bytes: usize| format!("{MINIMAL}#{}\n", "x".repeat(bytes - MINIMAL.len() - 2));
        assert!(Pack::from_toml(&padded(MAX_PACK_BYTES), "demo.toml").is_ok());
        let error = Pack::from_toml(&padded(5 * 1024 * 1024), "demo.toml").unwrap_err().to_string();
        assert_eq!(error, "demo.toml: the pack is 5120 KB; a pack may be at most 1024 KB");
    }

    #[test]
    fn mistakes_are_reported_with_file_line_and_reason() {
        let wordy = format!("terms.en = [\"{}\"]", ["aa*"; 9].join(" "));
        let sharing = format!("terms.en = [{}]", (0..17).map(|i| format!("\"project {i}\"")).collect::<Vec<_>>().join(", "));
        let cases = [
            ("severity = \"warn\"", "severity = \"loud\"", "demo.toml:18:12: unknown variant `loud`"),
            ("category = \"confidential\"", "category = \"secrets\"", "demo.toml:16:12: unknown variant `secrets`"),
            ("section = \"privacy\"\nseverity", "section = \"privcy\"\nseverity", "demo.toml:17:11: rule `secret-word` points to section `privcy`"),
            ("sv = \"Hemlig.\" }", "se = \"Hemlig.\" }", "demo.toml:19:47: unknown field `se`"),
            ("terms.en = [\"project falcon\"]", "terms.en = [\"Project Falcon\"]", "rule `secret-word`: term `Project Falcon` must be written in lower case"),
            ("terms.en = [\"project falcon\"]", "terms.en = []", "rule `secret-word`: a phrase rule needs terms"),
            ("id = \"secret-word\"", "id = \"secret-word\"\ncheck = \"telepathy\"", "unknown check `telepathy`"),
            ("version = 1", "version = 1\nextra = true", "demo.toml:7:1: unknown field `extra`"),
            ("[[rule]]", "[[rule]", "demo.toml:14:"),
            ("terms.en = [\"project falcon\"]", "part = \"host\"\nlist = [\"example.org\"]\nunless_self = true\ncheck = \"link-list\"", "demo.toml:22:1: rule `secret-word`: unknown field `unless_self`, expected one of `part`, `list`, `scheme`"),
            ("terms.en = [\"project falcon\"]", "part = \"path\"\nlist = [\"x\"]\ncheck = \"link-list\"", "demo.toml:20:8: rule `secret-word`: unknown variant `path`, expected one of `host`, `extension`, `address`, `mail-domain`"),
            ("terms.en = [\"project falcon\"]", "part = \"host\"\nlist = [\"Bit.ly\"]\ncheck = \"link-list\"", "demo.toml:15:6: rule `secret-word`: list entry `Bit.ly` must be written in lower case"),
            ("terms.en = [\"project falcon\"]", "part = \"host\"\nlist = [\"bit.ly\", \"*.example.org\"]\ncheck = \"link-list\"", "demo.toml:21:19: rule `secret-word`: `*.example.org`: this list is compared word for word, so `*` is not a wildcard here"),
            ("terms.en = [\"project falcon\"]", "terms.all = [\"UniHelsinki*\"]\ncheck = \"hashtag-case\"", "demo.toml:20:14: rule `secret-word`: `UniHelsinki*`: this list is compared word for word"),
            ("terms.en = [\"project falcon\"]", "terms.all = [\"example.org\"]\nterms.en = [\"example\"]\ncheck = \"lookalike-domain\"", "demo.toml:21:7: rule `secret-word`: unknown field `en`, expected `all`"),
            ("terms.en = [\"project falcon\"]", "removable = true\ncheck = \"iban\"", "demo.toml:20:1: rule `secret-word`: check `iban` has no field `removable` (it has no fields of its own;"),
            ("terms.en = [\"project falcon\"]", "check = \"cue-value\"", "rule `secret-word`: missing field `cues`"),
            ("terms.en = [\"project falcon\"]", "check = \"api-token\"", "demo.toml:15:6: rule `secret-word`: `details.aws-access-key-id` is missing: the check names aws-access-key-id, github-token"),
            ("terms.en = [\"project falcon\"]", "terms.en = [\"project falcon\"]\ndetails.kind = { en = \"a\", fi = \"a\", sv = \"a\" }", "rule `secret-word`: `details.kind` is not a detail of this check (it names no details)"),
            ("en = \"Secret.\"", "en = \"Secret: {detail}.\"", "rule `secret-word`: the message has `{detail}`, but this check names no details to fill it with"),
            ("terms.en = [\"project falcon\"]", "cues.en = [\"pin\"]\nvalue = \"digits\"\nwindow = 40\ncheck = \"cue-value\"", "demo.toml:15:6: rule `secret-word`: `window` is at most 12 words"),
            ("terms.en = [\"project falcon\"]", "terms.en = [\"project falcon\"]\nnearby.en = [\"falcon\"]", "demo.toml:21:1: rule `secret-word`: unknown field `nearby`, expected one of `terms`, `unless`, `near`"),
            ("terms.en = [\"project falcon\"]", "terms.en = [\"project falcon\"]\nwindow = 3", "demo.toml:15:6: rule `secret-word`: `window` needs `near` terms"),
            ("category = \"confidential\"", "category = \"financial\"\nunless_learned = true", "`unless_learned` works for rules of the learned layer's categories only"),
            ("[[rule]]", "[[learned]]\ncategory = \"financial\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "demo.toml:15:12: the learned layer has no model for `financial`"),
            ("[[rule]]", "[[learned]]\ncategory = \"harassment\"\nsection = \"nowhere\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "points to section `nowhere`"),
            ("[[rule]]", "[[learned]]\ncategory = \"harassment\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n[[learned]]\ncategory = \"harassment\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "learned category `harassment` is listed twice"),
            ("severity = \"warn\"", "severity = \"warn\"\nscope = \"paragraph\"", "demo.toml:19:9: unknown variant `paragraph`, expected `span` or `post`"),
            ("severity = \"warn\"", "severity = \"warn\"\ncontexts = [\"message\"]", "demo.toml:19:13: unknown variant `message`, expected one of `post`, `reply`, `comment`"),
            ("terms.en = [\"project falcon\"]", "check = \"heated\"", "rule `secret-word`: missing field `after`"),
            ("terms.en = [\"project falcon\"]", "check = \"heated\"\nafter = []", "rule `secret-word`: a `heated` rule needs the categories it follows in `after`"),
            ("severity = \"warn\"", "severity = \"warn\"\nscope = \"post\"\nremovable = true", "demo.toml:15:6: rule `secret-word`: a post-level rule (`scope = \"post\"`) cannot be `removable`"),
            ("severity = \"warn\"", "severity = \"warn\"\nunderline = \"paragraph\"", "demo.toml:19:13: unknown variant `paragraph`, expected `words` or `sentence`"),
            ("severity = \"warn\"", "severity = \"warn\"\nunderline = \"sentence\"\nscope = \"post\"", "demo.toml:15:6: rule `secret-word`: `underline = \"sentence\"` is for underlined findings, not for advice about the post"),
            ("severity = \"warn\"", "severity = \"warn\"\nunderline = \"sentence\"\nremovable = true", "demo.toml:15:6: rule `secret-word`: `underline = \"sentence\"` cannot go with `removable`"),
            ("terms.en = [\"project falcon\"]", "underline = \"sentence\"\ncheck = \"iban\"", "demo.toml:15:6: rule `secret-word`: `underline = \"sentence\"` is for `phrase` and `private-matter` rules"),
            ("terms.en = [\"project falcon\"]", wordy.as_str(), "demo.toml:15:6: rule `secret-word`: term `aa* aa* aa* aa* aa* aa* aa* aa* aa*…` has more than 8 words"),
            ("terms.en = [\"project falcon\"]", sharing.as_str(), "demo.toml:15:6: rule `secret-word`: more than 16 terms begin like `project`; at most 16 may"),
        ];
        for (from, to, expected) in cases {
            let broken = MINIMAL.replacen(from, to, 1);
            assert_ne!(broken, MINIMAL, "case {to} did not edit the pack");
            let error = compile(&broken, "demo.toml").err().unwrap_or_else(|| panic!("{to}: accepted")).to_string();
            assert!(error.contains(expected), "{to}: got {error}");
        }
    }
}
