//! The top of the screen: the meeting, the clocks, and the current item's timer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Widget};

use super::{fit, shown, timer_style};
use crate::app::App;
use crate::duration::clock;
use crate::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let meeting = &m.agenda.meeting;
    let zone = &meeting.timezone;
    let who = meeting.abbreviation.as_deref().unwrap_or(&meeting.group);
    let title = format!("{who} — {}", m.agenda.title());
    let mut clocks = format!("{} UTC", app.clock().format("%H:%M:%S"));
    if zone.label() != "UTC" {
        clocks.push_str(&format!(
            " · {} {}",
            zone.local(app.clock()).format("%H:%M"),
            zone.label()
        ));
    }
    let width = area.width as usize;
    let room = width.saturating_sub(clocks.chars().count() + 1);
    let title = fit(&title, room);
    let pad = width.saturating_sub(title.chars().count() + clocks.chars().count());
    let first = Line::from(vec![
        Span::styled(title, theme.accent),
        Span::raw(" ".repeat(pad)),
        Span::styled(clocks, theme.text),
    ]);

    let (start, end) = m.scheduled();
    let local = |t| zone.local(t).format("%H:%M").to_string();
    // Segments with their rank: when the line is too narrow, the least needed go first.
    let mut parts: Vec<(u8, Span)> = Vec::new();
    if m.started.is_some() {
        let elapsed = m.elapsed(app.clock());
        let planned = end.map(|e| e - start).or(meeting.duration);
        let mut reading = format!("meeting {}", clock(elapsed));
        if let Some(p) = planned {
            reading.push_str(&format!(" of {}", clock(p)));
        }
        parts.push((
            0,
            Span::styled(reading, timer_style(elapsed, planned, theme)),
        ));
        match m.ended {
            // The agenda is done: the clock stands at its end.
            Some(ended) => parts.push((
                0,
                Span::styled(format!(" · ended {}", local(ended)), theme.text),
            )),
            None => {
                let projected = m.projected_end(app.clock());
                let late = end.is_some_and(|e| projected > e);
                parts.push((
                    0,
                    Span::styled(
                        format!(" · ends ~{}", local(projected)),
                        if late { theme.warning } else { theme.text },
                    ),
                ));
            }
        }
        if let Some(e) = end {
            parts.push((
                3,
                Span::styled(format!(" (scheduled {})", local(e)), theme.muted),
            ));
        }
    } else {
        let mut s = format!("not started · scheduled {}", local(start));
        if let Some(e) = end {
            s.push_str(&format!("–{}", local(e)));
        }
        parts.push((0, Span::styled(s, theme.muted)));
    }
    if app.drive_trouble.is_some() {
        // Said once in the status line; kept in sight here until the drive is back.
        parts.push((
            0,
            Span::styled(" · folder unreachable: saved locally", theme.warning),
        ));
    }
    if !app.shared.conflicted().is_empty() {
        // In sight until resolved: the report would show both texts.
        let items: Vec<String> = app
            .shared
            .conflicted()
            .iter()
            .map(|i| (i + 1).to_string())
            .collect();
        let said = match items.as_slice() {
            [one] => format!(" · ! conflict in item {one}'s notes"),
            many => format!(
                " · ! conflicts in the notes of items {}",
                crate::said::and_list(many)
            ),
        };
        parts.push((0, Span::styled(said, theme.warning)));
    }
    let c = m.attendance.counts();
    parts.push((
        1,
        Span::styled(format!(" · present {}", c.present), theme.text),
    ));
    parts.push((
        2,
        Span::styled(format!(" · apologies {}", c.regrets), theme.muted),
    ));
    if c.guests > 0 {
        parts.push((
            3,
            Span::styled(format!(" · guests {}", c.guests), theme.muted),
        ));
    }
    let len = |p: &[(u8, Span)]| {
        p.iter()
            .map(|(_, s)| s.content.chars().count())
            .sum::<usize>()
    };
    while len(&parts) > width {
        let Some(worst) = parts.iter().map(|(r, _)| *r).max().filter(|r| *r > 0) else {
            break;
        };
        let at = parts
            .iter()
            .rposition(|(r, _)| *r == worst)
            .expect("a part of that rank");
        parts.remove(at);
    }
    let spans: Vec<Span> = parts.into_iter().map(|(_, s)| s).collect();
    Paragraph::new(vec![first, Line::from(spans)]).render(area, buf);
}

/// The current item's timer against its timebox, as a gauge that turns to the warning
/// style near the timebox and the overrun style past it.
pub fn gauge(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let m = &app.meeting;
    let Some(cur) = m.current else {
        let (text, style) = match m.next_point() {
            _ if m.started.is_none() => ("press n to take up the first item".into(), theme.muted),
            Some(next) => (
                format!(
                    "no item is being discussed: n takes up item {}",
                    next.label()
                ),
                theme.muted,
            ),
            None => (
                "the agenda is done: w writes the report · :item N reopens an item".into(),
                theme.accent,
            ),
        };
        Paragraph::new(Span::styled(text, style)).render(area, buf);
        return;
    };
    let spent = m.spent(cur, app.clock());
    let timebox = m.timebox(cur);
    let style = timer_style(spent, timebox, theme);
    let paused = if m.paused { " · paused" } else { "" };
    let label = match timebox {
        Some(tb) => format!(
            "{} {}  {} / {}{paused}",
            cur.label(),
            shown(m.agenda.title_of(cur)),
            clock(spent),
            clock(tb)
        ),
        None => format!(
            "{} {}  {}{paused}",
            cur.label(),
            shown(m.agenda.title_of(cur)),
            clock(spent)
        ),
    };
    let ratio = match timebox {
        Some(tb) if tb.num_seconds() > 0 => {
            (spent.num_milliseconds() as f64 / tb.num_milliseconds() as f64).clamp(0.0, 1.0)
        }
        _ => 0.0,
    };
    Gauge::default()
        .ratio(ratio)
        .label(Span::styled(label, style))
        .gauge_style(style)
        .use_unicode(true)
        .render(area, buf);
}
