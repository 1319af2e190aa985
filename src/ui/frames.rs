//! Drawing frame after frame: the whole screen, or, while only keys typed into the
//! notes came since the last whole frame, that frame with the notes pane drawn anew.
//! Typing is most of what a meeting's keys are, and the notes pane a fraction of the
//! screen.

use ratatui::Terminal;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

use super::cells::Cells;
use super::notes::{self, Drawn};
use super::{
    Glance, MIN_HEIGHT, MIN_WIDTH, Panes, clocked_panes, draw_notes, draw_notes_row, drawn,
    notes_pane, scrub,
};
use crate::app::{App, Mode};
use crate::theme::Theme;

/// A notes-only frame is the notes pane drawn into a buffer of its own and compared
/// with the pane as the screen shows it: nothing outside the pane is made, copied or
/// compared, and what is written is what the key changed. While the pane's title,
/// borders and brief stay as they were (most keys), only the rows of the text that
/// changed are drawn and compared, as nano does. ratatui's own copy of the screen is
/// then out of date inside the pane, so before the next whole frame it is given the
/// screen as it is (`screen` with `ticked` and `shown` over it: `settle`).
///
/// Likewise, when only the second's tick came, only the panes that show the time are
/// drawn again (`clocked_panes`), each compared with itself as the last frame drew it,
/// and what differs written: an idle meeting costs its clocks.
#[derive(Default)]
pub struct Frames {
    /// The screen's area when the last whole frame was drawn.
    area: Rect,
    /// What the last whole frame showed besides the notes.
    glance: Option<Glance>,
    /// Only keys typed into the notes, with nothing to do for the shell, came since the
    /// last frame.
    only_notes: bool,
    /// Only the second's tick, with nothing to do for the shell, came since the last
    /// frame.
    only_ticks: bool,
    /// The screen as the last whole frame drew it (the notes pane as `shown` has it
    /// once `pane_stale`, the clocked panes as `ticked` has them).
    screen: Option<Buffer>,
    /// Notes-only frames were written since `screen` was last made whole.
    pane_stale: bool,
    /// The notes pane's cells as the screen shows them now.
    shown: Buffer,
    /// The next notes-only frame, drawn here and then swapped with `shown`; or a row of
    /// the text as shown.
    next: Buffer,
    /// A row of the text drawn anew.
    row: Buffer,
    /// What `shown` shows: the pane's chrome and the rows of its text.
    drawn: Option<Drawn>,
    /// The clocked panes as the last clocks frame drew them: newer than `screen` there.
    ticked: Option<Ticked>,
    /// Frames were written past ratatui since the last whole frame.
    stale: bool,
    /// How many frames were the notes pane alone (for tests and benchmarks).
    pub notes_only: u64,
    /// How many of those were rows of the text alone.
    pub rows_only: u64,
    /// How many frames were the clocks alone.
    pub clocks_only: u64,
}

impl Frames {
    /// An input was handled that left the shell nothing to do, or not (`quiet`):
    /// `typed` when it was a key typed while the notes were being edited, `tick` when it
    /// was the second's tick.
    pub fn handled(&mut self, quiet: bool, typed: bool, tick: bool) {
        self.only_notes &= quiet && typed;
        self.only_ticks &= quiet && tick;
    }

    /// Something else changed the application (the meeting folder's news, the shell's
    /// doing): the next frame is drawn whole.
    pub fn changed(&mut self) {
        self.only_notes = false;
        self.only_ticks = false;
    }

    /// The terminal was cleared (`Terminal::clear`, after an editor or a suspension):
    /// what was kept of the screen is no longer on it.
    pub fn cleared(&mut self) {
        self.changed();
        self.screen = None;
        self.ticked = None;
        self.stale = false;
        self.pane_stale = false;
    }

