//! What the status line says a change did, with names and counts: told from the
//! meeting as it was before (the parts a command can change) and as it is after.

use chrono::{NaiveDate, NaiveTime, TimeDelta};

use crate::agenda::ItemRef;
use crate::duration::{self, clock};
use crate::meeting::{Attendance, Event, Meeting, Person, Presence, Queue, Request};
use crate::said::{and_list, count, ordinal, some_of};

/// The parts of the meeting a command or key may change, as they were before it.
pub(super) struct Before {
    queue: Queue,
    attendance: Attendance,
    speaker_limit: Option<TimeDelta>,
    timebox: Option<TimeDelta>,
    next_meeting: Option<(NaiveDate, Option<NaiveTime>)>,
    turns: usize,
}

impl Before {
    pub(super) fn of(m: &Meeting) -> Before {
        Before {
            queue: m.queue.clone(),
            attendance: m.attendance.clone(),
            speaker_limit: m.speaker_limit,
            timebox: m.current.and_then(|c| m.timebox(c)),
            next_meeting: m.next_meeting,
            turns: m.turns.len(),
        }
    }

    /// The people queued, each once, in queue order.
    pub(super) fn queued(&self) -> Vec<String> {
        people(&self.queue.waiting)
    }
}

/// Each person of `requests` once, in order.
fn people(requests: &[Request]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in requests {
        if !out.contains(&r.who) {
            out.push(r.who.clone());
        }
    }
    out
}

/// A request as the queue pane shows it: its kind, and its topic.
fn entry(r: &Request) -> String {
    match &r.topic {
        Some(t) => format!("{} — {}", r.kind.word(), crate::ui::fit(t, 30)),
        None => r.kind.word().to_string(),
    }
}

/// How many are still queued.
fn still(q: &Queue) -> String {
    match q.waiting.len() {
        0 => "the queue is empty".to_string(),
        n => format!("{n} still queued"),
    }
}

fn presence_word(p: Presence) -> &'static str {
    match p {
        Presence::Present => "present",
        Presence::Regrets => "apologies",
        Presence::Absent => "absent",
        Presence::Unknown => "not marked",
    }
}

fn presence(a: &Attendance, m: &Meeting, who: &str) -> Option<Presence> {
    match a.find(&m.agenda.participants, who)? {
        Person::Roster(i) => a.roster.get(i).copied(),
        Person::Guest(i) => a.guests.get(i).map(|g| g.presence),
    }
}

/// "item 3 (25m)"-style: an item's timebox as the agenda writes it.
fn timebox_text(t: Option<TimeDelta>) -> String {
    t.map_or("none".to_string(), duration::format)
}

/// The turn that ended with the change, if one did: "Lars Eriksen spoke 1:35".
fn turn_ended(b: &Before, m: &Meeting) -> Option<String> {
    (m.turns.len() > b.turns)
        .then(|| m.turns.last())
        .flatten()
        .map(|t| format!("{} spoke {}", t.who, clock(t.spent)))
}

/// "; marked present (had sent apologies)": the speaker was marked present with the
/// floor (`App::mark_speaker_present`).
fn marked_present(b: &Before, m: &Meeting, who: &str) -> String {
    let was = match presence(&b.attendance, m, who) {
        Some(Presence::Regrets) => "had sent apologies",
        Some(Presence::Absent) => "was marked absent",
        _ => return String::new(),
    };
    match presence(&m.attendance, m, who) {
        Some(Presence::Present) => format!("; marked present ({was})"),
        _ => String::new(),
    }
}

