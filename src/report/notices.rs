//! What a secretariat should look at before sending the report: labelled lines in the
//! notes that were read, but perhaps not as meant. The report is still written.

use super::markdown::neutralise;
use crate::meeting::Meeting;
use crate::notes::Kind;

/// One line per doubtful entry: which item, which line of its notes, and why. The
/// notes are read as the report reads them (neutralised first), and the lines, which
/// quote owners and names and go to a terminal, hold no control character.
pub fn notices(m: &Meeting) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..m.notes.len() {
        let x = m.read_entries(i);
        for p in &x.problems {
            out.push(format!("item {}, line {}: {}", i + 1, p.line, p.what));
        }
        for e in x.entries {
            let Kind::Action { due: None, .. } = &e.kind else {
                continue;
            };
            let lower = e.text.to_lowercase();
            if lower.contains(" due ") || lower.starts_with("due ") {
                out.push(format!(
                    "item {}, line {}: the action mentions \"due\" but no date could be read (write it like 2026-12-01 or 1 December)",
                    i + 1,
                    e.line
                ));
            }
        }
    }
    for line in &mut out {
        if line.contains(char::is_control) {
            *line = neutralise(line).replace(['\n', '\t'], " ");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::Event;
    use chrono::{TimeZone, Utc};

    #[test]
    fn doubtful_owners_and_due_dates_are_noticed() {
        let agenda = crate::agenda::parse_str(
            "a.toml",
            "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
             [[participants]]\nname = \"Chris Buckridge\"\n[[participants]]\nname = \"Christine Arida\"\n\
             [[participants]]\nname = \"Anja Gengo\"\n[[items]]\ntitle = \"A\"\n",
        )
        .unwrap();
        let mut m = Meeting::new(agenda);
        let notes = "Prose.\nACTION: Chris: send it\nACTION: Anjaa: check it\nACTION: The Secretariat: file it\n\
                     ACTION: Anja: do it due 31 February 2025\nACTION: Anja: done due 2024-06-10\n";
        m.apply(
            &Event::Notes {
                item: 1,
                text: notes.into(),
            },
            Utc.timestamp_opt(0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(
            notices(&m),
            vec![
                "item 1, line 2: the owner \"Chris\" is ambiguous: it could be Chris Buckridge or Christine Arida",
                "item 1, line 3: the owner \"Anjaa\" is not on the roster (did you mean Anja Gengo?)",
                "item 1, line 4: the owner \"The Secretariat\" is not on the roster",
                "item 1, line 5: the action mentions \"due\" but no date could be read (write it like 2026-12-01 or 1 December)",
            ]
        );
    }

    #[test]
    fn notices_quote_no_escape_sequence() {
        let agenda = crate::agenda::parse_str(
            "a.toml",
            "[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"14:00\"\n\
             [[participants]]\nname = \"Anja Gengo\"\n[[items]]\ntitle = \"A\"\n",
        )
        .unwrap();
        let mut m = Meeting::new(agenda);
        let at = Utc.timestamp_opt(0, 0).unwrap();
        let events = [
            Event::Guest {
                name: "Anja\u{1b}[2J\nBot".into(),
                affiliation: None,
            },
            Event::Notes {
                item: 1,
                text: "\u{1b}[2JACTION: An\u{1b}]0;x\u{7}jaa: check it\nACTION: Anja: x due soon\u{7}\n"
                    .into(),
            },
        ];
        for e in &events {
            m.apply(e, at).unwrap();
        }
        let out = notices(&m);
        assert_eq!(out.len(), 3, "{out:?}");
        // The guest's name, from a journal, quoted with its line break made a space.
        assert!(out[1].contains("Anja Gengo or Anja Bot (guest)"), "{out:?}");
        assert!(
            out[0].starts_with("item 1, line 1: the owner \"Anjaa\""),
            "{out:?}"
        );
        for line in &out {
            assert!(!line.contains(char::is_control), "{line:?}");
        }
    }
}
