//! The meeting's summary report: a pure function of the meeting and a template.
//!
//! `data` words and escapes everything in the house style; a template (built in, or
//! the user's own) only arranges it, so user templates get the same, safe data.
//!
//! Whatever the meeting holds (an agenda changed after loading, names from a journal,
//! a template of the user's own), the report carries no terminal escape sequence and
//! no control character but line breaks and tabs: the rendered text is neutralised
//! once, on its way out, in `tidy`.

pub mod data;
pub mod document;
pub mod docx;
pub mod formats;
pub mod group_styles;
pub mod html;
pub mod markdown;
mod notices;
pub mod placeholders;
pub mod publish;
pub mod words;

use minijinja::{Environment, UndefinedBehavior};

pub use formats::{Format, Formats};
pub use notices::notices;
pub use publish::{Publishing, publish, publish_each};

use crate::agenda::Style;
use crate::meeting::Meeting;

const SUMMARY: &str = include_str!("templates/summary.md");
const ACTIONS: &str = include_str!("templates/actions.md");

/// A report template that could not be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub line: Option<usize>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// Renders the report with the built-in template of the agenda's style.
pub fn render(meeting: &Meeting) -> String {
    let template = match meeting.agenda.meeting.style {
        Style::Summary => SUMMARY,
        Style::Actions => ACTIONS,
    };
    render_with(meeting, template).expect("the built-in templates render any meeting")
}

/// Renders the report with a template of the user's own (same data as the built-in).
pub fn render_with(meeting: &Meeting, template: &str) -> Result<String, TemplateError> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The message may quote the template, and it is printed to a terminal.
    let err = |e: minijinja::Error| TemplateError {
        message: markdown::neutralise(
            &e.detail()
                .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind())),
        )
        .into_owned(),
        line: e.line(),
    };
    env.add_template("report", template).map_err(err)?;
    let data = data::build(meeting);
    let out = env
        .get_template("report")
        .map_err(err)?
        .render(&data)
        .map_err(err)?;
    Ok(tidy(&out))
}

/// A line without trailing blanks, except that two or more trailing spaces after
/// text (a CommonMark hard line break) stay as two.
pub(crate) fn keep_hard_break(line: &str) -> &str {
    let text = line.trim_end_matches([' ', '\t', '\r']);
    if !text.trim().is_empty() && line[text.len()..].starts_with("  ") {
        &line[..text.len() + 2]
    } else {
        text
    }
}

/// At most one blank line in a row and a single final newline, whatever the template's
/// whitespace, since blank-line runs mean nothing in CommonMark but look careless.
/// Escape sequences and control characters (but tab and line feed) are dropped: the
/// one place that holds for every field and every template. Text is almost always
/// clean, and then this costs a byte scan and no copy.
fn tidy(text: &str) -> String {
    let text = markdown::neutralise(text);
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    let mut in_fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if line.trim().is_empty() && !in_fence {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(keep_hard_break(line));
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod style_tests;

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

    use super::*;

    /// The headings of a rendered report, the number of its block quotes, and the
    /// text of its paragraphs.
    fn blocks(md: &str) -> (Vec<(HeadingLevel, String)>, usize, Vec<String>) {
        let (mut headings, mut quotes, mut paragraphs) = (Vec::new(), 0, Vec::new());
        let mut text = String::new();
        for e in Parser::new(md) {
            match e {
                Event::Start(Tag::Heading { .. } | Tag::Paragraph) => text.clear(),
                Event::End(TagEnd::Heading(level)) => headings.push((level, text.clone())),
                Event::End(TagEnd::Paragraph) => paragraphs.push(text.clone()),
                Event::Start(Tag::BlockQuote(_)) => quotes += 1,
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                _ => {}
            }
        }
        (headings, quotes, paragraphs)
    }

    #[test]
    fn a_conflict_left_in_the_notes_shows_in_either_style_as_written() {
        let conflict = "Before.\n\
                        <<<<<<< typed in agendum by ann@host\n\
                        Draft 3 goes to review.\n\
                        =======\n\
                        Draft 4 goes to review.\n\
                        >>>>>>> saved in notes/01-a.md elsewhere\n";
        for style in ["summary", "actions"] {
            let agenda = crate::agenda::parse_str(
                "a.toml",
                &format!(
                    "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
                     style = \"{style}\"\n[[items]]\ntitle = \"A\"\n"
                ),
            )
            .unwrap();
            let mut m = Meeting::new(agenda);
            m.notes[0] = conflict.into();
            m.unmatched_notes
                .push(("notes/07-gone.md".into(), conflict.replace("3", "5")));
            let md = render(&m);
            let (headings, quotes, paragraphs) = blocks(&md);
            assert_eq!(quotes, 0, "{md}");
            for (_, h) in &headings {
                assert!(
                    !h.contains("review") && !h.contains("<<<"),
                    "{h:?} in\n{md}"
                );
            }
            for marker in [
                "<<<<<<< typed in agendum by ann@host",
                "=======",
                ">>>>>>> saved in notes/01-a.md elsewhere",
            ] {
                let n = paragraphs.iter().filter(|p| *p == marker).count();
                assert_eq!(n, 2, "{style}: {marker:?} in\n{md}");
            }
            for text in ["Draft 3 goes to review.", "Draft 5 goes to review."] {
                assert!(paragraphs.iter().any(|p| p == text), "{style}: {md}");
            }
        }
    }
}
