//! The live meeting: plain data changed only by `Meeting::apply`, with the time of each
//! event passed in, so every behaviour is testable without a clock or a terminal.

pub mod attendance;
pub mod event;
pub mod queue;
pub mod stopwatch;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};

pub use attendance::{Attendance, Counts, Guest, Person, Presence};
pub use event::{Event, Record};
pub use queue::{Queue, QueueKind, Request, Speaker, Turn};
pub use stopwatch::Stopwatch;

use crate::agenda::{Agenda, ItemRef};
use crate::duration;

#[cfg(test)]
mod tests;

/// Where an agenda point stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pending,
    Current,
    Done,
}

/// The timing of one agenda point (an item or a sub-item).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Point {
    pub taken_up: bool,
    pub clock: Stopwatch,
    /// A timebox set during the meeting (`:timebox`), beating the agenda's.
    pub timebox: Option<TimeDelta>,
}

/// The parts of the meeting that `undo` restores: queue, attendance and agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Undoable {
    queue: Queue,
    attendance: Attendance,
    current: Option<ItemRef>,
    points: Vec<(ItemRef, Point)>,
    /// Turns are only ever appended, so their count is enough to take them back (a
    /// copy of them all per undoable event made long meetings quadratic).
    turns: usize,
    started: Option<DateTime<Utc>>,
    paused: bool,
    /// How many pauses and resumes had happened: those after it are replayed on undo.
    pauses: usize,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub agenda: Agenda,
    /// When the first item was taken up.
    pub started: Option<DateTime<Utc>>,
    pub current: Option<ItemRef>,
    /// One per agenda point, in `Agenda::points` order.
    pub points: Vec<(ItemRef, Point)>,
    pub paused: bool,
    pub queue: Queue,
    pub turns: Vec<Turn>,
    pub attendance: Attendance,
    pub speaker_limit: Option<TimeDelta>,
    /// One text per item; sub-items are written in their item's notes.
    pub notes: Vec<String>,
    pub next_meeting: Option<(NaiveDate, Option<NaiveTime>)>,
    /// Notes that belong to no agenda item (a notes file of an item since removed):
    /// where they came from and their text. Kept and shown, never dropped.
    pub unmatched_notes: Vec<(String, String)>,
    pub report_written: Option<String>,
    undo: std::collections::VecDeque<Undoable>,
    /// Every pause (`false`) and resume (`true`) with its time. They are not undone, so
    /// an undo replays those made since its snapshot on the restored clocks.
    pauses: Vec<(DateTime<Utc>, bool)>,
}

/// The longest undo history kept: far more than anyone presses undo in a meeting.
const UNDO_DEPTH: usize = 200;

impl Meeting {
    pub fn new(agenda: Agenda) -> Self {
        let points = agenda
            .points()
            .into_iter()
            .map(|r| (r, Point::default()))
            .collect();
        Meeting {
            attendance: Attendance::new(agenda.participants.len()),
            notes: vec![String::new(); agenda.items.len()],
            speaker_limit: agenda.settings.speaker_limit,
            agenda,
            started: None,
            current: None,
            points,
            paused: false,
            queue: Queue::default(),
            turns: Vec::new(),
            next_meeting: None,
            unmatched_notes: Vec::new(),
            report_written: None,
            undo: std::collections::VecDeque::new(),
            pauses: Vec::new(),
        }
    }

    /// Rebuilds a meeting from its records. Records that no longer apply (the agenda
    /// changed) are skipped and returned with the reason, never silently dropped.
    pub fn replay<'a>(
        agenda: Agenda,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> (Self, Vec<(Record, String)>) {
        let mut m = Meeting::new(agenda);
        let mut skipped = Vec::new();
        for r in records {
            if let Err(e) = m.apply(&r.event, r.at) {
                // Notes of an item the agenda no longer has are text someone wrote:
                // kept and shown with the unmatched notes.
                if let Event::Notes { item, text } = &r.event
                    && !text.trim().is_empty()
                {
                    let source = format!("the journal's notes of item {item}");
                    m.unmatched_notes.retain(|(s, _)| *s != source);
                    m.unmatched_notes.push((source, text.clone()));
                }
                skipped.push((r.clone(), e));
            }
        }
        (m, skipped)
    }

