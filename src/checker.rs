//! The checker: built once from options, then `check(text)` on every keystroke.

use std::sync::LazyLock;
use crate::finding::{Finding, GuidelineRef, Span};
use crate::lexicon::{Lexicon, LexiconBuilder};
use crate::model::{self, features};
use crate::pack::{self, Check, Error, Pack};
use crate::rules::{self, Context, FollowUp, Hit, Rule};
use crate::people::{PeopleHits, PeopleOf};
use crate::text::Text;
use crate::words::Token;
use crate::vocab::{Category, Draft, DraftContext, Lang, Role, Scope, Severity, Underline};
use serde::Deserialize;

/// How a checker is set up. Every field has a default, so `{}` is a valid set of options.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// The language of messages and section titles.
    pub messages: Lang,
    /// The language of the posts; `None` detects it per post.
    pub post_lang: Option<Lang>,
    pub role: Option<Role>,
    pub disabled_categories: Vec<Category>,
    /// Rule ids to leave out; ids the pack does not have are ignored, so settings written by an
    /// older version keep working.
    pub disabled_rules: Vec<String>,
    /// Categories an organisation keeps on: their rules run whatever `disabled_categories` and
    /// `disabled_rules` say, so the caller need not know which rules a pack puts in them.
    pub forced_categories: Vec<Category>,
    /// Findings below this severity are not reported.
    pub min_severity: Severity,
    /// The source of a guideline pack to use instead of the built-in one.
    pub pack: Option<String>,
    /// The organisation's own confidential names (project code names), for the pack's
    /// `organisation-terms` rule.
    pub confidential_terms: Vec<String>,
}

impl Options {
    /// The JSON names of every field, for callers that cannot use serde's own unknown-field check
    /// (serde-wasm-bindgen reads only the fields it knows).
    /// Whether these options leave out a rule (or a learned category's finding) with this id.
    fn turns_off(&self, category: Category, id: &str) -> bool {
        !self.forced_categories.contains(&category) && (self.disabled_categories.contains(&category) || self.disabled_rules.iter().any(|r| r == id))
    }

    pub const FIELDS: &'static [&'static str] = &["messages", "postLang", "role", "disabledCategories", "disabledRules", "forcedCategories", "minSeverity", "pack", "confidentialTerms"];
}

/// A rule with everything the pack says about it resolved for these options.
struct ActiveRule {
    id: String,
    category: Category,
    severity: Severity,
    scope: Scope,
    message: String,
    guideline: GuidelineRef,
    rule: Box<dyn Rule>,
    /// The model class that can veto this rule's hits (`unless_learned`).
    vetoed_by: Option<usize>,
    unless_self: bool,
    underline: Underline,
    /// The kinds of box it applies in; empty for all.
    contexts: Vec<DraftContext>,
    with_attachment: bool,
    /// The words for each detail the check names, in the message language.
    details: Vec<(&'static str, String)>,
}

/// Adds `words` to the words a card names, once: words inside ones named already ("gradu
/// hylättiin" beside "gradu hylättiin jo") are not named again, and replace the ones they hold.
fn add_cue(cues: &mut Vec<String>, words: String) {
    if cues.iter().any(|cue| cue.contains(words.as_str())) {
        return;
    }
    cues.retain(|cue| !words.contains(cue.as_str()));
    cues.push(words);
}

/// The sentences that `span` touches, as one span; `span` itself where it touches none.
fn sentence_around(text: &Text, span: Span) -> Span {
    let sentences = text.sentences();
    let first = sentences.partition_point(|s| s.end <= span.start);
    let last = sentences.partition_point(|s| s.start < span.end.max(span.start + 1));
    match (sentences.get(first), last.checked_sub(1).and_then(|i| sentences.get(i))) {
        (Some(a), Some(b)) if first < last => Span::new(a.start.min(span.start), b.end.max(span.end)),
        _ => span,
    }
}

impl ActiveRule {
    fn applies_to(&self, draft: &Draft) -> bool {
        (self.contexts.is_empty() || self.contexts.contains(&draft.context)) && (!self.with_attachment || draft.attachments > 0)
    }

