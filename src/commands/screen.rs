//! `agendum AGENDA`: the moderator's screen. This is the shell around the application:
//! it reads the terminal, passes keys and the clock to `App`, carries out its effects
//! (journal, notes files, report, `$EDITOR`) and draws. Nothing here decides anything.
//! However it ends (quit, a signal, a lost terminal, a panic) the notes typed last are
//! journalled, the terminal is put back and the meeting is handed back.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use ratatui::Terminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::prelude::CrosstermBackend;

use agendum::agenda;
use agendum::app::{App, Effect, Input, Level, Mode};
use agendum::cli::Global;
use agendum::meeting::Record;
use agendum::store::lock::{Held, Holder};
use agendum::store::mirror::{self, Outcome};
use agendum::store::{OpenError, Options, Paths, Store};
use agendum::theme::{self, Theme};
use agendum::{config, folder, ui};

use super::Failure;
use super::overview::DEMO;
use super::signals::{self, Waiter, Wake};

/// Everything the loop needs besides the application.
struct Shell {
    store: Store,
    editor: Option<String>,
    stop: signals::Stop,
}

/// How long the meeting folder's writer may go on after the screen closes.
const PATIENCE: Duration = Duration::from_secs(3);

pub fn run(agenda_path: Option<&Path>, global: &Global, take_over: bool) -> Result<(), Failure> {
    let config =
        config::load(global.config.as_deref()).map_err(|d| Failure::usage(d.to_string()))?;
    let (mut agenda, source) = match agenda_path {
        Some(p) => super::report::load_agenda_with_source(p)?,
        None => (
            agenda::parse_str("demo.toml (built in)", DEMO)
                .map_err(|d| Failure::runtime(d.to_string()))?,
            DEMO.as_bytes().to_vec(),
        ),
    };
    config.fill(&mut agenda.settings);
    let theme_name = global.theme.as_deref().or(config.theme.as_deref());
    let theme = Theme::resolve(theme_name, theme::config_dir().as_deref())
        .map_err(|d| Failure::usage(d.to_string()))?
        .for_terminal(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    let template = match (&agenda.report.template, agenda_path) {
        (Some(t), Some(p)) => Some(super::report::read_template(p, t)?.1),
        _ => None,
    };
    let publishing = super::report::publishing(agenda_path, &agenda, &config, None)?;
    // A place named on the command line, or the built-in one, is made if missing; the
    // configured one is not: it is the shared drive, which may not be mounted yet, and
    // the meeting is kept on this computer until it is.
    let out = || match (&global.output_dir, &config.output_dir) {
        (None, Some(d)) => d.clone(),
        (Some(d), _) => make(d.clone()),
        (None, None) => make(config::default_output_dir()),
    };
    // The demo is a meeting of its own each time, in a throwaway folder: nothing of an
    // earlier demo is resumed, and nothing is left to nag about.
    let demo = match agenda_path {
        None => Some(
            demo_dir()
                .map_err(|e| Failure::runtime(format!("cannot make a folder for the demo: {e}")))?,
        ),
        Some(_) => None,
    };
    let (dir, paths) = match &demo {
        Some(tmp) => {
            let dir = folder::meeting_dir(tmp, &agenda);
            let paths = Paths {
                folder: dir.clone(),
                local: tmp.join("on-this-computer"),
            };
            (dir, paths)
        }
        None => {
            let dir = folder::meeting_dir(&out(), &agenda);
            (dir.clone(), Paths::of(&dir))
        }
    };
    let now = Utc::now();
    let mut waiter = Waiter::new().map_err(|e| Failure::runtime(format!("terminal: {e}")))?;
    let opened = match Store::open(
        &paths,
        agenda,
        &source,
        &Options {
            take_over,
            wake: Some(waiter.bell()),
            publishing,
            ..Options::default()
        },
        now,
    ) {
        Ok(o) => o,
        Err(OpenError::Held {
            holder: Held::By(holder),
            lock,
        }) => {
            let agenda_arg = agenda_path.map_or(String::new(), |p| format!("{} ", p.display()));
            return Err(Failure::runtime(format!(
                "this meeting is already open: {holder} holds it ({}).\n\
                 To take notes alongside, run: agendum notes {}\n\
                 If that agendum is gone for good (its computer is off), take the meeting \
                 over with: agendum {agenda_arg}--take-over",
                lock.display(),
                dir.display()
            )));
        }
        // Not even --take-over removes what agendum did not write: a person must look.
        Err(OpenError::Held {
            holder: Held::Unknown(what),
            lock,
        }) => {
            return Err(Failure::runtime(format!(
                "this meeting may already be open: {what}, so it is taken as held by someone \
                 unknown.\n\
                 To take notes alongside, run: agendum notes {}\n\
                 If no agendum has this meeting open, delete {} and start again.",
                dir.display(),
                lock.display()
            )));
        }
        Err(OpenError::Io(e)) => {
            return Err(Failure::runtime(format!(
                "cannot keep the meeting on this computer: {e}"
            )));
        }
    };
    let (level, said) = greeting(&opened.loaded, &opened.store, &opened.took_over);
    let folder_error = opened.loaded.folder_error.clone();
    let mut app = App::new(opened.loaded.meeting, now);
    app.throwaway = demo.is_some();
    app.meeting.writer = Holder::me(now).writer();
    app.folder = dir.display().to_string();
    app.template = template;
    if demo.is_some() {
        // Its date is the example's, never today: no word about it.
        app.say(
            Level::Info,
            "the demo: a meeting of its own, not kept · n starts the first item · ? help",
        );
    } else {
        app.greet(level, said);
    }
    app.drive_trouble = folder_error;
    let stop = signals::watch();
    let mut shell = Shell {
        store: opened.store,
        editor: config.editor.clone(),
        stop: stop.clone(),
    };
    let locks = shell.store.locks();
    stop.watchdog(PATIENCE + Duration::from_secs(5), move || {
        for l in &locks {
            l.release();
        }
    });
    install_panic_hook();
    let mut terminal = match start_terminal() {
        Ok(t) => t,
        Err(e) => {
            let paths = shell.store_paths();
            let waiting = shell.store.close(PATIENCE);
            report_waiting(&paths, &waiting);
            return Err(Failure::runtime(format!("terminal: {e}")));
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut terminal,
            &mut app,
            &mut shell,
            &theme,
            &stop,
            &mut waiter,
        )
    }));
    // Whatever ended the loop, what was typed in the last second is journalled.
    let fx = app.flush(Utc::now());
    save_records(fx, &mut app, &mut shell);
    stop_terminal();
    let paths = shell.store_paths();
    let waiting = shell.store.close(PATIENCE);
    report_waiting(&paths, &waiting);
    let ended = match outcome {
        Ok(Ok(ended)) => ended,
        // A closed terminal fails the next read or draw, often before the signal is seen.
        Ok(Err(_)) if stop.caught().is_some() => Ended::Signal(stop.caught().unwrap_or_default()),
        Ok(Err(e)) => {
            return Err(Failure::runtime(format!(
                "{e}; the meeting is saved in {}",
                paths.0.display()
            )));
        }
        Err(_) => {
            return Err(Failure::runtime(format!(
                "agendum failed (the message is above); the meeting is saved in {}: \
                 `agendum {}` resumes it",
                paths.0.display(),
                agenda_path.map_or(String::new(), |p| p.display().to_string())
            )));
        }
    };
    match ended {
        Ended::Signal(name) => {
            return Err(Failure::runtime(format!(
                "stopped by {name}; the meeting is saved in {} and resumes where it was",
                paths.0.display()
            )));
        }
        Ended::Unkept(e) => {
            return Err(Failure::runtime(format!(
                "cannot keep the meeting on this computer: {e}; nothing was done in it yet, \
                 and `agendum {}` starts it again once this is mended",
                agenda_path.map_or(String::new(), |p| p.display().to_string())
            )));
        }
        Ended::Quit => {}
    }
    if let Some(tmp) = &demo {
        // Kept only if it holds a report someone may want to read.
        match &app.meeting.report_written {
            Some(p) => super::print(&format!(
                "The demo is not kept; its report is in a temporary folder: {p}\n"
            )),
            None => {
                let _ = std::fs::remove_dir_all(tmp);
                super::print("The demo is not kept: `agendum` starts a fresh one.\n");
            }
        }
        return Ok(());
    }
    // The report's path is the journal's, which another computer may have written.
    let report = match &app.meeting.report_written {
        Some(p) if !app.changed_since_report => format!("Report: {p}"),
        _ => format!(
            "The report was not written since the last change: agendum report {} writes it",
            paths.0.display()
        ),
    };
    super::print(&format!(
        "The meeting is saved in {}\n{report}\n",
        paths.0.display()
    ));
    Ok(())
}

