//! Reading an agenda file: size, encoding and TOML syntax, before the schema.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use toml::de::DeTable;

use super::{Agenda, schema};
use crate::diagnostic::{Diagnostic, Diagnostics, Findings};

/// Agendas are a few kilobytes; anything over this is not an agenda.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Reads and validates an agenda file. Every problem found is returned at once; no
/// partial agenda is ever returned.
pub fn load_file(path: &Path) -> Result<Agenda, Diagnostics> {
    load_file_with_source(path).map(|(agenda, _)| agenda)
}

/// As `load_file`, with the bytes the agenda was read from (for the meeting folder's
/// copy, which must be the very agenda the meeting runs on).
pub fn load_file_with_source(path: &Path) -> Result<(Agenda, Vec<u8>), Diagnostics> {
    // A file name is shown in every message: one with control characters in it must
    // not drive the terminal either.
    let shown = schema::shown(path.display().to_string());
    let fail = |m: String| Err(Diagnostic::whole_file(&shown, m).into());
    // Nothing there, or a folder: no file, so no line and column either.
    let not_a_file = |m: String| Err(Diagnostic::unlocated(&shown, m).into());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return not_a_file(format!("cannot read the agenda: {}", io_reason(&e))),
    };
    if meta.is_dir() {
        return not_a_file("is a folder, expected an agenda file (.toml)".into());
    }
    if meta.len() > MAX_FILE_SIZE {
        return fail(format!(
            "the file is {} bytes; an agenda may be at most 1 MiB",
            meta.len()
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read the agenda: {}", io_reason(&e))),
    };
    let agenda = parse_bytes(&shown, &bytes)?;
    Ok((agenda, bytes))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Validates agenda bytes that claim to come from `path` (used in messages only).
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Result<Agenda, Diagnostics> {
    let shown = schema::shown(path.to_string());
    let path = shown.as_str();
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Diagnostic::whole_file(
            path,
            format!(
                "the file is {} bytes; an agenda may be at most 1 MiB",
                bytes.len()
            ),
        )
        .into());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::whole_file(path, "the file is UTF-16 text; save it as UTF-8").into(),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // The whole offending line, undecodable bytes shown as U+FFFD; the valid
            // prefix is the same in the lossy text, so the offset still fits.
            let lossy = String::from_utf8_lossy(bytes);
            let at = e.valid_up_to();
            let d = Diagnostic::at(
                path,
                &lossy,
                at..at,
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02X}); save it as UTF-8",
                    bytes[at]
                ),
            );
            return Err(d.into());
        }
    };
    parse_str(path, text)
}

/// Validates agenda text; `path` is used in messages only.
pub fn parse_str(path: &str, text: &str) -> Result<Agenda, Diagnostics> {
    let shown = schema::shown(path.to_string());
    let path = shown.as_str();
    // A byte-order mark is invisible in editors; accept it rather than puzzle anyone.
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let offset = text.len() - body.len();
    let (table, errors) = DeTable::parse_recoverable(body);
    if !errors.is_empty() {
        let mut found = Findings::new(path, text);
        // `toml` stops at the first key of too many parts and gives no place for it:
        // they are found again, all of them, to be told at once.
        let mut keys_told = false;
        // A file of many errors has few messages: each is made once and shared.
        let mut said: HashMap<&str, Rc<str>> = HashMap::new();
        for e in &errors {
            let message = e.message().lines().next().unwrap_or("invalid TOML").trim();
            let mut spans = match e.span() {
                Some(span) => vec![span],
                None if message == "recursion limit" && keys_told => continue,
                None if message == "recursion limit" => {
                    keys_told = true;
                    too_long_keys(body)
                }
                None => vec![],
            };
            if spans.is_empty() {
                spans.push(0..0);
            }
            // A CR alone is reported after it, at the start of the next line; it is
            // the end of its own.
            if message.starts_with("carriage return must be followed by newline") {
                for span in &mut spans {
                    let before = span.start.checked_sub(1);
                    if before.and_then(|b| body.as_bytes().get(b)) == Some(&b'\r') {
                        span.start -= 1;
                    }
                }
            }
            let message = said
                .entry(message)
                .or_insert_with(|| {
                    schema::shown(format!("invalid TOML: {}", plain(message))).into()
                })
                .clone();
            for span in spans {
                found.at(span.start + offset..span.end + offset, Rc::clone(&message));
            }
        }
        return Err(found.finish_first_per_place());
    }
    schema::validate(path, text, offset, table)
}

/// The most parts a dotted key (`a.b.c`) may have, and the deepest arrays and inline
/// tables may nest: `toml`'s recursion limit, past which it refuses a document.
const MAX_NESTING: usize = 80;

