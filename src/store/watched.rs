//! The notes files as the folder's writer knows them: what each held when it was last
//! written or read here, so a change made by anyone else is told apart from this
//! program's own writes. A change found is handed to the screen, which merges it; until
//! the screen has taken it in, nothing of its own is written over it.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::folder;

/// A file's size, change time and identity: read again only when one changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> io::Result<Stamp> {
        // The entry itself: a link planted there is not followed.
        let m = fs::symlink_metadata(path)?;
        Ok(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&m),
        })
    }
}

#[derive(Debug)]
struct File {
    path: PathBuf,
    /// What the file held when last written or read here; `None`: not known yet.
    on_disk: Option<Vec<u8>>,
    stamp: Option<Stamp>,
    /// Looks left that read the file even with its stamp unchanged: a change made in
    /// the instant after the last one (a write here, or one found) could share its
    /// stamp (same length, a clock that ticks in seconds, written in place). Once the
    /// stamp has stood still that long, a change shows in it: the file is not read.
    unsure: u32,
    /// When the stamp last changed here (a write, or a look that found it new).
    since: Instant,
    /// Changes made by others found so far.
    found: u64,
    /// The stamp of a text found ending inside a line, and when it was first seen: it
    /// is taken in once it has stood still for [`SETTLE`].
    torn: Option<(Stamp, Instant)>,
}

/// A change someone else made to an item's notes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub item: usize,
    /// The file's text (made harmless for the screen).
    pub text: String,
    /// How many such changes of this file have been found: the screen says which it
    /// has taken in when it sends its text again.
    pub count: u64,
}

/// What happened to a write.
#[derive(Debug, PartialEq, Eq)]
pub enum Wrote {
    Written,
    /// The text was made before the screen took in the latest change: a newer one
    /// follows.
    Outdated,
    /// The file changed meanwhile: it is not written over, and the change is found.
    Changed(Change),
    /// The file changed meanwhile and ends inside a line: someone may be writing it
    /// still. It is not written over; try again once [`Watched::torn_due`] has come.
    Busy,
}

/// How long a change is left to settle before it is taken in: the writes of one save or
/// one appended line (its text, then its end) come together within it.
pub const SETTLE: Duration = Duration::from_millis(150);

/// How many looks after a file last changed still read it whatever its stamp: at one
/// look a second, longer than the coarsest file times (two seconds, FAT) last.
const UNSURE_LOOKS: u32 = 3;

/// The same, as a time: a look this long after the stamp last changed reads the file
/// for the last time while it stands still. Looks every ten seconds (where the file
/// system tells of changes) would otherwise read every file for half a minute after
/// each change, and every one of a meeting's files at its start.
const UNSURE_FOR: Duration = Duration::from_secs(3);

#[derive(Debug, Default)]
pub struct Watched {
    files: BTreeMap<usize, File>,
    /// Files read by looks, counted for the tests: an unchanged file is not read.
    reads: u64,
}

impl Watched {
    /// Starts watching a file known to hold `text` (`None`: not known).
    pub fn know(&mut self, item: usize, path: PathBuf, text: Option<&str>) {
        let stamp = Stamp::of(&path).ok();
        self.files.insert(
            item,
            File {
                path,
                on_disk: text.map(|t| t.as_bytes().to_vec()),
                stamp,
                unsure: UNSURE_LOOKS,
                since: Instant::now(),
                found: 0,
                torn: None,
            },
        );
    }

    /// The item's file, followed from now on under this path.
    fn file(&mut self, item: usize, path: &Path) -> &mut File {
        let f = self.files.entry(item).or_insert_with(|| File {
            path: path.to_path_buf(),
            on_disk: None,
            stamp: None,
            unsure: UNSURE_LOOKS,
            since: Instant::now(),
            found: 0,
            torn: None,
        });
        if f.path != path {
            f.path = path.to_path_buf();
            f.stamp = None;
        }
        f
    }

