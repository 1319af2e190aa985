//! Cells that changed, written to the terminal by the quick frames (`Frames`: a row of
//! the notes, the clocks). On the terminal's backend they are written here as the
//! same bytes ratatui's crossterm backend writes (a property test holds the two
//! together; where no cell changed, nothing is written, where ratatui would still
//! reset the colours), without crossterm's commands: each went through `core::fmt`
//! and an attribute's code through a fresh `String`, and after a typist's pause that
//! code runs with cold caches — a sixth of the program's own time for a key.

use std::io;

use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::Cell;
use ratatui::crossterm::style::Colored;
use ratatui::style::{Color, Modifier};

/// A backend the quick frames write changed cells to: as it draws them, unless it
/// has a quicker way.
pub trait Cells: Backend {
    fn cells<'a, I>(&mut self, cells: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.draw(cells)
    }
}

impl<W: io::Write> Cells for CrosstermBackend<W> {
    fn cells<'a, I>(&mut self, cells: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // No cell changed (a clock showing the same time): not even the colours'
        // reset is written, which would wake the terminal for nothing.
        let mut cells = cells.peekable();
        if cells.peek().is_none() {
            return Ok(());
        }
        // With NO_COLOR crossterm leaves colours out, in its own way.
        if Colored::ansi_color_disabled_memoized() {
            return self.draw(cells);
        }
        write(self, cells)
    }
}

impl Cells for TestBackend {}

/// `cells` as escape sequences and text, as `CrosstermBackend::draw` writes them.
pub fn write<'a, W: io::Write>(
    out: &mut W,
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> io::Result<()> {
    let mut out = Sgr(out);
    let mut fg = Color::Reset;
    let mut bg = Color::Reset;
    let mut underline = Color::Reset;
    let mut modifier = Modifier::empty();
    let mut last: Option<(u16, u16)> = None;
    for (x, y, cell) in cells {
        if !matches!(last, Some((lx, ly)) if x == lx.wrapping_add(1) && y == ly) {
            out.bytes(b"\x1b[")?;
            out.number(u32::from(y) + 1)?;
            out.bytes(b";")?;
            out.number(u32::from(x) + 1)?;
            out.bytes(b"H")?;
        }
        last = Some((x, y));
        if cell.modifier != modifier {
            out.modifiers(modifier, cell.modifier)?;
            modifier = cell.modifier;
        }
        if cell.fg != fg || cell.bg != bg {
            out.bytes(b"\x1b[")?;
            out.color(Layer::Fore, cell.fg)?;
            out.bytes(b";")?;
            out.color(Layer::Back, cell.bg)?;
            out.bytes(b"m")?;
            fg = cell.fg;
            bg = cell.bg;
        }
        if cell.underline_color != underline {
            out.bytes(b"\x1b[")?;
            out.color(Layer::Under, cell.underline_color)?;
            out.bytes(b"m")?;
            underline = cell.underline_color;
        }
        out.bytes(cell.symbol().as_bytes())?;
    }
    out.bytes(b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m")
}

#[derive(Clone, Copy)]
enum Layer {
    Fore,
    Back,
    Under,
}

struct Sgr<'w, W>(&'w mut W);

