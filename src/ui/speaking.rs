//! The speaking-time view (`s`): each speaker's turns and time on the current item and
//! in the whole meeting, most time first; points of order are not speaking time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::overlay::centred;
use super::{fit, pane};
use crate::app::App;
use crate::duration::clock;
use crate::theme::Theme;

/// The view's rows, `width` columns wide: a heading, then a row per speaker.
pub fn rows(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let m = &app.meeting;
    let table = m.speaking_table(app.clock());
    let mut out = Vec::new();
    let item = match m.current {
        Some(c) => format!("item {}", c.label()),
        None => "no item".to_string(),
    };
    // "  3 × 12:05" twice: turns and time, item then meeting.
    let numbers = 2 * 12;
    let name_width = width.saturating_sub(numbers + 1).max(8);
    out.push(Line::styled(
        format!(
            "{:<name_width$} {:>11} {:>11}",
            "speaker",
            fit(&item, 11),
            "meeting"
        ),
        theme.accent,
    ));
    if table.is_empty() {
        out.push(Line::styled("nobody has spoken yet", theme.muted));
        return out;
    }
    let cell = |turns: usize, time: chrono::TimeDelta| {
        if turns == 0 {
            "—".to_string()
        } else {
            format!("{turns} × {}", clock(time))
        }
    };
    for s in table {
        out.push(Line::from(vec![
            Span::styled(
                format!("{:<name_width$}", fit(&s.who, name_width)),
                theme.text,
            ),
            Span::styled(
                format!(" {:>11}", cell(s.item_turns, s.item_time)),
                theme.text,
            ),
            Span::styled(format!(" {:>11}", cell(s.turns, s.time)), theme.muted),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, app: &App, theme: &Theme) {
    let rect = centred(area, 72, area.height.saturating_sub(4));
    let block = pane(
        " Speaking times · points of order not counted · Esc closes ",
        true,
        theme,
    );
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let rows = rows(app, inner.width as usize, theme);
    let visible = inner.height.saturating_sub(1) as usize;
    let skip = (scroll as usize).min(rows.len().saturating_sub(1 + visible));
    let mut shown = vec![rows[0].clone()];
    shown.extend(rows.into_iter().skip(1 + skip));
    frame.render_widget(Paragraph::new(shown), inner);
}
