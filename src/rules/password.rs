use super::api_token::is_placeholder;
use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;
use regex::Regex;
use std::sync::LazyLock;

/// Passwords written out in a post.
///
/// **Catches**: one of the pack's password words (`password`, `salasana*`, `lösenord*`, …)
/// followed by a value: `Password: Summer2024!`, `salasanani on Kissa123`, `lösenordet är
/// "Sommar123"`. The value must look like a secret: it has a digit, a symbol or an inner capital,
/// or it is quoted.
///
/// **Why**: "Use different login credentials for work-related matters and private matters"
/// (Data protection and privacy); a password in a post is a password for everyone.
///
/// **Instead**: never post it; change the password if it was already visible. The fix removes it.
///
/// Talk about passwords ("use different passwords", "the password is weak") is not flagged, nor
/// are placeholders where a secret would go (`token: <your-token>`, `password: ********`, AWS's
/// documented `…EXAMPLEKEY`). Advice is not a password either: a sentence with one of the pack's
/// `unless` words before the value ("never reuse a password", "use a password manager: 1Password",
/// "älä käytä samaa salasanaa", "byt lösenord regelbundet", "at least 12 characters"), and values
/// that are words, abbreviations, measures or links ("case-sensitive", "min.", "12-merkkinen",
/// "https://…") rather than secrets.
pub(crate) struct Password {
    words: ListId,
    advice: Option<ListId>,
}

/// What may link the password word to its value: a colon or equals sign, or "is"/"on"/"är" (and
/// past tenses), after at most ten words such as "for the shared folder with the transcripts".
/// Grammar, not watched words, so it lives here rather than in the pack.
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r#"^(?:\s+[\w-]+){0,10}?(?:\s*[:=]|\s+(?:is|was|on|oli|är|var)\s*:?)\s*(?:"(?<dq>[^"\s]{4,64})"|'(?<sq>[^'\s]{4,64})'|[“”](?<cq>[^”\s]{4,64})”|(?<bare>\S{4,64}))"#)
});

const VALUE_WINDOW_BYTES: usize = 240;

/// A value right after the word, with nothing between: `password Lapland#Reindeer24`,
/// `lösenordet Sommar123`. Only strong-looking values count here (see `looks_strong`).
static DIRECT_VALUE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\s+(\S{6,64})"));

impl Password {
    pub fn build(terms: &Terms, unless: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if terms.is_empty() {
            return Err("the password check needs the password words as terms".into());
        }
        let advice = if unless.is_empty() { None } else { Some(lexicon.list(unless.iter())?) };
        Ok(Box::new(Password { words: lexicon.list(terms.iter())?, advice }))
    }
}

impl Rule for Password {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let mut covered = 0;
        for &word in cx.hits.of(self.words) {
            if word.start < covered {
                continue;
            }
            let Some(end) = secret_value_end(raw, word.end) else { continue };
            let span = Span::new(word.start, end);
            if self.is_advice(cx, span) || cx.text.links().iter().any(|link| link.span.overlaps(Span::new(word.end, end))) {
                continue;
            }
            covered = end;
            out.push(Hit::new(span, vec![Fix::remove()]));
        }
    }
}

/// How far back from a password word its sentence is looked for.
const SENTENCE_WINDOW_BYTES: usize = 160;

impl Password {
    /// Whether one of the advice words stands in the sentence of `hit`, before its value ends.
    fn is_advice(&self, cx: &Context, hit: Span) -> bool {
        let Some(advice) = self.advice else { return false };
        let raw = cx.text.raw;
        let from = floor_boundary(raw, hit.start.saturating_sub(SENTENCE_WINDOW_BYTES));
        let sentence_start = raw[from..hit.start].rfind(['\n', '.', '!', '?']).map_or(from, |at| from + at + 1);
        cx.hits.of(advice).iter().any(|cue| cue.start >= sentence_start && cue.start < hit.end)
    }
}

