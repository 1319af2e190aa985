//! A roll call of a 26-person roster with the real binary in tmux: one key per person,
//! a name found by typing, the counts on screen (the panel's title and marks: the panel
//! covers the status line) and the participants in the report.

mod common;

use common::Tmux;

const AGENDA: &str = "agendas/wg-strategy-51.toml";

#[test]
fn a_roll_call_of_26_takes_a_key_per_person() {
    let home = tempfile::tempdir().unwrap();
    let (t, out) = Tmux::on_agenda("roll_call", home.path(), AGENDA, (100, 30));
    t.keys(&["r"]);
    t.wait_for("not marked 26");

    // Found by typing, accents and case aside: Vera Major is absent, and the selection
    // moves on to the last of the roster, Wout de Natris, who is present.
    t.type_text("VERA");
    t.wait_for("find: VERA");
    t.keys(&["-"]);
    t.wait_for("[-] Vera Major");
    t.keys(&["Space"]);
    t.wait_for("[x] Wout de Natris");
    t.wait_for("present 1 · apologies 0 · absent 1 · not marked 24");

    // Back to the first, then one key per person: Chris Disspain (the 7th) sent
    // apologies; the rest, up to Tereza Horejsova (the 24th), are present.
    t.type_text("anja");
    t.wait_for("find: anja");
    t.keys(&["Space"; 6]);
    t.keys(&["!"]);
    t.wait_for("[a] Chris Disspain");
    t.keys(&["Space"; 17]);
    t.wait_for("[x] Tereza Horejsova");
    t.wait_for("present 24 · apologies 1 · absent 1 · not marked 0 · guests 0");
    t.keys(&["Escape"]);

    // The report lists the 24 present as participants, roster order.
    t.keys(&["w"]);
    t.wait_for("Report preview");
    t.keys(&["w"]);
    t.wait_for("report written to");
    let report = std::fs::read_to_string(out.join("2023-02-16-wg-strategy-51/report.md"))
        .expect("the report was written");
    let at = report
        .find("List of participants")
        .unwrap_or_else(|| panic!("no participants:\n{report}"));
    let listed: Vec<&str> = report[at..]
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(listed.len(), 24, "{listed:#?}");
    assert!(listed[0].contains("Anja Gengo"), "{listed:#?}");
    assert!(listed[23].contains("Wout de Natris"), "{listed:#?}");
    for away in ["Vera Major", "Chris Disspain"] {
        assert!(!listed.iter().any(|l| l.contains(away)), "{listed:#?}");
    }
    t.keys(&["q"]);
}
