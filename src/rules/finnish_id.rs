use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Finnish personal identity codes (henkilötunnus).
///
/// **Catches**: a code of the form `DDMMYY`, century sign, individual number and control
/// character, e.g. `131052-308T`, when the date exists and the control character is right (the
/// nine digits modulo 31). Every century sign counts: `+` (1800s), `-` `Y` `X` `W` `V` `U`
/// (1900s) and `A`–`F` (2000s).
///
/// **Why**: the guidelines forbid posting others' personal data ("Personal data and privacy");
/// an identity code is the key to a person's records and enables identity theft.
///
/// **Instead**: leave the code out. The fix masks it in one click.
///
/// Codes with an impossible date, an individual number that is never issued (`000` and `001`:
/// real ones run from 002 to 899, and 900–999 are temporary codes) or a wrong control character,
/// and codes glued into longer product or sample numbers (`SN-120398-1234`), are not flagged.
pub(crate) struct FinnishId;

const CONTROL: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Individual numbers 000 and 001 are never given to anyone: a code with one is made up.
const FIRST_ISSUED: u32 = 2;

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"([0-9]{2})([0-9]{2})([0-9]{2})([-+A-FYXWVUa-fyxwvu])([0-9]{3})([0-9A-Ya-y])")
});

impl Rule for FinnishId {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for caps in CODE.captures_iter(raw) {
            let whole = caps.get(0).expect("group 0 always matches");
            if glued(raw, whole.start(), whole.end()) {
                continue;
            }
            let number = |i: usize| caps[i].parse::<u32>().unwrap_or(0);
            let century = match caps[4].to_ascii_uppercase().as_str() {
                "+" => 1800,
                "-" | "Y" | "X" | "W" | "V" | "U" => 1900,
                _ => 2000,
            };
            let (day, month, year) = (number(1), number(2), century + number(3));
            if !valid_date(day, month, year) || number(5) < FIRST_ISSUED {
                continue;
            }
            let digits: u64 = format!("{}{}{}{}", &caps[1], &caps[2], &caps[3], &caps[5]).parse().unwrap_or(0);
            let expected = CONTROL[(digits % 31) as usize];
            if !caps[6].as_bytes()[0].eq_ignore_ascii_case(&expected) {
                continue;
            }
            out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![Fix::mask(whole.as_str(), 0)]));
        }
    }
}

/// Whether the match is part of a longer code: letters, digits, `-` or `/` right beside it.
pub(crate) fn glued(raw: &str, start: usize, end: usize) -> bool {
    let code_char = |c: char| c.is_alphanumeric() || c == '-' || c == '/' || c == '_';
    raw[..start].chars().next_back().is_some_and(code_char) || raw[end..].chars().next().is_some_and(code_char)
}

pub(crate) fn valid_date(day: u32, month: u32, year: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Student's code: [[131052-308T]], please fix the record", To("Student's code: •••••••••••, please fix the record")),
        ("hetu [[010594Y9032]] löytyy", To("hetu ••••••••••• löytyy")),
        ("personbeteckning [[020516C903K]].", To("personbeteckning •••••••••••.")),
        ("born before 1900: [[010181+900C]]", To("born before 1900: •••••••••••")),
        ("2000s with B: [[010101B999X]]", To("2000s with B: •••••••••••")),
        ("X sign [[131052X308T]] too", To("X sign ••••••••••• too")),
        ("lower case [[131052-308t]]", To("lower case •••••••••••")),
        ("🎉 Emoji first [[131052-308T]]", To("🎉 Emoji first •••••••••••")),
        ("Two: [[131052-308T]] and [[010594Y9032]]", To("Two: ••••••••••• and •••••••••••")),
        ("Leap day [[290200A900B]]", To("Leap day •••••••••••")),
        ("first issued number [[010594-0020]]", To("first issued number •••••••••••")),
        ("last ordinary number [[131052-899V]], temporary [[131052-950H]]", To("last ordinary number •••••••••••, temporary •••••••••••")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "wrong control 131052-308U",
        "impossible date 310299-123X",
        "not a leap year 290201A900L",
        "serial SN-120398-123D in stock",
        "sample 131052-308T-B2 in the freezer",
        "ORCID 0000-0002-1825-0097",
        "ISBN 978-951-51-1234-5",
        "Meeting 13.10.2052 at 10-12",
        "month 13: 011352-308F",
        // individual_number_never_issued: 000 and 001 pass the control character but are made up.
        "test code 010594-000X in the form",
        "esimerkki 010594-001Y",
        "example 131052A001W",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("finnish-id", FLAGGED, NEAR_MISSES);
    }
}
