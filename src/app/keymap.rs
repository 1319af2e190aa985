//! The one table from keys to actions. The screen's help overlay and hint line are
//! generated from it, so what is shown can never drift from what the keys do.

use std::fmt;

/// A key as the application sees it, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Backspace,
    Delete,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => write!(f, "Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => write!(f, "Enter"),
            Key::Esc => write!(f, "Esc"),
            Key::Tab => write!(f, "Tab"),
            Key::BackTab => write!(f, "Shift-Tab"),
            Key::Up => write!(f, "↑"),
            Key::Down => write!(f, "↓"),
            Key::Left => write!(f, "←"),
            Key::Right => write!(f, "→"),
            Key::PageUp => write!(f, "PgUp"),
            Key::PageDown => write!(f, "PgDn"),
            Key::Home => write!(f, "Home"),
            Key::End => write!(f, "End"),
            Key::Backspace => write!(f, "Backspace"),
            Key::Delete => write!(f, "Delete"),
        }
    }
}

/// What the moderator can ask for in normal mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    NextItem,
    PreviousItem,
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    TakeUpSelected,
    EditNotes,
    EditInEditor,
    AddSpeaker,
    NextSpeaker,
    ToggleTimers,
    Attendance,
    WriteReport,
    CommandLine,
    Undo,
    Quit,
    Suspend,
    /// Leaves an overlay, a panel or notes editing for normal mode.
    Back,
    /// Accepts the choice in a picker, panel or preview.
    Choose,
    /// In the picker: the kind of request the speaker is queued with.
    CycleKind,
    NotesUndo,
    NotesRedo,
    MarkPresent,
    MarkRegrets,
    MarkAbsent,
    /// In the attendance panel: Backspace in the search (letters typed find a name).
    FindBack,
    AddGuest,
    ScrollUp,
    ScrollDown,
    /// The notetaker's view: follow the moderator's item, or stay on the one shown.
    Follow,
    /// The last messages of the status line, with their times.
    Messages,
    /// Yes to what the status line asks (writing a report with conflicts left).
    Confirm,
    /// The speaking-time view: each speaker's turns and time, item and meeting.
    SpeakingTimes,
    /// The queue pane: take the selected entry out of the queue.
    RemoveEntry,
    /// The queue pane: move the selected entry up / down among those of its kind.
    MoveEntryUp,
    MoveEntryDown,
    /// The queue pane: the selected entry's kind, cycled.
    CycleEntryKind,
    /// The queue pane: the selected entry gets the floor.
    GiveFloor,
}

/// Where keys are being read: each mode has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Notes,
    Picker,
    Attendance,
    Preview,
    Help,
    /// The status line's earlier messages (`m`).
    Messages,
    /// The notetaker's view (`agendum notes`).
    Notetaker,
    /// Normal mode with the queue pane focused: its keys, then normal mode's.
    Queue,
    /// The speaking-time view (`s`).
    Speaking,
}

/// One row of the table: the keys, the action, a word for the hint line (empty when
/// the key is not worth the hint line's room), how much the hint line needs it (1 the
/// most: where the line is short, the highest ranks go first) and a sentence for the
/// help overlay.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub hint: &'static str,
    pub rank: u8,
    pub help: &'static str,
}

