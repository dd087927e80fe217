//! The draft, prepared once per check so that rules share the work: a case-folded copy with the
//! same byte offsets, its words and sentences, and the links found in it. What the draft says of
//! people is found on top of this, in `people` (`PeopleOf`).

use crate::finding::Span;
use crate::words::{self, Token};
use regex::Regex;
use std::cell::OnceCell;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

pub(crate) struct Text<'a> {
    pub raw: &'a str,
    /// Lower case wherever lowering keeps a character's UTF-8 length (every letter of en/fi/sv
    /// does), so a span found in `folded` is the same span in `raw`.
    pub folded: String,
    links: OnceCell<Vec<Link>>,
    words: OnceCell<Vec<Token<'a>>>,
    sentences: OnceCell<Vec<Span>>,
}

/// A link written in the draft, with or without its scheme (`bit.ly/x`, `https://…`), split into
/// the parts the rules look at. Only what the draft wrote is kept: nothing is resolved or decoded,
/// and a host in another script stays as written (which `lookalike-domain` treats as suspicious).
pub(crate) struct Link {
    pub span: Span,
    /// `http`, `https`, `ftp` in lower case; empty when the draft wrote no scheme.
    pub scheme: String,
    pub has_scheme: bool,
    /// What stands before `@` in the authority (`user:password`), if anything.
    pub userinfo: Option<String>,
    /// The host in lower case, without a trailing dot; IPv6 hosts keep their brackets.
    host: String,
    /// The path, `/` when the link has none; without query and fragment.
    pub path: String,
}

impl Link {
    fn parse(span: Span, written: &str) -> Option<Link> {
        let (scheme, rest) = match written.find("://") {
            Some(at) => (written[..at].to_ascii_lowercase(), &written[at + 3..]),
            None => (String::new(), written),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at(authority_end);
        let (userinfo, host_port) = match authority.rfind('@') {
            Some(at) => (Some(authority[..at].to_string()), &authority[at + 1..]),
            None => (None, authority),
        };
        let host = if host_port.starts_with('[') {
            &host_port[..host_port.find(']').map_or(host_port.len(), |i| i + 1)]
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let host = host.trim_end_matches('.').to_lowercase();
        if host.is_empty() {
            return None;
        }
        let path = after.split(['?', '#']).next().filter(|p| !p.is_empty()).unwrap_or("/").to_string();
        Some(Link { span, has_scheme: !scheme.is_empty(), scheme, userinfo, host, path })
    }

    /// The host in lower case, without a leading `www.`.
    pub fn host(&self) -> &str {
        self.host.strip_prefix("www.").unwrap_or(&self.host)
    }

    /// Whether the host is an IPv4 or IPv6 address rather than a name.
    pub fn host_is_ip(&self) -> bool {
        let bracketed = self.host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
        self.host.parse::<Ipv4Addr>().is_ok() || bracketed.is_some_and(|h| h.parse::<Ipv6Addr>().is_ok())
    }
}

/// Schemed links, and bare hosts that either have a path or end in a top-level domain people
/// really link to. `node.js` or `report.pdf` are not links; `bit.ly/x` and `sci-hub.se` are.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:https?|ftp)://[^\s<>\x22]+
        | (?-u:\b)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/[^\s<>\x22]*
        | (?-u:\b)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|info|biz|io|ai|fi|se|no|dk|ee|de|nl|be|fr|es|it|pl|cz|sk|at|ch|uk|ie|eu|us|ca|au|nz|jp|cn|tw|hk|kr|in|ru|su|by|ua|lv|lt|is|li|gs|st|wf|rs|ws|gl|gd|cc|ly|co|me|to|tv|fm|lol|edu|gov|app|dev|xyz|top|site|online|club|link|shop|zip|mov|click)(?-u:\b)
        ",
    )
    .expect("link pattern is valid")
});

/// Characters that end a sentence more often than they end a URL.
const TRAILING_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '’', '”', '»', '…'];

