use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::agenda;

const AGENDA: &str = r#"
[meeting]
group = "Working Group on Strategy"
abbreviation = "WG-Strategy"
number = 51
date = 2023-02-16
start = "14:00"

[[participants]]
name = "Concettina Cassa"
short = "Titti"

[[participants]]
name = "Raúl Echeberría"

[[participants]]
name = "Chris Buckridge"

[[participants]]
name = "Chris Disspain"

[[participants]]
name = "Anja Gengo"

[[items]]
title = "Activities"
  [[items.subitems]]
  title = "Tech Envoy"

[[items]]
title = "AoB"
"#;

fn meeting() -> Meeting {
    Meeting::new(agenda::parse_str("a.toml", AGENDA).unwrap())
}

fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 2, 16, 14, 0, 0).unwrap() + chrono::TimeDelta::seconds(s)
}

fn events(line: &str, m: &Meeting) -> Vec<Event> {
    match parse(line, m) {
        Ok(Outcome::Apply(e)) => e,
        other => panic!("{line}: {other:?}"),
    }
}

fn err(line: &str, m: &Meeting) -> String {
    parse(line, m).expect_err(line)
}

#[test]
fn queue_commands_resolve_names_with_spaces_kinds_and_topics() {
    let m = meeting();
    assert_eq!(
        events("q+ Raul", &m),
        vec![Event::Join {
            who: "Raúl Echeberría".into(),
            queue: QueueKind::Topic,
            topic: None
        }]
    );
    assert_eq!(
        events(":q+ chris b reply to ask about the GDC", &m),
        vec![Event::Join {
            who: "Chris Buckridge".into(),
            queue: QueueKind::Reply,
            topic: Some("ask about the GDC".into())
        }]
    );
    assert_eq!(
        events("q+ Raúl Echeberría order", &m),
        vec![Event::Join {
            who: "Raúl Echeberría".into(),
            queue: QueueKind::Order,
            topic: None
        }]
    );
    assert_eq!(
        events("q+ Titti question budget", &m),
        vec![Event::Join {
            who: "Concettina Cassa".into(),
            queue: QueueKind::Question,
            topic: Some("budget".into())
        }]
    );
    assert_eq!(
        events("q- titti", &m),
        vec![Event::Leave {
            who: "Concettina Cassa".into()
        }]
    );
    assert_eq!(
        events("ack anja", &m),
        vec![Event::Ack {
            who: "Anja Gengo".into()
        }]
    );
    assert_eq!(
        events("lastword Raul", &m),
        vec![Event::LastWord {
            who: "Raúl Echeberría".into()
        }]
    );
    assert_eq!(events("q close", &m), vec![Event::CloseQueue]);
    assert_eq!(events("Q OPEN", &m), vec![Event::OpenQueue]);
    assert_eq!(events("next", &m), vec![Event::NextSpeaker]);
    assert_eq!(events("undo", &m), vec![Event::Undo]);
}

#[test]
fn an_ambiguous_or_unknown_name_is_an_error_naming_the_candidates() {
    let m = meeting();
    assert_eq!(
        err("q+ Chris reply", &m),
        "\"Chris\" is ambiguous: it could be Chris Buckridge or Chris Disspain"
    );
    assert!(err("q+ Zed", &m).starts_with("unknown participant \"Zed\""));
    assert!(err("present+ Anja, Zed", &m).contains("`guest+ Zed` adds a guest"));
    assert_eq!(
        err("q+", &m),
        "usage: q+ NAME [reply|question|order] [TOPIC]"
    );
    assert!(err("q shut", &m).contains("q close"));
}

#[test]
fn attendance_takes_lists_and_guests() {
    let m = meeting();
    assert_eq!(
        events("present+ Titti, raul ,Anja", &m),
        vec![
            Event::Present {
                who: "Concettina Cassa".into()
            },
            Event::Present {
                who: "Raúl Echeberría".into()
            },
            Event::Present {
                who: "Anja Gengo".into()
            },
        ]
    );
    assert_eq!(
        events("regrets+ Chris D", &m),
        vec![Event::Regrets {
            who: "Chris Disspain".into()
        }]
    );
    assert_eq!(
        events("present- anja", &m),
        vec![Event::Absent {
            who: "Anja Gengo".into()
        }]
    );
    assert_eq!(
        events("guest+ Vint Cerf, Google", &m),
        vec![Event::Guest {
            name: "Vint Cerf".into(),
            affiliation: Some("Google".into())
        }]
    );
    assert_eq!(
        events("guest+ Ada", &m),
        vec![Event::Guest {
            name: "Ada".into(),
            affiliation: None
        }]
    );
    assert!(err("guest+ a\u{1b}[2Jb", &m).contains("control character"));
}

