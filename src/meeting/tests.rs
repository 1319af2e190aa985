//! The meeting model as a moderator sees it: agenda navigation, the speaking queue,
//! undo, timers, attendance, speaking times and replay. Every time is passed in.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::agenda::{self, Agenda, ItemRef};

const AGENDA: &str = r#"
[meeting]
group = "MAG Working Group on IGF Strengthening and Strategy"
abbreviation = "WG-Strategy"
number = 51
date = 2023-02-16
start = "14:00"
duration = "60m"

[settings]
speaker_limit = "3m"
item_timebox = "10m"

[[participants]]
name = "Concettina Cassa"
short = "Titti"

[[participants]]
name = "Raúl Echeberría"

[[participants]]
name = "Amrita Choudhury"

[[participants]]
name = "Chris Buckridge"

[[participants]]
name = "Carlos Afonso"

[[items]]
title = "Welcome and adoption of the agenda"
timebox = "5m"

[[items]]
title = "Activities of the WG Strategy for 2023"
timebox = "20m"

  [[items.subitems]]
  title = "Tech Envoy virtual meeting"
  timebox = "5m"

  [[items.subitems]]
  title = "GDC consultation"

[[items]]
title = "IGF 2023 preparations"

[[items]]
title = "AOB"
timebox = "5m"
"#;

const TITTI: &str = "Concettina Cassa";
const RAUL: &str = "Raúl Echeberría";
const AMRITA: &str = "Amrita Choudhury";
const CHRIS: &str = "Chris Buckridge";
const CARLOS: &str = "Carlos Afonso";

pub(super) fn agenda() -> Agenda {
    agenda::parse_str("wg51.toml", AGENDA).expect("the test agenda is valid")
}

fn meeting() -> Meeting {
    Meeting::new(agenda())
}

/// `s` seconds after the scheduled start, 2023-02-16 14:00 UTC.
pub(super) fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 2, 16, 14, 0, 0).unwrap() + TimeDelta::seconds(s)
}

const MIN: i64 = 60;

fn secs(s: i64) -> TimeDelta {
    TimeDelta::seconds(s)
}

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn at(m: &Meeting, label: &str) -> ItemRef {
    m.agenda.item_ref(label).unwrap()
}

#[track_caller]
fn ok(m: &mut Meeting, e: Event, s: i64) {
    if let Err(why) = m.apply(&e, t(s)) {
        panic!("{e:?} at {s}s was refused: {why}");
    }
}

#[track_caller]
fn refused(m: &mut Meeting, e: Event, s: i64) -> String {
    let before = View::of(m);
    let why = m.apply(&e, t(s)).expect_err("the event should be refused");
    assert_eq!(View::of(m), before, "a refused {e:?} changed the meeting");
    why
}

fn take(label: &str) -> Event {
    Event::TakeUp { item: label.into() }
}

fn join(who: &str, queue: QueueKind) -> Event {
    Event::Join {
        who: who.into(),
        queue,
        topic: None,
    }
}

fn leave(who: &str) -> Event {
    Event::Leave { who: who.into() }
}

fn ack(who: &str) -> Event {
    Event::Ack { who: who.into() }
}

fn last_word(who: &str) -> Event {
    Event::LastWord { who: who.into() }
}

fn present(who: &str) -> Event {
    Event::Present { who: who.into() }
}

fn absent(who: &str) -> Event {
    Event::Absent { who: who.into() }
}

fn regrets(who: &str) -> Event {
    Event::Regrets { who: who.into() }
}

fn guest(name: &str, affiliation: Option<&str>) -> Event {
    Event::Guest {
        name: name.into(),
        affiliation: affiliation.map(String::from),
    }
}

fn timebox(item: &str, d: &str) -> Event {
    Event::Timebox {
        item: item.into(),
        timebox: d.into(),
    }
}

fn waiting(m: &Meeting) -> Vec<(&str, QueueKind)> {
    m.queue
        .waiting
        .iter()
        .map(|r| (r.who.as_str(), r.kind))
        .collect()
}

fn speaker(m: &Meeting) -> Option<&str> {
    m.queue.speaker.as_ref().map(|s| s.who.as_str())
}

fn states(m: &Meeting) -> Vec<(String, State)> {
    m.agenda
        .points()
        .into_iter()
        .map(|r| (r.label(), m.state(r)))
        .collect()
}

fn expect_states(m: &Meeting, expected: &[(&str, State)]) {
    let want: Vec<(String, State)> = expected.iter().map(|(l, s)| (l.to_string(), *s)).collect();
    assert_eq!(states(m), want);
    let done = want.iter().filter(|(_, s)| *s == State::Done).count();
    assert_eq!(m.done_count(), done, "the points done, counted in one pass");
}

/// Everything an undo may touch, and the rest of what the moderator sees.
#[derive(Debug, Clone, PartialEq)]
struct View {
    queue: Queue,
    attendance: Attendance,
    current: Option<ItemRef>,
    points: Vec<(ItemRef, Point)>,
    states: Vec<(String, State)>,
    turns: Vec<Turn>,
    started: Option<DateTime<Utc>>,
    ended: Option<DateTime<Utc>>,
    paused: bool,
    speaker_limit: Option<TimeDelta>,
    notes: Vec<String>,
    next_meeting: Option<(NaiveDate, Option<chrono::NaiveTime>)>,
    /// Every point's title and whether it was added in the meeting.
    agenda: Vec<(String, bool)>,
}

impl View {
    fn of(m: &Meeting) -> View {
        View {
            queue: m.queue.clone(),
            attendance: m.attendance.clone(),
            current: m.current,
            points: m.points.clone(),
            states: states(m),
            turns: m.turns.clone(),
            started: m.started,
            ended: m.ended,
            paused: m.paused,
            speaker_limit: m.speaker_limit,
            notes: m.notes.clone(),
            next_meeting: m.next_meeting,
            agenda: m
                .agenda
                .points()
                .into_iter()
                .map(|r| {
                    let added = match r.sub {
                        None => m.agenda.items[r.item].added,
                        Some(s) => m.agenda.items[r.item].subitems[s].added,
                    };
                    (m.agenda.title_of(r).to_string(), added)
                })
                .collect(),
        }
    }
}

use QueueKind::{Order, Question, Reply, Topic};
use State::{Current, Done, Pending};

// ---------------------------------------------------------------- agenda navigation

#[test]
fn items_and_sub_items_go_from_pending_to_current_to_done() {
    let mut m = meeting();
    assert_eq!(m.current, None);
    expect_states(
        &m,
        &[
            ("1", Pending),
            ("2", Pending),
            ("2a", Pending),
            ("2b", Pending),
            ("3", Pending),
            ("4", Pending),
        ],
    );

    ok(&mut m, take("1"), 0);
    assert_eq!(m.current, Some(ItemRef::item(0)));
    expect_states(
        &m,
        &[
            ("1", Current),
            ("2", Pending),
            ("2a", Pending),
            ("2b", Pending),
            ("3", Pending),
            ("4", Pending),
        ],
    );

    ok(&mut m, take("2"), 4 * MIN);
    expect_states(
        &m,
        &[
            ("1", Done),
            ("2", Current),
            ("2a", Pending),
            ("2b", Pending),
            ("3", Pending),
            ("4", Pending),
        ],
    );

    // On a sub-item, its item is current too; the skipped sub-item 2a stays pending.
    ok(&mut m, take("2b"), 10 * MIN);
    assert_eq!(
        m.current,
        Some(ItemRef {
            item: 1,
            sub: Some(1)
        })
    );
    expect_states(
        &m,
        &[
            ("1", Done),
            ("2", Current),
            ("2a", Pending),
            ("2b", Current),
            ("3", Pending),
            ("4", Pending),
        ],
    );

    // Back to item 1: it is current again, item 2 and 2b are done.
    ok(&mut m, take("1"), 15 * MIN);
    expect_states(
        &m,
        &[
            ("1", Current),
            ("2", Done),
            ("2a", Pending),
            ("2b", Done),
            ("3", Pending),
            ("4", Pending),
        ],
    );

    ok(&mut m, Event::Close, 17 * MIN);
    assert_eq!(m.current, None);
    expect_states(
        &m,
        &[
            ("1", Done),
            ("2", Done),
            ("2a", Pending),
            ("2b", Done),
            ("3", Pending),
            ("4", Pending),
        ],
    );
    assert!(m.taken_up(at(&m, "2")));
    assert!(!m.taken_up(at(&m, "2a")));
    assert!(!m.taken_up(at(&m, "3")));

    let why = refused(&mut m, Event::Close, 18 * MIN);
    assert_eq!(why, "no item is being discussed");
}

#[test]
fn an_item_counts_the_time_of_its_sub_items_across_several_take_ups() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, take("2"), 4 * MIN);
    ok(&mut m, take("2b"), 10 * MIN);

    // While 2b runs: item 2 has its own 6 minutes plus 2b's.
    assert_eq!(m.spent(at(&m, "2b"), t(12 * MIN)), mins(2));
    assert_eq!(m.spent(at(&m, "2"), t(12 * MIN)), mins(8));
    assert_eq!(m.spent(at(&m, "1"), t(12 * MIN)), mins(4));

    ok(&mut m, take("1"), 15 * MIN);
    ok(&mut m, take("2"), 17 * MIN);
    ok(&mut m, Event::Close, 20 * MIN + 30);

    let later = t(60 * MIN);
    assert_eq!(m.spent(at(&m, "1"), later), mins(4) + mins(2));
    assert_eq!(m.spent(at(&m, "2b"), later), mins(5));
    assert_eq!(m.spent(at(&m, "2a"), later), TimeDelta::zero());
    // 4–10, 17–20:30 on item 2 itself, plus 5 minutes on 2b.
    assert_eq!(
        m.spent(at(&m, "2"), later),
        mins(6) + secs(3 * MIN + 30) + mins(5)
    );
    assert_eq!(m.spent(at(&m, "3"), later), TimeDelta::zero());
    // Nothing runs after the close.
    assert_eq!(
        m.spent(at(&m, "2"), t(90 * MIN)),
        m.spent(at(&m, "2"), later)
    );
}

