//! The meeting folder on the shared drive, written from a thread of its own: a drive
//! that is slow, full, read-only or gone never holds up the screen. What cannot be
//! written waits here (the latest text of each notes file, the journal from where the
//! folder's copy stopped, the report) and is tried again every few seconds.
//!
//! The same thread watches the notes files for changes made by anyone else (file
//! system notifications where they work, a look every second for network drives where
//! they do not) and never writes over such a change before the screen has merged it.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use super::lock::{self, Holder, Lock};
use super::watched::{self, Change, Follow, SETTLE, Watched, Wrote};
use crate::folder::{self, Written};
use crate::journal;
use crate::report::Publishing;

/// How long to wait between tries while the drive fails.
pub const RETRY: Duration = Duration::from_secs(5);

/// How often the notes files are looked at, for drives without notifications: a
/// change shows on the screen within two seconds.
pub const LOOK_EVERY: Duration = Duration::from_secs(1);

/// How often they are looked at all the same where the file system tells of every
/// change: should a notification ever be lost, and for notetakers' presence files
/// that grow old without changing.
pub const LOOK_WHEN_TOLD: Duration = Duration::from_secs(10);

/// Work for the folder.
#[derive(Debug)]
pub enum Job {
    /// Journal lines appended to the local journal, which is now `end` bytes long.
    Journal {
        text: String,
        end: u64,
    },
    /// An item's notes file (its path in the folder) and the text it should hold,
    /// made after taking in `taken` changes found in the file.
    Notes {
        item: usize,
        path: PathBuf,
        text: String,
        taken: u64,
    },
    Agenda(Vec<u8>),
    /// The report's markdown, and the forms it is published in.
    Report(String, Publishing),
    /// A notetaker's presence file: its text, or `None` to remove it.
    Presence(PathBuf, Option<String>),
    /// Something changed in a watched folder: look now.
    Look,
    /// The meeting's start is journalled (`Store::settle`): the notes files may be
    /// looked at (`Places::look_once_started`).
    Started,
    /// These entries of watched folders changed: look at what they concern now.
    Changed(Vec<PathBuf>),
    /// The screen is closing: write what waits, then stop.
    Finish,
}

/// What the thread reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The folder could not be written: the error, and how much waits.
    Failing {
        error: String,
        waiting: usize,
    },
    /// Everything is written again (after a failure).
    CaughtUp,
    Report(Result<Written, String>),
    /// The folder's lock is held by another moderator.
    Held(lock::Held),
    /// The meeting folder was gone and is made again: every notes file and the agenda
    /// must be sent again.
    Remade,
    /// Notes patches the other writers' logs gained.
    Patches(Vec<crate::meeting::Record>),
    /// Someone else changed a notes file.
    Edited(Change),
    /// An entry of the meeting folder that is not agendum's to write (a directory where
    /// a notes file goes) was left alone: what it is, once.
    Skipped(String),
    /// The notetakers present changed: (item from 0, who).
    Notetakers(Vec<(usize, String)>),
    /// The journal followed grew by these lines (`again`: it was replaced, and this is
    /// all of it).
    Followed {
        text: String,
        again: bool,
    },
}

/// Wakes the screen when something is reported.
#[derive(Clone)]
pub struct Wake(pub Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for Wake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Wake")
    }
}

