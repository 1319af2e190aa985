//! Tables of the previous agenda's source, written again into the next meeting's agenda
//! by `agendum new --next-after`: every key as it was, whatever its name, except values
//! that hold a literal date, which would be the previous meeting's. Those are left out
//! with a comment in their place that quotes them and names the placeholder to use.

use std::fmt::Write;

use toml::{Table, Value};

use super::dates::{self, LiteralDate};

/// Changes a table of the source before it is written (its path given): the table to
/// write, and comment lines to write after its keys (what was left out of it and why).
pub type Prepare<'a> = &'a dyn Fn(&[String], &Table) -> (Table, Vec<String>);

/// How tables are carried.
pub struct Carry<'a> {
    pub prepare: Prepare<'a>,
    /// Keys that are carried even when they hold a date, because the table needs them
    /// (an item's `title`): a comment says to check them.
    pub keep: &'a [&'a str],
}

/// No change: tables as in the source.
pub fn as_is(_: &[String], t: &Table) -> (Table, Vec<String>) {
    (t.clone(), Vec::new())
}

/// Writes `table` under its header (`[report]`, or `[[items]]` for an element of an
/// array of tables), then its sub-tables and arrays of tables, each under its own
/// header after the plain keys, so that every key stays in the table it was in.
/// Headers below the first level are indented by two spaces a level; `above` are
/// comment lines for just above the header.
pub fn table(
    out: &mut String,
    above: &[String],
    path: &[String],
    array: bool,
    table: &Table,
    carry: &Carry,
) {
    let (table, notes) = (carry.prepare)(path, table);
    let indent = "  ".repeat(path.len().saturating_sub(1));
    let name: Vec<String> = path.iter().map(|k| key(k)).collect();
    let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    for line in above {
        let _ = writeln!(out, "{indent}# {}", neutral(line));
    }
    let _ = writeln!(out, "{indent}{open}{}{close}", name.join("."));
    let mut tables = Vec::new();
    let mut arrays = Vec::new();
    for (k, v) in &table {
        match v {
            Value::Table(t) => tables.push((k, t)),
            Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_table) => {
                arrays.push((k, a));
            }
            _ => entry(out, &indent, path, k, v, carry.keep.contains(&k.as_str())),
        }
    }
    for n in notes {
        let _ = writeln!(out, "{indent}# {}", neutral(&n));
    }
    let below = |k: &String| {
        let mut p = path.to_vec();
        p.push(k.clone());
        p
    };
    for (k, t) in tables {
        self::table(out, &[], &below(k), false, t, carry);
    }
    for (k, a) in arrays {
        for t in a.iter().filter_map(Value::as_table) {
            self::table(out, &[], &below(k), true, t, carry);
        }
    }
}

/// Writes `key = value` in the table at `path`; or, when the value holds a literal date,
/// a comment in its place (unless `keep`: then the comment comes before it).
pub fn entry(out: &mut String, indent: &str, path: &[String], k: &str, v: &Value, keep: bool) {
    let line = format!("{} = {}", key(k), v);
    let Some(date) = dated(v) else {
        let _ = writeln!(out, "{indent}{line}");
        return;
    };
    let said = match &date {
        Dated::Text(d, _) => format!("the date {}", quoted(&d.text)),
        Dated::Toml => "a date".to_string(),
    };
    if keep {
        let _ = writeln!(
            out,
            "{indent}# This {} holds {said} of the previous meeting: check it.",
            neutral(k)
        );
        let _ = writeln!(out, "{indent}{line}");
        return;
    }
    let _ = writeln!(
        out,
        "{indent}# Left out: {} holds {said} of the previous meeting.",
        neutral(k)
    );
    let _ = writeln!(out, "{indent}# {} = {}", key(k), inline(v));
    if let Dated::Text(d, text) = &date {
        let next = path
            .iter()
            .map(String::as_str)
            .chain([k])
            .any(|p| p.contains("next"));
        let _ = writeln!(out, "{indent}# {}", advice(d, text, next));
    }
}

/// What a dated value holds: a date in a text (and that text), or a TOML date.
enum Dated {
    Text(LiteralDate, String),
    Toml,
}

/// The first literal date in a value, at any depth.
fn dated(v: &Value) -> Option<Dated> {
    match v {
        Value::String(s) => dates::literal_date(s).map(|d| Dated::Text(d, s.clone())),
        Value::Datetime(d) if d.date.is_some() => Some(Dated::Toml),
        Value::Array(a) => a.iter().find_map(dated),
        Value::Table(t) => t.values().find_map(dated),
        _ => None,
    }
}

/// "Write the date with a placeholder: {next_date}, or {next_date:%B %-d} as written."
/// An address takes no placeholders: this meeting's is needed.
fn advice(d: &LiteralDate, text: &str, next: bool) -> String {
    if text.contains("://") {
        return "An address holds no placeholders: give this meeting's.".to_string();
    }
    let p = if next { "next_" } else { "" };
    let mut s = format!(
        "Write the date with a placeholder: {{{p}date}}, or {{{p}date:{}}} to write it as here",
        d.pattern
    );
    if dates::mentions_time(text) {
        let _ = write!(s, "; and the time with {{{p}time}}");
    }
    s.push('.');
    s
}

/// A key as TOML writes it: bare when it can be, else quoted.
pub fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { quoted(k) }
}

/// A TOML basic string on one line: every control character escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value on one line, as TOML would read it, for a comment.
fn inline(v: &Value) -> String {
    match v {
        Value::String(s) => quoted(s),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), inline(v)))
                .collect();
            if items.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
        other => neutral(&other.to_string()),
    }
}

