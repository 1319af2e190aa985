//! The moderator's screen, drawn from the application's state and changing none of
//! it: a module per pane, laid out here.

mod agenda;
mod cells;
mod frames;
mod header;
mod help;
mod messages;
mod notes;
pub mod notetaker;
pub mod overlay;
mod queue;
mod speaking;
mod status;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, List, ListItem, ListState, Paragraph, Wrap};

use std::borrow::Cow;

pub use cells::Cells;
pub use frames::Frames;

use crate::app::{App, Mode, Pane};
use crate::theme::Theme;

/// Below this the panes cannot show what a chair needs; a message says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the notes get a column of their own.
const WIDE: u16 = 120;

/// Where each pane goes on a screen of `area` (at least `MIN_WIDTH` by `MIN_HEIGHT`).
struct Panes {
    header: Rect,
    gauge: Rect,
    agenda: Rect,
    queue: Rect,
    notes: Rect,
    extracted: Rect,
    status: Rect,
    hints: Rect,
    /// What the overlays that answer the status line cover: all but its rows.
    above: Rect,
}

impl Panes {
    fn of(area: Rect, app: &App, theme: &Theme) -> Panes {
        // A long message takes a second row rather than being cut.
        let status_rows = status::rows(app, area.width).len().max(1) as u16;
        let [header, gauge, body, status, hints] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(8),
            Constraint::Length(status_rows),
            Constraint::Length(1),
        ])
        .areas(area);
        let above = Rect {
            height: area.height - status_rows - 1,
            ..area
        };
        let (agenda, queue, notes, extracted) = if area.width >= WIDE {
            // The queue takes the width its names need, between 28% and 40% of the
            // screen; the notes have the rest.
            let side_width =
                queue::wanted_width(app).clamp(body.width * 28 / 100, body.width * 2 / 5);
            let [agenda, notes, side] = Layout::horizontal([
                Constraint::Percentage(32),
                Constraint::Min(20),
                Constraint::Length(side_width),
            ])
            .areas(body);
            let [queue, extracted] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(side);
            (agenda, queue, notes, extracted)
        } else {
            let [agenda, side] =
                Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                    .areas(body);
            let queue_rows = (app.meeting.queue.waiting.len() as u16
                + queue::speaker_rows(app, theme) as u16
                + 2)
            .clamp(4, 9);
            let [queue, notes, extracted] = Layout::vertical([
                Constraint::Length(queue_rows),
                Constraint::Min(4),
                Constraint::Length(5),
            ])
            .areas(side);
            (agenda, queue, notes, extracted)
        };
        Panes {
            header,
            gauge,
            agenda,
            queue,
            notes,
            extracted,
            status,
            hints,
            above,
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    drawn(frame, app, theme);
}

/// Draws the frame; the notes pane as drawn, unless the screen is too small for panes.
fn drawn(frame: &mut Frame, app: &App, theme: &Theme) -> Option<notes::Drawn> {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return None;
    }
    let p = Panes::of(area, app, theme);
    clocked(frame.buffer_mut(), &p, app, theme);
    let notes = notes::draw(frame.buffer_mut(), p.notes, app, theme);
    notes::extracted(frame, p.extracted, app, theme);
    status::draw(frame, p.status, p.hints, app, theme);
    let above = p.above;
    match &app.mode {
        Mode::Help { scroll } => help::draw(frame, area, *scroll, theme),
        Mode::Picker(p) => overlay::picker(frame, area, p, theme),
        Mode::Attendance(r) => overlay::attendance(frame, area, r, app, theme),
        Mode::Preview { text, scroll } => overlay::preview(frame, above, text, *scroll, app, theme),
        Mode::Messages { scroll } => messages::draw(frame, above, *scroll, app, theme),
        Mode::Speaking { scroll } => speaking::draw(frame, above, *scroll, app, theme),
        _ => {}
    }
    scrub(&mut frame.buffer_mut().content);
    Some(notes)
}

/// What a frame shows besides the notes pane. A key typed into the notes changes
/// nothing else: when the glance is the same as at the last whole frame, that frame
/// with the notes pane drawn anew (`draw_notes`) is the frame `draw` would draw, for
/// a fraction of the work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glance {
    notes_mode: bool,
    /// The clocks move on together (`App::clock`).
    clock: chrono::DateTime<chrono::Utc>,
    status: Option<(crate::app::Level, String)>,
    messages: usize,
    item: usize,
}

impl Glance {
    /// Whether `other` shows the same but for the clocks.
    pub fn same_but_the_clock(&self, other: &Glance) -> bool {
        Glance {
            clock: other.clock,
            ..self.clone()
        } == *other
    }

    pub fn of(app: &App) -> Glance {
        Glance {
            notes_mode: app.mode == Mode::Notes,
            clock: app.clock(),
            status: app.status.as_ref().map(|s| (s.level, s.text.clone())),
            messages: app.messages.len(),
            item: app.notes.item,
        }
    }
}

/// The panes that show the time: all a frame changes when only the clocks moved on.
fn clocked(buf: &mut ratatui::buffer::Buffer, p: &Panes, app: &App, theme: &Theme) {
    for (area, draw) in clocked_panes(p) {
        draw(buf, area, app, theme);
    }
}

/// A pane drawn into its area of the buffer.
type DrawPane = fn(&mut ratatui::buffer::Buffer, Rect, &App, &Theme);

/// Where the panes that show the time are, and how each is drawn: each draws within
/// its area alone, so a clocks frame draws each into a buffer of that area.
fn clocked_panes(p: &Panes) -> [(Rect, DrawPane); 4] {
    [
        (p.header, header::draw),
        (p.gauge, header::gauge),
        (p.agenda, agenda::draw),
        (p.queue, queue::draw),
    ]
}

