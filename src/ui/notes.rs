//! The current item's notes, and what the report will lift out of them.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::fit;
use super::{focused, pane};
use crate::agenda::ItemRef;
use crate::app::notes::{NotesEditor, Screen};
use crate::app::{App, Mode, Pane};
use crate::meeting::Meeting;
use crate::notes::{Kind, Problem};
use crate::theme::Theme;

/// Everything the notes pane shows besides the rows of the text, as it stands (the
/// words are made only when the pane is drawn): while it stays as it was, a key typed
/// into the notes changes only rows of the text (`Frames`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chrome {
    area: Rect,
    item: usize,
    editing: bool,
    /// Started, and no item is being discussed: the notes shown are the selected item's.
    aside: bool,
    /// The unresolved conflicts: how many, and the line the first begins.
    conflicts: (usize, Option<usize>),
    /// A notetaker editing these notes too.
    also: Option<String>,
    lit: bool,
    /// The lines that look like labels but could not be read: how many, and the first.
    problems: (usize, Option<Problem>),
    /// Whose lead and documents are shown over the notes.
    point: ItemRef,
    /// No notes and not editing: a hint instead of the text.
    hint: bool,
}

/// The notes pane as drawn: its chrome, and where its text went and what it was.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub chrome: Chrome,
    pub text: Option<(Rect, Screen)>,
}

pub fn chrome(area: Rect, app: &App) -> Chrome {
    let editing = app.mode == Mode::Notes;
    let item = app.notes.item;
    let m = &app.meeting;
    let conflicts = app.shared.conflicts(item);
    let problems = app.notes.drawn_problems(m);
    Chrome {
        area,
        item,
        editing,
        aside: m.current.is_none() && m.started.is_some(),
        conflicts: (conflicts.len(), conflicts.first().copied()),
        also: app.shared.editors(item).first().cloned(),
        lit: editing || focused(app, Pane::Notes),
        problems: (problems.len(), problems.first().cloned()),
        point: m.current.unwrap_or(ItemRef::item(item)),
        hint: app.notes.is_empty() && !editing,
    }
}

