//! Nothing typed is lost: the real binary in tmux, killed (`kill -9`, SIGTERM, the
//! terminal closed), its journal torn, its agenda changed under it, its meeting folder
//! read-only, gone or deleted, opened twice, and fed a hostile paste. Each test reads
//! what a moderator would: the screen, the files of the meeting, the report.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Tmux, agendum_command};

const AGENDA: &str = "agendas/wg-strategy-51.toml";
const FOLDER: &str = "2023-02-16-wg-strategy-51";
const NOTES_1: &str = "notes/01-activities-of-the-wg-strategy-for-2023.md";
const NOTES_2: &str = "notes/02-open-consultations-and-mag-meeting.md";
const NOTES_FILES: [&str; 5] = [
    "01-activities-of-the-wg-strategy-for-2023.md",
    "02-open-consultations-and-mag-meeting.md",
    "03-wsis-20-action-plan.md",
    "04-update-from-the-igf-secretariat.md",
    "05-aob.md",
];
const LOCK: &str = ".agendum.lock";
/// Wide enough that the longest status line (two paths in it) is not cut.
const WIDE: (u16, u16) = (320, 40);

/// The meeting's store on this computer: the one folder under agendum's data dir.
fn local_store(home: &Path) -> PathBuf {
    let meetings = home.join(".local/share/agendum/meetings");
    let found: Vec<PathBuf> = fs::read_dir(&meetings)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        found.len(),
        1,
        "one meeting store expected in {}: {found:?}",
        meetings.display()
    );
    found[0].clone()
}

/// A file's text, or "" when it is not there (yet).
fn read(path: &Path) -> String {
    fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// Every notes file of a meeting folder, one after the other.
fn all_notes(folder: &Path) -> String {
    let mut files: Vec<PathBuf> = fs::read_dir(folder.join("notes"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().map(|p| read(p) + "\n").collect()
}

/// Polls `check` every 50 ms until it gives a value, failing after `limit` with
/// `what` and the last thing `explain` says.
fn wait_until<T>(
    what: &str,
    limit: Duration,
    mut check: impl FnMut() -> Option<T>,
    explain: impl Fn() -> String,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        if start.elapsed() > limit {
            panic!("waited {limit:?} for {what}; {}", explain());
        }
        sleep(Duration::from_millis(50));
    }
}

/// Waits for a killed agendum to be gone for good (reaped by its shell).
fn wait_reaped(pid: u32) {
    wait_until(
        "the killed agendum to be reaped",
        Duration::from_secs(5),
        || (!Path::new(&format!("/proc/{pid}")).exists()).then_some(()),
        || read(Path::new(&format!("/proc/{pid}/status"))),
    );
}

/// Waits for a file to hold `text`.
fn wait_for_file(path: &Path, text: &str) -> String {
    wait_until(
        &format!("{} to hold {text:?}", path.display()),
        Duration::from_secs(10),
        || {
            let t = read(path);
            t.contains(text).then_some(t)
        },
        || format!("it holds {:?}", read(path)),
    )
}

/// The bundled agenda's text.
fn agenda_source() -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(AGENDA))
}

/// The process's name as the kernel has it.
fn comm(pid: u32) -> String {
    read(Path::new(&format!("/proc/{pid}/comm")))
        .trim()
        .to_string()
}

/// Whether a process is still running (a zombie waiting to be reaped is not).
fn running(pid: u32) -> bool {
    let stat = read(Path::new(&format!("/proc/{pid}/stat")));
    match stat.rfind(')') {
        Some(i) => !stat[i + 1..].trim_start().starts_with('Z'),
        None => false,
    }
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} {pid} failed");
}

/// The child of `parent` running `name`, once there is one.
fn child_named(parent: u32, name: &str) -> u32 {
    wait_until(
        &format!("a child {name} of process {parent}"),
        Duration::from_secs(10),
        || {
            read(Path::new(&format!("/proc/{parent}/task/{parent}/children")))
                .split_whitespace()
                .filter_map(|p| p.parse::<u32>().ok())
                .find(|&p| comm(p) == name)
        },
        String::new,
    )
}

/// This machine's name, as `hostname` prints it.
fn host() -> String {
    let out = Command::new("hostname").output().ok();
    match out {
        Some(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => read(Path::new("/proc/sys/kernel/hostname"))
            .trim()
            .to_string(),
    }
}

/// The screen's agendum, quit as a chair does before the report is written.
fn quit(t: &Tmux) {
    t.keys(&["Escape", "q"]);
    t.wait_for("the report was not written");
    t.keys(&["q"]);
    assert!(
        t.wait_gone(Duration::from_secs(10)),
        "agendum did not quit:\n{}",
        t.screen()
    );
}

/// Takes up item `n` with `n`, confirming once if people are still queued.
fn take_up(t: &Tmux, n: usize) {
    t.keys(&["n"]);
    let want = format!("▶ {n}. ");
    let start = Instant::now();
    let mut confirmed = false;
    loop {
        let s = t.screen();
        if s.contains(&want) {
            return;
        }
        if s.contains("still queued") && !confirmed {
            confirmed = true;
            t.keys(&["n"]);
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("item {n} was never taken up; the screen shows:\n{s}");
        }
        sleep(Duration::from_millis(50));
    }
}

/// Types `text` into the current item's notes and leaves the editor (which hands the
/// notes to the journal at once); the screen shows them.
fn note(t: &Tmux, text: &str) {
    t.keys(&["i"]).type_text(text).keys(&["Escape"]);
    t.wait_for(text.trim());
}

/// `agendum report AGENDA --output-dir OUT --stdout`: the report and what was said.
fn report(home: &Path, agenda: &str, out: &Path) -> (String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_agendum"))
        .args(["report", agenda, "--output-dir"])
        .arg(out)
        .arg("--stdout")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .output()
        .expect("agendum runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "agendum report failed: {stderr}");
    (String::from_utf8_lossy(&o.stdout).into_owned(), stderr)
}

/// The journal's records as JSON values; a line that is not one fails the test.
fn journal_records(path: &Path) -> Vec<serde_json::Value> {
    read(path)
        .lines()
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{} line {}: {e}: {l:?}", path.display(), n + 1))
        })
        .collect()
}