/// A new, empty folder for one run of the demo.
fn demo_dir() -> io::Result<PathBuf> {
    let now = Utc::now();
    let dir = std::env::temp_dir().join(format!(
        "agendum-demo-{}-{}{:09}",
        std::process::id(),
        now.timestamp(),
        now.timestamp_subsec_nanos()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn make(dir: PathBuf) -> PathBuf {
    // Failing here is said by the meeting folder's writer, which keeps trying.
    let _ = std::fs::create_dir_all(&dir);
    dir
}

impl Shell {
    /// The meeting folder and the local store.
    fn store_paths(&self) -> (PathBuf, PathBuf) {
        (self.store.folder.clone(), self.store.local.clone())
    }
}

/// The first status line: what was found on opening the meeting.
fn greeting(
    loaded: &agendum::store::Loaded,
    store: &Store,
    took_over: &[agendum::store::lock::Holder],
) -> (Level, String) {
    if let Some(d) = loaded.damaged.first() {
        return (
            Level::Warning,
            format!(
                "{} damaged journal record(s) skipped (first at line {}: {}); all others kept",
                loaded.damaged.len(),
                d.line,
                d.reason
            ),
        );
    }
    if let Some(e) = &loaded.folder_error {
        return (
            Level::Warning,
            format!(
                "the meeting folder cannot be read ({e}): working on this computer, in {}; \
                 trying again",
                store.local.display()
            ),
        );
    }
    // A changed agenda is said first: the events it leaves without an item follow.
    if let Some(n) = loaded.notices.first() {
        return (Level::Warning, n.clone());
    }
    if !loaded.skipped.is_empty() {
        return (
            Level::Warning,
            format!(
                "{} journal event(s) no longer apply to the agenda and were skipped",
                loaded.skipped.len()
            ),
        );
    }
    if !loaded.meeting.unmatched_notes.is_empty() {
        return (
            Level::Warning,
            format!(
                "notes of {} item(s) no longer on the agenda are kept (they end the report)",
                loaded.meeting.unmatched_notes.len()
            ),
        );
    }
    let m = &loaded.meeting;
    let took = took_over.first().map_or(String::new(), |h| {
        format!("took the meeting over from {h}, which is no longer running; ")
    });
    if m.started.is_some() {
        let at = m
            .current
            .map_or("no item".into(), |c| format!("item {}", c.label()));
        return (
            Level::Info,
            format!("{took}resumed the meeting at {at}; the clocks ran on meanwhile"),
        );
    }
    if !took.is_empty() {
        return (Level::Info, took.trim_end_matches("; ").to_string());
    }
    (
        Level::Info,
        format!(
            "meeting folder: {} · n starts the first item · ? help",
            store.folder.display()
        ),
    )
}

/// After the screen: says what the shared drive did not get.
fn report_waiting((folder, local): &(PathBuf, PathBuf), waiting: &[String]) {
    if waiting.is_empty() {
        return;
    }
    super::warn(&format!(
        "agendum: not yet in the meeting folder {}: {}. Everything is kept on this computer \
         in {}; the next `agendum` on this meeting writes it there, and `agendum report` can \
         write the report from it.",
        folder.display(),
        waiting.join(", "),
        local.display()
    ));
}

/// Why the loop ended.
enum Ended {
    Quit,
    Signal(&'static str),
    /// The start of the meeting could not be put on this computer's disk.
    Unkept(io::Error),
}

/// The screen's terminal, its frames written through `FrameOut`.
pub(super) type Screen = Terminal<CrosstermBackend<FrameOut>>;

/// Standard output for the screen's frames: a frame is kept until its flush (every
/// frame ends in one) and written in one write. Through standard output's own buffer a
/// first frame went out a kilobyte at a time, each write waking the terminal to draw
/// part of it. What a frame cut short by a panic leaves is never written: it would land
/// after the screen was left, on the user's shell.
pub(super) struct FrameOut(Vec<u8>);

impl io::Write for FrameOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = io::stdout().lock();
        let written = out.write_all(&self.0).and_then(|()| out.flush());
        self.0.clear();
        written
    }
}

pub(super) fn start_terminal() -> io::Result<Screen> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Terminal::new(CrosstermBackend::new(FrameOut(Vec::with_capacity(1 << 14))))
}

pub(super) fn stop_terminal() {
    // Errors are ignored: after SIGHUP there is no terminal left to restore.
    let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen);
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
}