/// Where the secret value after a password word ends, if one follows.
fn secret_value_end(raw: &str, after_word: usize) -> Option<usize> {
    // Ten words and a 64-character value fit well within this window; searching no further keeps
    // the check linear in the length of the draft.
    let window = &raw[..floor_boundary(raw, after_word + VALUE_WINDOW_BYTES)];
    let Some(caps) = VALUE.captures(&window[after_word..]) else {
        let value = DIRECT_VALUE.captures(&window[after_word..])?.get(1)?;
        let trimmed = value.as_str().trim_end_matches(['.', ',', ';', ')']);
        return (looks_strong(trimmed) && !is_placeholder(trimmed) && !word_like(trimmed)).then_some(after_word + value.start() + trimmed.len());
    };
    if let Some(quoted) = caps.name("dq").or(caps.name("sq")).or(caps.name("cq")) {
        if is_placeholder(quoted.as_str()) {
            return None;
        }
        return Some(after_word + quoted.end() + raw[after_word + quoted.end()..].chars().next().map_or(0, char::len_utf8));
    }
    let bare = caps.name("bare")?;
    // A sentence's full stop or comma is not part of the password; `!` and `?` often are.
    let value = bare.as_str().trim_end_matches(['.', ',', ';', ')']);
    let value = if value.chars().count() < 4 { bare.as_str() } else { value };
    (looks_secret(value) && !is_placeholder(value) && !word_like(value)).then_some(after_word + bare.start() + value.len())
}

/// A digit, a symbol or a capital after the first letter: what people put in passwords, and what
/// ordinary words after "password is" ("weak", "required", "Bitwarden") lack.
pub(crate) fn looks_secret(value: &str) -> bool {
    let has_digit = value.chars().any(|c| c.is_numeric());
    let has_symbol = value.chars().any(|c| !c.is_alphanumeric());
    let inner_capital = value.chars().skip(1).any(char::is_uppercase) && value.chars().any(char::is_lowercase);
    has_digit || has_symbol || inner_capital
}

/// A word, an abbreviation, a measure or a date, which advice and announcements put where a
/// password would go: `case-sensitive`, `e-mailed`, `min.`, `t.ex`, `12-character`,
/// `8-merkkinen`, `1.9.2025`. Letters with dots,
/// apostrophes and at most one hyphen and no inner capital; or a number joined to a word.
/// (Three or more hyphenated words, `correct-horse-battery`, are a passphrase.)
fn word_like(value: &str) -> bool {
    let value = value.trim_end_matches([':', '!', '?']);
    let lower_after_first = !value.chars().skip(1).any(char::is_uppercase);
    let word = value.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')) && value.matches('-').count() <= 1;
    let measure = value.split_once('-').is_some_and(|(number, unit)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && !unit.is_empty() && unit.chars().all(char::is_lowercase)
    });
    (word && lower_after_first && value.chars().any(char::is_alphabetic)) || measure || DATE_OR_TIME.is_match(value)
}

