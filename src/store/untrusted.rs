//! Files of the meeting folder, which is untrusted: anyone who can write the shared
//! drive can put anything there. A symbolic link in place of the journal would have
//! agendum append to whatever it points at; a link in place of a notes file would copy
//! a private file into the shared folder; a FIFO would hang a reader or a writer; a
//! link to `/dev/zero` would be read without end; a directory in place of a file would
//! stop every write after it.
//!
//! So every access goes through a [`Dir`], a descriptor of one directory of the folder
//! opened without following links, and names one entry of it: a path component swapped
//! for a link after the directory was opened changes nothing. No link is ever followed,
//! only regular files of bounded size are read, and anything else is refused with an
//! error that [`is_unsafe`] tells from a failing drive, so that a caller can skip and
//! report that one entry and keep writing the others.

use std::error::Error;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

#[cfg(unix)]
pub use unix::Dir;

#[cfg(not(unix))]
pub use portable::Dir;

/// How many entries [`Dir::entries`] lists at most: a folder flooded with names is
/// refused rather than read into memory.
pub const ENTRY_LIMIT: usize = 10_000;

/// What an entry is, seen without following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    /// A FIFO, a socket, a device or anything else that is never opened.
    Other,
}

/// A look at an entry: what it is, how long, when changed, and which file it is, so
/// that a caller can tell a file replaced or truncated since its last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub kind: Kind,
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub dev: u64,
    pub ino: u64,
}

impl Stamp {
    /// Whether both looks saw the same file, though perhaps of other contents.
    pub fn same_file(&self, other: &Stamp) -> bool {
        self.dev == other.dev && self.ino == other.ino
    }
}

/// One name in a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name, with a name that is not UTF-8 shown lossily: such an entry can be
    /// reported but not opened through a [`Dir`].
    pub name: String,
    pub utf8: bool,
    pub kind: Kind,
}

/// What [`Dir::replace_and_see`] found at the name it wrote.
#[derive(Debug)]
pub enum Swapped {
    /// The regular file that was there just before the new one took its place.
    Was(Vec<u8>),
    /// Nothing was there.
    Nothing,
    /// Something was there and has been replaced, but what it held cannot be shown:
    /// the error says why (a link, a FIFO, a file over the limit, a failed read).
    Unread(io::Error),
    /// The file system cannot swap two names at once, so the new file was renamed over
    /// the old one and what the old one held is not known.
    Unseen,
}

impl Swapped {
    /// What was there, where it could be seen.
    pub fn into_bytes(self) -> Option<Vec<u8>> {
        match self {
            Swapped::Was(bytes) => Some(bytes),
            _ => None,
        }
    }
}

/// What was asked for where an unsafe entry was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    File,
    Dir,
}

/// What was found instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Symlink,
    Dir,
    File,
    Fifo,
    Socket,
    Device,
    Other,
    /// A regular file longer than the limit, in bytes.
    TooLarge(u64),
    /// A directory with more entries than the limit.
    TooMany(usize),
}

/// An entry of the folder that agendum will not touch: the payload of the errors that
/// [`is_unsafe`] recognises.
#[derive(Debug)]
pub struct Unsafe {
    pub path: PathBuf,
    pub found: Found,
    pub wanted: Wanted,
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wanted = match self.wanted {
            Wanted::File => "a regular file",
            Wanted::Dir => "a directory",
        };
        let path = self.path.display();
        match self.found {
            Found::Symlink => write!(f, "{path}: is a symbolic link: not followed"),
            Found::TooLarge(limit) => {
                write!(f, "{path}: is larger than {}: skipped", size_text(limit))
            }
            Found::TooMany(limit) => {
                write!(f, "{path}: holds more than {limit} entries: not listed")
            }
            found => {
                let what = match found {
                    Found::Dir => "a directory",
                    Found::File => "a regular file",
                    Found::Fifo => "a FIFO",
                    Found::Socket => "a socket",
                    Found::Device => "a device",
                    _ => "of an unknown kind",
                };
                write!(f, "{path}: is {what}, not {wanted}: skipped")
            }
        }
    }
}

impl Error for Unsafe {}

/// Whether `e` is an unsafe entry refused (to be skipped and reported once) rather than
/// a failure of the drive itself.
pub fn is_unsafe(e: &io::Error) -> bool {
    as_unsafe(e).is_some()
}

/// The unsafe entry that `e` refused, if it is such an error.
pub fn as_unsafe(e: &io::Error) -> Option<&Unsafe> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<Unsafe>())
}

/// Whether `name` is one of the temporary files that [`Dir::write_atomically`] and
/// [`Dir::replace_and_see`] create beside their target, which a listing should pass
/// over; one may be left behind by a writer that died.
pub fn is_temporary(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let Some((_, tag)) = rest.rsplit_once('.') else {
        return false;
    };
    let Some((pid, n)) = tag.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(pid) && digits(n)
}

const TEMP_SUFFIX: &str = ".agendum-tmp";

/// Room left for the name of the target within a temporary name, which must itself
/// stay within the 255 bytes that file systems allow.
const TEMP_STEM_MAX: usize = 160;

fn temp_name(name: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut end = name.len().min(TEMP_STEM_MAX);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    format!(".{}.{}-{n}{TEMP_SUFFIX}", &name[..end], std::process::id())
}

fn refuse(path: PathBuf, found: Found, wanted: Wanted) -> io::Error {
    let kind = match found {
        Found::TooLarge(_) => io::ErrorKind::FileTooLarge,
        _ => io::ErrorKind::InvalidData,
    };
    io::Error::new(
        kind,
        Unsafe {
            path,
            found,
            wanted,
        },
    )
}

/// The same error, its message naming the path it is about.
fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// A name must be one entry of the directory: anything that could reach outside it is
/// refused before any call is made.
fn check_name(dir: &Path, name: &str) -> io::Result<()> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\0'])
        || (cfg!(not(unix)) && name.contains(['\\', ':']));
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: {name:?} is not the name of one entry", dir.display()),
        ));
    }
    Ok(())
}

/// What a buffer for reading a file of `size` bytes from `offset` on, at most `limit`
/// of them, is first made to hold: all of it, and a byte more that shows it grown
/// without growing the buffer (a file read in is never copied into a larger buffer).
fn first_capacity(size: u64, offset: u64, limit: u64) -> usize {
    usize::try_from(size.saturating_sub(offset).min(limit) + 1).unwrap_or(0)
}

/// Whether what `reader` gives is exactly `bytes`, read a block at a time.
fn same_bytes(reader: &mut impl Read, mut bytes: &[u8]) -> io::Result<bool> {
    let mut block = vec![0; 64 << 10];
    loop {
        let n = match reader.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(bytes.is_empty());
        }
        match bytes.strip_prefix(&block[..n]) {
            Some(rest) => bytes = rest,
            None => return Ok(false),
        }
    }
}

/// Reads all of `reader` but never more than `limit` bytes: one byte past the limit is
/// read to tell a file at the limit from a longer one, so a file that grew since its
/// size was checked, or never ends, still costs at most `limit + 1` bytes. `size`: the
/// file's size when it was opened.
fn read_bounded(reader: &mut impl Read, size: u64, limit: u64, path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(first_capacity(size, 0, limit));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| with_path(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(refuse(
            path.to_path_buf(),
            Found::TooLarge(limit),
            Wanted::File,
        ));
    }
    Ok(bytes)
}

fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

/// The mode of the files written in a directory of mode `dir_mode`: its permission bits
/// without execute, setgid or sticky, so that a group that may write the folder may
/// read what agendum writes there.
#[cfg_attr(not(unix), allow(dead_code))]
fn file_mode_of(dir_mode: u32) -> u32 {
    dir_mode & 0o666
}