#[test]
fn agenda_timebox_and_limit() {
    let mut m = meeting();
    assert_eq!(
        events("item 1a", &m),
        vec![Event::TakeUp { item: "1a".into() }]
    );
    assert!(err("item 3", &m).contains("no item 3"));
    assert!(err("timebox 5m", &m).contains("take up an item first"));
    m.apply(&Event::TakeUp { item: "2".into() }, t(0)).unwrap();
    assert_eq!(
        events("timebox 90m", &m),
        vec![Event::Timebox {
            item: "2".into(),
            timebox: "1h30m".into()
        }]
    );
    assert_eq!(
        events("limit 2m", &m),
        vec![Event::SpeakerLimit { limit: "2m".into() }]
    );
    assert!(err("limit 2", &m).contains("needs a unit"));
    // What is in force already is refused: nothing would change.
    m.apply(
        &Event::Timebox {
            item: "2".into(),
            timebox: "15m".into(),
        },
        t(1),
    )
    .unwrap();
    assert_eq!(err("timebox 15m", &m), "item 2's timebox is already 15m");
    assert_eq!(err("timebox 900s", &m), "item 2's timebox is already 15m");
    m.apply(&Event::SpeakerLimit { limit: "2m".into() }, t(2))
        .unwrap();
    assert_eq!(err("limit 120s", &m), "the speaker limit is already 2m");
    assert!(parse("limit 3m", &m).is_ok());
}

#[test]
fn close_ends_the_item_and_q_close_closes_the_queue() {
    let m = meeting();
    assert_eq!(events("close", &m), vec![Event::Close]);
    assert_eq!(events(":CLOSE", &m), vec![Event::Close]);
    assert_eq!(events("q close", &m), vec![Event::CloseQueue]);
    assert_eq!(events("q open", &m), vec![Event::OpenQueue]);
    assert!(err("close 2", &m).contains("takes nothing after it"));
    // Both are in the help, apart.
    for usage in ["close", "q close / q open", "agenda+ [N] TITLE [TIMEBOX]"] {
        assert!(COMMANDS.iter().any(|(u, _)| *u == usage), "{usage}");
    }
}

#[test]
fn agenda_plus_takes_a_title_a_timebox_and_the_item_of_a_sub_item() {
    let m = meeting();
    let add = |title: &str, timebox: Option<&str>, under: Option<usize>| {
        vec![Event::AddItem {
            title: title.into(),
            timebox: timebox.map(String::from),
            under,
        }]
    };
    assert_eq!(events("agenda+ Budget", &m), add("Budget", None, None));
    assert_eq!(
        events("agenda+  Budget  review  10m ", &m),
        add("Budget review", Some("10m"), None)
    );
    assert_eq!(
        events("agenda+ Budget 90m", &m),
        add("Budget", Some("1h30m"), None)
    );
    assert_eq!(
        events("agenda+ 1 Funding 5m", &m),
        add("Funding", Some("5m"), Some(1))
    );
    assert_eq!(
        events("agenda+ 2 Funding", &m),
        add("Funding", None, Some(2))
    );
    // A last word that is no duration is the title's; a title in quotes is taken whole.
    assert_eq!(events("agenda+ Top 10", &m), add("Top 10", None, None));
    assert_eq!(
        events("agenda+ \"2024 plans\" 5m", &m),
        add("2024 plans", Some("5m"), None)
    );
    assert_eq!(
        events("agenda+ \"Review 5m\"", &m),
        add("Review 5m", None, None)
    );
    assert_eq!(
        events("agenda+ 1a Funding", &m),
        add("1a Funding", None, None)
    );
    assert_eq!(err("agenda+", &m), "usage: agenda+ [N] TITLE [TIMEBOX]");
    assert!(err("agenda+ 2", &m).contains("the title is missing"));
    let e = err("agenda+ 2024 plans", &m);
    assert!(e.contains("there is no item 2024"), "{e}");
    assert!(e.contains("agenda+ \"2024 plans\""), "{e}");
    assert!(err("agenda+ \"open", &m).contains("closing quote"));
    assert!(err("agenda+ \"Budget\" forever", &m).contains("duration"));
    assert!(err("agenda+ \"\" 5m", &m).starts_with("usage"));
}

