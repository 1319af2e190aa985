//! The notes editor: one item's notes in a soft-wrapped text area. The meeting hears
//! of edits at most once a second (and whenever the editor is left), because an
//! item's notes travel whole and a keystroke should not copy a long text.
//!
//! The text area holds only a window of the notes around the cursor, the lines
//! above and below waiting outside it: the text area wraps all its lines again on
//! every edit, so with the whole of a long item's notes in it each key would cost
//! tens of milliseconds. The window moves when the cursor reaches its edge.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, DataCursor, Input, Key, TextArea, WrapMode};

use crate::notes::{Extracted, Problem, Reading, extract};
use crate::report::markdown::neutralise_typed;

/// How much of the notes the window holds on each side of the cursor: far more than
/// a screen shows, little enough to wrap in well under a millisecond.
const WINDOW_CHARS: usize = 6_000;
const WINDOW_LINES: usize = 150;

pub struct NotesEditor {
    /// The item, from 0; sub-items write in their item's notes.
    pub item: usize,
    area: TextArea<'static>,
    /// The lines before and after the window.
    above: Vec<String>,
    below: Vec<String>,
    /// Edited since the meeting last heard of it.
    pub dirty: bool,
    /// When the first edit the meeting has not heard of was made (by the clock of
    /// whoever asks): what is typed is handed over by `SAVE_WITHIN` of it, whatever
    /// keeps coming.
    pub dirty_since: Option<chrono::DateTime<chrono::Utc>>,
    /// The decisions, actions and next steps of the notes as the meeting last heard
    /// them, so drawing never parses notes.
    pub extracted: Extracted,
    reading: Reading,
    /// The problems of these notes the status line has told already.
    told: Vec<Problem>,
    editing: bool,
}

impl NotesEditor {
    pub fn new(item: usize, text: &str, reading: Reading) -> Self {
        let mut e = NotesEditor {
            item,
            area: TextArea::default(),
            above: Vec::new(),
            below: Vec::new(),
            dirty: false,
            dirty_since: None,
            extracted: Extracted::default(),
            reading,
            told: Vec::new(),
            editing: false,
        };
        e.load(item, text);
        e
    }

    /// Shows another text (another item, or a change made elsewhere), cursor at its end.
    pub fn load(&mut self, item: usize, text: &str) {
        self.item = item;
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        let col = lines[last].chars().count();
        self.window(lines, last, col);
        self.area = fresh_area(std::mem::take(&mut self.area), self.editing);
        self.dirty = false;
        self.extracted = extract(text, &self.reading);
        self.told = self.extracted.problems.clone();
    }

    /// Shows the text as changed elsewhere while it is being read or typed: the cursor
    /// stays on the line it was on, found again by its words where lines came or went
    /// above it. The undo history starts again from here.
    pub fn replace(&mut self, text: &str) {
        let DataCursor(row, col) = self.area.cursor();
        let row = row + self.above.len();
        let old_line = self
            .area
            .lines()
            .get(row - self.above.len())
            .cloned()
            .unwrap_or_default();
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        // Nothing shown, or the line gone: the end, where notes grow.
        let (near, col) = match (0..lines.len())
            .filter(|&i| lines[i] == old_line && !self.is_empty())
            .min_by_key(|&i| i.abs_diff(row))
        {
            Some(i) => (i, col.min(lines[i].chars().count())),
            None => (last, lines[last].chars().count()),
        };
        let dirty = self.dirty;
        self.window(lines, near, col);
        self.area = fresh_area(std::mem::take(&mut self.area), self.editing);
        self.dirty = dirty;
        self.extracted = extract(text, &self.reading);
    }

    /// Where the cursor is in the whole text, in bytes.
    pub fn cursor_offset(&self) -> usize {
        let DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let before: usize = self
            .above
            .iter()
            .chain(&lines[..row.min(lines.len())])
            .map(|l| l.len() + 1)
            .sum();
        let line = lines.get(row).map_or("", String::as_str);
        before + line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
    }

