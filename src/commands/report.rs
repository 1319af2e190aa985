use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use agendum::agenda::{self, Agenda};
use agendum::cli::Global;
use agendum::notes::markers;
use agendum::report::group_styles::GroupStyles;
use agendum::report::words::and_list;
use agendum::report::{Formats, Publishing};
use agendum::{config, folder, journal, report, store};

use super::Failure;

/// `agendum report MEETING`: renders the report of a saved meeting from its folder
/// (or from its agenda file and the output directory) and writes or prints it.
pub fn run(
    meeting: &Path,
    stdout: bool,
    with_conflicts: bool,
    formats: Option<&Formats>,
    global: &Global,
) -> Result<(), Failure> {
    let (agenda_path, dir) = locate(meeting, global)?;
    let (agenda, source) = load_agenda_with_source(&agenda_path)?;
    let publishing = if stdout {
        Publishing::markdown_only()
    } else {
        let config =
            config::load(global.config.as_deref()).map_err(|d| Failure::usage(d.to_string()))?;
        publishing(Some(&agenda_path), &agenda, &config, formats)?
    };
    let dir = dir.unwrap_or_else(|| {
        folder::meeting_dir(
            &output_dir(global).unwrap_or_else(|_| config::default_output_dir()),
            &agenda,
        )
    });
    let paths = store::Paths::of(&dir);
    let local = paths.local.clone();
    if !dir.is_dir() && !local.join(journal::FILE_NAME).is_file() {
        // Writing would leave an empty report where a mistyped --output-dir or a
        // changed date points; a preview is harmless.
        if !stdout {
            return Err(Failure::usage(format!(
                "no meeting folder at {}: check --output-dir and the agenda's date and number \
                 (--stdout previews the report of the agenda alone)",
                dir.display()
            )));
        }
        super::warn(&format!(
            "agendum: no meeting folder at {}: the report shows the agenda only",
            dir.display()
        ));
    }
    let template = agenda.report.template.clone();
    let loaded = store::read(&paths, agenda)
        .map_err(|e| Failure::runtime(format!("cannot read the meeting {}: {e}", dir.display())))?;
    for d in &loaded.damaged {
        super::warn(&format!(
            "agendum: journal line {}: a damaged record was skipped: {}",
            d.line, d.reason
        ));
    }
    for s in &loaded.skipped {
        super::warn(&format!(
            "agendum: a journal event no longer applies and was skipped: {s}"
        ));
    }
    for n in &loaded.notices {
        super::warn(&format!("agendum: {}: {n}", dir.display()));
    }
    if let Some(e) = &loaded.folder_error {
        super::warn(&format!(
            "agendum: the meeting folder cannot be read ({e}): the report is made from the \
             journal on this computer"
        ));
    }
    // What to warn of is found on another core while the report is rendered: both
    // read every item's notes.
    let (notices, text) = agendum::cores::beside(
        || report::notices(&loaded.meeting),
        || match template {
            None => Ok(report::render(&loaded.meeting)),
            Some(t) => read_template(&agenda_path, &t).and_then(|(path, source)| {
                report::render_with(&loaded.meeting, &source)
                    .map_err(|e| template_failure(&path, &source, &e))
            }),
        },
    );
    for n in notices {
        super::warn(&format!("agendum: {n}"));
    }
    let text = text?;
    if stdout {
        super::print(&text);
        return Ok(());
    }
    // One writer per file of the meeting folder: while a moderator's agendum has the
    // meeting open, the report is that screen's to write.
    let lock = dir.join(agendum::store::lock::FILE_NAME);
    if let Some(h) = agendum::store::lock::holder(&lock)
        && agendum::store::lock::may_be_running(&h)
    {
        return Err(Failure::runtime(format!(
            "the meeting is open in agendum ({h}): write the report there with w, or see \
             this one with --stdout (an agendum on a computer that is gone is taken over \
             with `agendum AGENDA --take-over`)"
        )));
    }
    if !with_conflicts {
        let held = conflicts(&loaded, &dir);
        if !held.is_empty() {
            confirm_conflicts(&held)?;
        }
    }
    let written = folder::write_published(&dir, &text, &publishing)
        .and_then(|w| {
            // With its agenda beside it, the folder alone is enough to render again;
            // the copy follows the agenda the report was made from.
            if dir.join(folder::AGENDA_FILE) != agenda_path {
                folder::copy_agenda(&dir, &source)?;
            }
            Ok(w)
        })
        .map_err(|e| {
            let copy = local.join(folder::REPORT_FILE);
            match folder::write_privately(&copy, text.as_bytes()) {
                Ok(()) => Failure::runtime(format!(
                    "cannot write the report in {}: {e}; it is kept at {} (run this again \
                     once the folder can be written)",
                    dir.display(),
                    copy.display()
                )),
                Err(_) => {
                    Failure::runtime(format!("cannot write the report in {}: {e}", dir.display()))
                }
            }
        })?;
    for kept in &written.kept {
        super::warn(&format!(
            "agendum: the earlier report had been edited by hand; it is kept as {}",
            kept.display()
        ));
    }
    for path in std::iter::once(&written.path).chain(&written.also) {
        super::print(&format!("{}\n", path.display()));
    }
    Ok(())
}

