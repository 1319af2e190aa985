use std::path::{Path, PathBuf};

use agendum::agenda::{self, Agenda};
use agendum::duration;
use agendum::meeting::Meeting;

use super::Failure;

/// Checks every file, printing a summary for the good ones and every error of the bad.
pub fn run(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut bad = 0;
    for path in paths {
        let checked = agenda::load_file(path)
            .map_err(|d| d.to_string())
            .and_then(|a| template_renders(path, &a).map(|()| a));
        match checked {
            Ok(a) => super::print(&format!("{}: {}\n", path.display(), summary(&a))),
            Err(message) => {
                bad += 1;
                super::warn(&message);
            }
        }
    }
    if bad == 0 {
        Ok(())
    } else {
        let files = if bad == 1 { "file has" } else { "files have" };
        Err(Failure::usage(format!("{bad} {files} errors")))
    }
}

/// A template of the user's is checked by rendering the agenda with it.
fn template_renders(path: &Path, a: &Agenda) -> Result<(), String> {
    let Some(name) = &a.report.template else {
        return Ok(());
    };
    let (t, source) = super::report::read_template(path, name).map_err(|f| f.message)?;
    agendum::report::render_with(&Meeting::new(a.clone()), &source)
        .map(|_| ())
        .map_err(|e| super::report::template_failure(&t, &source, &e).message)
}

/// "WG-Strategy Online Meeting 51, 2023-02-16 14:00 UTC: 5 items, 26 participants, planned 55m of 1h".
pub fn summary(a: &Agenda) -> String {
    let m = &a.meeting;
    let who = m.abbreviation.as_deref().unwrap_or(&m.group);
    let subs: usize = a.items.iter().map(|i| i.subitems.len()).sum();
    let items = match (a.items.len(), subs) {
        (1, 0) => "1 item".to_string(),
        (n, 0) => format!("{n} items"),
        (n, s) => format!("{n} items ({s} sub-item{})", if s == 1 { "" } else { "s" }),
    };
    let planned = a.planned_total();
    let plan = match m.duration {
        Some(d) if planned > d => format!(
            "planned {} of {} (over by {})",
            duration::format(planned),
            duration::format(d),
            duration::format(planned - d)
        ),
        Some(d) => format!(
            "planned {} of {}",
            duration::format(planned),
            duration::format(d)
        ),
        None if planned.num_seconds() > 0 => format!("planned {}", duration::format(planned)),
        None => "no timeboxes".to_string(),
    };
    format!(
        "{who} {}, {} {} {}: {items}, {} participants, {plan}",
        a.title(),
        m.date.format("%Y-%m-%d"),
        m.start.format("%H:%M"),
        m.timezone.label(),
        a.participants.len()
    )
}
