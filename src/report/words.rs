//! How numbers, dates and lists read in a report: "51st", "fourteenth", "XIV",
//! "16 February 2023", "A, B and C".

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use crate::agenda::{Numbering, OrdinalStyle};

/// "1st", "2nd", "3rd", "11th", "51st", "112th".
pub fn ordinal_numeric(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// The cardinal in words, British style: "one hundred and fourteen".
pub fn cardinal_words(n: u32) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            u => format!("{}-{}", TENS[(n / 10) as usize], ONES[u as usize]),
        },
        100..=999 => match n % 100 {
            0 => format!("{} hundred", ONES[(n / 100) as usize]),
            r => format!(
                "{} hundred and {}",
                ONES[(n / 100) as usize],
                cardinal_words(r)
            ),
        },
        _ => {
            let (big, name, unit) = if n >= 1_000_000 {
                (n / 1_000_000, "million", 1_000_000)
            } else {
                (n / 1000, "thousand", 1000)
            };
            match n % unit {
                0 => format!("{} {name}", cardinal_words(big)),
                r if r < 100 => format!("{} {name} and {}", cardinal_words(big), cardinal_words(r)),
                r => format!("{} {name} {}", cardinal_words(big), cardinal_words(r)),
            }
        }
    }
}

/// "first", "fourteenth", "twenty-first", "one hundred and second".
pub fn ordinal_words(n: u32) -> String {
    let cardinal = cardinal_words(n);
    let (head, last) = match cardinal.rfind([' ', '-']) {
        Some(i) => cardinal.split_at(i + 1),
        None => ("", cardinal.as_str()),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

pub fn ordinal(n: u32, style: OrdinalStyle) -> String {
    match style {
        OrdinalStyle::Numeric => ordinal_numeric(n),
        OrdinalStyle::Words => ordinal_words(n),
    }
}

/// Roman numerals for 1 to 3999; larger numbers stay arabic (the agenda check refuses
/// them with roman numbering, so this is only a fallback).
pub fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    let mut rest = n;
    for (value, digits) in TABLE {
        while rest >= value {
            out.push_str(digits);
            rest -= value;
        }
    }
    out
}

pub fn numbered(n: u32, numbering: Numbering) -> String {
    match numbering {
        Numbering::Arabic => n.to_string(),
        Numbering::Roman => roman(n),
    }
}

/// The English month names, whatever the machine's locale.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as the house style writes it: a strftime pattern, by default "%-d %B %Y".
pub fn date_in(d: NaiveDate, pattern: Option<&str>) -> String {
    match pattern {
        Some(p) => d.format(p).to_string(),
        None => long_date(d),
    }
}

/// A time as the house style writes it: "24h" (14:00, the default), "12h" (2 p.m.,
/// 2:30 p.m.) or a strftime pattern.
pub fn time_in(t: NaiveTime, pattern: Option<&str>) -> String {
    match pattern {
        None | Some("24h") => clock_time(t),
        Some("12h") => {
            let (pm, h) = t.hour12();
            let half = if pm { "p.m." } else { "a.m." };
            match t.minute() {
                0 => format!("{h} {half}"),
                m => format!("{h}:{m:02} {half}"),
            }
        }
        Some(p) => t.format(p).to_string(),
    }
}

/// "A", "B", …, "Z", "AA", … for headings numbered with letters.
pub fn capital_letter(n: u32) -> String {
    crate::agenda::letter(n.saturating_sub(1) as usize).to_uppercase()
}

/// "16 February 2023" (English month names whatever the machine's locale).
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The month (1 to 12) a word names: its English name in full or cut to three
/// letters or more, in any case ("Mar", "sept", "DECEMBER").
pub fn month_of(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.to_ascii_lowercase().starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// "February", whatever the machine's locale.
pub fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// "16 February".
pub fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), MONTHS[d.month0() as usize])
}

/// "14:00".
pub fn clock_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ordinals() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (46, "46th"),
            (51, "51st"),
            (101, "101st"),
            (111, "111th"),
            (112, "112th"),
        ];
        for (n, s) in cases {
            assert_eq!(ordinal_numeric(n), s);
        }
    }

    #[test]
    fn word_ordinals() {
        let cases = [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (5, "fifth"),
            (8, "eighth"),
            (9, "ninth"),
            (12, "twelfth"),
            (14, "fourteenth"),
            (20, "twentieth"),
            (21, "twenty-first"),
            (40, "fortieth"),
            (51, "fifty-first"),
            (99, "ninety-ninth"),
            (100, "one hundredth"),
            (102, "one hundred and second"),
            (1000, "one thousandth"),
            (2024, "two thousand and twenty-fourth"),
        ];
        for (n, s) in cases {
            assert_eq!(ordinal_words(n), s, "{n}");
        }
    }

    #[test]
    fn roman_numerals() {
        let cases = [
            (1, "I"),
            (4, "IV"),
            (9, "IX"),
            (14, "XIV"),
            (40, "XL"),
            (46, "XLVI"),
            (90, "XC"),
            (400, "CD"),
            (1994, "MCMXCIV"),
            (3999, "MMMCMXCIX"),
        ];
        for (n, s) in cases {
            assert_eq!(roman(n), s);
        }
        assert_eq!(roman(4000), "4000");
    }

    #[test]
    fn dates_and_lists() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 2).unwrap();
        assert_eq!(long_date(d), "2 March 2023");
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }
}
