//! Who is at the meeting: the roster's presence and apologies, plus guests.

use crate::agenda::Participant;
use crate::names;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Presence {
    #[default]
    Unknown,
    Present,
    /// Sent apologies.
    Regrets,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Guest {
    pub name: String,
    pub affiliation: Option<String>,
    pub presence: Presence,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attendance {
    /// One per roster participant, in roster order.
    pub roster: Vec<Presence>,
    pub guests: Vec<Guest>,
    /// Whether anyone was ever marked present: until then the report lists the roster.
    pub taken: bool,
}

/// Where a name was found: on the roster or among the guests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    Roster(usize),
    Guest(usize),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub present: usize,
    pub regrets: usize,
    pub absent: usize,
    /// Roster participants not marked yet.
    pub unknown: usize,
    pub guests: usize,
}

impl Attendance {
    pub fn new(roster_len: usize) -> Self {
        Attendance {
            roster: vec![Presence::Unknown; roster_len],
            ..Attendance::default()
        }
    }

    /// Finds someone by exact (case- and accent-insensitive) full name.
    pub fn find(&self, roster: &[Participant], name: &str) -> Option<Person> {
        // Events carry full names as resolved, so the exact name is the common case;
        // folding every name is for journals written by hand.
        if let Some(i) = roster.iter().position(|p| p.name == name) {
            return Some(Person::Roster(i));
        }
        if let Some(i) = self.guests.iter().position(|g| g.name == name) {
            return Some(Person::Guest(i));
        }
        let f = names::fold(name);
        roster
            .iter()
            .position(|p| names::fold(&p.name) == f)
            .map(Person::Roster)
            .or_else(|| {
                self.guests
                    .iter()
                    .position(|g| names::fold(&g.name) == f)
                    .map(Person::Guest)
            })
    }

    /// Marks someone; a name on neither list becomes a guest, so no mark is lost.
    pub fn mark(&mut self, roster: &[Participant], name: &str, presence: Presence) {
        if presence == Presence::Present {
            self.taken = true;
        }
        self.set(roster, name, presence);
    }

    /// `mark`, leaving whether attendance was taken as it was.
    pub fn set(&mut self, roster: &[Participant], name: &str, presence: Presence) {
        match self.find(roster, name) {
            Some(Person::Roster(i)) => self.roster[i] = presence,
            Some(Person::Guest(i)) => self.guests[i].presence = presence,
            None => self.guests.push(Guest {
                name: name.to_string(),
                affiliation: None,
                presence,
            }),
        }
    }

    /// Adds a present guest; a guest already known is marked present again instead.
    pub fn add_guest(
        &mut self,
        roster: &[Participant],
        name: &str,
        affiliation: Option<String>,
    ) -> Result<(), String> {
        match self.find(roster, name) {
            Some(Person::Roster(i)) => Err(format!(
                "{0} is on the roster, not a guest: present+ {0} marks them present",
                roster[i].name
            )),
            Some(Person::Guest(i)) => {
                let g = &mut self.guests[i];
                g.presence = Presence::Present;
                if affiliation.is_some() {
                    g.affiliation = affiliation;
                }
                self.taken = true;
                Ok(())
            }
            None => {
                self.guests.push(Guest {
                    name: name.to_string(),
                    affiliation,
                    presence: Presence::Present,
                });
                self.taken = true;
                Ok(())
            }
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in self
            .roster
            .iter()
            .chain(self.guests.iter().map(|g| &g.presence))
        {
            match p {
                Presence::Present => c.present += 1,
                Presence::Regrets => c.regrets += 1,
                Presence::Absent => c.absent += 1,
                Presence::Unknown => c.unknown += 1,
            }
        }
        c.guests = self.guests.len();
        c
    }
}

impl names::Named for Guest {
    fn full_name(&self) -> &str {
        &self.name
    }
    fn short_name(&self) -> Option<&str> {
        None
    }
}
