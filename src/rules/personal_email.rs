use super::{pattern, Context, Hit, Rule};
use crate::finding::{Fix, Span};
use crate::pack::Terms;
use regex::Regex;
use std::sync::LazyLock;

/// Personal e-mail addresses.
///
/// **Catches**: addresses at consumer mail providers the pack lists (`gmail.com`, `hotmail.com`,
/// `outlook.com`, …), personal forwarding addresses (`iki.fi`) and the old operators' mailboxes
/// (`kolumbus.fi`, `pp.inet.fi`, `luukku.com`, `telia.com`, `spray.se`, …): someone's private
/// mailbox rather than a work or service address.
///
/// **Why**: private contact details are personal data ("Personal data and privacy"), and posting
/// them invites spam, phishing and harassment.
///
/// **Instead**: use a work address (firstname.lastname@helsinki.fi for yourself, a service
/// address such as helpdesk@helsinki.fi) or a direct message.
///
/// Work and service addresses are not flagged.
pub(crate) struct PersonalEmail {
    providers: Vec<String>,
}

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?-u:\b)[a-zA-Z0-9._%+-]+@([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)(?-u:\b)"));

impl PersonalEmail {
    pub fn build(terms: &Terms) -> Result<Box<dyn Rule>, String> {
        if terms.all.is_empty() {
            return Err("the personal-email check needs the mail providers' domains in `terms.all`".into());
        }
        Ok(Box::new(PersonalEmail { providers: terms.all.clone() }))
    }
}

impl Rule for PersonalEmail {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for caps in ADDRESS.captures_iter(cx.text.raw) {
            let domain = caps[1].to_ascii_lowercase();
            if self.providers.iter().any(|p| *p == domain) {
                let whole = caps.get(0).expect("group 0 always matches");
                let local_len = whole.as_str().find('@').unwrap_or(0);
                // Hide the mailbox name, keep the provider: the post still says "e-mail me".
                let mut fix = Fix::mask(&whole.as_str()[..local_len], 1);
                fix.replacement.push_str(&whole.as_str()[local_len..]);
                out.push(Hit::new(Span::new(whole.start(), whole.end()), vec![fix]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "write to [[niina.rautio1975@gmail.com]] anytime",
        "[[Lucia.Perez@Hotmail.com]]",
        "skicka till [[sofia.nyman82@hotmail.com]].",
        "Laita postia [[matti.virtanen@iki.fi]] kiitos",
        "ilmoittautumiset [[liisa.k@pp.inet.fi]] tai [[liisa.k@kolumbus.fi]]",
        "mejla [[sven.berg@spray.se]] eller [[sven.berg@bredband.net]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "contact me at maija.virtanen@helsinki.fi",
        "helpdesk@helsinki.fi answers",
        "gmail.com is down again",
        "someone@gmail.company.example",
        "iki.fi addresses forward mail for life",
        "press@teliacompany.com",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("personal-email", FLAGGED, NEAR_MISSES);
    }
}