impl<'a> Text<'a> {
    pub fn new(raw: &'a str) -> Text<'a> {
        let mut folded = String::with_capacity(raw.len());
        let mut rest = raw;
        // Runs of ASCII are lowered in bulk (most of any post), other characters one by one.
        loop {
            let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
            let from = folded.len();
            folded.push_str(&rest[..ascii]);
            folded[from..].make_ascii_lowercase();
            rest = &rest[ascii..];
            let Some(c) = rest.chars().next() else { break };
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => folded.push(l),
                _ => folded.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
        Text { raw, folded, links: OnceCell::new(), words: OnceCell::new(), sentences: OnceCell::new() }
    }

    pub fn slice(&self, span: Span) -> &'a str {
        &self.raw[span.start..span.end]
    }

    pub fn links(&self) -> &[Link] {
        self.links.get_or_init(|| find_links(self.raw))
    }

    /// The words of the draft, lowered, in order (see [`words::tokens`]).
    pub fn words(&self) -> &[Token<'a>] {
        self.words.get_or_init(|| words::tokens(self.raw, Span::new(0, self.raw.len())))
    }

    /// The words that lie inside `span`.
    pub fn words_in(&self, span: Span) -> &[Token<'a>] {
        let words = self.words();
        let from = words.partition_point(|w| w.span.start < span.start);
        let to = words.partition_point(|w| w.span.end <= span.end);
        &words[from..to.max(from)]
    }

    pub fn sentences(&self) -> &[Span] {
        self.sentences.get_or_init(|| words::sentences(self.raw))
    }

    /// The index in [`Text::sentences`] of the sentence that holds byte `at`, if one does (not
    /// the space between two sentences).
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let sentences = self.sentences();
        let index = sentences.partition_point(|s| s.end <= at);
        sentences.get(index).filter(|s| s.start <= at).map(|_| index)
    }

}

fn find_links(raw: &str) -> Vec<Link> {
    let mut links = Vec::new();
    for m in link_matches(raw) {
        // An e-mail address's domain is not a link.
        if raw[..m.start()].ends_with('@') {
            continue;
        }
        let trimmed = m.as_str().trim_end_matches(TRAILING_PUNCTUATION);
        // `(see https://x.org/a_(b))`: keep a closing bracket that closes one inside the link.
        let trimmed = balance_brackets(m.as_str(), trimmed);
        if trimmed.is_empty() {
            continue;
        }
        if let Some(link) = Link::parse(Span::new(m.start(), m.start() + trimmed.len()), trimmed) {
            links.push(link);
        }
    }
    links
}

fn balance_brackets<'s>(full: &'s str, trimmed: &'s str) -> &'s str {
    let opens = trimmed.matches('(').count();
    let closes = trimmed.matches(')').count();
    if opens > closes && full[trimmed.len()..].starts_with(')') {
        &full[..trimmed.len() + 1]
    } else {
        trimmed
    }
}

/// A match of `LINK` in the whole draft.
struct LinkMatch<'h> {
    start: usize,
    text: &'h str,
}

impl<'h> LinkMatch<'h> {
    fn start(&self) -> usize {
        self.start
    }

    fn as_str(&self) -> &'h str {
        self.text
    }
}

/// Every match of `LINK` in `raw`, found by searching only the runs of text that could hold a
/// link. A link never contains whitespace, and whitespace is not a word character for `\b`, so
/// this finds exactly what one search of the whole draft finds, much faster: on a whole draft, the
/// first non-ASCII letter makes the regex engine leave its DFA for its slowest engine because of
/// the Unicode `\b` (5 MB/s instead of over 150 on the benchmark posts).
fn link_matches(raw: &str) -> impl Iterator<Item = LinkMatch<'_>> {
    link_candidates(raw).flat_map(|(at, run)| LINK.find_iter(run).map(move |m| LinkMatch { start: at + m.start(), text: m.as_str() }))
}

/// The runs between ASCII whitespace that have `://` or a dot before a letter or digit, with their
/// byte offsets. `(?i)[a-z]` also matches two non-ASCII letters (K and ſ), so a dot before any
/// non-ASCII byte counts too.
fn link_candidates(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = raw.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < bytes.len() {
            let end = bytes[start..].iter().position(u8::is_ascii_whitespace).map_or(bytes.len(), |i| start + i);
            let (at, run) = (start, &raw[start..end]);
            start = end + 1;
            let run_bytes = run.as_bytes();
            let dotted = run_bytes.windows(2).any(|w| w[0] == b'.' && (w[1].is_ascii_alphanumeric() || !w[1].is_ascii()));
            if dotted || run_bytes.windows(3).any(|w| w == b"://") {
                return Some((at, run));
            }
        }
        None
    })
}