    /// Applies one event at `at`. An event that cannot apply changes nothing and says why.
    pub fn apply(&mut self, event: &Event, at: DateTime<Utc>) -> Result<(), String> {
        if let Event::Undo = event {
            let snapshot = self.undo.pop_back().ok_or("nothing to undo")?;
            self.restore(snapshot);
            return Ok(());
        }
        let before = event.undoable().then(|| self.snapshot());
        self.change(event, at)?;
        if let Some(s) = before {
            if self.undo.len() == UNDO_DEPTH {
                self.undo.pop_front();
            }
            self.undo.push_back(s);
        }
        Ok(())
    }

    fn change(&mut self, event: &Event, at: DateTime<Utc>) -> Result<(), String> {
        match event {
            Event::TakeUp { item } => {
                let r = self.agenda.item_ref(item)?;
                if self.current == Some(r) {
                    // Taking it up again would end the turn and empty the queue.
                    return Err(format!("item {} is already being discussed", r.label()));
                }
                self.take_up(Some(r), at);
            }
            Event::Close => {
                if self.current.is_none() {
                    return Err("no item is being discussed".into());
                }
                self.take_up(None, at);
            }
            Event::Pause => {
                if self.paused {
                    return Err("the timers are already paused".into());
                }
                self.paused = true;
                self.pauses.push((at, false));
                self.stop_clocks(at);
            }
            Event::Resume => {
                if !self.paused {
                    return Err("the timers are not paused".into());
                }
                self.paused = false;
                self.pauses.push((at, true));
                self.start_clocks(at);
            }
            Event::Join { who, queue, topic } => self.queue.join(Request {
                who: who.clone(),
                kind: *queue,
                topic: topic.clone(),
                joined: at,
            })?,
            Event::Leave { who } => self.queue.leave(who)?,
            Event::Ack { who } => {
                self.end_turn(at);
                self.queue.ack(who, at, !self.paused);
            }
            Event::NextSpeaker => {
                if self.queue.speaker.is_none() && self.queue.waiting.is_empty() {
                    return Err("nobody is speaking and the queue is empty".into());
                }
                self.end_turn(at);
                self.queue.next(at, !self.paused);
            }
            Event::CloseQueue => {
                if self.queue.closed {
                    return Err("the queue is already closed".into());
                }
                self.queue.closed = true;
            }
            Event::OpenQueue => {
                if !self.queue.closed {
                    return Err("the queue is already open".into());
                }
                self.queue.closed = false;
            }
            Event::LastWord { who } => self.queue.last_word(who, at),
            Event::Undo => unreachable!("handled in apply"),
            Event::Present { who } => {
                self.attendance
                    .mark(&self.agenda.participants, who, Presence::Present)
            }
            Event::Absent { who } => {
                // Unlike present+ and regrets+, a name nobody knows is a typo here: it
                // must not become an absent guest.
                if self
                    .attendance
                    .find(&self.agenda.participants, who)
                    .is_none()
                {
                    return Err(format!("{who} is neither on the roster nor a guest"));
                }
                self.attendance
                    .mark(&self.agenda.participants, who, Presence::Absent)
            }
            Event::Regrets { who } => {
                self.attendance
                    .mark(&self.agenda.participants, who, Presence::Regrets)
            }
            Event::Guest { name, affiliation } => {
                self.attendance
                    .add_guest(&self.agenda.participants, name, affiliation.clone())?
            }
            Event::Timebox { item, timebox } => {
                let r = self.agenda.item_ref(item)?;
                let d = duration::parse(timebox)?;
                self.point_mut(r).timebox = Some(d);
            }
            Event::SpeakerLimit { limit } => self.speaker_limit = Some(duration::parse(limit)?),
            Event::NextMeeting { date, time } => self.next_meeting = Some((*date, *time)),
            Event::Notes { item, text } => {
                let slot = item
                    .checked_sub(1)
                    .and_then(|i| self.notes.get_mut(i))
                    .ok_or_else(|| format!("there is no item {item}"))?;
                slot.clone_from(text);
            }
            Event::ReportWritten { path } => self.report_written = Some(path.clone()),
        }
        Ok(())
    }

