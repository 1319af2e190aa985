//! Speed of the core: loading a large agenda and rendering a large meeting's report.
//! Run with `cargo bench --bench core`; figures and method are in BENCHMARKS.md.

use std::fmt::Write;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

use agendum::agenda;
use agendum::meeting::{Event, Meeting};
use agendum::report;

mod support;
use support::{large_agenda, typical_notes};

/// The same 1 MB written as nothing but labelled lines: the worst case for the
/// report's lists and action table (about 9,000 entries).
fn dense_notes(i: usize) -> String {
    let mut s = String::new();
    while s.len() < 5_000 {
        let _ = writeln!(
            s,
            "P{} noted that the *draft* on item {i} needs [more work](https://example.org/w) before the next call, and asked the group to comment.\n",
            i % 300
        );
        let _ = writeln!(s, "KEY: the group reviewed part {} of the draft", s.len());
        let _ = writeln!(
            s,
            "ACTION: P{}: circulate the revised text due 2026-12-10",
            (i * 7) % 300
        );
        let _ = writeln!(s, "DECISION: the comment period is two weeks\n");
    }
    s
}

fn large_meeting(text: &str, notes: fn(usize) -> String) -> Meeting {
    let agenda = agenda::parse_str("bench.toml", text).expect("the benchmark agenda is valid");
    let mut m = Meeting::new(agenda);
    let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
    for i in 0..200 {
        let at = t0 + chrono::TimeDelta::minutes(i as i64 * 5);
        m.apply(
            &Event::TakeUp {
                item: (i + 1).to_string(),
            },
            at,
        )
        .unwrap();
        m.apply(
            &Event::Notes {
                item: i + 1,
                text: notes(i),
            },
            at,
        )
        .unwrap();
        if i % 3 == 0 {
            m.apply(
                &Event::Present {
                    who: format!("Participant Número {i} Surname{i}"),
                },
                at,
            )
            .unwrap();
        }
    }
    m
}

fn load(c: &mut Criterion) {
    let text = large_agenda();
    c.bench_function("load 200 items, 300 participants", |b| {
        b.iter(|| agenda::parse_str("bench.toml", black_box(&text)).unwrap())
    });
}

fn render(c: &mut Criterion) {
    for (name, notes) in [
        (
            "report of 200 items with 1 MB of notes",
            typical_notes as fn(usize) -> String,
        ),
        (
            "report of 200 items with 1 MB of labelled lines",
            dense_notes,
        ),
    ] {
        let m = large_meeting(&large_agenda(), notes);
        let total: usize = m.notes.iter().map(String::len).sum();
        assert!(total >= 1_000_000, "notes are {total} bytes");
        c.bench_function(name, |b| b.iter(|| report::render(black_box(&m))));
    }
    // What `w` costs in all: the markdown rendered, then read into blocks and written
    // as a Word document and a web page, the three in memory.
    let m = large_meeting(&large_agenda(), typical_notes);
    let everything = report::Publishing::default();
    c.bench_function(
        "report of 200 items with 1 MB of notes, md + docx + html",
        |b| {
            b.iter(|| {
                let md = report::render(black_box(&m));
                report::publish(&md, &everything).unwrap()
            })
        },
    );
    let md = report::render(&m);
    // Its parts, to see where the time goes.
    c.bench_function("report forms: markdown read into blocks", |b| {
        b.iter(|| report::document::from_markdown(black_box(&md)))
    });
    let doc = report::document::from_markdown(&md);
    c.bench_function("report forms: blocks to docx", |b| {
        b.iter(|| report::docx::render(black_box(&doc), None).unwrap())
    });
    c.bench_function("report forms: blocks to html", |b| {
        b.iter(|| report::html::render(black_box(&doc)))
    });
    let sizes: Vec<String> = report::publish(&md, &everything)
        .unwrap()
        .iter()
        .map(|(f, bytes)| format!("{} {} KB", f.name(), bytes.len() / 1024))
        .collect();
    eprintln!("the three forms: {}", sizes.join(", "));
}

criterion_group!(benches, load, render);
criterion_main!(benches, persistence);

/// A journal of 100,000 events, shaped as a long meeting journals them: take-ups,
/// queue joins and turns, attendance, and notes typed a second at a time (journalled
/// as patches of the items' shared text, as the screen makes them), read and replayed:
/// what resuming a long meeting costs.
fn resume(c: &mut Criterion) {
    use agendum::journal;
    use agendum::meeting::Record;
    let agenda = agenda::parse_str("bench.toml", &large_agenda()).unwrap();
    let mut notes = vec![String::new(); agenda.items.len()];
    // The meeting as the moderator's screen held it, making the patches.
    let mut typing = Meeting::new(agenda.clone());
    typing.writer = "chair@laptop~4242-1".into();
    let mut text = journal::format(&Record {
        at: support::t0(),
        event: Event::Agenda {
            items: agenda.items.iter().map(|i| i.title.clone()).collect(),
        },
    });
    for n in 0..100_000usize {
        let event = support::long_meeting_event(n, &mut typing, &mut notes);
        text.push_str(&journal::format(&Record {
            at: support::at(n),
            event,
        }));
    }
    c.bench_function("resume from a journal of 100,000 events", |b| {
        b.iter(|| {
            let (records, damaged) = journal::parse(black_box(&text));
            assert!(damaged.is_empty());
            Meeting::replay(agenda.clone(), &records)
        })
    });
    // Its two halves, to see where the time goes.
    c.bench_function("resume: reading 100,000 journal lines", |b| {
        b.iter(|| journal::parse(black_box(&text)))
    });
    let (records, _) = journal::parse(&text);
    c.bench_function("resume: replaying 100,000 events", |b| {
        b.iter(|| Meeting::replay(agenda.clone(), black_box(&records)))
    });
    // Every edit fits: the notes replayed are the notes typed.
    let (records, _) = journal::parse(&text);
    assert_eq!(Meeting::replay(agenda.clone(), &records).0.notes, notes);
    // What a resume does with the checkpoint the last session wrote: checks it against
    // the journal, takes it up, replays what follows it (here, nothing).
    let local = tempfile::tempdir().unwrap();
    std::fs::write(local.path().join(journal::FILE_NAME), &text).unwrap();
    use agendum::store::checkpoint;
    assert!(checkpoint::write(local.path(), &agenda).unwrap());
    c.bench_function("resume from a checkpoint of 100,000 events", |b| {
        b.iter(|| {
            let r = checkpoint::replay(local.path(), agenda.clone(), black_box(text.as_bytes()));
            assert_eq!(r.covered, text.len() as u64);
            r
        })
    });
    let r = checkpoint::replay(local.path(), agenda.clone(), text.as_bytes());
    assert_eq!(r.meeting.notes, notes);
}

criterion_group!(persistence, resume);
