//! The signals that end a meeting's screen from outside: the terminal closed
//! (SIGHUP), a polite kill (SIGTERM), an interrupt or quit from the shell. They are
//! noted, not acted on at once, so the screen can journal the last notes and put the
//! terminal back before it goes.
//!
//! The screen also waits for input here, and reads it (`keyboard`): the wait notices
//! a terminal that went away as a hang-up; and should the screen be stuck all the
//! same, a watchdog gives the meeting back and ends the process.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The signal caught, if any; and, for the watchdog, a pipe that each signal writes a
/// byte to, so that it sleeps until one comes instead of waking to ask.
#[derive(Clone)]
pub struct Stop(Arc<AtomicUsize>, Option<Arc<Bell>>);

#[cfg(unix)]
type Bell = std::os::unix::net::UnixStream;
#[cfg(not(unix))]
type Bell = ();

#[cfg(unix)]
const SIGNALS: [(i32, &str); 4] = [
    (
        signal_hook::consts::SIGHUP,
        "SIGHUP (the terminal was closed)",
    ),
    (signal_hook::consts::SIGTERM, "SIGTERM"),
    (signal_hook::consts::SIGINT, "SIGINT"),
    (signal_hook::consts::SIGQUIT, "SIGQUIT"),
];

/// Starts noting the signals.
pub fn watch() -> Stop {
    let caught = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    let bell = Bell::pair().ok();
    #[cfg(not(unix))]
    let bell: Option<((), ())> = None;
    #[cfg(unix)]
    for (signal, _) in SIGNALS {
        // Registration fails only for signals that cannot be caught; these can.
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize);
        if let Some(ring) = bell.as_ref().and_then(|(_, w)| w.try_clone().ok()) {
            let _ = signal_hook::low_level::pipe::register(signal, ring);
        }
    }
    Stop(caught, bell.map(|(r, _)| Arc::new(r)))
}

impl Stop {
    /// The name of the signal caught, once one was.
    pub fn caught(&self) -> Option<&'static str> {
        let n = self.0.load(Ordering::Relaxed);
        if n == 0 {
            return None;
        }
        #[cfg(unix)]
        {
            SIGNALS
                .iter()
                .find(|(s, _)| *s as usize == n)
                .map(|(_, name)| *name)
        }
        #[cfg(not(unix))]
        {
            Some("a signal")
        }
    }

    /// Forgets an interrupt or quit caught while another program had the terminal
    /// (`$EDITOR`): it was meant for that program, as with a shell's `system()`.
    pub fn forget_interrupts(&self) {
        #[cfg(unix)]
        for s in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
            let _ = self
                .0
                .compare_exchange(s as usize, 0, Ordering::Relaxed, Ordering::Relaxed);
        }
    }

    /// Waits for a signal (a while, when there is no pipe to wait on).
    fn sleep(&self) {
        #[cfg(unix)]
        let slept = self.1.as_deref().is_some_and(|mut r| {
            let mut bytes = [0u8; 16];
            std::io::Read::read(&mut r, &mut bytes).is_ok_and(|n| n > 0)
        });
        #[cfg(not(unix))]
        let slept = false;
        if !slept {
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Once a signal is caught, gives the screen `grace` to close; if it has not
    /// ended the process by then, `give_back` runs and the process ends.
    pub fn watchdog(&self, grace: Duration, give_back: impl FnOnce() + Send + 'static) {
        let stop = self.clone();
        let _ = std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(move || {
                loop {
                    while stop.caught().is_none() {
                        stop.sleep();
                    }
                    std::thread::sleep(grace);
                    // An interrupt meant for the editor is forgotten meanwhile.
                    if stop.caught().is_some() {
                        give_back();
                        std::process::exit(1);
                    }
                }
            });
    }
}

/// What waiting for the terminal found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The terminal has input to read (`typed`), or another thread has news, or the
    /// terminal was `resized`.
    Input {
        resized: bool,
        typed: bool,
    },
    Timeout,
    /// The terminal is gone.
    HangUp,
}

