//! What the screen keeps of a long text while someone types at its end: the notes are
//! handed from the editor to the meeting twice a second at most, and nothing that a
//! hand-over makes (a copy of the whole text for the meeting, the file, the extraction) may stay
//! behind it, or a long meeting's memory would grow by the text at every second.
//!
//! Heap bytes are counted by an allocator of this test's own, so this binary holds
//! this one test: no other thread allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use chrono::{TimeDelta, TimeZone, Utc};

use agendum::app::keymap::Key;
use agendum::app::{App, Input};
use agendum::meeting::Meeting;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn typing_at_the_end_of_long_notes_keeps_no_copy_per_hand_over() {
    let agenda = agendum::agenda::parse_str("demo.toml", include_str!("../agendas/demo.toml"))
        .expect("the demo agenda is valid");
    let mut meeting = Meeting::new(agenda);
    // About 100,000 words, in lines of twelve.
    let line = "the group agreed that the metadata profile should include comments\n";
    let text = line.repeat(100_000 / 12);
    meeting.edit_notes(0, &text);
    let mut now = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
    let mut app = App::new(meeting, now);
    // An input, and what the shell asks for once its frame is out.
    let mut input = |app: &mut App, i: Input| {
        now += TimeDelta::milliseconds(600);
        drop(app.handle(i, now));
        drop(app.after_frame(now));
    };
    input(&mut app, Input::Key(Key::Char('n')));
    input(&mut app, Input::Key(Key::Char('i')));
    // Each key is followed by the clock past the hand-over's due time: one hand-over a
    // key. The first ones settle what is made once (buffers grown to the text's size).
    let mut type_keys = |app: &mut App, n: usize| {
        for k in 0..n {
            input(
                app,
                Input::Key(Key::Char(if k % 5 == 4 { ' ' } else { 'x' })),
            );
            input(app, Input::Tick);
        }
    };
    type_keys(&mut app, 20);
    let before = live();
    let hand_overs = 100;
    type_keys(&mut app, hand_overs);
    let grown = live() - before;
    let notes = &app.meeting.notes[0];
    assert!(
        notes.matches("xxxx ").count() >= hand_overs / 5,
        "the typing did not reach the meeting's notes: …{}",
        &notes[notes.len().saturating_sub(200)..]
    );
    // Each hand-over adds a few operations to the shared text (some bytes each); a
    // copy of the text kept per hand-over would be `text.len()` bytes each time.
    assert!(
        grown < text.len() as isize,
        "{hand_overs} hand-overs of a {} byte text kept {grown} more bytes",
        text.len()
    );
}
