//! The rules. A pack rule either flags its phrases ([`phrase`]) or names a computed check: one
//! file each, documented by its doc comment, tested by the table at its bottom.

use crate::vocab::Draft;
use crate::finding::{Finding, Fix, Span};
use crate::lexicon::{Hits, LexiconBuilder};
use crate::pack::{self, Check};
use crate::people::PeopleOf;
use crate::text::Text;

mod api_token;
mod cue_value;
mod finnish_id;
mod hashtag_case;
mod heated;
mod home_address;
mod iban;
mod ip_link;
mod link_list;
mod login_pair;
mod lookalike_domain;
mod missing_alt_text;
mod organisation_terms;
mod payment_card;
mod phrase;
mod piracy_link;
mod private_key;
mod private_matter;
mod private_phone;
mod shouting;
mod swedish_id;
mod userinfo_link;

/// What a rule sees of one draft.
pub(crate) struct Context<'t, 'a> {
    pub text: &'t Text<'a>,
    pub hits: &'t Hits,
    /// The people the draft names and their matters, found when a rule first asks.
    pub people: &'t PeopleOf<'t, 'a>,
    /// What the compose box says about the draft: its kind of box, its attachments.
    pub draft: &'t Draft,
}

/// One place a rule found a problem; the checker adds the pack's message, severity and section.
#[derive(Debug)]
pub(crate) struct Hit {
    pub span: Span,
    pub fixes: Vec<Fix>,
    /// Which of the rule's [`Rule::details`] fills `{detail}` in the message, e.g. which kind
    /// of token this is.
    pub detail: Option<&'static str>,
}

impl Hit {
    pub fn new(span: Span, fixes: Vec<Fix>) -> Hit {
        Hit { span, fixes, detail: None }
    }
}

pub(crate) trait Rule: Send + Sync {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>);

    /// The keys a hit's `detail` can take; the pack rule gives the words for each in every
    /// language (`details.<key>`), which fill `{detail}` in its message.
    fn details(&self) -> &[&'static str] {
        &[]
    }

    /// For advice that follows from the draft's other findings rather than from its words:
    /// called once every other finding (the rules' and the learned layer's) is known.
    fn after(&self, _follow_up: &FollowUp) -> Option<Hit> {
        None
    }

    /// Whether [`Rule::after`] reads the findings of the words a reply answers; the checker
    /// checks those words only when an active rule does.
    fn reads_answered(&self) -> bool {
        false
    }
}

/// What advice that follows from findings reads: the draft's findings, and in a reply or comment
/// the findings of the post or comment it answers (empty in a new post).
pub(crate) struct FollowUp<'a> {
    pub findings: &'a [Finding],
    pub answered: &'a [Finding],
    /// The whole draft, the span of advice prompted by the words answered.
    pub draft: Span,
}

/// Builds the rule that checks what a pack rule says, registering its words with
/// `lexicon`. The one registry of checks: a new kind of check is a variant of [`Check`] and an
/// arm here. `confidential_terms` are the options' names for `organisation-terms`.
pub(crate) fn build(rule: &pack::Rule, confidential_terms: &[String], lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
    match &rule.check {
        Check::Phrase(spec) => phrase::Phrase::build(spec, rule.scope, lexicon),
        Check::LinkList(spec) => link_list::LinkList::build(spec),
        Check::CueValue(spec) => cue_value::CueValue::build(spec, lexicon),
        Check::FinnishId {} => boxed(finnish_id::FinnishId),
        Check::SwedishId {} => boxed(swedish_id::SwedishId),
        Check::PrivatePhone {} => boxed(private_phone::PrivatePhone),
        Check::HomeAddress { terms, near, unless } => home_address::HomeAddress::build(terms, near, unless, lexicon),
        Check::Iban {} => boxed(iban::Iban),
        Check::PaymentCard {} => boxed(payment_card::PaymentCard),
        Check::LoginPair { terms } => login_pair::LoginPair::build(terms, lexicon),
        Check::ApiToken {} => boxed(api_token::ApiToken),
        Check::PrivateKey {} => boxed(private_key::PrivateKey),
        Check::IpLink { near } => ip_link::IpLink::build(near, lexicon),
        Check::LookalikeDomain { terms } => lookalike_domain::LookalikeDomain::build(terms),
        Check::UserinfoLink {} => boxed(userinfo_link::UserinfoLink),
        Check::PiracyLink { terms, near } => piracy_link::PiracyLink::build(terms, near, lexicon),
        Check::Shouting { terms } => shouting::Shouting::build(terms, lexicon),
        Check::HashtagCase { terms } => hashtag_case::HashtagCase::build(terms),
        Check::OrganisationTerms {} => organisation_terms::OrganisationTerms::build(confidential_terms, lexicon),
        Check::PrivateMatter { unless } => private_matter::PrivateMatter::build(unless, lexicon),
        Check::Heated { after, answered } => heated::Heated::build(after, *answered),
        Check::MissingAltText {} => boxed(missing_alt_text::MissingAltText),
    }
}