/// `1.9.2025`, `5.9.`, `2025-09-01`, `12:30`, `1/9/2025`: when, not what.
static DATE_OR_TIME: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^(?:[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{2,4})?|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[:.][0-9]{2}|[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?)$"));

/// Letters and digits mixed, the way passwords are and words are not (`Sommar123`, `Tid#2025`).
fn looks_strong(value: &str) -> bool {
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_letter = value.chars().any(char::is_alphabetic);
    let digits_only_at_end = value.trim_end_matches(|c: char| c.is_ascii_digit()).chars().all(char::is_alphabetic);
    let mixed = has_digit && has_letter && (!digits_only_at_end || value.chars().next().is_some_and(char::is_uppercase));
    mixed || (has_letter && value.chars().any(|c| !c.is_alphanumeric()) && has_digit)
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "New server! [[Password: Summer2024!]] (change it later)",
        "[[salasanani on Kissa123]], älä kerro kenellekään",
        "Wifi: eduroam, [[lösenordet är \"Sommar123\"]].",
        "The [[password for the lab wifi is Tiger#99]].",
        "[[Salasana: Kesä2024!]]",
        "login root, [[pwd=hunter22]]",
        "The [[password is 'hunter2x']]",
        "[[passphrase: CorrectHorse]]",
        "user fieldteam, [[password Lapland#Reindeer24]] — so",
        "mötes-ID 645 221 0987 och [[lösenordet Sommar123]].",
        "[[Password for the shared OneDrive folder with the interview transcripts is koirat&kissat77]] — ping me",
        // advice_is_per_sentence: advice before does not hide a password after it.
        "Never reuse a password. Our [[wifi password is Kissa123]] today.",
        "the [[passphrase is correct-horse-battery-staple]], shh",
        "The wifi [[pw: Kissa123]] for the guests",
        "guest wifi, [[pw Lapland#2024]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "Use different passwords for work and private accounts.",
        "The password is weak and should be changed.",
        "Käytä eri salasanoja työ- ja yksityistileillä.",
        "Använd olika lösenord för jobbet.",
        "Our password manager is Bitwarden.",
        "Password reset day: remember to update yours!",
        "salasana on vaihdettava 90 päivän välein",
        "password managers like 1Password are great",
        "the password policy2024 document",
        "salasana vaihtuu 2025 alussa",
        // masked_value: a password shown as stars is no password.
        "password: ******** (ask me)",
        // advice_about_passwords: the pack's `unless` words in the sentence.
        "Never reuse a password: Summer2024! is on every leaked list.",
        "Use a password manager: 1Password, Bitwarden and KeePassXC are all fine.",
        "Password managers: 1Password, Bitwarden",
        "Älä käytä samaa salasanaa, esimerkiksi Kesä2024 on huono kaikkialla.",
        "Byt lösenord regelbundet: Sommar2024 räcker inte länge.",
        "Password: use at least 12 characters, e.g. Kissa123 is too short.",
        // word_like_values: words, abbreviations and measures where advice puts them.
        "Your password is case-sensitive, remember that.",
        "The new password is e-mailed to you separately.",
        "Password tip: 12-character minimum, mixed case!",
        "Salasana on 8-merkkinen ja henkilökohtainen.",
        "Lösenordet: t.ex. tre slumpord",
        "Password: min. 12 characters",
        "password 12-character minimum",
        // date_as_value: "on" before a date is when, not what.
        "Password reset on 1.9.2025 for all accounts",
        // link_as_value: instructions behind a link are not a password.
        "Salasanan vaihto-ohjeet: https://helpdesk.helsinki.fi/salasana",
        "Password reset page: https://id.helsinki.fi/reset",
        "salasanasi vaihdat täällä: id.helsinki.fi/reset",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("password", FLAGGED, NEAR_MISSES);
    }

    /// The same check with the pack's key and token words (`secret-value`).
    const SECRET_FLAGGED: &[&str] = &[
        "export [[AWS_SECRET_ACCESS_KEY=q8Zr4Nw2vT/1yXk9PbLm0sHdE7uFcJ3aGiOeR6tW]] now",
        "our [[api key: sk-live-9fQ2xT7bLm3]] for the demo",
    ];

    const SECRET_NEAR_MISSES: &[&str] = &[
        "We used 30k tokens per document.",
        // aws_documentation_example: the secret from AWS's own documentation.
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in the docs",
        // placeholders_where_the_secret_goes
        "token: <your-token> in the Authorization header",
        "api key: {{API_KEY}} from the settings",
        "GitHub token: ghp_xxxxxxxxxxxx in the config",
        "api key: sk-XXXXXXXX goes here",
        "token: $GITHUB_TOKEN in the workflow",
        "api key: YOUR_API_KEY",
    ];

    /// The same check with the pack's enrolment-key words (`enrolment-key`).
    const KEY_FLAGGED: &[&str] = &[
        "[[enrolment key: Biology2024!]] see you on Monday",
        "Moodle [[enrollment key is BIO-101x]] for everyone",
        "[[Kurssiavain on Kemia77]] ja kurssi alkaa maanantaina.",
        "[[Kurssiavain KEMIA-77]] ja kurssi alkaa maanantaina.",
        "[[Registreringsnyckeln är Kemi2024]] och kursen börjar på måndag.",
    ];

    const KEY_NEAR_MISSES: &[&str] = &[
        "The enrolment key is in the Moodle announcement.",
        "Kurssiavain lähetetään sähköpostilla ilmoittautuneille.",
        "enrolment key will be sent on 5.9.2025",
    ];

    #[test]
    fn enrolment_key_table() {
        crate::rules::assert_table("enrolment-key", KEY_FLAGGED, KEY_NEAR_MISSES);
    }

    #[test]
    fn secret_value_table() {
        crate::rules::assert_table("secret-value", SECRET_FLAGGED, SECRET_NEAR_MISSES);
    }
}
