//! The moderator's application, apart from any terminal: keys resolve through one
//! keymap to actions, actions become meeting events, and the screen only reads the
//! state. What the outside world must do (journal an event, write the report, run
//! `$EDITOR`) comes back as effects, so every behaviour is testable without a terminal.

mod held;
pub mod keymap;
pub mod line;
pub mod notes;
pub mod picker;
pub mod roll;
mod said;
mod update;

pub(crate) use update::area_input;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

pub use keymap::{Action, Key};
pub use line::LineInput;
pub use notes::NotesEditor;
pub use picker::Picker;
pub use roll::Roll;

use crate::agenda::ItemRef;
use crate::meeting::{Meeting, Record};
use crate::notes::shared::Shared;

/// What reaches the application from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    /// Text pasted in one go (bracketed paste): one edit, never a string of commands.
    Paste(String),
    /// The clock: once a second, and when typing is due to be handed over.
    Tick,
    /// The terminal changed size.
    Resize,
}

/// What the shell must do for the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// An event was applied: make it durable (and write the item's notes file if it
    /// is notes).
    Record(Record),
    /// Write this report text into the meeting folder, then call `report_written`.
    WriteReport(String),
    /// Run `$EDITOR` on this item's notes (from 0), then call `notes_from_editor`.
    OpenEditor {
        item: usize,
    },
    Suspend,
    Quit,
}

/// Where keys go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Notes,
    Command(LineInput),
    Picker(Picker),
    Attendance(Roll),
    Preview {
        text: String,
        scroll: u16,
    },
    Help {
        scroll: u16,
    },
    /// The status line's earlier messages, newest last; `scroll` counts rows up from
    /// the newest.
    Messages {
        scroll: u16,
    },
    /// Each speaker's turns and time, on the item and in the meeting (`s`).
    Speaking {
        scroll: u16,
    },
}

impl Mode {
    /// The keymap table the mode reads keys from (the command line has none: every
    /// key edits the line).
    pub fn keymap(&self) -> Option<keymap::Mode> {
        Some(match self {
            Mode::Normal => keymap::Mode::Normal,
            Mode::Notes => keymap::Mode::Notes,
            Mode::Command(_) => return None,
            Mode::Picker(_) => keymap::Mode::Picker,
            Mode::Attendance(_) => keymap::Mode::Attendance,
            Mode::Preview { .. } => keymap::Mode::Preview,
            Mode::Help { .. } => keymap::Mode::Help,
            Mode::Messages { .. } => keymap::Mode::Messages,
            Mode::Speaking { .. } => keymap::Mode::Speaking,
        })
    }
}

/// The panes that take focus, in `Tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Agenda,
    Queue,
    Notes,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::Agenda => Pane::Queue,
            Pane::Queue => Pane::Notes,
            Pane::Notes => Pane::Agenda,
        }
    }

    fn previous(self) -> Pane {
        self.next().next()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// The status line: one message at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub level: Level,
    pub text: String,
}

/// A message of the status line as the messages overlay (`m`) lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub at: DateTime<Utc>,
    pub level: Level,
    pub text: String,
}

/// How many of the status line's messages `m` keeps.
pub const MESSAGES_KEPT: usize = 200;

/// A step that asked to be confirmed by doing it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    TakeUp(Option<ItemRef>),
    Quit,
    /// Writing a report with conflicts left in the notes.
    WriteReport,
}

pub struct App {
    pub meeting: Meeting,
    pub mode: Mode,
    pub focus: Pane,
    /// The agenda pane's selection, an index into `meeting.points`.
    pub selected: usize,
    /// The queue pane's selection, an index into `meeting.queue.waiting`.
    pub queue_selected: usize,
    pub notes: NotesEditor,
    pub status: Option<Status>,
    /// The status line's messages, oldest first, at most `MESSAGES_KEPT`.
    pub messages: std::collections::VecDeque<Said>,
    pub now: DateTime<Utc>,
    /// When an input last did something (journalled, or asked the shell to act).
    changed_at: DateTime<Utc>,
    /// The widest name on the roster, in columns as the screen shows it: the roster
    /// does not change during a meeting, and the layout asks on every frame.
    pub roster_width: usize,
    /// Where the meeting folder is, as shown to the moderator.
    pub folder: String,
    /// A `[report] template` of the agenda, already read.
    pub template: Option<String>,
    /// Something changed since the report was last written.
    pub changed_since_report: bool,
    /// A meeting nobody keeps (the demo): quitting does not ask for the report.
    pub throwaway: bool,
    /// While the meeting folder cannot be written: why, in a few words. Everything is
    /// kept on this computer meanwhile.
    pub drive_trouble: Option<String>,
    /// What this screen knows of the notes files others write too.
    pub shared: Shared,
    pending: Option<Pending>,
    /// The notes handed to `$EDITOR`: the item, the version and the text of the copy,
    /// so the editor's result is an edit of that copy, not of notes others have added
    /// to meanwhile.
    editor_copy: Option<crate::meeting::NotesCopy>,
    history: Vec<String>,
    history_at: Option<usize>,
}

