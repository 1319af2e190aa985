//! The speaking queue: who has the floor and for how long, and who waits, by kind.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use super::fit;
use super::{focused, pane_list, timer_style};
use crate::app::{App, Pane};
use crate::duration::clock;
use crate::meeting::QueueKind;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let q = &m.queue;
    let is_focused = focused(app, Pane::Queue);
    let width = area.width.saturating_sub(2) as usize;
    let mut rows = Vec::new();
    match &q.speaker {
        Some(s) => {
            let turn = s.turn.elapsed(app.now);
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
        }
        None => rows.push(ListItem::new(Span::styled(
            "nobody has the floor",
            theme.muted,
        ))),
    }
    for (i, r) in q.waiting.iter().enumerate() {
        let tag = format!("{:<8}", tag(r.kind));
        let mut spans = vec![
            Span::styled(format!("{:>2}. ", i + 1), theme.muted),
            Span::styled(tag, kind_style(r.kind, theme)),
            Span::raw(" "),
        ];
        let used = 13;
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
    // Row 0 is the speaker; the selection is over the waiting list.
    let selected = (is_focused && !q.waiting.is_empty()).then_some(app.queue_selected + 1);
    pane_list(frame, area, rows, title, is_focused, selected, theme);
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
