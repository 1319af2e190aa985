//! The agenda schema, checked by walking the parsed TOML tree so that every problem of
//! a file is found in one pass (a derived deserializer stops at the first).

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Agenda, Day, Document, Entries, Format, HeadingNumbers, Headings, Item, MAX_ITEMS,
    MAX_PARTICIPANTS, Meeting, Moderator, NotesStyle, Numbering, OrdinalStyle, Participant,
    QueueOrder, ReportWording, Settings, Style, SubItem, Undiscussed, Zone,
};
use crate::diagnostic::{Diagnostics, Findings, LISTED, kind};
use crate::names::{self, Unresolved};
use crate::report::placeholders;
use crate::report::words::ordinal_numeric;

type Value<'i> = Spanned<DeValue<'i>>;

const TOP: &[&str] = &[
    "meeting",
    "settings",
    "report",
    "days",
    "participants",
    "items",
];
const MEETING: &[&str] = &[
    "group",
    "abbreviation",
    "number",
    "title",
    "format",
    "date",
    "start",
    "timezone",
    "duration",
    "moderator",
    "notetakers",
    "recording",
    "style",
    "ordinal",
    "numbering",
];
const SETTINGS: &[&str] = &["speaker_limit", "item_timebox", "queue_order"];
const REPORT: &[&str] = &[
    "intro",
    "moderation",
    "opening",
    "next_meeting",
    "not_discussed",
    "apologies",
    "remaining",
    "masthead",
    "date",
    "time",
    "item_heading",
    "heading_numbers",
    "undiscussed",
    "entries",
    "run_in",
    "notes",
    "action_table",
    "participants",
    "speaking_times",
    "headings",
    "template",
    "formats",
    "docx_styles",
];
const HEADINGS: &[&str] = &[
    "report",
    "agenda",
    "discussion",
    "documents",
    "key_points",
    "decisions",
    "next_steps",
    "actions",
    "participants",
    "speaking_times",
];
const DAY: &[&str] = &["date", "label"];
const PARTICIPANT: &[&str] = &["name", "short", "affiliation"];
const ITEM: &[&str] = &[
    "title",
    "link",
    "heading",
    "heading_link",
    "agenda_line",
    "entries",
    "listed",
    "timebox",
    "lead",
    "documents",
    "day",
    "session",
    "subitems",
];
const SUBITEM: &[&str] = &["title", "link", "timebox", "lead", "documents"];
const DOCUMENT: &[&str] = &["title", "url"];

/// Collects diagnostics while the tree is walked.
struct Check<'a> {
    text: &'a str,
    /// Where the parsed body starts in `text` (after a byte-order mark).
    offset: usize,
    errors: Findings<'a>,
    /// References that named nobody, with the key that holds each and why.
    unresolved: Vec<(Range<usize>, &'static str, String, names::Unresolved)>,
}

impl Check<'_> {
    /// A problem of the file as a whole (something missing): no line to point at.
    fn file_error(&mut self, message: impl Into<String>) {
        self.errors.whole_file(shown(message.into()));
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let span = span.start + self.offset..span.end + self.offset;
        self.errors.at(span, shown(message.into()));
    }
}

/// A message as it may be printed: values quoted from the file (a time zone, a
/// duration, a key) keep their control characters only as visible `\u{..}`, so a
/// hostile agenda cannot drive the terminal that shows its errors. Made here, once,
/// for every message of the schema.
pub(super) fn shown(message: String) -> String {
    if message.contains(|c: char| c.is_control() && c != '\t') {
        crate::diagnostic::visible(&message)
    } else {
        message
    }
}

/// A table being read: knows its name for messages and which keys it allows.
struct Table<'t, 'i> {
    name: String,
    span: Range<usize>,
    entries: &'t DeTable<'i>,
}