/// What the thread needs to know of the meeting's two places.
#[derive(Debug, Clone)]
pub struct Places {
    pub folder: PathBuf,
    pub local_journal: PathBuf,
    /// Where copies of what was last written to each notes file are kept: the version
    /// both sides saw, for telling an outside edit from a stale file.
    pub filed: PathBuf,
    /// How many bytes of the local journal the folder's copy already holds; `None`
    /// when it must be copied whole.
    pub mirrored: Option<u64>,
    pub me: Holder,
    pub take_over: bool,
    /// The folder's lock, when it was taken at the start.
    pub lock: Option<Lock>,
    pub retry: Duration,
    /// The moderator's writer makes the folder and holds its lock; a notetaker's only
    /// writes notes files into a folder that is there.
    pub moderator: bool,
    /// The notes files, and what each held when the meeting was read (`None`: not
    /// known).
    pub notes: Vec<(usize, PathBuf, Option<String>)>,
    /// How often the notes files are looked at; `None`: they are not watched.
    pub look_every: Option<Duration>,
    /// Whether notifications are asked for (and, where they cover every writer, the
    /// looks slowed down): `false` looks every `look_every` whatever the file system.
    pub notifications: bool,
    /// Where the local journal is copied in the folder: the moderator's journal, or a
    /// notetaker's own log in `changes/`.
    pub copy: PathBuf,
    /// The other writers' logs to read (`None`: not read).
    pub logs: Option<super::logs::Logs>,
    /// A journal to follow (a notetaker follows the moderator's).
    pub follow: Option<PathBuf>,
    pub wake: Option<Wake>,
    /// The notes files are looked at only once `Job::Started` comes: the moderator's
    /// start takes in what it found in them before the journal holds it, and a change
    /// found meanwhile would have its base kept ahead of the journal (the next start
    /// would take the file for agendum's own and write the journal's notes over it).
    pub look_once_started: bool,
}

/// The handle kept by the screen.
pub struct Mirror {
    jobs: Option<Sender<Job>>,
    outcomes: Receiver<Outcome>,
    done: Receiver<Pending>,
}

impl Mirror {
    pub fn start(places: Places) -> Mirror {
        let (jobs, job_rx) = mpsc::channel();
        let (out_tx, outcomes) = mpsc::channel();
        let (done_tx, done) = mpsc::channel();
        let looks = jobs.clone();
        thread::Builder::new()
            .name("shared drive".into())
            .spawn(move || {
                let mut w = Writer::new(places, out_tx);
                w.run(&job_rx, looks);
                w.release();
                let _ = done_tx.send(w.pending);
            })
            .expect("a thread can be started");
        Mirror {
            jobs: Some(jobs),
            outcomes,
            done,
        }
    }

    pub fn send(&self, job: Job) {
        if let Some(j) = &self.jobs {
            let _ = j.send(job);
        }
    }

    /// What happened since the last look.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.try_iter().collect()
    }

    /// Lets the thread write what waits, for at most `patience`; what is still
    /// waiting then (the drive is gone) is described.
    pub fn finish(mut self, patience: Duration) -> Vec<String> {
        self.send(Job::Finish);
        self.jobs = None;
        match self.done.recv_timeout(patience) {
            Ok(p) => p.describe(),
            Err(_) => vec!["the shared drive did not answer".into()],
        }
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        // The thread also holds a sender (for file-system notifications): it is told.
        self.send(Job::Finish);
    }
}

/// What waits to be written.
#[derive(Debug, Default)]
struct Pending {
    /// Journal lines for the folder's copy, with the local length each ends at.
    journal: Vec<(String, u64)>,
    /// The copy must be made again from the local journal, up to this length.
    recopy: Option<u64>,
    notes: BTreeMap<usize, (PathBuf, String, u64)>,
    agenda: Option<Vec<u8>>,
    report: Option<(String, Publishing)>,
    lock: bool,
    /// Items whose last text met a change made elsewhere as the screen closed: it is
    /// in the journal (or the notetaker's drafts) and merged on the next start.
    unmerged: Vec<usize>,
    presence: Option<(PathBuf, Option<String>)>,
}

impl Pending {
    fn count(&self) -> usize {
        usize::from(!self.journal.is_empty() || self.recopy.is_some())
            + self.notes.len()
            + usize::from(self.presence.is_some())
            + usize::from(self.agenda.is_some())
            + usize::from(self.report.is_some())
    }

    fn is_empty(&self) -> bool {
        self.count() == 0 && !self.lock
    }

    fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.journal.is_empty() || self.recopy.is_some() {
            out.push("the journal's copy".into());
        }
        if !self.notes.is_empty() {
            out.push(format!("{} notes file(s)", self.notes.len()));
        }
        if self.agenda.is_some() {
            out.push("the agenda's copy".into());
        }
        if self.report.is_some() {
            out.push("the report".into());
        }
        if !self.unmerged.is_empty() {
            let items: Vec<String> = self.unmerged.iter().map(|i| (i + 1).to_string()).collect();
            out.push(format!(
                "the last edits of item(s) {}, which met a change made elsewhere as this \
                 closed (they are kept here and merged on the next start)",
                items.join(", ")
            ));
        }
        out
    }
}

struct Writer {
    places: Places,
    pending: Pending,
    out: Sender<Outcome>,
    /// The folder's journal, open for appending while the copy is whole.
    copy: Option<journal::Journal>,
    failing: bool,
    /// Where the folder's copy of the journal has reached in the local journal.
    mirrored: Option<u64>,
    watched: Watched,
    follow: Option<Follow>,
    /// Set once the screen is closing: nobody is left to merge a change found.
    closing: bool,
    /// Set once, closing, the files being written were given the time to settle: they
    /// are not waited on again.
    settled: bool,
    /// Notes files not written because someone may be writing them still: tried again
    /// once the file had the time to settle, unless newer text comes first.
    busy: BTreeMap<usize, (PathBuf, String, u64)>,
    /// The notetakers present, as last told.
    notetakers: Vec<(usize, String)>,
    /// Items whose file could not be written for what stands in its place, said once.
    skipped: std::collections::BTreeSet<usize>,
    /// The presence directory's time and identity when last read, and when.
    presence_read: Option<(DirStamp, Instant)>,
}

/// A directory's change time and identity (`None`: not there).
type DirStamp = Option<(Option<std::time::SystemTime>, u64)>;

/// How long the presence files are not read again while their directory stays the same:
/// a view renews its file this often, and one gone shows after this much more.
const PRESENCE_AGAIN: Duration = Duration::from_secs(10);

impl Writer {
    fn new(places: Places, out: Sender<Outcome>) -> Writer {
        let pending = Pending {
            lock: places.moderator && places.lock.is_none(),
            ..Pending::default()
        };
        let mut places = places;
        let mut watched = Watched::default();
        // Watched keeps what each file held; the texts are not kept twice.
        for (item, path, text) in std::mem::take(&mut places.notes) {
            watched.know(item, path, text.as_deref());
        }
        Writer {
            mirrored: places.mirrored,
            follow: places.follow.clone().map(Follow::new),
            places,
            pending,
            out,
            copy: None,
            failing: false,
            watched,
            closing: false,
            settled: false,
            busy: BTreeMap::new(),
            notetakers: Vec::new(),
            skipped: std::collections::BTreeSet::new(),
            presence_read: None,
        }
    }

    fn report(&self, outcome: Outcome) {
        let _ = self.out.send(outcome);
        if let Some(wake) = &self.places.wake {
            (wake.0)();
        }
    }