#[test]
fn a_bad_item_label_is_refused_and_changes_nothing() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, Event::NextSpeaker, 20);
    ok(&mut m, join(AMRITA, Topic), 30);

    assert_eq!(
        refused(&mut m, take("5"), 40),
        "there is no item 5: the agenda has items 1 to 4"
    );
    assert_eq!(
        refused(&mut m, take("0"), 40),
        "there is no item 0: the agenda has items 1 to 4"
    );
    assert_eq!(
        refused(&mut m, take("2c"), 40),
        "there is no item 2c: item 2 has sub-items 2a to 2b"
    );
    assert_eq!(refused(&mut m, take("1a"), 40), "item 1 has no sub-items");
    let mut one = meeting();
    let sub = Event::AddItem {
        title: "Only one".into(),
        timebox: None,
        under: Some(1),
    };
    ok(&mut one, sub, 0);
    assert_eq!(
        refused(&mut one, take("1b"), 1),
        "there is no item 1b: item 1 has one sub-item, 1a"
    );
    assert!(refused(&mut m, take("two"), 40).contains("expected an item number"));
    assert!(refused(&mut m, take(""), 40).contains("expected an item number"));
    assert!(refused(&mut m, timebox("7", "5m"), 40).contains("there is no item 7"));

    // Refusals leave no undo step behind: undo takes back the last join.
    ok(&mut m, Event::Undo, 50);
    assert_eq!(waiting(&m), vec![]);
    assert_eq!(speaker(&m), Some(RAUL));
}

#[test]
fn taking_up_the_current_item_again_is_refused_and_keeps_the_queue() {
    let mut m = meeting();
    ok(&mut m, take("2"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, Event::NextSpeaker, 20);
    ok(&mut m, join(AMRITA, Topic), 30);
    assert_eq!(
        refused(&mut m, take("2"), 40),
        "item 2 is already being discussed"
    );
    assert_eq!(speaker(&m), Some(RAUL));
    assert_eq!(waiting(&m), vec![(AMRITA, Topic)]);
    // Its sub-item is another point: that is a real take-up.
    ok(&mut m, take("2a"), 50);
    assert_eq!(speaker(&m), None);
    assert_eq!(
        refused(&mut m, take("2A"), 60),
        "item 2a is already being discussed"
    );
}

// ---------------------------------------------------------------- the speaking queue

#[test]
fn the_queue_orders_by_kind_then_by_arrival() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(CARLOS, Topic), 1);
    ok(&mut m, join(RAUL, Reply), 2);
    ok(&mut m, join(AMRITA, Topic), 3);
    ok(&mut m, join(CHRIS, Question), 4);
    ok(&mut m, join(TITTI, Order), 5);
    ok(&mut m, join(CARLOS, Reply), 6);
    ok(&mut m, join(AMRITA, Question), 7);
    assert_eq!(
        waiting(&m),
        vec![
            (TITTI, Order),
            (CHRIS, Question),
            (AMRITA, Question),
            (RAUL, Reply),
            (CARLOS, Reply),
            (CARLOS, Topic),
            (AMRITA, Topic),
        ]
    );
    // The same request twice is refused.
    assert_eq!(
        refused(&mut m, join(RAUL, Reply), 8),
        "Raúl Echeberría is already queued (reply, 4th): not queued twice"
    );

    let mut spoke = Vec::new();
    for s in 0..7 {
        ok(&mut m, Event::NextSpeaker, 10 + s);
        let sp = m.queue.speaker.as_ref().unwrap();
        spoke.push((sp.who.clone(), sp.kind));
    }
    let spoke: Vec<(&str, QueueKind)> = spoke.iter().map(|(w, k)| (w.as_str(), *k)).collect();
    assert_eq!(
        spoke,
        vec![
            (TITTI, Order),
            (CHRIS, Question),
            (AMRITA, Question),
            (RAUL, Reply),
            (CARLOS, Reply),
            (CARLOS, Topic),
            (AMRITA, Topic),
        ]
    );
    assert!(m.queue.waiting.is_empty());
}

#[test]
fn a_topic_goes_with_the_request_to_the_microphone() {
    let mut m = meeting();
    ok(&mut m, take("3"), 0);
    let e = Event::Join {
        who: RAUL.into(),
        queue: Reply,
        topic: Some("funding of the IGF".into()),
    };
    ok(&mut m, e, 5);
    assert_eq!(
        m.queue.waiting[0].topic.as_deref(),
        Some("funding of the IGF")
    );
    assert_eq!(m.queue.waiting[0].joined, t(5));
    ok(&mut m, Event::NextSpeaker, 10);
    let s = m.queue.speaker.as_ref().unwrap();
    assert_eq!(
        (s.who.as_str(), s.kind, s.topic.as_deref()),
        (RAUL, Reply, Some("funding of the IGF"))
    );
    assert_eq!(s.started, t(10));
}

#[test]
fn leaving_takes_every_request_of_that_person_off() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Topic), 2);
    ok(&mut m, join(RAUL, Question), 3);
    ok(&mut m, leave(RAUL), 4);
    assert_eq!(waiting(&m), vec![(AMRITA, Topic)]);
    assert_eq!(
        refused(&mut m, leave(RAUL), 5),
        "Raúl Echeberría is not in the queue"
    );
    // The speaker is not in the queue either, and is told how the turn ends.
    ok(&mut m, Event::NextSpeaker, 6);
    assert_eq!(
        refused(&mut m, leave(AMRITA), 7),
        "Amrita Choudhury has the floor and is not in the queue (Space ends the turn)"
    );
}

#[test]
fn ack_gives_the_floor_now_to_anyone() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Topic), 2);
    ok(&mut m, join(CHRIS, Topic), 3);

    // Someone from the middle of the queue.
    ok(&mut m, ack(AMRITA), 10);
    assert_eq!(speaker(&m), Some(AMRITA));
    assert_eq!(waiting(&m), vec![(RAUL, Topic), (CHRIS, Topic)]);
    assert_eq!(m.turn(t(40)), Some(secs(30)));

    // Someone not queued at all: Amrita's turn ends and is recorded.
    ok(&mut m, ack(TITTI), 70);
    assert_eq!(speaker(&m), Some(TITTI));
    assert_eq!(m.queue.speaker.as_ref().unwrap().kind, Topic);
    assert_eq!(waiting(&m), vec![(RAUL, Topic), (CHRIS, Topic)]);
    assert_eq!(
        m.turns,
        vec![Turn {
            who: AMRITA.into(),
            kind: Topic,
            item: Some(0),
            spent: secs(60)
        }]
    );
}

#[test]
fn the_speaker_is_not_queued_or_given_the_floor_again_and_duplicates_are_refused() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Question), 2);
    ok(&mut m, join(CHRIS, Question), 3);
    ok(&mut m, Event::NextSpeaker, 4);
    assert_eq!(speaker(&m), Some(AMRITA));
    let before = (m.turns.len(), m.to_undo().cloned());
    // Whatever the kind, the person speaking is not queued while speaking.
    for kind in [Topic, Reply, Question, Order] {
        assert_eq!(
            refused(&mut m, join(AMRITA, kind), 5),
            "Amrita Choudhury has the floor: not queued while speaking"
        );
    }
    assert_eq!(
        refused(&mut m, ack(AMRITA), 6),
        "Amrita Choudhury has the floor already"
    );
    // The same person with the same kind, with where they are.
    assert_eq!(
        refused(&mut m, join(RAUL, Topic), 7),
        "Raúl Echeberría is already queued (topic, 2nd): not queued twice"
    );
    assert_eq!(
        refused(&mut m, join(CHRIS, Question), 7),
        "Chris Buckridge is already queued (question, 1st): not queued twice"
    );
    // Nothing changed, undo included.
    assert_eq!((m.turns.len(), m.to_undo().cloned()), before);
    // Another kind for the same person is a new request.
    ok(&mut m, join(RAUL, Order), 8);
    assert_eq!(
        waiting(&m),
        vec![(RAUL, Order), (CHRIS, Question), (RAUL, Topic)]
    );
    // A journal holding the refused events replays to the same meeting.
    let records: Vec<Record> = [
        take("1"),
        join(RAUL, Topic),
        join(AMRITA, Question),
        Event::NextSpeaker,
        join(AMRITA, Topic),
        join(RAUL, Topic),
        ack(AMRITA),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, e)| record(i as i64, e))
    .collect();
    let (r, skipped) = Meeting::replay(agenda(), &records);
    assert_eq!(skipped.len(), 3);
    assert_eq!(speaker(&r), Some(AMRITA));
    assert_eq!(waiting(&r), vec![(RAUL, Topic)]);
}

#[test]
fn undo_knows_the_event_it_takes_back() {
    let mut m = meeting();
    assert_eq!(m.to_undo(), None);
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    // Not undoable: not what undo would take back.
    ok(&mut m, Event::Pause, 2);
    assert_eq!(m.to_undo(), Some(&join(RAUL, Topic)));
    ok(&mut m, Event::Undo, 3);
    assert_eq!(m.to_undo(), Some(&take("1")));
    ok(&mut m, Event::Undo, 4);
    assert_eq!(m.to_undo(), None);
}

#[test]
fn next_speaker_ends_the_turn_and_records_it() {
    let mut m = meeting();
    ok(&mut m, take("2"), 0);
    assert_eq!(
        refused(&mut m, Event::NextSpeaker, 5),
        "nobody is speaking and the queue is empty"
    );
    ok(&mut m, join(RAUL, Topic), 5);
    ok(&mut m, join(AMRITA, Question), 6);
    ok(&mut m, Event::NextSpeaker, 10);
    assert_eq!(speaker(&m), Some(AMRITA));
    assert_eq!(m.turn(t(10)), Some(TimeDelta::zero()));
    assert!(m.turns.is_empty());

    ok(&mut m, Event::NextSpeaker, 100);
    assert_eq!(speaker(&m), Some(RAUL));
    assert_eq!(
        m.turns,
        vec![Turn {
            who: AMRITA.into(),
            kind: Question,
            item: Some(1),
            spent: secs(90)
        }]
    );

    // The last speaker done, nobody has the floor.
    ok(&mut m, Event::NextSpeaker, 130);
    assert_eq!(speaker(&m), None);
    assert_eq!(m.turn(t(200)), None);
    assert_eq!(
        m.turns[1],
        Turn {
            who: RAUL.into(),
            kind: Topic,
            item: Some(1),
            spent: secs(30)
        }
    );
    assert_eq!(
        refused(&mut m, Event::NextSpeaker, 140),
        "nobody is speaking and the queue is empty"
    );
}