    fn finding(&self, hit: Hit) -> Finding {
        let words = hit.detail.and_then(|key| self.details.iter().find(|(k, _)| *k == key));
        let message = match words {
            Some((_, words)) => self.message.replace("{detail}", words),
            None => self.message.clone(),
        };
        Finding {
            rule: self.id.clone(),
            category: self.category,
            severity: self.severity,
            scope: self.scope,
            span: hit.span,
            message,
            guideline: self.guideline.clone(),
            fixes: hit.fixes,
            cues: Vec::new(),
        }
    }
}

/// A category of the learned layer, switched on by the pack and the options.
struct ActiveLearned {
    id: String,
    class: usize,
    category: Category,
    message: String,
    guideline: GuidelineRef,
}

pub struct Checker {
    pack: Pack,
    /// Weights other than the embedded ones (`use_weights`); the embedded ones are parsed only
    /// when first needed, so training can build a checker before any weights exist.
    model: Option<model::Model>,
    rules: Vec<ActiveRule>,
    learned: Vec<ActiveLearned>,
    lexicon: Lexicon,
    post_lang: Option<Lang>,
}

/// The most findings one check returns, the first in the text: more are more than anyone reads,
/// and each crosses to the page and is drawn on every keystroke (a term in a megabyte of text can
/// give two hundred thousand).
const MAX_FINDINGS: usize = 1_000;

/// How much of the post or comment a reply answers is read: its opening is where an attack
/// shows, and the check of it then costs little however long the thread's post.
const MAX_ANSWERED_BYTES: usize = 4_000;

impl Checker {
    pub fn new(options: &Options) -> Result<Checker, Error> {
        let pack = match &options.pack {
            Some(source) => Pack::from_toml(source, "custom pack")?,
            None => Pack::builtin(),
        };
        Checker::with_pack(pack, options)
    }