#[test]
fn notes_commands_append_labelled_lines_to_the_current_item() {
    let mut m = meeting();
    assert!(err("decision adopt it", &m).contains("take up an item first"));
    m.apply(&Event::TakeUp { item: "1a".into() }, t(0)).unwrap();
    m.apply(
        &Event::Notes {
            item: 1,
            text: "Titti opened.".into(),
        },
        t(1),
    )
    .unwrap();
    let e = events("action titti: share the final version due 2 March", &m);
    assert_eq!(
        e,
        vec![Event::Notes {
            item: 1,
            text: "Titti opened.\nACTION: Titti: share the final version due 2 March\n".into()
        }]
    );
    m.apply(&e[0], t(2)).unwrap();
    let e = events("decision the plan is adopted", &m);
    m.apply(&e[0], t(3)).unwrap();
    let e = events("nextstep a call will be scheduled", &m);
    m.apply(&e[0], t(4)).unwrap();
    let e = events("action the Secretariat: circulate the list", &m);
    m.apply(&e[0], t(5)).unwrap();
    assert_eq!(
        m.notes[0],
        "Titti opened.\nACTION: Titti: share the final version due 2 March\nDECISION: the plan is adopted\n\
         NEXT: a call will be scheduled\nACTION: the Secretariat: circulate the list\n"
    );
    // The lines are what the report reads.
    let x = m.read_notes(0);
    assert_eq!(x.entries.len(), 4);
    assert_eq!(
        x.entries[0].kind,
        crate::notes::Kind::Action {
            owners: vec!["Titti".into()],
            due: NaiveDate::from_ymd_opt(2023, 3, 2)
        }
    );
    assert!(err("action Chris: do it", &m).contains("ambiguous"));
    assert!(err("action share it", &m).contains("a colon after the name"));
    assert!(
        err("action Titti: send it due someday", &m)
            .contains("cannot read the due date \"someday\"")
    );
}

#[test]
fn next_meeting_dates_and_times() {
    let m = meeting();
    assert_eq!(
        events("nextmeeting 2 March 14:00", &m),
        vec![Event::NextMeeting {
            date: NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(),
            time: NaiveTime::from_hms_opt(14, 0, 0)
        }]
    );
    assert_eq!(
        events("nextmeeting 2023-03-16", &m),
        vec![Event::NextMeeting {
            date: NaiveDate::from_ymd_opt(2023, 3, 16).unwrap(),
            time: None
        }]
    );
    assert!(err("nextmeeting soon", &m).contains("expected a date"));
    assert!(err("nextmeeting 2023-03-16 25:00", &m).contains("expected a time"));
    assert!(err("nextmeeting 2022-03-16", &m).contains("cannot be before"));
}

#[test]
fn write_quit_and_unknown_commands() {
    let m = meeting();
    assert_eq!(parse("write", &m), Ok(Outcome::Write));
    assert_eq!(parse(":quit", &m), Ok(Outcome::Quit));
    assert!(err("write now", &m).contains("takes nothing"));
    assert_eq!(
        err("frobnicate", &m),
        "unknown command `frobnicate`; :help lists the commands"
    );
    // A slip of the keys is told the command meant.
    assert_eq!(
        err("lastwrod Anja", &m),
        "unknown command `lastwrod` (did you mean `lastword`?); :help lists the commands"
    );
    assert_eq!(
        err("presnt+ Anja", &m),
        "unknown command `presnt+` (did you mean `present+`?); :help lists the commands"
    );
    assert!(err("", &m).contains("type a command"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever is typed, parsing never panics, and what it yields applies or is
    /// refused without a panic.
    #[test]
    fn any_line_parses_or_errs_without_panic(line in "(q\\+|q-|ack|present\\+|regrets\\+|guest\\+|action|decision|item|timebox|limit|nextmeeting|lastword|q|close|agenda\\+|)[ \\PC]{0,40}") {
        let mut m = meeting();
        m.apply(&Event::TakeUp { item: "1".into() }, t(0)).unwrap();
        if let Ok(Outcome::Apply(events)) = parse(&line, &m) {
            for e in events {
                let _ = m.apply(&e, t(10));
            }
        }
    }
}
