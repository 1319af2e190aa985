//! The notes editor: one item's notes in a soft-wrapped text area. The meeting hears
//! of edits in a pause of the typing, at most about twice a second (and whenever the
//! editor is left), because an item's notes travel whole and a keystroke should not
//! copy a long text.
//!
//! The text area holds only the cursor's line (and the lines on either side of it for
//! a key that may cross to them), the others waiting outside it: the text area
//! measures every line it holds on every edit, so with a long item's notes in it each
//! key would cost tens of milliseconds.
//! It moves when the cursor reaches its edge. Characters typed into the cursor's line,
//! or taken back from it, do not go through it at all (`held`): it would measure the
//! whole paragraph again for each. The pane is laid out from the whole
//! text, as far around the cursor as a screen reaches, and undo is kept here, over
//! the whole text, so that moving the text area loses nothing.
//!
//! The text area edits; the notes pane is laid out here (`wrap`): a line breaks at
//! the spaces before a word that would pass the pane's edge, the spaces staying at the
//! end of the row, so every row begins where the text does; a word longer than the
//! pane breaks where the edge is, so nothing is ever cut off. Up and down move by
//! these rows. Typing is undone a word at a time.

use std::cell::{Cell, Ref, RefCell};

use ratatui_textarea::{CursorMove, DataCursor, Input, Key, TextArea};
use unicode_width::UnicodeWidthChar;

use super::held::{Held, LineKey};
use crate::notes::{Extracted, Problem, Reading, extract, extract_entries};
use crate::report::markdown::neutralise_typed;

/// How many lines the text area holds on each side of the cursor's line for a key
/// that may reach past it (a backspace at its start joins the line before, a delete
/// at its end the line after, a word move may cross). A character typed reaches only
/// its own line, which the editor then holds alone, without a text area (`held`).
const AREA_LINES: usize = 1;

/// How many rows past the pane's edges are laid out: a page up or down lands there.
const MARGIN: usize = 8;

pub struct NotesEditor {
    /// The item, from 0; sub-items write in their item's notes.
    pub item: usize,
    area: Held,
    /// The lines before the text area, and after it, the nearest last (so that moving
    /// the text area moves only the lines it passes).
    above: Vec<String>,
    after: Vec<String>,
    /// Edited since the meeting last heard of it.
    pub dirty: bool,
    /// When the first edit the meeting has not heard of was made (by the clock of
    /// whoever asks): what is typed is handed over by `SAVE_WITHIN` of it, whatever
    /// keeps coming (the shell asks after every frame, and wakes by then).
    pub dirty_since: Option<chrono::DateTime<chrono::Utc>>,
    /// When the last input came, which another may follow: typing is handed over in a
    /// pause (`IDLE`), not in front of the next key.
    last_input: Option<chrono::DateTime<chrono::Utc>>,
    /// The decisions, actions and next steps of the notes as the meeting last heard
    /// them, so drawing never parses notes.
    extracted: Extracted,
    /// The problems drawn, with the guests whose names the owners were checked
    /// against: a frame checks the owners again only when either has changed.
    drawn_problems: RefCell<Option<(u64, Vec<Problem>)>>,
    reading: Reading,
    /// The problems of these notes the status line has told already.
    told: Vec<Problem>,
    editing: bool,
    /// The pane as last drawn: its size and the first row shown. The editor keeps its
    /// scroll position as the text area did, through drawing.
    view: Cell<View>,
    /// The lines around the cursor as last laid out.
    wrapped: RefCell<Wrapped>,
    /// The rows of the last layout, kept for the memory they hold: a key lays out the
    /// rows around the cursor again.
    laid: RefCell<Vec<Row>>,
    /// How many lines the text area holds on each side of the cursor's (0 or
    /// `AREA_LINES`), for the last key.
    held: usize,
    /// The column the cursor keeps while it moves up and down rows of different lengths.
    goal: Option<usize>,
    steps: Steps,
}

/// The notes pane as last drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct View {
    width: u16,
    height: u16,
    /// The first row shown: a line of the whole text, and a row of that line.
    top: (usize, usize),
}

/// A change to the notes: lines `at..at + old.len()` of the whole text became `new`,
/// the cursor going from `before` to `after` (line of the whole text, character).
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    old: Vec<String>,
    new: Vec<String>,
    before: (usize, usize),
    after: (usize, usize),
}

impl Edit {
    /// `next`, made right after this edit, folded into it when it changes only lines
    /// this edit made (a word typed on one line is one edit); else `next` back.
    fn absorb(&mut self, next: Edit) -> Result<(), Edit> {
        if !self.made(next.at, next.old.len()) {
            return Err(next);
        }
        let from = next.at - self.at;
        self.new.splice(from..from + next.old.len(), next.new);
        self.after = next.after;
        Ok(())
    }

    /// Whether lines `at..at + n` of the whole text are among those this edit made.
    fn made(&self, at: usize, n: usize) -> bool {
        self.at <= at && at + n <= self.at + self.new.len()
    }
}

/// Undo by step rather than by key: the edits of each step (typing a word and the
/// spaces after it is one, a run of deletions another), newest last; and the steps
/// undone, for redo.
#[derive(Debug, Clone, Default)]
struct Steps {
    /// Oldest first: the oldest goes when the history is full.
    done: std::collections::VecDeque<Vec<Edit>>,
    undone: Vec<Vec<Edit>>,
    /// What the last edit was while the next may still join its step.
    last: Option<Typed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typed {
    Word,
    Space,
    Deletion,
}

/// The most undo steps kept.
const STEPS: usize = 1_000;

impl Steps {
    /// What `input` types, and whether its edit joins the last step.
    fn kind(&self, input: &Input) -> (Option<Typed>, bool) {
        let typed = match input.key {
            _ if input.ctrl || input.alt => None,
            Key::Char(' ') => Some(Typed::Space),
            Key::Char(c) if !c.is_whitespace() => Some(Typed::Word),
            Key::Backspace | Key::Delete => Some(Typed::Deletion),
            _ => None,
        };
        let joins = matches!(
            (self.last, typed),
            (Some(Typed::Word), Some(Typed::Word | Typed::Space))
                | (Some(Typed::Space), Some(Typed::Space))
                | (Some(Typed::Deletion), Some(Typed::Deletion))
        );
        (typed, joins)
    }

    /// Whether an edit of line `at` alone by `input` would be folded into the last
    /// edit, which made that line: `extend` records it then, without a copy of the line
    /// as it was (a word typed into a long paragraph copies it once, not per key).
    fn extends(&self, input: &Input, at: usize) -> bool {
        self.kind(input).1
            && self
                .done
                .back()
                .and_then(|step| step.last())
                .is_some_and(|last| last.made(at, 1))
    }

    /// `key`, typed by `input` at byte `byte` of line `at`, moved the cursor to
    /// `after`, where `extends` said so: the same key is made in the line the last edit
    /// made, which was that line.
    fn extend(
        &mut self,
        input: &Input,
        key: LineKey,
        (at, byte): (usize, usize),
        after: (usize, usize),
    ) {
        let (typed, _) = self.kind(input);
        if let Some(last) = self.done.back_mut().and_then(|step| step.last_mut()) {
            key.make(&mut last.new[at - last.at], byte);
            last.after = after;
        }
        self.last = typed;
        self.undone.clear();
    }

    /// `edit` was made by `input`.
    fn edited(&mut self, input: &Input, edit: Edit) {
        let (typed, joins) = self.kind(input);
        match self.done.back_mut() {
            Some(step) if joins => {
                if let Some(Err(edit)) = step.last_mut().map(|last| last.absorb(edit)) {
                    step.push(edit);
                }
            }
            _ => self.push(vec![edit]),
        }
        self.last = typed;
        self.undone.clear();
    }

