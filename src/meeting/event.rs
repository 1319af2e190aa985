//! Everything that can happen in a meeting, as data. The screen turns keys into these,
//! the journal stores them, and replaying them rebuilds the meeting.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::queue::QueueKind;

/// One event of the meeting. People are named by their full name (or a guest's name)
/// as resolved when the event was made, so a replay never depends on prefixes.
/// Items are named by their label, "2" or "2b".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Takes up an item or sub-item: the current one's timer stops, the queue reopens.
    TakeUp {
        item: String,
    },
    /// Leaves the current item without taking up another (the end of the agenda).
    Close,
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
    /// The report was written, to `path`.
    ReportWritten {
        path: String,
    },
}

impl Event {
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
                | Event::ReportWritten { .. }
        )
    }
}

/// An event with the moment it happened: the unit of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: Event,
}
