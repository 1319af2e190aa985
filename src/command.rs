//! The moderator's command line (`:`), after the W3C's IRC meeting tools: each line
//! becomes the events it stands for, or an error that changes nothing.

use chrono::NaiveTime;

use crate::duration;
use crate::meeting::{Event, Meeting, QueueKind};
use crate::names::Unresolved;
use crate::notes::extract::parse_date;

/// What a command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Events to apply, in order.
    Apply(Vec<Event>),
    /// Write the report (as `w`).
    Write,
    /// Quit (as `q`).
    Quit,
}

/// Every command with its arguments, for help and for completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "q+ NAME [reply|question|order] [TOPIC]",
        "NAME joins the queue (a new topic unless said)",
    ),
    ("q- NAME", "NAME leaves the queue"),
    (
        "q close / q open",
        "close the queue (points of order only) / reopen it",
    ),
    ("ack NAME", "NAME gets the floor now"),
    ("next", "next speaker"),
    (
        "lastword NAME",
        "NAME speaks next and last; the queue closes",
    ),
    ("undo", "undo the last queue, attendance or agenda action"),
    ("present+ NAME[, NAME…]", "mark present"),
    ("present- NAME", "mark absent"),
    ("regrets+ NAME[, NAME…]", "record apologies"),
    (
        "guest+ NAME[, AFFILIATION]",
        "a participant not on the roster",
    ),
    ("item N", "take up item N (2b for a sub-item)"),
    ("close", "end the current item without taking up another"),
    (
        "agenda+ [N] TITLE [TIMEBOX]",
        "add an item at the end (with N: a sub-item of item N)",
    ),
    ("timebox DURATION", "the current item's timebox"),
    ("limit DURATION", "the speaker limit"),
    (
        "action NAME: TEXT [due DATE]",
        "an action item on the current item",
    ),
    ("decision TEXT", "a decision on the current item"),
    ("nextstep TEXT", "a next step on the current item"),
    ("nextmeeting DATE [HH:MM]", "record the next meeting"),
    ("write", "write the report"),
    ("quit", "quit"),
];

/// Reads one command line against the meeting's current state.
pub fn parse(line: &str, m: &Meeting) -> Result<Outcome, String> {
    let line = line.trim().trim_start_matches(':').trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let one = |e: Event| Ok(Outcome::Apply(vec![e]));
    match word.to_lowercase().as_str() {
        "" => Err("type a command; `:help` lists them".into()),
        "q+" => queue_join(rest, m),
        "q-" => one(Event::Leave {
            who: person(m, required(rest, "q- NAME")?)?,
        }),
        "q" => match rest.to_lowercase().as_str() {
            "close" => one(Event::CloseQueue),
            "open" => one(Event::OpenQueue),
            _ => Err("expected `q close` or `q open` (to quit, type `quit`)".into()),
        },
        "ack" => one(Event::Ack {
            who: person(m, required(rest, "ack NAME")?)?,
        }),
        "next" => no_args(rest, "next").and(one(Event::NextSpeaker)),
        "lastword" => one(Event::LastWord {
            who: person(m, required(rest, "lastword NAME")?)?,
        }),
        "undo" => no_args(rest, "undo").and(one(Event::Undo)),
        "present+" => people(m, rest, "present+ NAME[, NAME…]", |who| Event::Present {
            who,
        }),
        "present-" => one(Event::Absent {
            who: person(m, required(rest, "present- NAME")?)?,
        }),
        "regrets+" => people(m, rest, "regrets+ NAME[, NAME…]", |who| Event::Regrets {
            who,
        }),
        "guest+" => guest(rest),
        "item" => {
            let r = m.agenda.item_ref(required(rest, "item N")?)?;
            one(Event::TakeUp { item: r.label() })
        }
        // Not `q close`, which closes the queue: this ends the item.
        "close" => no_args(rest, "close").and(one(Event::Close)),
        "agenda+" => add_item(rest, m),
        "timebox" => {
            let current = m
                .current
                .ok_or("take up an item first: the timebox is the current item's")?;
            let d = duration::parse(required(rest, "timebox DURATION")?)?;
            if m.timebox(current) == Some(d) {
                return Err(format!(
                    "item {}'s timebox is already {}",
                    current.label(),
                    duration::format(d)
                ));
            }
            one(Event::Timebox {
                item: current.label(),
                timebox: duration::format(d),
            })
        }
        "limit" => {
            let d = duration::parse(required(rest, "limit DURATION")?)?;
            if m.speaker_limit == Some(d) {
                return Err(format!(
                    "the speaker limit is already {}",
                    duration::format(d)
                ));
            }
            one(Event::SpeakerLimit {
                limit: duration::format(d),
            })
        }
        "action" => action(rest, m),
        "decision" => note_line(m, "DECISION", required(rest, "decision TEXT")?),
        "nextstep" => note_line(m, "NEXT", required(rest, "nextstep TEXT")?),
        "nextmeeting" => next_meeting(rest, m),
        "write" => no_args(rest, "write").map(|_| Outcome::Write),
        "quit" => no_args(rest, "quit").map(|_| Outcome::Quit),
        other => {
            let words = COMMANDS
                .iter()
                .filter_map(|(usage, _)| usage.split_whitespace().next())
                .chain(["help"]);
            let guess = crate::names::nearest(other, words, str::to_string)
                .map_or(String::new(), |w| format!(" (did you mean `{w}`?)"));
            Err(format!(
                "unknown command `{other}`{guess}; :help lists the commands"
            ))
        }
    }
}

