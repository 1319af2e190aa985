use std::fmt::Write;
use std::path::Path;

use chrono::{Local, NaiveDate, TimeDelta};

use agendum::agenda::{self, Agenda, Format, Moderator, Numbering, OrdinalStyle, Style};
use agendum::cli::Global;
use agendum::meeting::Meeting;
use agendum::notes::{Kind, extract};
use agendum::report::words;
use agendum::{duration, folder};

use super::Failure;

mod carry;
mod dates;

use carry::Carry;
use toml::{Table, Value};

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
            let (agenda, source) = super::report::load_agenda_with_source(&agenda_path)?;
            let source = source_table(&agenda_path, &source)?;
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
            next(&loaded.meeting, &source)
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

/// The previous agenda's source as TOML: its tables are carried key by key.
fn source_table(path: &Path, source: &[u8]) -> Result<Table, Failure> {
    let text = String::from_utf8_lossy(source);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    toml::from_str(text)
        .map_err(|e| Failure::runtime(format!("cannot read {} as TOML: {e}", path.display())))
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
/// weeks on), the same roster, and the meeting's action items carried into a first
/// item "Review of action items", one sub-item each. `[settings]` and `[report]` are
/// carried from the previous agenda's `source`, key by key whatever the keys are,
/// except literal dates in wording, which were that meeting's alone (the placeholders
/// say them anew), and the list of days.
fn next(m: &Meeting, source: &Table) -> String {
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
    let meeting_path = ["meeting".to_string()];
    let text = |s: &mut String, key: &str, value: &str| {
        carry::entry(
            s,
            "",
            &meeting_path,
            key,
            &Value::String(value.into()),
            false,
        );
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
                text(&mut s, "title", t);
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
        text(&mut s, "recording", r);
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
    let as_is = Carry {
        prepare: &carry::as_is,
        keep: &[],
    };
    for name in ["settings", "report"] {
        if let Some(Value::Table(t)) = source.get(name) {
            carry::table(&mut s, &[], &[name.to_string()], false, t, &as_is);
        }
    }
    if source.contains_key("days") {
        s.push_str(
            "\n# The [[days]] of the previous meeting are not carried: list this meeting's, \
             if it has several.\n",
        );
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
    for notes in &m.notes {
        for e in extract(notes, m.agenda.meeting.date).entries {
            if let Kind::Action { owner, due } = e.kind {
                let mut line = match owner {
                    Some(o) => format!("{o}: {}", e.text),
                    None => e.text.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const PREVIOUS: &str = r#"
[meeting]
group = "Working Group on Examples"
abbreviation = "WG-Ex"
number = 7
date = 2024-10-17
start = "14:00"
duration = "1h"

[settings]
item_timebox = "10m"

[report]
intro = "The {ordinal} meeting was held on 17 October 2024 at 2 p.m."
opening = "On {date} the chair opened the meeting:"
next_meeting = "The next meeting is on 31 October."
speaking_times = true

[[participants]]
name = "Alex Example"
short = "Alex"

[[items]]
title = "Welcome"
timebox = "5m"
lead = "Alex"

[[items]]
title = "The main topic"
link = "https://example.org/main"
timebox = "30m"
documents = [{ title = "Paper", url = "https://example.org/paper" }]

  [[items.subitems]]
  title = "First question"
  timebox = "10m"
  lead = "Alex"
  documents = [{ title = "Note" }]

[[items]]
title = "AoB"
"#;

    fn meeting(text: &str, notes: &[(usize, &str)]) -> Meeting {
        let mut m = Meeting::new(agenda::parse_str("previous.toml", text).unwrap());
        for &(i, n) in notes {
            m.notes[i] = n.to_string();
        }
        m
    }

    fn source(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    fn two_actions() -> Meeting {
        meeting(
            PREVIOUS,
            &[(
                1,
                "We talked.\nACTION: Alex: send the paper (due 24 October)\nACTION: write the minutes\n",
            )],
        )
    }

    #[test]
    fn wording_with_a_literal_date_is_left_out_and_placeholders_are_carried() {
        let out = next(&two_actions(), &source(PREVIOUS));
        let a = agenda::parse_str("next.toml", &out).unwrap();
        assert_eq!(a.report.intro, None);
        assert_eq!(a.report.next_meeting, None);
        assert_eq!(
            a.report.opening.as_deref(),
            Some("On {date} the chair opened the meeting:")
        );
        assert!(a.report.speaking_times);
        assert!(
            out.contains(
                "# Left out: intro holds the date \"17 October 2024\" of the previous meeting.\n\
             # intro = \"The {ordinal} meeting was held on 17 October 2024 at 2 p.m.\"\n\
             # Write the date with a placeholder: {date}, or {date:%-d %B %Y} to write it as \
             here; and the time with {time}.\n"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "# Write the date with a placeholder: {next_date}, or {next_date:%-d %B} to write \
             it as here.\n"
            ),
            "{out}"
        );
    }
}
