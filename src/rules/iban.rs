use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use regex::Regex;
use std::sync::LazyLock;

/// International bank account numbers (IBAN).
///
/// **Catches**: a country code, two check digits and the account number, with or without spaces
/// (`FI21 1234 5600 0007 85`), when its length fits the country and the mod-97 check passes.
///
/// **Why**: the guidelines name a person's "financial position" among what must not be disclosed
/// ("Personal data and privacy"); an account number also invites fraud.
///
/// **Instead**: send payment details privately. The fix masks all but the last four characters.
///
/// Strings that fail the check, and codes of other shapes, are not flagged.
pub(crate) struct Iban;

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?-u:\b)"));

/// Lengths of the IBANs of the countries whose accounts appear in Nordic posts most; others are
/// accepted at any valid IBAN length.
const LENGTHS: &[(&str, usize)] = &[("FI", 18), ("SE", 24), ("NO", 15), ("DK", 18), ("EE", 20), ("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27)];

impl Rule for Iban {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for m in CANDIDATE.find_iter(cx.text.raw) {
            // Spaces may run into the next word; try the longest prefix that forms a valid IBAN.
            let written = m.as_str();
            let ends = written.char_indices().map(|(i, c)| i + c.len_utf8()).filter(|&end| !written[..end].ends_with(' '));
            let valid = ends.rev().find(|&end| valid_iban(&written[..end]));
            if let Some(end) = valid {
                let flagged = &written[..end];
                out.push(Hit::new(Span::new(m.start(), m.start() + end), vec![Fix::mask(flagged, 4)]));
            }
        }
    }
}

fn valid_iban(written: &str) -> bool {
    let compact: String = written.chars().filter(|c| *c != ' ').collect();
    if compact.len() < 15 || !compact.is_ascii() {
        return false;
    }
    let country = &compact[..2];
    let length_ok = match LENGTHS.iter().find(|(code, _)| *code == country) {
        Some((_, len)) => compact.len() == *len,
        None => (15..=34).contains(&compact.len()),
    };
    if !length_ok {
        return false;
    }
    let rearranged = compact[4..].chars().chain(compact[..4].chars());
    let mut remainder = 0u32;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        remainder = if value >= 10 { (remainder * 100 + value) % 97 } else { (remainder * 10 + value) % 97 };
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("Tilinumero [[FI21 1234 5600 0007 85]], kiitos!", To("Tilinumero •••• •••• •••• •••7 85, kiitos!")),
        ("IBAN: [[FI2112345600000785]]", To("IBAN: ••••••••••••••0785")),
        ("konto [[SE45 5000 0000 0583 9825 7466]] tack", To("konto •••• •••• •••• •••• •••• 7466 tack")),
        ("[[DE89 3704 0044 0532 0130 00]] Danke", To("•••• •••• •••• •••• •••0 00 Danke")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "wrong check FI21 1234 5600 0007 86",
        "FI is 18 long: FI21 1234 5600 0007 8",
        "Project code AB12 3456 7890 1234",
        "ISBN 978-951-51-1234-5",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("iban", FLAGGED, NEAR_MISSES);
    }
}
