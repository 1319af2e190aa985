//! The meeting's time zone: UTC or a fixed offset, as agendas give it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    pub offset: FixedOffset,
}

impl Zone {
    pub const UTC: Zone = Zone {
        offset: match FixedOffset::east_opt(0) {
            Some(o) => o,
            None => unreachable!(),
        },
    };

    /// "UTC", "+02:00", "-05:30"; also "UTC+02:00".
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        let expected = "expected \"UTC\" or a fixed offset like \"+02:00\"";
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Zone::UTC);
        }
        let rest = t
            .strip_prefix("UTC")
            .or_else(|| t.strip_prefix("utc"))
            .unwrap_or(t);
        let sign = match rest.chars().next() {
            Some('+') => 1,
            Some('-') => -1,
            _ => return Err(format!("{expected}, found \"{t}\"")),
        };
        let body = &rest[1..];
        let (h, m) = body.split_once(':').unwrap_or((body, "00"));
        let (Ok(h), Ok(m)) = (h.parse::<i32>(), m.parse::<i32>()) else {
            return Err(format!("{expected}, found \"{t}\""));
        };
        if h > 14 || m > 59 || h < 0 || m < 0 {
            return Err(format!(
                "{expected} between -14:00 and +14:00, found \"{t}\""
            ));
        }
        FixedOffset::east_opt(sign * (h * 3600 + m * 60))
            .map(|offset| Zone { offset })
            .ok_or_else(|| format!("{expected}, found \"{t}\""))
    }

    /// "UTC" or "UTC+02:00", as the report and the screen print it.
    pub fn label(&self) -> String {
        let secs = self.offset.local_minus_utc();
        if secs == 0 {
            return "UTC".to_string();
        }
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.abs();
        format!("UTC{sign}{:02}:{:02}", a / 3600, a / 60 % 60)
    }

    /// The instant of a local date and time in this zone.
    pub fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let local = NaiveDateTime::new(date, time);
        self.offset
            .from_local_datetime(&local)
            .single()
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    }

    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.offset).naive_local()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets() {
        assert_eq!(Zone::parse("UTC").unwrap().label(), "UTC");
        assert_eq!(Zone::parse("+02:00").unwrap().label(), "UTC+02:00");
        assert_eq!(Zone::parse("-05:30").unwrap().label(), "UTC-05:30");
        assert_eq!(Zone::parse("UTC+1").unwrap().label(), "UTC+01:00");
        for bad in ["CET", "+25:00", "2", "+02:99", ""] {
            assert!(Zone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn converts_local_times() {
        let z = Zone::parse("+02:00").unwrap();
        let d = NaiveDate::from_ymd_opt(2023, 2, 16).unwrap();
        let t = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        assert_eq!(z.instant(d, t).to_rfc3339(), "2023-02-16T12:00:00+00:00");
        assert_eq!(z.local(z.instant(d, t)), NaiveDateTime::new(d, t));
    }
}
