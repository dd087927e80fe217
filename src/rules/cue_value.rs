use super::api_token::is_placeholder;
use super::{floor_boundary, pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::{LexiconBuilder, ListId};
use crate::pack::{CueValue as Spec, Flagged, Reach, ValueShape};
use crate::rules::phrase::same_paragraph;
use regex::Regex;
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use std::sync::LazyLock;

/// A cue word, then within a few words the value it announces: a password, a code, a sum.
///
/// **Catches**: one of the rule's `cues` followed, within `window` words, by a value of its
/// `value` shape:
/// - `password`: a secret-looking value after a colon, `=` or "is"/"on"/"är" (`Password:
///   Summer2024!`, `salasanani on Kissa123`, `lösenordet är "Sommar123"`), or right after the cue
///   when it mixes letters and digits (`password Lapland#Reindeer24`). A value has a digit, a
///   symbol or an inner capital, or is quoted (`password`, `enrolment-key`, `secret-value`).
/// - `digits`: a code of four to eight digits, possibly split in two (`731 045`) or ending in `#`
///   (`one-time-code`).
/// - `money`: a sum of money on the same line (`€9,800/month`, `9 850 €/kk`); with
///   `value_optional` the cue alone is flagged when no sum follows (`personal-finance`).
///
/// `close_cues` are everyday cue words that count only with the value right after them, maybe
/// after "on", "is" or a colon (`koodi on 4471`, but not `Koodi 2024 -tapahtuma`). `flag` says
/// whether the finding is the cue and its value (the default) or the value alone.
///
/// **Why**: "Use different login credentials for work-related matters and private matters"
/// (Data protection and privacy): a password, key or code in a post opens an account, a course
/// or a door to everyone who reads it. "Disclosing… the financial position of another person…
/// is a punishable offence" (Personal data and privacy).
///
/// **Instead**: never post passwords or codes (change them if they were visible; the fix removes
/// them); talk about pay and money in general terms, never about a person's.
///
/// Not flagged: a cue with no value after it ("send me the code", "the password is weak"); a
/// cue in a sentence (`unless_in = "sentence"`, before the value ends) or paragraph
/// (`unless_in = "paragraph"`) with one of the rule's `unless` words: advice ("never reuse a
/// password"), job adverts ("the salary for the position"); placeholders (`<your-token>`,
/// `********`, `…EXAMPLEKEY`); words, measures, dates and links where a password would go
/// (`case-sensitive`, `12-character`, `1.9.2025`, `https://…`).
pub(crate) struct CueValue {
    cues: ListId,
    close_cues: Option<ListId>,
    window: usize,
    unless: Option<(ListId, Reach)>,
    value: Value,
    flag: Flagged,
    value_optional: bool,
    removable: bool,
}

/// A value shape with its patterns, compiled for the rule's window.
enum Value {
    /// `linked`: words, a colon or "is", then the value; else a strong value right after the cue
    /// ([`value_right_after`]).
    Password { linked: AfterWords },
    /// `after_words`: words, then the code; `right_after`: the code after at most "on" or a colon.
    Digits { after_words: AfterWords, right_after: &'static ValuePattern },
    Money(AfterWords),
}

/// How many bytes after a cue are searched: a window of words and a 64-character value fit
/// well within this, and searching no further keeps the check linear in the length of the draft.
fn window_bytes(window: usize) -> usize {
    80 + 16 * window
}

impl CueValue {
    pub fn build(spec: &Spec, lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if spec.cues.is_empty() {
            return Err("a cue-value rule needs its `cues`".into());
        }
        if spec.window > MAX_WINDOW {
            return Err(format!("`window` is at most {MAX_WINDOW} words"));
        }
        let n = spec.window;
        let value = match spec.value {
            // What may link the cue to its value is grammar, not watched words: a colon or
            // equals sign, or "is"/"on"/"är" and their past tenses, after up to `window` words.
            ValueShape::Password => Value::Password { linked: AfterWords { unit: Unit::Spaced, words: n, tail: &PASSWORD_TAIL } },
            ValueShape::Digits => Value::Digits { after_words: AfterWords { unit: Unit::Gapped, words: n, tail: &CODE_TAIL }, right_after: &CODE_RIGHT_AFTER },
            ValueShape::Money => Value::Money(AfterWords { unit: Unit::Gapped, words: n, tail: &MONEY_TAIL }),
        };
        let optional = |terms: &crate::pack::Terms, lexicon: &mut LexiconBuilder| if terms.is_empty() { Ok(None) } else { lexicon.list(terms.iter()).map(Some) };
        Ok(Box::new(CueValue {
            cues: lexicon.list(spec.cues.iter())?,
            close_cues: optional(&spec.close_cues, lexicon)?,
            window: spec.window,
            unless: optional(&spec.unless, lexicon)?.map(|list| (list, spec.unless_in)),
            value,
            flag: spec.flag,
            value_optional: spec.value_optional,
            removable: spec.removable,
        }))
    }
}

/// More words than this between a cue and its value no longer read as one statement.
const MAX_WINDOW: usize = 12;

/// A value after up to `words` words: matched as the regex `^(?:UNIT){0,words}?TAIL` would match
/// it (fewest words first, each word's two parts longest first, then the tail's own order), with
/// the words stepped over here. Compiled as one regex, the Unicode word classes of UNIT repeated
/// up to twelve times were most of what building a checker cost; the tails are compiled once.
struct AfterWords {
    unit: Unit,
    words: usize,
    /// What follows the words, searched anchored where they end.
    tail: &'static ValuePattern,
}

/// What one word stepped over is.
#[derive(Clone, Copy)]
enum Unit {
    /// `\s+[\w-]+`: white space, then a word.
    Spaced,
    /// `[^\w\n]+[\w-]+`: anything but a word character or a line break, then a word.
    Gapped,
}

impl Unit {
    fn gap(self, c: char) -> bool {
        match self {
            Unit::Spaced => c.is_whitespace(),
            Unit::Gapped => c != '\n' && !regex_syntax::is_word_character(c),
        }
    }
}

fn is_word_part(c: char) -> bool {
    c == '-' || regex_syntax::is_word_character(c)
}

/// For each byte offset of `window` that starts a character (and its end), where the longest run
/// of characters in `class` that starts there ends (the offset itself when none does).
fn run_ends(window: &str, class: impl Fn(char) -> bool) -> Vec<usize> {
    let mut ends = vec![window.len(); window.len() + 1];
    for (at, c) in window.char_indices().rev() {
        ends[at] = if class(c) { ends[at + c.len_utf8()] } else { at };
    }
    ends
}

/// The character boundaries of `window` in `(from, to]`, the last first.
fn boundaries_down(window: &str, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    window[from..to].char_indices().rev().map(move |(at, c)| from + at + c.len_utf8())
}

/// One search of [`AfterWords`] in one window: where each run ends, and what already failed.
struct WordSteps<'w> {
    window: &'w str,
    pattern: &'w AfterWords,
    gap_ends: Vec<usize>,
    word_ends: Vec<usize>,
    /// The tail does not match at this offset.
    tail_fails: Vec<bool>,
    /// Nothing matches from this offset after this many words (`offset * (words + 1) + words`).
    fails: Vec<bool>,
    captures: Captures,
}

impl AfterWords {
    fn captures<'h>(&'h self, window: &'h str) -> Option<Groups<'h>> {
        let mut steps = WordSteps {
            window,
            pattern: self,
            gap_ends: run_ends(window, |c| self.unit.gap(c)),
            word_ends: run_ends(window, is_word_part),
            tail_fails: vec![false; window.len() + 1],
            fails: vec![false; (window.len() + 1) * (self.words + 1)],
            captures: self.tail.0.create_captures(),
        };
        steps.from(0, 0)
    }
}

impl<'w> WordSteps<'w> {
    /// The match from `at`, after `done` words, in the regex's order: the tail here first, then
    /// one more word, each place where a word can end tried once, in the order the regex would.
    fn from(&mut self, at: usize, done: usize) -> Option<Groups<'w>> {
        if !self.tail_fails[at] {
            let input = Input::new(self.window).range(at..).anchored(Anchored::Yes);
            self.pattern.tail.0.search_captures(&input, &mut self.captures);
            if self.captures.is_match() {
                return Some(Groups { haystack: self.window, captures: self.captures.clone() });
            }
            self.tail_fails[at] = true;
        }
        if done == self.pattern.words {
            return None;
        }
        // The gap longest first; from each place it can end, the word longest first. A word that
        // starts earlier reaches the same end as one starting later (or stops before it), so only
        // the ends below every earlier start are new.
        let mut lowest_start = usize::MAX;
        let gap_starts: Vec<usize> = boundaries_down(self.window, at, self.gap_ends[at]).collect();
        for start in gap_starts {
            let word_end = self.word_ends[start];
            if word_end == start {
                continue;
            }
            let ends: Vec<usize> = boundaries_down(self.window, start, word_end.min(lowest_start)).collect();
            for end in ends {
                let key = end * (self.pattern.words + 1) + done + 1;
                if self.fails[key] {
                    continue;
                }
                if let Some(groups) = self.from(end, done + 1) {
                    return Some(groups);
                }
                self.fails[key] = true;
            }
            lowest_start = start;
        }
        None
    }
}

