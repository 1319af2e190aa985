//! The speaking queue: four kinds of request with a fixed priority (point of order >
//! clarifying question > reply > new topic), first come first served within a kind.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::stopwatch::Stopwatch;

/// Kinds in priority order: the derived `Ord` is the queue's order.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    Order,
    Question,
    Reply,
    #[default]
    Topic,
}

impl QueueKind {
    pub const ALL: [QueueKind; 4] = [
        QueueKind::Order,
        QueueKind::Question,
        QueueKind::Reply,
        QueueKind::Topic,
    ];

    /// As the command line spells it: `q+ NAME order`.
    pub fn word(self) -> &'static str {
        match self {
            QueueKind::Order => "order",
            QueueKind::Question => "question",
            QueueKind::Reply => "reply",
            QueueKind::Topic => "topic",
        }
    }

    /// As people say it.
    pub fn describe(self) -> &'static str {
        match self {
            QueueKind::Order => "point of order",
            QueueKind::Question => "clarifying question",
            QueueKind::Reply => "reply",
            QueueKind::Topic => "new topic",
        }
    }

    pub fn parse(word: &str) -> Option<QueueKind> {
        match word.to_ascii_lowercase().as_str() {
            "order" | "poo" | "point-of-order" => Some(QueueKind::Order),
            "question" | "q" | "clarify" => Some(QueueKind::Question),
            "reply" | "r" => Some(QueueKind::Reply),
            "topic" | "new" => Some(QueueKind::Topic),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub who: String,
    pub kind: QueueKind,
    pub topic: Option<String>,
    pub joined: DateTime<Utc>,
}

/// Whoever has the floor, and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub who: String,
    pub kind: QueueKind,
    pub topic: Option<String>,
    pub turn: Stopwatch,
    pub started: DateTime<Utc>,
}

/// A finished turn at the microphone, kept for the speaking-times table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub who: String,
    pub kind: QueueKind,
    pub item: Option<usize>,
    #[serde(with = "super::saved::delta")]
    pub spent: TimeDelta,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// Always in speaking order.
    pub waiting: Vec<Request>,
    pub closed: bool,
    pub speaker: Option<Speaker>,
    /// The new topic being discussed: who opened it (a new topic given the floor) and
    /// what it is, if they said. Replies and questions that follow are about it; it
    /// lasts until another new topic has the floor or another item is taken up.
    pub current_topic: Option<(String, Option<String>)>,
}

impl Queue {
    /// Adds a request behind everyone of the same or higher priority. Refused, with the
    /// reason: the speaker (who has the floor already), the same person with the same
    /// kind of request twice, and anything but a point of order while the queue is
    /// closed. The same person with another kind (a point of order while a new topic
    /// waits) may join.
    pub fn join(&mut self, request: Request) -> Result<(), String> {
        self.join_ordered(request, &|_| false)
    }

    /// `join`, with `spoken` saying who already spoke on the item: a request of someone
    /// who has not goes ahead of those of its kind whose people have
    /// (`queue_order = "first-time-first"`; `join` is `spoken` always false).
    pub fn join_ordered(
        &mut self,
        request: Request,
        spoken: &dyn Fn(&str) -> bool,
    ) -> Result<(), String> {
        if self.speaker.as_ref().is_some_and(|s| s.who == request.who) {
            return Err(format!(
                "{} has the floor: not queued while speaking",
                request.who
            ));
        }
        if let Some(at) = self
            .waiting
            .iter()
            .position(|r| r.who == request.who && r.kind == request.kind)
        {
            return Err(format!(
                "{} is already queued ({}, {}): not queued twice",
                request.who,
                request.kind.word(),
                crate::said::ordinal(at + 1)
            ));
        }
        if self.closed && request.kind != QueueKind::Order {
            return Err(format!(
                "the queue is closed: only points of order may join (q open reopens it); {} \
                 was not queued",
                request.who
            ));
        }
        self.place(request, spoken);
        Ok(())
    }

    /// Inserts a request where its kind (and `spoken`, see `join_ordered`) puts it.
    fn place(&mut self, request: Request, spoken: &dyn Fn(&str) -> bool) -> usize {
        let first_time = !spoken(&request.who);
        let at = self
            .waiting
            .iter()
            .position(|r| {
                r.kind > request.kind || (first_time && r.kind == request.kind && spoken(&r.who))
            })
            .unwrap_or(self.waiting.len());
        self.waiting.insert(at, request);
        at
    }

