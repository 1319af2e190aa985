//! The speaking queue: who has the floor and for how long, and who waits, by kind.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use super::fit;
use super::{focused, pane_list, timer_style};
use crate::app::{App, Pane};
use crate::duration::clock;
use crate::meeting::QueueKind;
use crate::theme::Theme;

/// The rows above the waiting list: the speaker, what they said they would speak on,
/// and the topic being discussed.
pub fn speaker_rows(app: &App, theme: &Theme) -> usize {
    header(app, 40, theme).len()
}

/// The width the pane needs for its longest name (roster, guests, queue) to show
/// whole beside a kind and a turn timer, at most that of a 40-character name.
pub fn wanted_width(app: &App) -> u16 {
    let m = &app.meeting;
    let others = m
        .attendance
        .guests
        .iter()
        .map(|g| g.name.as_str())
        .chain(m.queue.waiting.iter().map(|r| r.who.as_str()));
    let longest = app.roster_width.max(crate::shown::widest(others)).min(40);
    // "▶ " name " question " "0:00 / 2:00", and the borders.
    (longest + 25) as u16
}

fn header(app: &App, width: usize, theme: &Theme) -> Vec<ListItem<'static>> {
    let m = &app.meeting;
    let q = &m.queue;
    let mut rows = Vec::new();
    match &q.speaker {
        Some(s) => {
            let turn = s.turn.elapsed(app.clock());
            let time = match m.speaker_limit {
                Some(l) => format!("{} / {}", clock(turn), clock(l)),
                None => clock(turn),
            };
            let kind = format!(" {}", tag(s.kind));
            let fixed = time.chars().count() + kind.chars().count() + 3;
            let who = fit(&s.who, width.saturating_sub(fixed));
            let pad = width.saturating_sub(who.chars().count() + fixed - 1);
            rows.push(ListItem::new(Line::from(vec![
                Span::styled("▶ ", theme.speaker),
                Span::styled(who, theme.speaker),
                Span::styled(kind, kind_style(s.kind, theme)),
                Span::raw(" ".repeat(pad)),
                Span::styled(time, timer_style(turn, m.speaker_limit, theme)),
            ])));
            // What the speaker asked the floor for, unless it is the topic line below.
            if s.kind != QueueKind::Topic
                && let Some(t) = &s.topic
            {
                let lead = format!("  {}: ", s.kind.word());
                let room = width.saturating_sub(lead.chars().count());
                rows.push(ListItem::new(Line::from(vec![
                    Span::styled(lead, theme.muted),
                    Span::styled(fit(t, room), theme.text),
                ])));
            }
        }
        None => rows.push(ListItem::new(Span::styled(
            "nobody has the floor",
            theme.muted,
        ))),
    }
    if let Some((opener, topic)) = &q.current_topic {
        let what = topic.as_deref().unwrap_or("(not given)");
        let by = if q.speaker.as_ref().is_some_and(|s| s.who == *opener) {
            String::new()
        } else {
            format!(" — {opener}")
        };
        let room = width.saturating_sub(7);
        let by_room = by.chars().count().min(room / 2);
        let what = fit(what, room.saturating_sub(by_room));
        let by = fit(&by, room.saturating_sub(what.chars().count()));
        rows.push(ListItem::new(Line::from(vec![
            Span::styled("Topic: ", theme.accent),
            Span::styled(what, theme.text),
            Span::styled(by, theme.muted),
        ])));
    }
    rows
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let q = &m.queue;
    let is_focused = focused(app, Pane::Queue);
    let width = area.width.saturating_sub(2) as usize;
    let mut rows = header(app, width, theme);
    let above = rows.len();
    // Who has not yet spoken on the item is marked, while an item is discussed.
    let spoken = m.speakers_on_item();
    let marking = m.current.is_some();
    for (i, r) in q.waiting.iter().enumerate() {
        let tag = format!("{:<8}", tag(r.kind));
        let first = marking && !spoken.contains(&r.who);
        let mut spans = vec![
            Span::styled(format!("{:>2}. ", i + 1), theme.muted),
            Span::styled(tag, kind_style(r.kind, theme)),
            Span::raw(" "),
            Span::styled(if first { "• " } else { "  " }, theme.accent),
        ];
        let used = 15;
        let name = fit(&r.who, width.saturating_sub(used));
        let left = width.saturating_sub(used + name.chars().count());
        spans.push(Span::styled(name, theme.text));
        if let Some(t) = &r.topic
            && left > 4
        {
            spans.push(Span::styled(
                format!(" — {}", fit(t, left - 3)),
                theme.muted,
            ));
        }
        rows.push(ListItem::new(Line::from(spans)));
    }
    let mut title = format!(" Queue {} ", q.waiting.len());
    if q.closed {
        title.push_str("· closed ");
    }
    if marking && q.waiting.iter().any(|r| !spoken.contains(&r.who)) {
        title.push_str("· • first time ");
    }
    // The rows above are the speaker's; the selection is over the waiting list.
    let selected = (is_focused && !q.waiting.is_empty()).then_some(app.queue_selected + above);
    pane_list(buf, area, rows, title, is_focused, selected, theme);
}

/// The kind as a short tag that fits a narrow pane.
fn tag(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Order => "ORDER",
        QueueKind::Question => "question",
        QueueKind::Reply => "reply",
        QueueKind::Topic => "topic",
    }
}

pub fn kind_style(kind: QueueKind, theme: &Theme) -> ratatui::style::Style {
    match kind {
        QueueKind::Order => theme.order,
        QueueKind::Question => theme.question,
        QueueKind::Reply => theme.reply,
        QueueKind::Topic => theme.topic,
    }
}
