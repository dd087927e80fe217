//! A guideline pack: the organisation's guideline sections and its rules, as data.
//!
//! The University of Helsinki pack (`guidelines/helsinki.toml`) is built in. Another organisation
//! writes its own pack without touching Rust; `guidelines/README.md` documents the format. A pack
//! with a mistake is rejected with the file, the line and what is wrong.

use crate::checker::Role;
use crate::finding::{Category, Scope, Severity};
use crate::lang::Lang;
use crate::lexicon::LexiconBuilder;
use crate::rules;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use toml::Spanned;

const BUILTIN_NAME: &str = "guidelines/helsinki.toml";
const BUILTIN: &str = include_str!("../guidelines/helsinki.toml");

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
        let position = offset.map(|offset| {
            let before = &source[..offset.min(source.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        });
        Error { origin: file.to_string(), position, message: message.into() }
    }
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
/// (host names, hashtags, product names).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Terms {
    #[serde(default)]
    pub all: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub fi: Vec<String>,
    #[serde(default)]
    pub sv: Vec<String>,
}

impl Terms {
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Every term with its language (`None` for `all`).
    pub fn iter(&self) -> impl Iterator<Item = (Option<Lang>, &str)> {
        let tagged = [(None, &self.all), (Some(Lang::En), &self.en), (Some(Lang::Fi), &self.fi), (Some(Lang::Sv), &self.sv)];
        tagged.into_iter().flat_map(|(lang, terms)| terms.iter().map(move |t| (lang, t.as_str())))
    }

    /// Adds every term to a new list of `builder` and returns the list.
    pub fn register(&self, builder: &mut LexiconBuilder) -> Result<crate::lexicon::ListId, String> {
        let list = builder.new_list();
        for (lang, term) in self.iter() {
            builder.add(list, lang, term)?;
        }
        Ok(list)
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

/// One rule of a pack. `check` names a computed check (`finnish-id`, `iban`, …); without it the
/// rule is a phrase rule that flags its `terms`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSpec {
    pub id: Spanned<String>,
    #[serde(default)]
    pub check: Option<Spanned<String>>,
    pub category: Category,
    pub section: Spanned<String>,
    pub severity: Severity,
    /// `post` for advice about the post as a whole (a hint beside the compose box, not an
    /// underline); `span`, the default, when the flagged text is the problem.
    #[serde(default)]
    pub scope: Scope,
    /// Severity for a role when it differs, e.g. `roles.teacher = "stop"`.
    #[serde(default)]
    pub roles: BTreeMap<Role, Severity>,
    /// What the person reads; `{detail}` is filled in by computed checks (e.g. which token kind).
    pub message: Localized,
    #[serde(default)]
    pub terms: Terms,
    /// A phrase hit is dropped when any of these occur anywhere in the post.
    #[serde(default)]
    pub unless: Terms,
    /// A phrase hit counts only with one of these within `window` words of it.
    #[serde(default)]
    pub near: Terms,
    #[serde(default)]
    pub window: Option<usize>,
    /// Drop phrase hits when the post links to a source (a URL or a DOI).
    #[serde(default)]
    pub unless_source: bool,
    /// Drop phrase hits inside quotation marks: quoting what one received is not saying it.
    #[serde(default)]
    pub unless_quoted: bool,
    /// Drop a hit when the learned layer reads its sentence as clearly fine for the rule's
    /// category: one's own sick leave, a photo everyone agreed to, a public "Dear colleagues".
    #[serde(default)]
    pub unless_learned: bool,
    /// Drop a hit when its sentence speaks of the writer ("I'm on sick leave") and names no one
    /// else: one's own news is one's own to share.
    #[serde(default)]
    pub unless_self: bool,
    /// Offer removing the flagged phrase as a fix.
    #[serde(default)]
    pub removable: bool,
    /// Examples that must be flagged, the flagged part between `[[` and `]]`; checked by the
    /// tests and by `guidepost pack-test`.
    #[serde(default)]
    pub flagged: Vec<String>,
    /// Near misses that must not be flagged.
    #[serde(default)]
    pub fine: Vec<String>,
}

/// A category the learned layer checks for this pack, with what the person reads when it fires.
/// A pack that leaves a category out switches the model off for it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LearnedSpec {
    pub category: Spanned<Category>,
    pub section: Spanned<String>,
    pub message: Localized,
}

