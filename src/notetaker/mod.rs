//! The notetaker's view (`agendum notes`), apart from any terminal: it follows the
//! moderator's meeting as the moderator's journal tells it (the current item, who has
//! the floor, who waits), and edits the items' notes, the text every writer shares:
//! what this notetaker types becomes patches for its own log, and what the others
//! write arrives as patches, from the moderator's journal and the other logs.

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::app::keymap::{self, Action, Key};
use crate::app::{Input, Level, NotesEditor, Status, area_input};
use crate::meeting::{Event, Meeting, Record};
use crate::notes::shared::Shared;

/// What the shell must do for the notetaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A patch of this notetaker's: keep it in its log (here at once, in the meeting
    /// folder's `changes/` as soon as it can).
    Keep(Record),
    /// Run `$EDITOR` on the item's text, then call `notes_from_editor`.
    OpenEditor {
        item: usize,
    },
    Suspend,
    Quit,
}

pub struct Notetaker {
    /// The meeting as the moderator's journal tells it, with every writer's notes.
    pub meeting: Meeting,
    pub notes: NotesEditor,
    pub editing: bool,
    pub help: Option<u16>,
    /// Staying on the item shown rather than following the moderator.
    pub pinned: bool,
    pub shared: Shared,
    pub status: Option<Status>,
    pub now: DateTime<Utc>,
    pub folder: String,
    /// Notes patches that did not come from the moderator's journal (this notetaker's,
    /// the other logs'): added again when the journal is read anew.
    patches: Vec<Record>,
    /// The notes handed to `$EDITOR`: item, version and text of the copy.
    editor_copy: Option<crate::meeting::NotesCopy>,
}

