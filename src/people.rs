//! People in a draft, and their private matters: who is being written about (a name, a title
//! before a name, "my colleague", "opiskelijani"), what about them is their own business (health,
//! pregnancy, family, money, an application, grades, discipline), and whether the writer is
//! speaking of themselves ("I'm on sick leave"). The same file holds tone words (insults,
//! threats, calls to pile on) that the learned layer reads as cues of harassment and incivility.
//!
//! The words are data (`guidelines/people.toml`), shared by every pack: names and pronouns belong
//! to languages, not to an organisation. The learned layer reads these hits as cue features, and
//! the `private-matter` check flags a person together with a sensitive attribute.

use crate::finding::{inside, Span};
use crate::vocab::Lang;
use crate::lexicon::{Lexicon, LexiconBuilder, ListId};
use crate::people_file::{ByLang, PeopleFile};
use crate::text::Text;
use crate::words::Token;
use std::cell::OnceCell;
use crate::fnv::WordSet;
use std::sync::LazyLock;

impl ByLang {
    /// Every word of every language, for lists matched word by word.
    fn words(&self) -> WordSet {
        self.en.iter().chain(&self.fi).chain(&self.sv).cloned().collect()
    }

    fn register(&self, builder: &mut LexiconBuilder) -> ListId {
        let list = builder.new_list();
        for (lang, terms) in [(Lang::En, &self.en), (Lang::Fi, &self.fi), (Lang::Sv, &self.sv)] {
            for term in terms {
                builder.add(list, Some(lang), term).unwrap_or_else(|e| panic!("guidelines/people.toml: {term}: {e} (tested)"));
            }
        }
        list
    }
}

/// What the people data found in one draft, each list in text order (by where its spans start), so
/// that what lies in one sentence is found by binary search ([`inside`]).
#[derive(Default)]
pub(crate) struct PeopleHits {
    /// Mentions of someone other than the writer: a name, a title with a name, a relation.
    pub persons: Vec<Span>,
    /// First-person words ("I", "olen", "jag").
    pub selfs: Vec<Span>,
    /// Sensitive attributes, with their kind (`health`, `money`, …).
    pub sensitive: Vec<(Span, String)>,
    /// Second-person words: the reader is addressed.
    pub addressed: Vec<Span>,
    /// Words that carry contempt, threat or a call to gang up, with their kind (`insult`, `threat`, …).
    pub tone: Vec<(Span, String)>,
    /// Whether a third-person pronoun stands anywhere in the draft, someone named or not ("a
    /// colleague on our unit got a warning… hen taught").
    pub third_person: bool,
}

impl PeopleHits {
    /// Whether `hit`, in `sentence` of `raw`, is the writer's own matter: the writer is its
    /// subject, a first-person word at most two words before it with no one named in between
    /// ("Jag har polisanmält och fått stöd av min chef"); or in the clause that holds it the
    /// writer speaks of themselves and names no one else ("I'm back from sick leave, and Anna
    /// covers the course"); or the sentence names no one else and either speaks of the writer or
    /// opens with the matter itself, the way one writes a note about oneself ("Sick leave until
    /// Friday"); or the whole post names no one else, has no "he", "she" or "hän" in it, and the
    /// writer speaks of themselves in it ("Coming back after eight weeks of sick leave. I'm
    /// sharing this because…").
    pub fn is_own(&self, raw: &str, sentence: Span, hit: Span) -> bool {
        if self.persons.is_empty() && !self.third_person && !self.selfs.is_empty() {
            return true;
        }
        let before = Span::new(sentence.start, hit.start.max(sentence.start));
        let last_self = inside(&self.selfs, before, |s| *s).last();
        let last_person = inside(&self.persons, before, |s| *s).last();
        let inside = |spans: &[Span], within: Span| inside(spans, within, |s| *s).next().is_some();
        if let Some(own) = last_self.filter(|own| last_person.is_none_or(|person| person.end <= own.start)) {
            let words_between = raw[own.end..before.end].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
            if words_between <= 2 {
                return true;
            }
        }
        let clause = clause_around(raw, sentence, hit);
        if inside(&self.selfs, clause) && !inside(&self.persons, clause) {
            return true;
        }
        let opens_with_matter = || {
            let first_word = raw[sentence.start..sentence.end].find(char::is_alphanumeric).map(|i| sentence.start + i);
            first_word.is_some_and(|at| self.sensitive.iter().any(|(s, _)| s.start <= at && at < s.end))
        };
        !inside(&self.persons, sentence) && (inside(&self.selfs, sentence) || opens_with_matter())
    }
}

