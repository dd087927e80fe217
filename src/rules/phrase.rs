use super::{Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::{PhraseCheck, Terms};
use crate::vocab::Scope;
use crate::text::{is_word_char, Text};
use regex::Regex;
use std::sync::LazyLock;

/// A rule written entirely in the guideline pack: it flags the pack's words and phrases.
///
/// **Catches**: any of the rule's `terms` (per language, with `*` for inflected endings), unless
/// one of its `unless` terms occurs in the same paragraph (anywhere in the post, for a rule about
/// the post as a whole, `scope = "post"`), only with a `near` term within `window` words
/// when it has any, not when the post cites a source (`unless_source`), and not inside quotation
/// marks (`unless_quoted`).
///
/// **Why**: most guidelines are about what is said, and what is said is words: "confidential",
/// "sick leave", "studies show". Keeping those words in data lets an organisation adapt them
/// without touching Rust.
///
/// **Instead**: each pack rule's message says what to write instead; `removable` rules offer
/// removing the phrase.
///
/// The tables of every phrase rule are its `flagged` and `fine` examples in the pack, checked by
/// `every_pack_rule_passes_its_examples` below.
pub(crate) struct Phrase {
    terms: ListId,
    unless: Option<ListId>,
    near: Option<(ListId, usize)>,
    unless_source: bool,
    unless_quoted: bool,
    removable: bool,
    /// The rule gives advice about the whole post: an `unless` term anywhere in it answers it.
    about_post: bool,
}

const DEFAULT_WINDOW: usize = 8;

impl Phrase {
    pub fn build(spec: &PhraseCheck, scope: Scope, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if spec.terms.is_empty() {
            return Err("a phrase rule needs terms".into());
        }
        if spec.window.is_some() && spec.near.is_empty() {
            return Err("`window` needs `near` terms".into());
        }
        if scope == Scope::Post && spec.removable {
            return Err("a post-level rule (`scope = \"post\"`) cannot be `removable`: what prompted it is not what is wrong".into());
        }
        let mut optional = |terms: &Terms| -> Result<Option<ListId>, String> { if terms.is_empty() { Ok(None) } else { lexicon.list(terms.iter()).map(Some) } };
        let unless = optional(&spec.unless)?;
        let near = optional(&spec.near)?.map(|list| (list, spec.window.unwrap_or(DEFAULT_WINDOW)));
        Ok(Box::new(Phrase {
            terms: lexicon.list(spec.terms.iter())?,
            unless,
            near,
            unless_source: spec.unless_source,
            unless_quoted: spec.unless_quoted,
            removable: spec.removable,
            about_post: scope == Scope::Post,
        }))
    }
}

impl Rule for Phrase {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let hits = cx.hits.of(self.terms);
        if hits.is_empty() {
            return;
        }
        if self.unless_source && cites_source(cx.text) {
            return;
        }
        if self.about_post && self.unless.is_some_and(|list| !cx.hits.of(list).is_empty()) {
            return;
        }
        let mut last: Option<Span> = None;
        for &span in hits {
            if let Some((list, window)) = self.near {
                if !near_within(cx.text.raw, span, cx.hits.of(list), window) {
                    continue;
                }
            }
            if self.unless_quoted && inside_quotes(cx.text.raw, span.start) {
                continue;
            }
            if self.unless.is_some_and(|list| any_in_same_paragraph(cx.text.raw, span, cx.hits.of(list))) {
                continue;
            }
            // Overlapping terms of one rule ("under embargo", "embargo") make one finding.
            if let Some(prev) = last.filter(|prev| prev.overlaps(span)) {
                let merged = Span::new(prev.start, prev.end.max(span.end));
                out.pop();
                last = Some(merged);
                out.push(self.hit(merged));
                continue;
            }
            last = Some(span);
            out.push(self.hit(span));
        }
    }
}

impl Phrase {
    fn hit(&self, span: Span) -> Hit {
        let fixes = if self.removable { vec![Fix::remove()] } else { Vec::new() };
        Hit::new(span, fixes)
    }
}

/// Whether two spans lie in the same paragraph (paragraphs are separated by a blank line), so
/// that in a long post an exception in one paragraph does not silence another.
pub(crate) fn same_paragraph(raw: &str, a: Span, b: Span) -> bool {
    let (from, to) = if a.start <= b.start { (a.end.min(b.start), b.start) } else { (b.end.min(a.start), a.start) };
    !raw[from..to].contains("\n\n")
}

/// A link, a DOI or an author–year citation: something a reader can check a claim against.
/// A bare host name without a path (`sci-hub.ru`) is a place, not a source.
fn cites_source(text: &Text) -> bool {
    static CITATION: LazyLock<Regex> = LazyLock::new(|| {
        crate::rules::pattern(r"(?i)(?-u:\b)10\.[0-9]{4,9}/\S+|(?-u:\b)arxiv:\s*[0-9]|\(\w[\w-]+(?: et al\.?| (?:&|and|ja|och) \w[\w-]+)?,? (?:19|20)[0-9]{2}\)|(?-u:\b)pmid:?\s*[0-9]")
    });
    text.links().iter().any(|l| l.has_scheme || l.path.len() > 1) || CITATION.is_match(text.raw)
}

