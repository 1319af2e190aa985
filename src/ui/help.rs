//! The help overlay (`?`): every key of every mode and every command, from the same
//! tables the keys and the command line are read with, in two columns that never
//! touch: the keys (or the command), and what they do, wrapped in its own column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::overlay::centred;
use super::{pane, wrap};
use crate::app::keymap::{self, Mode};
use crate::command::COMMANDS;
use crate::theme::Theme;

/// Columns between the keys and what they do.
const GAP: usize = 2;
/// The left column takes at most this share of the width (in halves): a longer entry
/// has a row of its own, and what it does follows below.
const LEFT_SHARE: usize = 2;

/// Where the right column starts for these rows: after the widest left entry that
/// fits in its share of the width.
fn column_for<'a>(lefts: impl Iterator<Item = &'a str>, width: usize) -> usize {
    let left = lefts
        .map(UnicodeWidthStr::width)
        .filter(|&w| 2 + w + GAP <= width / LEFT_SHARE)
        .max()
        .unwrap_or(0);
    2 + left + GAP
}

/// One section's rows, what they do starting at `column`.
fn section(
    out: &mut Vec<Line<'static>>,
    rows: &[(String, String)],
    column: usize,
    width: usize,
    key_style: Style,
    text_style: Style,
) {
    for (keys, help) in rows {
        let text = wrap(help, width.saturating_sub(column).max(8));
        let mut first = Some(keys);
        if 2 + keys.width() + GAP > column {
            // Too long for the column: on its own row.
            out.push(Line::styled(format!("  {keys}"), key_style));
            first = None;
        }
        for row in text {
            let lead = match first.take() {
                Some(k) => format!("  {k}{}", " ".repeat(column - 2 - k.width())),
                None => " ".repeat(column),
            };
            out.push(Line::from(vec![
                Span::styled(lead, key_style),
                Span::styled(row, text_style),
            ]));
        }
    }
}

/// The overlay's lines for a width, for drawing and for tests.
pub fn lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let sections = [
        (Mode::Normal, "Keys"),
        (Mode::Queue, "Queue pane (Tab to it): its selected entry"),
        (Mode::Speaking, "Speaking times (s)"),
        (Mode::Notes, "Editing notes (i)"),
        (Mode::Picker, "Queueing a speaker (h)"),
        (Mode::Attendance, "Attendance (r)"),
        (Mode::Preview, "Report preview (w)"),
        (Mode::Messages, "Messages (m)"),
    ];
    let keys: Vec<Vec<(String, String)>> = sections
        .iter()
        .map(|(mode, _)| {
            keymap::help_rows_in(*mode)
                .into_iter()
                .map(|(k, h)| (k, h.to_string()))
                .collect()
        })
        .collect();
    // One column for every key, another for the commands.
    let column = column_for(keys.iter().flatten().map(|(k, _)| k.as_str()), width);
    for ((_, heading), rows) in sections.iter().zip(&keys) {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(*heading, theme.accent));
        section(&mut out, rows, column, width, theme.focus, theme.text);
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Commands (:)", theme.accent));
    let rows: Vec<(String, String)> = COMMANDS
        .iter()
        .map(|(u, h)| (u.to_string(), h.to_string()))
        .collect();
    let column = column_for(rows.iter().map(|(u, _)| u.as_str()), width);
    section(&mut out, &rows, column, width, theme.focus, theme.text);
    out
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let rect = centred(area, 96, area.height.saturating_sub(2));
    let lines = lines(theme, rect.width.saturating_sub(2) as usize);
    let visible = rect.height.saturating_sub(2);
    let scroll = scroll.min((lines.len() as u16).saturating_sub(visible));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(pane(
            " Help · ↑↓ scroll · Esc closes ",
            true,
            theme,
        )),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each line.
    fn texts(width: usize) -> Vec<String> {
        lines(&Theme::default_theme(), width)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn keys_and_commands_never_run_into_what_they_do() {
        for width in [58, 78, 94] {
            let texts = texts(width);
            for t in &texts {
                assert!(t.width() <= width, "{width}: {t:?} is too wide");
            }
            // Every command's usage ends two spaces or more before its description,
            // or has a row of its own.
            for (usage, help) in COMMANDS {
                let at = texts
                    .iter()
                    .position(|t| t.trim_start().starts_with(usage))
                    .unwrap_or_else(|| panic!("{usage} is not listed"));
                let rest = &texts[at][texts[at].find(usage).unwrap() + usage.len()..];
                let first_word = help.split(' ').next().unwrap();
                if rest.trim().is_empty() {
                    assert!(texts[at + 1].contains(first_word), "{width}: {usage}");
                } else {
                    assert!(rest.starts_with("  "), "{width}: {:?}", texts[at]);
                }
            }
            assert!(
                !texts.iter().any(|t| t.contains("[TOPIC]NAME")),
                "{texts:#?}"
            );
        }
    }
}