impl<'t, 'i> Table<'t, 'i> {
    fn open(
        check: &mut Check,
        name: String,
        value: &'t Value<'i>,
        allowed: &[&str],
    ) -> Option<Self> {
        let DeValue::Table(entries) = value.get_ref() else {
            check.error(
                value.span(),
                format!("{name} must be a table, found {}", kind(value.get_ref())),
            );
            return None;
        };
        for key in entries.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                check.error(key.span(), unknown_key(key.get_ref(), &name, allowed));
            }
        }
        Some(Table {
            name,
            span: value.span(),
            entries,
        })
    }

    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    fn missing(&self, check: &mut Check, key: &str, what: &str) {
        check.error(
            self.span.clone(),
            format!("{} is missing `{key}` ({what})", self.name),
        );
    }

    /// A string field: one line, no control characters, not blank.
    fn text(&self, check: &mut Check, key: &str) -> Option<(String, Range<usize>)> {
        self.string(check, key, false)
    }

    /// A string field that may span lines (its line breaks become spaces).
    fn prose(&self, check: &mut Check, key: &str) -> Option<(String, Range<usize>)> {
        self.string(check, key, true)
    }

    /// The string under `key` as written, and its value for its span; anything else
    /// there is reported as not being a string.
    fn raw_string(&self, check: &mut Check, key: &str) -> Option<(&'t str, &'t Value<'i>)> {
        let value = self.get(key)?;
        let DeValue::String(s) = value.get_ref() else {
            check.error(
                value.span(),
                format!("`{key}` must be a string, found {}", kind(value.get_ref())),
            );
            return None;
        };
        Some((s, value))
    }

    fn string(
        &self,
        check: &mut Check,
        key: &str,
        multiline: bool,
    ) -> Option<(String, Range<usize>)> {
        let (s, value) = self.raw_string(check, key)?;
        match clean_text(s, multiline) {
            Ok(t) if t.is_empty() => {
                check.error(value.span(), format!("`{key}` must not be empty"));
                None
            }
            Ok(t) => Some((t, value.span())),
            Err(m) => {
                check.error(value.span(), format!("`{key}` {m}"));
                None
            }
        }
    }

    /// A wording of the report: paragraphs apart by a blank line; inside one, line
    /// breaks are kept where `lines` asks (the masthead) and are spaces elsewhere. An
    /// empty string is allowed where `empty` says it means "none".
    fn wording(
        &self,
        check: &mut Check,
        key: &str,
        lines: bool,
        empty: bool,
    ) -> Option<(String, Range<usize>)> {
        let (s, value) = self.raw_string(check, key)?;
        let normal = s.replace("\r\n", "\n").replace('\r', "\n");
        let mut paragraphs = Vec::new();
        for paragraph in normal.split("\n\n") {
            let mut kept = Vec::new();
            for line in paragraph.split('\n') {
                match clean_text(line, false) {
                    Ok(t) if t.is_empty() => {}
                    Ok(t) => kept.push(t),
                    Err(m) => {
                        check.error(value.span(), format!("`{key}` {m}"));
                        return None;
                    }
                }
            }
            if !kept.is_empty() {
                paragraphs.push(kept.join(if lines { "\n" } else { " " }));
            }
        }
        if paragraphs.is_empty() && !empty {
            check.error(value.span(), format!("`{key}` must not be empty"));
            return None;
        }
        Some((paragraphs.join("\n\n"), value.span()))
    }

    fn required_text(&self, check: &mut Check, key: &str, what: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(check, key, what);
            return None;
        }
        self.text(check, key).map(|(t, _)| t)
    }

    fn boolean(&self, check: &mut Check, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                check.error(
                    value.span(),
                    format!("`{key}` must be true or false, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn duration(&self, check: &mut Check, key: &str) -> Option<TimeDelta> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => match crate::duration::parse(s) {
                Ok(d) => Some(d),
                Err(m) => {
                    check.error(value.span(), format!("`{key}`: {m}"));
                    None
                }
            },
            DeValue::Integer(i) => {
                check.error(
                    value.span(),
                    format!(
                        "`{key}` must be a duration string like \"{}m\", found the bare number {}",
                        i.as_str(),
                        i.as_str()
                    ),
                );
                None
            }
            other => {
                check.error(
                    value.span(),
                    format!(
                        "`{key}` must be a duration string like \"5m\" or \"1h30m\", found {}",
                        kind(other)
                    ),
                );
                None
            }
        }
    }

    fn date(&self, check: &mut Check, key: &str) -> Option<NaiveDate> {
        let value = self.get(key)?;
        let expected = format!("`{key}` must be a date like {key} = 2023-02-16 (no quotes)");
        match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                let d = dt.date?;
                let parsed = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into());
                if parsed.is_none() {
                    check.error(
                        value.span(),
                        format!("{expected}, found an impossible date"),
                    );
                }
                parsed
            }
            DeValue::Datetime(dt) => {
                let found = if dt.date.is_none() {
                    "a time"
                } else {
                    "a date with a time"
                };
                check.error(value.span(), format!("{expected}, found {found}"));
                None
            }
            DeValue::String(s) => {
                let hint = if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                    format!("; write {key} = {s}")
                } else {
                    String::new()
                };
                check.error(value.span(), format!("{expected}, found a string{hint}"));
                None
            }
            other => {
                check.error(value.span(), format!("{expected}, found {}", kind(other)));
                None
            }
        }
    }

    fn time(&self, check: &mut Check, key: &str) -> Option<NaiveTime> {
        let value = self.get(key)?;
        let expected = format!("`{key}` must be a 24-hour time like \"14:00\"");
        match value.get_ref() {
            DeValue::String(s) => match parse_hhmm(s) {
                Some(t) => Some(t),
                None => {
                    check.error(value.span(), format!("{expected}, found \"{s}\""));
                    None
                }
            },
            DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => {
                let t = dt.time?;
                NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), 0)
            }
            other => {
                check.error(value.span(), format!("{expected}, found {}", kind(other)));
                None
            }
        }
    }

    fn choice<T: Copy>(
        &self,
        check: &mut Check,
        key: &str,
        options: &[(&str, T)],
        default: T,
    ) -> T {
        let Some(value) = self.get(key) else {
            return default;
        };
        let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let expected = format!("`{key}` must be one of {}", names.join(", "));
        match value.get_ref() {
            DeValue::String(s) => {
                match options
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(s.trim()))
                {
                    Some((_, v)) => *v,
                    None => {
                        check.error(value.span(), format!("{expected}, found \"{s}\""));
                        default
                    }
                }
            }
            other => {
                check.error(value.span(), format!("{expected}, found {}", kind(other)));
                default
            }
        }
    }

    /// An array of tables (`[[items]]`), each opened with the allowed keys; with a
    /// limit, the entries up to the one that passes it.
    fn tables(
        &self,
        check: &mut Check,
        key: &str,
        singular: &str,
        form: &str,
        allowed: &[&str],
        mut limit: Option<&mut Limit>,
    ) -> Vec<Table<'t, 'i>> {
        let Some(array) = self.array(check, key, &format!("an array of tables ({form})")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, v) in array.iter().enumerate() {
            if let Some(limit) = limit.as_deref_mut()
                && !limit.take(check, v.span())
            {
                break;
            }
            out.extend(Table::open(
                check,
                format!("{singular} {}", i + 1),
                v,
                allowed,
            ));
        }
        out
    }

    /// The array under `key`, if present; anything else there is reported as not
    /// being `expected`.
    fn array(
        &self,
        check: &mut Check,
        key: &str,
        expected: &str,
    ) -> Option<&'t toml::de::DeArray<'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Array(array) => Some(array),
            other => {
                check.error(
                    value.span(),
                    format!("`{key}` must be {expected}, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// An array of strings (`notetakers = ["A", "B"]`), with each string's span; the
    /// strings up to the one that passes `limit`.
    fn strings(
        &self,
        check: &mut Check,
        key: &str,
        limit: &mut Limit,
    ) -> Vec<(String, Range<usize>)> {
        let Some(array) = self.array(check, key, "an array of names like [\"A\", \"B\"]") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in array.iter() {
            if !limit.take(check, v.span()) {
                break;
            }
            match v.get_ref() {
                DeValue::String(s) => match clean_text(s, false) {
                    Ok(t) if !t.is_empty() => out.push((t, v.span())),
                    Ok(_) => check.error(v.span(), format!("`{key}` has an empty name")),
                    Err(m) => check.error(v.span(), format!("`{key}` entry {m}")),
                },
                other => check.error(
                    v.span(),
                    format!("`{key}` must hold strings, found {}", kind(other)),
                ),
            }
        }
        out
    }
}

/// One of the agenda's limits on how many entries of a kind it holds, counted as the
/// entries are read. The entry that passes it is reported, and neither it nor any entry
/// after it is read: refusing a huge agenda costs no more than reading a large one.
struct Limit {
    left: usize,
    /// Said at the entry that passes the limit.
    message: String,
    passed: bool,
}

impl Limit {
    fn new(most: usize, message: String) -> Self {
        Limit {
            left: most,
            message,
            passed: false,
        }
    }

    /// Counts one more entry, at `span`; false for the entry that passes the limit and
    /// for every one after it.
    fn take(&mut self, check: &mut Check, span: Range<usize>) -> bool {
        if self.passed {
            return false;
        }
        if self.left == 0 {
            self.passed = true;
            check.error(span, std::mem::take(&mut self.message));
            return false;
        }
        self.left -= 1;
        true
    }
}

fn unknown_key(key: &str, table: &str, allowed: &[&str]) -> String {
    match names::nearest(key, allowed.iter().copied(), str::to_string) {
        Some(a) => format!("unknown key `{key}` in {table} (did you mean `{a}`?)"),
        None => format!(
            "unknown key `{key}` in {table}; expected one of: {}",
            allowed.join(", ")
        ),
    }
}

/// Characters that reorder or hide text on screen (bidirectional overrides): refused
/// like control characters, since they make an agenda say one thing and show another.
fn is_hidden_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Trims and collapses whitespace; refuses control characters (and line breaks in
/// one-line fields) with the reason.
pub(crate) fn clean_text(s: &str, multiline: bool) -> Result<String, String> {
    for c in s.chars() {
        let allowed_space = c == '\t' || (multiline && (c == '\n' || c == '\r'));
        if (c.is_control() && !allowed_space) || is_hidden_format(c) {
            let what = if c == '\n' || c == '\r' {
                "must be on one line".to_string()
            } else if is_hidden_format(c) {
                format!(
                    "contains the invisible bidirectional-text character U+{:04X}",
                    c as u32
                )
            } else {
                format!("contains the control character U+{:04X}", c as u32)
            };
            return Err(what);
        }
    }
    let text = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if blank(&text) {
        return Ok(String::new());
    }
    Ok(text)
}

/// Whether a text of the agenda is empty as it shows: white space and zero-width
/// characters alone look empty on screen and in the report, so they are.
pub fn blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
}

fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    // "09:30:00" is "09:30" written with seconds.
    let s = s
        .strip_suffix(":00")
        .filter(|r| r.matches(':').count() == 1)
        .unwrap_or(s);
    let (h, m) = s.split_once(':')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

pub(super) fn validate(
    path: &str,
    text: &str,
    offset: usize,
    root: Spanned<DeTable>,
) -> Result<Agenda, Diagnostics> {
    let mut check = Check {
        text,
        offset,
        errors: Findings::new(path, text),
        unresolved: Vec::new(),
    };
    let root_value = Spanned::new(0..0, DeValue::Table(root.into_inner()));
    let top = Table::open(&mut check, "the agenda".into(), &root_value, TOP)
        .expect("the root of a TOML document is a table");

    let (participants, folded) = participants(&mut check, &top);
    let people: Vec<Participant> = participants.iter().map(|(p, _)| p.clone()).collect();
    let roster = names::Index::folded(&people, folded);
    let meeting = top.get("meeting").and_then(|v| {
        Table::open(&mut check, "[meeting]".into(), v, MEETING)
            .and_then(|t| meeting(&mut check, &t, &roster))
    });
    if top.get("meeting").is_none() {
        check.file_error(
            "the agenda has no [meeting] table (it needs at least group, date and start)",
        );
    }
    let settings = top
        .get("settings")
        .and_then(|v| Table::open(&mut check, "[settings]".into(), v, SETTINGS))
        .map(|t| Settings {
            speaker_limit: t.duration(&mut check, "speaker_limit"),
            item_timebox: t.duration(&mut check, "item_timebox"),
            queue_order: t.choice(
                &mut check,
                "queue_order",
                &[
                    ("arrival", QueueOrder::Arrival),
                    ("first-time-first", QueueOrder::FirstTimeFirst),
                ],
                QueueOrder::Arrival,
            ),
        })
        .unwrap_or_default();
    let report = top
        .get("report")
        .and_then(|v| Table::open(&mut check, "[report]".into(), v, REPORT))
        .map(|t| report_wording(&mut check, &t, meeting.as_ref()))
        .unwrap_or_default();
    let days = days(&mut check, &top);
    let items = items(&mut check, &top, &roster);
    tell_unresolved(&mut check, &roster);

    // The date alone is enough to check the days, even if another field is wrong.
    if let Some(first) = meeting
        .as_ref()
        .map(|m| m.date)
        .or_else(|| meeting_date(&top))
    {
        check_dates(&mut check, first, &days, &items);
    }
    match meeting {
        Some(meeting) if check.errors.is_empty() => Ok(Agenda {
            meeting,
            settings,
            report,
            days: days.into_iter().map(|(d, _)| d).collect(),
            participants: people,
            roster,
            items: items.into_iter().map(|(i, _)| i).collect(),
        }),
        _ => Err(check.errors.finish()),
    }
}

fn meeting(check: &mut Check, t: &Table, roster: &names::Index) -> Option<Meeting> {
    let group = t.required_text(check, "group", "the working group's name");
    let date = match t.get("date") {
        Some(_) => t.date(check, "date"),
        None => {
            t.missing(check, "date", "the meeting's date, like date = 2023-02-16");
            None
        }
    };
    let start = match t.get("start") {
        Some(_) => t.time(check, "start"),
        None => {
            t.missing(check, "start", "the start time, like start = \"14:00\"");
            None
        }
    };
    let numbering = t.choice(
        check,
        "numbering",
        &[("arabic", Numbering::Arabic), ("roman", Numbering::Roman)],
        Numbering::Arabic,
    );
    let number = t.get("number").and_then(|v| match v.get_ref() {
        DeValue::Integer(i) => {
            let n = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
            match n {
                Some(n) if (1..=999_999).contains(&n) => {
                    if numbering == Numbering::Roman && n > 3999 {
                        check.error(
                            v.span(),
                            "`number` must be at most 3999 with numbering = \"roman\"",
                        );
                        None
                    } else {
                        Some(n as u32)
                    }
                }
                Some(n) if n > 999_999 => {
                    check.error(
                        v.span(),
                        format!("`number` must be at most 999999, found {n}"),
                    );
                    None
                }
                _ => {
                    check.error(
                        v.span(),
                        format!(
                            "`number` must be a positive whole number, found {}",
                            i.as_str()
                        ),
                    );
                    None
                }
            }
        }
        other => {
            check.error(
                v.span(),
                format!(
                    "`number` must be a positive whole number like 51, found {}",
                    kind(other)
                ),
            );
            None
        }
    });
    let timezone = t
        .get("timezone")
        .map_or(Some(Zone::UTC), |v| match v.get_ref() {
            DeValue::String(s) => Zone::parse(s)
                .map_err(|m| check.error(v.span(), format!("`timezone`: {m}")))
                .ok(),
            other => {
                check.error(
                    v.span(),
                    format!(
                        "`timezone` must be a string like \"UTC\" or \"+02:00\", found {}",
                        kind(other)
                    ),
                );
                None
            }
        });
    let moderator =
        t.text(check, "moderator")
            .and_then(|(text, span)| match roster.resolve(&text) {
                Ok(i) => Some(Moderator::Participant(i)),
                Err(Unresolved::Unknown { .. } | Unresolved::NotListed { .. }) => {
                    Some(Moderator::Text(text))
                }
                Err(e @ Unresolved::Ambiguous { .. }) => {
                    check.error(span, format!("`moderator`: {}", e.describe(&text)));
                    None
                }
            });
    let notetakers = t
        .strings(
            check,
            "notetakers",
            // Each names a participant: there can be no more of them than participants.
            &mut Limit::new(
                MAX_PARTICIPANTS,
                format!(
                    "too many notetakers: `notetakers` names at most {MAX_PARTICIPANTS}, as \
                     many as an agenda's participants, and this is the {}",
                    ordinal_numeric(MAX_PARTICIPANTS as u32 + 1)
                ),
            ),
        )
        .into_iter()
        .filter_map(|(name, span)| reference(check, roster, "notetakers", &name, span))
        .collect();
    let abbreviation = t.text(check, "abbreviation").map(|(s, _)| s);
    let title = t.text(check, "title").map(|(s, _)| s);
    let format = t.choice(
        check,
        "format",
        &[
            ("virtual", Format::Virtual),
            ("hybrid", Format::Hybrid),
            ("in-person", Format::InPerson),
        ],
        Format::Virtual,
    );
    let duration = t.duration(check, "duration");
    let recording = t.prose(check, "recording").map(|(s, _)| s);
    let style = t.choice(
        check,
        "style",
        &[("summary", Style::Summary), ("actions", Style::Actions)],
        Style::Summary,
    );
    let ordinal = t.choice(
        check,
        "ordinal",
        &[
            ("numeric", OrdinalStyle::Numeric),
            ("words", OrdinalStyle::Words),
        ],
        OrdinalStyle::Numeric,
    );
    // Every field is checked above before any missing one ends the table's reading.
    Some(Meeting {
        group: group?,
        abbreviation,
        number,
        title,
        format,
        date: date?,
        start: start?,
        timezone: timezone?,
        duration,
        moderator,
        notetakers,
        recording,
        style,
        ordinal,
        numbering,
    })
}

/// Resolves a participant reference that must name someone on the roster. One that
/// does not is told at the end, by `tell_unresolved`.
fn reference(
    check: &mut Check,
    roster: &names::Index,
    key: &'static str,
    name: &str,
    span: Range<usize>,
) -> Option<usize> {
    match roster.resolve_unaided(name) {
        Ok(i) => Some(i),
        Err(e) => {
            check.unresolved.push((span, key, name.to_string(), e));
            None
        }
    }
}

/// Tells every reference that named nobody, the first `LISTED` of them in the order of
/// the file with the names like theirs. Only those can be among the diagnostics listed,
/// so looking for names like the others (an edit distance per participant, each) would
/// be work no one sees.
fn tell_unresolved(check: &mut Check, roster: &names::Index) {
    let mut unresolved = std::mem::take(&mut check.unresolved);
    unresolved.sort_by_key(|(span, ..)| span.start);
    for (n, (span, key, name, unaided)) in unresolved.into_iter().enumerate() {
        let e = if n < LISTED {
            roster.resolve(&name).err().unwrap_or(unaided)
        } else {
            unaided
        };
        let mut message = format!("`{key}`: {}", e.describe(&name));
        if roster.is_empty() {
            message.push_str("; the agenda has no [[participants]]");
        }
        check.error(span, message);
    }
}

fn report_wording(check: &mut Check, t: &Table, meeting: Option<&Meeting>) -> ReportWording {
    let mut wording = |key: &str, lines: bool| {
        let (s, span) = t.wording(check, key, lines, key == "masthead")?;
        placeholders_of(check, key, &s, span, meeting).then_some(s)
    };
    let intro = wording("intro", false);
    let moderation = wording("moderation", false);
    let opening = wording("opening", false);
    let next_meeting = wording("next_meeting", false);
    let not_discussed = wording("not_discussed", false);
    let apologies = wording("apologies", false);
    let remaining = wording("remaining", false);
    let masthead = wording("masthead", true);
    let item_heading = wording("item_heading", false);
    let date = t.text(check, "date").and_then(|(f, span)| {
        placeholders::check_format(&f, false)
            .map_err(|m| check.error(span, format!("`date`: {m}")))
            .ok()
            .map(|()| f)
    });
    let time = t.text(check, "time").and_then(|(f, span)| {
        placeholders::check_format(&f, true)
            .map_err(|m| check.error(span, format!("`time`: {m}")))
            .ok()
            .map(|()| f)
    });
    let headings = t
        .get("headings")
        .and_then(|v| Table::open(check, "[report.headings]".into(), v, HEADINGS))
        .map(|h| {
            let mut heading = |key: &str| {
                let (s, span) = h.wording(check, key, true, true)?;
                placeholders_of(check, key, &s, span, meeting).then_some(s)
            };
            Headings {
                report: heading("report"),
                agenda: heading("agenda"),
                discussion: heading("discussion"),
                documents: heading("documents"),
                key_points: heading("key_points"),
                decisions: heading("decisions"),
                next_steps: heading("next_steps"),
                actions: heading("actions"),
                participants: heading("participants"),
                speaking_times: heading("speaking_times"),
            }
        })
        .unwrap_or_default();
    let defaults = ReportWording::default();
    ReportWording {
        intro,
        moderation,
        opening,
        next_meeting,
        not_discussed,
        apologies,
        remaining,
        masthead,
        date,
        time,
        item_heading,
        heading_numbers: t.choice(
            check,
            "heading_numbers",
            &[
                ("arabic", HeadingNumbers::Arabic),
                ("letters", HeadingNumbers::Letters),
                ("roman", HeadingNumbers::Roman),
            ],
            defaults.heading_numbers,
        ),
        undiscussed: t.choice(
            check,
            "undiscussed",
            &[
                ("sentence", Undiscussed::Sentence),
                ("omit", Undiscussed::Omit),
                ("group", Undiscussed::Group),
            ],
            defaults.undiscussed,
        ),
        entries: entries_choice(check, t).unwrap_or(defaults.entries),
        run_in: t.boolean(check, "run_in").unwrap_or(defaults.run_in),
        notes: t.choice(
            check,
            "notes",
            &[
                ("lines", NotesStyle::Lines),
                ("markdown", NotesStyle::Markdown),
            ],
            defaults.notes,
        ),
        action_table: t
            .boolean(check, "action_table")
            .unwrap_or(defaults.action_table),
        participants: t
            .boolean(check, "participants")
            .unwrap_or(defaults.participants),
        speaking_times: t
            .boolean(check, "speaking_times")
            .unwrap_or(defaults.speaking_times),
        headings,
        template: t.text(check, "template").map(|(s, _)| s),
        formats: formats(check, t),
        docx_styles: t.text(check, "docx_styles").map(|(s, _)| s),
    }
}

/// `formats = ["md", "docx", "html"]`: each name checked where it is written.
fn formats(check: &mut Check, t: &Table) -> Option<crate::report::Formats> {
    let array = t.array(
        check,
        "formats",
        "an array of formats like [\"md\", \"docx\"]",
    )?;
    let mut names = Vec::new();
    let mut ok = true;
    for v in array.iter() {
        match v.get_ref() {
            DeValue::String(s) if crate::report::Format::parse(s).is_some() => names.push(&**s),
            DeValue::String(s) => {
                check.error(
                    v.span(),
                    format!("`formats`: {}", crate::report::formats::unknown(s)),
                );
                ok = false;
            }
            other => {
                check.error(
                    v.span(),
                    format!("`formats` must hold strings, found {}", kind(other)),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    match crate::report::Formats::from_names(names) {
        Ok(f) => Some(f),
        Err(m) => {
            let span = t.get("formats").map_or(0..0, |v| v.span());
            check.error(span, format!("`formats`: {m}"));
            None
        }
    }
}

fn entries_choice(check: &mut Check, t: &Table) -> Option<Entries> {
    t.get("entries")?;
    Some(t.choice(
        check,
        "entries",
        &[("list", Entries::List), ("paragraphs", Entries::Paragraphs)],
        Entries::List,
    ))
}

/// Checks a wording's placeholders: known, meaningful in `key`, and with something to
/// say for this meeting. False (and an error at the placeholder) when not.
fn placeholders_of(
    check: &mut Check,
    key: &str,
    s: &str,
    span: Range<usize>,
    meeting: Option<&Meeting>,
) -> bool {
    if let Err((at, m)) = placeholders::check(s) {
        let span = string_position(check, span.clone(), s, at).unwrap_or(span);
        check.error(span, format!("`{key}`: {m}"));
        return false;
    }
    // A placeholder with nothing to say would leave a hole in the sentence.
    for (at, name) in placeholders::used(s) {
        let missing = match name.as_str() {
            "ordinal" | "number" if meeting.is_some_and(|m| m.number.is_none()) => {
                Some("[meeting] has no `number`".to_string())
            }
            "moderator" if meeting.is_some_and(|m| m.moderator.is_none()) => {
                Some("[meeting] has no `moderator`".to_string())
            }
            _ => placeholders::only_in(&name)
                .filter(|keys| !keys.contains(&key))
                .map(|keys| format!("it is known only in `{}`", keys.join("`, `"))),
        };
        if let Some(why) = missing {
            let span = string_position(check, span.clone(), s, at).unwrap_or(span.clone());
            check.error(span, format!("`{key}` uses {{{name}}}, but {why}"));
            return false;
        }
    }
    true
}

/// The span of character `at` of a plain one-line string value, when the source shows
/// it verbatim; otherwise `None` and the whole value is pointed at.
fn string_position(
    check: &Check,
    span: Range<usize>,
    value: &str,
    at: usize,
) -> Option<Range<usize>> {
    let start = span.start + check.offset + 1;
    let raw = check.text.get(start..start + value.len())?;
    // `at` counts characters; spans count bytes.
    let byte = value.char_indices().nth(at).map_or(value.len(), |(b, _)| b);
    (raw == value).then(|| span.start + 1 + byte..span.start + 2 + byte)
}

/// The participants, where each is named, and their full and short names folded.
type Roster = (
    Vec<(Participant, Range<usize>)>,
    Vec<(String, Option<String>)>,
);

fn participants(check: &mut Check, top: &Table) -> Roster {
    use std::collections::HashMap;
    let mut out: Vec<(Participant, Range<usize>)> = Vec::new();
    let mut folded_names = Vec::new();
    // Folded full and short names seen so far, each with its owner's position in `out`.
    let mut full_names: HashMap<String, usize> = HashMap::new();
    let mut short_names: HashMap<String, usize> = HashMap::new();
    let mut limit = Limit::new(
        MAX_PARTICIPANTS,
        format!(
            "too many participants: an agenda lists at most {MAX_PARTICIPANTS}, and this is \
             the {}",
            ordinal_numeric(MAX_PARTICIPANTS as u32 + 1)
        ),
    );
    for t in top.tables(
        check,
        "participants",
        "participant",
        "[[participants]]",
        PARTICIPANT,
        Some(&mut limit),
    ) {
        let name = t.required_text(check, "name", "the participant's full name");
        let short = t.text(check, "short");
        let affiliation = t.text(check, "affiliation").map(|(s, _)| s);
        let Some(name) = name else { continue };
        let name_span = t.get("name").map_or(t.span.clone(), |v| v.span());
        let folded = names::fold(&name);
        if let Some(&i) = full_names.get(&folded) {
            check.error(
                name_span,
                format!(
                    "participant \"{name}\" is listed twice (as \"{}\" before)",
                    out[i].0.name
                ),
            );
            continue;
        }
        if let Some(&i) = short_names.get(&folded) {
            check.error(
                name_span.clone(),
                format!(
                    "participant \"{name}\" has the name that {} uses as short name",
                    out[i].0.name
                ),
            );
        }
        let mut folded_short = None;
        if let Some((s, span)) = &short {
            let fs = names::fold(s);
            let clash = match (short_names.get(&fs), full_names.get(&fs)) {
                (Some(&i), _) => Some(format!(
                    "short name \"{s}\" is already used by {}",
                    out[i].0.name
                )),
                (None, Some(&i)) => Some(format!(
                    "short name \"{s}\" is the full name of {}",
                    out[i].0.name
                )),
                (None, None) => None,
            };
            if let Some(message) = clash {
                check.error(span.clone(), message);
                continue;
            }
            short_names.insert(fs.clone(), out.len());
            folded_short = Some(fs);
        }
        full_names.insert(folded.clone(), out.len());
        folded_names.push((folded, folded_short));
        out.push((
            Participant {
                name,
                short: short.map(|(s, _)| s),
                affiliation,
            },
            name_span,
        ));
    }
    (out, folded_names)
}

fn documents(check: &mut Check, t: &Table) -> Vec<Document> {
    t.tables(
        check,
        "documents",
        "document",
        "documents = [{ title = \"…\", url = \"…\" }]",
        DOCUMENT,
        None,
    )
    .into_iter()
    .filter_map(|d| {
        let title = d.required_text(check, "title", "the document's title");
        let url = link(check, &d, "url");
        Some(Document { title: title?, url })
    })
    .collect()
}

/// A link: one line, no spaces, no angle brackets (they would break the report's links).
fn link(check: &mut Check, t: &Table, key: &str) -> Option<String> {
    let (url, span) = t.text(check, key)?;
    if url.contains(char::is_whitespace) || url.contains(['<', '>']) {
        check.error(
            span,
            format!("`{key}` must be a single address without spaces or < >, found \"{url}\""),
        );
        return None;
    }
    Some(url)
}

fn days(check: &mut Check, top: &Table) -> Vec<(Day, Range<usize>)> {
    let mut out: Vec<(Day, Range<usize>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in top.tables(check, "days", "day", "[[days]]", DAY, None) {
        if t.get("date").is_none() {
            t.missing(check, "date", "the day's date");
        }
        let date = t.date(check, "date");
        let label = t.text(check, "label").map(|(s, _)| s);
        let Some(date) = date else { continue };
        let span = t.get("date").map_or(t.span.clone(), |v| v.span());
        if !seen.insert(date) {
            check.error(span, format!("day {date} is listed twice"));
            continue;
        }
        out.push((Day { date, label }, span));
    }
    out.sort_by_key(|(d, _)| d.date);
    out
}

fn items(check: &mut Check, top: &Table, roster: &names::Index) -> Vec<(Item, Range<usize>)> {
    if top.get("items").is_none() {
        check.file_error("the agenda has no items; add at least one [[items]] with a title");
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut limit = Limit::new(
        MAX_ITEMS,
        format!(
            "too many items: an agenda holds at most {MAX_ITEMS} items and sub-items \
             together, and this is the {}",
            ordinal_numeric(MAX_ITEMS as u32 + 1)
        ),
    );
    let Some(array) = top.array(check, "items", "an array of tables ([[items]])") else {
        return out;
    };
    for (i, v) in array.iter().enumerate() {
        if !limit.take(check, v.span()) {
            break;
        }
        let Some(t) = Table::open(check, format!("item {}", i + 1), v, ITEM) else {
            continue;
        };
        let title = t.required_text(check, "title", "the item's title");
        let lead = t
            .text(check, "lead")
            .and_then(|(n, span)| reference(check, roster, "lead", &n, span));
        let subitems = t
            .tables(
                check,
                "subitems",
                "sub-item",
                "[[items.subitems]]",
                SUBITEM,
                Some(&mut limit),
            )
            .into_iter()
            .filter_map(|s| {
                let title = s.required_text(check, "title", "the sub-item's title");
                let lead = s
                    .text(check, "lead")
                    .and_then(|(n, span)| reference(check, roster, "lead", &n, span));
                let link = link(check, &s, "link");
                let timebox = s.duration(check, "timebox");
                let documents = documents(check, &s);
                Some(SubItem {
                    title: title?,
                    link,
                    timebox,
                    lead,
                    documents,
                    added: false,
                })
            })
            .collect();
        let heading = t
            .wording(check, "heading", false, false)
            .and_then(|(h, span)| placeholders_of(check, "heading", &h, span, None).then_some(h));
        let agenda_line = t
            .wording(check, "agenda_line", false, false)
            .and_then(|(h, span)| placeholders_of(check, "heading", &h, span, None).then_some(h));
        let heading_link = t.get("heading_link").map(|v| match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => None,
            _ => link(check, &t, "heading_link"),
        });
        let item = Item {
            link: link(check, &t, "link"),
            heading,
            agenda_line,
            heading_link,
            entries: entries_choice(check, &t),
            listed: t.boolean(check, "listed").unwrap_or(true),
            timebox: t.duration(check, "timebox"),
            lead,
            documents: documents(check, &t),
            day: t.date(check, "day"),
            session: t.text(check, "session").map(|(s, _)| s),
            subitems,
            added: false,
            title: match title {
                Some(t) => t,
                None => continue,
            },
        };
        let span = t.get("day").map_or(t.span.clone(), |v| v.span());
        out.push((item, span));
    }
    out
}

/// The meeting's date when it is well-formed, read without reporting anything (the
/// walk of [meeting] reports its problems).
fn meeting_date(top: &Table) -> Option<NaiveDate> {
    let DeValue::Table(m) = top.get("meeting")?.get_ref() else {
        return None;
    };
    let (_, v) = m.iter().find(|(k, _)| k.get_ref().as_ref() == "date")?;
    match v.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        _ => None,
    }
}

/// Days of a multi-day meeting cannot come before the meeting's first day.
fn check_dates(
    check: &mut Check,
    first: NaiveDate,
    days: &[(Day, Range<usize>)],
    items: &[(Item, Range<usize>)],
) {
    for (d, span) in days {
        if d.date < first {
            check.error(
                span.clone(),
                format!("day {} is before the meeting's date {first}", d.date),
            );
        }
    }
    for (i, span) in items {
        if let Some(day) = i.day.filter(|d| *d < first) {
            check.error(
                span.clone(),
                format!("`day` {day} is before the meeting's date {first}"),
            );
        }
    }
}
