//! The one door to a terminal for text agendum did not make itself. Whatever was read
//! from the meeting folder (lock files, presence files, notes, file names) or from a
//! journal (names, items, topics) reaches the screen, stdout or stderr through here:
//! escape sequences dropped whole, control and bidirectional formatting characters
//! removed, as pasted text is cleaned (`report::markdown::neutralise`). Anyone who can
//! write the shared drive could otherwise write the clipboard, clear the screen or
//! make one name read as another on every screen that shows it.

use std::borrow::Cow;

use crate::report::markdown::{is_bidi_control, neutralise};

/// Text that may span lines (a message, a report): tabs and line breaks are kept.
pub fn lines(text: &str) -> Cow<'_, str> {
    neutralise(text)
}

/// Text on one line (a name, a title, a path in a sentence): line breaks and tabs
/// become spaces too, so that the line stays one and its columns count right.
pub fn line(text: &str) -> Cow<'_, str> {
    match neutralise(text) {
        Cow::Borrowed(t) if !t.contains(['\n', '\t']) => Cow::Borrowed(t),
        clean => Cow::Owned(clean.replace(['\n', '\t'], " ")),
    }
}

/// The columns the widest of `names` takes as shown on one line (0 for none).
pub fn widest<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names
        .map(|n| unicode_width::UnicodeWidthStr::width(line(n).as_ref()))
        .max()
        .unwrap_or(0)
}

/// Whether a character must never reach a terminal, even alone in a screen's cell.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_loses_sequences_controls_and_direction_and_stays_one_line() {
        assert_eq!(
            line("otherhost\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\n(\u{202e}evil\u{200f}\t)"),
            "otherhost (evil )"
        );
        assert_eq!(lines("one\u{9b}2J\n\ttwo\u{61c}"), "one\n\ttwo");
        assert!(matches!(line("plain"), Cow::Borrowed("plain")));
        assert!(is_hidden('\u{202e}') && is_hidden('\u{85}') && !is_hidden('é'));
    }
}
