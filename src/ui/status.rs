//! The bottom lines: the status message (or the command line being typed) and the
//! hints of the mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{shown, wrap};
use crate::app::{App, Level, Mode, keymap};
use crate::theme::Theme;

/// The most rows a message takes; past them `MORE` ends the last one.
const ROWS: usize = 2;
/// How a message longer than its rows ends: where the whole of it is.
const MORE: &str = "… (m: all messages)";

/// The status message as it is shown `width` columns wide: one row, or two for a
/// long one (wrapped at words). A message longer still ends in `MORE`, and `m` lists
/// it whole. No message: no row.
pub fn rows(app: &App, width: u16) -> Vec<String> {
    let Some(s) = &app.status else {
        return Vec::new();
    };
    let width = width as usize;
    // Messages name files and people found in the meeting folder and the journal.
    let mut rows = wrap(&shown(&s.text), width);
    if rows.len() > ROWS {
        rows.truncate(ROWS);
        let last = &mut rows[ROWS - 1];
        while !last.is_empty() && last.width() + MORE.width() > width {
            last.pop();
        }
        last.push_str(MORE);
    }
    rows
}

pub fn draw(frame: &mut Frame, status: Rect, hints: Rect, app: &App, theme: &Theme) {
    if let Some(s) = &app.status {
        let style = match s.level {
            Level::Info => theme.text,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        let lines: Vec<Line> = rows(app, status.width)
            .into_iter()
            .map(|r| Line::from(Span::styled(r, style)))
            .collect();
        frame.render_widget(Paragraph::new(lines), status);
    }
    if let Mode::Command(line) = &app.mode {
        let text = format!(":{}", line.text());
        frame.render_widget(Paragraph::new(Span::styled(text, theme.text)), hints);
        let x = hints.x + 1 + line.cursor() as u16;
        frame.set_cursor_position(Position::new(
            x.min(hints.right().saturating_sub(1)),
            hints.y,
        ));
        return;
    }
    let width = hints.width as usize;
    let text = match app.keymap() {
        Some(mode) => keymap::hint_line_in(mode, width),
        None => String::new(),
    };
    frame.render_widget(Paragraph::new(Line::styled(text, theme.muted)), hints);
}
