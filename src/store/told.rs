//! Whether the meeting folder's file system tells of its changes, and the watches kept
//! on its directories while it does. On a disk of this computer, inotify reports every
//! write, whoever makes it, so the folder's writer looks when told and only rarely
//! otherwise. A network drive (NFS, SMB, a FUSE mount) reports only the writes made on
//! this computer, never those of a notetaker elsewhere: there the writer looks every
//! second, notifications or not.

use std::path::{Path, PathBuf};

use super::mirror::Job;

/// Set (to anything but `0`) to look every second whatever the file system, as on a
/// network drive: for a drive this cannot tell apart, and for the tests.
pub const POLL_ENV: &str = "AGENDUM_POLL";

/// Whether every change to files under `dir` is notified, whoever makes it: the file
/// systems of local disks (and memory). Any other, or one that cannot be asked, is
/// taken for a network drive.
pub fn tells_all_changes(dir: &Path) -> bool {
    if std::env::var_os(POLL_ENV).is_some_and(|v| !v.is_empty() && v != "0") {
        return false;
    }
    local_file_system(dir)
}

#[cfg(target_os = "linux")]
fn local_file_system(dir: &Path) -> bool {
    // The magic numbers of statfs(2): disks and memory, where inotify sees all writes.
    const LOCAL: [i64; 13] = [
        0xEF53,      // ext2, ext3, ext4
        0x5846_5342, // xfs
        0x9123_683E, // btrfs
        0x0102_1994, // tmpfs
        0x8584_58F6, // ramfs
        0xF2F5_2010, // f2fs
        0x2FC1_2FC1, // zfs
        0x3153_464A, // jfs
        0x5265_4973, // reiserfs
        0x4D44,      // vfat
        0x2011_BAB0, // exfat
        0x5346_544E, // ntfs
        0x794C_7630, // overlayfs (a container's own disk)
    ];
    match rustix::fs::statfs(dir) {
        // `f_type` is of another integer type on other architectures.
        #[allow(clippy::unnecessary_cast)]
        Ok(s) => LOCAL.contains(&(s.f_type as i64)),
        Err(_) => false,
    }
}

/// Elsewhere the platform's notifications are not relied on: the looks every second
/// stay.
#[cfg(not(target_os = "linux"))]
fn local_file_system(_dir: &Path) -> bool {
    false
}

/// The directory watches: a directory missing when first watched (no notetaker has
/// written yet), or made again since, is watched once it is there.
pub struct Watches {
    watcher: notify::RecommendedWatcher,
    /// Each directory wanted, and the identity of the one watched (`None`: not yet).
    dirs: Vec<(PathBuf, Option<(u64, u64)>)>,
    /// The meeting folder, whose file system says whether notifications can be trusted.
    folder: PathBuf,
    /// Whether the notifications cover everyone's writes (see `tells_all_changes`).
    pub trusted: bool,
}

impl Watches {
    /// Watches `dirs` (each only itself, not below), sending `Job::Look` on any change.
    pub fn start(
        folder: &Path,
        dirs: Vec<PathBuf>,
        looks: std::sync::mpsc::Sender<Job>,
    ) -> Option<Watches> {
        let watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            // Only what changes a folder: a look opens and reads files, and were those
            // openings news, every look would call for the next, for ever. An error (the
            // queue overflowed) may hide any change: a look.
            let _ = match e {
                Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => Ok(()),
                Ok(e) if !e.paths.is_empty() && !e.need_rescan() => {
                    looks.send(Job::Changed(e.paths))
                }
                _ => looks.send(Job::Look),
            };
        })
        .ok()?;
        let mut w = Watches {
            watcher,
            dirs: dirs.into_iter().map(|d| (d, None)).collect(),
            folder: folder.to_path_buf(),
            trusted: false,
        };
        w.refresh();
        Some(w)
    }

    /// Watches what is not watched yet, or was made again since it was.
    pub fn refresh(&mut self) {
        use notify::Watcher;
        // Asked each time: the drive mounted there may not be the one seen at the start.
        self.trusted = tells_all_changes(&self.folder);
        for (dir, watched) in &mut self.dirs {
            let now = identity(dir);
            if now.is_none() || now == *watched {
                *watched = now;
                continue;
            }
            if watched.is_some() {
                let _ = self.watcher.unwatch(dir);
            }
            *watched = self
                .watcher
                .watch(dir, notify::RecursiveMode::NonRecursive)
                .ok()
                .and(now);
        }
    }
}

fn identity(dir: &Path) -> Option<(u64, u64)> {
    let m = std::fs::symlink_metadata(dir).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        Some((0, 0))
    }
}
