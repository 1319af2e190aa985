//! Literal dates in wording: what `agendum new --next-after` must not carry into the
//! next meeting of a series, where the date would be the previous meeting's.

/// A date written out in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralDate {
    /// The date as written: "March 4", "31 October 2023", "2023-10-31".
    pub text: String,
    /// A chrono pattern that writes a date the same way: "%B %-d", "%-d %B %Y".
    pub pattern: String,
}

/// The first literal date of `text`: an English month name (full, or abbreviated to
/// three letters or "Sept", any case, a whole word, a dot allowed after an
/// abbreviation) next to a day number 1–31 of one or two digits, in either order ("31
/// October", "March 4", "4 Mar.", "4th of July", "February 18 2021"); an ISO date
/// "2023-10-31"; or a day, month and year "31/10/2023" (also with dots or dashes, or
/// "31/10/23"). Placeholders such as "{next_date}", and numbers alone ("Online Meeting
/// 51", "IGF 2023"), are not dates.
pub fn literal_date(text: &str) -> Option<LiteralDate> {
    let t = tokens(text);
    (0..t.len()).find_map(|i| {
        let (end, pattern) = month_first(&t, i)
            .or_else(|| day_first(&t, i))
            .or_else(|| iso(&t, i))
            .or_else(|| numeric(&t, i))?;
        Some(LiteralDate {
            text: text[t[i].start..t[end].end].to_string(),
            pattern,
        })
    })
}

/// Whether `text` gives a time of day: "14:00", "2 PM", "2 p.m.", "2pm".
pub fn mentions_time(text: &str) -> bool {
    let t = tokens(text);
    (0..t.len()).any(|i| {
        let Some(hour) = t[i].number(2) else {
            return false;
        };
        if i > 0 && matches!(t[i - 1].kind, Kind::Word | Kind::Number) {
            return false;
        }
        let clock = t.get(i + 1).is_some_and(|c| c.is(':'))
            && t.get(i + 2).is_some_and(|m| m.digits() == 2);
        let mut j = i + 1;
        if t.get(j).is_some_and(|s| s.kind == Kind::Space) {
            j += 1;
        }
        let word = |k: usize| t.get(k).map(|w| w.word()).unwrap_or_default();
        let meridiem = (1..=12).contains(&hour)
            && (matches!(word(j).as_str(), "am" | "pm")
                || (matches!(word(j).as_str(), "a" | "p")
                    && t.get(j + 1).is_some_and(|d| d.is('.'))
                    && word(j + 2) == "m"));
        clock || meridiem
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Number,
    /// A run of whitespace.
    Space,
    /// Any other character, alone.
    Other(char),
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    /// Byte offsets in the text.
    start: usize,
    end: usize,
    text: &'a str,
}

impl Token<'_> {
    fn is(&self, c: char) -> bool {
        self.kind == Kind::Other(c)
    }

    fn digits(&self) -> usize {
        if self.kind == Kind::Number {
            self.text.len()
        } else {
            0
        }
    }

    /// The value of a number of at most `max` digits.
    fn number(&self, max: usize) -> Option<u32> {
        (self.kind == Kind::Number && self.text.len() <= max)
            .then(|| self.text.parse().ok())
            .flatten()
    }

    fn day(&self) -> Option<u32> {
        self.number(2).filter(|d| (1..=31).contains(d))
    }

    fn word(&self) -> String {
        if self.kind == Kind::Word {
            self.text.to_lowercase()
        } else {
            String::new()
        }
    }
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    for (at, c) in text.char_indices() {
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Number
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other(c)
        };
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.kind == kind && !matches!(kind, Kind::Other(_)) => {
                last.end = end;
            }
            _ => out.push(Token {
                kind,
                start: at,
                end,
                text: "",
            }),
        }
    }
    for t in &mut out {
        t.text = &text[t.start..t.end];
    }
    out
}

/// The month of the word at `i`, as a pattern ("%B" or "%b"), and the index of its
/// last token (past an abbreviation's dot).
fn month(t: &[Token], i: usize) -> Option<(usize, &'static str)> {
    let w = t.get(i)?.word();
    if w.is_empty() {
        return None;
    }
    if agendum::report::words::MONTHS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&w))
    {
        return Some((i, "%B"));
    }
    let short =
        (w.chars().count() == 3 || w == "sept") && agendum::report::words::month_of(&w).is_some();
    if !short {
        return None;
    }
    if t.get(i + 1).is_some_and(|d| d.is('.')) {
        Some((i + 1, "%b."))
    } else {
        Some((i, "%b"))
    }
}

/// Whether the token at `i` touches a word or number before it (so a month or day
/// there is part of something longer).
fn glued_before(t: &[Token], i: usize) -> bool {
    i > 0 && matches!(t[i - 1].kind, Kind::Word | Kind::Number)
}

/// Whether the token after `last` continues it: a word or number right after.
fn glued_after(t: &[Token], last: usize) -> bool {
    t.get(last + 1)
        .is_some_and(|n| matches!(n.kind, Kind::Word | Kind::Number))
}

