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
    let needs_blocks = how.formats.contains(Format::Docx) || how.formats.contains(Format::Html);
    let doc = needs_blocks.then(|| super::document::from_markdown(markdown));
    // The page is written beside the Word document, on another core where there is
    // one: a large meeting's report is written at the end of the call, while people
    // wait for it.
    let (docx, html) = std::thread::scope(|s| {
        let html = s.spawn(|| {
            doc.as_ref()
                .filter(|_| how.formats.contains(Format::Html))
                .map(super::html::render)
        });
        let docx = doc
            .as_ref()
            .filter(|_| how.formats.contains(Format::Docx))
            .map(|d| super::docx::render(d, how.styles.as_deref()))
            .transpose();
        (docx, html.join())
    });
    let mut docx = docx?;
    let mut html = html.map_err(|_| io::Error::other("the web page could not be made"))?;
    let mut out = Vec::new();
    for f in how.formats.iter() {
        let bytes = match f {
            Format::Md => Some(markdown.as_bytes().to_vec()),
            Format::Docx => docx.take(),
            Format::Html => html.take().map(String::into_bytes),
        };
        out.extend(bytes.map(|b| (f, b)));
    }
    Ok(out)
}
