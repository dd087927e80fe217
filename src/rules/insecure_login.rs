use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::pack::Terms;

/// Login pages over plain HTTP.
///
/// **Catches**: `http://` links (not `https://`) whose host or path has one of the pack's login
/// words (`login`, `signin`, `kirjaudu`, `logga-in`, …).
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): a login page without encryption sends passwords in the clear, and
/// real University logins are always https.
///
/// **Instead**: link the https address. The fix rewrites the link to https; check that it works.
///
/// http links that are not logins are left to the person's judgement.
pub(crate) struct InsecureLogin {
    words: Vec<String>,
}

impl InsecureLogin {
    pub fn build(terms: &Terms) -> Result<Box<dyn Rule>, String> {
        if terms.all.is_empty() {
            return Err("the insecure-login check needs login words in `terms.all`".into());
        }
        Ok(Box::new(InsecureLogin { words: terms.all.clone() }))
    }
}

impl Rule for InsecureLogin {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links().iter().filter(|l| l.has_scheme && l.scheme == "http") {
            let place = format!("{}{}", link.host(), link.path).to_lowercase();
            if self.words.iter().any(|w| place.contains(w.as_str())) {
                let written = cx.text.slice(link.span);
                let fix = Fix::replace(format!("https{}", &written[4..]), false);
                out.push(Hit::new(Span::new(link.span.start, link.span.end), vec![fix]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "log in: [[http://portal.example.org/login]]",
        "[[http://kirjaudu.example.fi/]]",
        "[[HTTP://example.org/signin?next=/]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "https://login.helsinki.fi/",
        "http://example.org/blog/post",
        "the login page is down",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("insecure-login", FLAGGED, NEAR_MISSES);
    }
}