    /// An edit that is a step of its own (a paste).
    fn one(&mut self, edit: Edit) {
        self.push(vec![edit]);
        self.last = None;
        self.undone.clear();
    }

    fn push(&mut self, step: Vec<Edit>) {
        if self.done.len() == STEPS {
            self.done.pop_front();
        }
        self.done.push_back(step);
    }
}

/// `lines` with `edit` made (`forward`) or taken back.
fn apply(lines: &mut Vec<String>, edit: &Edit, forward: bool) {
    let (gone, put) = if forward {
        (&edit.old, &edit.new)
    } else {
        (&edit.new, &edit.old)
    };
    // The steps were recorded on this very text; the bounds only keep a mistake from
    // becoming a panic.
    let end = (edit.at + gone.len()).min(lines.len());
    lines.splice(edit.at.min(end)..end, put.iter().cloned());
}

impl NotesEditor {
    pub fn new(item: usize, text: &str, reading: Reading) -> Self {
        let mut e = NotesEditor {
            item,
            area: Held::default(),
            above: Vec::new(),
            after: Vec::new(),
            dirty: false,
            dirty_since: None,
            last_input: None,
            extracted: Extracted::default(),
            drawn_problems: RefCell::new(None),
            reading,
            told: Vec::new(),
            editing: false,
            view: Cell::new(View::default()),
            wrapped: RefCell::default(),
            laid: RefCell::default(),
            held: AREA_LINES,
            goal: None,
            steps: Steps::default(),
        };
        e.load(item, text);
        e
    }

    /// Shows another text (another item, or a change made elsewhere), cursor at its end.
    pub fn load(&mut self, item: usize, text: &str) {
        self.item = item;
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        let col = lines[last].chars().count();
        self.window(lines, last, col);
        self.steps = Steps::default();
        self.dirty = false;
        self.extract(text);
        self.told = self.extracted.problems.clone();
    }

    /// Shows the text as changed elsewhere while it is being read or typed: the cursor
    /// stays on the line it was on, found again by its words where lines came or went
    /// above it. The undo history starts again from here.
    pub fn replace(&mut self, text: &str) {
        let DataCursor(row, col) = self.area.cursor();
        let row = row + self.above.len();
        let old_line = self
            .area
            .lines()
            .get(row - self.above.len())
            .cloned()
            .unwrap_or_default();
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        // Nothing shown, or the line gone: the end, where notes grow.
        let (near, col) = match (0..lines.len())
            .filter(|&i| lines[i] == old_line && !self.is_empty())
            .min_by_key(|&i| i.abs_diff(row))
        {
            Some(i) => (i, col.min(lines[i].chars().count())),
            None => (last, lines[last].chars().count()),
        };
        self.window(lines, near, col);
        self.steps = Steps::default();
        self.extract(text);
    }

    /// Where the cursor is in the whole text, in bytes.
    pub fn cursor_offset(&self) -> usize {
        let DataCursor(row, _) = self.area.cursor();
        let lines = self.area.lines();
        let before: usize = self
            .above
            .iter()
            .chain(&lines[..row.min(lines.len())])
            .map(|l| l.len() + 1)
            .sum();
        before + self.area.cursor_byte()
    }

    /// Shows the text as changed elsewhere while it is being read or typed, the cursor
    /// at byte `offset` of it (where the change moved it). The undo history starts again
    /// from here.
    pub fn replace_at(&mut self, text: &str, offset: usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let row = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..offset].chars().count();
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        self.window(lines, row, col);
        self.steps = Steps::default();
        self.extract(text);
    }

    /// Reads the decisions, actions and next steps of `text`.
    fn extract(&mut self, text: &str) {
        self.extracted = extract_entries(text, &self.reading);
        self.drawn_problems.replace(None);
    }

    /// What the report will lift out of the notes, as the meeting last heard them.
    pub fn extracted(&self) -> &Extracted {
        &self.extracted
    }