/// The terminal is put back before a panic's message is printed, once for all the
/// times the screen starts again (after the editor, after Ctrl-Z).
pub(super) fn install_panic_hook() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        stop_terminal();
        hook(info);
    }));
}

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    shell: &mut Shell,
    theme: &Theme,
    stop: &signals::Stop,
    waiter: &mut Waiter,
) -> io::Result<Ended> {
    let mut frames = ui::Frames::default();
    // Kept from one wake to the next: no allocation on a key's way to its echo.
    let mut inputs = Vec::new();
    // The meeting is shown before its start is on the disk (`Store::settle`); no key,
    // and nothing found in the folder, is handled before it is.
    frames.draw(terminal, app, theme)?;
    if let Err(e) = shell.store.settle() {
        return Ok(Ended::Unkept(e));
    }
    loop {
        if let Some(name) = stop.caught() {
            return Ok(Ended::Signal(name));
        }
        for o in shell.store.outcomes() {
            frames.changed();
            let fx = drive_outcome(app, shell, o);
            if clears_screen(&fx) {
                frames.cleared();
            }
            if carry_out(fx, terminal, app, shell)? {
                return Ok(Ended::Quit);
            }
        }
        frames.draw(terminal, app, theme)?;
        // Typing due to be handed over is, once its frame is out and in a pause of the
        // input (which `due` wakes for): no key waits for it.
        if let Some(fx) = app.after_frame(Utc::now()) {
            frames.changed();
            if carry_out(fx, terminal, app, shell)? {
                return Ok(Ended::Quit);
            }
            continue;
        }
        let due = app.notes.save_due_in(Utc::now());
        if !next_inputs(waiter, due, &mut inputs)? {
            return Ok(Ended::Signal("the terminal closing"));
        }
        for input in inputs.drain(..) {
            let typed = matches!(input, Input::Key(_)) && app.mode == Mode::Notes;
            let tick = matches!(input, Input::Tick);
            let effects = app.handle(input, Utc::now());
            frames.handled(effects.is_empty(), typed, tick);
            if clears_screen(&effects) {
                frames.cleared();
            }
            if carry_out(effects, terminal, app, shell)? {
                return Ok(Ended::Quit);
            }
        }
    }
}

