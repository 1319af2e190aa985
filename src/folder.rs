//! The meeting folder on the shared drive: `{output_dir}/{date}-{slug}/` with the
//! agenda's copy, `notes/NN-slug.md` per item, the journal and `report.md`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::agenda::{Agenda, slugify};
use crate::journal::{self, Damaged};
use crate::meeting::{Event, Meeting};

pub const NOTES_DIR: &str = "notes";
pub const AGENDA_FILE: &str = "agenda.toml";
pub const REPORT_FILE: &str = "report.md";
/// Remembers what agendum last wrote as the report, to recognise edits made by hand.
const REPORT_SUM: &str = ".report.md.sum";

pub fn meeting_dir(output_dir: &Path, agenda: &Agenda) -> PathBuf {
    output_dir.join(agenda.slug())
}

/// `01-activities-of-the-wg-strategy-for-2023.md` for the first item.
pub fn notes_file_name(agenda: &Agenda, item: usize) -> String {
    let mut slug = slugify(&agenda.items[item].title);
    slug.truncate(40);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("{:02}.md", item + 1)
    } else {
        format!("{:02}-{slug}.md", item + 1)
    }
}

/// The notes files found in a meeting folder: per item the text (files are matched
/// by their number, so a renamed title still finds its notes), and files that match
/// no item.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FolderNotes {
    pub items: Vec<Option<String>>,
    pub unmatched: Vec<(String, String)>,
}

pub fn read_notes(dir: &Path, agenda: &Agenda) -> io::Result<FolderNotes> {
    let mut found = FolderNotes {
        items: vec![None; agenda.items.len()],
        unmatched: Vec::new(),
    };
    let notes_dir = dir.join(NOTES_DIR);
    let entries = match fs::read_dir(&notes_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.ends_with(".md") && !name.starts_with('.'))
        .collect();
    files.sort();
    for (name, path) in files {
        let text = String::from_utf8_lossy(&fs::read(&path)?).into_owned();
        let number: Option<usize> = name
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok();
        let shown = format!("{NOTES_DIR}/{name}");
        match number
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < agenda.items.len())
        {
            Some(i) if found.items[i].is_none() => found.items[i] = Some(text),
            // A second file for the same item: both are kept, the other one as unmatched.
            _ if !text.trim().is_empty() => found.unmatched.push((shown, text)),
            _ => {}
        }
    }
    Ok(found)
}

/// A meeting rebuilt from its folder, and what could not be used.
pub struct Loaded {
    pub meeting: Meeting,
    pub damaged: Vec<Damaged>,
    /// Journal events that no longer apply (e.g. the agenda changed), with the reason.
    pub skipped: Vec<String>,
}

/// Replays the folder's journal, then takes each item's notes from its notes file,
/// which is the truth for notes.
pub fn load(dir: &Path, agenda: Agenda) -> io::Result<Loaded> {
    let (records, damaged) = journal::read(&dir.join(journal::FILE_NAME))?;
    let (mut meeting, skipped) = Meeting::replay(agenda, &records);
    let notes = read_notes(dir, &meeting.agenda)?;
    for (i, text) in notes.items.into_iter().enumerate() {
        if let Some(text) = text {
            meeting.notes[i] = text;
        }
    }
    meeting.unmatched_notes.extend(notes.unmatched);
    Ok(Loaded {
        meeting,
        damaged,
        skipped: skipped
            .into_iter()
            .map(|(r, why)| format!("{} {:?}: {why}", r.at.to_rfc3339(), r.event))
            .collect(),
    })
}

/// Writes a file by writing a temporary file beside it and renaming it over, so a
/// reader (or a crash) never sees half a file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// What writing the report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    /// Where an earlier report, edited by hand since agendum wrote it, was kept.
    pub kept: Option<PathBuf>,
}

/// Writes `report.md` in `dir`. An existing report that differs from what agendum last
/// wrote was edited by someone: it is kept as `report.N.md` (first free N), never
/// overwritten.
pub fn write_report(dir: &Path, text: &str) -> io::Result<Written> {
    fs::create_dir_all(dir)?;
    let path = dir.join(REPORT_FILE);
    let sum_path = dir.join(REPORT_SUM);
    let mut kept = None;
    if let Ok(existing) = fs::read(&path) {
        let last = fs::read_to_string(&sum_path).ok();
        let ours = last.as_deref().map(str::trim) == Some(digest(&existing).as_str());
        if !ours && existing != text.as_bytes() {
            let free = (1..)
                .map(|n| dir.join(format!("report.{n}.md")))
                .find(|p| !p.exists())
                .expect("some number is free");
            fs::rename(&path, &free)?;
            kept = Some(free);
        }
    }
    write_atomically(&path, text.as_bytes())?;
    write_atomically(&sum_path, digest(text.as_bytes()).as_bytes())?;
    Ok(Written { path, kept })
}

/// FNV-1a, 64 bits: enough to tell "the same bytes agendum wrote" from "edited".
fn digest(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The event to journal after a report was written.
pub fn written_event(w: &Written) -> Event {
    Event::ReportWritten {
        path: w.path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_edited_by_hand_is_kept_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_report(dir.path(), "one\n").unwrap();
        assert_eq!(first.kept, None);
        // Rewriting what agendum wrote replaces it.
        assert_eq!(write_report(dir.path(), "two\n").unwrap().kept, None);
        fs::write(dir.path().join(REPORT_FILE), "two, edited\n").unwrap();
        let w = write_report(dir.path(), "three\n").unwrap();
        assert_eq!(w.kept, Some(dir.path().join("report.1.md")));
        assert_eq!(
            fs::read_to_string(dir.path().join("report.1.md")).unwrap(),
            "two, edited\n"
        );
        fs::write(dir.path().join(REPORT_FILE), "three, edited\n").unwrap();
        let w = write_report(dir.path(), "four\n").unwrap();
        assert_eq!(w.kept, Some(dir.path().join("report.2.md")));
        assert_eq!(
            fs::read_to_string(dir.path().join(REPORT_FILE)).unwrap(),
            "four\n"
        );
    }

    #[test]
    fn a_report_found_without_a_record_of_ours_is_kept_too() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(REPORT_FILE), "someone's\n").unwrap();
        let w = write_report(dir.path(), "new\n").unwrap();
        assert_eq!(w.kept, Some(dir.path().join("report.1.md")));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