impl LearnedSpec {
    /// The rule id its findings carry, so that settings can turn it off like any rule.
    pub fn id(&self) -> String {
        format!("learned-{}", self.category.get_ref())
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackInfo,
    section: Vec<Section>,
    rule: Vec<RuleSpec>,
    #[serde(default)]
    learned: Vec<LearnedSpec>,
}

/// A loaded and validated guideline pack.
#[derive(Clone, Debug)]
pub struct Pack {
    pub(crate) info: PackInfo,
    pub(crate) sections: Vec<Section>,
    pub(crate) rules: Vec<RuleSpec>,
    pub(crate) learned: Vec<LearnedSpec>,
}

impl Pack {
    /// The built-in University of Helsinki pack.
    pub fn builtin() -> Pack {
        // Validated by the tests (`builtin_pack_loads`), so not again on every start: building
        // every rule twice would double the extension's start-up time.
        Pack::parse(BUILTIN, BUILTIN_NAME).expect("the built-in pack parses (tested)")
    }

    /// Loads a pack from TOML source; `file` names it in errors.
    pub fn from_toml(source: &str, file: &str) -> Result<Pack, Error> {
        let pack = Pack::parse(source, file)?;
        pack.validate().map_err(|(offset, message)| Error::at(file, source, offset, message))?;
        Ok(pack)
    }

    fn parse(source: &str, file: &str) -> Result<Pack, Error> {
        let parsed: PackFile = toml::from_str(source).map_err(|e| {
            let message = e.message().trim_end().to_string();
            Error::at(file, source, e.span().map(|s| s.start), message)
        })?;
        Ok(Pack { info: parsed.pack, sections: parsed.section, rules: parsed.rule, learned: parsed.learned })
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

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every rule id with its category, in pack order, then the learned layer's categories.
    pub fn rule_ids(&self) -> impl Iterator<Item = (String, Category)> + '_ {
        let rules = self.rules.iter().map(|r| (r.id.get_ref().clone(), r.category));
        rules.chain(self.learned.iter().map(|l| (l.id(), *l.category.get_ref())))
    }