    /// Where `who`'s request of `kind` is, or why it is not there.
    pub fn find(&self, who: &str, kind: QueueKind) -> Result<usize, String> {
        self.waiting
            .iter()
            .position(|r| r.who == who && r.kind == kind)
            .ok_or_else(|| format!("{who} has no {} in the queue", kind.describe()))
    }

    /// Takes `who`'s request of `kind` out of the queue.
    pub fn remove(&mut self, who: &str, kind: QueueKind) -> Result<Request, String> {
        let at = self.find(who, kind)?;
        Ok(self.waiting.remove(at))
    }

    /// Moves `who`'s request of `kind` to position `to` (from 1). The kinds keep their
    /// priority: a request moves only among those of its own kind.
    pub fn move_to(&mut self, who: &str, kind: QueueKind, to: usize) -> Result<(), String> {
        let at = self.find(who, kind)?;
        let first = self
            .waiting
            .iter()
            .position(|r| r.kind == kind)
            .unwrap_or(at);
        let last = self
            .waiting
            .iter()
            .rposition(|r| r.kind == kind)
            .unwrap_or(at);
        let to = to.wrapping_sub(1);
        if to < first || to == usize::MAX {
            return Err(format!(
                "{who}'s {} is the first {} in the queue: it moves up only by changing its \
                 kind",
                kind.word(),
                kind.word()
            ));
        }
        if to > last && to != usize::MAX {
            return Err(format!(
                "{who}'s {} is the last {} in the queue: it moves down only by changing its \
                 kind",
                kind.word(),
                kind.word()
            ));
        }
        let r = self.waiting.remove(at);
        self.waiting.insert(to, r);
        Ok(())
    }

    /// Changes the kind of `who`'s request of `from` to `to`; it goes where a request of
    /// that kind joining now would (keeping its time of joining). Refused when `who` has
    /// a request of `to` already.
    pub fn change_kind(
        &mut self,
        who: &str,
        from: QueueKind,
        to: QueueKind,
        spoken: &dyn Fn(&str) -> bool,
    ) -> Result<usize, String> {
        let at = self.find(who, from)?;
        if from == to {
            return Err(format!("{who}'s request is a {} already", to.describe()));
        }
        if self.waiting.iter().any(|r| r.who == who && r.kind == to) {
            return Err(format!(
                "{who} is already queued with a {}: not queued twice",
                to.describe()
            ));
        }
        let mut r = self.waiting.remove(at);
        r.kind = to;
        Ok(self.place(r, spoken))
    }

    /// Gives the floor to `who`'s request of `kind`, taken out of the queue.
    pub fn floor(
        &mut self,
        who: &str,
        kind: QueueKind,
        at: DateTime<Utc>,
        running: bool,
    ) -> Result<(), String> {
        let r = self.remove(who, kind)?;
        self.give_floor(r, at, running);
        Ok(())
    }

    /// Removes every request of `who`.
    pub fn leave(&mut self, who: &str) -> Result<(), String> {
        let before = self.waiting.len();
        self.waiting.retain(|r| r.who != who);
        if self.waiting.len() < before {
            Ok(())
        } else if self.speaker.as_ref().is_some_and(|s| s.who == who) {
            Err(format!(
                "{who} has the floor and is not in the queue (Space ends the turn)"
            ))
        } else {
            Err(format!("{who} is not in the queue"))
        }
    }

    /// Ends the current turn, if any, returning it.
    pub fn end_turn(&mut self, at: DateTime<Utc>) -> Option<(Speaker, TimeDelta)> {
        let mut s = self.speaker.take()?;
        s.turn.stop(at);
        let spent = s.turn.elapsed(at);
        Some((s, spent))
    }

    /// Gives the floor to the head of the queue (or to nobody when it is empty).
    pub fn next(&mut self, at: DateTime<Utc>, running: bool) {
        if self.waiting.is_empty() {
            return;
        }
        let r = self.waiting.remove(0);
        self.give_floor(r, at, running);
    }