    pub fn draw<B: Cells>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        theme: &Theme,
    ) -> Result<(), B::Error> {
        let now = Glance::of(app);
        let area = terminal.get_frame().area();
        let kept = self.screen.is_some()
            && area == self.area
            && area.width >= MIN_WIDTH
            && area.height >= MIN_HEIGHT;
        let quick = kept && now.notes_mode && self.only_notes && self.glance.as_ref() == Some(&now);
        // Overlays cover the panes; the panes that show the time are drawn whole.
        let clocks = kept
            && self.only_ticks
            && matches!(app.mode, Mode::Normal | Mode::Notes)
            && self
                .glance
                .as_ref()
                .is_some_and(|g| g.same_but_the_clock(&now));
        self.only_notes = true;
        self.only_ticks = true;
        if clocks && !quick {
            self.glance = Some(now);
            self.clocks_only += 1;
            return self.clocks(terminal, app, theme);
        }
        if quick {
            // Where the panes go follows from the glance and the roster and queue, which
            // keys typed into the notes do not change.
            debug_assert_eq!(notes_pane(area, app, theme), self.shown.area);
            self.notes_only += 1;
            return self.notes(terminal, app, theme);
        }
        self.whole(terminal, app, theme, now)
    }

    /// The notes pane drawn anew and what differs from the screen written.
    fn notes<B: Cells>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        theme: &Theme,
    ) -> Result<(), B::Error> {
        let chrome = notes::chrome(self.shown.area, app);
        let backend = terminal.backend_mut();
        self.stale = true;
        self.pane_stale = true;
        if let Some(Drawn {
            chrome: was,
            text: Some((inner, rows)),
        }) = &mut self.drawn
            && *was == chrome
        {
            self.rows_only += 1;
            let inner = *inner;
            for i in app.notes.screen_into(inner.width, inner.height, rows) {
                if i >= usize::from(inner.height) {
                    continue;
                }
                let area = Rect {
                    y: inner.y + i as u16,
                    height: 1,
                    ..inner
                };
                self.next.resize(area);
                copy(&self.shown, &mut self.next, area);
                self.row.resize(area);
                self.row.reset();
                draw_notes_row(&mut self.row, rows, i);
                backend.cells(self.next.diff_iter(&self.row))?;
                copy(&self.row, &mut self.shown, area);
            }
            return backend.flush();
        }
        self.next.resize(self.shown.area);
        self.next.reset();
        let text = draw_notes(&mut self.next, &chrome, app, theme);
        backend.cells(self.shown.diff_iter(&self.next))?;
        backend.flush()?;
        std::mem::swap(&mut self.shown, &mut self.next);
        self.drawn = Some(Drawn { chrome, text });
        Ok(())
    }

    /// The panes that show the time drawn anew, each into a buffer of its own area, and
    /// what differs from the pane as shown written: nothing else of the screen is made,
    /// copied or compared.
    fn clocks<B: Cells>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        theme: &Theme,
    ) -> Result<(), B::Error> {
        let p = Panes::of(self.area, app, theme);
        let panes = clocked_panes(&p);
        let mut ticked = match self.ticked.take() {
            Some(t)
                if t.shown
                    .iter()
                    .map(|b| b.area)
                    .eq(panes.iter().map(|(r, _)| *r)) =>
            {
                t
            }
            other => {
                self.ticked = other;
                self.settle();
                let Some(screen) = &self.screen else {
                    return Ok(());
                };
                Ticked {
                    shown: panes.map(|(r, _)| {
                        let mut b = Buffer::empty(r);
                        copy(screen, &mut b, r);
                        b
                    }),
                    next: panes.map(|(r, _)| Buffer::empty(r)),
                }
            }
        };
        let backend = terminal.backend_mut();
        for (i, (area, draw)) in panes.into_iter().enumerate() {
            let next = &mut ticked.next[i];
            next.resize(area);
            next.reset();
            draw(next, area, app, theme);
            scrub(&mut next.content);
            backend.cells(ticked.shown[i].diff_iter(next))?;
            std::mem::swap(&mut ticked.shown[i], next);
        }
        backend.flush()?;
        self.ticked = Some(ticked);
        self.stale = true;
        Ok(())
    }

    /// `screen` made the screen as it is: the clocked panes and the notes pane drawn
    /// since over it.
    fn settle(&mut self) {
        let Some(screen) = self.screen.as_mut() else {
            self.ticked = None;
            return;
        };
        if let Some(t) = self.ticked.take() {
            for b in &t.shown {
                copy(b, screen, b.area);
            }
        }
        if std::mem::take(&mut self.pane_stale) {
            copy(&self.shown, screen, self.shown.area);
        }
    }

    fn whole<B: Cells>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        theme: &Theme,
        now: Glance,
    ) -> Result<(), B::Error> {
        if self.stale {
            self.stale = false;
            terminal.autoresize()?;
            self.settle();
            // A new size cleared the screen and ratatui's copy of it: nothing to mend.
            if terminal.get_frame().area() == self.area
                && let Some(screen) = &self.screen
            {
                same_as(terminal.current_buffer_mut(), screen);
                // ratatui compares the next frame with the screen as it is.
                terminal.swap_buffers();
            }
        }
        self.pane_stale = false;
        self.ticked = None;
        let mut pane = None;
        let drawn = terminal.draw(|f| pane = drawn(f, app, theme))?;
        self.area = drawn.area;
        let notes_mode = now.notes_mode;
        self.glance = Some(now);
        if self.area.width < MIN_WIDTH || self.area.height < MIN_HEIGHT {
            self.screen = None;
            self.drawn = None;
            return Ok(());
        }
        let screen = self.screen.get_or_insert_with(Buffer::default);
        same_as(screen, drawn.buffer);
        if !notes_mode {
            // Notes-only frames follow only a whole frame of the notes being edited.
            self.drawn = None;
            return Ok(());
        }
        self.drawn = pane;
        let pane = notes_pane(self.area, app, theme);
        self.shown.resize(pane);
        copy(screen, &mut self.shown, pane);
        Ok(())
    }
}

