//! The live meeting: plain data changed only by `Meeting::apply`, with the time of each
//! event passed in, so every behaviour is testable without a clock or a terminal.

pub mod attendance;
pub mod event;
pub mod queue;
pub mod renumber;
pub mod saved;
pub mod stopwatch;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};

pub use attendance::{Attendance, Counts, Guest, Person, Presence};
pub use event::{Event, Record};
pub use queue::{Queue, QueueKind, Request, Speaker, Turn};
pub use stopwatch::Stopwatch;

use crate::agenda::{Agenda, ItemRef};
use crate::duration;
use crate::notes::replica::{self, Replica};

/// An item's notes as handed to `$EDITOR`: which, at what version, and their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesCopy {
    pub item: usize,
    version: Vec<usize>,
    text: String,
}

/// Whose edits the whole-text notes events of older journals are, as patches: the same
/// name on every replay, so every replica of the meeting makes the same operations.
const LEGACY_WRITER: &str = "journal";

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
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    pub taken_up: bool,
    pub clock: Stopwatch,
    /// A timebox set during the meeting (`:timebox`), beating the agenda's.
    #[serde(with = "saved::opt_delta")]
    pub timebox: Option<TimeDelta>,
}

/// The parts of the meeting that `undo` restores: queue, attendance and agenda.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Undoable {
    queue: Queue,
    attendance: Attendance,
    current: Option<ItemRef>,
    /// Each point changed since the snapshot, as it was then, by index into `points`
    /// (`Meeting::point_mut` adds them). A copy of every point per undoable event was
    /// most of the time a long replay took, and an event changes one or two.
    points: Vec<(usize, Point)>,
    /// Turns are only ever appended, so their count is enough to take them back (a
    /// copy of them all per undoable event made long meetings quadratic).
    turns: usize,
    started: Option<DateTime<Utc>>,
    ended: Option<DateTime<Utc>>,
    paused: bool,
    /// How many pauses and resumes had happened: those after it are replayed on undo.
    pauses: usize,
    /// The point the event added to the agenda (`agenda+`): undo takes it off again.
    grown: Option<ItemRef>,
    /// The event this snapshot was taken before: what an undo takes back, to be said.
    event: Option<Event>,
    /// When that event happened: an attendance mark made with a floor change at the
    /// same instant is taken back with it.
    at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub agenda: Agenda,
    /// When the first item was taken up.
    pub started: Option<DateTime<Utc>>,
    /// When the agenda was done: the last point closed, none taken up since. The
    /// meeting clock stands still there until an item is taken up again.
    pub ended: Option<DateTime<Utc>>,
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
    /// Each item's notes as the text every writer shares (`notes` is its text).
    replicas: Vec<Replica>,
    /// Who this copy of the meeting is, as a writer of the notes: unique to a process.
    pub writer: String,
    /// Notes patches come from a place others can write: each is added with a copy to
    /// fall back on.
    pub careful: bool,
    /// A journal of this computer's is being replayed: the notes' texts catch up with
    /// their patches once, at its end (or before an event that reads them).
    replaying: bool,
    unsettled: bool,
    /// A replay met notes of items the agenda does not have: what they became (even
    /// nothing, for now) is found again only by replaying the records that name them.
    strays: bool,
    pub next_meeting: Option<(NaiveDate, Option<NaiveTime>)>,
    /// Notes that belong to no agenda item (a notes file of an item since removed):
    /// where they came from and their text. Kept and shown, never dropped.
    pub unmatched_notes: Vec<(String, String)>,
    pub report_written: Option<String>,
    undo: std::collections::VecDeque<Undoable>,
    /// Every pause (`false`) and resume (`true`) with its time. They are not undone, so
    /// an undo replays those made since its snapshot on the restored clocks.
    pauses: Vec<(DateTime<Utc>, bool)>,
    /// A snapshot no longer needed, kept for its strings and vectors: the next one is
    /// written over it rather than allocated anew, which was most of a replay's time.
    spare: Undoable,
}

/// One row of the speaking-time view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakingTime {
    pub who: String,
    pub item_turns: usize,
    pub item_time: TimeDelta,
    pub turns: usize,
    pub time: TimeDelta,
}

