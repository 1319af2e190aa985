use std::process::ExitCode;

use clap::Parser;

use agendum::cli::{Cli, Command};

mod commands;

/// The moderator's screen on a terminal; piped or redirected, the agenda at a glance
/// (so `agendum AGENDA | less` and scripts get text, not escape codes).
fn open(
    agenda: Option<&std::path::Path>,
    global: &agendum::cli::Global,
    take_over: bool,
) -> Result<(), commands::Failure> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        commands::screen::run(agenda, global, take_over)
    } else {
        // The screen reads the theme; without it a bad --theme is still bad usage.
        if let Some(t) = &global.theme {
            agendum::theme::Theme::resolve(Some(t), agendum::theme::config_dir().as_deref())
                .map_err(|d| commands::Failure::usage(d.to_string()))?;
        }
        commands::overview::run(agenda, global)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help and version itself; everything else is bad usage (2).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // The screens run for hours; the other commands are over in a moment, and blocks
    // kept for reuse spare them the system's zeroing of fresh pages (a third of a
    // large report's time).
    if matches!(
        cli.command,
        None | Some(Command::Run { .. } | Command::Notes { .. })
    ) {
        return_large_blocks();
    } else {
        keep_freed_blocks();
    }
    let outcome = match cli.command {
        Some(Command::Check { agendas }) => commands::check::run(&agendas),
        Some(Command::Report {
            meeting,
            stdout,
            with_conflicts,
            format,
        }) => commands::report::run(
            &meeting,
            stdout,
            with_conflicts,
            format.as_ref(),
            &cli.global,
        ),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "agendum", &mut std::io::stdout());
            Ok(())
        }
        Some(Command::Run { agenda, take_over }) => {
            open(Some(&agenda), &cli.global, take_over || cli.take_over)
        }
        None => open(cli.agenda.as_deref(), &cli.global, cli.take_over),
        Some(Command::New { next_after, output }) => {
            commands::new::run(next_after.as_deref(), output.as_deref(), &cli.global)
        }
        Some(Command::Notes { meeting, item }) => {
            commands::notes::run(&meeting, item.as_deref(), &cli.global)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => f.exit(),
    }
}

/// Blocks of 128 KiB and more (a long item's notes, copied at every hand-over to the
/// meeting and to the folder's writer) come from the system and go back to it when
/// freed. By default glibc raises that bar to the largest block freed, after which such
/// copies are carved from its heaps and kept there: a meeting with 100,000 words of
/// notes held a third more memory than it used.
fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; called before any thread
    // (parsing the command line starts none).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Blocks freed are kept for the next ones, however large: by default glibc gives the
/// system back blocks of 128 KiB and more (until one that large is freed) and the top
/// of its heap beyond 128 KiB, and every block asked for again is fresh pages the
/// system must fault in and zero. A report of 1 MB of notes faulted 10,400 pages so,
/// 7,900 with this.
fn keep_freed_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in `return_large_blocks`.
    unsafe {
        // glibc's largest threshold on 64-bit systems.
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}