impl Chrome {
    /// The pane's title: the item, then how things stand.
    fn head(&self, m: &Meeting) -> String {
        let title = m
            .agenda
            .items
            .get(self.item)
            .map_or("", |i| i.title.as_str());
        let mut after = String::new();
        if self.editing {
            after.push_str("· editing ");
        }
        if self.aside {
            after.push_str("· no item is being discussed ");
        }
        if let (count, Some(line)) = self.conflicts {
            after.push_str(&format!("· ! {count} conflict(s) from line {line} "));
        } else if let Some(who) = &self.also {
            after.push_str(&format!("· {who} is editing too "));
        }
        // What follows the title says how things stand: the title gives way first, and
        // goes when hardly a word of it would show.
        let number = format!(" Notes {} ", self.item + 1);
        let room = (self.area.width as usize)
            .saturating_sub(2 + number.chars().count() + 2 + after.chars().count());
        if room >= 8 {
            format!(" Notes {}. {} {after}", self.item + 1, fit(title, room))
        } else {
            format!("{number}{after}")
        }
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) -> Drawn {
    let chrome = chrome(area, app);
    let text = paint(buf, &chrome, app, theme);
    Drawn { chrome, text }
}

/// The pane with `chrome`: its text's area and rows, unless a hint stands for them.
pub fn paint(
    buf: &mut Buffer,
    chrome: &Chrome,
    app: &App,
    theme: &Theme,
) -> Option<(Rect, Screen)> {
    let mut block = pane(chrome.head(&app.meeting), chrome.lit, theme);
    if let (count, Some(first)) = &chrome.problems {
        block = block.title_bottom(mark(*count, first, chrome.area.width, theme));
    }
    let inner = block.inner(chrome.area);
    block.render(chrome.area, buf);
    let inner = brief(buf, inner, &app.meeting, chrome.point, theme);
    if chrome.hint {
        let hint = Paragraph::new(Span::styled(
            "no notes yet: i to write, e for $EDITOR",
            theme.muted,
        ))
        .wrap(Wrap { trim: true });
        hint.render(inner, buf);
        return None;
    }
    Some((inner, text(buf, inner, &app.notes)))
}

/// The notes as the editor lays them out, the cursor shown while they are edited.
pub(super) fn text(buf: &mut Buffer, area: Rect, notes: &NotesEditor) -> Screen {
    let screen = notes.screen(area.width, area.height);
    for (i, line) in screen.rows.iter().enumerate() {
        row(
            buf,
            area.x,
            area.y + i as u16,
            area.width,
            line,
            screen.cursor_on(i),
        );
    }
    screen
}

/// A row of the notes as the editor laid it out, with the cursor at column `cursor`
/// when it is on it. Written straight into the buffer: it is laid out already, and
/// this is drawn on every key.
pub(super) fn row(buf: &mut Buffer, x: u16, y: u16, width: u16, text: &str, cursor: Option<usize>) {
    if text.is_ascii() {
        // A character a cell, no grapheme to find: most notes, on every key.
        for (x, c) in (x..x.saturating_add(width)).zip(text.chars()) {
            buf[(x, y)].set_char(c);
        }
    } else {
        buf.set_stringn(x, y, text, width.into(), Style::default());
    }
    if let Some(col) = cursor
        && let Ok(col) = u16::try_from(col)
        && col < width
        && let Some(cell) = buf.cell_mut((x + col, y))
    {
        cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
    }
}

/// The point's lead and documents over its notes, in as many rows as the pane can
/// spare (one when it is short): the rest of `area`, for the notes.
pub(super) fn brief(buf: &mut Buffer, area: Rect, m: &Meeting, r: ItemRef, theme: &Theme) -> Rect {
    let Some(item) = m.agenda.items.get(r.item) else {
        return area;
    };
    // A sub-item's own lead, else its item's; its own documents, then its item's.
    let (lead, docs) = match r.sub.and_then(|s| item.subitems.get(s)) {
        Some(sub) => (
            sub.lead.or(item.lead),
            sub.documents
                .iter()
                .chain(&item.documents)
                .collect::<Vec<_>>(),
        ),
        None => (item.lead, item.documents.iter().collect()),
    };
    let lead = lead.and_then(|i| m.agenda.participants.get(i));
    if lead.is_none() && docs.is_empty() || area.height < 3 {
        return area;
    }
    let width = area.width as usize;
    let doc = |d: &crate::agenda::Document| match &d.url {
        Some(url) => format!("{} <{url}>", d.title),
        None => d.title.clone(),
    };
    let mut lines: Vec<Line> = Vec::new();
    if area.height >= 12 {
        // Room to spare: the lead, then a document a line, the first three.
        if let Some(p) = lead {
            lines.push(Line::from(vec![
                Span::styled("lead ", theme.muted),
                Span::styled(fit(&p.name, width.saturating_sub(5)), theme.accent),
            ]));
        }
        for d in docs.iter().take(3) {
            lines.push(Line::from(vec![
                Span::styled("doc  ", theme.muted),
                Span::styled(fit(&doc(d), width.saturating_sub(5)), theme.text),
            ]));
        }
        if docs.len() > 3 {
            lines.push(Line::styled(
                format!("     and {} more", docs.len() - 3),
                theme.muted,
            ));
        }
        // A blank row between them and the notes.
        lines.push(Line::raw(""));
    } else {
        // One line: the lead's name as people call them, the documents' titles.
        let mut spans = Vec::new();
        let mut used = 0;
        if let Some(p) = lead {
            let name = fit(p.called(), width.saturating_sub(5));
            used += 5 + name.chars().count();
            spans.push(Span::styled("lead ", theme.muted));
            spans.push(Span::styled(name, theme.accent));
        }
        if !docs.is_empty() {
            let label = match (docs.len(), spans.is_empty()) {
                (1, true) => "doc ".to_string(),
                (n, true) => format!("{n} docs "),
                (1, false) => " · doc ".to_string(),
                (n, false) => format!(" · {n} docs "),
            };
            let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
            let room = width.saturating_sub(used + label.chars().count());
            if room >= 4 {
                spans.push(Span::styled(label, theme.muted));
                spans.push(Span::styled(fit(&titles.join(" · "), room), theme.text));
            }
        }
        lines.push(Line::from(spans));
    }
    let rows = lines.len() as u16;
    let [top, rest] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
    Paragraph::new(lines).render(top, buf);
    rest
}

/// The first line of the notes that looks like a label but could not be read, for the
/// notes pane's lower border: "! line 3: an action needs an owner … (+1)".
pub fn problem_mark(
    notes: &NotesEditor,
    meeting: &Meeting,
    width: u16,
    theme: &Theme,
) -> Option<Line<'static>> {
    let problems = notes.drawn_problems(meeting);
    Some(mark(problems.len(), problems.first()?, width, theme))
}