#[test]
fn a_closed_queue_takes_only_points_of_order_until_reopened() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, Event::CloseQueue, 2);
    assert!(m.queue.closed);
    assert_eq!(
        refused(&mut m, Event::CloseQueue, 3),
        "the queue is already closed"
    );
    let why = refused(&mut m, join(AMRITA, Topic), 3);
    assert_eq!(
        why,
        "the queue is closed: only points of order may join (q open reopens it); Amrita Choudhury \
         was not queued"
    );
    refused(&mut m, join(AMRITA, Reply), 3);
    refused(&mut m, join(AMRITA, Question), 3);
    ok(&mut m, join(CHRIS, Order), 4);
    assert_eq!(waiting(&m), vec![(CHRIS, Order), (RAUL, Topic)]);

    ok(&mut m, Event::OpenQueue, 5);
    assert!(!m.queue.closed);
    assert_eq!(
        refused(&mut m, Event::OpenQueue, 6),
        "the queue is already open"
    );
    ok(&mut m, join(AMRITA, Topic), 6);
    assert_eq!(
        waiting(&m),
        vec![(CHRIS, Order), (RAUL, Topic), (AMRITA, Topic)]
    );
}

#[test]
fn last_word_clears_the_queue_but_that_person_and_closes_it() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Reply), 2);
    ok(&mut m, join(CHRIS, Question), 3);
    ok(&mut m, join(TITTI, Order), 4);
    ok(&mut m, Event::NextSpeaker, 5);
    assert_eq!(speaker(&m), Some(TITTI));

    ok(&mut m, last_word(AMRITA), 10);
    assert_eq!(waiting(&m), vec![(AMRITA, Reply)]);
    assert!(m.queue.closed);
    // The current speaker keeps the floor.
    assert_eq!(speaker(&m), Some(TITTI));
    refused(&mut m, join(RAUL, Topic), 11);

    ok(&mut m, Event::NextSpeaker, 20);
    assert_eq!(speaker(&m), Some(AMRITA));
    assert!(m.queue.waiting.is_empty());

    // Someone who was not queued gets the last word all the same.
    ok(&mut m, Event::OpenQueue, 30);
    ok(&mut m, join(RAUL, Topic), 31);
    ok(&mut m, last_word(CARLOS), 32);
    assert_eq!(waiting(&m), vec![(CARLOS, Topic)]);
    assert_eq!(m.queue.waiting[0].joined, t(32));
    assert!(m.queue.closed);
}

#[test]
fn last_word_to_the_current_speaker_leaves_nobody_queued() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Topic), 2);
    ok(&mut m, Event::NextSpeaker, 3);
    ok(&mut m, last_word(RAUL), 10);
    assert_eq!(speaker(&m), Some(RAUL));
    assert_eq!(waiting(&m), vec![]);
    assert!(m.queue.closed);
    // When Raúl is done, nobody gets the floor: not Raúl a second time.
    ok(&mut m, Event::NextSpeaker, 60);
    assert_eq!(speaker(&m), None);
    assert_eq!(m.turns.len(), 1);
}

#[test]
fn taking_up_a_new_item_empties_and_reopens_the_queue_and_ends_the_turn() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, join(AMRITA, Topic), 20);
    ok(&mut m, join(CHRIS, Reply), 30);
    ok(&mut m, Event::NextSpeaker, MIN);
    ok(&mut m, Event::CloseQueue, 2 * MIN);

    ok(&mut m, take("2"), 3 * MIN);
    assert_eq!(speaker(&m), None);
    assert_eq!(waiting(&m), vec![]);
    assert!(!m.queue.closed);
    // The turn is recorded against the item it was spoken on.
    assert_eq!(
        m.turns,
        vec![Turn {
            who: CHRIS.into(),
            kind: Reply,
            item: Some(0),
            spent: mins(2)
        }]
    );

    // Closing the agenda ends the turn too.
    ok(&mut m, join(RAUL, Topic), 4 * MIN);
    ok(&mut m, Event::NextSpeaker, 4 * MIN);
    ok(&mut m, Event::Close, 5 * MIN);
    assert_eq!(speaker(&m), None);
    assert_eq!(
        m.turns[1],
        Turn {
            who: RAUL.into(),
            kind: Topic,
            item: Some(1),
            spent: mins(1)
        }
    );
}

// ---------------------------------------------------------------- undo

/// A meeting under way: item 1, attendance taken, Chris has spoken, Raúl speaking,
/// Amrita and Carlos queued.
fn under_way() -> Meeting {
    let mut m = meeting();
    ok(&mut m, present(TITTI), 0);
    ok(&mut m, guest("Jane Doe", Some("ICANN")), 0);
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, join(AMRITA, Topic), 20);
    ok(&mut m, join(CHRIS, Reply), 30);
    ok(&mut m, join(CARLOS, Topic), 40);
    ok(&mut m, Event::NextSpeaker, MIN);
    ok(&mut m, Event::NextSpeaker, 2 * MIN);
    assert_eq!(speaker(&m), Some(RAUL));
    assert_eq!(waiting(&m), vec![(AMRITA, Topic), (CARLOS, Topic)]);
    m
}

#[test]
fn one_undo_restores_exactly_the_state_before_each_kind_of_event() {
    let events = [
        join(CARLOS, Question),
        join(TITTI, Order),
        leave(AMRITA),
        leave(CARLOS),
        Event::NextSpeaker,
        ack(CARLOS),
        ack(TITTI),
        take("2"),
        take("2b"),
        Event::Close,
        present(RAUL),
        present("Anriette Esterhuysen"),
        absent(TITTI),
        regrets(CARLOS),
        regrets(TITTI),
        guest("Jane Doe", Some("ISOC")),
        guest("Bertrand de La Chapelle", None),
        timebox("1", "8m"),
        timebox("3", "15m"),
        Event::CloseQueue,
        last_word(CARLOS),
        last_word(TITTI),
        last_word(RAUL),
    ];
    for e in events {
        let mut m = under_way();
        let before = View::of(&m);
        let undo_steps = m.undo.len();
        ok(&mut m, e.clone(), 3 * MIN);
        assert_ne!(View::of(&m), before, "{e:?} changed nothing");
        ok(&mut m, Event::Undo, 4 * MIN);
        assert_eq!(View::of(&m), before, "undo of {e:?}");
        assert_eq!(m.undo.len(), undo_steps);
    }

    // Opening a closed queue, likewise.
    let mut m = under_way();
    ok(&mut m, Event::CloseQueue, 3 * MIN);
    let before = View::of(&m);
    ok(&mut m, Event::OpenQueue, 4 * MIN);
    ok(&mut m, Event::Undo, 5 * MIN);
    assert_eq!(View::of(&m), before);
}

#[test]
fn undo_steps_back_one_event_at_a_time() {
    let mut m = meeting();
    let mut views = vec![View::of(&m)];
    let events = [
        take("1"),
        join(RAUL, Topic),
        present(RAUL),
        join(AMRITA, Reply),
        Event::NextSpeaker,
        take("2"),
    ];
    for (i, e) in events.into_iter().enumerate() {
        ok(&mut m, e, 10 * i as i64);
        views.push(View::of(&m));
    }
    views.pop();
    while let Some(v) = views.pop() {
        ok(&mut m, Event::Undo, 100);
        assert_eq!(View::of(&m), v);
    }
    assert_eq!(refused(&mut m, Event::Undo, 100), "nothing to undo");
}

#[test]
fn an_accidental_double_next_skips_nobody_for_good() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    for (i, who) in [RAUL, AMRITA, CHRIS].iter().enumerate() {
        ok(&mut m, join(who, Topic), i as i64);
    }
    ok(&mut m, Event::NextSpeaker, 10);
    ok(&mut m, Event::NextSpeaker, 70);
    assert_eq!(speaker(&m), Some(AMRITA));
    ok(&mut m, Event::NextSpeaker, 72); // a slip of the finger: Amrita is cut off
    assert_eq!(speaker(&m), Some(CHRIS));

    ok(&mut m, Event::Undo, 75);
    assert_eq!(speaker(&m), Some(AMRITA));
    assert_eq!(waiting(&m), vec![(CHRIS, Topic)]);
    // Her turn runs on as if never interrupted.
    assert_eq!(m.turn(t(100)), Some(secs(30)));
    assert_eq!(m.turns.len(), 1);

    ok(&mut m, Event::NextSpeaker, 130);
    ok(&mut m, Event::NextSpeaker, 150);
    let spoken: Vec<(&str, TimeDelta)> =
        m.turns.iter().map(|t| (t.who.as_str(), t.spent)).collect();
    assert_eq!(
        spoken,
        vec![(RAUL, secs(60)), (AMRITA, secs(60)), (CHRIS, secs(20))]
    );
}

#[test]
fn undoing_a_take_up_lets_the_previous_item_run_on() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 30);
    ok(&mut m, take("2"), 5 * MIN);
    ok(&mut m, Event::Undo, 6 * MIN);

    assert_eq!(m.current, Some(ItemRef::item(0)));
    assert_eq!(m.state(at(&m, "2")), Pending);
    assert!(!m.taken_up(at(&m, "2")));
    assert_eq!(waiting(&m), vec![(RAUL, Topic)]);
    // Item 1 was never stopped: 7 minutes at 14:07; item 2 has had no time.
    assert_eq!(m.spent(at(&m, "1"), t(7 * MIN)), mins(7));
    assert_eq!(m.spent(at(&m, "2"), t(7 * MIN)), TimeDelta::zero());
    // And the projection counts item 2 as still to come: 0 left of 1, 20 + 10 + 5.
    assert_eq!(m.projected_end(t(7 * MIN)), t(42 * MIN));
}

#[test]
fn undoing_the_first_take_up_stops_the_meeting_clock() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    assert_eq!(m.elapsed(t(MIN)), mins(1));
    ok(&mut m, Event::Undo, MIN);
    assert_eq!(m.started, None);
    assert_eq!(m.elapsed(t(10 * MIN)), TimeDelta::zero());
    ok(&mut m, take("1"), 10 * MIN);
    assert_eq!(m.elapsed(t(15 * MIN)), mins(5));
}

