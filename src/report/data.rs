//! What a report template gets: the meeting, already worded and escaped in the house
//! style, so a template only arranges it. User templates get exactly the same data.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::markdown::{self, inline};
use super::{placeholders, words};
use crate::agenda::{
    Agenda, Entries, HeadingNumbers, ItemRef, Moderator, Style, Undiscussed, letter,
};
use crate::meeting::{Meeting, Presence};
use crate::names;
use crate::notes::{Entry, Extracted, Kind};

#[derive(Debug, Serialize)]
pub struct Report {
    /// "summary" or "actions".
    pub style: &'static str,
    pub group: String,
    pub title: String,
    /// "16 February 2023 at 14:00 UTC", or "7–10 March 2023" over several days.
    pub date_line: String,
    /// The paragraphs under the group's name (title and date line, as `masthead`
    /// says), each already markdown, its lines bold and apart by line breaks.
    pub masthead: Vec<String>,
    pub heading: String,
    /// The intro: who met when, who moderated, the recording, apologies; paragraphs
    /// apart by a blank line.
    pub intro: String,
    pub opening: String,
    pub agenda_heading: Vec<String>,
    pub agenda: Vec<AgendaLine>,
    pub discussion_heading: Vec<String>,
    pub items: Vec<ItemSection>,
    pub days: Vec<DaySection>,
    pub next_meeting: String,
    pub actions_heading: Vec<String>,
    pub actions: Vec<ActionRow>,
    pub participants_heading: Vec<String>,
    pub participants: Vec<String>,
    pub speaking_times_heading: Vec<String>,
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
    /// The discussion heading as the house style words it: "1. [Title](…)", "A. …",
    /// "Remaining agenda items (4-5)", with a run-in label where asked.
    pub heading: String,
    /// Its lists in order (documents, key points, decisions, next steps), those with
    /// entries only, each with its label and its way of showing entries.
    pub sections: Vec<Section>,
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

#[derive(Debug, Serialize, Clone)]
pub struct Section {
    /// "Summary of key points:"; empty when run into the heading or asked away.
    pub label: String,
    /// A numbered list (documents), a bulleted list, or paragraphs.
    pub numbered: bool,
    pub paragraphs: bool,
    /// Each entry as markdown: for a list, the item's text with its detail lines
    /// indented under it; for paragraphs, the paragraph and its detail as blocks.
    pub entries: Vec<String>,
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
    build_over(m, TWO_CORES)
}

/// The report of a meeting read on one core, for comparing with `build`.
#[cfg(test)]
pub fn build_on_one_core(m: &Meeting) -> Report {
    build_over(m, usize::MAX)
}

/// `build`, the items set out on two cores when their notes are larger than `two_cores`.
fn build_over(m: &Meeting, two_cores: usize) -> Report {
    let a = &m.agenda;
    let r = &a.report;
    let h = &r.headings;
    let style = a.meeting.style;
    let (read, sections, actions) = item_sections(m, two_cores);
    let items = arrange(m, sections);
    let intro = intro(m);
    let title = inline(&a.title());
    let date_line = date_line(a);
    let next_meeting = match m.next_meeting {
        // Said once: not again when the notes already say it.
        Some((date, _)) if !read.iter().any(|x| says_next_meeting(&x.prose, date)) => fill(
            m,
            r.next_meeting.as_deref().unwrap_or(
                "The next meeting will take place on {next_date} at {next_time} {timezone}.",
            ),
        ),
        _ => String::new(),
    };
    let default_heading = match style {
        Style::Summary => "Summary Report",
        Style::Actions => "Summary of action items & next steps",
    };
    Report {
        style: match style {
            Style::Summary => "summary",
            Style::Actions => "actions",
        },
        group: inline(&a.meeting.group),
        masthead: masthead(m, &title, &date_line),
        title,
        date_line,
        heading: headings(m, h.report.as_deref(), default_heading).join(" "),
        intro,
        opening: fill(
            m,
            r.opening
                .as_deref()
                .unwrap_or("The moderator opened the meeting by introducing the agenda:"),
        ),
        agenda_heading: headings(m, h.agenda.as_deref(), "Agenda"),
        agenda: a
            .items
            .iter()
            .filter(|it| it.listed)
            .enumerate()
            .map(|(i, it)| AgendaLine {
                number: (i + 1).to_string(),
                indent: " ".repeat((i + 1).to_string().len() + 2),
                title: match &it.agenda_line {
                    Some(w) => fill_title(m, w, &it.title),
                    None => markdown::titled(&it.title, it.link.as_deref()),
                },
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
        discussion_heading: headings(m, h.discussion.as_deref(), "Discussion"),
        days: if style == Style::Actions {
            days(a, &items)
        } else {
            Vec::new()
        },
        items,
        next_meeting,
        actions_heading: headings(m, h.actions.as_deref(), "Action items"),
        actions: if r.action_table { actions } else { Vec::new() },
        participants_heading: headings(m, h.participants.as_deref(), "List of participants"),
        participants: if r.participants {
            participants(m)
        } else {
            Vec::new()
        },
        speaking_times_heading: headings(m, h.speaking_times.as_deref(), "Speaking times"),
        speaking_times: if r.speaking_times {
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
                prose: markdown::prose(text, heading_level(style)),
            })
            .collect(),
    }
}

/// Notes headings go below the item's own heading.
fn heading_level(style: Style) -> usize {
    if style == Style::Summary { 5 } else { 6 }
}

/// A heading as the house style words it: its lines, each a heading of its own; none
/// when the group asked for none.
fn headings(m: &Meeting, wording: Option<&str>, default: &str) -> Vec<String> {
    let text = fill(m, wording.unwrap_or(default));
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The masthead's paragraphs: each line bold, the lines of a paragraph apart by a
/// hard line break.
fn masthead(m: &Meeting, title: &str, date_line: &str) -> Vec<String> {
    let text = match &m.agenda.report.masthead {
        Some(w) => fill(m, w),
        // Over several days the date line is the range of days.
        None => format!("{title}\n{date_line}"),
    };
    text.split("\n\n")
        .map(|p| {
            p.split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("**{l}**"))
                .collect::<Vec<_>>()
                .join("\\\n")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether the notes already say when the next meeting is: a paragraph with "next"
/// and the date's day and month ("the next meeting will be on 2 March").
fn says_next_meeting(prose: &[String], date: NaiveDate) -> bool {
    let month = words::month_name(date).to_lowercase();
    let day = date.day().to_string();
    prose.iter().any(|p| {
        let lower = p.to_lowercase();
        if !lower.contains("next") {
            return false;
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.windows(2).any(|w| {
            let is_month = |x: &str| x.len() >= 3 && month.starts_with(x);
            (w[0] == day && is_month(w[1])) || (is_month(w[0]) && w[1] == day)
        })
    })
}

/// Fills a wording's placeholders with escaped values. Wordings were checked when the
/// agenda was loaded, so a failure here cannot happen; the text is kept as written.
fn fill(m: &Meeting, text: &str) -> String {
    placeholders::fill(text, |name, pattern| value(m, name, pattern))
        .unwrap_or_else(|_| text.to_string())
}

fn value(m: &Meeting, name: &str, pattern: Option<&str>) -> Option<String> {
    let a = &m.agenda;
    let meeting = &a.meeting;
    let r = &a.report;
    let next = m.next_meeting;
    let date = |d| words::date_in(d, pattern.or(r.date.as_deref()));
    let time = |t| words::time_in(t, pattern.or(r.time.as_deref()));
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
        "date" => date(meeting.date),
        "time" => time(meeting.start),
        "timezone" => meeting.timezone.label(),
        "moderator" => moderator(a)?,
        "next_date" => date(next?.0),
        "next_time" => time(next?.1.unwrap_or(meeting.start)),
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
    let r = &a.report;
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
    let moderation = if a.meeting.moderator.is_some() {
        fill(
            m,
            r.moderation
                .as_deref()
                .unwrap_or("The meeting was moderated by {moderator}."),
        )
    } else {
        String::new()
    };
    let recording = a.meeting.recording.clone().unwrap_or_default();
    let regrets = regrets(m);
    let apologies = if regrets.is_empty() {
        String::new()
    } else {
        let wording = r
            .apologies
            .as_deref()
            .unwrap_or("Apologies were received from {names}.");
        placeholders::fill(wording, |name, pattern| match name {
            "names" => Some(words::and_list(&regrets)),
            _ => value(m, name, pattern),
        })
        .unwrap_or_else(|_| wording.to_string())
    };
    let wording = r.intro.as_deref().unwrap_or(default);
    let used: Vec<String> = placeholders::used(wording)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let text = placeholders::fill(wording, |name, pattern| match name {
        "moderation" => Some(moderation.clone()),
        "recording" => Some(recording.clone()),
        "apologies" => Some(apologies.clone()),
        _ => value(m, name, pattern),
    })
    .unwrap_or_else(|_| wording.to_string());
    // What the intro does not place itself closes its last paragraph.
    let mut out = text;
    for (name, sentence) in [
        ("moderation", &moderation),
        ("recording", &recording),
        ("apologies", &apologies),
    ] {
        if !sentence.is_empty() && !used.iter().any(|u| u == name) {
            out.push(' ');
            out.push_str(sentence);
        }
    }
    // Sentences placed by the intro but empty leave no stray blank; what would be
    // dropped on the way out is dropped first, so that it leaves none either.
    markdown::neutralise(&out)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
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
    let r = &a.report;
    if last == first {
        return format!(
            "{} at {} {}",
            words::date_in(first, r.date.as_deref()),
            words::time_in(a.meeting.start, r.time.as_deref()),
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

/// The discussion in the house style's order: items not discussed kept with a
/// sentence, left out, or gathered under one heading per run of them.
fn arrange(m: &Meeting, sections: Vec<ItemSection>) -> Vec<ItemSection> {
    let how = m.agenda.report.undiscussed;
    let mut out: Vec<ItemSection> = Vec::new();
    let mut run: Vec<(usize, ItemSection)> = Vec::new();
    let flush = |run: &mut Vec<(usize, ItemSection)>, out: &mut Vec<ItemSection>| {
        if run.is_empty() {
            return;
        }
        let first = m.agenda.report_number(run[0].0);
        let last = m.agenda.report_number(run[run.len() - 1].0);
        let numbers = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        let wording = m
            .agenda
            .report
            .remaining
            .as_deref()
            .unwrap_or("Remaining agenda items ({numbers})");
        let heading = placeholders::fill(wording, |name, pattern| match name {
            "numbers" => Some(numbers.clone()),
            _ => value(m, name, pattern),
        })
        .unwrap_or_else(|_| wording.to_string());
        let mut group = run[0].1.clone();
        group.heading = heading;
        group.discussed = true;
        for (_, s) in run.drain(..).skip(1) {
            if !s.prose.is_empty() {
                if !group.prose.is_empty() {
                    group.prose.push_str("\n\n");
                }
                group.prose.push_str(&s.prose);
            }
            for section in s.sections {
                match group.sections.iter_mut().find(|g| g.label == section.label) {
                    Some(g) => g.entries.extend(section.entries),
                    None => group.sections.push(section),
                }
            }
            group.entries.extend(s.entries);
        }
        out.push(group);
    };
    for (i, s) in sections.into_iter().enumerate() {
        if !m.agenda.items[i].listed && !s.discussed {
            continue;
        }
        let taken_up = m.taken_up(ItemRef::item(i));
        match how {
            Undiscussed::Group if !taken_up => {
                run.push((i, s));
                continue;
            }
            Undiscussed::Omit if !s.discussed => {}
            _ => out.push(s),
        }
        flush(&mut run, &mut out);
    }
    flush(&mut run, &mut out);
    out
}

/// Notes of more than this many bytes are read and set out on two cores.
const TWO_CORES: usize = 64 << 10;

/// Every item's notes read and its section made, and the action table's rows. A large
/// meeting's report is made at the end of the call while people wait for it: when the
/// notes are larger than `two_cores` bytes, the items after their middle go to another
/// core (each item is set out on its own; the actions are numbered once both halves
/// are in).
fn item_sections(
    m: &Meeting,
    two_cores: usize,
) -> (Vec<Extracted>, Vec<ItemSection>, Vec<ActionRow>) {
    let n = m.agenda.items.len();
    let run = |items: std::ops::Range<usize>| {
        let mut actions = Vec::new();
        let mut read = Vec::with_capacity(items.len());
        let mut sections = Vec::with_capacity(items.len());
        for i in items {
            let x = m.read_notes(i);
            sections.push(item_section(m, i, &x, &mut actions));
            read.push(x);
        }
        (read, sections, actions)
    };
    let bytes: usize = m.notes.iter().map(String::len).sum();
    if bytes <= two_cores || n < 2 {
        return run(0..n);
    }
    let mut so_far = 0;
    let middle = m
        .notes
        .iter()
        .position(|t| {
            so_far += t.len();
            so_far >= bytes / 2
        })
        .map_or(n / 2, |i| i + 1)
        .clamp(1, n - 1);
    let (second, first) = crate::cores::beside(|| run(middle..n), || run(0..middle));
    let (mut read, mut sections, mut actions) = first;
    read.extend(second.0);
    sections.extend(second.1);
    actions.extend(second.2);
    for (k, a) in actions.iter_mut().enumerate() {
        a.number = k + 1;
    }
    (read, sections, actions)
}

fn item_section(m: &Meeting, i: usize, x: &Extracted, actions: &mut Vec<ActionRow>) -> ItemSection {
    let a = &m.agenda;
    let r = &a.report;
    let style = a.meeting.style;
    let item = &a.items[i];
    let discussed = m.taken_up(ItemRef::item(i)) || !x.prose.is_empty() || !x.entries.is_empty();
    let paragraphs = item.entries.unwrap_or(r.entries) == Entries::Paragraphs;
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
            Kind::Action { owners, due } => {
                let (sentence, row) = action(m, e, owners, *due, i);
                actions.push(ActionRow {
                    number: actions.len() + 1,
                    ..row
                });
                sentence
            }
            Kind::Document { url } => {
                documents.push(markdown::titled(&e.text, url.as_deref()));
                continue;
            }
            _ => upper_first(&markdown::entry(&e.text)),
        };
        // Each style shows entries one way: grouped by kind, or in the order written.
        let md = with_detail(text, e, paragraphs && style == Style::Summary);
        match (style, &e.kind) {
            (Style::Actions, _) => entries.push(md),
            (_, Kind::KeyPoint) => key_points.push(md),
            (_, Kind::Decision) => decisions.push(md),
            _ => next_steps.push(md),
        }
    }
    let h = &r.headings;
    let label = |wording: Option<&str>, default: &str| headings(m, wording, default).join(" ");
    let mut sections: Vec<Section> = [
        (
            label(h.documents.as_deref(), "Output Documents:"),
            &documents,
            true,
        ),
        (
            label(h.key_points.as_deref(), "Summary of key points:"),
            &key_points,
            false,
        ),
        (
            label(h.decisions.as_deref(), "Decisions:"),
            &decisions,
            false,
        ),
        (
            label(h.next_steps.as_deref(), "Next steps:"),
            &next_steps,
            false,
        ),
    ]
    .into_iter()
    .filter(|(_, list, _)| !list.is_empty())
    .map(|(label, list, numbered)| Section {
        label,
        numbered,
        paragraphs: paragraphs && !numbered,
        entries: list.clone(),
    })
    .collect();
    // Made safe as one text: a conflict's markers pair up across paragraphs.
    let prose = markdown::prose(&x.prose.join("\n\n"), heading_level(style));
    let mut heading = item_heading(m, i);
    if r.run_in
        && prose.is_empty()
        && let Some(first) = sections.first_mut()
        && !first.numbered
        && !first.label.is_empty()
    {
        // Set on the heading's line, as a run-in head: after a line break.
        heading.push_str("<br>**");
        heading.push_str(&std::mem::take(&mut first.label));
        heading.push_str("**");
    }
    ItemSection {
        number: a.report_number(i).to_string(),
        title: markdown::titled(&item.title, item.link.as_deref()),
        heading,
        sections,
        discussed,
        not_discussed: fill(
            m,
            r.not_discussed
                .as_deref()
                .unwrap_or("This item was not discussed."),
        ),
        documents,
        prose,
        key_points,
        decisions,
        next_steps,
        entries,
        session: item.session.as_ref().map(|s| inline(s)),
    }
}

/// An item's own wording with `{title}` its title.
fn fill_title(m: &Meeting, wording: &str, title: &str) -> String {
    placeholders::fill(wording, |name, pattern| match name {
        "title" => Some(inline(title)),
        _ => value(m, name, pattern),
    })
    .unwrap_or_else(|_| wording.to_string())
}

/// "1. [Title](…)" in the house style: the heading's own text and link, numbered.
fn item_heading(m: &Meeting, i: usize) -> String {
    let a = &m.agenda;
    let item = &a.items[i];
    let title = match &item.heading {
        Some(w) => fill_title(m, w, &item.title),
        None => inline(&item.title),
    };
    let link = match &item.heading_link {
        Some(l) => l.as_deref(),
        None => item.link.as_deref(),
    };
    let title = match link {
        Some(url) => format!("[{title}]({})", markdown::destination_of(url)),
        None => title,
    };
    if !item.listed {
        return String::new();
    }
    let n = a.report_number(i) as u32;
    let number = match a.report.heading_numbers {
        HeadingNumbers::Arabic => n.to_string(),
        HeadingNumbers::Letters => words::capital_letter(n),
        HeadingNumbers::Roman => words::roman(n),
    };
    let wording = a
        .report
        .item_heading
        .as_deref()
        .unwrap_or("{item}. {title}");
    placeholders::fill(wording, |name, pattern| match name {
        "item" => Some(number.clone()),
        "title" => Some(title.clone()),
        _ => value(m, name, pattern),
    })
    .unwrap_or_else(|_| title.clone())
}

/// An entry with its indented detail lines: under it in a list, or as a block after
/// it among paragraphs.
fn with_detail(text: String, e: &Entry, paragraphs: bool) -> String {
    let mut out = text;
    if e.detail.is_empty() {
        return out;
    }
    // Made safe as one block, so that its lists and their items read together.
    let detail = markdown::prose(&markdown::neutralise(&e.detail.join("\n")), 6);
    if paragraphs {
        out.push_str("\n\n");
        out.push_str(&detail);
        return out;
    }
    for d in detail.lines() {
        out.push('\n');
        if !d.is_empty() {
            out.push_str("  ");
            out.push_str(d);
        }
    }
    out
}

/// Ends a composed sentence with a full stop unless it already ends in punctuation,
/// and capitalises it.
fn finish_sentence(mut s: String) -> String {
    let done = match s.chars().last() {
        None => return s,
        Some(c) => ".!?:;…".contains(c) || s.ends_with(".*") || s.ends_with(".**"),
    };
    if !done {
        s.push('.');
    }
    upper_first(&s)
}

/// "Titti will share the final version (due 2 March 2023)." and its table row.
fn action(
    m: &Meeting,
    e: &Entry,
    owners: &[String],
    due: Option<NaiveDate>,
    item: usize,
) -> (String, ActionRow) {
    let named: Vec<(&str, &str)> = owners.iter().map(|o| owner_names(m, o)).collect();
    let called: Vec<String> = named.iter().map(|(c, _)| inline(c)).collect();
    let full: Vec<&str> = named.iter().map(|(_, f)| *f).collect();
    let body = e.text.trim().trim_end_matches('.');
    let body = body.strip_prefix("to ").unwrap_or(body);
    let body_md = markdown::entry(body);
    let due_text = due.map(words::long_date).unwrap_or_default();
    let mut s = String::with_capacity(body.len() + 32);
    // "ACTION: Alisa Heaver: MAG Member, Ms. Alisa Heaver, will consider …" is already
    // a sentence about its owner: it is kept as written.
    let written_out = owners.len() == 1
        && [owners[0].as_str(), named[0].0, named[0].1]
            .iter()
            .any(|name| names_subject(body, name));
    if !called.is_empty() && !written_out {
        s.push_str(&words::and_list(&called));
        s.push_str(if starts_with_word(body, "will") {
            " "
        } else {
            " will "
        });
    }
    s.push_str(&body_md);
    if due.is_some() {
        s.push_str(" (due ");
        s.push_str(&due_text);
        s.push(')');
    }
    let row = ActionRow {
        number: 0,
        owner: markdown::cell(&if full.is_empty() {
            "—".to_string()
        } else {
            full.iter()
                .map(|f| inline(f))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        action: markdown::cell(&body_md),
        due: due_text,
        item: m.agenda.report_number(item).to_string(),
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
