//! What a report template gets: the meeting, already worded and escaped in the house
//! style, so a template only arranges it. User templates get exactly the same data.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::markdown::{self, inline};
use super::{placeholders, words};
use crate::agenda::{Agenda, ItemRef, Moderator, Style, letter};
use crate::meeting::{Meeting, Presence};
use crate::names;
use crate::notes::{Entry, Kind, extract};

#[derive(Debug, Serialize)]
pub struct Report {
    /// "summary" or "actions".
    pub style: &'static str,
    pub group: String,
    pub title: String,
    /// "16 February 2023 at 14:00 UTC", or "7–10 March 2023" over several days.
    pub date_line: String,
    pub heading: String,
    /// The intro paragraph: who met when, who moderated, the recording, apologies.
    pub intro: String,
    pub opening: String,
    pub agenda: Vec<AgendaLine>,
    pub items: Vec<ItemSection>,
    pub days: Vec<DaySection>,
    pub next_meeting: String,
    pub actions: Vec<ActionRow>,
    pub participants: Vec<String>,
    pub speaking_times: Vec<SpeakingTime>,
    pub unmatched_notes: Vec<UnmatchedNotes>,
}

#[derive(Debug, Serialize)]
pub struct AgendaLine {
    pub number: String,
    /// Spaces that put a nested line under this line's text ("1. " → 3, "10. " → 4).
    pub indent: String,
    pub title: String,
    pub subitems: Vec<AgendaLine>,
}

#[derive(Debug, Serialize, Clone)]
pub struct ItemSection {
    pub number: String,
    /// The item's title, linked as in the agenda.
    pub title: String,
    pub discussed: bool,
    pub not_discussed: String,
    pub documents: Vec<String>,
    pub prose: String,
    pub key_points: Vec<String>,
    pub decisions: Vec<String>,
    /// Next steps and actions, in the order they were written.
    pub next_steps: Vec<String>,
    /// Every labelled entry in the order written (for the actions style).
    pub entries: Vec<String>,
    pub session: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DaySection {
    pub heading: String,
    pub sessions: Vec<SessionSection>,
}

#[derive(Debug, Serialize)]
pub struct SessionSection {
    /// The session's heading, when its items are grouped under one.
    pub heading: Option<String>,
    pub items: Vec<ItemSection>,
}

#[derive(Debug, Serialize)]
pub struct ActionRow {
    pub number: usize,
    pub owner: String,
    pub action: String,
    pub due: String,
    pub item: String,
}

#[derive(Debug, Serialize)]
pub struct SpeakingTime {
    pub name: String,
    pub turns: usize,
    pub time: String,
}

#[derive(Debug, Serialize)]
pub struct UnmatchedNotes {
    pub source: String,
    pub prose: String,
}

/// Builds the report data from the meeting's state.
pub fn build(m: &Meeting) -> Report {
    let a = &m.agenda;
    let fill = |text: &str| fill(m, text);
    let style = a.meeting.style;
    let heading_level = if style == Style::Summary { 5 } else { 6 };
    let mut actions = Vec::new();
    let items: Vec<ItemSection> = (0..a.items.len())
        .map(|i| item_section(m, i, style, &mut actions))
        .collect();
    let intro = intro(m);
    Report {
        style: match style {
            Style::Summary => "summary",
            Style::Actions => "actions",
        },
        group: inline(&a.meeting.group),
        title: inline(&a.title()),
        date_line: date_line(a),
        heading: match style {
            Style::Summary => "Summary Report".into(),
            Style::Actions => "Summary of action items & next steps".into(),
        },
        intro,
        opening: fill(
            a.report
                .opening
                .as_deref()
                .unwrap_or("The moderator opened the meeting by introducing the agenda:"),
        ),
        agenda: a
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| AgendaLine {
                number: (i + 1).to_string(),
                indent: " ".repeat((i + 1).to_string().len() + 2),
                title: markdown::titled(&it.title, it.link.as_deref()),
                subitems: it
                    .subitems
                    .iter()
                    .enumerate()
                    .map(|(s, sub)| AgendaLine {
                        number: letter(s),
                        indent: String::new(),
                        title: markdown::titled(&sub.title, sub.link.as_deref()),
                        subitems: Vec::new(),
                    })
                    .collect(),
            })
            .collect(),
        days: if style == Style::Actions {
            days(a, &items)
        } else {
            Vec::new()
        },
        items,
        next_meeting: m
            .next_meeting
            .map(|_| {
                fill(a.report.next_meeting.as_deref().unwrap_or(
                    "The next meeting will take place on {next_date} at {next_time} {timezone}.",
                ))
            })
            .unwrap_or_default(),
        actions,
        participants: participants(m),
        speaking_times: if a.report.speaking_times {
            m.speaking_times()
                .into_iter()
                .map(|(name, turns, time)| SpeakingTime {
                    name: inline(&name),
                    turns,
                    time: crate::duration::clock(time),
                })
                .collect()
        } else {
            Vec::new()
        },
        unmatched_notes: m
            .unmatched_notes
            .iter()
            .map(|(source, text)| UnmatchedNotes {
                source: inline(source),
                prose: markdown::prose(text, heading_level),
            })
            .collect(),
    }
}