/// `agenda+ [N] TITLE [TIMEBOX]`: a leading number is the item a sub-item goes under,
/// a last word that reads as a duration the timebox; a title in quotes is taken whole
/// (`agenda+ "2024 plans" 10m`).
fn add_item(rest: &str, m: &Meeting) -> Result<Outcome, String> {
    let usage = "agenda+ [N] TITLE [TIMEBOX]";
    let text = required(rest, usage)?;
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let (under, text) = match text.split_once(char::is_whitespace) {
        Some((n, t)) if number(n) => {
            let r = m.agenda.item_ref(n).map_err(|e| {
                format!(
                    "{e} (a title that begins with a number goes in quotes: agenda+ \"{text}\")"
                )
            })?;
            (Some(r.item + 1), t.trim())
        }
        _ if number(text) => return Err(format!("usage: {usage} (the title is missing)")),
        _ => (None, text),
    };
    let (title, timebox) = match text.strip_prefix('"') {
        Some(quoted) => {
            let (title, after) = quoted
                .split_once('"')
                .ok_or("the title's closing quote is missing")?;
            let after = after.trim();
            (title, (!after.is_empty()).then_some(after))
        }
        None => match text.rsplit_once(char::is_whitespace) {
            Some((t, d)) if duration::parse(d).is_ok() => (t, Some(d)),
            _ => (text, None),
        },
    };
    let timebox = timebox
        .map(|d| duration::parse(d).map(duration::format))
        .transpose()?;
    let title = crate::agenda::clean_line(title)?;
    if title.is_empty() {
        return Err(format!("usage: {usage}"));
    }
    Ok(Outcome::Apply(vec![Event::AddItem {
        title,
        timebox,
        under,
    }]))
}

fn required<'a>(rest: &'a str, usage: &str) -> Result<&'a str, String> {
    if rest.is_empty() {
        Err(format!("usage: {usage}"))
    } else {
        Ok(rest)
    }
}

fn no_args(rest: &str, command: &str) -> Result<(), String> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(format!("`{command}` takes nothing after it"))
    }
}

/// The full name a command's NAME stands for.
fn person(m: &Meeting, name: &str) -> Result<String, String> {
    m.resolve_person(name).map_err(|e| e.describe(name))
}

/// `q+ NAME [reply|question|order] [to] [TOPIC]`: the longest run of leading words
/// that names one person is the name (names have spaces); what follows is the kind and
/// the topic.
fn queue_join(rest: &str, m: &Meeting) -> Result<Outcome, String> {
    let words: Vec<&str> = required(rest, "q+ NAME [reply|question|order] [TOPIC]")?
        .split_whitespace()
        .collect();
    let mut first_error = None;
    for k in (1..=words.len()).rev() {
        let name = words[..k].join(" ");
        match m.resolve_person(&name) {
            Ok(who) => {
                let mut tail = &words[k..];
                let queue = match tail.first().and_then(|w| QueueKind::parse(w)) {
                    Some(kind) => {
                        tail = &tail[1..];
                        kind
                    }
                    None => QueueKind::Topic,
                };
                if tail.first().is_some_and(|w| w.eq_ignore_ascii_case("to")) {
                    tail = &tail[1..];
                }
                let topic = (!tail.is_empty()).then(|| tail.join(" "));
                return Ok(Outcome::Apply(vec![Event::Join { who, queue, topic }]));
            }
            Err(e) if k == 1 => first_error = Some(e),
            Err(_) => {}
        }
    }
    let e = first_error.unwrap_or(Unresolved::Unknown { candidates: vec![] });
    Err(e.describe(words[0]))
}

