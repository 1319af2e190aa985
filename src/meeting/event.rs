//! Everything that can happen in a meeting, as data. The screen turns keys into these,
//! the journal stores them, and replaying them rebuilds the meeting.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::queue::QueueKind;

/// One event of the meeting. People are named by their full name (or a guest's name)
/// as resolved when the event was made, so a replay never depends on prefixes.
/// Items are named by their label, "2" or "2b".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Takes up an item or sub-item: the current one's timer stops, the queue reopens.
    TakeUp {
        item: String,
    },
    /// Leaves the current item without taking up another (`close`, or `n` past the last
    /// point): its timer stops; past the last point the agenda is done.
    Close,
    /// Adds an item at the end of the agenda during the meeting (`agenda+`), or with
    /// `under` a sub-item at the end of that item's (numbered from 1). The agenda file is
    /// not changed: the journal holds the item.
    AddItem {
        title: String,
        /// As written for `:timebox`, e.g. "10m".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timebox: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        under: Option<usize>,
    },
    Pause,
    Resume,
    Join {
        who: String,
        #[serde(default)]
        queue: QueueKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic: Option<String>,
    },
    Leave {
        who: String,
    },
    /// Gives `who` the floor now, wherever they were in the queue.
    Ack {
        who: String,
    },
    /// Gives the floor to `who`'s request of kind `queue` (the queue pane's `Enter`).
    Floor {
        who: String,
        queue: QueueKind,
    },
    /// Takes `who`'s request of kind `queue` out of the queue (their others stay).
    Remove {
        who: String,
        queue: QueueKind,
    },
    /// Moves `who`'s request of kind `queue` to position `to` (from 1), among those of
    /// its kind.
    Move {
        who: String,
        queue: QueueKind,
        to: usize,
    },
    /// Changes the kind of `who`'s request from `queue` to `to`.
    ChangeKind {
        who: String,
        queue: QueueKind,
        to: QueueKind,
    },
    /// Ends the current turn and gives the floor to the head of the queue.
    NextSpeaker,
    CloseQueue,
    OpenQueue,
    /// `who` speaks next and last: the rest of the queue is cleared and closed.
    LastWord {
        who: String,
    },
    /// Undoes the last queue, attendance or agenda event.
    Undo,
    Present {
        who: String,
    },
    Absent {
        who: String,
    },
    Regrets {
        who: String,
    },
    Guest {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        affiliation: Option<String>,
    },
    /// Changes an item's timebox, e.g. "15m".
    Timebox {
        item: String,
        timebox: String,
    },
    /// Changes the speaker limit, e.g. "2m".
    SpeakerLimit {
        limit: String,
    },
    NextMeeting {
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time: Option<NaiveTime>,
    },
    /// The whole text of an item's notes (sub-items live in their item's notes).
    Notes {
        item: usize,
        text: String,
    },
    /// A change to an item's notes: bytes `from..to` of its text, which was `len`
    /// bytes long, become `text`. Typing is journalled as these, so a long meeting's
    /// journal grows with what was typed, not with the size of the notes.
    NotesEdit {
        item: usize,
        from: usize,
        to: usize,
        len: usize,
        text: String,
    },
    /// A change to an item's notes made by any of the meeting's writers: a patch of the
    /// item's shared text (`notes::replica`), base64. `file`: the change is an edit made
    /// outside agendum to the item's notes file, which held the text whose digest this is
    /// (so that the same file is never taken in twice).
    NotesPatch {
        item: usize,
        patch: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<String>,
    },
    /// The agenda's items, by title, that the events from here on number: journalled
    /// when a meeting starts and whenever it resumes on a changed agenda, so that
    /// replay can move earlier events to the items as they are now.
    Agenda {
        items: Vec<String>,
    },
    /// The report was written, to `path`.
    ReportWritten {
        path: String,
    },
}

impl Event {
    /// The item (numbered from 1) whose notes the event changes.
    pub fn notes_item(&self) -> Option<usize> {
        match self {
            Event::Notes { item, .. }
            | Event::NotesEdit { item, .. }
            | Event::NotesPatch { item, .. } => Some(*item),
            _ => None,
        }
    }

    /// Events that `undo` can take back: the queue, attendance and the agenda.
    pub fn undoable(&self) -> bool {
        !matches!(
            self,
            Event::Pause
                | Event::Resume
                | Event::Undo
                | Event::SpeakerLimit { .. }
                | Event::NextMeeting { .. }
                | Event::Notes { .. }
                | Event::NotesEdit { .. }
                | Event::NotesPatch { .. }
                | Event::Agenda { .. }
                | Event::ReportWritten { .. }
        )
    }
}

/// The event that turns an item's notes from `old` into `new`: the edit of the part
/// between what they have in common at the start and at the end, or the whole text
/// when nothing is shared.
pub fn notes_change(item: usize, old: &str, new: &str) -> Event {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let (start, end) = crate::notes::replica::common(old, new);
    if start == 0 && end == 0 {
        return Event::Notes {
            item,
            text: new.to_string(),
        };
    }
    Event::NotesEdit {
        item,
        from: start,
        to: o.len() - end,
        len: o.len(),
        text: new[start..n.len() - end].to_string(),
    }
}

