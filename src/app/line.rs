//! A one-line text field: the command line, the picker's filter, a guest's name.

use super::Key;
use crate::report::markdown::neutralise;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// In characters, not bytes, so that accented names edit as a person expects.
    cursor: usize,
}

impl LineInput {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    /// Applies an editing key; `false` when the key is not one a line editor uses.
    pub fn key(&mut self, key: Key) -> bool {
        let len = self.text.chars().count();
        match key {
            Key::Char(c) => self.insert(c),
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.remove(self.cursor);
            }
            Key::Delete if self.cursor < len => self.remove(self.cursor),
            Key::Backspace | Key::Delete => {}
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(len),
            Key::Home | Key::Ctrl('a') => self.cursor = 0,
            Key::End | Key::Ctrl('e') => self.cursor = len,
            Key::Ctrl('u') => {
                let rest: String = self.text.chars().skip(self.cursor).collect();
                self.text = rest;
                self.cursor = 0;
            }
            Key::Ctrl('w') => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.text = chars[..start].iter().chain(&chars[self.cursor..]).collect();
                self.cursor = start;
            }
            _ => return false,
        }
        true
    }

    /// Pasted text: line breaks become spaces and escape sequences go, so a paste can
    /// never run a command or reach the terminal.
    pub fn paste(&mut self, text: &str) {
        for c in neutralise(text).chars() {
            self.insert(if c == '\n' || c == '\t' { ' ' } else { c });
        }
    }

    fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    fn remove(&mut self, char_index: usize) {
        let at = self.byte(char_index);
        self.text.remove(at);
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key]) -> LineInput {
        let mut l = LineInput::default();
        for k in keys {
            l.key(*k);
        }
        l
    }

    #[test]
    fn edits_by_characters_not_bytes() {
        let mut l = typed(&[
            Key::Char('R'),
            Key::Char('a'),
            Key::Char('ú'),
            Key::Char('l'),
        ]);
        assert_eq!(l.text(), "Raúl");
        l.key(Key::Left);
        l.key(Key::Backspace);
        assert_eq!((l.text(), l.cursor()), ("Ral", 2));
        l.key(Key::Home);
        l.key(Key::Delete);
        assert_eq!(l.text(), "al");
        l.key(Key::End);
        l.key(Key::Backspace);
        l.key(Key::Backspace);
        l.key(Key::Backspace);
        assert_eq!((l.text(), l.cursor()), ("", 0));
    }

    #[test]
    fn ctrl_w_deletes_a_word_and_ctrl_u_the_start() {
        let mut l = LineInput::default();
        l.set("q+ Raul reply");
        l.key(Key::Ctrl('w'));
        assert_eq!(l.text(), "q+ Raul ");
        l.key(Key::Ctrl('u'));
        assert_eq!(l.text(), "");
    }

    #[test]
    fn a_paste_is_one_harmless_line() {
        let mut l = LineInput::default();
        l.paste("action Ana:\u{1b}[2J do it\nnow\u{7}");
        assert_eq!(l.text(), "action Ana: do it now");
        assert!(!l.key(Key::Tab));
    }
}
