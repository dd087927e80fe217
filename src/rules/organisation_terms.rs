use super::{Context, Hit, Rule};
use crate::finding::Span;
use crate::lexicon::{LexiconBuilder, ListId};

/// The organisation's own confidential names: project code names, unannounced products.
///
/// **Catches**: any term in the `confidentialTerms` option (set by an organisation's managed
/// policy, or by the person), matched like pack terms: case-insensitive, whole words, `*` for any
/// ending. Without such terms the rule finds nothing.
///
/// **Why**: "Please do not post any non-public information on social media, including
/// confidential agreements, commercialisation projects in the preparatory stage" (Confidential
/// information); only the organisation knows which names are secret.
///
/// **Instead**: leave the name out until the organisation has made it public.
pub(crate) struct OrganisationTerms {
    terms: Option<ListId>,
}

/// An organisation keeps a list of code names, not a dictionary: a policy with more is an error
/// that names the option, before its terms count against the checker's own limits.
const MAX_NAMES: usize = 1_000;

impl OrganisationTerms {
    pub fn build(names: &[String], lexicon: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        if names.len() > MAX_NAMES {
            return Err(format!("{} names; at most {MAX_NAMES} may be given", names.len()));
        }
        let names: Vec<String> = names.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
        let terms = if names.is_empty() { None } else { Some(lexicon.list(names.iter().map(|t| (None, t.as_str())))?) };
        Ok(Box::new(OrganisationTerms { terms }))
    }
}

impl Rule for OrganisationTerms {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        let Some(list) = self.terms else { return };
        for &span in cx.hits.of(list) {
            out.push(Hit::new(Span::new(span.start, span.end), Vec::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Options};

    fn flagged(terms: &[&str], text: &str) -> Vec<String> {
        let options = Options { confidential_terms: terms.iter().map(|t| t.to_string()).collect(), ..Options::default() };
        let checker = Checker::new(&options).unwrap();
        checker.check(text).into_iter().filter(|f| f.rule == "organisation-term").map(|f| text[f.span.start..f.span.end].to_string()).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["Project Falcon"], "Big news from project falcon soon!", &["project falcon"]),
            (&["falcon*"], "Falconin tulokset", &["Falconin"]),
            (&["Falcon"], "A falconer's view", &[]),
            (&[], "Project Falcon", &[]),
        ];
        for (terms, text, expected) in cases {
            assert_eq!(&flagged(terms, text), expected, "{terms:?} {text}");
        }
    }

    #[test]
    fn a_bad_term_is_a_clear_error() {
        let options = Options { confidential_terms: vec!["a*b".into()], ..Options::default() };
        let error = Checker::new(&options).err().unwrap().to_string();
        assert!(error.contains("confidentialTerms") && error.contains("`*` may only end a word"), "{error}");
    }
}