    /// The problems of the notes shown, for drawing: `problems` with the meeting's
    /// owners, found again only when the notes or the guests have changed since the
    /// last frame, and lent rather than copied (every frame of a key asks).
    pub fn drawn_problems(&self, meeting: &crate::meeting::Meeting) -> Ref<'_, [Problem]> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for g in &meeting.attendance.guests {
            g.name.hash(&mut h);
        }
        let key = h.finish();
        {
            let mut drawn = self.drawn_problems.borrow_mut();
            if !matches!(&*drawn, Some((k, _)) if *k == key) {
                *drawn = Some((key, self.problems(|o| meeting.owner_problem(o))));
            }
        }
        Ref::map(self.drawn_problems.borrow(), |d| {
            d.as_ref()
                .map_or(&[][..], |(_, problems)| problems.as_slice())
        })
    }

    /// The problems of the notes shown: labelled lines that could not be read, and
    /// owners `known` has a problem with.
    pub fn problems(&self, known: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        self.extracted.problems_with_owners(known)
    }

    /// A problem that appeared since the last call, said the way the status line says
    /// it ("notes line 3: …"), with how many more there are.
    pub fn untold(&mut self, known: impl Fn(&str) -> Option<String>) -> Option<String> {
        let now = self.problems(known);
        let new: Vec<&Problem> = now.iter().filter(|p| !self.told.contains(p)).collect();
        let said = new.first().map(|p| {
            let more = match new.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            format!("notes line {}: {}{more}", p.line, p.what)
        });
        self.told = now;
        said
    }

    pub fn is_empty(&self) -> bool {
        self.above.is_empty() && self.after.is_empty() && self.area.is_empty()
    }

    pub fn text(&self) -> String {
        let mut all: Vec<&str> = Vec::with_capacity(self.count());
        all.extend(self.lines());
        all.join("\n")
    }

    /// Every line of the whole text, in order.
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.above
            .iter()
            .chain(self.area.lines())
            .chain(self.after.iter().rev())
            .map(String::as_str)
    }

    /// Whether the editor holds exactly `text`, told without building its own text.
    pub fn shows(&self, text: &str) -> bool {
        let mut lines = text.split('\n');
        self.lines().all(|l| lines.next() == Some(l)) && lines.next().is_none()
    }

    /// The text, once, when it has changed since the meeting last heard of it.
    pub fn take_changes(&mut self) -> Option<String> {
        if !self.dirty {
            return None;
        }
        self.dirty = false;
        self.dirty_since = None;
        let text = self.text();
        self.extract(&text);
        Some(text)
    }

    /// Typing is handed over at the latest this long after its first unsaved edit, so
    /// that with the journal's write it is durable within a second.
    pub const SAVE_WITHIN: chrono::TimeDelta = chrono::TimeDelta::milliseconds(600);

    /// Typing that goes on is handed over `IDLE` into the first pause that begins this
    /// long after its first unsaved edit (and by `SAVE_WITHIN` whatever comes): the start
    /// of a pause between keys is when the next key is furthest away, and the terminal
    /// has shown the last.
    pub const HAND_OVER_AFTER: chrono::TimeDelta = chrono::TimeDelta::milliseconds(400);

    /// A pause in the input: shorter than any typist's gap between two keys, longer than
    /// the terminal takes to show a frame.
    pub const IDLE: chrono::TimeDelta = chrono::TimeDelta::milliseconds(20);

    /// Notes the time of the first unsaved edit.
    pub fn note_unsaved(&mut self, now: chrono::DateTime<chrono::Utc>) {
        if self.dirty {
            self.dirty_since.get_or_insert(now);
        } else {
            self.dirty_since = None;
        }
    }

    /// An input came at `now` (a key, a paste), which another may follow.
    pub fn note_input(&mut self, now: chrono::DateTime<chrono::Utc>) {
        self.last_input = Some(now);
        self.note_unsaved(now);
    }

    /// When the typing is to be handed over, with no input from `now` on (`None`:
    /// nothing to hand over).
    fn save_at(&self, now: chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
        let since = self.dirty_since.filter(|_| self.dirty)?;
        // The clock was set back since: the times noted are ahead of it, and waiting
        // for them could keep the typing from the journal for as long as the step.
        if now < since || self.last_input.is_some_and(|at| now < at) {
            return Some(now);
        }
        let deadline = since + Self::SAVE_WITHIN;
        let paused = self.last_input.map_or(since, |at| at + Self::IDLE);
        // A pause that began earlier is already under way: the next key may be near.
        Some(if paused >= since + Self::HAND_OVER_AFTER {
            paused.min(deadline)
        } else {
            deadline
        })
    }

    /// Notes the time of the first unsaved edit; whether the typing is to be handed over
    /// now (`save_at`).
    pub fn save_due(&mut self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.note_unsaved(now);
        self.save_at(now).is_some_and(|at| now >= at)
    }

    /// How long until the typing is due to be handed over, with no input meanwhile
    /// (`None`: nothing to hand over).
    pub fn save_due_in(&self, now: chrono::DateTime<chrono::Utc>) -> Option<std::time::Duration> {
        Some(
            (self.save_at(now)? - now)
                .to_std()
                .unwrap_or(std::time::Duration::ZERO),
        )
    }

    /// A key typed into the notes; whether it changed them.
    pub fn input(&mut self, input: Input) -> bool {
        let rows = match input.key {
            _ if input.ctrl || input.alt => 0,
            Key::Up => -1,
            Key::Down => 1,
            Key::PageUp | Key::PageDown => {
                let page = self.view.get().height.saturating_sub(1).max(1) as isize;
                if input.key == Key::PageUp {
                    -page
                } else {
                    page
                }
            }
            _ => 0,
        };
        // Up and down go by the rows on screen, once the pane has been drawn.
        if rows != 0 && self.view.get().width > 0 {
            self.move_rows(rows);
            self.follow_cursor();
            return false;
        }
        let reach = self.reach_for(&input);
        if reach != self.held {
            self.held = reach;
            let (line, col) = self.cursor_at();
            self.recut(line, col);
        }
        let in_line = match input.key {
            _ if input.ctrl || input.alt => None,
            Key::Char(c) if c != '\n' && c != '\r' => Some(LineKey::Char(c)),
            Key::Backspace if self.area.cursor().1 > 0 => Some(LineKey::Backspace),
            _ => None,
        };
        if let Some(key) = in_line
            && self.type_in_line(&input, key)
        {
            self.goal = None;
            self.dirty = true;
            self.follow_cursor();
            return true;
        }
        let edit = self.edit(|a| a.input(input.clone()));
        let changed = edit.is_some();
        match edit {
            Some(edit) => self.steps.edited(&input, edit),
            None => self.steps.last = None,
        }
        self.goal = None;
        self.dirty |= changed;
        self.follow_cursor();
        changed
    }

    /// Takes back the last step: the last word typed, run of deletions or paste.
    pub fn undo(&mut self) {
        self.steps.last = None;
        let Some(step) = self.steps.done.pop_back() else {
            return;
        };
        let mut lines = self.all_lines();
        for edit in step.iter().rev() {
            apply(&mut lines, edit, false);
        }
        let (row, col) = step[0].before;
        self.window(lines, row, col);
        self.steps.undone.push(step);
        self.dirty = true;
        self.goal = None;
    }

    pub fn redo(&mut self) {
        self.steps.last = None;
        let Some(step) = self.steps.undone.pop() else {
            return;
        };
        let mut lines = self.all_lines();
        for edit in &step {
            apply(&mut lines, edit, true);
        }
        let (row, col) = step[step.len() - 1].after;
        self.window(lines, row, col);
        self.steps.done.push_back(step);
        self.dirty = true;
        self.goal = None;
    }

    /// How many lines on each side of the cursor's line `input` may reach: none for a
    /// character typed or a move or deletion inside the line.
    fn reach_for(&self, input: &Input) -> usize {
        if input.ctrl || input.alt {
            return AREA_LINES;
        }
        let DataCursor(row, col) = self.area.cursor();
        let at_end = || col >= self.area.lines()[row].chars().count();
        match input.key {
            Key::Char(_) | Key::Enter | Key::Tab | Key::Home | Key::End => 0,
            Key::Backspace | Key::Left if col > 0 => 0,
            Key::Delete | Key::Right if !at_end() => 0,
            _ => AREA_LINES,
        }
    }

    /// `key`, typed by `input`, made in the cursor's line without the text area (see
    /// `held`); whether it was.
    fn type_in_line(&mut self, input: &Input, key: LineKey) -> bool {
        // A key typed over a selection replaces it: the text area's.
        if self.area.is_selecting() {
            return false;
        }
        if self.area.lines().len() > 1 {
            // A line break typed or a text pasted last left more than one line held:
            // the cursor's alone is enough.
            let (line, col) = self.cursor_at();
            self.recut(line, col);
        }
        let before = self.cursor_at();
        let at = before.0;
        let byte = self.area.cursor_byte();
        let old = (!self.steps.extends(input, at)).then(|| self.area.lines()[0].clone());
        if !self.area.type_key(key) {
            return false;
        }
        let after = self.cursor_at();
        match old {
            None => self.steps.extend(input, key, (at, byte), after),
            Some(old) => {
                let edit = Edit {
                    at,
                    old: vec![old],
                    new: vec![self.area.lines()[0].clone()],
                    before,
                    after,
                };
                self.steps.edited(input, edit);
            }
        }
        true
    }

    /// Makes an edit in the text area with `f` (which says whether it changed
    /// anything): the lines it changed, as an edit of the whole text.
    fn edit(&mut self, f: impl FnOnce(&mut TextArea<'static>) -> bool) -> Option<Edit> {
        let mut old = self.area.lines().to_vec();
        let before = self.cursor_at();
        if !f(self.area.area()) {
            return None;
        }
        let new = self.area.lines();
        let same_start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - same_start;
        let same_end = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        if same_start + same_end == old.len() && old.len() == new.len() {
            return None;
        }
        old.truncate(old.len() - same_end);
        Some(Edit {
            at: self.above.len() + same_start,
            old: old.split_off(same_start),
            new: new[same_start..new.len() - same_end].to_vec(),
            before,
            after: self.cursor_at(),
        })
    }

    /// The cursor's line in the whole text, and its character in the line.
    fn cursor_at(&self) -> (usize, usize) {
        let DataCursor(row, col) = self.area.cursor();
        (self.above.len() + row, col)
    }

    /// Every line, taken out of the editor (to be put back by `window`).
    fn all_lines(&mut self) -> Vec<String> {
        let mut lines = std::mem::take(&mut self.above);
        lines.append(&mut std::mem::take(&mut self.area).into_lines());
        lines.extend(self.after.drain(..).rev());
        lines
    }

    /// How many lines the whole text has.
    fn count(&self) -> usize {
        self.above.len() + self.area.lines().len() + self.after.len()
    }

    /// Line `i` of the whole text.
    fn line(&self, i: usize) -> &str {
        let (a, n) = (self.above.len(), self.area.lines().len());
        if i < a {
            &self.above[i]
        } else if i < a + n {
            &self.area.lines()[i - a]
        } else {
            &self.after[self.after.len() - 1 - (i - a - n)]
        }
    }

    /// Scrolls the view by `rows` without editing (the notes pane has the focus).
    pub fn scroll(&mut self, rows: i16) {
        if self.view.get().width > 0 {
            self.move_rows(rows as isize);
            self.follow_cursor();
            return;
        }
        // Not drawn yet: by lines.
        let (line, col) = self.cursor_at();
        let target = line
            .saturating_add_signed(rows as isize)
            .min(self.count() - 1);
        self.cursor_to(target, col);
        self.follow_cursor();
    }

    /// After a resize: the view starts again from the top as far as the cursor allows,
    /// so a window made larger shows the text above instead of empty rows below.
    pub fn refit(&mut self) {
        let view = self.view.get();
        self.view.set(View {
            top: (0, 0),
            ..view
        });
    }

    /// The cursor shows only while the notes are being edited.
    pub fn show_cursor(&mut self, editing: bool) {
        self.editing = editing;
    }

    /// A text pasted while the notes are edited: inserted at the cursor as one edit (one
    /// undo step), without escape sequences. A labelled line ("ACTION: …") pasted into
    /// the middle of a line gets a line of its own: the text before it ends its line,
    /// the text after it starts the next.
    pub fn paste(&mut self, text: &str) {
        let text = neutralise_typed(text);
        let DataCursor(row, _) = self.area.cursor();
        let line = self.area.lines().get(row).map_or("", String::as_str);
        let at = self.area.cursor_byte();
        let (before, after) = (&line[..at], &line[at..]);
        let labelled = |l: Option<&str>| {
            l.is_some_and(|l| {
                let x = extract(l, &self.reading);
                !x.entries.is_empty() || !x.problems.is_empty()
            })
        };
        let mut pasted = String::with_capacity(text.len() + 2);
        if !before.trim().is_empty() && labelled(text.split('\n').next()) {
            pasted.push('\n');
        }
        pasted.push_str(&text);
        if !after.trim().is_empty() && !text.ends_with('\n') && labelled(text.rsplit('\n').next()) {
            pasted.push('\n');
        }
        self.insert(&pasted);
    }

    /// A text pasted while the notes are not being edited: a paragraph of its own after
    /// the notes (never glued to the end of their last line), the cursor after it.
    pub fn paste_after(&mut self, text: &str) {
        let text = neutralise_typed(text);
        if text.is_empty() {
            return;
        }
        self.cursor_to_end();
        let last = self.area.lines().last().map_or("", String::as_str);
        let pasted = if last.is_empty() {
            text.into_owned()
        } else {
            format!("\n{text}")
        };
        self.insert(&pasted);
    }

    /// One edit, one undo step.
    fn insert(&mut self, text: &str) {
        if let Some(edit) = self.edit(|a| a.insert_str(text)) {
            self.dirty = true;
            self.steps.one(edit);
        }
        self.goal = None;
        self.follow_cursor();
    }

    /// The cursor at the end of the notes, the window moved there if it is not.
    fn cursor_to_end(&mut self) {
        if self.after.is_empty() {
            let area = self.area.area();
            area.move_cursor(CursorMove::Bottom);
            area.move_cursor(CursorMove::End);
            return;
        }
        let col = self.after[0].chars().count();
        self.recut(self.count() - 1, col);
    }

    /// The rows of the lines around the cursor at `width` columns (0: a row per line),
    /// at least `reach` rows on each side of the cursor's row where the text has them,
    /// and where the cursor is among them: its row and column.
    fn layout(&self, width: u16, reach: usize) -> Layout {
        let (cursor_line, _) = self.cursor_at();
        let count = self.count();
        let mut known = self.wrapped.borrow_mut();
        known.keep(width);
        let (mut first, mut rows_above) = (cursor_line, 0);
        while first > 0 && rows_above < reach {
            first -= 1;
            rows_above += known.of(first, self.line(first)).len();
        }
        let (mut end, mut rows_below) = (cursor_line + 1, 0);
        while end < count && rows_below < reach {
            rows_below += known.of(end, self.line(end)).len();
            end += 1;
        }
        let mut rows = self.laid.take();
        rows.clear();
        let mut cursor = (0, 0);
        for i in first..end {
            let line = self.line(i);
            let start_row = rows.len();
            // The lines around were looked at just now to find how far to go.
            let wrapped = if i == cursor_line {
                known.of(i, line)
            } else {
                known.laid(i)
            };
            rows.extend(wrapped.iter().map(|&(start, shown, end)| Row {
                line: i,
                start,
                shown,
                end,
            }));
            if i == cursor_line {
                let at = self.area.cursor_byte();
                let (k, col) = place(line, wrapped, at, usize::from(width));
                if k == wrapped.len() {
                    // Past the edge at the end of the line: a row of its own for it.
                    rows.insert(
                        start_row + k,
                        Row {
                            line: i,
                            start: line.len(),
                            shown: line.len(),
                            end: line.len(),
                        },
                    );
                }
                cursor = (start_row + k, col);
            }
        }
        known.forget_outside(first, end);
        Layout { rows, cursor }
    }

    /// Moves the cursor `by` rows of the screen, keeping its column where it can.
    fn move_rows(&mut self, by: isize) {
        let view = self.view.get();
        let width = view.width;
        let layout = self.layout(width, usize::from(view.height) + MARGIN);
        let (row, col) = layout.cursor;
        let goal = *self.goal.get_or_insert(col);
        let target = row
            .saturating_add_signed(by)
            .min(layout.rows.len().saturating_sub(1));
        if target == row {
            self.laid.replace(layout.rows);
            return;
        }
        let r = layout.rows[target];
        let line = self.line(r.line);
        let wrapped = wrap(line, usize::from(width));
        // The line's first row, and where the target row gives way to the next.
        let first = layout.rows[..target]
            .iter()
            .rposition(|x| x.line != r.line)
            .map_or(0, |p| p + 1);
        let until = layout
            .rows
            .get(target + 1)
            .filter(|n| n.line == r.line)
            .map_or(line.len(), |n| n.start);
        // Of the places that show on the target row, the last not past the goal column.
        let mut best = None;
        let places = line[r.start..until]
            .char_indices()
            .map(|(i, _)| r.start + i)
            .chain(std::iter::once(until));
        for b in places {
            let (k, col) = place(line, &wrapped, b, usize::from(width));
            if first + k != target {
                continue;
            }
            if best.is_none() || col <= goal {
                best = Some(b);
            }
            if col >= goal {
                break;
            }
        }
        let b = best.unwrap_or(r.start);
        let chars = line[..b].chars().count();
        let line = r.line;
        self.laid.replace(layout.rows);
        self.cursor_to(line, chars);
    }

    /// The cursor to character `col` of line `line` of the whole text.
    fn cursor_to(&mut self, line: usize, col: usize) {
        let a = self.above.len();
        if (a..a + self.area.lines().len()).contains(&line) {
            self.area.jump(line - a, col);
        } else {
            self.recut(line, col);
        }
    }

    /// The notes as the pane shows them, `width` by `height`: the rows from the first
    /// shown (moved so that the cursor is in view), and the cursor's place among them
    /// while the notes are edited.
    pub fn screen(&self, width: u16, height: u16) -> Screen {
        let mut screen = Screen {
            rows: Vec::new(),
            cursor: None,
        };
        self.screen_into(width, height, &mut screen);
        screen
    }

    /// `screen` made what `screen` would give now, in the memory it has: the rows
    /// that changed (the cursor's old and new rows among them), in order.
    pub fn screen_into(&self, width: u16, height: u16, screen: &mut Screen) -> Vec<usize> {
        let height = usize::from(height);
        let layout = self.layout(width, height + MARGIN);
        let (row, col) = layout.cursor;
        let rows = &layout.rows;
        // The row shown first last time, found again among these rows: above them all,
        // it is more than a pane above the cursor; below them, below the cursor.
        let (line, sub) = self.view.get().top;
        let mut top = match rows.iter().position(|r| r.line == line) {
            Some(first) => {
                let of_line = rows[first..].iter().take_while(|r| r.line == line).count();
                first + sub.min(of_line - 1)
            }
            None if rows.first().is_some_and(|r| line < r.line) => 0,
            None => row,
        };
        if row < top {
            top = row;
        } else if height > 0 && row >= top + height {
            top = row + 1 - height;
        }
        // No empty rows below the text while there is text above to show.
        top = top.min(rows.len().saturating_sub(height)).min(row);
        let first_of_line = rows[..top]
            .iter()
            .rposition(|r| r.line != rows[top].line)
            .map_or(0, |p| p + 1);
        self.view.set(View {
            width,
            height: height as u16,
            top: (rows[top].line, top - first_of_line),
        });
        let mut changed = Vec::new();
        let shown = rows.iter().skip(top).take(height);
        let mut count = 0;
        for (i, r) in shown.enumerate() {
            count += 1;
            let text = &self.line(r.line)[r.start..r.shown];
            match screen.rows.get_mut(i) {
                Some(was) if shows_as(text, was) => {}
                Some(was) => {
                    was.clear();
                    push_shown(text, was);
                    changed.push(i);
                }
                None => {
                    screen.rows.push(shown_row(text));
                    changed.push(i);
                }
            }
        }
        changed.extend(count..screen.rows.len());
        screen.rows.truncate(count);
        let cursor = (self.editing && row >= top && row < top + height).then_some((row - top, col));
        if screen.cursor != cursor {
            for (r, _) in [screen.cursor, cursor].into_iter().flatten() {
                if !changed.contains(&r) {
                    changed.push(r);
                }
            }
            changed.sort_unstable();
            screen.cursor = cursor;
        }
        self.laid.replace(layout.rows);
        changed
    }

    /// Moves the text area when the cursor has come to its edge, or when what was
    /// pasted has made it larger than it is cut to be.
    fn follow_cursor(&mut self) {
        let DataCursor(row, col) = self.area.cursor();
        let held = self.area.lines().len();
        let at_top = row < self.held && !self.above.is_empty();
        let at_bottom = row + self.held >= held && !self.after.is_empty();
        if at_top || at_bottom || held > 2 * (2 * self.held + 1) {
            self.recut(self.above.len() + row, col);
        }
    }

    /// Moves lines between the text area and the lines around it so that it holds line
    /// `line` of the whole text and `held` on each side, the cursor at character
    /// `col` of that line. Only the lines passed move.
    fn recut(&mut self, line: usize, col: usize) {
        let count = self.count();
        let line = line.min(count - 1);
        let start = line.saturating_sub(self.held);
        let end = (line + 1 + self.held).min(count);
        let area = std::mem::take(&mut self.area);
        let yank = area.yank_text();
        self.above.append(&mut area.into_lines());
        while self.above.len() > start {
            let l = self.above.pop().expect("more lines above than the start");
            self.after.push(l);
        }
        while self.above.len() < start {
            let l = self.after.pop().expect("the lines before the start");
            self.above.push(l);
        }
        let held: Vec<String> = (start..end)
            .map(|_| self.after.pop().expect("the lines held"))
            .collect();
        self.hold(held, line - start, col, yank);
    }

    /// Puts `lines` in the editor, the cursor at (`row`, `col`) of them.
    fn window(&mut self, mut lines: Vec<String>, row: usize, col: usize) {
        let start = row.saturating_sub(self.held);
        let end = (row + 1 + self.held).min(lines.len());
        self.after = lines.split_off(end);
        self.after.reverse();
        let held = lines.split_off(start);
        self.above = lines;
        let yank = self.area.yank_text();
        self.hold(held, row - start, col, yank);
    }

    /// A text area holding `lines`, the cursor at (`row`, `col`) of them; what was cut
    /// to be pasted kept.
    fn hold(&mut self, lines: Vec<String>, row: usize, col: usize, yank: String) {
        self.area = Held::new(lines, row, col, yank);
    }
}

