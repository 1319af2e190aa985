//! Two writers, one notes file: the three-way merge of an item's notes. Where both
//! sides changed the same lines, both texts are kept between conflict markers, the way
//! git and diff3 write them, so that any editor shows them and a person chooses.

use diffy::{ConflictStyle, IncompleteHunkStyle, MergeOptions};

/// The marker lines of a conflict, as written at the start of a line.
pub const START: &str = "<<<<<<<";
pub const MIDDLE: &str = "=======";
pub const END: &str = ">>>>>>>";

/// What the two sides of a conflict are called in its markers.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// This program's text: what was typed here.
    pub ours: &'a str,
    /// The file's text: what someone else saved.
    pub theirs: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Conflicts written into the text (0: a clean merge).
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, both changed from `base`. Changes to different lines are
/// both kept; lines both sides added at the same place are both kept, ours first
/// (notes grow at their end on both sides all the time); changes to the same lines
/// are kept side by side between markers. No line that either side added is ever
/// left out.
pub fn merge(base: &str, ours: &str, theirs: &str, labels: Labels) -> Merged {
    let clean = |text: &str| Merged {
        text: text.to_string(),
        conflicts: 0,
    };
    if ours == theirs || base == theirs {
        return clean(ours);
    }
    if base == ours {
        return clean(theirs);
    }
    // A last line without its line break is another line than the same with one:
    // every text is merged ending its last line, and given back as ours ended.
    let ended = |t: &str| {
        if t.is_empty() || t.ends_with('\n') {
            t.to_string()
        } else {
            format!("{t}\n")
        }
    };
    let (b, o, t) = (ended(base), ended(ours), ended(theirs));
    // Markers longer than any run at the start of a line in the texts, so the
    // merge's own markers are never mistaken for someone's line.
    let len = (7..)
        .find(|&n| {
            ![&b, &o, &t].iter().any(|x| {
                x.lines().any(|l| {
                    ['<', '|', '=', '>']
                        .iter()
                        .any(|&c| l.starts_with(&c.to_string().repeat(n)))
                })
            })
        })
        .expect("some length is free");
    let mut options = MergeOptions::new();
    options
        .set_conflict_style(ConflictStyle::Diff3)
        .set_conflict_marker_length(len)
        .set_incomplete_hunk_style(IncompleteHunkStyle::Git);
    let mut merged = match options.merge(&b, &o, &t) {
        Ok(text) => Merged { text, conflicts: 0 },
        Err(text) => resolve(&text, len, labels),
    };
    if !ours.ends_with('\n') && merged.text.ends_with('\n') {
        merged.text.pop();
    }
    merged
}

/// Rewrites the merge's conflicts: where the base had nothing (both sides only added
/// lines at one place) both additions follow each other; elsewhere the two texts
/// stand between labelled markers, without the base's lines.
fn resolve(text: &str, len: usize, labels: Labels) -> Merged {
    #[derive(PartialEq)]
    enum Part {
        Clean,
        Ours,
        Base,
        Theirs,
    }
    let marker = |c: char| c.to_string().repeat(len);
    let (start, base, middle, end) = (marker('<'), marker('|'), marker('='), marker('>'));
    let mut out = String::with_capacity(text.len() + 128);
    let mut conflicts = 0;
    let mut part = Part::Clean;
    let (mut o, mut b, mut t) = (String::new(), String::new(), String::new());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match part {
            Part::Clean if body.starts_with(&start) => part = Part::Ours,
            Part::Ours if body.starts_with(&base) => part = Part::Base,
            Part::Ours | Part::Base if body == middle => part = Part::Theirs,
            Part::Theirs if body.starts_with(&end) => {
                if b.is_empty() {
                    out.push_str(&o);
                    out.push_str(&t);
                } else {
                    conflicts += 1;
                    out.push_str(&format!(
                        "{START} {}\n{o}{MIDDLE}\n{t}{END} {}\n",
                        labels.ours, labels.theirs
                    ));
                }
                (o, b, t) = (String::new(), String::new(), String::new());
                part = Part::Clean;
            }
            Part::Clean => out.push_str(line),
            Part::Ours => o.push_str(line),
            Part::Base => b.push_str(line),
            Part::Theirs => t.push_str(line),
        }
    }
    Merged {
        text: out,
        conflicts,
    }
}

/// The conflicts still in a text: the line (from 1) where each begins. A conflict is
/// a start marker, a middle marker and an end marker, in that order, each at the start
/// of a line; it is resolved by editing the markers away.
pub fn conflicts(text: &str) -> Vec<usize> {
    #[derive(PartialEq)]
    enum Seen {
        Nothing,
        Start(usize),
        Middle(usize),
    }
    let mut found = Vec::new();
    let mut seen = Seen::Nothing;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if is_marker(line, START) {
            seen = Seen::Start(n);
        } else if line.trim_end() == MIDDLE {
            if let Seen::Start(s) = seen {
                seen = Seen::Middle(s);
            }
        } else if is_marker(line, END)
            && let Seen::Middle(s) = seen
        {
            found.push(s);
            seen = Seen::Nothing;
        }
    }
    found
}

/// A marker line: the marker alone or followed by a space and a label.
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// Whether a line is one of the three marker lines.
pub fn is_marker_line(line: &str) -> bool {
    is_marker(line, START) || is_marker(line, END) || line.trim_end() == MIDDLE
}

#[cfg(test)]
mod tests;