impl<W: io::Write> Sgr<'_, W> {
    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)
    }

    fn number(&mut self, n: u32) -> io::Result<()> {
        let mut digits = [0u8; 10];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.bytes(&digits[at..])
    }

    fn attribute(&mut self, code: u32) -> io::Result<()> {
        self.bytes(b"\x1b[")?;
        self.number(code)?;
        self.bytes(b"m")
    }

    /// As crossterm's `Colored` writes a colour (ratatui's named colours are the
    /// terminal's first sixteen, by index).
    fn color(&mut self, layer: Layer, color: Color) -> io::Result<()> {
        let (reset, set): (&[u8], &[u8]) = match layer {
            Layer::Fore => (b"39", b"38;"),
            Layer::Back => (b"49", b"48;"),
            Layer::Under => (b"59", b"58;"),
        };
        let index = match color {
            Color::Reset => return self.bytes(reset),
            Color::Rgb(r, g, b) => {
                self.bytes(set)?;
                self.bytes(b"2;")?;
                self.number(u32::from(r))?;
                self.bytes(b";")?;
                self.number(u32::from(g))?;
                self.bytes(b";")?;
                return self.number(u32::from(b));
            }
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Indexed(i) => i,
        };
        self.bytes(set)?;
        self.bytes(b"5;")?;
        self.number(u32::from(index))
    }

    /// From `from` to `to`, in the order and with the codes of ratatui's backend.
    fn modifiers(&mut self, from: Modifier, to: Modifier) -> io::Result<()> {
        let removed = from - to;
        if removed.contains(Modifier::REVERSED) {
            self.attribute(27)?;
        }
        let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
        if reset_intensity {
            self.attribute(22)?;
            if to.contains(Modifier::DIM) {
                self.attribute(2)?;
            }
            if to.contains(Modifier::BOLD) {
                self.attribute(1)?;
            }
        }
        for (m, code) in [
            (Modifier::ITALIC, 23),
            (Modifier::UNDERLINED, 24),
            (Modifier::CROSSED_OUT, 29),
            (Modifier::HIDDEN, 28),
        ] {
            if removed.contains(m) {
                self.attribute(code)?;
            }
        }
        if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
            self.attribute(25)?;
        }
        let added = to - from;
        for (m, code, unless_reset) in [
            (Modifier::REVERSED, 7, false),
            (Modifier::BOLD, 1, true),
            (Modifier::ITALIC, 3, false),
            (Modifier::UNDERLINED, 4, false),
            (Modifier::DIM, 2, true),
            (Modifier::CROSSED_OUT, 9, false),
            (Modifier::HIDDEN, 8, false),
            (Modifier::SLOW_BLINK, 5, false),
            (Modifier::RAPID_BLINK, 6, false),
        ] {
            if added.contains(m) && !(unless_reset && reset_intensity) {
                self.attribute(code)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn color() -> impl Strategy<Value = Color> {
        prop_oneof![
            (0u8..17).prop_map(|i| match i {
                0 => Color::Reset,
                1 => Color::Black,
                2 => Color::Red,
                3 => Color::Green,
                4 => Color::Yellow,
                5 => Color::Blue,
                6 => Color::Magenta,
                7 => Color::Cyan,
                8 => Color::Gray,
                9 => Color::DarkGray,
                10 => Color::LightRed,
                11 => Color::LightGreen,
                12 => Color::LightYellow,
                13 => Color::LightBlue,
                14 => Color::LightMagenta,
                15 => Color::LightCyan,
                _ => Color::White,
            }),
            any::<u8>().prop_map(Color::Indexed),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ]
    }

    fn cell() -> impl Strategy<Value = Cell> {
        (
            prop_oneof![
                Just("a"),
                Just(" "),
                Just("é"),
                Just("界"),
                Just("e\u{301}"),
                Just("👍🏽")
            ],
            color(),
            color(),
            color(),
            0u16..=Modifier::all().bits(),
        )
            .prop_map(|(symbol, fg, bg, underline, modifier)| {
                let mut c = Cell::new(symbol);
                c.fg = fg;
                c.bg = bg;
                c.underline_color = underline;
                c.modifier = Modifier::from_bits_truncate(modifier);
                c
            })
    }

    proptest! {
        /// Any run of cells, in order or jumping about the screen, is written byte for
        /// byte as ratatui's crossterm backend writes it.
        #[test]
        fn cells_are_written_as_ratatuis_backend_writes_them(
            cells in proptest::collection::vec((0u16..300, 0u16..100, cell()), 0..40),
            runs in proptest::collection::vec(any::<bool>(), 40),
        ) {
            Colored::set_ansi_color_disabled(false);
            // Some cells follow the one before on its row, as most do in a frame.
            let mut at = Vec::new();
            let mut last: Option<(u16, u16)> = None;
            for (i, (x, y, c)) in cells.iter().enumerate() {
                let (x, y) = match last {
                    Some((lx, ly)) if runs[i] => (lx + 1, ly),
                    _ => (*x, *y),
                };
                last = Some((x, y));
                at.push((x, y, c));
            }
            let mut ours = Vec::new();
            write(&mut ours, at.iter().copied()).unwrap();
            let mut theirs = Vec::new();
            Backend::draw(&mut CrosstermBackend::new(&mut theirs), at.iter().copied()).unwrap();
            prop_assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
    }

    #[test]
    fn no_cell_changed_writes_nothing() {
        Colored::set_ansi_color_disabled(false);
        let mut out = Vec::new();
        CrosstermBackend::new(&mut out)
            .cells(std::iter::empty())
            .unwrap();
        assert_eq!(out, b"");
        let cell = Cell::new("7");
        CrosstermBackend::new(&mut out)
            .cells([(3, 0, &cell)].into_iter())
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\x1b[1;4H7\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
    }
}
