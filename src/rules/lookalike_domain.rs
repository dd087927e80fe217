use super::{Context, Hit, Rule};
use crate::finding::Span;
use crate::pack::AllLiterals;

/// Domains that imitate the organisation's own, and brands spelt with look-alike letters.
///
/// **Catches**: links whose host is not one of the pack's protected domains (`helsinki.fi`) or
/// below one, but looks like it: letters swapped for look-alikes (`he1sinki.fi`, `helsinkl.fi`,
/// `helslnki.fi`), the name under another top-level domain or with decoration
/// (`helsinki-fi.com`, `sisu-helsinki.net`, `helsinki.fi.example.com`), and every punycode host
/// (`xn--hlsinki-jxa.fi`) or host written in another script (`hеlsinki.fi` with a Cyrillic `е`),
/// which is how look-alike letters from other alphabets appear. A pack entry without a top-level
/// domain is a brand (`microsoft`, `paypal`): any host with a name that only look-alike letters
/// set apart from it is flagged (`rnicrosoft.com`, `paypa1.com`, `vvhatsapp.net`, `clropbox.com`).
/// Look-alikes are `rn` for `m`, `vv` for `w`, `cl` for `d`, `1`, `i` and `l` for each other, and
/// the digits `0`, `3`, `4`, `5` for `o`, `e`, `a`, `s`.
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): look-alike domains are how phishing for University credentials works.
///
/// **Instead**: check where the link really goes and share the real helsinki.fi address.
///
/// The real domain and its subdomains, names that merely contain the word (`helsinkitimes.fi`,
/// `helsinki-biennaali.fi`, `microsoftonline.com`), the University's tenant names on services
/// (`helsinki.zoom.us`), and brands under their own name on any top-level domain (`google.fi`)
/// are not flagged.
pub(crate) struct LookalikeDomain {
    /// Each protected domain, its name, its top-level domain and the name's skeleton.
    domains: Vec<(String, String, String, String)>,
    /// Each brand with its skeleton.
    brands: Vec<(String, String)>,
}

impl LookalikeDomain {
    pub fn build(terms: &AllLiterals) -> Result<Box<dyn Rule>, String> {
        let mut domains = Vec::new();
        let mut brands = Vec::new();
        for entry in &terms.all {
            match entry.rsplit_once('.') {
                Some((name, tld)) if !name.contains('.') && !name.is_empty() && !tld.is_empty() => domains.push((entry.to_string(), name.to_string(), tld.to_string(), skeleton(name))),
                None if entry.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) && entry.len() >= 4 => brands.push((entry.to_string(), skeleton(entry))),
                _ => return Err(format!("protected entry `{entry}` must be a name and a top-level domain (helsinki.fi), or a brand name of four or more letters and digits (microsoft)")),
            }
        }
        if domains.is_empty() && brands.is_empty() {
            return Err("the lookalike-domain check needs the protected domains in `terms.all`".into());
        }
        Ok(Box::new(LookalikeDomain { domains, brands }))
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
        // The organisation's own domain and everything below it are its own.
        if self.domains.iter().any(|(domain, _, _, _)| host == domain || host.ends_with(&format!(".{domain}"))) {
            return false;
        }
        let (tld, names) = labels.split_last().expect("at least two labels");
        // Each token with its skeleton, computed once for every protected name and brand.
        let tokens: Vec<(&str, String)> = names.iter().flat_map(|label| label.split('-')).map(|t| (t, skeleton(t))).collect();
        // The registrable name (`evil` in `login.evil.com`) is what an imitation must change;
        // a tenant's subdomain on a known service (`helsinki.zoom.us`) merely names the customer.
        let registrable = names.last().expect("at least one name label");
        let domain_imitated = self.domains.iter().any(|(domain, name, protected_tld, name_shape)| {
            // `helsinki.fi.example.com`: the whole protected domain inside another one.
            if host.starts_with(&format!("{domain}.")) || host.contains(&format!(".{domain}.")) {
                return true;
            }
            let registrable_tokens: Vec<&str> = registrable.split('-').collect();
            let exact = registrable_tokens.contains(&name.as_str()) && (tld != protected_tld || registrable_tokens.contains(&protected_tld.as_str()));
            let disguised = tokens.iter().any(|(t, shape)| t != name && (shape == name_shape || (name.len() >= 6 && one_edit_apart(t, name))));
            exact || disguised
        });
        domain_imitated || self.brands.iter().any(|(brand, brand_shape)| tokens.iter().any(|(t, shape)| t != brand && shape == brand_shape))
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

/// The label with every look-alike character or pair replaced by one representative: digits
/// by the letters they imitate, `i` and `1` by `l`, then `rn` by `m`, `vv` by `w`, `cl` by `d`.
fn skeleton(label: &str) -> String {
    let single: String = label
        .chars()
        .map(|c| match c {
            '1' | 'i' | '|' => 'l',
            '0' => 'o',
            '3' => 'e',
            '5' => 's',
            '4' => 'a',
            other => other,
        })
        .collect();
    single.replace("rn", "m").replace("vv", "w").replace("cl", "d")
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
    use crate::rules::{Fixed::*, Flagged};
    const FLAGGED: &[Flagged] = &[
        ("log in at [[https://he1sinki.fi/login]]", Nothing),
        ("[[helsinkl.fi/sisu]]", Nothing),
        ("[[https://helsinki-fi.com/reset]]", Nothing),
        ("[[sisu-helsinki.net]] asks for your password", Nothing),
        ("[[https://xn--hlsinki-jxa.fi]]", Nothing),
        ("[[https://h\u{435}lsinki.fi/login]]", Nothing),
        ("[[https://helsinki.fi.example.com/]]", Nothing),
        ("[[vpn-helsinkl.fi]]", Nothing),
        ("log in at [[https://helslnki.fi/sso]]", Nothing),
        ("[[https://rnicrosoft.com/office365]] to read the file", Nothing),
        ("pay here: [[paypa1.com/invoice]]", Nothing),
        ("[[https://vvhatsapp.net/join]]", Nothing),
        ("[[clropbox.com/s/abc]] has the slides", Nothing),
        ("[[https://login.rnicrosoft.example.com/]]", Nothing),
        ("[[https://g00gle.com/drive]]", Nothing),
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
        // brands_under_their_own_name: a brand owns its name under many top-level domains.
        "https://www.google.fi/maps and https://microsoft.com/fi-fi",
        "https://login.microsoftonline.com/common",
        "https://www.paypal.me/someone",
        // subdomains_of_the_protected_domain: the University's own, whatever they are called.
        "https://rnoodle.helsinki.fi/course",
        "https://modern.example.org/ and https://learn.example.com/",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("lookalike-domain", FLAGGED, NEAR_MISSES);
    }

    #[test]
    fn look_alike_letters() {
        for (a, b) in [("rnicrosoft", "microsoft"), ("helslnki", "helsinki"), ("paypa1", "paypal"), ("vvhatsapp", "whatsapp"), ("clropbox", "dropbox"), ("ic1oud", "icloud")] {
            assert_eq!(super::skeleton(a), super::skeleton(b), "{a} {b}");
        }
        assert_ne!(super::skeleton("helsingin"), super::skeleton("helsinki"));
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
