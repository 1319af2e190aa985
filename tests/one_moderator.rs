//! One moderator per meeting, with the real binary on real terminals: two agendums let
//! go at the same instant on one meeting folder from two computers' stores (two data
//! directories), and lock files that another agendum did not write.

#![cfg(unix)]

use std::fs::{self, File};
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const AGENDA: &str = "agendas/wg-strategy-51.toml";
const FOLDER: &str = "2023-02-16-wg-strategy-51";
const LOCK: &str = ".agendum.lock";

/// A pseudo-terminal: agendum opens the moderator's screen only on a terminal, and
/// takes the meeting only for it.
fn pty() -> (File, OwnedFd) {
    // SAFETY: plain calls on descriptors made here; the name buffer is NUL-terminated
    // by ptsname_r within its length.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
        let terminal = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(terminal >= 0, "open the terminal");
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 160,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        libc::ioctl(terminal, libc::TIOCSWINSZ, &size);
        let flags = libc::fcntl(master, libc::F_GETFL);
        libc::fcntl(master, libc::F_SETFL, flags | libc::O_NONBLOCK);
        (File::from_raw_fd(master), OwnedFd::from_raw_fd(terminal))
    }
}

/// An agendum on a terminal of its own, as it runs on the computer whose home is
/// `home`.
struct Moderator {
    child: Child,
    terminal: File,
}

impl Moderator {
    /// Starts `agendum AGENDA --output-dir OUT`; `stopped`: stopped just before it
    /// runs (a shell that stops itself, then becomes agendum), for `go` to let it go.
    fn start(home: &Path, out: &Path, stopped: bool) -> Moderator {
        let (master, terminal) = pty();
        let script = if stopped {
            "kill -STOP $$; exec \"$0\" \"$@\""
        } else {
            "exec \"$0\" \"$@\""
        };
        let mut command = Command::new("sh");
        command
            .args(["-c", script, env!("CARGO_BIN_EXE_agendum"), AGENDA])
            .arg("--output-dir")
            .arg(out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("LANG", "C.UTF-8")
            .env("TERM", "xterm-256color")
            .env_remove("XDG_DOCUMENTS_DIR")
            .stdin(Stdio::from(terminal.try_clone().unwrap()))
            .stdout(Stdio::from(terminal))
            .stderr(Stdio::piped());
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                // A session of its own, the terminal its controlling terminal.
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = command.spawn().expect("sh runs");
        let m = Moderator {
            child,
            terminal: master,
        };
        if stopped {
            let until = Instant::now() + Duration::from_secs(10);
            while state(m.child.id()) != Some('T') {
                assert!(Instant::now() < until, "the shell never stopped");
                sleep(Duration::from_millis(1));
            }
        }
        m
    }

    fn go(&self) {
        // SAFETY: a signal to a child of this process, not yet reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGCONT) };
    }

    /// What it did: opened the screen (it holds the meeting), or ended with what it
    /// said on stderr.
    fn outcome(&mut self) -> Outcome {
        let until = Instant::now() + Duration::from_secs(30);
        let mut screen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            while let Ok(n @ 1..) = self.terminal.read(&mut buf) {
                screen.extend_from_slice(&buf[..n]);
            }
            // The alternate screen is entered after the meeting was taken.
            if screen.windows(8).any(|w| w == b"\x1b[?1049h") {
                return Outcome::Screen;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut said = Vec::new();
                self.child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_end(&mut said)
                    .unwrap();
                return Outcome::Ended(status.code(), said);
            }
            assert!(Instant::now() < until, "agendum neither opened nor ended");
            sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Moderator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
enum Outcome {
    Screen,
    Ended(Option<i32>, Vec<u8>),
}

/// A process's state letter (`T`: stopped), from `/proc`.
fn state(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

/// Two computers' homes and the shared drive's output directory.
fn computers(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let out = dir.join("shared-drive");
    fs::create_dir(&out).unwrap();
    (dir.join("laptop"), dir.join("desktop"), out)
}

#[test]
fn two_computers_starting_at_the_same_instant_never_both_get_the_meeting() {
    let started = Instant::now();
    for round in 0..100 {
        let dir = tempfile::tempdir().unwrap();
        let (laptop, desktop, out) = computers(dir.path());
        let mut a = Moderator::start(&laptop, &out, true);
        let mut b = Moderator::start(&desktop, &out, true);
        a.go();
        b.go();
        let (pa, pb) = (a.child.id(), b.child.id());
        let outcomes = [(pa, pb, a.outcome()), (pb, pa, b.outcome())];
        let won: Vec<u32> = outcomes
            .iter()
            .filter(|(_, _, o)| matches!(o, Outcome::Screen))
            .map(|(p, _, _)| *p)
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {outcomes:?}");
        for (_, winner, o) in &outcomes {
            if let Outcome::Ended(code, said) = o {
                let said = String::from_utf8_lossy(said);
                assert_eq!(*code, Some(1), "round {round}: {said}");
                assert!(
                    said.contains(&format!("this meeting is already open: process {winner} ")),
                    "round {round}: {said}"
                );
            }
        }
        let lock = fs::read_to_string(out.join(FOLDER).join(LOCK)).unwrap();
        assert!(
            lock.contains(&format!("pid = {}\n", won[0])),
            "round {round}: {lock}"
        );
    }
    eprintln!("100 rounds in {:?}", started.elapsed());
}

/// A lock another agendum did not write, and what the second agendum says of it.
fn refused_by(lock: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (laptop, _, out) = computers(dir.path());
    let folder = out.join(FOLDER);
    fs::create_dir(&folder).unwrap();
    lock(&folder.join(LOCK));
    let mut m = Moderator::start(&laptop, &out, false);
    match m.outcome() {
        Outcome::Ended(Some(1), said) => String::from_utf8(said).expect("UTF-8"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_lock_holding_escape_sequences_is_told_without_them() {
    let said = refused_by(|path| {
        fs::write(
            path,
            "host = \"otherhost\\u001b]52;c;aGVsbG8=\\u0007\\u001b[2J\"\npid = 42\n\
             user = \"mallory\\u202e\\u009b31m\"\nsince = \"2026-01-01T00:00:00Z\"\n",
        )
        .unwrap()
    });
    assert!(
        said.starts_with(
            "agendum: this meeting is already open: process 42 on otherhost (mallory) since "
        ),
        "{said:?}"
    );
    let bad: Vec<char> = said
        .chars()
        .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert!(bad.is_empty(), "{bad:?} in {said:?}");
}

#[test]
fn a_lock_that_is_a_link_or_a_pipe_is_held_by_someone_unknown() {
    let said = refused_by(|path| {
        std::os::unix::fs::symlink("/etc/passwd", path).unwrap();
    });
    assert!(
        said.starts_with("agendum: this meeting may already be open: "),
        "{said}"
    );
    assert!(
        said.contains(&format!("{LOCK} is a symbolic link")),
        "{said}"
    );
    assert!(
        said.contains("If no agendum has this meeting open, delete "),
        "{said}"
    );
    let said = refused_by(|path| {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    });
    assert!(said.contains(&format!("{LOCK} is a named pipe")), "{said}");
}