/// The people of one draft, found the first time a rule or the learned layer asks, once per
/// check. Kept beside the draft's [`Text`] rather than in it, so that `text` (which `people` reads)
/// does not import `people` back.
pub(crate) struct PeopleOf<'t, 'a> {
    text: &'t Text<'a>,
    hits: OnceCell<PeopleHits>,
}

impl<'t, 'a> PeopleOf<'t, 'a> {
    pub fn new(text: &'t Text<'a>) -> PeopleOf<'t, 'a> {
        PeopleOf { text, hits: OnceCell::new() }
    }

    /// The people, their private matters and the writer's own words in the draft.
    pub fn get(&self) -> &PeopleHits {
        self.hits.get_or_init(|| PEOPLE.scan(self.text))
    }
}

/// The clause of `sentence` that holds `hit`: the stretch between the punctuation that parts
/// clauses (a comma, a semicolon, a colon, a dash, a bracket) before and after it.
fn clause_around(raw: &str, sentence: Span, hit: Span) -> Span {
    let parts = |c: char| matches!(c, ',' | ';' | ':' | '–' | '—' | '(' | ')');
    let start = raw[sentence.start..hit.start.max(sentence.start)].rfind(parts).map_or(sentence.start, |i| sentence.start + i + 1);
    let from = hit.end.min(sentence.end).max(start);
    let end = raw[from..sentence.end].find(parts).map_or(sentence.end, |i| from + i);
    Span::new(start, end.max(hit.end.min(sentence.end)))
}

pub(crate) struct People {
    lexicon: Lexicon,
    titles: ListId,
    relations: ListId,
    /// First- and second-person words, matched as whole words ("I" is one letter, too short for
    /// the lexicon's seeds).
    myself: WordSet,
    address: WordSet,
    pronouns: WordSet,
    sensitive: Vec<(String, ListId)>,
    tone: Vec<(String, ListId)>,
    names: WordSet,
    ambiguous: WordSet,
}

/// The people data, read from the form the build compiled it into, once on first use.
pub(crate) static PEOPLE: LazyLock<People> = LazyLock::new(|| People::new(crate::builtin::people()));

/// Finnish case endings a name can take, longest first (Korhoselle, Pekalta, Annan).
const FINNISH_ENDINGS: &[&str] = &["ineen", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "hin", "han", "hen", "na", "nä", "in", "ta", "tä", "n", "a", "ä"];

impl People {
    fn new(file: PeopleFile) -> People {
        let mut builder = LexiconBuilder::default();
        let titles = file.titles.register(&mut builder);
        let relations = file.relations.register(&mut builder);
        let myself = file.myself.words();
        let address = file.address.words();
        let pronouns = file.pronouns.words();
        let sensitive = file.sensitive.iter().map(|(kind, terms)| (kind.clone(), terms.register(&mut builder))).collect();
        let tone = file.tone.iter().map(|(kind, terms)| (kind.clone(), terms.register(&mut builder))).collect();
        let names = file.names.first.iter().chain(&file.names.surnames).cloned().collect();
        let ambiguous = file.names.ambiguous.into_iter().collect();
        People { lexicon: builder.build(), titles, relations, myself, address, pronouns, sensitive, tone, names, ambiguous }
    }

