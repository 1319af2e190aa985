//! How inputs change the application: each mode reads its keys through the keymap,
//! and everything that changes the meeting goes through `apply`, which journals it.

use chrono::{DateTime, Utc};
use ratatui_textarea::{Input as AreaInput, Key as AreaKey};

use super::keymap::{self, Action};
use super::line::LineInput;
use super::picker::Picker;
use super::roll::{self, Roll};
use super::said::{self, Before};
use super::{App, Effect, Input, Key, Level, Mode, Pane, Pending};
use crate::agenda::ItemRef;
use crate::command::{self, Outcome};
use crate::folder::Written;
use crate::meeting::{Event, Presence, Record};

/// How a warned step is confirmed from normal mode.
const SAME_KEY: &str = "the same key again";

/// What `n` says past the end of the agenda, and the way back.
const AGENDA_DONE: &str = "the agenda is done: :item N reopens an item, w writes the report";

impl App {
    /// Handles one input at `now`, returning what the shell must do.
    pub fn handle(&mut self, input: Input, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        let tick = matches!(input, Input::Tick);
        match input {
            // Typing is handed over after the frame (`after_frame`), not at the second;
            // problems that came otherwise (a file merged, a guest) are said within it.
            Input::Tick => self.tell_problems(),
            Input::Resize => self.notes.refit(),
            Input::Paste(text) => self.paste(&text, &mut fx),
            Input::Key(key) => self.key(key, &mut fx),
        }
        self.follow_current_item(&mut fx);
        // Handed over by `after_frame` in a pause, so that no key's frame waits for it.
        if tick {
            self.notes.note_unsaved(now);
        } else {
            self.notes.note_input(now);
        }
        self.notes.show_cursor(self.mode == Mode::Notes);
        if !fx.is_empty() {
            self.changed_at = now;
        }
        fx
    }

    /// The work a frame need not wait for, which the shell asks for once each frame is
    /// out: typing due to be handed over (`None`: nothing was due). A deadline no amount
    /// of typing pushes back, as a tick may not come while keys do.
    pub fn after_frame(&mut self, now: DateTime<Utc>) -> Option<Vec<Effect>> {
        if !self.notes.save_due(now) {
            return None;
        }
        self.now = now;
        let mut fx = Vec::new();
        self.flush_notes(&mut fx);
        if !fx.is_empty() {
            self.changed_at = now;
        }
        Some(fx)
    }

    /// Hands the notes being typed over to the meeting now, whatever the mode: the
    /// shell is about to stop (a signal, a lost terminal, a failure).
    pub fn flush(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        self.flush_notes(&mut fx);
        fx
    }

    /// After the shell wrote (or failed to write) the report.
    pub fn report_written(&mut self, result: Result<Written, String>) -> Vec<Effect> {
        let mut fx = Vec::new();
        match result {
            Ok(w) => {
                self.apply(vec![crate::folder::written_event(&w)], &mut fx);
                self.changed_since_report = false;
                let mut text = format!("report written to {}", w.path.display());
                if !w.also.is_empty() {
                    let names: Vec<String> = w
                        .also
                        .iter()
                        .map(|p| {
                            p.file_name()
                                .unwrap_or_default()
                                .to_string_lossy()
                                .into_owned()
                        })
                        .collect();
                    text.push_str(&format!(" with {}", crate::said::and_list(&names)));
                }
                match w.kept.as_slice() {
                    [] => {}
                    [kept] => text.push_str(&format!(
                        "; the copy edited by hand is kept as {}",
                        kept.display()
                    )),
                    kept => {
                        let kept: Vec<String> =
                            kept.iter().map(|k| k.display().to_string()).collect();
                        text.push_str(&format!(
                            "; the copies edited by hand are kept as {}",
                            crate::said::and_list(&kept)
                        ));
                    }
                }
                self.say(Level::Info, text);
            }
            Err(e) => self.say(
                Level::Error,
                format!("the report was not written: {e} (nothing is lost; w tries again)"),
            ),
        }
        fx
    }

    /// Someone else changed the item's notes file: the edit is found against the version
    /// of the notes it was made from and merged with everything written since (what is
    /// being typed included, the cursor kept in its place), so that nothing anyone wrote
    /// is lost or doubled; the file then gets the merged text.
    pub fn notes_found(&mut self, item: usize, theirs: &str, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        let file = format!(
            "{}/{}",
            crate::folder::NOTES_DIR,
            crate::folder::notes_file_name(&self.meeting.agenda, item)
        );
        let taken = self.merge_notes(item, &mut fx, |m, cursors| {
            m.take_in_file(item, theirs, cursors)
        });
        if taken {
            self.shared.changed_elsewhere(item, now);
            self.say(
                Level::Info,
                format!("item {}: changes made in {file} taken in", item + 1),
            );
        }
        fx
    }

