use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// Links to sites that publish articles and books illegally.
///
/// **Catches**: links to the hosts the pack lists (Sci-Hub, LibGen, Z-Library, Anna's Archive),
/// under any top-level domain and subdomain (`sci-hub.se`, `https://sci-hub.ru/10.1038/…`,
/// `libgen.is`), with or without `https://`. A pack entry without a dot (`sci-hub`) matches
/// the name under every top-level domain, because these sites move between domains often.
///
/// **Why**: "Do not share or link to material that appears to be illegally published (e.g.,
/// websites that illegally publish scientific articles free of charge)" (Copyright).
///
/// **Instead**: link the DOI (`https://doi.org/…`) or an open-access copy (the author's
/// repository, e.g. HELDA). When the link carries a DOI, the fix replaces it with the doi.org link.
///
/// Talking about Sci-Hub without linking to it, and links to doi.org or publishers, are fine.
pub(crate) struct PiracyLink {
    hosts: Vec<String>,
}

static DOI: LazyLock<Regex> = LazyLock::new(|| pattern(r"10\.[0-9]{4,9}/[^\s?#]+"));

impl PiracyLink {
    pub fn build(spec: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let hosts: Vec<String> = spec.terms.all.clone();
        if hosts.is_empty() {
            return Err("the piracy-link check needs the site names in `terms.all`".into());
        }
        Ok(Box::new(PiracyLink { hosts }))
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
            if !self.listed(link.host()) {
                continue;
            }
            let written = cx.text.slice(link.span);
            let fix = match DOI.find(written) {
                Some(doi) => Fix::replace(format!("https://doi.org/{}", doi.as_str()), true),
                None => Fix::remove(),
            };
            out.push(Hit::new(Span::new(link.span.start, link.span.end), vec![fix]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checker, FixKind, Options};

    const FLAGGED: &[&str] = &[
        "Get it here: [[https://sci-hub.se/10.1038/s41586-020-2649-2]]",
        "[[sci-hub.ru]] has everything lol",
        "try [[libgen.is/book/index.php?md5=ABC]]",
        "[[https://z-lib.org]] or [[annas-archive.org/md5/123]]",
        "mirror [[http://www.sci-hub.st/]]!",
        "[[https://1lib.sk/book/123]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "Our paper on why people use Sci-Hub: https://doi.org/10.1002/asi.24112",
        "https://www.helsinki.fi/en/research",
        "Open access copy at https://helda.helsinki.fi/handle/10138/123",
        "sci-hub is a research topic",
        "https://scihubness.example.org/",
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