    /// Shows the text as changed elsewhere while it is being read or typed, the cursor
    /// at byte `offset` of it (where the change moved it). The undo history starts again
    /// from here.
    pub fn replace_at(&mut self, text: &str, offset: usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let row = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..offset].chars().count();
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let dirty = self.dirty;
        self.window(lines, row, col);
        self.area = fresh_area(std::mem::take(&mut self.area), self.editing);
        self.dirty = dirty;
        self.extracted = extract(text, &self.reading);
    }

    /// The problems of the notes shown: labelled lines that could not be read, and
    /// owners `known` has a problem with.
    pub fn problems(&self, known: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let mut x = Extracted {
            entries: self.extracted.entries.clone(),
            problems: self.extracted.problems.clone(),
            prose: Vec::new(),
        };
        x.check_owners(known);
        x.problems
    }

    /// A problem that appeared since the last call, said the way the status line says
    /// it ("notes line 3: …"), with how many more there are.
    pub fn untold(&mut self, known: impl Fn(&str) -> Option<String>) -> Option<String> {
        let now = self.problems(known);
        let new: Vec<&Problem> = now.iter().filter(|p| !self.told.contains(p)).collect();
        let said = new.first().map(|p| {
            let more = match new.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            format!("notes line {}: {}{more}", p.line, p.what)
        });
        self.told = now;
        said
    }

    /// The text area, for drawing.
    pub fn area(&self) -> &TextArea<'static> {
        &self.area
    }

    pub fn is_empty(&self) -> bool {
        self.above.is_empty() && self.below.is_empty() && self.area.is_empty()
    }

    pub fn text(&self) -> String {
        let mut all: Vec<&str> =
            Vec::with_capacity(self.above.len() + self.area.lines().len() + self.below.len());
        all.extend(self.above.iter().map(String::as_str));
        all.extend(self.area.lines().iter().map(String::as_str));
        all.extend(self.below.iter().map(String::as_str));
        all.join("\n")
    }

    /// Whether the editor holds exactly `text`, told without building its own text.
    pub fn shows(&self, text: &str) -> bool {
        let mut lines = text.split('\n');
        self.above
            .iter()
            .chain(self.area.lines())
            .chain(&self.below)
            .all(|l| lines.next() == Some(l.as_str()))
            && lines.next().is_none()
    }

    /// The text, once, when it has changed since the meeting last heard of it.
    pub fn take_changes(&mut self) -> Option<String> {
        if !self.dirty {
            return None;
        }
        self.dirty = false;
        self.dirty_since = None;
        let text = self.text();
        self.extracted = extract(&text, &self.reading);
        Some(text)
    }

    /// Typing is handed over at the latest this long after its first unsaved edit, so
    /// that with the journal's write it is durable within a second.
    pub const SAVE_WITHIN: chrono::TimeDelta = chrono::TimeDelta::milliseconds(500);

    /// Notes the time of the first unsaved edit; whether the typing is due to be handed
    /// over now.
    pub fn save_due(&mut self, now: chrono::DateTime<chrono::Utc>) -> bool {
        if !self.dirty {
            self.dirty_since = None;
            return false;
        }
        let since = *self.dirty_since.get_or_insert(now);
        now - since >= Self::SAVE_WITHIN
    }

    /// How long until the typing is due to be handed over (`None`: nothing to hand over).
    pub fn save_due_in(&self, now: chrono::DateTime<chrono::Utc>) -> Option<std::time::Duration> {
        let since = self.dirty_since.filter(|_| self.dirty)?;
        Some(
            (since + Self::SAVE_WITHIN - now)
                .to_std()
                .unwrap_or(std::time::Duration::ZERO),
        )
    }

    /// A key typed into the notes; whether it changed them.
    pub fn input(&mut self, input: Input) -> bool {
        let changed = self.area.input(input);
        self.dirty |= changed;
        self.follow_cursor();
        changed
    }

    pub fn undo(&mut self) {
        self.dirty |= self.area.undo();
    }

    pub fn redo(&mut self) {
        self.dirty |= self.area.redo();
    }

    /// Scrolls the view by `rows` without editing (the notes pane has the focus).
    pub fn scroll(&mut self, rows: i16) {
        let key = if rows < 0 { Key::Up } else { Key::Down };
        for _ in 0..rows.unsigned_abs() {
            self.area.input(Input {
                key,
                ..Input::default()
            });
            self.follow_cursor();
        }
    }

    /// After a resize: the view starts again from the top as far as the cursor allows,
    /// so a window made larger shows the text above instead of empty rows below.
    pub fn refit(&mut self) {
        let DataCursor(row, col) = self.area.cursor();
        self.area.scroll((-i16::MAX, 0));
        self.area.move_cursor(jump(row, col));
    }

    /// The cursor shows only while the notes are being edited.
    pub fn show_cursor(&mut self, editing: bool) {
        if self.editing != editing {
            self.editing = editing;
            self.area.set_cursor_style(cursor_style(editing));
        }
    }

    /// A pasted text as one edit (one undo step), without escape sequences.
    pub fn paste(&mut self, text: &str) {
        if self.area.insert_str(neutralise_typed(text)) {
            self.dirty = true;
        }
    }

    /// Moves the window when the cursor has reached a line at its edge with more text
    /// beyond, so the lines around the cursor are always in it. Moving it starts the
    /// text area afresh, so the undo history does not reach back across such a move.
    fn follow_cursor(&mut self) {
        let DataCursor(row, col) = self.area.cursor();
        let at_top = row == 0 && !self.above.is_empty();
        let at_bottom = row + 1 == self.area.lines().len() && !self.below.is_empty();
        if !at_top && !at_bottom {
            return;
        }
        let mut lines = std::mem::take(&mut self.above);
        let row = row + lines.len();
        lines.extend(self.area.lines().iter().cloned());
        lines.append(&mut self.below);
        self.window(lines, row, col);
        self.area = fresh_area(std::mem::take(&mut self.area), self.editing);
    }

    /// Splits `lines` into the lines above, the window and the lines below, around
    /// the cursor at (`row`, `col`), and puts the window in the text area.
    fn window(&mut self, mut lines: Vec<String>, row: usize, col: usize) {
        let reach = |range: &mut dyn Iterator<Item = usize>| {
            let (mut chars, mut count, mut last) = (0, 0, None);
            for i in range {
                if chars >= WINDOW_CHARS || count >= WINDOW_LINES {
                    break;
                }
                chars += lines[i].len();
                count += 1;
                last = Some(i);
            }
            last
        };
        let start = reach(&mut (0..row).rev()).unwrap_or(row);
        let end = reach(&mut (row + 1..lines.len())).map_or(row + 1, |i| i + 1);
        self.below = lines.split_off(end);
        let window = lines.split_off(start);
        self.above = lines;
        let mut area = TextArea::new(window);
        area.move_cursor(jump(row - start, col));
        self.area = area;
    }
}

