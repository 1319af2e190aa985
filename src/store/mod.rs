//! Where a meeting is kept. The journal on this computer, in the platform's data
//! directory, is the source of the meeting: it is written first, at once, and never
//! depends on the network. The meeting folder on the shared drive gets a copy of the
//! journal, the notes files, the agenda and the report from a thread of its own
//! (`mirror`), which keeps what it cannot write and tries again.

pub mod checkpoint;
pub mod desk;
pub mod lock;
pub mod logs;
pub mod mirror;
pub mod presence;
pub mod told;
pub mod untrusted;
pub mod watched;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::folder::{self, FolderNotes};
use crate::journal::{self, Damaged, Journal};
use crate::meeting::{Event, Meeting, Record};
use lock::{Holder, Lock, Refused, Taken};

#[cfg(test)]
mod tests;
use mirror::{Job, Mirror, Places};

/// Copies of what was last written to each notes file, in the local store.
const FILED_DIR: &str = "filed";

/// agendum's own data directory: `~/.local/share/agendum` on Linux.
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "agendum")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("agendum"))
}

/// A meeting's two places: its folder on the shared drive, its store on this computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub folder: PathBuf,
    pub local: PathBuf,
}

impl Paths {
    /// The places of the meeting whose folder is `folder`, its store in agendum's data
    /// directory.
    pub fn of(folder: &Path) -> Paths {
        Paths {
            folder: folder.to_path_buf(),
            local: local_dir(folder),
        }
    }
}

/// The local store of the meeting whose folder is `folder`: named for the folder and
/// told apart from meetings of the same name elsewhere by a digest of its full path.
pub fn local_dir(folder: &Path) -> PathBuf {
    local_dir_in(&data_dir().join("meetings"), folder)
}

/// The place under `root` kept for the meeting whose folder is `folder`.
fn local_dir_in(root: &Path, folder: &Path) -> PathBuf {
    let full = absolute(folder);
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".into());
    let digest = folder::digest(full.to_string_lossy().as_bytes());
    root.join(format!("{name}-{}", &digest[..8]))
}

/// The path from the root, with `.` and `..` worked out, whether or not it exists
/// (the shared drive may be gone).
fn absolute(path: &Path) -> PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in full.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A notes file's name then and now.
pub type Rename = (String, String);

/// A meeting read from its two places.
pub struct Loaded {
    pub meeting: Meeting,
    pub damaged: Vec<Damaged>,
    /// Journal events that no longer apply (e.g. the agenda changed), with the reason.
    pub skipped: Vec<String>,
    /// What the reader had to say: encodings, journals kept aside, notes taken in.
    pub notices: Vec<String>,
    /// How the notes files compared with the journal.
    pub reconciled: Reconciled,
    /// The agenda's items to journal, when the journal does not number them yet.
    pub agenda_record: Option<Event>,
    /// Notes files (in the folder, and their bases here) to give their items' names
    /// now, the agenda having changed.
    pub renamed: (Vec<Rename>, Vec<Rename>),
    /// The folder could not be read: why.
    pub folder_error: Option<String>,
    /// The journal text the meeting was replayed from.
    journal: Vec<u8>,
    /// Where the journal came from, for the local store to follow.
    choice: Choice,
    /// How much of the journal a checkpoint spared replaying.
    covered: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// The local journal; the folder's copy holds this many bytes of it (`None`: it
    /// must be copied whole).
    Local(Option<u64>),
    /// The folder's journal, further along than the local one (the meeting went on
    /// on another computer): the local one is replaced by it.
    Folder,
}

