//! Events journalled before the agenda changed name items by their numbers then. The
//! journal says which items were numbered (`Event::Agenda`, by title) at the start
//! and at each change; replay moves every event to the numbers of the agenda as it is
//! now, so notes stay with their items and those of removed items are kept aside.
//! Items added during the meeting (`agenda+`) are not in those records: they follow
//! the agenda's own items, then and now, so a number past an agenda's items keeps its
//! place after them.

use std::borrow::Cow;

use super::event::{Event, Record};
use crate::notes::files::{moved_number, renumbering};

/// A record as replay sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved<'a> {
    /// Names items as the agenda does now (perhaps after moving).
    Now(Cow<'a, Record>),
    /// Names an item since removed from the agenda: which, in words.
    Removed(String),
}

/// Item numbers of one time to today's: `None` is "the same".
type Map = Option<Vec<Option<usize>>>;

/// Each record named by the items of the agenda as it is now (`now`: its titles).
pub fn to_now<'a>(records: &'a [Record], now: &[&str]) -> Vec<Moved<'a>> {
    let agendas: Vec<(usize, Vec<&str>)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match &r.event {
            Event::Agenda { items } => Some((i, items.iter().map(String::as_str).collect())),
            _ => None,
        })
        .collect();
    // The map of each agenda's time, from the last back: each one's is the way to the
    // next agenda, then on as that one's.
    let mut maps: Vec<Map> = vec![None; agendas.len()];
    let mut next: (&[&str], Map) = (now, None);
    for (k, (_, titles)) in agendas.iter().enumerate().rev() {
        maps[k] = compose(renumbering(titles, next.0), &next.1);
        next = (titles, maps[k].clone());
    }
    if maps.iter().all(Option::is_none) {
        return records
            .iter()
            .map(|r| Moved::Now(Cow::Borrowed(r)))
            .collect();
    }
    // Records before the first agenda number items as it does.
    let mut era = (
        maps.first().cloned().flatten(),
        agendas.first().map(|a| &a.1),
    );
    let mut k = 0;
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if k < agendas.len() && agendas[k].0 == i {
                era = (maps[k].clone(), Some(&agendas[k].1));
                k += 1;
            }
            match &era {
                (None, _) => Moved::Now(Cow::Borrowed(r)),
                (Some(m), titles) => {
                    moved(r, m, titles.map(Vec::as_slice).unwrap_or(&[]), now.len())
                }
            }
        })
        .collect()
}

/// `first`, then `then`.
fn compose(first: Map, then: &Map) -> Map {
    match (first, then) {
        (None, t) => t.clone(),
        (f, None) => f,
        (Some(f), Some(t)) => Some(
            f.into_iter()
                .map(|n| n.and_then(|n| t.get(n - 1).copied().flatten()))
                .collect(),
        ),
    }
}

/// An item as an event names it.
enum Item {
    Label(String),
    Number(usize),
}