/// Notes that still hold a conflict: an item's (its number), or a notes file that
/// matches no item; and where the conflicts are, for a person to find them.
struct Held {
    item: Option<usize>,
    place: String,
}

/// The notes that still hold both texts of a conflict, items first.
fn conflicts(loaded: &store::Loaded, dir: &Path) -> Vec<Held> {
    let meeting = &loaded.meeting;
    let lines = |at: &[usize]| {
        let at: Vec<String> = at.iter().map(ToString::to_string).collect();
        let s = if at.len() == 1 { "" } else { "s" };
        format!("line{s} {}", and_list(&at))
    };
    let mut held = Vec::new();
    for (i, notes) in meeting.notes.iter().enumerate() {
        let at = markers::conflicts(notes);
        if at.is_empty() {
            continue;
        }
        // The report does not rename files after an agenda change: the file may
        // still have the name it was found under.
        let now = folder::notes_file_name(&meeting.agenda, i);
        let name = loaded
            .renamed
            .0
            .iter()
            .find(|(_, n)| *n == now)
            .map_or(now.clone(), |(was, _)| was.clone());
        let path = dir.join(folder::NOTES_DIR).join(name);
        let in_file = loaded
            .reconciled
            .files
            .get(i)
            .and_then(Option::as_ref)
            .map(|f| markers::conflicts(f))
            .filter(|f| !f.is_empty());
        let place = match in_file {
            Some(f) => format!("{}, {}", path.display(), lines(&f)),
            // Merged as the meeting was read, or held by this computer's journal
            // alone: the file is brought up to date when the meeting is opened.
            None => format!(
                "{} of its notes as agendum holds them ({} does not show them yet: open \
                 the meeting to resolve them)",
                lines(&at),
                path.display()
            ),
        };
        held.push(Held {
            item: Some(i + 1),
            place,
        });
    }
    for (source, text) in &meeting.unmatched_notes {
        let at = markers::conflicts(text);
        if at.is_empty() {
            continue;
        }
        let file = dir.join(source);
        let place = if source.starts_with(folder::NOTES_DIR) && file.is_file() {
            file.display().to_string()
        } else {
            source.clone()
        };
        held.push(Held {
            item: None,
            place: format!("{place}, {}", lines(&at)),
        });
    }
    held
}

/// Writing a report that shows both texts of a conflict is a choice: asked on a
/// terminal, refused otherwise unless `--with-conflicts` said so.
fn confirm_conflicts(held: &[Held]) -> Result<(), Failure> {
    let items: Vec<String> = held
        .iter()
        .filter_map(|h| h.item.map(|n| n.to_string()))
        .collect();
    let mut who = Vec::new();
    match items.as_slice() {
        [] => {}
        [one] => who.push(format!("item {one}")),
        many => who.push(format!("items {}", and_list(many))),
    }
    match held.len() - items.len() {
        0 => {}
        1 => who.push("a notes file that matches no item".to_string()),
        _ => who.push("notes files that match no item".to_string()),
    }
    let who = match who.as_slice() {
        [items, files] => format!("{items}, and {files},"),
        _ => who.concat(),
    };
    let mut said = format!(
        "{who} still {} both texts of a conflict, between <<<<<<< and >>>>>>> lines:",
        if held.len() == 1 { "holds" } else { "hold" }
    );
    for h in held {
        let who = h
            .item
            .map_or("unmatched".to_string(), |n| format!("item {n}"));
        said.push_str(&format!("\n  {who}: {}", h.place));
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let question = format!("agendum: {said}\nwrite the report anyway? [y/N] ");
        if ask(
            &question,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        ) {
            return Ok(());
        }
        return Err(Failure::runtime(
            "the report was not written: resolve the conflicts, or pass --with-conflicts",
        ));
    }
    Err(Failure::runtime(format!(
        "the report was not written: {said}\nresolve each conflict (keep the text that should \
         stand and delete the marker lines), or pass --with-conflicts to write the report with \
         both texts"
    )))
}