/// A value pattern, searched only at a cue's end in a window of a few hundred bytes, anchored. It
/// is built for the Pike VM alone: the lazy DFA's reverse automaton and the one-pass DFA cost more
/// to build than they save on a window this short, and the bounded backtracker clears a table the
/// size of the pattern times the window on every search, where the Pike VM stops as soon as no
/// way through the pattern is left.
struct ValuePattern(meta::Regex);

/// The groups of a value pattern's match.
struct Groups<'h> {
    haystack: &'h str,
    captures: Captures,
}

/// One group of a match: where it is in the haystack, and its text.
struct Group<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl ValuePattern {
    fn new(source: &str) -> Result<ValuePattern, meta::BuildError> {
        meta::Regex::builder().configure(meta::Config::new().hybrid(false).onepass(false).backtrack(false)).build(source).map(ValuePattern)
    }

    fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let mut captures = self.0.create_captures();
        self.0.captures(haystack, &mut captures);
        captures.is_match().then_some(Groups { haystack, captures })
    }

}

impl<'h> Groups<'h> {
    fn name(&self, name: &str) -> Option<Group<'h>> {
        let span = self.captures.get_group_by_name(name)?;
        Some(Group { start: span.start, end: span.end, text: &self.haystack[span.start..span.end] })
    }
}