#[test]
fn undo_with_nothing_to_undo_is_an_error() {
    let mut m = meeting();
    assert_eq!(refused(&mut m, Event::Undo, 0), "nothing to undo");
    ok(&mut m, join(RAUL, Topic), 0);
    ok(&mut m, Event::Undo, 1);
    assert_eq!(refused(&mut m, Event::Undo, 2), "nothing to undo");
}

#[test]
fn notes_pauses_and_settings_are_not_undone() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, Event::Pause, 20);
    ok(
        &mut m,
        Event::Notes {
            item: 1,
            text: "Agenda adopted.".into(),
        },
        30,
    );
    let next = NaiveDate::from_ymd_opt(2023, 3, 2).unwrap();
    ok(
        &mut m,
        Event::NextMeeting {
            date: next,
            time: None,
        },
        40,
    );
    ok(&mut m, Event::SpeakerLimit { limit: "2m".into() }, 45);
    ok(
        &mut m,
        Event::ReportWritten {
            path: "/drive/report.md".into(),
        },
        46,
    );

    ok(&mut m, Event::Undo, 50);
    // The join was undone ...
    assert_eq!(waiting(&m), vec![]);
    // ... and nothing since.
    assert!(m.paused);
    assert_eq!(m.notes[0], "Agenda adopted.");
    assert_eq!(m.next_meeting, Some((next, None)));
    assert_eq!(m.speaker_limit, Some(mins(2)));
    assert_eq!(m.report_written.as_deref(), Some("/drive/report.md"));
    // The pause holds: the item stopped at 20s and does not run while paused.
    assert_eq!(m.spent(at(&m, "1"), t(100)), secs(20));
    ok(&mut m, Event::Resume, 100);
    assert_eq!(m.spent(at(&m, "1"), t(160)), secs(80));

    // The take-up before it is the next undo; then nothing is left.
    ok(&mut m, Event::Undo, 170);
    assert_eq!(m.current, None);
    assert_eq!(refused(&mut m, Event::Undo, 180), "nothing to undo");
    assert_eq!(m.notes[0], "Agenda adopted.");
}

#[test]
fn undo_after_a_resume_keeps_the_clocks_running() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 5);
    ok(&mut m, Event::NextSpeaker, 10);
    ok(&mut m, Event::Pause, 20);
    ok(&mut m, join(AMRITA, Topic), 30); // queued during the pause
    ok(&mut m, Event::Resume, 80);
    ok(&mut m, Event::Undo, 90);
    assert_eq!(waiting(&m), vec![]);
    assert!(!m.paused);
    // Both clocks run again from the resume: item 20s + 40s, Raúl 10s + 40s.
    assert_eq!(m.spent(at(&m, "1"), t(120)), secs(60));
    assert_eq!(m.turn(t(120)), Some(secs(50)));
}

#[test]
fn undoing_a_take_up_made_during_a_pause_pauses_again() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, Event::Pause, MIN);
    ok(&mut m, take("2"), 2 * MIN); // taking up an item ends the pause
    assert!(!m.paused);
    ok(&mut m, Event::Undo, 3 * MIN);
    assert!(m.paused);
    assert_eq!(m.current, Some(ItemRef::item(0)));
    assert_eq!(m.spent(at(&m, "1"), t(10 * MIN)), mins(1));
    ok(&mut m, Event::Resume, 10 * MIN);
    assert_eq!(m.spent(at(&m, "1"), t(11 * MIN)), mins(2));
}

// ---------------------------------------------------------------- timers

#[test]
fn pause_stops_the_item_and_speaker_clocks_and_resume_restarts_them() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 5);
    ok(&mut m, Event::NextSpeaker, 10);
    ok(&mut m, Event::Pause, 70);
    assert!(m.paused);
    assert_eq!(
        refused(&mut m, Event::Pause, 80),
        "the timers are already paused"
    );
    assert_eq!(m.spent(at(&m, "1"), t(500)), secs(70));
    assert_eq!(m.turn(t(500)), Some(secs(60)));

    ok(&mut m, Event::Resume, 100);
    assert!(!m.paused);
    assert_eq!(
        refused(&mut m, Event::Resume, 110),
        "the timers are not paused"
    );
    assert_eq!(m.spent(at(&m, "1"), t(130)), secs(100));
    assert_eq!(m.turn(t(130)), Some(secs(90)));

    // A speaker given the floor during a pause starts at zero when the pause ends.
    ok(&mut m, join(AMRITA, Topic), 140);
    ok(&mut m, Event::Pause, 150);
    ok(&mut m, Event::NextSpeaker, 160);
    // Raúl spoke 10–70 and 100–150.
    assert_eq!(m.turns.last().unwrap().spent, secs(110));
    assert_eq!(m.turn(t(300)), Some(TimeDelta::zero()));
    ok(&mut m, Event::Resume, 300);
    assert_eq!(m.turn(t(330)), Some(secs(30)));

    // Taking up an item is the chair saying "we are back".
    ok(&mut m, Event::Pause, 400);
    ok(&mut m, take("2"), 500);
    assert!(!m.paused);
    assert_eq!(m.spent(at(&m, "2"), t(560)), secs(60));
    // Item 1 ran 0–70, 100–150 and 300–400.
    assert_eq!(m.spent(at(&m, "1"), t(560)), secs(220));
}

#[test]
fn the_meeting_clock_is_wall_clock_from_the_first_take_up() {
    let mut m = meeting();
    assert_eq!(m.elapsed(t(5 * MIN)), TimeDelta::zero());
    ok(&mut m, present(RAUL), MIN);
    assert_eq!(m.elapsed(t(5 * MIN)), TimeDelta::zero());
    ok(&mut m, take("1"), 2 * MIN);
    assert_eq!(m.started, Some(t(2 * MIN)));
    ok(&mut m, Event::Pause, 5 * MIN);
    ok(&mut m, Event::Resume, 8 * MIN);
    ok(&mut m, take("2"), 9 * MIN);
    assert_eq!(m.elapsed(t(10 * MIN)), mins(8));
    ok(&mut m, Event::Close, 30 * MIN);
    assert_eq!(m.elapsed(t(40 * MIN)), mins(38));
    // A clock set back before the start gives zero, not a negative time.
    assert_eq!(m.elapsed(t(0)), TimeDelta::zero());
    assert_eq!(m.scheduled(), (t(0), Some(t(60 * MIN))));
}

#[test]
fn projected_end_adds_what_is_left_of_the_current_item_to_the_items_to_come() {
    let mut m = meeting();
    // Nothing taken up: 5 + 20 + 10 (the default timebox) + 5.
    assert_eq!(m.agenda.planned_total(), mins(40));
    assert_eq!(m.timebox(at(&m, "3")), Some(mins(10)));
    assert_eq!(m.projected_end(t(0)), t(40 * MIN));

    ok(&mut m, take("1"), MIN);
    // 3 of item 1's 5 minutes left, then 35.
    assert_eq!(m.projected_end(t(3 * MIN)), t(3 * MIN + 3 * MIN + 35 * MIN));
    // Past its timebox nothing is left of it, and the end slips.
    assert_eq!(m.projected_end(t(8 * MIN)), t(8 * MIN + 35 * MIN));

    // Pausing stops what item 1 uses up.
    ok(&mut m, Event::Pause, 2 * MIN);
    assert_eq!(
        m.projected_end(t(30 * MIN)),
        t(30 * MIN + 4 * MIN + 35 * MIN)
    );
    ok(&mut m, Event::Resume, 30 * MIN);

    ok(&mut m, take("2"), 33 * MIN);
    // On item 2: 18 of its 20 minutes left, then 10 + 5.
    assert_eq!(
        m.projected_end(t(35 * MIN)),
        t(35 * MIN + 18 * MIN + 15 * MIN)
    );
    // On sub-item 2a the item's timebox still counts, less all time on item 2.
    ok(&mut m, take("2a"), 36 * MIN);
    assert_eq!(
        m.projected_end(t(40 * MIN)),
        t(40 * MIN + 13 * MIN + 15 * MIN)
    );
    // 2b has no timebox of its own: item 2's is what is left.
    ok(&mut m, take("2b"), 41 * MIN);
    assert_eq!(m.timebox(at(&m, "2b")), None);
    assert_eq!(
        m.projected_end(t(42 * MIN)),
        t(42 * MIN + 11 * MIN + 15 * MIN)
    );

    // A timebox changed in the meeting counts, for the current item and those to come.
    ok(&mut m, take("3"), 45 * MIN);
    ok(&mut m, timebox("3", "15m"), 45 * MIN);
    ok(&mut m, timebox("4", "2m"), 45 * MIN);
    assert_eq!(
        m.projected_end(t(46 * MIN)),
        t(46 * MIN + 14 * MIN + 2 * MIN)
    );

    // Items passed over are not counted twice, and at the end nothing is left.
    ok(&mut m, take("4"), 50 * MIN);
    ok(&mut m, Event::Close, 52 * MIN);
    assert_eq!(m.projected_end(t(53 * MIN)), t(53 * MIN));
}

#[test]
fn timebox_and_speaker_limit_change_in_the_meeting() {
    let mut m = meeting();
    assert_eq!(m.timebox(at(&m, "1")), Some(mins(5)));
    assert_eq!(m.timebox(at(&m, "2a")), Some(mins(5)));
    assert_eq!(m.timebox(at(&m, "2b")), None);
    ok(&mut m, timebox("1", "8m"), 0);
    ok(&mut m, timebox("2b", "90s"), 0);
    ok(&mut m, timebox("3", "1h30m"), 0);
    assert_eq!(m.timebox(at(&m, "1")), Some(mins(8)));
    assert_eq!(m.timebox(at(&m, "2b")), Some(secs(90)));
    assert_eq!(m.timebox(at(&m, "3")), Some(mins(90)));
    assert_eq!(m.timebox(at(&m, "2")), Some(mins(20)));
    assert!(refused(&mut m, timebox("1", "0m"), 0).contains("longer than zero"));
    assert!(refused(&mut m, timebox("1", "ten minutes"), 0).contains("expected a duration"));
    assert!(refused(&mut m, timebox("1", "25h"), 0).contains("longer than 24h"));

    assert_eq!(m.speaker_limit, Some(mins(3)));
    ok(&mut m, Event::SpeakerLimit { limit: "2m".into() }, 0);
    assert_eq!(m.speaker_limit, Some(mins(2)));
    assert!(
        refused(
            &mut m,
            Event::SpeakerLimit {
                limit: "-1m".into()
            },
            0
        )
        .contains("negative")
    );
    assert_eq!(m.speaker_limit, Some(mins(2)));
}