/// Normal mode, in the order the help overlay lists them.
pub const NORMAL: &[Binding] = &[
    Binding {
        keys: &[Key::Char('?')],
        action: Action::Help,
        hint: "help",
        rank: 1,
        help: "help: every key and command",
    },
    Binding {
        keys: &[Key::Char('n')],
        action: Action::NextItem,
        hint: "next item",
        rank: 2,
        help: "take up the next agenda item; after the last, the agenda is done",
    },
    Binding {
        keys: &[Key::Char('p')],
        action: Action::PreviousItem,
        hint: "prev",
        rank: 5,
        help: "take up the previous agenda item (after the end: the last one)",
    },
    Binding {
        keys: &[Key::Char(' ')],
        action: Action::NextSpeaker,
        hint: "next speaker",
        rank: 2,
        help: "next speaker: end the turn, give the floor to the head of the queue",
    },
    Binding {
        keys: &[Key::Char('h')],
        action: Action::AddSpeaker,
        hint: "queue",
        rank: 2,
        help: "add a speaker to the queue (type to filter the roster)",
    },
    Binding {
        keys: &[Key::Char('i')],
        action: Action::EditNotes,
        hint: "notes",
        rank: 3,
        help: "edit the current item's notes here (Esc returns)",
    },
    Binding {
        keys: &[Key::Char('e')],
        action: Action::EditInEditor,
        hint: "",
        rank: 0,
        help: "edit the current item's notes in $EDITOR",
    },
    Binding {
        keys: &[Key::Char('t')],
        action: Action::ToggleTimers,
        hint: "pause",
        rank: 4,
        help: "pause / resume the item and speaker timers",
    },
    Binding {
        keys: &[Key::Char('r')],
        action: Action::Attendance,
        hint: "attendance",
        rank: 4,
        help: "attendance: present, apologies, guests",
    },
    Binding {
        keys: &[Key::Char(':')],
        action: Action::CommandLine,
        hint: "command",
        rank: 3,
        help: "command line (q+, ack, present+, action, …)",
    },
    Binding {
        keys: &[Key::Char('u')],
        action: Action::Undo,
        hint: "",
        rank: 0,
        help: "undo the last queue, attendance or agenda action (agenda+ too)",
    },
    Binding {
        keys: &[Key::Char('w')],
        action: Action::WriteReport,
        hint: "report",
        rank: 1,
        help: "write the report (preview, then write)",
    },
    Binding {
        keys: &[Key::Char('s')],
        action: Action::SpeakingTimes,
        hint: "speaking",
        rank: 5,
        help: "speaking times: each speaker's turns and time, on the item and in the meeting",
    },
    Binding {
        keys: &[Key::Char('m')],
        action: Action::Messages,
        hint: "messages",
        rank: 4,
        help: "the status line's last messages, with their times",
    },
    Binding {
        keys: &[Key::Tab],
        action: Action::FocusNext,
        hint: "",
        rank: 0,
        help: "focus the next pane",
    },
    Binding {
        keys: &[Key::BackTab],
        action: Action::FocusPrevious,
        hint: "",
        rank: 0,
        help: "focus the previous pane",
    },
    Binding {
        keys: &[Key::Up, Key::Char('k')],
        action: Action::Up,
        hint: "",
        rank: 0,
        help: "move up in the pane",
    },
    Binding {
        keys: &[Key::Down, Key::Char('j')],
        action: Action::Down,
        hint: "",
        rank: 0,
        help: "move down in the pane",
    },
    Binding {
        keys: &[Key::Enter],
        action: Action::TakeUpSelected,
        hint: "",
        rank: 0,
        help: "on the agenda: take up the selected item",
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: Action::Quit,
        hint: "quit",
        rank: 1,
        help: "quit (everything is saved; warns if the report was not written)",
    },
    Binding {
        keys: &[Key::Ctrl('z')],
        action: Action::Suspend,
        hint: "",
        rank: 0,
        help: "suspend to the shell",
    },
];

/// Editing notes: every other key is typed into the notes.
pub const NOTES: &[Binding] = &[
    Binding {
        keys: &[Key::Esc],
        action: Action::Back,
        hint: "done",
        rank: 1,
        help: "stop editing (the notes are saved as you type)",
    },
    Binding {
        keys: &[Key::Ctrl('u')],
        action: Action::NotesUndo,
        hint: "undo",
        rank: 2,
        help: "undo the last word typed, run of deletions, line break or paste",
    },
    Binding {
        keys: &[Key::Ctrl('r')],
        action: Action::NotesRedo,
        hint: "redo",
        rank: 3,
        help: "redo",
    },
    Binding {
        keys: &[Key::Ctrl('e')],
        action: Action::EditInEditor,
        hint: "$EDITOR",
        rank: 2,
        help: "continue in $EDITOR",
    },
];

/// The queue pane, focused (`Tab`): keys for its selected entry. Keys not here are
/// normal mode's.
pub const QUEUE: &[Binding] = &[
    Binding {
        keys: &[Key::Enter],
        action: Action::GiveFloor,
        hint: "floor",
        rank: 1,
        help: "give the selected entry the floor (the turn going on ends)",
    },
    Binding {
        keys: &[Key::Char('d'), Key::Delete],
        action: Action::RemoveEntry,
        hint: "remove",
        rank: 1,
        help: "take the selected entry out of the queue",
    },
    Binding {
        keys: &[Key::Char('K')],
        action: Action::MoveEntryUp,
        hint: "up",
        rank: 2,
        help: "move the selected entry up (among those of its kind)",
    },
    Binding {
        keys: &[Key::Char('J')],
        action: Action::MoveEntryDown,
        hint: "down",
        rank: 2,
        help: "move the selected entry down (among those of its kind)",
    },
    Binding {
        keys: &[Key::Char('c')],
        action: Action::CycleEntryKind,
        hint: "kind",
        rank: 1,
        help: "change the selected entry's kind: topic → reply → question → order → topic",
    },
];

