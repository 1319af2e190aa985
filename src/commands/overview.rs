use std::path::Path;

use agendum::agenda::{self, Agenda, ItemRef};
use agendum::cli::Global;
use agendum::{config, duration, folder};
use unicode_width::UnicodeWidthStr;

use super::Failure;

/// The built-in demo agenda, so `agendum` alone shows something real at once.
pub const DEMO: &str = include_str!("../../agendas/demo.toml");

/// `agendum [AGENDA]`: the agenda at a glance and where its meeting folder goes.
pub fn run(agenda_path: Option<&Path>, global: &Global) -> Result<(), Failure> {
    let a = match agenda_path {
        Some(p) => super::report::load_agenda(p)?,
        None => agenda::parse_str("demo.toml (built in)", DEMO)
            .map_err(|d| Failure::runtime(d.to_string()))?,
    };
    let out = match &global.output_dir {
        Some(d) => d.clone(),
        None => config::load(global.config.as_deref())
            .map_err(|d| Failure::usage(d.to_string()))?
            .output_dir
            .unwrap_or_else(config::default_output_dir),
    };
    let shown = agenda_path.map_or("AGENDA".to_string(), |p| p.display().to_string());
    super::print(&format!(
        "{}\nMeeting folder: {}\nReport:         agendum report {shown} --output-dir {}\n",
        overview(&a),
        folder::meeting_dir(&out, &a).display(),
        out.display()
    ));
    Ok(())
}

/// The agenda as a chair reads it before the call: items, timeboxes and leads.
pub fn overview(a: &Agenda) -> String {
    let m = &a.meeting;
    let mut s = String::new();
    let who = m.abbreviation.as_deref().unwrap_or(&m.group);
    s.push_str(&format!("{who} — {}\n", a.title()));
    let mut line = format!(
        "{} at {} {}",
        m.date.format("%-d %B %Y"),
        m.start.format("%H:%M"),
        m.timezone.label()
    );
    if let Some(d) = m.duration {
        line.push_str(&format!(" · {} scheduled", duration::format(d)));
    }
    line.push_str(&format!(
        " · {} planned · {} participants\n\n",
        duration::format(a.planned_total()),
        a.participants.len()
    ));
    s.push_str(&line);
    s.push_str(&points(a));
    s
}

/// The widest the number and title of a point may be before the title wraps: with the
/// timebox and a lead, a line stays within 80 columns.
const TITLE_COLUMN: usize = 56;

/// One line per point, in columns (by display width, so accents and wide characters
/// keep them straight): number and title, timebox, lead. A title too long for its
/// column wraps under itself.
fn points(a: &Agenda) -> String {
    let rows: Vec<(String, &str, String, String)> = a
        .points()
        .into_iter()
        .map(|r| {
            let label = match r.sub {
                None => format!("{:>3}. ", r.item + 1),
                Some(i) => format!("      {}. ", agenda::letter(i)),
            };
            let timebox = a.timebox_of(r).map(duration::format).unwrap_or_default();
            (
                label,
                a.title_of(r),
                timebox,
                lead(a, r).unwrap_or_default(),
            )
        })
        .collect();
    let column = rows
        .iter()
        .map(|(l, t, _, _)| l.width() + t.width())
        .max()
        .unwrap_or(0)
        .min(TITLE_COLUMN);
    let timebox_width = rows.iter().map(|r| r.2.width()).max().unwrap_or(0);
    let mut s = String::new();
    for (label, title, timebox, lead) in &rows {
        let room = column.saturating_sub(label.width()).max(12);
        let mut lines = agendum::ui::wrap(title, room).into_iter();
        let first = lines.next().unwrap_or_default();
        let pad = room.saturating_sub(first.width());
        let tb_pad = timebox_width - timebox.width();
        let line = format!(
            "{label}{first}{}  {}{timebox}  {lead}",
            " ".repeat(pad),
            " ".repeat(tb_pad)
        );
        s.push_str(line.trim_end());
        s.push('\n');
        for more in lines {
            s.push_str(&format!("{}{more}\n", " ".repeat(label.width())));
        }
    }
    s
}

fn lead(a: &Agenda, r: ItemRef) -> Option<String> {
    let i = match r.sub {
        None => a.items[r.item].lead,
        Some(s) => a.items[r.item].subitems[s].lead,
    }?;
    Some(a.participants[i].called().to_string())
}
