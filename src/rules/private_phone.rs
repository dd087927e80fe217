use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Private phone numbers.
///
/// **Catches**: Finnish mobile numbers however they are grouped (`040 718 2293`, `050-384 1276`,
/// `040-1234 567`, `+358 44 532 8810`, `+358 (0)40 123 4567`), Swedish ones (`+46 70 412 38 95`,
/// `070-412 38 95`), and numbers in international form from other countries (`+1 415-555-0199`,
/// `+44 7911 123456`, `+4915112345678`).
///
/// **Why**: contact details are personal data ("Personal data and privacy"): a mobile number in
/// a public post reaches everyone, including harassers. "Also consider carefully what personal
/// details related to yourself you make public."
///
/// **Instead**: give the University switchboard (+358 2941 911) or a work e-mail, or ask people
/// to send a direct message. The fix masks the number.
///
/// Finnish and Swedish landlines, the switchboard, toll-free service numbers (`+1 800 …`,
/// `+44 800 …`), ISBNs, DOIs, ORCID iDs, dates, grant numbers, room numbers and signed sums
/// (`+15 000 000 €`) are not flagged.
pub(crate) struct PrivatePhone;

/// Finnish mobiles: the prefix (`04x`, `050`) and six to eight digits in groups of two to eight
/// (`check` counts the digits); Swedish mobiles in their usual grouping.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?x)
        (?:\+358[\s-]?(?:\(0\)\s?)?|(?-u:\b)0)(?:4[0-9]|50)[\s-]?(?<groups>[0-9]{2,8}(?:[\ -][0-9]{2,5}){0,3})
        | (?:\+46[\s-]?|(?-u:\b)0)7[02369][\s-]?[0-9]{3}[\s-]?[0-9]{2}[\s-]?[0-9]{2}
        ",
    )
});

/// A number in international form: `+`, a country code and up to six groups of digits separated
/// by single spaces, hyphens or dots, the first group maybe in brackets (`+1 (415) 555-0199`).
static INTERNATIONAL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,5}\)?)(?:[ .-]?[0-9]{1,6}){1,5}"));

/// Finnish subscriber numbers after a mobile prefix have six to eight digits.
const FINNISH_MOBILE_DIGITS: std::ops::RangeInclusive<usize> = 6..=8;

/// An international number has 8 to 15 digits with its country code (E.164 allows 15); written
/// without any separator it must have at least 10, so that a signed count (`+12345678`) is not one.
const INTERNATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;
const UNSEPARATED_MIN_DIGITS: usize = 10;

/// Countries whose mobiles `MOBILE` knows, so that their landlines and service numbers (the
/// switchboard +358 2941 911) stay quiet.
const NORDIC_CODES: &[&str] = &["358", "46"];

/// Toll-free and shared-cost service numbers, by their digits with the country code: the
/// universal freephone +800, North American 8xx, and the freephone ranges of the UK, Denmark,
/// Norway, Germany, France and the Netherlands.
const SERVICE_PREFIXES: &[&str] = &["800", "1800", "1833", "1844", "1855", "1866", "1877", "1888", "44800", "44808", "4580", "47800", "49800", "33800", "33805", "31800"];

