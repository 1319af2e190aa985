//! The attendance panel (`r`): the roster and the guests, marked one by one.

use super::line::LineInput;
use crate::meeting::{Event, Meeting, Presence};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roll {
    /// Over the roster, then the guests.
    pub cursor: usize,
    /// Typing a guest's "NAME, AFFILIATION".
    pub adding: Option<LineInput>,
}

impl Roll {
    pub fn len(m: &Meeting) -> usize {
        m.agenda.participants.len() + m.attendance.guests.len()
    }

    /// The name and presence of the row at `i`.
    pub fn row(m: &Meeting, i: usize) -> Option<(&str, Presence)> {
        let roster = m.agenda.participants.len();
        if i < roster {
            Some((&m.agenda.participants[i].name, m.attendance.roster[i]))
        } else {
            let g = m.attendance.guests.get(i - roster)?;
            Some((&g.name, g.presence))
        }
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn down(&mut self, m: &Meeting) {
        if self.cursor + 1 < Self::len(m) {
            self.cursor += 1;
        }
    }

    /// Present ↔ absent (apologies and not-yet-marked become present).
    pub fn toggle(&self, m: &Meeting) -> Option<Event> {
        let (name, presence) = Self::row(m, self.cursor)?;
        let who = name.to_string();
        Some(match presence {
            Presence::Present => Event::Absent { who },
            _ => Event::Present { who },
        })
    }

    pub fn regrets(&self, m: &Meeting) -> Option<Event> {
        let (name, _) = Self::row(m, self.cursor)?;
        Some(Event::Regrets {
            who: name.to_string(),
        })
    }
}

/// "NAME, AFFILIATION" → a guest who is present.
pub fn guest_events(text: &str) -> Result<Vec<Event>, String> {
    let (name, affiliation) = crate::command::guest_fields(text)?;
    Ok(vec![
        Event::Guest {
            name: name.clone(),
            affiliation,
        },
        Event::Present { who: name },
    ])
}
