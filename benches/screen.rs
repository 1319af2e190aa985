//! Speed of the screen: the work between a key and its frame (update, then draw) with
//! 100,000 words of notes in the current item, and the frame an idle screen draws
//! each second for its clocks. Run with `cargo bench --bench screen`; figures and
//! method are in BENCHMARKS.md.

use std::fmt::Write;
use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use agendum::app::{App, Input, Key};
use agendum::meeting::Meeting;
use agendum::theme::Theme;
use agendum::ui::Frames;

#[path = "support/mod.rs"]
mod support;

const DEMO: &str = include_str!("../agendas/demo.toml");

/// 100,000 words in paragraphs of prose with a labelled line now and then.
fn notes() -> String {
    let words = [
        "the",
        "group",
        "discussed",
        "draft",
        "metadata",
        "profile",
        "and",
        "agreed",
        "that",
        "comments",
        "from",
        "municipal",
        "portals",
        "need",
        "review",
        "before",
        "December",
    ];
    let mut s = String::new();
    for i in 0..100_000 {
        s.push_str(words[i % words.len()]);
        if i % 120 == 119 {
            s.push_str(".\n\n");
            if i % 1200 == 1199 {
                let _ = writeln!(
                    s,
                    "ACTION: Kwame: follow up on paragraph {i} due 2026-12-10"
                );
            }
        } else {
            s.push(' ');
        }
    }
    s
}

/// Keys as a notetaker types them: a sentence of words, then a new line.
fn typing() -> impl Iterator<Item = Key> {
    "the chair asked for comments on the draft and two members spoke in favour of it"
        .chars()
        .map(Key::Char)
        .chain(std::iter::once(Key::Enter))
        .cycle()
}

/// The moderator typing into item 1's notes, at the end of a long text.
fn editing_app() -> App {
    let agenda = agendum::agenda::parse_str("demo.toml", DEMO).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
    let mut app = App::new(Meeting::new(agenda), t0);
    app.handle(Input::Key(Key::Char('n')), t0);
    app.notes_from_editor(0, Ok(notes()));
    app.handle(Input::Key(Key::Char('i')), t0);
    app
}

fn key_to_frame(c: &mut Criterion) {
    let theme = Theme::default_theme();
    let mut group = c.benchmark_group("screen");
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = editing_app();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let now = app.now + TimeDelta::seconds(10);
        // Typed as notes are: words, and a new paragraph now and then (one key
        // typed again and again would make one ever longer line).
        let mut keys = typing();
        // The whole screen drawn for each key: what a key costs when the second has
        // just turned, or anything else changed since the last frame.
        group.bench_function(format!("key_to_whole_frame_100k_words_{w}x{h}"), |b| {
            b.iter(|| {
                app.handle(Input::Key(keys.next().expect("endless")), now);
                terminal
                    .draw(|f| agendum::ui::draw(f, black_box(&app), &theme))
                    .unwrap();
            })
        });
        // As the screen draws while the notes are typed: the notes pane over the
        // last frame, within the second.
        let mut frames = Frames::default();
        group.bench_function(format!("key_to_frame_100k_words_{w}x{h}"), |b| {
            b.iter(|| {
                let fx = app.handle(Input::Key(keys.next().expect("endless")), now);
                frames.handled(fx.is_empty(), true, false);
                frames.draw(&mut terminal, black_box(&app), &theme).unwrap();
            })
        });
    }
    // Twice a second, in a pause of the typing, the edits reach the meeting (and the
    // journal): the whole text is handed over and its decisions and actions extracted
    // again.
    let mut app = editing_app();
    let mut now = app.now;
    let mut keys = typing();
    group.bench_function("notes_handover_100k_words", |b| {
        b.iter(|| {
            app.handle(Input::Key(keys.next().expect("endless")), now);
            now += TimeDelta::seconds(1);
            let handed = app.after_frame(now);
            assert!(handed.is_some(), "the typing was due");
            black_box(handed);
        })
    });
    group.finish();
}

/// What journalling costs while the moderator types: a second of typing (five keys),
/// then the hand-over after the frame, which journals the edit and flushes it to the
/// disk. The figure divided by five is the cost per keystroke.
fn journal_cost(c: &mut Criterion) {
    use agendum::app::Effect;
    use agendum::journal::{self, Journal};
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut journal = Journal::open(&dir.path().join(journal::FILE_NAME)).unwrap();
    let mut app = editing_app();
    let mut now = app.now;
    let mut group = c.benchmark_group("journal");
    group.bench_function("second_of_typing_journalled_100k_words", |b| {
        b.iter(|| {
            for k in "words".chars() {
                app.handle(Input::Key(Key::Char(k)), now);
            }
            now += TimeDelta::seconds(1);
            let handed = app.after_frame(now).expect("the typing was due");
            for effect in handed {
                if let Effect::Record(r) = effect {
                    journal.append(std::slice::from_ref(&r)).unwrap();
                }
            }
        })
    });
    let record = journal::format(&agendum::meeting::Record {
        at: now,
        event: agendum::meeting::Event::NextSpeaker,
    });
    group.bench_function("command_record_appended_and_flushed", |b| {
        b.iter(|| journal.append_text(black_box(&record)).unwrap())
    });
    group.finish();
}

/// What an idle screen does each second: the clocks move on, the whole frame is drawn
/// and compared with the one before. The 200-item agenda at 120x40, every clock running
/// (item 1 taken up, someone at the floor), item 1's notes as a meeting leaves them.
fn idle_second(c: &mut Criterion) {
    let theme = Theme::default_theme();
    let agenda = agendum::agenda::parse_str("agenda200.toml", &support::large_agenda()).unwrap();
    let t0 = support::t0();
    let mut app = App::new(Meeting::new(agenda), t0);
    app.handle(Input::Key(Key::Char('n')), t0);
    app.notes_from_editor(0, Ok(support::typical_notes(0)));
    app.handle(Input::Key(Key::Char(':')), t0);
    for k in "q+ P5".chars() {
        app.handle(Input::Key(Key::Char(k)), t0);
    }
    app.handle(Input::Key(Key::Enter), t0);
    app.handle(Input::Key(Key::Char(' ')), t0);
    assert!(app.meeting.queue.speaker.is_some(), "someone has the floor");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut frames = Frames::default();
    let mut now = t0;
    c.bench_function("screen/idle_second_200_items_120x40", |b| {
        b.iter(|| {
            now += TimeDelta::seconds(1);
            app.handle(Input::Tick, now);
            frames.draw(&mut terminal, black_box(&app), &theme).unwrap();
        })
    });
}

criterion_group!(benches, key_to_frame, journal_cost, idle_second);
criterion_main!(benches);
