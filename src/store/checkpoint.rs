//! A checkpoint of a long meeting: the meeting a replay of the journal's first bytes
//! gave, kept beside the local journal so that a resume replays only the records
//! after them. Reading and replaying a hundred thousand records was nearly all of the
//! time a long meeting took to resume.
//!
//! The journal stays the truth. A checkpoint is taken up only when it names the
//! journal it was made from — the length it covers, ending a line, and a hash of those
//! bytes, checked against the journal as read — and the agenda it was replayed on; it
//! carries a hash of itself, so a file cut short or damaged is known. Anything else
//! (another meeting's, an edited or truncated journal, a changed agenda, a format of
//! another version) and the journal is replayed whole, as without one. It lives only in
//! the local store, which nobody else writes: a checkpoint in the shared folder would
//! let anyone who can write there say what the meeting holds.
//!
//! It is written when the store closes, after the last record is journalled, by a
//! thread of its own while the folder's writer finishes (a temporary file renamed over
//! it, so a crash leaves the old one or the new one whole), and only once the journal
//! has grown by `WORTH_IT` (and `WORTH_IT_RECORDS`) past the checkpoint read at the
//! start: a short meeting never writes one, and nothing is rewritten that has not
//! changed.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::agenda::Agenda;
use crate::folder;
use crate::journal::{self, Damaged};
use crate::meeting::{Event, Meeting, Record, saved::Saved};

pub const FILE_NAME: &str = "checkpoint.json";

/// Bumped whenever what a checkpoint holds, or what replay makes of a journal, changes.
const FORMAT: u32 = 1;

/// How many journal bytes past the checkpoint make a new one worth writing: about two
/// thousand records, a few milliseconds of replay.
pub const WORTH_IT: u64 = 256 << 10;

/// And how many records: a few hundred large ones (notes taken in whole from their
/// files) replay faster than a checkpoint of them is read (200 items' notes of 5 KB,
/// 1.4 MB of journal in 201 records: a 2.5 MB checkpoint made the report 3 ms slower).
const WORTH_IT_RECORDS: usize = 2_000;

/// Bigger than any checkpoint of a meeting that fits in a journal agendum reads.
const READ_LIMIT: u64 = 1 << 30;

#[derive(Serialize, Deserialize)]
struct Body {
    format: u32,
    /// `fingerprint` of the agenda the journal was replayed on.
    agenda: String,
    /// How many of the journal's bytes were replayed (whole lines).
    covers: u64,
    /// `hash` of those bytes.
    prefix: String,
    /// How many lines they hold: later damaged lines are numbered after them.
    lines: usize,
    damaged: Vec<(usize, String)>,
    skipped: Vec<(Record, String)>,
    meeting: Saved,
}

/// A journal replayed, from a checkpoint or whole.
pub struct Replayed {
    pub meeting: Meeting,
    pub damaged: Vec<Damaged>,
    pub skipped: Vec<(Record, String)>,
    /// The titles of the agenda the journal last numbered items by (`Event::Agenda`).
    pub numbered: Option<Vec<String>>,
    /// How many bytes a checkpoint spared replaying (0: none was taken up).
    pub covered: u64,
}

/// Replays `journal` on `agenda`: from the local store's checkpoint when it is one of
/// this journal and agenda, else whole.
pub fn replay(local: &Path, agenda: Agenda, journal: &[u8]) -> Replayed {
    let titles = agenda.written_titles();
    if let Some(body) = read(local, || fingerprint(&agenda), journal) {
        let covers = body.covers as usize;
        let (records, damaged) = journal::parse_bytes(&journal[covers..]);
        // Records before the last `Agenda` event are renumbered through it: the tail
        // reads alone as in the whole journal only if every agenda it names is today's
        // (as the checkpoint's last one is, see `write`).
        let agenda_changed = records
            .iter()
            .any(|r| matches!(&r.event, Event::Agenda { items } if *items != titles));
        if !agenda_changed
            && let Ok(mut meeting) = Meeting::from_saved(agenda.clone(), body.meeting)
        {
            let mut skipped = body.skipped;
            skipped.extend(meeting.replay_more(&records, false));
            let mut all_damaged: Vec<Damaged> = body
                .damaged
                .into_iter()
                .map(|(line, reason)| Damaged { line, reason })
                .collect();
            all_damaged.extend(damaged.into_iter().map(|d| Damaged {
                line: d.line + body.lines,
                ..d
            }));
            return Replayed {
                meeting,
                damaged: all_damaged,
                skipped,
                numbered: Some(titles),
                covered: body.covers,
            };
        }
    }
    let (records, damaged) = journal::parse_bytes(journal);
    let numbered = last_numbered(&records);
    let (meeting, skipped) = Meeting::replay(agenda, &records);
    Replayed {
        meeting,
        damaged,
        skipped,
        numbered,
        covered: 0,
    }
}

fn last_numbered(records: &[Record]) -> Option<Vec<String>> {
    records.iter().rev().find_map(|r| match &r.event {
        Event::Agenda { items } => Some(items.clone()),
        _ => None,
    })
}

