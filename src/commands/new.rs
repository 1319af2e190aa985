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
# queue_order = "arrival"  # arrival | first-time-first (who has not yet spoken on the item goes first, within a kind)

# The report's house style: every key is optional; the defaults are shown. Wording
# is markdown with {{placeholders}} ({{group}}, {{abbreviation}}, {{title}}, {{number}},
# {{ordinal}}, {{format}}, {{date}}, {{time}}, {{timezone}}, {{moderator}}, and where noted
# {{next_date}}, {{next_time}}, {{names}}, {{item}}, {{numbers}}); dates and times take a
# pattern after a colon: {{date:%B %-d}} "February 16", {{time:%-I %p}} "2 PM". Write
# dates with placeholders, never literally, so the next meeting inherits the wording.
# [report]
# intro = "The {{ordinal}} {{format}} meeting of the {{group}} ({{abbreviation}}) was held on {{date}} at {{time}} {{timezone}}."
#                        # may place {{moderation}}, {{recording}}, {{apologies}}; a blank line
#                        # starts a paragraph; what it does not place closes it
# moderation = "The meeting was moderated by {{moderator}}."
# apologies = "Apologies were received from {{names}}."
# opening = "The moderator opened the meeting by introducing the agenda:"
# next_meeting = "The next meeting will take place on {{next_date}} at {{next_time}} {{timezone}}."
# not_discussed = "This item was not discussed."
# masthead = "{{title}}\n{{date}} at {{time}} {{timezone}}"   # a blank line: two paragraphs
# date = "%-d %B %Y"     # how {{date}} reads (a strftime pattern)
# time = "24h"           # how {{time}} reads: "24h" 14:00 | "12h" 2 p.m. | a pattern
# item_heading = "{{item}}. {{title}}"
# heading_numbers = "arabic"   # arabic 1, 2 | letters A, B | roman I, II
# undiscussed = "sentence"     # sentence | omit | group (under `remaining`)
# remaining = "Remaining agenda items ({{numbers}})"
# entries = "list"       # key points, decisions, next steps: list | paragraphs
# run_in = false         # the first list's label on the heading's line
# notes = "lines"        # a line is a paragraph | "markdown": blank lines part them
# action_table = true
# participants = true
# speaking_times = false
# formats = ["md", "docx", "html"]   # the forms written beside each other
# docx_styles = "house.docx"         # a .docx whose styles the Word report takes
#
# [report.headings]      # "" for no heading; several lines for several headings
# report = "Summary Report"
# agenda = "Agenda"
# discussion = "Discussion"
# documents = "Output Documents:"
# key_points = "Summary of key points:"
# decisions = "Decisions:"
# next_steps = "Next steps:"
# actions = "Action items"
# participants = "List of participants"
# speaking_times = "Speaking times"

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
# heading = "{{title}}"      # the discussion heading's text, when not the title
# heading_link = ""          # the heading's link, when not `link`; "" for none
# agenda_line = "[The main topic](https://example.org/main-topic)"   # markdown
# entries = "paragraphs"     # this item's lists as paragraphs
# listed = false             # not in the published agenda: no number, no heading

  [[items.subitems]]     # numbered 2a, 2b, ...
  title = "First question"

[[items]]
title = "AoB"
"#
    )
}

/// The next meeting of the series: number + 1, the recorded next-meeting date (or two
/// weeks on), the same roster, and the previous meeting's items (standing items recur)
/// after a first item "Review of action items" with the meeting's actions, one
/// sub-item each. `[settings]`, `[report]` and the items are carried from the previous
/// agenda's `source`, key by key whatever the keys are, except what belonged to that
/// meeting alone: literal dates in wording (the placeholders say them anew), the items'
/// documents and days, and the list of days.
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
    items(&mut s, m, source);
    s
}

const REVIEW: &str = "Review of action items";

/// An item that reviewed the actions of the meeting before: the new review replaces it.
fn is_review(title: &str) -> bool {
    title
        .trim()
        .to_lowercase()
        .starts_with(&REVIEW.to_lowercase())
}

