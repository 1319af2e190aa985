//! The participant picker (`h`): type to filter the roster and the guests, choose
//! whom to queue and with what kind of request.

use super::line::LineInput;
use crate::meeting::{Meeting, Presence, QueueKind};
use crate::names::fold;

/// Someone the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub affiliation: Option<String>,
    pub guest: bool,
    pub presence: Presence,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub filter: LineInput,
    pub kind: QueueKind,
    pub selected: usize,
    pub matches: Vec<Candidate>,
    /// Asking whether a name nobody has becomes a guest: that name.
    pub confirm_guest: Option<String>,
    /// Chosen: whom to queue (and whether they are a new guest), while the chair types
    /// their topic (optional: Enter with none queues them without one).
    pub chosen_one: Option<(String, bool)>,
    pub topic: LineInput,
}

impl Picker {
    pub fn new(m: &Meeting) -> Self {
        let mut p = Picker::default();
        p.refresh(m);
        p
    }

    /// Recomputes the matches after the filter changed. Who matches the start of the
    /// name comes first, then the start of another word, then anywhere; within each,
    /// people marked present come first, in roster order.
    pub fn refresh(&mut self, m: &Meeting) {
        let query = fold(self.filter.text());
        let short_of = |i: usize| m.agenda.participants[i].short.as_deref();
        let people = m
            .agenda
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let c = Candidate {
                    name: p.name.clone(),
                    affiliation: p.affiliation.clone(),
                    guest: false,
                    presence: m.attendance.roster.get(i).copied().unwrap_or_default(),
                };
                (c, short_of(i))
            })
            .chain(m.attendance.guests.iter().map(|g| {
                let c = Candidate {
                    name: g.name.clone(),
                    affiliation: g.affiliation.clone(),
                    guest: true,
                    presence: g.presence,
                };
                (c, None)
            }));
        let mut ranked: Vec<(u8, u8, usize, Candidate)> = people
            .enumerate()
            .filter_map(|(order, (c, short))| {
                let rank = rank(&query, &c.name, short)?;
                let absent = u8::from(c.presence != Presence::Present);
                Some((rank, absent, order, c))
            })
            .collect();
        ranked.sort_by_key(|(rank, absent, order, _)| (*rank, *absent, *order));
        self.matches = ranked.into_iter().map(|(.., c)| c).collect();
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    pub fn chosen(&self) -> Option<&Candidate> {
        self.matches.get(self.selected)
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.matches.len() {
            self.selected += 1;
        }
    }

    /// New topic → reply → clarifying question → point of order → new topic.
    pub fn cycle_kind(&mut self) {
        self.kind = match self.kind {
            QueueKind::Topic => QueueKind::Reply,
            QueueKind::Reply => QueueKind::Question,
            QueueKind::Question => QueueKind::Order,
            QueueKind::Order => QueueKind::Topic,
        };
    }
}

/// 0: the name (or short name) starts with the query; 1: another word does; 2: the
/// query is inside the name; `None`: no match. An empty query matches everyone.
fn rank(query: &str, name: &str, short: Option<&str>) -> Option<u8> {
    if query.is_empty() {
        return Some(0);
    }
    let name = fold(name);
    let short = short.map(fold);
    if name.starts_with(query) || short.as_deref().is_some_and(|s| s.starts_with(query)) {
        Some(0)
    } else if name.split(' ').any(|w| w.starts_with(query)) {
        Some(1)
    } else if name.contains(query) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Key;
    use crate::meeting::Event;
    use chrono::{TimeZone, Utc};

    fn meeting() -> Meeting {
        let a = crate::agenda::parse_str(
            "t.toml",
            "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
             [[participants]]\nname = \"Raúl Echeberría\"\naffiliation = \"ISOC\"\n\
             [[participants]]\nname = \"Ana Neves\"\nshort = \"AN\"\n\
             [[participants]]\nname = \"Carlos Raul Gutierrez\"\n\
             [[items]]\ntitle = \"Welcome\"\n",
        )
        .unwrap();
        Meeting::new(a)
    }

    fn names(p: &Picker) -> Vec<&str> {
        p.matches.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn filters_without_accents_and_ranks_name_starts_first() {
        let m = meeting();
        let mut p = Picker::new(&m);
        assert_eq!(names(&p).len(), 3);
        for c in "raul".chars() {
            p.filter.key(Key::Char(c));
        }
        p.refresh(&m);
        assert_eq!(names(&p), ["Raúl Echeberría", "Carlos Raul Gutierrez"]);
        p.filter.set("an");
        p.refresh(&m);
        assert_eq!(names(&p), ["Ana Neves"]);
        p.filter.set("zz");
        p.refresh(&m);
        assert!(p.chosen().is_none());
    }

    #[test]
    fn present_people_and_guests_are_offered() {
        let mut m = meeting();
        let at = Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap();
        m.apply(
            &Event::Present {
                who: "Carlos Raul Gutierrez".into(),
            },
            at,
        )
        .unwrap();
        m.apply(
            &Event::Guest {
                name: "Zoë Gast".into(),
                affiliation: None,
            },
            at,
        )
        .unwrap();
        let mut p = Picker::new(&m);
        assert_eq!(p.matches[0].name, "Carlos Raul Gutierrez");
        assert!(p.matches.iter().any(|c| c.guest && c.name == "Zoë Gast"));
        p.down();
        p.down();
        p.down();
        p.down();
        assert_eq!(p.selected, 3);
        p.cycle_kind();
        assert_eq!(p.kind, QueueKind::Reply);
    }
}