/// Applies a `NotesEdit` to the notes it was made on; an edit that does not fit them
/// (an earlier record was lost) changes nothing and says why.
pub fn apply_edit(
    notes: &mut String,
    from: usize,
    to: usize,
    len: usize,
    text: &str,
) -> Result<(), String> {
    if notes.len() != len
        || from > to
        || to > len
        || !notes.is_char_boundary(from)
        || !notes.is_char_boundary(to)
    {
        return Err(format!(
            "the edit of bytes {from}..{to} of {len} does not fit the notes, which are {} bytes",
            notes.len()
        ));
    }
    notes.replace_range(from..to, text);
    Ok(())
}

/// An event with the moment it happened: the unit of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(deserialize_with = "instant::read")]
    pub at: DateTime<Utc>,
    pub event: Event,
}

/// Reading a record's time. Resuming a long meeting reads a hundred thousand of them,
/// and chrono's general parser was a fifth of that time: the form agendum writes
/// (`2026-11-26T14:00:00Z`, `2026-11-26T14:00:00.250Z`) is read directly, any other
/// RFC 3339 time by chrono.
mod instant {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn read<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = <std::borrow::Cow<str>>::deserialize(d)?;
        if let Some(t) = written(&s) {
            return Ok(t);
        }
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                D::Error::custom(format!(
                    "`at` must be a time like 2026-11-26T14:00:00Z, found \"{s}\": {e}"
                ))
            })
    }

    fn written(s: &str) -> Option<DateTime<Utc>> {
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || *b.last()? != b'Z'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let nanos = match &b[19..b.len() - 1] {
            [] => 0,
            [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
                let n = num(20..b.len() - 1)?;
                n * 10u32.pow(9 - digits.len() as u32)
            }
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        let time = date.and_hms_nano_opt(num(11..13)?, num(14..16)?, num(17..19)?, nanos)?;
        Some(time.and_utc())
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        #[test]
        fn times_agendum_writes_are_read_directly_and_others_by_chrono() {
            let t = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 5).unwrap();
            assert_eq!(written("2026-11-26T14:00:05Z"), Some(t));
            assert_eq!(
                written("2026-11-26T14:00:05.25Z"),
                Some(t + chrono::TimeDelta::milliseconds(250))
            );
            assert_eq!(written("2026-11-26T14:00:05+01:00"), None);
            assert_eq!(written("2026-02-30T14:00:05Z"), None);
            assert_eq!(written("2026-11-26T14:0x:05Z"), None);
            for t in [t, t + chrono::TimeDelta::nanoseconds(123_456_789)] {
                let json = serde_json::to_string(&t).unwrap();
                let back = read(&mut serde_json::Deserializer::from_str(&json)).unwrap();
                assert_eq!(back, t, "{json}");
            }
            let other = read(&mut serde_json::Deserializer::from_str(
                "\"2026-11-26T15:00:05+01:00\"",
            ));
            assert_eq!(other.unwrap(), t);
            assert!(read(&mut serde_json::Deserializer::from_str("\"yesterday\"")).is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn replayed(old: &str, new: &str) -> String {
        let mut text = old.to_string();
        match notes_change(1, old, new) {
            Event::Notes { text, .. } => return text,
            Event::NotesEdit {
                from,
                to,
                len,
                text: t,
                ..
            } => apply_edit(&mut text, from, to, len, &t).unwrap(),
            other => panic!("{other:?}"),
        }
        text
    }

    #[test]
    fn typing_at_the_end_journals_only_what_was_typed() {
        assert_eq!(
            notes_change(2, "Opening remarks", "Opening remarks by Titti"),
            Event::NotesEdit {
                item: 2,
                from: 15,
                to: 15,
                len: 15,
                text: " by Titti".into()
            }
        );
        assert_eq!(
            notes_change(1, "abc", "xyz"),
            Event::Notes {
                item: 1,
                text: "xyz".into()
            }
        );
        // Shared bytes inside one character do not split it.
        assert_eq!(replayed("café", "cafè"), "cafè");
        assert_eq!(replayed("aaa", "aa"), "aa");
    }

    #[test]
    fn an_edit_that_does_not_fit_is_refused() {
        let mut t = "héllo".to_string();
        assert!(apply_edit(&mut t, 2, 2, 6, "x").is_err());
        assert!(apply_edit(&mut t, 0, 0, 5, "x").is_err());
        assert_eq!(t, "héllo");
    }

    proptest! {
        #[test]
        fn any_change_replays_to_the_new_text(old in "[aé\\n ]{0,12}", new in "[aé\\n ]{0,12}") {
            prop_assert_eq!(replayed(&old, &new), new);
        }
    }
}