#[test]
fn the_turn_is_timed_against_the_speaker_limit() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 0);
    ok(&mut m, Event::NextSpeaker, 10);
    let limit = m.speaker_limit.unwrap();
    assert_eq!(limit, mins(3));
    assert_eq!(m.turn(t(10 + 150)), Some(secs(150)));
    assert!(m.turn(t(10 + 150)).unwrap() < limit);
    assert_eq!(m.turn(t(10 + 200)), Some(secs(200)));
    assert!(m.turn(t(10 + 200)).unwrap() > limit);
    // Lowering the limit mid-turn puts Raúl over it at once.
    ok(&mut m, Event::SpeakerLimit { limit: "2m".into() }, 10 + 150);
    assert!(m.turn(t(10 + 150)).unwrap() > m.speaker_limit.unwrap());
}

// ---------------------------------------------------------------- attendance

#[test]
fn attendance_counts_presence_apologies_absence_and_guests() {
    let mut m = meeting();
    assert_eq!(
        m.attendance.counts(),
        Counts {
            unknown: 5,
            ..Counts::default()
        }
    );
    assert!(!m.attendance.taken);
    ok(&mut m, regrets(AMRITA), 0);
    assert!(!m.attendance.taken);
    ok(&mut m, present(TITTI), 0);
    assert!(m.attendance.taken);
    ok(&mut m, present(RAUL), 0);
    ok(&mut m, present(CHRIS), 0);
    ok(&mut m, absent(CHRIS), 0);
    ok(&mut m, guest("Jane Doe", Some("ICANN")), 0);
    assert_eq!(
        m.attendance.roster,
        vec![
            Presence::Present,
            Presence::Present,
            Presence::Regrets,
            Presence::Absent,
            Presence::Unknown
        ]
    );
    assert_eq!(
        m.attendance.guests,
        vec![Guest {
            name: "Jane Doe".into(),
            affiliation: Some("ICANN".into()),
            presence: Presence::Present
        }]
    );
    assert_eq!(
        m.attendance.counts(),
        Counts {
            present: 3,
            regrets: 1,
            absent: 1,
            unknown: 1,
            guests: 1
        }
    );

    // A guest who leaves is absent, and comes back with guest+.
    ok(&mut m, absent("jane doe"), 0);
    assert_eq!(
        m.attendance.counts(),
        Counts {
            present: 2,
            regrets: 1,
            absent: 2,
            unknown: 1,
            guests: 1
        }
    );
    ok(&mut m, guest("Jane Doe", None), 0);
    assert_eq!(m.attendance.guests.len(), 1);
    assert_eq!(m.attendance.guests[0].presence, Presence::Present);
    assert_eq!(m.attendance.guests[0].affiliation.as_deref(), Some("ICANN"));
    ok(&mut m, guest("JANE DOE", Some("ISOC")), 0);
    assert_eq!(m.attendance.guests.len(), 1);
    assert_eq!(m.attendance.guests[0].affiliation.as_deref(), Some("ISOC"));
}

#[test]
fn a_name_not_on_the_roster_becomes_a_guest() {
    let mut m = meeting();
    ok(&mut m, present("Anriette Esterhuysen"), 0);
    ok(&mut m, regrets("Bertrand de La Chapelle"), 0);
    assert_eq!(
        m.attendance.guests,
        vec![
            Guest {
                name: "Anriette Esterhuysen".into(),
                affiliation: None,
                presence: Presence::Present
            },
            Guest {
                name: "Bertrand de La Chapelle".into(),
                affiliation: None,
                presence: Presence::Regrets
            },
        ]
    );
    assert_eq!(
        m.attendance.counts(),
        Counts {
            present: 1,
            regrets: 1,
            absent: 0,
            unknown: 5,
            guests: 2
        }
    );
    assert_eq!(
        m.attendance
            .find(&m.agenda.participants, "anriette esterhuysen"),
        Some(Person::Guest(0))
    );
}

#[test]
fn marking_absent_a_name_nobody_knows_is_refused() {
    let mut m = meeting();
    let why = refused(&mut m, absent("Jhon Smith"), 0);
    assert_eq!(why, "Jhon Smith is neither on the roster nor a guest");
    assert!(m.attendance.guests.is_empty());
}

#[test]
fn guest_plus_for_someone_on_the_roster_is_refused() {
    let mut m = meeting();
    let why = refused(&mut m, guest("concettina CASSA", Some("Italy")), 0);
    assert_eq!(
        why,
        "Concettina Cassa is on the roster, not a guest: present+ Concettina Cassa marks them present"
    );
    let why = refused(&mut m, guest("Raul Echeberria", None), 0);
    assert_eq!(
        why,
        "Raúl Echeberría is on the roster, not a guest: present+ Raúl Echeberría marks them present"
    );
    assert!(m.attendance.guests.is_empty());
    assert!(!m.attendance.taken);
}

#[test]
fn names_match_without_regard_to_case_accents_or_spacing() {
    let mut m = meeting();
    ok(&mut m, present("raul echeberria"), 0);
    assert_eq!(m.attendance.roster[1], Presence::Present);
    ok(&mut m, regrets("RAÚL   Echeberría"), 0);
    assert_eq!(m.attendance.roster[1], Presence::Regrets);
    ok(&mut m, absent("Raul ECHEBERRIA"), 0);
    assert_eq!(m.attendance.roster[1], Presence::Absent);
    assert!(m.attendance.guests.is_empty());
    assert_eq!(
        m.attendance.find(&m.agenda.participants, "raúl echeberría"),
        Some(Person::Roster(1))
    );
    assert_eq!(m.attendance.find(&m.agenda.participants, "Raul"), None);
}

// ---------------------------------------------------------------- speaking times

#[test]
fn speaking_times_total_each_speaker_and_leave_out_points_of_order() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Topic), 2);
    ok(&mut m, Event::NextSpeaker, 10); // Raúl 10–70
    ok(&mut m, join(TITTI, Order), 20);
    ok(&mut m, Event::NextSpeaker, 70); // Titti, point of order, 70–80
    ok(&mut m, Event::NextSpeaker, 80); // Amrita 80–200, with a minute's pause
    ok(&mut m, Event::Pause, 100);
    ok(&mut m, Event::Resume, 160);
    ok(&mut m, join(RAUL, Reply), 150);
    ok(&mut m, Event::NextSpeaker, 200); // Raúl again 200–230
    ok(&mut m, take("2"), 230);
    ok(&mut m, ack(CHRIS), 240); // Chris, unqueued, still speaking

    assert_eq!(m.turns.len(), 4);
    assert_eq!(
        m.speaking_times(),
        vec![
            (RAUL.to_string(), 2, secs(90)),
            (AMRITA.to_string(), 1, secs(60))
        ]
    );
    let order: Vec<&Turn> = m.turns.iter().filter(|t| t.kind == Order).collect();
    assert_eq!(order.len(), 1);
    assert_eq!((order[0].who.as_str(), order[0].spent), (TITTI, secs(10)));

    ok(&mut m, Event::Close, 300);
    assert_eq!(m.speaking_times()[2], (CHRIS.to_string(), 1, secs(60)));
}

// ---------------------------------------------------------------- replay

fn record(s: i64, event: Event) -> Record {
    Record { at: t(s), event }
}

#[test]
fn replaying_records_gives_the_same_meeting_as_applying_them() {
    let next = NaiveDate::from_ymd_opt(2023, 3, 2).unwrap();
    let records = vec![
        record(0, present(TITTI)),
        record(0, present("raul echeberria")),
        record(5, take("1")),
        record(10, join(RAUL, Topic)),
        record(12, join(AMRITA, Question)),
        record(20, Event::NextSpeaker),
        record(50, Event::Pause),
        record(70, Event::Resume),
        record(90, Event::NextSpeaker),
        record(91, Event::NextSpeaker),
        record(92, Event::Undo),
        record(
            120,
            Event::Notes {
                item: 1,
                text: "Agenda adopted.".into(),
            },
        ),
        record(130, take("2b")),
        record(140, timebox("2b", "4m")),
        record(150, guest("Jane Doe", Some("ICANN"))),
        record(160, last_word(CHRIS)),
        record(
            170,
            Event::NextMeeting {
                date: next,
                time: None,
            },
        ),
        record(180, Event::SpeakerLimit { limit: "2m".into() }),
    ];
    let mut one_by_one = meeting();
    for r in &records {
        one_by_one.apply(&r.event, r.at).unwrap();
    }
    let (replayed, skipped) = Meeting::replay(agenda(), &records);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(View::of(&replayed), View::of(&one_by_one));
    assert_eq!(replayed.undo, one_by_one.undo);
    // And undo goes on working the same after a replay.
    let mut a = replayed;
    let mut b = one_by_one;
    for s in 200..205 {
        assert_eq!(a.apply(&Event::Undo, t(s)), b.apply(&Event::Undo, t(s)));
        assert_eq!(View::of(&a), View::of(&b));
    }
}

#[test]
fn records_that_no_longer_apply_are_skipped_with_the_reason() {
    let records = vec![
        record(0, take("1")),
        record(10, take("5")), // the agenda lost an item since
        record(20, join(RAUL, Topic)),
        record(30, take("2c")),
        record(
            40,
            Event::Notes {
                item: 7,
                text: "gone".into(),
            },
        ),
        record(50, leave(AMRITA)),
        record(60, Event::NextSpeaker),
    ];
    let (m, skipped) = Meeting::replay(agenda(), &records);
    let got: Vec<(Record, String)> = skipped;
    assert_eq!(
        got,
        vec![
            (
                records[1].clone(),
                "there is no item 5: the agenda has items 1 to 4".to_string()
            ),
            (
                records[3].clone(),
                "there is no item 2c: item 2 has sub-items 2a to 2b".to_string()
            ),
            (records[4].clone(), "there is no item 7".to_string()),
            (
                records[5].clone(),
                "Amrita Choudhury is not in the queue".to_string()
            ),
        ]
    );
    // The rest applied.
    assert_eq!(m.current, Some(ItemRef::item(0)));
    assert_eq!(speaker(&m), Some(RAUL));
}

