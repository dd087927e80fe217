use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::pack::Terms;

/// Shortened links, and links through IP loggers.
///
/// **Catches**: links through the hosts a pack rule lists, with or without `https://`: URL
/// shorteners (`bit.ly`, `tinyurl.com`, `ow.ly`, `is.gd`, …) for `shortened-link`, and IP loggers
/// and grabbers (`grabify.link`, `iplogger.org`, `2no.co`, `yip.su`, `blasze.com`, …) for
/// `ip-logger`.
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): a short link hides where it goes, so readers cannot tell a paper
/// from a phishing page; an IP logger records the address and rough location of everyone who
/// opens it.
///
/// **Instead**: paste the full address (the DOI or the helsinki.fi page); never pass on a logger
/// link.
///
/// A listed host's name in plain text ("bit.ly is down", "iplogger.org tracks you") is a link too
/// only when a path follows.
pub(crate) struct ShortenedLink {
    hosts: Vec<String>,
}

impl ShortenedLink {
    pub fn build(terms: &Terms) -> Result<Box<dyn Rule>, String> {
        if terms.all.is_empty() {
            return Err("the shortened-link check needs the shorteners' hosts in `terms.all`".into());
        }
        Ok(Box::new(ShortenedLink { hosts: terms.all.clone() }))
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

    const LOGGER_FLAGGED: &[&str] = &[
        "free pizza: [[https://grabify.link/ABC123]]",
        "[[iplogger.org/2abc]] and [[iplogger.ru/xyz]]",
        "look [[2no.co/1a2b3c]] lol",
        "[[yip.su/abc]]",
        "[[http://blasze.com/Q7L9]] and [[ps3cfw.com/x]]",
    ];

    const LOGGER_NEAR_MISSES: &[&str] = &[
        "iplogger.org is one of the services our security course looks at",
        "https://grabifyexample.org/x",
        "https://bit.ly/3xYzAbC",
    ];

    #[test]
    fn ip_logger_table() {
        crate::rules::assert_table("ip-logger", LOGGER_FLAGGED, LOGGER_NEAR_MISSES);
    }
}
