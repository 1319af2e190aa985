//! The notes editor: one item's notes in a soft-wrapped text area. The meeting hears
//! of edits at most once a second (and whenever the editor is left), because an
//! item's notes travel whole and a keystroke should not copy a long text.
//!
//! The text area holds only a window of the notes around the cursor, the lines
//! above and below waiting outside it: with the whole of a long item's notes in it
//! each key would cost tens of milliseconds. The window moves when the cursor reaches
//! its edge.
//!
//! The text area edits; the notes pane is laid out here (`wrap`): a line breaks at
//! the spaces before a word that would pass the pane's edge, the spaces staying at the
//! end of the row, so every row begins where the text does; a word longer than the
//! pane breaks where the edge is, so nothing is ever cut off. Up and down move by
//! these rows. Typing is undone a word at a time.

use std::cell::{Cell, RefCell};

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, DataCursor, Input, Key, TextArea, WrapMode};
use unicode_width::UnicodeWidthChar;

use crate::notes::{Extracted, Problem, Reading, extract, extract_entries};
use crate::report::markdown::neutralise_typed;

/// How much of the notes the window holds on each side of the cursor before the pane
/// has been drawn: far more than a screen shows. Once its size is known the window
/// holds two panes' worth on each side (`Reach::of`): every key re-measures the whole
/// window, so its size is the cost of a key.
const WINDOW_CHARS: usize = 6_000;
const WINDOW_LINES: usize = 150;

pub struct NotesEditor {
    /// The item, from 0; sub-items write in their item's notes.
    pub item: usize,
    area: TextArea<'static>,
    /// The lines before and after the window.
    above: Vec<String>,
    below: Vec<String>,
    /// Edited since the meeting last heard of it.
    pub dirty: bool,
    /// When the first edit the meeting has not heard of was made (by the clock of
    /// whoever asks): what is typed is handed over by `SAVE_WITHIN` of it, whatever
    /// keeps coming.
    pub dirty_since: Option<chrono::DateTime<chrono::Utc>>,
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
    /// The window's lines as last laid out.
    wrapped: RefCell<Wrapped>,
    /// The pane size the window was cut for.
    cut_for: (u16, u16),
    /// The column the cursor keeps while it moves up and down rows of different lengths.
    goal: Option<usize>,
    steps: Steps,
}

/// The notes pane as last drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct View {
    width: u16,
    height: u16,
    /// The first row shown, among the window's rows.
    top: usize,
}

/// Undo by step rather than by key: how many of the text area's edits each step is
/// (typing a word and the spaces after it is one, a run of deletions another), newest
/// last; and the steps undone, for redo.
#[derive(Debug, Clone, Default)]
struct Steps {
    done: Vec<usize>,
    undone: Vec<usize>,
    /// What the last edit was while the next may still join its step.
    last: Option<Typed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typed {
    Word,
    Space,
    Deletion,
}

/// The most undo steps kept (the text area keeps 1,000 edits).
const STEPS: usize = 1_000;

impl Steps {
    /// An edit was made by `input`.
    fn edited(&mut self, input: &Input) {
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
        match self.done.last_mut() {
            Some(n) if joins => *n += 1,
            _ => self.push(1),
        }
        self.last = typed;
        self.undone.clear();
    }

    /// An edit that is a step of its own (a paste).
    fn one(&mut self) {
        self.push(1);
        self.last = None;
        self.undone.clear();
    }

