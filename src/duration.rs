//! Durations as people write them in agendas and commands: `90s`, `5m`, `1h`, `1h30m`.

use chrono::TimeDelta;

/// The longest duration accepted anywhere: longer is certainly a typo.
pub const MAX: TimeDelta = TimeDelta::hours(24);

/// Parses `90s`, `5m`, `1h`, `1h30m`, `1h30m15s` (units in decreasing order, each at
/// most once). Zero and over 24 hours are refused: they are never meant.
pub fn parse(text: &str) -> Result<TimeDelta, String> {
    let s = text.trim();
    let expected = "expected a duration like \"90s\", \"5m\", \"1h\" or \"1h30m\"";
    if s.is_empty() {
        return Err(format!("{expected}, found an empty string"));
    }
    if s.starts_with('-') {
        return Err(format!("a duration cannot be negative: \"{s}\""));
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut last_rank = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, seconds) = match c {
            'h' => (3, 3600),
            'm' => (2, 60),
            's' => (1, 1),
            _ => return Err(format!("{expected}, found \"{s}\"")),
        };
        if digits.is_empty() || (last_rank != 0 && rank >= last_rank) {
            return Err(format!("{expected}, found \"{s}\""));
        }
        let n: i64 = digits
            .parse()
            .map_err(|_| format!("duration \"{s}\" is longer than 24h"))?;
        total = total.saturating_add(n.saturating_mul(seconds));
        digits.clear();
        last_rank = rank;
    }
    if !digits.is_empty() {
        return Err(format!(
            "{expected}, found \"{s}\" (a number needs a unit: h, m or s)"
        ));
    }
    if total == 0 {
        return Err(format!(
            "a duration must be longer than zero, found \"{s}\""
        ));
    }
    if total > MAX.num_seconds() {
        return Err(format!("duration \"{s}\" is longer than 24h"));
    }
    Ok(TimeDelta::seconds(total))
}

/// The inverse of `parse`, for messages and files agendum writes: `1h30m`, `90s` → `1m30s`.
pub fn format(d: TimeDelta) -> String {
    let total = d.num_seconds().max(0);
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// A clock reading for screens and tables: `4:05`, `1:02:03`, with a sign when negative.
pub fn clock(d: TimeDelta) -> String {
    let sign = if d < TimeDelta::zero() { "-" } else { "" };
    let total = d.num_seconds().abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_documented_forms() {
        assert_eq!(parse("90s"), Ok(TimeDelta::seconds(90)));
        assert_eq!(parse("5m"), Ok(TimeDelta::minutes(5)));
        assert_eq!(parse("1h"), Ok(TimeDelta::hours(1)));
        assert_eq!(parse("1h30m"), Ok(TimeDelta::minutes(90)));
        assert_eq!(parse(" 24h "), Ok(TimeDelta::hours(24)));
    }

    #[test]
    fn refuses_zero_negative_absurd_and_malformed() {
        for bad in [
            "0m",
            "-5m",
            "25h",
            "1441m",
            "5",
            "m",
            "5x",
            "30m1h",
            "1h1h",
            "",
            "1.5h",
            "99999999999999999999h",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(parse("5").unwrap_err().contains("needs a unit"));
        assert!(parse("25h").unwrap_err().contains("longer than 24h"));
        assert!(parse("0s").unwrap_err().contains("longer than zero"));
    }

    #[test]
    fn formats_and_clocks() {
        assert_eq!(format(TimeDelta::seconds(5400)), "1h30m");
        assert_eq!(format(TimeDelta::seconds(90)), "1m30s");
        assert_eq!(clock(TimeDelta::seconds(245)), "4:05");
        assert_eq!(clock(TimeDelta::seconds(3723)), "1:02:03");
        assert_eq!(clock(TimeDelta::seconds(-61)), "-1:01");
    }

    proptest! {
        #[test]
        fn format_round_trips(secs in 1i64..=86_400) {
            let d = TimeDelta::seconds(secs);
            prop_assert_eq!(parse(&format(d)), Ok(d));
        }

        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = parse(&s);
        }
    }
}