/// Asks a yes-or-no question; anything but a yes (an empty line, the end of the
/// input) is a no.
fn ask(question: &str, input: &mut impl BufRead, out: &mut impl Write) -> bool {
    // The question names notes files found in the meeting folder.
    if write!(out, "{}", agendum::shown::lines(question))
        .and_then(|()| out.flush())
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    if input.read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

/// The agenda file and, when MEETING is a folder, that folder.
pub fn locate(meeting: &Path, global: &Global) -> Result<(PathBuf, Option<PathBuf>), Failure> {
    // A meeting folder on a drive that is gone: this computer's copy of its agenda.
    let kept = store::local_dir(meeting).join(folder::AGENDA_FILE);
    if !meeting.exists() && kept.is_file() {
        return Ok((kept, Some(meeting.to_path_buf())));
    }
    if !meeting.exists() {
        return Err(Failure::usage(format!(
            "{}: nothing there: MEETING is a meeting folder, or its agenda file (with \
             --output-dir when the folder is not the default one)",
            meeting.display()
        )));
    }
    if meeting.is_dir() {
        let agenda = meeting.join(folder::AGENDA_FILE);
        if !agenda.is_file() {
            return Err(Failure::usage(format!(
                "{} is a folder without {}: give the agenda file instead, with --output-dir",
                meeting.display(),
                folder::AGENDA_FILE
            )));
        }
        return Ok((agenda, Some(meeting.to_path_buf())));
    }
    // Validated early so a bad config is reported even when MEETING is wrong too.
    output_dir(global)?;
    Ok((meeting.to_path_buf(), None))
}

pub fn output_dir(global: &Global) -> Result<PathBuf, Failure> {
    if let Some(d) = &global.output_dir {
        return Ok(d.clone());
    }
    let c = config::load(global.config.as_deref()).map_err(|d| Failure::usage(d.to_string()))?;
    Ok(c.output_dir.unwrap_or_else(config::default_output_dir))
}

pub fn load_agenda(path: &Path) -> Result<Agenda, Failure> {
    load_agenda_with_source(path).map(|(a, _)| a)
}

/// The agenda and the bytes it was read from, read once.
pub fn load_agenda_with_source(path: &Path) -> Result<(Agenda, Vec<u8>), Failure> {
    agenda::load_file_with_source(path).map_err(|d| Failure::usage(d.to_string()))
}

/// How the report is published: the forms from the flag, else the agenda's
/// `[report] formats`, else the config's, else all three; the group's Word styles
/// from the agenda (relative to it), else the config. A styles file that cannot be
/// used is an error naming it, before anything is written.
pub fn publishing(
    agenda_path: Option<&Path>,
    agenda: &Agenda,
    config: &config::Config,
    flag: Option<&Formats>,
) -> Result<Publishing, Failure> {
    let formats = match (flag, &agenda.report.formats, &config.formats) {
        (Some(f), _, _) => f.clone(),
        (None, Some(f), _) => f.clone(),
        (None, None, Some(names)) => {
            Formats::from_names(names.iter().map(String::as_str)).map_err(Failure::usage)?
        }
        (None, None, None) => Formats::default(),
    };
    let styles_path = match (&agenda.report.docx_styles, agenda_path, &config.docx_styles) {
        (Some(s), Some(p), _) => Some(p.parent().unwrap_or(Path::new(".")).join(s)),
        (Some(s), None, _) => Some(PathBuf::from(s)),
        (None, _, Some(p)) => Some(p.clone()),
        (None, _, None) => None,
    };
    let styles = match styles_path {
        Some(p) if formats.contains(agendum::report::Format::Docx) => Some(std::sync::Arc::new(
            GroupStyles::load(&p).map_err(|m| Failure::usage(agendum::shown::lines(&m)))?,
        )),
        _ => None,
    };
    Ok(Publishing { formats, styles })
}

/// The user's report template, named relative to the agenda that names it.
pub fn read_template(agenda_path: &Path, name: &str) -> Result<(PathBuf, String), Failure> {
    let base = agenda_path.parent().unwrap_or(Path::new("."));
    let path = base.join(name);
    let source = std::fs::read_to_string(&path).map_err(|e| {
        Failure::usage(format!(
            "{}:1:1: cannot read the report template: {e}",
            path.display()
        ))
    })?;
    Ok((path, source))
}

/// A template error as a diagnostic: the template's path, line, and that line.
pub fn template_failure(path: &Path, source: &str, e: &report::TemplateError) -> Failure {
    let line = e.line.unwrap_or(1);
    let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
    Failure::usage(format!(
        "{}:{line}:1: {}\n {line} | {}",
        path.display(),
        e.message,
        agendum::diagnostic::visible(text)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_yes_is_a_yes() {
        for (typed, yes) in [
            ("y\n", true),
            (" Yes \n", true),
            ("\n", false),
            ("", false),
            ("no\n", false),
            ("yep\n", false),
        ] {
            let mut out = Vec::new();
            assert_eq!(
                ask("write? [y/N] ", &mut typed.as_bytes(), &mut out),
                yes,
                "{typed:?}"
            );
            assert_eq!(out, b"write? [y/N] ");
        }
    }
}
