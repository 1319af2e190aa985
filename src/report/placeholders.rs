//! `{placeholder}` wording in the agenda's `[report]` sentences. Dates and times may
//! carry a pattern of their own: `{date:%B %-d}` ("February 16"), `{time:12h}`.

/// The names a wording override may use, and what each stands for.
pub const NAMES: &[(&str, &str)] = &[
    ("ordinal", "the meeting's ordinal: 51st or fifty-first"),
    ("number", "the meeting's number as numbered: 51 or LI"),
    ("format", "virtual, hybrid or in-person"),
    ("group", "the group's name"),
    ("abbreviation", "the group's abbreviation"),
    (
        "title",
        "the meeting's title (in `item_heading` and `heading`: the item's)",
    ),
    ("date", "the date: 16 February 2023, or as `date` says"),
    ("time", "the start time: 14:00, or as `time` says"),
    ("timezone", "the zone: UTC or UTC+02:00"),
    ("moderator", "who moderated"),
    ("next_date", "the next meeting's date"),
    ("next_time", "the next meeting's time"),
    ("moderation", "the moderation sentence (in `intro`)"),
    ("recording", "the recording sentence (in `intro`)"),
    ("apologies", "the apologies sentence (in `intro`)"),
    ("names", "who sent apologies: A, B and C (in `apologies`)"),
    (
        "item",
        "the item's number in the heading numbering (in `item_heading`)",
    ),
    ("numbers", "the items grouped: 4-5 (in `remaining`)"),
];

/// The keys a placeholder means something in, when not in every wording.
pub fn only_in(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "next_date" | "next_time" => &["next_meeting"],
        "moderation" | "recording" | "apologies" => &["intro"],
        "names" => &["apologies"],
        "item" => &["item_heading"],
        "numbers" => &["remaining"],
        _ => return None,
    })
}

/// Names that take a pattern after a colon.
fn takes_pattern(name: &str) -> Option<bool> {
    match name {
        "date" | "next_date" => Some(false),
        "time" | "next_time" => Some(true),
        _ => None,
    }
}

/// Checks a date or time pattern: chrono's strftime, or for a time "24h" or "12h".
pub fn check_format(pattern: &str, time: bool) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    if time && matches!(pattern, "24h" | "12h") {
        return Ok(());
    }
    if pattern.is_empty() {
        return Err("the pattern is empty".into());
    }
    if StrftimeItems::new(pattern).any(|i| matches!(i, Item::Error)) {
        return Err(format!(
            "\"{pattern}\" is not a date pattern (like \"%-d %B %Y\"{})",
            if time { ", \"24h\" or \"12h\"" } else { "" }
        ));
    }
    // A date pattern asks nothing of the time, and a time pattern nothing of the date.
    let probe = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a real date");
    let mut out = String::new();
    let shown = if time {
        std::fmt::write(&mut out, format_args!("{}", probe.time().format(pattern)))
    } else {
        std::fmt::write(&mut out, format_args!("{}", probe.date().format(pattern)))
    };
    shown.map_err(|_| {
        format!(
            "\"{pattern}\" asks for a {} in a {}",
            if time { "date" } else { "time" },
            if time { "time" } else { "date" }
        )
    })
}

/// Checks that every `{name}` is known and braces pair up; `{{` and `}}` are literal
/// braces. On failure: the character offset of the problem and what is wrong.
pub fn check(text: &str) -> Result<(), (usize, String)> {
    walk(text, |_, _| Some(String::new())).map(|_| ())
}

/// The placeholders a (checked) text uses, each with its character offset, without
/// their patterns.
pub fn used(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' | '}' if chars.get(i + 1) == Some(&chars[i]) => i += 2,
            '{' => {
                let len = chars[i + 1..].iter().position(|&c| c == '}').unwrap_or(0);
                let inside: String = chars[i + 1..i + 1 + len].iter().collect();
                let name = inside.split_once(':').map_or(inside.as_str(), |(n, _)| n);
                out.push((i, name.to_string()));
                i += len + 2;
            }
            _ => i += 1,
        }
    }
    out
}

/// Fills the placeholders; `value` gives each name's text, with its pattern if any.
pub fn fill(
    text: &str,
    value: impl Fn(&str, Option<&str>) -> Option<String>,
) -> Result<String, (usize, String)> {
    walk(text, value)
}

fn walk(
    text: &str,
    value: impl Fn(&str, Option<&str>) -> Option<String>,
) -> Result<String, (usize, String)> {
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
                let inside: String = chars[i + 1..i + 1 + len].iter().collect();
                let (name, pattern) = match inside.split_once(':') {
                    Some((n, p)) => (n, Some(p)),
                    None => (inside.as_str(), None),
                };
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
                if let Some(p) = pattern {
                    let Some(time) = takes_pattern(name) else {
                        return Err((i, format!("{{{name}}} takes no pattern after a colon")));
                    };
                    check_format(p, time).map_err(|m| (i, m))?;
                }
                out.push_str(&value(name, pattern).unwrap_or_default());
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
        let out = fill("The {ordinal} meeting {{x}}", |n, _| Some(format!("<{n}>"))).unwrap();
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

    #[test]
    fn dates_and_times_take_patterns() {
        assert!(check("{date:%B %-d} – {next_time:12h}").is_ok());
        assert_eq!(
            used("{date:%B %-d} {time}"),
            vec![(0, "date".to_string()), (14, "time".to_string())]
        );
        assert!(
            check("{date:%Q}")
                .unwrap_err()
                .1
                .contains("not a date pattern")
        );
        assert!(
            check("{date:%H}")
                .unwrap_err()
                .1
                .contains("asks for a time")
        );
        assert!(
            check("{group:%B}")
                .unwrap_err()
                .1
                .contains("takes no pattern")
        );
        let out = fill("{date:%B %-d}", |n, p| {
            Some(format!("{n}/{}", p.unwrap_or("")))
        })
        .unwrap();
        assert_eq!(out, "date/%B %-d");
    }
}
