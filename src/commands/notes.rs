//! `agendum notes MEETING`: the notetaker's screen, the shell around `Notetaker`. It
//! reads the terminal, passes keys and the clock in, carries out the effects (keep the
//! text, write the item's file, `$EDITOR`) and hands what the meeting folder's writer
//! found (others' changes, the moderator's journal) to the view.

use std::io;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use agendum::app::{Input, Level};
use agendum::cli::Global;
use agendum::notetaker::{Effect, Notetaker};
use agendum::store::desk::Desk;
use agendum::store::mirror::{self, Outcome};
use agendum::store::presence;
use agendum::theme::{self, Theme};
use agendum::{config, journal, ui};

use super::Failure;
use super::screen::{
    Screen, in_editor, install_panic_hook, next_inputs, start_terminal, stop_terminal, suspended,
};
use super::signals::{self, Waiter};

const PATIENCE: Duration = Duration::from_secs(3);

pub fn run(meeting: &Path, item: Option<&str>, global: &Global) -> Result<(), Failure> {
    let config =
        config::load(global.config.as_deref()).map_err(|d| Failure::usage(d.to_string()))?;
    // MEETING is the folder, or the agenda file with the output directory.
    let (agenda_path, dir) = super::report::locate(meeting, global)?;
    let dir = match dir {
        Some(d) => d,
        None => {
            let agenda = super::report::load_agenda(&agenda_path)?;
            agendum::folder::meeting_dir(&super::report::output_dir(global)?, &agenda)
        }
    };
    let theme = Theme::resolve(
        global.theme.as_deref().or(config.theme.as_deref()),
        theme::config_dir().as_deref(),
    )
    .map_err(|d| Failure::usage(d.to_string()))?
    .for_terminal(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    // Keys are read from standard input: nothing is taken from a pipe or a file for
    // them, and no notetaker joins the folder who cannot type.
    {
        use std::io::IsTerminal;
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            return Err(Failure::usage(
                "agendum notes is a screen to type notes in: run it in a terminal (standard \
                 input and output both one)"
                    .to_string(),
            ));
        }
    }
    let now = Utc::now();
    let mut waiter = Waiter::new().map_err(|e| Failure::runtime(format!("terminal: {e}")))?;
    let opened =
        Desk::open(&dir, Some(waiter.bell()), mirror::LOOK_EVERY, now).map_err(Failure::usage)?;
    let start = match item {
        Some(i) => Some(
            opened
                .agenda
                .item_ref(i)
                .map_err(|e| Failure::usage(format!("--item {i}: {e}")))?
                .item,
        ),
        None => None,
    };
    let mut desk = opened.desk;
    let mut view = Notetaker::new(opened.agenda, &desk.writer, start, now);
    view.patches_found(opened.earlier, now);
    view.folder = dir.display().to_string();
    match opened.notices.first() {
        Some(n) => view.say(Level::Warning, n.clone()),
        None => view.say(
            Level::Info,
            format!("taking notes in {} · i edits · ? help", dir.display()),
        ),
    }
    let stop = signals::watch();
    install_panic_hook();
    let mut terminal = start_terminal().map_err(|e| Failure::runtime(format!("terminal: {e}")))?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut terminal,
            &mut view,
            &mut desk,
            &theme,
            &stop,
            &mut waiter,
            &config,
        )
    }));
    let fx = view.close(Utc::now());
    keep(&fx, &mut desk);
    stop_terminal();
    let local = desk.local.clone();
    let waiting = desk.close(PATIENCE);
    if !waiting.is_empty() {
        super::warn(&format!(
            "agendum: not yet in the meeting folder {}: {}. Your notes are kept on this \
             computer in {}; `agendum notes` on this meeting again writes them there.",
            dir.display(),
            waiting.join(", "),
            local.display()
        ));
    }
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) if stop.caught().is_none() => Err(Failure::runtime(format!(
            "{e}; your notes are kept in {}",
            local.display()
        ))),
        Ok(Err(_)) => Ok(()),
        Err(_) => Err(Failure::runtime(format!(
            "agendum failed (the message is above); your notes are kept in {}",
            local.display()
        ))),
    }
}

