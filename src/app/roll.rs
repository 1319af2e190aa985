//! The attendance panel (`r`): the roster and the guests, marked one person per key,
//! the selection moving on to the next; letters typed find a name.

use super::line::LineInput;
use crate::meeting::{Event, Meeting, Presence};
use crate::names;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roll {
    /// Over the roster, then the guests.
    pub cursor: usize,
    /// Typing a guest's "NAME, AFFILIATION".
    pub adding: Option<LineInput>,
    /// The letters typed to find a name (the selection jumps to the first match).
    pub find: String,
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

    /// The event that marks the selected person so.
    pub fn mark(&self, m: &Meeting, presence: Presence) -> Option<Event> {
        let (name, _) = Self::row(m, self.cursor)?;
        let who = name.to_string();
        match presence {
            Presence::Present => Some(Event::Present { who }),
            Presence::Regrets => Some(Event::Regrets { who }),
            Presence::Absent => Some(Event::Absent { who }),
            Presence::Unknown => None,
        }
    }

    /// After a mark: the search is done with, and the next person is selected.
    pub fn marked(&mut self, m: &Meeting) {
        self.find.clear();
        self.down(m);
    }

    /// A letter typed: the search grows and the selection jumps to the first match.
    pub fn type_char(&mut self, c: char, m: &Meeting) {
        self.find.push(c);
        self.jump(m);
    }

    /// Backspace: the search shrinks (the selection stays where it is when it empties).
    pub fn backspace(&mut self, m: &Meeting) {
        self.find.pop();
        self.jump(m);
    }

    /// The row the search finds: a name that begins with it, else one with a word that
    /// does (a family name, a short name), else one that holds it; without regard to
    /// case or accents. `None` when nobody matches or nothing is typed.
    pub fn found(&self, m: &Meeting) -> Option<usize> {
        let q = names::fold(self.find.trim());
        if q.is_empty() {
            return None;
        }
        let roster = m.agenda.participants.len();
        let folded: Vec<String> = (0..Self::len(m))
            .map(|i| {
                let mut name = Self::row(m, i).map_or(String::new(), |(n, _)| n.to_string());
                if let Some(short) = m.agenda.participants.get(i).and_then(|p| p.short.as_ref())
                    && i < roster
                {
                    name.push(' ');
                    name.push_str(short);
                }
                names::fold(&name)
            })
            .collect();
        let word = |n: &String| n.split_whitespace().any(|w| w.starts_with(&q));
        folded
            .iter()
            .position(|n| n.starts_with(&q))
            .or_else(|| folded.iter().position(word))
            .or_else(|| folded.iter().position(|n| n.contains(&q)))
    }

    fn jump(&mut self, m: &Meeting) {
        if let Some(i) = self.found(m) {
            self.cursor = i;
        }
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
