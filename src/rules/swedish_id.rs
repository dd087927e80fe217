use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::rules::finnish_id::{glued, valid_date};
use crate::rules::payment_card::luhn_valid;
use regex::Regex;
use std::sync::LazyLock;

/// Swedish personal identity numbers (personnummer) and coordination numbers.
///
/// **Catches**: `YYMMDD-NNNC`, `YYMMDD+NNNC` (100 years or older) and `YYYYMMDD-NNNC`, when the
/// date exists (a coordination number adds 60 to the day) and the last digit is the Luhn check
/// digit of the other nine.
///
/// **Why**: the guidelines forbid posting others' personal data ("Personal data and privacy");
/// Finland-Swedish staff and Swedish partners' ids appear in posts too.
///
/// **Instead**: leave the number out. The fix masks it.
///
/// Numbers with a wrong check digit or an impossible date, and numbers inside longer codes, are
/// not flagged.
pub(crate) struct SwedishId;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| pattern(r"([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})[-+]([0-9]{3})([0-9])"));

impl Rule for SwedishId {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for caps in NUMBER.captures_iter(raw) {
            let whole = caps.get(0).expect("group 0 always matches");
            if glued(raw, whole.start(), whole.end()) {
                continue;
            }
            let number = |i: usize| caps[i].parse::<u32>().unwrap_or(0);
            let day = number(4);
            let day = if day > 60 { day - 60 } else { day };
            // Any century will do for the date: only 29 February depends on it, and a leap year
            // exists in every century's candidates.
            let year = caps.get(1).map_or(2000 + number(2), |century| century.as_str().parse::<u32>().unwrap_or(0) * 100 + number(2));
            if !valid_date(day, number(3), year) && !valid_date(day, number(3), year - 100) {
                continue;
            }
            let digits = format!("{}{}{}{}{}", &caps[2], &caps[3], &caps[4], &caps[5], &caps[6]);
            if luhn_valid(&digits) {
                out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![Fix::mask(whole.as_str(), 0)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("personnummer [[811218-9876]] i listan", To("personnummer ••••••••••• i listan")),
        ("född [[19811218-9876]]", To("född •••••••••••••")),
        ("samordningsnummer [[701063-2391]]", To("samordningsnummer •••••••••••")),
        ("äldre [[121212+1212]]", To("äldre •••••••••••")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "fel kontrollsiffra 811218-9875",
        "omöjligt datum 811318-9876",
        "artikel 811218-9876-X i lager",
        "telefon 0811-218987",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("swedish-id", FLAGGED, NEAR_MISSES);
    }
}
