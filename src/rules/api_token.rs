use super::{boxed, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;
use crate::rules::pattern;
use regex::{Regex, RegexSet, RegexSetBuilder};
use std::sync::LazyLock;

/// Access keys and tokens of well-known services.
///
/// **Catches**: AWS access key ids (`AKIA…`), GitHub tokens (`ghp_…`, `github_pat_…`), Slack
/// tokens (`xoxb-…`), Google API keys (`AIza…`), Stripe live keys, OpenAI keys and JSON Web
/// Tokens (`eyJ….eyJ….…`). The message names which kind it is.
///
/// **Why**: "Use different login credentials… Always use different passwords" (Data protection
/// and privacy): a token is a password for a program, and bots scrape posts for them within
/// minutes.
///
/// **Instead**: remove it and revoke the token at the service; it counts as leaked. The fix
/// removes it.
///
/// Hashes, DOIs and the word "token" in NLP are not flagged: each format needs its own prefix
/// and length.
pub(crate) struct ApiToken;

const KINDS: &[(&str, &str)] = &[
    ("an AWS access key id", r"(?-u:\b)(?:AKIA|ASIA)[0-9A-Z]{16}(?-u:\b)"),
    ("a GitHub token", r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?-u:\b)"),
    ("a Slack token", r"(?-u:\b)xox[abprs]-[A-Za-z0-9-]{10,}"),
    ("a Google API key", r"(?-u:\b)AIza[0-9A-Za-z_-]{35}"),
    ("a Stripe key", r"(?-u:\b)[rs]k_live_[0-9A-Za-z]{24,}"),
    ("an OpenAI key", r"(?-u:\b)sk-(?:proj-)?[A-Za-z0-9_-]{32,}"),
    ("a JSON Web Token", r"(?-u:\b)eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
];

static PATTERNS: LazyLock<(RegexSet, Vec<Regex>)> = LazyLock::new(|| {
    let sources = KINDS.iter().map(|(_, p)| *p);
    // ASCII word boundaries (`(?-u:\b)`): tokens are ASCII, and a Unicode boundary would push the
    // regex engine off its fast path on any non-ASCII post.
    let set = RegexSetBuilder::new(sources.clone()).dfa_size_limit(1 << 18).build().expect("valid patterns");
    let each = sources.map(pattern).collect();
    (set, each)
});

impl ApiToken {
    pub fn build(_: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        boxed(ApiToken)
    }
}

impl Rule for ApiToken {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let (set, each) = &*PATTERNS;
        let mut found: Vec<(Span, usize)> = Vec::new();
        for index in set.matches(cx.text.raw).iter() {
            found.extend(each[index].find_iter(cx.text.raw).map(|m| (Span::new(m.start(), m.end()), index)));
        }
        // One token can look like two kinds at once (a JWT's last part may run into a `ghp_…`):
        // keep the one that starts first, and the longest of those, so spans never overlap.
        found.sort_by_key(|&(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut covered = 0;
        for (span, index) in found {
            if span.start < covered {
                continue;
            }
            covered = span.end;
            let mut hit = Hit::new(span, vec![Fix::remove()]);
            hit.detail = Some(KINDS[index].0);
            out.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "oops [[AKIAIOSFODNN7EXAMPLE]] in the slide",
        "token [[ghp_16C7e42F292c6912E7710c838347Ae178B4a]] works",
        "bot: [[xoxb-263594206564-2343594206564-FGqddMF8t0]]",
        "maps key [[AIzaSyA1234567890abcdefghijklmnopqrstuv]]",
        "jwt [[eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U]]",
        "[[sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB]]",
        // overlapping_kinds_give_one_finding: a JWT's last part ran on into a GitHub token.
        "[[eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N-ghp_abcdefghijklmnopqrstuvwxyz0123456789]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "We tokenised 2M tokens with a BPE tokenizer.",
        "SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "DOI 10.1038/s41586-020-2649-2",
        "AKIA is not a key by itself",
        "ghp_short",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("api-token", FLAGGED, NEAR_MISSES);
    }
}
