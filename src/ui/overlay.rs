//! The panels drawn over the panes: the participant picker, attendance and the
//! report preview.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::fit;
use super::pane;
use super::queue::kind_style;
use crate::app::{App, Picker, Roll};
use crate::meeting::Presence;
use crate::theme::Theme;

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn presence_word(p: Presence) -> &'static str {
    match p {
        Presence::Present => "present",
        Presence::Regrets => "apologies",
        Presence::Absent => "absent",
        Presence::Unknown => "",
    }
}

pub fn picker(frame: &mut Frame, area: Rect, p: &Picker, theme: &Theme) {
    let rect = centred(area, 64, area.height.saturating_sub(4).min(20));
    frame.render_widget(Clear, rect);
    let block = pane(" Queue a speaker ", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [filter, kind, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let typed = format!("name: {}", p.filter.text());
    frame.render_widget(Paragraph::new(Span::styled(typed, theme.text)), filter);
    frame.set_cursor_position(Position::new(
        (filter.x + 6 + p.filter.cursor() as u16).min(filter.right().saturating_sub(1)),
        filter.y,
    ));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("as: ", theme.muted),
            Span::styled(p.kind.describe(), kind_style(p.kind, theme)),
            Span::styled("  (Tab changes)", theme.muted),
        ])),
        kind,
    );
    if let Some((name, guest)) = &p.chosen_one {
        let who = if *guest {
            format!("{} (a new guest)", fit(name, 40))
        } else {
            fit(name, 50)
        };
        let typed = format!("topic: {}", p.topic.text());
        let text = vec![
            Line::from(vec![
                Span::styled("queueing ", theme.muted),
                Span::styled(who, theme.text),
            ]),
            Line::styled(typed, theme.text),
            Line::styled(
                "type the topic, or none; Enter queues, Esc cancels",
                theme.muted,
            ),
        ];
        frame.set_cursor_position(Position::new(
            (list.x + 7 + p.topic.cursor() as u16).min(list.right().saturating_sub(1)),
            list.y + 1,
        ));
        frame.render_widget(Paragraph::new(text), list);
        return;
    }
    if let Some(name) = &p.confirm_guest {
        let text = vec![
            Line::styled(format!("{name} is not on the roster."), theme.warning),
            Line::styled("Add as a guest and queue? y / n", theme.text),
        ];
        frame.render_widget(Paragraph::new(text), list);
        return;
    }
    let width = list.width as usize;
    let rows: Vec<ListItem> = p
        .matches
        .iter()
        .map(|c| {
            let mut tail = c.affiliation.clone().unwrap_or_default();
            if c.guest {
                tail = if tail.is_empty() {
                    "guest".into()
                } else {
                    format!("{tail}, guest")
                };
            }
            let state = presence_word(c.presence);
            let name = fit(&c.name, width.saturating_sub(12).max(8));
            let rest = width.saturating_sub(name.chars().count() + 12);
            ListItem::new(Line::from(vec![
                Span::styled(name, theme.text),
                Span::styled(format!("  {}", fit(&tail, rest)), theme.muted),
                Span::styled(format!("  {state}"), theme.muted),
            ]))
        })
        .collect();
    if rows.is_empty() {
        let text = if p.filter.text().trim().is_empty() {
            "the roster is empty: type a guest's name".to_string()
        } else {
            format!(
                "nobody matches; Enter adds \"{}\" as a guest",
                p.filter.text().trim()
            )
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), list);
        return;
    }
    let mut state = ListState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(
        List::new(rows).highlight_style(theme.selection),
        list,
        &mut state,
    );
}