impl App {
    pub fn new(meeting: Meeting, now: DateTime<Utc>) -> Self {
        let item = meeting.current.map_or(0, |c| c.item);
        let text = meeting.notes.get(item).cloned().unwrap_or_default();
        let selected = meeting
            .current
            .and_then(|c| meeting.points.iter().position(|(r, _)| *r == c))
            .unwrap_or(0);
        let notes = NotesEditor::new(item, &text, meeting.agenda.reading());
        let meeting_notes = meeting.notes.clone();
        let roster_width =
            crate::shown::widest(meeting.agenda.participants.iter().map(|p| p.name.as_str()));
        App {
            changed_since_report: meeting.report_written.is_none(),
            throwaway: false,
            meeting,
            mode: Mode::Normal,
            focus: Pane::Agenda,
            selected,
            queue_selected: 0,
            notes,
            status: None,
            messages: std::collections::VecDeque::new(),
            now,
            changed_at: now,
            roster_width,
            folder: String::new(),
            template: None,
            drive_trouble: None,
            shared: Shared::new(&meeting_notes),
            pending: None,
            editor_copy: None,
            history: Vec::new(),
            history_at: None,
        }
    }

    /// The time the screen shows: `now` to the whole second, so that every clock on it
    /// moves on at once, with the redraw each second (and a frame drawn between two
    /// seconds shows the same clocks) — but never before the last change, which would
    /// show an item or a turn begun a moment ago as not begun yet.
    pub fn clock(&self) -> DateTime<Utc> {
        use chrono::Timelike;
        let second = self.now.with_nanosecond(0).unwrap_or(self.now);
        second.max(self.changed_at.min(self.now))
    }

    /// Puts a message in the status line, and in the messages `m` lists.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        let text = text.into();
        if self.messages.len() >= MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back(Said {
            at: self.now,
            level,
            text: text.clone(),
        });
        self.status = Some(Status { level, text });
    }

    /// A word of warning when the agenda is not today's, in the meeting's time zone:
    /// last meeting's agenda opened by mistake, or a date not updated.
    pub fn date_notice(&self) -> Option<String> {
        let meeting = &self.meeting.agenda.meeting;
        let today = meeting.timezone.local(self.now).date();
        (meeting.date != today).then(|| {
            format!(
                "this agenda is dated {} (not today)",
                meeting.date.format("%-d %B %Y")
            )
        })
    }

    /// The first status line: what opening the meeting found, and the date notice —
    /// first when the meeting is yet to start, after what was found when it resumes.
    pub fn greet(&mut self, level: Level, said: impl Into<String>) {
        let said = said.into();
        match self.date_notice() {
            None => self.say(level, said),
            Some(notice) if self.meeting.started.is_none() => {
                self.say(Level::Warning, format!("{notice} · {said}"))
            }
            Some(notice) => {
                let level = if level == Level::Info {
                    Level::Warning
                } else {
                    level
                };
                self.say(level, format!("{said} · {notice}"))
            }
        }
    }

    /// The keymap keys are read with now: the mode's, and in normal mode with the
    /// queue pane focused, the queue pane's first.
    pub fn keymap(&self) -> Option<keymap::Mode> {
        match self.mode.keymap()? {
            keymap::Mode::Normal if self.focus == Pane::Queue => Some(keymap::Mode::Queue),
            m => Some(m),
        }
    }

    /// The item whose notes are shown: the current one, else the selected one.
    pub fn notes_item(&self) -> usize {
        match self.meeting.current {
            Some(c) => c.item,
            None => self
                .meeting
                .points
                .get(self.selected)
                .map_or(0, |(r, _)| r.item),
        }
    }

    /// What the notes still hold of conflicts, for the main screen, the preview and
    /// the question before writing: "item 3's notes hold a conflict (line 4)".
    pub fn conflict_notice(&self) -> Option<String> {
        let items = self.shared.conflicted();
        match items.as_slice() {
            [] => None,
            [one] => {
                let lines: Vec<String> = self
                    .shared
                    .conflicts(*one)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let (what, s) = match lines.len() {
                    1 => ("a conflict", ""),
                    _ => ("conflicts", "s"),
                };
                Some(format!(
                    "item {}'s notes hold {what} (line{s} {})",
                    one + 1,
                    crate::said::and_list(&lines)
                ))
            }
            many => {
                let numbers: Vec<String> = many.iter().map(|i| (i + 1).to_string()).collect();
                Some(format!(
                    "the notes of items {} hold conflicts",
                    crate::said::and_list(&numbers)
                ))
            }
        }
    }

    /// The report as `w` would write it.
    pub fn report(&self) -> Result<String, String> {
        match &self.template {
            Some(t) => crate::report::render_with(&self.meeting, t).map_err(|e| e.to_string()),
            None => Ok(crate::report::render(&self.meeting)),
        }
    }
}