/// Reads a meeting: the local journal or the folder's copy, whichever is further
/// along, replayed; then the notes files, each compared with what the journal holds
/// and with what agendum last wrote there, so that a file edited outside agendum is
/// taken in and a file the drive kept from being updated is not.
pub fn read(paths: &Paths, agenda: Agenda) -> io::Result<Loaded> {
    let (folder_dir, local) = (&paths.folder, &paths.local);
    let mut notices = Vec::new();
    let local_bytes = read_optional(&local.join(journal::FILE_NAME))?;
    let folder_bytes = read_folder_journal(folder_dir, &mut notices);
    let mut folder_error = folder_bytes.as_ref().err().map(ToString::to_string);
    let (bytes, choice) = choose(
        local_bytes,
        folder_bytes.unwrap_or(None),
        local,
        &mut notices,
    )?;
    let titles: Vec<String> = agenda.items.iter().map(|i| i.title.clone()).collect();
    // The notes files and their bases are read on other cores (each on its own: a
    // short journal leaves this one idle) while the journal is replayed; they are
    // matched with the items of the agenda the replay ends with. A meeting with
    // nothing journalled has nothing to replay and, at most, notes written before it
    // began: threads would cost it more than they spare.
    let folder_readable = folder_error.is_none();
    let read_files =
        || folder_readable.then(|| folder::read_notes_texts(&folder_dir.join(folder::NOTES_DIR)));
    let read_bases = || folder::read_notes_texts(&local.join(FILED_DIR));
    let replay = || checkpoint::replay(local, agenda, &bytes);
    let ((files, bases), replayed) = if bytes.is_empty() {
        ((read_files(), read_bases()), replay())
    } else {
        crate::cores::beside(|| crate::cores::beside(read_files, read_bases), replay)
    };
    let (damaged, covered) = (replayed.damaged, replayed.covered);
    let numbered = replayed.numbered.as_ref();
    let agenda_record = (numbered != Some(&titles)).then(|| Event::Agenda {
        items: titles.clone(),
    });
    if let Some(earlier) = numbered
        && let Some(map) = crate::notes::files::renumbering(
            &earlier.iter().map(String::as_str).collect::<Vec<_>>(),
            &titles.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    {
        let removed = map.iter().filter(|n| n.is_none()).count();
        let mut said = String::from(
            "the agenda's items changed since the meeting was last open: notes and timings \
             follow their items",
        );
        if removed > 0 {
            said.push_str(&format!(
                "; the notes of {removed} item(s) no longer on it are kept and shown"
            ));
        }
        notices.push(said);
    }
    let (mut meeting, skipped) = (replayed.meeting, replayed.skipped);
    let files = match files {
        Some(Ok(f)) => Some(f.placed(&meeting.agenda)),
        Some(Err(e)) => {
            folder_error = Some(e.to_string());
            None
        }
        None => None,
    };
    let bases = bases.map_or_else(
        |_| FolderNotes::empty(meeting.agenda.items.len()),
        |b| b.placed(&meeting.agenda),
    );
    let renames = |found: &FolderNotes| -> Vec<Rename> {
        found
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((n.clone()?, folder::notes_file_name(&meeting.agenda, i))))
            .filter(|(a, b)| a != b)
            .collect()
    };
    let renamed = (
        files.as_ref().map(&renames).unwrap_or_default(),
        renames(&bases),
    );
    let mut reconciled = reconcile(&mut meeting, files, &bases, &mut notices);
    // What notetakers wrote that the journal does not hold yet (the moderator was not
    // there to take it in): their logs.
    if folder_error.is_none() {
        let titles = meeting.agenda.written_titles();
        let found = logs::Logs::new(folder_dir, None, titles).look();
        notices.extend(found.skipped);
        for r in found.records {
            let Some(i) = r.event.notes_item().and_then(|n| n.checked_sub(1)) else {
                continue;
            };
            let before = meeting.operations(i);
            if meeting.apply(&r.event, r.at).is_ok() && meeting.operations(i) > before {
                reconciled.taken_in.push(r.event);
            }
        }
    }
    Ok(Loaded {
        meeting,
        damaged,
        skipped: skipped
            .into_iter()
            .map(|(r, why)| format!("{} — {why}", journal::format(&r).trim_end()))
            .collect(),
        notices,
        reconciled,
        agenda_record,
        renamed,
        folder_error,
        journal: bytes,
        choice,
        covered,
    })
}

