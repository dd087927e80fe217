use super::{boxed, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// Private mobile phone numbers.
///
/// **Catches**: Finnish mobile numbers (`040 718 2293`, `050-384 1276`, `+358 44 532 8810`) and
/// Swedish ones (`+46 70 412 38 95`, `070-412 38 95`).
///
/// **Why**: contact details are personal data ("Personal data and privacy"): a mobile number in
/// a public post reaches everyone, including harassers. "Also consider carefully what personal
/// details related to yourself you make public."
///
/// **Instead**: give the University switchboard (+358 2941 911) or a work e-mail, or ask people
/// to send a direct message. The fix masks the number.
///
/// Landlines, the switchboard, ISBNs, dates and room numbers are not flagged.
pub(crate) struct PhoneNumber;

static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?x)
        (?:\+358[\s-]?|(?-u:\b)0)(?:4[0-9]|50)[\s-]?[0-9]{3}[\s-]?[0-9]{3,4}
        | (?:\+46[\s-]?|(?-u:\b)0)7[02369][\s-]?[0-9]{3}[\s-]?[0-9]{2}[\s-]?[0-9]{2}
        ",
    )
});

impl PhoneNumber {
    pub fn build(_: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        boxed(PhoneNumber)
    }
}

impl Rule for PhoneNumber {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for m in MOBILE.find_iter(raw) {
            let after = raw[m.end()..].chars().next();
            let before = raw[..m.start()].chars().next_back();
            if after.is_some_and(|c| c.is_ascii_digit() || c == '-') || before.is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.') {
                continue;
            }
            out.push(Hit::new(Span::new(m.start(), m.end()), vec![Fix::mask(m.as_str(), 2)]));
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "Soita [[040 718 2293]] niin sovitaan",
        "call me on [[+358 44 532 8810]]",
        "tekstaa [[050-384 1276]]",
        "ring [[+46 70 412 38 95]]",
        "mobil [[070-412 38 95]]",
        "[[0451234567]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "University switchboard +358 2941 911",
        "vaihde 02941 911",
        "ISBN 978-951-40-1234-5",
        "ORCID 0000-0002-1825-0097",
        "DOI 10.1000/040718229",
        "Room 4041, 2nd floor",
        "landline 09 191 50001",
        "invoice 1040 718 2293",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("private-phone", FLAGGED, NEAR_MISSES);
    }
}
