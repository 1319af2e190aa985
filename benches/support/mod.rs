//! Inputs shared by the benchmarks that need a large meeting: the 200-item agenda and a
//! long meeting's events, made with the library's own API.

#![allow(dead_code)]

use std::fmt::Write;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use agendum::meeting::{Event, Meeting, QueueKind};

/// A 200-item agenda (every fourth with two sub-items and a document) and a roster of
/// 300 participants with short names and affiliations, every item led by someone.
pub fn large_agenda() -> String {
    let mut s = String::from(
        "[meeting]\ngroup = \"Working Group on Benchmarks\"\nabbreviation = \"WG-Bench\"\nnumber = 120\n\
         date = 2026-11-26\nstart = \"14:00\"\nduration = \"24h\"\nmoderator = \"P0\"\n\
         notetakers = [\"P1\", \"P2\"]\n\n[settings]\nspeaker_limit = \"2m\"\nitem_timebox = \"5m\"\n\n",
    );
    for p in 0..300 {
        let _ = write!(
            s,
            "[[participants]]\nname = \"Participant Número {p} Surname{p}\"\nshort = \"P{p}\"\naffiliation = \"Organisation {p}, Country {}\"\n\n",
            p % 40
        );
    }
    for i in 0..200 {
        let _ = write!(
            s,
            "[[items]]\ntitle = \"Agenda item {i}: a topic with a long enough title\"\nlink = \"https://example.org/items/{i}\"\ntimebox = \"{}m\"\nlead = \"P{}\"\n",
            5 + i % 10,
            i % 300
        );
        if i % 4 == 0 {
            let _ = write!(
                s,
                "documents = [{{ title = \"Document {i}\", url = \"https://example.org/d/{i}\" }}]\n\
                 [[items.subitems]]\ntitle = \"First part of {i}\"\n[[items.subitems]]\ntitle = \"Second part of {i}\"\ntimebox = \"3m\"\n"
            );
        }
        s.push('\n');
    }
    s
}

/// The start of the benchmarks' meetings.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap()
}

/// The `n`th event of a long meeting on the 200-item agenda, shaped as in
/// `benches/core.rs`'s resume benchmark: take-ups, queue joins and turns, attendance,
/// and notes typed a second at a time (patches of the items' shared text, made by
/// `typing`, which holds the notes as the screen would), an action line every tenth
/// second. `notes` is what each item's notes hold so far.
pub fn long_meeting_event(n: usize, typing: &mut Meeting, notes: &mut [String]) -> Event {
    let item = (n / 10) % 200;
    match n % 10 {
        0 => Event::TakeUp {
            item: (item + 1).to_string(),
        },
        1..=3 => Event::Join {
            who: format!("Participant Número {} Surname{}", n % 300, n % 300),
            queue: QueueKind::Topic,
            topic: None,
        },
        4 | 5 => Event::NextSpeaker,
        6 => Event::Present {
            who: format!("Participant Número {} Surname{}", n % 300, n % 300),
        },
        _ => {
            let typed = if n % 10 == 9 {
                format!("{}\nACTION: P1: follow up {n}\n", notes[item])
            } else {
                format!("{}notes typed in second {n} ", notes[item])
            };
            let e = typing.edit_notes(item, &typed).expect("a change");
            notes[item] = typed;
            e
        }
    }
}

/// The time of the `n`th event.
pub fn at(n: usize) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(n as i64)
}

/// About 5 KB of notes, shaped like the group's real notes: paragraphs of prose
/// naming speakers, with a few labelled lines.
pub fn typical_notes(i: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while s.len() < 5_000 {
        let _ = writeln!(
            s,
            "P{} noted that the *draft* on item {i} needs [more work](https://example.org/w) before the next call. \
             She suggested that the group review the comments received so far, and that the secretariat prepare a \
             short summary of the open questions, so that the discussion at the next meeting can focus on the points \
             where members disagree rather than on the text as a whole.\n",
            (i + n) % 300
        );
        n += 1;
        if n % 3 == 0 {
            let _ = writeln!(s, "KEY: the group reviewed part {n} of the draft");
            let _ = writeln!(
                s,
                "ACTION: P{}: circulate the revised text due 2026-12-10\n",
                (i * 7 + n) % 300
            );
        }
    }
    s.push_str("DECISION: the comment period is two weeks\n");
    s
}