/// Only the unix version has the raw time of a `struct stat` to turn into one.
#[cfg_attr(not(unix), allow(dead_code))]
fn system_time(secs: i64, nanos: u32) -> Option<SystemTime> {
    let nanos = Duration::from_nanos(u64::from(nanos.min(999_999_999)));
    if secs >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()) + nanos)
    } else {
        SystemTime::UNIX_EPOCH
            .checked_sub(Duration::from_secs(secs.unsigned_abs()))?
            .checked_add(nanos)
    }
}

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::io::{self, Read, Seek, SeekFrom, Write};
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::{Path, PathBuf};

    use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags, RawMode, Stat};
    use rustix::io::Errno;

    use super::{
        ENTRY_LIMIT, Entry, Found, Kind, Stamp, Swapped, Wanted, check_name, file_mode_of,
        first_capacity, read_bounded, refuse, same_bytes, system_time, temp_name, with_path,
    };

    /// A directory of the meeting folder, opened without following links. Every file
    /// operation goes through its descriptor and names one entry of it, so swapping a
    /// path component for a symbolic link after opening changes nothing.
    #[derive(Debug)]
    pub struct Dir {
        fd: OwnedFd,
        /// For messages only: never opened again.
        path: PathBuf,
        file_mode: u32,
    }

    /// Added to every open: no descriptor leaks into a child, no link is followed, no
    /// FIFO blocks the open, and no terminal becomes agendum's.
    fn guarded(flags: OFlags) -> OFlags {
        flags | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY
    }

    fn dir_flags() -> OFlags {
        guarded(OFlags::RDONLY | OFlags::DIRECTORY)
    }

    /// The field types of `struct stat` differ between platforms and word sizes, so the
    /// casts that are no-ops on one are needed on another.
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    fn stamp_of(st: &Stat) -> Stamp {
        Stamp {
            kind: kind_of(st),
            len: size_of(st),
            modified: system_time(st.st_mtime as i64, st.st_mtime_nsec as u32),
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
        }
    }

    #[allow(clippy::unnecessary_cast)]
    fn size_of(st: &Stat) -> u64 {
        (st.st_size as i64).max(0) as u64
    }

    #[allow(clippy::unnecessary_cast)]
    fn mode_of(st: &Stat) -> u32 {
        st.st_mode as u32 & 0o7777
    }

    fn kind_of_type(t: FileType) -> Kind {
        match t {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Dir,
            FileType::Symlink => Kind::Symlink,
            _ => Kind::Other,
        }
    }

    fn kind_of(st: &Stat) -> Kind {
        kind_of_type(FileType::from_raw_mode(st.st_mode))
    }

    fn found_of(st: &Stat) -> Found {
        match FileType::from_raw_mode(st.st_mode) {
            FileType::RegularFile => Found::File,
            FileType::Directory => Found::Dir,
            FileType::Symlink => Found::Symlink,
            FileType::Fifo => Found::Fifo,
            FileType::Socket => Found::Socket,
            FileType::CharacterDevice | FileType::BlockDevice => Found::Device,
            _ => Found::Other,
        }
    }

    fn is(found: Found, wanted: Wanted) -> bool {
        matches!(
            (found, wanted),
            (Found::File, Wanted::File) | (Found::Dir, Wanted::Dir)
        )
    }

    /// Errors by which a file system says it cannot do what a flag asks.
    fn unsupported(e: Errno) -> bool {
        e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP || e == Errno::OPNOTSUPP
    }

    /// Gives a file or directory agendum created its mode whatever the umask: a umask
    /// of 022 would take from the group the right to write what it may write.
    fn set_mode(fd: impl AsFd, mode: u32) -> io::Result<()> {
        match rfs::fchmod(fd, Mode::from_raw_mode(mode as RawMode)) {
            Ok(()) => Ok(()),
            // File systems without modes of their own (SMB, FAT) refuse; the mount's
            // options decide there.
            Err(e) if e == Errno::PERM || e == Errno::NOTSUP || e == Errno::OPNOTSUPP => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A temporary file beside its target, removed when dropped unless kept.
    pub(super) struct Temp<'a> {
        dir: &'a Dir,
        name: String,
        kept: bool,
    }

    impl Temp<'_> {
        fn keep(mut self) {
            self.kept = true;
        }
    }

    impl Drop for Temp<'_> {
        fn drop(&mut self) {
            if !self.kept {
                let _ = rfs::unlinkat(&self.dir.fd, self.name.as_str(), AtFlags::empty());
            }
        }
    }

    impl Dir {
        /// Opens `path` itself as a directory without following a link there; its
        /// parents are the user's own configured path and are trusted. A link, a file
        /// or a FIFO there is an unsafe entry.
        pub fn open(path: &Path) -> io::Result<Dir> {
            match rfs::open(path, dir_flags(), Mode::empty()) {
                Ok(fd) => Dir::from_fd(fd, path.to_path_buf()),
                Err(e) => Err(match rfs::lstat(path) {
                    Ok(st) if kind_of(&st) != Kind::Dir => {
                        refuse(path.to_path_buf(), found_of(&st), Wanted::Dir)
                    }
                    _ => with_path(path, e.into()),
                }),
            }
        }

        fn from_fd(fd: OwnedFd, path: PathBuf) -> io::Result<Dir> {
            let st = rfs::fstat(&fd).map_err(|e| with_path(&path, e.into()))?;
            if kind_of(&st) != Kind::Dir {
                return Err(refuse(path, found_of(&st), Wanted::Dir));
            }
            Ok(Dir {
                fd,
                path,
                file_mode: file_mode_of(mode_of(&st)),
            })
        }

        /// A subdirectory by name, without following a link there.
        pub fn sub(&self, name: &str) -> io::Result<Dir> {
            check_name(&self.path, name)?;
            match rfs::openat(&self.fd, name, dir_flags(), Mode::empty()) {
                Ok(fd) => Dir::from_fd(fd, self.at(name)),
                Err(e) => Err(self.failed(name, e, Wanted::Dir)),
            }
        }

        /// Makes a subdirectory of mode `mode` (whatever the umask), or opens the
        /// directory already there; anything else there is an unsafe entry.
        pub fn make_sub(&self, name: &str, mode: u32) -> io::Result<Dir> {
            check_name(&self.path, name)?;
            let made = match rfs::mkdirat(&self.fd, name, Mode::from_raw_mode(mode as RawMode)) {
                Ok(()) => true,
                Err(Errno::EXIST) => false,
                Err(e) => return Err(with_path(&self.at(name), e.into())),
            };
            let mut sub = self.sub(name)?;
            if made {
                set_mode(&sub.fd, mode).map_err(|e| with_path(&sub.path, e))?;
                sub.file_mode = file_mode_of(mode);
            }
            Ok(sub)
        }

        /// The directory's path, for messages.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// The mode of the files agendum creates here: the directory's own permission
        /// bits without execute, setgid or sticky (0770 → 0660, 0755 → 0644,
        /// 2775 → 0664), so that a group that may write the folder may read them.
        pub fn file_mode(&self) -> u32 {
            self.file_mode
        }

        /// The same directory, creating its files with `mode` instead (a private file
        /// in a folder others may read).
        pub fn with_file_mode(mut self, mode: u32) -> Dir {
            self.file_mode = mode & 0o666;
            self
        }

        /// Reads the regular file `name` of at most `limit` bytes; `None` if there is
        /// none. Anything else there, or a longer file, is an unsafe entry.
        pub fn read(&self, name: &str, limit: u64) -> io::Result<Option<Vec<u8>>> {
            check_name(&self.path, name)?;
            let Some((mut file, st)) = self.open_regular(name, OFlags::RDONLY)? else {
                return Ok(None);
            };
            if size_of(&st) > limit {
                return Err(refuse(self.at(name), Found::TooLarge(limit), Wanted::File));
            }
            read_bounded(&mut file, size_of(&st), limit, &self.at(name)).map(Some)
        }

        /// Whether the regular file `name` holds exactly `bytes`, read a block at a time
        /// rather than into memory; `None` if there is none.
        pub fn holds(&self, name: &str, bytes: &[u8]) -> io::Result<Option<bool>> {
            check_name(&self.path, name)?;
            let Some((mut file, st)) = self.open_regular(name, OFlags::RDONLY)? else {
                return Ok(None);
            };
            if size_of(&st) != bytes.len() as u64 {
                return Ok(Some(false));
            }
            same_bytes(&mut file, bytes)
                .map(Some)
                .map_err(|e| with_path(&self.at(name), e))
        }

        /// Reads the regular file `name` from `offset` on, at most `limit` bytes of it,
        /// for a log that others append to: the caller goes on from `offset` plus what it
        /// got. The stamp, taken when the file was opened, tells whether it is still the
        /// file of the last look (`same_file`) and whether it was cut shorter than
        /// `offset` meanwhile (`len`).
        pub fn read_from(
            &self,
            name: &str,
            offset: u64,
            limit: u64,
        ) -> io::Result<Option<(Vec<u8>, Stamp)>> {
            check_name(&self.path, name)?;
            let Some((mut file, st)) = self.open_regular(name, OFlags::RDONLY)? else {
                return Ok(None);
            };
            let mut bytes = Vec::with_capacity(first_capacity(size_of(&st), offset, limit));
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| (&mut file).take(limit).read_to_end(&mut bytes))
                .map_err(|e| with_path(&self.at(name), e))?;
            Ok(Some((bytes, stamp_of(&st))))
        }

        /// A look at the entry `name` itself, a link included, not what it points at;
        /// `None` if there is none.
        pub fn stat(&self, name: &str) -> io::Result<Option<Stamp>> {
            check_name(&self.path, name)?;
            match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => Ok(Some(stamp_of(&st))),
                Err(Errno::NOENT) => Ok(None),
                Err(e) => Err(with_path(&self.at(name), e.into())),
            }
        }

        /// The entries of the directory, sorted by name, each with its own kind (links
        /// not followed). A directory of more than [`ENTRY_LIMIT`] entries is an unsafe
        /// entry.
        pub fn entries(&self) -> io::Result<Vec<Entry>> {
            self.entries_at_most(ENTRY_LIMIT)
        }

        pub(super) fn entries_at_most(&self, limit: usize) -> io::Result<Vec<Entry>> {
            let failed = |e: Errno| with_path(&self.path, e.into());
            let mut entries = Vec::new();
            for item in rfs::Dir::read_from(&self.fd).map_err(failed)? {
                let item = item.map_err(failed)?;
                let bytes = item.file_name().to_bytes();
                if bytes == b"." || bytes == b".." {
                    continue;
                }
                if entries.len() == limit {
                    return Err(refuse(
                        self.path.clone(),
                        Found::TooMany(limit),
                        Wanted::Dir,
                    ));
                }
                let kind = match item.file_type() {
                    // Some file systems do not say in the listing.
                    FileType::Unknown => {
                        match rfs::statat(&self.fd, item.file_name(), AtFlags::SYMLINK_NOFOLLOW) {
                            Ok(st) => kind_of(&st),
                            Err(Errno::NOENT) => continue,
                            Err(e) => return Err(failed(e)),
                        }
                    }
                    t => kind_of_type(t),
                };
                let (name, utf8) = match std::str::from_utf8(bytes) {
                    Ok(name) => (name.to_string(), true),
                    Err(_) => (String::from_utf8_lossy(bytes).into_owned(), false),
                };
                entries.push(Entry { name, utf8, kind });
            }
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(entries)
        }

        /// Replaces `name` at once with a regular file holding `bytes`: written to a
        /// temporary file beside it, synced, then renamed over it. A link there is
        /// replaced itself, never its target. A directory there is an unsafe entry, and
        /// is left as it is.
        pub fn write_atomically(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
            check_name(&self.path, name)?;
            self.refuse_dir(name)?;
            let temp = self.write_temp(name, bytes)?;
            self.rename_in(temp, name)
        }

        /// Like [`Dir::write_atomically`], but swaps the new file with what was there in
        /// one step where the file system can, and shows what that held (a regular file
        /// of at most `limit` bytes), so that a writer sees a change that landed after
        /// its last look. Where the file system cannot swap, renames over it and says
        /// [`Swapped::Unseen`].
        pub fn replace_and_see(&self, name: &str, bytes: &[u8], limit: u64) -> io::Result<Swapped> {
            check_name(&self.path, name)?;
            self.refuse_dir(name)?;
            let temp = self.write_temp(name, bytes)?;
            self.swap_in(temp, name, limit)
        }

        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        pub(super) fn swap_in(
            &self,
            temp: Temp<'_>,
            name: &str,
            limit: u64,
        ) -> io::Result<Swapped> {
            use rfs::RenameFlags;
            let rename =
                |flags| rfs::renameat_with(&self.fd, temp.name.as_str(), &self.fd, name, flags);
            // A name that comes and goes between the two tries is given up on after a
            // few rounds, for a plain rename.
            for _ in 0..3 {
                match rename(RenameFlags::EXCHANGE) {
                    Ok(()) => return self.look_at_swapped_out(temp, name, limit),
                    Err(Errno::NOENT) => match rename(RenameFlags::NOREPLACE) {
                        Ok(()) => {
                            temp.keep();
                            return Ok(Swapped::Nothing);
                        }
                        // It was created meanwhile: swap with that.
                        Err(Errno::EXIST) => continue,
                        Err(e) if unsupported(e) => {
                            return self.rename_in(temp, name).map(|()| Swapped::Nothing);
                        }
                        Err(e) => return Err(self.rename_failed(name, e)),
                    },
                    Err(e) if unsupported(e) => break,
                    Err(e) => return Err(self.rename_failed(name, e)),
                }
            }
            self.rename_in(temp, name).map(|()| Swapped::Unseen)
        }

        #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
        pub(super) fn swap_in(
            &self,
            temp: Temp<'_>,
            name: &str,
            _limit: u64,
        ) -> io::Result<Swapped> {
            self.rename_in(temp, name).map(|()| Swapped::Unseen)
        }

        /// After a swap the temporary name holds what `name` held: read it if it is a
        /// regular file, then remove it.
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        fn look_at_swapped_out(
            &self,
            temp: Temp<'_>,
            name: &str,
            limit: u64,
        ) -> io::Result<Swapped> {
            let st = match rfs::statat(&self.fd, temp.name.as_str(), AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => st,
                Err(Errno::NOENT) => return Ok(Swapped::Nothing),
                Err(e) => return Ok(Swapped::Unread(with_path(&self.at(name), e.into()))),
            };
            match found_of(&st) {
                Found::File => {}
                // A directory that came in after the look before the swap: put it back,
                // as a rename would have refused to replace it.
                Found::Dir => {
                    let back = rfs::renameat_with(
                        &self.fd,
                        temp.name.as_str(),
                        &self.fd,
                        name,
                        rfs::RenameFlags::EXCHANGE,
                    );
                    return Err(match back {
                        Ok(()) => refuse(self.at(name), Found::Dir, Wanted::File),
                        Err(e) => {
                            let e = io::Error::new(
                                io::Error::from(e).kind(),
                                format!(
                                    "a directory found in its place was moved to {} and could not be put back: {e}",
                                    self.at(&temp.name).display()
                                ),
                            );
                            with_path(&self.at(name), e)
                        }
                    });
                }
                found => {
                    return Ok(Swapped::Unread(refuse(self.at(name), found, Wanted::File)));
                }
            }
            Ok(match self.read(&temp.name, limit) {
                Ok(Some(bytes)) => Swapped::Was(bytes),
                Ok(None) => Swapped::Nothing,
                Err(e) => Swapped::Unread(match super::as_unsafe(&e) {
                    Some(u) => refuse(self.at(name), u.found, Wanted::File),
                    None => e,
                }),
            })
        }

        /// Opens `name` for appending, creating it with [`Dir::file_mode`] if missing.
        /// Anything but a regular file there is an unsafe entry.
        pub fn append(&self, name: &str) -> io::Result<File> {
            check_name(&self.path, name)?;
            let flags = guarded(OFlags::WRONLY | OFlags::APPEND);
            // Created here, so given its mode, or opened as it is: a file of someone
            // else's is not ours to change the mode of.
            for _ in 0..3 {
                let create = flags | OFlags::CREATE | OFlags::EXCL;
                let mode = Mode::from_raw_mode(self.file_mode as RawMode);
                let fd = match rfs::openat(&self.fd, name, create, mode) {
                    Ok(fd) => {
                        set_mode(&fd, self.file_mode).map_err(|e| with_path(&self.at(name), e))?;
                        fd
                    }
                    Err(Errno::EXIST) => match rfs::openat(&self.fd, name, flags, Mode::empty()) {
                        Ok(fd) => fd,
                        // Removed since: create it after all.
                        Err(Errno::NOENT) => continue,
                        Err(e) => return Err(self.failed(name, e, Wanted::File)),
                    },
                    Err(e) => return Err(self.failed(name, e, Wanted::File)),
                };
                self.check_regular(name, &fd)?;
                // Non-blocking mattered only for opening; writes to a regular file
                // behave the same either way, but say what they mean.
                let fl = rfs::fcntl_getfl(&fd).map_err(|e| with_path(&self.at(name), e.into()))?;
                rfs::fcntl_setfl(&fd, fl - OFlags::NONBLOCK)
                    .map_err(|e| with_path(&self.at(name), e.into()))?;
                return Ok(File::from(fd));
            }
            Err(with_path(
                &self.at(name),
                io::Error::other("kept disappearing while being opened"),
            ))
        }

        /// Creates the regular file `name` holding `bytes`, synced; an error of kind
        /// `AlreadyExists` if anything, a dangling link included, is there.
        pub fn create_new(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
            check_name(&self.path, name)?;
            let flags = guarded(OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL);
            let mode = Mode::from_raw_mode(self.file_mode as RawMode);
            let fd = rfs::openat(&self.fd, name, flags, mode)
                .map_err(|e| with_path(&self.at(name), e.into()))?;
            let mut file = File::from(fd);
            let written = set_mode(&file, self.file_mode)
                .and_then(|()| file.write_all(bytes))
                .and_then(|()| file.sync_all());
            if let Err(e) = written {
                // Half a file would stand in the way of the next try.
                let _ = rfs::unlinkat(&self.fd, name, AtFlags::empty());
                return Err(with_path(&self.at(name), e));
            }
            Ok(())
        }

        /// Removes the entry `name` (a link itself, not its target); fine if there is
        /// none. A directory there is an unsafe entry.
        pub fn remove(&self, name: &str) -> io::Result<()> {
            check_name(&self.path, name)?;
            match rfs::unlinkat(&self.fd, name, AtFlags::empty()) {
                Ok(()) | Err(Errno::NOENT) => Ok(()),
                Err(e) => Err(self.failed(name, e, Wanted::File)),
            }
        }

        /// Renames the entry `from` to `to` within this directory, replacing what `to`
        /// names (a link itself, never its target).
        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            check_name(&self.path, from)?;
            check_name(&self.path, to)?;
            rfs::renameat(&self.fd, from, &self.fd, to).map_err(|e| {
                if e == Errno::NOENT {
                    with_path(&self.at(from), e.into())
                } else {
                    self.rename_failed(to, e)
                }
            })
        }

        fn at(&self, name: &str) -> PathBuf {
            self.path.join(name)
        }

        /// Opens `name` with `flags` if it is a regular file; `None` if there is none.
        pub(super) fn open_regular(
            &self,
            name: &str,
            flags: OFlags,
        ) -> io::Result<Option<(File, Stat)>> {
            let fd = match rfs::openat(&self.fd, name, guarded(flags), Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) => return Ok(None),
                Err(e) => return Err(self.failed(name, e, Wanted::File)),
            };
            let st = self.check_regular(name, &fd)?;
            Ok(Some((File::from(fd), st)))
        }

        /// What was opened is what counts, whatever a look before found.
        fn check_regular(&self, name: &str, fd: &OwnedFd) -> io::Result<Stat> {
            let st = rfs::fstat(fd).map_err(|e| with_path(&self.at(name), e.into()))?;
            match found_of(&st) {
                Found::File => Ok(st),
                found => Err(refuse(self.at(name), found, Wanted::File)),
            }
        }

        /// The error for a call on `name` that failed with `e`: an unsafe entry if
        /// something other than what was wanted is there (an open through a link fails
        /// with ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD, so what is there
        /// is looked at rather than the error), else `e` itself.
        fn failed(&self, name: &str, e: Errno, wanted: Wanted) -> io::Error {
            match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) if !is(found_of(&st), wanted) => {
                    refuse(self.at(name), found_of(&st), wanted)
                }
                _ => with_path(&self.at(name), e.into()),
            }
        }

        fn rename_failed(&self, to: &str, e: Errno) -> io::Error {
            let dir_there = (e == Errno::ISDIR || e == Errno::NOTEMPTY || e == Errno::EXIST)
                && rfs::statat(&self.fd, to, AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|st| kind_of(&st) == Kind::Dir);
            if dir_there {
                refuse(self.at(to), Found::Dir, Wanted::File)
            } else {
                with_path(&self.at(to), e.into())
            }
        }

        /// Refuses before writing anything when a directory stands where a file is to go.
        fn refuse_dir(&self, name: &str) -> io::Result<()> {
            match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) if kind_of(&st) == Kind::Dir => {
                    Err(refuse(self.at(name), Found::Dir, Wanted::File))
                }
                Ok(_) | Err(Errno::NOENT) => Ok(()),
                Err(e) => Err(with_path(&self.at(name), e.into())),
            }
        }

        /// A new temporary file beside `name` holding `bytes`, synced.
        pub(super) fn write_temp(&self, name: &str, bytes: &[u8]) -> io::Result<Temp<'_>> {
            let flags = guarded(OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL);
            let mode = Mode::from_raw_mode(self.file_mode as RawMode);
            // Another writer, on this computer or another, may have taken a name.
            for _ in 0..16 {
                let temp_name = temp_name(name);
                let fd = match rfs::openat(&self.fd, temp_name.as_str(), flags, mode) {
                    Ok(fd) => fd,
                    Err(Errno::EXIST) => continue,
                    Err(e) => return Err(with_path(&self.at(name), e.into())),
                };
                let temp = Temp {
                    dir: self,
                    name: temp_name,
                    kept: false,
                };
                let mut file = File::from(fd);
                set_mode(&file, self.file_mode)
                    .and_then(|()| file.write_all(bytes))
                    .and_then(|()| file.sync_all())
                    .map_err(|e| with_path(&self.at(name), e))?;
                return Ok(temp);
            }
            Err(with_path(
                &self.at(name),
                io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "no free name for a temporary file",
                ),
            ))
        }

        fn rename_in(&self, temp: Temp<'_>, name: &str) -> io::Result<()> {
            rfs::renameat(&self.fd, temp.name.as_str(), &self.fd, name)
                .map_err(|e| self.rename_failed(name, e))?;
            temp.keep();
            Ok(())
        }
    }
}

