//! The notetaker's view driven by keys, with the moderator's journal fed in.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::meeting::Event;

const DEMO: &str = include_str!("../../agendas/demo.toml");

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap()
}

fn view(start: Option<usize>) -> Notetaker {
    let agenda = crate::agenda::parse_str("demo.toml", DEMO).unwrap();
    Notetaker::new(agenda, "ann@laptop~1", start, t0())
}

fn kept(fx: &[Effect]) -> Vec<Record> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Keep(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn keys(v: &mut Notetaker, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| v.handle(Input::Key(Key::Char(c)), t0()))
        .collect()
}

fn take_up(v: &mut Notetaker, item: &str) {
    let r = Record {
        at: t0() + TimeDelta::seconds(5),
        event: Event::TakeUp { item: item.into() },
    };
    v.followed(&[r], false);
    v.handle(Input::Tick, t0());
}

#[test]
fn it_follows_the_moderator_until_pinned() {
    let mut v = view(None);
    take_up(&mut v, "2");
    assert_eq!(v.notes.item, 1);
    // Typing, then the moderator moves on: the text stays with its item.
    keys(&mut v, "iOn item two");
    take_up(&mut v, "3");
    assert_eq!(v.meeting.notes[1], "On item two");
    assert_eq!(v.notes.item, 2);
    v.handle(Input::Key(Key::Esc), t0());
    // Pinned on the previous item, the moderator's moves no longer move it.
    keys(&mut v, "p");
    assert!(v.pinned);
    take_up(&mut v, "4");
    assert_eq!(v.notes.item, 1);
    keys(&mut v, "f");
    assert_eq!(v.notes.item, 3);
}

#[test]
fn a_start_item_is_pinned_and_typing_is_kept_as_patches_of_its_own_log() {
    let mut v = view(Some(2));
    take_up(&mut v, "1");
    assert_eq!(v.notes.item, 2);
    let mut fx = keys(&mut v, "iDECISION: adopted");
    fx.extend(v.handle(Input::Key(Key::Esc), t0()));
    assert_eq!(v.meeting.notes[2], "DECISION: adopted");
    let mine = kept(&fx);
    assert!(!mine.is_empty());
    assert!(
        mine.iter()
            .all(|r| matches!(r.event, Event::NotesPatch { item: 3, .. }))
    );
    assert_eq!(keys(&mut v, "e"), vec![Effect::OpenEditor { item: 2 }]);
    let fx = v.notes_from_editor(2, Ok("DECISION: adopted\r\nMore.\n".into()));
    assert_eq!(kept(&fx).len(), 1);
    assert_eq!(v.meeting.notes[2], "DECISION: adopted\nMore.");
    // Another view given these patches has the same text.
    let mut other = view(Some(2));
    let all: Vec<Record> = mine.into_iter().chain(kept(&fx)).collect();
    other.patches_found(all, t0());
    assert_eq!(other.meeting.notes[2], v.meeting.notes[2]);
}

#[test]
fn patches_from_others_join_what_is_typed_and_the_cursor_stays() {
    let mut v = view(Some(0));
    let mut bob = Notetaker::new(v.meeting.agenda.clone(), "bob@desk~2", Some(0), t0());
    let fx = keys(&mut v, "iIntro.");
    let intro = kept(&fx);
    let mut fx = v.handle(Input::Key(Key::Esc), t0());
    fx.extend(v.handle(Input::Key(Key::Char('i')), t0()));
    let intro: Vec<Record> = intro.into_iter().chain(kept(&fx)).collect();
    bob.patches_found(intro, t0());
    assert_eq!(bob.meeting.notes[0], "Intro.");
    // Bob adds a line above while Ann goes on typing on hers.
    keys(&mut bob, "i");
    bob.handle(Input::Key(Key::Home), t0());
    keys(&mut bob, "Theirs.");
    bob.handle(Input::Key(Key::Enter), t0());
    let theirs = kept(&bob.handle(Input::Key(Key::Esc), t0()));
    keys(&mut v, " More");
    v.patches_found(theirs, t0());
    assert_eq!(v.meeting.notes[0], "Theirs.\nIntro. More");
    keys(&mut v, "!");
    v.handle(Input::Key(Key::Esc), t0());
    assert_eq!(v.meeting.notes[0], "Theirs.\nIntro. More!");
}

#[test]
fn the_journal_read_anew_replaces_what_was_followed() {
    let mut v = view(None);
    take_up(&mut v, "3");
    let again = [Record {
        at: t0(),
        event: Event::TakeUp { item: "2".into() },
    }];
    v.followed(&again, true);
    v.handle(Input::Tick, t0());
    // Read anew, the notes others wrote are still there.
    assert_eq!(v.notes.item, 1);
    assert!(keys(&mut v, "q").contains(&Effect::Quit));
}

#[test]
fn an_item_added_by_the_moderator_is_followed_and_read_anew_once() {
    let mut v = view(None);
    let added = Record {
        at: t0(),
        event: Event::AddItem {
            title: "Budget".into(),
            timebox: None,
            under: None,
        },
    };
    v.followed(std::slice::from_ref(&added), false);
    take_up(&mut v, "7");
    assert_eq!(v.notes.item, 6);
    keys(&mut v, "iBudget agreed.");
    v.handle(Input::Key(Key::Esc), t0());
    // The journal read anew: the item is added again from it, not twice.
    let take = Record {
        at: t0(),
        event: Event::TakeUp { item: "7".into() },
    };
    v.followed(&[added, take], true);
    assert_eq!(v.meeting.agenda.items.len(), 7);
    assert_eq!(v.meeting.notes[6], "Budget agreed.");
}

#[test]
fn a_paste_while_not_editing_is_a_paragraph_after_the_notes() {
    let mut v = view(Some(0));
    keys(&mut v, "isome notes");
    v.handle(Input::Key(Key::Esc), t0());
    v.handle(Input::Paste("ACTION: Tom: send it".into()), t0());
    assert!(v.editing);
    assert_eq!(v.meeting.notes[0], "some notes\nACTION: Tom: send it");
    // While editing, at the cursor; a labelled line still gets a line of its own.
    v.handle(Input::Key(Key::Up), t0());
    v.handle(Input::Paste(" and more".into()), t0());
    v.handle(Input::Paste("DECISION: yes".into()), t0());
    assert_eq!(
        v.meeting.notes[0],
        "some notes and more\nDECISION: yes\nACTION: Tom: send it"
    );
}