/// The notes pane's rows, as `NotesEditor::screen` gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// Each row's text as drawn (tabs as spaces, no control characters).
    pub rows: Vec<String>,
    /// The cursor's row and column among them, while the notes are edited.
    pub cursor: Option<(usize, usize)>,
}

impl Screen {
    /// The cursor's column when it is on row `row`.
    pub fn cursor_on(&self, row: usize) -> Option<usize> {
        self.cursor.filter(|c| c.0 == row).map(|c| c.1)
    }
}

/// A row of the pane: bytes `start..end` of line `line`, of which
/// `start..shown` are drawn; the spaces from `shown` hang past the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    line: usize,
    start: usize,
    shown: usize,
    end: usize,
}

/// The lines around the cursor as `wrap` last laid them out, by their place in the
/// whole text, at `width` columns: a key changes a line or two, and laying out all the
/// others again on every key was a good part of its cost.
#[derive(Debug, Default)]
struct Wrapped {
    width: u16,
    lines: std::collections::HashMap<usize, (String, Vec<Span>)>,
}

/// A row of a line, as `wrap` gives it: bytes `(start, shown, end)`.
type Span = (usize, usize, usize);

impl Wrapped {
    /// For lines laid out at `width` columns.
    fn keep(&mut self, width: u16) {
        if self.width != width {
            self.lines.clear();
            self.width = width;
        }
    }

