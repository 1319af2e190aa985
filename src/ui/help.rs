//! The help overlay (`?`): every key of every mode and every command, from the same
//! tables the keys and the command line are read with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::overlay::centred;
use super::pane;
use crate::app::keymap::{self, Mode};
use crate::command::COMMANDS;
use crate::theme::Theme;

/// The overlay's lines, for drawing and for tests.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let sections = [
        (Mode::Normal, "Keys"),
        (Mode::Notes, "Editing notes (i)"),
        (Mode::Picker, "Queueing a speaker (h)"),
        (Mode::Attendance, "Attendance (r)"),
        (Mode::Preview, "Report preview (w)"),
    ];
    for (mode, heading) in sections {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading, theme.accent));
        for (keys, help) in keymap::help_rows_in(mode) {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.focus),
                Span::styled(help, theme.text),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Commands (:)", theme.accent));
    for (usage, help) in COMMANDS {
        out.push(Line::from(vec![
            Span::styled(format!("  {usage:<38}"), theme.focus),
            Span::styled(*help, theme.text),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let rect = centred(area, 96, area.height.saturating_sub(2));
    let lines = lines(theme);
    let visible = rect.height.saturating_sub(2);
    let scroll = scroll.min((lines.len() as u16).saturating_sub(visible));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(pane(" Help · ↑↓ scroll · Esc closes ", true, theme)),
        rect,
    );
}
