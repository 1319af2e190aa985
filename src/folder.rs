//! The meeting folder on the shared drive: `{output_dir}/{date}-{slug}/` with the
//! agenda's copy, `notes/NN-slug.md` per item, the journal and `report.md`.

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::agenda::Agenda;
use crate::meeting::Event;
use crate::report::{Format, Publishing};

pub const NOTES_DIR: &str = "notes";
pub const AGENDA_FILE: &str = "agenda.toml";
pub const REPORT_FILE: &str = "report.md";
/// Remembers what agendum last wrote as the report, to recognise edits made by hand
/// (`.report.docx.sum` and `.report.html.sum` beside the other forms).
#[cfg(test)]
const REPORT_SUM: &str = ".report.md.sum";

pub fn meeting_dir(output_dir: &Path, agenda: &Agenda) -> PathBuf {
    output_dir.join(agenda.slug())
}

/// `01-activities-of-the-wg-strategy-for-2023.md` for the first item.
pub fn notes_file_name(agenda: &Agenda, item: usize) -> String {
    crate::notes::files::file_name(item + 1, &agenda.items[item].title)
}

/// The notes files found in a meeting folder: per item the text, files that match no
/// item, and what the reader had to say about them (encodings).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FolderNotes {
    pub items: Vec<Option<String>>,
    /// The name each item's file was found under: another than `notes_file_name`
    /// after the agenda changed.
    pub names: Vec<Option<String>>,
    pub unmatched: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

impl FolderNotes {
    pub fn empty(items: usize) -> FolderNotes {
        FolderNotes {
            items: vec![None; items],
            names: vec![None; items],
            ..FolderNotes::default()
        }
    }
}

/// The notes files of a folder as read, before they are matched with the items.
#[derive(Debug, Default)]
pub struct NotesTexts {
    /// Each file's name and text, in the order of their names.
    texts: Vec<(String, String)>,
    warnings: Vec<String>,
}

/// The notes files of `notes_dir` (none when it is not there), read without an agenda:
/// a start reads them while the journal is replayed, which may change the agenda.
pub fn read_notes_texts(notes_dir: &Path) -> io::Result<NotesTexts> {
    let mut found = NotesTexts::default();
    let notes_dir = notes_dir.to_path_buf();
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
    // Opened once for all its files rather than once for each; where it cannot be
    // (something other than a directory planted there), each file says why.
    let dir = crate::store::untrusted::Dir::open(&notes_dir);
    for (name, path) in files {
        // A name that is not UTF-8 is shown lossily in `name`, which would open another
        // file or none: it goes by its path, which says why it is not read.
        let read = match &dir {
            Ok(d) if path.file_name().and_then(|n| n.to_str()) == Some(name.as_str()) => {
                d.read(&name, READ_LIMIT)
            }
            _ => read_in_folder(&path),
        };
        let bytes = match read {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) if crate::store::untrusted::is_unsafe(&e) => {
                found.warnings.push(format!(
                    "{} (left alone)",
                    crate::report::markdown::neutralise_typed(&e.to_string())
                ));
                continue;
            }
            Err(e) => return Err(with_path(e, &path)),
        };
        let text = decode_owned(bytes, &name, &mut found.warnings);
        found.texts.push((name, text));
    }
    Ok(found)
}

impl NotesTexts {
    /// The files matched with the items of `agenda`. A file goes to the item whose
    /// file name it has; else to the one item whose title its name spells (the item
    /// moved in the agenda); else to the item of its number (the title was reworded).
    /// Files left over are kept as unmatched.
    pub fn placed(self, agenda: &Agenda) -> FolderNotes {
        let mut found = FolderNotes::empty(agenda.items.len());
        found.warnings = self.warnings;
        let names: Vec<&str> = self.texts.iter().map(|(n, _)| n.as_str()).collect();
        let titles: Vec<&str> = agenda.items.iter().map(|i| i.title.as_str()).collect();
        let placed = crate::notes::files::place(&names, &titles);
        for (k, (name, text)) in self.texts.into_iter().enumerate() {
            match placed[k] {
                Some(i) => {
                    found.items[i] = Some(text);
                    found.names[i] = Some(name);
                }
                None if !text.trim().is_empty() => {
                    found.unmatched.push((format!("{NOTES_DIR}/{name}"), text));
                }
                None => {}
            }
        }
        found
    }
}