impl<'h> Group<'h> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'h str {
        self.text
    }
}

const CODE: &str = r"[0-9]{3} [0-9]{3}|[0-9]{4,8}#?";

/// A sum: a currency sign or word beside a number, maybe in thousands or millions, maybe per
/// month or year.
const MONEY: &str = r"(?xi:
    (?:[€$£]\s?[0-9][0-9\s.,]*[0-9]|[€$£]\s?[0-9]|(?-u:\b)[0-9][0-9\s.,]*[0-9]?\s?(?:€|eur(?-u:\b)|euros?(?-u:\b)|euroa(?-u:\b)|kr(?-u:\b)|kronor(?-u:\b)|sek(?-u:\b)))
    (?:\s?(?:k|m|million|milj\.?)(?-u:\b))?
    (?:\s?(?:/|a|per|i|om)\s?(?:month|year|kk|v|vuodessa|kuukaudessa|mån|månaden|år|året)(?-u:\b))?
)";

/// A value right after the cue, with nothing between: `password Lapland#Reindeer24`,
/// `lösenordet Sommar123`, as byte offsets into `window`: white space, then 6 to 64 characters
/// that are not (what the regex `^\s+(\S{6,64})` finds, without compiling its 64 Unicode
/// classes). Only strong-looking values count here (see `looks_strong`).
fn value_right_after(window: &str) -> Option<(usize, usize)> {
    let start = window.find(|c: char| !c.is_whitespace()).filter(|&at| at > 0)?;
    let value = leading_value(&window[start..]);
    (value.chars().count() >= 6).then_some((start, start + value.len()))
}

/// The first [`MAX_VALUE_CHARS`] characters of `text` that are not white space, up to the first
/// that is.
fn leading_value(text: &str) -> &str {
    &text[..text.char_indices().take_while(|(_, c)| !c.is_whitespace()).take(MAX_VALUE_CHARS).last().map_or(0, |(at, c)| at + c.len_utf8())]
}

