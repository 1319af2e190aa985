//! `{placeholder}` wording in the agenda's `[report]` sentences.

/// The names a wording override may use, and what each stands for.
pub const NAMES: &[(&str, &str)] = &[
    ("ordinal", "the meeting's ordinal: 51st or fifty-first"),
    ("number", "the meeting's number as numbered: 51 or LI"),
    ("format", "virtual, hybrid or in-person"),
    ("group", "the group's name"),
    ("abbreviation", "the group's abbreviation"),
    ("title", "the meeting's title"),
    ("date", "the date: 16 February 2023"),
    ("time", "the start time: 14:00"),
    ("timezone", "the zone: UTC or UTC+02:00"),
    ("moderator", "who moderated"),
    ("next_date", "the next meeting's date"),
    ("next_time", "the next meeting's time"),
];

/// Checks that every `{name}` is known and braces pair up; `{{` and `}}` are literal
/// braces. On failure: the character offset of the problem and what is wrong.
pub fn check(text: &str) -> Result<(), (usize, String)> {
    walk(text, |_| Some(String::new())).map(|_| ())
}

/// The placeholders a (checked) text uses, each with its character offset.
pub fn used(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' | '}' if chars.get(i + 1) == Some(&chars[i]) => i += 2,
            '{' => {
                let len = chars[i + 1..].iter().position(|&c| c == '}').unwrap_or(0);
                out.push((i, chars[i + 1..i + 1 + len].iter().collect()));
                i += len + 2;
            }
            _ => i += 1,
        }
    }
    out
}

/// Fills the placeholders; `value` gives each name's text.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, (usize, String)> {
    walk(text, value)
}

fn walk(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, (usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') else {
                    return Err((
                        i,
                        "a `{` is never closed (write `{{` for a literal brace)".into(),
                    ));
                };
                let name: String = chars[i + 1..i + 1 + len].iter().collect();
                if !NAMES.iter().any(|(n, _)| *n == name) {
                    let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                    return Err((
                        i,
                        format!(
                            "unknown placeholder {{{name}}}; known ones are {}",
                            known.join(", ")
                        ),
                    ));
                }
                out.push_str(&value(&name).unwrap_or_default());
                i += len + 2;
            }
            '}' => {
                return Err((
                    i,
                    "a `}` has no opening `{` (write `}}` for a literal brace)".into(),
                ));
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_literal_braces() {
        let out = fill("The {ordinal} meeting {{x}}", |n| Some(format!("<{n}>"))).unwrap();
        assert_eq!(out, "The <ordinal> meeting {x}");
    }

    #[test]
    fn lists_the_placeholders_used() {
        assert_eq!(
            used("{{x}} é {date} at {time}"),
            vec![(8, "date".to_string()), (18, "time".to_string())]
        );
    }

    #[test]
    fn reports_unknown_and_unbalanced() {
        assert_eq!(check("ab {ordnal}").unwrap_err().0, 3);
        assert!(
            check("ab {ordnal}")
                .unwrap_err()
                .1
                .contains("unknown placeholder {ordnal}")
        );
        assert!(check("ab {date").unwrap_err().1.contains("never closed"));
        assert!(check("ab } x").unwrap_err().1.contains("no opening"));
        assert!(check("é {date} {time}").is_ok());
    }
}