/// Where there are no descriptors to work through: std's calls, each looking at what
/// is there before acting, which leaves a moment for a swap that the unix version does
/// not.
#[cfg(any(not(unix), test))]
#[cfg_attr(unix, allow(dead_code))]
mod portable {
    use std::fs::{self, File, OpenOptions};
    use std::io::{self, Read, Seek, SeekFrom, Write};
    use std::path::{Path, PathBuf};

    use super::{
        ENTRY_LIMIT, Entry, Found, Kind, Stamp, Swapped, Wanted, check_name, first_capacity,
        read_bounded, refuse, same_bytes, temp_name, with_path,
    };

    /// A directory of the meeting folder. See the unix version for what each call does.
    #[derive(Debug)]
    pub struct Dir {
        path: PathBuf,
    }

    fn kind_of(meta: &fs::Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_symlink() {
            Kind::Symlink
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }

    fn found_of(meta: &fs::Metadata) -> Found {
        match kind_of(meta) {
            Kind::File => Found::File,
            Kind::Dir => Found::Dir,
            Kind::Symlink => Found::Symlink,
            Kind::Other => Found::Other,
        }
    }

    fn look(path: &Path) -> io::Result<Option<fs::Metadata>> {
        match fs::symlink_metadata(path) {
            Ok(meta) => Ok(Some(meta)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(with_path(path, e)),
        }
    }

    fn stamp_of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            kind: kind_of(meta),
            len: meta.len(),
            modified: meta.modified().ok(),
            dev: 0,
            ino: 0,
        }
    }

