//! Errors about a user's file, told the way a compiler tells them: where, what was
//! expected, and the offending line, so a chair can fix an agenda without guessing.

use std::fmt;
use std::ops::Range;
use std::rc::Rc;

/// At most this many diagnostics of a file are listed; the rest are only counted. A
/// file can hold hundreds of thousands of errors (every line of a binary file is one),
/// and nobody reads past the first screenfuls: past them, listing costs time, memory
/// and the reader's patience.
pub const LISTED: usize = 50;

/// A line up to this many characters is shown whole; a longer one only around the
/// column, so that one error cannot print a whole file written on one line.
const SHOWN_LINE: usize = 200;
/// Of a long line: how many characters are shown before the column, and from it.
const SHOWN_BEFORE: usize = 80;
const SHOWN_FROM: usize = 120;

/// One problem found in a file, located by byte span in that file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line, verbatim but with control characters made visible; of a
    /// line longer than `SHOWN_LINE` characters, only the part around the column, its
    /// cut ends marked `…`.
    pub source_line: String,
    /// Where in `source_line` (in characters) the caret points.
    pub caret: usize,
}

impl Diagnostic {
    /// Locates `span` in `text`; spans past the end point at the last character. For
    /// many diagnostics of one text, `Findings` indexes its lines once.
    pub fn at(path: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Lines::new(text).diagnostic(path, span.start, message.into())
    }

    /// A problem with something that is not a file to read (a path where nothing is,
    /// a folder, a theme's name): no line and column, which would send an editor to a
    /// file that is not there. Told as "PATH: MESSAGE" (an empty path: the message).
    pub fn unlocated(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
            caret: 0,
        }
    }

    /// Whether the diagnostic has a place in a file.
    pub fn located(&self) -> bool {
        self.line > 0
    }

    /// A problem with the file as a whole (size, encoding), reported at 1:1.
    pub fn whole_file(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: String::new(),
            caret: 0,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.located() {
            return match self.path.as_str() {
                "" => write!(f, "{}", self.message),
                path => write!(f, "{path}: {}", self.message),
            };
        }
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )?;
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string();
            write!(f, "\n {gutter} | {}", self.source_line)?;
            let pad: String = self
                .source_line
                .chars()
                .take(self.caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
        }
        Ok(())
    }
}

/// The diagnostics of one file: the first `LISTED` by position, and how many more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    pub listed: Vec<Diagnostic>,
    /// Found after the listed ones, counted but neither located nor kept.
    pub unlisted: usize,
}

