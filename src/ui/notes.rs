//! The current item's notes, and what the report will lift out of them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fit;
use super::{focused, pane};
use crate::app::{App, Mode, Pane};
use crate::notes::Kind;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let editing = app.mode == Mode::Notes;
    let item = app.notes.item;
    let title = app
        .meeting
        .agenda
        .items
        .get(item)
        .map_or(String::new(), |i| i.title.clone());
    let room = (area.width as usize).saturating_sub(20);
    let mut head = format!(" Notes {}. {} ", item + 1, fit(&title, room));
    if editing {
        head.push_str("· editing ");
    }
    let conflicts = app.shared.conflicts(item);
    if let Some(line) = conflicts.first() {
        head.push_str(&format!(
            "· ! {} conflict(s) from line {line} ",
            conflicts.len()
        ));
    } else if let [who, ..] = app.shared.editors(item) {
        head.push_str(&format!("· {who} is editing too "));
    }
    let block = pane(head, editing || focused(app, Pane::Notes), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.notes.is_empty() && !editing {
        let hint = Paragraph::new(Span::styled(
            "no notes yet: i to write, e for $EDITOR",
            theme.muted,
        ))
        .wrap(Wrap { trim: true });
        frame.render_widget(hint, inner);
    } else {
        frame.render_widget(app.notes.area(), inner);
    }
}

/// Decisions, actions and next steps of the current item's notes.
pub fn extracted(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let x = &app.notes.extracted;
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for e in &x.entries {
        let (tag, style, text) = match &e.kind {
            Kind::Decision => ("DECISION", theme.accent, e.text.clone()),
            Kind::NextStep => ("NEXT", theme.text, e.text.clone()),
            Kind::Action { owners, due } => {
                let mut t = match owners.as_slice() {
                    [] => e.text.clone(),
                    names => format!("{}: {}", names.join(", "), e.text),
                };
                if let Some(d) = due {
                    t.push_str(&format!(" (due {})", d.format("%-d %b")));
                }
                ("ACTION", theme.warning, t)
            }
            Kind::KeyPoint | Kind::Document { .. } => continue,
        };
        let text = fit(&text, width.saturating_sub(tag.len() + 1));
        lines.push(Line::from(vec![
            Span::styled(tag, style),
            Span::raw(" "),
            Span::styled(text, theme.text),
        ]));
    }
    let count = lines.len();
    if lines.is_empty() {
        lines.push(Line::styled(
            ":decision, :action NAME: …, :nextstep",
            theme.muted,
        ));
    }
    // The newest are the ones being talked about: keep them in view.
    let visible = area.height.saturating_sub(2) as usize;
    let skip = lines.len().saturating_sub(visible);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    let block = pane(format!(" Decisions & actions {count} "), false, theme);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
