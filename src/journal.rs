//! The meeting's journal: every event with its time, appended as a `[[event]]` table
//! to a TOML file. A record is self-contained, so one torn by a crash spoils only
//! itself; it is reported and skipped, and every record before and after is kept.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::meeting::Record;

pub const FILE_NAME: &str = "journal.toml";

const HEADER: &str = "[[event]]";

/// A record that could not be read, with its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub line: usize,
    pub reason: String,
}

/// Reads a journal's text: the records in order and the damaged ones.
pub fn parse(text: &str) -> (Vec<Record>, Vec<Damaged>) {
    // Split at header lines; a header line inside a record's multi-line notes splits
    // it wrongly, which the merge below repairs.
    let mut chunks: Vec<(usize, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim() == HEADER {
            chunks.push((n + 1, String::new()));
            continue;
        }
        if chunks.is_empty() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            // Text before the first header belongs to no record: keep it visible.
            chunks.push((n + 1, String::new()));
        }
        let chunk = &mut chunks.last_mut().expect("a chunk was pushed").1;
        chunk.push_str(line);
        chunk.push('\n');
    }
    let mut records = Vec::new();
    let mut damaged = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let (line, first) = &chunks[i];
        match toml::from_str::<Record>(first) {
            Ok(r) => {
                records.push(r);
                i += 1;
            }
            Err(e) => {
                let mut joined = first.clone();
                let mut repaired = None;
                for (j, (_, next)) in chunks.iter().enumerate().skip(i + 1).take(MAX_MERGE) {
                    joined.push_str(HEADER);
                    joined.push('\n');
                    joined.push_str(next);
                    if let Ok(r) = toml::from_str::<Record>(&joined) {
                        repaired = Some((j, r));
                        break;
                    }
                }
                match repaired {
                    Some((j, r)) => {
                        records.push(r);
                        i = j + 1;
                    }
                    None => {
                        damaged.push(Damaged {
                            line: *line,
                            reason: e
                                .message()
                                .lines()
                                .next()
                                .unwrap_or("unreadable")
                                .to_string(),
                        });
                        i += 1;
                    }
                }
            }
        }
    }
    (records, damaged)
}

/// How many following chunks a broken one may be joined with: a record's notes would
/// need that many lines reading exactly `[[event]]` to defeat it.
const MAX_MERGE: usize = 16;

/// Reads a journal file; a missing file is an empty journal.
pub fn read(path: &Path) -> std::io::Result<(Vec<Record>, Vec<Damaged>)> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(&String::from_utf8_lossy(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Vec::new(), Vec::new())),
        Err(e) => Err(e),
    }
}

/// One record as journal text.
pub fn format(record: &Record) -> String {
    let body = toml::to_string(record).expect("a record always serializes");
    format!("{HEADER}\n{body}\n")
}

/// Appends records and flushes them to the disk before returning.
pub fn append(path: &Path, records: &[Record]) -> std::io::Result<()> {
    let mut text = String::new();
    for r in records {
        text.push_str(&format(r));
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_data()
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
                    text: "line one\nACTION: Titti: x\n[[event]]\n".into(),
                },
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
    fn records_round_trip_even_with_headers_inside_notes() {
        let text: String = records().iter().map(format).collect();
        let (back, damaged) = parse(&text);
        assert_eq!(damaged, vec![]);
        assert_eq!(back, records());
    }

    #[test]
    fn reads_hand_written_toml_dates() {
        let text = "[[event]]\nat = 2023-02-16T14:02:00Z\nkind = \"next_meeting\"\ndate = 2023-03-02\ntime = 14:00:00\n";
        let (back, damaged) = parse(text);
        assert_eq!(damaged, vec![], "{text}");
        assert_eq!(
            back[0].event,
            Event::NextMeeting {
                date: NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(),
                time: NaiveTime::from_hms_opt(14, 0, 0)
            }
        );
    }

    #[test]
    fn a_torn_record_is_skipped_and_reported() {
        let mut text: String = records().iter().map(format).collect();
        text.push_str("[[event]]\nat = \"2023-02-16T14:1");
        text.push('\n');
        text.push_str(&format(&records()[0]));
        let (back, damaged) = parse(&text);
        assert_eq!(back.len(), 5);
        assert_eq!(damaged.len(), 1);
        assert!(damaged[0].line > 1);
    }

    #[test]
    fn append_writes_private_durable_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        append(&path, &records()[..2]).unwrap();
        append(&path, &records()[2..]).unwrap();
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
}
