use std::fmt::Write;
use std::path::Path;

use chrono::{Local, NaiveDate, TimeDelta};

use agendum::agenda::{self, Agenda, Format, Moderator, Numbering, OrdinalStyle, Style};
use agendum::cli::Global;
use agendum::meeting::Meeting;
use agendum::notes::Kind;
use agendum::report::words;
use agendum::{duration, folder};

use super::Failure;

/// `agendum new`: a commented template, or the next meeting of a series.
pub fn run(
    next_after: Option<&Path>,
    output: Option<&Path>,
    global: &Global,
) -> Result<(), Failure> {
    let text = match next_after {
        None => template(Local::now().date_naive()),
        Some(previous) => {
            let (agenda_path, dir) = super::report::locate(previous, global)?;
            let agenda = super::report::load_agenda(&agenda_path)?;
            let dir = match dir {
                Some(d) => d,
                None => folder::meeting_dir(&super::report::output_dir(global)?, &agenda),
            };
            let loaded =
                agendum::store::read(&agendum::store::Paths::of(&dir), agenda).map_err(|e| {
                    Failure::runtime(format!(
                        "cannot read the meeting folder {}: {e}",
                        dir.display()
                    ))
                })?;
            next(&loaded.meeting)
        }
    };
    // What agendum writes, agendum must be able to read.
    if let Err(d) = agenda::parse_str("the new agenda", &text) {
        return Err(Failure::runtime(format!(
            "the new agenda would be invalid:\n{d}"
        )));
    }
    match output {
        None => {
            super::print(&text);
            Ok(())
        }
        Some(path) if path.exists() => Err(Failure::usage(format!(
            "{} exists already; give another file name",
            path.display()
        ))),
        Some(path) => {
            folder::write_atomically(path, text.as_bytes())
                .map_err(|e| Failure::runtime(format!("cannot write {}: {e}", path.display())))?;
            super::warn(&format!("agendum: wrote {}", path.display()));
            Ok(())
        }
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn template(today: NaiveDate) -> String {
    format!(
        r#"# An agenda for agendum. Check it with `agendum check FILE`; run the meeting with
# `agendum FILE`. Lines starting with # are comments.

[meeting]
group = "Working Group on Something Important"   # required: the report's title
abbreviation = "WG-Something"                    # optional: names the meeting folder
number = 1                                       # optional: "Online Meeting 1", "the 1st meeting"
date = {today}                                 # required, a date without quotes
start = "14:00"                                  # required, 24-hour clock
timezone = "UTC"                                 # "UTC" or a fixed offset like "+02:00"
duration = "1h"                                  # optional: "45m", "1h", "1h30m"
moderator = "Alex"                               # optional: a participant or free text
notetakers = ["Sam"]                             # optional: participants
recording = "The recording of the meeting is available upon request."
# format = "virtual"     # virtual | hybrid | in-person
# style = "summary"      # summary | actions (multi-day meetings, by day and session)
# ordinal = "numeric"    # numeric "51st" | words "fifty-first"
# numbering = "arabic"   # arabic "Online Meeting 51" | roman "Online Meeting LI"

[settings]
speaker_limit = "3m"     # soft limit of a turn at the microphone
item_timebox = "10m"     # for items that give no timebox

# [report]               # the report's sentences, reworded, with {{placeholders}}
# opening = "The co-chairs opened the meeting by introducing the agenda:"

[[participants]]
name = "Alex Example"
short = "Alex"
affiliation = "Chair, Example Organisation"

[[participants]]
name = "Sam Sample"
short = "Sam"
affiliation = "Secretariat"

[[items]]
title = "Welcome and adoption of the agenda"
timebox = "5m"
lead = "Alex"

[[items]]
title = "The main topic"
timebox = "30m"
link = "https://example.org/main-topic"
documents = [{{ title = "Background paper", url = "https://example.org/paper" }}]

  [[items.subitems]]     # numbered 2a, 2b, ...
  title = "First question"

[[items]]
title = "AoB"
"#
    )
}

/// The next meeting of the series: number + 1, the recorded next-meeting date (or two
/// weeks on), the same roster and settings, and the meeting's action items carried
/// into a first item "Review of action items", one sub-item each.
fn next(m: &Meeting) -> String {
    let a: &Agenda = &m.agenda;
    let meet = &a.meeting;
    let mut s = String::new();
    let (date, time) = match m.next_meeting {
        Some((d, t)) => (d, t.unwrap_or(meet.start)),
        None => {
            s.push_str("# No next meeting was recorded: the date is two weeks on.\n");
            (meet.date + TimeDelta::days(14), meet.start)
        }
    };
    let _ = writeln!(s, "[meeting]\ngroup = {}", quote(&meet.group));
    if let Some(ab) = &meet.abbreviation {
        let _ = writeln!(s, "abbreviation = {}", quote(ab));
    }
    match meet.number {
        Some(n) => {
            let _ = writeln!(s, "number = {}", n + 1);
        }
        None => {
            if let Some(t) = &meet.title {
                let _ = writeln!(s, "title = {}", quote(t));
            }
        }
    }
    let format = match meet.format {
        Format::Virtual => "virtual",
        Format::Hybrid => "hybrid",
        Format::InPerson => "in-person",
    };
    let _ = writeln!(
        s,
        "format = \"{format}\"\ndate = {date}\nstart = \"{}\"",
        time.format("%H:%M")
    );
    let _ = writeln!(s, "timezone = \"{}\"", tz(meet.timezone.label()));
    if let Some(d) = meet.duration {
        let _ = writeln!(s, "duration = \"{}\"", duration::format(d));
    }
    match &meet.moderator {
        Some(Moderator::Participant(i)) => {
            let _ = writeln!(s, "moderator = {}", quote(&a.participants[*i].name));
        }
        Some(Moderator::Text(t)) => {
            let _ = writeln!(s, "moderator = {}", quote(t));
        }
        None => {}
    }
    if !meet.notetakers.is_empty() {
        let names: Vec<String> = meet
            .notetakers
            .iter()
            .map(|&i| quote(&a.participants[i].name))
            .collect();
        let _ = writeln!(s, "notetakers = [{}]", names.join(", "));
    }
    if let Some(r) = &meet.recording {
        let _ = writeln!(s, "recording = {}", quote(r));
    }
    if meet.style == Style::Actions {
        s.push_str("style = \"actions\"\n");
    }
    if meet.ordinal == OrdinalStyle::Words {
        s.push_str("ordinal = \"words\"\n");
    }
    if meet.numbering == Numbering::Roman {
        s.push_str("numbering = \"roman\"\n");
    }
    if a.settings.speaker_limit.is_some() || a.settings.item_timebox.is_some() {
        s.push_str("\n[settings]\n");
        if let Some(d) = a.settings.speaker_limit {
            let _ = writeln!(s, "speaker_limit = \"{}\"", duration::format(d));
        }
        if let Some(d) = a.settings.item_timebox {
            let _ = writeln!(s, "item_timebox = \"{}\"", duration::format(d));
        }
    }
    let r = &a.report;
    let wording = [
        ("intro", &r.intro),
        ("moderation", &r.moderation),
        ("opening", &r.opening),
        ("next_meeting", &r.next_meeting),
        ("not_discussed", &r.not_discussed),
        ("template", &r.template),
    ];
    if wording.iter().any(|(_, v)| v.is_some()) || r.speaking_times {
        s.push_str("\n[report]\n");
        for (k, v) in wording {
            if let Some(v) = v {
                let _ = writeln!(s, "{k} = {}", quote(v));
            }
        }
        if r.speaking_times {
            s.push_str("speaking_times = true\n");
        }
    }
    for p in &a.participants {
        let _ = writeln!(s, "\n[[participants]]\nname = {}", quote(&p.name));
        if let Some(sh) = &p.short {
            let _ = writeln!(s, "short = {}", quote(sh));
        }
        if let Some(af) = &p.affiliation {
            let _ = writeln!(s, "affiliation = {}", quote(af));
        }
    }
    let actions = open_actions(m);
    s.push_str("\n[[items]]\ntitle = \"Review of action items\"\n");
    for line in &actions {
        let _ = writeln!(s, "\n  [[items.subitems]]\n  title = {}", quote(line));
    }
    s.push_str("\n[[items]]\ntitle = \"AoB\"\n");
    s.push_str("\n# The items of the previous meeting, for reference:\n");
    for (i, item) in a.items.iter().enumerate() {
        let _ = writeln!(s, "# {}. {}", i + 1, item.title.replace('\n', " "));
    }
    s
}

/// "+02:00" for the agenda file (its label reads "UTC+02:00").
fn tz(label: String) -> String {
    label
        .strip_prefix("UTC")
        .filter(|r| !r.is_empty())
        .map_or(label.clone(), str::to_string)
}

/// Every action of the meeting as a line: "Titti: share the final version (due 2 March 2023)".
fn open_actions(m: &Meeting) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..m.notes.len() {
        for e in m.read_notes(i).entries {
            if let Kind::Action { owners, due } = e.kind {
                let mut line = match owners.as_slice() {
                    [] => e.text.clone(),
                    names => format!("{}: {}", names.join(", "), e.text),
                };
                if let Some(d) = due {
                    line.push_str(&format!(" (due {})", words::long_date(d)));
                }
                out.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    out
}