/// The review of the actions, then the previous meeting's items as its agenda's source
/// gives them (a review among them is replaced by the new one, in its place).
fn items(s: &mut String, m: &Meeting, source: &Table) {
    let a = &m.agenda;
    let previous: Vec<&Table> = source
        .get("items")
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default();
    let old = a
        .items
        .iter()
        .position(|i| is_review(&i.title))
        .filter(|&i| i < previous.len());
    let actions = open_actions(m);
    let (review, notes) = review(a, old.map(|i| (i, previous[i])), &actions);
    let with_notes = |path: &[String], t: &Table| {
        let notes = if path.len() == 1 {
            notes.clone()
        } else {
            Vec::new()
        };
        (t.clone(), notes)
    };
    let write_review = |s: &mut String| {
        let carry = Carry {
            prepare: &with_notes,
            keep: &["title"],
        };
        carry::table(s, &[], &["items".to_string()], true, &review, &carry);
        // Written here, not carried: an action's due date is this meeting's business.
        for line in &actions {
            let _ = writeln!(s, "\n  [[items.subitems]]\n  title = {}", quote(line));
        }
    };
    let carried = Carry {
        prepare: &carried_item,
        keep: &["title"],
    };
    // A new review opens the listed items: after a welcome the agenda does not list.
    let first_listed = a.items.iter().position(|i| i.listed).unwrap_or(0);
    let review_at = old.unwrap_or(first_listed.min(previous.len()));
    if old.is_none() && review_at == previous.len() {
        write_review(s);
    }
    let mut above = vec![
        format!("The items of {}, which recur in a series.", a.title()),
        "Their documents and days are not carried: they were that meeting's.".to_string(),
    ];
    for (i, item) in previous.iter().enumerate() {
        if i == review_at {
            write_review(s);
            if old.is_some() {
                continue;
            }
        }
        carry::table(s, &above, &["items".to_string()], true, item, &carried);
        above.clear();
    }
}