/// The checkpoint in `local`, when it is whole, of this format and agenda, and covers
/// the first bytes of `journal` as they are.
///
/// `print` is the agenda's fingerprint, made only when there is a checkpoint to hold
/// it against: a new meeting has none, and the whole agenda is formatted to make it.
fn read(local: &Path, print: impl FnOnce() -> String, journal: &[u8]) -> Option<Body> {
    let path = local.join(FILE_NAME);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > READ_LIMIT {
        return None;
    }
    let bytes = fs::read(&path).ok()?;
    let (sum, text) = bytes.split_at_checked(17)?;
    if sum[16] != b'\n' || sum[..16] != *hex(hash(text)).as_bytes() {
        return None;
    }
    let body: Body = serde_json::from_slice(text).ok()?;
    let covers = usize::try_from(body.covers).ok()?;
    let fits = body.format == FORMAT
        && covers > 0
        && covers <= journal.len()
        && journal[covers - 1] == b'\n'
        && body.prefix == hex(hash(&journal[..covers]))
        && body.agenda == print();
    fits.then_some(body)
}

/// Writes a checkpoint of the local journal of the meeting in `local` (on `agenda`),
/// when the journal has grown by `WORTH_IT` past what the one there covers. Whether
/// one was written.
pub fn write(local: &Path, agenda: &Agenda) -> io::Result<bool> {
    let journal = match fs::read(local.join(journal::FILE_NAME)) {
        Ok(j) => j,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // Whole lines only: a last line torn by a crash is ended before the next record.
    let covers = journal
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let journal = &journal[..covers];
    let replayed = replay(local, agenda.clone(), journal);
    let (before, since) =
        journal.split_at(usize::try_from(replayed.covered).map_or(covers, |c| c.min(covers)));
    let lines = |bytes: &[u8]| memchr::memchr_iter(b'\n', bytes).count();
    let records_since = lines(since);
    if (covers as u64) < replayed.covered + WORTH_IT
        || records_since < WORTH_IT_RECORDS
        || replayed.numbered.as_ref() != Some(&agenda.written_titles())
    {
        return Ok(false);
    }
    let Some(meeting) = replayed.meeting.save() else {
        return Ok(false);
    };
    let body = Body {
        format: FORMAT,
        agenda: fingerprint(agenda),
        covers: covers as u64,
        prefix: hex(hash(journal)),
        lines: lines(before) + records_since,
        damaged: replayed
            .damaged
            .into_iter()
            .map(|d| (d.line, d.reason))
            .collect(),
        skipped: replayed.skipped,
        meeting,
    };
    let text = serde_json::to_vec(&body).map_err(io::Error::other)?;
    let mut file = format!("{}\n", hex(hash(&text))).into_bytes();
    file.extend_from_slice(&text);
    remove_torn(local);
    folder::write_privately(&local.join(FILE_NAME), &file)?;
    Ok(true)
}

/// Takes away the temporary files of checkpoints whose writing was cut short (a
/// `kill -9`, a power cut): nothing reads them, and each is as big as a checkpoint.
/// Only the holder of the meeting writes checkpoints, so none is being written now.
fn remove_torn(local: &Path) {
    let Ok(entries) = fs::read_dir(local) else {
        return;
    };
    let stem = format!(".{FILE_NAME}.");
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&stem) && name.ends_with(".agendum-tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// What of the agenda a replay reads, as a hash: every field but the roster's index,
/// which is made from the participants (and holds a map whose order changes from run
/// to run). The pattern names every field, so one added later is not missed.
fn fingerprint(agenda: &Agenda) -> String {
    let Agenda {
        meeting,
        settings,
        report,
        days,
        participants,
        items,
        roster: _,
    } = agenda;
    let mut h = Hashing::default();
    let _ = write!(
        h,
        "{meeting:?}{settings:?}{report:?}{days:?}{participants:?}{items:?}"
    );
    hex(h.finish())
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A 64-bit hash of `bytes`, eight at a time: the journal's first bytes are hashed on
/// every resume, and a byte at a time took longer than what the checkpoint spares.
/// Not a defence against anyone (the local store is its owner's alone), but every
/// step is one-to-one in the state, so a journal differing in one word always differs
/// here, and any other change escapes it by a chance of one in 2^64.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h = Hashing::default();
    h.add(bytes);
    h.finish()
}

struct Hashing {
    state: u64,
    /// Bytes short of a whole word, kept for the next.
    pending: [u8; 8],
    held: usize,
    len: u64,
}

impl Default for Hashing {
    fn default() -> Self {
        Hashing {
            state: 0x243f_6a88_85a3_08d3,
            pending: [0; 8],
            held: 0,
            len: 0,
        }
    }
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hashing {
    fn word(&mut self, w: u64) {
        self.state = (self.state ^ w).wrapping_mul(K).rotate_left(31);
    }

    fn add(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.held > 0 {
            let take = (8 - self.held).min(bytes.len());
            self.pending[self.held..self.held + take].copy_from_slice(&bytes[..take]);
            self.held += take;
            bytes = &bytes[take..];
            if self.held < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.pending));
            self.held = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.word(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    fn finish(mut self) -> u64 {
        if self.held > 0 {
            self.pending[self.held..].fill(0);
            self.word(u64::from_le_bytes(self.pending));
        }
        self.word(self.len);
        // The last words mixed into every bit.
        let mut h = self.state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.add(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
