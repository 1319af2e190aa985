//! Conflict markers in notes, as git and diff3 write them: agendum makes none (every
//! writer's edits are merged by the notes' shared text), but a text pasted or saved
//! from elsewhere may hold them, and the report must neither hide nor mangle them.

/// The marker lines of a conflict, as written at the start of a line.
pub const START: &str = "<<<<<<<";
pub const MIDDLE: &str = "=======";
pub const END: &str = ">>>>>>>";

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
    // Most notes hold no conflict, and this runs on the whole text as it is typed.
    if memchr::memmem::find(text.as_bytes(), START.as_bytes()).is_none() {
        return found;
    }
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
mod tests {
    use super::*;

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
}