/// The most of the folder's copy of the journal that is read: a day's meeting is a few
/// megabytes; anything larger was not written by agendum.
const FOLDER_JOURNAL_LIMIT: u64 = 512 << 20;

/// The folder's copy of the journal, read as every file of the folder is: never through
/// a link, never anything but a regular file, never without bound. Something planted in
/// its place is not read (the writer puts the copy there again, as a file of its own).
fn read_folder_journal(folder: &Path, notices: &mut Vec<String>) -> io::Result<Option<Vec<u8>>> {
    let path = folder.join(journal::FILE_NAME);
    match folder::read_in_folder_within(&path, FOLDER_JOURNAL_LIMIT) {
        // The entry itself (the folder being no folder is the drive's trouble, as before).
        Err(e) if untrusted::as_unsafe(&e).is_some_and(|u| u.path == path) => {
            notices.push(format!(
                "{e}; the meeting resumes from this computer's journal and copies it there \
                 again"
            ));
            Ok(None)
        }
        other => other,
    }
}

fn read_optional(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
    }
}

/// Which journal to resume from. The local one is written first, so normally the
/// folder's is a part of it; when the folder's is the longer one the meeting went on
/// elsewhere; when they differ, the one written last wins and the other is kept.
fn choose(
    local: Option<Vec<u8>>,
    shared: Option<Vec<u8>>,
    local_dir: &Path,
    notices: &mut Vec<String>,
) -> io::Result<(Vec<u8>, Choice)> {
    let whole = |b: &[u8]| b.last().is_none_or(|&c| c == b'\n');
    Ok(match (local, shared) {
        (None, None) => (Vec::new(), Choice::Local(None)),
        (Some(l), None) => (l, Choice::Local(None)),
        (None, Some(f)) => (f, Choice::Folder),
        (Some(l), Some(f)) if l.starts_with(&f) => {
            let mirrored = whole(&f).then_some(f.len() as u64);
            (l, Choice::Local(mirrored))
        }
        (Some(l), Some(f)) if f.starts_with(&l) => {
            notices.push(
                "the meeting folder's journal is further along than this computer's \
                 (the meeting went on elsewhere): resumed from it"
                    .into(),
            );
            (f, Choice::Folder)
        }
        (Some(l), Some(f)) => {
            let last = |b: &[u8]| journal::parse_bytes(b).0.last().map(|r| r.at);
            let (keep, set_aside, choice, whose) = if last(&f) > last(&l) {
                (f, l, Choice::Folder, "this computer's")
            } else {
                (l, f, Choice::Local(None), "the meeting folder's")
            };
            fs::create_dir_all(local_dir)?;
            let aside = folder::first_free(|n| local_dir.join(format!("journal.kept-{n}.jsonl")));
            folder::write_privately(&aside, &set_aside)?;
            notices.push(format!(
                "this computer's journal and the meeting folder's differ: resumed from the \
                 one written last; {whose} is kept as {}",
                aside.display()
            ));
            (keep, choice)
        }
    })
}

/// What comparing the notes files with the journal found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    /// Notes changes found in the folder (edits made outside agendum) that the meeting
    /// took in and the journal does not hold yet.
    pub taken_in: Vec<Event>,
    /// Items whose notes file is missing or older than the meeting's notes.
    pub stale: Vec<usize>,
    /// Files whose text agendum has now seen, when their base does not hold it yet:
    /// the new base of each.
    pub seen: Vec<(usize, String)>,
    /// What each item's file held as it was read (`None`: missing, or not read).
    pub files: Vec<Option<String>>,
}