/// An item or sub-item of the previous meeting: its title first, without its documents
/// and day (each meeting has its own), a comment saying so.
fn carried_item(path: &[String], t: &Table) -> (Table, Vec<String>) {
    if !matches!(path, [i] if i == "items")
        && !matches!(path, [i, s] if i == "items" && s == "subitems")
    {
        return carry::as_is(path, t);
    }
    let mut out = Table::new();
    let mut notes = Vec::new();
    if let Some(title) = t.get("title") {
        out.insert("title".into(), title.clone());
    }
    for (k, v) in t {
        match k.as_str() {
            "title" => {}
            "documents" => {
                let n = v.as_array().map_or(1, Vec::len);
                notes.push(format!(
                    "documents: {n} not carried, they were the previous meeting's"
                ));
            }
            "day" => notes.push(format!(
                "day = {v}: not carried, give this meeting's day if it has several"
            )),
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    (out, notes)
}

/// The item "Review of action items" but for its sub-items (one per action): the keys of
/// the review it replaces (`old`, with its index) but for its title, sub-items,
/// documents and day; and a timebox, the old one's or one that leaves the meeting's
/// planned time within its duration; with comments on it.
fn review(a: &Agenda, old: Option<(usize, &Table)>, actions: &[String]) -> (Table, Vec<String>) {
    let mut t = Table::new();
    let mut notes = Vec::new();
    t.insert("title".into(), Value::String(REVIEW.into()));
    if let Some((_, old)) = old {
        for (k, v) in old {
            if !matches!(k.as_str(), "title" | "subitems" | "documents" | "day") {
                t.insert(k.clone(), v.clone());
            }
        }
    }
    if !t.contains_key("timebox") {
        let (timebox, note) = review_timebox(a, old.map(|(i, _)| i), actions.len());
        if let Some(d) = timebox {
            t.insert("timebox".into(), Value::String(duration::format(d)));
        }
        notes.extend(note);
    }
    if actions.is_empty() {
        notes.push("No action items were recorded at the previous meeting.".into());
    }
    (t, notes)
}

/// 5m and 1m an action, at most 15m; within what the other items leave of the
/// meeting's duration, so that the review alone never makes the plan overrun. Without
/// a minute left, no timebox, and a comment that says so.
fn review_timebox(
    a: &Agenda,
    old: Option<usize>,
    actions: usize,
) -> (Option<TimeDelta>, Option<String>) {
    let wanted = TimeDelta::minutes(5 + actions.min(10) as i64);
    let Some(length) = a.meeting.duration else {
        return (Some(wanted), None);
    };
    let mut others = a.clone();
    if let Some(i) = old {
        others.items.remove(i);
    }
    let planned = others.planned_total();
    if planned > length {
        // The plan overran already; `agendum check` says so, as it did.
        return (Some(wanted), None);
    }
    let left = length - planned;
    let f = duration::format;
    if left >= wanted {
        (Some(wanted), None)
    } else if left >= TimeDelta::minutes(1) {
        (
            Some(left),
            Some(format!(
                "timebox: the {} the other items leave of the meeting's {} ({} would overrun it)",
                f(left),
                f(length),
                f(wanted)
            )),
        )
    } else {
        (
            None,
            Some(format!(
                "timebox: none, the other items fill the meeting's {}; give one and take \
                 the time from another item",
                f(length)
            )),
        )
    }
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
        for e in m.read_entries(i).entries {
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
    fn the_items_recur_after_a_review_of_the_actions_with_their_timeboxes() {
        let out = next(&two_actions(), &source(PREVIOUS));
        let a = agenda::parse_str("next.toml", &out).unwrap_or_else(|d| panic!("{d}\n{out}"));
        let titles: Vec<&str> = a.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Review of action items", "Welcome", "The main topic", "AoB"]
        );
        let review = &a.items[0];
        let subs: Vec<&str> = review.subitems.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            subs,
            [
                "Alex: send the paper (due 24 October 2024)",
                "write the minutes"
            ]
        );
        // 5m and 1m an action, within the 15m the other items leave of the hour.
        assert_eq!(review.timebox, Some(TimeDelta::minutes(7)));
        assert_eq!(a.items[1].timebox, Some(TimeDelta::minutes(5)));
        assert_eq!(a.items[1].lead, Some(0));
        let main = &a.items[2];
        assert_eq!(main.link.as_deref(), Some("https://example.org/main"));
        assert!(main.documents.is_empty());
        assert_eq!(main.subitems[0].title, "First question");
        assert_eq!(main.subitems[0].timebox, Some(TimeDelta::minutes(10)));
        assert_eq!(main.subitems[0].lead, Some(0));
        assert!(main.subitems[0].documents.is_empty());
        assert_eq!(a.settings.item_timebox, Some(TimeDelta::minutes(10)));
        assert_eq!(a.planned_total(), TimeDelta::minutes(52));
        assert!(out.contains("# documents: 1 not carried"), "{out}");
        assert!(!out.contains("Paper"), "{out}");
        assert!(
            out.contains("# The items of Online Meeting 7, which recur"),
            "{out}"
        );
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

    #[test]
    fn keys_unknown_here_are_carried_as_they_were() {
        let mut src = source(PREVIOUS);
        let extra: Table = toml::from_str(
            r#"
masthead = "{group}"
date = "{date:%-d %B}"
undiscussed = "grouped"
action_table = false
[headings]
discussion = "Discussion"
participants = "Annex 1: List of participants"
"#,
        )
        .unwrap();
        let report = src["report"].as_table_mut().unwrap();
        report.extend(extra.clone());
        let item = src["items"].as_array_mut().unwrap()[1]
            .as_table_mut()
            .unwrap();
        item.insert(
            "heading".into(),
            Value::String("The main topic, at length".into()),
        );
        item.insert("heading_link".into(), Value::Boolean(false));
        item.insert("day".into(), "2024-10-17".parse::<Value>().unwrap());
        let out = next(&two_actions(), &src);
        let back: Table = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let carried = back["report"].as_table().unwrap();
        for (k, v) in &extra {
            assert_eq!(carried.get(k), Some(v), "{k}\n{out}");
        }
        assert!(
            out.contains("\n  [report.headings]\n  discussion = \"Discussion\"\n"),
            "{out}"
        );
        let main = back["items"].as_array().unwrap()[2].as_table().unwrap();
        assert_eq!(main["title"].as_str(), Some("The main topic"));
        assert_eq!(main["heading"].as_str(), Some("The main topic, at length"));
        assert_eq!(main["heading_link"].as_bool(), Some(false));
        assert!(!main.contains_key("day") && !main.contains_key("documents"));
        assert!(out.contains("# day = 2024-10-17: not carried"), "{out}");
    }

    fn review_of(text: &str, notes: &[(usize, &str)]) -> (Agenda, String) {
        let m = meeting(text, notes);
        let out = next(&m, &source(text));
        let a = agenda::parse_str("next.toml", &out).unwrap_or_else(|d| panic!("{d}\n{out}"));
        (a, out)
    }

    #[test]
    fn the_review_takes_no_time_the_meeting_has_not_got() {
        // 5m + 30m + 10m of 50m: 5m are left, 6m wanted.
        let tight = PREVIOUS.replace("duration = \"1h\"", "duration = \"50m\"");
        let (a, out) = review_of(&tight, &[(1, "ACTION: Alex: send the paper\n")]);
        assert_eq!(a.items[0].timebox, Some(TimeDelta::minutes(5)));
        assert_eq!(a.planned_total(), TimeDelta::minutes(50));
        assert!(out.contains("(6m would overrun it)"), "{out}");
        // Nothing left: no timebox, and a comment that says so.
        let full = PREVIOUS
            .replace("duration = \"1h\"", "duration = \"45m\"")
            .replace("item_timebox = \"10m\"", "speaker_limit = \"3m\"")
            .replace("title = \"AoB\"", "title = \"AoB\"\ntimebox = \"10m\"");
        let (a, out) = review_of(&full, &[]);
        assert_eq!(a.items[0].timebox, None);
        assert_eq!(a.planned_total(), TimeDelta::minutes(45));
        assert!(
            out.contains("# timebox: none, the other items fill the meeting's 45m"),
            "{out}"
        );
        assert!(out.contains("# No action items were recorded"), "{out}");
        // A plan that overran already keeps overrunning, and the review has its time.
        let over = PREVIOUS.replace("duration = \"1h\"", "duration = \"30m\"");
        let (a, _) = review_of(&over, &[]);
        assert_eq!(a.items[0].timebox, Some(TimeDelta::minutes(5)));
        // Without a duration, the review has what it wants, at most 15m.
        let open = PREVIOUS.replace("duration = \"1h\"\n", "");
        let many = "ACTION: a\n".repeat(12);
        let (a, _) = review_of(&open, &[(0, &many)]);
        assert_eq!(a.items[0].timebox, Some(TimeDelta::minutes(15)));
        assert_eq!(a.items[0].subitems.len(), 12);
    }

    #[test]
    fn the_review_of_the_meeting_before_is_replaced_in_its_place() {
        let with_review = PREVIOUS.replace(
            "[[items]]\ntitle = \"The main topic\"",
            "[[items]]\ntitle = \"Review of action items from Online Meeting 6\"\ntimebox = \
             \"8m\"\nlead = \"Alex\"\ndocuments = [{ title = \"Report 6\" }]\n\n  \
             [[items.subitems]]\n  title = \"An old action\"\n\n[[items]]\ntitle = \"The main \
             topic\"",
        );
        let (a, _) = review_of(&with_review, &[(2, "ACTION: Alex: send the paper\n")]);
        let titles: Vec<&str> = a.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Welcome", "Review of action items", "The main topic", "AoB"]
        );
        let review = &a.items[1];
        assert_eq!(review.timebox, Some(TimeDelta::minutes(8)));
        assert_eq!(review.lead, Some(0));
        assert!(review.documents.is_empty());
        let subs: Vec<&str> = review.subitems.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(subs, ["Alex: send the paper"]);
        // And the meeting after that has one review still.
        let m = Meeting::new(a);
        let text = next(
            &m,
            &source(&next(&meeting(&with_review, &[]), &source(&with_review))),
        );
        assert_eq!(text.matches("Review of action items").count(), 1, "{text}");
    }
}
