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
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(format!("cannot read the agenda: {}", io_reason(&e))),
    };
    if meta.is_dir() {
        return fail("is a folder, expected an agenda file (.toml)".into());
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
        // A file of many errors has few messages: each is made once and shared.
        let mut said: HashMap<&str, Rc<str>> = HashMap::new();
        for e in &errors {
            let message = e.message().lines().next().unwrap_or("invalid TOML").trim();
            let mut span = e.span().unwrap_or(0..0);
            // A CR alone is reported after it, at the start of the next line; it is
            // the end of its own.
            let before = span.start.checked_sub(1);
            if message.starts_with("carriage return must be followed by newline")
                && before.and_then(|b| body.as_bytes().get(b)) == Some(&b'\r')
            {
                span.start -= 1;
            }
            let message = said
                .entry(message)
                .or_insert_with(|| {
                    schema::shown(format!("invalid TOML: {}", plain(message))).into()
                })
                .clone();
            found.at(span.start + offset..span.end + offset, message);
        }
        return Err(found.finish_first_per_place());
    }
    schema::validate(path, text, offset, table)
}

/// `toml`'s messages, where they would puzzle someone who has not read the TOML
/// grammar, said the way this file says things.
fn plain(message: &str) -> String {
    if message.starts_with("carriage return must be followed by newline") {
        "this line ends in a carriage return (CR) alone; TOML lines end in LF or CRLF \
         (save the file with Unix or Windows line endings)"
            .to_string()
    } else {
        message.to_string()
    }
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