/// Characters that must never reach a file: controls other than line break and tab.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect()
}

/// agendum in tmux as `Tmux::start` runs it, what it says on its standard error
/// appended to `log`, as the child of a shell that waits for it: the shell reaps it the
/// moment it dies (tmux may leave a killed pane process a zombie for a while, and a
/// zombie's pid still looks alive), and is still there to read `$?`.
fn start_logged(name: &str, home: &Path, args: &[&str], log: &Path) -> Tmux {
    Tmux::spawn(
        name,
        &format!(
            "sh -c '{} 2>>{}; exit $?'",
            agendum_command(home, &[], args),
            log.display()
        ),
        WIDE,
    )
}

/// Waits for the screen to show `text`, failing with `context`, the screen and what
/// agendum said.
fn wait_logged(t: &Tmux, text: &str, log: &Path, context: &str) -> String {
    wait_until(
        &format!("the screen to show {text:?} {context}"),
        Duration::from_secs(10),
        || {
            let s = t.screen();
            s.contains(text).then_some(s)
        },
        || format!("it shows:\n{}\nagendum said: {}", t.screen(), read(log)),
    )
}

/// Ends a process when dropped, should the test fail before it ends.
struct Reap(u32);

impl Drop for Reap {
    fn drop(&mut self) {
        if running(self.0) {
            let _ = Command::new("kill")
                .args(["-KILL", &self.0.to_string()])
                .output();
        }
    }
}

/// A small seeded generator (xorshift64*), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the crash test typed.
enum Typed {
    /// A marker typed into the notes (and whether `Esc` followed).
    Note { marker: String, escaped: bool },
    /// `:q+ NAME`.
    Join(String),
    /// `:action Ben: check MARKER`.
    Action(String),
}

struct Logged {
    round: usize,
    typed: Typed,
    /// From the last key of it to the kill.
    before_kill: Duration,
}

impl std::fmt::Debug for Logged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "round {}: ", self.round)?;
        match &self.typed {
            Typed::Note { marker, escaped } => {
                write!(f, "i {marker}{}", if *escaped { " Esc" } else { "" })?
            }
            Typed::Join(name) => write!(f, ":q+ {name}")?,
            Typed::Action(marker) => write!(f, ":action Ben: check {marker}")?,
        }
        write!(f, ", {:?} before kill -9", self.before_kill)
    }
}

/// People the crash test queues, each once.
const JOINERS: [&str; 12] = [
    "Anja Gengo",
    "Ben Wallis",
    "David Souter",
    "Flavio Wagner",
    "Jim Prendergast",
    "Adam Peake",
    "Carol Roach",
    "Lucien Castex",
    "Timea Suto",
    "Vera Major",
    "Roman Chukov",
    "Mafi Mish",
];

