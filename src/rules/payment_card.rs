use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Payment card numbers.
///
/// **Catches**: 13 to 19 digits, in groups or not (`4556 7375 8621 3347`), that start like a card
/// of a real network (Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, Discover 6011/65, JCB
/// 35, Diners 30/36/38) and pass the Luhn check.
///
/// **Why**: "financial position of another person" is among what must not be disclosed
/// ("Personal data and privacy"), and a card number is a direct way to someone's money.
///
/// **Instead**: never post card numbers. The fix masks all but the last four digits.
///
/// Numbers that fail Luhn, ISBNs, phone numbers and serial numbers of other shapes are not flagged.
pub(crate) struct PaymentCard;

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"[0-9](?:[ -]?[0-9]){12,18}"));

impl Rule for PaymentCard {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let raw = cx.text.raw;
        for m in CANDIDATE.find_iter(raw) {
            let before = raw[..m.start()].chars().next_back();
            let after = raw[m.end()..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '-') || after.is_some_and(|c| c.is_alphanumeric() || c == '-') {
                continue;
            }
            if ends_with_isbn(&raw[..m.start()]) {
                continue;
            }
            let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
            if known_network(&digits) && luhn_valid(&digits) {
                out.push(Hit::new(Span::new(m.start(), m.end()), vec![Fix::mask(m.as_str(), 4)]));
            }
        }
    }
}

/// Whether the text before a number ends with the word "ISBN" (any case, spaces between): only its
/// last bytes are read, so a long text with many numbers costs no more per number.
fn ends_with_isbn(before: &str) -> bool {
    let head = before.trim_end().as_bytes();
    head.len() >= 4 && head[head.len() - 4..].eq_ignore_ascii_case(b"isbn")
}

fn known_network(digits: &str) -> bool {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
    let len = digits.len();
    match digits.as_bytes()[0] {
        b'4' => matches!(len, 13 | 16 | 19),
        b'5' => (51..=55).contains(&prefix(2)) && len == 16,
        b'2' => (2221..=2720).contains(&prefix(4)) && len == 16,
        b'3' => (matches!(prefix(2), 34 | 37) && len == 15) || (prefix(2) == 35 && len >= 16) || (matches!(prefix(2), 30 | 36 | 38) && len >= 14),
        b'6' => (prefix(4) == 6011 || prefix(2) == 65) && len >= 16,
        _ => false,
    }
}

/// The Luhn checksum over a string of ASCII digits.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("card [[4556 7375 8621 3347]] exp 12/27", To("card •••• •••• •••• 3347 exp 12/27")),
        ("Mastercard [[5200828282828210]]", To("Mastercard ••••••••••••8210")),
        ("amex [[3782-822463-10005]]", To("amex •••••••••••••0005")),
        ("[[2223 0031 2200 3222]]", To("•••• •••• •••• 3222")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "fails Luhn 4556 7375 8621 3348",
        "ISBN 9789515112345",
        "ISBN 978 951 51 1234 5",
        "lot 1234 5678 9012 3456",
        "ORCID 0000-0002-1825-0097",
        "phone +358 40 123 4567",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("payment-card", FLAGGED, NEAR_MISSES);
    }
}
