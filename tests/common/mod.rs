//! The tmux harness shared by the tests that run the real binary in a real terminal:
//! tmux runs agendum, the test types as a chair would (send-keys), reads the screen
//! (capture-pane) and then the files written.

// Each test crate uses its own part of the harness.
#![allow(dead_code)]

pub mod lines;
pub mod meetings;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A tmux server of its own (its own socket), so tests never touch a user's sessions
/// and can run side by side.
pub struct Tmux {
    pub socket: String,
}

/// The command line that runs agendum with `args`, its home, config and data in
/// `home` and `env` (`NAME=value`) added: `env … agendum …`, which execs agendum, so
/// the pane's process is agendum itself.
pub fn agendum_command(home: &Path, env: &[&str], args: &[&str]) -> String {
    let mut command = vec![
        "env".to_string(),
        format!("HOME={}", home.display()),
        format!("XDG_CONFIG_HOME={}", home.join(".config").display()),
        format!("XDG_DATA_HOME={}", home.join(".local/share").display()),
        "EDITOR=true".into(),
        "LANG=C.UTF-8".into(),
    ];
    command.extend(env.iter().map(|e| e.to_string()));
    command.push(env!("CARGO_BIN_EXE_agendum").to_string());
    command.extend(args.iter().map(|a| a.to_string()));
    command.join(" ")
}

impl Tmux {
    pub fn start(name: &str, home: &Path, args: &[&str], size: (u16, u16)) -> Tmux {
        Tmux::start_with(name, home, &[], args, size)
    }

    /// agendum on `agenda` (from the crate's root) writing to `home`'s `reports/`, once
    /// its agenda shows; the reports folder with it.
    pub fn on_agenda(
        name: &str,
        home: &Path,
        agenda: &str,
        size: (u16, u16),
    ) -> (Tmux, std::path::PathBuf) {
        let out = home.join("reports");
        let out_arg = out.display().to_string();
        let t = Tmux::start(name, home, &[agenda, "--output-dir", &out_arg], size);
        t.wait_for("Agenda 0/");
        (t, out)
    }

    pub fn start_with(
        name: &str,
        home: &Path,
        env: &[&str],
        args: &[&str],
        size: (u16, u16),
    ) -> Tmux {
        Tmux::spawn(name, &agendum_command(home, env, args), size)
    }

    /// A tmux server of the test's own running `command` in its one pane.
    pub fn spawn(name: &str, command: &str, size: (u16, u16)) -> Tmux {
        let t = Tmux {
            // Unique per server, even when two tests start one of the same name at once.
            socket: format!(
                "agendum-test-{name}-{}-{}",
                std::process::id(),
                SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
        };
        let status = Command::new("tmux")
            .args(["-u", "-L", &t.socket, "-f", "/dev/null", "new-session"])
            .args(["-d", "-s", "main"])
            .args(["-x", &size.0.to_string(), "-y", &size.1.to_string()])
            .arg(command)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("tmux runs (the CI script installs it)");
        assert!(status.success(), "tmux could not start {command}");
        t
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keys by tmux's names: "n", "Space", "Enter", "Escape", "C-c".
    pub fn keys(&self, keys: &[&str]) -> &Self {
        for k in keys {
            self.tmux(&["send-keys", "-t", "main", k]);
            // A person's pace, so each key is its own read for the application.
            sleep(Duration::from_millis(30));
        }
        self
    }

    /// Text typed literally, one character at a time.
    pub fn type_text(&self, text: &str) -> &Self {
        self.tmux(&["send-keys", "-t", "main", "-l", text]);
        sleep(Duration::from_millis(50));
        self
    }

    pub fn command(&self, line: &str) -> &Self {
        self.keys(&[":"]).type_text(line).keys(&["Enter"])
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "main"])
    }

    /// Waits until the screen shows `text`, failing with the screen after 10 s.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, Duration::from_secs(10))
    }

    /// Waits until the screen shows `text`, failing with the screen after `limit`.
    pub fn wait_for_within(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > limit {
                panic!("the screen never showed {text:?}; it shows:\n{s}");
            }
            sleep(Duration::from_millis(50));
        }
    }

    pub fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", "main"])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Waits up to `limit` for the session to end (its program exited); whether it did.
    pub fn wait_gone(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while self.alive() && start.elapsed() < limit {
            sleep(Duration::from_millis(50));
        }
        !self.alive()
    }

    /// The process running in the pane.
    pub fn pane_pid(&self) -> u32 {
        let out = self.tmux(&["display", "-p", "-t", "main", "#{pane_pid}"]);
        out.trim()
            .parse()
            .unwrap_or_else(|_| panic!("tmux gave no pane pid: {out:?}"))
    }

    /// The pane's process and all its descendants, deepest first.
    pub fn pane_processes(&self) -> Vec<u32> {
        if !self.alive() {
            return Vec::new();
        }
        let out = self.tmux(&["display", "-p", "-t", "main", "#{pane_pid}"]);
        let Ok(pid) = out.trim().parse::<u32>() else {
            return Vec::new();
        };
        let mut found = vec![pid];
        let mut i = 0;
        while i < found.len() {
            let p = found[i];
            let children =
                std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
            found.extend(
                children
                    .split_whitespace()
                    .filter_map(|c| c.parse::<u32>().ok()),
            );
            i += 1;
        }
        found.reverse();
        found
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // The pane's processes are ended before the server and its terminals: a program
        // that missed its terminal going away (crossterm can read end-of-file in a loop)
        // would otherwise run on after the test.
        for pid in self.pane_processes() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .output();
        }
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The one meeting folder agendum made under `out`, waited for.
pub fn folder_in(out: &Path) -> std::path::PathBuf {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(Ok(e)) = std::fs::read_dir(out).ok().and_then(|mut d| d.next()) {
            return e.path();
        }
        assert!(
            Instant::now() < deadline,
            "no meeting folder in {}",
            out.display()
        );
        sleep(Duration::from_millis(100));
    }
}

/// The notes file of a meeting folder whose name starts with `prefix` ("01-").
pub fn notes_file(folder: &Path, prefix: &str) -> std::path::PathBuf {
    std::fs::read_dir(folder.join("notes"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}