/// Someone typing steadily, a word every tenth of a second, when the power goes: 20
/// times, `kill -9` in the middle of the typing. Every word typed more than a second
/// before a kill is in the meeting afterwards.
#[test]
fn kill_9_during_steady_typing_loses_nothing_older_than_a_second() {
    const ROUNDS: usize = 20;
    const SAFE: Duration = Duration::from_millis(1000);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut rng = Rng::new(seed);
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let errors = home.path().join("agendum.err");
    let mut words: Vec<(String, Duration)> = Vec::new();
    for round in 0..ROUNDS {
        let t = start_logged(&format!("steady{round}"), home.path(), &args, &errors);
        let context = format!("(seed {seed}, round {round})");
        if round == 0 {
            wait_logged(&t, "Agenda 0/", &errors, &context);
            take_up(&t, 1);
        } else {
            wait_logged(&t, "resumed the meeting at item", &errors, &context);
        }
        let pid = child_named(t.pane_pid(), "agendum");
        t.keys(&["i", "End"]);
        let typing = Duration::from_millis(1_200 + rng.below(1_800));
        let began = Instant::now();
        let mut typed: Vec<(String, Instant)> = Vec::new();
        let mut n = 0;
        while began.elapsed() < typing {
            let word = format!("r{round:02}w{n:03}");
            t.type_text(&format!(" {word}"));
            typed.push((word, Instant::now()));
            n += 1;
            sleep(Duration::from_millis(100));
        }
        signal(pid, "KILL");
        let killed = Instant::now();
        wait_reaped(pid);
        drop(t);
        words.extend(typed.into_iter().map(|(w, at)| (w, killed - at)));
    }
    let (text, _) = report(home.path(), AGENDA, &out);
    let old_enough: Vec<&(String, Duration)> = words.iter().filter(|(_, d)| *d > SAFE).collect();
    let lost: Vec<&&(String, Duration)> = old_enough
        .iter()
        .filter(|(w, _)| !text.contains(w.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "seed {seed}: lost {} of {} words typed more than {SAFE:?} before a kill: {lost:?}",
        lost.len(),
        old_enough.len()
    );
    assert!(
        old_enough.len() >= ROUNDS * 3,
        "seed {seed}: too few words checked"
    );
}

#[test]
fn a_meeting_killed_at_random_moments_keeps_everything_typed_before() {
    const ROUNDS: usize = 16;
    /// What reached the application more than this long before `kill -9` must be kept.
    const SAFE: Duration = Duration::from_millis(1200);
    let seed = std::env::var("AGENDUM_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    // Shown with the failure (and with --nocapture): AGENDUM_CRASH_SEED replays the run.
    println!("crash test seed: {seed} (AGENDUM_CRASH_SEED={seed} replays it)");
    let mut rng = Rng::new(seed);
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let started = Instant::now();

    let mut log: Vec<Logged> = Vec::new();
    let mut item = 0;
    let mut joiners = JOINERS.iter();
    let mut killed: Option<u32> = None;
    // What agendum says on its standard error, should a restart fail.
    let errors = home.path().join("agendum.err");
    let start = |name: &str| start_logged(name, home.path(), &args, &errors);
    let wait = |t: &Tmux, text: &str| wait_logged(t, text, &errors, &format!("(seed {seed})"));
    for round in 0..ROUNDS {
        let t = start(&format!("crash{round}"));
        match killed {
            None => {
                wait(&t, "Agenda 0/");
            }
            Some(dead) => {
                // The lock of the killed agendum is taken over, and the meeting resumes
                // where it was, with no record damaged by the kill.
                let s = wait(&t, "resumed the meeting at item");
                assert!(
                    s.contains(&format!("took the meeting over from process {dead} on ")),
                    "seed {seed}, round {round}:\n{s}"
                );
                assert!(
                    s.contains(&format!(
                        "which is no longer running; resumed the meeting at item {item}; \
                         the clocks ran on meanwhile"
                    )),
                    "seed {seed}, round {round}: expected item {item}:\n{s}"
                );
            }
        }
        let pid = child_named(t.pane_pid(), "agendum");

        let mut kind = if round == 0 { 1 } else { rng.below(4) };
        if kind == 1 && item == 5 {
            kind = 0;
        }
        let marker = format!("mk{round:02}z{:04}", rng.below(10_000));
        let typed = match kind {
            2 => match joiners.next() {
                Some(name) => {
                    t.command(&format!("q+ {name}"));
                    Typed::Join(name.to_string())
                }
                None => {
                    t.command(&format!("action Ben: check {marker}"));
                    Typed::Action(marker)
                }
            },
            3 => {
                t.command(&format!("action Ben: check {marker}"));
                Typed::Action(marker)
            }
            _ => {
                if kind == 1 {
                    take_up(&t, item + 1);
                    item += 1;
                }
                let escaped = rng.below(2) == 0;
                t.keys(&["i"]).type_text(&format!(" {marker}"));
                if escaped {
                    t.keys(&["Escape"]);
                }
                Typed::Note { marker, escaped }
            }
        };
        let typed_at = Instant::now();
        sleep(Duration::from_millis(rng.below(2_501)));
        assert!(
            t.alive(),
            "seed {seed}: agendum ended by itself:\n{}",
            t.screen()
        );
        assert_eq!(comm(pid), "agendum");
        signal(pid, "KILL");
        let before_kill = typed_at.elapsed();
        wait_reaped(pid);
        drop(t);
        log.push(Logged {
            round,
            typed,
            before_kill,
        });
        killed = Some(pid);
    }

    // Once more: the meeting resumes, and is then quit as usual.
    let t = start("crash-last");
    let s = wait(&t, "resumed the meeting at item");
    assert!(
        s.contains(&format!(
            "took the meeting over from process {} on ",
            killed.unwrap()
        )),
        "seed {seed}:\n{s}"
    );
    assert!(
        s.contains(&format!("resumed the meeting at item {item};")),
        "seed {seed}:\n{s}"
    );
    quit(&t);

    let local = local_store(home.path());
    // kill -9 never leaves a torn record: every line of the journal reads.
    let records = journal_records(&local.join("journal.jsonl"));
    let joined: Vec<String> = records
        .iter()
        .filter_map(|r| r["event"]["join"]["who"].as_str().map(str::to_string))
        .collect();
    let (text, stderr) = report(home.path(), AGENDA, &out);
    assert!(!stderr.contains("damaged"), "seed {seed}: {stderr}");
    let notes = all_notes(&out.join(FOLDER));

    let mut missing = Vec::new();
    let mut checked = 0;
    for entry in log.iter().filter(|e| e.before_kill > SAFE) {
        checked += 1;
        let kept = match &entry.typed {
            Typed::Note { marker, .. } => text.contains(marker) && notes.contains(marker),
            Typed::Action(marker) => {
                text.contains(marker) && notes.contains(&format!("ACTION: Ben: check {marker}"))
            }
            Typed::Join(name) => joined.contains(name),
        };
        if !kept {
            missing.push(entry);
        }
    }
    assert!(
        missing.is_empty(),
        "seed {seed}: lost what was typed more than {SAFE:?} before kill -9: {missing:#?}\n\
         all typed: {log:#?}\nthe notes files:\n{notes}\nthe report:\n{text}"
    );
    println!("{log:#?}");
    println!(
        "{ROUNDS} kills, {checked} of {} inputs old enough to be checked, {:?} in all",
        log.len(),
        started.elapsed()
    );
}

/// An interactive bash in tmux, with its home, config and data in `home`.
fn shell(name: &str, home: &Path) -> Tmux {
    let h = home.display();
    let t = Tmux::spawn(
        name,
        &format!(
            "env HOME={h} XDG_CONFIG_HOME={h}/.config XDG_DATA_HOME={h}/.local/share \
             LANG=C.UTF-8 EDITOR=true PS1='$ ' bash --norc --noprofile -i"
        ),
        WIDE,
    );
    t.wait_for("$");
    t
}

#[test]
fn sigterm_saves_the_last_notes_and_gives_the_terminal_back() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let t = shell("sigterm", home.path());
    let run = format!(
        "{} {AGENDA} --output-dir {}",
        env!("CARGO_BIN_EXE_agendum"),
        out.display()
    );
    t.type_text(&run).keys(&["Enter"]);
    t.wait_for("Agenda 0/");
    let pid = child_named(t.pane_pid(), "agendum");
    take_up(&t, 1);
    // Typed and shown, not yet handed to the journal (that happens on the clock tick or
    // on Esc): the signal comes at once.
    let words = "Said in the very last second.";
    t.keys(&["i"]).type_text(words);
    t.wait_for(words);
    signal(pid, "TERM");

    let s = t.wait_for("agendum: stopped by SIGTERM; the meeting is saved in");
    assert!(s.contains(&out.join(FOLDER).display().to_string()), "{s}");
    assert!(
        !s.contains("Agenda 1/") && !s.contains("▶ 1."),
        "the screen of agendum is left:\n{s}"
    );
    // The exit status, and the terminal as the shell had it: line editing and echo.
    t.type_text("echo \"rc=$?\"; stty -a").keys(&["Enter"]);
    let s = t.wait_for("iexten");
    assert!(s.contains("rc=1"), "{s}");
    let words_of: Vec<&str> = s.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words_of.contains(&mode),
            "stty shows {mode} off after SIGTERM:\n{s}"
        );
    }
    assert!(!running(pid));

    let notes = wait_for_file(&out.join(FOLDER).join(NOTES_1), words);
    assert_eq!(notes, format!("{words}\n"));
    let local = local_store(home.path());
    assert!(!local.join(LOCK).exists(), "the meeting was not given back");
    assert!(!out.join(FOLDER).join(LOCK).exists());

    t.type_text("clear").keys(&["Enter"]);
    t.type_text(&run).keys(&["Enter"]);
    let s = t.wait_for("resumed the meeting at item 1; the clocks ran on meanwhile");
    assert!(s.contains(words), "{s}");
    assert!(!s.contains("took the meeting over"), "{s}");
}

