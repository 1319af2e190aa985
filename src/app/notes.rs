//! The notes editor: one item's notes in a soft-wrapped text area. The meeting hears
//! of edits at most once a second (and whenever the editor is left), because an
//! item's notes travel whole and a keystroke should not copy a long text.

use chrono::NaiveDate;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, DataCursor, TextArea, WrapMode};

use crate::notes::{Extracted, extract};
use crate::report::markdown::neutralise;

pub struct NotesEditor {
    /// The item, from 0; sub-items write in their item's notes.
    pub item: usize,
    pub area: TextArea<'static>,
    /// Edited since the meeting last heard of it.
    pub dirty: bool,
    /// The decisions, actions and next steps of the notes as the meeting last heard
    /// them, so drawing never parses notes.
    pub extracted: Extracted,
    date: NaiveDate,
}

impl NotesEditor {
    pub fn new(item: usize, text: &str, date: NaiveDate) -> Self {
        NotesEditor {
            item,
            area: area(text),
            dirty: false,
            extracted: extract(text, date),
            date,
        }
    }

    /// Shows another text (another item, or a change made elsewhere), cursor at its end.
    pub fn load(&mut self, item: usize, text: &str) {
        self.item = item;
        self.area = area(text);
        self.dirty = false;
        self.extracted = extract(text, self.date);
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The text, once, when it has changed since the meeting last heard of it.
    pub fn take_changes(&mut self) -> Option<String> {
        if !self.dirty {
            return None;
        }
        self.dirty = false;
        let text = self.text();
        self.extracted = extract(&text, self.date);
        Some(text)
    }

    /// After a resize: the view starts again from the top as far as the cursor allows,
    /// so a window made larger shows the text above instead of empty rows below.
    pub fn refit(&mut self) {
        let DataCursor(row, col) = self.area.cursor();
        self.area.scroll((-i16::MAX, 0));
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        self.area
            .move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
    }

    /// The cursor shows only while the notes are being edited.
    pub fn show_cursor(&mut self, editing: bool) {
        let style = if editing {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        if self.area.cursor_style() != style {
            self.area.set_cursor_style(style);
        }
    }

    /// A pasted text as one edit (one undo step), without escape sequences.
    pub fn paste(&mut self, text: &str) {
        let clean = neutralise(text).replace("\r\n", "\n").replace('\r', "\n");
        if self.area.insert_str(clean) {
            self.dirty = true;
        }
    }
}

fn area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut a = TextArea::new(lines);
    a.set_wrap_mode(WrapMode::Word);
    a.set_max_histories(1000);
    // The line under the cursor is not underlined: notes are read more than edited.
    a.set_cursor_line_style(Style::default());
    a.move_cursor(CursorMove::Bottom);
    a.move_cursor(CursorMove::End);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
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
        e.area.undo();
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
}