/// Notes as text: UTF-8 (a byte-order mark dropped), or else read as Latin-1 with a
/// warning, since an editor that saved in a legacy encoding should not cost the text.
pub fn decode(bytes: &[u8], name: &str, warnings: &mut Vec<String>) -> String {
    decode_owned(bytes.to_vec(), name, warnings)
}

/// `decode`, the text made of the bytes themselves where they are UTF-8 with nothing
/// to take out (as notes files are): a start and a report read a megabyte of them.
pub fn decode_owned(mut bytes: Vec<u8>, name: &str, warnings: &mut Vec<String>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).unwrap_or_else(|e| {
        warnings.push(format!(
            "{NOTES_DIR}/{name} is not UTF-8 text; it was read as Latin-1 (save it as UTF-8)"
        ));
        e.into_bytes().iter().map(|&b| b as char).collect()
    });
    // Escape sequences written into a file must not reach the screen or the report.
    let cleaned = match crate::report::markdown::neutralise_typed(&text) {
        Cow::Owned(t) => Some(t),
        Cow::Borrowed(_) => None,
    };
    cleaned.unwrap_or(text)
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The mode of a file agendum makes in `dir`: the folder's own permission bits without
/// execute (0770 gives 0660, 2775 gives 0664). Whoever the meeting folder lets in — a
/// group that writes the notes — may then read the journal and the report too, and no
/// one the folder keeps out may read more. The local store, 0700, gives 0600. A folder
/// that cannot be looked at gives the narrowest mode.
#[cfg(unix)]
pub fn folder_file_mode(dir: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(dir).map_or(0o600, |m| m.permissions().mode() & 0o666)
}

#[cfg(not(unix))]
pub fn folder_file_mode(_dir: &Path) -> u32 {
    0o666
}

/// Writes a file by writing a temporary file beside it and renaming it over, so a
/// reader (or a crash) never sees half a file. Its mode is as the user's umask makes
/// it: for the user's own files (a new agenda).
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_through_temp(path, contents, Some(0o666 & !umask()))
}

/// `write_atomically` for a file of the meeting folder: its mode is the folder's (less
/// execute), so whoever may write the notes may read the rest.
pub fn write_shared(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_through_temp(path, contents, None)
}

/// `write_shared`, swapping the new file with the old where the file system can: what
/// the old one held (a regular file within `READ_LIMIT`), when that is known.
pub fn replace_shared(path: &Path, contents: &[u8]) -> io::Result<Option<Vec<u8>>> {
    let (dir, name) = dir_and_name(path)?;
    let dir = crate::store::untrusted::Dir::open(dir)?;
    Ok(dir
        .replace_and_see(name, contents, READ_LIMIT)?
        .into_bytes())
}

/// The process's umask, read without changing it (setting it to read it would change
/// it for every thread meanwhile).
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        })
        .unwrap_or(0o022)
}

/// `write_atomically` for a file only its owner may read (a journal: notes can be
/// confidential).
pub fn write_privately(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with_mode(path, contents, 0o600)
}

/// The biggest file read from a meeting folder whole (a notes file, a presence file):
/// anything bigger is not notes, and reading it could exhaust the computer.
pub const READ_LIMIT: u64 = 8 << 20;

/// Through a descriptor of the file's own directory, opened without following a link:
/// a link planted at the file's name is replaced, never written through, and a link in
/// place of the directory is refused. The file gets the directory's permissions (less
/// execute), so whoever may write the meeting folder may read what is written there,
/// and what is written in the private local store stays private.
fn write_through_temp(path: &Path, contents: &[u8], mode: Option<u32>) -> io::Result<()> {
    let (dir, name) = dir_and_name(path)?;
    let dir = crate::store::untrusted::Dir::open(dir)?;
    let dir = match mode {
        Some(m) => dir.with_file_mode(m),
        None => dir,
    };
    dir.write_atomically(name, contents)
}

/// `write_atomically` with exactly `mode`, whatever the umask and the folder's own.
pub fn write_with_mode(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
    write_through_temp(path, contents, Some(mode))
}

fn dir_and_name(path: &Path) -> io::Result<(&Path, &str)> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a file name agendum writes", path.display()),
        )
    })?;
    Ok((dir, name))
}

