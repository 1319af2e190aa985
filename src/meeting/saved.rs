//! A replayed meeting as data, for a checkpoint of a long journal (`store::checkpoint`):
//! everything replaying the journal builds, the undo history and each item's shared
//! notes included, so that replaying the rest of the journal on a meeting made from it
//! gives the meeting a replay of the whole journal gives.
//!
//! The agenda is not in it: the agenda file is read at every start anyway, and a
//! checkpoint is only taken up on the agenda it was made with. Only the points added
//! during the meeting (`agenda+`) are kept, to be added again.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::{Attendance, Meeting, Point, Queue, Turn, Undoable};
use crate::agenda::{Agenda, ItemRef};
use crate::notes::replica::{self, Replica};

/// A meeting as `Meeting::replay` leaves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    added: Vec<AddedPoint>,
    started: Option<DateTime<Utc>>,
    ended: Option<DateTime<Utc>>,
    current: Option<ItemRef>,
    points: Vec<(ItemRef, Point)>,
    paused: bool,
    queue: Queue,
    turns: Vec<Turn>,
    attendance: Attendance,
    #[serde(with = "opt_delta")]
    speaker_limit: Option<TimeDelta>,
    notes: Vec<String>,
    replicas: Vec<replica::Saved>,
    next_meeting: Option<(NaiveDate, Option<NaiveTime>)>,
    report_written: Option<String>,
    undo: Vec<Undoable>,
    pauses: Vec<(DateTime<Utc>, bool)>,
}

/// A point added during the meeting, as `Agenda::add` made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AddedPoint {
    /// The item (from 0) a sub-item was added under; `None` for an item.
    under: Option<usize>,
    title: String,
    #[serde(with = "opt_delta")]
    timebox: Option<TimeDelta>,
    day: Option<NaiveDate>,
    session: Option<String>,
}

impl Meeting {
    /// This meeting as data, when it is one a replay left and a checkpoint can hold:
    /// `None` while notes of items no longer on the agenda are kept aside, and once a
    /// replay met any (they, and the order they are shown in, are found again only by
    /// replaying the records that name them, even when their text is empty for now).
    pub fn save(&self) -> Option<Saved> {
        if !self.unmatched_notes.is_empty() || self.strays || self.unsettled || self.replaying {
            return None;
        }
        let mut added = Vec::new();
        for (i, item) in self.agenda.items.iter().enumerate() {
            if item.added {
                added.push(AddedPoint {
                    under: None,
                    title: item.title.clone(),
                    timebox: item.timebox,
                    day: item.day,
                    session: item.session.clone(),
                });
            }
            added.extend(
                item.subitems
                    .iter()
                    .filter(|s| s.added)
                    .map(|s| AddedPoint {
                        under: Some(i),
                        title: s.title.clone(),
                        timebox: s.timebox,
                        day: None,
                        session: None,
                    }),
            );
        }
        Some(Saved {
            added,
            started: self.started,
            ended: self.ended,
            current: self.current,
            points: self.points.clone(),
            paused: self.paused,
            queue: self.queue.clone(),
            turns: self.turns.clone(),
            attendance: self.attendance.clone(),
            speaker_limit: self.speaker_limit,
            notes: self.notes.clone(),
            replicas: self.replicas.iter().map(Replica::save).collect(),
            next_meeting: self.next_meeting,
            report_written: self.report_written.clone(),
            undo: self.undo.iter().cloned().collect(),
            pauses: self.pauses.clone(),
        })
    }