    /// A checker on an already loaded pack; `options.pack` is ignored. This is where a pack is
    /// compiled, and compiling validates it: every rule is built, also those the options leave
    /// out, so a pack that works for one person's settings works for everyone's.
    pub fn with_pack(pack: Pack, options: &Options) -> Result<Checker, Error> {
        // The people data and the weights, which every checker shares, are built now and first:
        // building them on the first check put their transient peak on top of everything the
        // checker holds, and wasm memory keeps its highest water mark for good.
        LazyLock::force(&crate::people::PEOPLE);
        LazyLock::force(&model::MODEL);
        let mut lexicon = LexiconBuilder::default();
        let mut active = Vec::new();
        for spec in &pack.rules {
            let in_pack = |message: String| Error { origin: pack.origin.clone(), position: Some(spec.at), message: format!("rule `{}`: {message}", spec.id) };
            let rule = rules::build(spec, &options.confidential_terms, &mut lexicon).map_err(|message| match spec.check {
                Check::OrganisationTerms {} => Error::options(format!("confidentialTerms: {message}")),
                _ => in_pack(message),
            })?;
            let (unless_learned, unless_self) = match &spec.check {
                Check::Phrase(phrase) => (phrase.unless_learned, phrase.unless_self),
                _ => (false, false),
            };
            let vetoed_by = if unless_learned {
                Some(model::class_of(spec.category).ok_or_else(|| in_pack("`unless_learned` works for rules of the learned layer's categories only".into()))?)
            } else {
                None
            };
            let details = details_for(spec, rule.details(), options.messages).map_err(in_pack)?;
            let severity = severity_for(spec, options.role);
            let off = options.turns_off(spec.category, &spec.id);
            if off || severity < options.min_severity {
                continue;
            }
            active.push(ActiveRule {
                id: spec.id.clone(),
                category: spec.category,
                severity,
                scope: spec.scope,
                message: spec.message.get(options.messages).to_string(),
                guideline: guideline_ref(pack.section(&spec.section).expect("loading checked the section exists"), options.messages),
                rule,
                vetoed_by,
                unless_self,
                underline: spec.underline,
                contexts: spec.contexts.clone(),
                with_attachment: spec.with_attachment,
                details,
            });
        }
        let mut learned = Vec::new();
        for spec in &pack.learned {
            let Some(class) = model::class_of(spec.category) else {
                let known: Vec<&str> = model::CATEGORIES.iter().map(|c| c.as_str()).collect();
                let message = format!("the learned layer has no model for `{}` (it has: {})", spec.category, known.join(", "));
                return Err(Error { origin: pack.origin.clone(), position: Some(spec.at), message });
            };
            let id = spec.id();
            let off = options.turns_off(spec.category, &id);
            if off || LEARNED_SEVERITY < options.min_severity {
                continue;
            }
            learned.push(ActiveLearned {
                id,
                class,
                category: spec.category,
                message: spec.message.get(options.messages).to_string(),
                guideline: guideline_ref(pack.section(&spec.section).expect("loading checked the section exists"), options.messages),
            });
        }
        Ok(Checker { pack, model: None, rules: active, learned, lexicon: lexicon.build(), post_lang: options.post_lang })
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Runs every rule's `flagged` and `fine` examples through this checker and returns one line
    /// per example that does not behave as written (empty when all pass). Build the checker with
    /// default options, so that every rule is active.
    pub fn failing_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for rule in &self.pack.rules {
            let id = &rule.id;
            // Examples are drafts where the rule applies: in its first kind of box, with an
            // attachment if it needs one.
            let draft = Draft { context: rule.contexts.first().copied().unwrap_or_default(), attachments: u32::from(rule.with_attachment), ..Draft::default() };
            let found = |text: &str| -> Vec<String> {
                self.check_draft(text, &draft).into_iter().filter(|f| f.rule == *id).flat_map(|f| f.flagged_words(text)).collect()
            };
            for example in &rule.flagged {
                let (text, expected) = pack::parse_example(example);
                let got = found(&text);
                if expected.is_empty() || got != expected {
                    failures.push(format!("rule `{id}` should flag {expected:?} in {text:?}, found {got:?}"));
                }
            }
            for text in &rule.fine {
                let got = found(text);
                if !got.is_empty() {
                    failures.push(format!("rule `{id}` should stay quiet on {text:?}, found {got:?}"));
                }
            }
        }
        failures
    }

    /// Uses other weights for the learned layer than the embedded ones, e.g. a model `guidepost
    /// train --out` wrote from a different corpus, to compare it with the one that ships.
    pub fn use_weights(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.model = Some(model::Model::from_bytes(bytes)?);
        Ok(())
    }

    fn model(&self) -> &model::Model {
        self.model.as_ref().unwrap_or_else(|| &model::MODEL)
    }

    /// Every finding in `text` as a new post with nothing attached, sorted by where it starts.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_draft(text, &Draft::default())
    }

    /// Every finding in `text` written in the box `draft` describes, sorted by where it starts.
    pub fn check_draft(&self, text: &str, draft: &Draft) -> Vec<Finding> {
        let text = Text::new(text);
        let people = PeopleOf::new(&text);
        let (mut findings, vetoed_by) = self.rule_findings(&text, &people, draft);
        if !self.learned.is_empty() || vetoed_by.iter().any(Option::is_some) {
            let model = self.model();
            let sentences = scored_sentences(model, &text, people.get());
            let mut vetoes = vetoed_by.into_iter();
            findings.retain(|finding| {
                let Some(class) = vetoes.next().flatten() else { return true };
                !text.sentence_at(finding.span.start).is_some_and(|i| model.vetoes(class, &sentences[i].scores))
            });
            let learned = self.learned_findings(&text, &sentences, &findings);
            findings.extend(learned);
        }
        // Advice that follows from the findings themselves, once each.
        let following = || self.rules.iter().filter(|active| active.applies_to(draft));
        let answered = match &draft.replied_to {
            Some(words) if draft.context != DraftContext::Post && following().any(|active| active.rule.reads_answered()) => {
                self.check(&words[..rules::floor_boundary(words, MAX_ANSWERED_BYTES)])
            }
            _ => Vec::new(),
        };
        let written = text.raw.trim_start();
        let start = text.raw.len() - written.len();
        let follow_up = FollowUp { findings: &findings, answered: &answered, draft: Span::new(start, start + written.trim_end().len()) };
        let follow_ups: Vec<Finding> = following().filter_map(|active| active.rule.after(&follow_up).map(|hit| active.finding(hit))).collect();
        findings.extend(follow_ups);
        findings.sort_by(|a, b| a.span.cmp(&b.span).then(b.severity.cmp(&a.severity)));
        findings.truncate(MAX_FINDINGS);
        findings
    }