/// What links a password to its cue after the words between (a colon or `=`, or "is"/"on"/"är"
/// and their past tenses, maybe with a word or two such as "still" after: `lösenordet … är
/// fortfarande Kvarnbo#2024`, `salasana on muuten edelleen Kumpula2019`), then the value: quoted,
/// or bare. A value is at most [`MAX_VALUE_CHARS`] long, which `password_after` applies: written
/// into the pattern as `{4,64}`, the four Unicode classes repeated 64 times made its Pike VM
/// cache 0.7 MB, a fifth of a checker's memory. Leaving the bound out changes no match, only
/// where one ends.
static PASSWORD_TAIL: LazyLock<ValuePattern> = LazyLock::new(|| {
    ValuePattern::new(r#"(?:\s*[:=]|\s+(?:is|was|on|oli|är|var)(?:\s+(?:still|now|again|currently|edelleen|yhä|vieläkin|nyt|muuten|taas|siis|fortfarande|nu|igen|alltså|numera)){0,2}\s*:?)\s*(?:"(?<dq>[^"\s]{4,})"|'(?<sq>[^'\s]{4,})'|[“”](?<cq>[^”\s]{4,})”|(?<bare>\S{4,}))"#).expect("a rule's own pattern is valid (tested)")
});

/// A code after the words between its cue and it.
static CODE_TAIL: LazyLock<ValuePattern> = LazyLock::new(|| ValuePattern::new(&format!(r"[^\w\n]+(?<value>{CODE})(?:[^\w]|$)")).expect("a rule's own pattern is valid (tested)"));

/// A sum after the words between its cue and it.
static MONEY_TAIL: LazyLock<ValuePattern> = LazyLock::new(|| ValuePattern::new(&format!(r"[^\w\n]*?(?<value>{MONEY})")).expect("a rule's own pattern is valid (tested)"));

/// The code right after an everyday cue: `koodi 4471`, `koodi on 4471`, `koodi: 4471`.
static CODE_RIGHT_AFTER: LazyLock<ValuePattern> =
    LazyLock::new(|| ValuePattern::new(&format!(r"^(?<link>\s*[:=]|\s+(?:on|oli|is|was|är|var)\s*:?)?\s*(?<value>{CODE})(?:[^\w]|$)")).expect("a rule's own pattern is valid (tested)"));

impl Rule for CueValue {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let mut cues: Vec<(Span, bool)> = cx.hits.of(self.cues).iter().map(|&cue| (cue, false)).collect();
        if let Some(close) = self.close_cues {
            cues.extend(cx.hits.of(close).iter().map(|&cue| (cue, true)));
            cues.sort_by_key(|&(cue, _)| cue);
        }
        let mut covered = 0;
        for (cue, close) in cues {
            // A cue inside the last finding ("door code … koodi on 1234") adds nothing to it.
            if cue.start < covered {
                continue;
            }
            let value = self.value_after(cx, cue.end, close);
            // A close cue counts only with its value, also where other cues count alone.
            if value.is_none() && (close || !self.value_optional) {
                continue;
            }
            let span = match (self.flag, value) {
                (Flagged::Value, Some(value)) => value,
                (_, value) => Span::new(cue.start, value.map_or(cue.end, |v| v.end)),
            };
            if self.unless.is_some_and(|(list, reach)| unless_stands(cx, cx.hits.of(list), reach, cue, span)) {
                continue;
            }
            covered = span.end;
            let fixes = if self.removable { vec![Fix::remove()] } else { Vec::new() };
            out.push(Hit::new(span, fixes));
        }
    }
}

impl CueValue {
    /// Where the value after a cue ending at `after` lies, if one follows within the window.
    fn value_after(&self, cx: &Context, after: usize, close: bool) -> Option<Span> {
        let raw = cx.text.raw;
        let window = &raw[after..floor_boundary(raw, after + window_bytes(self.window))];
        let found = match &self.value {
            Value::Password { linked } => {
                let (start, end) = password_after(window, linked)?;
                // Instructions behind a link are not a password.
                let value = Span::new(after + start, after + end);
                return (!cx.text.links().iter().any(|link| link.span.overlaps(Span::new(after, value.end)))).then_some(value);
            }
            Value::Digits { after_words, right_after } => {
                let caps = if close { right_after.captures(window) } else { after_words.captures(window) }?;
                let code = caps.name("value")?;
                // `Koodi 2024 -tapahtuma`: a year right after an everyday word names something.
                if close && caps.name("link").is_none() && looks_like_year(code.as_str()) {
                    return None;
                }
                Some((code.start(), code.end()))
            }
            Value::Money(money) => {
                let line = &window[..window.find('\n').unwrap_or(window.len())];
                money.captures(line).and_then(|caps| caps.name("value")).map(|m| (m.start(), m.end()))
            }
        };
        found.map(|(start, end)| Span::new(after + start, after + end))
    }
}

/// Whether one of `words` makes this cue's hit an exception: in its paragraph, or in its
/// sentence before the hit ends.
fn unless_stands(cx: &Context, words: &[Span], reach: Reach, cue: Span, hit: Span) -> bool {
    let raw = cx.text.raw;
    match reach {
        Reach::Paragraph => words.iter().any(|word| same_paragraph(raw, *word, cue)),
        Reach::Sentence => {
            let from = floor_boundary(raw, hit.start.saturating_sub(SENTENCE_WINDOW_BYTES));
            let sentence_start = raw[from..hit.start].rfind(['\n', '.', '!', '?']).map_or(from, |at| from + at + 1);
            words.iter().any(|word| word.start >= sentence_start && word.start < hit.end)
        }
    }
}

