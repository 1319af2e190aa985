//! `agendum AGENDA`: the moderator's screen. This is the shell around the application:
//! it reads the terminal, passes keys and the clock to `App`, carries out its effects
//! (journal, notes files, report, `$EDITOR`) and draws. Nothing here decides anything.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, KeyCode, KeyEvent,
    KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::execute;

use agendum::agenda::{self, Agenda};
use agendum::app::{App, Effect, Input, Key, Level};
use agendum::cli::Global;
use agendum::meeting::{Event, Record};
use agendum::theme::{self, Theme};
use agendum::{config, duration, folder, journal, ui};

use super::Failure;
use super::overview::DEMO;

/// Everything the loop needs besides the application.
struct Shell {
    dir: PathBuf,
    journal: PathBuf,
    editor: Option<String>,
}

pub fn run(agenda_path: Option<&Path>, global: &Global) -> Result<(), Failure> {
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
    // The agenda's [settings] beat the config file, which beats the defaults.
    let from_config = |v: &Option<String>| v.as_deref().and_then(|t| duration::parse(t).ok());
    if agenda.settings.speaker_limit.is_none() {
        agenda.settings.speaker_limit = from_config(&config.speaker_limit);
    }
    if agenda.settings.item_timebox.is_none() {
        agenda.settings.item_timebox = from_config(&config.item_timebox);
    }
    let theme_name = global.theme.as_deref().or(config.theme.as_deref());
    let theme = Theme::resolve(theme_name, theme::config_dir().as_deref())
        .map_err(|d| Failure::usage(d.to_string()))?
        .for_terminal(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    let template = match (&agenda.report.template, agenda_path) {
        (Some(t), Some(p)) => Some(super::report::read_template(p, t)?.1),
        _ => None,
    };
    let out = match &global.output_dir {
        Some(d) => d.clone(),
        None => config
            .output_dir
            .clone()
            .unwrap_or_else(config::default_output_dir),
    };
    let dir = folder::meeting_dir(&out, &agenda);
    let loaded = folder::open(&dir, agenda, &source).map_err(|e| {
        Failure::runtime(format!(
            "cannot open the meeting folder {}: {e} (--output-dir chooses another place)",
            dir.display()
        ))
    })?;
    let resumed = loaded.meeting.started.is_some();
    let mut app = App::new(loaded.meeting, Utc::now());
    app.folder = dir.display().to_string();
    app.template = template;
    if let Some(d) = loaded.damaged.first() {
        app.say(
            Level::Warning,
            format!(
                "{} damaged journal record(s) skipped (first at line {}: {})",
                loaded.damaged.len(),
                d.line,
                d.reason
            ),
        );
    } else if !loaded.skipped.is_empty() {
        app.say(
            Level::Warning,
            format!(
                "{} journal event(s) no longer apply to the agenda and were skipped",
                loaded.skipped.len()
            ),
        );
    } else if resumed {
        let at = app
            .meeting
            .current
            .map_or("no item".into(), |c| format!("item {}", c.label()));
        app.say(
            Level::Info,
            format!("resumed the meeting at {at}; the clocks ran on meanwhile"),
        );
    } else {
        app.say(
            Level::Info,
            format!(
                "meeting folder: {} · n starts the first item · ? help",
                dir.display()
            ),
        );
    }
    let mut shell = Shell {
        journal: dir.join(journal::FILE_NAME),
        dir,
        editor: config.editor.clone(),
    };
    let mut terminal = start_terminal().map_err(|e| Failure::runtime(format!("terminal: {e}")))?;
    let result = event_loop(&mut terminal, &mut app, &mut shell, &theme);
    stop_terminal();
    result.map_err(|e| Failure::runtime(e.to_string()))?;
    println!("The meeting is saved in {}", shell.dir.display());
    match &app.meeting.report_written {
        Some(p) if !app.changed_since_report => println!("Report: {p}"),
        _ => println!(
            "The report was not written since the last change: agendum report {} writes it",
            shell.dir.display()
        ),
    }
    Ok(())
}

fn start_terminal() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(io::stdout(), EnableBracketedPaste)?;
    Ok(terminal)
}

fn stop_terminal() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    shell: &mut Shell,
    theme: &Theme,
) -> io::Result<()> {
    loop {
        terminal.draw(|f| ui::draw(f, app, theme))?;
        // Wake on the next whole second, for the clocks; otherwise sleep until input.
        let ms = 1000 - u64::from(Utc::now().timestamp_subsec_millis()).min(999);
        let input = if event::poll(Duration::from_millis(ms))? {
            match event::read()? {
                TermEvent::Key(k) => match key(k) {
                    Some(k) => Input::Key(k),
                    None => continue,
                },
                TermEvent::Paste(text) => Input::Paste(text),
                TermEvent::Resize(..) => Input::Resize,
                _ => continue,
            }
        } else {
            Input::Tick
        };
        let effects = app.handle(input, Utc::now());
        if carry_out(effects, terminal, app, shell)? {
            return Ok(());
        }
    }
}

/// Carries out effects, and those they lead to; whether the application quits.
fn carry_out(
    mut effects: Vec<Effect>,
    terminal: &mut DefaultTerminal,
    app: &mut App,
    shell: &mut Shell,
) -> io::Result<bool> {
    let mut quit = false;
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            match effect {
                Effect::Record(r) => {
                    if let Err(e) = record(shell, &app.meeting.agenda, &r) {
                        app.say(
                            Level::Error,
                            format!("cannot save in {}: {e}", shell.dir.display()),
                        );
                    }
                }
                Effect::WriteReport(text) => {
                    let result = folder::write_report(&shell.dir, &text).map_err(|e| e.to_string());
                    next.extend(app.report_written(result));
                }
                Effect::OpenEditor { item } => {
                    let path = folder::notes_path(&shell.dir, &app.meeting.agenda, item);
                    end_with_newline(&path);
                    stop_terminal();
                    let result = edit(shell.editor.as_deref(), &path);
                    *terminal = start_terminal()?;
                    terminal.clear()?;
                    next.extend(app.notes_from_editor(item, result));
                }
                Effect::Suspend => {
                    stop_terminal();
                    suspend();
                    *terminal = start_terminal()?;
                    terminal.clear()?;
                }
                Effect::Quit => quit = true,
            }
        }
        effects = next;
    }
    Ok(quit)
}

/// Journals an applied event; notes also go to the item's file, the truth for notes.
fn record(shell: &Shell, agenda: &Agenda, r: &Record) -> io::Result<()> {
    journal::append(&shell.journal, std::slice::from_ref(r))?;
    if let Event::Notes { item, text } = &r.event {
        folder::write_notes(&shell.dir, agenda, item - 1, text)?;
    }
    Ok(())
}

/// Editors and tools expect a text file to end its last line: the notes file gets
/// its final line break before an editor sees it.
fn end_with_newline(path: &Path) {
    if let Ok(text) = std::fs::read_to_string(path)
        && !text.is_empty()
        && !text.ends_with('\n')
    {
        let _ = folder::write_atomically(path, format!("{text}\n").as_bytes());
    }
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

/// The application's reading of a terminal key.
fn key(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        _ => return None,
    })
}