    pub fn scan(&self, text: &Text) -> PeopleHits {
        let hits = self.lexicon.scan(text, &Lang::ALL);
        let words = text.words();
        let capitalised = |w: &Token| text.raw[w.span.start..].chars().next().is_some_and(char::is_uppercase);
        let names: Vec<Option<String>> = words.iter().map(|w| if capitalised(w) { self.name_of(&w.lower) } else { None }).collect();
        let is_name = |i: usize| names.get(i).is_some_and(Option::is_some);
        let mut persons: Vec<Span> = hits.of(self.relations).to_vec();
        for (i, word) in words.iter().enumerate() {
            let Some(base) = &names[i] else { continue };
            let beside_name = (i > 0 && is_name(i - 1)) || is_name(i + 1);
            let after_title = i > 0 && hits.of(self.titles).iter().any(|t| t.overlaps(words[i - 1].span));
            if !self.ambiguous.contains(base) || beside_name || after_title {
                persons.push(word.span);
            }
        }
        persons.sort();
        // After the first mention of someone, a third-person pronoun is that someone.
        let pronouns: Vec<Span> = words.iter().filter(|w| self.pronouns.contains(&*w.lower)).map(|w| w.span).collect();
        if let Some(first) = persons.first().copied() {
            persons.extend(pronouns.iter().filter(|p| p.start >= first.end));
            persons.sort();
        }
        let of_kinds = |lists: &[(String, ListId)]| lists.iter().flat_map(|(kind, list)| hits.of(*list).iter().map(move |span| (*span, kind.clone()))).collect();
        let (mut sensitive, mut tone): (Vec<(Span, String)>, Vec<(Span, String)>) = (of_kinds(&self.sensitive), of_kinds(&self.tone));
        sensitive.sort_by_key(|(span, _)| *span);
        tone.sort_by_key(|(span, _)| *span);
        // A one-letter word counts only in capitals: English "I", not Swedish "i" (in).
        let written = |w: &Token| w.lower.chars().nth(1).is_some() || text.raw[w.span.start..w.span.end].chars().all(char::is_uppercase);
        let spans_of = |set: &WordSet| words.iter().filter(|w| set.contains(&*w.lower) && written(w)).map(|w| w.span).collect();
        PeopleHits { persons, selfs: spans_of(&self.myself), sensitive, addressed: spans_of(&self.address), tone, third_person: !pronouns.is_empty() }
    }

