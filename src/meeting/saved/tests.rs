//! A meeting made from a checkpoint and the rest of the journal is the meeting the
//! whole journal replays to: the same state, the same undo history, the same notes.

use chrono::TimeDelta;
use proptest::prelude::*;

use super::Saved;
use crate::meeting::tests::{agenda, arb_event, t};
use crate::meeting::{Event, Meeting, Record};

/// A step of a random meeting: an event, or notes typed by one of two writers.
#[derive(Debug, Clone)]
enum Step {
    Event(Event),
    Type {
        writer: bool,
        item: usize,
        text: String,
        cut: bool,
    },
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => arb_event().prop_map(Step::Event),
        1 => (any::<bool>(), 0usize..6, "[a-z \n]{1,8}", any::<bool>())
            .prop_map(|(writer, item, text, cut)| Step::Type { writer, item, text, cut }),
    ]
}

/// The journal of a random meeting, as the screen would write it: every event with its
/// time, notes as the patches the typing made.
fn journal(steps: &[(Step, i64)]) -> Vec<Record> {
    let mut live = Meeting::new(agenda());
    let mut now = t(0);
    let mut records = Vec::new();
    for (step, dt) in steps {
        now += TimeDelta::seconds(*dt);
        let event = match step {
            Step::Event(e) => {
                let _ = live.apply(e, now);
                e.clone()
            }
            Step::Type {
                writer,
                item,
                text,
                cut,
            } => {
                let Some(old) = live.notes.get(*item).cloned() else {
                    continue;
                };
                let new = if *cut && !old.is_empty() {
                    let mut at = old.len() / 2;
                    while !old.is_char_boundary(at) {
                        at -= 1;
                    }
                    format!("{}{text}", &old[..at])
                } else {
                    format!("{old}{text}")
                };
                live.writer = if *writer { "chair~1" } else { "view~2" }.into();
                match live.edit_notes(*item, &new) {
                    Some(e) => e,
                    None => continue,
                }
            }
        };
        records.push(Record { at: now, event });
    }
    records
}

/// Everything a meeting holds, comparable: its saved form (the notes kept aside apart).
fn state(m: &Meeting) -> (Option<Saved>, Vec<(String, String)>, Vec<String>) {
    let mut bare = m.clone();
    let unmatched = std::mem::take(&mut bare.unmatched_notes);
    (bare.save(), unmatched, m.notes.clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_checkpoint_and_the_rest_of_the_journal_replay_as_the_whole(
        steps in prop::collection::vec((arb_step(), 0i64..200), 0..120),
        cut in any::<prop::sample::Index>(),
        undos in 0usize..12,
    ) {
        let records = journal(&steps);
        let cut = cut.index(records.len() + 1);
        let (mut whole, whole_skipped) = Meeting::replay(agenda(), &records);
        let (first, mut skipped) = Meeting::replay(agenda(), &records[..cut]);
        // Notes of items not on the agenda are kept aside only by a replay.
        let Some(saved) = first.save() else {
            prop_assert!(first.strays);
            return Ok(());
        };
        let text = serde_json::to_string(&saved).unwrap();
        let back: Saved = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &saved);
        let mut resumed = Meeting::from_saved(agenda(), back).unwrap();
        skipped.extend(resumed.replay_more(&records[cut..], false));
        prop_assert_eq!(&skipped, &whole_skipped);
        prop_assert_eq!(state(&resumed), state(&whole));

        // Undo takes back the same events, one by one, after a resume.
        let mut now = records.last().map_or(t(0), |r| r.at);
        for _ in 0..undos {
            now += TimeDelta::seconds(7);
            let (a, b) = (whole.apply(&Event::Undo, now), resumed.apply(&Event::Undo, now));
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(state(&resumed), state(&whole));
            if a.is_err() {
                break;
            }
        }
    }
}

#[test]
fn a_saved_meeting_that_does_not_fit_the_agenda_is_refused() {
    let mut m = Meeting::new(agenda());
    m.apply(&Event::TakeUp { item: "2".into() }, t(0)).unwrap();
    let saved = m.save().unwrap();
    let mut fewer = saved.clone();
    fewer.notes.pop();
    assert!(Meeting::from_saved(agenda(), fewer).is_err());
    let mut elsewhere = saved.clone();
    elsewhere.current = Some(crate::agenda::ItemRef::item(40));
    assert!(Meeting::from_saved(agenda(), elsewhere).is_err());
    let mut history = saved;
    history.undo[0].points.push((99, Default::default()));
    assert!(Meeting::from_saved(agenda(), history).is_err());
}
