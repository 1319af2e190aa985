use proptest::prelude::*;

use super::*;
use crate::notes::lineage::Lineage;

const LABELS: Labels = Labels {
    ours: "typed here",
    theirs: "saved elsewhere",
};

fn m(base: &str, ours: &str, theirs: &str) -> Merged {
    merge(base, ours, theirs, LABELS)
}

#[test]
fn changes_to_different_lines_are_both_kept() {
    let base = "one\ntwo\nthree\n";
    let got = m(base, "one!\ntwo\nthree\n", "one\ntwo\nthree!\n");
    assert_eq!(got.text, "one!\ntwo\nthree!\n");
    assert_eq!(got.conflicts, 0);
}

#[test]
fn one_side_unchanged_takes_the_other() {
    assert_eq!(m("a\n", "a\n", "b\n").text, "b\n");
    assert_eq!(m("a\n", "b\n", "a\n").text, "b\n");
    assert_eq!(m("a\n", "b\n", "b\n").text, "b\n");
}

#[test]
fn the_same_line_changed_twice_keeps_both_between_labelled_markers() {
    let got = m("x\nshared\n", "x\nmine\n", "x\ntheirs\n");
    assert_eq!(got.conflicts, 1);
    assert_eq!(
        got.text,
        "x\n<<<<<<< typed here\nmine\n=======\ntheirs\n>>>>>>> saved elsewhere\n"
    );
    assert_eq!(conflicts(&got.text), vec![2]);
}

#[test]
fn a_last_line_without_a_line_break_still_gets_markers_of_their_own() {
    let got = m("a", "a mine", "a theirs");
    assert_eq!(got.conflicts, 1);
    for line in got.text.lines() {
        for marker in [START, MIDDLE, END] {
            assert!(
                !line.contains(marker) || line.starts_with(marker),
                "{line:?}"
            );
        }
    }
    assert!(got.text.contains("a mine") && got.text.contains("a theirs"));
}

#[test]
fn a_line_of_someones_that_looks_like_a_marker_stays_as_it_was() {
    let got = m(
        "<<<<<<< ours\nx\n",
        "<<<<<<< ours\ny\n",
        "<<<<<<< ours\nz\n",
    );
    assert_eq!(
        got.text,
        "<<<<<<< ours\n<<<<<<< typed here\ny\n=======\nz\n>>>>>>> saved elsewhere\n"
    );
    assert_eq!(got.conflicts, 1);
}

#[test]
fn lines_both_sides_added_at_one_place_are_both_kept_without_markers() {
    let got = m("Intro.", "Intro.\nMine.", "Intro.\nTheirs.");
    assert_eq!(got.text, "Intro.\nMine.\nTheirs.");
    assert_eq!(got.conflicts, 0);
    let got = m("", "Mine.\n", "Theirs.\n");
    assert_eq!(got.text, "Mine.\nTheirs.\n");
}

#[test]
fn conflicts_are_found_until_their_markers_are_edited_away() {
    let text = "a\n<<<<<<< x\nb\n=======\nc\n>>>>>>> y\nd\n<<<<<<<\ne\n=======\n>>>>>>>\n";
    assert_eq!(conflicts(text), vec![2, 8]);
    assert!(conflicts("a\n<<<<<<< x\nb\nc\n>>>>>>> y\n").is_empty());
    assert!(conflicts("<<<<<<<< eight\n=======\n>>>>>>>\n").is_empty());
    assert!(conflicts("=======\n").is_empty());
    assert!(is_marker_line("======="));
    assert!(is_marker_line(">>>>>>> someone"));
    assert!(!is_marker_line(">>>>>>>> quoted"));
}

/// The lines of a text that name something written (the markers aside).
fn written(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter(|l| !is_marker_line(l))
        .map(str::to_string)
        .collect()
}

proptest! {
    /// Every line added on either side is in the merge, whatever the merge made of
    /// the rest.
    #[test]
    fn a_merge_keeps_every_line_either_side_added(
        base in proptest::collection::vec(0u8..6, 0..8),
        ours_add in proptest::collection::vec((0usize..10, 0u8..3), 0..5),
        theirs_add in proptest::collection::vec((0usize..10, 0u8..3), 0..5),
        ours_drop in proptest::collection::vec(0usize..10, 0..3),
        theirs_drop in proptest::collection::vec(0usize..10, 0..3),
    ) {
        let base: Vec<String> = base.iter().map(|n| format!("base {n}")).collect();
        let side = |adds: &[(usize, u8)], drops: &[usize], who: &str| {
            let mut lines = base.clone();
            for d in drops {
                if !lines.is_empty() {
                    let at = d % lines.len();
                    lines.remove(at);
                }
            }
            let mut added = Vec::new();
            for (k, (at, _)) in adds.iter().enumerate() {
                let line = format!("{who} {k}");
                lines.insert(at % (lines.len() + 1), line.clone());
                added.push(line);
            }
            (lines.join("\n") + "\n", added)
        };
        let (ours, ours_added) = side(&ours_add, &ours_drop, "ours");
        let (theirs, theirs_added) = side(&theirs_add, &theirs_drop, "theirs");
        let got = m(&(base.join("\n") + "\n"), &ours, &theirs);
        let lines = written(&got.text);
        for line in ours_added.iter().chain(&theirs_added) {
            prop_assert!(lines.contains(line), "{line} lost:\n{}", got.text);
        }
        prop_assert_eq!(got.conflicts, conflicts(&got.text).len());
    }
}