/// Whether carrying out `effects` leaves the terminal cleared (an editor or a
/// suspension gave the screen back).
fn clears_screen(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::OpenEditor { .. } | Effect::Suspend))
}

/// Waits for the terminal (or the next whole second, for the clocks, or a bell, or
/// `due`, when typing is to be saved) and adds what came to `inputs`; `false` when the
/// terminal is gone.
pub(super) fn next_inputs(
    waiter: &mut Waiter,
    due: Option<Duration>,
    inputs: &mut Vec<Input>,
) -> io::Result<bool> {
    let ms = 1000 - u64::from(Utc::now().timestamp_subsec_millis()).min(999);
    let wait = Duration::from_millis(ms).min(due.unwrap_or(Duration::MAX));
    match waiter.wait(wait)? {
        Wake::HangUp => Ok(false),
        Wake::Timeout => {
            inputs.push(Input::Tick);
            Ok(true)
        }
        Wake::Input { resized, typed } => {
            if resized {
                // Frames drawn over the last one would not see the new size.
                inputs.push(Input::Resize);
            }
            // Everything the terminal sent (a paste or fast typing is several).
            Ok(!typed || waiter.read(inputs)?)
        }
    }
}

/// What the meeting folder's writer reported, for the moderator.
fn drive_outcome(app: &mut App, shell: &mut Shell, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Failing { error, .. } => {
            if app.drive_trouble.is_none() {
                app.say(
                    Level::Warning,
                    format!(
                        "the meeting folder cannot be written ({error}): everything is kept on \
                         this computer in {}; trying again every {} s",
                        shell.store.local.display(),
                        mirror::RETRY.as_secs()
                    ),
                );
            }
            app.drive_trouble = Some(error);
        }
        Outcome::CaughtUp => {
            app.drive_trouble = None;
            app.say(
                Level::Info,
                format!(
                    "the meeting folder is written again: {}",
                    shell.store.folder.display()
                ),
            );
        }
        Outcome::Report(result) => {
            return app.report_written(result.map_err(|e| e.to_string()));
        }
        Outcome::Remade => shell.store.resend(&app.meeting),
        Outcome::Edited(change) => {
            shell.store.taken_in(change.item, change.count);
            let fx = app.notes_found(change.item, &change.text, Utc::now());
            // The file gets this screen's text even when the merge changed nothing here;
            // otherwise once the journal holds the merge (its record writes the file),
            // so that the file and its base are never ahead of the journal.
            let journalled = fx.iter().any(
                |e| matches!(e, Effect::Record(r) if r.event.notes_item() == Some(change.item + 1)),
            );
            if !journalled {
                shell.store.send_notes(&app.meeting, change.item);
            }
            return fx;
        }
        Outcome::Notetakers(on) => app.shared.set_editors(&on),
        Outcome::Followed { .. } => {}
        Outcome::Skipped(what) => app.say(Level::Warning, what),
        Outcome::Patches(records) => return app.patches_found(records, Utc::now()),
        Outcome::Held(h) => app.say(
            Level::Error,
            format!(
                "the meeting folder was taken by {h} while it could not be reached: this \
                 computer keeps the meeting in {}",
                shell.store.local.display()
            ),
        ),
    }
    Vec::new()
}