#[test]
fn a_closed_terminal_saves_the_notes_and_gives_the_meeting_back() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("sighup", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    let pid = t.pane_pid();
    assert_eq!(comm(pid), "agendum");
    let _reap = Reap(pid);
    take_up(&t, 1);
    let words = "Typed as the window closed.";
    t.keys(&["i"]).type_text(words);
    t.wait_for(words);
    // The terminal goes away: agendum gets SIGHUP and its terminal is gone.
    t.tmux(&["kill-pane", "-t", "main"]);
    drop(t);

    let local = local_store(home.path());
    let folder = out.join(FOLDER);
    wait_until(
        "agendum to end and give the meeting back",
        Duration::from_secs(10),
        || {
            (!running(pid) && !local.join(LOCK).exists() && !folder.join(LOCK).exists())
                .then_some(())
        },
        || {
            format!(
                "running: {}; locks: {:?}, {:?}",
                running(pid),
                read(&local.join(LOCK)),
                read(&folder.join(LOCK))
            )
        },
    );
    assert_eq!(read(&folder.join(NOTES_1)), format!("{words}\n"));

    let t = Tmux::start("sighup2", home.path(), &args, WIDE);
    let s = t.wait_for("resumed the meeting at item 1; the clocks ran on meanwhile");
    assert!(s.contains(words), "{s}");
    assert!(
        !s.contains("took the meeting over"),
        "the lock was left:\n{s}"
    );
}

/// A meeting with notes on item 1, quit, and half a record appended to its journal
/// (no line break) as a power cut leaves it; the line number of the torn record.
fn torn_meeting(home: &Path, args: &[&str]) -> usize {
    let t = Tmux::start("torn0", home, args, WIDE);
    t.wait_for("Agenda 0/");
    take_up(&t, 1);
    note(&t, "before the tear");
    quit(&t);
    let journal = local_store(home).join("journal.jsonl");
    let mut text = read(&journal);
    assert!(text.ends_with('\n'));
    let line = text.lines().count() + 1;
    text.push_str(r#"{"at":"2026-01-01T00:00:00Z","event":{"notes":{"item":1,"te"#);
    fs::write(&journal, text).unwrap();
    line
}

#[test]
fn a_torn_journal_record_is_reported_and_the_rest_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let torn = torn_meeting(home.path(), &args);
    let damage = format!(
        "1 damaged journal record(s) skipped (first at line {torn}: the record is cut short"
    );

    let t = Tmux::start("torn1", home.path(), &args, WIDE);
    let s = t.wait_for(&damage);
    assert!(s.contains("all others kept"), "{s}");
    assert!(
        s.contains("▶ 1. "),
        "the meeting is not resumed at item 1:\n{s}"
    );
    assert!(s.contains("before the tear"), "{s}");
    // Typing goes on, and reaches the journal after the torn line.
    note(&t, " after the tear");
    t.command("q+ Anja Gengo");
    t.wait_for("Anja Gengo queued (topic, 1st of 1)");
    quit(&t);

    let journal = local_store(home.path()).join("journal.jsonl");
    let text = read(&journal);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[torn - 1],
        r#"{"at":"2026-01-01T00:00:00Z","event":{"notes":{"item":1,"te"#,
        "the torn record is kept as it was, on a line of its own"
    );
    assert!(text.ends_with('\n'));
    let later: Vec<serde_json::Value> = lines[torn..]
        .iter()
        .map(|l| serde_json::from_str(l).expect("each record after the torn one reads"))
        .collect();
    assert!(
        later
            .iter()
            .any(|r| r["event"]["join"]["who"] == "Anja Gengo"),
        "{text}"
    );

    // Again: the same one damaged record, and what came after it is read.
    let t = Tmux::start("torn2", home.path(), &args, WIDE);
    let s = t.wait_for(&damage);
    assert!(s.contains("before the tear after the tear"), "{s}");
    assert!(s.contains("Anja Gengo"), "the queue was not resumed:\n{s}");
    quit(&t);

    let (report, stderr) = report(home.path(), AGENDA, &out);
    assert!(
        stderr.contains(&format!(
            "journal line {torn}: a damaged record was skipped"
        )),
        "{stderr}"
    );
    assert!(
        report.contains("before the tear after the tear"),
        "{report}"
    );
    assert_eq!(
        read(&out.join(FOLDER).join(NOTES_1)),
        "before the tear after the tear\n"
    );
}

