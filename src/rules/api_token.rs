use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
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
/// and length. Nor are documentation placeholders (see [`is_placeholder`]): AWS's documented
/// example key `AKIAIOSFODNN7EXAMPLE`, anything ending in `EXAMPLE`, and tokens written as their
/// shape only (`ghp_xxxx…`, `sk-XXXX…`).
pub(crate) struct ApiToken;

/// Each kind of token by the key its `details.<key>` in the pack is written under (the words that
/// fill `{detail}`: "an AWS access key id"), with its pattern.
const KINDS: &[(&str, &str)] = &[
    ("aws-access-key-id", r"(?-u:\b)(?:AKIA|ASIA)[0-9A-Z]{16}(?-u:\b)"),
    ("github-token", r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?-u:\b)"),
    ("slack-token", r"(?-u:\b)xox[abprs]-[A-Za-z0-9-]{10,}"),
    ("google-api-key", r"(?-u:\b)AIza[0-9A-Za-z_-]{35}"),
    ("stripe-key", r"(?-u:\b)[rs]k_live_[0-9A-Za-z]{24,}"),
    ("openai-key", r"(?-u:\b)sk-(?:proj-)?[A-Za-z0-9_-]{32,}"),
    ("json-web-token", r"(?-u:\b)eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
];

static PATTERNS: LazyLock<(RegexSet, Vec<Regex>)> = LazyLock::new(|| {
    let sources = KINDS.iter().map(|(_, p)| *p);
    // ASCII word boundaries (`(?-u:\b)`): tokens are ASCII, and a Unicode boundary would push the
    // regex engine off its fast path on any non-ASCII post.
    let set = RegexSetBuilder::new(sources.clone()).dfa_size_limit(1 << 18).build().expect("valid patterns");
    let each = sources.map(pattern).collect();
    (set, each)
});

/// The keys of [`KINDS`], the details a hit can name.
static KIND_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| KINDS.iter().map(|(key, _)| *key).collect());

impl Rule for ApiToken {
    fn details(&self) -> &[&'static str] {
        &KIND_KEYS
    }

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
            if span.start < covered || is_placeholder(&cx.text.raw[span.start..span.end]) {
                continue;
            }
            covered = span.end;
            let mut hit = Hit::new(span, vec![Fix::remove()]);
            hit.detail = Some(KINDS[index].0);
            out.push(hit);
        }
    }
}

/// Whether a key, token or secret is a stand-in of the kind documentation and tutorials write:
/// AWS's documented examples end in `EXAMPLE` (`AKIAIOSFODNN7EXAMPLE`,
/// `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`); `<your-token>`, `{{API_KEY}}`, `${GITHUB_TOKEN}`
/// and `YOUR_API_KEY` name what goes there; `ghp_xxxxxxxx`, `sk-XXXXXXXX` and `********` show
/// only its shape. Used by `password` too.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let upper = value.to_ascii_uppercase();
    let example = upper.ends_with("EXAMPLE") || upper.ends_with("EXAMPLEKEY");
    let named = value.starts_with(['<', '{']) || value.starts_with("${") || env_variable(value) || (upper.starts_with("YOUR") && value.contains(['_', '-']));
    example || named || shape_only(value)
}

/// `$GITHUB_TOKEN`: a shell variable's name, not its value.
fn env_variable(value: &str) -> bool {
    value.strip_prefix('$').is_some_and(|name| name.contains('_') && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
}

/// After the token's prefixes (`ghp_`, `sk-proj-`, `xoxb-`), nothing but one filler character
/// repeated: `x` or `X`, `*`, `•` or `.`.
fn shape_only(value: &str) -> bool {
    let is_x = |c: char| c == 'x' || c == 'X';
    let mut body = value;
    while let Some(at) = body.find(['_', '-']) {
        let prefix = &body[..at];
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphabetic()) || prefix.chars().all(is_x) {
            break;
        }
        body = &body[at + 1..];
    }
    let fill: Vec<char> = body.chars().filter(|c| !matches!(c, '_' | '-')).collect();
    let same_class = |class: &dyn Fn(char) -> bool| fill.iter().all(|&c| class(c));
    fill.len() >= 4 && (same_class(&is_x) || same_class(&|c| c == '*') || same_class(&|c| c == '•') || same_class(&|c| c == '.'))
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("oops [[AKIA2E0A8F3B244C9986]] in the slide", To("oops  in the slide")),
        ("token [[ghp_16C7e42F292c6912E7710c838347Ae178B4a]] works", To("token  works")),
        ("bot: [[xoxb-263594206564-2343594206564-FGqddMF8t0]]", To("bot: ")),
        ("maps key [[AIzaSyA1234567890abcdefghijklmnopqrstuv]]", To("maps key ")),
        ("jwt [[eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U]]", To("jwt ")),
        ("[[sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB]]", To("")),
        // overlapping_kinds_give_one_finding: a JWT's last part ran on into a GitHub token.
        ("[[eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N-ghp_abcdefghijklmnopqrstuvwxyz0123456789]]", To("")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "We tokenised 2M tokens with a BPE tokenizer.",
        "SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "DOI 10.1038/s41586-020-2649-2",
        "AKIA is not a key by itself",
        "ghp_short",
        // aws_documentation_example: the key AWS's own documentation uses, and its kin.
        "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE as in the docs",
        "AKIAI44QH8DHBEXAMPLE from the tutorial",
        // shape_only_placeholders: tokens written as x's to show the format.
        "token ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in the config",
        "OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("api-token", FLAGGED, NEAR_MISSES);
    }
}
