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

/// A journal longer than this is read in two halves at once: resuming a long meeting
/// waits on nothing else, and reading JSON was a fifth of the start.
const READ_IN_HALVES: usize = 1 << 20;

/// Reads a journal's bytes: `parse` of their text, any byte that is not UTF-8 (a
/// damaged line) read as a replacement character. Valid text, the usual case, is
/// checked by the standard library's fast path and not copied.
pub fn parse_bytes(bytes: &[u8]) -> (Vec<Record>, Vec<Damaged>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(_) => parse(&String::from_utf8_lossy(bytes)),
    }
}

/// Reads a journal's text: the records in order and the damaged ones.
pub fn parse(text: &str) -> (Vec<Record>, Vec<Damaged>) {
    parse_in(text, if text.len() > READ_IN_HALVES { 2 } else { 1 })
}

/// `parse`, the text cut at line breaks into up to `parts` read side by side: the
/// same records and the same damaged lines, numbered as in the whole text.
fn parse_in(text: &str, parts: usize) -> (Vec<Record>, Vec<Damaged>) {
    let mut pieces = Vec::with_capacity(parts);
    let (mut rest, mut first_line) = (text, 0);
    for k in (1..parts).rev() {
        // Cut after the line break nearest past an even share of what is left.
        let want = rest.len() / (k + 1);
        let Some(cut) = rest.as_bytes()[want..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let (piece, after) = rest.split_at(want + cut + 1);
        pieces.push((piece, first_line));
        first_line += piece.bytes().filter(|&b| b == b'\n').count();
        rest = after;
    }
    pieces.push((rest, first_line));
    if pieces.len() == 1 {
        return parse_lines(text, 0);
    }
    let mut read: Vec<(Vec<Record>, Vec<Damaged>)> = std::thread::scope(|s| {
        let later: Vec<_> = pieces[1..]
            .iter()
            .map(|&(piece, first)| s.spawn(move || parse_lines(piece, first)))
            .collect();
        let mut read = vec![parse_lines(pieces[0].0, pieces[0].1)];
        read.extend(later.into_iter().map(crate::cores::joined));
        read
    });
    let (mut records, mut damaged) = read.remove(0);
    for (r, d) in read {
        records.extend(r);
        damaged.extend(d);
    }
    (records, damaged)
}

/// The records of `text`, whose first line is line `first_line + 1` of the journal.
fn parse_lines(text: &str, first_line: usize) -> (Vec<Record>, Vec<Damaged>) {
    let mut records = Vec::with_capacity(text.len() / 96);
    let mut damaged = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => damaged.push(Damaged {
                line: first_line + n + 1,
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
        Ok(bytes) => Ok(parse_bytes(&bytes)),
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

    proptest::proptest! {
        /// Read in pieces side by side, a journal gives what it gives read whole:
        /// the same records in the same order, the same damaged lines numbered alike.
        #[test]
        fn a_journal_read_in_parts_reads_as_one(
            lines in proptest::collection::vec(0usize..7, 0..60),
            parts in 1usize..5,
            torn_end in proptest::bool::ANY,
        ) {
            let pool = records();
            let mut text = String::new();
            for (k, pick) in lines.iter().enumerate() {
                match *pick {
                    0..=3 => text.push_str(&format(&pool[(k + pick) % pool.len()])),
                    4 => text.push_str("not json at all ü\n"),
                    5 => text.push_str("   \n"),
                    _ => text.push_str(&format(&pool[1]).replace('\n', "\r\n")),
                }
            }
            if torn_end {
                text.push_str("{\"at\":\"2023-");
            }
            let whole = parse_in(&text, 1);
            proptest::prop_assert_eq!(parse_in(&text, parts), whole.clone());
            proptest::prop_assert_eq!(parse(&text), whole);
        }
    }
}