/// The longest undo history kept: far more than anyone presses undo in a meeting.
const UNDO_DEPTH: usize = 200;

impl Meeting {
    pub fn new(agenda: Agenda) -> Self {
        let points = agenda
            .points()
            .into_iter()
            .map(|r| (r, Point::default()))
            .collect::<Vec<_>>();
        debug_assert!(points.is_sorted_by_key(|(r, _)| *r), "see `Meeting::index`");
        Meeting {
            attendance: Attendance::new(agenda.participants.len()),
            notes: vec![String::new(); agenda.items.len()],
            replicas: vec![Replica::new(); agenda.items.len()],
            writer: "agendum".into(),
            careful: true,
            replaying: false,
            unsettled: false,
            strays: false,
            speaker_limit: agenda.settings.speaker_limit,
            agenda,
            started: None,
            ended: None,
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
            spare: Undoable::default(),
        }
    }

    /// Rebuilds a meeting from its records. Records that no longer apply (the agenda
    /// changed) are skipped and returned with the reason, never silently dropped.
    pub fn replay(agenda: Agenda, records: &[Record]) -> (Self, Vec<(Record, String)>) {
        Self::replay_from(agenda, records, false)
    }

    /// `replay`; `careful`: the records come from a place others can write (a shared
    /// drive), so each notes patch is added with a copy to fall back on.
    pub fn replay_from(
        agenda: Agenda,
        records: &[Record],
        careful: bool,
    ) -> (Self, Vec<(Record, String)>) {
        // Items added during the meeting are in the journal: they are added again.
        let mut m = Meeting::new(agenda.as_written());
        let skipped = m.replay_more(records, careful);
        (m, skipped)
    }

    /// Replays `records` on this meeting, as `replay_from` does on a new one: the same
    /// meeting as replaying them after the records this one was replayed from (when the
    /// agenda did not change between them: see `saved`).
    pub fn replay_more(&mut self, records: &[Record], careful: bool) -> Vec<(Record, String)> {
        let m = self;
        let titles: Vec<&str> = m
            .agenda
            .items
            .iter()
            .filter(|i| !i.added)
            .map(|i| i.title.as_str())
            .collect();
        let moved = renumber::to_now(records, &titles);
        drop(titles);
        m.careful = careful;
        m.replaying = !careful;
        let mut skipped = Vec::new();
        // Notes of items the agenda no longer has are text someone wrote: they are
        // followed to their last version, then kept and shown with the unmatched notes.
        let mut orphans: Vec<(String, String, Replica)> = Vec::new();
        for (moved, original) in moved.into_iter().zip(records) {
            let (r, gone) = match moved {
                renumber::Moved::Now(r) => (r, None),
                renumber::Moved::Removed(which) => {
                    (std::borrow::Cow::Borrowed(original), Some(which))
                }
            };
            let result = match &gone {
                Some(which) => Err(format!("{which}, is no longer on the agenda")),
                None => m.apply(&r.event, r.at),
            };
            if let Err(e) = result {
                let item = r.event.notes_item();
                if let Some(item) = item
                    && (gone.is_some() || item == 0 || item > m.notes.len())
                {
                    let source = format!(
                        "the journal's notes of {}",
                        gone.clone().unwrap_or_else(|| format!("item {item}"))
                    );
                    let at = match orphans.iter().position(|(s, _, _)| *s == source) {
                        Some(i) => i,
                        None => {
                            orphans.push((source, String::new(), Replica::new()));
                            orphans.len() - 1
                        }
                    };
                    let (_, text, replica) = &mut orphans[at];
                    match &r.event {
                        Event::Notes { text: t, .. } => t.clone_into(text),
                        Event::NotesEdit {
                            from,
                            to,
                            len,
                            text: t,
                            ..
                        } => {
                            let _ = event::apply_edit(text, *from, *to, *len, t);
                        }
                        Event::NotesPatch { patch, .. } => {
                            if let Ok(p) = replica::decode(patch) {
                                let _ = replica.add(&p, text, &mut [], false);
                            }
                        }
                        _ => {}
                    }
                }
                skipped.push((original.clone(), e));
            }
        }
        m.strays |= !orphans.is_empty();
        m.unmatched_notes.extend(
            orphans
                .into_iter()
                .map(|(s, t, _)| (s, t))
                .filter(|(_, t)| !t.trim().is_empty()),
        );
        m.careful = true;
        m.replaying = false;
        m.settle();
        skipped
    }

