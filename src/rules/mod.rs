//! The rules. A pack rule either flags its phrases ([`phrase`]) or names a computed check: one
//! file each, documented by its doc comment, tested by the table at its bottom.

use crate::finding::{Fix, Span};
use crate::lexicon::{Hits, LexiconBuilder};
use crate::pack::RuleSpec;
use crate::text::Text;

mod finnish_id;
mod organisation_term;
mod phrase;
mod piracy_link;
mod password;
mod api_token;
mod private_key;

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
    ("password", password::Password::build),
    ("api-token", api_token::ApiToken::build),
    ("private-key", private_key::PrivateKey::build),
    ("piracy-link", piracy_link::PiracyLink::build),
    ("organisation-terms", organisation_term::OrganisationTerm::build),
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

/// Builds a rule that needs no words from the pack.
pub(crate) fn boxed<R: Rule + 'static>(rule: R) -> Result<Box<dyn Rule>, String> {
    Ok(Box::new(rule))
}

/// Splits an example written with the flagged part between `[[` and `]]` into the plain text
/// and the flagged substrings.
#[cfg(test)]
pub(crate) fn parse_example(example: &str) -> (String, Vec<String>) {
    let mut plain = String::new();
    let mut marked = Vec::new();
    let mut rest = example;
    while let Some(open) = rest.find("[[") {
        let close = rest[open..].find("]]").map(|c| open + c).expect("example has a closing ]]");
        plain.push_str(&rest[..open]);
        marked.push(rest[open + 2..close].to_string());
        plain.push_str(&rest[open + 2..close]);
        rest = &rest[close + 2..];
    }
    plain.push_str(rest);
    (plain, marked)
}

/// Checks a rule's table: each flagged example yields exactly the marked spans for `rule_id`,
/// each near miss yields nothing for it. Runs through the whole built-in checker, so the pack
/// entry, the registry and the rule are tested together.
#[cfg(test)]
pub(crate) fn assert_table(rule_id: &str, flagged: &[&str], near_misses: &[&str]) {
    use crate::{Checker, Options};
    assert!(!flagged.is_empty() && !near_misses.is_empty(), "{rule_id} needs both flagged cases and near misses");
    let checker = Checker::new(&Options::default()).unwrap();
    let found = |text: &str| -> Vec<String> {
        checker.check(text).into_iter().filter(|f| f.rule == rule_id).map(|f| text[f.span.start..f.span.end].to_string()).collect()
    };
    for example in flagged {
        let (text, expected) = parse_example(example);
        assert!(!expected.is_empty(), "{rule_id}: flagged example without [[…]]: {example}");
        assert_eq!(found(&text), expected, "{rule_id} should flag: {example}");
    }
    for text in near_misses {
        assert_eq!(found(text), Vec::<String>::new(), "{rule_id} should stay quiet on: {text}");
    }
}
