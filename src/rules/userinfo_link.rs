use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};

/// Links with a user part before the `@`: a suspicious link, whether it leaks a login or hides
/// where the link goes.
///
/// **Catches**: links with a user part (`https://student:Kevat2024@data.example.org/`), the
/// part before `@` being flagged.
///
/// **Why**: "Do not… share… suspicious links" and "Use different login credentials" (Data
/// protection and privacy): a password in a link is a password in public, and links with a user
/// part are a classic disguise (`https://helsinki.fi@evil.example/`).
///
/// **Instead**: share the plain link and send access details privately. The fix removes the user
/// part.
///
/// E-mail addresses and `mailto:` links are not flagged.
pub(crate) struct UserinfoLink;

impl Rule for UserinfoLink {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links().iter().filter(|l| l.has_scheme && l.userinfo.as_deref().is_some_and(|u| !u.is_empty())) {
            let written = cx.text.slice(link.span);
            let Some(scheme_end) = written.find("://").map(|i| i + 3) else { continue };
            let Some(at) = written[scheme_end..].find('@').map(|i| scheme_end + i) else { continue };
            let span = Span::new(link.span.start + scheme_end, link.span.start + at + 1);
            out.push(Hit::new(span, vec![Fix::remove()]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("data: https://[[student:Kevat2024@]]data.example-lab.org/share", To("data: https://data.example-lab.org/share")),
        ("https://[[helsinki.fi@]]evil.example/login", To("https://evil.example/login")),
        ("ftp://[[anon:x@]]files.example.org", To("ftp://files.example.org")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "mail me: someone@helsinki.fi",
        "mailto:someone@helsinki.fi",
        "https://example.org/@username",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("userinfo-link", FLAGGED, NEAR_MISSES);
    }
}