/// Compares each item's notes file (`F`) with the journal's notes (`J`), knowing what
/// agendum last wrote to the file (the base, `B`):
/// - the file is missing, or holds `B` (the drive kept it from being updated): the
///   journal's notes stand and the file is written again;
/// - otherwise the file was edited outside agendum: the edit is made against the
///   version of the notes it differs from least and merged with the journal's notes
///   (`Meeting::take_in_file`), so neither side loses a line.
pub fn reconcile(
    meeting: &mut Meeting,
    files: Option<FolderNotes>,
    bases: &FolderNotes,
    notices: &mut Vec<String>,
) -> Reconciled {
    let mut out = Reconciled::default();
    let Some(files) = files else {
        // The folder could not be read: every file is written once it can be; one
        // edited meanwhile by someone else is set aside by the writer, not overwritten.
        out.stale.extend(0..meeting.notes.len());
        return out;
    };
    notices.extend(files.warnings.iter().cloned());
    for (name, text) in &files.unmatched {
        // The journal's copy of a removed item's notes, when its file is there too,
        // is the same text twice: the file names it better.
        meeting.unmatched_notes.retain(|(source, t)| {
            !(crate::notes::files::as_file(t) == text.as_str()
                && source.starts_with("the journal's notes"))
        });
        meeting.unmatched_notes.push((name.clone(), text.clone()));
    }
    out.files.clone_from(&files.items);
    for (i, file) in files.items.into_iter().enumerate() {
        let Some(f) = file else {
            out.stale.push(i);
            continue;
        };
        let base = bases.items.get(i).and_then(Option::as_ref);
        // A base already read holding the file's text, under the name it is kept by,
        // is not read again to be compared, nor written: a start of a meeting of 200
        // items did both for every item.
        let kept = base == Some(&f)
            && bases.names.get(i).and_then(Option::as_deref)
                == Some(folder::notes_file_name(&meeting.agenda, i).as_str());
        if f == crate::notes::files::as_file(&meeting.notes[i]) {
            if !kept {
                out.seen.push((i, f));
            }
            continue;
        }
        if base == Some(&f) {
            out.stale.push(i);
            continue;
        }
        // Edited elsewhere: the edit is made against the version it differs from least
        // and merged with the journal's notes, so neither side loses anything.
        if let Some(event) = meeting.take_in_file(i, &f, &mut []) {
            out.taken_in.push(event);
        }
        if crate::notes::files::as_file(&meeting.notes[i]) == f {
            out.seen.push((i, f));
        } else {
            out.stale.push(i);
        }
    }
    out
}

/// Why a meeting could not be opened.
pub enum OpenError {
    /// Another moderator holds it.
    Held {
        holder: lock::Held,
        lock: PathBuf,
    },
    Io(io::Error),
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        OpenError::Io(e)
    }
}

/// A meeting open for running: the local journal, and the folder's writer.
pub struct Store {
    pub folder: PathBuf,
    pub local: PathBuf,
    journal: Journal,
    mirror: Mirror,
    lock: Lock,
    /// The folder's lock as taken at the start (the writer takes it later otherwise).
    folder_lock: Option<Lock>,
    agenda_source: Vec<u8>,
    publishing: crate::report::Publishing,
    /// For each item, how many changes found in its notes file the meeting has taken
    /// in: its notes are written only once it has taken in the latest.
    taken: Vec<u64>,
    /// The agenda the journal is replayed on, for the checkpoint written at the end.
    agenda: Agenda,
    /// How much of the journal the checkpoint read at the start covered.
    covered: u64,
    /// What the start still has to put on the disk (`settle`).
    unsettled: Option<Unsettled>,
}

/// What opening a meeting leaves to be put on the disk once its first frame is out:
/// the screen shows the meeting without waiting for the disk, and no key is handled
/// before this is done (`Store::settle`). Nor does the folder's writer look at the
/// notes files before: so a crash before then loses nothing anyone did, the edits found
/// in the files at the start being found there again.
struct Unsettled {
    /// The start's records (the agenda taken in, changes found in notes files),
    /// formatted, and the notes jobs of the items they changed.
    lines: String,
    notes: Vec<Job>,
    /// Copies of the notes files as the start found them: the bases of the next merge.
    bases: Vec<(PathBuf, String)>,
    /// Notes files found behind their items' notes, to be written again.
    stale: Vec<Job>,
}

