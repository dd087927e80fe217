use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// One-time codes, verification codes and door codes.
///
/// **Catches**: one of the pack's code words ("verification code", "vahvistuskoodi",
/// "engångskod", "door code", …) followed within a few words by the code itself: four to eight
/// digits, possibly split in two (`731 045`) or ending in `#`.
///
/// **Why**: "Use different login credentials… Always use different passwords" (Data protection
/// and privacy): a login code lets someone into an account, and a door code into a building.
///
/// **Instead**: never post codes; if a code arrived that you did not ask for, someone may be
/// trying your account: change your password. The fix removes the code.
///
/// Code words without a code after them ("send me the code") are not flagged.
pub(crate) struct OneTimeCode {
    words: ListId,
}

/// Up to eight words between the code word and the code: "door code for the 3rd-floor lab
/// corridor is now 7391#".
static CODE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^(?:[^\w\n]+[\w-]+){0,8}?[^\w\n]+([0-9]{3} [0-9]{3}|[0-9]{4,8}#?)(?:[^\w]|$)")
});

/// Eight words and a code fit well within this; searching no further keeps the check linear.
const CODE_WINDOW_BYTES: usize = 160;

impl OneTimeCode {
    pub fn build(spec: &RuleSpec, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if spec.terms.is_empty() {
            return Err("the one-time-code check needs the code words as terms".into());
        }
        Ok(Box::new(OneTimeCode { words: spec.terms.register(lexicon)? }))
    }
}

impl Rule for OneTimeCode {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        let mut covered = 0;
        for &word in cx.hits.of(self.words) {
            if word.start < covered {
                continue;
            }
            let window = &raw[word.end..floor_boundary(raw, word.end + CODE_WINDOW_BYTES)];
            if let Some(code) = CODE_AFTER.captures(window).and_then(|c| c.get(1)) {
                let span = Span::new(word.end + code.start(), word.end + code.end());
                covered = span.end;
                out.push(Hit::new(span, vec![Fix::remove()]));
            }
        }
    }
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
    ];

    const NEAR_MISSES: &[&str] = &[
        "Send me the verification code by SMS, please.",
        "Door code changes on 1 March.",
        "Course code TKT20005 starts in 2025",
        "verification code\n\n2024 was a good year",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("one-time-code", FLAGGED, NEAR_MISSES);
    }
}