pub fn attendance(frame: &mut Frame, area: Rect, r: &Roll, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let rect = centred(area, 84, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let title = attendance_title(m.attendance.counts(), rect.width.saturating_sub(2) as usize);
    let block = pane(title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [list, input] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let width = list.width as usize;
    let roster = m.agenda.participants.len();
    let rows: Vec<ListItem> = (0..Roll::len(m))
        .filter_map(|i| {
            let (name, presence) = Roll::row(m, i)?;
            let mark = match presence {
                Presence::Present => "[x]",
                Presence::Regrets => "[a]",
                Presence::Absent => "[-]",
                Presence::Unknown => "[ ]",
            };
            let affiliation = if i < roster {
                m.agenda.participants[i].affiliation.clone()
            } else {
                let g = &m.attendance.guests[i - roster];
                Some(match &g.affiliation {
                    Some(a) => format!("{a}, guest"),
                    None => "guest".into(),
                })
            }
            .unwrap_or_default();
            let style = match presence {
                Presence::Present => theme.text,
                _ => theme.muted,
            };
            let name = fit(name, width.saturating_sub(16).min(36));
            let rest = width.saturating_sub(name.chars().count() + 16);
            Some(ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(name, style),
                Span::styled(format!("  {}", fit(&affiliation, rest)), theme.muted),
                Span::styled(format!("  {}", presence_word(presence)), theme.muted),
            ])))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(r.cursor));
    frame.render_stateful_widget(
        List::new(rows).highlight_style(theme.selection),
        list,
        &mut state,
    );
    match &r.adding {
        None if !r.find.is_empty() => {
            let text = match r.found(m) {
                Some(_) => format!("find: {}  (Esc clears)", r.find),
                None => format!("find: {}  nobody matches (Esc clears)", r.find),
            };
            frame.render_widget(Paragraph::new(Span::styled(text, theme.text)), input);
        }
        Some(line) => {
            let text = format!("guest (name, affiliation): {}", line.text());
            frame.render_widget(Paragraph::new(Span::styled(text, theme.text)), input);
            frame.set_cursor_position(Position::new(
                (input.x + 27 + line.cursor() as u16).min(input.right().saturating_sub(1)),
                input.y,
            ));
        }
        None => frame.render_widget(
            Paragraph::new(Span::styled(
                crate::app::keymap::hint_line_in(crate::app::keymap::Mode::Attendance, width),
                theme.muted,
            )),
            input,
        ),
    }
}

/// The attendance panel's title within `width` columns: the counts in words, then
/// shorter words, then the counts alone; never cut in the middle of a word.
pub fn attendance_title(c: crate::meeting::Counts, width: usize) -> String {
    let (p, a, x, u, g) = (c.present, c.regrets, c.absent, c.unknown, c.guests);
    let candidates = [
        format!(
            " Attendance · present {p} · apologies {a} · absent {x} · not marked {u} · guests {g} "
        ),
        format!(
            " Attendance · present {p} · apologies {a} · absent {x} · unmarked {u} · guests {g} "
        ),
        format!(" Attendance · {p} present · {a} apol. · {x} absent · {u} unmarked · {g} guests "),
        format!(" {p} present · {a} apol. · {x} absent · {u} unmarked · {g} guests "),
        format!(" {p} pres · {a} apol · {x} abs · {u} unm · {g} gst "),
        format!(" {p} present "),
        " Attendance ".to_string(),
    ];
    candidates
        .into_iter()
        .find(|t| t.chars().count() <= width)
        .unwrap_or_default()
}

pub fn preview(frame: &mut Frame, area: Rect, text: &str, scroll: u16, app: &App, theme: &Theme) {
    let rect = centred(area, 100, area.height);
    frame.render_widget(Clear, rect);
    let to = if app.folder.is_empty() {
        "the meeting folder".to_string()
    } else {
        app.folder.clone()
    };
    let mut title = format!(" Report preview · w writes it to {to} · Esc cancels ");
    if title.chars().count() + 2 > rect.width as usize {
        // Narrow: the keys stay, the folder goes (the status line names it once written).
        title = " Report preview · w writes it · Esc cancels ".to_string();
    }
    let mut lines: Vec<Line> = Vec::new();
    // In sight before the report is written, not behind the preview.
    if let Some(notice) = app.conflict_notice() {
        lines.push(Line::styled(
            format!(
                "! {notice}: the report would show both texts; w asks first, Esc goes back \
                 to resolve"
            ),
            theme.warning,
        ));
    }
    lines.extend(
        text.lines()
            .skip(scroll as usize)
            .take(rect.height as usize)
            .map(|l| Line::styled(l.to_string(), theme.text)),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(pane(title, true, theme)),
        rect,
    );
}