    /// Writes `text` made after taking in `taken` changes of the file, unless the file
    /// changed since it was last known.
    pub fn write(
        &mut self,
        item: usize,
        path: &Path,
        text: &str,
        taken: u64,
        write: impl Fn(&Path, &[u8]) -> io::Result<Option<Vec<u8>>>,
    ) -> io::Result<Wrote> {
        let f = self.file(item, path);
        if taken < f.found {
            return Ok(Wrote::Outdated);
        }
        let before = match folder::read_in_folder(path)
            .and_then(|b| b.ok_or_else(|| io::Error::from(io::ErrorKind::NotFound)))
        {
            Ok(now) if now == text.as_bytes() => None,
            Ok(now) if f.on_disk.as_deref() != Some(&now[..]) => {
                // Stamped after the read: a text changed in between has stood still
                // since the stamp when it is found under it again.
                return Ok(match Stamp::of(path) {
                    Ok(s) if !f.whole(s, &now) => Wrote::Busy,
                    _ => Wrote::Changed(f.found_change(item, now)),
                });
            }
            Ok(_) => Some(write(path, text.as_bytes())?),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Some(write(path, text.as_bytes())?),
            // A link or a FIFO planted in its place holds no notes: it is replaced.
            Err(e) if super::untrusted::is_unsafe(&e) => Some(write(path, text.as_bytes())?),
            Err(e) => return Err(e),
        };
        let known = f.on_disk.replace(text.as_bytes().to_vec());
        f.torn = None;
        f.stamp = Stamp::of(path).ok();
        f.unsure = UNSURE_LOOKS;
        f.since = Instant::now();
        // Saved elsewhere in the instant between the look above and the swap: what the
        // swap took out is that save, taken in like any other. Ending inside a line, it
        // may be an append whose line end went to the file swapped out: it is given its
        // line end, or the next writer's line would be merged onto it.
        if let Some(Some(mut old)) = before
            && old != text.as_bytes()
            && known.as_deref() != Some(&old[..])
        {
            if !old.is_empty() && !old.ends_with(b"\n") {
                old.push(b'\n');
            }
            return Ok(Wrote::Changed(f.found_change(item, old)));
        }
        Ok(Wrote::Written)
    }

    /// Looks at every file: the changes others made since the last look. A file that
    /// vanished is written again with what it last held (the notes are not gone because
    /// a file is). Files whose folder cannot be read are passed over until it can.
    pub fn look(
        &mut self,
        write: impl Fn(&Path, &[u8]) -> io::Result<Option<Vec<u8>>>,
    ) -> Vec<Change> {
        let mut found = Vec::new();
        for (&item, f) in &mut self.files {
            // A file found ending inside a line and not read this time (gone,
            // unreadable) is not waited on.
            let torn = f.torn.take();
            let stamp = match Stamp::of(&f.path) {
                Ok(s) => s,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    let folder_there = f.path.parent().is_some_and(Path::is_dir);
                    if folder_there && let Some(text) = &f.on_disk {
                        let _ = write(&f.path, text);
                        f.stamp = Stamp::of(&f.path).ok();
                        f.unsure = UNSURE_LOOKS;
                        f.since = Instant::now();
                    }
                    continue;
                }
                Err(_) => continue,
            };
            if f.stamp == Some(stamp) {
                // A file found ending inside a line (by a write of ours, which reads
                // whatever the stamp) is read until it is taken in.
                if f.unsure == 0 && torn.is_none() {
                    continue;
                }
                // Every change sharing the stamp was made within a file time's tick
                // of the first, which was before the stamp was seen: read now, the
                // file holds them all.
                f.unsure = if f.since.elapsed() >= UNSURE_FOR {
                    0
                } else {
                    f.unsure.saturating_sub(1)
                };
            } else {
                f.unsure = UNSURE_LOOKS;
                f.since = Instant::now();
            }
            // What is not a regular file of bounded size is not read (and is written
            // over with the notes when they next change).
            self.reads += 1;
            let Ok(Some(now)) = folder::read_in_folder(&f.path) else {
                continue;
            };
            if f.on_disk.as_deref() == Some(&now[..]) {
                f.stamp = Some(stamp);
                continue;
            }
            f.torn = torn;
            // Its stamp is not kept: the file is read again at the next look.
            if !f.whole(stamp, &now) {
                continue;
            }
            f.stamp = Some(stamp);
            found.push(f.found_change(item, now));
        }
        found
    }

    /// When a file found ending inside a line is to be looked at again, if one was.
    pub fn torn_due(&self) -> Option<Instant> {
        self.torn().min()
    }

    /// When every file found ending inside a line will have had the time to settle.
    pub fn torn_settled(&self) -> Option<Instant> {
        self.torn().max()
    }

    fn torn(&self) -> impl Iterator<Item = Instant> + '_ {
        self.files
            .values()
            .filter_map(|f| f.torn.map(|(_, at)| at + SETTLE))
    }

    /// How many files looks have read so far.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// Where the item's file is.
    pub fn path(&self, item: usize) -> Option<&Path> {
        self.files.get(&item).map(|f| f.path.as_path())
    }

    /// The notes folders of the files watched.
    pub fn folders(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self
            .files
            .values()
            .filter_map(|f| f.path.parent().map(Path::to_path_buf))
            .collect();
        dirs.dedup();
        dirs
    }
}