/// The index of the ordinal suffix after a day number ("4th"), or the day's own.
fn suffix(t: &[Token], day: usize) -> usize {
    match t.get(day + 1).map(Token::word).as_deref() {
        Some("st" | "nd" | "rd" | "th") => day + 1,
        _ => day,
    }
}

/// A year after the token `last`: " 2023" or ", 2023"; its index and the pattern's end.
fn year(t: &[Token], last: usize) -> Option<(usize, &'static str)> {
    let (space, tail) = if t.get(last + 1).is_some_and(|c| c.is(',')) {
        (last + 2, ", %Y")
    } else {
        (last + 1, " %Y")
    };
    let y = space + 1;
    (t.get(space)?.kind == Kind::Space && t.get(y)?.digits() == 4 && !glued_after(t, y))
        .then_some((y, tail))
}

/// "March 4", "Mar. 4th", "February 18 2021", "March 4, 2023".
fn month_first(t: &[Token], i: usize) -> Option<(usize, String)> {
    if glued_before(t, i) {
        return None;
    }
    let (m, month_pattern) = month(t, i)?;
    let mut j = m + 1;
    let mut pattern = month_pattern.to_string();
    if t.get(j).is_some_and(|c| c.is(',')) {
        j += 1;
        pattern.push(',');
    }
    if t.get(j)?.kind != Kind::Space {
        return None;
    }
    pattern.push(' ');
    let day = j + 1;
    t.get(day)?.day()?;
    let last = suffix(t, day);
    if glued_after(t, last) {
        return None;
    }
    pattern.push_str("%-d");
    Some(match year(t, last) {
        Some((y, tail)) => (y, pattern + tail),
        None => (last, pattern),
    })
}

/// "31 October", "4 Mar.", "4th of July", "18 February 2021".
fn day_first(t: &[Token], i: usize) -> Option<(usize, String)> {
    if glued_before(t, i) {
        return None;
    }
    t[i].day()?;
    let mut j = suffix(t, i) + 1;
    let mut pattern = "%-d ".to_string();
    if t.get(j)?.kind != Kind::Space {
        return None;
    }
    j += 1;
    if t.get(j)?.word() == "of" && t.get(j + 1)?.kind == Kind::Space {
        j += 2;
        pattern.push_str("of ");
    }
    let (last, month_pattern) = month(t, j)?;
    if glued_after(t, last) {
        return None;
    }
    pattern.push_str(month_pattern);
    Some(match year(t, last) {
        Some((y, tail)) if tail == " %Y" => (y, pattern + tail),
        _ => (last, pattern),
    })
}

/// "2023-10-31".
fn iso(t: &[Token], i: usize) -> Option<(usize, String)> {
    if t[i].digits() != 4 || glued_before(t, i) {
        return None;
    }
    let month = t.get(i + 2).filter(|_| t[i + 1].is('-'))?;
    let day = t.get(i + 4).filter(|_| t[i + 3].is('-'))?;
    let ok = month.digits() == 2
        && day.digits() == 2
        && month.number(2).is_some_and(|m| (1..=12).contains(&m))
        && day.day().is_some()
        && !glued_after(t, i + 4);
    ok.then(|| (i + 4, "%Y-%m-%d".to_string()))
}