// ---------------------------------------------------------------- random meetings

pub(super) fn arb_event() -> impl Strategy<Value = Event> {
    let who = || {
        prop::sample::select(vec![
            TITTI,
            RAUL,
            AMRITA,
            CHRIS,
            "raul echeberria",
            "Jane Doe",
            "Titti",
        ])
        .prop_map(String::from)
    };
    let item = || {
        prop::sample::select(vec!["1", "2", "2a", "2b", "3", "4", "5", "2c", "0", "x"])
            .prop_map(String::from)
    };
    let duration =
        || prop::sample::select(vec!["90s", "5m", "1h", "0m", "bad", "25h"]).prop_map(String::from);
    prop_oneof![
        4 => item().prop_map(|item| Event::TakeUp { item }),
        1 => Just(Event::Close),
        2 => Just(Event::Pause),
        2 => Just(Event::Resume),
        6 => (who(), prop::sample::select(QueueKind::ALL.to_vec()), prop::option::of(Just("budget".to_string())))
            .prop_map(|(who, queue, topic)| Event::Join { who, queue, topic }),
        2 => who().prop_map(|who| Event::Leave { who }),
        2 => who().prop_map(|who| Event::Ack { who }),
        5 => Just(Event::NextSpeaker),
        1 => Just(Event::CloseQueue),
        1 => Just(Event::OpenQueue),
        1 => who().prop_map(|who| Event::LastWord { who }),
        4 => Just(Event::Undo),
        1 => who().prop_map(|who| Event::Present { who }),
        1 => who().prop_map(|who| Event::Absent { who }),
        1 => who().prop_map(|who| Event::Regrets { who }),
        1 => (who(), prop::option::of(Just("ICANN".to_string())))
            .prop_map(|(name, affiliation)| Event::Guest { name, affiliation }),
        1 => (item(), duration()).prop_map(|(item, timebox)| Event::Timebox { item, timebox }),
        1 => duration().prop_map(|limit| Event::SpeakerLimit { limit }),
        1 => Just(Event::NextMeeting { date: NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(), time: None }),
        1 => (0usize..6, "[a-z ]{0,12}").prop_map(|(item, text)| Event::Notes { item, text }),
        1 => (prop::sample::select(vec!["Budget", "", "AOB"]), prop::option::of(duration()), prop::option::of(0usize..7))
            .prop_map(|(title, timebox, under)| Event::AddItem { title: title.into(), timebox, under }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_meetings_keep_time_and_undo_straight(
        steps in prop::collection::vec((arb_event(), 0i64..400, 0i64..100), 0..80),
    ) {
        let agenda = agenda();
        let points = agenda.points();
        let mut m = Meeting::new(agenda.clone());
        let mut records = Vec::new();
        let mut skipped = Vec::new();
        let mut now = t(0);
        let spent = |m: &Meeting, now| points.iter().map(|&r| m.spent(r, now)).collect::<Vec<_>>();
        let mut before_spent = spent(&m, now);

        for (event, dt, undo_dt) in steps {
            now += secs(dt);

            // This event and an undo straight after leave the meeting as it was; but for
            // a mark of presence that goes with the floor change just made, which the
            // undo takes back with it.
            let with_floor = matches!(&event, Event::Present { who } if m.marked_with_floor(who, now));
            if event.undoable() && !with_floor {
                let before = View::of(&m);
                let mut trial = m.clone();
                if trial.apply(&event, now).is_ok() {
                    prop_assert!(trial.apply(&Event::Undo, now + secs(undo_dt)).is_ok());
                    let after = View::of(&trial);
                    prop_assert_eq!(&after.queue, &before.queue, "queue after {:?} + undo", event);
                    prop_assert_eq!(&after.attendance, &before.attendance, "attendance after {:?} + undo", event);
                    prop_assert_eq!(after.current, before.current, "current after {:?} + undo", event);
                    prop_assert_eq!(&after.states, &before.states, "states after {:?} + undo", event);
                    prop_assert_eq!(after, before, "{:?} + undo", event);
                }
            }

            let result = m.apply(&event, now);
            let record = Record { at: now, event: event.clone() };
            if let Err(why) = &result {
                prop_assert!(!why.is_empty());
                skipped.push((record.clone(), why.clone()));
            }
            records.push(record);

            // Time spent never goes back, except by an undo.
            let spent_now = spent(&m, now);
            if event != Event::Undo {
                for (i, r) in points.iter().enumerate() {
                    prop_assert!(
                        spent_now[i] >= before_spent[i],
                        "{} went from {} to {} by {:?}", r.label(), before_spent[i], spent_now[i], event
                    );
                }
            }
            for later in [now + secs(1), now + secs(3600)] {
                for (i, &r) in points.iter().enumerate() {
                    prop_assert!(m.spent(r, later) >= spent_now[i]);
                }
                prop_assert!(m.elapsed(later) >= m.elapsed(now));
                prop_assert!(m.turn(later) >= m.turn(now));
                prop_assert!(m.projected_end(later) >= later);
            }
            // Paused means no clock runs; not paused means the current ones do.
            let running: Vec<bool> = m.points.iter().map(|(_, p)| p.clock.is_running()).collect();
            for ((r, _), run) in m.points.iter().zip(running) {
                prop_assert_eq!(run, !m.paused && m.current == Some(*r), "clock of {}", r.label());
            }
            if let Some(s) = &m.queue.speaker {
                prop_assert_eq!(s.turn.is_running(), !m.paused);
            }
            before_spent = spent_now;
        }

        // Replaying the journal gives the same meeting, skipping what was refused.
        let (replayed, replay_skipped) = Meeting::replay(agenda, &records);
        prop_assert_eq!(View::of(&replayed), View::of(&m));
        prop_assert_eq!(replay_skipped, skipped);
    }
}

#[test]
fn undo_replays_pauses_on_the_clocks_as_they_were_not_on_paused_ones() {
    // The join leaves the item's clock alone, but the pauses after it change it: the
    // undo must replay them on the clock as it was, not on one that had them already.
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 10);
    ok(&mut m, Event::Pause, 20);
    ok(&mut m, Event::Resume, 30);
    ok(&mut m, Event::Pause, 40);
    ok(&mut m, Event::Undo, 50);
    assert_eq!(waiting(&m), vec![]);
    assert!(m.paused);
    assert_eq!(m.spent(at(&m, "1"), t(100)), secs(30));
    // Again with a take-up after the join and the pauses after that: undoing the
    // take-up replays them on item 1, and undoing the join must then start again from
    // item 1 as it was before them.
    ok(&mut m, Event::Resume, 100);
    ok(&mut m, join(AMRITA, Topic), 110);
    ok(&mut m, take("2"), 120);
    ok(&mut m, Event::Pause, 130);
    ok(&mut m, Event::Resume, 140);
    ok(&mut m, Event::Pause, 150);
    ok(&mut m, Event::Undo, 160); // the take-up
    assert_eq!(m.current, Some(at(&m, "1")));
    assert!(m.paused);
    assert_eq!(m.spent(at(&m, "1"), t(200)), secs(70));
    assert_eq!(m.spent(at(&m, "2"), t(200)), secs(0));
    ok(&mut m, Event::Undo, 170); // the join
    assert_eq!(waiting(&m), vec![]);
    assert!(m.paused);
    assert_eq!(m.spent(at(&m, "1"), t(300)), secs(70));
}

/// `Meeting` as it was when every undoable event kept a copy of the whole state: the
/// reference that `random_undos_restore_what_full_snapshots_did` holds the meeting to.
/// Events other than undo go to a `Meeting` of its own; undo is done here, from the
/// copies, on its public fields.
struct FullSnapshots {
    m: Meeting,
    undo: std::collections::VecDeque<(Full, usize)>,
    pauses: Vec<(DateTime<Utc>, bool)>,
}

#[derive(Clone)]
struct Full {
    queue: Queue,
    attendance: Attendance,
    current: Option<ItemRef>,
    points: Vec<(ItemRef, Point)>,
    turns: usize,
    started: Option<DateTime<Utc>>,
    ended: Option<DateTime<Utc>>,
    paused: bool,
}

impl FullSnapshots {
    fn apply(&mut self, e: &Event, at: DateTime<Utc>) -> Result<(), String> {
        if *e == Event::Undo {
            let (s, pauses) = self.undo.pop_back().ok_or("nothing to undo")?;
            let m = &mut self.m;
            m.queue = s.queue;
            m.attendance = s.attendance;
            m.current = s.current;
            m.points = s.points;
            m.turns.truncate(s.turns);
            m.started = s.started;
            m.ended = s.ended;
            m.paused = s.paused;
            for &(at, resume) in &self.pauses[pauses..] {
                m.paused = !resume;
                let clocks = m
                    .points
                    .iter_mut()
                    .filter(|(r, _)| Some(*r) == m.current)
                    .map(|(_, p)| &mut p.clock)
                    .chain(m.queue.speaker.as_mut().map(|s| &mut s.turn));
                for c in clocks {
                    if resume { c.start(at) } else { c.stop(at) }
                }
            }
            return Ok(());
        }
        let before = Full {
            queue: self.m.queue.clone(),
            attendance: self.m.attendance.clone(),
            current: self.m.current,
            points: self.m.points.clone(),
            turns: self.m.turns.len(),
            started: self.m.started,
            ended: self.m.ended,
            paused: self.m.paused,
        };
        // Marking present whoever was just given the floor, absent, is part of that
        // floor change: undone with it, not a step of its own.
        let with_floor = matches!(e, Event::Present { who } if self.m.marked_with_floor(who, at));
        self.m.apply(e, at)?;
        match e {
            Event::Pause => self.pauses.push((at, false)),
            Event::Resume => self.pauses.push((at, true)),
            _ if e.undoable() && !with_floor => {
                if self.undo.len() == UNDO_DEPTH {
                    self.undo.pop_front();
                }
                self.undo.push_back((before, self.pauses.len()));
            }
            _ => {}
        }
        Ok(())
    }
}

/// One step of a random meeting: an event, several undos in a row, or a run of
/// take-ups, which fills the undo history.
#[derive(Debug, Clone)]
enum Step {
    Event(Event),
    Undos(usize),
    TakeUps(usize),
}

fn arb_step() -> impl Strategy<Value = Step> {
    let who = || {
        prop::sample::select(vec![TITTI, RAUL, AMRITA, CHRIS, CARLOS, "Vint Cerf"])
            .prop_map(String::from)
    };
    let item =
        || prop::sample::select(vec!["1", "2", "2a", "2b", "3", "4", "5"]).prop_map(String::from);
    let event = prop_oneof![
        6 => item().prop_map(|item| Event::TakeUp { item }),
        1 => Just(Event::Close),
        3 => Just(Event::Pause),
        3 => Just(Event::Resume),
        6 => (who(), prop::sample::select(QueueKind::ALL.to_vec()), prop::option::of(Just("budget".to_string())))
            .prop_map(|(who, queue, topic)| Event::Join { who, queue, topic }),
        2 => who().prop_map(|who| Event::Leave { who }),
        2 => who().prop_map(|who| Event::Ack { who }),
        5 => Just(Event::NextSpeaker),
        1 => Just(Event::CloseQueue),
        1 => Just(Event::OpenQueue),
        1 => who().prop_map(|who| Event::LastWord { who }),
        2 => who().prop_map(|who| Event::Present { who }),
        1 => who().prop_map(|who| Event::Absent { who }),
        1 => who().prop_map(|who| Event::Regrets { who }),
        1 => (who(), prop::option::of(Just("ICANN".to_string())))
            .prop_map(|(name, affiliation)| Event::Guest { name, affiliation }),
        2 => (item(), prop::sample::select(vec!["90s", "5m", "bad"]))
            .prop_map(|(item, d)| Event::Timebox { item, timebox: d.into() }),
        1 => (1usize..6, "[a-z]{0,4}").prop_map(|(item, text)| Event::Notes { item, text }),
        6 => Just(Event::Undo),
    ];
    // Long runs reach the end of the undo history, and back past snapshots that were
    // written over old ones.
    prop_oneof![
        40 => event.prop_map(Step::Event),
        1 => (2usize..=UNDO_DEPTH + 20).prop_map(Step::Undos),
        1 => (UNDO_DEPTH / 2..=UNDO_DEPTH + 20).prop_map(Step::TakeUps),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Undo keeps only the points an event changes and reuses old snapshots' memory;
    /// every step must leave the meeting as full copies of everything did.
    #[test]
    fn random_undos_restore_what_full_snapshots_did(
        steps in prop::collection::vec((arb_step(), 0i64..300), 0..400),
    ) {
        let mut m = meeting();
        let mut reference = FullSnapshots {
            m: meeting(),
            undo: std::collections::VecDeque::new(),
            pauses: Vec::new(),
        };
        let mut now = t(0);
        for (step, dt) in steps {
            now += secs(dt);
            let events = match step {
                Step::Event(e) => vec![e],
                Step::Undos(n) => vec![Event::Undo; n],
                Step::TakeUps(n) => (0..n).map(|i| take(["2a", "4"][i % 2])).collect(),
            };
            for e in events {
                let got = m.apply(&e, now);
                let want = reference.apply(&e, now);
                prop_assert_eq!(&got, &want, "{:?} at {}", e, now);
                prop_assert_eq!(View::of(&m), View::of(&reference.m), "after {:?} at {}", e, now);
            }
        }
    }
}

#[test]
fn next_and_previous_walk_items_and_sub_items_in_agenda_order() {
    let mut m = meeting();
    let label = |r: Option<ItemRef>| r.map(ItemRef::label);
    assert_eq!(label(m.next_point()), Some("1".into()));
    assert_eq!(label(m.previous_point()), None);
    let mut walked = Vec::new();
    let mut s = 0;
    while let Some(next) = m.next_point() {
        ok(&mut m, Event::TakeUp { item: next.label() }, s);
        walked.push(next.label());
        s += MIN;
    }
    assert_eq!(walked, vec!["1", "2", "2a", "2b", "3", "4"]);
    assert_eq!(label(m.previous_point()), Some("3".into()));
    ok(&mut m, Event::TakeUp { item: "2a".into() }, s);
    assert_eq!(label(m.previous_point()), Some("2".into()));
    assert_eq!(label(m.next_point()), Some("2b".into()));
    // After closing the last item, "previous" goes back to it and "next" is the end.
    ok(&mut m, Event::TakeUp { item: "4".into() }, s + MIN);
    ok(&mut m, Event::Close, s + 2 * MIN);
    assert_eq!(label(m.next_point()), None);
    assert_eq!(label(m.previous_point()), Some("4".into()));
}

#[test]
fn commands_resolve_names_over_the_roster_and_the_guests() {
    let mut m = meeting();
    assert_eq!(m.resolve_person("raul").unwrap(), RAUL);
    assert_eq!(m.resolve_person("titti").unwrap(), TITTI);
    ok(
        &mut m,
        Event::Guest {
            name: "Vint Cerf".into(),
            affiliation: None,
        },
        0,
    );
    assert_eq!(m.resolve_person("vint").unwrap(), "Vint Cerf");
    // "C" starts Concettina, Chris, Carlos and Cerf: ambiguous.
    assert!(matches!(
        m.resolve_person("C"),
        Err(crate::names::Unresolved::Ambiguous { .. })
    ));
    ok(
        &mut m,
        Event::Guest {
            name: "Carla Reyes".into(),
            affiliation: None,
        },
        0,
    );
    // A prefix on both lists is ambiguous; a whole name is not.
    assert!(m.resolve_person("Car").is_err());
    assert_eq!(m.resolve_person("carla reyes").unwrap(), "Carla Reyes");
    assert_eq!(m.resolve_person("Carlos Afonso").unwrap(), CARLOS);
    assert!(m.resolve_person("nobody").is_err());
}

// ---------------------------------------------------------------- the agenda in the meeting

fn add(title: &str, timebox: Option<&str>, under: Option<usize>) -> Event {
    Event::AddItem {
        title: title.into(),
        timebox: timebox.map(String::from),
        under,
    }
}

#[test]
fn agenda_plus_adds_an_item_at_the_end_and_a_sub_item_under_an_item() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, add("Budget", Some("10m"), None), 10);
    let budget = ItemRef::item(4);
    assert_eq!(m.agenda.title_of(budget), "Budget");
    assert!(m.agenda.items[4].added && m.agenda.items[4].listed);
    assert_eq!(m.timebox(budget), Some(mins(10)));
    assert_eq!(m.state(budget), Pending);
    assert_eq!(m.notes.len(), 5);
    // Without a timebox the agenda's default applies, as to any item.
    ok(&mut m, add("Next steps", None, None), 20);
    assert_eq!(m.timebox(ItemRef::item(5)), Some(mins(10)));
    // A sub-item goes after the item's own, in agenda order.
    ok(&mut m, add("Funding", Some("5m"), Some(2)), 30);
    let labels: Vec<String> = m.points.iter().map(|(r, _)| r.label()).collect();
    assert_eq!(labels, ["1", "2", "2a", "2b", "2c", "3", "4", "5", "6"]);
    assert_eq!(m.agenda.title_of(at(&m, "2c")), "Funding");
    // Sub-items of an item added are welcome too.
    ok(&mut m, add("Detail", None, Some(5)), 40);
    assert_eq!(m.agenda.title_of(at(&m, "5a")), "Detail");
    // The new points are taken up, timed and noted like any other.
    ok(&mut m, take("2c"), 60);
    ok(&mut m, take("5"), 120);
    assert_eq!(m.spent(at(&m, "2c"), t(200)), secs(60));
    ok(
        &mut m,
        Event::Notes {
            item: 5,
            text: "Budget discussed.".into(),
        },
        130,
    );
    assert_eq!(m.notes[4], "Budget discussed.");
    // Bad ones change nothing.
    assert_eq!(
        refused(&mut m, add("x", None, Some(9)), 140),
        "there is no item 9: the agenda has items 1 to 6"
    );
    assert!(refused(&mut m, add("  ", None, None), 140).starts_with("usage"));
    assert!(refused(&mut m, add("x", Some("forever"), None), 140).contains("duration"));
    assert!(refused(&mut m, add("a\u{1b}[2Jb", None, None), 140).contains("text"));
}