    fn run(&mut self, jobs: &Receiver<Job>, looks: Sender<Job>) {
        let mut next_try = Instant::now();
        let mut notifier = None;
        let mut next_look = Instant::now();
        let mut started = !self.places.look_once_started;
        // When the first notification not yet looked into came, and what it and those
        // after it said changed (`None`: anything may have).
        let mut told: Option<Instant> = None;
        let mut changed: Option<Vec<PathBuf>> = Some(Vec::new());
        loop {
            let now = Instant::now();
            let mut wait = if self.pending.is_empty() {
                Duration::from_secs(3600)
            } else {
                next_try.saturating_duration_since(now)
            };
            if started && self.places.look_every.is_some() {
                wait = wait.min(next_look.saturating_duration_since(now));
            }
            if let Some(t) = told {
                wait = wait.min((t + SETTLE).saturating_duration_since(now));
            }
            let torn = self.watched.torn_due();
            if let Some(t) = torn {
                wait = wait.min(t.saturating_duration_since(now));
            }
            let mut finish = false;
            let first = match jobs.recv_timeout(wait) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Job::Finish),
            };
            // Jobs that came meanwhile are merged first: a notes file is written once
            // with its latest text.
            for job in first.into_iter().chain(jobs.try_iter()) {
                match job {
                    Job::Look => {
                        told.get_or_insert_with(Instant::now);
                        changed = None;
                    }
                    Job::Changed(paths) => {
                        told.get_or_insert_with(Instant::now);
                        if let Some(c) = &mut changed {
                            c.extend(paths);
                        }
                    }
                    Job::Started => started = true,
                    Job::Finish => finish = true,
                    job => self.take(job),
                }
            }
            if finish {
                self.closing = true;
                self.write_again();
                self.write_all();
                // A notes file someone is writing as the screen closes is given the time
                // to settle once; then it is taken in as it is, and merged on the next
                // start.
                if !self.busy.is_empty() {
                    if let Some(t) = self.watched.torn_settled() {
                        thread::sleep(t.saturating_duration_since(Instant::now()));
                    }
                    self.settled = true;
                    self.write_again();
                    self.write_all();
                }
                return;
            }
            // A change is looked at once it has settled: a line appended in two writes
            // (its text, then its end) read between them would be taken in unended.
            // A file found ending inside a line is looked at again once it had the
            // time to settle (it may have been read between two such writes).
            let torn = torn.is_some_and(|t| Instant::now() >= t);
            if torn && let Some(c) = &mut changed {
                c.extend(self.watched.folders());
            }
            let look = torn || told.is_some_and(|t| t.elapsed() >= SETTLE);
            if started
                && let Some(every) = self.places.look_every
                && (look || Instant::now() >= next_look)
            {
                match &mut notifier {
                    None => notifier = self.notify(&looks),
                    Some(n) => n.refresh(),
                }
                // Told what changed, only that is looked at (a notetaker renewing its
                // presence file does not call for every notes file's stamp); the looks
                // at everything keep their pace.
                let full = changed.is_none() || Instant::now() >= next_look;
                self.look(if full { None } else { changed.as_deref() });
                self.write_again();
                told = None;
                changed = Some(Vec::new());
                if full {
                    // Told of every change, the writer need not look each second.
                    let trusted = notifier.as_ref().is_some_and(|n| n.trusted);
                    let pace = if trusted {
                        every.max(LOOK_WHEN_TOLD)
                    } else {
                        every
                    };
                    next_look = Instant::now() + pace;
                }
            }
            if torn {
                self.write_again();
            }
            if self.failing && Instant::now() < next_try {
                continue;
            }
            if !self.write_all() {
                next_try = Instant::now() + self.places.retry;
            }
        }
    }

    /// Notes files left for someone writing them are to be tried again (unless newer
    /// text for them came meanwhile).
    fn write_again(&mut self) {
        for (item, job) in std::mem::take(&mut self.busy) {
            self.pending.notes.entry(item).or_insert(job);
        }
    }

    /// File-system notifications for the watched folders, where the system has them;
    /// the looks every second find the rest (a network drive changed from elsewhere).
    fn notify(&self, looks: &Sender<Job>) -> Option<super::told::Watches> {
        if !self.places.notifications {
            return None;
        }
        let mut dirs = self.watched.folders();
        dirs.extend(self.follow.as_ref().and_then(Follow::folder));
        dirs.extend(self.places.logs.as_ref().map(|l| l.dir().to_path_buf()));
        if self.places.moderator {
            dirs.push(self.places.folder.join(super::presence::DIR));
        }
        // The folder itself: one of those made later (the notes folder at the first
        // write, `changes/` at a notetaker's first patch) is watched once made.
        dirs.push(self.places.folder.clone());
        dirs.sort();
        dirs.dedup();
        super::told::Watches::start(&self.places.folder, dirs, looks.clone())
    }

    /// Finds what others changed: notes files, and the journal followed; `only`: just
    /// what concerns these changed entries.
    fn look(&mut self, only: Option<&[PathBuf]>) {
        let concerns = |dir: Option<&Path>| {
            only.is_none_or(|paths| {
                paths
                    .iter()
                    .any(|p| p.parent() == dir || Some(p.as_path()) == dir)
            })
        };
        if self.watched.folders().iter().any(|d| concerns(Some(d))) {
            // A change found has no base kept: its base is the meeting's text written
            // back once the screen has journalled the change (`write_notes`). Kept now,
            // a screen that ends (or a computer that goes down) before taking it in
            // would leave it looking like agendum's own, written over at the next start.
            for change in self.watched.look(watched::write_file) {
                self.report(Outcome::Edited(change));
            }
        }
        if let Some(f) = &mut self.follow
            && let Some((text, again)) = f.read()
        {
            self.report(Outcome::Followed { text, again });
        }
        if let Some(logs) = &mut self.places.logs
            && concerns(Some(logs.dir()))
        {
            let found = logs.look();
            for what in found.skipped {
                self.report(Outcome::Skipped(what));
            }
            if !found.records.is_empty() {
                self.report(Outcome::Patches(found.records));
            }
        }
        if self.places.moderator && self.presence_due() {
            let now = super::presence::read(&self.places.folder, chrono::Utc::now());
            if now != self.notetakers {
                self.notetakers.clone_from(&now);
                self.report(Outcome::Notetakers(now));
            }
        }
    }

    /// Whether the notetakers' presence files are to be read again: their directory
    /// changed (a view came, renewed its file or left), or they were last read long
    /// enough ago for one of them to have grown old.
    fn presence_due(&mut self) -> bool {
        let dir = self.places.folder.join(super::presence::DIR);
        let stamp = fs::symlink_metadata(&dir).ok().map(|m| {
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&m);
            #[cfg(not(unix))]
            let ino = 0;
            (m.modified().ok(), ino)
        });
        let due = self
            .presence_read
            .is_none_or(|(s, at)| s != stamp || at.elapsed() >= PRESENCE_AGAIN);
        if due {
            self.presence_read = Some((stamp, Instant::now()));
        }
        due
    }

    fn keep_base(&self, item: usize, text: &str) {
        if let Some(path) = self.watched.path(item)
            && let Some(name) = path.file_name()
        {
            super::keep_base(&self.places.filed.join(name), text);
        }
    }

    fn take(&mut self, job: Job) {
        let p = &mut self.pending;
        match job {
            Job::Journal { text, end } => {
                if p.recopy.is_some() {
                    p.recopy = Some(end);
                } else {
                    p.journal.push((text, end));
                }
            }
            Job::Notes {
                item,
                path,
                text,
                taken,
            } => {
                self.busy.remove(&item);
                p.notes.insert(item, (path, text, taken));
            }
            Job::Agenda(a) => p.agenda = Some(a),
            Job::Report(r, how) => p.report = Some((r, how)),
            Job::Presence(path, text) => p.presence = Some((path, text)),
            Job::Look | Job::Changed(_) | Job::Started | Job::Finish => {}
        }
    }

    /// Writes everything that waits; whether it all went.
    fn write_all(&mut self) -> bool {
        if self.pending.is_empty() {
            return true;
        }
        match self.try_write() {
            Ok(()) => {
                if self.failing {
                    self.failing = false;
                    self.report(Outcome::CaughtUp);
                }
                true
            }
            Err(e) => {
                self.copy = None;
                self.failing = true;
                self.report(Outcome::Failing {
                    error: e.to_string(),
                    waiting: self.pending.count(),
                });
                false
            }
        }
    }

    fn try_write(&mut self) -> io::Result<()> {
        let folder = self.places.folder.clone();
        self.make_folder(&folder)?;
        if self.pending.lock {
            let path = folder.join(lock::FILE_NAME);
            match lock::acquire(&path, &self.places.me, self.places.take_over) {
                Ok((l, _)) => self.places.lock = Some(l),
                Err(lock::Refused::Held(h)) => {
                    self.report(Outcome::Held(h));
                }
                Err(lock::Refused::Io(e)) => return Err(at(e, &path)),
            }
            self.pending.lock = false;
        }
        if let Some(a) = &self.pending.agenda {
            folder::copy_agenda(&folder, a)?;
            self.pending.agenda = None;
        }
        self.write_journal()?;
        if let Some((path, text)) = self.pending.presence.take() {
            let result = match &text {
                Some(t) => path
                    .parent()
                    .map_or(Ok(()), |d| shared_dir(d, &self.places.folder))
                    .and_then(|()| folder::write_shared(&path, t.as_bytes())),
                None => fs::remove_file(&path).or_else(|e| {
                    if e.kind() == io::ErrorKind::NotFound {
                        Ok(())
                    } else {
                        Err(e)
                    }
                }),
            };
            if let Err(e) = result {
                self.pending.presence = Some((path.clone(), text));
                return Err(at(e, &path));
            }
        }
        while let Some((item, (path, text, taken))) = self.pending.notes.pop_first() {
            match self.write_notes(item, &path, &text, taken) {
                Ok(true) => {}
                Ok(false) => {
                    self.busy.insert(item, (path, text, taken));
                }
                // Something in its place that is not ours to replace (a directory): that
                // one file waits (its notes are in the journal); every other file is
                // still written, and the drive is not said to be unreachable.
                Err(e) if super::untrusted::is_unsafe(&e) => {
                    if self.skipped.insert(item) {
                        let said = e.to_string();
                        let said = crate::report::markdown::neutralise_typed(&said).into_owned();
                        self.report(Outcome::Skipped(said));
                    }
                }
                Err(e) => {
                    self.pending.notes.insert(item, (path, text, taken));
                    return Err(e);
                }
            }
        }
        if let Some((text, how)) = self.pending.report.take() {
            match folder::write_published(&folder, &text, &how) {
                Ok(w) => {
                    self.report(Outcome::Report(Ok(w)));
                }
                Err(e) => {
                    self.pending.report = Some((text, how));
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Writes a notes file, unless someone else changed it since it was last known
    /// here: then the change goes to the screen to be merged, and the merge is written.
    /// Whether it is done with; not when someone may be writing the file still (the
    /// text is written once that change is found and merged, or tried again).
    fn write_notes(
        &mut self,
        item: usize,
        path: &Path,
        text: &str,
        taken: u64,
    ) -> io::Result<bool> {
        match self
            .watched
            .write(item, path, text, taken, watched::write_file)?
        {
            Wrote::Written => self.keep_base(item, text),
            Wrote::Outdated => {}
            Wrote::Busy if self.settled => self.pending.unmerged.push(item),
            Wrote::Busy => return Ok(false),
            Wrote::Changed(change) => {
                if self.closing {
                    self.pending.unmerged.push(item);
                }
                self.report(Outcome::Edited(change));
            }
        }
        Ok(true)
    }

    /// Makes sure the meeting folder is there. A folder found gone is made again, but
    /// never its parents: a drive that is not mounted must not be stood in for by a
    /// folder of the same name on this computer's disk. A folder made again gets
    /// everything again.
    fn make_folder(&mut self, folder: &Path) -> io::Result<()> {
        let notes_dir = folder.join(folder::NOTES_DIR);
        if !self.places.moderator {
            // A notetaker writes into the moderator's folder, never one of its own: only
            // its log, in `changes/`, made when missing.
            if notes_dir.is_dir()
                && let Some(changes) = self.places.copy.parent()
            {
                shared_dir(changes, folder).map_err(|e| at(e, changes))?;
            }
            return if notes_dir.is_dir() {
                Ok(())
            } else {
                Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "{} is missing (is the drive connected?)",
                        notes_dir.display()
                    ),
                ))
            };
        }
        if notes_dir.is_dir() {
            if self.mirrored.is_some_and(|m| m > 0) && !self.places.copy.exists() {
                self.mirrored = None;
            }
            return Ok(());
        }
        let parent = folder.parent().unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is missing (is the drive connected?)", parent.display()),
            ));
        }
        let made = !folder.is_dir();
        if made {
            fs::create_dir(folder).map_err(|e| at(e, folder))?;
        }
        shared_dir(&notes_dir, folder).map_err(|e| at(e, &notes_dir))?;
        if made || self.mirrored.is_some_and(|m| m > 0) {
            self.mirrored = None;
            self.copy = None;
            // Its lock went with it: other computers must see the meeting is open.
            self.pending.lock = true;
            self.report(Outcome::Remade);
        }
        Ok(())
    }

    /// Brings the folder's copy of the journal up to the local one: appending while it
    /// is whole, copying it whole (atomically) once an append has failed.
    fn write_journal(&mut self) -> io::Result<()> {
        let path = self.places.copy.clone();
        let Some(mirrored) = self.mirrored else {
            let end = self
                .pending
                .journal
                .last()
                .map(|(_, e)| *e)
                .or(self.pending.recopy)
                .unwrap_or(u64::MAX);
            return self.recopy(&path, end);
        };
        if let Some(end) = self.pending.recopy {
            return self.recopy(&path, end.max(mirrored));
        }
        if self.pending.journal.is_empty() {
            return Ok(());
        }
        if self.copy.is_none() {
            match journal::Journal::open_in_folder(&path) {
                Ok(j) => self.copy = Some(j),
                // Something planted in its place (a link, a FIFO): the copy is made again
                // whole, as a file of its own, and the planted entry is gone.
                Err(e) if super::untrusted::is_unsafe(&e) => {
                    let end = self.pending.journal.last().map_or(mirrored, |(_, e)| *e);
                    self.pending.journal.clear();
                    return self.recopy(&path, end);
                }
                Err(e) => return Err(at(e, &path)),
            }
        }
        let copy = self.copy.as_mut().expect("opened above");
        let mut reached = mirrored;
        let mut sent = 0;
        let mut result = Ok(());
        for (text, end) in &self.pending.journal {
            if *end <= reached {
                sent += 1;
                continue;
            }
            if *end - text.len() as u64 != reached {
                // Lines missing in between: only a whole copy can mend that.
                result = Err(io::Error::other("the journal's copy has a gap"));
                break;
            }
            if let Err(e) = copy.append_text(text) {
                result = Err(at(e, &path));
                break;
            }
            reached = *end;
            sent += 1;
        }
        self.pending.journal.drain(..sent);
        self.mirrored = Some(reached);
        if result.is_err() {
            // Whether the failed append reached the disk in part is unknown: the copy
            // is made again whole.
            self.pending.recopy = Some(self.pending.journal.last().map_or(reached, |(_, e)| *e));
            self.pending.journal.clear();
        }
        result
    }

    fn recopy(&mut self, path: &Path, end: u64) -> io::Result<()> {
        let local = &self.places.local_journal;
        let mut bytes = fs::read(local).map_err(|e| at(e, local))?;
        // Only whole lines: the screen may be appending as this reads.
        let whole = usize::try_from(end).unwrap_or(usize::MAX).min(bytes.len());
        let cut = bytes[..whole]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        bytes.truncate(cut);
        folder::write_shared(path, &bytes).map_err(|e| at(e, path))?;
        self.copy = None;
        self.mirrored = Some(cut as u64);
        self.pending.recopy = None;
        let reached = cut as u64;
        self.pending.journal.retain(|(_, e)| *e > reached);
        Ok(())
    }

    fn release(&self) {
        if let Some(l) = &self.places.lock {
            l.release();
        }
    }
}

/// Makes a directory of the meeting folder (if missing) with the folder's own
/// permissions, so that the group the folder lets write may write in it too.
fn shared_dir(dir: &Path, folder: &Path) -> io::Result<()> {
    match fs::create_dir(dir) {
        Ok(()) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::symlink_metadata(folder)?.permissions().mode() & 0o7777;
                fs::set_permissions(dir, fs::Permissions::from_mode(mode))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn at(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
