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
/// both kept; changes to the same lines are kept side by side between markers. No
/// line that either side added is ever left out.
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
    let mut options = MergeOptions::new();
    options
        .set_conflict_style(ConflictStyle::Merge)
        .set_incomplete_hunk_style(IncompleteHunkStyle::Git);
    match options.merge(base, ours, theirs) {
        Ok(text) => Merged { text, conflicts: 0 },
        Err(text) => {
            let text = relabel(&text, [base, ours, theirs], labels);
            Merged {
                conflicts: conflicts(&text).len(),
                text,
            }
        }
    }
}

/// The merge names its sides "ours" and "theirs"; a notetaker reading the file needs
/// to know which is which. A text that already held such a marker line is left as
/// the merge wrote it rather than risk renaming someone's own line.
fn relabel(text: &str, inputs: [&str; 3], labels: Labels) -> String {
    let ours = format!("{START} ours");
    let theirs = format!("{END} theirs");
    let held = |marker: &str| {
        inputs
            .iter()
            .any(|t| t.lines().any(|l| l.trim_end() == marker))
    };
    if held(&ours) || held(&theirs) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body == ours {
            out.push_str(&format!("{START} {}{end}", labels.ours));
        } else if body == theirs {
            out.push_str(&format!("{END} {}{end}", labels.theirs));
        } else {
            out.push_str(line);
        }
    }
    out
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
