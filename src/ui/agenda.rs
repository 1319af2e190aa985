//! The agenda pane: every item and sub-item with its state and its time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use super::{fit, focused, pane_list, timer_style};
use crate::agenda::letter;
use crate::app::{App, Pane};
use crate::duration::{self, clock};
use crate::meeting::State;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let is_focused = focused(app, Pane::Agenda);
    let inner_width = area.width.saturating_sub(2) as usize;
    let rows: Vec<ListItem> = m
        .points
        .iter()
        .map(|(r, _)| {
            let state = m.state(*r);
            let (mark, style) = match state {
                State::Current if m.current == Some(*r) => ("▶", theme.current),
                State::Current => ("▷", theme.text),
                State::Done => ("✓", theme.done),
                State::Pending => (" ", theme.text),
            };
            let label = match r.sub {
                None => format!("{mark}{:>2}. ", r.item + 1),
                Some(s) => format!("{mark}    {}. ", letter(s)),
            };
            let spent = m.spent(*r, app.clock());
            let timebox = m.timebox(*r);
            let time = match (m.taken_up(*r), timebox) {
                (true, Some(tb)) => format!("{}/{}", clock(spent), duration::format(tb)),
                (true, None) => clock(spent),
                (false, Some(tb)) => duration::format(tb),
                (false, None) => String::new(),
            };
            let time_style = if m.taken_up(*r) {
                timer_style(spent, timebox, theme).patch(style)
            } else {
                theme.muted
            };
            // Notes live in the item's file: sub-items show nothing of their own.
            let (note, note_style) = match r.sub {
                None if !app.shared.conflicts(r.item).is_empty() => ("! ", theme.overrun),
                None if app.shared.edited_elsewhere(r.item, app.clock()) => ("✎ ", theme.accent),
                _ => ("", style),
            };
            let room = inner_width.saturating_sub(
                label.chars().count() + note.chars().count() + time.chars().count() + 1,
            );
            let title = fit(m.agenda.title_of(*r), room);
            let pad = room.saturating_sub(title.chars().count()) + 1;
            ListItem::new(Line::from(vec![
                Span::styled(label, style),
                Span::styled(title, style),
                Span::styled(" ".repeat(pad), style),
                Span::styled(note, note_style),
                Span::styled(time, time_style),
            ]))
        })
        .collect();
    let done = m
        .points
        .iter()
        .filter(|(r, _)| m.state(*r) == State::Done)
        .count();
    let title = format!(" Agenda {done}/{} ", m.points.len());
    pane_list(
        frame,
        area,
        rows,
        title,
        is_focused,
        Some(app.selected),
        theme,
    );
}
