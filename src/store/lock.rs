//! One moderator per meeting: a lock file that names who holds the meeting (host,
//! process, user, since when). A lock left by a process that is gone from this host
//! is taken over; one held on another host can only be taken over on purpose.
//!
//! The lock may sit on a shared drive that two computers reach at the same instant,
//! so it is made by an exclusive create and read back: of two makers, one makes it.
//! A lock found is removed only by whoever first makes its marker (again an exclusive
//! create, named after the lock's very text), and only while the lock still holds
//! that text: two processes taking over the same stale lock, or one taking over while
//! another starts afresh, never both end up holding the meeting. Every holder's text
//! is unique (host, process and the instant it started), so a lock once gone never
//! comes back to be removed by a late taker.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::shown;

pub const FILE_NAME: &str = ".agendum.lock";

/// A lock agendum writes is a few short lines: anything larger is not one of its locks,
/// and is not read.
const MAX_LEN: u64 = 4096;

/// How long a lock found cut short (or empty) may still be being written by the
/// process that has just made it, and how long a take-over under way may take.
const GRACE: Duration = Duration::from_secs(2);

/// A lock cut short this long ago (by this computer's clock) was left by a crash: no
/// need to wait for the rest of it.
const SURELY_TORN: Duration = Duration::from_secs(10);

/// How often a lock that is changing hands is looked at again.
const POLL: Duration = Duration::from_millis(5);

/// Who holds a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub host: String,
    pub pid: u32,
    #[serde(default)]
    pub user: String,
    pub since: DateTime<Utc>,
}

impl Holder {
    /// This process, now.
    pub fn me(now: DateTime<Utc>) -> Holder {
        Holder {
            host: host_name(),
            pid: std::process::id(),
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            since: now,
        }
    }

    fn same_process(&self, other: &Holder) -> bool {
        self.host == other.host && self.pid == other.pid
    }
}

impl Holder {
    /// This holder as a writer of the notes: who, where, and which process since when,
    /// so that the edits of two sessions, or of two views on one computer, are never
    /// taken for one another's.
    pub fn writer(&self) -> String {
        format!(
            "{}~{}-{:x}",
            self.who(),
            self.pid,
            self.since.timestamp_subsec_nanos()
        )
    }

    /// `user@host`, or the host alone.
    pub fn who(&self) -> String {
        if self.user.is_empty() {
            self.host.clone()
        } else {
            format!("{}@{}", self.user, self.host)
        }
    }
}

/// Said to the user, on the screen or on stderr: the host and user names come from a
/// lock file that anyone with the shared drive may have written.
impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process {} on {}", self.pid, shown::line(&self.host))?;
        if !self.user.is_empty() {
            write!(f, " ({})", shown::line(&self.user))?;
        }
        write!(
            f,
            " since {}",
            self.since
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
        )
    }
}

/// Who holds a meeting, as far as its lock file tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    By(Holder),
    /// The lock file is not one agendum writes (a symbolic link, a directory, a pipe, a
    /// file too large), or a take-over of it was left unfinished: for all agendum can
    /// tell, someone holds the meeting. What was found, naming the file.
    Unknown(String),
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Held::By(h) => h.fmt(f),
            Held::Unknown(what) => write!(f, "someone unknown ({})", shown::line(what)),
        }
    }
}

/// How the lock was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    Fresh,
    /// It was ours already (the same process opened it twice).
    Again,
    /// From a holder that is gone (or, on purpose, from one elsewhere).
    Over(Holder),
    /// The lock file could not be read (torn by a crash): taken over.
    Unreadable,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum Refused {
    Held(Held),
    Io(io::Error),
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Self {
        Refused::Io(e)
    }
}

/// A lock held by this process; dropping it leaves the file (call `release`).
#[derive(Debug, Clone)]
pub struct Lock {
    path: PathBuf,
    /// The lock file's text as this process wrote (or found) it: what `release`
    /// removes, and nothing else.
    text: Vec<u8>,
}

/// How many times a lock may be found changing hands before giving up.
const ROUNDS: usize = 50;

/// Takes the lock file at `path` for `me`. `take_over` takes it from a holder on
/// another host too (that machine is known to be gone).
pub fn acquire(path: &Path, me: &Holder, take_over: bool) -> Result<(Lock, Taken), Refused> {
    acquire_judging(path, me, take_over, &alive)
}

