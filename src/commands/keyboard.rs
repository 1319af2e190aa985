//! The terminal's input, read by the screen itself: one `read` of what the wait found
//! waiting, its bytes made into keys and pastes by `terminput`'s parser (crossterm's
//! own, as a crate). crossterm's reader would take the same bytes through its event
//! source, a lock and two more system calls (an `epoll_wait` to find the input the
//! wait had already found, another to find nothing after it). On a key typed after a
//! pause all of that runs with cold caches: reading it here, a key echoes 16–24 µs
//! sooner through a pseudo-terminal (of about 0.33 ms).

use std::io;

use agendum::app::{Input, Key};
use terminput::{Event, KeyCode, KeyEventKind, KeyModifiers};

pub struct Keyboard {
    /// The bytes of an escape sequence, a character or a paste begun in one read and
    /// not yet ended.
    pending: Vec<u8>,
    /// Where a read goes: kept, rather than a fresh (zeroed) array on the stack for
    /// every key.
    chunk: Box<[u8]>,
}

impl Default for Keyboard {
    fn default() -> Keyboard {
        Keyboard {
            pending: Vec::new(),
            chunk: vec![0; CHUNK].into_boxed_slice(),
        }
    }
}

const ESC: u8 = 0x1b;

/// What a terminal sends before a bracketed paste.
const PASTE: &[u8] = b"\x1b[200~";

/// Longer than any escape sequence a terminal sends for a key.
const LONGEST: usize = 64;

/// A paste's bytes kept past it are given back above this.
const KEPT: usize = 64 * 1024;

/// The most read at once; a longer paste takes several reads.
const CHUNK: usize = 4096;

impl Keyboard {
    /// Reads what standard input holds (the wait found it readable) and adds the keys
    /// and pastes it completes to `inputs`; `false` when the terminal is gone.
    pub fn read(&mut self, inputs: &mut Vec<Input>) -> io::Result<bool> {
        loop {
            // SAFETY: `chunk` is valid for writes of its length.
            let n = unsafe {
                libc::read(
                    libc::STDIN_FILENO,
                    self.chunk.as_mut_ptr().cast(),
                    self.chunk.len(),
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                match e.kind() {
                    io::ErrorKind::Interrupted => continue,
                    io::ErrorKind::WouldBlock => return Ok(true),
                    _ => return Err(e),
                }
            }
            if n == 0 {
                return Ok(false);
            }
            let n = n as usize;
            // A full chunk may have more behind it, read at once.
            let more = n == CHUNK && readable_now();
            let chunk = std::mem::take(&mut self.chunk);
            self.take(&chunk[..n], more, inputs);
            self.chunk = chunk;
            if !more {
                return Ok(true);
            }
        }
    }

    /// `bytes` read from the terminal, `more` to follow at once: the inputs they end
    /// go to `inputs`, the start of any sequence they leave open is kept.
    pub fn take(&mut self, bytes: &[u8], more: bool, inputs: &mut Vec<Input>) {
        for (i, &b) in bytes.iter().enumerate() {
            if self.broken_by(b) {
                self.forget();
            }
            self.pending.push(b);
            // An escape with nothing after it in this read is the Esc key; with bytes
            // after it, it begins what they are (an arrow, Alt and a key, a paste).
            if self.pending == [ESC] && (i + 1 < bytes.len() || more) {
                continue;
            }
            match Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    inputs.extend(input(event));
                    self.forget();
                }
                Ok(None) => {}
                // Not a sequence anything sends that agendum knows: dropped, as a
                // terminal drops what it does not understand.
                Err(_) => self.forget(),
            }
        }
    }

    /// Whether `b` cannot go on with the escape sequence begun (not a paste): a
    /// terminal never sends it inside one, so the sequence was cut short or garbled,
    /// and `b` is read on its own. Text typed after a stray `ESC [` is not swallowed
    /// waiting for the letter that would end it.
    fn broken_by(&self, b: u8) -> bool {
        let p = &self.pending;
        p.len() >= 2
            && p[0] == ESC
            && p[1] == b'['
            && !p.starts_with(PASTE)
            && (!(0x20..=0x7e).contains(&b) || p.len() >= LONGEST)
    }

    fn forget(&mut self) {
        self.pending.clear();
        if self.pending.capacity() > KEPT {
            self.pending.shrink_to(LONGEST);
        }
    }
}

/// Whether standard input holds more right now.
fn readable_now() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no wait.
    unsafe { libc::poll(&mut fd, 1, 0) > 0 && fd.revents & libc::POLLIN != 0 }
}

