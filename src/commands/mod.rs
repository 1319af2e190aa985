//! The subcommands of the binary: thin wrappers that print what the library finds.

pub mod check;
pub mod new;
pub mod overview;
pub mod report;

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
        if !self.message.is_empty() {
            eprintln!("{}", self.message);
        }
        ExitCode::from(self.status)
    }
}

impl From<Failure> for Result<(), Failure> {
    fn from(f: Failure) -> Self {
        Err(f)
    }
}
