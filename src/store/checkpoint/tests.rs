//! A checkpoint is taken up only for the journal and agenda it was made from; anything
//! else about it and the journal is replayed whole, to the same meeting.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::meeting::QueueKind;

const AGENDA: &str = "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
    [[participants]]\nname = \"Ana Lima\"\n[[participants]]\nname = \"Bo Chen\"\n\
    [[items]]\ntitle = \"Welcome\"\n[[items]]\ntitle = \"Budget review\"\n\
    [[items.subitems]]\ntitle = \"Travel\"\n[[items]]\ntitle = \"AoB\"\n";

fn agenda() -> Agenda {
    crate::agenda::parse_str("a.toml", AGENDA).unwrap()
}

fn at(n: usize) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap() + TimeDelta::seconds(n as i64)
}

/// `n` events of a meeting as the screen journals them, from event `from` on:
/// take-ups, the queue, attendance, undo, an item added, notes typed as patches.
fn events(typing: &mut Meeting, from: usize, n: usize) -> Vec<Record> {
    let mut out = Vec::new();
    for k in from..from + n {
        let who = if k % 2 == 0 { "Ana Lima" } else { "Bo Chen" };
        let event = match k % 12 {
            0 => Event::TakeUp {
                item: ["1", "2", "2a", "3"][(k / 12) % 4].into(),
            },
            1 | 2 => Event::Join {
                who: who.into(),
                queue: QueueKind::Topic,
                topic: None,
            },
            3 => Event::NextSpeaker,
            4 => Event::Present { who: who.into() },
            5 if k % 120 == 5 => Event::AddItem {
                title: format!("Added {k}"),
                timebox: None,
                under: Some(1),
            },
            6 => Event::Undo,
            _ => {
                let i = (k / 12) % 3;
                let text = format!("{}line {k} typed\n", typing.notes[i]);
                let Some(e) = typing.edit_notes(i, &text) else {
                    continue;
                };
                out.push(Record {
                    at: at(k),
                    event: e,
                });
                continue;
            }
        };
        if typing.apply(&event, at(k)).is_ok() {
            out.push(Record { at: at(k), event });
        }
    }
    out
}

fn text(records: &[Record]) -> Vec<u8> {
    records
        .iter()
        .map(journal::format)
        .collect::<String>()
        .into_bytes()
}

/// A meeting's journal long enough for a checkpoint, its first record the agenda's.
fn long_journal() -> (Meeting, Vec<u8>) {
    let mut typing = Meeting::new(agenda());
    let mut records = vec![Record {
        at: at(0),
        event: Event::Agenda {
            items: agenda().written_titles(),
        },
    }];
    records.extend(events(&mut typing, 1, 3000));
    let bytes = text(&records);
    assert!(bytes.len() as u64 > WORTH_IT, "{}", bytes.len());
    (typing, bytes)
}

fn state(m: &Meeting) -> (Option<Saved>, Vec<String>) {
    (m.save(), m.notes.clone())
}

/// The meeting replayed whole from `journal`, as without any checkpoint.
fn whole(journal: &[u8]) -> Meeting {
    let (records, _) = journal::parse_bytes(journal);
    Meeting::replay(agenda(), &records).0
}

struct Local {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
}

impl Local {
    fn with(journal: &[u8]) -> Local {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("local");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(journal::FILE_NAME), journal).unwrap();
        Local { _tmp: tmp, dir }
    }

    fn checkpoint(&self) -> std::path::PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Resumes from `journal`: how much a checkpoint covered, and whether the meeting
    /// is the whole journal's.
    fn resume(&self, journal: &[u8]) -> u64 {
        let r = replay(&self.dir, agenda(), journal);
        assert_eq!(state(&r.meeting), state(&whole(journal)));
        r.covered
    }
}

#[test]
fn a_long_meeting_resumes_from_its_checkpoint_and_the_records_after_it() {
    let (mut typing, journal) = long_journal();
    let local = Local::with(&journal);
    assert!(write(&local.dir, &agenda()).unwrap());
    assert_eq!(local.resume(&journal), journal.len() as u64);
    // Records journalled after it are replayed on it.
    let mut longer = journal.clone();
    longer.extend(text(&events(&mut typing, 3001, 50)));
    longer.extend(b"{\"at\": torn\n");
    longer.extend(text(&events(&mut typing, 3051, 10)));
    assert_eq!(local.resume(&longer), journal.len() as u64);
    let r = replay(&local.dir, agenda(), &longer);
    let (_, damaged) = journal::parse_bytes(&longer);
    assert_eq!(
        r.damaged, damaged,
        "damaged lines numbered in the whole journal"
    );
    // Not yet worth another.
    fs::write(local.dir.join(journal::FILE_NAME), &longer).unwrap();
    assert!(!write(&local.dir, &agenda()).unwrap());
}