    /// Line `i`'s rows, laid out again only when it is not the line laid out last,
    /// and then from the first row the change can move on.
    fn of(&mut self, i: usize, line: &str) -> &[Span] {
        let known = self.lines.entry(i).or_default();
        // `wrap` gives every line a row at least: none is a line not laid out yet.
        if known.1.is_empty() {
            known.0.push_str(line);
            wrap_into(line, 0, usize::from(self.width), &mut known.1);
        } else if known.0 != line {
            rewrap(&known.0, line, usize::from(self.width), &mut known.1);
            known.0.clear();
            known.0.push_str(line);
        }
        &known.1
    }

    /// Line `i`'s rows as `of` last gave them.
    fn laid(&self, i: usize) -> &[Span] {
        &self.lines[&i].1
    }

    /// Forgets the lines outside `first..end` once they outnumber those inside.
    fn forget_outside(&mut self, first: usize, end: usize) {
        if self.lines.len() > 2 * (end - first) + 64 {
            self.lines.retain(|&i, _| (first..end).contains(&i));
        }
    }
}

struct Layout {
    rows: Vec<Row>,
    cursor: (usize, usize),
}

/// Tab stops every this many columns.
const TAB: usize = 4;

/// The columns `c` takes at column `col`.
fn cells(c: char, col: usize) -> usize {
    if c == '\t' {
        TAB - col % TAB
    } else {
        c.width().unwrap_or(0)
    }
}

/// The columns `text` takes from the start of a row.
fn columns(text: &str) -> usize {
    text.chars().fold(0, |col, c| col + cells(c, col))
}

/// A row's text as drawn: tabs become spaces, control characters nothing.
fn shown_row(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_shown(text, &mut out);
    out
}

/// Whether `text` is drawn as `shown`. A row drawn has no tab or control character:
/// the same bytes are drawn as they are, and different ones are drawn the same only
/// when the text has such a character.
fn shows_as(text: &str, shown: &str) -> bool {
    text == shown
        || (text.contains(|c: char| c == '\t' || c.is_control()) && shown_row(text) == shown)
}

/// `text` as drawn, after `out`.
fn push_shown(text: &str, out: &mut String) {
    let mut col = 0;
    for c in text.chars() {
        let w = cells(c, col);
        if c == '\t' {
            out.extend(std::iter::repeat_n(' ', w));
        } else if !c.is_control() {
            out.push(c);
        }
        col += w;
    }
}

/// A line as rows `width` columns wide (0: one row): each is bytes `(start, shown,
/// end)`. A row ends at the spaces before a word that would pass the edge; the spaces
/// stay with it (`shown..end`, past the edge where they do not fit), so the next row
/// begins where the text does. A word wider than a row is broken at the edge.
/// Leading spaces (an indent) are text like any other.
pub fn wrap(line: &str, width: usize) -> Vec<(usize, usize, usize)> {
    let mut rows = Vec::new();
    wrap_into(line, 0, width, &mut rows);
    rows
}

