use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;
use regex::Regex;
use std::sync::LazyLock;

/// One-time codes, verification codes and door codes.
///
/// **Catches**: one of the pack's code words ("verification code", "vahvistuskoodi",
/// "engångskod", "door code", "ovikoodi", …) followed within a few words by the code itself: four
/// to eight digits, possibly split in two (`731 045`) or ending in `#`. Everyday code words (the
/// pack's `near` list: "koodi") count only with the code right after them, maybe after "on" or a
/// colon: `koodi on 4471`, `koodi: 4471#`.
///
/// **Why**: "Use different login credentials… Always use different passwords" (Data protection
/// and privacy): a login code lets someone into an account, and a door code into a building.
///
/// **Instead**: never post codes; if a code arrived that you did not ask for, someone may be
/// trying your account: change your password. The fix removes the code.
///
/// Code words without a code after them ("send me the code"), and everyday code words with other
/// words before the number ("koodi julkaistaan vuonna 2025"), are not flagged.
pub(crate) struct OneTimeCode {
    words: ListId,
    everyday_words: Option<ListId>,
}

/// Up to eight words between the code word and the code: "door code for the 3rd-floor lab
/// corridor is now 7391#".
static CODE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^(?:[^\w\n]+[\w-]+){0,8}?[^\w\n]+(?<code>[0-9]{3} [0-9]{3}|[0-9]{4,8}#?)(?:[^\w]|$)")
});

/// The code right after an everyday code word: `koodi 4471`, `koodi on 4471`, `koodi: 4471`.
static CODE_RIGHT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^(?<link>\s*[:=]|\s+(?:on|oli|is|was|är|var)\s*:?)?\s*(?<code>[0-9]{3} [0-9]{3}|[0-9]{4,8}#?)(?:[^\w]|$)")
});

/// Eight words and a code fit well within this; searching no further keeps the check linear.
const CODE_WINDOW_BYTES: usize = 160;

impl OneTimeCode {
    pub fn build(terms: &Terms, near: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if terms.is_empty() {
            return Err("the one-time-code check needs the code words as terms".into());
        }
        let everyday_words = if near.is_empty() { None } else { Some(lexicon.list(near.iter())?) };
        Ok(Box::new(OneTimeCode { words: lexicon.list(terms.iter())?, everyday_words }))
    }
}

impl Rule for OneTimeCode {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let mut found: Vec<Span> = Vec::new();
        let mut search = |words: &[Span], everyday: bool| {
            let code_after: &Regex = if everyday { &CODE_RIGHT_AFTER } else { &CODE_AFTER };
            for &word in words {
                let window = &raw[word.end..floor_boundary(raw, word.end + CODE_WINDOW_BYTES)];
                let Some(caps) = code_after.captures(window) else { continue };
                let code = caps.name("code").expect("the code group always takes part");
                // `Koodi 2024 -tapahtuma`: a year right after an everyday word names something.
                if everyday && caps.name("link").is_none() && looks_like_year(code.as_str()) {
                    continue;
                }
                found.push(Span::new(word.end + code.start(), word.end + code.end()));
            }
        };
        search(cx.hits.of(self.words), false);
        if let Some(everyday) = self.everyday_words {
            search(cx.hits.of(everyday), true);
        }
        // Two code words before one code ("door code … koodi on 1234") give one finding.
        found.sort();
        found.dedup();
        out.extend(found.into_iter().map(|span| Hit::new(span, vec![Fix::remove()])));
    }
}

fn looks_like_year(code: &str) -> bool {
    code.len() == 4 && (code.starts_with("19") || code.starts_with("20"))
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "\"Your verification code is [[482913]]\" and it's not me",
        "2FA code just arrived mid-lecture: [[731 045]]. Anyway",
        "Vahvistuskoodisi on [[482913]]",
        "the door code for the lab is now [[7391#]].",
        "the door code for the 3rd-floor lab corridor is now [[7391#]]. Please",
        "engångskoden [[553120]] kom just",
        "Uusi koodi on [[4471]] ja kahvi on keittiössä.",
        "Labran ovikoodi [[1234]] toimii taas.",
        "koodi: [[4471#]] ovessa",
        "Kerhohuoneen koodi [[2580]], tervetuloa!",
    ];

    const NEAR_MISSES: &[&str] = &[
        "Send me the verification code by SMS, please.",
        "Door code changes on 1 March.",
        "Course code TKT20005 starts in 2025",
        "verification code\n\n2024 was a good year",
        // everyday_code_word_far_from_a_number: source code, not a door code.
        "Koodi julkaistaan avoimena vuonna 2025.",
        "Koodi löytyy GitHubista, pull request 4471 korjasi sen.",
        "Lähdekoodi on GitHubissa, versio 2024",
        "koodi on nyt GitHubissa 2024 alusta",
        // year_after_an_everyday_code_word: a name, not a code.
        "Koodi 2024 -tapahtuma kokoaa koodarit yhteen.",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("one-time-code", FLAGGED, NEAR_MISSES);
    }
}
