//! The bottom lines: the status message (or the command line being typed) and the
//! hints of the mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::shown;
use crate::app::{App, Level, Mode, keymap};
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, status: Rect, hints: Rect, app: &App, theme: &Theme) {
    if let Some(s) = &app.status {
        let style = match s.level {
            Level::Info => theme.text,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        // Messages name files and people found in the meeting folder and the journal.
        frame.render_widget(Paragraph::new(Span::styled(shown(&s.text), style)), status);
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
    let text = match app.mode.keymap() {
        Some(mode) => keymap::hint_line_in(mode, width),
        None => String::new(),
    };
    frame.render_widget(Paragraph::new(Line::styled(text, theme.muted)), hints);
}