/// Scrolling an overlay (the messages word theirs by age).
const SCROLL_UP: Binding = Binding {
    keys: &[Key::Up, Key::Char('k')],
    action: Action::ScrollUp,
    hint: "",
    rank: 0,
    help: "scroll up",
};

const SCROLL_DOWN: Binding = Binding {
    keys: &[Key::Down, Key::Char('j'), Key::Char(' ')],
    action: Action::ScrollDown,
    hint: "",
    rank: 0,
    help: "scroll down",
};

/// The speaking-time view (`s`).
pub const SPEAKING: &[Binding] = &[
    SCROLL_UP,
    SCROLL_DOWN,
    Binding {
        keys: &[Key::Esc, Key::Char('s'), Key::Char('q')],
        action: Action::Back,
        hint: "close",
        rank: 1,
        help: "close the speaking times",
    },
];

/// The participant picker (`h`): other keys type into the filter.
pub const PICKER: &[Binding] = &[
    Binding {
        keys: &[Key::Enter],
        action: Action::Choose,
        hint: "choose",
        rank: 1,
        help: "choose the participant (a new name becomes a guest, after asking), then \
               type their topic if they gave one; Enter queues them",
    },
    Binding {
        keys: &[Key::Tab],
        action: Action::CycleKind,
        hint: "kind",
        rank: 1,
        help: "new topic → reply → clarifying question → point of order",
    },
    Binding {
        keys: &[Key::Up],
        action: Action::Up,
        hint: "",
        rank: 0,
        help: "previous name",
    },
    Binding {
        keys: &[Key::Down],
        action: Action::Down,
        hint: "",
        rank: 0,
        help: "next name",
    },
    Binding {
        keys: &[Key::Esc],
        action: Action::Back,
        hint: "cancel",
        rank: 1,
        help: "close the picker",
    },
];

/// The attendance panel (`r`): one key per person, the selection moving on; letters
/// are a search, so the marks are on other keys.
pub const ATTENDANCE: &[Binding] = &[
    Binding {
        keys: &[Key::Char(' '), Key::Enter],
        action: Action::MarkPresent,
        hint: "present",
        rank: 1,
        help: "mark the selected person present and move to the next",
    },
    Binding {
        keys: &[Key::Char('!'), Key::Ctrl('a')],
        action: Action::MarkRegrets,
        hint: "apologies",
        rank: 1,
        help: "mark that they sent apologies and move to the next",
    },
    Binding {
        keys: &[Key::Char('-'), Key::Ctrl('x')],
        action: Action::MarkAbsent,
        hint: "absent",
        rank: 2,
        help: "mark them absent and move to the next",
    },
    Binding {
        keys: &[Key::Char('+'), Key::Ctrl('g')],
        action: Action::AddGuest,
        hint: "guest",
        rank: 2,
        help: "add a guest: NAME, AFFILIATION then Enter",
    },
    Binding {
        keys: &[Key::Backspace],
        action: Action::FindBack,
        hint: "",
        rank: 0,
        help: "type letters to find a name (case and accents do not matter); Backspace \
               edits the search",
    },
    Binding {
        keys: &[Key::Up],
        action: Action::Up,
        hint: "",
        rank: 0,
        help: "previous participant",
    },
    Binding {
        keys: &[Key::Down],
        action: Action::Down,
        hint: "",
        rank: 0,
        help: "next participant",
    },
    Binding {
        keys: &[Key::Esc],
        action: Action::Back,
        hint: "close",
        rank: 1,
        help: "clear the search; with none typed, close the panel",
    },
];

/// The report preview (`w`).
pub const PREVIEW: &[Binding] = &[
    Binding {
        keys: &[Key::Char('w'), Key::Enter],
        action: Action::Choose,
        hint: "write",
        rank: 1,
        help: "write the report into the meeting folder",
    },
    SCROLL_UP,
    SCROLL_DOWN,
    Binding {
        keys: &[Key::Esc, Key::Char('q')],
        action: Action::Back,
        hint: "cancel",
        rank: 1,
        help: "back to the meeting without writing",
    },
    Binding {
        keys: &[Key::Char('y')],
        action: Action::Confirm,
        hint: "",
        rank: 0,
        help: "yes: write the report with the conflicts the notes still hold",
    },
];

