//! The meeting's journal: every event with its time, one JSON object per line,
//! appended and flushed to the disk as it happens. A line is a record, so a record
//! torn by a power cut spoils only itself: it is reported and skipped, and every
//! record before and after it is kept.
//!
//! JSON rather than TOML (every other file of agendum is TOML): a long meeting's
//! journal holds a hundred thousand records and is read whole on every resume; the
//! TOML reader takes about 3 µs a record, serde_json well under one.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::meeting::Record;

pub const FILE_NAME: &str = "journal.jsonl";

/// A record that could not be read, with its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub line: usize,
    pub reason: String,
}

/// Reads a journal's text: the records in order and the damaged ones.
pub fn parse(text: &str) -> (Vec<Record>, Vec<Damaged>) {
    let mut records = Vec::with_capacity(text.len() / 96);
    let mut damaged = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => damaged.push(Damaged {
                line: n + 1,
                reason: reason(&e),
            }),
        }
    }
    (records, damaged)
}

fn reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "the record is cut short (torn by a crash or power cut)".into(),
        _ => {
            // serde_json appends " at line L column C": the line is the journal's own.
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// One record as a journal line.
pub fn format(record: &Record) -> String {
    let mut line = serde_json::to_string(record).expect("a record always serializes");
    line.push('\n');
    line
}

/// Reads a journal file; a missing file is an empty journal.
pub fn read(path: &Path) -> io::Result<(Vec<Record>, Vec<Damaged>)> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(&String::from_utf8_lossy(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((Vec::new(), Vec::new())),
        Err(e) => Err(e),
    }
}

/// Opens a file for appending records. One made here gets the mode of its folder's
/// files: private in the local store (notes can be confidential), as the meeting
/// folder lets its group in on the shared drive.
fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).read(true);
    let mode = crate::folder::folder_file_mode(path.parent().unwrap_or(Path::new(".")));
    let mut new = options.clone();
    new.create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut new, mode);
    match new.open(path) {
        Ok(file) => {
            // Past the umask, which would keep the folder's group from reading it.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(std::fs::Permissions::from_mode(mode))?;
            }
            Ok(file)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => options.open(path),
        Err(e) => Err(e),
    }
}

/// A journal open for appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    /// The file's length: where the next record starts.
    len: u64,
}