impl Diagnostics {
    /// How many problems were found in all.
    pub fn total(&self) -> usize {
        self.listed.len() + self.unlisted
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics {
            listed: vec![d],
            unlisted: 0,
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.listed.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if let (Some(first), n @ 1..) = (self.listed.first(), self.unlisted) {
            let errors = if n == 1 { "error" } else { "errors" };
            write!(
                f,
                "\n{}: … and {n} more {errors} ({} in all)",
                first.path,
                self.total()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The problems of one file as they are found, in any order. Sorting them by position
/// and locating them waits for the end, where only the listed ones are located.
pub struct Findings<'t> {
    path: &'t str,
    text: &'t str,
    /// Byte offset (none for the whole file, shown at 1:1) and message. A parser
    /// can find hundreds of thousands of errors in a file, most of them with one of a
    /// few messages: these are shared, not copied.
    found: Vec<(Option<usize>, Rc<str>)>,
}

impl<'t> Findings<'t> {
    pub fn new(path: &'t str, text: &'t str) -> Self {
        Findings {
            path,
            text,
            found: Vec::new(),
        }
    }

    /// A problem at `span` of the text; spans past the end point at the last character.
    pub fn at(&mut self, span: Range<usize>, message: impl Into<Rc<str>>) {
        let text = self.text;
        let mut offset = span.start.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The LF of a CRLF is the same place as its CR: the end of the line.
        if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
            offset -= 1;
        }
        self.found.push((Some(offset), message.into()));
    }

    /// A problem of the file as a whole (something missing): no line to point at.
    pub fn whole_file(&mut self, message: impl Into<Rc<str>>) {
        self.found.push((None, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// In the order of the file, found-first among equals; a message repeated at one
    /// place is told once.
    pub fn finish(self) -> Diagnostics {
        self.finish_deduplicated(|a, b| a == b)
    }

    /// As `finish`, keeping only the first problem found at each place (a parser's
    /// later complaints there are echoes of the first).
    pub fn finish_first_per_place(self) -> Diagnostics {
        self.finish_deduplicated(|(a, _), (b, _)| a == b)
    }

    fn finish_deduplicated(
        mut self,
        same: impl FnMut(&mut (Option<usize>, Rc<str>), &mut (Option<usize>, Rc<str>)) -> bool,
    ) -> Diagnostics {
        // Stable: problems at one place keep the order they were found in.
        self.found.sort_by_key(|(at, _)| at.unwrap_or(0));
        self.found.dedup_by(same);
        let unlisted = self.found.len().saturating_sub(LISTED);
        self.found.truncate(LISTED);
        let lines = Lines::new(self.text);
        let listed = self
            .found
            .into_iter()
            .map(|(at, message)| match at {
                Some(at) => lines.diagnostic(self.path, at, message.to_string()),
                None => Diagnostic::whole_file(self.path, message.to_string()),
            })
            .collect();
        Diagnostics { listed, unlisted }
    }
}

/// Where each line of a text starts. A line ends at LF, at CRLF, or at a CR alone:
/// editors show all three as line breaks, so a diagnostic's line is the one the user
/// sees, whichever way the file was saved.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        Lines { text, starts }
    }

    /// The diagnostic at byte `offset` (clamped to the text): 1-based line and column,
    /// the column in characters, and the line, or the part of it around the column.
    fn diagnostic(&self, path: &str, offset: usize, message: String) -> Diagnostic {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Binary search: the cost of a diagnostic does not grow with the lines before it.
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[index];
        let end = match self.starts.get(index + 1) {
            Some(&next) => {
                let line = &text[start..next];
                let line = line.strip_suffix('\n').unwrap_or(line);
                start + line.strip_suffix('\r').unwrap_or(line).len()
            }
            None => text.len(),
        };
        // A place inside a line break is the line's end.
        let offset = offset.min(end);
        let before = &text[start..offset];
        let after = &text[offset..end];
        let column = before.chars().count() + 1;
        let (source_line, caret) =
            if column - 1 + after.chars().take(SHOWN_LINE + 1).count() <= SHOWN_LINE {
                let shown = visible(before);
                let caret = shown.chars().count();
                (shown + visible(after).as_str(), caret)
            } else {
                excerpt(before, after)
            };
        Diagnostic {
            path: path.to_string(),
            line: index + 1,
            column,
            message,
            source_line,
            caret,
        }
    }
}

/// The part of a long line around the column: the end of `before` and the start of
/// `after`, each cut end marked `…`; with where the caret stands in it.
fn excerpt(before: &str, after: &str) -> (String, usize) {
    let mut shown = String::new();
    let head = match before.char_indices().rev().nth(SHOWN_BEFORE - 1) {
        Some((0, _)) | None => before,
        Some((at, _)) => {
            shown.push('…');
            &before[at..]
        }
    };
    shown.push_str(&visible(head));
    let caret = shown.chars().count();
    match after.char_indices().nth(SHOWN_FROM) {
        Some((at, _)) => {
            shown.push_str(&visible(&after[..at]));
            shown.push('…');
        }
        None => shown.push_str(&visible(after)),
    }
    (shown, caret)
}

/// Control characters shown as `\u{..}` so a hostile file cannot drive the terminal
/// that prints its error.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// What a TOML value is, as messages about a file say it: "found an integer".
pub fn kind(v: &toml::de::DeValue) -> &'static str {
    use toml::de::DeValue;
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_file_is_told_without_a_line_and_column() {
        let d = Diagnostic::unlocated("out/nowhere", "cannot read the agenda: no such file");
        assert_eq!(
            d.to_string(),
            "out/nowhere: cannot read the agenda: no such file"
        );
        assert!(!d.located());
        assert_eq!(
            Diagnostic::unlocated("", "no theme `x`").to_string(),
            "no theme `x`"
        );
        let whole = Diagnostic::whole_file("a.toml", "the file is UTF-16 text");
        assert!(whole.located());
        assert_eq!(whole.to_string(), "a.toml:1:1: the file is UTF-16 text");
    }

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nb = \"é\" x\n";
        let d = Diagnostic::at("f.toml", text, 15..16, "bad");
        assert_eq!((d.line, d.column), (2, 9));
        assert_eq!(d.source_line, "b = \"é\" x");
        assert_eq!(
            d.to_string(),
            "f.toml:2:9: bad\n 2 | b = \"é\" x\n   |         ^"
        );
    }

    #[test]
    fn span_past_the_end_is_clamped() {
        let d = Diagnostic::at("f", "abc", 99..100, "m");
        assert_eq!((d.line, d.column), (1, 4));
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    }

    #[test]
    fn the_caret_stands_under_its_character_after_a_control_character() {
        let d = Diagnostic::at("f", "a\u{1}b = x", 6..7, "m");
        assert_eq!(d.column, 7);
        assert_eq!(
            d.to_string(),
            "f:1:7: m\n 1 | a\\u{1}b = x\n   |           ^"
        );
    }

    /// The same three lines, with `x` at 3:5, saved every way a file can end its lines.
    #[test]
    fn every_kind_of_line_ending_gives_the_same_place_and_line() {
        for (name, text) in [
            ("LF", "one\ntwo\nthe x\n"),
            ("CRLF", "one\r\ntwo\r\nthe x\r\n"),
            ("CR", "one\rtwo\rthe x\r"),
            ("mixed", "one\r\ntwo\rthe x\n"),
            ("no final break", "one\rtwo\r\nthe x"),
        ] {
            let at = text.find('x').unwrap();
            let d = Diagnostic::at("f", text, at..at + 1, "m");
            assert_eq!((d.line, d.column), (3, 5), "{name}");
            assert_eq!(d.source_line, "the x", "{name}");
            assert_eq!(d.to_string(), "f:3:5: m\n 3 | the x\n   |     ^", "{name}");
        }
    }

    #[test]
    fn a_place_in_a_line_break_is_the_end_of_its_line() {
        for (text, at) in [
            ("ab\r\ncd", 2),
            ("ab\r\ncd", 3),
            ("ab\rcd", 2),
            ("ab\ncd", 2),
        ] {
            let d = Diagnostic::at("f", text, at..at, "m");
            assert_eq!((d.line, d.column, d.source_line.as_str()), (1, 3, "ab"));
        }
        let d = Diagnostic::at("f", "ab\r\r\ncd", 3..3, "m");
        assert_eq!((d.line, d.column, d.source_line.as_str()), (2, 1, ""));
    }

    #[test]
    fn of_a_long_line_only_the_part_around_the_column_is_shown() {
        let line = format!("{}x{}", "a".repeat(500_000), "b".repeat(500_000));
        let text = format!("first\n{line}\nlast\n");
        let at = text.find('x').unwrap();
        let d = Diagnostic::at("f", &text, at..at + 1, "m");
        assert_eq!((d.line, d.column), (2, 500_001));
        let expected = format!(
            "…{}x{}…",
            "a".repeat(SHOWN_BEFORE),
            "b".repeat(SHOWN_FROM - 1)
        );
        assert_eq!(d.source_line, expected);
        assert_eq!(d.source_line.chars().nth(d.caret), Some('x'));

        // Near either end of the line, that end is shown uncut.
        let d = Diagnostic::at("f", &text, 6..7, "m");
        assert_eq!((d.line, d.column, d.caret), (2, 1, 0));
        assert!(d.source_line.starts_with("aaa") && d.source_line.ends_with("a…"));
        let end = 6 + line.len();
        let d = Diagnostic::at("f", &text, end..end, "m");
        assert!(d.source_line.starts_with("…b") && d.source_line.ends_with('b'));
        assert_eq!(d.caret, SHOWN_BEFORE + 1);

        // Up to `SHOWN_LINE` characters, a line is shown whole.
        let line = "é".repeat(SHOWN_LINE);
        let d = Diagnostic::at("f", &line, line.len()..line.len(), "m");
        assert_eq!(d.source_line, line);
    }

    #[test]
    fn findings_are_sorted_told_once_and_listed_up_to_the_cap() {
        let text = "a\nb\nc\n";
        let mut f = Findings::new("f", text);
        f.at(4..5, "third");
        f.at(2..3, "second");
        f.whole_file("whole");
        f.at(0..1, "first");
        f.at(2..3, "second");
        f.at(2..3, "also second");
        let d = f.finish();
        let seen: Vec<_> = d
            .listed
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (1, 1, "whole"),
                (1, 1, "first"),
                (2, 1, "second"),
                (2, 1, "also second"),
                (3, 1, "third")
            ]
        );
        assert_eq!(d.unlisted, 0);

        let mut f = Findings::new("f", text);
        f.at(2..3, "second");
        f.at(2..3, "also second");
        assert_eq!(f.finish_first_per_place().listed.len(), 1);

        let text = "x\n".repeat(LISTED + 7);
        let mut f = Findings::new("f", &text);
        for line in (0..LISTED + 7).rev() {
            f.at(2 * line..2 * line + 1, "bad");
        }
        let d = f.finish();
        assert_eq!(
            (d.listed.len(), d.unlisted, d.total()),
            (LISTED, 7, LISTED + 7)
        );
        assert_eq!(d.listed.last().unwrap().line, LISTED);
        let printed = d.to_string();
        let last = format!("\nf: … and 7 more errors ({} in all)", LISTED + 7);
        assert!(printed.ends_with(&last), "{printed}");
        assert_eq!(printed.lines().count(), 3 * LISTED + 1);
    }
}