impl Notetaker {
    /// `writer`: this view as a writer of the notes, unique to it; `start`: an item to
    /// pin.
    pub fn new(
        agenda: Agenda,
        writer: &str,
        start: Option<usize>,
        now: DateTime<Utc>,
    ) -> Notetaker {
        let item = start.unwrap_or(0);
        let notes = NotesEditor::new(item, "", agenda.reading());
        let mut meeting = Meeting::new(agenda);
        meeting.writer = writer.to_string();
        let shared = Shared::new(&meeting.notes);
        Notetaker {
            meeting,
            notes,
            editing: false,
            help: None,
            pinned: start.is_some(),
            shared,
            status: None,
            now,
            folder: String::new(),
            patches: Vec::new(),
            editor_copy: None,
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            level,
            text: text.into(),
        });
    }

    /// The moderator's journal grew (`again`: this is all of it, read anew).
    pub fn followed(&mut self, records: &[Record], again: bool) -> Vec<Effect> {
        let mut fx = Vec::new();
        let item = self.notes.item;
        self.flush(&mut fx);
        let mut cursor = [self.notes.cursor_offset()];
        let before = self.meeting.notes.get(item).cloned();
        if again {
            let agenda = self.meeting.agenda.clone();
            let writer = self.meeting.writer.clone();
            let mut m = Meeting::replay_from(agenda, records, true).0;
            m.writer = writer;
            for r in &self.patches {
                let _ = m.apply(&r.event, r.at);
            }
            self.meeting = m;
        } else {
            for r in records {
                // A record this view cannot apply (the moderator's agenda changed under
                // it, a patch that does not fit) changes nothing here.
                let moving = r.event.notes_item() == Some(item + 1);
                let cursors: &mut [usize] = if moving { &mut cursor } else { &mut [] };
                let _ = self.meeting.apply_moving(&r.event, r.at, cursors);
            }
        }
        self.refresh(item, before, cursor[0]);
        fx
    }

    /// Patches from the other writers' logs.
    pub fn patches_found(&mut self, records: Vec<Record>, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        let item = self.notes.item;
        self.flush(&mut fx);
        let mut cursor = [self.notes.cursor_offset()];
        let before = self.meeting.notes.get(item).cloned();
        for r in records {
            let Some(i) = r.event.notes_item().and_then(|n| n.checked_sub(1)) else {
                continue;
            };
            let cursors: &mut [usize] = if i == item { &mut cursor } else { &mut [] };
            let grew = self.meeting.operations(i);
            match self.meeting.apply_moving(&r.event, r.at, cursors) {
                Ok(()) if self.meeting.operations(i) > grew => {
                    self.shared.changed_elsewhere(i, now);
                    self.patches.push(r);
                }
                Ok(()) => {}
                Err(e) => self.say(Level::Warning, format!("item {}: {e}", i + 1)),
            }
        }
        self.refresh(item, before, cursor[0]);
        fx
    }

    /// The shown item's notes changed under the editor: it shows them, the cursor where
    /// the change moved it.
    fn refresh(&mut self, item: usize, before: Option<String>, cursor: usize) {
        if let Some(text) = self.meeting.notes.get(item)
            && before.as_ref() != Some(text)
        {
            let text = text.clone();
            self.notes.replace_at(&text, cursor);
            self.shared.held(item, &text);
        }
    }

    /// The item whose notes are shown: the moderator's current one unless pinned.
    pub fn item_shown(&self) -> usize {
        match self.meeting.current {
            Some(c) if !self.pinned => c.item,
            _ => self.notes.item,
        }
    }

    pub fn handle(&mut self, input: Input, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        let tick = matches!(input, Input::Tick);
        match input {
            // Typing is kept after the frame (`after_frame`), not at the second; problems
            // that came otherwise (a patch merged) are said within it.
            Input::Tick => self.tell_problems(),
            Input::Resize => self.notes.refit(),
            // At the cursor while editing; else a paragraph of its own after the notes.
            Input::Paste(text) => {
                if self.editing {
                    self.notes.paste(&text);
                } else {
                    self.editing = true;
                    self.notes.paste_after(&text);
                }
                self.flush(&mut fx);
            }
            Input::Key(key) => self.key(key, &mut fx),
        }
        self.show(self.item_shown(), &mut fx);
        // Handed over by `after_frame` in a pause, so that no key's frame waits for it.
        if tick {
            self.notes.note_unsaved(now);
        } else {
            self.notes.note_input(now);
        }
        self.notes.show_cursor(self.editing);
        fx
    }

    /// The work a frame need not wait for, which the shell asks for once each frame is
    /// out: typing due to be kept (`None`: nothing was due), however fast keys come.
    pub fn after_frame(&mut self, now: DateTime<Utc>) -> Option<Vec<Effect>> {
        if !self.notes.save_due(now) {
            return None;
        }
        self.now = now;
        let mut fx = Vec::new();
        self.flush(&mut fx);
        Some(fx)
    }

    fn key(&mut self, key: Key, fx: &mut Vec<Effect>) {
        match key {
            Key::Ctrl('c') => {
                self.flush(fx);
                fx.push(Effect::Quit);
                return;
            }
            Key::Ctrl('z') => {
                self.flush(fx);
                fx.push(Effect::Suspend);
                return;
            }
            _ => {}
        }
        if let Some(scroll) = &mut self.help {
            match keymap::action_in(keymap::Mode::Help, key) {
                Some(Action::Back) => self.help = None,
                Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
                Some(Action::ScrollDown) => *scroll = scroll.saturating_add(1),
                _ => {}
            }
            return;
        }
        if self.editing {
            match keymap::action_in(keymap::Mode::Notes, key) {
                Some(Action::Back) => {
                    self.editing = false;
                    self.flush(fx);
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
            return;
        }
        self.status = None;
        let last = self.meeting.agenda.items.len().saturating_sub(1);
        match keymap::action_in(keymap::Mode::Notetaker, key) {
            Some(Action::Help) => self.help = Some(0),
            Some(Action::EditNotes) => self.editing = true,
            Some(Action::EditInEditor) => self.open_editor(fx),
            Some(Action::NextItem) => self.pin((self.notes.item + 1).min(last), fx),
            Some(Action::PreviousItem) => self.pin(self.notes.item.saturating_sub(1), fx),
            Some(Action::Follow) if self.pinned => {
                self.pinned = false;
                self.say(Level::Info, "following the moderator's current item");
            }
            Some(Action::Follow) => {
                self.pinned = true;
                self.say(
                    Level::Info,
                    format!("pinned to item {}: f follows again", self.notes.item + 1),
                );
            }
            Some(Action::Quit) => {
                self.flush(fx);
                fx.push(Effect::Quit);
            }
            _ => {}
        }
    }

    fn pin(&mut self, item: usize, fx: &mut Vec<Effect>) {
        self.pinned = true;
        self.show(item, fx);
    }

    fn open_editor(&mut self, fx: &mut Vec<Effect>) {
        self.flush(fx);
        self.editing = false;
        self.editor_copy = Some(self.meeting.notes_copy(self.notes.item));
        fx.push(Effect::OpenEditor {
            item: self.notes.item,
        });
    }

    /// Shows another item's notes, the typing of the one left kept first.
    fn show(&mut self, item: usize, fx: &mut Vec<Effect>) {
        if item != self.notes.item && item < self.meeting.notes.len() {
            self.flush(fx);
            let text = self.meeting.notes[item].clone();
            self.notes.load(item, &text);
        }
    }

    /// Takes what was typed into the item's notes: a patch for this notetaker's log.
    fn flush(&mut self, fx: &mut Vec<Effect>) {
        let item = self.notes.item;
        if let Some(text) = self.notes.take_changes()
            && let Some(event) = self.meeting.edit_notes(item, &text)
        {
            self.keep(item, event, fx);
        }
        self.tell_problems();
    }

    /// Says a problem of the notes shown that was not said yet.
    fn tell_problems(&mut self) {
        let meeting = &self.meeting;
        if let Some(problem) = self.notes.untold(|o| meeting.owner_problem(o)) {
            self.say(Level::Warning, problem);
        }
    }

    fn keep(&mut self, item: usize, event: Event, fx: &mut Vec<Effect>) {
        if let Some(text) = self.meeting.notes.get(item) {
            self.shared.held(item, text);
        }
        let r = Record {
            at: self.now,
            event,
        };
        self.patches.push(r.clone());
        fx.push(Effect::Keep(r));
    }

    /// Ends the view: what was typed last is kept.
    pub fn close(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        self.flush(&mut fx);
        fx
    }

    /// After `$EDITOR` returned with the item's notes: an edit of the copy it was given,
    /// merged with what others wrote meanwhile.
    pub fn notes_from_editor(&mut self, item: usize, text: Result<String, String>) -> Vec<Effect> {
        let mut fx = Vec::new();
        let copy = self
            .editor_copy
            .take()
            .filter(|c| c.item == item)
            .unwrap_or_else(|| self.meeting.notes_copy(item));
        match text {
            Ok(text) => {
                self.flush(&mut fx);
                let shown = item == self.notes.item;
                let mut cursor = [if shown { self.notes.cursor_offset() } else { 0 }];
                if let Some(event) = self.meeting.edit_from_copy(&copy, &text, &mut cursor) {
                    if shown {
                        let now = self.meeting.notes[item].clone();
                        self.notes.replace_at(&now, cursor[0]);
                    }
                    self.keep(item, event, &mut fx);
                    self.say(Level::Info, format!("notes of item {} updated", item + 1));
                }
            }
            Err(e) => self.say(Level::Error, format!("the editor failed: {e}")),
        }
        fx
    }
}