/// How far back from a cue its sentence is looked for.
const SENTENCE_WINDOW_BYTES: usize = 160;

/// The secret value at the start of `window`, as byte offsets into it.
fn password_after(window: &str, linked: &AfterWords) -> Option<(usize, usize)> {
    let Some(caps) = linked.captures(window) else {
        let (start, end) = value_right_after(window)?;
        let trimmed = window[start..end].trim_end_matches(['.', ',', ';', ')']);
        return (looks_strong(trimmed) && !is_placeholder(trimmed) && !word_like(trimmed)).then_some((start, start + trimmed.len()));
    };
    let quoted = caps.name("dq").or(caps.name("sq")).or(caps.name("cq"));
    let bare_start = match quoted {
        Some(quoted) => {
            // The quotation marks belong to the value.
            let open = window[..quoted.start()].chars().next_back().map_or(0, char::len_utf8);
            if quoted.as_str().chars().count() <= MAX_VALUE_CHARS {
                if is_placeholder(quoted.as_str()) {
                    return None;
                }
                return Some((quoted.start() - open, quoted.end() + window[quoted.end()..].chars().next().map_or(0, char::len_utf8)));
            }
            // Too long to be the quoted value: what follows the cue, quotation mark and all.
            quoted.start() - open
        }
        None => caps.name("bare")?.start(),
    };
    let bare = leading_value(&window[bare_start..]);
    // A sentence's full stop or comma is not part of the password; `!` and `?` often are.
    let value = bare.trim_end_matches(['.', ',', ';', ')']);
    let value = if value.chars().count() < 4 { bare } else { value };
    (looks_secret(value) && !is_placeholder(value) && !word_like(value)).then_some((bare_start, bare_start + value.len()))
}

/// The longest secret value, in characters.
const MAX_VALUE_CHARS: usize = 64;

/// A digit, a symbol or a capital after the first letter: what people put in passwords, and what
/// ordinary words after "password is" ("weak", "required", "Bitwarden") lack.
pub(crate) fn looks_secret(value: &str) -> bool {
    let has_digit = value.chars().any(|c| c.is_numeric());
    let has_symbol = value.chars().any(|c| !c.is_alphanumeric());
    let inner_capital = value.chars().skip(1).any(char::is_uppercase) && value.chars().any(char::is_lowercase);
    has_digit || has_symbol || inner_capital
}

/// A word, an abbreviation, a measure or a date, which advice and announcements put where a
/// password would go: `case-sensitive`, `e-mailed`, `min.`, `t.ex`, `12-character`,
/// `8-merkkinen`, `1.9.2025`. Letters with dots, apostrophes and at most one hyphen and no inner
/// capital; or a number joined to a word. (Three or more hyphenated words,
/// `correct-horse-battery`, are a passphrase.)
fn word_like(value: &str) -> bool {
    let value = value.trim_end_matches([':', '!', '?']);
    let lower_after_first = !value.chars().skip(1).any(char::is_uppercase);
    let word = value.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')) && value.matches('-').count() <= 1;
    let measure = value.split_once('-').is_some_and(|(number, unit)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && !unit.is_empty() && unit.chars().all(char::is_lowercase)
    });
    (word && lower_after_first && value.chars().any(char::is_alphabetic)) || measure || DATE_OR_TIME.is_match(value)
}