#[test]
fn an_added_item_is_undone_like_any_agenda_action_unless_it_has_notes() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    let before = View::of(&m);
    ok(&mut m, add("Budget", None, None), 10);
    ok(&mut m, Event::Undo, 20);
    assert_eq!(View::of(&m), before);
    ok(&mut m, add("Funding", None, Some(2)), 30);
    ok(&mut m, Event::Pause, 35);
    ok(&mut m, Event::Resume, 40);
    ok(&mut m, Event::Undo, 50);
    assert_eq!(m.points.len(), 6);
    assert_eq!(m.agenda.items[1].subitems.len(), 2);
    assert_eq!(m.spent(at(&m, "1"), t(100)), secs(95));
    // Once it has notes, it stays: undo would lose them.
    ok(&mut m, add("Budget", None, None), 60);
    ok(
        &mut m,
        Event::Notes {
            item: 5,
            text: "kept".into(),
        },
        70,
    );
    assert_eq!(
        refused(&mut m, Event::Undo, 80),
        "item 5 \"Budget\" has notes now: it stays on the agenda (undo would lose them)"
    );
}

#[test]
fn an_added_item_is_replayed_from_the_journal_not_from_the_agenda_file() {
    let records = vec![
        record(
            0,
            Event::Agenda {
                items: agenda().items.iter().map(|i| i.title.clone()).collect(),
            },
        ),
        record(0, take("1")),
        record(10, add("Budget", Some("10m"), None)),
        record(20, add("Funding", None, Some(5))),
        record(30, take("5a")),
        record(
            40,
            Event::Notes {
                item: 5,
                text: "Funding found.".into(),
            },
        ),
        record(50, Event::Close),
    ];
    let mut one_by_one = meeting();
    for r in &records {
        one_by_one.apply(&r.event, r.at).unwrap();
    }
    let (replayed, skipped) = Meeting::replay(agenda(), &records);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(View::of(&replayed), View::of(&one_by_one));
    // Replayed on an agenda that has them already (a notetaker's view reads the journal
    // again), they are not added twice.
    let (again, _) = Meeting::replay(replayed.agenda.clone(), &records);
    assert_eq!(View::of(&again), View::of(&one_by_one));
    // The agenda file changed meanwhile: an item inserted at the top. The added item
    // and its notes follow the file's items.
    let mut changed = agenda();
    let mut opening = changed.items[0].clone();
    opening.title = "Opening".into();
    changed.items.insert(0, opening);
    let (moved, skipped) = Meeting::replay(changed, &records);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(moved.agenda.items[5].title, "Budget");
    assert_eq!(moved.agenda.items[5].subitems[0].title, "Funding");
    assert_eq!(moved.notes[5], "Funding found.");
    assert_eq!(moved.state(ItemRef::item(5)), Done);
}