/// One step of two people writing one notes file.
#[derive(Debug, Clone)]
enum Step {
    /// Agendum adds a line to its text, or deletes one.
    AgendumAdd(usize),
    AgendumDelete(usize),
    /// Agendum takes in the file (merging) and writes its text to it.
    AgendumSync,
    /// The other writer: an editor that reads the file, edits its buffer and saves
    /// the whole buffer over the file, however long ago it read it.
    EditorRead,
    EditorAdd(usize),
    EditorDelete(usize),
    EditorSave,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..50).prop_map(Step::AgendumAdd),
        1 => (0usize..50).prop_map(Step::AgendumDelete),
        2 => Just(Step::AgendumSync),
        1 => Just(Step::EditorRead),
        3 => (0usize..50).prop_map(Step::EditorAdd),
        1 => (0usize..50).prop_map(Step::EditorDelete),
        2 => Just(Step::EditorSave),
    ]
}

/// A writer that merges: what it holds, what it last knew the file to hold, and the
/// versions it has known.
struct Agendum {
    text: String,
    on_disk: String,
    lineage: Lineage,
}

impl Agendum {
    fn sync(&mut self, file: &mut String) {
        if *file != self.on_disk {
            let base = self.lineage.base_for(file).to_string();
            self.text = m(&base, &self.text, file).text;
            self.lineage.saw(file);
        }
        self.lineage.saw(&self.text);
        file.clone_from(&self.text);
        self.on_disk.clone_from(file);
    }
}

fn edit(text: &mut String, at: usize, add: Option<String>, deleted: &mut Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match add {
        Some(line) => lines.insert(at % (lines.len() + 1), line),
        None => {
            // Only written lines are deleted on purpose; markers are the merge's.
            let written: Vec<usize> = (0..lines.len())
                .filter(|&i| !is_marker_line(&lines[i]))
                .collect();
            if written.is_empty() {
                return;
            }
            let i = written[at % written.len()];
            deleted.push(lines.remove(i));
        }
    }
    *text = lines.iter().map(|l| format!("{l}\n")).collect();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Agendum and an editor writing the same notes file in any order, the editor
    /// saving over whatever the file held: once agendum has taken in the last save,
    /// every line either of them wrote is there, unless one of them deleted it.
    #[test]
    fn two_writers_never_lose_a_line(steps in proptest::collection::vec(step(), 1..60)) {
        let mut file = String::new();
        let mut agendum = Agendum { text: String::new(), on_disk: String::new(), lineage: Lineage::new("") };
        let mut buffer = String::new();
        let (mut wrote, mut deleted) = (Vec::new(), Vec::new());
        // The editor's changes count once it saves them.
        let (mut typed, mut dropped) = (Vec::new(), Vec::new());
        for (n, s) in steps.iter().enumerate() {
            match s {
                Step::AgendumAdd(at) => {
                    wrote.push(format!("agendum {n}"));
                    edit(&mut agendum.text, *at, wrote.last().cloned(), &mut deleted);
                }
                Step::AgendumDelete(at) => edit(&mut agendum.text, *at, None, &mut deleted),
                Step::AgendumSync => agendum.sync(&mut file),
                Step::EditorRead => {
                    buffer.clone_from(&file);
                    typed.clear();
                    dropped.clear();
                }
                Step::EditorAdd(at) => {
                    typed.push(format!("editor {n}"));
                    edit(&mut buffer, *at, typed.last().cloned(), &mut dropped);
                }
                Step::EditorDelete(at) => edit(&mut buffer, *at, None, &mut dropped),
                Step::EditorSave => {
                    file.clone_from(&buffer);
                    wrote.append(&mut typed);
                    deleted.append(&mut dropped);
                }
            }
        }
        agendum.sync(&mut file);
        let kept = written(&file);
        for line in wrote.iter().filter(|l| !deleted.contains(l)) {
            prop_assert!(kept.contains(line), "{line} lost; the file:\n{file}");
        }
    }

    /// Two agendum screens on one file (the moderator and a notetaker), each merging
    /// what it finds, in any order.
    #[test]
    fn two_merging_writers_never_lose_a_line(steps in proptest::collection::vec((any::<bool>(), 0u8..3, 0usize..50), 1..60)) {
        let mut file = String::new();
        let new = || Agendum { text: String::new(), on_disk: String::new(), lineage: Lineage::new("") };
        let mut sides = [new(), new()];
        let (mut wrote, mut deleted) = (Vec::new(), Vec::new());
        for (n, (who, what, at)) in steps.iter().enumerate() {
            let side = &mut sides[usize::from(*who)];
            match what {
                0 => {
                    wrote.push(format!("{who} {n}"));
                    edit(&mut side.text, *at, wrote.last().cloned(), &mut deleted);
                }
                1 => edit(&mut side.text, *at, None, &mut deleted),
                _ => side.sync(&mut file),
            }
        }
        sides[0].sync(&mut file);
        sides[1].sync(&mut file);
        let kept = written(&file);
        for line in wrote.iter().filter(|l| !deleted.contains(l)) {
            prop_assert!(kept.contains(line), "{line} lost; the file:\n{file}");
        }
    }
}