/// How a meeting is opened.
#[derive(Debug, Clone)]
pub struct Options {
    /// Take the meeting from an agendum on another computer (known to be gone).
    pub take_over: bool,
    /// How long to wait between tries while the folder cannot be written.
    pub retry: Duration,
    /// How often the notes files are looked at for changes made elsewhere (`None`:
    /// not watched).
    pub look_every: Option<Duration>,
    /// Wakes the screen when the folder's writer has something to say.
    pub wake: Option<mirror::Wake>,
    /// Whether file-system notifications may spare the looks every second (where the
    /// file system reports everyone's writes); `false`: looked at every `look_every`.
    pub notifications: bool,
    /// The forms the report is written in, and the group's Word styles.
    pub publishing: crate::report::Publishing,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            take_over: false,
            retry: mirror::RETRY,
            look_every: Some(mirror::LOOK_EVERY),
            wake: None,
            notifications: true,
            publishing: crate::report::Publishing::default(),
        }
    }
}

/// What `Store::open` found and did, for the screen to say.
pub struct Opened {
    pub store: Store,
    pub loaded: Loaded,
    /// Lock files taken from processes that are gone.
    pub took_over: Vec<Holder>,
}

impl Store {
    /// Opens a meeting for its moderator: takes the meeting (on this computer and in
    /// the folder), reads it, makes the local journal whole, and starts writing the
    /// folder. A folder that cannot be reached does not stop it: the writer waits.
    /// What the start found is journalled by `settle`, once the meeting is shown.
    pub fn open(
        paths: &Paths,
        agenda: Agenda,
        agenda_source: &[u8],
        options: &Options,
        now: DateTime<Utc>,
    ) -> Result<Opened, OpenError> {
        let take_over = options.take_over;
        let (folder_dir, local) = (paths.folder.as_path(), paths.local.clone());
        create_private_dir(&local)?;
        let me = Holder::me(now);
        let mut took_over = Vec::new();
        let (local_lock, taken) = take(&local.join(lock::FILE_NAME), &me, false)?;
        took_over.extend(over(taken));
        // The folder's lock tells other computers; if the folder cannot be reached now,
        // the writer takes it when it can.
        let folder_lock = match make_meeting_folder(folder_dir) {
            Ok(path) => match take(&path, &me, take_over) {
                Ok((l, t)) => {
                    took_over.extend(over(t));
                    Some(l)
                }
                Err(OpenError::Held { holder, lock }) => {
                    local_lock.release();
                    return Err(OpenError::Held { holder, lock });
                }
                Err(OpenError::Io(_)) => None,
            },
            Err(_) => None,
        };
        let replayed_on = agenda.clone();
        let result = Self::open_locked(paths, agenda);
        let (journal, mut loaded) = match result {
            Ok(r) => r,
            Err(e) => {
                local_lock.release();
                if let Some(l) = &folder_lock {
                    l.release();
                }
                return Err(e.into());
            }
        };
        // The files take their items' new names before the folder's writer starts: it
        // writes the notes under the new names, and would find the old files in the way.
        let (in_folder, here) = &loaded.renamed;
        // A base lost only makes the next start less sure which side is newer.
        let _ = folder::rename_notes(&local.join(FILED_DIR), here);
        if let Err(e) = folder::rename_notes(&folder_dir.join(folder::NOTES_DIR), in_folder) {
            loaded.notices.push(format!(
                "the notes files could not be given their items' new names ({e}); they are \
                 still found by their titles"
            ));
        }
        let mirrored = match loaded.choice {
            Choice::Local(m) => m,
            Choice::Folder => Some(loaded.journal.len() as u64),
        };
        let agenda = &loaded.meeting.agenda;
        let notes = (0..agenda.items.len())
            .map(|i| {
                let known = loaded.reconciled.files.get_mut(i).and_then(Option::take);
                (i, folder::notes_path(folder_dir, agenda, i), known)
            })
            .collect();
        let mirror = Mirror::start(Places {
            folder: folder_dir.to_path_buf(),
            local_journal: journal.path().to_path_buf(),
            filed: local.join(FILED_DIR),
            mirrored,
            me,
            take_over,
            lock: folder_lock.clone(),
            retry: options.retry,
            moderator: true,
            notes,
            look_every: options.look_every,
            notifications: options.notifications,
            copy: folder_dir.join(journal::FILE_NAME),
            logs: Some(logs::Logs::new(
                folder_dir,
                None,
                loaded.meeting.agenda.written_titles(),
            )),
            follow: None,
            wake: options.wake.clone(),
            look_once_started: true,
        });
        let mut store = Store {
            folder: folder_dir.to_path_buf(),
            local,
            journal,
            mirror,
            lock: local_lock,
            folder_lock,
            agenda_source: agenda_source.to_vec(),
            publishing: options.publishing.clone(),
            taken: vec![0; loaded.meeting.notes.len()],
            agenda: replayed_on,
            covered: loaded.covered,
            unsettled: None,
        };
        store.mirror.send(Job::Agenda(agenda_source.to_vec()));
        // The folder's copy of the journal is brought up to this computer's first.
        let end = loaded.journal.len() as u64;
        match mirrored {
            Some(m) if m < end => store.mirror.send(Job::Journal {
                text: String::from_utf8_lossy(&loaded.journal[m as usize..]).into_owned(),
                end,
            }),
            Some(_) => {}
            None => store.mirror.send(Job::Journal {
                text: String::new(),
                end,
            }),
        }
        let taken_in = std::mem::take(&mut loaded.reconciled.taken_in);
        // Taken, not copied: the screen keeps `loaded` for the whole meeting, and the
        // files' texts are of no use to it once the writer knows them.
        let reconciled = std::mem::take(&mut loaded.reconciled);
        let taken_in: Vec<Record> = loaded
            .agenda_record
            .take()
            .into_iter()
            .chain(taken_in)
            .map(|event| Record { at: now, event })
            .collect();
        let (lines, notes) = store.lines_and_notes(&taken_in, &loaded.meeting);
        let agenda = &loaded.meeting.agenda;
        let filed = store.local.join(FILED_DIR);
        let bases = reconciled
            .seen
            .into_iter()
            .map(|(i, text)| (filed.join(folder::notes_file_name(agenda, i)), text))
            .collect();
        let stale = reconciled
            .stale
            .iter()
            .filter_map(|&i| store.notes_job(&loaded.meeting, i))
            .collect();
        store.unsettled = Some(Unsettled {
            lines,
            notes,
            bases,
            stale,
        });
        // Nor is the journal's text, copied to the folder's writer above.
        loaded.journal = Vec::new();
        Ok(Opened {
            store,
            loaded,
            took_over,
        })
    }