/// Keeps the patches among the effects (the others are not for a closing screen).
fn keep(effects: &[Effect], desk: &mut Desk) {
    for e in effects {
        if let Effect::Keep(r) = e
            && let Err(e) = desk.keep(r)
        {
            super::warn(&format!(
                "agendum: cannot keep your notes in {}: {e}",
                desk.local.display()
            ));
        }
    }
}

fn event_loop(
    terminal: &mut Screen,
    view: &mut Notetaker,
    desk: &mut Desk,
    theme: &Theme,
    stop: &signals::Stop,
    waiter: &mut Waiter,
    config: &config::Config,
) -> io::Result<()> {
    let mut announced: Option<(usize, DateTime<Utc>)> = None;
    let mut inputs = Vec::new();
    loop {
        if stop.caught().is_some() {
            return Ok(());
        }
        for o in desk.outcomes() {
            let fx = found(view, desk, o);
            if carry_out(fx, terminal, view, desk, stop, config)? {
                return Ok(());
            }
        }
        // The moderator sees which item this notetaker is on.
        let now = Utc::now();
        let item = view.notes.item;
        if announced.is_none_or(|(i, at)| i != item || now - at >= presence::RENEW) {
            desk.announce(item, now);
            announced = Some((item, now));
        }
        terminal.draw(|f| ui::notetaker::draw(f, view, theme))?;
        // Typing due to be kept is, once its frame is out and in a pause of the input
        // (which `due` wakes for): no key waits for it.
        if let Some(fx) = view.after_frame(Utc::now()) {
            if carry_out(fx, terminal, view, desk, stop, config)? {
                return Ok(());
            }
            continue;
        }
        let due = view.notes.save_due_in(Utc::now());
        if !next_inputs(waiter, due, &mut inputs)? {
            return Ok(());
        }
        for input in inputs.drain(..) {
            let fx = view.handle(input, Utc::now());
            if carry_out(fx, terminal, view, desk, stop, config)? {
                return Ok(());
            }
        }
    }
}

/// What the meeting folder's writer found, for the view.
fn found(view: &mut Notetaker, desk: &mut Desk, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Patches(records) => return view.patches_found(records, Utc::now()),
        Outcome::Skipped(what) => view.say(Level::Warning, what),
        Outcome::Followed { text, again } => {
            let (records, _) = journal::parse(&text);
            let mut fx = view.followed(&records, again);
            // The moderator's item may have changed: the view follows now.
            fx.extend(view.handle(Input::Tick, Utc::now()));
            return fx;
        }
        Outcome::Failing { error, .. } => view.say(
            Level::Warning,
            format!(
                "the meeting folder cannot be written ({error}): your notes are kept on this \
                 computer in {}; trying again",
                desk.local.display()
            ),
        ),
        Outcome::CaughtUp => view.say(Level::Info, "the meeting folder is written again"),
        _ => {}
    }
    Vec::new()
}

/// Carries out effects; whether the view quits.
fn carry_out(
    mut effects: Vec<Effect>,
    terminal: &mut Screen,
    view: &mut Notetaker,
    desk: &mut Desk,
    stop: &signals::Stop,
    config: &config::Config,
) -> io::Result<bool> {
    let mut quit = false;
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            match effect {
                Effect::Keep(r) => {
                    if let Err(e) = desk.keep(&r) {
                        view.say(
                            Level::Error,
                            format!(
                                "cannot keep your notes on this computer ({e}): free some space"
                            ),
                        );
                    }
                }
                Effect::OpenEditor { item } => {
                    let text = view.meeting.notes.get(item).cloned().unwrap_or_default();
                    let copy = desk.edit_copy(item, &text);
                    let result = in_editor(terminal, stop, config.editor.as_deref(), copy)?;
                    next.extend(view.notes_from_editor(item, result));
                }
                Effect::Suspend => suspended(terminal)?,
                Effect::Quit => quit = true,
            }
        }
        effects = next;
    }
    Ok(quit)
}