    /// Notes patches written by the meeting's other writers (notetakers' views): added
    /// to the notes, the cursor kept in its place; those that were news are journalled.
    pub fn patches_found(&mut self, records: Vec<Record>, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        for r in records {
            let Some(i) = r.event.notes_item().and_then(|n| n.checked_sub(1)) else {
                continue;
            };
            let event = r.event;
            let mut problem = None;
            self.merge_notes(i, &mut fx, |m, cursors| {
                let before = m.operations(i);
                match m.apply_moving(&event, now, cursors) {
                    Ok(()) => (m.operations(i) > before).then(|| event.clone()),
                    Err(e) => {
                        problem = Some(e);
                        None
                    }
                }
            });
            if let Some(e) = problem {
                self.say(Level::Warning, format!("item {}: {e}", i + 1));
            } else {
                self.shared.changed_elsewhere(i, now);
            }
        }
        fx
    }

    /// Changes item `i`'s notes by `change` (which returns the event to journal, the
    /// notes already changed): what is being typed there is handed over first, and the
    /// editor follows with its cursor moved along. Whether anything changed.
    fn merge_notes(
        &mut self,
        i: usize,
        fx: &mut Vec<Effect>,
        change: impl FnOnce(&mut crate::meeting::Meeting, &mut [usize]) -> Option<Event>,
    ) -> bool {
        let shown = i == self.notes.item;
        if shown {
            self.flush_notes(fx);
        }
        let mut cursor = [if shown { self.notes.cursor_offset() } else { 0 }];
        let Some(event) = change(&mut self.meeting, &mut cursor) else {
            return false;
        };
        if shown {
            let text = self.meeting.notes[i].clone();
            self.notes.replace_at(&text, cursor[0]);
        }
        self.noted(i, event, fx);
        true
    }

    /// After `$EDITOR` returned with the item's notes.
    pub fn notes_from_editor(&mut self, item: usize, text: Result<String, String>) -> Vec<Effect> {
        let mut fx = Vec::new();
        let copy = self
            .editor_copy
            .take()
            .filter(|c| c.item == item)
            .unwrap_or_else(|| self.meeting.notes_copy(item));
        match text {
            Ok(text) => {
                let lines = |t: &str| t.lines().count();
                let was = self.meeting.notes.get(item).map_or(0, |t| lines(t));
                let changed = self.merge_notes(item, &mut fx, |m, cursors| {
                    m.edit_from_copy(&copy, &text, cursors)
                });
                let now = self.meeting.notes.get(item).map_or(0, |t| lines(t));
                let said = if changed {
                    format!(
                        "notes of item {} updated from the editor: {} (was {was})",
                        item + 1,
                        crate::said::count(now, "line", "lines")
                    )
                } else {
                    format!(
                        "notes of item {} unchanged: the editor left them as they were",
                        item + 1
                    )
                };
                self.say(Level::Info, said);
            }
            Err(e) => self.say(Level::Error, format!("the editor failed: {e}")),
        }
        fx
    }

    fn key(&mut self, key: Key, fx: &mut Vec<Effect>) {
        // The keys that work everywhere: leaving safely and suspending.
        match key {
            Key::Ctrl('c') => return self.quit(fx),
            Key::Ctrl('z') => {
                self.flush_notes(fx);
                fx.push(Effect::Suspend);
                return;
            }
            _ => {}
        }
        let pending = self.pending.take();
        let action = self.keymap().and_then(|m| keymap::action_in(m, key));
        match &self.mode {
            Mode::Normal => {
                self.status = None;
                if let Some(a) = action {
                    self.normal(a, pending, fx);
                }
            }
            Mode::Notes => self.notes_key(key, action, fx),
            Mode::Command(_) => self.command_key(key, pending, fx),
            Mode::Picker(_) => self.picker_key(key, action, fx),
            Mode::Attendance(_) => self.roll_key(key, action, fx),
            Mode::Preview { .. } => self.preview_key(action, pending, fx),
            Mode::Help { .. } => self.help_key(action),
            Mode::Messages { .. } => self.messages_key(action),
            Mode::Speaking { .. } => self.speaking_key(action),
        }
    }