/// Waits for the terminal's input or a resize, for up to `timeout`.
#[cfg(unix)]
pub struct Waiter {
    resized: std::os::unix::net::UnixStream,
    /// The other end: anyone with a bell wakes the wait.
    bell: std::sync::Arc<std::os::unix::net::UnixStream>,
    keyboard: super::keyboard::Keyboard,
}

#[cfg(unix)]
impl Waiter {
    pub fn new() -> std::io::Result<Waiter> {
        let (resized, write) = std::os::unix::net::UnixStream::pair()?;
        resized.set_nonblocking(true)?;
        let bell = write.try_clone()?;
        bell.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write)?;
        Ok(Waiter {
            resized,
            bell: std::sync::Arc::new(bell),
            keyboard: super::keyboard::Keyboard::default(),
        })
    }

    /// Wakes the wait from another thread (the meeting folder's writer has news).
    pub fn bell(&self) -> agendum::store::mirror::Wake {
        let bell = std::sync::Arc::clone(&self.bell);
        agendum::store::mirror::Wake(std::sync::Arc::new(move || {
            use std::io::Write;
            // A full socket already holds a wake-up.
            let _ = (&*bell).write(&[1]);
        }))
    }

    pub fn wait(&self, timeout: Duration) -> std::io::Result<Wake> {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let mut fds = [
            libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.resized.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // Rounded up: woken before the time it waits for, the loop would wake again at
        // once, for nothing, drawing a frame each time.
        let ms = libc::c_int::try_from(timeout.as_nanos().div_ceil(1_000_000))
            .unwrap_or(libc::c_int::MAX);
        // SAFETY: `fds` is a valid array of two pollfd for the length given.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            return if e.kind() == std::io::ErrorKind::Interrupted {
                Ok(Wake::Timeout)
            } else {
                Err(e)
            };
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(Wake::HangUp);
        }
        let mut resized = false;
        if fds[1].revents & libc::POLLIN != 0 {
            let mut drain = [0u8; 64];
            let read = (&self.resized).read(&mut drain).unwrap_or(0);
            // The signal's handler writes an `X`, a bell a 1.
            resized = drain[..read].contains(&b'X');
        }
        Ok(if n > 0 {
            Wake::Input {
                resized,
                typed: fds[0].revents & libc::POLLIN != 0,
            }
        } else {
            Wake::Timeout
        })
    }

    /// Adds what the terminal sent to `inputs` (`Wake::Input` said it is there);
    /// `false` when the terminal is gone.
    pub fn read(&mut self, inputs: &mut Vec<agendum::app::Input>) -> std::io::Result<bool> {
        self.keyboard.read(inputs)
    }
}

#[cfg(not(unix))]
pub struct Waiter;

#[cfg(not(unix))]
impl Waiter {
    pub fn new() -> std::io::Result<Waiter> {
        Ok(Waiter)
    }

    pub fn bell(&self) -> agendum::store::mirror::Wake {
        agendum::store::mirror::Wake(std::sync::Arc::new(|| {}))
    }

    pub fn wait(&self, timeout: Duration) -> std::io::Result<Wake> {
        Ok(if ratatui::crossterm::event::poll(timeout)? {
            Wake::Input {
                resized: false,
                typed: true,
            }
        } else {
            Wake::Timeout
        })
    }

    /// Adds what the terminal sent to `inputs` (`Wake::Input` said it is there);
    /// `false` when the terminal is gone.
    pub fn read(&mut self, inputs: &mut Vec<agendum::app::Input>) -> std::io::Result<bool> {
        use agendum::app::Input;
        use ratatui::crossterm::event::{self, Event};
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                Event::Key(k) => inputs.extend(key(k).map(Input::Key)),
                Event::Paste(text) => inputs.push(Input::Paste(text)),
                Event::Resize(..) => inputs.push(Input::Resize),
                _ => {}
            }
        }
        Ok(true)
    }
}

#[cfg(not(unix))]
/// The application's reading of a terminal key.
fn key(k: ratatui::crossterm::event::KeyEvent) -> Option<agendum::app::Key> {
    use agendum::app::Key;
    use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
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
    })
}
