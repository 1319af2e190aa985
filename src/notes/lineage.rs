//! Which earlier version of a notes file someone else's text was made from.
//!
//! A change found in a notes file was made by someone who read the file at some
//! moment: an editor opened a minute ago saves over everything written since. Taking
//! the file's latest earlier text as the merge's base would read the lines written
//! meanwhile as deleted by that person, and drop them. So every version this program
//! wrote or read is remembered, with the version in which each line first appeared:
//! the other side must have read a version at least as new as the newest line its
//! text holds, and no newer one is assumed. An older base than the true one can only
//! keep a line too many (a deletion comes back), never lose one.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// How many versions are kept; older ones are thinned out, so the kept ones reach far
/// back at growing intervals.
const KEEP: usize = 48;

#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// The number the next version gets.
    next: u64,
    /// Each line's first version, by the line's hash.
    first_seen: HashMap<u64, u64>,
    /// Versions kept, oldest first, with their numbers.
    kept: VecDeque<(u64, String)>,
}

impl Lineage {
    /// The lineage of a file first known to hold `text`.
    pub fn new(text: &str) -> Lineage {
        let mut l = Lineage::default();
        l.saw(text);
        l
    }

    /// A version the file held, or is about to hold.
    pub fn saw(&mut self, text: &str) {
        if self.kept.back().is_some_and(|(_, t)| t == text) {
            return;
        }
        let n = self.next;
        self.next += 1;
        for line in text.lines() {
            self.first_seen.entry(hash(line)).or_insert(n);
        }
        self.kept.push_back((n, text.to_string()));
        if self.kept.len() > KEEP {
            thin(&mut self.kept);
        }
    }

    /// The text to merge `theirs` against: the newest kept version no newer than the
    /// newest line `theirs` shares with what this side has known.
    pub fn base_for(&self, theirs: &str) -> &str {
        let newest_line = theirs
            .lines()
            .filter_map(|l| self.first_seen.get(&hash(l)).copied())
            .max()
            .or_else(|| self.grown_from(theirs));
        let base = match newest_line {
            Some(n) => self.kept.iter().rev().find(|(v, _)| *v <= n),
            None => None,
        };
        base.or(self.kept.front()).map_or("", |(_, t)| t)
    }

    /// When no line is known as it is: the lines of the latest version that a line of
    /// `theirs` goes on from (typing at the end of a line is most edits), and so the
    /// newest of their first versions.
    fn grown_from(&self, theirs: &str) -> Option<u64> {
        let latest = self.latest();
        theirs
            .lines()
            .filter_map(|t| {
                latest
                    .lines()
                    .filter(|l| !l.is_empty() && t.starts_with(l))
                    .filter_map(|l| self.first_seen.get(&hash(l)).copied())
                    .max()
            })
            .max()
    }

    /// The latest version.
    pub fn latest(&self) -> &str {
        self.kept.back().map_or("", |(_, t)| t)
    }
}

/// Drops every other version of the older half (never the oldest).
fn thin(kept: &mut VecDeque<(u64, String)>) {
    let half = kept.len() / 2;
    let mut i = 0;
    kept.retain(|_| {
        i += 1;
        i > half || i % 2 == 1
    });
}

fn hash(line: &str) -> u64 {
    let mut h = DefaultHasher::new();
    line.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_opened_long_ago_is_merged_against_what_it_read() {
        let mut l = Lineage::new("a\n");
        l.saw("a\nb\n");
        l.saw("a\nb\nc\n");
        // Someone read "a\nb\n", added x, and saved after c was written.
        assert_eq!(l.base_for("a\nb\nx\n"), "a\nb\n");
        // Someone who read the newest version.
        assert_eq!(l.base_for("a\nb\nc\nx\n"), "a\nb\nc\n");
        // Text with nothing known: the oldest version.
        assert_eq!(l.base_for("new\n"), "a\n");
    }

    #[test]
    fn a_line_typed_on_is_known_by_its_start() {
        let mut l = Lineage::new("");
        l.saw("Notetaker line.");
        assert_eq!(l.base_for("Notetaker line. Moderator."), "Notetaker line.");
    }

    #[test]
    fn thinning_keeps_the_oldest_and_the_newest() {
        let mut l = Lineage::new("");
        for i in 0..500 {
            l.saw(&format!("line {i}\n"));
        }
        assert!(l.kept.len() <= KEEP);
        assert_eq!(l.kept.front().unwrap().1, "");
        assert_eq!(l.latest(), "line 499\n");
        // A version thinned away: the base is an older one, never a newer one.
        let base = l.base_for("line 250\n");
        let n: usize = base
            .trim()
            .strip_prefix("line ")
            .map_or(0, |n| n.parse().unwrap());
        assert!(n <= 250, "{base}");
    }
}
