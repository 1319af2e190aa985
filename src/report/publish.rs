//! The report in every form the group publishes, from its markdown: what is written
//! into the meeting folder when the report is written.

use std::io;
use std::sync::Arc;

use super::formats::{Format, Formats};
use super::group_styles::GroupStyles;

/// How the report is published: which forms, and the group's Word styles if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publishing {
    pub formats: Formats,
    pub styles: Option<Arc<GroupStyles>>,
}

impl Publishing {
    /// Only `report.md`, as agendum wrote it before the other forms.
    pub fn markdown_only() -> Publishing {
        Publishing {
            formats: Formats::from_names(["md"]).expect("md is a format"),
            styles: None,
        }
    }
}

/// Each form's file name and bytes, in the order md, docx, html. The Word document
/// and the web page are read from the markdown, so they show what it shows.
pub fn publish(markdown: &str, how: &Publishing) -> io::Result<Vec<(Format, Vec<u8>)>> {
    publish_each(markdown, how, |f, bytes| Ok((f, bytes)))
}

/// Each form made and given to `each` as soon as it is made, on the core that made it:
/// a large meeting's report is written at the end of the call, while people wait for
/// it. The markdown goes at once, and the Word document's fixed parts are made,
/// beside its reading into blocks; the page is made beside the Word document. What
/// `each` gave, in the order md, docx, html.
pub fn publish_each<R: Send>(
    markdown: &str,
    how: &Publishing,
    each: impl Fn(Format, Vec<u8>) -> io::Result<R> + Sync,
) -> io::Result<Vec<R>> {
    let wants = |f| how.formats.contains(f);
    let each = &each;
    std::thread::scope(|s| {
        let md =
            wants(Format::Md).then(|| s.spawn(|| each(Format::Md, markdown.as_bytes().to_vec())));
        let parts = wants(Format::Docx).then(|| s.spawn(super::docx::fixed_parts));
        let doc = (wants(Format::Docx) || wants(Format::Html))
            .then(|| super::document::from_markdown(markdown));
        let (mut docx, mut html) = std::thread::scope(|s| {
            let html = doc
                .as_ref()
                .filter(|_| wants(Format::Html))
                .map(|d| s.spawn(move || each(Format::Html, super::html::render(d).into_bytes())));
            let docx = doc.as_ref().zip(parts).map(|(d, parts)| {
                super::docx::render_into(crate::cores::joined(parts), d, how.styles.as_deref())
                    .and_then(|b| each(Format::Docx, b))
            });
            (docx, html.map(|h| joined(h, "web page")))
        });
        // The blocks are thousands of small allocations, milliseconds to free: that is
        // done on another core, while the report is said to be written (with no
        // thread to be had, here).
        if let Some(doc) = doc {
            let _ = std::thread::Builder::new().spawn(move || drop(doc));
        }
        let mut md = md.map(|h| joined(h, "report"));
        let mut out = Vec::new();
        for f in how.formats.iter() {
            let made = match f {
                Format::Md => md.take(),
                Format::Docx => docx.take(),
                Format::Html => html.take(),
            };
            if let Some(made) = made {
                out.push(made?);
            }
        }
        Ok(out)
    })
}

/// What a thread making a form gave; a thread that failed made nothing.
fn joined<R>(h: std::thread::ScopedJoinHandle<'_, io::Result<R>>, what: &str) -> io::Result<R> {
    h.join()
        .unwrap_or_else(|_| Err(io::Error::other(format!("the {what} could not be made"))))
}