    /// Leaves the current point (if any) and takes up `next`: its clock starts, the
    /// turn ends, the queue empties and reopens for the new discussion.
    fn take_up(&mut self, next: Option<ItemRef>, at: DateTime<Utc>) {
        if let Some(cur) = self.current {
            self.point_mut(cur).clock.stop(at);
        }
        self.end_turn(at);
        self.queue.waiting.clear();
        self.queue.closed = false;
        self.current = next;
        // Taking up an item is the chair saying "we are back": the clocks run again.
        self.paused = false;
        if let Some(r) = next {
            self.started.get_or_insert(at);
            let p = self.point_mut(r);
            p.taken_up = true;
            p.clock.start(at);
        }
    }

    fn end_turn(&mut self, at: DateTime<Utc>) {
        if let Some((s, spent)) = self.queue.end_turn(at) {
            self.turns.push(Turn {
                who: s.who,
                kind: s.kind,
                item: self.current.map(|r| r.item),
                spent,
            });
        }
    }

    fn stop_clocks(&mut self, at: DateTime<Utc>) {
        if let Some(cur) = self.current {
            self.point_mut(cur).clock.stop(at);
        }
        if let Some(s) = &mut self.queue.speaker {
            s.turn.stop(at);
        }
    }

    fn start_clocks(&mut self, at: DateTime<Utc>) {
        if let Some(cur) = self.current {
            self.point_mut(cur).clock.start(at);
        }
        if let Some(s) = &mut self.queue.speaker {
            s.turn.start(at);
        }
    }

    fn snapshot(&self) -> Undoable {
        Undoable {
            queue: self.queue.clone(),
            attendance: self.attendance.clone(),
            current: self.current,
            points: self.points.clone(),
            turns: self.turns.len(),
            started: self.started,
            paused: self.paused,
            pauses: self.pauses.len(),
        }
    }

    /// Puts back an earlier state; clocks that ran then run on from their old start,
    /// so the time between is counted as if nothing had happened, except that the
    /// pauses and resumes made since (which undo does not take back) apply to them.
    fn restore(&mut self, s: Undoable) {
        self.queue = s.queue;
        self.attendance = s.attendance;
        self.current = s.current;
        self.points = s.points;
        self.turns.truncate(s.turns);
        self.started = s.started;
        self.paused = s.paused;
        for i in s.pauses..self.pauses.len() {
            let (at, resume) = self.pauses[i];
            self.paused = !resume;
            if resume {
                self.start_clocks(at);
            } else {
                self.stop_clocks(at);
            }
        }
    }

    pub fn point(&self, r: ItemRef) -> &Point {
        &self
            .points
            .iter()
            .find(|(p, _)| *p == r)
            .expect("every agenda point has a state")
            .1
    }

    fn point_mut(&mut self, r: ItemRef) -> &mut Point {
        &mut self
            .points
            .iter_mut()
            .find(|(p, _)| *p == r)
            .expect("every agenda point has a state")
            .1
    }

    /// The point `n` takes up: the one after the current point in agenda order
    /// (1, 2, 2a, 2b, 3, …), the first when none was taken up yet, `None` after the last.
    pub fn next_point(&self) -> Option<ItemRef> {
        let points = self.agenda.points();
        match self.current {
            None if self.started.is_none() => points.first().copied(),
            // After `Close`, the next is the one after the last point discussed.
            None => {
                let last = points.iter().rposition(|&r| self.point(r).taken_up)?;
                points.get(last + 1).copied()
            }
            Some(c) => {
                let at = points.iter().position(|&r| r == c)?;
                points.get(at + 1).copied()
            }
        }
    }

    /// The point `p` takes up: the one before the current point, `None` at the first.
    pub fn previous_point(&self) -> Option<ItemRef> {
        let points = self.agenda.points();
        let at = match self.current {
            Some(c) => points.iter().position(|&r| r == c)?,
            None => points.iter().rposition(|&r| self.point(r).taken_up)? + 1,
        };
        at.checked_sub(1).and_then(|i| points.get(i).copied())
    }

