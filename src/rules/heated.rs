use super::{Hit, Rule};
use crate::finding::Finding;
use crate::vocab::Category;

/// Heated: a reply or comment that answers in kind.
///
/// **Catches**: a draft with findings of the categories the pack lists in `after` (for the
/// University of Helsinki: harassment and incivility, from the pack's phrases or the learned
/// layer), once per draft however many there are. The pack scopes it to replies and comments
/// (`contexts = ["reply", "comment"]`), where heated threads happen. Its span is the first such
/// finding, what prompted it; it is advice about the post, shown beside the box.
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
}

impl Heated {
    pub fn build(after: &[Category]) -> Result<Box<dyn Rule>, String> {
        if after.is_empty() {
            return Err("a `heated` rule needs the categories it follows in `after`".into());
        }
        Ok(Box::new(Heated { after: after.to_vec() }))
    }
}

impl Rule for Heated {
    /// It reads the draft's findings, not its words: see `after`.
    fn check(&self, _cx: &super::Context, _out: &mut Vec<Hit>) {}

    fn after(&self, findings: &[Finding]) -> Option<Hit> {
        findings.iter().find(|f| self.after.contains(&f.category)).map(|f| Hit::new(f.span, Vec::new()))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::assert_table_in;
    use crate::vocab::DraftContext;
    use crate::{Checker, Draft, Options};

    const FLAGGED: &[&str] = &[
        "[[That idiot from the physics department deserves to lose his job, and everyone knows it.]]",
        "Thanks for the question. Honestly, [[you're a moron]].",
        "Vilken [[inkompetent idiot]].",
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
        let (text, _) = crate::pack::parse_example(FLAGGED[0]);
        let rules = |context| -> Vec<String> { checker.check_draft(&text, &Draft { context, ..Draft::default() }).into_iter().map(|f| f.rule).collect() };
        assert!(!rules(DraftContext::Post).contains(&"heated-reply".to_string()));
        assert!(rules(DraftContext::Reply).contains(&"heated-reply".to_string()));
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