    fn open_locked(paths: &Paths, agenda: Agenda) -> io::Result<(Journal, Loaded)> {
        let local = &paths.local;
        let loaded = read(paths, agenda)?;
        let path = local.join(journal::FILE_NAME);
        if loaded.choice == Choice::Folder {
            folder::write_privately(&path, &loaded.journal)?;
        }
        let journal = Journal::open(&path)?;
        // Opening closes a torn last line with a line break: the folder's copy is
        // measured against the file as it now is.
        let mut loaded = loaded;
        if loaded.journal.last().is_some_and(|&b| b != b'\n') {
            loaded.journal.push(b'\n');
        }
        Ok((journal, loaded))
    }

    /// Journals records at once (on this computer) and passes them, with the notes
    /// they changed, to the folder's writer; the start's first (`settle`).
    pub fn record(&mut self, records: &[Record], meeting: &Meeting) -> io::Result<()> {
        self.settle()?;
        if records.is_empty() {
            return Ok(());
        }
        let (lines, notes) = self.lines_and_notes(records, meeting);
        self.append(lines, notes)
    }

    /// Puts on the disk what opening the meeting left (`Unsettled`): the agenda beside
    /// the journal, so that the local store alone renders the report; the start's
    /// records; then the bases of the notes files it saw, and the notes of files found
    /// behind them; and lets the folder's writer look at the notes files. Done once; the
    /// first record and `close` do it if nothing did before. A copy that fails is tried
    /// again; records the journal refused are not (part of them may be in it), as with
    /// `record`.
    pub fn settle(&mut self) -> io::Result<()> {
        let Some(u) = self.unsettled.take() else {
            return Ok(());
        };
        if let Err(e) = folder::copy_agenda(&self.local, &self.agenda_source) {
            // Kept for the next try: nothing of the start is lost.
            self.unsettled = Some(u);
            return Err(e);
        }
        if !u.lines.is_empty() {
            self.append(u.lines, u.notes)?;
        }
        for (path, text) in &u.bases {
            keep_base(path, text);
        }
        for job in u.stale {
            self.mirror.send(job);
        }
        self.mirror.send(Job::Started);
        Ok(())
    }

