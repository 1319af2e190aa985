//! One moderator per meeting: a lock file that names who holds the meeting (host,
//! process, user, since when). A lock left by a process that is gone from this host
//! is taken over; one held on another host can only be taken over on purpose.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = ".agendum.lock";

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
    /// `user@host`, or the host alone.
    pub fn who(&self) -> String {
        if self.user.is_empty() {
            self.host.clone()
        } else {
            format!("{}@{}", self.user, self.host)
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process {} on {}", self.pid, self.host)?;
        if !self.user.is_empty() {
            write!(f, " ({})", self.user)?;
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
    Held(Holder),
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
    me: Holder,
}

/// Takes the lock file at `path` for `me`. `take_over` takes it from a holder on
/// another host too (that machine is known to be gone).
pub fn acquire(path: &Path, me: &Holder, take_over: bool) -> Result<(Lock, Taken), Refused> {
    let text = toml::to_string(me).expect("a holder always serializes");
    let lock = Lock {
        path: path.to_path_buf(),
        me: me.clone(),
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            return Ok((lock, Taken::Fresh));
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e.into()),
    }
    let taken = match fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<Holder>(&t).ok())
    {
        Some(h) if h.same_process(me) => return Ok((lock, Taken::Again)),
        Some(h) if h.host == me.host && !alive(h.pid) => Taken::Over(h),
        Some(h) if h.host != me.host && take_over => Taken::Over(h),
        Some(h) => return Err(Refused::Held(h)),
        None => Taken::Unreadable,
    };
    crate::folder::write_atomically(path, text.as_bytes())?;
    // Two processes taking over the same stale lock at once: the last rename wins, and
    // the other finds out here.
    match fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<Holder>(&t).ok())
    {
        Some(h) if h.same_process(me) => Ok((lock, taken)),
        Some(h) => Err(Refused::Held(h)),
        None => Err(Refused::Io(io::Error::other(
            "the lock file changed as it was taken",
        ))),
    }
}

impl Lock {
    /// Removes the lock file if it is still this process's.
    pub fn release(&self) {
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| toml::from_str::<Holder>(&t).ok())
            .is_some_and(|h| h.same_process(&self.me));
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Reads who holds the lock at `path`, if anyone does.
pub fn holder(path: &Path) -> Option<Holder> {
    toml::from_str(&fs::read_to_string(path).ok()?).ok()
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

    fn holder(host: &str, pid: u32) -> Holder {
        Holder {
            host: host.into(),
            pid,
            user: "titti".into(),
            since: DateTime::UNIX_EPOCH,
        }
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
        match acquire(&path, &other, false) {
            Err(Refused::Held(h)) => {
                assert_eq!(h, me);
                let said = h.to_string();
                assert!(said.contains(&format!("process {}", me.pid)), "{said}");
                assert!(said.contains(&me.host), "{said}");
            }
            other => panic!("{other:?}"),
        }
        // Only the holder's own release removes the file.
        Lock {
            path: path.clone(),
            me: other,
        }
        .release();
        assert!(path.exists());
        lock.release();
        assert!(!path.exists());
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
        assert!(matches!(acquire(&path, &me, false), Err(Refused::Held(h)) if h == away));
        assert_eq!(acquire(&path, &me, true).unwrap().1, Taken::Over(away));
        assert_eq!(super::holder(&path).unwrap().pid, me.pid);
    }

    #[test]
    fn a_torn_lock_file_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "host = \"x\"\npid = ").unwrap();
        let me = Holder::me(Utc::now());
        assert_eq!(acquire(&path, &me, false).unwrap().1, Taken::Unreadable);
    }
}