#[test]
fn a_torn_journal_does_not_make_the_folder_look_unwritable() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    torn_meeting(home.path(), &args);
    let t = Tmux::start("torngap", home.path(), &args, WIDE);
    t.wait_for("damaged journal record");
    note(&t, " after the tear");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        let s = t.screen();
        assert!(
            !s.contains("cannot be written"),
            "the folder is writable, yet:\n{s}"
        );
        sleep(Duration::from_millis(100));
    }
    assert_eq!(
        read(&out.join(FOLDER).join(NOTES_1)),
        "before the tear after the tear\n"
    );
}

/// A meeting with notes on items 1 and 2, quit; then its agenda (a copy in `home`)
/// loses item 1 and gets a new item after the old item 2, which is item 1 now. (A new
/// item put first would take the old item 1's notes as that item reworded: notes
/// files are matched by title, then by number.) The agenda's path.
fn meeting_whose_agenda_changed(name: &str, home: &Path, out: &Path) -> String {
    let agenda = home.join("agenda.toml");
    let agenda_arg = agenda.display().to_string();
    let out_arg = out.display().to_string();
    let source = agenda_source();
    fs::write(&agenda, &source).unwrap();
    let args = [agenda_arg.as_str(), "--output-dir", &out_arg];
    let t = Tmux::start(name, home, &args, WIDE);
    t.wait_for("Agenda 0/");
    take_up(&t, 1);
    note(&t, "notes of the activities");
    take_up(&t, 2);
    note(&t, "notes of the consultations");
    quit(&t);

    let first = "[[items]]\ntitle = \"Activities of the WG Strategy for 2023\"\n\
                 # The agenda lists it unlinked; the discussion heading links it.\n\
                 heading_link = \"#\"\ntimebox = \"20m\"\n\n";
    let wsis = "[[items]]\ntitle = \"WSIS +20 action plan\"";
    assert!(source.contains(first) && source.contains(wsis));
    let changed = source.replace(first, "").replace(
        wsis,
        &format!("[[items]]\ntitle = \"Budget for 2024\"\ntimebox = \"5m\"\n\n{wsis}"),
    );
    fs::write(&agenda, changed).unwrap();
    agenda_arg
}

/// The part of `report` under `heading`, up to the next heading.
fn section(report: &str, heading: &str) -> String {
    let start = report
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in the report:\n{report}"));
    let rest = &report[start + heading.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn notes_follow_their_items_when_the_agenda_changes() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let agenda = meeting_whose_agenda_changed("agenda1", home.path(), &out);
    let out_arg = out.display().to_string();
    let args = [agenda.as_str(), "--output-dir", &out_arg];

    // Resumed on the item that was under way, now item 1, with its notes.
    let t = Tmux::start("agenda2", home.path(), &args, WIDE);
    let s = t.wait_for("▶ 1. Open Consultations and MAG Meeting");
    assert!(
        s.contains("Notes 1. Open Consultations and MAG Meeting"),
        "{s}"
    );
    assert!(s.contains("notes of the consultations"), "{s}");
    assert!(!s.contains("notes of the activities"), "{s}");
    assert!(s.contains("▶ 1. Open Consultations and MAG Meeting"), "{s}");
    quit(&t);

    let folder = out.join(FOLDER);
    assert_eq!(
        read(&folder.join("notes/01-open-consultations-and-mag-meeting.md")),
        "notes of the consultations\n"
    );
    assert_eq!(read(&folder.join("notes/02-budget-for-2024.md")), "");
    let (report, _) = report(home.path(), &agenda, &out);
    assert!(
        section(&report, "#### 1. Open Consultations and MAG Meeting")
            .contains("notes of the consultations"),
        "{report}"
    );
    assert!(
        section(&report, "#### 2. Budget for 2024").contains("This item was not discussed."),
        "{report}"
    );
    assert!(
        section(&report, "### Notes not matched to an agenda item")
            .contains("notes of the activities"),
        "{report}"
    );
    assert_eq!(
        report.matches("notes of the consultations").count(),
        1,
        "the notes of an item that moved are in the report once:\n{report}"
    );
}

#[test]
fn an_agenda_change_is_said_and_removed_notes_are_shown_once() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let agenda = meeting_whose_agenda_changed("said1", home.path(), &out);
    let out_arg = out.display().to_string();
    let args = [agenda.as_str(), "--output-dir", &out_arg];
    let t = Tmux::start("said2", home.path(), &args, WIDE);
    t.wait_for(
        "the agenda's items changed since the meeting was last open: notes and timings follow \
         their items; the notes of 1 item(s) no longer on it are kept and shown",
    );
    quit(&t);
    let (report, _) = report(home.path(), &agenda, &out);
    assert_eq!(
        report.matches("notes of the activities").count(),
        1,
        "{report}"
    );
}