/// Fills a wording's placeholders with escaped values. Wordings were checked when the
/// agenda was loaded, so a failure here cannot happen; the text is kept as written.
fn fill(m: &Meeting, text: &str) -> String {
    placeholders::fill(text, |name| value(m, name)).unwrap_or_else(|_| text.to_string())
}

fn value(m: &Meeting, name: &str) -> Option<String> {
    let a = &m.agenda;
    let meeting = &a.meeting;
    let next = m.next_meeting;
    let v = match name {
        "ordinal" => meeting.number.map(|n| words::ordinal(n, meeting.ordinal))?,
        "number" => meeting
            .number
            .map(|n| words::numbered(n, meeting.numbering))?,
        "format" => meeting.format.adjective().to_string(),
        "group" => meeting.group.clone(),
        "abbreviation" => meeting
            .abbreviation
            .clone()
            .unwrap_or_else(|| meeting.group.clone()),
        "title" => a.title(),
        "date" => words::long_date(meeting.date),
        "time" => words::clock_time(meeting.start),
        "timezone" => meeting.timezone.label(),
        "moderator" => moderator(a)?,
        "next_date" => words::long_date(next?.0),
        "next_time" => words::clock_time(next?.1.unwrap_or(meeting.start)),
        _ => return None,
    };
    Some(inline(&v))
}

fn moderator(a: &Agenda) -> Option<String> {
    match a.meeting.moderator.as_ref()? {
        Moderator::Participant(i) => Some(a.participants[*i].name.clone()),
        Moderator::Text(t) => Some(t.clone()),
    }
}

fn intro(m: &Meeting) -> String {
    let a = &m.agenda;
    let default = match (a.meeting.number.is_some(), a.meeting.abbreviation.is_some()) {
        (true, true) => {
            "The {ordinal} {format} meeting of the {group} ({abbreviation}) was held on {date} at {time} {timezone}."
        }
        (true, false) => {
            "The {ordinal} {format} meeting of the {group} was held on {date} at {time} {timezone}."
        }
        (false, true) => {
            "The {format} meeting of the {group} ({abbreviation}) was held on {date} at {time} {timezone}."
        }
        (false, false) => {
            "The {format} meeting of the {group} was held on {date} at {time} {timezone}."
        }
    };
    let mut sentences = vec![fill(m, a.report.intro.as_deref().unwrap_or(default))];
    if a.meeting.moderator.is_some() {
        sentences.push(fill(
            m,
            a.report
                .moderation
                .as_deref()
                .unwrap_or("The meeting was moderated by {moderator}."),
        ));
    }
    if let Some(r) = &a.meeting.recording {
        sentences.push(r.clone());
    }
    let regrets = regrets(m);
    if !regrets.is_empty() {
        sentences.push(format!(
            "Apologies were received from {}.",
            words::and_list(&regrets)
        ));
    }
    sentences.join(" ")
}

/// Everyone who sent apologies, roster first, by full name, escaped.
fn regrets(m: &Meeting) -> Vec<String> {
    let roster = m
        .agenda
        .participants
        .iter()
        .zip(&m.attendance.roster)
        .filter(|(_, p)| **p == Presence::Regrets)
        .map(|(p, _)| inline(&p.name));
    let guests = m
        .attendance
        .guests
        .iter()
        .filter(|g| g.presence == Presence::Regrets)
        .map(|g| inline(&g.name));
    roster.chain(guests).collect()
}