/// The panes that show the time, each in a buffer of its area: as shown, and the
/// next, drawn and then swapped with it.
struct Ticked {
    shown: [Buffer; 4],
    next: [Buffer; 4],
}

/// `to` made a copy of `from` in the memory it has: a whole screen's cells are more
/// than the allocator hands out without a fresh mapping of pages to fault in.
fn same_as(to: &mut Buffer, from: &Buffer) {
    to.area = from.area;
    to.content.clone_from(&from.content);
}

/// `from`'s cells in `area` (which both hold) over `to`'s, as they would be drawn: a
/// row at a time, each a run of cells in both.
fn copy(from: &Buffer, to: &mut Buffer, area: Rect) {
    let width = usize::from(area.width);
    if width == 0 {
        return;
    }
    for y in area.top()..area.bottom() {
        let (f, t) = (from.index_of(area.x, y), to.index_of(area.x, y));
        let cells = &mut to.content[t..t + width];
        cells.clone_from_slice(&from.content[f..f + width]);
        for cell in cells {
            cell.set_diff_option(CellDiffOption::None);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;
    use ratatui::backend::{Backend, TestBackend};

    use super::*;
    use crate::app::{Input, Key, Mode};
    use crate::meeting::Meeting;

    const DEMO: &str = include_str!("../../agendas/demo.toml");

    /// A terminal's screen: a test backend that also does what a terminal does when a
    /// wide character is written (its second column is covered) or written over (the
    /// half left of it is blanked), so that two screens reached by different writes
    /// compare as the eye would see them.
    struct Screen(TestBackend);

    impl Screen {
        fn new(width: u16, height: u16) -> Screen {
            Screen(TestBackend::new(width, height))
        }

        fn cells(&self) -> &ratatui::buffer::Buffer {
            self.0.buffer()
        }
    }

    impl Backend for Screen {
        type Error = <TestBackend as Backend>::Error;

        fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
        where
            I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
        {
            use unicode_width::UnicodeWidthStr;
            let blank = ratatui::buffer::Cell::default();
            let width = self.0.buffer().area.width;
            for (x, y, cell) in content {
                let wide = |b: &ratatui::buffer::Buffer, x: u16| {
                    x < width && b[(x, y)].symbol().width() > 1
                };
                let mut writes = Vec::new();
                if x > 0 && wide(self.0.buffer(), x - 1) {
                    writes.push((x - 1, blank.clone()));
                }
                if wide(self.0.buffer(), x) && x + 1 < width {
                    writes.push((x + 1, blank.clone()));
                }
                writes.push((x, cell.clone()));
                if cell.symbol().width() > 1 && x + 1 < width {
                    writes.push((x + 1, blank.clone()));
                }
                self.0.draw(writes.iter().map(|(x, c)| (*x, y, c)))?;
            }
            Ok(())
        }
        fn hide_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.hide_cursor()
        }
        fn show_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.show_cursor()
        }
        fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
            self.0.get_cursor_position()
        }
        fn set_cursor_position<P: Into<ratatui::layout::Position>>(
            &mut self,
            position: P,
        ) -> Result<(), Self::Error> {
            self.0.set_cursor_position(position)
        }
        fn clear(&mut self) -> Result<(), Self::Error> {
            self.0.clear()
        }
        fn clear_region(
            &mut self,
            clear_type: ratatui::backend::ClearType,
        ) -> Result<(), Self::Error> {
            self.0.clear_region(clear_type)
        }
        fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
            self.0.size()
        }
        fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
            self.0.window_size()
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            self.0.flush()
        }
    }

    impl Cells for Screen {}

    /// Item 1 taken up with a few screens of notes, an action among them, being edited,
    /// someone at the floor.
    fn typing() -> App {
        let agenda = crate::agenda::parse_str("demo.toml", DEMO).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let mut app = App::new(Meeting::new(agenda), t0);
        let setup = [
            Key::Char('n'),
            Key::Char('h'),
            Key::Enter,
            Key::Enter,
            Key::Char(' '),
        ];
        for k in setup {
            app.handle(Input::Key(k), t0);
        }
        let mut notes = String::new();
        for p in 0..60 {
            notes.push_str(&"the group discussed the draft profile ".repeat(p % 7 + 1));
            notes.push('\n');
            if p % 9 == 4 {
                notes.push_str("ACTION: Kwame: follow up due 2026-12-10\n");
            }
        }
        app.notes_from_editor(0, Ok(notes));
        app.handle(Input::Key(Key::Char('i')), t0);
        app
    }

    fn keys() -> impl Strategy<Value = Key> {
        prop_oneof![
            6 => prop::sample::select(vec!['a', 'b', ' ', 'é', '会', '\t', ':']).prop_map(Key::Char),
            1 => prop::sample::select(vec![
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
                Key::Ctrl('z'),
                Key::Ctrl('y'),
                Key::Ctrl('u'),
                Key::Ctrl('k'),
                Key::Esc,
                Key::Char('i'),
            ]),
        ]
    }

    /// What happens between two looks at the screen.
    #[derive(Debug, Clone, Copy)]
    enum Step {
        Key(Key),
        /// The second's tick.
        Tick,
        /// The terminal resized, by this much more than the size the case began at.
        Resize(u16, u16),
        /// The screen handed to an editor and back: cleared.
        Clear,
    }

    fn steps() -> impl Strategy<Value = Vec<(Step, u16, bool)>> {
        let step = prop_oneof![
            90 => keys().prop_map(Step::Key),
            5 => Just(Step::Tick),
            3 => (0u16..9, 0u16..5).prop_map(|(w, h)| Step::Resize(w, h)),
            2 => Just(Step::Clear),
        ];
        // Now and then several inputs come before the next frame, as in the shell's loop.
        prop::collection::vec((step, 0u16..700, prop::bool::weighted(0.85)), 1..120)
    }

    /// Each frame `Frames` draws is the frame `draw` draws of the same state, whatever
    /// was typed, whenever the clocks tick, at any screen size, after the screen was
    /// resized or cleared.
    fn frames_are_whole_frames(
        size: (u16, u16),
        steps: &[(Step, u16, bool)],
    ) -> Result<(u64, u64, u64), TestCaseError> {
        let theme = Theme::default_theme();
        let mut app = typing();
        let mut now = app.now;
        let mut frames = Frames::default();
        let mut quick = Terminal::new(Screen::new(size.0, size.1)).unwrap();
        assert!(
            app.meeting.queue.speaker.is_some(),
            "the speaker's clock runs too"
        );
        frames.draw(&mut quick, &app, &theme).unwrap();
        for &(step, ms, look) in steps {
            now += TimeDelta::milliseconds(i64::from(ms));
            let input = match step {
                Step::Key(key) => Some(Input::Key(key)),
                Step::Tick => Some(Input::Tick),
                Step::Resize(w, h) => {
                    quick.backend_mut().0.resize(size.0 + w, size.1 + h);
                    Some(Input::Resize)
                }
                Step::Clear => {
                    quick.clear().unwrap();
                    frames.cleared();
                    None
                }
            };
            if let Some(input) = input {
                let typed = matches!(input, Input::Key(_)) && app.mode == Mode::Notes;
                let tick = matches!(input, Input::Tick);
                let fx = app.handle(input, now);
                frames.handled(fx.is_empty(), typed, tick);
            }
            if !look {
                continue;
            }
            frames.draw(&mut quick, &app, &theme).unwrap();
            // The whole frame drawn afresh on a blank screen: what the screen must show.
            let area = quick.get_frame().area();
            let mut whole = Terminal::new(Screen::new(area.width, area.height)).unwrap();
            whole.draw(|f| super::super::draw(f, &app, &theme)).unwrap();
            let (a, b) = (quick.backend().cells(), whole.backend().cells());
            prop_assert_eq!(a.area, b.area);
            let differ: Vec<String> = a
                .content
                .iter()
                .zip(&b.content)
                .enumerate()
                .filter(|(_, (x, y))| x != y)
                .take(5)
                .map(|(i, (x, y))| format!("{:?}: {x:?} ≠ {y:?}", a.pos_of(i)))
                .collect();
            prop_assert!(differ.is_empty(), "the quick frame differs: {differ:#?}");
        }
        Ok((frames.notes_only, frames.rows_only, frames.clocks_only))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn a_notes_frame_is_the_whole_frame(
            size in prop::sample::select(vec![(80u16, 24u16), (160, 48), (120, 40), (61, 17)]),
            steps in steps(),
        ) {
            frames_are_whole_frames(size, &steps)?;
        }
    }

    #[test]
    fn typing_draws_only_the_notes_pane_within_a_second() {
        let steps: Vec<(Step, u16, bool)> = "notes typed here"
            .chars()
            .map(|c| (Step::Key(Key::Char(c)), 20, true))
            .collect();
        let (fast, rows, _) = frames_are_whole_frames((120, 40), &steps).unwrap();
        // 16 keys in 320 ms: one second boundary at most makes a whole frame, and the
        // notes-only frame after it draws the pane whole.
        assert!(fast >= 14, "{fast} of 16 frames were the notes pane alone");
        assert!(
            rows >= 13,
            "{rows} of 16 frames were rows of the text alone"
        );
    }

    #[test]
    fn an_idle_second_draws_only_the_clocks() {
        let cases = [
            (Key::Esc, (120, 40)),
            (Key::Esc, (80, 24)),
            (Key::End, (120, 40)),
        ];
        for (mode, size) in cases {
            let mut steps = vec![(Step::Key(mode), 10, true)];
            steps.extend((0..30).map(|_| (Step::Tick, 1000, true)));
            let (_, _, clocks) = frames_are_whole_frames(size, &steps).unwrap();
            assert_eq!(clocks, 30, "{mode:?} at {size:?}");
        }
    }
}