/// The command prefix that makes agendum an unprivileged user when the tests run as
/// root (for whom directory permissions do not stop writes), with `home` opened to it.
fn unprivileged(home: &Path) -> String {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return String::new();
    }
    for dir in [
        home.to_path_buf(),
        home.join(".config"),
        home.join(".local"),
        home.join(".local/share"),
    ] {
        fs::create_dir_all(&dir).unwrap();
        set_mode(&dir, 0o777);
    }
    "setpriv --reuid=65534 --regid=65534 --clear-groups -- ".into()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The agenda copied into `home`, readable by anyone.
fn agenda_copy(home: &Path) -> (PathBuf, String) {
    let source = agenda_source();
    let agenda = home.join("wg-strategy-51.toml");
    fs::write(&agenda, &source).unwrap();
    set_mode(&agenda, 0o644);
    (agenda, source)
}

/// The meeting folder has everything: the journal as on this computer, each item's
/// notes file, the agenda, and the lock naming `pid`.
fn assert_folder_complete(folder: &Path, local: &Path, agenda: &str, pid: u32) {
    let journal = local.join("journal.jsonl");
    wait_until(
        "the folder's journal to be this computer's",
        Duration::from_secs(10),
        || (read(&folder.join("journal.jsonl")) == read(&journal)).then_some(()),
        || {
            format!(
                "the folder's:\n{}\nthis computer's:\n{}",
                read(&folder.join("journal.jsonl")),
                read(&journal)
            )
        },
    );
    for name in NOTES_FILES {
        assert!(
            folder.join("notes").join(name).is_file(),
            "notes/{name} is missing"
        );
    }
    assert_eq!(read(&folder.join("agenda.toml")), agenda);
    assert!(
        read(&folder.join(LOCK)).contains(&format!("pid = {pid}")),
        "the folder's lock: {:?}",
        read(&folder.join(LOCK))
    );
}

#[test]
fn a_read_only_output_dir_keeps_the_meeting_here_until_it_can_be_written() {
    let home = tempfile::tempdir().unwrap();
    let prefix = unprivileged(home.path());
    let (agenda, source) = agenda_copy(home.path());
    let shared = home.path().join("shared");
    fs::create_dir(&shared).unwrap();
    set_mode(&shared, 0o555);
    let command = format!(
        "{prefix}{}",
        agendum_command(
            home.path(),
            &[],
            &[
                &agenda.display().to_string(),
                "--output-dir",
                &shared.display().to_string()
            ]
        )
    );
    let t = Tmux::spawn("readonly", &command, WIDE);
    let s = t.wait_for("the meeting folder cannot be written (");
    let local = local_store(home.path());
    assert!(s.contains("Permission denied"), "{s}");
    assert!(
        s.contains(&format!(
            "everything is kept on this computer in {}; trying again every 5 s",
            local.display()
        )),
        "{s}"
    );
    let pid = t.pane_pid();
    assert_eq!(comm(pid), "agendum");

    // The screen goes on as if nothing were wrong.
    take_up(&t, 1);
    note(&t, "Typed while the folder is read-only.");
    t.command("action Ben: check the permissions");
    t.wait_for("'s notes: ACTION: ");
    let folder = shared.join(FOLDER);
    assert!(!folder.exists());
    // On this computer already: the report made from its journal alone has it.
    let (text, _) = report(home.path(), AGENDA, &shared);
    assert!(
        text.contains("Typed while the folder is read-only."),
        "{text}"
    );

    set_mode(&shared, 0o777);
    t.wait_for_within(
        &format!("the meeting folder is written again: {}", folder.display()),
        Duration::from_secs(10),
    );
    assert_folder_complete(&folder, &local, &source, pid);
    assert_eq!(
        read(&folder.join(NOTES_1)),
        "Typed while the folder is read-only.\nACTION: Ben: check the permissions\n"
    );
}

#[test]
fn an_output_dir_that_goes_away_and_comes_back_gets_what_was_typed_meanwhile() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("shared");
    let away = home.path().join("shared-unmounted");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("vanish", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    let pid = t.pane_pid();
    let folder = out.join(FOLDER);
    take_up(&t, 1);
    note(&t, "Before the drive went away.");
    wait_for_file(&folder.join(NOTES_1), "Before the drive went away.");

    // The drive is unmounted: the output directory is gone.
    fs::rename(&out, &away).unwrap();
    note(&t, " While it was away.");
    let s = t.wait_for("the meeting folder cannot be written (");
    assert!(
        s.contains(&format!(
            "{} is missing (is the drive connected?)",
            out.display()
        )),
        "{s}"
    );
    // Nothing stands in for the drive on this computer's disk.
    assert!(!out.exists());
    take_up(&t, 2);
    note(&t, "Item two, with the drive away.");

    fs::rename(&away, &out).unwrap();
    t.wait_for_within(
        &format!("the meeting folder is written again: {}", folder.display()),
        Duration::from_secs(10),
    );
    let local = local_store(home.path());
    assert_folder_complete(&folder, &local, &agenda_source(), pid);
    assert_eq!(
        read(&folder.join(NOTES_1)),
        "Before the drive went away. While it was away.\n"
    );
    assert_eq!(
        read(&folder.join(NOTES_2)),
        "Item two, with the drive away.\n"
    );
}

