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
    let texts = vec![String::new(); agenda.items.len()];
    Notetaker::new(agenda, texts, "ann@laptop", start, t0())
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
    assert_eq!(v.texts[1], "On item two");
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
fn a_start_item_is_pinned_and_typing_is_written() {
    let mut v = view(Some(2));
    take_up(&mut v, "1");
    assert_eq!(v.notes.item, 2);
    let mut fx = keys(&mut v, "iDECISION: adopted");
    fx.extend(v.handle(Input::Key(Key::Esc), t0()));
    assert_eq!(v.texts[2], "DECISION: adopted");
    assert!(fx.contains(&Effect::Write { item: 2 }));
    assert_eq!(keys(&mut v, "e"), vec![Effect::OpenEditor { item: 2 }]);
    let fx = v.notes_from_editor(2, Ok("DECISION: adopted\r\nMore.\n".into()));
    assert_eq!(fx, vec![Effect::Write { item: 2 }]);
    assert_eq!(v.texts[2], "DECISION: adopted\nMore.\n");
}

#[test]
fn a_change_found_is_merged_with_what_is_typed() {
    let mut v = view(Some(0));
    keys(&mut v, "iIntro.");
    v.handle(Input::Key(Key::Enter), t0());
    keys(&mut v, "Mine.");
    v.handle(Input::Tick, t0());
    keys(&mut v, " More.");
    let fx = v.notes_found(0, "notes/01-x.md", "Theirs.\nIntro.\nMine.", t0());
    assert_eq!(v.texts[0], "Theirs.\nIntro.\nMine. More.");
    assert!(fx.contains(&Effect::Write { item: 0 }));
    keys(&mut v, "!");
    v.handle(Input::Key(Key::Esc), t0());
    assert_eq!(v.texts[0], "Theirs.\nIntro.\nMine. More.!");
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
    assert_eq!(v.notes.item, 1);
    assert!(keys(&mut v, "q").contains(&Effect::Quit));
}
