use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::pack::{LinkList as Spec, LinkPart};
use regex::Regex;
use std::sync::LazyLock;

/// Links, or e-mail addresses, whose host, file type, words or domain are on the rule's list.
///
/// **Catches**: what the pack's `list` names, in the part of the link the rule's `part` says:
/// `host` for links through the listed hosts (URL shorteners such as `bit.ly` in
/// `shortened-link`; IP loggers such as `grabify.link` in `ip-logger`), `extension` for links to
/// the listed file types (`.exe`, `.scr`, `.apk` in `executable-link`), `address` for links
/// whose host or path has one of the listed words in it (`login`, `kirjaudu` in
/// `insecure-login`), and `mail-domain` for e-mail addresses at the listed domains (`gmail.com`,
/// `iki.fi` in `personal-email`). With `scheme`, only links written with that scheme count
/// (`http` for `insecure-login`).
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links" (Data
/// protection and privacy): a short link hides where it goes, an IP logger records everyone who
/// opens it, a program from a link is how malware spreads, and a login page over plain http
/// sends passwords in the clear. A private e-mail address is personal data ("Personal data and
/// privacy") and invites spam and harassment.
///
/// **Instead**: paste the full address, link the software's official page, use the https
/// address, give a work or service address. For an e-mail address the fix hides the mailbox and
/// keeps the domain, so the post still says where to write.
///
/// A listed host written without a scheme or a path ("bit.ly is down") is a name, not a link,
/// and is not flagged; nor are documents (`.pdf`), https logins, work addresses, or hosts that
/// merely start like a listed one (`bitly.example.org`).
pub(crate) struct LinkList {
    part: LinkPart,
    list: Vec<String>,
    scheme: Option<String>,
}

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?-u:\b)[a-zA-Z0-9._%+-]+@([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)(?-u:\b)"));

impl LinkList {
    pub fn build(spec: &Spec) -> Result<Box<dyn Rule>, String> {
        if spec.list.is_empty() {
            return Err("a link-list rule needs its `list`".into());
        }
        if let Some(entry) = spec.list.iter().find(|e| e.is_empty() || e.chars().any(|c| c.is_uppercase() || c.is_whitespace())) {
            return Err(format!("list entry `{entry}` must be written in lower case without spaces"));
        }
        if spec.scheme.is_some() && spec.part == LinkPart::MailDomain {
            return Err("`scheme` is for links; e-mail addresses have none".into());
        }
        Ok(Box::new(LinkList { part: spec.part, list: spec.list.iter().map(|entry| entry.to_string()).collect(), scheme: spec.scheme.clone() }))
    }

    fn listed(&self, value: &str) -> bool {
        self.list.iter().any(|entry| entry == value)
    }
}

impl Rule for LinkList {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        if self.part == LinkPart::MailDomain {
            for caps in ADDRESS.captures_iter(cx.text.raw) {
                if !self.listed(&caps[1].to_ascii_lowercase()) {
                    continue;
                }
                let whole = caps.get(0).expect("group 0 always matches");
                let mailbox = whole.as_str().find('@').unwrap_or(0);
                // Hide the mailbox name, keep the provider: the post still says "e-mail me".
                let mut fix = Fix::mask(&whole.as_str()[..mailbox], 1);
                fix.replacement.push_str(&whole.as_str()[mailbox..]);
                out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![fix]));
            }
            return;
        }
        for link in cx.text.links() {
            if self.scheme.as_ref().is_some_and(|scheme| !link.has_scheme || link.scheme != *scheme) {
                continue;
            }
            let listed = match self.part {
                // A bare host with neither scheme nor path is the service's name, not a link.
                LinkPart::Host => self.listed(link.host()) && (link.has_scheme || link.path.len() > 1),
                LinkPart::Extension => {
                    let file = link.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
                    file.rsplit_once('.').is_some_and(|(_, extension)| self.listed(extension))
                }
                LinkPart::Address => {
                    let address = format!("{}{}", link.host(), link.path).to_lowercase();
                    self.list.iter().any(|word| address.contains(word.as_str()))
                }
                LinkPart::MailDomain => false,
            };
            if listed {
                out.push(Hit::new(link.span, Vec::new()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    const SHORTENED_FLAGGED: &[Flagged] = &[
        ("slides: [[https://bit.ly/3xYzAbC]]", Nothing),
        ("form at [[tinyurl.com/hy-survey]]!", Nothing),
        ("[[http://ow.ly/abc123]]", Nothing),
    ];

    const SHORTENED_NEAR_MISSES: &[&str] = &[
        "bit.ly is blocked on our network",
        "https://doi.org/10.1000/182",
        "https://www.helsinki.fi/en/news",
        "https://bitly.example.org/x",
    ];

    #[test]
    fn shortened_link_table() {
        crate::rules::assert_table("shortened-link", SHORTENED_FLAGGED, SHORTENED_NEAR_MISSES);
    }

    const LOGGER_FLAGGED: &[Flagged] = &[
        ("free pizza: [[https://grabify.link/ABC123]]", Nothing),
        ("[[iplogger.org/2abc]] and [[iplogger.ru/xyz]]", Nothing),
        ("look [[2no.co/1a2b3c]] lol", Nothing),
        ("[[yip.su/abc]]", Nothing),
        ("[[http://blasze.com/Q7L9]] and [[ps3cfw.com/x]]", Nothing),
    ];

    const LOGGER_NEAR_MISSES: &[&str] = &[
        "iplogger.org is one of the services our security course looks at",
        "https://grabifyexample.org/x",
        "https://bit.ly/3xYzAbC",
    ];

    #[test]
    fn ip_logger_table() {
        crate::rules::assert_table("ip-logger", LOGGER_FLAGGED, LOGGER_NEAR_MISSES);
    }

    const EXECUTABLE_FLAGGED: &[Flagged] = &[
        ("screensaver: [[https://drive-share.top/HYlogo.scr]]", Nothing),
        ("installer [[https://example.org/setup.EXE]] here", Nothing),
        ("[[files.example.com/app-release.apk]]", Nothing),
    ];

    const EXECUTABLE_NEAR_MISSES: &[&str] = &[
        "slides https://example.org/talk.pdf",
        "code at https://github.com/org/tool",
        "data https://zenodo.org/records/123/files/data.csv",
        "setup.exe is what the old course used",
    ];

    #[test]
    fn executable_link_table() {
        crate::rules::assert_table("executable-link", EXECUTABLE_FLAGGED, EXECUTABLE_NEAR_MISSES);
    }

    const LOGIN_FLAGGED: &[Flagged] = &[
        ("log in: [[http://portal.example.org/login]]", Nothing),
        ("[[http://kirjaudu.example.fi/]]", Nothing),
        ("[[HTTP://example.org/signin?next=/]]", Nothing),
    ];

    const LOGIN_NEAR_MISSES: &[&str] = &[
        "https://login.helsinki.fi/",
        "http://example.org/blog/post",
        "the login page is down",
        // scheme_written_out: without `http://` the draft does not say the page is unencrypted.
        "portal.example.org/login",
    ];

    #[test]
    fn insecure_login_table() {
        crate::rules::assert_table("insecure-login", LOGIN_FLAGGED, LOGIN_NEAR_MISSES);
    }

    const EMAIL_FLAGGED: &[Flagged] = &[
        ("write to [[niina.rautio1975@gmail.com]] anytime", To("write to •••••••••••••••5@gmail.com anytime")),
        ("[[Lucia.Perez@Hotmail.com]]", To("••••••••••z@Hotmail.com")),
        ("skicka till [[sofia.nyman82@hotmail.com]].", To("skicka till ••••••••••••2@hotmail.com.")),
        ("Laita postia [[matti.virtanen@iki.fi]] kiitos", To("Laita postia •••••••••••••n@iki.fi kiitos")),
        ("ilmoittautumiset [[liisa.k@pp.inet.fi]] tai [[liisa.k@kolumbus.fi]]", To("ilmoittautumiset ••••••k@pp.inet.fi tai ••••••k@kolumbus.fi")),
        ("mejla [[sven.berg@spray.se]] eller [[sven.berg@bredband.net]]", To("mejla ••••••••g@spray.se eller ••••••••g@bredband.net")),
    ];

    const EMAIL_NEAR_MISSES: &[&str] = &[
        "contact me at maija.virtanen@helsinki.fi",
        "helpdesk@helsinki.fi answers",
        "gmail.com is down again",
        "someone@gmail.company.example",
        "iki.fi addresses forward mail for life",
        "press@teliacompany.com",
    ];

    #[test]
    fn personal_email_table() {
        crate::rules::assert_table("personal-email", EMAIL_FLAGGED, EMAIL_NEAR_MISSES);
    }

    #[test]
    fn the_mailbox_is_hidden_and_the_domain_kept() {
        let checker = crate::Checker::new(&crate::Options::default()).unwrap();
        let text = "write to niina.rautio1975@gmail.com anytime";
        let finding = checker.check(text).into_iter().find(|f| f.rule == "personal-email").expect("flagged");
        assert_eq!(finding.fixes[0].apply(text, finding.span), "write to •••••••••••••••5@gmail.com anytime");
    }
}