/// Whether `c` can be part of a word; a match must not start or end inside one.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bulk ASCII path folds exactly like lowering each character on its own.
    #[test]
    fn folding_matches_per_character_lowering() {
        let per_char = |raw: &str| -> String {
            raw.chars()
                .map(|c| {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                        _ => c,
                    }
                })
                .collect()
        };
        let corpus = std::fs::read_to_string("tests/corpus/posts.jsonl").unwrap();
        for raw in corpus.lines().chain(["ÄÖÅ İstanbul SALASANA ẞ Σ ǅ 👩‍🔬 \u{212a}", ""]) {
            assert_eq!(Text::new(raw).folded, per_char(raw), "{raw}");
        }
    }

    /// Searching the candidate runs finds exactly what one search of the whole draft finds.
    #[test]
    fn link_runs_find_what_the_whole_draft_finds() {
        let corpus = std::fs::read_to_string("tests/corpus/posts.jsonl").unwrap();
        let posts = corpus.lines().map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["text"].as_str().unwrap().to_string());
        let tricky = [
            "Väänänen.fi and äsci-hub.se, sci-hub.seä, ÄBIT.LY/x",
            "e.g. i.e. node.js\u{a0}bit.ly/x\u{2003}https://a.fi/ä?q=ö\x0bwww.helsinki.fi",
            "(https://en.wikipedia.org/wiki/Foo_(bar)) \"http://x.org/a\"<b.com>",
            "ſci-hub.ſe and \u{212a}ey.fi, 10.1038/s41586-020-2649-2, https://",
        ];
        let long = posts.clone().collect::<Vec<_>>().join("\n\n");
        for raw in posts.chain(tricky.iter().map(|s| s.to_string())).chain([long]) {
            let whole: Vec<(usize, &str)> = LINK.find_iter(&raw).map(|m| (m.start(), m.as_str())).collect();
            let runs: Vec<(usize, &str)> = link_matches(&raw).map(|m| (m.start(), m.as_str())).collect();
            assert_eq!(runs, whole, "{raw}");
        }
    }

    #[test]
    fn folding_keeps_offsets() {
        let text = Text::new("ÄÖÅ İstanbul SALASANA");
        assert_eq!(text.folded.len(), text.raw.len());
        assert!(text.folded.starts_with("äöå"));
        assert!(text.folded.ends_with("salasana"));
    }

    #[test]
    fn splits_links_into_parts() {
        let text = Text::new("see HTTPS://User:Pw@WWW.Example.ORG.:8080/a/b.exe?x=1#top and https://[2001:db8::1]/x http://10.0.0.1/p");
        let links = text.links();
        let first = &links[0];
        assert_eq!((first.scheme.as_str(), first.host(), first.path.as_str()), ("https", "example.org", "/a/b.exe"));
        assert_eq!(first.userinfo.as_deref(), Some("User:Pw"));
        assert!(!first.host_is_ip());
        assert!(links[1].host_is_ip() && links[1].has_scheme);
        assert!(links[2].host_is_ip() && links[2].path == "/p");
    }

    #[test]
    fn finds_links() {
        let cases: &[(&str, &[&str])] = &[
            ("read https://doi.org/10.1000/182.", &["https://doi.org/10.1000/182"]),
            ("short: bit.ly/3xYz, long", &["bit.ly/3xYz"]),
            ("on sci-hub.se now", &["sci-hub.se"]),
            ("(see https://en.wikipedia.org/wiki/Foo_(bar))", &["https://en.wikipedia.org/wiki/Foo_(bar)"]),
            ("mail me at someone@gmail.com", &[]),
            ("built with node.js and report.pdf", &[]),
            ("DOI 10.1038/s41586-020-2649-2", &[]),
            ("e.g. this, i.e. that", &[]),
        ];
        for (input, expected) in cases {
            let text = Text::new(input);
            let found: Vec<&str> = text.links().iter().map(|l| text.slice(l.span)).collect();
            assert_eq!(&found, expected, "{input}");
        }
    }
}