    fn normal(&mut self, action: Action, pending: Option<Pending>, fx: &mut Vec<Effect>) {
        let m = &self.meeting;
        match action {
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::NextItem => match m.next_point() {
                Some(r) => {
                    self.take_up(Some(r), pending, SAME_KEY, fx);
                }
                None if m.current.is_some() => {
                    self.take_up(None, pending, SAME_KEY, fx);
                }
                // Past the end nothing is closed or taken up: say so, and the way back.
                None => self.say(Level::Info, AGENDA_DONE),
            },
            Action::PreviousItem => match m.previous_point() {
                Some(r) => {
                    self.take_up(Some(r), pending, SAME_KEY, fx);
                }
                None if m.started.is_none() => self.say(
                    Level::Warning,
                    "the meeting has not started: n takes up the first item",
                ),
                None => self.say(
                    Level::Warning,
                    "this is the first item: there is none before it",
                ),
            },
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrevious => self.focus = self.focus.previous(),
            Action::Up => self.move_in_pane(-1),
            Action::Down => self.move_in_pane(1),
            Action::TakeUpSelected => match self.focus {
                Pane::Agenda => {
                    if let Some(&(r, _)) = m.points.get(self.selected) {
                        if m.current == Some(r) {
                            let said = format!("item {} is being discussed already", r.label());
                            self.say(Level::Info, said);
                        } else {
                            self.take_up(Some(r), pending, SAME_KEY, fx);
                        }
                    }
                }
                Pane::Queue => self.entry_key(Action::GiveFloor, fx),
                Pane::Notes => self.mode = Mode::Notes,
            },
            Action::EditNotes => self.mode = Mode::Notes,
            Action::EditInEditor => self.open_editor(fx),
            Action::AddSpeaker => self.mode = Mode::Picker(Picker::new(m)),
            Action::NextSpeaker => {
                self.apply_said(vec![Event::NextSpeaker], fx);
            }
            Action::ToggleTimers => {
                let e = if m.paused {
                    Event::Resume
                } else {
                    Event::Pause
                };
                let paused = e == Event::Pause;
                if self.apply(vec![e], fx) {
                    let text = if paused {
                        "timers paused: the item's and the speaker's clocks stand still (t resumes)"
                    } else {
                        "timers running again"
                    };
                    self.say(Level::Info, text);
                }
            }
            Action::Attendance => self.mode = Mode::Attendance(Roll::default()),
            Action::WriteReport => self.preview(fx),
            Action::CommandLine => {
                self.history_at = None;
                self.mode = Mode::Command(LineInput::default());
            }
            Action::Undo => self.undo(fx),
            Action::Messages => self.mode = Mode::Messages { scroll: 0 },
            Action::SpeakingTimes => self.mode = Mode::Speaking { scroll: 0 },
            Action::GiveFloor
            | Action::RemoveEntry
            | Action::MoveEntryUp
            | Action::MoveEntryDown
            | Action::CycleEntryKind => self.entry_key(action, fx),
            Action::Quit => self.quit_confirmed(pending, fx),
            Action::Suspend => fx.push(Effect::Suspend),
            _ => {}
        }
    }

    /// A queue pane key for its selected entry: the event it makes, applied and told;
    /// the selection follows the entry where it moves.
    fn entry_key(&mut self, action: Action, fx: &mut Vec<Effect>) {
        use crate::meeting::QueueKind;
        let q = &self.meeting.queue;
        let Some(r) = q.waiting.get(self.queue_selected) else {
            self.say(Level::Info, "the queue is empty: h queues a speaker");
            return;
        };
        let (who, queue) = (r.who.clone(), r.kind);
        let at = self.queue_selected + 1;
        let event = match action {
            Action::GiveFloor => Event::Floor { who, queue },
            Action::RemoveEntry => Event::Remove { who, queue },
            Action::MoveEntryUp | Action::MoveEntryDown => {
                let to = if action == Action::MoveEntryUp {
                    at - 1
                } else {
                    at + 1
                };
                Event::Move { who, queue, to }
            }
            Action::CycleEntryKind => {
                let to = match queue {
                    QueueKind::Topic => QueueKind::Reply,
                    QueueKind::Reply => QueueKind::Question,
                    QueueKind::Question => QueueKind::Order,
                    QueueKind::Order => QueueKind::Topic,
                };
                Event::ChangeKind { who, queue, to }
            }
            _ => return,
        };
        let follow = match &event {
            Event::Move { who, queue, .. } => Some((who.clone(), *queue)),
            Event::ChangeKind { who, to, .. } => Some((who.clone(), *to)),
            _ => None,
        };
        if self.apply_said(vec![event], fx)
            && let Some((who, kind)) = follow
            && let Ok(at) = self.meeting.queue.find(&who, kind)
        {
            self.queue_selected = at;
        }
    }

    fn move_in_pane(&mut self, by: isize) {
        let step = |at: usize, len: usize| at.saturating_add_signed(by).min(len.saturating_sub(1));
        match self.focus {
            Pane::Agenda => self.selected = step(self.selected, self.meeting.points.len()),
            Pane::Queue => {
                self.queue_selected = step(self.queue_selected, self.meeting.queue.waiting.len())
            }
            Pane::Notes => self.notes.scroll(by as i16),
        }
    }

    /// Undoes the last queue, attendance or agenda action, saying what it took back.
    fn undo(&mut self, fx: &mut Vec<Effect>) {
        let before: Vec<ItemRef> = self.meeting.points.iter().map(|(r, _)| *r).collect();
        let titles: Vec<String> = before
            .iter()
            .map(|&r| self.meeting.agenda.title_of(r).to_string())
            .collect();
        let what = self.meeting.to_undo().cloned();
        let b = Before::of(&self.meeting);
        if !self.apply(vec![Event::Undo], fx) {
            return;
        }
        let gone = before
            .iter()
            .zip(&titles)
            .find(|(r, _)| !self.meeting.points.iter().any(|(p, _)| p == *r));
        let said = match (gone, what) {
            (Some((r, title)), _) => format!(
                "undone: item {} \"{}\" is off the agenda",
                r.label(),
                crate::ui::fit(title, 40)
            ),
            (None, Some(e)) => said::undone(&b, &self.meeting, &e),
            (None, None) => "undone".to_string(),
        };
        self.say(Level::Info, said);
    }

