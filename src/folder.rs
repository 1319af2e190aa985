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

/// The notes files found in a meeting folder: per item the text, files that match no
/// item, and what the reader had to say about them (encodings).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FolderNotes {
    pub items: Vec<Option<String>>,
    pub unmatched: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

/// One way of finding a notes file's item: from its file name and number.
type Matcher<'a> = dyn Fn(&str, Option<usize>) -> Option<usize> + 'a;

/// Reads `notes/*.md`. A file goes to the item whose file name it has; else to the one
/// item whose title its name spells (the item moved in the agenda); else to the item of
/// its number (the title was reworded). Files left over are kept as unmatched.
pub fn read_notes(dir: &Path, agenda: &Agenda) -> io::Result<FolderNotes> {
    let mut found = FolderNotes {
        items: vec![None; agenda.items.len()],
        ..FolderNotes::default()
    };
    let notes_dir = dir.join(NOTES_DIR);
    let entries = match fs::read_dir(&notes_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(with_path(e, &notes_dir)),
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.ends_with(".md") && !name.starts_with('.'))
        .collect();
    files.sort();
    let expected: Vec<String> = (0..agenda.items.len())
        .map(|i| notes_file_name(agenda, i))
        .collect();
    let slug_of = |name: &str| {
        let stem = name.trim_end_matches(".md");
        stem.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('-')
            .to_string()
    };
    let mut texts: Vec<(String, String, Option<usize>)> = Vec::new();
    for (name, path) in files {
        let text = decode(
            &fs::read(&path).map_err(|e| with_path(e, &path))?,
            &name,
            &mut found.warnings,
        );
        let number: Option<usize> = name
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok();
        texts.push((
            name,
            text,
            number
                .and_then(|n| n.checked_sub(1))
                .filter(|&i| i < agenda.items.len()),
        ));
    }
    // Three passes, most certain first, so a sure match is never taken by a guess.
    let mut placed = vec![false; texts.len()];
    let passes: [&Matcher; 3] = [
        &|name, _| expected.iter().position(|e| e == name),
        &|name, _| {
            let slug = slug_of(name);
            let mut same = expected
                .iter()
                .enumerate()
                .filter(|(_, e)| slug_of(e) == slug && !slug.is_empty());
            match (same.next(), same.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        },
        &|_, number| number,
    ];
    for pass in passes {
        for (k, (name, text, number)) in texts.iter().enumerate() {
            if placed[k] {
                continue;
            }
            if let Some(i) = pass(name, *number).filter(|&i| found.items[i].is_none()) {
                found.items[i] = Some(text.clone());
                placed[k] = true;
            }
        }
    }
    for (k, (name, text, _)) in texts.into_iter().enumerate() {
        if !placed[k] && !text.trim().is_empty() {
            found.unmatched.push((format!("{NOTES_DIR}/{name}"), text));
        }
    }
    Ok(found)
}

/// Notes as text: UTF-8 (a byte-order mark dropped), or else read as Latin-1 with a
/// warning, since an editor that saved in a legacy encoding should not cost the text.
fn decode(bytes: &[u8], name: &str, warnings: &mut Vec<String>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            warnings.push(format!(
                "{NOTES_DIR}/{name} is not UTF-8 text; it was read as Latin-1 (save it as UTF-8)"
            ));
            bytes.iter().map(|&b| b as char).collect()
        }
    }
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// A meeting rebuilt from its folder, and what could not be used.
pub struct Loaded {
    pub meeting: Meeting,
    pub damaged: Vec<Damaged>,
    /// Journal events that no longer apply (e.g. the agenda changed), with the reason.
    pub skipped: Vec<String>,
    /// Notes files that needed a second look (their encoding).
    pub warnings: Vec<String>,
}

/// Replays the folder's journal, then takes each item's notes from its notes file,
/// which is the truth for notes.
pub fn load(dir: &Path, agenda: Agenda) -> io::Result<Loaded> {
    let notes = read_notes(dir, &agenda)?;
    load_with_notes(dir, agenda, notes)
}

