//! The lines of the notes that keys edit: a text area, or, while characters are only
//! typed into the cursor's line or taken back from it, that line alone.
//!
//! The text area measures its whole line again on every edit, and a paragraph of
//! notes is one line: a character typed through it costs as much as the paragraph is
//! long, several times what the rest of the key costs. A character typed or deleted
//! before the cursor changes nothing but the line and the cursor, so it is made here;
//! any other key gets a text area again (holding the same line, cursor and cut text),
//! and it does exactly what it did. A selection, and a cursor past the column a text
//! area's jump reaches, stay with the text area.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, DataCursor, TextArea, WrapMode};

pub(super) enum Held {
    /// Boxed: it is ten times the line's size, and moved whole between the two.
    Area(Box<TextArea<'static>>),
    Line(Line),
}

/// The cursor's line, edited here.
pub(super) struct Line {
    /// One line: a slice of it is what the text area's lines would be.
    lines: Vec<String>,
    /// The cursor: a character of the line, and the byte it begins at.
    col: usize,
    byte: usize,
    /// The text cut last, for the text area's paste.
    yank: String,
}

/// A key that `Held::type_key` makes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKey {
    /// A character inserted at the cursor (never a line break).
    Char(char),
    /// The character before the cursor taken out (the cursor not at the line's start).
    Backspace,
}

impl Default for Held {
    fn default() -> Self {
        Held::Area(Box::new(fresh_area(TextArea::default())))
    }
}

impl Held {
    /// A text area holding `lines`, the cursor at (`row`, `col`) of them; `yank` kept
    /// for its paste.
    pub(super) fn new(lines: Vec<String>, row: usize, col: usize, yank: String) -> Self {
        let mut area = fresh_area(TextArea::new(lines));
        area.set_yank_text(yank);
        area.move_cursor(jump(row, col));
        Held::Area(Box::new(area))
    }

    pub(super) fn lines(&self) -> &[String] {
        match self {
            Held::Area(a) => a.lines(),
            Held::Line(l) => &l.lines,
        }
    }

    pub(super) fn cursor(&self) -> DataCursor {
        match self {
            Held::Area(a) => a.cursor(),
            Held::Line(l) => DataCursor(0, l.col),
        }
    }

    /// The byte of its line the cursor is at.
    pub(super) fn cursor_byte(&self) -> usize {
        match self {
            Held::Area(a) => {
                let DataCursor(row, col) = a.cursor();
                a.lines().get(row).map_or(0, |line| byte_of(line, col))
            }
            Held::Line(l) => l.byte,
        }
    }

    pub(super) fn is_selecting(&self) -> bool {
        matches!(self, Held::Area(a) if a.is_selecting())
    }

    pub(super) fn is_empty(&self) -> bool {
        self.lines() == [""]
    }

    pub(super) fn yank_text(&self) -> String {
        match self {
            Held::Area(a) => a.yank_text(),
            Held::Line(l) => l.yank.clone(),
        }
    }

    pub(super) fn into_lines(self) -> Vec<String> {
        match self {
            Held::Area(a) => a.into_lines(),
            Held::Line(l) => l.lines,
        }
    }

    /// The cursor to character `col` of line `row` of those held.
    pub(super) fn jump(&mut self, row: usize, col: usize) {
        match self {
            Held::Line(l) if row == 0 => {
                let line = &l.lines[0];
                // As far as the text area's jump reaches.
                let col = col.min(usize::from(u16::MAX));
                l.byte = byte_of(line, col);
                l.col = line[..l.byte].chars().count();
            }
            _ => self.area().move_cursor(jump(row, col)),
        }
    }

    /// The text area, made again from the line if it was edited here.
    pub(super) fn area(&mut self) -> &mut TextArea<'static> {
        if let Held::Line(l) = self {
            let line = std::mem::take(l);
            *self = Held::new(line.lines, 0, line.col, line.yank);
        }
        match self {
            Held::Area(a) => a,
            Held::Line(_) => unreachable!("the line was just put in a text area"),
        }
    }

    /// Makes `key` here when only one line is held and nothing is selected, as the text
    /// area would have made it; whether it was (`false`: it is the text area's).
    pub(super) fn type_key(&mut self, key: LineKey) -> bool {
        if let Held::Area(a) = self {
            let col = a.cursor().1;
            if a.lines().len() != 1 || a.is_selecting() || col >= usize::from(u16::MAX) {
                return false;
            }
            let yank = a.yank_text();
            let lines = std::mem::take(&mut **a).into_lines();
            let byte = byte_of(&lines[0], col);
            *self = Held::Line(Line {
                lines,
                col,
                byte,
                yank,
            });
        }
        let Held::Line(l) = self else {
            return false;
        };
        // The text area is made again with its cursor placed by a jump, which reaches
        // column 65,535 at the most: past it, the text area keeps the cursor.
        if l.col >= usize::from(u16::MAX) {
            return false;
        }
        let Some(byte) = key.make(&mut l.lines[0], l.byte) else {
            return false;
        };
        l.col = match key {
            LineKey::Char(_) => l.col + 1,
            LineKey::Backspace => l.col - 1,
        };
        l.byte = byte;
        true
    }
}

impl LineKey {
    /// Makes this key in `line` with the cursor at byte `at`: where the cursor goes
    /// (`None`: a backspace at the line's start, which is the text area's).
    pub(super) fn make(self, line: &mut String, at: usize) -> Option<usize> {
        match self {
            LineKey::Char(c) => {
                line.insert(at, c);
                Some(at + c.len_utf8())
            }
            LineKey::Backspace => {
                let c = line[..at].chars().next_back()?;
                let at = at - c.len_utf8();
                line.remove(at);
                Some(at)
            }
        }
    }
}

impl Default for Line {
    fn default() -> Self {
        Line {
            lines: vec![String::new()],
            col: 0,
            byte: 0,
            yank: String::new(),
        }
    }
}

/// The byte character `col` of `line` begins at (its end past the last).
fn byte_of(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
}

fn jump(row: usize, col: usize) -> CursorMove {
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    CursorMove::Jump(clamp(row), clamp(col))
}

/// The text area's settings, on a text area just filled. It is never drawn (the pane
/// is laid out by the editor), so it neither wraps nor styles; undo is kept by the
/// editor.
fn fresh_area(mut a: TextArea<'static>) -> TextArea<'static> {
    a.set_wrap_mode(WrapMode::None);
    a.set_max_histories(0);
    a.set_cursor_line_style(Style::default());
    a.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    a
}