    /// The findings of the pack's rules, before the learned layer's vetoes, each with the model
    /// class that may veto it.
    pub(crate) fn rule_findings<'a>(&self, text: &Text<'a>, people: &PeopleOf<'_, 'a>, draft: &Draft) -> (Vec<Finding>, Vec<Option<usize>>) {
        // English words apply to Finnish and Swedish posts too: staff mix English terms in.
        let langs: &[Lang] = match self.post_lang.or_else(|| Lang::detect(text.raw)) {
            Some(Lang::En) => &[Lang::En],
            Some(Lang::Fi) => &[Lang::Fi, Lang::En],
            Some(Lang::Sv) => &[Lang::Sv, Lang::En],
            None => &Lang::ALL,
        };
        let hits = self.lexicon.scan(text, langs);
        let cx = Context { text, hits: &hits, people, draft };
        let mut findings: Vec<Finding> = Vec::new();
        let mut vetoed_by = Vec::new();
        // What is underlined already, per category: the index of its finding.
        let mut flagged: std::collections::HashMap<(Category, crate::finding::Span), usize> = std::collections::HashMap::new();
        let mut found = Vec::new();
        for active in self.rules.iter().filter(|active| active.applies_to(draft)) {
            found.clear();
            active.rule.check(&cx, &mut found);
            if active.unless_self && !found.is_empty() {
                let people = people.get();
                found.retain(|hit| !text.sentence_at(hit.span.start).is_some_and(|i| people.is_own(text.raw, text.sentences()[i], hit.span)));
            }
            // Advice about the whole post is given once, however often the post prompts it.
            if active.scope == Scope::Post {
                found.truncate(1);
            }
            for mut hit in found.drain(..) {
                let flagged_words = (active.underline == Underline::Sentence).then(|| {
                    let words = text.raw[hit.span.start..hit.span.end].to_string();
                    hit.span = sentence_around(text, hit.span);
                    words
                });
                // Two rules that flag the same words, or the same sentence, for the same reason make
                // one underline, whose card names every word that prompted it.
                if let Some(&at) = flagged.get(&(active.category, hit.span)) {
                    if let Some(words) = flagged_words {
                        add_cue(&mut findings[at].cues, words);
                    }
                    continue;
                }
                flagged.insert((active.category, hit.span), findings.len());
                vetoed_by.push(active.vetoed_by);
                let mut finding = active.finding(hit);
                finding.cues.extend(flagged_words);
                findings.push(finding);
            }
        }
        (findings, vetoed_by)
    }

    /// The learned layer's findings: each sentence the model places in an active category, unless
    /// a rule already flagged that category there (its underline is the more precise one).
    /// Neighbouring sentences of one category become one finding.
    fn learned_findings(&self, text: &Text, sentences: &[ScoredSentence], rule_findings: &[Finding]) -> Vec<Finding> {
        let model = self.model();
        // Which sentences a rule already flagged, per model class: each finding marks the
        // sentences it overlaps, found by binary search, so long drafts stay linear.
        let mut covered = vec![vec![false; sentences.len()]; model::CLASSES];
        for finding in rule_findings {
            let Some(class) = model::class_of(finding.category) else { continue };
            let first = sentences.partition_point(|s| s.span.end <= finding.span.start);
            for (n, sentence) in sentences.iter().enumerate().skip(first).take_while(|(_, s)| s.span.start < finding.span.end) {
                if sentence.span.overlaps(finding.span) {
                    covered[class][n] = true;
                }
            }
        }
        let mut out: Vec<Finding> = Vec::new();
        let mut last_of: Vec<Option<(usize, usize)>> = vec![None; self.learned.len()];
        for (n, sentence) in sentences.iter().enumerate() {
            for (slot, active) in self.learned.iter().enumerate() {
                if !model.fires(active.class, &sentence.scores) || covered[active.class][n] {
                    continue;
                }
                let cues: Vec<String> = model.cues(active.class, &sentence.features, sentence.words, CUE_LIMIT).into_iter().map(|s| text.slice(s).to_string()).collect();
                // A sentence none of whose own words points to the category was carried by its
                // context (the sentence before, the post's cues): nothing in it to show why.
                if cues.is_empty() {
                    continue;
                }
                match last_of[slot] {
                    Some((index, previous)) if previous + 1 == n => {
                        let finding: &mut Finding = &mut out[index];
                        finding.span.end = sentence.span.end;
                        for cue in cues {
                            if finding.cues.len() < CUE_LIMIT && !finding.cues.contains(&cue) {
                                finding.cues.push(cue);
                            }
                        }
                        last_of[slot] = Some((index, n));
                    }
                    _ => {
                        last_of[slot] = Some((out.len(), n));
                        out.push(Finding {
                            rule: active.id.clone(),
                            category: active.category,
                            severity: LEARNED_SEVERITY,
                            span: sentence.span,
                            message: active.message.clone(),
                            guideline: active.guideline.clone(),
                            fixes: Vec::new(),
                            cues,
                            scope: Scope::Span,
                        });
                    }
                }
            }
        }
        out
    }
}