fn jump(row: usize, col: usize) -> CursorMove {
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    CursorMove::Jump(clamp(row), clamp(col))
}

fn cursor_style(editing: bool) -> Style {
    if editing {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

/// The text area's settings, on a text area just filled.
fn fresh_area(mut a: TextArea<'static>, editing: bool) -> TextArea<'static> {
    a.set_wrap_mode(WrapMode::Word);
    a.set_max_histories(1000);
    // The line under the cursor is not underlined: notes are read more than edited.
    a.set_cursor_line_style(Style::default());
    a.set_cursor_style(cursor_style(editing));
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Reading {
        Reading::lines(chrono::NaiveDate::from_ymd_opt(2024, 6, 3).unwrap())
    }

    fn key(key: Key) -> Input {
        Input {
            key,
            ..Input::default()
        }
    }

    #[test]
    fn text_round_trips_with_its_final_line_break() {
        let e = NotesEditor::new(0, "a\nb\n", date());
        assert_eq!(e.text(), "a\nb\n");
        assert_eq!(NotesEditor::new(0, "", date()).text(), "");
    }

    #[test]
    fn a_paste_is_one_undo_step_and_harmless() {
        let mut e = NotesEditor::new(0, "x", date());
        e.paste("one\u{1b}[31m\r\ntwo\nthree");
        assert_eq!(e.text(), "xone\ntwo\nthree");
        assert_eq!(e.take_changes().as_deref(), Some("xone\ntwo\nthree"));
        assert_eq!(e.take_changes(), None);
        e.undo();
        assert_eq!(e.text(), "x");
    }

    #[test]
    fn decisions_are_extracted_when_the_changes_are_taken() {
        let mut e = NotesEditor::new(0, "", date());
        e.paste("DECISION: adopt the charter\n");
        assert!(e.extracted.entries.is_empty());
        e.take_changes();
        assert_eq!(e.extracted.entries.len(), 1);
    }

    #[test]
    fn a_text_changed_elsewhere_keeps_the_cursor_on_its_line() {
        let mut e = NotesEditor::new(0, "one\ntwo\nthree", date());
        e.input(key(Key::Up));
        e.input(key(Key::Home));
        e.input(key(Key::Char('>')));
        e.take_changes();
        e.replace("zero\none\n>two\nthree\nfour");
        e.input(key(Key::Char('!')));
        assert_eq!(e.text(), "zero\none\n>!two\nthree\nfour");
    }

    #[test]
    fn a_long_text_is_edited_through_a_window_that_follows_the_cursor() {
        let text: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let mut e = NotesEditor::new(0, &text, date());
        assert!(e.area.lines().len() <= WINDOW_LINES + 1);
        assert_eq!(e.text(), text);
        assert!(e.shows(&text));
        assert!(!e.shows(&text[..text.len() - 1]));
        assert!(!e.shows(&format!("{text}\n")));
        // Typing at the end, then walking to the top and typing there.
        e.input(key(Key::Char('z')));
        for _ in 0..2000 {
            e.input(key(Key::Up));
        }
        e.input(key(Key::Home));
        e.input(key(Key::Char('a')));
        let mut expected = format!("a{text}");
        expected.push('z');
        assert_eq!(e.text(), expected);
        assert!(e.area.lines().len() <= 2 * WINDOW_LINES + 1);
        // And down again to the end, where the window ends with the text.
        for _ in 0..2000 {
            e.input(key(Key::Down));
        }
        e.input(key(Key::End));
        e.input(key(Key::Char('!')));
        expected.push('!');
        assert_eq!(e.text(), expected);
    }
}
