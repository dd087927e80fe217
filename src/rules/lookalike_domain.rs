use super::{Context, Hit, Rule};
use crate::finding::Span;
use crate::lexicon::LexiconBuilder;
use crate::pack::RuleSpec;

/// Domains that imitate the organisation's own.
///
/// **Catches**: links whose host is not one of the pack's protected domains (`helsinki.fi`) or
/// below one, but looks like it: digits or letters swapped for look-alikes (`he1sinki.fi`,
/// `helsinkl.fi`), the name under another top-level domain or with decoration
/// (`helsinki-fi.com`, `sisu-helsinki.net`, `helsinki.fi.example.com`), and every punycode host
/// (`xn--hlsinki-jxa.fi`) or host written in another script (`hеlsinki.fi` with a Cyrillic `е`),
/// which is how look-alike letters from other alphabets appear.
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): look-alike domains are how phishing for University credentials works.
///
/// **Instead**: check where the link really goes and share the real helsinki.fi address.
///
/// The real domain and its subdomains, names that merely contain the word (`helsinkitimes.fi`,
/// `helsinki-biennaali.fi`), and the University's tenant names on services
/// (`helsinki.zoom.us`) are not flagged.
pub(crate) struct LookalikeDomain {
    protected: Vec<(String, String, String)>,
}

impl LookalikeDomain {
    pub fn build(spec: &RuleSpec, _: &mut LexiconBuilder) -> Result<Box<dyn Rule>, String> {
        let protected = spec
            .terms
            .all
            .iter()
            .map(|domain| match domain.rsplit_once('.') {
                Some((name, tld)) if !name.contains('.') => Ok((domain.clone(), name.to_string(), tld.to_string())),
                _ => Err(format!("protected domain `{domain}` must be a name and a top-level domain, like helsinki.fi")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if protected.is_empty() {
            return Err("the lookalike-domain check needs the protected domains in `terms.all`".into());
        }
        Ok(Box::new(LookalikeDomain { protected }))
    }

    fn imitates(&self, host: &str) -> bool {
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() < 2 {
            return false;
        }
        // Punycode, or letters from another script written as they are (`hеlsinki.fi` with a
        // Cyrillic е): how look-alike letters get into host names.
        if labels.iter().any(|l| l.starts_with("xn--")) || !host.is_ascii() {
            return true;
        }
        let (tld, names) = labels.split_last().expect("at least two labels");
        // The registrable name (`evil` in `login.evil.com`) is what an imitation must change;
        // a tenant's subdomain on a known service (`helsinki.zoom.us`) merely names the customer.
        let registrable = names.last().expect("at least one name label");
        self.protected.iter().any(|(domain, name, protected_tld)| {
            if host == domain || host.ends_with(&format!(".{domain}")) {
                return false;
            }
            // `helsinki.fi.example.com`: the whole protected domain inside another one.
            if host.starts_with(&format!("{domain}.")) || host.contains(&format!(".{domain}.")) {
                return true;
            }
            let tokens: Vec<&str> = registrable.split('-').collect();
            let exact = tokens.contains(&name.as_str()) && (tld != protected_tld || tokens.contains(&protected_tld.as_str()));
            let disguised = names.iter().flat_map(|label| label.split('-')).any(|t| t != name && (skeleton(t) == *name || (name.len() >= 6 && one_edit_apart(t, name))));
            exact || disguised
        })
    }
}

impl Rule for LookalikeDomain {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links() {
            if self.imitates(link.host()) {
                out.push(Hit::new(Span::new(link.span.start, link.span.end), Vec::new()));
            }
        }
    }
}

/// The label with look-alike characters replaced by what they imitate.
fn skeleton(label: &str) -> String {
    label.replace("rn", "m").replace("vv", "w").chars().map(|c| match c {
        '1' | '|' => 'l',
        '0' => 'o',
        '3' => 'e',
        '5' => 's',
        '4' => 'a',
        other => other,
    }).collect()
}

/// Whether one substitution, insertion or deletion turns `a` into `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let longer = a.len().max(b.len());
    a.len().abs_diff(b.len()) <= 1 && a != b && prefix + suffix >= longer - 1
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "log in at [[https://he1sinki.fi/login]]",
        "[[helsinkl.fi/sisu]]",
        "[[https://helsinki-fi.com/reset]]",
        "[[sisu-helsinki.net]] asks for your password",
        "[[https://xn--hlsinki-jxa.fi]]",
        "[[https://h\u{435}lsinki.fi/login]]",
        "[[https://helsinki.fi.example.com/]]",
        "[[vpn-helsinkl.fi]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "https://www.helsinki.fi/en/research",
        "https://studies.helsinki.fi/courses",
        "https://helsinkitimes.fi/news",
        "https://www.helsinki-biennaali.fi/",
        "https://myhelsinki.fi/",
        "https://doi.org/10.1000/182",
        "https://helsinki.zoom.us/j/61233459087",
        "https://helsinki.sharepoint.com/sites/staff",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("lookalike-domain", FLAGGED, NEAR_MISSES);
    }

    #[test]
    fn edit_distance_of_one() {
        assert!(super::one_edit_apart("helsinkl", "helsinki"));
        assert!(super::one_edit_apart("helsnki", "helsinki"));
        assert!(super::one_edit_apart("helsinkii", "helsinki"));
        assert!(!super::one_edit_apart("helsingin", "helsinki"));
        assert!(!super::one_edit_apart("helsinki", "helsinki"));
    }
}
