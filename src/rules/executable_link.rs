use super::{Context, Hit, Rule};
use crate::finding::Span;
use crate::pack::Terms;

/// Links that download a program.
///
/// **Catches**: links whose path ends in one of the pack's executable file types (`.exe`, `.msi`,
/// `.scr`, `.apk`, …).
///
/// **Why**: "Do not click and, above all, do not share, unfamiliar or suspicious links. They may
/// pose an information security risk" (Data protection and privacy): a program from a social
/// media link is the classic way malware spreads.
///
/// **Instead**: link the software's official page or repository, not the file.
///
/// Documents (`.pdf`, `.docx`), data (`.csv`) and code repositories are not flagged.
pub(crate) struct ExecutableLink {
    extensions: Vec<String>,
}

impl ExecutableLink {
    pub fn build(terms: &Terms) -> Result<Box<dyn Rule>, String> {
        if terms.all.is_empty() {
            return Err("the executable-link check needs file extensions in `terms.all`".into());
        }
        Ok(Box::new(ExecutableLink { extensions: terms.all.clone() }))
    }
}

impl Rule for ExecutableLink {
    fn check(&self, cx: &Context, out: &mut Vec<Hit>) {
        for link in cx.text.links() {
            let file = link.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            let extension = file.rsplit_once('.').map(|(_, ext)| ext);
            if extension.is_some_and(|ext| self.extensions.iter().any(|e| e == ext)) {
                out.push(Hit::new(Span::new(link.span.start, link.span.end), Vec::new()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const FLAGGED: &[&str] = &[
        "screensaver: [[https://drive-share.top/HYlogo.scr]]",
        "installer [[https://example.org/setup.EXE]] here",
        "[[files.example.com/app-release.apk]]",
    ];

    const NEAR_MISSES: &[&str] = &[
        "slides https://example.org/talk.pdf",
        "code at https://github.com/org/tool",
        "data https://zenodo.org/records/123/files/data.csv",
        "setup.exe is what the old course used",
    ];

    #[test]
    fn table() {
        crate::rules::assert_table("executable-link", FLAGGED, NEAR_MISSES);
    }
}