    /// The meeting `saved` holds, on `agenda` (the agenda file as read: the points added
    /// during the meeting are added to it again). Anything that does not fit the agenda
    /// or itself (indices out of range, a history that would undo what is not there)
    /// refuses the whole, so that nothing read here can trip the meeting later.
    pub fn from_saved(agenda: Agenda, saved: Saved) -> Result<Meeting, String> {
        let mut agenda = agenda.as_written();
        for a in &saved.added {
            match a.under {
                None => {
                    let r = agenda.add(None, &a.title, a.timebox);
                    let item = &mut agenda.items[r.item];
                    item.day = a.day;
                    item.session.clone_from(&a.session);
                }
                Some(i) if i < agenda.items.len() => {
                    agenda.add(Some(i), &a.title, a.timebox);
                }
                Some(i) => return Err(format!("a sub-item added under item {i}, not there")),
            }
        }
        let mut m = Meeting::new(agenda);
        let refs = |points: &[(ItemRef, Point)]| points.iter().map(|(r, _)| *r).collect::<Vec<_>>();
        if refs(&m.points) != refs(&saved.points) {
            return Err("its points are not the agenda's".into());
        }
        let items = m.agenda.items.len();
        if saved.notes.len() != items || saved.replicas.len() != items {
            return Err("its notes are not the agenda's items'".into());
        }
        let roster = m.agenda.participants.len();
        let fits = |a: &Attendance| a.roster.len() == roster;
        if !fits(&saved.attendance) || saved.undo.iter().any(|u| !fits(&u.attendance)) {
            return Err("its attendance is not the roster's".into());
        }
        if saved
            .current
            .is_some_and(|c| m.points.binary_search_by(|(p, _)| p.cmp(&c)).is_err())
        {
            return Err("its current point is not on the agenda".into());
        }
        // Each undo, newest first, puts points back by index and may take off the point
        // its event added: both must be there when it comes to that.
        let mut points = refs(&m.points);
        for u in saved.undo.iter().rev() {
            if u.points.iter().any(|&(i, _)| i >= points.len())
                || u.current.is_some_and(|c| !points.contains(&c))
            {
                return Err("its undo history names points that are not there".into());
            }
            if let Some(r) = u.grown {
                let last = match r.sub {
                    None => points
                        .iter()
                        .rposition(|p| p.sub.is_none())
                        .map(|i| points[i]),
                    Some(_) => points.iter().rfind(|p| p.item == r.item).copied(),
                };
                let added = m.agenda.items.get(r.item).is_some_and(|i| match r.sub {
                    None => i.added,
                    Some(s) => i.subitems.get(s).is_some_and(|s| s.added),
                });
                if last != Some(r) || !added {
                    return Err("its undo history takes off a point that is not the last".into());
                }
                points.retain(|p| {
                    if r.sub.is_none() {
                        p.item != r.item
                    } else {
                        *p != r
                    }
                });
            }
        }
        let mut replicas = Vec::with_capacity(items);
        for r in &saved.replicas {
            replicas.push(Replica::load(r)?);
        }
        m.started = saved.started;
        m.ended = saved.ended;
        m.current = saved.current;
        m.points = saved.points;
        m.paused = saved.paused;
        m.queue = saved.queue;
        m.turns = saved.turns;
        m.attendance = saved.attendance;
        m.speaker_limit = saved.speaker_limit;
        m.notes = saved.notes;
        m.replicas = replicas;
        m.next_meeting = saved.next_meeting;
        m.report_written = saved.report_written;
        m.undo = saved.undo.into();
        m.pauses = saved.pauses;
        Ok(m)
    }
}

/// A `TimeDelta` as whole seconds and nanoseconds: exact, as a replay's times are.
pub mod delta {
    use chrono::TimeDelta;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &TimeDelta, s: S) -> Result<S::Ok, S::Error> {
        (d.num_seconds(), d.subsec_nanos()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TimeDelta, D::Error> {
        let (secs, nanos) = <(i64, i32)>::deserialize(d)?;
        // `TimeDelta::new` wants the nanoseconds of a negative time added, not taken.
        let nanos = i64::from(nanos);
        TimeDelta::try_seconds(secs)
            .and_then(|s| s.checked_add(&TimeDelta::nanoseconds(nanos)))
            .filter(|_| nanos.abs() < 1_000_000_000)
            .ok_or_else(|| serde::de::Error::custom("a time out of range"))
    }
}

/// `delta` of an `Option<TimeDelta>`.
pub mod opt_delta {
    use chrono::TimeDelta;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct D(#[serde(with = "super::delta")] TimeDelta);

    pub fn serialize<S: Serializer>(d: &Option<TimeDelta>, s: S) -> Result<S::Ok, S::Error> {
        d.map(D).serialize(s)
    }

    pub fn deserialize<'de, D2: Deserializer<'de>>(d: D2) -> Result<Option<TimeDelta>, D2::Error> {
        Ok(Option::<D>::deserialize(d)?.map(|D(t)| t))
    }
}

#[cfg(test)]
mod tests;