/// Whether a span of `near` other than `span` lies within `window` words of it. The words
/// between only grow with distance, so besides the spans overlapping `span` only the closest span
/// on each side is counted, and counting stops after `window` words: the cost per hit no longer
/// grows with the number of `near` hits times the length of the draft.
fn near_within(raw: &str, span: Span, near: &[Span], window: usize) -> bool {
    // `near` is sorted: the spans from `after` on start where `span` ends or later.
    let after = near.partition_point(|n| n.start < span.end);
    let mut closest_before: Option<usize> = None;
    for &n in &near[..after] {
        if n == span {
            continue;
        }
        if n.end > span.start {
            return true;
        }
        closest_before = closest_before.max(Some(n.end));
    }
    let within = |from: usize, to: usize| raw[from..to].split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).nth(window).is_none();
    closest_before.is_some_and(|end| within(end, span.start)) || near.get(after).is_some_and(|n| within(span.end, n.start))
}

/// Whether a span of `others` (sorted) lies in the same paragraph as `span`; as in
/// [`near_within`], only the closest span on each side can. A greeting on a line of its own
/// ("Hyvät kollegat ja kaikki kiinnostuneet!", then a blank line) belongs to the paragraph it
/// opens, so what that paragraph says ("vapaa pääsy") counts for it too.
fn any_in_same_paragraph(raw: &str, span: Span, others: &[Span]) -> bool {
    let after = others.partition_point(|o| o.start <= span.start);
    let closest_before = others[..after].iter().max_by_key(|o| o.end.min(span.start));
    let next = others.get(after);
    closest_before.is_some_and(|o| same_paragraph(raw, *o, span))
        || next.is_some_and(|o| same_paragraph(raw, *o, span))
        || greeting_opens(raw, span).is_some_and(|end| next.is_some_and(|o| o.start < end))
}

/// The end of the paragraph after `span`'s, when `span`'s paragraph is only a greeting: at most
/// eight words ending in a comma, an exclamation mark or a colon.
fn greeting_opens(raw: &str, span: Span) -> Option<usize> {
    let start = raw[..span.start].rfind("\n\n").map_or(0, |i| i + 2);
    let gap = span.end + raw[span.end..].find("\n\n")?;
    let greeting = raw[start..gap].trim();
    let words = greeting.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).count();
    if words > 8 || !greeting.ends_with([',', '!', ':']) {
        return None;
    }
    let next = gap + raw[gap..].find(|c: char| !c.is_whitespace())?;
    Some(raw[next..].find("\n\n").map_or(raw.len(), |i| next + i))
}

/// Whether an odd number of quotation marks precede `at` in its paragraph.
fn inside_quotes(raw: &str, at: usize) -> bool {
    let paragraph_start = raw[..at].rfind('\n').map_or(0, |i| i + 1);
    let quotes = raw[paragraph_start..at].chars().filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„')).count();
    quotes % 2 == 1
}

#[cfg(test)]
mod tests {
    use crate::pack::{Check, Pack};
    use crate::{Checker, Options};

    /// Why a rule may go without `flagged` and `fine` examples in its pack, if it may: the
    /// examples run on the text alone, with default options.
    fn exempt_from_examples(rule: &crate::pack::Rule) -> Option<&'static str> {
        match rule.check {
            Check::OrganisationTerms {} => Some("its names come from the options, not the pack"),
            Check::MissingAltText {} => Some("it reads the compose box's attachments, not the text"),
            _ if !rule.contexts.is_empty() || rule.with_attachment => Some("it applies to some boxes only"),
            // A pack's examples in the learned layer's categories are its training data: adding
            // some would change the frozen weights. The rule's table tests it instead.
            Check::Phrase(_) => None,
            _ if crate::model::CATEGORIES.contains(&rule.category) => Some("its examples would be training data; its table tests it"),
            _ => None,
        }
    }

    /// Every rule of the built-in pack and of Kela's passes its `flagged` and `fine` examples, and
    /// has both unless `exempt_from_examples` says why not.
    #[test]
    fn every_pack_rule_has_and_passes_its_examples() {
        let kela = Pack::from_toml(include_str!("../../guidelines/kela.toml"), "kela.toml").unwrap();
        for pack in [Pack::builtin(), kela] {
            let checker = Checker::with_pack(pack, &Options::default()).unwrap();
            let failures = checker.failing_examples();
            assert!(failures.is_empty(), "{}", failures.join("\n"));
            for rule in checker.pack().rules.iter().filter(|r| exempt_from_examples(r).is_none()) {
                assert!(!rule.flagged.is_empty() && !rule.fine.is_empty(), "{}: rule `{}` needs flagged and fine examples", checker.pack().id(), rule.id);
            }
        }
    }

    #[test]
    fn quotes_and_distance() {
        assert!(super::inside_quotes("He wrote \"you idiot", 10));
        assert!(!super::inside_quotes("\"quoted\" then you idiot", 14));
        let raw = "photos of my students";
        let (photos, students) = (crate::Span::new(0, 6), crate::Span::new(13, 21));
        assert!(super::near_within(raw, photos, &[students], 2));
        assert!(!super::near_within(raw, photos, &[students], 1));
        assert!(super::near_within(raw, students, &[photos, students], 2), "the span itself does not count, others do");
    }
}
