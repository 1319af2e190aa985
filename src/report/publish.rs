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
    let mut out = Vec::new();
    for f in how.formats.iter() {
        let bytes = match (f, &doc) {
            (Format::Md, _) => markdown.as_bytes().to_vec(),
            (Format::Docx, Some(d)) => super::docx::render(d, how.styles.as_deref())?,
            (Format::Html, Some(d)) => super::html::render(d).into_bytes(),
            (_, None) => unreachable!("the blocks are read when a form needs them"),
        };
        out.push((f, bytes));
    }
    Ok(out)
}