/// Compiles a rule's pattern with a bounded lazy-DFA cache: the default lets each regex grow a
/// cache of megabytes, which in wasm memory that never shrinks adds up over a long draft.
pub(crate) fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern).dfa_size_limit(1 << 18).build()
}

/// Like [`compile`], for the patterns written in the rules themselves.
pub(crate) fn pattern(pattern: &str) -> regex::Regex {
    compile(pattern).expect("a rule's own pattern is valid (tested)")
}

/// The largest character boundary of `text` at or before `at` (clamped to its length), for
/// searching a bounded window after a hit.
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Builds a rule that needs no words from the pack.
pub(crate) fn boxed<R: Rule + 'static>(rule: R) -> Result<Box<dyn Rule>, String> {
    Ok(Box::new(rule))
}

/// What a row of a rule's table expects to be offered for what it flags.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fixed {
    /// Fixes safe in one click, which make the draft read like this.
    To(&'static str),
    /// Fixes that may be wrong, which the card shows as "Perhaps: …": chosen, they make the draft
    /// read like this.
    Suggests(&'static str),
    /// No fix: the message says what to do.
    Nothing,
}

/// A row of a rule's table: a draft with the flagged parts between `[[` and `]]`, and the fix.
#[cfg(test)]
pub(crate) type Flagged = (&'static str, Fixed);

/// Checks a rule's table: each flagged example yields exactly the marked spans for `rule_id` and
/// the fix its row states, each near miss yields nothing for it. Runs through the whole built-in
/// checker, so the pack entry, the registry and the rule are tested together, and again on
/// [`crate::pack::MINIMAL`] with only this rule of the built-in pack added, so that no row passes
/// for what another of Helsinki's rules (or the learned layer) does.
#[cfg(test)]
pub(crate) fn assert_table(rule_id: &str, flagged: &[Flagged], near_misses: &[&str]) {
    assert_table_in(&Draft::default(), rule_id, flagged, near_misses);
}

/// [`assert_table`] for drafts in a given kind of box or with attachments.
#[cfg(test)]
pub(crate) fn assert_table_in(draft: &Draft, rule_id: &str, flagged: &[Flagged], near_misses: &[&str]) {
    let mut failures = table_failures(&crate::Checker::new(&crate::Options::default()).expect("the built-in pack builds"), draft, rule_id, flagged, near_misses);
    let alone = crate::Checker::with_pack(crate::pack::Pack::from_toml(&minimal_pack_with(rule_id), "minimal.toml").expect("the minimal pack loads"), &crate::Options::default());
    let alone = alone.unwrap_or_else(|e| panic!("{rule_id} on the minimal pack: {e}"));
    failures.extend(table_failures(&alone, draft, rule_id, flagged, near_misses).into_iter().map(|f| format!("{f} (on the minimal pack)")));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// [`crate::pack::MINIMAL`] with the built-in pack's rule `rule_id` added, pointing to the
/// minimal pack's one section. A rule that follows findings of other categories (`after`) gets
/// the built-in pack's rules and learned categories of those categories too: what it follows.
#[cfg(test)]
pub(crate) fn minimal_pack_with(rule_id: &str) -> String {
    const BUILTIN: &str = include_str!("../../guidelines/helsinki.toml");
    // The tables of the built-in pack (`[[rule]]`, `[[learned]]`) with a line `key`, each up to
    // where the file's next table begins, pointing to the minimal pack's section.
    let tables = |header: &str, key: &str| -> Vec<String> {
        let separator = format!("\n{header}\n");
        let blocks = BUILTIN.split(separator.as_str()).skip(1).filter(|block| block.lines().take_while(|line| !line.starts_with('[')).any(|line| line == key));
        blocks
            .map(|block| {
                let lines = block.lines().take_while(|line| !line.starts_with('['));
                let lines: Vec<&str> = lines.map(|line| if line.starts_with("section = ") { "section = \"privacy\"" } else { line }).collect();
                format!("\n{header}\n{}\n", lines.join("\n"))
            })
            .collect()
    };
    let rule = tables("[[rule]]", &format!("id = \"{rule_id}\"")).pop().unwrap_or_else(|| panic!("the built-in pack has no rule `{rule_id}`"));
    let follows: Vec<&str> = rule.lines().filter_map(|line| line.strip_prefix("after = [")).flat_map(|list| list.trim_end_matches(']').split(", ")).map(|c| c.trim_matches('"')).collect();
    let followed: String = follows.iter().flat_map(|category| [tables("[[rule]]", &format!("category = \"{category}\"")), tables("[[learned]]", &format!("category = \"{category}\""))].concat()).filter(|table| *table != rule).collect();
    format!("{}{rule}{followed}", crate::pack::MINIMAL)
}

/// What [`assert_table_in`] would complain about on `checker`, one line per failing case.
#[cfg(test)]
pub(crate) fn table_failures(checker: &crate::Checker, draft: &Draft, rule_id: &str, flagged: &[Flagged], near_misses: &[&str]) -> Vec<String> {
    let mut failures = Vec::new();
    if flagged.is_empty() || near_misses.is_empty() {
        failures.push(format!("{rule_id} needs both flagged cases and near misses"));
    }
    let found = |text: &str| -> Vec<Finding> { checker.check_draft(text, draft).into_iter().filter(|f| f.rule == rule_id).collect() };
    for (example, fixed) in flagged {
        let (text, expected) = crate::pack::parse_example(example);
        let findings = found(&text);
        let got: Vec<String> = findings.iter().flat_map(|f| f.flagged_words(&text)).collect();
        if expected.is_empty() || got != expected {
            failures.push(format!("{rule_id} should flag {expected:?} in {text:?}, found {got:?}"));
        } else {
            match offered(&text, &findings) {
                Ok(offered) if offered == format!("{fixed:?}") => {}
                Ok(offered) | Err(offered) => failures.push(format!("{rule_id} on {text:?} should offer {fixed:?}, offers {offered}")),
            }
        }
    }
    for text in near_misses {
        let got: Vec<String> = found(text).iter().flat_map(|f| f.flagged_words(text)).collect();
        if !got.is_empty() {
            failures.push(format!("{rule_id} should stay quiet on {text:?}, found {got:?}"));
        }
    }
    failures
}

/// What the findings of a row offer, written as its [`Fixed`] would be: each flagged span's fix
/// applied (all safe, all not, or none at all; anything else is an error saying so).
#[cfg(test)]
fn offered(text: &str, findings: &[Finding]) -> Result<String, String> {
    if findings.iter().all(|f| f.fixes.is_empty()) {
        return Ok("Nothing".into());
    }
    if findings.iter().any(|f| f.fixes.len() != 1) {
        return Err(format!("not one fix for each flagged span: {:?}", findings.iter().map(|f| &f.fixes).collect::<Vec<_>>()));
    }
    let safe = findings[0].fixes[0].safe;
    if findings.iter().any(|f| f.fixes[0].safe != safe) {
        return Err("safe fixes and suggestions in one row".into());
    }
    let mut result = text.to_string();
    for finding in findings.iter().rev() {
        result = finding.fixes[0].apply(&result, finding.span);
    }
    Ok(if safe { format!("To({result:?})") } else { format!("Suggests({result:?})") })
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;
    use std::collections::BTreeSet;
    use std::path::Path;

    const BUILTIN: &str = include_str!("../../guidelines/helsinki.toml");

    /// Every check a pack can name, as the error for an unknown one lists them.
    fn check_names() -> Vec<String> {
        let pack = BUILTIN.replacen("check = \"finnish-id\"", "check = \"none-such\"", 1);
        let error = Pack::from_toml(&pack, "helsinki.toml").unwrap_err().to_string();
        let (_, expected) = error.split_once("expected one of ").unwrap_or_else(|| panic!("{error}"));
        expected.split(", ").map(|name| name.trim_matches('`').to_string()).collect()
    }

    /// Every check has its file, named after it, documented in the fixed shape and with its
    /// table; every file is a check; every check is used by the built-in pack.
    #[test]
    fn every_check_has_its_file_documented_and_tested() {
        let registry = include_str!("mod.rs");
        let names: BTreeSet<String> = check_names().into_iter().collect();
        assert!(names.len() > 15 && names.contains("phrase"), "{names:?}");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            if stem == "mod" {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for heading in ["/// **Catches**", "/// **Why**", "/// **Instead**"] {
                assert!(source.contains(heading), "{stem}.rs: the rule's doc comment lacks {heading}");
            }
            assert!(registry.contains(&format!("mod {stem};")), "{stem}.rs is not a module of rules/mod.rs");
            assert!(source.contains("assert_table(") || source.contains("assert_table_in(") || source.contains("fn table()") || stem == "phrase", "{stem}.rs has no table of cases");
            files.insert(stem.replace('_', "-"));
        }
        assert_eq!(files, names, "each check's file is named after it");
        for name in names.iter().filter(|n| *n != "phrase") {
            assert!(BUILTIN.contains(&format!("check = \"{name}\"")), "check `{name}` is not used by the built-in pack");
        }
    }
}