/// Reads a file of the meeting folder, never through a link, never anything but a
/// regular file, never more than `READ_LIMIT` bytes: `None` when it is missing. What is
/// not a regular file of bounded size is an error that `store::untrusted::is_unsafe`
/// tells apart from the drive failing.
pub fn read_in_folder(path: &Path) -> io::Result<Option<Vec<u8>>> {
    read_in_folder_within(path, READ_LIMIT)
}

/// Whether the file of the meeting folder at `path` holds exactly `bytes`, read as
/// `read_in_folder` reads (never through a link); `None` if there is none.
fn holds_in_folder(path: &Path, bytes: &[u8]) -> io::Result<Option<bool>> {
    in_folder_dir(path, |d, name| d.holds(name, bytes))
}

/// `read_in_folder` with a bound of its own, for a file that may rightly be larger.
pub fn read_in_folder_within(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    in_folder_dir(path, |d, name| d.read(name, limit))
}

/// `look` at the entry `path` names in its directory, opened as the meeting folder's
/// directories are (never through a link); `None` when the directory is not there.
fn in_folder_dir<T>(
    path: &Path,
    look: impl FnOnce(&crate::store::untrusted::Dir, &str) -> io::Result<Option<T>>,
) -> io::Result<Option<T>> {
    let (dir, name) = dir_and_name(path)?;
    match crate::store::untrusted::Dir::open(dir) {
        Ok(d) => look(&d, name),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Gives notes files found under other names (the agenda changed) the names of their
/// items now, in `notes_dir`. Through temporary names first, so two items that swapped
/// places never write over each other.
pub fn rename_notes(notes_dir: &Path, moves: &[(String, String)]) -> io::Result<()> {
    let moves: Vec<&(String, String)> = moves.iter().filter(|(a, b)| a != b).collect();
    for (from, _) in &moves {
        let (a, b) = (
            notes_dir.join(from),
            notes_dir.join(format!(".{from}.moving")),
        );
        fs::rename(&a, &b).map_err(|e| with_path(e, &a))?;
    }
    for (from, to) in &moves {
        let (a, b) = (
            notes_dir.join(format!(".{from}.moving")),
            notes_dir.join(to),
        );
        if b.exists() {
            // A file of that name that matched no item: kept, not written over.
            let kept = kept_beside(&b);
            fs::rename(&b, &kept).map_err(|e| with_path(e, &b))?;
        }
        fs::rename(&a, &b).map_err(|e| with_path(e, &a))?;
    }
    Ok(())
}

/// Keeps `agenda.toml` in the folder the same as the agenda the meeting runs on, so the
/// folder alone is enough to render the report again.
pub fn copy_agenda(dir: &Path, agenda_source: &[u8]) -> io::Result<()> {
    let copy = dir.join(AGENDA_FILE);
    // Read as any file of the folder: a FIFO planted here must not hang the writer.
    if read_in_folder(&copy).ok().flatten().as_deref() != Some(agenda_source) {
        write_with_mode(&copy, agenda_source, folder_file_mode(dir))
            .map_err(|e| with_path(e, &copy))?;
    }
    Ok(())
}

/// Writes an item's notes file (atomically: a notetaker's editor never sees half).
pub fn write_notes(dir: &Path, agenda: &Agenda, item: usize, text: &str) -> io::Result<()> {
    let path = notes_path(dir, agenda, item);
    write_with_mode(&path, text.as_bytes(), folder_file_mode(dir)).map_err(|e| with_path(e, &path))
}

pub fn notes_path(dir: &Path, agenda: &Agenda, item: usize) -> PathBuf {
    dir.join(NOTES_DIR).join(notes_file_name(agenda, item))
}

/// What writing the report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The report's first form written: `report.md` unless it is not among them.
    pub path: PathBuf,
    /// The other forms written beside it (`report.docx`, `report.html`).
    pub also: Vec<PathBuf>,
    /// Where earlier files, edited by hand since agendum wrote them, were kept.
    pub kept: Vec<PathBuf>,
}

/// Writes `report.md` alone in `dir` (see `write_published`).
pub fn write_report(dir: &Path, text: &str) -> io::Result<Written> {
    write_published(dir, text, &Publishing::markdown_only())
}

/// Writes the report in each form `how` names (`report.md`, `report.docx`,
/// `report.html`) in `dir`, each atomically. A file that differs from what agendum
/// last wrote there was edited by someone: it is kept as `report.N.md` (or `.docx`,
/// `.html`; first free N), never overwritten.
pub fn write_published(dir: &Path, markdown: &str, how: &Publishing) -> io::Result<Written> {
    fs::create_dir_all(dir)?;
    let mode = folder_file_mode(dir);
    // A form that cannot be written fails the whole; the copies edited by hand that
    // the forms moved aside by then (the failing ones too) are said in its error, not
    // lost with the rest.
    let kept_aside = std::sync::Mutex::new(Vec::new());
    let moved = |aside: &Path| {
        kept_aside
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(aside.to_path_buf());
    };
    let written = crate::report::publish_each(markdown, how, |format, bytes| {
        write_keeping_edits(dir, format, &bytes, mode, &moved)
    })
    .map_err(|e| {
        let aside = kept_aside
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        with_kept_aside(e, &aside)
    })?;
    let mut paths = Vec::new();
    let mut kept = Vec::new();
    for (path, aside) in written {
        paths.push(path);
        kept.extend(aside);
    }
    let mut paths = paths.into_iter();
    let path = paths.next().unwrap_or_else(|| dir.join(REPORT_FILE));
    Ok(Written {
        path,
        also: paths.collect(),
        kept,
    })
}

/// Writes one form of the report, keeping aside a copy edited by hand. What agendum
/// wrote is remembered by a digest beside it (`.report.md.sum`); a file found without
/// one, or with another, was not written by this agendum as it is. A file the same
/// as the new one is left as it is (a sync client has nothing to carry).
fn write_keeping_edits(
    dir: &Path,
    format: Format,
    bytes: &[u8],
    mode: u32,
    moved: &(dyn Fn(&Path) + Sync),
) -> io::Result<(PathBuf, Option<PathBuf>)> {
    let name = format.file_name();
    let path = dir.join(name);
    let sum_path = dir.join(format!(".{name}.sum"));
    let sum = form_sum(bytes);
    let mut kept = None;
    // Read as any file of the folder: a FIFO planted here must not hang the writer.
    let last = read_in_folder(&sum_path).ok().flatten();
    let last = last
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::trim);
    // The same form again (a report written twice) is told without holding a second
    // copy of megabytes; only one that differs is read, to tell whether it is ours.
    let found = match holds_in_folder(&path, bytes) {
        Ok(Some(true)) => {
            if last != Some(sum.as_str()) {
                write_with_mode(&sum_path, sum.as_bytes(), mode)?;
            }
            return Ok((path, None));
        }
        Ok(Some(false)) => read_in_folder(&path),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    let (existing, foreign) = match found {
        Ok(found) => (found, false),
        // A link or something else planted there: not ours, kept aside unread.
        Err(e) if crate::store::untrusted::is_unsafe(&e) => (None, true),
        Err(e) => return Err(e),
    };
    let ours = existing.as_deref().is_some_and(|e| recorded(last, e));
    if foreign || (existing.is_some() && !ours) {
        let ext = format.extension();
        let free = first_free(|n| dir.join(format!("report.{n}.{ext}")));
        fs::rename(&path, &free)?;
        moved(&free);
        kept = Some(free);
    }
    write_with_mode(&path, bytes, mode)?;
    write_with_mode(&sum_path, sum.as_bytes(), mode)?;
    Ok((path, kept))
}

/// `e`, saying where the forms found edited by hand were kept (`aside`), if any were.
fn with_kept_aside(e: io::Error, aside: &[PathBuf]) -> io::Error {
    if aside.is_empty() {
        return e;
    }
    let places: Vec<String> = aside.iter().map(|p| p.display().to_string()).collect();
    let what = match places.len() {
        1 => "the earlier report, edited by hand, is",
        _ => "the earlier forms of the report, edited by hand, are",
    };
    io::Error::new(
        e.kind(),
        format!("{e} ({what} kept as {})", crate::said::and_list(&places)),
    )
}

/// The first of `name(1)`, `name(2)`, … that does not exist: where a text that must
/// not be overwritten is kept.
pub fn first_free(name: impl Fn(u32) -> PathBuf) -> PathBuf {
    (1..)
        .map(name)
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// Where a notes file's other text is kept beside it: `01-welcome.kept-1.md`, which
/// matches no item and so is shown with the unmatched notes.
pub fn kept_beside(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    first_free(|n| path.with_file_name(format!("{stem}.kept-{n}.md")))
}

/// The record of a report's form as written: a hash of it eight bytes at a time (the
/// forms of a long meeting are megabytes, rendered and compared at every `w`), marked
/// as such.
fn form_sum(bytes: &[u8]) -> String {
    format!("w8:{:016x}", crate::store::checkpoint::hash(bytes))
}

/// Whether `record` (written by this agendum, or by one that recorded `digest`s) is
/// the record of `bytes`.
fn recorded(record: Option<&str>, bytes: &[u8]) -> bool {
    match record {
        Some(r) if r.starts_with("w8:") => r == form_sum(bytes),
        Some(r) => r == digest(bytes),
        None => false,
    }
}

/// FNV-1a, 64 bits: enough to tell "the same bytes agendum wrote" from "edited".
pub fn digest(bytes: &[u8]) -> String {
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

    /// The meeting folder's notes files, matched with `agenda`'s items.
    fn read_notes(dir: &Path, agenda: &Agenda) -> io::Result<FolderNotes> {
        Ok(read_notes_texts(&dir.join(NOTES_DIR))?.placed(agenda))
    }

    fn notes_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(NOTES_DIR)).unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(NOTES_DIR).join(name), text).unwrap();
        }
        dir
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

    /// A name that is not UTF-8 is shown with U+FFFD in its place; the file of that
    /// shown name, if there is one, is not read for it (twice, or in its stead).
    #[cfg(unix)]
    #[test]
    fn a_notes_file_named_in_no_utf_8_is_never_read_as_another() {
        use std::os::unix::ffi::OsStrExt;
        let dir = notes_dir(&[("caf\u{FFFD}.md", b"shown name")]);
        let notes = dir.path().join(NOTES_DIR);
        fs::write(
            notes.join(std::ffi::OsStr::from_bytes(b"caf\xE9.md")),
            "latin name",
        )
        .unwrap();
        match read_notes_texts(&notes) {
            // Said, as before the folder was opened once for all its files.
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{e}"),
            Ok(found) => {
                let texts: Vec<&str> = found.texts.iter().map(|(_, t)| t.as_str()).collect();
                assert_eq!(texts, ["shown name"], "{:?}", found.texts);
            }
        }
    }

    /// A form that cannot be written fails the report, and the error still says where
    /// a form edited by hand, moved aside before, is kept.
    #[cfg(unix)]
    #[test]
    fn a_failed_form_still_says_where_an_edited_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let how = Publishing {
            formats: crate::report::Formats::from_names(["md", "html"]).unwrap(),
            styles: None,
        };
        fs::write(dir.path().join(REPORT_FILE), "edited by hand\n").unwrap();
        fs::write(dir.path().join("report.html"), "<p>edited too</p>\n").unwrap();
        // Where the page's record goes, a directory: the page cannot be written, after
        // it moved its own edited copy aside.
        fs::create_dir(dir.path().join(".report.html.sum")).unwrap();
        let e = write_published(dir.path(), "# Report\n", &how).unwrap_err();
        for (kept, text) in [
            ("report.1.md", "edited by hand\n"),
            ("report.1.html", "<p>edited too</p>\n"),
        ] {
            let kept = dir.path().join(kept);
            assert!(e.to_string().contains(&kept.display().to_string()), "{e}");
            assert_eq!(fs::read_to_string(&kept).unwrap(), text);
        }
    }

    #[test]
    fn a_report_edited_by_hand_is_kept_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_report(dir.path(), "one\n").unwrap();
        assert_eq!(first.kept, Vec::<PathBuf>::new());
        // Rewriting what agendum wrote replaces it.
        assert!(write_report(dir.path(), "two\n").unwrap().kept.is_empty());
        fs::write(dir.path().join(REPORT_FILE), "two, edited\n").unwrap();
        let w = write_report(dir.path(), "three\n").unwrap();
        assert_eq!(w.kept, vec![dir.path().join("report.1.md")]);
        assert_eq!(
            fs::read_to_string(dir.path().join("report.1.md")).unwrap(),
            "two, edited\n"
        );
        fs::write(dir.path().join(REPORT_FILE), "three, edited\n").unwrap();
        let w = write_report(dir.path(), "four\n").unwrap();
        assert_eq!(w.kept, vec![dir.path().join("report.2.md")]);
        assert_eq!(
            fs::read_to_string(dir.path().join(REPORT_FILE)).unwrap(),
            "four\n"
        );
    }

    #[test]
    fn a_report_recorded_by_an_earlier_agendum_is_still_ours() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(REPORT_FILE), "one\n").unwrap();
        // Its record as agendum kept it before the forms' records were hashed by words.
        fs::write(dir.path().join(REPORT_SUM), digest(b"one\n")).unwrap();
        assert!(write_report(dir.path(), "two\n").unwrap().kept.is_empty());
        let record = fs::read_to_string(dir.path().join(REPORT_SUM)).unwrap();
        assert!(record.starts_with("w8:"), "{record}");
        // Edited by hand after that: kept aside, as ever.
        fs::write(dir.path().join(REPORT_FILE), "two, edited\n").unwrap();
        let w = write_report(dir.path(), "three\n").unwrap();
        assert_eq!(w.kept, vec![dir.path().join("report.1.md")]);
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn files_follow_the_folders_permissions_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let agenda = crate::agenda::parse_str("a.toml", AGENDA).unwrap();
        for (folder, file) in [
            (0o770, 0o660),
            (0o755, 0o644),
            (0o2775, 0o664),
            (0o700, 0o600),
            (0o750, 0o640),
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("meeting");
            fs::create_dir_all(dir.join(NOTES_DIR)).unwrap();
            fs::set_permissions(&dir, fs::Permissions::from_mode(folder)).unwrap();
            assert_eq!(folder_file_mode(&dir), file, "{folder:o}");
            write_report(&dir, "# Report\n").unwrap();
            copy_agenda(&dir, AGENDA.as_bytes()).unwrap();
            write_notes(&dir, &agenda, 0, "notes").unwrap();
            for name in [REPORT_FILE, REPORT_SUM, AGENDA_FILE] {
                assert_eq!(mode(&dir.join(name)), file, "{name} in a {folder:o} folder");
            }
            assert_eq!(mode(&notes_path(&dir, &agenda, 0)), file, "{folder:o}");
        }
        // What the user writes for themselves keeps to their umask.
        let tmp = tempfile::tempdir().unwrap();
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let own = tmp.path().join("next.toml");
        write_atomically(&own, b"x").unwrap();
        // Read, not set: setting it would change it for the tests running beside.
        let umask = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        });
        if let Some(umask) = umask {
            assert_eq!(mode(&own), 0o666 & !umask);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_a_forms_name_is_moved_aside_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.txt");
        fs::write(&target, "not the report's").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("report.html")).unwrap();
        let w = write_published(dir.path(), "# R\n", &Publishing::default()).unwrap();
        assert_eq!(w.kept, vec![dir.path().join("report.1.html")]);
        assert_eq!(fs::read_to_string(&target).unwrap(), "not the report's");
        let page = fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(page.contains("<h1>R</h1>"), "{page}");
        assert!(dir.path().join("report.docx").is_file());
    }

    /// FIFOs planted at a form's name and at a record of what was written: writing the
    /// report waits on neither.
    #[cfg(unix)]
    #[test]
    fn fifos_planted_at_a_forms_name_or_its_record_are_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["report.md", ".report.docx.sum"] {
            let made = std::process::Command::new("mkfifo")
                .arg(dir.path().join(name))
                .status()
                .unwrap();
            assert!(made.success());
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let at = dir.path().to_path_buf();
        std::thread::spawn(move || {
            tx.send(write_published(&at, "# R\n", &Publishing::default()).map(|w| w.kept))
                .unwrap();
        });
        let kept = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a FIFO hung the report's writing")
            .unwrap();
        assert_eq!(kept, vec![dir.path().join("report.1.md")]);
        assert!(dir.path().join("report.md").is_file());
        assert!(dir.path().join("report.docx").is_file());
    }

    #[test]
    fn a_report_found_without_a_record_of_ours_is_kept_too() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(REPORT_FILE), "someone's\n").unwrap();
        let w = write_report(dir.path(), "new\n").unwrap();
        assert_eq!(w.kept, vec![dir.path().join("report.1.md")]);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