/// Journals the records among `effects` (the others are not for a closing screen).
fn save_records(effects: Vec<Effect>, app: &mut App, shell: &mut Shell) {
    let records: Vec<Record> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Record(r) => Some(r),
            _ => None,
        })
        .collect();
    if let Err(e) = shell.store.record(&records, &app.meeting) {
        super::warn(&format!(
            "agendum: cannot save in {}: {e}",
            shell.store.local.display()
        ));
    }
}

/// Journals the records gathered as one: one write, one sync, and the notes they
/// changed sent to the folder only once all of them are in the journal. One by one,
/// the first one's notes job carried what the later ones make (a merge after the
/// typing handed over with it), and the file and its base could be ahead of the
/// journal: the next start would take a notetaker's edit for agendum's own.
fn journal(records: &mut Vec<Record>, app: &mut App, shell: &mut Shell) {
    if records.is_empty() {
        return;
    }
    if let Err(e) = shell.store.record(records, &app.meeting) {
        app.say(
            Level::Error,
            format!(
                "cannot save on this computer ({e}): free some space; the meeting folder \
                 still gets every change"
            ),
        );
    }
    records.clear();
}

/// Carries out effects, and those they lead to; whether the application quits.
fn carry_out(
    mut effects: Vec<Effect>,
    terminal: &mut Screen,
    app: &mut App,
    shell: &mut Shell,
) -> io::Result<bool> {
    let mut quit = false;
    let mut records = Vec::new();
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            if !matches!(effect, Effect::Record(_)) {
                journal(&mut records, app, shell);
            }
            match effect {
                Effect::Record(r) => records.push(r),
                Effect::WriteReport(text) => match shell.store.write_report(&text) {
                    Ok(copy) if app.drive_trouble.is_some() => app.say(
                        Level::Warning,
                        format!(
                            "the report is kept at {} and goes to the meeting folder as soon \
                             as it can be written",
                            copy.display()
                        ),
                    ),
                    Ok(_) => {}
                    Err(e) => next.extend(app.report_written(Err(e.to_string()))),
                },
                Effect::OpenEditor { item } => {
                    let copy = shell.store.edit_copy(&app.meeting, item);
                    let result = in_editor(terminal, &shell.stop, shell.editor.as_deref(), copy)?;
                    next.extend(app.notes_from_editor(item, result));
                }
                Effect::Suspend => suspended(terminal)?,
                Effect::Quit => quit = true,
            }
        }
        journal(&mut records, app, shell);
        effects = next;
    }
    Ok(quit)
}

/// Hands the terminal to the editor on a notes file's private copy and takes it back:
/// the text the editor left, or why there is none. Ctrl-C typed in the editor was the
/// editor's, not a request to stop the screen.
pub(super) fn in_editor(
    terminal: &mut Screen,
    stop: &signals::Stop,
    editor: Option<&str>,
    copy: io::Result<PathBuf>,
) -> io::Result<Result<String, String>> {
    stop_terminal();
    let result = copy
        .map_err(|e| e.to_string())
        .and_then(|path| edit(editor, &path));
    stop.forget_interrupts();
    *terminal = start_terminal()?;
    terminal.clear()?;
    Ok(result)
}

/// Ctrl-Z: the terminal back to the shell until `fg`.
pub(super) fn suspended(terminal: &mut Screen) -> io::Result<()> {
    stop_terminal();
    suspend();
    *terminal = start_terminal()?;
    terminal.clear()
}

/// Runs the editor on a notes file and reads it back.
fn edit(configured: Option<&str>, path: &Path) -> Result<String, String> {
    let command = configured
        .map(str::to_string)
        .or_else(|| {
            std::env::var("VISUAL")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let mut words = command.split_whitespace();
    let program = words.next().ok_or("the editor command is empty")?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run `{command}`: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`{command}` exited with {status}; the notes are unchanged"
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(unix)]
fn suspend() {
    // In raw mode Ctrl-Z is a key, not a signal: the shell's job control needs the stop.
    // SAFETY: raising a signal at the calling thread has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
}

#[cfg(not(unix))]
fn suspend() {}