impl File {
    /// Whether a text found in the file, which it has under `stamp`, is to be taken in
    /// now. One that ends inside a line may be a line appended in two writes (its text,
    /// then its end) read between them: taken in so, another writer's line would be
    /// merged onto its end. It is taken in once it has stood still for [`SETTLE`] (a
    /// file saved without a last line break is, then).
    fn whole(&mut self, stamp: Stamp, now: &[u8]) -> bool {
        // Whatever the text, the earlier sighting is over unless it is this one.
        let seen = self.torn.take();
        if now.is_empty() || now.ends_with(b"\n") {
            return true;
        }
        match seen {
            Some((s, at)) if s == stamp => {
                if at.elapsed() >= SETTLE {
                    return true;
                }
                self.torn = seen;
            }
            _ => self.torn = Some((stamp, Instant::now())),
        }
        false
    }

    fn found_change(&mut self, item: usize, now: Vec<u8>) -> Change {
        self.found += 1;
        // Read as the report reads it: a legacy encoding is never turned into
        // replacement characters and written back so.
        let text = folder::decode(&now, "", &mut Vec::new());
        self.on_disk = Some(now);
        Change {
            item,
            text,
            count: self.found,
        }
    }
}

/// The most read of a followed journal at one look: the rest comes at the next.
const FOLLOW_LIMIT: u64 = 16 << 20;

/// A journal written by someone else, read as it grows: only whole lines are passed
/// on, the rest waits for its end.
#[derive(Debug)]
pub struct Follow {
    path: PathBuf,
    /// How much has been passed on, and of which file.
    read: u64,
    stamp: Option<Stamp>,
}

impl Follow {
    pub fn new(path: PathBuf) -> Follow {
        Follow {
            path,
            read: 0,
            stamp: None,
        }
    }

    pub fn folder(&self) -> Option<PathBuf> {
        self.path.parent().map(Path::to_path_buf)
    }

    /// The whole lines added since the last read; `again` when the file was replaced
    /// (a copy made whole again) and this is all of it.
    pub fn read(&mut self) -> Option<(String, bool)> {
        let stamp = Stamp::of(&self.path).ok()?;
        if self.stamp == Some(stamp) {
            return None;
        }
        #[cfg(unix)]
        let replaced = self.stamp.is_some_and(|s| s.inode != stamp.inode) || stamp.len < self.read;
        #[cfg(not(unix))]
        let replaced = stamp.len < self.read;
        if replaced {
            self.read = 0;
        }
        let dir = crate::store::untrusted::Dir::open(self.path.parent()?).ok()?;
        let name = self.path.file_name()?.to_str()?;
        let (mut bytes, _) = dir.read_from(name, self.read, FOLLOW_LIMIT).ok()??;
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        bytes.truncate(whole);
        // Seen once its last line is whole: a line half written is read again.
        if whole as u64 + self.read == stamp.len {
            self.stamp = Some(stamp);
        }
        self.read += whole as u64;
        if bytes.is_empty() && !replaced {
            return None;
        }
        Some((
            String::from_utf8_lossy(&bytes).into_owned(),
            replaced || self.read == whole as u64,
        ))
    }
}