impl Journal {
    /// Opens (or creates) a journal. A last line cut short by a crash is closed with a
    /// line break first, so the next record starts a line of its own instead of being
    /// glued to the torn one and lost with it.
    pub fn open(path: &Path) -> io::Result<Journal> {
        let mut file = open_append(path)?;
        let len = file.metadata()?.len();
        let last = if len > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            Some(last[0])
        } else {
            None
        };
        Journal::ended(path, file, len, last)
    }

    /// The journal in `file`, `len` bytes long and ending in `last`: a last line torn by
    /// a crash is ended, so the next record starts a line of its own.
    fn ended(path: &Path, mut file: File, len: u64, last: Option<u8>) -> io::Result<Journal> {
        let mut len = len;
        if last.is_some_and(|b| b != b'\n') {
            file.write_all(b"\n")?;
            file.sync_data()?;
            len += 1;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            len,
        })
    }

    /// Opens a journal's copy in the meeting folder, which others can write: a link
    /// planted in its place is never followed (appending to whatever it points at
    /// would put the notes there), nor is anything but a regular file appended to.
    pub fn open_in_folder(path: &Path) -> io::Result<Journal> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let dir = crate::store::untrusted::Dir::open(dir)?;
        let file = dir.append(name)?;
        let len = file.metadata()?.len();
        let last = if len > 0 {
            dir.read_from(name, len - 1, 1)?
                .and_then(|(b, _)| b.first().copied())
        } else {
            None
        };
        Journal::ended(path, file, len, last)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long the journal is, in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends records and flushes them to the disk before returning.
    pub fn append(&mut self, records: &[Record]) -> io::Result<()> {
        let text: String = records.iter().map(format).collect();
        self.append_text(&text)
    }

    /// Appends journal lines already formatted.
    pub fn append_text(&mut self, text: &str) -> io::Result<()> {
        self.file.write_all(text.as_bytes())?;
        self.len += text.len() as u64;
        self.file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Event, QueueKind};
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

    fn records() -> Vec<Record> {
        let at = |s: i64| Utc.timestamp_opt(1_676_556_000 + s, 0).unwrap();
        vec![
            Record {
                at: at(0),
                event: Event::TakeUp { item: "1".into() },
            },
            Record {
                at: at(5),
                event: Event::Join {
                    who: "Raúl Echeberría".into(),
                    queue: QueueKind::Reply,
                    topic: Some("on \"GDC\"".into()),
                },
            },
            Record {
                at: at(9),
                event: Event::Notes {
                    item: 1,
                    text: "line one\nACTION: Titti: x\n{\"at\": 1}\n".into(),
                },
            },
            Record {
                at: at(10),
                event: Event::NotesEdit {
                    item: 1,
                    from: 9,
                    to: 9,
                    len: 37,
                    text: "inserted ".into(),
                },
            },
            Record {
                at: at(11),
                event: Event::NextSpeaker,
            },
            Record {
                at: at(12),
                event: Event::NextMeeting {
                    date: NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(),
                    time: NaiveTime::from_hms_opt(14, 0, 0),
                },
            },
        ]
    }

    #[test]
    fn records_round_trip_one_per_line() {
        let text: String = records().iter().map(format).collect();
        assert_eq!(text.lines().count(), records().len());
        let (back, damaged) = parse(&text);
        assert_eq!(damaged, vec![]);
        assert_eq!(back, records());
    }

    #[test]
    fn a_torn_record_is_skipped_and_reported_and_later_ones_kept() {
        let mut text: String = records().iter().map(format).collect();
        let torn = format(&records()[1]);
        let mut half = torn.len() / 2;
        while !torn.is_char_boundary(half) {
            half -= 1;
        }
        text.push_str(&torn[..half]);
        text.push('\n');
        text.push_str(&format(&records()[0]));
        text.push_str("not json at all\n");
        let (back, damaged) = parse(&text);
        assert_eq!(back.len(), records().len() + 1);
        assert_eq!(damaged.len(), 2);
        assert_eq!(damaged[0].line, records().len() + 1);
        assert!(damaged[0].reason.contains("cut short"), "{:?}", damaged[0]);
        assert!(!damaged[1].reason.contains(" at line "), "{:?}", damaged[1]);
    }

    #[test]
    fn reopening_after_a_torn_write_starts_a_fresh_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let torn = format(&records()[1]);
        std::fs::write(&path, &torn[..torn.len() - 7]).unwrap();
        let mut journal = Journal::open(&path).unwrap();
        journal.append(&records()[..1]).unwrap();
        // Its length is the file's, the line break it added counted.
        assert_eq!(journal.len(), std::fs::metadata(&path).unwrap().len());
        let (back, damaged) = read(&path).unwrap();
        assert_eq!(back, records()[..1]);
        assert_eq!(damaged.len(), 1);
    }

    #[test]
    fn append_writes_private_durable_records() {
        let dir = tempfile::tempdir().unwrap();
        // The local store's folder, whose files only its owner reads.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let path = dir.path().join(FILE_NAME);
        Journal::open(&path)
            .unwrap()
            .append(&records()[..2])
            .unwrap();
        let mut again = Journal::open(&path).unwrap();
        again.append(&records()[2..]).unwrap();
        assert_eq!(read(&path).unwrap().0, records());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_journal_in_a_shared_folder_is_readable_by_its_group() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o770)).unwrap();
        let path = dir.path().join(FILE_NAME);
        Journal::open(&path)
            .unwrap()
            .append(&records()[..1])
            .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o660);
        // A mode set by hand on a journal that is there is left as it is.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        Journal::open(&path).unwrap();
        assert_eq!(mode(&path), 0o640);
    }
}
