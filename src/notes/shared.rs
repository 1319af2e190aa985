//! What one screen knows of the meeting's notes, which others write too: when each
//! item's were last changed by someone else, conflict markers left in them (pasted or
//! saved from elsewhere), and who else is on them.

use chrono::{DateTime, TimeDelta, Utc};

use super::markers;

/// How long an item reads as being edited elsewhere after a change from elsewhere.
const RECENT: TimeDelta = TimeDelta::seconds(60);

#[derive(Debug, Clone, Default)]
struct File {
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
}

impl Shared {
    /// The notes held now, item by item.
    pub fn new(notes: &[String]) -> Shared {
        let files = notes
            .iter()
            .map(|text| File {
                conflicts: markers::conflicts(text),
                ..File::default()
            })
            .collect();
        Shared { files }
    }

    /// This screen's text of an item changed.
    pub fn held(&mut self, item: usize, text: &str) {
        if let Some(f) = self.file(item) {
            f.conflicts = markers::conflicts(text);
        }
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn conflicts_and_changes_from_elsewhere_are_remembered() {
        let t = Utc.with_ymd_and_hms(2024, 6, 3, 14, 0, 0).unwrap();
        let mut s = Shared::new(&["a\nb\n".into()]);
        assert!(s.conflicted().is_empty());
        s.held(0, "a\n<<<<<<< mine\nb\n=======\nc\n>>>>>>> theirs\n");
        assert_eq!(s.conflicts(0), &[2]);
        assert_eq!(s.conflicted(), vec![0]);
        s.changed_elsewhere(0, t);
        assert!(s.edited_elsewhere(0, t + TimeDelta::seconds(30)));
        assert!(!s.edited_elsewhere(0, t + TimeDelta::seconds(90)));
        // Resolved by hand: no conflict left.
        s.held(0, "a\nb and c\n");
        assert!(s.conflicted().is_empty());
        s.set_editors(&[(0, "bob@laptop".into())]);
        assert!(s.edited_elsewhere(0, t + TimeDelta::seconds(90)));
        assert_eq!(s.editors(0), ["bob@laptop".to_string()]);
    }
}