#[test]
fn a_short_meeting_writes_no_checkpoint() {
    let mut typing = Meeting::new(agenda());
    let local = Local::with(&text(&events(&mut typing, 0, 20)));
    assert!(!write(&local.dir, &agenda()).unwrap());
    assert!(!local.checkpoint().exists());
}

/// Notes taken in whole from their files make few records, however many bytes: they
/// replay faster than a checkpoint of them would be read.
#[test]
fn a_journal_of_few_large_records_writes_no_checkpoint() {
    let mut typing = Meeting::new(agenda());
    let mut records = vec![Record {
        at: at(0),
        event: Event::Agenda {
            items: agenda().written_titles(),
        },
    }];
    let paragraph = "The group went through the draft line by line. ".repeat(40);
    for k in 1..300 {
        let i = k % 3;
        let text = format!("{}{paragraph}{k}\n\n", typing.notes[i]);
        let e = typing.edit_notes(i, &text).expect("the notes change");
        records.push(Record {
            at: at(k),
            event: e,
        });
    }
    let bytes = text(&records);
    assert!(bytes.len() as u64 > WORTH_IT, "{}", bytes.len());
    let local = Local::with(&bytes);
    assert!(!write(&local.dir, &agenda()).unwrap());
    assert!(!local.checkpoint().exists());
    // As many bytes in records enough to be worth it make one.
    let (_, long) = long_journal();
    let local = Local::with(&long);
    assert!(write(&local.dir, &agenda()).unwrap());
}

#[test]
fn a_damaged_or_cut_checkpoint_is_ignored() {
    let (_, journal) = long_journal();
    let local = Local::with(&journal);
    write(&local.dir, &agenda()).unwrap();
    let good = fs::read(local.checkpoint()).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let mut body_only = good[17..].to_vec();
    body_only.insert(0, b'\n');
    for bad in [
        flipped,
        good[..good.len() / 2].to_vec(),
        good[..10].to_vec(),
        Vec::new(),
        b"not a checkpoint at all".to_vec(),
        body_only,
        vec![0xff; 4096],
    ] {
        fs::write(local.checkpoint(), &bad).unwrap();
        assert_eq!(local.resume(&journal), 0);
    }
    // Not a file: a directory, or a link (the local store is its owner's, but a link
    // there is still not what agendum wrote).
    fs::remove_file(local.checkpoint()).unwrap();
    fs::create_dir(local.checkpoint()).unwrap();
    assert_eq!(local.resume(&journal), 0);
    fs::remove_dir(local.checkpoint()).unwrap();
    fs::write(local.dir.join("elsewhere"), &good).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(local.dir.join("elsewhere"), local.checkpoint()).unwrap();
        assert_eq!(local.resume(&journal), 0);
    }
}

#[test]
fn a_checkpoint_of_another_meeting_or_agenda_is_ignored() {
    let (_, journal) = long_journal();
    let local = Local::with(&journal);
    write(&local.dir, &agenda()).unwrap();
    // Another meeting on the same agenda, as long.
    let mut other = Meeting::new(agenda());
    let mut records = vec![Record {
        at: at(0),
        event: Event::Agenda {
            items: agenda().written_titles(),
        },
    }];
    records.extend(events(&mut other, 7, 3100));
    let other = text(&records);
    assert!(other.len() > journal.len());
    assert_eq!(local.resume(&other), 0);
    // The same journal on an agenda changed since.
    let changed =
        crate::agenda::parse_str("a.toml", &AGENDA.replace("Bo Chen", "Bo Chan")).unwrap();
    let r = replay(&local.dir, changed.clone(), &journal);
    assert_eq!(r.covered, 0);
    let (records, _) = journal::parse_bytes(&journal);
    assert_eq!(
        state(&r.meeting),
        state(&Meeting::replay(changed, &records).0)
    );
}

