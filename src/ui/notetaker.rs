//! The notetaker's screen: which item, who has the floor and who waits (read only),
//! and the item's notes in the same soft-wrapped editor as the moderator's.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::overlay::centred;
use super::{MIN_HEIGHT, MIN_WIDTH, fit, pane, scrub, shown, timer_style, too_small};
use crate::app::Level;
use crate::app::keymap::{self, Mode};
use crate::duration::clock;
use crate::notetaker::Notetaker;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, v: &Notetaker, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(frame, area, theme);
    }
    let [header, floor, notes, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Min(6),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let m = &v.meeting;
    let width = area.width as usize;
    let following = match m.current {
        _ if v.pinned => "pinned (f follows the moderator)".to_string(),
        Some(c) => format!("following the moderator: item {}", c.label()),
        None => "following the moderator: no item taken up yet".to_string(),
    };
    let clock_text = v.now.format("%H:%M UTC").to_string();
    let title = m
        .agenda
        .meeting
        .title
        .clone()
        .unwrap_or_else(|| m.agenda.meeting.group.clone());
    let room = width.saturating_sub(following.chars().count() + clock_text.chars().count() + 8);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", fit(&title, room)), theme.accent),
            Span::styled(format!("· {following} "), theme.text),
            Span::styled(format!("· {clock_text}"), theme.muted),
        ])),
        header,
    );
    // Who has the floor and who waits: read only, the moderator runs the queue.
    let q = &m.queue;
    let inner = width.saturating_sub(4);
    let speaker = match &q.speaker {
        Some(s) => {
            let turn = s.turn.elapsed(v.now);
            let time = match m.speaker_limit {
                Some(l) => format!("{} / {}", clock(turn), clock(l)),
                None => clock(turn),
            };
            Line::from(vec![
                Span::styled("▶ ", theme.speaker),
                Span::styled(fit(&s.who, inner.saturating_sub(14)), theme.speaker),
                Span::raw("  "),
                Span::styled(time, timer_style(turn, m.speaker_limit, theme)),
            ])
        }
        None => Line::styled("nobody has the floor", theme.muted),
    };
    let waiting: Vec<&str> = q.waiting.iter().map(|r| r.who.as_str()).collect();
    let next = if waiting.is_empty() {
        Line::styled("nobody waits", theme.muted)
    } else {
        Line::styled(
            fit(&format!("next: {}", waiting.join(", ")), inner),
            theme.text,
        )
    };
    frame.render_widget(
        Paragraph::new(vec![speaker, next]).block(pane(" Floor ", false, theme)),
        floor,
    );
    let item = v.notes.item;
    let item_title = m.agenda.items.get(item).map_or("", |i| i.title.as_str());
    let mut head = format!(" Notes {}. {} ", item + 1, fit(item_title, width / 2));
    if v.editing {
        head.push_str("· editing ");
    }
    if let Some(line) = v.shared.conflicts(item).first() {
        head.push_str(&format!(
            "· ! {} conflict(s) from line {line} ",
            v.shared.conflicts(item).len()
        ));
    }
    let mut block = pane(head, v.editing, theme);
    if let Some(mark) = super::notes::problem_mark(&v.notes, m, notes.width, theme) {
        block = block.title_bottom(mark);
    }
    let inner_area = block.inner(notes);
    frame.render_widget(block, notes);
    let point = m
        .current
        .filter(|c| c.item == item)
        .unwrap_or(crate::agenda::ItemRef::item(item));
    let inner_area = super::notes::brief(frame.buffer_mut(), inner_area, m, point, theme);
    if v.notes.is_empty() && !v.editing {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "no notes yet: i to write, e for $EDITOR",
                theme.muted,
            )),
            inner_area,
        );
    } else {
        super::notes::text(frame.buffer_mut(), inner_area, &v.notes);
    }
    if let Some(s) = &v.status {
        let style = match s.level {
            Level::Info => theme.text,
            Level::Warning => theme.warning,
            Level::Error => theme.error,
        };
        frame.render_widget(Paragraph::new(Span::styled(shown(&s.text), style)), status);
    }
    let mode = if v.editing {
        Mode::Notes
    } else {
        Mode::Notetaker
    };
    frame.render_widget(
        Paragraph::new(Line::styled(keymap::hint_line_in(mode, width), theme.muted)),
        hints,
    );
    if let Some(scroll) = v.help {
        let mut lines = Vec::new();
        for (mode, heading) in [
            (Mode::Notetaker, "Keys"),
            (Mode::Notes, "Editing notes (i)"),
        ] {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(heading, theme.accent));
            for (keys, help) in keymap::help_rows_in(mode) {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), theme.focus),
                    Span::styled(help, theme.text),
                ]));
            }
        }
        let rect = centred(area, 80, area.height.saturating_sub(2));
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0))
                .block(pane(" Help · Esc closes ", true, theme)),
            rect,
        );
    }
    scrub(&mut frame.buffer_mut().content);
}