/// "Name, Affiliation" of those present in roster order, then present guests; when
/// attendance was never taken, the roster less those who sent apologies.
fn participants(m: &Meeting) -> Vec<String> {
    let line = |name: &str, aff: Option<&str>| match aff {
        Some(a) => format!("{}, {}", inline(name), inline(a)),
        None => inline(name),
    };
    let keep = |p: Presence| {
        if m.attendance.taken {
            p == Presence::Present
        } else {
            p != Presence::Regrets && p != Presence::Absent
        }
    };
    let roster = m
        .agenda
        .participants
        .iter()
        .zip(&m.attendance.roster)
        .filter(|(_, p)| keep(**p))
        .map(|(p, _)| line(&p.name, p.affiliation.as_deref()));
    let guests = m
        .attendance
        .guests
        .iter()
        .filter(|g| keep(g.presence))
        .map(|g| line(&g.name, g.affiliation.as_deref()));
    roster.chain(guests).collect()
}

fn date_line(a: &Agenda) -> String {
    let first = a.meeting.date;
    let last = a
        .items
        .iter()
        .filter_map(|i| i.day)
        .chain(a.days.iter().map(|d| d.date))
        .max()
        .unwrap_or(first)
        .max(first);
    if last == first {
        return format!(
            "{} at {} {}",
            words::long_date(first),
            words::clock_time(a.meeting.start),
            a.meeting.timezone.label()
        );
    }
    if first.year() != last.year() {
        format!("{} – {}", words::long_date(first), words::long_date(last))
    } else if first.month() != last.month() {
        format!("{} – {}", words::day_month(first), words::long_date(last))
    } else {
        format!("{}–{}", first.day(), words::long_date(last))
    }
}

fn item_section(m: &Meeting, i: usize, style: Style, actions: &mut Vec<ActionRow>) -> ItemSection {
    let heading_level = if style == Style::Summary { 5 } else { 6 };
    let a = &m.agenda;
    let item = &a.items[i];
    // Neutralised first, so that no escape sequence reaches the report through a
    // labelled line (a document's address, an owner) or hides a label from extraction.
    let x = extract(&markdown::neutralise(&m.notes[i]), a.meeting.date);
    let discussed = m.taken_up(ItemRef::item(i)) || !x.prose.is_empty() || !x.entries.is_empty();
    let mut documents: Vec<String> = item
        .documents
        .iter()
        .chain(item.subitems.iter().flat_map(|s| &s.documents))
        .map(|d| markdown::titled(&d.title, d.url.as_deref()))
        .collect();
    let mut key_points = Vec::new();
    let mut decisions = Vec::new();
    let mut next_steps = Vec::new();
    let mut entries = Vec::new();
    for e in &x.entries {
        let text = match &e.kind {
            Kind::Action { owner, due } => {
                let (sentence, row) = action(m, e, owner.as_deref(), *due, i);
                actions.push(ActionRow {
                    number: actions.len() + 1,
                    ..row
                });
                sentence
            }
            Kind::Document { url } => markdown::titled(&e.text, url.as_deref()),
            _ => sentence(&e.text),
        };
        if let Kind::Document { .. } = e.kind {
            documents.push(text);
            continue;
        }
        let md = with_detail(text, e);
        // Each style shows entries one way: grouped by kind, or in the order written.
        match (style, &e.kind) {
            (Style::Actions, _) => entries.push(md),
            (_, Kind::KeyPoint) => key_points.push(md),
            (_, Kind::Decision) => decisions.push(md),
            _ => next_steps.push(md),
        }
    }
    ItemSection {
        number: (i + 1).to_string(),
        title: markdown::titled(&item.title, item.link.as_deref()),
        discussed,
        not_discussed: fill(
            m,
            a.report
                .not_discussed
                .as_deref()
                .unwrap_or("This item was not discussed."),
        ),
        documents,
        prose: markdown::prose(&x.prose, heading_level),
        key_points,
        decisions,
        next_steps,
        entries,
        session: item.session.as_ref().map(|s| inline(s)),
    }
}

/// An entry's text as a list item: its indented detail lines follow, indented under it.
fn with_detail(text: String, e: &Entry) -> String {
    let mut out = match markdown::neutralise(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    };
    for d in &e.detail {
        out.push('\n');
        if !d.is_empty() {
            out.push_str("  ");
            out.push_str(&markdown::neutralise(d));
        }
    }
    out
}