/// `toml`'s messages, where they would puzzle someone who has not read the TOML
/// grammar, said the way this file says things.
fn plain(message: &str) -> String {
    if message.starts_with("carriage return must be followed by newline") {
        "this line ends in a carriage return (CR) alone; TOML lines end in LF or CRLF \
         (save the file with Unix or Windows line endings)"
            .to_string()
    } else if message.starts_with("cannot recurse further") {
        format!("nested too deeply: arrays and inline tables go at most {MAX_NESTING} levels deep")
    } else if message == "recursion limit" {
        format!("nested too deeply: a dotted key has at most {MAX_NESTING} parts")
    } else {
        message.to_string()
    }
}

/// The span of the first part too many of each dotted key (`a.b.….z`) longer than
/// `MAX_NESTING` parts, in the order of the file. Read with the parser `toml` itself
/// uses, so the two agree on what a key is (quoted parts, whitespace around the dots,
/// table headers).
fn too_long_keys(body: &str) -> Vec<std::ops::Range<usize>> {
    use toml_parser::parser::{EventReceiver, RecursionGuard, parse_document};
    use toml_parser::{ErrorSink, Source, Span};

    #[derive(Default)]
    struct Keys {
        parts: usize,
        after_dot: bool,
        found: Vec<std::ops::Range<usize>>,
    }
    impl Keys {
        /// Anything but a key part, a dot or whitespace ends a key.
        fn other(&mut self) {
            self.parts = 0;
            self.after_dot = false;
        }
    }
    impl EventReceiver for Keys {
        fn simple_key(
            &mut self,
            span: Span,
            _: Option<toml_parser::decoder::Encoding>,
            _: &mut dyn ErrorSink,
        ) {
            self.parts = if self.after_dot { self.parts + 1 } else { 1 };
            self.after_dot = false;
            if self.parts == MAX_NESTING + 1 {
                self.found.push(span.start()..span.end());
            }
        }
        fn key_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.after_dot = true;
        }
        fn whitespace(&mut self, _: Span, _: &mut dyn ErrorSink) {}
        fn std_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn array_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn std_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn array_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn inline_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) -> bool {
            self.other();
            true
        }
        fn inline_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn array_open(&mut self, _: Span, _: &mut dyn ErrorSink) -> bool {
            self.other();
            true
        }
        fn array_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn key_val_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn scalar(
            &mut self,
            _: Span,
            _: Option<toml_parser::decoder::Encoding>,
            _: &mut dyn ErrorSink,
        ) {
            self.other();
        }
        fn value_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn comment(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn newline(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
        fn error(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.other();
        }
    }

    let tokens = Source::new(body).lex().into_vec();
    let mut keys = Keys::default();
    // Guarded as `toml` guards its own reading, so that nesting cannot exhaust the stack.
    let mut guarded = RecursionGuard::new(&mut keys, MAX_NESTING as u32);
    parse_document(&tokens, &mut guarded, &mut ());
    keys.found
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"09:30:00\"\n[[items]]\ntitle = \"A\"\n";

    #[test]
    fn a_start_time_with_zero_seconds_is_a_start_time() {
        let a = parse_str("a.toml", GOOD).unwrap();
        assert_eq!(a.meeting.start.format("%H:%M").to_string(), "09:30");
        assert!(parse_str("a.toml", &GOOD.replace("09:30:00", "09:30:15")).is_err());
    }

    #[test]
    fn utf_16_is_named_as_such() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in GOOD.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let e = parse_bytes("a.toml", &bytes).unwrap_err();
        assert_eq!(
            e.listed[0].message,
            "the file is UTF-16 text; save it as UTF-8"
        );
    }

    #[test]
    fn values_quoted_in_messages_cannot_drive_the_terminal() {
        let hostile = [
            (
                "start = \"09:30:00\"",
                "start = \"09:30:00\"\ntimezone = \"\\u001b[2J+02:00\"",
            ),
            (
                "title = \"A\"",
                "title = \"A\"\ntimebox = \"5m\\u001b]0;x\\u0007\"",
            ),
            ("title = \"A\"", "title = \"A\"\n\"\\u009b31m\" = 1"),
            ("title = \"A\"", "title = \"A\\u001b[2J\""),
        ];
        for (at, with) in hostile {
            let e = parse_str("a\u{1b}[2J.toml", &GOOD.replace(at, with)).unwrap_err();
            let printed = e.to_string();
            assert!(
                !printed.contains(|c: char| c.is_control() && c != '\n'),
                "{printed:?}"
            );
            assert!(
                printed.contains("\\u{1b}") || printed.contains("\\u{9b}"),
                "{printed}"
            );
        }
    }

    #[test]
    fn a_title_of_zero_width_characters_is_empty() {
        let e = parse_str(
            "a.toml",
            &GOOD.replace("title = \"A\"", "title = \"\u{200B}\u{FEFF}\""),
        )
        .unwrap_err();
        assert_eq!(e.listed[0].message, "`title` must not be empty");
        assert_eq!((e.listed[0].line, e.listed[0].column), (6, 9));
    }
}