/// What agendum makes of a terminal's event.
fn input(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let ctrl = k.modifiers.contains(KeyModifiers::CTRL);
            Some(Input::Key(match k.code {
                KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
                KeyCode::Char(c) => Key::Char(c),
                KeyCode::Enter => Key::Enter,
                KeyCode::Esc => Key::Esc,
                KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
                KeyCode::Tab => Key::Tab,
                KeyCode::Up => Key::Up,
                KeyCode::Down => Key::Down,
                KeyCode::Left => Key::Left,
                KeyCode::Right => Key::Right,
                KeyCode::PageUp => Key::PageUp,
                KeyCode::PageDown => Key::PageDown,
                KeyCode::Home => Key::Home,
                KeyCode::End => Key::End,
                KeyCode::Backspace => Key::Backspace,
                KeyCode::Delete => Key::Delete,
                _ => return None,
            }))
        }
        Event::Paste(text) => Some(Input::Paste(text)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn typed(chunks: &[&[u8]]) -> Vec<Input> {
        let mut k = Keyboard::default();
        let mut inputs = Vec::new();
        for c in chunks {
            k.take(c, false, &mut inputs);
        }
        inputs
    }

    fn keys(ks: &[Key]) -> Vec<Input> {
        ks.iter().map(|k| Input::Key(*k)).collect()
    }

    #[test]
    fn letters_controls_and_the_keys_a_terminal_sends_are_read() {
        assert_eq!(
            typed(&[b"a\xc3\xa9\r\t\x7f\x03\x1b[A\x1b[B\x1bOC\x1b[D\x1b[3~\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[Z\x1b[1;5A"]),
            keys(&[
                Key::Char('a'),
                Key::Char('é'),
                Key::Enter,
                Key::Tab,
                Key::Backspace,
                Key::Ctrl('c'),
                Key::Up,
                Key::Down,
                Key::Right,
                Key::Left,
                Key::Delete,
                Key::PageUp,
                Key::PageDown,
                Key::Home,
                Key::End,
                Key::BackTab,
                Key::Up,
            ])
        );
    }

    #[test]
    fn an_escape_ending_a_read_is_the_esc_key_and_one_followed_begins_a_sequence() {
        assert_eq!(typed(&[b"\x1b"]), keys(&[Key::Esc]));
        assert_eq!(typed(&[b"\x1b", b"\x1b"]), keys(&[Key::Esc, Key::Esc]));
        // Alt and a letter: the letter.
        assert_eq!(typed(&[b"\x1bx"]), keys(&[Key::Char('x')]));
        assert_eq!(typed(&[b"\x1b[A"]), keys(&[Key::Up]));
    }

    #[test]
    fn a_sequence_or_a_character_split_between_reads_is_read_whole() {
        assert_eq!(typed(&[b"\x1b[", b"1;5", b"B"]), keys(&[Key::Down]));
        assert_eq!(typed(&[b"\xc3", b"\xa9"]), keys(&[Key::Char('é')]));
        let mut k = Keyboard::default();
        let mut inputs = Vec::new();
        // A full read with more behind it: its last escape waits for what follows.
        k.take(b"ab\x1b", true, &mut inputs);
        k.take(b"[C", false, &mut inputs);
        assert_eq!(inputs, keys(&[Key::Char('a'), Key::Char('b'), Key::Right]));
    }

    #[test]
    fn a_garbled_sequence_swallows_nothing_typed_after_it() {
        assert_eq!(
            typed(&[b"\x1b[1", b"\rab"]),
            keys(&[Key::Enter, Key::Char('a'), Key::Char('b')])
        );
        assert_eq!(typed(&[b"\x1b[\x1b[A"]), keys(&[Key::Up]));
        let mut long = b"\x1b[".to_vec();
        long.extend(std::iter::repeat_n(b'1', 200));
        long.extend(b"\x1b[B");
        // Past the longest sequence, what follows is read as it comes.
        let got = typed(&[&long]);
        assert_eq!(got.last(), Some(&Input::Key(Key::Down)));
        assert!(
            got[..got.len() - 1]
                .iter()
                .all(|i| *i == Input::Key(Key::Char('1')))
        );
    }

    #[test]
    fn a_bracketed_paste_is_one_input_however_it_is_read() {
        let text = "line one\r\nline two, \u{1b}[A inside\n";
        let whole = format!("\x1b[200~{text}\x1b[201~x");
        let want = vec![Input::Paste(text.into()), Input::Key(Key::Char('x'))];
        assert_eq!(typed(&[whole.as_bytes()]), want);
        let bytes = whole.as_bytes();
        let split: Vec<&[u8]> = bytes.chunks(3).collect();
        assert_eq!(typed(&split), want);
        // A long one is kept whole, and what it held is given back after.
        let long = "x".repeat(200_000);
        let mut k = Keyboard::default();
        let mut inputs = Vec::new();
        k.take(
            format!("\x1b[200~{long}\x1b[201~").as_bytes(),
            false,
            &mut inputs,
        );
        assert_eq!(inputs, vec![Input::Paste(long)]);
        assert!(k.pending.capacity() <= KEPT);
    }

    proptest! {
        /// Whatever a terminal (or line noise) sends, however it is cut into reads,
        /// reading never panics, and printable text typed between sequences is read
        /// as exactly its characters.
        #[test]
        fn any_bytes_cut_anywhere_are_read_without_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
            cuts in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let mut cuts = cuts;
            cuts.push(bytes.len());
            cuts.sort_unstable();
            let mut k = Keyboard::default();
            let mut inputs = Vec::new();
            let mut at = 0;
            for c in cuts {
                let c = c.min(bytes.len());
                k.take(&bytes[at..c.max(at)], false, &mut inputs);
                at = c.max(at);
            }
        }

        #[test]
        fn printable_text_is_read_as_its_characters_however_it_is_cut(
            text in "[^\u{0}-\u{1f}\u{7f}]{0,80}",
            cut in 0usize..400,
        ) {
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let got = typed(&[&bytes[..cut], &bytes[cut..]]);
            let want: Vec<Input> = text.chars().map(|c| Input::Key(Key::Char(c))).collect();
            prop_assert_eq!(got, want);
        }
    }
}