/// The mark of `count` problems, the `first` of them, on a border `width` wide.
fn mark(count: usize, first: &Problem, width: u16, theme: &Theme) -> Line<'static> {
    let more = match count {
        1 => String::new(),
        n => format!(" (+{})", n - 1),
    };
    let room = (width as usize).saturating_sub(8 + more.len());
    let text = format!(" ! line {}: {}", first.line, first.what);
    Line::styled(format!("{}{more} ", fit(&text, room)), theme.warning)
}

/// Decisions, actions and next steps of the current item's notes, each wrapped to the
/// pane's width (a due date at the end of a long action stays in view), and first the
/// lines that look like labels but were not read.
pub fn extracted(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let x = app.notes.extracted();
    let width = area.width.saturating_sub(2) as usize;
    let visible = area.height.saturating_sub(2) as usize;
    let problems = app.notes.drawn_problems(&app.meeting);
    let mut marks = Vec::new();
    for p in problems.iter() {
        if marks.len() >= visible {
            break;
        }
        wrapped(
            &mut marks,
            "?",
            theme.warning,
            &format!("line {}: {}", p.line, p.what),
            width,
            theme,
        );
    }
    // What was not read comes first, to be fixed; then the newest entries, the ones
    // being talked about, in what room is left: only those are wrapped, so a long
    // item's thousand actions cost a frame no more than a few.
    marks.truncate(visible);
    let room = visible - marks.len();
    let mut newest: Vec<Vec<Line>> = Vec::new();
    let mut rows = 0;
    let shown = x
        .entries
        .iter()
        .rev()
        .filter(|e| !matches!(e.kind, Kind::KeyPoint | Kind::Document { .. }));
    for e in shown.clone() {
        if rows >= room {
            break;
        }
        let (tag, style, text) = match &e.kind {
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
            Kind::Decision => ("DECISION", theme.accent, e.text.clone()),
            Kind::NextStep => ("NEXT", theme.text, e.text.clone()),
            Kind::KeyPoint | Kind::Document { .. } => continue,
        };
        let mut lines = Vec::new();
        wrapped(&mut lines, tag, style, &text, width, theme);
        rows += lines.len();
        newest.push(lines);
    }
    let count = shown.count();
    let mut lines: Vec<Line> = newest.into_iter().rev().flatten().collect();
    if lines.is_empty() && marks.is_empty() {
        lines.push(Line::styled(
            ":decision, :action NAME: …, :nextstep",
            theme.muted,
        ));
    }
    let skip = lines.len().saturating_sub(room);
    let lines: Vec<Line> = marks
        .into_iter()
        .chain(lines.into_iter().skip(skip))
        .collect();
    let mut title = format!(" Decisions & actions {count} ");
    if !problems.is_empty() {
        title.push_str(&format!("· {} not read ", problems.len()));
    }
    let block = pane(title, false, theme);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// An entry as screen lines: its tag, then its text wrapped at word boundaries to
/// `width`, the continuation lines indented under the text.
fn wrapped(
    lines: &mut Vec<Line<'static>>,
    tag: &'static str,
    style: ratatui::style::Style,
    text: &str,
    width: usize,
    theme: &Theme,
) {
    let indent = tag.chars().count() + 1;
    let room = width.saturating_sub(indent).max(8);
    let text = super::shown(text);
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let row = rows.last_mut().expect("a row");
            let used = row.chars().count();
            let len = word.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + len <= room {
                if gap == 1 {
                    row.push(' ');
                }
                row.push_str(&word);
                break;
            }
            if used == 0 {
                // A word longer than the line: cut where the line ends.
                let head: String = word.chars().take(room).collect();
                word = word.chars().skip(room).collect();
                row.push_str(&head);
                rows.push(String::new());
                continue;
            }
            rows.push(String::new());
        }
    }
    for (i, row) in rows.into_iter().enumerate() {
        let lead = if i == 0 {
            Span::styled(format!("{tag} "), style)
        } else {
            Span::raw(" ".repeat(indent))
        };
        lines.push(Line::from(vec![lead, Span::styled(row, theme.text)]));
    }
}