/// Where the notes pane is on a screen of `area`.
fn notes_pane(area: Rect, app: &App, theme: &Theme) -> Rect {
    Panes::of(area, app, theme).notes
}

/// The notes pane alone with `chrome`, into a buffer that holds just its cells: what a
/// key typed into the notes changes (see `Glance`), drawn as `draw` draws it.
fn draw_notes(
    buf: &mut ratatui::buffer::Buffer,
    chrome: &notes::Chrome,
    app: &App,
    theme: &Theme,
) -> Option<(Rect, crate::app::notes::Screen)> {
    let text = notes::paint(buf, chrome, app, theme);
    scrub(&mut buf.content);
    text
}

/// Row `i` of the notes' text, in a buffer that holds just that row's cells, drawn as
/// `draw_notes` draws it.
fn draw_notes_row(buf: &mut ratatui::buffer::Buffer, screen: &crate::app::notes::Screen, i: usize) {
    let a = buf.area;
    let text = screen.rows.get(i).map_or("", String::as_str);
    notes::row(buf, a.x, a.y, a.width, text, screen.cursor_on(i));
    scrub(&mut buf.content);
}

pub(crate) fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("terminal too small", theme.warning),
        Line::styled(
            format!(
                "{}×{}: agendum needs at least {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            ),
            theme.text,
        ),
        Line::styled("(everything is kept; enlarge the window)", theme.muted),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).centered(),
        rect,
    );
}

/// Cuts a text to `width` characters with an ellipsis, shown as `shown` makes it.
pub fn fit(text: &str, width: usize) -> String {
    let text = shown(text);
    if text.chars().count() <= width {
        return text.into_owned();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// `text` broken into rows of at most `width` columns at the spaces between words (a
/// word wider than a row is broken where the row ends); nothing is left out.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let needed = if row.is_empty() {
            word.width()
        } else {
            row.width() + 1 + word.width()
        };
        if needed <= width {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        for c in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if row.width() + w > width && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// A name or title on one line of the screen. The agenda's text never has escape
/// sequences or control characters (the loader refuses them); names and titles from
/// elsewhere (a journal, notes files) might, and the buffer alone would drop only the
/// control characters, leaving "[2J" on screen and the columns miscounted.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    crate::shown::line(text)
}

/// A pane's frame: the focused pane's border and title stand out. Titles name items
/// and people (a notetaker's name comes from a file in the meeting folder), so they
/// are shown as `shown` makes them, whoever built them.
fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let (style, kind) = if focused {
        (theme.focus, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    let mut title = title.into();
    for span in &mut title.spans {
        if let Cow::Owned(clean) = shown(&span.content) {
            span.content = Cow::Owned(clean);
        }
    }
    Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(style)
        .title(title.style(if focused { theme.focus } else { theme.accent }))
}

/// The last look at a frame before it reaches the terminal. Widgets draw text as they
/// are given it, and ratatui keeps a zero-width character (a direction override) in
/// the cell before it; the notes editor shows notes as a journal from another computer
/// may have left them. No cell may hold what `shown` removes.
pub fn scrub(cells: &mut [ratatui::buffer::Cell]) {
    for cell in cells {
        if cell.symbol().contains(crate::shown::is_hidden) {
            let clean: String = cell
                .symbol()
                .chars()
                .filter(|&c| !crate::shown::is_hidden(c))
                .collect();
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

/// A pane holding a list; the selection shows only while the pane has the focus.
fn pane_list(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    rows: Vec<ListItem>,
    title: String,
    is_focused: bool,
    selected: Option<usize>,
    theme: &Theme,
) {
    let list = List::new(rows)
        .block(pane(title, is_focused, theme))
        .highlight_style(if is_focused {
            theme.selection
        } else {
            Style::default()
        });
    let mut state = ListState::default().with_selected(selected);
    ratatui::widgets::StatefulWidget::render(list, area, buf, &mut state);
}

fn focused(app: &App, p: Pane) -> bool {
    app.mode == Mode::Normal && app.focus == p
}

/// The style of a timer reading against its limit: warning from 80%, overrun past it.
fn timer_style(spent: chrono::TimeDelta, limit: Option<chrono::TimeDelta>, theme: &Theme) -> Style {
    match limit {
        Some(l) if l > chrono::TimeDelta::zero() && spent > l => theme.overrun,
        Some(l) if l > chrono::TimeDelta::zero() && spent * 5 >= l * 4 => theme.warning,
        _ => theme.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;
    use ratatui::widgets::Widget;

    #[test]
    fn wrapping_breaks_at_spaces_and_loses_nothing() {
        assert_eq!(wrap("abc def ghi", 7), vec!["abc def", "ghi"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(wrap("Raúl 東京 x", 7), vec!["Raúl", "東京 x"]);
        let text = "a long line of words that goes on and on past the edge";
        assert_eq!(wrap(text, 10).join(" "), text);
    }

    #[test]
    fn a_scrubbed_frame_holds_no_control_or_direction_character() {
        let area = Rect::new(0, 0, 12, 1);
        let mut buffer = ratatui::buffer::Buffer::empty(area);
        // A span keeps a zero-width override in the cell before it.
        Span::raw("ab\u{202e}cd\u{200f}\u{85}e").render(area, &mut buffer);
        assert!(
            buffer
                .content
                .iter()
                .any(|c| c.symbol().contains('\u{202e}'))
        );
        scrub(&mut buffer.content);
        let text: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(text.trim_end(), "abcde");
    }
}
