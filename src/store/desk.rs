//! A notetaker's place in a meeting: the moderator's meeting folder, where it writes
//! nothing but its own log (`changes/`, its patches of the notes) and its presence file,
//! and a private copy on this computer of that log, written first, so that a drive that
//! fails never costs the notetaker their text: the next view writes what never left.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::lock::Holder;
use super::logs::{self, Logs};
use super::mirror::{self, Job, Mirror, Places, Wake};
use super::presence::{self, Presence};
use super::{FILED_DIR, create_private_dir, data_dir, local_dir_in};
use crate::agenda::{self, Agenda};
use crate::folder;
use crate::journal::{self, Journal};
use crate::meeting::{Event, Record};

/// This computer's copies of the notetaker's logs, one per view that ran.
const LOGS_DIR: &str = "logs";

pub struct Desk {
    pub folder: PathBuf,
    pub local: PathBuf,
    agenda: Agenda,
    mirror: Mirror,
    log: Journal,
    pub who: String,
    /// This view as a writer of the notes.
    pub writer: String,
    presence: PathBuf,
}

/// What opening found.
pub struct Opened {
    pub desk: Desk,
    pub agenda: Agenda,
    /// This notetaker's patches of earlier views on this computer: the view adds them
    /// (what never reached the folder reaches it now, through this view's log).
    pub earlier: Vec<Record>,
    pub notices: Vec<String>,
}

impl Desk {
    /// Opens the meeting in `folder` for taking notes. Fails with a message when it is
    /// no meeting folder (no agenda copy) or cannot be read.
    pub fn open(
        folder_dir: &Path,
        wake: Option<Wake>,
        look_every: Duration,
        now: DateTime<Utc>,
    ) -> Result<Opened, String> {
        let agenda_path = folder_dir.join(folder::AGENDA_FILE);
        let agenda = match agenda::load_file(&agenda_path) {
            Ok(a) => a,
            Err(d) if !agenda_path.exists() => {
                return Err(format!(
                    "{} is no meeting folder: it has no {} (the moderator's agendum writes one \
                     when the meeting opens){}",
                    folder_dir.display(),
                    folder::AGENDA_FILE,
                    if folder_dir.is_dir() {
                        String::new()
                    } else {
                        format!(" — {d}")
                    }
                ));
            }
            Err(d) => return Err(d.to_string()),
        };
        let local = local_dir_in(&data_dir().join("notetaker"), folder_dir);
        // The store itself first: made along the way, it would follow the umask.
        create_private_dir(&local)
            .and_then(|()| create_private_dir(&local.join(LOGS_DIR)))
            .map_err(|e| e.to_string())?;
        let me = Holder::me(now);
        let who = me.who();
        let writer = me.writer();
        let own = logs::own_name(&writer);
        let titles: Vec<String> = agenda.items.iter().map(|i| i.title.clone()).collect();
        let mut notices = Vec::new();
        let (earlier, unsent) = earlier_logs(&local.join(LOGS_DIR), folder_dir);
        if !unsent.is_empty() {
            notices.push(format!(
                "{} of your earlier notes changes had not reached the meeting folder: they \
                 go there now",
                unsent.len()
            ));
        }
        let path = local.join(LOGS_DIR).join(&own);
        let mut log = Journal::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The log says which agenda its items number, then carries every patch this
        // notetaker made before that may not have reached the folder.
        let first: Vec<Record> = std::iter::once(Record {
            at: now,
            event: Event::Agenda {
                items: titles.clone(),
            },
        })
        .chain(unsent)
        .collect();
        let text: String = first.iter().map(journal::format).collect();
        log.append_text(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mirror = Mirror::start(Places {
            folder: folder_dir.to_path_buf(),
            local_journal: path.clone(),
            filed: local.join(FILED_DIR),
            mirrored: Some(0),
            me,
            take_over: false,
            lock: None,
            retry: mirror::RETRY,
            moderator: false,
            notes: Vec::new(),
            look_every: Some(look_every),
            notifications: true,
            copy: folder_dir.join(logs::DIR).join(&own),
            logs: Some(Logs::new(folder_dir, Some(own), titles)),
            follow: Some(folder_dir.join(journal::FILE_NAME)),
            wake,
            look_once_started: false,
        });
        mirror.send(Job::Journal {
            text,
            end: log.len(),
        });
        let desk = Desk {
            folder: folder_dir.to_path_buf(),
            local,
            presence: presence::path(folder_dir, &who),
            who,
            writer,
            mirror,
            log,
            agenda: agenda.clone(),
        };
        Ok(Opened {
            desk,
            agenda,
            earlier,
            notices,
        })
    }

    /// Keeps a patch of this notetaker's: in the log here at once (synced), in the
    /// folder's copy as soon as the drive takes it.
    pub fn keep(&mut self, record: &Record) -> io::Result<()> {
        let text = journal::format(record);
        self.log.append_text(&text)?;
        self.mirror.send(Job::Journal {
            text,
            end: self.log.len(),
        });
        Ok(())
    }

    /// Tells the moderator which item this notetaker is on.
    pub fn announce(&self, item: usize, now: DateTime<Utc>) {
        let p = Presence {
            who: self.who.clone(),
            item: item + 1,
            seen: now,
        };
        self.mirror
            .send(Job::Presence(self.presence.clone(), Some(p.text())));
    }

    pub fn outcomes(&self) -> Vec<mirror::Outcome> {
        self.mirror.outcomes()
    }

    /// A private copy of the item's text for `$EDITOR`.
    pub fn edit_copy(&self, item: usize, text: &str) -> io::Result<PathBuf> {
        super::edit_copy(
            &self.local,
            &folder::notes_file_name(&self.agenda, item),
            text,
        )
    }

    /// The item's file as named in the folder, for messages.
    pub fn file_name(&self, item: usize) -> String {
        format!(
            "{}/{}",
            folder::NOTES_DIR,
            folder::notes_file_name(&self.agenda, item)
        )
    }

    /// Leaves: removes this view's presence, lets the writer finish for up to
    /// `patience`; what could not reach the folder is described.
    pub fn close(self, patience: Duration) -> Vec<String> {
        self.mirror.send(Job::Presence(self.presence.clone(), None));
        self.mirror.finish(patience)
    }
}

/// This notetaker's patches in the logs of earlier views here, and those of them in
/// logs whose copy in the meeting folder is not whole (a drive that was gone).
fn earlier_logs(dir: &Path, folder_dir: &Path) -> (Vec<Record>, Vec<Record>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut records = Vec::new();
    let mut unsent = Vec::new();
    let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let (rs, _) = journal::parse(&String::from_utf8_lossy(&bytes));
        let patches: Vec<Record> = rs
            .into_iter()
            .filter(|r| matches!(r.event, Event::NotesPatch { .. }))
            .collect();
        let there = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| {
                folder::read_in_folder(&folder_dir.join(logs::DIR).join(n))
                    .ok()
                    .flatten()
            })
            .map_or(0, |b| b.len());
        if there < bytes.len() {
            unsent.extend(patches.iter().cloned());
        }
        records.extend(patches);
    }
    (records, unsent)
}