    impl Dir {
        pub fn open(path: &Path) -> io::Result<Dir> {
            match look(path)? {
                Some(meta) if kind_of(&meta) == Kind::Dir => Ok(Dir {
                    path: path.to_path_buf(),
                }),
                Some(meta) => Err(refuse(path.to_path_buf(), found_of(&meta), Wanted::Dir)),
                None => Err(with_path(path, io::ErrorKind::NotFound.into())),
            }
        }

        pub fn sub(&self, name: &str) -> io::Result<Dir> {
            check_name(&self.path, name)?;
            Dir::open(&self.at(name))
        }

        pub fn make_sub(&self, name: &str, _mode: u32) -> io::Result<Dir> {
            check_name(&self.path, name)?;
            match fs::create_dir(self.at(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(with_path(&self.at(name), e)),
            }
            self.sub(name)
        }

        pub fn path(&self) -> &Path {
            &self.path
        }

        /// There are no permission bits here to carry over from the directory.
        pub fn file_mode(&self) -> u32 {
            0o644
        }

        pub fn with_file_mode(self, _mode: u32) -> Dir {
            self
        }

        pub fn read(&self, name: &str, limit: u64) -> io::Result<Option<Vec<u8>>> {
            check_name(&self.path, name)?;
            let Some((mut file, meta)) = self.open_regular(name)? else {
                return Ok(None);
            };
            if meta.len() > limit {
                return Err(refuse(self.at(name), Found::TooLarge(limit), Wanted::File));
            }
            read_bounded(&mut file, meta.len(), limit, &self.at(name)).map(Some)
        }

        pub fn holds(&self, name: &str, bytes: &[u8]) -> io::Result<Option<bool>> {
            check_name(&self.path, name)?;
            let Some((mut file, meta)) = self.open_regular(name)? else {
                return Ok(None);
            };
            if meta.len() != bytes.len() as u64 {
                return Ok(Some(false));
            }
            same_bytes(&mut file, bytes)
                .map(Some)
                .map_err(|e| with_path(&self.at(name), e))
        }

        pub fn read_from(
            &self,
            name: &str,
            offset: u64,
            limit: u64,
        ) -> io::Result<Option<(Vec<u8>, Stamp)>> {
            check_name(&self.path, name)?;
            let Some((mut file, meta)) = self.open_regular(name)? else {
                return Ok(None);
            };
            let mut bytes = Vec::with_capacity(first_capacity(meta.len(), offset, limit));
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| (&mut file).take(limit).read_to_end(&mut bytes))
                .map_err(|e| with_path(&self.at(name), e))?;
            Ok(Some((bytes, stamp_of(&meta))))
        }