/// The status line's messages (`m`).
pub const MESSAGES: &[Binding] = &[
    Binding {
        keys: &[Key::Up, Key::Char('k')],
        action: Action::ScrollUp,
        hint: "",
        rank: 0,
        help: "scroll up (older)",
    },
    Binding {
        keys: &[Key::Down, Key::Char('j'), Key::Char(' ')],
        action: Action::ScrollDown,
        hint: "",
        rank: 0,
        help: "scroll down (newer)",
    },
    Binding {
        keys: &[Key::Esc, Key::Char('m'), Key::Char('q')],
        action: Action::Back,
        hint: "close",
        rank: 1,
        help: "close the messages",
    },
];

/// The help overlay.
pub const HELP: &[Binding] = &[
    SCROLL_UP,
    SCROLL_DOWN,
    Binding {
        keys: &[Key::Esc, Key::Char('?'), Key::Char('q')],
        action: Action::Back,
        hint: "close",
        rank: 1,
        help: "close the help",
    },
];

/// The notetaker's view, out of editing.
pub const NOTETAKER: &[Binding] = &[
    Binding {
        keys: &[Key::Char('?')],
        action: Action::Help,
        hint: "help",
        rank: 1,
        help: "help: every key",
    },
    Binding {
        keys: &[Key::Char('i'), Key::Enter],
        action: Action::EditNotes,
        hint: "edit",
        rank: 1,
        help: "edit the notes of the item shown; Esc stops",
    },
    Binding {
        keys: &[Key::Char('e')],
        action: Action::EditInEditor,
        hint: "$EDITOR",
        rank: 3,
        help: "edit the notes of the item shown in $EDITOR",
    },
    Binding {
        keys: &[Key::Char('n'), Key::Down, Key::Char('j')],
        action: Action::NextItem,
        hint: "next",
        rank: 2,
        help: "show the next item's notes, and stay on it (pinned)",
    },
    Binding {
        keys: &[Key::Char('p'), Key::Up, Key::Char('k')],
        action: Action::PreviousItem,
        hint: "prev",
        rank: 3,
        help: "show the previous item's notes, and stay on it (pinned)",
    },
    Binding {
        keys: &[Key::Char('f')],
        action: Action::Follow,
        hint: "follow/pin",
        rank: 2,
        help: "follow the moderator's current item, or pin the item shown",
    },
    Binding {
        keys: &[Key::Char('q')],
        action: Action::Quit,
        hint: "quit",
        rank: 1,
        help: "quit (the notes are saved as you type)",
    },
];

/// The table of a mode.
pub fn table(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Normal => NORMAL,
        Mode::Notes => NOTES,
        Mode::Picker => PICKER,
        Mode::Attendance => ATTENDANCE,
        Mode::Preview => PREVIEW,
        Mode::Help => HELP,
        Mode::Messages => MESSAGES,
        Mode::Notetaker => NOTETAKER,
        Mode::Queue => QUEUE,
        Mode::Speaking => SPEAKING,
    }
}

/// The bindings a mode reads keys from, first found first: the queue pane's own, then
/// normal mode's.
fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    let then: &[Binding] = if mode == Mode::Queue { NORMAL } else { &[] };
    table(mode).iter().chain(then.iter())
}

