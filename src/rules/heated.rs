use super::{FollowUp, Hit, Rule};
use crate::vocab::Category;

/// Heated: a reply or comment that answers in kind.
///
/// **Catches**: a draft with findings of the categories the pack lists in `after` (for the
/// University of Helsinki: harassment and incivility, from the pack's phrases or the learned
/// layer), once per draft however many there are. With `answered = true`, also a reply or comment,
/// however calm, to a post or comment that has such findings: a thread where someone was
/// attacked. The pack scopes it to replies and comments (`contexts = ["reply", "comment"]`),
/// where heated threads happen. Its span is the first finding of the draft that prompted it, or
/// the whole draft when the words answered did; it is advice about the post, shown beside the box.
///
/// **Why**: "Do not respond to attacks with attacks" (Respectful tone and harassment): a reply
/// written in anger escalates, and the person need not win every discussion. When it is
/// harassment that is being answered, the guidelines say what to do instead.
///
/// **Instead**: step back; answer the argument calmly or not at all. If you are being harassed,
/// block the person, keep a screenshot as evidence, and ask for help (the communications team,
/// the harassment contact person, occupational safety): the popup's *Guidelines* part says how.
pub(crate) struct Heated {
    after: Vec<Category>,
    answered: bool,
}

impl Heated {
    pub fn build(after: &[Category], answered: bool) -> Result<Box<dyn Rule>, String> {
        if after.is_empty() {
            return Err("a `heated` rule needs the categories it follows in `after`".into());
        }
        Ok(Box::new(Heated { after: after.to_vec(), answered }))
    }
}

impl Rule for Heated {
    /// It reads the draft's findings, not its words: see `after`.
    fn check(&self, _cx: &super::Context, _out: &mut Vec<Hit>) {}

    fn after(&self, follow_up: &FollowUp) -> Option<Hit> {
        if let Some(heated) = follow_up.findings.iter().find(|f| self.after.contains(&f.category)) {
            return Some(Hit::new(heated.span, Vec::new()));
        }
        let attacked = self.answered && follow_up.answered.iter().any(|f| self.after.contains(&f.category));
        (attacked && !follow_up.draft.is_empty()).then(|| Hit::new(follow_up.draft, Vec::new()))
    }

    fn reads_answered(&self) -> bool {
        self.answered
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Fixed::*, Flagged};
    use crate::rules::assert_table_in;
    use crate::vocab::DraftContext;
    use crate::{Checker, Draft, Options};

    const FLAGGED: &[Flagged] = &[
        ("[[That idiot from the physics department deserves to lose his job, and everyone knows it.]]", Nothing),
        ("Thanks for the question. Honestly, [[you're a moron]].", Nothing),
        ("Vilken [[inkompetent idiot]].", Nothing),
    ];

    const NEAR_MISSES: &[&str] = &[
        "Thanks for the question! The data are open, here is the link: https://doi.org/10.1000/182",
        "I disagree with your reading of the results, but I see why you think so.",
        // heated_reply_needs_a_finding: strong feelings about a subject are not an attack.
        "This decision is a disaster for Finnish science funding, and I will say so at the hearing.",
    ];

    #[test]
    fn table() {
        for context in [DraftContext::Reply, DraftContext::Comment] {
            assert_table_in(&Draft { context, ..Draft::default() }, "heated-reply", FLAGGED, NEAR_MISSES);
        }
    }

    #[test]
    fn a_new_post_does_not_get_it() {
        let checker = Checker::new(&Options::default()).unwrap();
        let (text, _) = crate::pack::parse_example(FLAGGED[0].0);
        let rules = |context| -> Vec<String> { checker.check_draft(&text, &Draft { context, ..Draft::default() }).into_iter().map(|f| f.rule).collect() };
        assert!(!rules(DraftContext::Post).contains(&"heated-reply".to_string()));
        assert!(rules(DraftContext::Reply).contains(&"heated-reply".to_string()));
    }

    /// heated_reply_reads_the_words_answered: a calm reply in a thread where someone was attacked
    /// gets the advice too; the same reply to a calm post, or as a new post, does not.
    #[test]
    fn a_calm_reply_to_an_attack_gets_it_too() {
        let checker = Checker::new(&Options::default()).unwrap();
        let reply = "Thanks, I will share the data and the code next week.";
        let heated = |context, replied_to: &str| -> usize {
            let draft = Draft { context, replied_to: Some(replied_to.to_string()), ..Draft::default() };
            checker.check_draft(reply, &draft).iter().filter(|f| f.rule == "heated-reply").count()
        };
        for attack in ["You're a moron and a fraud, everyone knows your results are fake.", "Olet säälittävä idiootti.", "Vilken inkompetent idiot du är."] {
            assert_eq!(heated(DraftContext::Reply, attack), 1, "{attack}");
            assert_eq!(heated(DraftContext::Comment, attack), 1, "{attack}");
            assert_eq!(heated(DraftContext::Post, attack), 0, "{attack}: a new post answers nothing");
        }
        assert_eq!(heated(DraftContext::Reply, "Great talk today, could you share the slides?"), 0);
        let found = checker.check_draft(reply, &Draft { context: DraftContext::Reply, replied_to: Some("You're a moron.".into()), ..Draft::default() });
        let advice = found.iter().find(|f| f.rule == "heated-reply").unwrap();
        assert_eq!((advice.span.start, advice.span.end), (0, reply.len()), "the whole draft, nothing in it underlined");
        assert!(found.iter().all(|f| f.rule == "heated-reply"), "the words answered are not the draft's findings: {found:#?}");
        let empty = Draft { context: DraftContext::Reply, replied_to: Some("You're a moron.".into()), ..Draft::default() };
        assert!(checker.check_draft("  ", &empty).is_empty(), "nothing written yet, nothing said");
    }

    #[test]
    fn it_is_said_once_per_draft() {
        let checker = Checker::new(&Options::default()).unwrap();
        let text = "Honestly, you're a moron. That idiot from the physics department deserves to lose his job.";
        let found = checker.check_draft(text, &Draft { context: DraftContext::Comment, ..Draft::default() });
        assert!(found.iter().filter(|f| f.category == crate::Category::Harassment || f.category == crate::Category::Incivility).count() >= 2, "{found:#?}");
        assert_eq!(found.iter().filter(|f| f.rule == "heated-reply").count(), 1);
    }
}