/// A sentence of the draft as the model sees it, with its scores.
struct ScoredSentence<'t> {
    span: crate::finding::Span,
    words: &'t [Token<'t>],
    features: Vec<features::Feature>,
    scores: [i32; model::CLASSES],
}

/// Every sentence of `text`, featurised and scored by `model`.
fn scored_sentences<'t>(model: &model::Model, text: &'t Text, people: &PeopleHits) -> Vec<ScoredSentence<'t>> {
    features::featurise(text, people)
        .into_iter()
        .map(|s| ScoredSentence { scores: model.scores(&s.features), span: s.span, words: s.words, features: s.features })
        .collect()
}

/// The learned layer warns; only the pack's rules and computed checks can stop a post.
const LEARNED_SEVERITY: Severity = Severity::Warn;
/// How many cue words a learned finding shows.
const CUE_LIMIT: usize = 3;

fn guideline_ref(section: &pack::Section, lang: Lang) -> GuidelineRef {
    GuidelineRef { id: section.id.clone(), title: section.title.get(lang).to_string(), url: section.url.clone() }
}

/// The words for each detail the check names, in `lang`: the pack must give every one the check
/// can name and no others, and a message with `{detail}` needs a check that names some.
fn details_for(spec: &pack::Rule, keys: &[&'static str], lang: Lang) -> Result<Vec<(&'static str, String)>, String> {
    if let Some(missing) = keys.iter().find(|key| !spec.details.contains_key(**key)) {
        return Err(format!("`details.{missing}` is missing: the check names {}", keys.join(", ")));
    }
    if let Some(extra) = spec.details.keys().find(|key| !keys.contains(&key.as_str())) {
        let named = if keys.is_empty() { "names no details".to_string() } else { format!("names only {}", keys.join(", ")) };
        return Err(format!("`details.{extra}` is not a detail of this check (it {named})"));
    }
    if keys.is_empty() && [&spec.message.en, &spec.message.fi, &spec.message.sv].iter().any(|m| m.contains("{detail}")) {
        return Err("the message has `{detail}`, but this check names no details to fill it with".into());
    }
    Ok(keys.iter().map(|key| (*key, spec.details[*key].get(lang).to_string())).collect())
}

fn severity_for(spec: &pack::Rule, role: Option<Role>) -> Severity {
    role.and_then(|role| spec.roles.get(&role).copied()).unwrap_or(spec.severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_filter_rules_and_choose_language() {
        let text = "Salasana: Kissa123 ja hetu 131052-308T";
        let all = Checker::new(&Options::default()).unwrap().check(text);
        assert!(all.iter().any(|f| f.category == Category::Credentials));
        let no_credentials = Options { disabled_categories: vec![Category::Credentials], ..Options::default() };
        let found = Checker::new(&no_credentials).unwrap().check(text);
        assert!(found.iter().all(|f| f.category != Category::Credentials) && !found.is_empty());
        let finnish = Options { messages: Lang::Fi, ..Options::default() };
        let found = Checker::new(&finnish).unwrap().check(text);
        let english = Checker::new(&Options::default()).unwrap().check(text);
        assert_ne!(found[0].message, english[0].message);
        assert_ne!(found[0].guideline.title, english[0].guideline.title);
    }

    #[test]
    fn a_check_gives_at_most_a_thousand_findings_the_first_in_the_text() {
        let text = "hetu 131052-308T\n".repeat(MAX_FINDINGS + 200);
        let found = Checker::new(&Options::default()).unwrap().check(&text);
        assert_eq!(found.len(), MAX_FINDINGS);
        assert_eq!(found.last().unwrap().span.start, (MAX_FINDINGS - 1) * 17 + 5);
    }

    #[test]
    fn confidential_terms_written_to_hurt_are_an_error_naming_the_option() {
        let names = |count: usize, name: fn(usize) -> String| Options { confidential_terms: (0..count).map(name).collect(), ..Options::default() };
        assert!(Checker::new(&names(1_000, |i| format!("zephyr{i}"))).is_ok());
        let error = Checker::new(&names(100_000, |i| format!("zephyr{i}"))).err().unwrap().to_string();
        assert_eq!(error, "options: confidentialTerms: 100000 names; at most 1000 may be given");
        let error = Checker::new(&names(100, |i| format!("project {i}"))).err().unwrap().to_string();
        assert_eq!(error, "options: confidentialTerms: more than 16 terms begin like `project`; at most 16 may");
        let error = Checker::new(&names(1, |_| ["aa*"; 20].join(" "))).err().unwrap().to_string();
        assert!(error.starts_with("options: confidentialTerms: term `aa* aa*") && error.ends_with("has more than 8 words"), "{error}");
    }

    #[test]
    fn forced_categories_keep_their_rules_on() {
        let text = "hetu 131052-308T";
        let found = |options: Options| Checker::new(&options).unwrap().check(text).iter().any(|f| f.rule == "finnish-id");
        let turned_off = Options { disabled_rules: vec!["finnish-id".into()], ..Options::default() };
        assert!(!found(turned_off.clone()));
        assert!(found(Options { forced_categories: vec![Category::PersonalId], ..turned_off }));
        let category_off = Options { disabled_categories: vec![Category::PersonalId], ..Options::default() };
        assert!(!found(category_off.clone()));
        assert!(found(Options { forced_categories: vec![Category::PersonalId], ..category_off }));
        // Forcing another category leaves the person's choice alone.
        assert!(!found(Options { disabled_rules: vec!["finnish-id".into()], forced_categories: vec![Category::Credentials], ..Options::default() }));
    }

    #[test]
    fn options_come_from_json_with_clear_errors() {
        let options: Options = serde_json::from_str(r#"{"messages":"sv","role":"teacher","minSeverity":"warn"}"#).unwrap();
        assert_eq!((options.messages, options.role, options.min_severity), (Lang::Sv, Some(Role::Teacher), Severity::Warn));
        let error = serde_json::from_str::<Options>(r#"{"colour":"red"}"#).unwrap_err().to_string();
        assert!(error.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn field_list_matches_the_struct() {
        for field in Options::FIELDS {
            let error = serde_json::from_str::<Options>(&format!("{{\"{field}\": 12345}}")).unwrap_err().to_string();
            assert!(!error.contains("unknown field"), "{field}: {error}");
        }
    }

    /// A model with no weights whose vetoes are all at `veto`, as the bytes of a weights file.
    fn weights_vetoing_at(veto: i32) -> Vec<u8> {
        model::Model::new(Vec::new(), Vec::new(), [i32::MAX; model::CLASSES], [veto; model::CLASSES]).to_bytes()
    }

    #[test]
    fn the_learned_layer_overrules_only_rules_that_ask_for_it() {
        let text = "Dear colleagues, the staff meeting moves to Thursday. My password: Kissa123";
        let mut checker = Checker::new(&Options::default()).unwrap();
        checker.use_weights(&weights_vetoing_at(i32::MIN)).unwrap();
        let kept: Vec<String> = checker.check(text).into_iter().map(|f| f.rule).collect();
        assert!(kept.contains(&"internal-announcement".to_string()), "{kept:?}");
        checker.use_weights(&weights_vetoing_at(i32::MAX)).unwrap();
        let vetoed: Vec<String> = checker.check(text).into_iter().map(|f| f.rule).collect();
        assert!(!vetoed.contains(&"internal-announcement".to_string()), "an unless_learned rule is overruled: {vetoed:?}");
        assert!(vetoed.contains(&"password".to_string()), "a computed check never is: {vetoed:?}");
    }

    #[test]
    fn a_pack_switches_the_learned_layer_on_per_category() {
        let text = "That idiot from the physics department deserves to lose his job, and everyone knows it.";
        let learned = |pack: Pack| -> Vec<String> {
            Checker::with_pack(pack, &Options::default()).unwrap().check(text).into_iter().map(|f| f.rule).filter(|r| r.starts_with("learned-")).collect()
        };
        assert_eq!(learned(Pack::builtin()), ["learned-harassment"]);
        let mut without = Pack::builtin();
        without.learned.retain(|l| l.category != Category::Harassment);
        assert_eq!(learned(without), Vec::<String>::new());
        let off = Options { disabled_rules: vec!["learned-harassment".into()], ..Options::default() };
        assert!(Checker::new(&off).unwrap().check(text).iter().all(|f| f.rule != "learned-harassment"));
    }

    #[test]
    fn learned_findings_say_why_and_warn() {
        let found = Checker::new(&Options { messages: Lang::Fi, ..Options::default() }).unwrap().check("That idiot from the physics department deserves to lose his job, and everyone knows it.");
        let finding = found.iter().find(|f| f.rule == "learned-harassment").expect("the model reads this as harassment");
        assert_eq!(finding.severity, Severity::Warn);
        assert!(!finding.cues.is_empty() && finding.cues.iter().all(|c| c.chars().count() >= 4), "{:?}", finding.cues);
        assert!(finding.message.starts_with("Tämän virkkeen"), "{}", finding.message);
    }

    #[test]
    fn the_writers_own_news_is_theirs_to_share() {
        let checker = Checker::new(&Options { disabled_rules: vec!["learned-third-party-personal".into()], ..Options::default() }).unwrap();
        let rules = |text: &str| -> Vec<String> { checker.check(text).into_iter().map(|f| f.rule).collect() };
        assert!(!rules("I'm on sick leave this week, back on Monday.").contains(&"health-of-others".to_string()));
        assert!(!rules("Olen sairauslomalla ensi viikkoon.").contains(&"health-of-others".to_string()));
        assert!(rules("Dr. Laaksonen is on sick leave until May.").contains(&"health-of-others".to_string()));
    }

    #[test]
    fn two_rules_on_the_same_words_make_one_finding() {
        let found = Checker::new(&Options::default()).unwrap().check("Dr. Laaksonen is on sick leave until May.");
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn a_rule_can_underline_the_sentence_its_words_stand_in_and_name_them() {
        let text = "Hello all. Project Falcon starts in May, the falcon project as we call it. Bye.";
        let checker = |underline: &str| {
            let pack = crate::pack::MINIMAL.replace("severity = \"warn\"", &format!("severity = \"warn\"\n{underline}")).replace("[\"project falcon\"]", "[\"project falcon\", \"falcon project\", \"falcon\"]");
            Checker::with_pack(Pack::from_toml(&pack, "demo.toml").unwrap(), &Options::default()).unwrap()
        };
        let words: Vec<(&str, Vec<String>)> = checker("").check(text).iter().map(|f| (&text[f.span.start..f.span.end], f.cues.clone())).collect();
        assert_eq!(words, [("Project Falcon", vec![]), ("falcon project", vec![])]);
        let sentence = checker("underline = \"sentence\"").check(text);
        let found: Vec<(&str, &[String])> = sentence.iter().map(|f| (&text[f.span.start..f.span.end], f.cues.as_slice())).collect();
        assert_eq!(found, [("Project Falcon starts in May, the falcon project as we call it.", &["Project Falcon".to_string(), "falcon project".to_string()][..])]);
    }

    #[test]
    fn a_rule_applies_only_in_its_contexts_and_with_its_attachment() {
        let pack = |extra: &str| Pack::from_toml(&crate::pack::MINIMAL.replace("severity = \"warn\"", &format!("severity = \"warn\"\n{extra}")), "demo.toml").unwrap();
        let found = |pack: Pack, draft: Draft| Checker::with_pack(pack, &Options::default()).unwrap().check_draft("About project falcon", &draft).len();
        let reply = Draft { context: DraftContext::Reply, ..Draft::default() };
        let comment = Draft { context: DraftContext::Comment, ..Draft::default() };
        assert_eq!([found(pack(""), Draft::default()), found(pack(""), reply.clone()), found(pack(""), comment.clone())], [1, 1, 1], "no contexts: every box");
        let scoped = "contexts = [\"reply\", \"comment\"]";
        assert_eq!([found(pack(scoped), Draft::default()), found(pack(scoped), reply), found(pack(scoped), comment)], [0, 1, 1]);
        let attached = "with_attachment = true";
        assert_eq!(found(pack(attached), Draft::default()), 0);
        assert_eq!(found(pack(attached), Draft { attachments: 1, ..Draft::default() }), 1);
    }

    #[test]
    fn drafts_come_from_json_with_clear_errors() {
        let draft: Draft = serde_json::from_str(r#"{"context":"comment","attachments":2,"missingAlt":1}"#).unwrap();
        assert_eq!(draft, Draft { context: DraftContext::Comment, attachments: 2, missing_alt: 1, replied_to: None });
        assert_eq!(serde_json::from_str::<Draft>("{}").unwrap(), Draft::default());
        let error = serde_json::from_str::<Draft>(r#"{"context":"dm"}"#).unwrap_err().to_string();
        assert!(error.contains("unknown variant `dm`"), "{error}");
        for field in Draft::FIELDS {
            let error = serde_json::from_str::<Draft>(&format!("{{\"{field}\": {{}}}}")).unwrap_err().to_string();
            assert!(!error.contains("unknown field"), "{field}: {error}");
        }
    }


    /// `{detail}` is filled with the pack's words in the message language, never English inside
    /// Finnish or Swedish.
    #[test]
    fn details_are_in_the_message_language() {
        let text = "key AKIAQ3EGUBQ7WXYZ1234 oops";
        let message = |messages: Lang| Checker::new(&Options { messages, ..Options::default() }).unwrap().check(text).into_iter().find(|f| f.rule == "api-token").expect("flagged").message;
        assert!(message(Lang::En).starts_with("This looks like an AWS access key id."), "{}", message(Lang::En));
        assert!(message(Lang::Fi).starts_with("Tämä näyttää tunnisteelta: AWS-käyttöavaimen tunnus."), "{}", message(Lang::Fi));
        assert!(message(Lang::Sv).starts_with("Det här ser ut som en nyckel: AWS-åtkomstnyckelns id."), "{}", message(Lang::Sv));
    }

    #[test]
    fn a_bad_custom_pack_is_an_error_not_a_panic() {
        let options = Options { pack: Some("[pack]\nid = 3".into()), ..Options::default() };
        let error = Checker::new(&options).err().expect("a broken pack is rejected").to_string();
        assert!(error.starts_with("custom pack:2:"), "{error}");
    }
}