fn moved<'a>(r: &'a Record, map: &[Option<usize>], titles: &[&str], now: usize) -> Moved<'a> {
    let number = |n: usize| moved_number(Some(map), now, n).ok_or(n);
    // "2b": the item's number moves, the sub-item's letter stays.
    let label = |l: &str| {
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        match l[..digits].parse::<usize>() {
            Ok(n) => number(n).map(|n| format!("{n}{}", &l[digits..])),
            Err(_) => Ok(l.to_string()),
        }
    };
    // Only the item changes: the rest of the event is copied when it does.
    let (now, removed) = match &r.event {
        Event::TakeUp { item } | Event::Timebox { item, .. } => match label(item) {
            Ok(l) if l == *item => return Moved::Now(Cow::Borrowed(r)),
            Ok(l) => (Item::Label(l), None),
            Err(n) => (Item::Label(String::new()), Some(n)),
        },
        Event::Notes { item, .. }
        | Event::NotesEdit { item, .. }
        | Event::NotesPatch { item, .. }
        | Event::AddItem {
            under: Some(item), ..
        } => match number(*item) {
            Ok(n) if n == *item => return Moved::Now(Cow::Borrowed(r)),
            Ok(n) => (Item::Number(n), None),
            Err(n) => (Item::Number(0), Some(n)),
        },
        _ => return Moved::Now(Cow::Borrowed(r)),
    };
    let event = match removed {
        Some(n) => Err(n),
        None => {
            let mut event = r.event.clone();
            match (&mut event, now) {
                (Event::TakeUp { item } | Event::Timebox { item, .. }, Item::Label(l)) => *item = l,
                (
                    Event::Notes { item, .. }
                    | Event::NotesEdit { item, .. }
                    | Event::NotesPatch { item, .. },
                    Item::Number(n),
                ) => {
                    *item = n;
                }
                (Event::AddItem { under, .. }, Item::Number(n)) => *under = Some(n),
                _ => unreachable!("the item's kind was taken from this event"),
            }
            Ok(event)
        }
    };
    match event {
        Ok(event) => Moved::Now(Cow::Owned(Record { at: r.at, event })),
        Err(n) => Moved::Removed(match titles.get(n.wrapping_sub(1)) {
            Some(t) => format!("item {n} then, “{t}”"),
            None => format!("item {n} then"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn r(event: Event) -> Record {
        Record {
            at: DateTime::UNIX_EPOCH,
            event,
        }
    }

    fn notes(item: usize) -> Event {
        Event::Notes {
            item,
            text: format!("of {item}"),
        }
    }

    fn agenda(titles: &[&str]) -> Event {
        Event::Agenda {
            items: titles.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn event(m: &Moved) -> Option<Event> {
        match m {
            Moved::Now(r) => Some(r.event.clone()),
            Moved::Removed(_) => None,
        }
    }

    #[test]
    fn events_of_each_agenda_are_moved_through_every_change_that_followed() {
        let records = vec![
            r(agenda(&["Welcome", "Budget"])),
            r(Event::TakeUp { item: "2b".into() }),
            r(notes(1)),
            r(notes(2)),
            // An item was added at the top.
            r(agenda(&["Opening", "Welcome", "Budget"])),
            r(notes(1)),
        ];
        // Then Budget moved to the top and Welcome was removed.
        let moved = to_now(&records, &["Budget", "Opening"]);
        assert_eq!(event(&moved[1]), Some(Event::TakeUp { item: "1b".into() }));
        assert_eq!(moved[2], Moved::Removed("item 1 then, “Welcome”".into()));
        assert_eq!(
            event(&moved[3]),
            Some(Event::Notes {
                item: 1,
                text: "of 2".into()
            })
        );
        assert_eq!(
            event(&moved[5]),
            Some(Event::Notes {
                item: 2,
                text: "of 1".into()
            })
        );
        assert!(matches!(&moved[3], Moved::Now(Cow::Owned(_))));
    }

    #[test]
    fn items_added_in_the_meeting_keep_their_place_after_the_agendas_own() {
        let added = |under| Event::AddItem {
            title: "Budget".into(),
            timebox: None,
            under,
        };
        let records = vec![
            r(agenda(&["Welcome", "AoB"])),
            r(added(None)),
            r(added(Some(3))),
            r(Event::TakeUp { item: "3a".into() }),
            r(notes(3)),
            r(added(Some(2))),
        ];
        // An item inserted at the top of the file since: the added one is 4 now.
        let moved = to_now(&records, &["Opening", "Welcome", "AoB"]);
        assert_eq!(event(&moved[1]), Some(added(None)));
        assert_eq!(event(&moved[2]), Some(added(Some(4))));
        assert_eq!(event(&moved[3]), Some(Event::TakeUp { item: "4a".into() }));
        assert_eq!(
            event(&moved[4]),
            Some(Event::Notes {
                item: 4,
                text: "of 3".into()
            })
        );
        assert_eq!(event(&moved[5]), Some(added(Some(3))));
    }

    #[test]
    fn without_a_change_nothing_is_copied() {
        let records = vec![
            r(agenda(&["Welcome", "Budget"])),
            r(notes(1)),
            r(Event::TakeUp { item: "1".into() }),
        ];
        assert!(
            to_now(&records, &["Welcome", "Budget"])
                .iter()
                .all(|m| matches!(m, Moved::Now(Cow::Borrowed(_))))
        );
        // A journal from before agendas were journalled is taken as it is.
        assert!(
            to_now(&records[1..], &["Other"])
                .iter()
                .all(|m| matches!(m, Moved::Now(Cow::Borrowed(_))))
        );
    }
}
