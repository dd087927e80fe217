use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// Hashtags that screen readers cannot split into words.
///
/// **Catches**: a hashtag written all in lower case that the pack knows in CamelCase
/// (`#wearehelsinkiuni` → `#WeAreHelsinkiUni`), and other all-lower-case hashtags of twelve
/// letters or more, which are almost always several words run together.
///
/// **Why**: the guidelines ask us to promote accessibility and equality; screen readers read
/// `#WeAreHelsinkiUni` as words and `#wearehelsinkiuni` as one long mumble. Using the
/// University's hashtags in their usual form also helps the University find your post.
///
/// **Instead**: capitalise each word. For hashtags the pack knows, the fix does it.
///
/// Hashtags that already use capitals, and short ones (`#science`), are not flagged.
pub(crate) struct HashtagCase {
    known: Vec<String>,
}

static HASHTAG: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?:^|[^\w&])(#\w+)"));

const LONG_HASHTAG_LETTERS: usize = 12;

impl HashtagCase {
    pub fn build(spec: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        Ok(Box::new(HashtagCase { known: spec.terms.all.clone() }))
    }
}

impl Rule for HashtagCase {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for caps in HASHTAG.captures_iter(cx.text.raw) {
            let tag = caps.get(1).expect("group 1 always matches");
            let word = &tag.as_str()[1..];
            if word.chars().any(|c| c.is_uppercase()) || word.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let span = Span::new(tag.start(), tag.end());
            match self.known.iter().find(|k| k.to_lowercase() == word) {
                Some(camel) => out.push(Hit::new(span, vec![Fix::replace(format!("#{camel}"), true)])),
                None if word.chars().filter(|c| c.is_alphabetic()).count() >= LONG_HASHTAG_LETTERS => out.push(Hit::new(span, Vec::new())),
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Options};

    const FLAGGED: &[&str] = &[
        "Proud! [[#wearehelsinkiuni]]",
        "[[#helsinginyliopisto]] ja [[#openscienceforall]]",
    ];

    const NEAR_MISSES: &[&str] = &["#WeAreHelsinkiUni #science #AI #2025", "C# and F# code", "Tom &#39;s"];

    #[test]
    fn table() {
        crate::rules::assert_table("hashtag-case", FLAGGED, NEAR_MISSES);
    }

    #[test]
    fn fix_writes_the_known_form() {
        let text = "Proud! #wearehelsinkiuni";
        let finding = Checker::new(&Options::default()).unwrap().check(text).into_iter().find(|f| f.rule == "hashtag-case").unwrap();
        assert_eq!(finding.fixes[0].apply(text, finding.span), "Proud! #WeAreHelsinkiUni");
    }
}
