//! The subcommands of the binary: thin wrappers that print what the library finds.

pub mod check;
#[cfg(unix)]
mod keyboard;
pub mod new;
pub mod notes;
pub mod overview;
pub mod report;
pub mod screen;
pub mod signals;

use std::io::Write;
use std::process::ExitCode;

/// A command's failure: what to print, and the exit status (1 runtime, 2 bad input).
pub struct Failure {
    pub message: String,
    pub status: u8,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            status: 2,
        }
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            status: 1,
        }
    }

    pub fn exit(self) -> ExitCode {
        // Diagnostics start with their file's path; other messages say who speaks.
        let located = self.message.lines().next().is_some_and(|l| {
            let mut parts = l.splitn(4, ':');
            parts.next().is_some()
                && parts.next().is_some_and(|n| n.parse::<usize>().is_ok())
                && parts.next().is_some_and(|n| n.parse::<usize>().is_ok())
        });
        if located {
            warn(&self.message);
        } else if !self.message.is_empty() {
            warn(&format!("agendum: {}", self.message));
        }
        ExitCode::from(self.status)
    }
}

/// Writes a message on stderr, as every command does. Messages name files and quote
/// what was read from the meeting folder, a journal or a lock, so they go out as
/// `shown::lines` makes them. A terminal gone (after SIGHUP) is no second failure.
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "{}", agendum::shown::lines(message));
}

/// Writes `text` on stdout as `warn` writes on stderr; a reader gone (`| head`) ends
/// nothing.
pub fn print(text: &str) {
    let _ = write!(std::io::stdout(), "{}", agendum::shown::lines(text));
}

impl From<Failure> for Result<(), Failure> {
    fn from(f: Failure) -> Self {
        Err(f)
    }
}