/// Writes a notes file atomically (no reader ever sees half of it), by swapping it with
/// what was there where the file system can: what that held, when known.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<Option<Vec<u8>>> {
    folder::replace_shared(path, bytes).map_err(|e| {
        // What stands in the file's place, said as it is: the writer tells it apart
        // from a drive that fails.
        if super::untrusted::is_unsafe(&e) {
            e
        } else {
            io::Error::new(e.kind(), format!("{}: {e}", path.display()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own holding item 1's notes file (not yet written), known.
    fn one_file() -> (tempfile::TempDir, PathBuf, Watched) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("01-a.md");
        let mut w = Watched::default();
        w.know(0, path.clone(), None);
        (dir, path, w)
    }

    #[test]
    fn own_writes_are_not_changes_and_others_are_found_once() {
        let (_dir, path, mut w) = one_file();
        assert_eq!(
            w.write(0, &path, "ours", 0, write_file).unwrap(),
            Wrote::Written
        );
        assert!(w.look(write_file).is_empty());
        fs::write(&path, "theirs\r\n").unwrap();
        let found = w.look(write_file);
        assert_eq!(
            found,
            vec![Change {
                item: 0,
                text: "theirs\n".into(),
                count: 1
            }]
        );
        assert!(w.look(write_file).is_empty());
        // Text made before taking that in is not written over it.
        assert_eq!(
            w.write(0, &path, "ours more", 0, write_file).unwrap(),
            Wrote::Outdated
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs\r\n");
        assert_eq!(
            w.write(0, &path, "merged", 1, write_file).unwrap(),
            Wrote::Written
        );
        // A change between two looks is found by the write itself.
        fs::write(&path, "again\n").unwrap();
        match w.write(0, &path, "merged more", 1, write_file).unwrap() {
            Wrote::Changed(c) => assert_eq!((c.text.as_str(), c.count), ("again\n", 2)),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_to_string(&path).unwrap(), "again\n");
    }

    #[test]
    fn an_unchanged_file_is_read_only_while_its_stamp_is_new() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "ours\n", 0, write_file).unwrap();
        for _ in 0..UNSURE_LOOKS {
            assert!(w.look(write_file).is_empty());
        }
        let reads = w.reads();
        for _ in 0..20 {
            assert!(w.look(write_file).is_empty());
        }
        assert_eq!(
            w.reads(),
            reads,
            "a file that did not change was read again"
        );
        // An append in place changes the stamp: read, and found, at the next look.
        let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
        std::io::Write::write_all(&mut f, b"theirs\n").unwrap();
        let found = w.look(write_file);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "ours\ntheirs\n");
        assert_eq!(w.reads(), reads + 1);
    }

    /// Looks ten seconds apart: one look after the stamp stood still long enough reads
    /// the file a last time, and the looks after it do not.
    #[test]
    fn a_file_still_for_long_enough_is_read_once_more_then_not() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "ours", 0, write_file).unwrap();
        let f = w.files.get_mut(&0).unwrap();
        f.since = Instant::now().checked_sub(UNSURE_FOR).unwrap();
        let reads = w.reads();
        assert!(w.look(write_file).is_empty());
        assert_eq!(w.reads(), reads + 1);
        assert!(w.look(write_file).is_empty());
        assert_eq!(w.reads(), reads + 1, "read again once its stamp was sure");
    }

    /// Writes `bytes` over the start of the file in place, its time put back as a
    /// coarse clock would leave it.
    #[cfg(unix)]
    fn overwrite_keeping_time(path: &Path, bytes: &[u8]) {
        let modified = fs::metadata(path).unwrap().modified().unwrap();
        let f = fs::OpenOptions::new().write(true).open(path).unwrap();
        std::os::unix::fs::FileExt::write_all_at(&f, bytes, 0).unwrap();
        f.set_modified(modified).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_change_sharing_the_stamp_of_a_write_just_made_is_found() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "ours\n", 0, write_file).unwrap();
        // Written in place in the same instant, same length: nothing in the stamp
        // tells.
        overwrite_keeping_time(&path, b"THEM\n");
        let found = w.look(write_file);
        assert_eq!(found.len(), 1, "a change made in the instant after a write");
        assert_eq!(found[0].text, "THEM\n");
    }

    /// A file a write of ours found ending inside a line is read by the looks after,
    /// even when its stamp is that of our own write and long sure: it is taken in once
    /// it stood still, not waited on for ever.
    #[cfg(unix)]
    #[test]
    fn a_file_ending_inside_a_line_under_our_own_stamp_is_taken_in() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "ours\n", 0, write_file).unwrap();
        w.files.get_mut(&0).unwrap().since = Instant::now().checked_sub(UNSURE_FOR).unwrap();
        assert!(w.look(write_file).is_empty());
        assert!(w.look(write_file).is_empty());
        // Written in place, same length: nothing in the stamp tells.
        overwrite_keeping_time(&path, b"THEMX");
        assert_eq!(
            w.write(0, &path, "ours more\n", 0, write_file).unwrap(),
            Wrote::Busy
        );
        std::thread::sleep(SETTLE);
        let found = w.look(write_file);
        assert_eq!(found.len(), 1, "the change was never taken in");
        assert_eq!(found[0].text, "THEMX");
        assert_eq!(w.torn_due(), None);
    }

    /// An append caught by the swap between its line and its line end (which goes to
    /// the file swapped out) is taken in with its line ended.
    #[test]
    fn a_line_taken_out_by_the_swap_unended_is_given_its_end() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "a\n", 0, write_file).unwrap();
        let swapped = |p: &Path, b: &[u8]| {
            fs::write(p, b)?;
            Ok(Some(b"a\napp".to_vec()))
        };
        match w.write(0, &path, "a\nours\n", 0, swapped).unwrap() {
            Wrote::Changed(c) => assert_eq!(c.text, "a\napp\n"),
            other => panic!("{other:?}"),
        }
    }

    /// A shell's `echo line >> file` is two writes, the line and its end: a look (or a
    /// write of ours) between them must not take the line in unended, or the next
    /// writer's line merged after it would be glued onto it.
    #[test]
    fn a_line_read_before_its_end_is_written_waits_for_it() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "a\n", 0, write_file).unwrap();
        let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
        std::io::Write::write_all(&mut f, b"app").unwrap();
        assert!(w.look(write_file).is_empty(), "a line taken in unended");
        assert!(w.torn_due().is_some_and(|t| t > Instant::now()));
        assert_eq!(
            w.write(0, &path, "a\nnt\n", 0, write_file).unwrap(),
            Wrote::Busy
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "a\napp");
        std::io::Write::write_all(&mut f, b"\n").unwrap();
        let found = w.look(write_file);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "a\napp\n");
        assert_eq!(w.torn_due(), None);
        // A file saved without a last line break is taken in once it stood still.
        fs::write(&path, "saved so").unwrap();
        assert!(w.look(write_file).is_empty());
        let due = w.torn_due().unwrap();
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let found = w.look(write_file);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "saved so");
        assert_eq!(w.torn_due(), None);
        // So is one met by a write of ours.
        fs::write(&path, "saved again").unwrap();
        assert_eq!(
            w.write(0, &path, "ours\n", 2, write_file).unwrap(),
            Wrote::Busy
        );
        std::thread::sleep(SETTLE);
        match w.write(0, &path, "ours\n", 2, write_file).unwrap() {
            Wrote::Changed(c) => assert_eq!(c.text, "saved again"),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_to_string(&path).unwrap(), "saved again");
    }

    #[test]
    fn a_vanished_file_is_written_again() {
        let (_dir, path, mut w) = one_file();
        w.write(0, &path, "kept", 0, write_file).unwrap();
        fs::remove_file(&path).unwrap();
        assert!(w.look(write_file).is_empty());
        assert_eq!(fs::read_to_string(&path).unwrap(), "kept");
    }
}