/// What `events`, just applied, changed; `None` for events told elsewhere (taking up
/// items, adding them).
pub(super) fn applied(b: &Before, m: &Meeting, events: &[Event]) -> Option<String> {
    let q = &m.queue;
    Some(match events {
        // A guest added in the attendance panel, and one added and queued by the picker.
        [guest @ Event::Guest { .. }, Event::Present { .. }] => {
            applied(b, m, std::slice::from_ref(guest))?
        }
        [
            Event::Guest { name, .. },
            Event::Present { .. },
            join @ Event::Join { .. },
        ] => {
            let queued = applied(b, m, std::slice::from_ref(join))?;
            format!(
                "{name} added as a guest and {}",
                queued.trim_start_matches(&format!("{name} "))
            )
        }
        [Event::Join { who, queue, .. }] => {
            let at = q
                .waiting
                .iter()
                .position(|r| r.who == *who && r.kind == *queue)?;
            format!(
                "{who} queued ({}, {} of {})",
                entry(&q.waiting[at]),
                ordinal(at + 1),
                q.waiting.len()
            )
        }
        [Event::Leave { who }] => {
            let gone: Vec<String> = b
                .queue
                .waiting
                .iter()
                .filter(|r| r.who == *who)
                .map(entry)
                .collect();
            let what = match gone.as_slice() {
                [one] => one.clone(),
                many => format!(
                    "{}: {}",
                    count(many.len(), "entry", "entries"),
                    and_list(many)
                ),
            };
            format!("{who} removed from the queue ({what}); {}", still(q))
        }
        [Event::Ack { who }] => {
            let was = match b.queue.waiting.iter().position(|r| r.who == *who) {
                Some(at) => format!("was {} in the queue", ordinal(at + 1)),
                None => "was not queued".to_string(),
            };
            let mut said = format!("{who} has the floor ({was})");
            said.push_str(&marked_present(b, m, who));
            if let Some(t) = turn_ended(b, m) {
                said.push_str(&format!("; {t}"));
            }
            said.push_str(&format!("; {}", still(q)));
            said
        }
        [Event::Floor { who, queue }] => {
            let was = b
                .queue
                .waiting
                .iter()
                .position(|r| r.who == *who && r.kind == *queue)
                .map_or(String::new(), |at| {
                    format!(", was {} in the queue", ordinal(at + 1))
                });
            let mut said = format!("{who} has the floor ({}{was})", queue.describe());
            if let Some(t) = turn_ended(b, m) {
                said.push_str(&format!("; {t}"));
            }
            said.push_str(&format!("; {}", still(q)));
            said
        }
        [Event::Remove { who, queue }] => {
            let at = b
                .queue
                .waiting
                .iter()
                .position(|r| r.who == *who && r.kind == *queue)?;
            format!(
                "{who}'s {} removed from the queue (was {}); {}",
                entry(&b.queue.waiting[at]),
                ordinal(at + 1),
                still(q)
            )
        }
        [Event::Move { who, queue, to }] => {
            let was = b
                .queue
                .waiting
                .iter()
                .position(|r| r.who == *who && r.kind == *queue)?;
            let way = if *to <= was { "up" } else { "down" };
            format!(
                "{who}'s {} moved {way} to {} of {} (was {})",
                queue.word(),
                ordinal(*to),
                q.waiting.len(),
                ordinal(was + 1)
            )
        }
        [Event::ChangeKind { who, queue, to }] => {
            let at = q.find(who, *to).ok()?;
            format!(
                "{who}'s {} is now a {} ({} of {})",
                queue.describe(),
                to.describe(),
                ordinal(at + 1),
                q.waiting.len()
            )
        }
        [Event::NextSpeaker] => {
            let mut parts = Vec::new();
            if let Some(s) = &q.speaker {
                let kind = match &s.topic {
                    Some(t) => format!("{} — {}", s.kind.describe(), crate::ui::fit(t, 30)),
                    None => s.kind.describe().to_string(),
                };
                parts.push(format!(
                    "{} has the floor ({kind}){}",
                    s.who,
                    marked_present(b, m, &s.who)
                ));
            }
            parts.extend(turn_ended(b, m));
            if q.speaker.is_none() {
                parts.push("the queue is empty: nobody has the floor".to_string());
            } else {
                parts.push(still(q));
            }
            parts.join("; ")
        }
        [Event::CloseQueue] => match q.waiting.len() {
            0 => "queue closed: only points of order may join; q open reopens it".to_string(),
            n => format!(
                "queue closed: only points of order may join; {n} still queued; q open reopens it"
            ),
        },
        [Event::OpenQueue] => match q.waiting.len() {
            0 => "queue reopened: anyone may join".to_string(),
            n => format!("queue reopened: anyone may join; {n} still queued"),
        },
        [Event::LastWord { who }] => {
            let others: Vec<String> = b.queued().into_iter().filter(|p| p != who).collect();
            let first = if b.queue.speaker.as_ref().is_some_and(|s| s.who == *who) {
                format!("{who} has the floor and speaks last")
            } else {
                format!("{who} speaks last")
            };
            let removed = match others.len() {
                0 => "nobody else was queued".to_string(),
                n => format!("{n} removed from the queue ({})", some_of(&others, 3)),
            };
            format!("{first}; {removed}; queue closed")
        }
        [Event::Present { .. }, ..] => marked(b, m, events, Presence::Present)?,
        [Event::Regrets { .. }, ..] => marked(b, m, events, Presence::Regrets)?,
        [Event::Absent { .. }] => marked(b, m, events, Presence::Absent)?,
        [Event::Guest { name, affiliation }] => {
            let of = affiliation
                .as_deref()
                .map_or(String::new(), |a| format!(" ({a})"));
            match b.attendance.find(&m.agenda.participants, name) {
                Some(_) => format!("{name}{of}, a guest, marked present again"),
                None => format!(
                    "guest added, present: {name}{of} · {} present in all",
                    m.attendance.counts().present
                ),
            }
        }
        [Event::Timebox { item, timebox }] => {
            format!(
                "item {item}'s timebox is now {timebox} (was {})",
                timebox_text(b.timebox)
            )
        }
        [Event::SpeakerLimit { limit }] => format!(
            "the speaker limit is now {limit} (was {})",
            timebox_text(b.speaker_limit)
        ),
        [Event::NextMeeting { date, time }] => {
            let when = |date: &NaiveDate, time: &Option<NaiveTime>| {
                let mut s = date.format("%A %-d %B %Y").to_string();
                if let Some(t) = time {
                    s.push_str(&format!(" at {}", t.format("%H:%M")));
                }
                s
            };
            let mut said = format!("next meeting: {}", when(date, time));
            if let Some((d, t)) = &b.next_meeting
                && (d, t) != (date, time)
            {
                said.push_str(&format!(" (was {})", when(d, t)));
            }
            said
        }
        [Event::Notes { item, text }] => {
            let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
            format!("added to item {item}'s notes: {line}")
        }
        _ => return None,
    })
}