#[test]
fn a_journal_edited_truncated_or_replaced_before_the_checkpoint_is_replayed_whole() {
    let (_, journal) = long_journal();
    let local = Local::with(&journal);
    write(&local.dir, &agenda()).unwrap();
    // One letter of a name, the length unchanged.
    let at = journal.windows(7).position(|w| w == b"Bo Chen").unwrap();
    let mut edited = journal.clone();
    edited[at + 3] = b'X';
    assert_eq!(edited.len(), journal.len());
    assert_eq!(local.resume(&edited), 0);
    // A line taken off the end, then records written again.
    let cut = journal[..journal.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    assert_eq!(local.resume(&journal[..cut]), 0);
    let mut typing = whole(&journal[..cut]);
    let mut again = journal[..cut].to_vec();
    again.extend(text(&events(&mut typing, 5000, 40)));
    assert!(again.len() > journal.len());
    assert_eq!(local.resume(&again), 0);
    // Nothing at all.
    assert_eq!(local.resume(b""), 0);
}

#[test]
fn a_checkpoint_left_half_written_by_a_crash_is_ignored() {
    let (mut typing, journal) = long_journal();
    let local = Local::with(&journal);
    write(&local.dir, &agenda()).unwrap();
    let good = fs::read(local.checkpoint()).unwrap();
    // Killed while writing the next one: its temporary file is left, cut short.
    let mut longer = journal.clone();
    longer.extend(text(&events(&mut typing, 3001, 3000)));
    let temp = local.dir.join(format!(".{FILE_NAME}.4242-0.agendum-tmp"));
    fs::write(&temp, &good[..good.len() / 3]).unwrap();
    assert_eq!(local.resume(&longer), journal.len() as u64);
    // The next checkpoint is written all the same, and taken up.
    fs::write(local.dir.join(journal::FILE_NAME), &longer).unwrap();
    assert!(write(&local.dir, &agenda()).unwrap());
    assert_eq!(local.resume(&longer), longer.len() as u64);
    assert!(!temp.exists(), "the torn one is taken away");
    // Killed while writing a checkpoint in place (which agendum never does): ignored.
    let now = fs::read(local.checkpoint()).unwrap();
    fs::write(local.checkpoint(), &now[..now.len() - 100]).unwrap();
    assert_eq!(local.resume(&longer), 0);
}

#[test]
fn the_hash_sees_any_one_word_changed_and_reads_in_pieces_as_whole() {
    let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
    let h = hash(&bytes);
    for i in [0, 1, 7, 8, 500, 998, 999] {
        let mut changed = bytes.clone();
        changed[i] ^= 0x80;
        assert_ne!(hash(&changed), h, "byte {i}");
    }
    assert_ne!(hash(&bytes[..999]), h);
    let mut extended = bytes.clone();
    extended.push(0);
    assert_ne!(hash(&extended), h, "a zero byte more is not the same");
    let mut pieces = Hashing::default();
    for chunk in bytes.chunks(3) {
        pieces.add(chunk);
    }
    assert_eq!(pieces.finish(), h);
}

/// Through the store, as the screen runs a meeting: the session that journals a long
/// meeting leaves a checkpoint, the next start takes it up; a short one leaves none.
#[test]
fn a_session_ends_with_a_checkpoint_only_when_the_journal_grew_enough() {
    use crate::store::{Options, Paths, Store};
    let tmp = tempfile::tempdir().unwrap();
    let paths = Paths {
        folder: tmp.path().join("drive/2024-06-03-g"),
        local: tmp.path().join("local/2024-06-03-g"),
    };
    fs::create_dir_all(tmp.path().join("drive")).unwrap();
    let options = Options {
        look_every: None,
        ..Options::default()
    };
    let open = || match Store::open(&paths, agenda(), AGENDA.as_bytes(), &options, at(0)) {
        Ok(o) => o,
        Err(_) => panic!("the meeting opens"),
    };
    let patience = std::time::Duration::from_secs(10);
    let short = open();
    assert_eq!(short.loaded.covered, 0);
    let mut m = short.loaded.meeting;
    let mut store = short.store;
    store.record(&events(&mut m, 1, 10), &m).unwrap();
    store.close(patience);
    assert!(!paths.local.join(FILE_NAME).exists());

    let long = open();
    let mut m = long.loaded.meeting;
    let mut store = long.store;
    store.record(&events(&mut m, 11, 3000), &m).unwrap();
    store.close(patience);
    assert!(paths.local.join(FILE_NAME).exists());
    let again = open();
    let journal = fs::read(paths.local.join(journal::FILE_NAME)).unwrap();
    assert_eq!(again.loaded.covered, journal.len() as u64);
    assert_eq!(state(&again.loaded.meeting), state(&whole(&journal)));
    again.store.close(patience);
}
