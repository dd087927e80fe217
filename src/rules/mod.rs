//! The rules. A pack rule either flags its phrases ([`phrase`]) or names a computed check: one
//! file each, documented by its doc comment, tested by the table at its bottom.

use crate::finding::{Fix, Span};
use crate::lexicon::{Hits, LexiconBuilder};
use crate::pack::RuleSpec;
use crate::text::Text;

mod api_token;
mod executable_link;
mod finnish_id;
mod hashtag_case;
mod home_address;
mod iban;
mod insecure_login;
mod ip_link;
mod login_pair;
mod lookalike_domain;
mod one_time_code;
mod organisation_term;
mod password;
mod payment_card;
mod personal_email;
mod personal_finance;
mod phone_number;
mod phrase;
mod piracy_link;
mod private_key;
mod private_matter;
mod shortened_link;
mod shouting;
mod swedish_id;
mod url_credentials;

/// What a rule sees of one draft.
pub(crate) struct Context<'t> {
    pub text: &'t Text<'t>,
    pub hits: &'t Hits,
}

/// One place a rule found a problem; the checker adds the pack's message, severity and section.
#[derive(Debug)]
pub(crate) struct Hit {
    pub span: Span,
    pub fixes: Vec<Fix>,
    /// Fills `{detail}` in the message, e.g. which kind of token this is.
    pub detail: Option<&'static str>,
}

impl Hit {
    pub fn new(span: Span, fixes: Vec<Fix>) -> Hit {
        Hit { span, fixes, detail: None }
    }
}

pub(crate) trait Rule: Send + Sync {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>);
}

type Constructor = fn(&RuleSpec, &mut LexiconBuilder) -> Result<Box<dyn Rule>, String>;

/// The one registry of computed checks, by the name a pack's `check` uses.
const CHECKS: &[(&str, Constructor)] = &[
    ("finnish-id", finnish_id::FinnishId::build),
    ("swedish-id", swedish_id::SwedishId::build),
    ("private-phone", phone_number::PhoneNumber::build),
    ("personal-email", personal_email::PersonalEmail::build),
    ("home-address", home_address::HomeAddress::build),
    ("iban", iban::Iban::build),
    ("payment-card", payment_card::PaymentCard::build),
    ("personal-finance", personal_finance::PersonalFinance::build),
    ("password", password::Password::build),
    ("login-pair", login_pair::LoginPair::build),
    ("one-time-code", one_time_code::OneTimeCode::build),
    ("api-token", api_token::ApiToken::build),
    ("private-key", private_key::PrivateKey::build),
    ("shortened-link", shortened_link::ShortenedLink::build),
    ("ip-link", ip_link::IpLink::build),
    ("lookalike-domain", lookalike_domain::LookalikeDomain::build),
    ("url-credentials", url_credentials::UrlCredentials::build),
    ("executable-link", executable_link::ExecutableLink::build),
    ("insecure-login", insecure_login::InsecureLogin::build),
    ("piracy-link", piracy_link::PiracyLink::build),
    ("shouting", shouting::Shouting::build),
    ("hashtag-case", hashtag_case::HashtagCase::build),
    ("organisation-terms", organisation_term::OrganisationTerm::build),
    ("private-matter", private_matter::PrivateMatter::build),
];

pub(crate) fn check_names() -> impl Iterator<Item = &'static str> {
    CHECKS.iter().map(|(name, _)| *name)
}

/// Builds the rule a pack entry describes, registering its words with `lexicon`.
pub(crate) fn build(spec: &RuleSpec, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
    match &spec.check {
        None => phrase::Phrase::build(spec, lexicon),
        Some(name) => {
            let (_, construct) = CHECKS
                .iter()
                .find(|(check, _)| check == name.get_ref())
                .ok_or_else(|| format!("unknown check `{}`", name.get_ref()))?;
            construct(spec, lexicon)
        }
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

/// Checks a rule's table: each flagged example yields exactly the marked spans for `rule_id`,
/// each near miss yields nothing for it. Runs through the whole built-in checker, so the pack
/// entry, the registry and the rule are tested together.
#[cfg(test)]
pub(crate) fn assert_table(rule_id: &str, flagged: &[&str], near_misses: &[&str]) {
    let failures = table_failures(rule_id, flagged, near_misses);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What `assert_table` would complain about, one line per failing case.
#[cfg(test)]
pub(crate) fn table_failures(rule_id: &str, flagged: &[&str], near_misses: &[&str]) -> Vec<String> {
    use crate::{Checker, Options};
    let mut failures = Vec::new();
    if flagged.is_empty() || near_misses.is_empty() {
        failures.push(format!("{rule_id} needs both flagged cases and near misses"));
    }
    let checker = Checker::new(&Options::default()).expect("the built-in pack builds");
    let found = |text: &str| -> Vec<String> {
        checker.check(text).into_iter().filter(|f| f.rule == rule_id).map(|f| text[f.span.start..f.span.end].to_string()).collect()
    };
    for example in flagged {
        let (text, expected) = crate::pack::parse_example(example);
        let got = found(&text);
        if expected.is_empty() || got != expected {
            failures.push(format!("{rule_id} should flag {expected:?} in {text:?}, found {got:?}"));
        }
    }
    for text in near_misses {
        let got = found(text);
        if !got.is_empty() {
            failures.push(format!("{rule_id} should stay quiet on {text:?}, found {got:?}"));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::CHECKS;
    use crate::pack::Pack;
    use std::path::Path;

    /// Every rule file is registered, documented in the fixed shape, and has its table; every
    /// registered check is used by the built-in pack.
    #[test]
    fn every_rule_is_registered_documented_and_tested() {
        let registry = include_str!("mod.rs");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            if stem == "mod" {
                continue;
            }
            files += 1;
            let source = std::fs::read_to_string(&path).unwrap();
            for heading in ["/// **Catches**", "/// **Why**", "/// **Instead**"] {
                assert!(source.contains(heading), "{stem}.rs: the rule's doc comment lacks {heading}");
            }
            assert!(registry.contains(&format!("mod {stem};")), "{stem}.rs is not a module of rules/mod.rs");
            if stem != "phrase" {
                assert!(registry.contains(&format!("{stem}::")), "{stem}.rs is not in CHECKS");
                assert!(source.contains("assert_table(") || source.contains("fn table()"), "{stem}.rs has no table of cases");
            }
        }
        assert_eq!(files, CHECKS.len() + 1, "rule files and registered checks differ");
        let pack = Pack::builtin();
        for (name, _) in CHECKS {
            assert!(pack.rules.iter().any(|r| r.check.as_ref().is_some_and(|c| c.get_ref() == name)), "check `{name}` is not used by the built-in pack");
        }
    }
}