fn load_with_notes(dir: &Path, agenda: Agenda, notes: FolderNotes) -> io::Result<Loaded> {
    let journal_path = dir.join(journal::FILE_NAME);
    let (records, damaged) =
        journal::read(&journal_path).map_err(|e| with_path(e, &journal_path))?;
    let (mut meeting, skipped) = Meeting::replay(agenda, &records);
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
            .map(|(r, why)| {
                let fields: Vec<String> = journal::format(&r)
                    .lines()
                    .skip(1)
                    .map(str::to_string)
                    .collect();
                format!("{} — {why}", fields.join(", "))
            })
            .collect(),
        warnings: notes.warnings,
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

/// Opens the meeting folder for a meeting: the folder, the agenda's copy (kept current
/// with the agenda the meeting runs on), the meeting replayed from it, and a notes file
/// for every item that has none — holding what the journal kept of that item's notes,
/// so notetakers find their files before the first word is said and a deleted file
/// costs nothing.
pub fn open(dir: &Path, agenda: Agenda, agenda_source: &[u8]) -> io::Result<Loaded> {
    let notes_dir = dir.join(NOTES_DIR);
    fs::create_dir_all(&notes_dir).map_err(|e| with_path(e, &notes_dir))?;
    copy_agenda(dir, agenda_source)?;
    let notes = read_notes(dir, &agenda)?;
    let missing: Vec<usize> = (0..notes.items.len())
        .filter(|&i| notes.items[i].is_none())
        .collect();
    let loaded = load_with_notes(dir, agenda, notes)?;
    for i in missing {
        write_notes(dir, &loaded.meeting.agenda, i, &loaded.meeting.notes[i])?;
    }
    Ok(loaded)
}

/// Keeps `agenda.toml` in the folder the same as the agenda the meeting runs on, so the
/// folder alone is enough to render the report again.
pub fn copy_agenda(dir: &Path, agenda_source: &[u8]) -> io::Result<()> {
    let copy = dir.join(AGENDA_FILE);
    if fs::read(&copy).ok().as_deref() != Some(agenda_source) {
        write_atomically(&copy, agenda_source).map_err(|e| with_path(e, &copy))?;
    }
    Ok(())
}

/// Writes an item's notes file (atomically: a notetaker's editor never sees half).
pub fn write_notes(dir: &Path, agenda: &Agenda, item: usize, text: &str) -> io::Result<()> {
    let path = notes_path(dir, agenda, item);
    write_atomically(&path, text.as_bytes()).map_err(|e| with_path(e, &path))
}

pub fn notes_path(dir: &Path, agenda: &Agenda, item: usize) -> PathBuf {
    dir.join(NOTES_DIR).join(notes_file_name(agenda, item))
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

    const AGENDA: &str = "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
        [[items]]\ntitle = \"Welcome\"\n[[items]]\ntitle = \"Budget review\"\n[[items]]\ntitle = \"AoB\"\n";

    fn notes_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(NOTES_DIR)).unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(NOTES_DIR).join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn opening_a_folder_writes_missing_notes_files_from_the_journal() {
        let agenda = crate::agenda::parse_str("a.toml", AGENDA).unwrap();
        let dir = notes_dir(&[("01-welcome.md", b"from the file")]);
        let at = chrono::DateTime::UNIX_EPOCH;
        let record = |item: usize, text: &str| crate::meeting::Record {
            at,
            event: Event::Notes {
                item,
                text: text.into(),
            },
        };
        journal::append(
            &dir.path().join(journal::FILE_NAME),
            &[
                record(1, "from the journal"),
                record(2, "kept in the journal"),
            ],
        )
        .unwrap();
        let loaded = open(dir.path(), agenda, AGENDA.as_bytes()).unwrap();
        // The file is the truth where there is one; the journal fills in where not.
        assert_eq!(loaded.meeting.notes[0], "from the file");
        assert_eq!(loaded.meeting.notes[1], "kept in the journal");
        let read = |name: &str| fs::read_to_string(dir.path().join(NOTES_DIR).join(name));
        assert_eq!(read("02-budget-review.md").unwrap(), "kept in the journal");
        assert_eq!(read("03-aob.md").unwrap(), "");
        assert_eq!(read("01-welcome.md").unwrap(), "from the file");
        assert_eq!(
            fs::read(dir.path().join(AGENDA_FILE)).unwrap(),
            AGENDA.as_bytes()
        );
    }

    #[test]
    fn notes_follow_their_item_by_name_before_number() {
        // The agenda gained an item at the top after the notes were written: the files'
        // numbers are off by one, their names are not.
        let agenda = crate::agenda::parse_str(
            "a.toml",
            &AGENDA.replace(
                "title = \"Welcome\"",
                "title = \"Opening\"\n[[items]]\ntitle = \"Welcome\"",
            ),
        )
        .unwrap();
        let dir = notes_dir(&[
            ("01-welcome.md", b"hello"),
            ("02-budget-review.md", b"money"),
            ("03-aob.md", b"other"),
            ("09-gone.md", b"an item since removed"),
            ("02-copy.md", b""),
        ]);
        let n = read_notes(dir.path(), &agenda).unwrap();
        assert_eq!(
            n.items,
            vec![
                None,
                Some("hello".into()),
                Some("money".into()),
                Some("other".into())
            ]
        );
        assert_eq!(
            n.unmatched,
            vec![(
                "notes/09-gone.md".to_string(),
                "an item since removed".to_string()
            )]
        );
        // A reworded title still finds its notes by number.
        let agenda =
            crate::agenda::parse_str("a.toml", &AGENDA.replace("Budget review", "Finances"))
                .unwrap();
        let n = read_notes(dir.path(), &agenda).unwrap();
        assert_eq!(n.items[1], Some("money".into()));
    }

    #[test]
    fn notes_in_latin_1_are_read_with_a_warning_and_a_bom_is_dropped() {
        let agenda = crate::agenda::parse_str("a.toml", AGENDA).unwrap();
        let dir = notes_dir(&[
            ("01-welcome.md", b"Reuni\xf3n"),
            ("02-budget-review.md", b"\xEF\xBB\xBFclean"),
        ]);
        let n = read_notes(dir.path(), &agenda).unwrap();
        assert_eq!(n.items[0], Some("Reunión".into()));
        assert_eq!(n.items[1], Some("clean".into()));
        assert_eq!(n.warnings.len(), 1);
        assert!(n.warnings[0].contains("notes/01-welcome.md is not UTF-8"));
    }

    #[test]
    fn journal_notes_of_a_removed_item_are_kept_as_unmatched() {
        let agenda = crate::agenda::parse_str("a.toml", AGENDA).unwrap();
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(journal::FILE_NAME),
            "[[event]]\nat = \"2024-06-03T14:00:00Z\"\nkind = \"notes\"\nitem = 9\ntext = \"lost?\"\n",
        )
        .unwrap();
        let loaded = load(dir.path(), agenda).unwrap();
        assert_eq!(
            loaded.meeting.unmatched_notes,
            vec![(
                "the journal's notes of item 9".to_string(),
                "lost?".to_string()
            )]
        );
        assert_eq!(loaded.skipped.len(), 1);
        assert!(
            loaded.skipped[0].contains("kind = \"notes\""),
            "{}",
            loaded.skipped[0]
        );
        assert!(
            loaded.skipped[0].ends_with("there is no item 9"),
            "{}",
            loaded.skipped[0]
        );
    }

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
