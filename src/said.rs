//! How the status line words what changed: ordinals, counts and lists of names, the
//! same for the meeting's refusals and the screen's reports.

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
pub fn ordinal(n: usize) -> String {
    crate::report::words::ordinal_numeric(u32::try_from(n).unwrap_or(u32::MAX))
}

/// "A", "A and B", "A, B and C": every name.
pub fn and_list<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// "A, B, C and 4 more": the first `shown` names and how many others.
pub fn some_of<S: AsRef<str>>(names: &[S], shown: usize) -> String {
    if names.len() <= shown + 1 {
        return and_list(names);
    }
    let first: Vec<&str> = names[..shown].iter().map(AsRef::as_ref).collect();
    format!("{} and {} more", first.join(", "), names.len() - shown)
}

/// "1 person", "3 people"-style counts: `count(3, "entry", "entries")`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_counts_and_lists() {
        let ords: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            ords,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
        assert_eq!(some_of(&["A", "B", "C", "D"], 3), "A, B, C and D");
        assert_eq!(
            some_of(&["A", "B", "C", "D", "E", "F", "G"], 3),
            "A, B, C and 4 more"
        );
        assert_eq!(count(1, "entry", "entries"), "1 entry");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }
}
