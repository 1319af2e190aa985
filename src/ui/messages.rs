//! The status line's messages (`m`): the last ones with their times, newest at the
//! bottom, each whole (wrapped), so nothing said in a hurry is lost.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane, shown, wrap};
use crate::app::{App, Level};
use crate::theme::Theme;

/// The rows of the messages, oldest first, `width` columns wide: the time, then the
/// message wrapped under itself.
pub fn rows(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let zone = &app.meeting.agenda.meeting.timezone;
    let mut out = Vec::new();
    for said in &app.messages {
        let time = zone.local(said.at).format("%H:%M:%S").to_string();
        let indent = time.chars().count() + 2;
        let style = match said.level {
            Level::Info => theme.text,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        for (i, row) in wrap(&shown(&said.text), width.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                Span::styled(format!("{time}  "), theme.muted)
            } else {
                Span::raw(" ".repeat(indent))
            };
            out.push(Line::from(vec![lead, Span::styled(row, style)]));
        }
    }
    out
}

/// `scroll`: rows up from the newest.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, app: &App, theme: &Theme) {
    let zone = app.meeting.agenda.meeting.timezone.label();
    let title = format!(
        " Messages {} · times {zone} · ↑↓ scroll · Esc closes ",
        app.messages.len()
    );
    let block = pane(title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut rows = rows(app, inner.width as usize, theme);
    if rows.is_empty() {
        rows.push(Line::styled("no messages yet", theme.muted));
    }
    let height = inner.height as usize;
    let end = rows
        .len()
        .saturating_sub(scroll as usize)
        .max(height.min(rows.len()));
    let start = end.saturating_sub(height);
    let shown: Vec<Line> = rows[start..end].to_vec();
    frame.render_widget(Paragraph::new(shown), inner);
}