    /// Gives the floor to `who` now: their first request is taken out of the queue.
    pub fn ack(&mut self, who: &str, at: DateTime<Utc>, running: bool) {
        let request = match self.waiting.iter().position(|r| r.who == who) {
            Some(i) => self.waiting.remove(i),
            None => Request {
                who: who.to_string(),
                kind: QueueKind::Topic,
                topic: None,
                joined: at,
            },
        };
        self.give_floor(request, at, running);
    }

    fn give_floor(&mut self, r: Request, at: DateTime<Utc>, running: bool) {
        if r.kind == QueueKind::Topic {
            self.current_topic = Some((r.who.clone(), r.topic.clone()));
        }
        let mut turn = Stopwatch::default();
        if running {
            turn.start(at);
        }
        self.speaker = Some(Speaker {
            who: r.who,
            kind: r.kind,
            topic: r.topic,
            turn,
            started: at,
        });
    }

    /// `who` speaks next and last: everyone else is taken off and the queue closes.
    /// When `who` already has the floor, this turn is the last: nobody stays queued.
    pub fn last_word(&mut self, who: &str, at: DateTime<Utc>) {
        self.closed = true;
        if self.speaker.as_ref().is_some_and(|s| s.who == who) {
            self.waiting.clear();
            return;
        }
        let kept = self.waiting.iter().find(|r| r.who == who).cloned();
        self.waiting = vec![kept.unwrap_or(Request {
            who: who.to_string(),
            kind: QueueKind::Topic,
            topic: None,
            joined: at,
        })];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    fn req(who: &str, kind: QueueKind, s: i64) -> Request {
        Request {
            who: who.into(),
            kind,
            topic: None,
            joined: t(s),
        }
    }

    fn order(q: &Queue) -> Vec<&str> {
        q.waiting.iter().map(|r| r.who.as_str()).collect()
    }

    #[test]
    fn priority_then_first_come_first_served() {
        let mut q = Queue::default();
        q.join(req("A", QueueKind::Topic, 0)).unwrap();
        q.join(req("B", QueueKind::Reply, 1)).unwrap();
        q.join(req("C", QueueKind::Topic, 2)).unwrap();
        q.join(req("D", QueueKind::Question, 3)).unwrap();
        q.join(req("E", QueueKind::Order, 4)).unwrap();
        q.join(req("F", QueueKind::Reply, 5)).unwrap();
        q.join(req("G", QueueKind::Order, 6)).unwrap();
        assert_eq!(order(&q), vec!["E", "G", "D", "B", "F", "A", "C"]);
    }

    #[test]
    fn a_closed_queue_takes_only_points_of_order() {
        let mut q = Queue {
            closed: true,
            ..Queue::default()
        };
        assert!(
            q.join(req("A", QueueKind::Topic, 0))
                .unwrap_err()
                .contains("closed")
        );
        assert!(q.join(req("A", QueueKind::Reply, 0)).is_err());
        q.join(req("B", QueueKind::Order, 0)).unwrap();
        assert_eq!(order(&q), vec!["B"]);
    }

    #[test]
    fn the_same_request_twice_is_refused_but_another_kind_is_not() {
        let mut q = Queue::default();
        q.join(req("A", QueueKind::Topic, 0)).unwrap();
        assert!(
            q.join(req("A", QueueKind::Topic, 1))
                .unwrap_err()
                .contains("already queued")
        );
        q.join(req("A", QueueKind::Reply, 1)).unwrap();
        assert_eq!(order(&q), vec!["A", "A"]);
        q.leave("A").unwrap();
        assert!(q.waiting.is_empty());
        assert!(q.leave("A").is_err());
    }

    #[test]
    fn next_ack_and_last_word() {
        let mut q = Queue::default();
        for (i, w) in ["A", "B", "C"].iter().enumerate() {
            q.join(req(w, QueueKind::Topic, i as i64)).unwrap();
        }
        q.next(t(10), true);
        assert_eq!(q.speaker.as_ref().unwrap().who, "A");
        q.ack("C", t(20), true);
        assert_eq!(q.speaker.as_ref().unwrap().who, "C");
        assert_eq!(order(&q), vec!["B"]);
        q.last_word("Z", t(30));
        assert_eq!(order(&q), vec!["Z"]);
        assert!(q.closed);
        let (s, spent) = q.end_turn(t(50)).unwrap();
        assert_eq!((s.who.as_str(), spent), ("C", TimeDelta::seconds(30)));
    }
}