    /// Takes up `next` (or closes the current item with `None`); with people still
    /// queued it first warns, and the same step again (`again` says how) confirms.
    /// Whether the item was taken up (or closed); what it did is in the status line.
    fn take_up(
        &mut self,
        next: Option<ItemRef>,
        pending: Option<Pending>,
        again: &str,
        fx: &mut Vec<Effect>,
    ) -> bool {
        let queued = self.meeting.queue.waiting.len();
        if queued > 0 && pending != Some(Pending::TakeUp(next)) {
            self.pending = Some(Pending::TakeUp(next));
            let whom = if queued == 1 {
                "1 person is".to_string()
            } else {
                format!("{queued} people are")
            };
            let step = match (next, self.meeting.current) {
                (Some(r), _) => format!("take up item {} anyway", r.label()),
                (None, Some(c)) => format!("close item {} anyway", c.label()),
                (None, None) => "close the item anyway".to_string(),
            };
            self.say(
                Level::Warning,
                format!("{whom} still queued: {again} to {step}"),
            );
            return false;
        }
        let event = match next {
            Some(r) => Event::TakeUp { item: r.label() },
            None => Event::Close,
        };
        let (closing, ended) = (self.meeting.current, self.meeting.ended);
        let again = next.is_some_and(|r| self.meeting.point(r).taken_up);
        let dropped = Before::of(&self.meeting).queued();
        if !self.apply(vec![event], fx) {
            return false;
        }
        let m = &self.meeting;
        let mut said = match next {
            Some(r) => {
                self.selected = m
                    .points
                    .iter()
                    .position(|(p, _)| *p == r)
                    .unwrap_or(self.selected);
                if ended.is_some() {
                    format!(
                        "item {} taken up again: the meeting clock runs on",
                        r.label()
                    )
                } else {
                    let mut said = said::item(m, r);
                    match (again, m.timebox(r)) {
                        (true, _) => said.push_str(&format!(
                            " taken up again ({} so far)",
                            said::spent(m, r, self.now)
                        )),
                        (false, Some(tb)) => {
                            said.push_str(&format!(" taken up ({})", crate::duration::format(tb)))
                        }
                        (false, None) => said.push_str(" taken up"),
                    }
                    if let Some(c) = closing {
                        said.push_str(&format!(
                            "; item {} closed at {}",
                            c.label(),
                            said::spent(m, c, self.now)
                        ));
                    }
                    said
                }
            }
            None => match closing {
                Some(c) => {
                    let then = match m.next_point() {
                        Some(n) if !m.agenda_done() => {
                            format!("no item is being discussed; n takes up item {}", n.label())
                        }
                        _ => "the agenda is done; w writes the report".to_string(),
                    };
                    format!(
                        "item {} closed at {}: {then}",
                        c.label(),
                        said::spent(m, c, self.now)
                    )
                }
                None => AGENDA_DONE.to_string(),
            },
        };
        if !dropped.is_empty() {
            said.push_str(&format!(
                "; {} dropped from the queue ({})",
                dropped.len(),
                crate::said::some_of(&dropped, 3)
            ));
        }
        self.say(Level::Info, said);
        true
    }

    fn quit(&mut self, fx: &mut Vec<Effect>) {
        let pending = self.pending.take();
        self.quit_confirmed(pending, fx);
    }

    /// Quits, unless the report was not written since the last change: then it asks
    /// once (everything is saved either way).
    fn quit_confirmed(&mut self, pending: Option<Pending>, fx: &mut Vec<Effect>) {
        self.flush_notes(fx);
        if self.changed_since_report && !self.throwaway && pending != Some(Pending::Quit) {
            self.pending = Some(Pending::Quit);
            self.mode = Mode::Normal;
            let what = if self.meeting.report_written.is_some() {
                "the report is older than the last changes"
            } else {
                "the report was not written"
            };
            self.say(
                Level::Warning,
                format!("{what}: w writes it; q again quits (everything is saved)"),
            );
            return;
        }
        fx.push(Effect::Quit);
    }

    fn preview(&mut self, fx: &mut Vec<Effect>) {
        self.flush_notes(fx);
        match self.report() {
            Ok(text) => self.mode = Mode::Preview { text, scroll: 0 },
            Err(e) => self.say(Level::Error, format!("the report template failed: {e}")),
        }
    }

    fn open_editor(&mut self, fx: &mut Vec<Effect>) {
        self.flush_notes(fx);
        self.mode = Mode::Normal;
        self.editor_copy = Some(self.meeting.notes_copy(self.notes.item));
        fx.push(Effect::OpenEditor {
            item: self.notes.item,
        });
    }