    fn push(&mut self, n: usize) {
        if self.done.len() == STEPS {
            self.done.remove(0);
        }
        self.done.push(n);
    }
}

impl NotesEditor {
    pub fn new(item: usize, text: &str, reading: Reading) -> Self {
        let mut e = NotesEditor {
            item,
            area: TextArea::default(),
            above: Vec::new(),
            below: Vec::new(),
            dirty: false,
            dirty_since: None,
            extracted: Extracted::default(),
            drawn_problems: RefCell::new(None),
            reading,
            told: Vec::new(),
            editing: false,
            view: Cell::new(View::default()),
            wrapped: RefCell::default(),
            cut_for: (0, 0),
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
        self.area = fresh_area(std::mem::take(&mut self.area));
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
        let dirty = self.dirty;
        self.window(lines, near, col);
        self.area = fresh_area(std::mem::take(&mut self.area));
        self.dirty = dirty;
        self.extract(text);
    }

    /// Where the cursor is in the whole text, in bytes.
    pub fn cursor_offset(&self) -> usize {
        let DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let before: usize = self
            .above
            .iter()
            .chain(&lines[..row.min(lines.len())])
            .map(|l| l.len() + 1)
            .sum();
        let line = lines.get(row).map_or("", String::as_str);
        before + line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
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
        let dirty = self.dirty;
        self.window(lines, row, col);
        self.area = fresh_area(std::mem::take(&mut self.area));
        self.dirty = dirty;
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
    /// last frame.
    pub fn drawn_problems(&self, meeting: &crate::meeting::Meeting) -> Vec<Problem> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for g in &meeting.attendance.guests {
            g.name.hash(&mut h);
        }
        let key = h.finish();
        let mut drawn = self.drawn_problems.borrow_mut();
        match &*drawn {
            Some((k, problems)) if *k == key => problems.clone(),
            _ => {
                let problems = self.problems(|o| meeting.owner_problem(o));
                *drawn = Some((key, problems.clone()));
                problems
            }
        }
    }

    /// The problems of the notes shown: labelled lines that could not be read, and
    /// owners `known` has a problem with.
    pub fn problems(&self, known: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let mut x = Extracted {
            entries: self.extracted.entries.clone(),
            problems: self.extracted.problems.clone(),
            prose: Vec::new(),
        };
        x.check_owners(known);
        x.problems
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
        self.above.is_empty() && self.below.is_empty() && self.area.is_empty()
    }

    pub fn text(&self) -> String {
        let mut all: Vec<&str> =
            Vec::with_capacity(self.above.len() + self.area.lines().len() + self.below.len());
        all.extend(self.above.iter().map(String::as_str));
        all.extend(self.area.lines().iter().map(String::as_str));
        all.extend(self.below.iter().map(String::as_str));
        all.join("\n")
    }

    /// Whether the editor holds exactly `text`, told without building its own text.
    pub fn shows(&self, text: &str) -> bool {
        let mut lines = text.split('\n');
        self.above
            .iter()
            .chain(self.area.lines())
            .chain(&self.below)
            .all(|l| lines.next() == Some(l.as_str()))
            && lines.next().is_none()
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
    pub const SAVE_WITHIN: chrono::TimeDelta = chrono::TimeDelta::milliseconds(500);

    /// Notes the time of the first unsaved edit; whether the typing is due to be handed
    /// over now.
    pub fn save_due(&mut self, now: chrono::DateTime<chrono::Utc>) -> bool {
        if !self.dirty {
            self.dirty_since = None;
            return false;
        }
        let since = *self.dirty_since.get_or_insert(now);
        now - since >= Self::SAVE_WITHIN
    }

    /// How long until the typing is due to be handed over (`None`: nothing to hand over).
    pub fn save_due_in(&self, now: chrono::DateTime<chrono::Utc>) -> Option<std::time::Duration> {
        let since = self.dirty_since.filter(|_| self.dirty)?;
        Some(
            (since + Self::SAVE_WITHIN - now)
                .to_std()
                .unwrap_or(std::time::Duration::ZERO),
        )
    }

    /// A key typed into the notes; whether it changed them.
    pub fn input(&mut self, input: Input) -> bool {
        self.fit_window();
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
        let changed = self.area.input(input.clone());
        if changed {
            self.steps.edited(&input);
        } else {
            self.steps.last = None;
        }
        self.goal = None;
        self.dirty |= changed;
        self.follow_cursor();
        changed
    }

    /// Takes back the last step: the last word typed, run of deletions or paste.
    pub fn undo(&mut self) {
        let n = self.steps.done.pop().unwrap_or(1);
        let mut undone = 0;
        while undone < n && self.area.undo() {
            undone += 1;
        }
        if undone > 0 {
            self.steps.undone.push(undone);
            self.dirty = true;
        }
        self.steps.last = None;
    }

    pub fn redo(&mut self) {
        let Some(n) = self.steps.undone.pop() else {
            return;
        };
        let mut redone = 0;
        while redone < n && self.area.redo() {
            redone += 1;
        }
        if redone > 0 {
            self.steps.push(redone);
            self.dirty = true;
        }
        self.steps.last = None;
    }

    /// Scrolls the view by `rows` without editing (the notes pane has the focus).
    pub fn scroll(&mut self, rows: i16) {
        self.fit_window();
        if self.view.get().width > 0 {
            self.move_rows(rows as isize);
            self.follow_cursor();
            return;
        }
        let key = if rows < 0 { Key::Up } else { Key::Down };
        for _ in 0..rows.unsigned_abs() {
            self.area.input(Input {
                key,
                ..Input::default()
            });
            self.follow_cursor();
        }
    }

    /// After a resize: the view starts again from the top as far as the cursor allows,
    /// so a window made larger shows the text above instead of empty rows below.
    pub fn refit(&mut self) {
        let view = self.view.get();
        self.view.set(View { top: 0, ..view });
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
        let DataCursor(row, col) = self.area.cursor();
        let line = self.area.lines().get(row).map_or("", String::as_str);
        let at = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
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
        if self.area.insert_str(text) {
            self.dirty = true;
            self.steps.one();
        }
        self.goal = None;
        self.follow_cursor();
    }

    /// The cursor at the end of the notes, the window moved there if it is not.
    fn cursor_to_end(&mut self) {
        if self.below.is_empty() {
            self.area.move_cursor(CursorMove::Bottom);
            self.area.move_cursor(CursorMove::End);
            return;
        }
        let mut lines = std::mem::take(&mut self.above);
        lines.extend(self.area.lines().iter().cloned());
        lines.append(&mut self.below);
        let last = lines.len() - 1;
        let col = lines[last].chars().count();
        self.window(lines, last, col);
        self.area = fresh_area(std::mem::take(&mut self.area));
    }

    /// Every row of the window at `width` columns (0: a row per line), and where the
    /// cursor is among them: its row and column.
    fn layout(&self, width: u16) -> Layout {
        let DataCursor(cursor_line, cursor_col) = self.area.cursor();
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        let mut known = self.wrapped.borrow_mut();
        let lines = self.area.lines();
        known.keep(width, lines.len());
        for (i, line) in lines.iter().enumerate() {
            let first = rows.len();
            let wrapped = known.of(i, line);
            rows.extend(wrapped.iter().map(|&(start, shown, end)| Row {
                line: i,
                start,
                shown,
                end,
            }));
            if i == cursor_line {
                let at = line
                    .char_indices()
                    .nth(cursor_col)
                    .map_or(line.len(), |(b, _)| b);
                let (k, col) = place(line, wrapped, at, usize::from(width));
                if k == wrapped.len() {
                    // Past the edge at the end of the line: a row of its own for it.
                    rows.insert(
                        first + k,
                        Row {
                            line: i,
                            start: line.len(),
                            shown: line.len(),
                            end: line.len(),
                        },
                    );
                }
                cursor = (first + k, col);
            }
        }
        Layout { rows, cursor }
    }

    /// Moves the cursor `by` rows of the screen, keeping its column where it can.
    fn move_rows(&mut self, by: isize) {
        let width = self.view.get().width;
        let layout = self.layout(width);
        let (row, col) = layout.cursor;
        let goal = *self.goal.get_or_insert(col);
        let target = row
            .saturating_add_signed(by)
            .min(layout.rows.len().saturating_sub(1));
        if target == row {
            return;
        }
        let r = layout.rows[target];
        let line = &self.area.lines()[r.line];
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
        self.area.move_cursor(jump(r.line, chars));
    }

    /// The notes as the pane shows them, `width` by `height`: the rows from the first
    /// shown (moved so that the cursor is in view), and the cursor's place among them
    /// while the notes are edited.
    pub fn screen(&self, width: u16, height: u16) -> Screen {
        let layout = self.layout(width);
        let (row, col) = layout.cursor;
        let height = usize::from(height);
        let mut view = self.view.get();
        let mut top = view.top;
        if row < top {
            top = row;
        } else if height > 0 && row >= top + height {
            top = row + 1 - height;
        }
        // No empty rows below the text while there is text above to show.
        top = top.min(layout.rows.len().saturating_sub(height)).min(row);
        view = View {
            width,
            height: height as u16,
            top,
        };
        self.view.set(view);
        let lines = self.area.lines();
        let rows = layout
            .rows
            .iter()
            .skip(top)
            .take(height)
            .map(|r| shown_row(&lines[r.line][r.start..r.shown]))
            .collect();
        Screen {
            rows,
            cursor: (self.editing && row >= top && row < top + height).then_some((row - top, col)),
        }
    }

    /// Moves the window when the cursor has reached a line at its edge with more text
    /// beyond, so the lines around the cursor are always in it. Moving it starts the
    /// text area afresh, so the undo history does not reach back across such a move.
    fn follow_cursor(&mut self) {
        let DataCursor(row, col) = self.area.cursor();
        let at_top = row == 0 && !self.above.is_empty();
        let at_bottom = row + 1 == self.area.lines().len() && !self.below.is_empty();
        if at_top || at_bottom || self.outgrown(row) {
            self.recut(row, col);
        }
    }

    /// Whether what was typed or pasted has made the window (with the cursor on its
    /// line `row`) more than twice what it is cut to hold on either side.
    fn outgrown(&self, row: usize) -> bool {
        let (most_chars, most_lines) = self.reach();
        let lines = self.area.lines();
        let past = |range: &[String]| {
            range.len() > 2 * most_lines
                || range.iter().map(String::len).sum::<usize>() > 2 * most_chars
        };
        past(&lines[..row]) || past(&lines[row + 1..])
    }

    /// Cuts the window anew around the cursor at (`row`, `col`) of the window, the
    /// cursor staying on its row of the screen.
    fn recut(&mut self, row: usize, col: usize) {
        let view = self.view.get();
        let on_screen = self.layout(view.width).cursor.0.saturating_sub(view.top);
        let mut lines = std::mem::take(&mut self.above);
        let row = row + lines.len();
        lines.extend(self.area.lines().iter().cloned());
        lines.append(&mut self.below);
        self.window(lines, row, col);
        self.area = fresh_area(std::mem::take(&mut self.area));
        let top = self.layout(view.width).cursor.0.saturating_sub(on_screen);
        self.view.set(View { top, ..view });
    }

    /// Cuts the window again when the pane has changed size since it was cut: a window
    /// cut before the first frame is larger than a key can afford, and one cut for a
    /// smaller pane would leave the rows above it empty. Like any move of the window,
    /// it starts the undo history afresh.
    fn fit_window(&mut self) {
        let view = self.view.get();
        if view.width == 0 || self.cut_for == (view.width, view.height) {
            return;
        }
        if self.above.is_empty() && self.below.is_empty() {
            // The whole text is in the window: nothing to cut.
            self.cut_for = (view.width, view.height);
            return;
        }
        let DataCursor(row, col) = self.area.cursor();
        self.recut(row, col);
    }

    /// How many characters or lines the window holds on each side of the cursor,
    /// whichever comes first: a pane's worth of rows and a few more (a line is at
    /// least a row, and a row holds at most `width` characters).
    fn reach(&self) -> (usize, usize) {
        let view = self.view.get();
        if view.width == 0 {
            return (WINDOW_CHARS, WINDOW_LINES);
        }
        let rows = usize::from(view.height.max(8)) + 8;
        (rows * usize::from(view.width.max(20)), rows)
    }

    /// Splits `lines` into the lines above, the window and the lines below, around
    /// the cursor at (`row`, `col`), and puts the window in the text area.
    fn window(&mut self, mut lines: Vec<String>, row: usize, col: usize) {
        let view = self.view.get();
        let (most_chars, most_lines) = self.reach();
        self.cut_for = (view.width, view.height);
        let reach = |range: &mut dyn Iterator<Item = usize>| {
            let (mut chars, mut count, mut last) = (0, 0, None);
            for i in range {
                if chars >= most_chars || count >= most_lines {
                    break;
                }
                chars += lines[i].len();
                count += 1;
                last = Some(i);
            }
            last
        };
        let start = reach(&mut (0..row).rev()).unwrap_or(row);
        let end = reach(&mut (row + 1..lines.len())).map_or(row + 1, |i| i + 1);
        self.below = lines.split_off(end);
        let window = lines.split_off(start);
        self.above = lines;
        let mut area = TextArea::new(window);
        area.move_cursor(jump(row - start, col));
        self.area = area;
        // A new text area has no history: neither have the steps.
        self.steps = Steps::default();
    }
}

fn jump(row: usize, col: usize) -> CursorMove {
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    CursorMove::Jump(clamp(row), clamp(col))
}

/// The text area's settings, on a text area just filled. It is never drawn (the pane
/// is laid out here), so it neither wraps nor styles.
fn fresh_area(mut a: TextArea<'static>) -> TextArea<'static> {
    a.set_wrap_mode(WrapMode::None);
    a.set_max_histories(STEPS);
    a.set_cursor_line_style(Style::default());
    a.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    a
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

/// A row of the window on screen: bytes `start..end` of line `line`, of which
/// `start..shown` are drawn; the spaces from `shown` hang past the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    line: usize,
    start: usize,
    shown: usize,
    end: usize,
}

/// Each line of the window as `wrap` last laid it out, at `width` columns: a key
/// changes a line or two, and laying out all the others again on every key was a
/// good part of its cost.
#[derive(Debug, Default)]
struct Wrapped {
    width: u16,
    lines: Vec<(String, Vec<Span>)>,
}

/// A row of a line, as `wrap` gives it: bytes `(start, shown, end)`.
type Span = (usize, usize, usize);

impl Wrapped {
    /// For a window of `count` lines at `width` columns.
    fn keep(&mut self, width: u16, count: usize) {
        if self.width != width {
            self.lines.clear();
            self.width = width;
        }
        self.lines.truncate(count);
    }

    /// Line `i`'s rows, laid out again only when it is not the line laid out last.
    fn of(&mut self, i: usize, line: &str) -> &[Span] {
        if self.lines.get(i).is_none_or(|(was, _)| was != line) {
            let rows = wrap(line, usize::from(self.width));
            match self.lines.get_mut(i) {
                Some(known) => {
                    known.0.clear();
                    known.0.push_str(line);
                    known.1 = rows;
                }
                None => self.lines.push((line.to_string(), rows)),
            }
        }
        &self.lines[i].1
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
    out
}

/// A line as rows `width` columns wide (0: one row): each is bytes `(start, shown,
/// end)`. A row ends at the spaces before a word that would pass the edge; the spaces
/// stay with it (`shown..end`, past the edge where they do not fit), so the next row
/// begins where the text does. A word wider than a row is broken at the edge.
/// Leading spaces (an indent) are text like any other.
pub fn wrap(line: &str, width: usize) -> Vec<(usize, usize, usize)> {
    if width == 0 {
        return vec![(0, line.len(), line.len())];
    }
    let mut rows = Vec::new();
    let mut start = 0;
    let mut col = 0;
    // Whether the row has text other than leading spaces.
    let mut text = false;
    // The run of spaces after the row's text, where it began; and whether it passed
    // the edge.
    let mut spaces: Option<usize> = None;
    let mut past = false;
    // The last place the row may end: where its spaces began, and the word after them.
    let mut brk: Option<(usize, usize)> = None;
    for (i, c) in line.char_indices() {
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
    rows
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

    proptest::proptest! {
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
        assert!(e.area.lines().len() <= WINDOW_LINES + 1);
        assert_eq!(e.text(), text);
        assert!(e.shows(&text));
        assert!(!e.shows(&text[..text.len() - 1]));
        assert!(!e.shows(&format!("{text}\n")));
        // Typing at the end, then walking to the top and typing there.
        e.input(key(Key::Char('z')));
        for _ in 0..2000 {
            e.input(key(Key::Up));
        }
        e.input(key(Key::Home));
        e.input(key(Key::Char('a')));
        let mut expected = format!("a{text}");
        expected.push('z');
        assert_eq!(e.text(), expected);
        assert!(e.area.lines().len() <= 2 * WINDOW_LINES + 1);
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