#[test]
fn a_deleted_meeting_folder_is_made_again_with_everything() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("shared");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("deleted", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    let folder = out.join(FOLDER);
    take_up(&t, 1);
    note(&t, "Before the folder was deleted.");
    wait_for_file(&folder.join(NOTES_1), "Before the folder was deleted.");

    fs::remove_dir_all(&folder).unwrap();
    note(&t, " After.");
    wait_for_file(
        &folder.join(NOTES_1),
        "Before the folder was deleted. After.",
    );
    let local = local_store(home.path());
    let journal = local.join("journal.jsonl");
    wait_until(
        "the folder's journal to be made again whole",
        Duration::from_secs(10),
        || (read(&folder.join("journal.jsonl")) == read(&journal)).then_some(()),
        || read(&folder.join("journal.jsonl")),
    );
    wait_until(
        "every notes file and the agenda to be written again",
        Duration::from_secs(10),
        || {
            (NOTES_FILES
                .iter()
                .all(|name| folder.join("notes").join(name).is_file())
                && read(&folder.join("agenda.toml")) == agenda_source())
            .then_some(())
        },
        || {
            format!(
                "{:?}",
                fs::read_dir(folder.join("notes")).map(|d| d.count())
            )
        },
    );
    // And the meeting goes on into it.
    take_up(&t, 2);
    note(&t, "On item two.");
    wait_for_file(&folder.join(NOTES_2), "On item two.");
    assert!(!t.screen().contains("cannot be written"), "{}", t.screen());
}

#[test]
fn a_meeting_folder_made_again_is_locked_again() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("shared");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("relock", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    let pid = t.pane_pid();
    let folder = out.join(FOLDER);
    take_up(&t, 1);
    note(&t, "Before the folder was deleted.");
    wait_for_file(&folder.join(NOTES_1), "Before the folder was deleted.");
    fs::remove_dir_all(&folder).unwrap();
    note(&t, " After.");
    wait_for_file(
        &folder.join(NOTES_1),
        "Before the folder was deleted. After.",
    );
    wait_until(
        "the folder's lock to be taken again",
        Duration::from_secs(10),
        || {
            read(&folder.join(LOCK))
                .contains(&format!("pid = {pid}"))
                .then_some(())
        },
        || {
            format!(
                "the folder holds {:?}",
                fs::read_dir(&folder).map(|d| d.count())
            )
        },
    );
}

#[test]
fn a_configured_output_dir_that_is_missing_gets_the_meeting_once_it_is_there() {
    let home = tempfile::tempdir().unwrap();
    let shared = home.path().join("drive");
    let config = home.path().join(".config/agendum");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        format!("output_dir = \"{}\"\n", shared.display()),
    )
    .unwrap();
    let t = Tmux::start("configured", home.path(), &[AGENDA], WIDE);
    let s = t.wait_for("the meeting folder cannot be written (");
    assert!(
        s.contains(&format!(
            "{} is missing (is the drive connected?)",
            shared.display()
        )),
        "{s}"
    );
    // A configured output directory is the shared drive: it is not made here.
    assert!(!shared.exists());
    let pid = t.pane_pid();
    take_up(&t, 1);
    note(&t, "Typed before the drive was mounted.");

    fs::create_dir(&shared).unwrap();
    let folder = shared.join(FOLDER);
    t.wait_for_within(
        &format!("the meeting folder is written again: {}", folder.display()),
        Duration::from_secs(10),
    );
    assert_folder_complete(&folder, &local_store(home.path()), &agenda_source(), pid);
    assert_eq!(
        read(&folder.join(NOTES_1)),
        "Typed before the drive was mounted.\n"
    );
}

#[test]
fn a_second_agendum_on_an_open_meeting_is_refused_with_who_holds_it() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let first = Tmux::start("holder", home.path(), &args, WIDE);
    first.wait_for("Agenda 0/");
    let pid = first.pane_pid();
    take_up(&first, 1);
    note(&first, "The first moderator's notes.");

    // The second runs on a terminal too (piped, agendum prints the agenda instead).
    let err = home.path().join("second.err");
    let rc = home.path().join("second.rc");
    let second = Tmux::spawn(
        "second",
        &format!(
            "sh -c '{} 2>{}; echo $? >{}'",
            agendum_command(home.path(), &[], &args),
            err.display(),
            rc.display()
        ),
        WIDE,
    );
    let status = wait_until(
        "the second agendum to exit",
        Duration::from_secs(10),
        || {
            let r = read(&rc);
            r.ends_with('\n').then_some(r)
        },
        || second.screen(),
    );
    let said = read(&err);
    assert_eq!(status.trim(), "1", "{said}");
    let local = local_store(home.path());
    let folder = out.join(FOLDER);
    assert!(
        said.starts_with(&format!(
            "agendum: this meeting is already open: process {pid} on {} ",
            host()
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!("holds it ({}).", local.join(LOCK).display())),
        "{said}"
    );
    assert!(
        said.contains(&format!("agendum notes {}", folder.display())),
        "{said}"
    );
    assert!(
        said.contains(&format!("agendum {AGENDA} --take-over")),
        "{said}"
    );

    // The first goes on, still holding the meeting.
    for lock in [local.join(LOCK), folder.join(LOCK)] {
        assert!(
            read(&lock).contains(&format!("pid = {pid}")),
            "{}: {:?}",
            lock.display(),
            read(&lock)
        );
    }
    note(&first, " Still mine.");
    wait_for_file(
        &folder.join(NOTES_1),
        "The first moderator's notes. Still mine.",
    );
}

#[test]
fn a_lock_held_by_a_killed_agendum_not_yet_reaped_is_taken_over() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    // A parent that never reaps: sh starts agendum on the terminal, then becomes sleep.
    let t = Tmux::spawn(
        "zombie",
        &format!(
            "sh -c '{} </dev/tty & exec sleep 600'",
            agendum_command(home.path(), &[], &args)
        ),
        WIDE,
    );
    t.wait_for("Agenda 0/");
    let pid = child_named(t.pane_pid(), "agendum");
    take_up(&t, 1);
    note(&t, "Before the kill.");
    signal(pid, "KILL");
    wait_until(
        "the killed agendum to be a zombie",
        Duration::from_secs(5),
        || (!running(pid)).then_some(()),
        String::new,
    );
    assert!(Path::new(&format!("/proc/{pid}")).exists(), "it was reaped");

    let errors = home.path().join("agendum.err");
    let again = start_logged("zombie2", home.path(), &args, &errors);
    let s = wait_logged(&again, "resumed the meeting at item 1", &errors, "");
    assert!(
        s.contains(&format!("took the meeting over from process {pid} ")),
        "{s}"
    );
    assert!(s.contains("Before the kill."), "{s}");
}