    fn notes_key(&mut self, key: Key, action: Option<Action>, fx: &mut Vec<Effect>) {
        match action {
            Some(Action::Back) => {
                self.mode = Mode::Normal;
                self.flush_notes(fx);
            }
            Some(Action::NotesUndo) => self.notes.undo(),
            Some(Action::NotesRedo) => self.notes.redo(),
            Some(Action::EditInEditor) => self.open_editor(fx),
            _ => {
                if let Some(input) = area_input(key) {
                    self.notes.input(input);
                }
            }
        }
    }

    fn command_key(&mut self, key: Key, pending: Option<Pending>, fx: &mut Vec<Effect>) {
        let Mode::Command(line) = &mut self.mode else {
            return;
        };
        match key {
            Key::Esc => self.mode = Mode::Normal,
            Key::Enter => {
                let text = line.text().trim().to_string();
                self.run_command(&text, pending, fx);
            }
            Key::Up | Key::Down => {
                if self.history.is_empty() {
                    return;
                }
                let last = self.history.len() - 1;
                let at = match (key, self.history_at) {
                    (Key::Up, None) => Some(last),
                    (Key::Up, Some(i)) => Some(i.saturating_sub(1)),
                    (_, Some(i)) if i < last => Some(i + 1),
                    _ => None,
                };
                self.history_at = at;
                line.set(at.map_or("", |i| &self.history[i]));
            }
            // Backspace on an empty line leaves it, as in vi.
            Key::Backspace if line.text().is_empty() => self.mode = Mode::Normal,
            k => {
                line.key(k);
            }
        }
    }

    fn run_command(&mut self, text: &str, pending: Option<Pending>, fx: &mut Vec<Effect>) {
        if text.is_empty() {
            self.mode = Mode::Normal;
            return;
        }
        if self.history.last().map(String::as_str) != Some(text) {
            self.history.push(text.to_string());
        }
        self.history_at = None;
        let word = text.trim_start_matches(':').split_whitespace().next();
        if matches!(word, Some("help" | "h" | "?")) {
            self.mode = Mode::Help { scroll: 0 };
            return;
        }
        // The commands that add to the notes build on them: they must be up to date.
        self.flush_notes(fx);
        match command::parse(text, &self.meeting) {
            // The line stays, to be corrected rather than retyped.
            Err(e) => self.say(Level::Error, e),
            Ok(Outcome::Write) => {
                self.mode = Mode::Normal;
                self.preview(fx);
            }
            Ok(Outcome::Quit) => {
                self.mode = Mode::Normal;
                self.quit_confirmed(pending, fx);
            }
            Ok(Outcome::Apply(events)) => {
                // Taking up and closing items warn about people still queued.
                let step = match events.as_slice() {
                    [Event::TakeUp { item }] => self.meeting.agenda.item_ref(item).ok().map(Some),
                    [Event::Close] => Some(None),
                    _ => None,
                };
                self.status = None;
                let done = match (step, events.as_slice()) {
                    (Some(next), _) => {
                        let done = self.take_up(next, pending, "Enter again", fx);
                        // A warning about the queue leaves the line open: Enter confirms.
                        if self.pending.is_some() {
                            return;
                        }
                        done
                    }
                    (None, [Event::Undo]) => {
                        self.undo(fx);
                        false
                    }
                    (None, [Event::AddItem { under, .. }]) => {
                        let under = *under;
                        if self.apply(events, fx) {
                            self.say_added(under);
                        }
                        false
                    }
                    (None, _) => {
                        let done = self.apply_said(events, fx);
                        if done && word.is_some_and(|w| w.eq_ignore_ascii_case("action")) {
                            self.warn_owners(text);
                        }
                        done
                    }
                };
                // Refused: the line stays, to be corrected rather than retyped.
                if !done
                    && self
                        .status
                        .as_ref()
                        .is_some_and(|s| s.level == Level::Error)
                {
                    return;
                }
                self.mode = Mode::Normal;
                if done && self.status.is_none() {
                    self.say(Level::Info, format!("done: {text}"));
                }
            }
        }
    }

