use super::{Context, Hit, Rule};
use crate::finding::Span;

/// Missing alt text: an attached image nobody described.
///
/// **Catches**: a draft whose compose box holds an attached image without alt text, on a site
/// that lets the writer add one (X and LinkedIn; the content script counts them from the site's
/// attachment preview, reading only whether the alt text is there, never the image). Once per
/// draft, as advice about the post.
///
/// **Why**: the University communicates accessibly (Accessible communication): a screen-reader
/// user hears nothing of an image without alt text.
///
/// **Instead**: describe the image with the site's own alt-text control (X: *Add description*,
/// LinkedIn: *Alt text*) in a sentence or two: who or what is in it, and why it is there.
pub(crate) struct MissingAltText;

impl Rule for MissingAltText {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        if cx.draft.missing_alt > 0 {
            // Nothing in the text prompted it: the span is empty, at the start.
            out.push(Hit::new(Span { start: 0, end: 0 }, Vec::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Draft, Options};

    #[test]
    fn table() {
        let checker = Checker::new(&Options::default()).unwrap();
        let undescribed = Draft { attachments: 1, missing_alt: 1, ..Draft::default() };
        let cases = [
            (undescribed.clone(), "Our new lab opened today!", true),
            (undescribed, "", true),
            (Draft { attachments: 3, missing_alt: 1, ..Draft::default() }, "Three photos, one not described yet", true),
            // described_image: every attached image has its alt text.
            (Draft { attachments: 2, missing_alt: 0, ..Draft::default() }, "Our new lab opened today!", false),
            // no_attachment: words about a picture are not a picture.
            (Draft::default(), "Picture this: our new lab, opened today!", false),
        ];
        for (draft, text, flagged) in cases {
            let found: Vec<_> = checker.check_draft(text, &draft).into_iter().filter(|f| f.rule == "missing-alt-text").collect();
            assert_eq!(found.len(), usize::from(flagged), "{text:?} with {draft:?}: {found:#?}");
        }
    }
}