/// "31/10/2023", "10/31/2023", "31.10.2023", "31-10-2023", "31/10/23".
fn numeric(t: &[Token], i: usize) -> Option<(usize, String)> {
    if glued_before(t, i) {
        return None;
    }
    let a = t[i].day()?;
    let Kind::Other(sep) = t.get(i + 1)?.kind else {
        return None;
    };
    if !matches!(sep, '/' | '.' | '-') || !t.get(i + 3)?.is(sep) {
        return None;
    }
    let b = t.get(i + 2)?.day()?;
    let y = t.get(i + 4)?;
    let year_ok = y.digits() == 4 || (sep == '/' && y.digits() == 2);
    if !year_ok || glued_after(t, i + 4) || (a > 12 && b > 12) {
        return None;
    }
    let year = if y.digits() == 4 { "%Y" } else { "%y" };
    let pattern = if a <= 12 && b > 12 {
        format!("%m{sep}%d{sep}{year}")
    } else {
        format!("%d{sep}%m{sep}{year}")
    };
    Some((i + 4, pattern))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(text: &str) -> Option<(String, String)> {
        literal_date(text).map(|d| (d.text, d.pattern))
    }

    fn date(text: &str, pattern: &str) -> Option<(String, String)> {
        Some((text.to_string(), pattern.to_string()))
    }

    #[test]
    fn a_month_next_to_a_day_is_a_date_either_way_round() {
        assert_eq!(found("held on 31 October"), date("31 October", "%-d %B"));
        assert_eq!(
            found("Next meeting: **March 4 – 2 PM {timezone}.**"),
            date("March 4", "%B %-d")
        );
        assert_eq!(found("on 4 Mar. at noon"), date("4 Mar.", "%-d %b."));
        assert_eq!(found("Mar. 4"), date("Mar. 4", "%b. %-d"));
        assert_eq!(found("SEPT 9"), date("SEPT 9", "%b %-d"));
        assert_eq!(found("the 4th of july"), date("4th of july", "%-d of %B"));
        assert_eq!(
            found("March 4th, 2023"),
            date("March 4th, 2023", "%B %-d, %Y")
        );
        assert_eq!(
            found("was held on February 18 2021 at 2 p.m. {timezone}."),
            date("February 18 2021", "%B %-d %Y")
        );
        assert_eq!(
            found("on 8-10 March 2023"),
            date("10 March 2023", "%-d %B %Y")
        );
        assert_eq!(found("dec\u{a0}12"), date("dec\u{a0}12", "%b %-d"));
    }

    #[test]
    fn iso_and_numeric_dates_are_dates() {
        assert_eq!(found("see 2023-10-31."), date("2023-10-31", "%Y-%m-%d"));
        assert_eq!(found("(31/10/2023)"), date("31/10/2023", "%d/%m/%Y"));
        assert_eq!(found("12/31/2023"), date("12/31/2023", "%m/%d/%Y"));
        assert_eq!(found("31.10.2023"), date("31.10.2023", "%d.%m.%Y"));
        assert_eq!(found("on 4/3/21"), date("4/3/21", "%d/%m/%y"));
    }

    #[test]
    fn placeholders_numbers_and_lookalikes_are_not_dates() {
        for text in [
            "",
            "{next_date}",
            "on **{next_date}** at {next_time} {timezone}",
            "{next_date:%B %-d} – {next_time:12h}",
            "The {ordinal} virtual meeting of the IGF 2020 MAG's Working Group",
            "Online Meeting 51",
            "IGF 2023",
            "March 2023",
            "in March, 2023",
            "Marching 4 abreast",
            "the Mayor 4 times",
            "March4",
            "4March",
            "32 October",
            "0 October",
            "October 123",
            "version 1.2.3",
            "1.2.2023a",
            "2023-13-01",
            "2023-10-32",
            "12023-10-31",
            "31/31/2023",
            "1.2.23",
            "WSIS +20 action plan",
            "Review of action items",
        ] {
            assert_eq!(found(text), None, "{text:?}");
        }
    }

    #[test]
    fn times_are_told_apart() {
        for text in ["at 14:00", "March 4 – 2 PM", "at 2 p.m. UTC", "2pm", "9 am"] {
            assert!(mentions_time(text), "{text:?}");
        }
        for text in [
            "{next_time}",
            "IGF 2023",
            "31 October",
            "13 pm",
            "2 pmx",
            "a 2 p",
        ] {
            assert!(!mentions_time(text), "{text:?}");
        }
    }

    const NAMES: [&str; 24] = [
        "January",
        "Feb",
        "march",
        "APR",
        "May",
        "june",
        "Jul",
        "August",
        "Sep",
        "Sept",
        "october",
        "Nov",
        "December",
        "jan.",
        "feb.",
        "Mar.",
        "apr",
        "may",
        "Jun.",
        "jul",
        "aug",
        "SEPTEMBER",
        "oct",
        "dec",
    ];

    proptest! {
        #[test]
        fn never_panics_and_finds_only_text_of_its_input(text in any::<String>()) {
            if let Some(d) = literal_date(&text) {
                prop_assert!(text.contains(&d.text));
                prop_assert!(d.text.chars().any(|c| c.is_ascii_digit()));
                prop_assert!(d.pattern.contains('%'));
            }
            let _ = mentions_time(&text);
        }

        #[test]
        fn never_panics_on_text_made_of_date_like_pieces(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("March".to_string()), Just("mar".to_string()), Just(".".to_string()),
                    Just(" ".to_string()), Just(",".to_string()), Just("/".to_string()),
                    Just("-".to_string()), Just(":".to_string()), Just("th".to_string()),
                    Just("of".to_string()), Just("p".to_string()), Just("m".to_string()),
                    Just("é".to_string()), Just("\u{a0}".to_string()), "[0-9]{1,5}",
                ],
                0..16,
            )
        ) {
            let text = pieces.concat();
            if let Some(d) = literal_date(&text) {
                prop_assert!(text.contains(&d.text));
            }
            let _ = mentions_time(&text);
        }

        #[test]
        fn text_without_digits_holds_no_date(text in "[^0-9]*") {
            prop_assert_eq!(literal_date(&text), None);
        }

        #[test]
        fn a_day_beside_a_month_is_found_in_any_text(
            before in "[^0-9]{0,20}",
            after in "[^0-9]{0,20}",
            day in 1u32..=31,
            month in 0usize..NAMES.len(),
            day_first in any::<bool>(),
        ) {
            let name = NAMES[month];
            let written = if day_first { format!("{day} {name}") } else { format!("{name} {day}") };
            let text = format!("{before} {written} {after}");
            let d = literal_date(&text);
            prop_assert!(d.is_some(), "{:?}", text);
            prop_assert!(d.unwrap().text.contains(&day.to_string()));
        }
    }
}
