use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;

/// Shortened links.
///
/// **Catches**: links through the URL shorteners the pack lists (`bit.ly`, `tinyurl.com`,
/// `ow.ly`, `is.gd`, …), with or without `https://`.
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): a short link hides where it goes, so readers cannot tell a paper
/// from a phishing page.
///
/// **Instead**: paste the full address (the DOI or the helsinki.fi page).
///
/// A shortener's name in plain text ("bit.ly is down") is a link too only when a path follows.
pub(crate) struct ShortenedLink {
    hosts: Vec<String>,
}

impl ShortenedLink {
    pub fn build(spec: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if spec.terms.all.is_empty() {
            return Err("the shortened-link check needs the shorteners' hosts in `terms.all`".into());
        }
        Ok(Box::new(ShortenedLink { hosts: spec.terms.all.clone() }))
    }
}

impl Rule for ShortenedLink {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links() {
            let has_path = link.path.len() > 1;
            if self.hosts.iter().any(|h| h == link.host()) && (has_path || link.has_scheme) {
                out.push(Hit::new(Span::new(link.span.start, link.span.end), Vec::<Fix>::new()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "slides: [[https://bit.ly/3xYzAbC]]",
        "form at [[tinyurl.com/hy-survey]]!",
        "[[http://ow.ly/abc123]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "bit.ly is blocked on our network",
        "https://doi.org/10.1000/182",
        "https://www.helsinki.fi/en/news",
        "https://bitly.example.org/x",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("shortened-link", FLAGGED, NEAR_MISSES);
    }
}