    /// Records as journal lines, and the jobs that write the notes they changed.
    fn lines_and_notes(&self, records: &[Record], meeting: &Meeting) -> (String, Vec<Job>) {
        let lines = records.iter().map(journal::format).collect();
        let mut items: Vec<usize> = records
            .iter()
            .filter_map(|r| r.event.notes_item().and_then(|i| i.checked_sub(1)))
            .collect();
        items.dedup();
        let notes = items
            .into_iter()
            .filter_map(|i| self.notes_job(meeting, i))
            .collect();
        (lines, notes)
    }

    /// Appends journal lines at once, then passes them and the notes they changed to
    /// the folder's writer.
    fn append(&mut self, lines: String, notes: Vec<Job>) -> io::Result<()> {
        self.journal.append_text(&lines)?;
        self.mirror.send(Job::Journal {
            text: lines,
            end: self.journal.len(),
        });
        for job in notes {
            self.mirror.send(job);
        }
        Ok(())
    }

    /// Sends every notes file and the agenda to a meeting folder made again.
    pub fn resend(&self, meeting: &Meeting) {
        self.mirror.send(Job::Agenda(self.agenda_source.clone()));
        for i in 0..meeting.notes.len() {
            self.send_notes(meeting, i);
        }
    }

    /// Sends the item's notes to its file (once any change found there is taken in).
    pub fn send_notes(&self, meeting: &Meeting, item: usize) {
        if let Some(job) = self.notes_job(meeting, item) {
            self.mirror.send(job);
        }
    }

    fn notes_job(&self, meeting: &Meeting, item: usize) -> Option<Job> {
        let text = meeting.notes.get(item)?;
        Some(Job::Notes {
            item,
            path: folder::notes_path(&self.folder, &meeting.agenda, item),
            text: crate::notes::files::as_file(text).into_owned(),
            taken: self.taken.get(item).copied().unwrap_or(0),
        })
    }

    /// The meeting has taken in the `count`th change found in the item's notes file.
    pub fn taken_in(&mut self, item: usize, count: u64) {
        if let Some(t) = self.taken.get_mut(item) {
            *t = (*t).max(count);
        }
    }

    /// Writes the report: a copy on this computer at once, the folder's when it can.
    pub fn write_report(&self, text: &str) -> io::Result<PathBuf> {
        let path = self.local.join(folder::REPORT_FILE);
        folder::write_privately(&path, text.as_bytes())?;
        self.mirror
            .send(Job::Report(text.to_string(), self.publishing.clone()));
        Ok(path)
    }

