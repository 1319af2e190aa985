//! The agenda pane: every item and sub-item with its state and its time.

use std::borrow::Cow;
use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::{fit, focused, pane, shown, timer_style};
use crate::agenda::letter;
use crate::app::{App, Pane};
use crate::duration::{self, clock};
use crate::meeting::State;
use crate::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let is_focused = focused(app, Pane::Agenda);
    let inner_width = area.width.saturating_sub(2) as usize;
    // Only the rows the pane shows are made: the list scrolls no further than the
    // selection needs, so they are the pane's height ending at the selection at most.
    // A long agenda costs the redraw each second no more than a short one.
    let shown_rows = usize::from(area.height.saturating_sub(2)).max(1);
    let first = app
        .selected
        .saturating_sub(shown_rows - 1)
        .min(m.points.len().saturating_sub(1));
    let done = m.done_count();
    let block = pane(
        format!(" Agenda {done}/{} ", m.points.len()),
        is_focused,
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    // The rows are written straight into the buffer, as a ratatui `List` of one-line
    // items would write them, but without a list, lines and spans made for every row
    // each second: this pane is redrawn with the clocks, and was the most of it.
    let (mut label, mut time, mut pad) = (String::new(), String::new(), String::new());
    let rows = m.points[first.min(m.points.len())..]
        .iter()
        .take(shown_rows);
    let mut drawn = 0;
    for ((r, _), y) in rows.zip(inner.top()..inner.bottom()) {
        drawn += 1;
        let state = m.state(*r);
        let (mark, style) = match state {
            State::Current if m.current == Some(*r) => ("▶", theme.current),
            State::Current => ("▷", theme.text),
            State::Done => ("✓", theme.done),
            State::Pending => (" ", theme.text),
        };
        label.clear();
        let _ = match r.sub {
            None => write!(label, "{mark}{:>2}. ", r.item + 1),
            Some(s) => write!(label, "{mark}    {}. ", letter(s)),
        };
        let spent = m.spent(*r, app.clock());
        let timebox = m.timebox(*r);
        let taken_up = m.taken_up(*r);
        time.clear();
        let _ = match (taken_up, timebox) {
            (true, Some(tb)) => write!(time, "{}/{}", clock(spent), duration::format(tb)),
            (true, None) => write!(time, "{}", clock(spent)),
            (false, Some(tb)) => write!(time, "{}", duration::format(tb)),
            (false, None) => Ok(()),
        };
        let time_style = if taken_up {
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
        let title = fitted(m.agenda.title_of(*r), room);
        pad.clear();
        pad.extend(std::iter::repeat_n(
            ' ',
            room.saturating_sub(title.chars().count()) + 1,
        ));
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        put_line(
            buf,
            row,
            &[
                (&label, style),
                (&title, style),
                (&pad, style),
                (note, note_style),
                (&time, time_style),
            ],
        );
    }
    // The selection shows only while the pane has the focus; past the last row, the
    // last row is selected (as a list selects it).
    if is_focused
        && drawn > 0
        && let Some(selected) = app.selected.checked_sub(first)
    {
        let row = Rect {
            y: inner.y + selected.min(drawn - 1) as u16,
            height: 1,
            ..inner
        };
        buf.set_style(row, theme.selection);
    }
}

/// `fit`, lending the text when it fits already (as every title of most agendas does).
fn fitted(text: &str, width: usize) -> Cow<'_, str> {
    let text = shown(text);
    if text.chars().count() <= width {
        text
    } else {
        Cow::Owned(fit(&text, width))
    }
}

