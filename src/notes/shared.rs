//! What one screen knows of the meeting's notes files, which others write too: the
//! versions of each file it has known (to merge what it finds against the right one),
//! when each was last changed by someone else, the conflicts left in each, and who
//! else is on it.

use chrono::{DateTime, TimeDelta, Utc};

use super::lineage::Lineage;
use super::merge::{self, Labels, Merged};

/// How long an item reads as being edited elsewhere after a change from elsewhere.
const RECENT: TimeDelta = TimeDelta::seconds(60);

#[derive(Debug, Clone, Default)]
struct File {
    lineage: Lineage,
    /// When someone else's change was last taken in.
    changed_elsewhere: Option<DateTime<Utc>>,
    /// Conflicts left in the text (lines where each begins).
    conflicts: Vec<usize>,
    /// Notetakers on the item now.
    editors: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Shared {
    files: Vec<File>,
    /// Who this screen is, for the conflict markers it writes.
    who: String,
}

impl Shared {
    /// The files as read (`None`: missing) and the notes held now, item by item.
    pub fn new(who: &str, files: &[Option<String>], notes: &[String]) -> Shared {
        let files = notes
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let mut lineage = files
                    .get(i)
                    .and_then(Option::as_deref)
                    .map(Lineage::new)
                    .unwrap_or_default();
                lineage.saw(text);
                File {
                    lineage,
                    conflicts: merge::conflicts(text),
                    ..File::default()
                }
            })
            .collect();
        Shared {
            files,
            who: who.to_string(),
        }
    }

    /// This screen's text of an item changed.
    pub fn held(&mut self, item: usize, text: &str) {
        if let Some(f) = self.file(item) {
            f.lineage.saw(text);
            f.conflicts = merge::conflicts(text);
        }
    }

    /// Someone else's text found in the item's file (`file`, its name as shown), with
    /// this screen's text `ours`: what this screen should hold now.
    pub fn found(
        &mut self,
        item: usize,
        file: &str,
        theirs: &str,
        ours: &str,
        now: DateTime<Utc>,
    ) -> Merged {
        let (our_label, their_label) = labels(&self.who, file);
        let Some(f) = self.file(item) else {
            return Merged {
                text: ours.to_string(),
                conflicts: 0,
            };
        };
        let merged = merge::merge(
            f.lineage.base_for(theirs),
            ours,
            theirs,
            Labels {
                ours: &our_label,
                theirs: &their_label,
            },
        );
        f.lineage.saw(theirs);
        f.lineage.saw(&merged.text);
        f.conflicts = merge::conflicts(&merged.text);
        f.changed_elsewhere = Some(now);
        merged
    }

    /// Someone else's change to the item's notes was taken in.
    pub fn changed_elsewhere(&mut self, item: usize, now: DateTime<Utc>) {
        if let Some(f) = self.file(item) {
            f.changed_elsewhere = Some(now);
        }
    }

    /// Whether someone else changed the item's file lately, or a notetaker is on it.
    pub fn edited_elsewhere(&self, item: usize, now: DateTime<Utc>) -> bool {
        self.files.get(item).is_some_and(|f| {
            !f.editors.is_empty() || f.changed_elsewhere.is_some_and(|t| now - t < RECENT)
        })
    }

    /// The notetakers on the item.
    pub fn editors(&self, item: usize) -> &[String] {
        self.files.get(item).map_or(&[], |f| &f.editors)
    }

    /// Who is on which item, as the notetakers say it.
    pub fn set_editors(&mut self, on: &[(usize, String)]) {
        for f in &mut self.files {
            f.editors.clear();
        }
        for (item, who) in on {
            if let Some(f) = self.file(*item) {
                f.editors.push(who.clone());
            }
        }
    }

    /// The lines where the item's unresolved conflicts begin.
    pub fn conflicts(&self, item: usize) -> &[usize] {
        self.files.get(item).map_or(&[], |f| &f.conflicts)
    }

    /// The items (from 0) with conflicts left.
    pub fn conflicted(&self) -> Vec<usize> {
        (0..self.files.len())
            .filter(|&i| !self.files[i].conflicts.is_empty())
            .collect()
    }

    fn file(&mut self, item: usize) -> Option<&mut File> {
        if item >= self.files.len() {
            self.files.resize_with(item + 1, File::default);
        }
        self.files.get_mut(item)
    }
}

/// What the screen says of a merge that left conflicts in an item's notes.
pub fn conflict_said(item: usize, file: &str) -> String {
    format!(
        "item {}: the notes were changed in {file} and here at the same lines; both are kept \
         between <<<<<<< and >>>>>>> — edit them to what should stay",
        item + 1
    )
}

/// What the two sides of a conflict are called: this screen's person, the file.
pub fn labels(who: &str, file: &str) -> (String, String) {
    (
        format!("typed in agendum by {who}"),
        format!("saved in {file} elsewhere"),
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_change_found_is_merged_marked_and_remembered() {
        let t = Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap();
        let mut s = Shared::new("ann@host", &[Some("a\nb\n".into())], &["a\nb\n".into()]);
        s.held(0, "a\nmine\n");
        let m = s.found(0, "notes/01-x.md", "a\ntheirs\n", "a\nmine\n", t);
        assert_eq!(m.conflicts, 1);
        assert!(m.text.contains("<<<<<<< typed in agendum by ann@host\n"));
        assert!(
            m.text
                .contains(">>>>>>> saved in notes/01-x.md elsewhere\n")
        );
        assert_eq!(s.conflicts(0), &[2]);
        assert_eq!(s.conflicted(), vec![0]);
        assert!(s.edited_elsewhere(0, t + TimeDelta::seconds(30)));
        assert!(!s.edited_elsewhere(0, t + TimeDelta::seconds(90)));
        // Resolved by hand: no conflict left.
        s.held(0, "a\nmine\ntheirs\n");
        assert!(s.conflicted().is_empty());
        s.set_editors(&[(0, "bob@laptop".into())]);
        assert!(s.edited_elsewhere(0, t + TimeDelta::seconds(90)));
        assert_eq!(s.editors(0), ["bob@laptop".to_string()]);
    }
}