        pub fn stat(&self, name: &str) -> io::Result<Option<Stamp>> {
            check_name(&self.path, name)?;
            Ok(look(&self.at(name))?.map(|meta| stamp_of(&meta)))
        }

        pub fn entries(&self) -> io::Result<Vec<Entry>> {
            self.entries_at_most(ENTRY_LIMIT)
        }

        pub(super) fn entries_at_most(&self, limit: usize) -> io::Result<Vec<Entry>> {
            let failed = |e| with_path(&self.path, e);
            let mut entries = Vec::new();
            for item in fs::read_dir(&self.path).map_err(failed)? {
                let item = item.map_err(failed)?;
                if entries.len() == limit {
                    return Err(refuse(
                        self.path.clone(),
                        Found::TooMany(limit),
                        Wanted::Dir,
                    ));
                }
                let t = item.file_type().map_err(failed)?;
                let kind = if t.is_symlink() {
                    Kind::Symlink
                } else if t.is_dir() {
                    Kind::Dir
                } else if t.is_file() {
                    Kind::File
                } else {
                    Kind::Other
                };
                let (name, utf8) = match item.file_name().into_string() {
                    Ok(name) => (name, true),
                    Err(name) => (name.to_string_lossy().into_owned(), false),
                };
                entries.push(Entry { name, utf8, kind });
            }
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(entries)
        }

        pub fn write_atomically(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
            check_name(&self.path, name)?;
            if let Some(meta) = look(&self.at(name))?
                && kind_of(&meta) == Kind::Dir
            {
                return Err(refuse(self.at(name), Found::Dir, Wanted::File));
            }
            let temp = self.at(&temp_name(name));
            let written = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .and_then(|mut file| {
                    file.write_all(bytes)?;
                    file.sync_all()
                })
                .and_then(|()| fs::rename(&temp, self.at(name)));
            if let Err(e) = written {
                let _ = fs::remove_file(&temp);
                return Err(with_path(&self.at(name), e));
            }
            Ok(())
        }

        /// Never swaps: std has no call for it.
        pub fn replace_and_see(
            &self,
            name: &str,
            bytes: &[u8],
            _limit: u64,
        ) -> io::Result<Swapped> {
            self.write_atomically(name, bytes).map(|()| Swapped::Unseen)
        }

        pub fn append(&self, name: &str) -> io::Result<File> {
            check_name(&self.path, name)?;
            if let Some(meta) = look(&self.at(name))?
                && kind_of(&meta) != Kind::File
            {
                return Err(refuse(self.at(name), found_of(&meta), Wanted::File));
            }
            let file = OpenOptions::new()
                .append(true)
                .create(true)
                .open(self.at(name))
                .map_err(|e| with_path(&self.at(name), e))?;
            let meta = file.metadata().map_err(|e| with_path(&self.at(name), e))?;
            if !meta.is_file() {
                return Err(refuse(self.at(name), found_of(&meta), Wanted::File));
            }
            Ok(file)
        }

