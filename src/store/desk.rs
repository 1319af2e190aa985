//! A notetaker's place in a meeting: the moderator's meeting folder, read and written
//! only through its notes files, and a private copy on this computer of everything
//! this notetaker typed (its drafts), so that a drive that fails or a change that
//! meets theirs as they leave never costs them their text.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::lock::Holder;
use super::mirror::{self, Job, Mirror, Places, Wake};
use super::presence::{self, Presence};
use super::{FILED_DIR, create_private_dir, data_dir, local_dir_in};
use crate::agenda::{self, Agenda};
use crate::folder::{self, FolderNotes};
use crate::journal;
use crate::notes::merge;
use crate::notes::shared::labels;

const DRAFTS_DIR: &str = "drafts";

pub struct Desk {
    pub folder: PathBuf,
    pub local: PathBuf,
    agenda: Agenda,
    mirror: Mirror,
    taken: Vec<u64>,
    pub who: String,
    presence: PathBuf,
}

/// What opening found.
pub struct Opened {
    pub desk: Desk,
    pub agenda: Agenda,
    /// Each item's notes as this notetaker starts with them.
    pub texts: Vec<String>,
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
        let files = folder::read_notes(folder_dir, &agenda)
            .map_err(|e| format!("cannot read the notes of {}: {e}", folder_dir.display()))?;
        let local = local_dir_in(&data_dir().join("notetaker"), folder_dir);
        // The store itself first: made along the way, it would follow the umask.
        create_private_dir(&local)
            .and_then(|()| create_private_dir(&local.join(DRAFTS_DIR)))
            .map_err(|e| e.to_string())?;
        let empty = || FolderNotes::empty(agenda.items.len());
        let drafts =
            folder::read_notes_in(&local.join(DRAFTS_DIR), &agenda).unwrap_or_else(|_| empty());
        let bases =
            folder::read_notes_in(&local.join(FILED_DIR), &agenda).unwrap_or_else(|_| empty());
        let who = Holder::me(now).who();
        let mut notices = Vec::new();
        let mut texts = Vec::new();
        let mut rewrite = Vec::new();
        for i in 0..agenda.items.len() {
            let file = files.items[i].clone().unwrap_or_default();
            let text = match drafts.items[i].as_ref() {
                Some(draft) if *draft != file => {
                    // Typed here and not yet in the file when this view last closed.
                    let name = format!(
                        "{}/{}",
                        folder::NOTES_DIR,
                        folder::notes_file_name(&agenda, i)
                    );
                    let (ours, theirs) = labels(&who, &name);
                    let base = bases.items[i].as_deref().unwrap_or("");
                    let m = merge::merge(
                        base,
                        draft,
                        &file,
                        merge::Labels {
                            ours: &ours,
                            theirs: &theirs,
                        },
                    );
                    if m.text != file {
                        notices.push(format!(
                            "your last notes of item {} were not yet in {name}: merged{}",
                            i + 1,
                            if m.conflicts > 0 {
                                " (conflicts marked between <<<<<<< and >>>>>>>)"
                            } else {
                                ""
                            }
                        ));
                        rewrite.push(i);
                    }
                    m.text
                }
                _ => file.clone(),
            };
            texts.push(text);
        }
        let notes = (0..agenda.items.len())
            .map(|i| {
                (
                    i,
                    folder::notes_path(folder_dir, &agenda, i),
                    files.items[i].clone(),
                )
            })
            .collect();
        let mirror = Mirror::start(Places {
            folder: folder_dir.to_path_buf(),
            local_journal: local.join(journal::FILE_NAME),
            filed: local.join(FILED_DIR),
            mirrored: Some(0),
            me: Holder::me(now),
            take_over: false,
            lock: None,
            retry: mirror::RETRY,
            moderator: false,
            notes,
            look_every: Some(look_every),
            follow: Some(folder_dir.join(journal::FILE_NAME)),
            wake,
        });
        let desk = Desk {
            folder: folder_dir.to_path_buf(),
            local,
            taken: vec![0; agenda.items.len()],
            presence: presence::path(folder_dir, &who),
            who,
            mirror,
            agenda: agenda.clone(),
        };
        for i in rewrite {
            desk.write(i, &texts[i]);
        }
        Ok(Opened {
            desk,
            agenda,
            texts,
            notices,
        })
    }

    /// Keeps the item's text here at once, and sends it to its file.
    pub fn write(&self, item: usize, text: &str) {
        let name = folder::notes_file_name(&self.agenda, item);
        // The draft is this notetaker's copy: its loss only loses the safety net.
        let _ = folder::write_privately(&self.local.join(DRAFTS_DIR).join(&name), text.as_bytes());
        self.mirror.send(Job::Notes {
            item,
            path: folder::notes_path(&self.folder, &self.agenda, item),
            text: text.to_string(),
            taken: self.taken.get(item).copied().unwrap_or(0),
        });
    }

    /// The `count`th change found in the item's file is taken in.
    pub fn taken_in(&mut self, item: usize, count: u64) {
        if let Some(t) = self.taken.get_mut(item) {
            *t = (*t).max(count);
        }
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