/// `present+ A, B`: every name must resolve, or nothing is marked.
fn people(
    m: &Meeting,
    rest: &str,
    usage: &str,
    event: impl Fn(String) -> Event,
) -> Result<Outcome, String> {
    let mut events = Vec::new();
    for name in required(rest, usage)?
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let who = person(m, name).map_err(|e| match e {
            e if e.starts_with("unknown participant") => {
                format!("{e}; `guest+ {name}` adds a guest")
            }
            e => e,
        })?;
        events.push(event(who));
    }
    Ok(Outcome::Apply(events))
}

/// `guest+ NAME[, AFFILIATION]`.
fn guest(rest: &str) -> Result<Outcome, String> {
    let (name, affiliation) = guest_fields(required(rest, "guest+ NAME[, AFFILIATION]")?)?;
    Ok(Outcome::Apply(vec![Event::Guest { name, affiliation }]))
}

/// "NAME[, AFFILIATION]", as `guest+` and the attendance panel take a guest.
pub fn guest_fields(text: &str) -> Result<(String, Option<String>), String> {
    let (name, affiliation) = match text.split_once(',') {
        Some((n, a)) => (n.trim(), Some(a.trim()).filter(|a| !a.is_empty())),
        None => (text.trim(), None),
    };
    let name = crate::agenda::clean_line(name)?;
    let affiliation = affiliation.map(crate::agenda::clean_line).transpose()?;
    if name.is_empty() {
        return Err("usage: guest+ NAME[, AFFILIATION]".into());
    }
    Ok((name, affiliation))
}

/// `action NAME: TEXT [due DATE]`: the owner as people call them when on the roster
/// (or a guest), else as typed ("the Secretariat").
fn action(rest: &str, m: &Meeting) -> Result<Outcome, String> {
    let usage = "action NAME: TEXT [due DATE]";
    let (owner, text) = required(rest, usage)?
        .split_once(':')
        .ok_or_else(|| format!("usage: {usage} (a colon after the name)"))?;
    let (owner, text) = (owner.trim(), text.trim());
    if owner.is_empty() || text.is_empty() {
        return Err(format!("usage: {usage}"));
    }
    let owner = match m.resolve_person(owner) {
        Ok(full) => m
            .agenda
            .participants
            .iter()
            .find(|p| p.name == full)
            .map_or(full.clone(), |p| p.called().to_string()),
        Err(e @ Unresolved::Ambiguous { .. }) => return Err(e.describe(owner)),
        Err(_) => owner.to_string(),
    };
    let line = format!("ACTION: {owner}: {text}");
    // A "due …" that is not a date would silently stay in the text: say so instead.
    let lower = text.to_lowercase();
    if let Some(at) = lower
        .rfind(" due ")
        .map(|i| i + 5)
        .or(lower.starts_with("due ").then_some(4))
    {
        let x = crate::notes::extract(&line, &m.agenda.reading());
        let parsed = x
            .entries
            .first()
            .is_some_and(|e| matches!(e.kind, crate::notes::Kind::Action { due: Some(_), .. }));
        if !parsed {
            return Err(format!(
                "cannot read the due date \"{}\": write it like 2026-12-01 or 1 December",
                text[at..].trim()
            ));
        }
    }
    note_line_text(m, line)
}

fn note_line(m: &Meeting, label: &str, text: &str) -> Result<Outcome, String> {
    note_line_text(m, format!("{label}: {}", text.trim()))
}

/// Appends a labelled line to the current item's notes: the notes stay the one truth.
fn note_line_text(m: &Meeting, line: String) -> Result<Outcome, String> {
    let line = crate::agenda::clean_line(&line)?;
    let current = m
        .current
        .ok_or("take up an item first: this goes into the current item's notes")?;
    let mut text = m.notes[current.item].clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&line);
    text.push('\n');
    Ok(Outcome::Apply(vec![Event::Notes {
        item: current.item + 1,
        text,
    }]))
}

/// `nextmeeting DATE [HH:MM]`.
fn next_meeting(rest: &str, m: &Meeting) -> Result<Outcome, String> {
    let usage = "nextmeeting DATE [HH:MM]";
    let text = required(rest, usage)?;
    let (date_text, time) = match text.rsplit_once(char::is_whitespace) {
        Some((d, t)) if t.contains(':') => {
            let time = NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| format!("expected a time like 14:00, found \"{t}\""))?;
            (d.trim(), Some(time))
        }
        _ => (text, None),
    };
    let date = parse_date(date_text, m.agenda.meeting.date).ok_or_else(|| {
        format!("expected a date like 2026-12-10 or 10 December, found \"{date_text}\"")
    })?;
    if date < m.agenda.meeting.date {
        return Err(format!(
            "the next meeting cannot be before this one ({date})"
        ));
    }
    Ok(Outcome::Apply(vec![Event::NextMeeting { date, time }]))
}

#[cfg(test)]
mod tests;