#[test]
fn a_lock_left_by_a_dead_agendum_is_taken_over_with_a_notice() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("stale1", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    take_up(&t, 1);
    note(&t, "Before the crash.");
    quit(&t);

    // The locks an agendum of this host leaves when it dies: no process has this pid.
    let dead = i32::MAX;
    let host = host();
    let local = local_store(home.path());
    let folder = out.join(FOLDER);
    let stale = format!(
        "host = \"{host}\"\npid = {dead}\nuser = \"x\"\nsince = \"2026-01-01T00:00:00Z\"\n"
    );
    for lock in [local.join(LOCK), folder.join(LOCK)] {
        fs::write(&lock, &stale).unwrap();
    }

    let t = Tmux::start("stale2", home.path(), &args, WIDE);
    let s = t.wait_for("which is no longer running; resumed the meeting at item 1");
    assert!(
        s.contains(&format!(
            "took the meeting over from process {dead} on {host} (x) since "
        )),
        "{s}"
    );
    assert!(s.contains("Before the crash."), "{s}");
    let pid = t.pane_pid();
    for lock in [local.join(LOCK), folder.join(LOCK)] {
        assert!(
            read(&lock).contains(&format!("pid = {pid}")),
            "{}: {:?}",
            lock.display(),
            read(&lock)
        );
    }
    quit(&t);
    assert!(!local.join(LOCK).exists() && !folder.join(LOCK).exists());
}

#[test]
fn pasted_escape_sequences_and_controls_reach_neither_screen_nor_files() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("paste", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    let title = t.tmux(&["display", "-p", "-t", "main", "#{pane_title}"]);
    take_up(&t, 1);
    let pasted = "Pasted \x1b[31mred\x1b[0m text\x1b]0;evil title\x07 bell\x07 \
                  ctl\x01\x02\x0b\x0c\x7f tab\there \x1b[2J\x1bP+q544e\x1b\\\x1b[?1049l\
                  end\nsecond \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ line";
    t.tmux(&["set-buffer", "-b", "hostile", pasted]);
    // Bracketed (-p), its line break kept as a line feed (-r).
    t.tmux(&["paste-buffer", "-p", "-r", "-b", "hostile", "-t", "main"]);
    let s = t.wait_for("Pasted red text bell ctl tab");
    assert!(s.contains("second link line"), "{s}");
    assert!(!s.contains("evil"), "{s}");
    assert!(s.contains("▶ 1. "), "the paste was read as keys:\n{s}");
    assert_eq!(
        t.tmux(&["display", "-p", "-t", "main", "#{pane_title}"]),
        title,
        "the paste set the terminal's title"
    );
    t.keys(&["Escape"]);

    let notes = wait_for_file(&out.join(FOLDER).join(NOTES_1), "second link line");
    assert_eq!(controls(&notes), Vec::<char>::new(), "{notes:?}");
    assert!(!notes.contains("evil"), "{notes:?}");
    assert!(
        notes.starts_with("Pasted red text bell ctl tab\there "),
        "{notes:?}"
    );
    assert!(notes.ends_with("end\nsecond link line\n"), "{notes:?}");

    // The report written from the screen.
    t.keys(&["w"]);
    t.wait_for("Report preview");
    t.keys(&["w"]);
    t.wait_for("report written to");
    let report = read(&out.join(FOLDER).join("report.md"));
    assert!(report.contains("Pasted red text bell ctl tab"), "{report}");
    assert_eq!(controls(&report), Vec::<char>::new(), "{report:?}");
    assert!(!report.contains("evil"), "{report}");
}

/// A paste longer than the screen reads at once (4 KiB) arrives in many reads, with
/// sequences and characters cut between them: it is still one paste, every byte kept.
#[test]
fn a_long_paste_read_in_many_pieces_is_kept_whole() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("longpaste", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    take_up(&t, 1);
    let text: String = (1..=1500)
        .map(|i| format!("line {i:04}: délégués — ünïcödé ✓ text\n"))
        .collect();
    // Through a file: a command line this long is more than tmux takes.
    let file = home.path().join("long.txt");
    std::fs::write(&file, &text).unwrap();
    t.tmux(&["load-buffer", "-b", "long", &file.display().to_string()]);
    t.tmux(&["paste-buffer", "-p", "-r", "-b", "long", "-t", "main"]);
    t.wait_for("line 1500");
    t.keys(&["Escape"]);
    let notes = wait_for_file(&out.join(FOLDER).join(NOTES_1), "line 1500");
    assert_eq!(notes, text);
}

#[test]
fn pasted_lines_ending_in_carriage_returns_stay_lines() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reports");
    let out_arg = out.display().to_string();
    let args = [AGENDA, "--output-dir", &out_arg];
    let t = Tmux::start("pastecr", home.path(), &args, WIDE);
    t.wait_for("Agenda 0/");
    take_up(&t, 1);
    t.tmux(&["set-buffer", "-b", "lines", "first line\nsecond line"]);
    t.tmux(&["paste-buffer", "-p", "-b", "lines", "-t", "main"]);
    t.wait_for("second line");
    t.keys(&["Escape"]);
    let notes = wait_for_file(&out.join(FOLDER).join(NOTES_1), "second line");
    assert_eq!(notes, "first line\nsecond line\n");
}