/// A line of styled pieces written into one row of the buffer, exactly as a ratatui
/// `Line` of these spans renders there (each piece after the one before, cut at the
/// row's end), with printable ASCII written a character a cell, no grapheme to find.
fn put_line(buf: &mut Buffer, row: Rect, pieces: &[(&str, Style)]) {
    let row = row.intersection(buf.area);
    let mut x = row.x;
    for &(text, style) in pieces {
        if x >= row.right() {
            break;
        }
        let rest = Rect {
            x,
            width: row.right() - x,
            ..row
        };
        let style = Style::default().patch(style);
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            for (cx, c) in (rest.x..rest.right()).zip(text.chars()) {
                buf[(cx, row.y)].set_char(c).set_style(style);
            }
            x = x.saturating_add(u16::try_from(text.len()).unwrap_or(u16::MAX));
        } else {
            let span = Span::styled(text, style);
            let width = span.width();
            // A line passes over pieces of no width (a lone combining mark).
            if width == 0 {
                continue;
            }
            (&span).render(rest, buf);
            x = x.saturating_add(u16::try_from(width).unwrap_or(u16::MAX));
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{List, ListItem, ListState};

    use super::*;
    use crate::app::{Input, Key};
    use crate::meeting::Meeting;
    use ratatui::text::Line;

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
            ours.draw(|f| draw(f.buffer_mut(), area, &app, &theme))
                .unwrap();
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

    /// The pane as it was drawn before its rows went straight into the buffer: a
    /// ratatui `List` of lines of spans. `draw` must draw exactly this.
    fn draw_as_a_list(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
        let m = &app.meeting;
        let is_focused = focused(app, Pane::Agenda);
        let inner_width = area.width.saturating_sub(2) as usize;
        let shown = usize::from(area.height.saturating_sub(2)).max(1);
        let first = app
            .selected
            .saturating_sub(shown - 1)
            .min(m.points.len().saturating_sub(1));
        let rows: Vec<ListItem> = m.points[first.min(m.points.len())..]
            .iter()
            .take(shown)
            .map(|(r, _)| {
                let (mark, style) = match m.state(*r) {
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
                let (note, note_style) = match r.sub {
                    None if !app.shared.conflicts(r.item).is_empty() => ("! ", theme.overrun),
                    None if app.shared.edited_elsewhere(r.item, app.clock()) => {
                        ("✎ ", theme.accent)
                    }
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
        super::super::pane_list(
            buf,
            area,
            rows,
            title,
            is_focused,
            app.selected.checked_sub(first),
            theme,
        );
    }

    /// The rows written into the buffer are the list's, cell for cell and style for
    /// style: every state a row can show (pending, taken up, current, a sub-item, within,
    /// near and past its timebox, no timebox), titles that fit, are cut, hold accents,
    /// wide characters or a combining mark, focused or not, any selection, any size.
    #[test]
    fn the_rows_written_straight_are_the_lists() {
        let mut toml = String::from(
            "[meeting]\ngroup = \"G\"\nnumber = 1\ndate = 2026-11-26\nstart = \"14:00\"\n\
             duration = \"3h\"\n\n",
        );
        let titles = [
            "Welcome",
            "Review of action items from the last meeting, all of them, one by one",
            "Métadonnées: profil d’application",
            "東京の会議の議事録と資料の確認について話し合う",
            "e\u{301}",
            "\u{301}",
            "Mixed 東京 and ASCII text that goes on for a while",
        ];
        for (i, t) in titles.iter().enumerate() {
            toml.push_str(&format!("[[items]]\ntitle = \"{t}\"\n"));
            if i % 3 != 2 {
                toml.push_str(&format!("timebox = \"{}m\"\n", i + 1));
            }
            toml.push('\n');
            if i % 2 == 1 {
                for s in 0..2 {
                    toml.push_str(&format!(
                        "  [[items.subitems]]\n  title = \"{} part {s}\"\n\n",
                        titles[(i + s) % titles.len()]
                    ));
                }
            }
        }
        let agenda = crate::agenda::parse_str("mixed.toml", &toml).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let mut app = App::new(Meeting::new(agenda), t0);
        let theme = Theme::default_theme();
        let mut now = t0;
        let mut compared = 0;
        for step in 0..14 {
            // Items taken up one after another, each for longer than the one before:
            // some within their timebox, some near it, some past it.
            app.handle(Input::Key(Key::Char('n')), now);
            now += chrono::TimeDelta::seconds(50 * step);
            app.handle(Input::Tick, now);
            for focus in [Pane::Agenda, Pane::Queue] {
                app.focus = focus;
                for selected in [0, 3, 7, 11, 40] {
                    app.selected = selected;
                    for (w, h) in [(40, 12), (30, 30), (12, 5), (60, 3), (3, 8)] {
                        let area = Rect::new(1, 1, w, h);
                        let mut ours = Terminal::new(TestBackend::new(w + 2, h + 2)).unwrap();
                        ours.draw(|f| draw(f.buffer_mut(), area, &app, &theme))
                            .unwrap();
                        let mut list = Terminal::new(TestBackend::new(w + 2, h + 2)).unwrap();
                        list.draw(|f| draw_as_a_list(f.buffer_mut(), area, &app, &theme))
                            .unwrap();
                        assert_eq!(
                            ours.backend().buffer(),
                            list.backend().buffer(),
                            "step {step}, {focus:?}, selection {selected}, {w}x{h}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert_eq!(compared, 14 * 2 * 5 * 5);
    }
}
