use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::{Literals, Terms};
use crate::text::Link;
use regex::Regex;
use std::sync::LazyLock;

/// Links to sites that publish articles and books illegally.
///
/// **Catches**: links to the hosts the pack lists (Sci-Hub, LibGen, Z-Library, Anna's Archive),
/// under any top-level domain and subdomain (`sci-hub.se`, `https://sci-hub.ru/10.1038/…`,
/// `libgen.is`), with or without `https://`. A pack entry without a dot (`sci-hub`) matches
/// the name under every top-level domain, because these sites move between domains often.
///
///
/// A shortened link (a host in the pack's `near.all`) is a piracy link too when its own words
/// say where it leads: a site's name right after it on the same line, in the same sentence
/// (`bit.ly/3xYz (sci-hub mirror)`, `tinyurl.com/abc – libgen`). The shortener keeps its own
/// `shortened-link` finding.
///
/// **Why**: "Do not share or link to material that appears to be illegally published (e.g.,
/// websites that illegally publish scientific articles free of charge)" (Copyright).
///
/// **Instead**: link the DOI (`https://doi.org/…`) or an open-access copy (the author's
/// repository, e.g. HELDA). When the link carries a DOI, the fix replaces it with the doi.org link.
///
/// Talking about Sci-Hub without linking to it, and links to doi.org or publishers, are fine; so
/// is a shortened link with the site named before it or in another sentence, or named by a link
/// of its own (which is flagged itself).
pub(crate) struct PiracyLink {
    hosts: Vec<String>,
    names: ListId,
    shorteners: Vec<String>,
}

/// How far after a shortened link its own words may name the site: `(sci-hub mirror)`,
/// `– a LibGen copy`.
const NAME_WINDOW_BYTES: usize = 40;

static DOI: LazyLock<Regex> = LazyLock::new(|| pattern(r"10\.[0-9]{4,9}/[^\s?#]+"));

impl PiracyLink {
    pub fn build(terms: &Literals, near: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let hosts: Vec<String> = terms.all.iter().map(|host| host.to_string()).collect();
        if hosts.is_empty() {
            return Err("the piracy-link check needs the site names in `terms.all`".into());
        }
        // The site names as words, for what a shortened link says of itself.
        let names = lexicon.list(terms.iter())?;
        Ok(Box::new(PiracyLink { hosts, names, shorteners: near.all.clone() }))
    }

    fn listed(&self, host: &str) -> bool {
        self.hosts.iter().any(|entry| {
            if entry.contains('.') {
                host == entry || host.ends_with(&format!(".{entry}"))
            } else {
                let labels: Vec<&str> = host.split('.').collect();
                labels.len() >= 2 && labels[..labels.len() - 1].contains(&entry.as_str())
            }
        })
    }
}

impl Rule for PiracyLink {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links() {
            if self.listed(link.host()) {
                let written = cx.text.slice(link.span);
                let fix = match DOI.find(written) {
                    Some(doi) => Fix::replace(format!("https://doi.org/{}", doi.as_str()), true),
                    None => Fix::remove(),
                };
                out.push(Hit::new(Span::new(link.span.start, link.span.end), vec![fix]));
            } else if self.shortened(link) && self.named_after(cx, link.span) {
                out.push(Hit::new(Span::new(link.span.start, link.span.end), vec![Fix::remove()]));
            }
        }
    }
}

impl PiracyLink {
    /// A link through a shortener (like `shortened-link`: a path or a scheme makes it a link).
    fn shortened(&self, link: &Link) -> bool {
        self.shorteners.iter().any(|h| h == link.host()) && (link.path.len() > 1 || link.has_scheme)
    }

    /// Whether a site's name, not itself a link, follows `link` closely on its line and in its
    /// sentence.
    fn named_after(&self, cx: &Context, link: Span) -> bool {
        let raw = cx.text.raw;
        let window_end = floor_boundary(raw, link.end + NAME_WINDOW_BYTES);
        let after = &raw[link.end..window_end];
        let sentence_end = after.find(['\n', '.', '!', '?']).map_or(window_end, |at| link.end + at);
        cx.hits.of(self.names).iter().any(|name| {
            name.start >= link.end && name.end <= sentence_end && !cx.text.links().iter().any(|other| other.span.overlaps(*name))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    use crate::{Checker, FixKind, Options};

    const FLAGGED: &[Flagged] = &[
        ("Get it here: [[https://sci-hub.se/10.1038/s41586-020-2649-2]]", To("Get it here: https://doi.org/10.1038/s41586-020-2649-2")),
        ("[[sci-hub.ru]] has everything lol", To(" has everything lol")),
        ("try [[libgen.is/book/index.php?md5=ABC]]", To("try ")),
        ("[[https://z-lib.org]] or [[annas-archive.org/md5/123]]", To(" or ")),
        ("mirror [[http://www.sci-hub.st/]]!", To("mirror !")),
        ("[[https://1lib.sk/book/123]]", To("")),
        // shortened_link_named_by_its_words
        ("the PDF: [[bit.ly/3xYzAbC]] (sci-hub mirror)", To("the PDF:  (sci-hub mirror)")),
        ("[[tinyurl.com/kirja-pdf]] – LibGen copy, enjoy", To(" – LibGen copy, enjoy")),
        ("[[https://is.gd/abc123]], a Z-Library link", To(", a Z-Library link")),
        // name_as_its_own_link: the site's link is flagged itself, not the shortener beside it.
        ("tinyurl.com/tilastokirja-pdf – peilasin sen [[libgen.is]]:stä", To("tinyurl.com/tilastokirja-pdf – peilasin sen :stä")),
    ];

    const NEAR_MISSES: &[&str] = &[
        "Our paper on why people use Sci-Hub: https://doi.org/10.1002/asi.24112",
        "https://www.helsinki.fi/en/research",
        "Open access copy at https://helda.helsinki.fi/handle/10138/123",
        "sci-hub is a research topic",
        "https://scihubness.example.org/",
        "Our paper on why people use Sci-Hub: bit.ly/paper123",
        "Slides: bit.ly/3xYzAbC. Sci-Hub is blocked on our network.",
        "bit.ly/3xYzAbC\nsci-hub is a research topic",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("piracy-link", FLAGGED, NEAR_MISSES);
    }

    #[test]
    fn fix_swaps_in_the_doi() {
        let text = "read https://sci-hub.se/10.1038/s41586-020-2649-2 now";
        let finding = Checker::new(&Options::default()).unwrap().check(text).remove(0);
        assert_eq!(finding.fixes[0].kind, FixKind::Replace);
        assert_eq!(finding.fixes[0].apply(text, finding.span), "read https://doi.org/10.1038/s41586-020-2649-2 now");
    }
}