    /// What the folder's writer has done since the last look.
    pub fn outcomes(&self) -> Vec<mirror::Outcome> {
        self.mirror.outcomes()
    }

    /// A copy of an item's notes on this computer for `$EDITOR`: the editor never
    /// meets the folder's writer (or a drive that is gone) on the same file. Editors
    /// and tools expect a text file to end its last line, so it does.
    pub fn edit_copy(&self, meeting: &Meeting, item: usize) -> io::Result<PathBuf> {
        edit_copy(
            &self.local,
            &folder::notes_file_name(&meeting.agenda, item),
            meeting.notes.get(item).map_or("", String::as_str),
        )
    }

    /// The locks this store holds, for giving the meeting back from elsewhere (a
    /// process that must end without closing the store).
    pub fn locks(&self) -> Vec<Lock> {
        let mut locks = vec![self.lock.clone()];
        locks.extend(self.folder_lock.clone());
        locks
    }

    /// Ends the session: lets the writer finish for up to `patience`, gives the
    /// meeting back. What could not reach the folder is described.
    pub fn close(mut self, patience: Duration) -> Vec<String> {
        // A screen that never drew: its start is kept all the same, if it can be.
        let _ = self.settle();
        // Made while the writer finishes, and before the meeting is given back: the
        // next agendum to open it reads the checkpoint only once this one is done.
        let checkpoint = (self.journal.len() >= self.covered + checkpoint::WORTH_IT).then(|| {
            let (local, agenda) = (self.local.clone(), self.agenda.clone());
            std::thread::spawn(move || checkpoint::write(&local, &agenda))
        });
        let waiting = self.mirror.finish(patience);
        // A checkpoint that could not be written only makes the next start slower.
        if let Some(c) = checkpoint {
            let _ = c.join();
        }
        self.lock.release();
        waiting
    }
}

/// Writes `text` for `$EDITOR` as `edit/{name}` in a private place, its last line
/// ended.
fn edit_copy(local: &Path, name: &str, text: &str) -> io::Result<PathBuf> {
    let dir = local.join("edit");
    create_private_dir(&dir)?;
    let path = dir.join(name);
    let text = crate::notes::files::as_file(text);
    folder::write_privately(&path, text.as_bytes())?;
    Ok(path)
}

fn take(path: &Path, me: &Holder, take_over: bool) -> Result<(Lock, Taken), OpenError> {
    lock::acquire(path, me, take_over).map_err(|e| match e {
        Refused::Held(holder) => OpenError::Held {
            holder,
            lock: path.to_path_buf(),
        },
        Refused::Io(e) => {
            OpenError::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        }
    })
}

fn over(t: Taken) -> Option<Holder> {
    match t {
        Taken::Over(h) => Some(h),
        _ => None,
    }
}

/// Keeps at `path` (in the local store's `filed/`) what a notes file was last known
/// to hold: the version both sides saw. A copy lost only makes the next start less
/// sure which side is newer, so a failure here is no failure of the meeting. A copy
/// that already holds `text` is left as it is: every start keeps the base of every
/// file, and rewriting them all (a temporary file, a flush to the disk and a rename
/// each) was most of the time a start took.
fn keep_base(path: &Path, text: &str) {
    if fs::read(path).is_ok_and(|kept| kept == text.as_bytes()) {
        return;
    }
    if let Some(dir) = path.parent() {
        let _ = create_private_dir(dir);
    }
    let _ = folder::write_privately(path, text.as_bytes());
}

/// Makes the meeting folder (not its parents: an output directory that is missing may
/// be a drive that is not mounted, which a folder on this disk must not stand in for);
/// the path of its lock.
fn make_meeting_folder(folder_dir: &Path) -> io::Result<PathBuf> {
    match fs::create_dir(folder_dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder_dir.is_dir() => {}
        Err(e) => return Err(e),
    }
    Ok(folder_dir.join(lock::FILE_NAME))
}

/// The local store holds confidential notes: only its owner may enter it.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