    /// Resolves a name as commands do — full name, short name or unique prefix, without
    /// regard to case or accents — over the roster and the guests, giving the full name
    /// that events carry.
    pub fn resolve_person(&self, query: &str) -> Result<String, crate::names::Unresolved> {
        use crate::names::{Index, Unresolved};
        let roster = self.agenda.resolve(query);
        let guests = Index::new(&self.attendance.guests).resolve(query);
        match (roster, guests) {
            (Ok(r), Err(_)) => Ok(self.agenda.participants[r].name.clone()),
            (Err(Unresolved::Ambiguous { candidates }), _) => {
                Err(Unresolved::Ambiguous { candidates })
            }
            (Err(_), Ok(g)) => Ok(self.attendance.guests[g].name.clone()),
            (Ok(r), Ok(g)) => {
                // An exact name wins; a prefix matching on both lists is ambiguous.
                let exact = |name: &str| crate::names::fold(name) == crate::names::fold(query);
                let (p, guest) = (&self.agenda.participants[r], &self.attendance.guests[g]);
                match (
                    exact(&p.name) || p.short.as_deref().is_some_and(exact),
                    exact(&guest.name),
                ) {
                    (true, false) => Ok(p.name.clone()),
                    (false, true) => Ok(guest.name.clone()),
                    _ => Err(Unresolved::Ambiguous {
                        candidates: vec![p.name.clone(), format!("{} (guest)", guest.name)],
                    }),
                }
            }
            (Err(e), Err(_)) => Err(e),
        }
    }

    pub fn state(&self, r: ItemRef) -> State {
        let current_here = self
            .current
            .is_some_and(|c| c == r || (r.sub.is_none() && c.item == r.item));
        if current_here {
            State::Current
        } else if self.taken_up(r) {
            State::Done
        } else {
            State::Pending
        }
    }

    /// Whether a point was discussed: taken up, or (for an item) any of its sub-items.
    pub fn taken_up(&self, r: ItemRef) -> bool {
        self.points
            .iter()
            .any(|(p, s)| s.taken_up && (*p == r || (r.sub.is_none() && p.item == r.item)))
    }

    /// Time spent on a point; an item's time includes its sub-items'.
    pub fn spent(&self, r: ItemRef, now: DateTime<Utc>) -> TimeDelta {
        self.points
            .iter()
            .filter(|(p, _)| *p == r || (r.sub.is_none() && p.item == r.item))
            .map(|(_, s)| s.clock.elapsed(now))
            .sum()
    }

    /// The timebox in force: set in the meeting, else the agenda's, else the default.
    pub fn timebox(&self, r: ItemRef) -> Option<TimeDelta> {
        self.point(r).timebox.or_else(|| self.agenda.timebox_of(r))
    }

    /// Time since the first item was taken up (wall clock: pauses do not stop it).
    pub fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        self.started
            .map_or(TimeDelta::zero(), |s| (now - s).max(TimeDelta::zero()))
    }

    /// The scheduled start and end of the meeting.
    pub fn scheduled(&self) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        let m = &self.agenda.meeting;
        let start = m.timezone.instant(m.date, m.start);
        (start, m.duration.map(|d| start + d))
    }

    /// When the meeting will end if every remaining item takes its timebox: what is
    /// left of the current item's timebox plus the timeboxes of the items not yet
    /// taken up. An item's timebox covers its sub-items, so on a sub-item what is left
    /// is the item's timebox less the time of the item and all its sub-items; only an
    /// item without any timebox falls back on the sub-item's own.
    pub fn projected_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let mut rest = TimeDelta::zero();
        if let Some(cur) = self.current {
            let item = ItemRef::item(cur.item);
            let left = match self.timebox(item) {
                Some(tb) => Some(tb - self.spent(item, now)),
                None => self.timebox(cur).map(|tb| tb - self.spent(cur, now)),
            };
            rest += left.unwrap_or_default().max(TimeDelta::zero());
        }
        for (i, _) in self.agenda.items.iter().enumerate() {
            let r = ItemRef::item(i);
            if !self.taken_up(r) {
                rest += self.timebox(r).unwrap_or_default();
            }
        }
        now + rest
    }

    /// The current speaker's time so far.
    pub fn turn(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        self.queue.speaker.as_ref().map(|s| s.turn.elapsed(now))
    }

    /// Each speaker's number of turns and total time, in order of first turn; points of
    /// order do not count as speaking time.
    pub fn speaking_times(&self) -> Vec<(String, usize, TimeDelta)> {
        let mut out: Vec<(String, usize, TimeDelta)> = Vec::new();
        for t in self.turns.iter().filter(|t| t.kind != QueueKind::Order) {
            match out.iter_mut().find(|(w, _, _)| *w == t.who) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += t.spent;
                }
                None => out.push((t.who.clone(), 1, t.spent)),
            }
        }
        out
    }
}
