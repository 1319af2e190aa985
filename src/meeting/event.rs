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
        #[serde(deserialize_with = "when::date")]
        date: NaiveDate,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "when::time"
        )]
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
    #[serde(deserialize_with = "when::instant")]
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: Event,
}

/// Journal times may be written by hand, so TOML's own date-times (`2023-02-16T14:00:00Z`,
/// `2023-03-02`, `14:00:00`) are read as well as the strings agendum writes.
mod when {
    use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
    use serde::{Deserialize, Deserializer, de::Error};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Toml(toml::value::Datetime),
        Text(String),
    }

    fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(match Either::deserialize(d)? {
            Either::Toml(t) => t.to_string(),
            Either::Text(s) => s,
        })
    }

    pub fn instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = text(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| D::Error::custom(format!("`at` must be a date and time with zone, like 2023-02-16T14:00:00Z, found \"{s}\": {e}")))
    }

    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = text(d)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
            D::Error::custom(format!(
                "expected a date like 2023-03-02, found \"{s}\": {e}"
            ))
        })
    }

    pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let s = text(d)?;
        NaiveTime::parse_from_str(&s, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M"))
            .map(Some)
            .map_err(|e| {
                D::Error::custom(format!("expected a time like 14:00, found \"{s}\": {e}"))
            })
    }
}