/// A text for a comment line: control characters (line breaks too) escaped.
fn neutral(s: &str) -> String {
    if s.contains(char::is_control) {
        let q = quoted(s);
        q[1..q.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carried(source: &str, name: &str) -> String {
        let t: Table = toml::from_str(source).unwrap();
        let mut out = String::new();
        let carry = Carry {
            prepare: &as_is,
            keep: &[],
        };
        table(
            &mut out,
            &[],
            &[name.to_string()],
            false,
            t[name].as_table().unwrap(),
            &carry,
        );
        out
    }

    #[test]
    fn every_key_is_carried_whatever_its_name_and_depth() {
        let source = r#"
[report]
masthead = "{group}"
run_in = true
speaking_times = false
entries = ["key points", "decisions"]
"odd key" = 3
headings = { discussion = "Discussion", participants = "Annex 1: List of participants" }
[report.notes]
deep = { deeper = { x = "y" } }
[[report.sections]]
name = "actions"
[[report.sections]]
name = "participants"
"#;
        let out = carried(source, "report");
        let back: Table = toml::from_str(&out).unwrap();
        let original: Table = toml::from_str(source).unwrap();
        assert_eq!(back, original, "{out}");
        assert!(
            out.starts_with("[report]\nmasthead = \"{group}\"\n"),
            "{out}"
        );
        assert!(
            out.contains("\n  [report.headings]\n  discussion = \"Discussion\"\n"),
            "{out}"
        );
        assert!(
            out.contains("\n  [[report.sections]]\n  name = \"actions\"\n"),
            "{out}"
        );
        assert!(out.contains("\"odd key\" = 3\n"), "{out}");
    }

    #[test]
    fn a_literal_date_at_any_depth_is_left_out_with_its_placeholder() {
        let source = r#"
[report]
intro = "The meeting was held on 31 October at 2 p.m."
next_meeting = "Next meeting: **March 4 – 2 PM {timezone}.**"
opening = "On {date}, the chair opened the meeting:"
entries = ["key points", "due 2023-11-02"]
[report.headings]
participants = "Participants of\n4 Mar."
discussion = "Discussion"
"#;
        let out = carried(source, "report");
        let back: Table = toml::from_str(&out).unwrap();
        let r = back["report"].as_table().unwrap();
        assert_eq!(
            r.keys().collect::<Vec<_>>(),
            ["opening", "headings"],
            "{out}"
        );
        assert_eq!(
            r["headings"].as_table().unwrap().keys().collect::<Vec<_>>(),
            ["discussion"]
        );
        assert!(
            out.contains(
                "# Left out: intro holds the date \"31 October\" of the previous meeting.\n\
             # intro = \"The meeting was held on 31 October at 2 p.m.\"\n\
             # Write the date with a placeholder: {date}, or {date:%-d %B} to write it as \
             here; and the time with {time}.\n"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "# Write the date with a placeholder: {next_date}, or {next_date:%B %-d} to write \
             it as here; and the time with {next_time}.\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("# entries = [\"key points\", \"due 2023-11-02\"]\n"),
            "{out}"
        );
        // A line break in the value cannot end the comment.
        assert!(
            out.contains(
                "  # participants = \"Participants of\\n4 Mar.\"\n  # Write the date with a \
             placeholder: {date}, or {date:%-d %b.} to write it as here.\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn kept_keys_are_carried_with_a_warning_and_prepare_changes_tables() {
        let source = r##"
[[items]]
title = "Preparations for 31 October"
documents = [{ title = "Paper", url = "#" }]
day = 2023-10-31
  [[items.subitems]]
  title = "A"
  link = "https://example.org/2023-10-31/a"
"##;
        let t: Table = toml::from_str(source).unwrap();
        let prepare = |_: &[String], t: &Table| {
            let mut t = t.clone();
            let notes = t
                .remove("documents")
                .map(|_| vec!["documents: not carried".to_string()])
                .unwrap_or_default();
            (t, notes)
        };
        let carry = Carry {
            prepare: &prepare,
            keep: &["title"],
        };
        let mut out = String::new();
        let item = t["items"].as_array().unwrap()[0].as_table().unwrap();
        table(&mut out, &[], &["items".to_string()], true, item, &carry);
        assert_eq!(
            out,
            "[[items]]\n\
             # This title holds the date \"31 October\" of the previous meeting: check it.\n\
             title = \"Preparations for 31 October\"\n\
             # Left out: day holds a date of the previous meeting.\n\
             # day = 2023-10-31\n\
             # documents: not carried\n\
             \n  [[items.subitems]]\n  title = \"A\"\n\
             \x20 # Left out: link holds the date \"2023-10-31\" of the previous meeting.\n\
             \x20 # link = \"https://example.org/2023-10-31/a\"\n\
             \x20 # An address holds no placeholders: give this meeting's.\n"
        );
        let back: Table = toml::from_str(&out).unwrap();
        assert_eq!(back["items"][0]["subitems"][0]["title"].as_str(), Some("A"));
    }

    #[test]
    fn keys_and_comments_stay_on_one_line() {
        assert_eq!(key("speaking_times"), "speaking_times");
        assert_eq!(key("odd key"), "\"odd key\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(key("a\nb"), "\"a\\nb\"");
        assert_eq!(quoted("\u{1b}[2J\u{7f}"), "\"\\u001B[2J\\u007F\"");
        assert_eq!(neutral("a\r\nb"), "a\\r\\nb");
    }
}
