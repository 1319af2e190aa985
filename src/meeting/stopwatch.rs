//! A timer on wall-clock time: it remembers when it started, not how often it ticked,
//! so a meeting that went on while agendum was closed is timed right on resume.

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stopwatch {
    #[serde(with = "super::saved::delta")]
    accumulated: TimeDelta,
    since: Option<DateTime<Utc>>,
}

impl Stopwatch {
    pub fn running(at: DateTime<Utc>) -> Self {
        Stopwatch {
            accumulated: TimeDelta::zero(),
            since: Some(at),
        }
    }

    pub fn is_running(&self) -> bool {
        self.since.is_some()
    }

    pub fn start(&mut self, at: DateTime<Utc>) {
        if self.since.is_none() {
            self.since = Some(at);
        }
    }

    pub fn stop(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.since.take() {
            // A clock set backwards must not make time negative.
            self.accumulated += (at - since).max(TimeDelta::zero());
        }
    }

    pub fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        self.accumulated
            + self
                .since
                .map_or(TimeDelta::zero(), |s| (now - s).max(TimeDelta::zero()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn accumulates_across_pauses() {
        let mut w = Stopwatch::running(t(0));
        assert_eq!(w.elapsed(t(30)), TimeDelta::seconds(30));
        w.stop(t(60));
        assert_eq!(w.elapsed(t(600)), TimeDelta::seconds(60));
        w.start(t(600));
        w.start(t(700)); // starting twice keeps the first start
        assert_eq!(w.elapsed(t(720)), TimeDelta::seconds(180));
        w.stop(t(720));
        w.stop(t(800));
        assert_eq!(w.elapsed(t(900)), TimeDelta::seconds(180));
    }

    #[test]
    fn a_clock_set_backwards_never_gives_negative_time() {
        let mut w = Stopwatch::running(t(100));
        assert_eq!(w.elapsed(t(50)), TimeDelta::zero());
        w.stop(t(50));
        assert_eq!(w.elapsed(t(200)), TimeDelta::zero());
    }
}
