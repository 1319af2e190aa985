//! Writes the meetings that `benches/startup.py` and `benches/idle_cpu.py` start the
//! real binary on: the 200-item agenda, and a meeting on it stored exactly as the
//! moderator's screen stores one (`store::Store::open`, then `Store::record`: the
//! journal in the local store under `$XDG_DATA_HOME`, the folder's copy, the agenda
//! and the notes files in the meeting folder), so that `agendum AGENDA --output-dir
//! DIR/out` resumes it.
//!
//!     XDG_DATA_HOME=/tmp/x/data cargo bench --bench fixtures -- DIR KIND
//!
//! KIND is one of
//! - `agenda`: only `DIR/agenda200.toml`;
//! - `resume2`: a journal of 2 lines (the agenda's items, item 1 taken up);
//! - `resume100k`: the agenda's items and 100,000 events shaped as in
//!   `benches/core.rs`'s resume benchmark (take-ups, queue joins and turns,
//!   attendance, notes typed a second at a time as patches);
//! - `notes200`: every item's notes about 5 KB of prose (one patch each), so the
//!   folder holds 200 notes files with text.
//!
//! Run with no arguments (as `cargo bench` runs every bench) it says how to use it and
//! does nothing.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use agendum::agenda;
use agendum::meeting::{Event, Record};
use agendum::store::{OpenError, Options, Paths, Store};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [dir, kind] = args.as_slice() else {
        eprintln!(
            "fixtures: usage: XDG_DATA_HOME=DATA cargo bench --bench fixtures -- DIR \
             agenda|resume2|resume100k|notes200 (nothing written)"
        );
        return ExitCode::SUCCESS;
    };
    if std::env::var_os("XDG_DATA_HOME").is_none() {
        eprintln!(
            "fixtures: set XDG_DATA_HOME to a throw-away directory: the meeting's local store goes there"
        );
        return ExitCode::FAILURE;
    }
    match write(Path::new(dir), kind) {
        Ok(folder) => {
            if let Some(f) = folder {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fixtures: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write(dir: &Path, kind: &str) -> Result<Option<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let source = support::large_agenda();
    let agenda_path = dir.join("agenda200.toml");
    std::fs::write(&agenda_path, &source).map_err(|e| e.to_string())?;
    if kind == "agenda" {
        return Ok(None);
    }
    if !["resume2", "resume100k", "notes200"].contains(&kind) {
        return Err(format!("unknown kind {kind}"));
    }
    let agenda = agenda::parse_str(&agenda_path.to_string_lossy(), &source)
        .map_err(|e| format!("the agenda: {e:?}"))?;
    let out = dir.join("out");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let out = std::fs::canonicalize(&out).map_err(|e| e.to_string())?;
    let folder = agendum::folder::meeting_dir(&out, &agenda);
    let paths = Paths::of(&folder);
    let options = Options {
        look_every: None,
        ..Options::default()
    };
    let opened = match Store::open(&paths, agenda, source.as_bytes(), &options, support::t0()) {
        Ok(o) => o,
        Err(OpenError::Held { lock, .. }) => {
            return Err(format!("the meeting is held: {}", lock.display()));
        }
        Err(OpenError::Io(e)) => return Err(e.to_string()),
    };
    let mut store = opened.store;
    let mut meeting = opened.loaded.meeting;
    meeting.writer = "chair@laptop~4242-1".into();
    let mut records = Vec::new();
    match kind {
        "resume2" => {
            let event = Event::TakeUp { item: "1".into() };
            meeting
                .apply(&event, support::t0())
                .map_err(|e| e.to_string())?;
            records.push(Record {
                at: support::t0(),
                event,
            });
        }
        "resume100k" => {
            let mut notes = vec![String::new(); meeting.agenda.items.len()];
            let mut n = 0;
            // Events the meeting refuses (someone queued twice) are not journalled, as
            // the screen would not journal them: 100,000 that apply.
            while records.len() < 100_000 {
                let at = support::at(n);
                let event = support::long_meeting_event(n, &mut meeting, &mut notes);
                let applies =
                    matches!(event, Event::NotesPatch { .. }) || meeting.apply(&event, at).is_ok();
                if applies {
                    records.push(Record { at, event });
                }
                n += 1;
            }
            assert_eq!(meeting.notes, notes, "the notes made are the notes typed");
        }
        _ => {
            for i in 0..meeting.agenda.items.len() {
                let event = meeting
                    .edit_notes(i, &support::typical_notes(i))
                    .expect("a change");
                records.push(Record {
                    at: support::at(i),
                    event,
                });
            }
        }
    }
    store
        .record(&records, &meeting)
        .map_err(|e| e.to_string())?;
    let waiting = store.close(Duration::from_secs(120));
    if !waiting.is_empty() {
        return Err(format!("the folder was not written: {waiting:?}"));
    }
    Ok(Some(folder))
}
