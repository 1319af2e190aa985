//! The notetaker's view (`agendum notes`), apart from any terminal: it follows the
//! moderator's meeting as the moderator's journal tells it (the current item, who has
//! the floor, who waits), and edits per-item notes that are this notetaker's own text,
//! written to the items' files and merged with what others write there.

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::app::keymap::{self, Action, Key};
use crate::app::{Input, Level, NotesEditor, Status, area_input};
use crate::meeting::{Meeting, Record};
use crate::notes::shared::Shared;
use crate::report::markdown::neutralise_typed;

/// What the shell must do for the notetaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The item's text changed: keep it and write it to its file.
    Write {
        item: usize,
    },
    /// Run `$EDITOR` on the item's text, then call `notes_from_editor`.
    OpenEditor {
        item: usize,
    },
    Suspend,
    Quit,
}

pub struct Notetaker {
    /// The meeting as the moderator's journal tells it.
    pub meeting: Meeting,
    /// This notetaker's text of each item: what its file gets.
    pub texts: Vec<String>,
    pub notes: NotesEditor,
    pub editing: bool,
    pub help: Option<u16>,
    /// Staying on the item shown rather than following the moderator.
    pub pinned: bool,
    pub shared: Shared,
    pub status: Option<Status>,
    pub now: DateTime<Utc>,
    pub folder: String,
}

impl Notetaker {
    /// `texts`: each item's notes as found in its file; `start`: an item to pin.
    pub fn new(
        agenda: Agenda,
        texts: Vec<String>,
        who: &str,
        start: Option<usize>,
        now: DateTime<Utc>,
    ) -> Notetaker {
        let files: Vec<Option<String>> = texts.iter().cloned().map(Some).collect();
        let shared = Shared::new(who, &files, &texts);
        let item = start.unwrap_or(0);
        let date = agenda.meeting.date;
        let notes = NotesEditor::new(item, texts.get(item).map_or("", String::as_str), date);
        Notetaker {
            meeting: Meeting::new(agenda),
            texts,
            notes,
            editing: false,
            help: None,
            pinned: start.is_some(),
            shared,
            status: None,
            now,
            folder: String::new(),
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            level,
            text: text.into(),
        });
    }

    /// The moderator's journal grew (`again`: this is all of it, read anew).
    pub fn followed(&mut self, records: &[Record], again: bool) {
        if again {
            let agenda = self.meeting.agenda.clone();
            self.meeting = Meeting::replay(agenda, records).0;
        } else {
            for r in records {
                // A record this view cannot apply (the moderator's agenda changed
                // under it) changes nothing here; the notes are in the files.
                let _ = self.meeting.apply(&r.event, r.at);
            }
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
        match input {
            Input::Tick => self.flush(&mut fx),
            Input::Resize => self.notes.refit(),
            Input::Paste(text) => {
                self.editing = true;
                self.notes.paste(&text);
                self.flush(&mut fx);
            }
            Input::Key(key) => self.key(key, &mut fx),
        }
        self.show(self.item_shown(), &mut fx);
        if self.notes.save_due(now) {
            self.flush(&mut fx);
        }
        self.notes.show_cursor(self.editing);
        fx
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
        fx.push(Effect::OpenEditor {
            item: self.notes.item,
        });
    }

    /// Shows another item's notes, the typing of the one left kept first.
    fn show(&mut self, item: usize, fx: &mut Vec<Effect>) {
        if item != self.notes.item && item < self.texts.len() {
            self.flush(fx);
            let text = self.texts[item].clone();
            self.notes.load(item, &text);
        }
    }

    /// Takes what was typed into the item's text.
    fn flush(&mut self, fx: &mut Vec<Effect>) {
        let item = self.notes.item;
        if let Some(text) = self.notes.take_changes()
            && self.texts.get(item).is_some_and(|t| *t != text)
        {
            self.set(item, text, fx);
        }
    }

    fn set(&mut self, item: usize, text: String, fx: &mut Vec<Effect>) {
        self.shared.held(item, &text);
        self.texts[item] = text;
        fx.push(Effect::Write { item });
    }

    /// Ends the view: what was typed last is kept.
    pub fn close(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        self.flush(&mut fx);
        fx
    }

    /// Someone else changed the item's file: merged with this notetaker's text.
    pub fn notes_found(
        &mut self,
        item: usize,
        file: &str,
        theirs: &str,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        if item == self.notes.item {
            self.flush(&mut fx);
        }
        let Some(ours) = self.texts.get(item).cloned() else {
            return fx;
        };
        let merged = self.shared.found(item, file, theirs, &ours, now);
        if item == self.notes.item && merged.text != ours {
            self.notes.replace(&merged.text);
        }
        if merged.conflicts > 0 {
            self.say(
                Level::Warning,
                crate::notes::shared::conflict_said(item, file),
            );
        }
        self.texts[item] = merged.text;
        // The file gets the merge, even when it changed nothing here.
        fx.push(Effect::Write { item });
        fx
    }

    pub fn notes_from_editor(&mut self, item: usize, text: Result<String, String>) -> Vec<Effect> {
        let mut fx = Vec::new();
        match text {
            Ok(text) => {
                let text = neutralise_typed(&text).into_owned();
                if self.texts.get(item).is_some_and(|t| *t != text) {
                    if item == self.notes.item {
                        self.notes.load(item, &text);
                    }
                    self.set(item, text, &mut fx);
                    self.say(Level::Info, format!("notes of item {} updated", item + 1));
                }
            }
            Err(e) => self.say(Level::Error, format!("the editor failed: {e}")),
        }
        fx
    }
}