    /// Applies one event at `at`. An event that cannot apply changes nothing and says why.
    pub fn apply(&mut self, event: &Event, at: DateTime<Utc>) -> Result<(), String> {
        self.apply_moving(event, at, &mut [])
    }

    /// `apply`, moving `cursors` (byte offsets in the notes the event changes) with the
    /// text, so that someone typing there keeps their place.
    pub fn apply_moving(
        &mut self,
        event: &Event,
        at: DateTime<Utc>,
        cursors: &mut [usize],
    ) -> Result<(), String> {
        if let Event::NotesPatch { item, patch, file } = event {
            let i = self.notes_index(*item)?;
            let bytes = replica::decode(patch)?;
            if self.replaying {
                self.replicas[i].add_unsettled(&bytes)?;
                self.unsettled = true;
            } else {
                let careful = self.careful;
                self.replicas[i].add(&bytes, &mut self.notes[i], cursors, careful)?;
            }
            if file.is_some() {
                // The file held exactly the text of the edit: seen again, it is no news.
                self.replicas[i].remember_last_patch();
            }
            return Ok(());
        }
        if let Event::Undo = event {
            let grown = self.undo.back().ok_or("nothing to undo")?.grown;
            if let Some(r) = grown.filter(|r| r.sub.is_none())
                && self.operations(r.item) > 0
            {
                return Err(format!(
                    "item {} \"{}\" has notes now: it stays on the agenda (undo would lose them)",
                    r.label(),
                    self.agenda.title_of(r)
                ));
            }
            let snapshot = self.undo.pop_back().ok_or("nothing to undo")?;
            self.restore(snapshot);
            return Ok(());
        }
        if !event.undoable() {
            return self.change(event, at);
        }
        if let Event::Present { who } = event
            && self.marked_with_floor(who, at)
        {
            // Part of the floor change just made: undone with it, and not a roll call
            // (the report still lists the roster when attendance was never taken).
            self.attendance
                .set(&self.agenda.participants, who, Presence::Present);
            return Ok(());
        }
        let mut before = std::mem::take(&mut self.spare);
        self.snapshot(&mut before);
        // On top of the stack while the event applies, so that it gets the points the
        // event changes.
        self.undo.push_back(before);
        if let Err(e) = self.change(event, at) {
            let mut refused = self.undo.pop_back().expect("pushed above");
            // A refused event changes nothing; should one ever change a point all the
            // same, the undo below must still be able to put it back.
            for (i, p) in refused.points.drain(..) {
                self.keep_point(i, p);
            }
            self.spare = refused;
            return Err(e);
        }
        if let Some(top) = self.undo.back_mut() {
            top.event = Some(event.clone());
            top.at = Some(at);
        }
        if self.undo.len() > UNDO_DEPTH {
            self.spare = self.undo.pop_front().expect("the stack is full");
        }
        Ok(())
    }

    /// Whether marking `who` present at `at` goes with the floor change made at the same
    /// instant: they have the floor since it, and were marked absent or as sending
    /// apologies. The screen journals such a mark right after the floor change.
    fn marked_with_floor(&self, who: &str, at: DateTime<Utc>) -> bool {
        let Some(top) = self.undo.back() else {
            return false;
        };
        let floor = matches!(top.event, Some(Event::Ack { .. } | Event::NextSpeaker));
        floor
            && top.at == Some(at)
            && self.queue.speaker.as_ref().is_some_and(|s| s.who == who)
            && matches!(
                self.presence_of(who),
                Some(Presence::Regrets | Presence::Absent)
            )
    }