/// `1.9.2025`, `5.9.`, `2025-09-01`, `12:30`, `1/9/2025`: when, not what.
static DATE_OR_TIME: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^(?:[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{2,4})?|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[:.][0-9]{2}|[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?)$"));

/// Letters and digits mixed, the way passwords are and words are not (`Sommar123`, `Tid#2025`).
fn looks_strong(value: &str) -> bool {
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_letter = value.chars().any(char::is_alphabetic);
    let digits_only_at_end = value.trim_end_matches(|c: char| c.is_ascii_digit()).chars().all(char::is_alphabetic);
    let mixed = has_digit && has_letter && (!digits_only_at_end || value.chars().next().is_some_and(char::is_uppercase));
    mixed || (has_letter && value.chars().any(|c| !c.is_alphanumeric()) && has_digit)
}

fn looks_like_year(code: &str) -> bool {
    code.len() == 4 && (code.starts_with("19") || code.starts_with("20"))
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const PASSWORD_FLAGGED: &[Flagged] = &[
        ("New server! [[Password: Summer2024!]] (change it later)", To("New server!  (change it later)")),
        ("[[salasanani on Kissa123]], älä kerro kenellekään", To(", älä kerro kenellekään")),
        ("Wifi: eduroam, [[lösenordet är \"Sommar123\"]].", To("Wifi: eduroam, .")),
        ("The [[password for the lab wifi is Tiger#99]].", To("The .")),
        ("[[Salasana: Kesä2024!]]", To("")),
        ("login root, [[pwd=hunter22]]", To("login root, ")),
        ("The [[password is 'hunter2x']]", To("The ")),
        ("[[passphrase: CorrectHorse]]", To("")),
        ("user fieldteam, [[password Lapland#Reindeer24]] — so", To("user fieldteam,  — so")),
        ("mötes-ID 645 221 0987 och [[lösenordet Sommar123]].", To("mötes-ID 645 221 0987 och .")),
        ("[[Password for the shared OneDrive folder with the interview transcripts is koirat&kissat77]] — ping me", To(" — ping me")),
        // advice_is_per_sentence: advice before does not hide a password after it.
        ("Never reuse a password. Our [[wifi password is Kissa123]] today.", To("Never reuse a password. Our  today.")),
        ("the [[passphrase is correct-horse-battery-staple]], shh", To("the , shh")),
        ("The wifi [[pw: Kissa123]] for the guests", To("The wifi  for the guests")),
        ("guest wifi, [[pw Lapland#2024]]", To("guest wifi, ")),
        // a_word_or_two_after_the_link
        ("Till alla: [[lösenordet till plattan är fortfarande Kvarnbo#2024]] – sluta byta det", To("Till alla:  – sluta byta det")),
        ("Koneen [[salasana on muuten edelleen Kumpula2019]].", To("Koneen .")),
        ("The [[wifi password is still Tiger#99]], sorry", To("The , sorry")),
        // values_end_after_64_characters, quoted or not
        ("[[password: Xy7-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh]]ijklmn end", To("ijklmn end")),
        ("[[password: \"Xy7-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg]]hij\" end", To("hij\" end")),
        ("[[password: \"Xy7-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh\"]] end", To(" end")),
    ];

    const PASSWORD_NEAR_MISSES: &[&str] = &[
        "Use different passwords for work and private accounts.",
        "The password is weak and should be changed.",
        "Käytä eri salasanoja työ- ja yksityistileillä.",
        "Använd olika lösenord för jobbet.",
        "Our password manager is Bitwarden.",
        "Password reset day: remember to update yours!",
        "salasana on vaihdettava 90 päivän välein",
        "password managers like 1Password are great",
        "the password policy2024 document",
        "salasana vaihtuu 2025 alussa",
        "The password is still required for every login.",
        "Salasana on nyt vaihdettava kaikilla.",
        // masked_value: a password shown as stars is no password.
        "password: ******** (ask me)",
        // advice_about_passwords: the pack's `unless` words in the sentence.
        "Never reuse a password: Summer2024! is on every leaked list.",
        "Use a password manager: 1Password, Bitwarden and KeePassXC are all fine.",
        "Password managers: 1Password, Bitwarden",
        "Älä käytä samaa salasanaa, esimerkiksi Kesä2024 on huono kaikkialla.",
        "Byt lösenord regelbundet: Sommar2024 räcker inte länge.",
        "Password: use at least 12 characters, e.g. Kissa123 is too short.",
        // word_like_values: words, abbreviations and measures where advice puts them.
        "Your password is case-sensitive, remember that.",
        "The new password is e-mailed to you separately.",
        "Password tip: 12-character minimum, mixed case!",
        "Salasana on 8-merkkinen ja henkilökohtainen.",
        "Lösenordet: t.ex. tre slumpord",
        "Password: min. 12 characters",
        "password 12-character minimum",
        // date_as_value: "on" before a date is when, not what.
        "Password reset on 1.9.2025 for all accounts",
        // link_as_value: instructions behind a link are not a password.
        "Salasanan vaihto-ohjeet: https://helpdesk.helsinki.fi/salasana",
        "Password reset page: https://id.helsinki.fi/reset",
        "salasanasi vaihdat täällä: id.helsinki.fi/reset",
    ];

    #[test]
    fn password_table() {
        crate::rules::assert_table("password", PASSWORD_FLAGGED, PASSWORD_NEAR_MISSES);
    }

    /// The same check with the pack's key and token words (`secret-value`).
    const SECRET_FLAGGED: &[Flagged] = &[
        ("export [[AWS_SECRET_ACCESS_KEY=q8Zr4Nw2vT/1yXk9PbLm0sHdE7uFcJ3aGiOeR6tW]] now", To("export  now")),
        ("our [[api key: sk-live-9fQ2xT7bLm3]] for the demo", To("our  for the demo")),
    ];

    const SECRET_NEAR_MISSES: &[&str] = &[
        "We used 30k tokens per document.",
        // aws_documentation_example: the secret from AWS's own documentation.
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in the docs",
        // placeholders_where_the_secret_goes
        "token: <your-token> in the Authorization header",
        "api key: {{API_KEY}} from the settings",
        "GitHub token: ghp_xxxxxxxxxxxx in the config",
        "api key: sk-XXXXXXXX goes here",
        "token: $GITHUB_TOKEN in the workflow",
        "api key: YOUR_API_KEY",
    ];

    /// The same check with the pack's enrolment-key words (`enrolment-key`).
    const KEY_FLAGGED: &[Flagged] = &[
        ("[[enrolment key: Biology2024!]] see you on Monday", To(" see you on Monday")),
        ("Moodle [[enrollment key is BIO-101x]] for everyone", To("Moodle  for everyone")),
        ("[[Kurssiavain on Kemia77]] ja kurssi alkaa maanantaina.", To(" ja kurssi alkaa maanantaina.")),
        ("[[Kurssiavain KEMIA-77]] ja kurssi alkaa maanantaina.", To(" ja kurssi alkaa maanantaina.")),
        ("[[Registreringsnyckeln är Kemi2024]] och kursen börjar på måndag.", To(" och kursen börjar på måndag.")),
    ];

    const KEY_NEAR_MISSES: &[&str] = &[
        "The enrolment key is in the Moodle announcement.",
        "Kurssiavain lähetetään sähköpostilla ilmoittautuneille.",
        "enrolment key will be sent on 5.9.2025",
    ];

    #[test]
    fn enrolment_key_table() {
        crate::rules::assert_table("enrolment-key", KEY_FLAGGED, KEY_NEAR_MISSES);
    }

    #[test]
    fn secret_value_table() {
        crate::rules::assert_table("secret-value", SECRET_FLAGGED, SECRET_NEAR_MISSES);
    }

    const CODE_FLAGGED: &[Flagged] = &[
        ("\"Your verification code is [[482913]]\" and it's not me", To("\"Your verification code is \" and it's not me")),
        ("2FA code just arrived mid-lecture: [[731 045]]. Anyway", To("2FA code just arrived mid-lecture: . Anyway")),
        ("Vahvistuskoodisi on [[482913]]", To("Vahvistuskoodisi on ")),
        ("the door code for the lab is now [[7391#]].", To("the door code for the lab is now .")),
        ("the door code for the 3rd-floor lab corridor is now [[7391#]]. Please", To("the door code for the 3rd-floor lab corridor is now . Please")),
        ("engångskoden [[553120]] kom just", To("engångskoden  kom just")),
        ("Uusi koodi on [[4471]] ja kahvi on keittiössä.", To("Uusi koodi on  ja kahvi on keittiössä.")),
        ("Labran ovikoodi [[1234]] toimii taas.", To("Labran ovikoodi  toimii taas.")),
        ("koodi: [[4471#]] ovessa", To("koodi:  ovessa")),
        ("Kerhohuoneen koodi [[2580]], tervetuloa!", To("Kerhohuoneen koodi , tervetuloa!")),
    ];

    const CODE_NEAR_MISSES: &[&str] = &[
        "Send me the verification code by SMS, please.",
        "Door code changes on 1 March.",
        "Course code TKT20005 starts in 2025",
        "verification code\n\n2024 was a good year",
        // everyday_code_word_far_from_a_number: source code, not a door code.
        "Koodi julkaistaan avoimena vuonna 2025.",
        "Koodi löytyy GitHubista, pull request 4471 korjasi sen.",
        "Lähdekoodi on GitHubissa, versio 2024",
        "koodi on nyt GitHubissa 2024 alusta",
        // year_after_an_everyday_code_word: a name, not a code.
        "Koodi 2024 -tapahtuma kokoaa koodarit yhteen.",
    ];

    #[test]
    fn one_time_code_table() {
        crate::rules::assert_table("one-time-code", CODE_FLAGGED, CODE_NEAR_MISSES);
    }

    const FINANCE_FLAGGED: &[Flagged] = &[
        ("the new professor [[earns €9,800/month]], almost double", Nothing),
        ("She is [[deep in debt]] after the divorce", Nothing),
        ("uuden dekaanimme [[palkka on 9 850 €/kk]], kun", Nothing),
        ("Han har [[stora skulder]] sedan i fjol", Nothing),
        ("Naapurini on [[ulosotossa]] taas", Nothing),
        // job_advert_in_another_paragraph: the exception reaches its own paragraph only.
        ("We are hiring, apply by May!\n\nMeanwhile our dean [[earns €9,800/month]].", Nothing),
    ];

    const FINANCE_NEAR_MISSES: &[&str] = &[
        "The salary for the position is €3,500 per month; apply by 1 May.",
        "We got a €1.2 million grant from the Academy!",
        "Tickets €15, students €5.",
        "Projektin budjetti on 450 000 euroa.",
        // job_advert: the pay of a position, not of a person (the pack's `unless`, same paragraph).
        "Whoever takes the position earns €3,800 per month; apply by 1 May.",
        "Tehtävään valittava ansaitsee 3 800 €/kk.",
    ];

    #[test]
    fn personal_finance_table() {
        crate::rules::assert_table("personal-finance", FINANCE_FLAGGED, FINANCE_NEAR_MISSES);
    }

    /// Stepping over the words matches exactly what one regex with the words repeated `window`
    /// times matched before (`^(?:UNIT){0,n}?TAIL`): the same groups at the same places (but the
    /// whole match, which nothing reads: here it starts where the words end), on
    /// drafts made of the pieces that make or break a value, also in pathological runs of
    /// dashes and spaces. The value right after a cue, likewise.
    #[test]
    fn stepping_over_words_matches_as_the_repeated_regex_did() {
        use super::{AfterWords, Unit, ValuePattern, CODE_TAIL, MONEY_TAIL, PASSWORD_TAIL};
        const PASSWORD: &str = r#"(?:\s*[:=]|\s+(?:is|was|on|oli|är|var)\s*:?)\s*(?:"(?<dq>[^"\s]{4,})"|'(?<sq>[^'\s]{4,})'|[“”](?<cq>[^”\s]{4,})”|(?<bare>\S{4,}))"#;
        let code = format!(r"[^\w\n]+(?<value>{})(?:[^\w]|$)", super::CODE);
        let money = format!(r"[^\w\n]*?(?<value>{})", super::MONEY);
        let right_after = regex::Regex::new(r"^\s+(\S{6,64})").unwrap();
        let pieces = [" ", "  ", "\n", "\t", "-", "--", ":", "=", " is ", " on ", "är", "ä", "word", "pw", "x", "12", "1234", "123 456", "20245", "#", "€", "€5", "5 000", "kr", "eur", "/kk", "\"", "'", "“", "”", "Kissa123", ".", ",", "…", "_", "é"];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let groups = |captures: Option<super::Groups>| captures.map(|g| (1..g.captures.group_len()).map(|i| g.captures.get_group(i).map(|s| (s.start, s.end))).collect::<Vec<_>>());
        for (unit, unit_source, tail, tail_source) in [(Unit::Spaced, r"\s+[\w-]+", &*PASSWORD_TAIL, PASSWORD), (Unit::Gapped, r"[^\w\n]+[\w-]+", &*CODE_TAIL, code.as_str()), (Unit::Gapped, r"[^\w\n]+[\w-]+", &*MONEY_TAIL, money.as_str())] {
            for words in [0, 1, 2, 4, 8, 10] {
                let regex = ValuePattern::new(&format!("^(?:{unit_source}){{0,{words}}}?{tail_source}")).unwrap();
                let stepped = AfterWords { unit, words, tail };
                let mut drafts: Vec<String> = vec!["-".repeat(250) + " 1234", " ".repeat(120) + &"- -".repeat(40) + ": Kissa123", "a-".repeat(130) + "€5", format!(" {}", "Kissa123".repeat(10)), "\u{a0}Sommar123".into(), "\u{3000}Kesä2024!\u{2028}".into()];
                for _ in 0..4_000 {
                    drafts.push((0..next(14)).map(|_| pieces[next(pieces.len())]).collect());
                }
                for draft in &drafts {
                    assert_eq!(groups(stepped.captures(draft)), groups(regex.captures(draft)), "{words} words, {tail_source}, {draft:?}");
                    let right_after = right_after.captures(draft).and_then(|c| c.get(1)).map(|m| (m.start(), m.end()));
                    assert_eq!(super::value_right_after(draft), right_after, "{draft:?}");
                }
            }
        }
    }
}

