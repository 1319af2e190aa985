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
    // Only the rows the pane shows are made: the list scrolls no further than the
    // selection needs, so they are the pane's height ending at the selection at most.
    // A long agenda costs the redraw each second no more than a short one.
    let shown = usize::from(area.height.saturating_sub(2)).max(1);
    let first = app
        .selected
        .saturating_sub(shown - 1)
        .min(m.points.len().saturating_sub(1));
    let rows: Vec<ListItem> = m.points[first.min(m.points.len())..]
        .iter()
        .take(shown)
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
        app.selected.checked_sub(first),
        theme,
    );
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{List, ListItem, ListState};

    use super::*;
    use crate::meeting::Meeting;

    /// The item numbers on each row of the agenda pane, as drawn.
    fn numbers(buffer: &ratatui::buffer::Buffer, area: Rect) -> Vec<String> {
        (area.top() + 1..area.bottom() - 1)
            .map(|y| {
                let row: String = (area.left() + 1..area.right() - 1)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                row.split('.')
                    .next()
                    .unwrap_or("")
                    .trim_matches([' ', '▶', '✓'])
                    .to_string()
            })
            .collect()
    }

    /// Making only the rows shown scrolls the list as ratatui scrolls the whole one:
    /// the same items on the same rows, wherever the selection is.
    #[test]
    fn a_long_agenda_shows_the_rows_the_whole_list_would() {
        let mut toml = String::from(
            "[meeting]\ngroup = \"G\"\nnumber = 1\ndate = 2026-11-26\nstart = \"14:00\"\n\
             duration = \"3h\"\n\n",
        );
        for i in 0..60 {
            toml.push_str(&format!("[[items]]\ntitle = \"Item {i}\"\n\n"));
        }
        let agenda = crate::agenda::parse_str("long.toml", &toml).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let mut app = App::new(Meeting::new(agenda), t0);
        let theme = Theme::default_theme();
        let area = Rect::new(0, 0, 40, 20);
        for selected in [0, 5, 17, 18, 19, 30, 59] {
            app.selected = selected;
            let mut ours = Terminal::new(TestBackend::new(40, 20)).unwrap();
            ours.draw(|f| draw(f, area, &app, &theme)).unwrap();
            let mut whole = Terminal::new(TestBackend::new(40, 20)).unwrap();
            whole
                .draw(|f| {
                    let rows: Vec<ListItem> = app
                        .meeting
                        .points
                        .iter()
                        .map(|(r, _)| ListItem::new(format!(" {:>2}. x", r.item + 1)))
                        .collect();
                    let mut state = ListState::default().with_selected(Some(selected));
                    let list = List::new(rows).block(ratatui::widgets::Block::bordered());
                    f.render_stateful_widget(list, area, &mut state);
                })
                .unwrap();
            assert_eq!(
                numbers(ours.backend().buffer(), area),
                numbers(whole.backend().buffer(), area),
                "selection {selected}"
            );
        }
    }
}