    /// How someone is marked, if they are on the roster or a guest.
    pub fn presence_of(&self, who: &str) -> Option<Presence> {
        match self.attendance.find(&self.agenda.participants, who)? {
            Person::Roster(i) => self.attendance.roster.get(i).copied(),
            Person::Guest(i) => self.attendance.guests.get(i).map(|g| g.presence),
        }
    }

    /// The event `undo` would take back now (queue, attendance or agenda).
    pub fn to_undo(&self) -> Option<&Event> {
        self.undo.back().and_then(|s| s.event.as_ref())
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
                if self.next_point().is_none() {
                    self.ended = Some(at);
                }
            }
            Event::AddItem {
                title,
                timebox,
                under,
            } => {
                let title = crate::agenda::clean_line(title)?;
                if title.is_empty() {
                    return Err("usage: agenda+ [N] TITLE [TIMEBOX]".into());
                }
                let timebox = timebox.as_deref().map(duration::parse).transpose()?;
                if self.points.len() >= crate::agenda::MAX_ITEMS {
                    return Err(format!(
                        "the agenda holds {} items and sub-items, the most it may",
                        crate::agenda::MAX_ITEMS
                    ));
                }
                let under = match under {
                    None => None,
                    Some(n) => {
                        let r = self.agenda.item_ref(&n.to_string())?;
                        Some(r.item)
                    }
                };
                let r = self.agenda.add(under, &title, timebox);
                if r.sub.is_none() {
                    self.notes.push(String::new());
                    self.replicas.push(Replica::new());
                }
                let at = self.points.partition_point(|(p, _)| *p < r);
                self.points.insert(at, (r, Point::default()));
                if let Some(top) = self.undo.back_mut() {
                    top.grown = Some(r);
                }
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
            Event::Join { who, queue, topic } => {
                let request = Request {
                    who: who.clone(),
                    kind: *queue,
                    topic: topic.clone(),
                    joined: at,
                };
                let spoken = self.spoken_here();
                self.queue
                    .join_ordered(request, &|w| spoken.iter().any(|s| s == w))?
            }
            Event::Floor { who, queue } => {
                self.queue.find(who, *queue)?;
                self.end_turn(at);
                let running = !self.paused;
                self.queue.floor(who, *queue, at, running)?;
            }
            Event::Remove { who, queue } => {
                self.queue.remove(who, *queue)?;
            }
            Event::Move { who, queue, to } => self.queue.move_to(who, *queue, *to)?,
            Event::ChangeKind { who, queue, to } => {
                let spoken = self.spoken_here();
                self.queue
                    .change_kind(who, *queue, *to, &|w| spoken.iter().any(|s| s == w))?;
            }
            Event::Leave { who } => self.queue.leave(who)?,
            Event::Ack { who } => {
                if self.queue.speaker.as_ref().is_some_and(|s| s.who == *who) {
                    return Err(format!("{who} has the floor already"));
                }
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
                self.settle();
                let i = self.notes_index(*item)?;
                self.replicas[i].edit(LEGACY_WRITER, &mut self.notes[i], text);
            }
            Event::NotesEdit {
                item,
                from,
                to,
                len,
                text,
            } => {
                self.settle();
                let i = self.notes_index(*item)?;
                let mut new = self.notes[i].clone();
                event::apply_edit(&mut new, *from, *to, *len, text)?;
                self.replicas[i].edit(LEGACY_WRITER, &mut self.notes[i], &new);
            }
            Event::NotesPatch { .. } => unreachable!("handled in apply_moving"),
            // Read by replay (`renumber`); the meeting itself has nothing to change.
            Event::Agenda { .. } => {}
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
        self.queue.current_topic = None;
        self.current = next;
        // Taking up an item is the chair saying "we are back": the clocks run again.
        self.paused = false;
        if let Some(r) = next {
            self.started.get_or_insert(at);
            self.ended = None;
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

    /// Writes the state before an undoable event over `s`, reusing its allocations.
    /// It starts with no points: each is added when first changed (`point_mut`).
    fn snapshot(&self, s: &mut Undoable) {
        let Undoable {
            queue,
            attendance,
            current,
            points,
            turns,
            started,
            ended,
            paused,
            pauses,
            grown,
            event,
            at,
        } = s;
        copy_queue(queue, &self.queue);
        copy_attendance(attendance, &self.attendance);
        *current = self.current;
        points.clear();
        *turns = self.turns.len();
        *started = self.started;
        *ended = self.ended;
        *paused = self.paused;
        *pauses = self.pauses.len();
        *grown = None;
        *event = None;
        *at = None;
    }

    /// Puts back an earlier state; clocks that ran then run on from their old start,
    /// so the time between is counted as if nothing had happened, except that the
    /// pauses and resumes made since (which undo does not take back) apply to them.
    ///
    /// `s` has every point changed since it was taken: those changed while it was on
    /// top of the stack, by its event or by pauses and resumes (including those replayed
    /// by undoing a later event); and the later events' own changes, which their undo
    /// put back first. Putting these back gives the points of the snapshot, so the
    /// pauses are replayed on the clocks as they were then, not on clocks that already
    /// had them (which would count some time twice).
    fn restore(&mut self, mut s: Undoable) {
        std::mem::swap(&mut self.queue, &mut s.queue);
        std::mem::swap(&mut self.attendance, &mut s.attendance);
        self.current = s.current;
        for (i, p) in s.points.drain(..) {
            self.points[i].1 = p;
        }
        // After the points, whose indices count it; before the pauses, whose changes
        // go to the snapshot below, whose indices do not.
        if let Some(r) = s.grown.take() {
            self.points.remove(self.index(r));
            self.agenda.remove_added(r);
            if r.sub.is_none() {
                self.notes.pop();
                self.replicas.pop();
            }
        }
        self.turns.truncate(s.turns);
        self.started = s.started;
        self.ended = s.ended;
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
        self.spare = s;
    }

    /// The notes' texts brought up to every patch a replay added.
    fn settle(&mut self) {
        if std::mem::take(&mut self.unsettled) {
            for (r, text) in self.replicas.iter_mut().zip(&mut self.notes) {
                r.settle(text);
            }
        }
    }

    /// Where item `item`'s notes are (it is numbered from 1, as events name them).
    fn notes_index(&self, item: usize) -> Result<usize, String> {
        item.checked_sub(1)
            .filter(|&i| i < self.notes.len())
            .ok_or_else(|| format!("there is no item {item}"))
    }

    /// Item `i`'s notes as the report reads them (neutralised first, so that no escape
    /// sequence reaches the report through a labelled line or hides a label), with
    /// owners that name nobody on the roster or among the guests as problems.
    pub fn read_notes(&self, i: usize) -> crate::notes::Extracted {
        self.read_notes_with(i, crate::notes::extract)
    }

    /// `read_notes` without the prose, which only the report's text sets out: the
    /// entries and problems (what is noticed before the report is sent, what carries
    /// over to the next meeting).
    pub fn read_entries(&self, i: usize) -> crate::notes::Extracted {
        self.read_notes_with(i, crate::notes::extract_entries)
    }

    fn read_notes_with(
        &self,
        i: usize,
        extract: fn(&str, &crate::notes::Reading) -> crate::notes::Extracted,
    ) -> crate::notes::Extracted {
        let text = crate::report::markdown::neutralise(&self.notes[i]);
        let mut x = extract(&text, &self.agenda.reading());
        x.check_owners(|o| self.owner_problem(o));
        x
    }

    /// What is wrong with an action's owner as the notes name them: nobody on the
    /// roster or among the guests, or more than one.
    pub fn owner_problem(&self, name: &str) -> Option<String> {
        use crate::names::Unresolved;
        match self.resolve_person(name) {
            Ok(_) => None,
            Err(e @ Unresolved::Ambiguous { .. }) => {
                Some(format!("the owner {}", e.describe(name)))
            }
            Err(Unresolved::Unknown { candidates }) if !candidates.is_empty() => Some(format!(
                "the owner \"{name}\" is not on the roster (did you mean {}?)",
                candidates.join(" or ")
            )),
            Err(_) => Some(format!("the owner \"{name}\" is not on the roster")),
        }
    }

    /// What the status line says of a name that is nobody on the roster or among the
    /// guests: the nearest names, and how to add them as a guest ("Amirta is nobody on
    /// the roster (did you mean Amrita Choudhury?); guest+ Amirta adds a guest").
    pub fn nobody(&self, name: &str) -> Option<String> {
        use crate::names::Unresolved;
        let guess = match self.resolve_person(name) {
            Err(Unresolved::Unknown { candidates }) if !candidates.is_empty() => {
                format!(" (did you mean {}?)", crate::names::or_list(&candidates))
            }
            Err(Unresolved::Unknown { .. }) => String::new(),
            // A short roster with nobody near: all of it.
            Err(Unresolved::NotListed { everyone }) if !everyone.is_empty() => {
                format!(" (it lists {})", crate::said::and_list(&everyone))
            }
            Err(Unresolved::NotListed { .. }) => String::new(),
            _ => return None,
        };
        Some(format!(
            "{name} is nobody on the roster{guess}; guest+ {name} adds a guest"
        ))
    }

    /// `owner_problem` as the status line says it: an unknown owner with the nearest
    /// names and the guest alternative (the report's notices keep the short wording).
    pub fn owner_advice(&self, name: &str) -> Option<String> {
        self.nobody(name)
            .map(|n| format!("the owner {n}"))
            .or_else(|| self.owner_problem(name))
    }

    /// This meeting's writer turned item `i`'s notes (from 0) into `text`: they are, and
    /// this is the event to journal (`None`: nothing changed).
    pub fn edit_notes(&mut self, i: usize, text: &str) -> Option<Event> {
        let (replica, notes) = (self.replicas.get_mut(i)?, self.notes.get_mut(i)?);
        let patch = replica.edit(&self.writer, notes, text)?;
        Some(Event::NotesPatch {
            item: i + 1,
            patch: replica::encode(&patch),
            file: None,
        })
    }

    /// How many operations item `i`'s shared notes hold: it grows with every change
    /// learnt, whoever made it.
    pub fn operations(&self, i: usize) -> usize {
        self.replicas.get(i).map_or(0, Replica::len)
    }

    /// Item `i`'s notes (from 0) as they are now, to hand to `$EDITOR`.
    pub fn notes_copy(&self, i: usize) -> NotesCopy {
        NotesCopy {
            item: i,
            version: self
                .replicas
                .get(i)
                .map_or_else(Vec::new, |r| r.version().to_vec()),
            text: self.notes.get(i).cloned().unwrap_or_default(),
        }
    }

    /// `$EDITOR` left `saved` in the file made from `copy`: this meeting's writer edited
    /// the notes as they were then, and the edit is merged with what others wrote
    /// meanwhile (`cursors` move with it). What the editor left is cleaned as pasted
    /// text is, and the last line break the file had is the file's, not the notes'.
    /// The event to journal (`None`: nothing changed).
    pub fn edit_from_copy(
        &mut self,
        copy: &NotesCopy,
        saved: &str,
        cursors: &mut [usize],
    ) -> Option<Event> {
        let i = copy.item;
        let text = crate::notes::files::from_file(
            &crate::report::markdown::neutralise_typed(saved),
            &copy.text,
        );
        let (replica, notes) = (self.replicas.get_mut(i)?, self.notes.get_mut(i)?);
        let (patch, _) = replica.edit_at(
            &self.writer,
            notes,
            &copy.version,
            &copy.text,
            &text,
            cursors,
        )?;
        Some(Event::NotesPatch {
            item: i + 1,
            patch: replica::encode(&patch),
            file: None,
        })
    }

    /// Item `i`'s notes file (from 0) was found holding `file`: when that is not a text
    /// the notes had, it was edited elsewhere, from the version it differs from least;
    /// the edit is made there and merged, so nothing written since is lost. The notes
    /// change (`cursors` with them), and this is the event to journal.
    pub fn take_in_file(&mut self, i: usize, file: &str, cursors: &mut [usize]) -> Option<Event> {
        let (replica, notes) = (self.replicas.get_mut(i)?, self.notes.get_mut(i)?);
        let (base, base_text) = replica.base_for(notes, file)?;
        let new = crate::notes::files::from_file(file, &base_text);
        let (patch, _) = replica.edit_at(&self.writer, notes, &base, &base_text, &new, cursors)?;
        Some(Event::NotesPatch {
            item: i + 1,
            patch: replica::encode(&patch),
            file: Some(crate::folder::digest(file.as_bytes())),
        })
    }

    pub fn point(&self, r: ItemRef) -> &Point {
        &self.points[self.index(r)].1
    }

    /// Every change to a point goes through here, so that the snapshot on top of the
    /// undo stack gets the point as it was before.
    fn point_mut(&mut self, r: ItemRef) -> &mut Point {
        let i = self.index(r);
        self.keep_point(i, self.points[i].1.clone());
        &mut self.points[i].1
    }

    /// Gives the snapshot on top of the stack point `i` as `old`, unless it has it
    /// already: then it has an older state, the one to put back.
    fn keep_point(&mut self, i: usize, old: Point) {
        if let Some(top) = self.undo.back_mut()
            && !top.points.iter().any(|&(j, _)| j == i)
        {
            top.points.push((i, old));
        }
    }

    /// Where `r` is in `points`. Agenda order (an item, its sub-items, the next item)
    /// is `ItemRef`'s order, so a search by halves finds it.
    fn index(&self, r: ItemRef) -> usize {
        self.points
            .binary_search_by(|(p, _)| p.cmp(&r))
            .expect("every agenda point has a state")
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
        if self.current_here(r) {
            State::Current
        } else if self.taken_up(r) {
            State::Done
        } else {
            State::Pending
        }
    }

    /// How many points are `State::Done`, in one pass over them: the agenda pane
    /// says it every second.
    pub fn done_count(&self) -> usize {
        self.points
            .chunk_by(|(a, _), (b, _)| a.item == b.item)
            .map(|item| {
                let any = item.iter().any(|(_, s)| s.taken_up);
                item.iter()
                    .filter(|(r, s)| {
                        (if r.sub.is_none() { any } else { s.taken_up }) && !self.current_here(*r)
                    })
                    .count()
            })
            .sum()
    }

    /// Whether the point is being discussed: it, or (for an item) one of its sub-items.
    fn current_here(&self, r: ItemRef) -> bool {
        self.current
            .is_some_and(|c| c == r || (r.sub.is_none() && c.item == r.item))
    }

    /// Whether a point was discussed: taken up, or (for an item) any of its sub-items.
    pub fn taken_up(&self, r: ItemRef) -> bool {
        self.points_of(r).iter().any(|(_, s)| s.taken_up)
    }

    /// Time spent on a point; an item's time includes its sub-items'.
    pub fn spent(&self, r: ItemRef, now: DateTime<Utc>) -> TimeDelta {
        self.points_of(r)
            .iter()
            .map(|(_, s)| s.clock.elapsed(now))
            .sum()
    }

    /// The point `r` and, for an item, its sub-items: side by side, `points` being in
    /// agenda order. Found by halving rather than read through: the screen asks this of
    /// every item at every redraw, and a long agenda made that most of its idle time.
    fn points_of(&self, r: ItemRef) -> &[(ItemRef, Point)] {
        let start = self.points.partition_point(|(p, _)| *p < r);
        let len = self.points[start..]
            .iter()
            .take_while(|(p, _)| *p == r || (r.sub.is_none() && p.item == r.item))
            .count();
        &self.points[start..start + len]
    }

    /// The timebox in force: set in the meeting, else the agenda's, else the default.
    pub fn timebox(&self, r: ItemRef) -> Option<TimeDelta> {
        self.point(r).timebox.or_else(|| self.agenda.timebox_of(r))
    }

    /// Time since the first item was taken up (wall clock: pauses do not stop it), up
    /// to the end of the agenda when it is done.
    pub fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        let until = self.ended.map_or(now, |e| e.min(now));
        self.started
            .map_or(TimeDelta::zero(), |s| (until - s).max(TimeDelta::zero()))
    }

    /// Whether the agenda is done: the meeting started, no item is being discussed and
    /// none comes after the last one discussed.
    pub fn agenda_done(&self) -> bool {
        self.started.is_some() && self.current.is_none() && self.next_point().is_none()
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

    /// Who has spoken on the current item (its turns and the speaker now, points of
    /// order not counted), when the queue puts first-time speakers first; else nobody,
    /// as the queue then needs no one's.
    fn spoken_here(&self) -> Vec<String> {
        if self.agenda.settings.queue_order != crate::agenda::QueueOrder::FirstTimeFirst {
            return Vec::new();
        }
        self.speakers_on_item()
    }

    /// Who has spoken on the current item: its turns and the speaker now, points of
    /// order not counted. Nobody when no item is being discussed.
    pub fn speakers_on_item(&self) -> Vec<String> {
        let Some(item) = self.current.map(|c| c.item) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        let turns = self
            .turns
            .iter()
            .filter(|t| t.item == Some(item) && t.kind != QueueKind::Order)
            .map(|t| &t.who);
        let now = self
            .queue
            .speaker
            .iter()
            .filter(|s| s.kind != QueueKind::Order)
            .map(|s| &s.who);
        for who in turns.chain(now) {
            if !out.contains(who) {
                out.push(who.clone());
            }
        }
        out
    }

    /// Each speaker's turns and time (the turn going on included, to `now`) on the
    /// current item and in the whole meeting, most time first; points of order do not
    /// count. (name, turns on the item, time on the item, turns, time)
    pub fn speaking_table(&self, now: DateTime<Utc>) -> Vec<SpeakingTime> {
        let item = self.current.map(|c| c.item);
        let mut out: Vec<SpeakingTime> = Vec::new();
        let going = self.queue.speaker.as_ref().map(|s| Turn {
            who: s.who.clone(),
            kind: s.kind,
            item,
            spent: s.turn.elapsed(now),
        });
        for t in self
            .turns
            .iter()
            .chain(going.as_ref())
            .filter(|t| t.kind != QueueKind::Order)
        {
            let at = match out.iter().position(|s| s.who == t.who) {
                Some(i) => i,
                None => {
                    out.push(SpeakingTime {
                        who: t.who.clone(),
                        ..SpeakingTime::default()
                    });
                    out.len() - 1
                }
            };
            let e = &mut out[at];
            e.turns += 1;
            e.time += t.spent;
            if item.is_some() && t.item == item {
                e.item_turns += 1;
                e.item_time += t.spent;
            }
        }
        // Most time on the item first, then in the meeting; first to speak first.
        out.sort_by(|a, b| b.item_time.cmp(&a.item_time).then(b.time.cmp(&a.time)));
        out
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

/// `to.clone_from(from)` keeping `to`'s strings and vectors, which the derived
/// `clone_from` does not. The patterns name every field, so none added later is missed.
fn copy_queue(to: &mut Queue, from: &Queue) {
    let Queue {
        waiting,
        closed,
        speaker,
        current_topic,
    } = from;
    to.current_topic.clone_from(current_topic);
    to.waiting.truncate(waiting.len());
    for (t, f) in to.waiting.iter_mut().zip(waiting) {
        let Request {
            who,
            kind,
            topic,
            joined,
        } = f;
        t.who.clone_from(who);
        t.kind = *kind;
        t.topic.clone_from(topic);
        t.joined = *joined;
    }
    let kept = to.waiting.len();
    to.waiting.extend_from_slice(&waiting[kept..]);
    to.closed = *closed;
    match (&mut to.speaker, speaker) {
        (
            Some(t),
            Some(Speaker {
                who,
                kind,
                topic,
                turn,
                started,
            }),
        ) => {
            t.who.clone_from(who);
            t.kind = *kind;
            t.topic.clone_from(topic);
            t.turn = *turn;
            t.started = *started;
        }
        (t, f) => t.clone_from(f),
    }
}

/// Like `copy_queue`.
fn copy_attendance(to: &mut Attendance, from: &Attendance) {
    let Attendance {
        roster,
        guests,
        taken,
    } = from;
    to.roster.clone_from(roster);
    to.guests.clone_from(guests);
    to.taken = *taken;
}