    /// After `:action`: the line is written (nothing typed is lost), but an owner who is
    /// nobody on the roster is said, with the nearest names and the guest alternative,
    /// once (the notes' own check then has nothing new to say).
    fn warn_owners(&mut self, text: &str) {
        let rest = text.trim_start_matches(':').trim_start();
        let rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r);
        let Some((owners, _)) = rest.split_once(':') else {
            return;
        };
        let problems: Vec<String> = owners
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .filter_map(|o| self.meeting.nobody(o))
            .collect();
        let meeting = &self.meeting;
        let _ = self.notes.untold(|o| meeting.owner_advice(o));
        if !problems.is_empty() {
            self.say(Level::Warning, problems.join("; "));
        }
    }

    /// After `agenda+`: what was added, with its number and timebox.
    fn say_added(&mut self, under: Option<usize>) {
        let m = &self.meeting;
        let r = match under {
            None => ItemRef::item(m.agenda.items.len() - 1),
            Some(n) => ItemRef {
                item: n - 1,
                sub: Some(m.agenda.items[n - 1].subitems.len() - 1),
            },
        };
        let timebox = m.timebox(r).map_or(String::new(), |t| {
            format!(" ({})", crate::duration::format(t))
        });
        let said = format!(
            "added item {} \"{}\"{timebox}",
            r.label(),
            crate::ui::fit(m.agenda.title_of(r), 50)
        );
        self.say(Level::Info, said);
    }

    fn picker_key(&mut self, key: Key, action: Option<Action>, fx: &mut Vec<Effect>) {
        let Mode::Picker(p) = &mut self.mode else {
            return;
        };
        if let Some(name) = p.confirm_guest.clone() {
            // Only a clear yes adds someone to the meeting.
            match key {
                Key::Char('y' | 'Y') | Key::Enter => {
                    p.confirm_guest = None;
                    p.chosen_one = Some((name, true));
                }
                _ => p.confirm_guest = None,
            }
            return;
        }
        if let Some((name, guest)) = p.chosen_one.clone() {
            // The topic: typed, or none.
            match action {
                Some(Action::Back) => self.mode = Mode::Normal,
                Some(Action::CycleKind) => p.cycle_kind(),
                Some(Action::Choose) => {
                    let topic = crate::agenda::clean_line(p.topic.text())
                        .ok()
                        .filter(|t| !t.is_empty());
                    let kind = p.kind;
                    self.mode = Mode::Normal;
                    let mut events = if guest {
                        roll::guest_events(&name).unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    events.push(Event::Join {
                        who: name,
                        queue: kind,
                        topic,
                    });
                    self.apply_said(events, fx);
                }
                _ => {
                    p.topic.key(key);
                }
            }
            return;
        }
        match action {
            Some(Action::Back) => self.mode = Mode::Normal,
            Some(Action::Up) => p.up(),
            Some(Action::Down) => p.down(),
            Some(Action::CycleKind) => p.cycle_kind(),
            Some(Action::Choose) => match p.chosen() {
                Some(c) => p.chosen_one = Some((c.name.clone(), false)),
                None => {
                    let typed = p.filter.text().trim().to_string();
                    match command::guest_fields(&typed) {
                        Ok((name, _)) => p.confirm_guest = Some(name),
                        Err(_) => self.say(Level::Warning, "type a name to queue"),
                    }
                }
            },
            _ => {
                if p.filter.key(key) {
                    p.refresh(&self.meeting);
                    p.selected = 0;
                }
            }
        }
    }

    fn roll_key(&mut self, key: Key, action: Option<Action>, fx: &mut Vec<Effect>) {
        let Mode::Attendance(roll) = &mut self.mode else {
            return;
        };
        if let Some(line) = &mut roll.adding {
            match key {
                Key::Esc => roll.adding = None,
                Key::Enter => match roll::guest_events(line.text()) {
                    Ok(events) => {
                        roll.adding = None;
                        if self.apply_said(events, fx) {
                            let last = roll::Roll::len(&self.meeting).saturating_sub(1);
                            if let Mode::Attendance(r) = &mut self.mode {
                                r.cursor = last;
                            }
                        }
                    }
                    Err(e) => self.say(Level::Error, e),
                },
                k => {
                    line.key(k);
                }
            }
            return;
        }
        let m = &self.meeting;
        let event = match action {
            // Esc clears the search first, then closes.
            Some(Action::Back) if !roll.find.is_empty() => return roll.find.clear(),
            Some(Action::Back) => {
                self.mode = Mode::Normal;
                return;
            }
            Some(Action::Up) => return roll.up(),
            Some(Action::Down) => return roll.down(m),
            Some(Action::FindBack) => return roll.backspace(m),
            Some(Action::AddGuest) => {
                roll.adding = Some(LineInput::default());
                return;
            }
            // A search that finds nobody marks nobody: the selection is not what was
            // looked for.
            Some(Action::MarkPresent | Action::MarkRegrets | Action::MarkAbsent)
                if !roll.find.trim().is_empty() && roll.found(m).is_none() =>
            {
                let said = format!("nobody matches \"{}\": Esc clears the search", roll.find);
                self.say(Level::Warning, said);
                return;
            }
            Some(Action::MarkPresent) => roll.mark(m, Presence::Present),
            Some(Action::MarkRegrets) => roll.mark(m, Presence::Regrets),
            Some(Action::MarkAbsent) => roll.mark(m, Presence::Absent),
            None => {
                if let Key::Char(c) = key
                    && (c.is_alphabetic() || (c == '\'' && !roll.find.is_empty()))
                {
                    roll.type_char(c, m);
                }
                return;
            }
            _ => None,
        };
        if let Some(e) = event
            && self.apply_said(vec![e], fx)
            && let Mode::Attendance(roll) = &mut self.mode
        {
            roll.marked(&self.meeting);
        }
    }

    fn preview_key(
        &mut self,
        action: Option<Action>,
        pending: Option<Pending>,
        fx: &mut Vec<Effect>,
    ) {
        let conflicted = self.conflict_notice();
        let Mode::Preview { text, scroll } = &mut self.mode else {
            return;
        };
        match action {
            // Conflict markers never reach the report unnoticed: asked, and only a yes
            // (not the same key again) writes it with both texts.
            Some(Action::Choose) if conflicted.is_some() => {
                let notice = conflicted.unwrap_or_default();
                self.pending = Some(Pending::WriteReport);
                self.say(
                    Level::Warning,
                    format!(
                        "{notice}: the report would show both texts. y writes it so; Esc goes \
                         back to resolve them (keep the text that stands, delete the marker \
                         lines)"
                    ),
                );
            }
            Some(Action::Confirm) if pending == Some(Pending::WriteReport) => {
                fx.push(Effect::WriteReport(std::mem::take(text)));
                self.mode = Mode::Normal;
            }
            Some(Action::Confirm) => self.say(Level::Info, "nothing asked: w writes the report"),
            Some(Action::Choose) => {
                fx.push(Effect::WriteReport(std::mem::take(text)));
                self.mode = Mode::Normal;
            }
            Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
            Some(Action::ScrollDown) => {
                let lines = text.lines().count() as u16;
                *scroll = (*scroll + 1).min(lines.saturating_sub(1));
            }
            Some(Action::Back) => self.mode = Mode::Normal,
            _ => {}
        }
    }

    fn messages_key(&mut self, action: Option<Action>) {
        let kept = self.messages.len() as u16;
        let Mode::Messages { scroll } = &mut self.mode else {
            return;
        };
        match action {
            Some(Action::ScrollUp) => *scroll = (*scroll + 1).min(kept.saturating_sub(1)),
            Some(Action::ScrollDown) => *scroll = scroll.saturating_sub(1),
            Some(Action::Back) => self.mode = Mode::Normal,
            _ => {}
        }
    }

    fn speaking_key(&mut self, action: Option<Action>) {
        let rows = self.meeting.speaking_table(self.now).len() as u16;
        let Mode::Speaking { scroll } = &mut self.mode else {
            return;
        };
        match action {
            Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
            Some(Action::ScrollDown) => *scroll = (*scroll + 1).min(rows.saturating_sub(1)),
            Some(Action::Back) => self.mode = Mode::Normal,
            _ => {}
        }
    }

    fn help_key(&mut self, action: Option<Action>) {
        let Mode::Help { scroll } = &mut self.mode else {
            return;
        };
        match action {
            Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
            Some(Action::ScrollDown) => *scroll = scroll.saturating_add(1),
            Some(Action::Back) => self.mode = Mode::Normal,
            _ => {}
        }
    }

    fn paste(&mut self, text: &str, fx: &mut Vec<Effect>) {
        match &mut self.mode {
            Mode::Command(line) => line.paste(text),
            Mode::Picker(p) if p.chosen_one.is_some() => p.topic.paste(text),
            Mode::Picker(p) => {
                p.filter.paste(text);
                p.refresh(&self.meeting);
            }
            Mode::Attendance(Roll {
                adding: Some(line), ..
            }) => line.paste(text),
            // Pasted while the notes are edited: at the cursor, as typed.
            Mode::Notes => {
                self.notes.paste(text);
                self.flush_notes(fx);
            }
            // Pasted text is notes wherever it lands, never keys: a paragraph of its own
            // after them, being edited.
            _ => {
                self.mode = Mode::Notes;
                self.notes.paste_after(text);
                self.flush_notes(fx);
            }
        }
    }

    /// `apply`, then says what the events changed, with names and counts.
    pub(super) fn apply_said(&mut self, events: Vec<Event>, fx: &mut Vec<Effect>) -> bool {
        let before = Before::of(&self.meeting);
        let told = events.clone();
        if !self.apply(events, fx) {
            return false;
        }
        if let Some(said) = said::applied(&before, &self.meeting, &told) {
            self.say(Level::Info, said);
        }
        true
    }

    /// Applies events in order, journaling each; stops at the first that cannot apply
    /// and says why. Whether all applied.
    pub(super) fn apply(&mut self, events: Vec<Event>, fx: &mut Vec<Effect>) -> bool {
        // The agenda grows and shrinks with `agenda+` and its undo: the selection stays
        // on its point.
        let selected = self.meeting.points.get(self.selected).map(|(r, _)| *r);
        let applied = self.apply_each(events, fx);
        let points = &self.meeting.points;
        if points.get(self.selected).map(|(r, _)| *r) != selected {
            self.selected = selected
                .and_then(|s| points.iter().position(|(r, _)| *r == s))
                .unwrap_or(self.selected.min(points.len().saturating_sub(1)));
        }
        applied
    }

    fn apply_each(&mut self, events: Vec<Event>, fx: &mut Vec<Effect>) -> bool {
        for event in events {
            // Notes are journalled as the patch of the shared text that makes the change.
            if let Event::Notes { item, text } = &event
                && let Some(i) = item
                    .checked_sub(1)
                    .filter(|&i| i < self.meeting.notes.len())
            {
                if let Some(patch) = self.meeting.edit_notes(i, text) {
                    if !self.notes.shows(&self.meeting.notes[i]) && i == self.notes.item {
                        // Notes changed by a command or the editor: the editor shows them.
                        let text = self.meeting.notes[i].clone();
                        self.notes.load(i, &text);
                    }
                    self.noted(i, patch, fx);
                }
                continue;
            }
            if let Err(e) = self.meeting.apply(&event, self.now) {
                self.say(Level::Error, e);
                return false;
            }
            if !matches!(event, Event::ReportWritten { .. }) {
                self.changed_since_report = true;
            }
            let floor = matches!(event, Event::Ack { .. } | Event::NextSpeaker);
            fx.push(Effect::Record(Record {
                at: self.now,
                event,
            }));
            if floor {
                self.mark_speaker_present(fx);
            }
        }
        self.queue_selected = self
            .queue_selected
            .min(self.meeting.queue.waiting.len().saturating_sub(1));
        true
    }

    /// Whoever was just given the floor is at the meeting: marked absent or as sending
    /// apologies, they are marked present, journalled right after the floor change and
    /// undone with it.
    fn mark_speaker_present(&mut self, fx: &mut Vec<Effect>) {
        let m = &self.meeting;
        let Some(who) = m.queue.speaker.as_ref().map(|s| s.who.clone()) else {
            return;
        };
        if !matches!(
            m.presence_of(&who),
            Some(Presence::Regrets | Presence::Absent)
        ) {
            return;
        }
        let event = Event::Present { who };
        if self.meeting.apply(&event, self.now).is_ok() {
            fx.push(Effect::Record(Record {
                at: self.now,
                event,
            }));
        }
    }

    /// Item `i`'s notes changed by `event` (already applied): it is journalled.
    fn noted(&mut self, i: usize, event: Event, fx: &mut Vec<Effect>) {
        if let Some(text) = self.meeting.notes.get(i) {
            self.shared.held(i, text);
        }
        self.changed_since_report = true;
        fx.push(Effect::Record(Record {
            at: self.now,
            event,
        }));
    }

    fn flush_notes(&mut self, fx: &mut Vec<Effect>) {
        let item = self.notes.item;
        if let Some(text) = self.notes.take_changes() {
            if item < self.meeting.notes.len() {
                // The editor holds what it hands over: unlike a command's change of the
                // notes, there is nothing to show again.
                if let Some(patch) = self.meeting.edit_notes(item, &text) {
                    self.noted(item, patch, fx);
                }
            } else {
                // No such item: said as any event that does not apply.
                self.apply(
                    vec![Event::Notes {
                        item: item + 1,
                        text,
                    }],
                    fx,
                );
            }
        }
        self.tell_problems();
    }

    /// Says a problem of the notes shown that was not said yet.
    fn tell_problems(&mut self) {
        let meeting = &self.meeting;
        if let Some(problem) = self.notes.untold(|o| meeting.owner_advice(o)) {
            self.say(Level::Warning, problem);
        }
    }

    /// The notes shown are the current item's: when it changes, the edits of the item
    /// left are handed over first.
    fn follow_current_item(&mut self, fx: &mut Vec<Effect>) {
        let item = self.notes_item();
        if item != self.notes.item {
            self.flush_notes(fx);
            let text = self.meeting.notes.get(item).cloned().unwrap_or_default();
            self.notes.load(item, &text);
        }
    }
}

/// The notes editor's reading of a key.
pub(crate) fn area_input(key: Key) -> Option<AreaInput> {
    let (key, ctrl) = match key {
        Key::Char(c) => (AreaKey::Char(c), false),
        Key::Ctrl(c) => (AreaKey::Char(c), true),
        Key::Enter => (AreaKey::Enter, false),
        Key::Tab => (AreaKey::Tab, false),
        Key::Backspace => (AreaKey::Backspace, false),
        Key::Delete => (AreaKey::Delete, false),
        Key::Up => (AreaKey::Up, false),
        Key::Down => (AreaKey::Down, false),
        Key::Left => (AreaKey::Left, false),
        Key::Right => (AreaKey::Right, false),
        Key::Home => (AreaKey::Home, false),
        Key::End => (AreaKey::End, false),
        Key::PageUp => (AreaKey::PageUp, false),
        Key::PageDown => (AreaKey::PageDown, false),
        Key::Esc | Key::BackTab => return None,
    };
    Some(AreaInput {
        key,
        ctrl,
        alt: false,
        shift: false,
    })
}
