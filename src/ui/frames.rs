//! Drawing frame after frame: the whole screen, or, while only keys typed into the
//! notes came since the last whole frame, that frame with the notes pane drawn anew.
//! Typing is most of what a meeting's keys are, and the notes pane a fraction of the
//! screen.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use super::{Glance, MIN_HEIGHT, MIN_WIDTH, draw, draw_notes};
use crate::app::App;
use crate::theme::Theme;

#[derive(Default)]
pub struct Frames {
    /// The screen's area when the last whole frame was drawn.
    area: Rect,
    /// What the last whole frame showed besides the notes.
    glance: Option<Glance>,
    /// Only keys typed into the notes, with nothing to do for the shell, came since the
    /// last frame.
    only_notes: bool,
    /// How many frames were the notes pane alone (for tests and benchmarks).
    pub notes_only: u64,
}

impl Frames {
    /// An input was handled: `typed` when it was a key typed while the notes were being
    /// edited and it left the shell nothing to do.
    pub fn handled(&mut self, typed: bool) {
        self.only_notes &= typed;
    }

    /// Something else changed the application (the meeting folder's news, the shell's
    /// doing): the next frame is drawn whole.
    pub fn changed(&mut self) {
        self.only_notes = false;
    }

    pub fn draw<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        theme: &Theme,
    ) -> Result<(), B::Error> {
        let now = Glance::of(app);
        let same = self.only_notes
            && self.glance.as_ref() == Some(&now)
            && terminal.get_frame().area() == self.area
            && self.area.width >= MIN_WIDTH
            && self.area.height >= MIN_HEIGHT;
        self.only_notes = true;
        if !same {
            self.glance = Some(now);
            self.area = terminal.draw(|f| draw(f, app, theme))?.area;
            return Ok(());
        }
        // `Terminal::draw`'s steps, less what only a whole frame needs: the size was
        // read for the last one (a resize is an input, and draws whole), and the
        // cursor is hidden already.
        self.notes_only += 1;
        draw_notes(&mut terminal.get_frame(), app, theme);
        terminal.flush()?;
        terminal.swap_buffers();
        terminal.backend_mut().flush()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;
    use ratatui::backend::TestBackend;

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

    /// Item 1 taken up with a few screens of notes, an action among them, being edited.
    fn typing() -> App {
        let agenda = crate::agenda::parse_str("demo.toml", DEMO).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let mut app = App::new(Meeting::new(agenda), t0);
        app.handle(Input::Key(Key::Char('n')), t0);
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
            6 => prop::sample::select(vec!['a', 'b', ' ', 'é', '会', '\t']).prop_map(Key::Char),
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

    /// Each frame `Frames` draws is the frame `draw` draws of the same state, whatever
    /// was typed, whenever the clocks tick, at any screen size.
    fn frames_are_whole_frames(
        size: (u16, u16),
        steps: &[(Key, u16, bool)],
    ) -> Result<u64, TestCaseError> {
        let theme = Theme::default_theme();
        let mut app = typing();
        let mut now = app.now;
        let mut frames = Frames::default();
        let mut quick = Terminal::new(Screen::new(size.0, size.1)).unwrap();
        frames.draw(&mut quick, &app, &theme).unwrap();
        for &(key, ms, tick) in steps {
            now += TimeDelta::milliseconds(i64::from(ms));
            // The shell's loop: several inputs may come between two frames.
            let input = if tick { Input::Tick } else { Input::Key(key) };
            let typed = matches!(input, Input::Key(_)) && app.mode == Mode::Notes;
            let fx = app.handle(input, now);
            frames.handled(typed && fx.is_empty());
            frames.draw(&mut quick, &app, &theme).unwrap();
            // The whole frame drawn afresh on a blank screen: what the screen must show.
            let mut whole = Terminal::new(Screen::new(size.0, size.1)).unwrap();
            whole.draw(|f| draw(f, &app, &theme)).unwrap();
            let (a, b) = (quick.backend().cells(), whole.backend().cells());
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
        Ok(frames.notes_only)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn a_notes_frame_is_the_whole_frame(
            size in prop::sample::select(vec![(80u16, 24u16), (160, 48), (120, 40), (61, 17)]),
            steps in prop::collection::vec((keys(), 0u16..700, prop::bool::weighted(0.05)), 1..120),
        ) {
            frames_are_whole_frames(size, &steps)?;
        }
    }

    #[test]
    fn typing_draws_only_the_notes_pane_within_a_second() {
        let steps: Vec<(Key, u16, bool)> = "notes typed here"
            .chars()
            .map(|c| (Key::Char(c), 20, false))
            .collect();
        let fast = frames_are_whole_frames((120, 40), &steps).unwrap();
        // 16 keys in 320 ms: one second boundary at most makes a whole frame.
        assert!(fast >= 14, "{fast} of 16 frames were the notes pane alone");
    }
}