        pub fn create_new(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
            check_name(&self.path, name)?;
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.at(name))
                .map_err(|e| with_path(&self.at(name), e))?;
            if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
                let _ = fs::remove_file(self.at(name));
                return Err(with_path(&self.at(name), e));
            }
            Ok(())
        }

        pub fn remove(&self, name: &str) -> io::Result<()> {
            check_name(&self.path, name)?;
            match look(&self.at(name))? {
                None => Ok(()),
                Some(meta) if kind_of(&meta) == Kind::Dir => {
                    Err(refuse(self.at(name), Found::Dir, Wanted::File))
                }
                Some(_) => match fs::remove_file(self.at(name)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        Err(with_path(&self.at(name), e))
                    }
                    _ => Ok(()),
                },
            }
        }

        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            check_name(&self.path, from)?;
            check_name(&self.path, to)?;
            fs::rename(self.at(from), self.at(to)).map_err(|e| with_path(&self.at(from), e))
        }

        fn at(&self, name: &str) -> PathBuf {
            self.path.join(name)
        }

        fn open_regular(&self, name: &str) -> io::Result<Option<(File, fs::Metadata)>> {
            match look(&self.at(name))? {
                None => return Ok(None),
                Some(meta) if kind_of(&meta) != Kind::File => {
                    return Err(refuse(self.at(name), found_of(&meta), Wanted::File));
                }
                Some(_) => {}
            }
            let file = match File::open(self.at(name)) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(with_path(&self.at(name), e)),
            };
            let meta = file.metadata().map_err(|e| with_path(&self.at(name), e))?;
            if !meta.is_file() {
                return Err(refuse(self.at(name), found_of(&meta), Wanted::File));
            }
            Ok(Some((file, meta)))
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::ffi::{CString, OsStr};
    use std::fs::{self, File};
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt, symlink};
    use std::sync::mpsc;
    use std::thread;

    use rustix::fs::OFlags;
    use tempfile::TempDir;

    use super::*;

    const LIMIT: u64 = 4 * 1024 * 1024;

    fn folder() -> (TempDir, Dir) {
        let t = tempfile::tempdir().unwrap();
        let dir = Dir::open(t.path()).unwrap();
        (t, dir)
    }

    /// A file outside the folder that a link in it points at, and that must not change.
    fn outside() -> (TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let secret = t.path().join("secret");
        fs::write(&secret, "private\n").unwrap();
        (t, secret)
    }

    fn mkfifo(path: &Path) {
        let c = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo keeps no pointer to it.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
        assert_eq!(self::mode(path), mode);
    }

    /// Runs `f` on a thread of its own, so that a call that blocks fails the test
    /// instead of hanging it.
    fn promptly<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{what} blocked"))
    }

    #[track_caller]
    fn refused<T: fmt::Debug>(result: io::Result<T>, found: Found) -> io::Error {
        let e = result.expect_err("an unsafe entry was accepted");
        assert!(is_unsafe(&e), "not an unsafe entry: {e}");
        assert_eq!(as_unsafe(&e).unwrap().found, found, "{e}");
        e
    }

    fn no_temporaries(dir: &Dir) {
        let left: Vec<_> = dir
            .entries()
            .unwrap()
            .into_iter()
            .filter(|e| is_temporary(&e.name))
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn read_does_not_follow_a_link_out_of_the_folder() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        symlink(&secret, t.path().join("notes.md")).unwrap();
        let e = refused(dir.read("notes.md", LIMIT), Found::Symlink);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is a symbolic link: not followed",
                t.path().join("notes.md").display()
            )
        );
        refused(dir.read_from("notes.md", 0, LIMIT), Found::Symlink);
        assert_eq!(dir.read("missing.md", LIMIT).unwrap(), None);
        assert!(dir.read_from("missing.md", 0, LIMIT).unwrap().is_none());
    }

    #[test]
    fn append_does_not_write_through_a_link() {
        let (t, dir) = folder();
        let (o, secret) = outside();
        symlink(&secret, t.path().join("journal.jsonl")).unwrap();
        refused(dir.append("journal.jsonl"), Found::Symlink);
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
        // Nor creates the file that a dangling link names.
        let absent = o.path().join("absent");
        symlink(&absent, t.path().join("dangling.jsonl")).unwrap();
        refused(dir.append("dangling.jsonl"), Found::Symlink);
        assert!(!absent.exists());

        let mut file = dir.append("own.jsonl").unwrap();
        file.write_all(b"one\n").unwrap();
        let mut file = dir.append("own.jsonl").unwrap();
        file.write_all(b"two\n").unwrap();
        assert_eq!(fs::read(t.path().join("own.jsonl")).unwrap(), b"one\ntwo\n");
    }

    #[test]
    fn write_atomically_replaces_a_link_and_leaves_its_target_alone() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        let notes = t.path().join("notes.md");
        symlink(&secret, &notes).unwrap();
        dir.write_atomically("notes.md", b"ours").unwrap();
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
        assert!(fs::symlink_metadata(&notes).unwrap().is_file());
        assert_eq!(fs::read(&notes).unwrap(), b"ours");
        no_temporaries(&dir);
    }

    #[test]
    fn create_new_refuses_anything_there_a_dangling_link_included() {
        let (t, dir) = folder();
        let (o, secret) = outside();
        symlink(&secret, t.path().join("lock")).unwrap();
        let e = dir.create_new("lock", b"mine").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");

        let absent = o.path().join("absent");
        symlink(&absent, t.path().join("dangling")).unwrap();
        let e = dir.create_new("dangling", b"mine").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(!absent.exists());

        dir.create_new("fresh", b"mine").unwrap();
        assert_eq!(fs::read(t.path().join("fresh")).unwrap(), b"mine");
        let e = dir.create_new("fresh", b"again").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(t.path().join("fresh")).unwrap(), b"mine");
    }

    #[test]
    fn a_linked_directory_is_not_entered_nor_made_in() {
        let (t, dir) = folder();
        let elsewhere = tempfile::tempdir().unwrap();
        symlink(elsewhere.path(), t.path().join("notes")).unwrap();
        refused(dir.sub("notes"), Found::Symlink);
        refused(dir.make_sub("notes", 0o770), Found::Symlink);
        // Nor made where a dangling link points.
        let absent = elsewhere.path().join("absent");
        symlink(&absent, t.path().join("dangling")).unwrap();
        refused(dir.make_sub("dangling", 0o770), Found::Symlink);
        assert!(!absent.exists());
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);

        fs::write(t.path().join("plain"), "").unwrap();
        let e = refused(dir.sub("plain"), Found::File);
        assert!(
            e.to_string()
                .ends_with("plain: is a regular file, not a directory: skipped")
        );

        let made = dir.make_sub("real", 0o750).unwrap();
        assert_eq!(made.path(), t.path().join("real"));
        assert_eq!(mode(&t.path().join("real")), 0o750);
        made.write_atomically("inside.md", b"x").unwrap();
        // An existing directory is opened as it is.
        let again = dir.make_sub("real", 0o700).unwrap();
        assert_eq!(again.read("inside.md", 10).unwrap().unwrap(), b"x");
        assert_eq!(mode(&t.path().join("real")), 0o750);
    }

    #[test]
    fn open_refuses_a_link_a_file_and_a_fifo() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("real");
        fs::create_dir(&real).unwrap();
        symlink(&real, t.path().join("link")).unwrap();
        refused(Dir::open(&t.path().join("link")), Found::Symlink);
        fs::write(t.path().join("file"), "").unwrap();
        refused(Dir::open(&t.path().join("file")), Found::File);
        mkfifo(&t.path().join("fifo"));
        let fifo = t.path().join("fifo");
        refused(
            promptly("opening a FIFO as a directory", move || Dir::open(&fifo)),
            Found::Fifo,
        );
        let e = Dir::open(&t.path().join("missing")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(!is_unsafe(&e));
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let (t, dir) = folder();
        mkfifo(&t.path().join("notes.md"));
        let dir = std::sync::Arc::new(dir);
        let d = dir.clone();
        let e = refused(
            promptly("reading a FIFO", move || d.read("notes.md", LIMIT)),
            Found::Fifo,
        );
        assert!(
            e.to_string()
                .ends_with("notes.md: is a FIFO, not a regular file: skipped")
        );
        let d = dir.clone();
        refused(
            promptly("reading a FIFO from", move || {
                d.read_from("notes.md", 0, LIMIT)
            }),
            Found::Fifo,
        );
        let d = dir.clone();
        refused(
            promptly("appending to a FIFO", move || d.append("notes.md")),
            Found::Fifo,
        );
        let d = dir.clone();
        refused(
            promptly("entering a FIFO", move || d.sub("notes.md")),
            Found::Fifo,
        );

        // With a reader there, the open for writing succeeds: what was opened is refused.
        let _reader = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(t.path().join("notes.md"))
            .unwrap();
        let d = dir.clone();
        refused(
            promptly("appending to a read FIFO", move || d.append("notes.md")),
            Found::Fifo,
        );

        // A FIFO is replaced like any other entry, without being opened.
        let d = dir.clone();
        promptly("replacing a FIFO", move || {
            d.write_atomically("notes.md", b"ours")
        })
        .unwrap();
        assert_eq!(dir.read("notes.md", LIMIT).unwrap().unwrap(), b"ours");
    }

    #[test]
    fn endless_input_is_bounded() {
        let (t, dir) = folder();
        symlink("/dev/zero", t.path().join("notes.md")).unwrap();
        let dir = std::sync::Arc::new(dir);
        let d = dir.clone();
        refused(
            promptly("reading /dev/zero", move || d.read("notes.md", LIMIT)),
            Found::Symlink,
        );
        let d = dir.clone();
        refused(
            promptly("reading /dev/zero from", move || {
                d.read_from("notes.md", 0, LIMIT)
            }),
            Found::Symlink,
        );

        // Were a device opened after all, the read still stops past the limit.
        let e = promptly("reading /dev/zero to a limit", || {
            let mut zero = File::open("/dev/zero").unwrap();
            read_bounded(&mut zero, 0, 4096, Path::new("/dev/zero"))
        });
        let e = refused(e, Found::TooLarge(4096));
        assert_eq!(e.to_string(), "/dev/zero: is larger than 4 KiB: skipped");
    }

    #[test]
    fn a_file_that_grows_after_its_size_was_checked_is_still_bounded() {
        let (t, dir) = folder();
        fs::write(t.path().join("notes.md"), [b'a'; 10]).unwrap();
        let (mut file, _) = dir
            .open_regular("notes.md", OFlags::RDONLY)
            .unwrap()
            .unwrap();
        let mut more = fs::OpenOptions::new()
            .append(true)
            .open(t.path().join("notes.md"))
            .unwrap();
        more.write_all(&[b'b'; 1000]).unwrap();
        refused(
            read_bounded(&mut file, 10, 100, &t.path().join("notes.md")),
            Found::TooLarge(100),
        );
    }

    #[test]
    fn a_file_is_told_the_same_a_block_at_a_time() {
        let (t, dir) = folder();
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(t.path().join("report.md"), &text).unwrap();
        assert_eq!(dir.holds("report.md", &text).unwrap(), Some(true));
        let mut other = text.clone();
        other[150_000] ^= 1;
        assert_eq!(dir.holds("report.md", &other).unwrap(), Some(false));
        assert_eq!(dir.holds("report.md", &text[..1000]).unwrap(), Some(false));
        assert_eq!(dir.holds("gone.md", &text).unwrap(), None);
        // What a reader gives is compared, not what its size says.
        assert!(same_bytes(&mut &text[..], &text).unwrap());
        assert!(!same_bytes(&mut &text[..10], &text).unwrap());
        assert!(!same_bytes(&mut &text[..], &text[..10]).unwrap());
        assert!(same_bytes(&mut &b""[..], b"").unwrap());
        // A link is refused, as by `read`.
        std::os::unix::fs::symlink(t.path().join("report.md"), t.path().join("link.md")).unwrap();
        refused(dir.holds("link.md", &text), Found::Symlink);
    }

    #[test]
    fn a_file_over_the_limit_is_skipped() {
        let (t, dir) = folder();
        fs::write(t.path().join("at.md"), vec![b'a'; LIMIT as usize]).unwrap();
        assert_eq!(
            dir.read("at.md", LIMIT).unwrap().unwrap().len(),
            LIMIT as usize
        );
        fs::write(t.path().join("over.md"), vec![b'a'; LIMIT as usize + 1]).unwrap();
        let e = refused(dir.read("over.md", LIMIT), Found::TooLarge(LIMIT));
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is larger than 4 MiB: skipped",
                t.path().join("over.md").display()
            )
        );
    }

    #[test]
    fn a_directory_in_place_of_a_file_is_refused_and_the_others_still_written() {
        let (t, dir) = folder();
        fs::create_dir(t.path().join("a.md")).unwrap();
        fs::write(t.path().join("a.md/kept"), "kept").unwrap();
        let e = refused(dir.write_atomically("a.md", b"ours"), Found::Dir);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is a directory, not a regular file: skipped",
                t.path().join("a.md").display()
            )
        );
        refused(dir.replace_and_see("a.md", b"ours", LIMIT), Found::Dir);
        refused(dir.append("a.md"), Found::Dir);
        refused(dir.read("a.md", LIMIT), Found::Dir);
        refused(dir.remove("a.md"), Found::Dir);
        dir.write_atomically("b.md", b"theirs").unwrap();
        refused(dir.rename("b.md", "a.md"), Found::Dir);

        dir.write_atomically("b.md", b"ours").unwrap();
        assert_eq!(fs::read(t.path().join("b.md")).unwrap(), b"ours");
        assert_eq!(fs::read(t.path().join("a.md/kept")).unwrap(), b"kept");
        no_temporaries(&dir);
    }

    #[test]
    fn a_directory_that_lands_just_before_the_swap_is_put_back() {
        let (t, dir) = folder();
        fs::create_dir(t.path().join("a.md")).unwrap();
        fs::write(t.path().join("a.md/kept"), "kept").unwrap();
        let temp = dir.write_temp("a.md", b"ours").unwrap();
        refused(dir.swap_in(temp, "a.md", LIMIT), Found::Dir);
        assert_eq!(fs::read(t.path().join("a.md/kept")).unwrap(), b"kept");
        no_temporaries(&dir);
    }

    /// Whether the file system under `dir` can swap two names at once.
    fn can_exchange(dir: &Path) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        {
            use rustix::fs::{CWD, RenameFlags, renameat_with};
            use rustix::io::Errno;
            let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
            fs::write(&a, "a").unwrap();
            fs::write(&b, "b").unwrap();
            let can = match renameat_with(CWD, &a, CWD, &b, RenameFlags::EXCHANGE) {
                Ok(()) => true,
                Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP].contains(&e) => false,
                Err(e) => panic!("probing the exchange: {e}"),
            };
            fs::remove_file(a).unwrap();
            fs::remove_file(b).unwrap();
            can
        }
        #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
        {
            let _ = dir;
            false
        }
    }

    #[test]
    fn replace_and_see_shows_what_it_replaced() {
        let (t, dir) = folder();
        dir.write_atomically("notes.md", b"theirs").unwrap();
        match dir.replace_and_see("notes.md", b"ours", LIMIT).unwrap() {
            Swapped::Was(bytes) => assert_eq!(bytes, b"theirs"),
            Swapped::Unseen => {
                assert!(
                    !can_exchange(t.path()),
                    "fell back where the exchange works"
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(t.path().join("notes.md")).unwrap(), b"ours");

        match dir.replace_and_see("new.md", b"first", LIMIT).unwrap() {
            Swapped::Nothing => {}
            Swapped::Unseen => assert!(!can_exchange(t.path())),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(t.path().join("new.md")).unwrap(), b"first");

        // What it replaced is shown only within the limit.
        dir.write_atomically("long.md", &[b'x'; 100]).unwrap();
        match dir.replace_and_see("long.md", b"short", 10).unwrap() {
            Swapped::Unread(e) => assert_eq!(as_unsafe(&e).unwrap().found, Found::TooLarge(10)),
            Swapped::Unseen => assert!(!can_exchange(t.path())),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(t.path().join("long.md")).unwrap(), b"short");
        no_temporaries(&dir);
    }

    #[test]
    fn replace_and_see_replaces_a_link_without_reading_through_it() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        symlink(&secret, t.path().join("notes.md")).unwrap();
        match dir.replace_and_see("notes.md", b"ours", LIMIT).unwrap() {
            Swapped::Unread(e) => {
                assert_eq!(as_unsafe(&e).unwrap().found, Found::Symlink);
                assert!(
                    e.to_string().contains("notes.md: is a symbolic link"),
                    "{e}"
                );
            }
            Swapped::Unseen => assert!(!can_exchange(t.path())),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
        assert!(
            fs::symlink_metadata(t.path().join("notes.md"))
                .unwrap()
                .is_file()
        );
        no_temporaries(&dir);
    }

    #[test]
    fn files_get_the_directorys_permission_bits_less_execute() {
        let t = tempfile::tempdir().unwrap();
        for (dir_mode, file_mode) in [(0o770, 0o660), (0o755, 0o644), (0o2775, 0o664)] {
            let path = t.path().join(format!("{dir_mode:o}"));
            fs::create_dir(&path).unwrap();
            chmod(&path, dir_mode);
            assert_eq!(
                Dir::open(&path).unwrap().file_mode(),
                file_mode,
                "{dir_mode:o}"
            );
        }
    }

    /// Sets the process's umask for as long as it lives.
    struct Umask(libc::mode_t);

    impl Umask {
        fn set(mask: libc::mode_t) -> Umask {
            // SAFETY: umask only swaps a number in the process.
            Umask(unsafe { libc::umask(mask) })
        }
    }

    impl Drop for Umask {
        fn drop(&mut self) {
            // SAFETY: as above.
            unsafe { libc::umask(self.0) };
        }
    }

    #[test]
    fn created_files_get_their_mode_whatever_the_umask() {
        let t = tempfile::tempdir().unwrap();
        chmod(t.path(), 0o770);
        let dir = Dir::open(t.path()).unwrap();
        assert_eq!(dir.file_mode(), 0o660);
        // A umask that takes every group bit: the mode must be set after creating.
        let _umask = Umask::set(0o077);
        dir.write_atomically("atomic.md", b"x").unwrap();
        dir.append("journal.jsonl").unwrap();
        dir.create_new("lock", b"x").unwrap();
        dir.replace_and_see("seen.md", b"x", LIMIT).unwrap();
        dir.replace_and_see("seen.md", b"y", LIMIT).unwrap();
        let sub = dir.make_sub("notes", 0o770).unwrap();
        assert_eq!(sub.file_mode(), 0o660);
        sub.write_atomically("n.md", b"x").unwrap();
        drop(_umask);
        for name in [
            "atomic.md",
            "journal.jsonl",
            "lock",
            "seen.md",
            "notes/n.md",
        ] {
            assert_eq!(mode(&t.path().join(name)), 0o660, "{name}");
        }
        assert_eq!(mode(&t.path().join("notes")), 0o770);
    }

    #[test]
    fn swapping_the_folder_for_a_link_after_opening_changes_nothing() {
        let t = tempfile::tempdir().unwrap();
        let (folder, moved, elsewhere) = (
            t.path().join("meeting"),
            t.path().join("moved"),
            t.path().join("elsewhere"),
        );
        fs::create_dir(&folder).unwrap();
        fs::create_dir(&elsewhere).unwrap();
        let dir = Dir::open(&folder).unwrap();
        fs::rename(&folder, &moved).unwrap();
        symlink(&elsewhere, &folder).unwrap();

        dir.write_atomically("notes.md", b"ours").unwrap();
        dir.append("journal.jsonl")
            .unwrap()
            .write_all(b"{}\n")
            .unwrap();
        dir.create_new("lock", b"me").unwrap();
        dir.make_sub("notes", 0o700).unwrap();
        assert_eq!(dir.read("notes.md", LIMIT).unwrap().unwrap(), b"ours");

        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert_eq!(fs::read(moved.join("notes.md")).unwrap(), b"ours");
        assert_eq!(fs::read(moved.join("journal.jsonl")).unwrap(), b"{}\n");
        assert_eq!(fs::read(moved.join("lock")).unwrap(), b"me");
        assert!(moved.join("notes").is_dir());
    }

    #[test]
    fn names_that_reach_beyond_one_entry_are_refused() {
        let (t, dir) = folder();
        fs::write(t.path().join("kept"), "kept").unwrap();
        for name in ["", ".", "..", "a/b", "../kept", "/etc/passwd", "a\0b"] {
            let check = |e: io::Error| {
                assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{name:?}: {e}");
                assert!(!is_unsafe(&e));
            };
            check(dir.read(name, LIMIT).unwrap_err());
            check(dir.read_from(name, 0, LIMIT).unwrap_err());
            check(dir.stat(name).unwrap_err());
            check(dir.sub(name).unwrap_err());
            check(dir.make_sub(name, 0o700).unwrap_err());
            check(dir.write_atomically(name, b"x").unwrap_err());
            check(dir.replace_and_see(name, b"x", LIMIT).unwrap_err());
            check(dir.append(name).unwrap_err());
            check(dir.create_new(name, b"x").unwrap_err());
            check(dir.remove(name).unwrap_err());
            check(dir.rename("kept", name).unwrap_err());
            check(dir.rename(name, "kept").unwrap_err());
        }
        assert_eq!(fs::read(t.path().join("kept")).unwrap(), b"kept");
    }

    #[test]
    fn entries_are_listed_as_they_are() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        fs::write(t.path().join("a.md"), "").unwrap();
        fs::create_dir(t.path().join("d")).unwrap();
        symlink(&secret, t.path().join("l")).unwrap();
        symlink(t.path().join("d"), t.path().join("ld")).unwrap();
        mkfifo(&t.path().join("p"));
        fs::write(t.path().join(OsStr::from_bytes(b"z\xff.md")), "").unwrap();
        let entries = dir.entries().unwrap();
        let seen: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.utf8))
            .collect();
        assert_eq!(
            seen,
            [
                ("a.md", Kind::File, true),
                ("d", Kind::Dir, true),
                ("l", Kind::Symlink, true),
                ("ld", Kind::Symlink, true),
                ("p", Kind::Other, true),
                ("z\u{fffd}.md", Kind::File, false),
            ]
        );
        assert!(dir.entries_at_most(6).is_ok());
        let e = refused(dir.entries_at_most(5), Found::TooMany(5));
        assert!(
            e.to_string()
                .ends_with("holds more than 5 entries: not listed")
        );
    }

    #[test]
    fn temporary_names_are_told_apart() {
        let name = temp_name("notes.md");
        assert!(is_temporary(&name), "{name}");
        assert!(is_temporary(&temp_name(&"é".repeat(200))));
        assert!(temp_name(&"é".repeat(200)).len() <= 255);
        for name in [
            "notes.md",
            ".notes.md",
            ".notes.md.agendum-tmp",
            "x.1-2.agendum-tmp",
        ] {
            assert!(!is_temporary(name), "{name}");
        }
    }

    #[test]
    fn stat_looks_at_the_entry_not_where_it_points() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        symlink(&secret, t.path().join("l")).unwrap();
        assert_eq!(dir.stat("l").unwrap().unwrap().kind, Kind::Symlink);
        assert_eq!(dir.stat("missing").unwrap(), None);
        dir.write_atomically("f", b"abc").unwrap();
        let first = dir.stat("f").unwrap().unwrap();
        assert_eq!((first.kind, first.len), (Kind::File, 3));
        assert!(first.modified.is_some());
        dir.append("f").unwrap().write_all(b"d").unwrap();
        let appended = dir.stat("f").unwrap().unwrap();
        assert!(appended.same_file(&first));
        assert_eq!(appended.len, 4);
        dir.write_atomically("f", b"abc").unwrap();
        assert!(!dir.stat("f").unwrap().unwrap().same_file(&first));
    }

    #[test]
    fn read_from_reads_what_was_appended_and_tells_a_replaced_file() {
        let (_t, dir) = folder();
        dir.append("log").unwrap().write_all(b"abc\n").unwrap();
        let (bytes, first) = dir.read_from("log", 0, LIMIT).unwrap().unwrap();
        assert_eq!((bytes.as_slice(), first.len), (&b"abc\n"[..], 4));
        dir.append("log").unwrap().write_all(b"def\n").unwrap();
        let (bytes, second) = dir.read_from("log", 4, LIMIT).unwrap().unwrap();
        assert_eq!(bytes, b"def\n");
        assert!(second.same_file(&first));
        assert_eq!(dir.read_from("log", 0, 3).unwrap().unwrap().0, b"abc");

        dir.write_atomically("log", b"x\n").unwrap();
        let (bytes, third) = dir.read_from("log", 8, LIMIT).unwrap().unwrap();
        assert!(bytes.is_empty());
        assert!(!third.same_file(&second));
        assert!(third.len < 8);
    }

    #[test]
    fn remove_and_rename_touch_links_not_their_targets() {
        let (t, dir) = folder();
        let (_o, secret) = outside();
        symlink(&secret, t.path().join("l")).unwrap();
        dir.remove("l").unwrap();
        assert!(fs::symlink_metadata(t.path().join("l")).is_err());
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
        dir.remove("l").unwrap();

        symlink(&secret, t.path().join("l")).unwrap();
        dir.write_atomically("f", b"ours").unwrap();
        dir.rename("f", "l").unwrap();
        assert_eq!(fs::read(t.path().join("l")).unwrap(), b"ours");
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
        let e = dir.rename("f", "g").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn the_portable_version_refuses_the_same_entries() {
        let t = tempfile::tempdir().unwrap();
        let (_o, secret) = outside();
        let dir = portable::Dir::open(t.path()).unwrap();
        dir.write_atomically("a.md", b"ours").unwrap();
        assert_eq!(dir.read("a.md", LIMIT).unwrap().unwrap(), b"ours");
        assert!(matches!(
            dir.replace_and_see("a.md", b"again", LIMIT).unwrap(),
            Swapped::Unseen
        ));
        assert_eq!(dir.read("a.md", LIMIT).unwrap().unwrap(), b"again");
        refused(dir.read("a.md", 2), Found::TooLarge(2));
        dir.append("log").unwrap().write_all(b"x").unwrap();
        assert_eq!(dir.read_from("log", 0, LIMIT).unwrap().unwrap().0, b"x");
        dir.create_new("lock", b"me").unwrap();
        symlink(&secret, t.path().join("l")).unwrap();
        refused(dir.read("l", LIMIT), Found::Symlink);
        refused(dir.append("l"), Found::Symlink);
        refused(dir.sub("l"), Found::Symlink);
        fs::create_dir(t.path().join("d")).unwrap();
        refused(dir.write_atomically("d", b"x"), Found::Dir);
        refused(dir.remove("d"), Found::Dir);
        let names: Vec<_> = dir
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("a.md".to_string(), Kind::File),
                ("d".to_string(), Kind::Dir),
                ("l".to_string(), Kind::Symlink),
                ("lock".to_string(), Kind::File),
                ("log".to_string(), Kind::File),
            ]
        );
        assert_eq!(fs::read_to_string(&secret).unwrap(), "private\n");
    }
}