/// `acquire`, judging with `running` whether a process of this host is still there.
fn acquire_judging(
    path: &Path,
    me: &Holder,
    take_over: bool,
    running: &dyn Fn(u32) -> bool,
) -> Result<(Lock, Taken), Refused> {
    let text = toml::to_string(me).expect("a holder always serializes");
    let ours = |text: &[u8]| Lock {
        path: path.to_path_buf(),
        text: text.to_vec(),
    };
    // One take-over per call, of the lock found first: a lock found after it was made
    // by someone else meanwhile, who is there now.
    let mut may_take = true;
    let mut took = None;
    for _ in 0..ROUNDS {
        match create_exclusive(path, text.as_bytes()) {
            Ok(()) => {
                // Read back: a taker that judged it torn while it was being written may
                // have removed it and made its own.
                if matches!(read_lock(path)?, Found::Text(t) if t == text.as_bytes()) {
                    return Ok((ours(text.as_bytes()), took.unwrap_or(Taken::Fresh)));
                }
                may_take = false;
                continue;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
        let found = match read_lock(path)? {
            Found::Gone => continue,
            Found::Strange(what) => return Err(unknown(path, &what)),
            Found::Text(t) => t,
        };
        let judged = match parse(&found) {
            Some(h) if h.same_process(me) => return Ok((ours(&found), Taken::Again)),
            Some(h) if may_take && stale(&h, me, take_over, running) => Taken::Over(h),
            Some(h) => return Err(Refused::Held(Held::By(h))),
            None => match settle(path, &found)? {
                Settled::Changed => continue,
                Settled::Torn if may_take => Taken::Unreadable,
                // Torn again after a take-over: someone keeps making it and dying.
                Settled::Torn => {
                    return Err(Refused::Held(Held::Unknown(format!(
                        "{} is cut short",
                        path.display()
                    ))));
                }
            },
        };
        may_take = false;
        match remove_exact(path, &found, text.as_bytes())? {
            Removal::Removed => took = Some(judged),
            // Someone else removed it (or its holder gave it back): whoever makes the
            // next one has it.
            Removal::Changed => {}
            Removal::Busy(marker) => {
                if !changes(path, &found)? {
                    return Err(Refused::Held(Held::Unknown(format!(
                        "a take-over of {} was left unfinished: {} is still there",
                        path.display(),
                        marker.display()
                    ))));
                }
            }
        }
    }
    Err(Refused::Io(io::Error::other(format!(
        "{}: the lock kept changing hands",
        path.display()
    ))))
}

/// Whether a lock's holder may be taken over: a process of this host that is gone,
/// or, on purpose, one of another host.
fn stale(h: &Holder, me: &Holder, take_over: bool, running: &dyn Fn(u32) -> bool) -> bool {
    if h.host == me.host {
        !running(h.pid)
    } else {
        take_over
    }
}

fn unknown(path: &Path, what: &str) -> Refused {
    Refused::Held(Held::Unknown(format!(
        "{} is {what}, not a lock agendum writes",
        path.display()
    )))
}

impl Lock {
    /// Removes the lock file if it is still this process's.
    pub fn release(&self) {
        // Busy: another process is taking it over, and removes it itself.
        let _ = remove_exact(&self.path, &self.text, &self.text);
    }
}

/// Whether `h` may still hold its meeting: its process runs on this host, or it is on
/// another host, where it cannot be told from here.
pub fn may_be_running(h: &Holder) -> bool {
    h.host != host_name() || alive(h.pid)
}

/// Reads who holds the lock at `path`, if anyone does.
pub fn holder(path: &Path) -> Option<Holder> {
    match read_lock(path).ok()? {
        Found::Text(t) => parse(&t),
        _ => None,
    }
}

fn parse(text: &[u8]) -> Option<Holder> {
    toml::from_str(std::str::from_utf8(text).ok()?).ok()
}

/// Makes the file at `path` holding `contents`, only if there is nothing at `path`
/// (not even a symbolic link), with the mode of its folder's files, and makes sure it
/// is on the disk.
fn create_exclusive(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mode = crate::folder::folder_file_mode(path.parent().unwrap_or(Path::new(".")));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // An exclusive create never follows a link; said again so that no change to the
        // flags above can make it.
        options.custom_flags(libc::O_NOFOLLOW).mode(mode);
    }
    let mut f = options.open(path)?;
    #[cfg(unix)]
    let written = {
        use std::os::unix::fs::PermissionsExt;
        // Past the umask, which would hide from the folder's group who holds the meeting.
        f.set_permissions(fs::Permissions::from_mode(mode))
    };
    #[cfg(not(unix))]
    let written: io::Result<()> = {
        let _ = mode;
        Ok(())
    };
    if let Err(e) = written
        .and_then(|()| f.write_all(contents))
        .and_then(|()| f.sync_all())
    {
        drop(f);
        // Half a lock would keep the next agendum waiting for the rest of it.
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// What is at a lock's path.
enum Found {
    Gone,
    /// Something that is no lock of agendum's: what it is.
    Strange(String),
    Text(Vec<u8>),
}

/// Reads a lock file: a regular file of bounded size, never through a link, never
/// waiting on a pipe.
fn read_lock(path: &Path) -> io::Result<Found> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Gone),
        Err(e) => return Err(e),
    };
    if let Some(what) = not_a_lock(&meta) {
        return Ok(Found::Strange(what));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // What was a file a moment ago may be a link or a pipe by now.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Gone),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Ok(Found::Strange("a symbolic link".into()));
        }
        Err(e) => return Err(e),
    };
    if let Some(what) = not_a_lock(&file.metadata()?) {
        return Ok(Found::Strange(what));
    }
    let mut text = Vec::new();
    file.take(MAX_LEN + 1).read_to_end(&mut text)?;
    if text.len() as u64 > MAX_LEN {
        return Ok(Found::Strange(too_large()));
    }
    Ok(Found::Text(text))
}