impl Rule for PrivatePhone {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for caps in MOBILE.captures_iter(raw) {
            let whole = caps.get(0).expect("group 0 always matches");
            let mut end = whole.end();
            if let Some(groups) = caps.name("groups") {
                // A number glued to the next one (`040 123 4567 15`): drop whole groups from the
                // end until the subscriber number has at most eight digits.
                let mut digits = digit_count(groups.as_str());
                while digits > *FINNISH_MOBILE_DIGITS.end() {
                    let Some(space) = raw[groups.start()..end].rfind([' ', '-']) else { break };
                    digits -= digit_count(&raw[groups.start() + space..end]);
                    end = groups.start() + space;
                }
                if !FINNISH_MOBILE_DIGITS.contains(&digits) {
                    continue;
                }
            }
            if isolated(raw, whole.start(), end) {
                push_masked(raw, Span::new(whole.start(), end), out);
            }
        }
        for m in INTERNATIONAL.find_iter(raw) {
            let written = m.as_str();
            let digits: String = written.chars().filter(char::is_ascii_digit).collect();
            let nordic = NORDIC_CODES.iter().any(|code| digits.starts_with(code));
            let service = SERVICE_PREFIXES.iter().any(|prefix| digits.starts_with(prefix));
            let separated = written[1..].contains([' ', '-', '.', '(']);
            let long_enough = INTERNATIONAL_DIGITS.contains(&digits.len()) && (separated || digits.len() >= UNSEPARATED_MIN_DIGITS);
            let before = raw[..m.start()].chars().next_back();
            // `C++11`, `x+1 234`: a plus inside a word is arithmetic, not a number's start.
            let starts_number = !before.is_some_and(|c| c.is_alphanumeric() || c == '+');
            let sum = raw[m.end()..].trim_start().starts_with(['€', '$', '£', '%']);
            if !nordic && !service && long_enough && starts_number && !sum && isolated(raw, m.start(), m.end()) {
                push_masked(raw, Span::new(m.start(), m.end()), out);
            }
        }
        out.sort_by_key(|hit| hit.span);
    }
}

fn digit_count(text: &str) -> usize {
    text.bytes().filter(u8::is_ascii_digit).count()
}

/// Not part of a longer code: no digit or hyphen right after, no digit, hyphen, slash or dot
/// right before (ISBNs, DOIs, ORCID iDs, invoice numbers).
fn isolated(raw: &str, start: usize, end: usize) -> bool {
    let after = raw[end..].chars().next();
    let before = raw[..start].chars().next_back();
    !after.is_some_and(|c| c.is_ascii_digit() || c == '-') && !before.is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.')
}

fn push_masked(raw: &str, span: Span, out: &mut Vec<Hit>) {
    out.push(Hit::new(span, vec![Fix::mask(&raw[span.start..span.end], 2)]));
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Soita [[040 718 2293]] niin sovitaan", To("Soita ••• ••• ••93 niin sovitaan")),
        ("call me on [[+358 44 532 8810]]", To("call me on •••• •• ••• ••10")),
        ("tekstaa [[050-384 1276]]", To("tekstaa ••••••• ••76")),
        ("ring [[+46 70 412 38 95]]", To("ring ••• •• ••• •• 95")),
        ("mobil [[070-412 38 95]]", To("mobil ••••••• •• 95")),
        ("[[0451234567]]", To("••••••••67")),
        ("Soita [[040-1234 567]] niin sovitaan", To("Soita •••••••• •67 niin sovitaan")),
        ("tekstaa [[050-123 4567]] illalla", To("tekstaa ••••••• ••67 illalla")),
        ("numero [[044-12 34 567]]", To("numero •••••• •• •67")),
        ("ring [[+358 (0)40 123 4567]]", To("ring •••• ••••• ••• ••67")),
        ("Call me at [[+1 415-555-0199]] after the talk", To("Call me at •• ••••••••••99 after the talk")),
        ("US office [[+1 (415) 555-0199]]", To("US office •• ••••• ••••••99")),
        ("Reach me on [[+44 7911 123456]] during the conference", To("Reach me on ••• •••• ••••56 during the conference")),
        ("WhatsApp [[+4915112345678]]", To("WhatsApp ••••••••••••78")),
        ("Soita [[040 123 4567]] 15 jälkeen", To("Soita ••• ••• ••67 15 jälkeen")),
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
        "range 040-050 m from the shore",
        "+358 9 191 50001 is the faculty office",
        "Kansainvälinen vaihde +358 2941 911",
        // toll_free_service_numbers: a service, not a person.
        "Support: +1 800 555 0199 or +44 800 123 4567",
        // signed_sums_after_a_plus: growth figures are not numbers to call.
        "Funding grew by +15 000 000 € this year",
        "a count of +12345678 downloads",
        // a_plus_inside_a_word: language versions and sums, not a number's start.
        "C++17 1998 2011 compared",
        "grant no. 2024-01234, ISBN 978-952-10-1234-5, 2024-05-06",
        "ORCID 0000-0002-1825-0097, DOI 10.1000/182, 1.2.2025",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("private-phone", FLAGGED, NEAR_MISSES);
    }
}
