//! The notes patches of the meeting's other writers: each notetaker's view appends what
//! it types, and nothing else, to a log of its own in the meeting folder's `changes/`,
//! which no other process ever writes. Every writer reads every other log from where it
//! last stopped; a line not yet ended waits for its end. Patches commute and are added
//! once however often they arrive, so a sync client that delivers a log late, twice or
//! replaced whole changes nothing but when the text arrives.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::untrusted::{self, Dir, Kind, Stamp};
use crate::journal;
use crate::meeting::{Event, Record};

/// The folder of the logs, in the meeting folder.
pub const DIR: &str = "changes";

/// A log's name ends so.
pub const SUFFIX: &str = ".jsonl";

/// The most read of one log at one look: the rest comes at the next.
const READ_AT_ONCE: u64 = 4 << 20;

/// How many logs are read: far more writers than a meeting has.
const MOST_LOGS: usize = 1_000;

#[derive(Debug, Default, Clone)]
struct Log {
    /// How far it has been read, in the file of this identity.
    read: u64,
    stamp: Option<Stamp>,
    /// The agenda's titles its events number, when it said so.
    titles: Option<Vec<String>>,
    /// Where each of its items is now (from 1), when its agenda differs from ours.
    moved: Option<Vec<Option<usize>>>,
}

/// What one look found.
#[derive(Debug, Default)]
pub struct Found {
    /// Notes patches, their items numbered as the agenda is now.
    pub records: Vec<Record>,
    /// Entries left alone (not regular files), each said once.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Logs {
    dir: PathBuf,
    /// This writer's own log, not read back.
    own: Option<String>,
    /// The titles of the agenda's own items as they are here (those added during the
    /// meeting follow them: a log numbers them after its agenda's own).
    titles: Vec<String>,
    logs: BTreeMap<String, Log>,
    said: std::collections::BTreeSet<String>,
}