/// `rows`, the rows of `old` at `width` columns, made those of `new`. A row begins
/// afresh (what comes before it does not matter), and where a row ends is settled by
/// the first character of the next-but-one row at the latest: the rows whose end was
/// settled before the first byte that differs stay, the rest are laid out again.
fn rewrap(old: &str, new: &str, width: usize, rows: &mut Vec<Span>) {
    let mut same = common_prefix(old.as_bytes(), new.as_bytes());
    // Two characters may share their first bytes: the one that differs begins before.
    while !(old.is_char_boundary(same) && new.is_char_boundary(same)) {
        same -= 1;
    }
    let keep = rows
        .iter()
        .skip(2)
        .take_while(|&&(start, _, _)| start < same)
        .count();
    rows.truncate(keep);
    let from = rows.last().map_or(0, |r| r.2);
    wrap_into(new, from, width, rows);
}

/// How many bytes `a` and `b` begin with alike: compared a block at a time first, as a
/// line is a paragraph and a key changes it near the cursor, often at its end.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let blocks = a
        .chunks_exact(BLOCK)
        .zip(b.chunks_exact(BLOCK))
        .take_while(|(x, y)| x == y)
        .count();
    let from = blocks * BLOCK;
    from + a[from..]
        .iter()
        .zip(&b[from..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The rows of `line` from byte `from` (where a row begins) on, after `rows`.
fn wrap_into(line: &str, from: usize, width: usize, rows: &mut Vec<Span>) {
    if width == 0 {
        rows.push((from, line.len(), line.len()));
        return;
    }
    let mut start = from;
    let mut col = 0;
    // Whether the row has text other than leading spaces.
    let mut text = false;
    // The run of spaces after the row's text, where it began; and whether it passed
    // the edge.
    let mut spaces: Option<usize> = None;
    let mut past = false;
    // The last place the row may end: where its spaces began, and the word after them.
    let mut brk: Option<(usize, usize)> = None;
    for (i, c) in line[from..].char_indices().map(|(i, c)| (from + i, c)) {
        let blank = c == ' ' || c == '\t';
        if blank && text {
            spaces.get_or_insert(i);
            let w = cells(c, col);
            if past || col + w > width {
                past = true;
            } else {
                col += w;
            }
            continue;
        }
        if past {
            // The word after spaces past the edge begins the next row.
            rows.push((start, spaces.unwrap_or(i), i));
            (start, col, text, spaces, past, brk) = (i, 0, false, None, false, None);
        } else if let Some(s) = spaces.take() {
            brk = Some((s, i));
        }
        let mut w = cells(c, col);
        if col + w > width && col > 0 {
            match brk.take() {
                Some((shown, next)) if next > start => {
                    rows.push((start, shown, next));
                    start = next;
                    col = columns(&line[next..i]);
                }
                _ => {
                    rows.push((start, i, i));
                    (start, col) = (i, 0);
                }
            }
            w = cells(c, col);
            if col + w > width && col > 0 {
                // The word alone is wider than a row.
                rows.push((start, i, i));
                (start, col) = (i, 0);
                w = cells(c, col);
            }
        }
        col += w;
        text |= !blank;
    }
    let shown = if past {
        spaces.unwrap_or(line.len())
    } else {
        line.len()
    };
    rows.push((start, shown, line.len()));
}

/// Where the cursor at byte `at` of `line` shows among its rows (`wrap(line, width)`):
/// the row and the column. On spaces that hang past the edge, or at the edge itself,
/// it shows at the start of the next row — one past the last for the end of the line.
fn place(line: &str, rows: &[(usize, usize, usize)], at: usize, width: usize) -> (usize, usize) {
    let k = rows
        .iter()
        .rposition(|&(start, _, _)| start <= at)
        .unwrap_or(0);
    let (start, shown, _) = rows[k];
    let col = columns(&line[start..at.min(shown)]);
    if width > 0 && (at > shown || col >= width) {
        (k + 1, 0)
    } else {
        (k, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Reading {
        Reading::lines(chrono::NaiveDate::from_ymd_opt(2024, 6, 3).unwrap())
    }

    fn key(key: Key) -> Input {
        Input {
            key,
            ..Input::default()
        }
    }

    fn rows(line: &str, width: usize) -> Vec<&str> {
        wrap(line, width)
            .into_iter()
            .map(|(start, shown, _)| &line[start..shown])
            .collect()
    }

    /// The history keeps the newest `STEPS` steps: past that, the oldest goes, and
    /// undoing all of them leaves the text as it was before the first kept.
    #[test]
    fn the_undo_history_keeps_the_newest_steps() {
        let mut e = NotesEditor::new(0, "", date());
        // A word and the space after it are a step: the first word is never undone.
        for w in 0..=STEPS {
            for c in format!("w{w} ").chars() {
                e.input(key(Key::Char(c)));
            }
        }
        assert_eq!(e.steps.done.len(), STEPS);
        let mut undone = 0;
        while !e.steps.done.is_empty() {
            e.undo();
            undone += 1;
        }
        assert_eq!(undone, STEPS);
        assert_eq!(e.text(), "w0 ");
    }

    #[test]
    fn rows_begin_where_the_text_does_and_long_words_break_at_the_edge() {
        // The space that does not fit stays with the row before: no row begins with it.
        assert_eq!(
            rows("jumps over the lazy dog", 10),
            ["jumps over", "the lazy", "dog"]
        );
        assert_eq!(rows("the quick brown fox", 10), ["the quick", "brown fox"]);
        // A token wider than the pane (a URL without a slash or a dash) is broken, never
        // cut off.
        assert_eq!(
            rows("see thelazydogandmoreandmore end", 10),
            ["see", "thelazydog", "andmoreand", "more end"]
        );
        assert_eq!(rows("0123456789abc", 5), ["01234", "56789", "abc"]);
        // An indent is kept; several spaces at a break hang together.
        assert_eq!(
            rows("  indented text here", 10),
            ["  indented", "text here"]
        );
        assert_eq!(rows("one     two", 5), ["one", "two"]);
        // Wide characters take two columns.
        assert_eq!(rows("会議の記録です", 6), ["会議の", "記録で", "す"]);
        assert_eq!(rows("", 10), [""]);
        assert_eq!(rows("no wrap at all", 0), ["no wrap at all"]);
    }

    #[test]
    fn the_cursor_past_the_edge_shows_at_the_start_of_the_next_row() {
        let mut e = NotesEditor::new(0, "jumps over", date());
        e.show_cursor(true);
        let s = e.screen(10, 5);
        // At the end of a row as wide as the pane: a row of its own for the cursor.
        assert_eq!(s.rows, ["jumps over", ""]);
        assert_eq!(s.cursor, Some((1, 0)));
        e.input(key(Key::Char(' ')));
        assert_eq!(e.screen(10, 5).cursor, Some((1, 0)));
        e.input(key(Key::Char('x')));
        let s = e.screen(10, 5);
        assert_eq!(s.rows, ["jumps over", "x"]);
        assert_eq!(s.cursor, Some((1, 1)));
        // Not being edited, there is no cursor.
        e.show_cursor(false);
        assert_eq!(e.screen(10, 5).cursor, None);
    }

    #[test]
    fn up_and_down_go_by_the_rows_on_screen() {
        let mut e = NotesEditor::new(0, "aaaa bbbb cccc\nshor", date());
        e.show_cursor(true);
        e.screen(5, 10);
        // From the end of "shor" up the rows of the first line, keeping the column.
        e.input(key(Key::Up));
        assert_eq!(e.cursor_offset(), 14);
        e.input(key(Key::Up));
        assert_eq!(e.cursor_offset(), 9);
        e.input(key(Key::Home));
        e.input(key(Key::Down));
        assert_eq!(e.cursor_offset(), 5);
        e.input(key(Key::Down));
        assert_eq!(e.cursor_offset(), 10);
        e.input(key(Key::Down));
        assert_eq!(e.cursor_offset(), 15);
        e.input(key(Key::Down));
        assert_eq!(e.cursor_offset(), 15, "nothing below the last row");
        // The pane scrolls to keep the cursor in view.
        let s = e.screen(5, 2);
        assert_eq!(s.rows, ["cccc", "shor"]);
        assert_eq!(s.cursor, Some((1, 0)));
    }

    #[test]
    fn typing_is_undone_a_word_at_a_time() {
        let mut e = NotesEditor::new(0, "", date());
        for c in "Budget approved, with thanks".chars() {
            e.input(key(Key::Char(c)));
        }
        e.undo();
        assert_eq!(e.text(), "Budget approved, with ");
        e.undo();
        assert_eq!(e.text(), "Budget approved, ");
        e.redo();
        assert_eq!(e.text(), "Budget approved, with ");
        // Deleting is a step of its own, however many keys it took.
        for _ in 0..5 {
            e.input(key(Key::Backspace));
        }
        assert_eq!(e.text(), "Budget approved, ");
        e.undo();
        assert_eq!(e.text(), "Budget approved, with ");
        // A new line is a step, and moving the cursor ends one.
        e.input(key(Key::Enter));
        e.input(key(Key::Char('a')));
        e.input(key(Key::Left));
        e.input(key(Key::Char('b')));
        assert_eq!(e.text(), "Budget approved, with \nba");
        e.undo();
        assert_eq!(e.text(), "Budget approved, with \na");
        e.undo();
        e.undo();
        assert_eq!(e.text(), "Budget approved, with ");
        for _ in 0..10 {
            e.undo();
        }
        assert_eq!(e.text(), "");
    }

    #[test]
    fn a_labelled_line_pasted_into_a_line_gets_a_line_of_its_own() {
        let mut e = NotesEditor::new(0, "some notes", date());
        e.paste("ACTION: Kwame: send the draft");
        assert_eq!(e.text(), "some notes\nACTION: Kwame: send the draft");
        // In the middle of a line: the rest of it follows on the next.
        let mut e = NotesEditor::new(0, "before after", date());
        for _ in 0..5 {
            e.input(key(Key::Left));
        }
        e.paste("DECISION: adopted");
        assert_eq!(e.text(), "before \nDECISION: adopted\nafter");
        e.undo();
        assert_eq!(e.text(), "before after");
        // Other text lands as typed, several lines too.
        e.paste("x\ny");
        assert_eq!(e.text(), "before x\nyafter");
        // At the start of a line, a label needs nothing more.
        let mut e = NotesEditor::new(0, "one\n", date());
        e.paste("NEXT: two");
        assert_eq!(e.text(), "one\nNEXT: two");
    }

    #[test]
    fn a_text_pasted_while_not_editing_is_a_paragraph_after_the_notes() {
        let mut e = NotesEditor::new(0, "some notes\nmore", date());
        e.input(key(Key::Up));
        e.paste_after("Pasted: ACTION: Lars: check it");
        assert_eq!(e.text(), "some notes\nmore\nPasted: ACTION: Lars: check it");
        let mut e = NotesEditor::new(0, "ends its line\n", date());
        e.paste_after("x");
        assert_eq!(e.text(), "ends its line\nx");
        // Far from the end of long notes, the window goes there.
        let text: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let mut e = NotesEditor::new(0, &text, date());
        for _ in 0..1900 {
            e.input(key(Key::Up));
        }
        e.paste_after("last");
        assert_eq!(e.text(), format!("{text}last"));
    }

    #[test]
    fn text_round_trips_with_its_final_line_break() {
        let e = NotesEditor::new(0, "a\nb\n", date());
        assert_eq!(e.text(), "a\nb\n");
        assert_eq!(NotesEditor::new(0, "", date()).text(), "");
    }

    #[test]
    fn a_paste_is_one_undo_step_and_harmless() {
        let mut e = NotesEditor::new(0, "x", date());
        e.paste("one\u{1b}[31m\r\ntwo\nthree");
        assert_eq!(e.text(), "xone\ntwo\nthree");
        assert_eq!(e.take_changes().as_deref(), Some("xone\ntwo\nthree"));
        assert_eq!(e.take_changes(), None);
        e.undo();
        assert_eq!(e.text(), "x");
    }

    #[test]
    fn decisions_are_extracted_when_the_changes_are_taken() {
        let mut e = NotesEditor::new(0, "", date());
        e.paste("DECISION: adopt the charter\n");
        assert!(e.extracted.entries.is_empty());
        e.take_changes();
        assert_eq!(e.extracted.entries.len(), 1);
    }

    #[test]
    fn a_text_changed_elsewhere_keeps_the_cursor_on_its_line() {
        let mut e = NotesEditor::new(0, "one\ntwo\nthree", date());
        e.input(key(Key::Up));
        e.input(key(Key::Home));
        e.input(key(Key::Char('>')));
        e.take_changes();
        e.replace("zero\none\n>two\nthree\nfour");
        e.input(key(Key::Char('!')));
        assert_eq!(e.text(), "zero\none\n>!two\nthree\nfour");
    }

    fn editing_keys() -> impl proptest::strategy::Strategy<Value = Input> {
        use proptest::prelude::*;
        prop_oneof![
            6 => prop::sample::select(vec!['a', 'b', ' ', 'é', '会', '\t']).prop_map(|c| key(Key::Char(c))),
            2 => prop::sample::select(vec![
                Key::Enter,
                Key::Backspace,
                Key::Delete,
                Key::Up,
                Key::Down,
                Key::Left,
                Key::Right,
                Key::PageUp,
                Key::PageDown,
                Key::Home,
                Key::End,
            ])
            .prop_map(key),
            // Cut to the end of the line, paste what was cut, a word back and forward.
            1 => prop::sample::select(vec!['k', 'y', 'w', 'h', 'f', 'b'])
                .prop_map(|c| Input { key: Key::Char(c), ctrl: true, ..Input::default() }),
        ]
    }

    /// Every row of the whole text at `width` columns, as the pane shows rows.
    fn every_row(text: &str, width: u16) -> Vec<String> {
        text.split('\n')
            .flat_map(|line| {
                wrap(line, usize::from(width))
                    .into_iter()
                    .map(|(start, shown, _)| shown_row(&line[start..shown]))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// However the text area moves through the text, undo takes every step back to
        /// the text as it was loaded, and redo brings every one back; and the pane shows
        /// a run of the whole text's rows with the cursor among them.
        #[test]
        fn undo_and_redo_cross_the_whole_text_and_the_pane_shows_it(
            lines in proptest::collection::vec("[a-z ]{0,30}", 1..40),
            keys in proptest::collection::vec(editing_keys(), 0..150),
            (width, height) in (6u16..30, 1u16..12),
        ) {
            use proptest::prelude::*;
            let loaded = lines.join("\n");
            let mut e = NotesEditor::new(0, &loaded, date());
            e.show_cursor(true);
            let mut kept = e.screen(width, height);
            for k in keys {
                e.input(k);
                // The screen kept from the last key, brought up to date, is the screen;
                // every row that differs is among those said to have changed.
                let was = kept.clone();
                let changed = e.screen_into(width, height, &mut kept);
                let shown = e.screen(width, height);
                prop_assert_eq!(&kept, &shown);
                for i in 0..was.rows.len().max(shown.rows.len()) {
                    if was.rows.get(i) != shown.rows.get(i) || was.cursor_on(i) != shown.cursor_on(i) {
                        prop_assert!(changed.contains(&i), "row {} changed unsaid: {:?}", i, changed);
                    }
                }
                let all = every_row(&e.text(), width);
                prop_assert!(shown.rows.len() <= usize::from(height));
                // The cursor may sit on a row of its own past the edge of a full row.
                let (row, _) = shown.cursor.expect("the cursor shows while editing");
                let fits = (0..all.len().max(1)).any(|t| {
                    shown.rows.iter().enumerate().all(|(i, r)| {
                        all.get(t + i) == Some(r) || (i == row && r.is_empty())
                            || (i > row && all.get(t + i - 1) == Some(r))
                    })
                });
                prop_assert!(fits, "{:?} is not a run of {:?}", shown.rows, all);
            }
            let typed = e.text();
            let mut undone = 0;
            while !e.steps.done.is_empty() {
                e.undo();
                undone += 1;
                prop_assert!(undone <= 150);
            }
            prop_assert_eq!(e.text(), loaded);
            while !e.steps.undone.is_empty() {
                e.redo();
            }
            prop_assert_eq!(e.text(), typed);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The editor edits as one text area holding the whole text would: the same
        /// text, cursor and cut text after every key, however the keys move the cursor's
        /// line between the text area and the editor's own typing (`held`).
        #[test]
        fn keys_edit_as_a_text_area_of_the_whole_text_would(
            lines in proptest::collection::vec("[ab é]{0,12}", 1..6),
            keys in proptest::collection::vec(
                // A page is the pane's, not the text area's. (No key makes a selection:
                // the keys come with no shift.)
                proptest::strategy::Strategy::prop_filter(editing_keys(), "pages", |k| {
                    !matches!(k.key, Key::PageUp | Key::PageDown)
                }),
                0..120,
            ),
        ) {
            use proptest::prelude::*;
            let mut e = NotesEditor::new(0, &lines.join("\n"), date());
            let mut whole = TextArea::new(lines);
            whole.move_cursor(CursorMove::Bottom);
            whole.move_cursor(CursorMove::End);
            // Never drawn: up and down go by lines, as in the text area.
            for k in keys {
                e.input(k.clone());
                whole.input(k.clone());
                prop_assert_eq!(e.text(), whole.lines().join("\n"), "after {:?}", k);
                let DataCursor(row, col) = whole.cursor();
                prop_assert_eq!(e.cursor_at(), (row, col), "after {:?}", k);
                prop_assert_eq!(e.area.yank_text(), whole.yank_text());
            }
        }
    }

    /// Past column 65,535 (as far as a text area's jump reaches) the text area keeps
    /// the cursor, and typing there goes on where it is.
    #[test]
    fn a_paragraph_longer_than_a_jump_reaches_is_edited_where_the_cursor_is() {
        let long = "c".repeat(70_000);
        let mut e = NotesEditor::new(0, &long, date());
        let mut whole = TextArea::new(vec![long]);
        whole.move_cursor(CursorMove::End);
        // Loading puts the cursor by a jump: as far as it reaches.
        whole.move_cursor(CursorMove::Jump(0, u16::MAX));
        for k in [
            Key::Char('a'),
            Key::Char('a'),
            Key::Left,
            Key::Char('b'),
            Key::Backspace,
            Key::Enter,
        ] {
            e.input(key(k));
            whole.input(key(k));
            assert_eq!(
                e.cursor_at(),
                (whole.cursor().0, whole.cursor().1),
                "after {k:?}"
            );
        }
        assert_eq!(e.text(), whole.lines().join("\n"));
    }

    /// "、" and the mark "〪" share their first two bytes: the row break the first
    /// decided is laid out again when it becomes the second.
    #[test]
    fn a_change_inside_a_character_lays_out_its_rows_again() {
        let (old, new) = ("\u{301} b\u{3001}", "\u{301} b\u{302A}");
        let mut rows = wrap(old, 2);
        rewrap(old, new, 2, &mut rows);
        assert_eq!(rows, wrap(new, 2));
    }

    proptest::proptest! {
        /// Laying out a changed line from the rows it had gives the rows laid out
        /// afresh, wherever and whatever the change.
        #[test]
        fn a_changed_line_is_laid_out_as_if_afresh(
            line in "[a-z é会\t\u{301}\u{3001}\u{302A}\u{200B}]{0,200}",
            at in 0usize..210,
            cut in 0usize..8,
            put in "[a-z é会\t\u{301}\u{3001}\u{302A}\u{200B}]{0,6}",
            width in 1usize..14,
        ) {
            let chars: Vec<char> = line.chars().collect();
            let at = at.min(chars.len());
            let cut = cut.min(chars.len() - at);
            let new: String = chars[..at]
                .iter()
                .chain(put.chars().collect::<Vec<_>>().iter())
                .chain(&chars[at + cut..])
                .collect();
            let mut rows = wrap(&line, width);
            rewrap(&line, &new, width, &mut rows);
            proptest::prop_assert_eq!(rows, wrap(&new, width), "{:?} -> {:?}", line, new);
        }

        /// The bytes two texts begin with alike, however long the run.
        #[test]
        fn the_common_start_is_found_across_blocks(
            start in proptest::collection::vec(0u8..3, 0..300),
            a in proptest::collection::vec(0u8..3, 0..80),
            b in proptest::collection::vec(0u8..3, 0..80),
        ) {
            let (a, b) = ([&start[..], &a].concat(), [&start[..], &b].concat());
            let alike = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            proptest::prop_assert_eq!(common_prefix(&a, &b), alike);
        }

        /// Rows cover the line exactly, fit the pane, and every row after the first
        /// begins with text, not a space.
        #[test]
        fn rows_cover_the_line_and_begin_with_text(line in "[a-z é会\t]{0,60}", width in 4usize..14) {
            let rows = wrap(&line, width);
            proptest::prop_assert_eq!(rows[0].0, 0);
            proptest::prop_assert_eq!(rows.last().unwrap().2, line.len());
            for w in rows.windows(2) {
                proptest::prop_assert_eq!(w[0].2, w[1].0);
            }
            for (k, &(start, shown, end)) in rows.iter().enumerate() {
                proptest::prop_assert!(start <= shown && shown <= end);
                proptest::prop_assert!(columns(&line[start..shown]) <= width, "{:?}", &line[start..shown]);
                proptest::prop_assert!(line[shown..end].chars().all(|c| c == ' ' || c == '\t'));
                // (An indent wider than the pane is the one exception.)
                let after_text = line[..start].contains(|c| c != ' ' && c != '\t');
                if k > 0 && start < line.len() && after_text {
                    proptest::prop_assert!(!line[start..].starts_with([' ', '\t']), "{:?}", rows);
                }
            }
        }
    }

    #[test]
    fn a_long_text_is_edited_through_a_window_that_follows_the_cursor() {
        let text: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let mut e = NotesEditor::new(0, &text, date());
        assert!(e.area.lines().len() <= 2 * AREA_LINES + 1);
        assert_eq!(e.text(), text);
        assert!(e.shows(&text));
        assert!(!e.shows(&text[..text.len() - 1]));
        assert!(!e.shows(&format!("{text}\n")));
        // Typing at the end, then walking to the top and typing there. A character
        // typed costs its own line only.
        e.input(key(Key::Char('z')));
        assert_eq!(e.area.lines().len(), 1);
        for _ in 0..2000 {
            e.input(key(Key::Up));
        }
        e.input(key(Key::Home));
        e.input(key(Key::Char('a')));
        let mut expected = format!("a{text}");
        expected.push('z');
        assert_eq!(e.text(), expected);
        assert!(e.area.lines().len() <= 2 * AREA_LINES + 1);
        // And down again to the end, where the window ends with the text.
        for _ in 0..2000 {
            e.input(key(Key::Down));
        }
        e.input(key(Key::End));
        e.input(key(Key::Char('!')));
        expected.push('!');
        assert_eq!(e.text(), expected);
    }
}
