//! Errors about a user's file, told the way a compiler tells them: where, what was
//! expected, and the offending line, so a chair can fix an agenda without guessing.

use std::fmt;
use std::ops::Range;

/// One problem found in a file, located by byte span in that file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line, verbatim but with control characters made visible.
    pub source_line: String,
}

impl Diagnostic {
    /// Locates `span` in `text`; spans past the end point at the last character.
    pub fn at(path: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column, source_line) = locate(text, span.start);
        Diagnostic {
            path: path.to_string(),
            line,
            column,
            message: message.into(),
            source_line,
        }
    }

    /// A problem with the file as a whole (size, encoding), reported at 1:1.
    pub fn whole_file(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
        }
        Ok(())
    }
}

/// Several diagnostics of one file, printed one after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column (in characters) of a byte offset, plus that line's text.
fn locate(text: &str, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let source_line = visible(text[line_start..line_end].trim_end_matches('\r'));
    (line, column, source_line)
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
}