impl Logs {
    pub fn new(folder: &Path, own: Option<String>, titles: Vec<String>) -> Logs {
        Logs {
            dir: folder.join(DIR),
            own,
            titles,
            logs: BTreeMap::new(),
            said: Default::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads what the logs gained since the last look.
    pub fn look(&mut self) -> Found {
        let mut found = Found::default();
        let dir = match Dir::open(&self.dir) {
            Ok(d) => d,
            Err(e) => {
                if untrusted::is_unsafe(&e) {
                    self.say(e.to_string(), &mut found);
                }
                return found;
            }
        };
        let entries = match dir.entries() {
            Ok(e) => e,
            Err(e) => {
                if untrusted::is_unsafe(&e) {
                    self.say(e.to_string(), &mut found);
                }
                return found;
            }
        };
        for entry in entries.into_iter().take(MOST_LOGS) {
            let name = entry.name;
            if !name.ends_with(SUFFIX)
                || untrusted::is_temporary(&name)
                || self.own.as_deref() == Some(name.as_str())
            {
                continue;
            }
            if entry.kind != Kind::File || !entry.utf8 {
                let path = self.dir.join(&name);
                self.say(
                    format!("{}: not a regular file: left alone", path.display()),
                    &mut found,
                );
                continue;
            }
            if let Err(e) = self.read(&dir, &name, &mut found.records)
                && untrusted::is_unsafe(&e)
            {
                self.say(e.to_string(), &mut found);
            }
        }
        found
    }

    fn say(&mut self, what: String, found: &mut Found) {
        let what = crate::report::markdown::neutralise_typed(&what).into_owned();
        if self.said.insert(what.clone()) {
            found.skipped.push(what);
        }
    }

    fn read(&mut self, dir: &Dir, name: &str, out: &mut Vec<Record>) -> io::Result<()> {
        let log = self.logs.entry(name.to_string()).or_default();
        let Some(stamp) = dir.stat(name)? else {
            return Ok(());
        };
        if log
            .stamp
            .is_some_and(|s| s.same_file(&stamp) && s.len == stamp.len)
        {
            return Ok(());
        }
        if log.stamp.is_some_and(|s| !s.same_file(&stamp)) || stamp.len < log.read {
            // Replaced (a sync client writes whole files): read again from its start;
            // what was added before is not added twice.
            log.read = 0;
        }
        let Some((bytes, stamp)) = dir.read_from(name, log.read, READ_AT_ONCE)? else {
            return Ok(());
        };
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        log.read += whole as u64;
        if log.read == stamp.len {
            log.stamp = Some(stamp);
        }
        let (records, _damaged) = journal::parse(&String::from_utf8_lossy(&bytes[..whole]));
        for r in records {
            match r.event {
                Event::Agenda { items } => {
                    let then: Vec<&str> = items.iter().map(String::as_str).collect();
                    let now: Vec<&str> = self.titles.iter().map(String::as_str).collect();
                    log.moved = crate::notes::files::renumbering(&then, &now);
                    log.titles = Some(items);
                }
                Event::NotesPatch { item, patch, file } => {
                    let item = crate::notes::files::moved_number(
                        log.moved.as_deref(),
                        self.titles.len(),
                        item,
                    );
                    if let Some(item) = item {
                        out.push(Record {
                            at: r.at,
                            event: Event::NotesPatch { item, patch, file },
                        });
                    }
                }
                // A log holds notes patches: anything else is not its writer's to say.
                _ => {}
            }
        }
        Ok(())
    }
}

/// A name for this writer's log: who and where, and which process, so that two views of
/// one person on one computer never share a file.
pub fn own_name(writer: &str) -> String {
    let clean: String = writer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    format!("{clean}{SUFFIX}")
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    fn line(event: Event) -> String {
        journal::format(&Record {
            at: DateTime::UNIX_EPOCH,
            event,
        })
    }

    fn patch(item: usize, p: &str) -> Event {
        Event::NotesPatch {
            item,
            patch: p.into(),
            file: None,
        }
    }

    #[test]
    fn logs_are_read_as_they_grow_and_items_follow_their_titles() {
        let tmp = tempfile::tempdir().unwrap();
        let changes = tmp.path().join(DIR);
        std::fs::create_dir(&changes).unwrap();
        let mut logs = Logs::new(
            tmp.path(),
            Some("me.jsonl".into()),
            vec!["Opening".into(), "Welcome".into(), "Budget".into()],
        );
        let theirs = changes.join("bob@x.jsonl");
        let agenda = line(Event::Agenda {
            items: vec!["Welcome".into(), "Budget".into()],
        });
        std::fs::write(
            &theirs,
            format!("{agenda}{}{{\"at\":", line(patch(1, "AA"))),
        )
        .unwrap();
        std::fs::write(changes.join("me.jsonl"), line(patch(1, "MINE"))).unwrap();
        let found = logs.look();
        // Item 1 of their agenda is item 2 of ours; the torn line waits; ours is not read.
        assert_eq!(found.records.len(), 1);
        assert_eq!(found.records[0].event, patch(2, "AA"));
        assert!(logs.look().records.is_empty());
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&theirs)
            .unwrap();
        use std::io::Write;
        writeln!(f, "\"1970-01-01T00:00:00Z\",\"event\":{{\"notes_patch\":{{\"item\":2,\"patch\":\"BB\"}}}}}}").unwrap();
        let found = logs.look();
        assert_eq!(found.records.len(), 1, "{found:?}");
        assert_eq!(found.records[0].event, patch(3, "BB"));
    }

    #[cfg(unix)]
    #[test]
    fn links_and_fifos_among_the_logs_are_said_once_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let changes = tmp.path().join(DIR);
        std::fs::create_dir(&changes).unwrap();
        let secret = tmp.path().join("secret");
        std::fs::write(&secret, line(patch(1, "SECRET"))).unwrap();
        std::os::unix::fs::symlink(&secret, changes.join("evil.jsonl")).unwrap();
        let fifo = changes.join("fifo.jsonl");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let mut logs = Logs::new(tmp.path(), None, vec!["A".into()]);
        let found = logs.look();
        assert!(found.records.is_empty());
        assert_eq!(found.skipped.len(), 2, "{:?}", found.skipped);
        assert!(logs.look().skipped.is_empty());
    }
}
