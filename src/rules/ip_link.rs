use super::{pattern, Context, Hit, Rule};
use crate::finding::Span;
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::Terms;
use regex::Regex;
use std::sync::LazyLock;

/// Links to a raw IP address.
///
/// **Catches**: links whose host is an IP address (`http://193.166.24.17/login`,
/// `https://[2001:db8::1]/`), and bare addresses with a path or port (`85.76.112.40:8080/x`) or
/// right after one of the pack's `near` cues ("server", "palvelin", "servern").
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): real services have names; an address in digits is how phishing
/// pages and misconfigured test servers look, and private addresses expose internal networks.
///
/// **Instead**: link the service's public name, or share the address privately.
///
/// Version numbers and dates with dots (`v1.2.3.4`, `24.11.2025`) are not links.
pub(crate) struct IpLink {
    cues: Option<ListId>,
}

/// How close before the address a cue must end.
const CUE_WINDOW_BYTES: usize = 12;

static BARE_IP: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?::[0-9]{2,5})?(?:/[^\s<>]*)?"));

impl IpLink {
    pub fn build(near: &Terms, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let cues = if near.is_empty() { None } else { Some(lexicon.list(near.iter())?) };
        Ok(Box::new(IpLink { cues }))
    }

    /// A bare address counts as a link where the text says it is a place to go.
    fn cued(&self, cx: &Context, at: usize) -> bool {
        self.cues.is_some_and(|list| cx.hits.of(list).iter().any(|cue| cue.end <= at && at - cue.end <= CUE_WINDOW_BYTES))
    }
}

impl Rule for IpLink {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let mut spans = Vec::new();
        for link in cx.text.links() {
            if link.host_is_ip() {
                spans.push(link.span);
            }
        }
        for m in BARE_IP.find_iter(cx.text.raw) {
            let written = m.as_str();
            let octets_valid = written.split(['/', ':']).next().unwrap_or("").split('.').all(|o| o.parse::<u8>().is_ok());
            let before = cx.text.raw[..m.start()].chars().next_back();
            let has_path_or_port = written.contains('/') || written.contains(':');
            let is_address = octets_valid && !before.is_some_and(|c| c.is_alphanumeric() || c == '.');
            let span = Span::new(m.start(), m.end());
            if is_address && (has_path_or_port || self.cued(cx, m.start())) && !spans.iter().any(|s: &Span| s.overlaps(span)) {
                spans.push(span);
            }
        }
        spans.sort();
        out.extend(spans.into_iter().map(|span| Hit::new(span, Vec::new())));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("login here: [[http://193.166.24.17/login]]", Nothing),
        ("files at [[85.76.112.40:8080/share]]", Nothing),
        ("server [[192.168.10.24]] is up", Nothing),
        ("[[https://[2001:db8::1]/admin]]", Nothing),
    ];

    const NEAR_MISSES: &[&str] = &[
        "Version 1.2.3.4 is out",
        "Meeting on 24.11.2025 at 10",
        "Table 3.2.1.4 shows",
        "300.1.2.3 is not an address",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("ip-link", FLAGGED, NEAR_MISSES);
    }
}