/// `present+`, `regrets+` (several names) and `present-`: who, how many, and the count
/// that results.
fn marked(b: &Before, m: &Meeting, events: &[Event], to: Presence) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut already = Vec::new();
    for e in events {
        let who = match e {
            Event::Present { who } | Event::Regrets { who } | Event::Absent { who } => who,
            _ => return None,
        };
        if names.contains(who) {
            continue;
        }
        if presence(&b.attendance, m, who) == Some(to) {
            already.push(who.clone());
        }
        names.push(who.clone());
    }
    let word = presence_word(to);
    let mut said = match names.as_slice() {
        [one] => format!("{word}: {one}"),
        many => format!("{word} ({}): {}", many.len(), and_list(many)),
    };
    match already.as_slice() {
        [] => {}
        [_] if names.len() == 1 => said.push_str(" (already so)"),
        some => said.push_str(&format!(" ({} already so)", and_list(some))),
    }
    let c = m.attendance.counts();
    let total = match to {
        Presence::Regrets => format!("{} in all", count(c.regrets, "apology", "apologies")),
        _ => format!("{} present in all", c.present),
    };
    said.push_str(&format!(" · {total}"));
    Some(said)
}

/// What undoing `event` did, the meeting now as it was before `event`.
pub(super) fn undone(b: &Before, m: &Meeting, event: &Event) -> String {
    let q = &m.queue;
    let floor = || match &q.speaker {
        Some(s) => format!("{} has the floor again", s.who),
        None => "nobody has the floor".to_string(),
    };
    let said = match event {
        Event::Join { who, queue, .. } => {
            format!("{who}'s {} removed from the queue again", queue.describe())
        }
        Event::Leave { who } => {
            let back: Vec<String> = q
                .waiting
                .iter()
                .enumerate()
                .filter(|(_, r)| r.who == *who)
                .map(|(i, r)| format!("{}, {}", entry(r), ordinal(i + 1)))
                .collect();
            format!("{who} is back in the queue ({})", back.join("; "))
        }
        Event::Remove { who, queue } | Event::Move { who, queue, .. } => {
            let at = q.find(who, *queue).map_or(String::new(), |at| {
                format!(" ({} of {})", ordinal(at + 1), q.waiting.len())
            });
            format!("{who}'s {} is back in its place{at}", queue.word())
        }
        Event::ChangeKind { who, queue, .. } => {
            let at = q.find(who, *queue).map_or(String::new(), |at| {
                format!(" ({} of {})", ordinal(at + 1), q.waiting.len())
            });
            format!("{who}'s request is a {} again{at}", queue.describe())
        }
        Event::Ack { .. } | Event::Floor { .. } | Event::NextSpeaker => {
            let mut said = floor();
            if let Some(s) = &b.queue.speaker
                && presence(&b.attendance, m, &s.who) == Some(Presence::Present)
                && let Some(p) = presence(&m.attendance, m, &s.who)
                && p != Presence::Present
            {
                said.push_str(&format!("; {} is {} again", s.who, presence_word(p)));
            }
            if let Some(s) = &b.queue.speaker
                && let Some(at) = q.waiting.iter().position(|r| r.who == s.who)
            {
                said.push_str(&format!(
                    "; {} is back in the queue ({})",
                    s.who,
                    ordinal(at + 1)
                ));
            }
            said
        }
        Event::CloseQueue => "the queue is open again".to_string(),
        Event::OpenQueue => "the queue is closed again (points of order only)".to_string(),
        Event::LastWord { who } => {
            let state = if q.closed {
                "the queue stays closed"
            } else {
                "the queue is open again"
            };
            format!("{who}'s last word{}; {state}", back_in_queue(b, m))
        }
        Event::Present { who } | Event::Absent { who } | Event::Regrets { who } => {
            let was = match event {
                Event::Present { .. } => "marked present",
                Event::Absent { .. } => "marked absent",
                _ => "marked as sending apologies",
            };
            let now = presence(&m.attendance, m, who).map_or("not marked", presence_word);
            format!("{who} {was} (now {now})")
        }
        Event::Guest { name, .. } => match presence(&m.attendance, m, name) {
            None => format!("guest {name} taken off the attendance"),
            Some(p) => format!("{name} marked present (now {})", presence_word(p)),
        },
        Event::TakeUp { item } => {
            let now = match m.current {
                Some(c) => format!("item {} is current again", c.label()),
                None if m.started.is_none() => "the meeting has not started".to_string(),
                None => "no item is being discussed".to_string(),
            };
            format!("item {item} taken up; {now}{}", back_in_queue(b, m))
        }
        Event::Close => match m.current {
            Some(c) => format!(
                "item {} closed; it is current again{}",
                c.label(),
                back_in_queue(b, m)
            ),
            None => "the close".to_string(),
        },
        Event::Timebox { item, .. } => {
            let tb = m.agenda.item_ref(item).ok().and_then(|r| m.timebox(r));
            format!(
                "item {item}'s new timebox; it is {} again",
                timebox_text(tb)
            )
        }
        _ => return "undone".to_string(),
    };
    format!("undone: {said}")
}

/// "; 2 back in the queue": those an undo put back in the queue.
fn back_in_queue(b: &Before, m: &Meeting) -> String {
    let kept = b.queued();
    match people(&m.queue.waiting)
        .iter()
        .filter(|p| !kept.contains(p))
        .count()
    {
        0 => String::new(),
        n => format!("; {n} back in the queue"),
    }
}

/// Items are told by number and title: `item 3 "Metadata profile, draft 0.3"`.
pub(super) fn item(m: &Meeting, r: ItemRef) -> String {
    format!(
        "item {} \"{}\"",
        r.label(),
        crate::ui::fit(m.agenda.title_of(r), 40)
    )
}

/// The time an item took against its timebox: "8:00/10m".
pub(super) fn spent(m: &Meeting, r: ItemRef, now: chrono::DateTime<chrono::Utc>) -> String {
    let spent = clock(m.spent(r, now));
    match m.timebox(r) {
        Some(tb) => format!("{spent}/{}", duration::format(tb)),
        None => spent,
    }
}
