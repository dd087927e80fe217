use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Private key blocks (SSH, TLS, PGP).
///
/// **Catches**: from `-----BEGIN … PRIVATE KEY-----` (or `PGP PRIVATE KEY BLOCK`) to its `END`
/// line, or to the end of the post when the paste was cut short.
///
/// **Why**: information security ("Data protection and privacy"): a private key lets anyone
/// log in as you or read what was encrypted for you.
///
/// **Instead**: remove it and replace the key pair; share only the public key. The fix removes
/// the block.
///
/// Public keys and certificates are public by design and not flagged.
pub(crate) struct PrivateKey;

static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)")
});

impl Rule for PrivateKey {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for m in BLOCK.find_iter(cx.text.raw) {
            out.push(Hit::new(Span::new(m.start(), m.end()), vec![Fix::remove()]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("key:\n[[-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH PRIVATE KEY-----]]\nthanks", To("key:\n\nthanks")),
        ("[[-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA]]", To("")),
        ("[[-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----]]", To("")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----",
        "Never share your private key, folks.",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("private-key", FLAGGED, NEAR_MISSES);
    }
}
