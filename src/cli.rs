//! The command line: what `agendum` accepts, as clap derives it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "agendum",
    version,
    about = "Run a working group's online meeting from the keyboard and write its summary report",
    long_about = "Run a working group's online meeting from the keyboard: agenda, speaking queue, \
timers, attendance and notes, and the meeting's markdown summary report.\n\n\
`agendum AGENDA.toml` opens the moderator's screen on that agenda (resuming its meeting if it \
was begun); `agendum` alone opens the bundled demo agenda. When standard output is not a \
terminal, the agenda is printed at a glance instead."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The agenda to run (same as `agendum run AGENDA`)
    pub agenda: Option<PathBuf>,

    /// Take the meeting over from an agendum on another computer that is gone
    #[arg(long)]
    pub take_over: bool,

    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct Global {
    /// Use this configuration file instead of the one in the config directory
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where meeting folders are written (beats the config file)
    #[arg(long, short = 'd', global = true, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// A built-in theme (default, light, high-contrast) or a theme file
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a meeting on its agenda: the moderator's screen
    Run {
        /// The agenda file
        agenda: PathBuf,
        /// Take the meeting over from an agendum on another computer that is gone
        #[arg(long)]
        take_over: bool,
    },
    /// Validate agendas: a summary line per valid file, every error of an invalid one
    Check {
        /// Agenda files
        #[arg(required = true)]
        agendas: Vec<PathBuf>,
    },
    /// Render the report of a saved meeting without the screen
    Report {
        /// The meeting's folder, or its agenda file (with --output-dir)
        meeting: PathBuf,
        /// Print the report instead of writing report.md
        #[arg(long)]
        stdout: bool,
        /// Write report.md even though notes still hold both texts of a conflict
        #[arg(long)]
        with_conflicts: bool,
        /// The forms to write, e.g. md,docx,html (default: the agenda's `[report]
        /// formats`, else the config's, else all three)
        #[arg(long, value_name = "FORMATS", value_parser = parse_formats)]
        format: Option<crate::report::Formats>,
    },
    /// Write a new agenda: a commented template, or the next meeting of a series
    New {
        /// Make the next meeting after this one (its agenda file or folder)
        #[arg(long, value_name = "MEETING")]
        next_after: Option<PathBuf>,
        /// Where to write the agenda (default: standard output)
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The notetaker's view of a meeting
    Notes {
        /// The meeting's folder, or its agenda file
        meeting: PathBuf,
        /// Start on this item (e.g. 2 or 2b)
        #[arg(long)]
        item: Option<String>,
    },
    /// Print shell completions
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

/// `--format md,docx,html`.
fn parse_formats(list: &str) -> Result<crate::report::Formats, String> {
    crate::report::Formats::from_list(list)
}