#[test]
fn close_ends_the_item_and_after_the_last_the_meeting_clock_stops() {
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, Event::Close, 60);
    // Not the last: the agenda goes on, and so does the clock.
    assert_eq!(m.current, None);
    assert_eq!(m.state(at(&m, "1")), Done);
    assert!(!m.agenda_done());
    assert_eq!(m.ended, None);
    assert_eq!(m.next_point().map(ItemRef::label), Some("2".into()));
    assert_eq!(m.elapsed(t(120)), secs(120));
    assert_eq!(
        refused(&mut m, Event::Close, 70),
        "no item is being discussed"
    );
    // The last point closed: the agenda is done and the meeting clock stops there.
    ok(&mut m, take("4"), 100);
    ok(&mut m, Event::Close, 400);
    assert!(m.agenda_done());
    assert_eq!(m.ended, Some(t(400)));
    assert_eq!(m.elapsed(t(1000)), secs(400));
    assert_eq!(m.spent(at(&m, "4"), t(1000)), secs(300));
    // Undone, the item runs on and so does the meeting.
    ok(&mut m, Event::Undo, 500);
    assert_eq!(m.ended, None);
    assert_eq!(m.elapsed(t(1000)), secs(1000));
    ok(&mut m, Event::Close, 600);
    // An item added after the end is the next one; the clock waits for it.
    ok(&mut m, add("Budget", None, None), 700);
    assert!(!m.agenda_done());
    assert_eq!(m.next_point().map(ItemRef::label), Some("5".into()));
    assert_eq!(m.elapsed(t(1000)), secs(600));
    // Taking up an item again reopens the meeting clock, on wall-clock time.
    ok(&mut m, take("3"), 800);
    assert_eq!(m.ended, None);
    assert_eq!(m.elapsed(t(1000)), secs(1000));
}

#[test]
fn the_queue_pane_s_events_edit_one_entry_and_undo() {
    use QueueKind::*;
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, join(RAUL, Topic), 1);
    ok(&mut m, join(AMRITA, Topic), 2);
    ok(&mut m, join(RAUL, Reply), 3);
    ok(&mut m, join(CHRIS, Reply), 4);
    assert_eq!(
        waiting(&m),
        [
            (RAUL, Reply),
            (CHRIS, Reply),
            (RAUL, Topic),
            (AMRITA, Topic)
        ]
    );
    // Remove takes one request, not every one of the person's.
    let remove = Event::Remove {
        who: RAUL.into(),
        queue: Reply,
    };
    ok(&mut m, remove.clone(), 5);
    assert_eq!(
        waiting(&m),
        [(CHRIS, Reply), (RAUL, Topic), (AMRITA, Topic)]
    );
    assert!(refused(&mut m, remove, 6).contains("has no reply"));
    ok(&mut m, Event::Undo, 6);
    assert_eq!(waiting(&m)[0], (RAUL, Reply));
    // Moves stay within the kind.
    let mv = |who: &str, queue, to| Event::Move {
        who: who.into(),
        queue,
        to,
    };
    ok(&mut m, mv(AMRITA, Topic, 3), 7);
    assert_eq!(waiting(&m)[2..], [(AMRITA, Topic), (RAUL, Topic)]);
    assert!(refused(&mut m, mv(AMRITA, Topic, 2), 8).contains("first topic"));
    assert!(refused(&mut m, mv(CHRIS, Reply, 3), 8).contains("last reply"));
    assert!(refused(&mut m, mv(CHRIS, Reply, 0), 8).contains("first reply"));
    // A new kind puts the request where that kind goes, and never twice.
    let kind = |who: &str, queue, to| Event::ChangeKind {
        who: who.into(),
        queue,
        to,
    };
    ok(&mut m, kind(AMRITA, Topic, Order), 9);
    assert_eq!(waiting(&m)[0], (AMRITA, Order));
    assert!(refused(&mut m, kind(RAUL, Topic, Reply), 10).contains("already queued"));
    assert!(refused(&mut m, kind(RAUL, Topic, Topic), 10).contains("already"));
    // The floor goes to the request chosen, not the person's first one.
    ok(
        &mut m,
        Event::Floor {
            who: RAUL.into(),
            queue: Topic,
        },
        11,
    );
    let s = m.queue.speaker.as_ref().unwrap();
    assert_eq!((s.who.as_str(), s.kind), (RAUL, Topic));
    assert_eq!(
        waiting(&m),
        [(AMRITA, Order), (RAUL, Reply), (CHRIS, Reply)]
    );
    assert_eq!(m.queue.current_topic, Some((RAUL.into(), None)));
    ok(&mut m, Event::Undo, 12);
    assert!(m.queue.speaker.is_none());
    assert_eq!(m.queue.current_topic, None);
    assert_eq!(waiting(&m)[3], (RAUL, Topic));
}

#[test]
fn the_queue_pane_s_events_replay_and_read_back() {
    let mut m = meeting();
    let events = [
        take("1"),
        join(RAUL, QueueKind::Topic),
        join(AMRITA, QueueKind::Topic),
        Event::Move {
            who: AMRITA.into(),
            queue: QueueKind::Topic,
            to: 1,
        },
        Event::ChangeKind {
            who: RAUL.into(),
            queue: QueueKind::Topic,
            to: QueueKind::Question,
        },
        Event::Remove {
            who: AMRITA.into(),
            queue: QueueKind::Topic,
        },
        join(CHRIS, QueueKind::Reply),
        Event::Floor {
            who: CHRIS.into(),
            queue: QueueKind::Reply,
        },
    ];
    let records: Vec<Record> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            ok(&mut m, e.clone(), i as i64);
            Record {
                at: t(i as i64),
                event: e.clone(),
            }
        })
        .collect();
    let json: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    let back: Vec<Record> = json
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(back, records);
    assert!(json[3].contains(r#""move":{"who":"Amrita Choudhury","queue":"topic","to":1}"#));
    let (r, skipped) = Meeting::replay(agenda(), &back);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(r.queue, m.queue);
}

#[test]
fn first_time_speakers_go_first_within_a_kind_when_the_agenda_says_so() {
    use QueueKind::*;
    let text = AGENDA.replace(
        "item_timebox = \"10m\"",
        "item_timebox = \"10m\"\nqueue_order = \"first-time-first\"",
    );
    let a = agenda::parse_str("wg51.toml", &text).unwrap();
    assert_eq!(a.settings.queue_order, agenda::QueueOrder::FirstTimeFirst);
    let mut m = Meeting::new(a);
    ok(&mut m, take("1"), 0);
    ok(&mut m, ack(RAUL), 1);
    ok(&mut m, ack(AMRITA), 2);
    ok(&mut m, Event::NextSpeaker, 3);
    // Raúl and Amrita spoke: Chris and Carlos, who have not, go ahead of them.
    ok(&mut m, join(RAUL, Topic), 3);
    ok(&mut m, join(AMRITA, Topic), 4);
    ok(&mut m, join(CHRIS, Topic), 5);
    ok(&mut m, join(CARLOS, Topic), 6);
    assert_eq!(
        waiting(&m),
        [
            (CHRIS, Topic),
            (CARLOS, Topic),
            (RAUL, Topic),
            (AMRITA, Topic)
        ]
    );
    // Kinds still come first: a reply of someone who spoke is ahead of any topic.
    ok(&mut m, join(RAUL, Reply), 7);
    assert_eq!(waiting(&m)[0], (RAUL, Reply));
    // A point of order is not speaking: who made one is still a first-time speaker.
    ok(&mut m, join(TITTI, Order), 8);
    ok(&mut m, Event::NextSpeaker, 9);
    ok(&mut m, Event::NextSpeaker, 10);
    assert_eq!(m.speakers_on_item(), [RAUL, AMRITA]);
    ok(&mut m, join(TITTI, Topic), 11);
    assert_eq!(
        waiting(&m)[..3],
        [(CHRIS, Topic), (CARLOS, Topic), (TITTI, Topic)]
    );
    // The default is arrival: the same joins in the order they came.
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, ack(RAUL), 1);
    ok(&mut m, Event::NextSpeaker, 2);
    ok(&mut m, join(RAUL, Topic), 3);
    ok(&mut m, join(CHRIS, Topic), 5);
    assert_eq!(waiting(&m), [(RAUL, Topic), (CHRIS, Topic)]);
}

#[test]
fn the_speaking_table_counts_the_item_and_the_meeting_without_points_of_order() {
    use QueueKind::*;
    let mut m = meeting();
    ok(&mut m, take("1"), 0);
    ok(&mut m, ack(RAUL), 0);
    ok(&mut m, ack(AMRITA), 2 * MIN);
    ok(&mut m, take("2"), 3 * MIN);
    ok(&mut m, join(CHRIS, Order), 3 * MIN);
    ok(&mut m, Event::NextSpeaker, 3 * MIN);
    ok(&mut m, ack(AMRITA), 4 * MIN);
    let table = m.speaking_table(t(4 * MIN + 30));
    let rows: Vec<(&str, usize, TimeDelta, usize, TimeDelta)> = table
        .iter()
        .map(|s| (s.who.as_str(), s.item_turns, s.item_time, s.turns, s.time))
        .collect();
    assert_eq!(
        rows,
        [
            (AMRITA, 1, secs(30), 2, mins(1) + secs(30)),
            (RAUL, 0, secs(0), 1, mins(2)),
        ]
    );
}