    /// The base form of a name written as `lower` (a Finnish case form, a genitive), if it is one.
    fn name_of(&self, lower: &str) -> Option<String> {
        let known = |candidate: &str| self.names.contains(candidate).then(|| candidate.to_string());
        if let Some(found) = known(lower) {
            return Some(found);
        }
        for genitive in ["'s", "s"] {
            if let Some(base) = lower.strip_suffix(genitive).and_then(known) {
                return Some(base);
            }
        }
        for ending in FINNISH_ENDINGS {
            let Some(stem) = lower.strip_suffix(ending) else { continue };
            if stem.chars().count() < 2 {
                continue;
            }
            let mut candidates = vec![stem.to_string()];
            // Korhosen, Korhoselle → Korhonen; Korhosta → Korhonen.
            if let Some(root) = stem.strip_suffix("se") {
                candidates.push(format!("{root}nen"));
            }
            if let Some(root) = stem.strip_suffix('s') {
                candidates.push(format!("{root}nen"));
            }
            // Consonant gradation: Pekan → Pekka, Matille → Matti, Heikille → Heikki.
            let chars: Vec<char> = stem.chars().collect();
            if chars.len() >= 3 {
                let (last, before) = (chars[chars.len() - 1], chars[chars.len() - 2]);
                if matches!(before, 'k' | 'p' | 't') && "aeiouyäö".contains(last) {
                    let mut doubled: String = chars[..chars.len() - 1].iter().collect();
                    doubled.push(before);
                    doubled.push(last);
                    candidates.push(doubled);
                }
            }
            if let Some(found) = candidates.iter().find_map(|c| known(c)) {
                return Some(found);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persons(raw: &str) -> Vec<&str> {
        let text = Text::new(raw);
        PEOPLE.scan(&text).persons.into_iter().map(|s| &raw[s.start..s.end]).collect()
    }

    #[test]
    fn the_data_file_loads() {
        let people = &*PEOPLE;
        assert!(people.names.len() > 300, "{}", people.names.len());
        assert!(people.sensitive.len() >= 6);
        assert!(people.tone.len() >= 7);
    }

    #[test]
    fn finds_people_in_inflected_forms() {
        let cases: &[(&str, &[&str])] = &[
            ("Kävin Korhosen kanssa lounaalla", &["Korhosen"]),
            ("Kerroin Pekalle uutisen", &["Pekalle"]),
            ("Jussille ja Heikille kiitos", &["Jussille", "Heikille"]),
            ("Johannas ansökan kom in", &["Johannas"]),
            ("Sarah's results were great", &["Sarah's"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(&persons(raw), expected, "{raw}");
        }
    }

    #[test]
    fn a_pronoun_after_someone_is_named_is_that_person() {
        let cases: &[(&str, &[&str])] = &[
            ("Tiedoksi että Sari on poissa, hänellä on leikkaus.", &["Sari", "hänellä"]),
            ("Karin är sjukskriven. Hon har det tufft.", &["Karin", "Hon"]),
            ("If a student falls ill, she should tell the teacher.", &[]),
            ("Jos opiskelija sairastuu, hänen tulee ilmoittaa. Kiitos Pekalle!", &["Pekalle"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(&persons(raw), expected, "{raw}");
        }
    }

    #[test]
    fn the_writer_is_i_not_the_swedish_preposition() {
        let raw = "I was there. Camilla är i Åbo.";
        let found: Vec<&str> = PEOPLE.scan(&Text::new(raw)).selfs.into_iter().map(|s| &raw[s.start..s.end]).collect();
        assert_eq!(found, ["I"]);
    }

    #[test]
    fn ordinary_words_are_not_names() {
        for raw in ["Toivo on hyvä asia", "satu ja tuuli", "the virtanen lab is in lower case"] {
            let found = persons(raw);
            assert!(found.iter().all(|p| !p.eq_ignore_ascii_case("toivo") && !p.eq_ignore_ascii_case("satu") && *p != "virtanen"), "{raw}: {found:?}");
        }
    }

    #[test]
    fn own_matters_are_told_by_clause() {
        // (draft, the words a rule flagged, whether they are the writer's own matter)
        let cases: &[(&str, &str, bool)] = &[
            ("I'm on sick leave this week.", "sick leave", true),
            ("I'm back from my sick leave, and Anna kindly covered my lectures.", "sick leave", true),
            ("I heard that Johanna is on sick leave.", "sick leave", false),
            ("I covered the course, since Johanna is on sick leave.", "sick leave", false),
            ("Sairauslomalla perjantaihin asti, vastaan viesteihin sen jälkeen.", "Sairauslomalla", true),
            ("Palasin tänään omalta sairauslomaltani, ja Mikko hoiti kurssini.", "sairauslomaltani", true),
            ("Mikko on sairauslomalla, minä hoidan kurssin.", "sairauslomalla", false),
            ("Jag är sjukskriven den här veckan; Karin svarar på frågor.", "sjukskriven", true),
            ("Karin är sjukskriven, jag svarar på frågor.", "sjukskriven", false),
            ("Our colleague is on sick leave until May.", "sick leave", false),
            ("Coming back after eight weeks of sick leave for burnout. I'm sharing this because I pretended.", "sick leave", true),
            ("Eight weeks of sick leave for Sara now. I cover her lectures.", "sick leave", false),
            ("En kollega fick en skriftlig varning. Hen undervisade mest, jag protesterade.", "skriftlig varning", false),
            ("Sari is away next week. She is on sick leave, so I teach.", "sick leave", false),
        ];
        for (raw, flagged, own) in cases {
            let text = Text::new(raw);
            let start = raw.find(flagged).unwrap_or_else(|| panic!("{raw}: no {flagged}"));
            let hit = Span::new(start, start + flagged.len());
            let sentence = text.sentences()[text.sentence_at(start).expect("a sentence")];
            assert_eq!(PEOPLE.scan(&text).is_own(raw, sentence, hit), *own, "{raw}");
        }
    }

    #[test]
    fn tone_words_have_their_kind() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("At least we can spell, you absolute clown", &[("absolute clown", "contempt"), ("clown", "insult")]),
            ("Pidä varasi, tiedetään missä asut", &[("pidä varasi", "threat"), ("tiedetään missä", "threat")]),
            ("Alla borde mejla hans prefekt, vilken pucko", &[("alla borde mejla", "pileon"), ("pucko", "insult")]),
            ("Her numbers are almost certainly fabricated", &[("fabricated", "smear")]),
            ("A fine result, well argued and sourced", &[]),
        ];
        for (raw, expected) in cases {
            let text = Text::new(raw);
            let people = PEOPLE.scan(&text);
            let mut found: Vec<(String, &str)> = people.tone.iter().map(|(s, kind)| (raw[s.start..s.end].to_lowercase(), kind.as_str())).collect();
            found.sort();
            let mut expected: Vec<(String, &str)> = expected.iter().map(|(w, k)| (w.to_string(), *k)).collect();
            expected.sort();
            assert_eq!(found, expected, "{raw}");
        }
    }
}