fn too_large() -> String {
    format!("larger than {} KiB", MAX_LEN / 1024)
}

/// What a file is when it is not a regular file of a lock's size.
fn not_a_lock(meta: &fs::Metadata) -> Option<String> {
    let t = meta.file_type();
    let what = if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_file() {
        if meta.len() > MAX_LEN {
            return Some(too_large());
        }
        return None;
    } else {
        special(&t)
    };
    Some(what.into())
}

#[cfg(unix)]
fn special(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a device"
    }
}

#[cfg(not(unix))]
fn special(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

enum Settled {
    /// It changed or went: look again.
    Changed,
    /// Left cut short by a crash.
    Torn,
}

/// A lock found cut short (or empty) is being written by the process that has just
/// made it, or was left by a crash: it is given a moment to be finished.
fn settle(path: &Path, found: &[u8]) -> io::Result<Settled> {
    let age = fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    if age.is_some_and(|a| a > SURELY_TORN) {
        return Ok(Settled::Torn);
    }
    Ok(if changes(path, found)? {
        Settled::Changed
    } else {
        Settled::Torn
    })
}

/// Whether the lock at `path` stops holding `found` within the grace period.
fn changes(path: &Path, found: &[u8]) -> io::Result<bool> {
    let until = Instant::now() + GRACE;
    while Instant::now() < until {
        std::thread::sleep(POLL);
        match read_lock(path)? {
            Found::Text(t) if t == found => {}
            _ => return Ok(true),
        }
    }
    Ok(false)
}

/// What `remove_exact` did.
enum Removal {
    Removed,
    /// The lock no longer held the text judged: it was left as it is.
    Changed,
    /// Another process is removing it: its marker.
    Busy(PathBuf),
}

/// Removes the lock at `path` if it still holds `judged`. Only whoever makes the
/// marker of that text may remove it, and only while the lock holds it: a lock is
/// never removed by one process after another has put its own in its place.
fn remove_exact(path: &Path, judged: &[u8], mine: &[u8]) -> io::Result<Removal> {
    let marker = marker_path(path, judged);
    match create_exclusive(&marker, mine) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Removal::Busy(marker)),
        Err(e) => return Err(e),
    }
    let removed = match read_lock(path) {
        Ok(Found::Text(t)) if t == judged => fs::remove_file(path).map(|()| Removal::Removed),
        Ok(_) => Ok(Removal::Changed),
        Err(e) => Err(e),
    };
    // Once the lock is gone, a late taker that makes the marker again finds another
    // text (or none) there, and leaves it.
    let _ = fs::remove_file(&marker);
    removed
}

/// `.agendum.lock.{digest of its text}.gone`: one name per lock ever written.
fn marker_path(path: &Path, text: &[u8]) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{name}.{}.gone", crate::folder::digest(text)))
}