    /// How many `flagged` and `fine` examples the rules carry.
    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.flagged.len() + r.fine.len()).sum()
    }

    /// Runs every rule's `flagged` and `fine` examples through a checker on this pack and
    /// returns one line per example that does not behave as written (empty when all pass).
    pub fn failing_examples(&self) -> Vec<String> {
        let checker = match crate::Checker::with_pack(self.clone(), &crate::Options::default()) {
            Ok(checker) => checker,
            Err(error) => return vec![error.to_string()],
        };
        let mut failures = Vec::new();
        for rule in &self.rules {
            let id = rule.id.get_ref();
            let found = |text: &str| -> Vec<String> {
                checker.check(text).into_iter().filter(|f| f.rule == *id).map(|f| text[f.span.start..f.span.end].to_string()).collect()
            };
            for example in &rule.flagged {
                let (text, expected) = parse_example(example);
                let got = found(&text);
                if expected.is_empty() || got != expected {
                    failures.push(format!("rule `{id}` should flag {expected:?} in {text:?}, found {got:?}"));
                }
            }
            for text in &rule.fine {
                let got = found(text);
                if !got.is_empty() {
                    failures.push(format!("rule `{id}` should stay quiet on {text:?}, found {got:?}"));
                }
            }
        }
        failures
    }

    /// Checks what serde cannot: references, uniqueness, and that every rule can be built.
    fn validate(&self) -> Result<(), (Option<usize>, String)> {
        let mut section_ids = HashSet::new();
        for section in &self.sections {
            if !section_ids.insert(section.id.as_str()) {
                return Err((None, format!("section `{}` is defined twice", section.id)));
            }
        }
        let mut rule_ids = HashSet::new();
        for rule in &self.rules {
            let id = rule.id.get_ref();
            let at = Some(rule.id.span().start);
            if !valid_id(id) {
                return Err((at, format!("rule id `{id}` must be lower-case letters, digits and dashes")));
            }
            if !rule_ids.insert(id.as_str()) {
                return Err((at, format!("rule `{id}` is defined twice")));
            }
            if !section_ids.contains(rule.section.get_ref().as_str()) {
                let known: Vec<&str> = self.sections.iter().map(|s| s.id.as_str()).collect();
                return Err((
                    Some(rule.section.span().start),
                    format!("rule `{id}` points to section `{}`, which the pack does not define (it has: {})", rule.section.get_ref(), known.join(", ")),
                ));
            }
            if let Some(check) = &rule.check {
                if rules::check_names().all(|name| name != check.get_ref()) {
                    let names: Vec<&str> = rules::check_names().collect();
                    return Err((Some(check.span().start), format!("rule `{id}`: unknown check `{}` (known checks: {})", check.get_ref(), names.join(", "))));
                }
            }
            if rule.unless_learned && (rule.check.is_some() || !crate::model::CATEGORIES.contains(&rule.category)) {
                return Err((at, format!("rule `{id}`: `unless_learned` works for phrase rules of the learned layer's categories only")));
            }
            if rule.unless_self && rule.check.is_some() {
                return Err((at, format!("rule `{id}`: `unless_self` works for phrase rules only")));
            }
            if rule.scope == Scope::Post && rule.removable {
                return Err((at, format!("rule `{id}`: a post-level rule (`scope = \"post\"`) cannot be `removable`: what prompted it is not what is wrong")));
            }
            if rule.window.is_some() && rule.near.is_empty() {
                return Err((at, format!("rule `{id}`: `window` needs `near` terms")));
            }
            rules::build(rule, &mut LexiconBuilder::default()).map_err(|message| (at, format!("rule `{id}`: {message}")))?;
        }
        let mut learned = HashSet::new();
        for spec in &self.learned {
            let category = *spec.category.get_ref();
            let at = Some(spec.category.span().start);
            if !crate::model::CATEGORIES.contains(&category) {
                let known: Vec<&str> = crate::model::CATEGORIES.iter().map(|c| c.as_str()).collect();
                return Err((at, format!("the learned layer has no model for `{category}` (it has: {})", known.join(", "))));
            }
            if !learned.insert(category) {
                return Err((at, format!("learned category `{category}` is listed twice")));
            }
            if !section_ids.contains(spec.section.get_ref().as_str()) {
                return Err((Some(spec.section.span().start), format!("learned category `{category}` points to section `{}`, which the pack does not define", spec.section.get_ref())));
            }
        }
        Ok(())
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

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_loads() {
        let pack = Pack::from_toml(BUILTIN, BUILTIN_NAME).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pack.id(), "helsinki");
        assert!(pack.sections().len() >= 6);
    }

    /// A minimal valid pack, edited by each case below into an invalid one.
    const MINIMAL: &str = r#"
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
"#;

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
        let post: Vec<&str> = builtin.rules.iter().filter(|r| r.scope == Scope::Post).map(|r| r.id.get_ref().as_str()).collect();
        assert_eq!(post, ["university-hashtag"]);
    }

    #[test]
    fn mistakes_are_reported_with_file_line_and_reason() {
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
            ("terms.en = [\"project falcon\"]", "terms.en = [\"project falcon\"]\nunless_self = true\ncheck = \"iban\"", "`unless_self` works for phrase rules only"),
            ("category = \"confidential\"", "category = \"financial\"\nunless_learned = true", "`unless_learned` works for phrase rules of the learned layer's categories only"),
            ("[[rule]]", "[[learned]]\ncategory = \"financial\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "demo.toml:15:12: the learned layer has no model for `financial`"),
            ("[[rule]]", "[[learned]]\ncategory = \"harassment\"\nsection = \"nowhere\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "points to section `nowhere`"),
            ("[[rule]]", "[[learned]]\ncategory = \"harassment\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n[[learned]]\ncategory = \"harassment\"\nsection = \"privacy\"\nmessage = { en = \"M\", fi = \"M\", sv = \"M\" }\n\n[[rule]]", "learned category `harassment` is listed twice"),
            ("severity = \"warn\"", "severity = \"warn\"\nscope = \"paragraph\"", "demo.toml:19:9: unknown variant `paragraph`, expected `span` or `post`"),
            ("severity = \"warn\"", "severity = \"warn\"\nscope = \"post\"\nremovable = true", "demo.toml:15:6: rule `secret-word`: a post-level rule (`scope = \"post\"`) cannot be `removable`"),
        ];
        for (from, to, expected) in cases {
            let broken = MINIMAL.replacen(from, to, 1);
            assert_ne!(broken, MINIMAL, "case {to} did not edit the pack");
            let error = Pack::from_toml(&broken, "demo.toml").unwrap_err().to_string();
            assert!(error.contains(expected), "{to}: got {error}");
        }
    }
}