/// Ends a list sentence with a full stop unless it already ends in punctuation.
fn sentence(text: &str) -> String {
    finish_sentence(text.trim().to_string())
}

/// `sentence` on a string already owned: capitalised, with its full stop.
fn finish_sentence(mut s: String) -> String {
    let done = match s.chars().last() {
        None => return s,
        Some(c) => ".!?:;…".contains(c) || s.ends_with(".*") || s.ends_with(".**"),
    };
    if !done {
        s.push('.');
    }
    match s.as_bytes()[0] {
        b if b.is_ascii_lowercase() => s[..1].make_ascii_uppercase(),
        b if b.is_ascii() => {}
        _ => s = upper_first(&s),
    }
    s
}

/// "Titti will share the final version (due 2 March 2023)." and its table row.
fn action(
    m: &Meeting,
    e: &Entry,
    owner: Option<&str>,
    due: Option<NaiveDate>,
    item: usize,
) -> (String, ActionRow) {
    let (called, full) = match owner {
        Some(o) => owner_names(m, o),
        None => ("", ""),
    };
    let body = e.text.trim().trim_end_matches('.');
    let body = body.strip_prefix("to ").unwrap_or(body);
    let due_text = due.map(words::long_date).unwrap_or_default();
    let mut s = String::with_capacity(called.len() + body.len() + 32);
    // "ACTION: Alisa Heaver: MAG Member, Ms. Alisa Heaver, will consider …" is already
    // a sentence about its owner: it is kept as written.
    let written_out = [owner.unwrap_or(""), called, full]
        .iter()
        .any(|name| names_subject(body, name));
    if !called.is_empty() && !written_out {
        s.push_str(&inline(called));
        s.push_str(if starts_with_word(body, "will") {
            " "
        } else {
            " will "
        });
    }
    s.push_str(body);
    if due.is_some() {
        s.push_str(" (due ");
        s.push_str(&due_text);
        s.push(')');
    }
    let row = ActionRow {
        number: 0,
        owner: markdown::cell(&inline(if full.is_empty() { "—" } else { full })),
        action: markdown::cell(&markdown::neutralise(body)),
        due: due_text,
        item: (item + 1).to_string(),
    };
    (finish_sentence(s), row)
}

/// Whether `text` names `name` before a "will": the owner is already its subject.
fn names_subject(text: &str, name: &str) -> bool {
    if name.is_empty() || !text.contains("will") {
        return false;
    }
    let lower = text.to_lowercase();
    let Some(at) = lower.find(&name.to_lowercase()) else {
        return false;
    };
    lower[at..]
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "will")
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.extend(first.to_uppercase());
    out.push_str(chars.as_str());
    out
}

/// The owner as people call them (short name) and by full name, when the notes name
/// someone on the roster or a guest; otherwise as written.
fn owner_names<'a>(m: &'a Meeting, owner: &'a str) -> (&'a str, &'a str) {
    let a = &m.agenda;
    if let Ok(i) = a.resolve(owner) {
        let p = &a.participants[i];
        return (p.called(), &p.name);
    }
    if let Ok(i) = names::resolve(&m.attendance.guests, owner) {
        let g = &m.attendance.guests[i];
        return (&g.name, &g.name);
    }
    (owner, owner)
}

/// Items grouped by day, then by session, for the actions style.
fn days(a: &Agenda, items: &[ItemSection]) -> Vec<DaySection> {
    let mut out: Vec<(NaiveDate, DaySection)> = Vec::new();
    let mut day = a.meeting.date;
    for (i, section) in items.iter().enumerate() {
        day = a.items[i].day.unwrap_or(day);
        if out.last().is_none_or(|(d, _)| *d != day) {
            let label = a
                .days
                .iter()
                .find(|d| d.date == day)
                .and_then(|d| d.label.as_deref());
            let heading = match label {
                Some(l) => format!("{} ({})", words::long_date(day), inline(l)),
                None => words::long_date(day),
            };
            out.push((
                day,
                DaySection {
                    heading,
                    sessions: Vec::new(),
                },
            ));
        }
        let sessions = &mut out.last_mut().expect("a day was pushed").1.sessions;
        let heading = section.session.clone();
        match sessions.last_mut() {
            Some(s) if heading.is_some() && s.heading == heading => s.items.push(section.clone()),
            _ => sessions.push(SessionSection {
                heading,
                items: vec![section.clone()],
            }),
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}