/// Whether a process of this host is running and is an agendum (after a restart, the
/// number may belong to something else).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let exists = unsafe { libc::kill(pid, 0) } == 0
        || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    if !exists {
        return false;
    }
    // A process killed but not yet reaped by its parent is gone all the same.
    let zombie = fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let after_name = &s[s.rfind(')')? + 1..];
            after_name
                .split_whitespace()
                .next()
                .map(|state| state == "Z")
        })
        .unwrap_or(false);
    if zombie {
        return false;
    }
    let name = |p: &str| fs::read_to_string(format!("/proc/{p}/comm")).ok();
    match (name(&pid.to_string()), name("self")) {
        (Some(theirs), Some(mine)) => theirs == mine,
        _ => true,
    }
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// This machine's name, as other machines sharing the drive will read it.
#[cfg(unix)]
pub fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; the name is NUL-terminated within it
    // or truncated, which the search for NUL below handles.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    if ok && end > 0 {
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "this computer".into()
    }
}

#[cfg(not(unix))]
pub fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "this computer".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    fn holder(host: &str, pid: u32) -> Holder {
        Holder {
            host: host.into(),
            pid,
            user: "titti".into(),
            since: DateTime::UNIX_EPOCH,
        }
    }

    fn held_by(r: Result<(Lock, Taken), Refused>) -> Holder {
        match r {
            Err(Refused::Held(Held::By(h))) => h,
            other => panic!("{other:?}"),
        }
    }

    fn unknown_holder(r: Result<(Lock, Taken), Refused>) -> String {
        match r {
            Err(Refused::Held(Held::Unknown(what))) => what,
            other => panic!("{other:?}"),
        }
    }

    /// Makes a file look as if written long ago.
    fn age(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    #[test]
    fn a_second_holder_is_refused_and_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let me = Holder::me(Utc::now());
        let (lock, taken) = acquire(&path, &me, false).unwrap();
        assert_eq!(taken, Taken::Fresh);
        assert_eq!(acquire(&path, &me, false).unwrap().1, Taken::Again);
        // Another agendum on this host asks while this (live) process holds it.
        let other = Holder {
            pid: me.pid + 1,
            ..me.clone()
        };
        let h = held_by(acquire(&path, &other, false));
        assert_eq!(h, me);
        let said = Held::By(h).to_string();
        assert!(said.contains(&format!("process {}", me.pid)), "{said}");
        assert!(said.contains(&me.host), "{said}");
        // Only the holder's own release removes the file.
        Lock {
            path: path.clone(),
            text: toml::to_string(&other).unwrap().into_bytes(),
        }
        .release();
        assert!(path.exists());
        lock.release();
        assert!(!path.exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "a marker left"
        );
    }

    #[test]
    fn a_dead_holder_on_this_host_is_taken_over_one_elsewhere_only_on_purpose() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let me = Holder::me(Utc::now());
        // No process has the largest pid number.
        let dead = holder(&me.host, libc::pid_t::MAX as u32);
        fs::write(&path, toml::to_string(&dead).unwrap()).unwrap();
        let (lock, taken) = acquire(&path, &me, false).unwrap();
        assert_eq!(taken, Taken::Over(dead));
        lock.release();
        assert!(!path.exists());

        let away = holder("another-laptop", 42);
        fs::write(&path, toml::to_string(&away).unwrap()).unwrap();
        assert_eq!(held_by(acquire(&path, &me, false)), away);
        assert_eq!(acquire(&path, &me, true).unwrap().1, Taken::Over(away));
        assert_eq!(super::holder(&path).unwrap().pid, me.pid);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "a marker left"
        );
    }

    #[test]
    fn a_lock_has_its_folders_file_mode() {
        use std::os::unix::fs::PermissionsExt;
        for (folder, file) in [(0o770, 0o660), (0o700, 0o600), (0o2775, 0o664)] {
            let dir = tempfile::tempdir().unwrap();
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(folder)).unwrap();
            let path = dir.path().join(FILE_NAME);
            acquire(&path, &Holder::me(Utc::now()), false).unwrap();
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, file, "in a {folder:o} folder");
        }
    }

    #[test]
    fn a_torn_lock_file_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "host = \"x\"\npid = ").unwrap();
        age(&path);
        let me = Holder::me(Utc::now());
        assert_eq!(acquire(&path, &me, false).unwrap().1, Taken::Unreadable);
    }

    #[test]
    fn a_lock_found_empty_is_waited_for_not_taken_over() {
        // The other process has made the file and not yet written it: the moment two
        // computers start at once.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "").unwrap();
        let away = holder("another-laptop", 42);
        let writer = {
            let (path, text) = (path.clone(), toml::to_string(&away).unwrap());
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                fs::write(path, text).unwrap();
            })
        };
        let me = Holder::me(Utc::now());
        assert_eq!(held_by(acquire(&path, &me, false)), away);
        writer.join().unwrap();
    }

    #[test]
    fn a_link_a_pipe_a_directory_or_a_large_file_is_held_by_someone_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let me = Holder::me(Utc::now());
        // A link to a file the taker must not write through, and a dangling one.
        let target = dir.path().join("target");
        fs::write(&target, "precious").unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let what = unknown_holder(acquire(&path, &me, true));
        assert!(what.contains(&path.display().to_string()), "{what}");
        assert!(what.contains("a symbolic link"), "{what}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
        fs::remove_file(&target).unwrap();
        assert!(unknown_holder(acquire(&path, &me, true)).contains("a symbolic link"));
        assert!(fs::symlink_metadata(&path).unwrap().is_symlink());
        fs::remove_file(&path).unwrap();

        let fifo = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(unknown_holder(acquire(&path, &me, true)).contains("a named pipe"));
        fs::remove_file(&path).unwrap();

        fs::create_dir(&path).unwrap();
        assert!(unknown_holder(acquire(&path, &me, true)).contains("a directory"));
        fs::remove_dir(&path).unwrap();

        fs::write(&path, "x".repeat(5000)).unwrap();
        age(&path);
        assert!(unknown_holder(acquire(&path, &me, true)).contains("larger than 4 KiB"));
        assert_eq!(fs::metadata(&path).unwrap().len(), 5000);
        assert_eq!(super::holder(&path), None);
    }

    /// Rounds of `threads` takers let go at the same instant on a lock that `before`
    /// leaves; in each, exactly one must get it and the others must be told it is
    /// that one's.
    fn race(
        threads: usize,
        before: impl Fn(&Path),
        me: impl Fn(usize) -> Holder,
        take_over: bool,
        running: fn(u32) -> bool,
    ) {
        for round in 0..100 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            before(&path);
            let barrier = Arc::new(Barrier::new(threads));
            let takers: Vec<_> = (0..threads)
                .map(|i| {
                    let (path, barrier, me) = (path.clone(), barrier.clone(), me(i));
                    std::thread::spawn(move || {
                        barrier.wait();
                        (me.clone(), acquire_judging(&path, &me, take_over, &running))
                    })
                })
                .collect();
            let results: Vec<_> = takers.into_iter().map(|t| t.join().unwrap()).collect();
            let winners: Vec<&Holder> = results
                .iter()
                .filter(|(_, r)| r.is_ok())
                .map(|(me, _)| me)
                .collect();
            assert_eq!(winners.len(), 1, "round {round}: {results:?}");
            let winner = winners[0];
            assert_eq!(super::holder(&path).as_ref(), Some(winner), "round {round}");
            for (_, r) in &results {
                if let Err(e) = r {
                    assert!(
                        matches!(e, Refused::Held(Held::By(h)) if h == winner),
                        "round {round}: {e:?}, not {winner:?}"
                    );
                }
            }
            let left: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(left, [FILE_NAME], "round {round}");
        }
    }

    #[test]
    fn eight_computers_starting_at_once_never_both_get_the_meeting() {
        race(
            8,
            |_| {},
            |i| holder(&format!("computer-{i}"), 100),
            false,
            |_| true,
        );
    }

    /// A process that is gone, in the stale-lock races.
    const GONE: u32 = 7;

    #[test]
    fn eight_taking_over_a_dead_holder_at_once_never_both_get_the_meeting() {
        race(
            8,
            |path| fs::write(path, toml::to_string(&holder("here", GONE)).unwrap()).unwrap(),
            |i| holder("here", 100 + i as u32),
            false,
            |pid| pid != GONE,
        );
    }

    #[test]
    fn eight_taking_over_another_computer_at_once_never_both_get_the_meeting() {
        race(
            8,
            |path| fs::write(path, toml::to_string(&holder("gone", 1)).unwrap()).unwrap(),
            |i| holder("here", 100 + i as u32),
            true,
            |_| true,
        );
    }

    #[test]
    fn eight_taking_over_a_torn_lock_at_once_never_both_get_the_meeting() {
        race(
            8,
            |path| {
                fs::write(path, "host = ").unwrap();
                age(path);
            },
            |i| holder("here", 100 + i as u32),
            false,
            |_| true,
        );
    }
}
