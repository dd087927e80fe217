use super::api_token::is_placeholder;
use super::cue_value::looks_secret;
use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;
use regex::Regex;
use std::sync::LazyLock;

/// User names and passwords written together as `user:password`.
///
/// **Catches**: after one of the pack's login words ("login", "user", "tunnukset", "käyttäjä",
/// "inloggning", …), within the next few words of the same line, a name and a secret joined by a
/// colon: `login matti.k:Kesä2024!`, `tunnukset: admin:Hunter2!`. The name has a letter; the
/// secret looks like a password (a digit, a symbol or an inner capital).
///
/// **Why**: "Use different login credentials for work-related matters and private matters"
/// (Data protection and privacy): a user name with its password opens the account to anyone who
/// reads the post.
///
/// **Instead**: never post login details; send them privately, and change the password if it
/// was already visible. The fix removes the pair.
///
/// Times (`12:30`), ratios (`3:1`), links (`https://…`, `mailto:…`), emoticons (`:-)`),
/// placeholders (`user:password`, `admin:<password>`) and pairs with no login word before them
/// (`arXiv:2403.11872v2`) are not flagged.
pub(crate) struct LoginPair {
    words: ListId,
}

/// The first few words after a login word, on its line.
static WORDS_AFTER: LazyLock<Regex> = LazyLock::new(|| pattern(r"[^\s]+"));

/// How many words after the login word may hold the pair: `login for the lab: matti:Kesä24!`.
const PAIR_WORDS: usize = 4;

/// Four words of up to 64 characters each fit well within this.
const PAIR_WINDOW_BYTES: usize = 160;

/// What stands before `:` in links and identifiers, not user names.
const SCHEMES: &[&str] = &["http", "https", "ftp", "sftp", "ssh", "mailto", "tel", "file", "doi", "urn", "arxiv", "isbn", "issn", "orcid", "pmid", "hdl"];

impl LoginPair {
    pub fn build(terms: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if terms.is_empty() {
            return Err("the login-pair check needs the login words as terms".into());
        }
        Ok(Box::new(LoginPair { words: lexicon.list(terms.iter())? }))
    }
}

impl Rule for LoginPair {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let mut covered = 0;
        for &word in cx.hits.of(self.words) {
            if word.end < covered {
                continue;
            }
            let window = &raw[word.end..floor_boundary(raw, word.end + PAIR_WINDOW_BYTES)];
            let line = &window[..window.find('\n').unwrap_or(window.len())];
            let pair = WORDS_AFTER.find_iter(line).take(PAIR_WORDS).find_map(|token| pair_in(token.as_str()).map(|(start, end)| (token.start() + start, token.start() + end)));
            if let Some((start, end)) = pair {
                let span = Span::new(word.end + start, word.end + end);
                covered = span.end;
                out.push(Hit::new(span, vec![Fix::remove()]));
            }
        }
    }
}

/// Where `name:secret` lies within one whitespace-delimited word, if it is one.
fn pair_in(token: &str) -> Option<(usize, usize)> {
    let start = token.len() - token.trim_start_matches(['(', '[', '"', '\'', '“', '«']).len();
    let trimmed = token[start..].trim_end_matches(['.', ',', ';', ')', ']', '"', '\'', '”', '»']);
    let (name, secret) = trimmed.split_once(':')?;
    let name_ok = (2..=64).contains(&name.chars().count())
        && name.chars().any(char::is_alphabetic)
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '+' | '-'))
        && !SCHEMES.contains(&name.to_ascii_lowercase().as_str());
    let secret_ok = (4..=64).contains(&secret.chars().count())
        && !secret.contains(':')
        && !secret.starts_with('/')
        && looks_secret(secret)
        && !is_placeholder(secret);
    (name_ok && secret_ok).then_some((start, start + trimmed.len()))
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("login [[matti.k:Kesä2024!]] for the shared account", To("login  for the shared account")),
        ("Tunnukset: [[admin:Hunter2!]] toimii", To("Tunnukset:  toimii")),
        ("inloggning till servern: [[labb:Sommar#24]].", To("inloggning till servern: .")),
        ("user ([[guest01:Welcome2024]]) works today", To("user () works today")),
    ];

    const NEAR_MISSES: &[&str] = &[
        // times_and_ratios: a colon between numbers is not a login.
        "Login opens at 10:30am, ratio 3:1 for the groups",
        "last login 2024-05-06T12:30:00Z from Kumpula",
        // links_after_a_login_word: a scheme is not a user name.
        "login at https://login.helsinki.fi/idp:443 or mailto:helpdesk@helsinki.fi",
        "log in to webdav://files.helsinki.fi today",
        // emoticons
        "login failed again :-( :D",
        // placeholders: the shape of a pair, not a pair.
        "log in with user:password from the e-mail",
        "login admin:<password>, user: admin:xxxxxxxx",
        // no_login_word: identifiers shaped like pairs.
        "See arXiv:2403.11872v2 and Note:Kesä2024!",
        "user guide, chapter 3: Setup2024",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("login-pair", FLAGGED, NEAR_MISSES);
    }
}