/// The action a key stands for in a mode.
pub fn action_in(mode: Mode, key: Key) -> Option<Action> {
    bindings(mode)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// The hint line of a mode, "? help  n next item  …" in the table's order, within
/// `width` columns: where they do not all fit, the entries of the highest rank (the
/// least needed) are left out first, so `? help`, `w report` and `q quit` stay.
pub fn hint_line_in(mode: Mode, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let entries: Vec<(u8, String)> = bindings(mode)
        .filter(|b| !b.hint.is_empty())
        .map(|b| (b.rank, format!("{} {}", b.keys[0], b.hint)))
        .collect();
    let mut by_need: Vec<usize> = (0..entries.len()).collect();
    by_need.sort_by_key(|&i| entries[i].0);
    let mut kept = Vec::new();
    let mut used = 0;
    for i in by_need {
        let needed = entries[i].1.width() + if kept.is_empty() { 0 } else { 2 };
        if used + needed > width {
            break;
        }
        used += needed;
        kept.push(i);
    }
    kept.sort_unstable();
    let shown: Vec<&str> = kept.iter().map(|&i| entries[i].1.as_str()).collect();
    shown.join("  ")
}

/// Every binding of a mode, as the help overlay lists them.
pub fn help_rows_in(mode: Mode) -> Vec<(String, &'static str)> {
    table(mode)
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
            (keys.join(" / "), b.help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_of_the_spec_is_bound() {
        let spec = [
            (Key::Char('?'), Action::Help),
            (Key::Char('n'), Action::NextItem),
            (Key::Char('p'), Action::PreviousItem),
            (Key::Tab, Action::FocusNext),
            (Key::BackTab, Action::FocusPrevious),
            (Key::Up, Action::Up),
            (Key::Char('k'), Action::Up),
            (Key::Down, Action::Down),
            (Key::Char('j'), Action::Down),
            (Key::Enter, Action::TakeUpSelected),
            (Key::Char('i'), Action::EditNotes),
            (Key::Char('e'), Action::EditInEditor),
            (Key::Char('h'), Action::AddSpeaker),
            (Key::Char(' '), Action::NextSpeaker),
            (Key::Char('t'), Action::ToggleTimers),
            (Key::Char('r'), Action::Attendance),
            (Key::Char('w'), Action::WriteReport),
            (Key::Char(':'), Action::CommandLine),
            (Key::Char('q'), Action::Quit),
            (Key::Ctrl('c'), Action::Quit),
            (Key::Ctrl('z'), Action::Suspend),
        ];
        for (key, expected) in spec {
            assert_eq!(action_in(Mode::Normal, key), Some(expected), "{key}");
        }
        assert_eq!(action_in(Mode::Normal, Key::Char('x')), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [
            Mode::Normal,
            Mode::Notes,
            Mode::Picker,
            Mode::Attendance,
            Mode::Preview,
            Mode::Help,
            Mode::Messages,
            Mode::Notetaker,
            Mode::Queue,
            Mode::Speaking,
        ] {
            let mut seen = HashSet::new();
            for b in table(mode) {
                for k in b.keys {
                    assert!(seen.insert(*k), "{k} is bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn modes_have_their_own_keys() {
        assert_eq!(action_in(Mode::Notes, Key::Char('q')), None);
        assert_eq!(action_in(Mode::Notes, Key::Esc), Some(Action::Back));
        assert_eq!(action_in(Mode::Picker, Key::Char('j')), None);
        assert_eq!(
            action_in(Mode::Attendance, Key::Char('!')),
            Some(Action::MarkRegrets)
        );
        assert!(hint_line_in(Mode::Picker, 80).contains("Tab kind"));
    }

    #[test]
    fn the_hint_line_fits_and_comes_from_the_table() {
        assert_eq!(
            hint_line_in(Mode::Normal, 80),
            "? help  n next item  Space next speaker  h queue  i notes  w report  q quit"
        );
        assert_eq!(
            hint_line_in(Mode::Normal, 100),
            "? help  n next item  Space next speaker  h queue  i notes  t pause  : command  \
             w report  q quit"
        );
        // The most needed stay however narrow the line, in the table's order.
        for width in 24..=200 {
            let line = hint_line_in(Mode::Normal, width);
            assert!(line.chars().count() <= width, "{line}");
            for needed in ["? help", "w report", "q quit"] {
                assert!(line.contains(needed), "{width}: {line}");
            }
            assert!(
                line.starts_with("? help") && line.ends_with("q quit"),
                "{line}"
            );
        }
        assert_eq!(hint_line_in(Mode::Normal, 10), "? help");
        assert_eq!(hint_line_in(Mode::Normal, 3), "");
        for b in NORMAL.iter().filter(|b| !b.hint.is_empty()) {
            assert!(hint_line_in(Mode::Normal, 500).contains(b.hint));
        }
    }

    #[test]
    fn the_help_lists_every_binding_with_all_its_keys() {
        let rows = help_rows_in(Mode::Normal);
        assert_eq!(rows.len(), NORMAL.len());
        assert!(rows.contains(&("↑ / k".to_string(), "move up in the pane")));
        assert!(rows.contains(&(
            "q / Ctrl-C".to_string(),
            "quit (everything is saved; warns if the report was not written)"
        )));
    }
}
