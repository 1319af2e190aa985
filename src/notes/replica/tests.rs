use proptest::prelude::*;

use super::*;

fn writer(r: &mut Replica, text: &mut String, who: &str, new: &str) -> Vec<u8> {
    r.edit(who, text, new).expect("a change")
}

#[test]
fn an_edit_reaches_another_replica_and_is_added_once() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    let (mut b, mut tb) = (Replica::new(), String::new());
    let p1 = writer(&mut a, &mut ta, "ann", "One.\n");
    let p2 = writer(&mut a, &mut ta, "ann", "One.\nTwo.\n");
    assert_eq!(
        b.add(&p1, &mut tb, &mut [], true).unwrap(),
        Added {
            new: true,
            changed: true
        }
    );
    assert_eq!(
        b.add(&p2, &mut tb, &mut [], true).unwrap(),
        Added {
            new: true,
            changed: true
        }
    );
    assert_eq!(tb, "One.\nTwo.\n");
    // Again, and a replica's own patch: nothing new.
    assert_eq!(
        b.add(&p2, &mut tb, &mut [], true).unwrap(),
        Added::default()
    );
    assert_eq!(
        a.add(&p1, &mut ta, &mut [], true).unwrap(),
        Added::default()
    );
    assert_eq!(tb, ta);
}

#[test]
fn a_patch_delivered_before_what_it_builds_on_waits_for_it() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    let p1 = writer(&mut a, &mut ta, "ann", "One.\n");
    let p2 = writer(&mut a, &mut ta, "ann", "One.\nTwo.\n");
    let (mut b, mut tb) = (Replica::new(), String::new());
    assert_eq!(
        b.add(&p2, &mut tb, &mut [], true).unwrap(),
        Added::default()
    );
    assert_eq!((tb.as_str(), b.waiting()), ("", 1));
    b.add(&p1, &mut tb, &mut [], true).unwrap();
    assert_eq!((tb.as_str(), b.waiting()), ("One.\nTwo.\n", 0));
}

#[test]
fn two_writers_ending_the_same_text_keep_both_lines_whole() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    let (mut b, mut tb) = (Replica::new(), String::new());
    let base = writer(&mut a, &mut ta, "ann", "Start.\n");
    b.add(&base, &mut tb, &mut [], true).unwrap();
    let pa = writer(&mut a, &mut ta, "ann", "Start.\nAnn's line.\n");
    let pb = writer(&mut b, &mut tb, "bob", "Start.\nBob's line.\n");
    a.add(&pb, &mut ta, &mut [], true).unwrap();
    b.add(&pa, &mut tb, &mut [], true).unwrap();
    assert_eq!(ta, tb);
    assert!(
        ta.lines().any(|l| l == "Ann's line.") && ta.lines().any(|l| l == "Bob's line."),
        "{ta:?}"
    );
}

#[test]
fn a_cursor_stays_after_the_text_typed_before_it() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    let (mut b, mut tb) = (Replica::new(), String::new());
    let base = writer(&mut a, &mut ta, "ann", "Start.\n");
    b.add(&base, &mut tb, &mut [], true).unwrap();
    // Ann is half-way through a line when Bob's whole line arrives at the same place.
    writer(&mut a, &mut ta, "ann", "Start.\nAnn's li");
    let pb = writer(&mut b, &mut tb, "bob", "Start.\nBob's line.\n");
    let mut cursor = [ta.len()];
    a.add(&pb, &mut ta, &mut cursor, true).unwrap();
    ta.insert_str(cursor[0], "ne.\n");
    assert!(ta.lines().any(|l| l == "Ann's line."), "{ta:?}");
    assert!(ta.lines().any(|l| l == "Bob's line."), "{ta:?}");
}

#[test]
fn an_editor_saving_an_old_copy_adds_its_line_and_deletes_nothing_written_since() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    writer(&mut a, &mut ta, "ann", "One.\nTwo.\n");
    let opened = ta.clone();
    writer(&mut a, &mut ta, "ann", "One.\nTwo.\nThree.\n");
    writer(&mut a, &mut ta, "ann", "One.\nTwo.\nThree.\nFour.\n");
    let saved = "One.\nEditor's line.\nTwo.\n";
    let (base, base_text) = a.base_for(&ta, saved).expect("an edit");
    assert_eq!(base_text, opened);
    let mut cursor = [ta.len()];
    a.edit_at("file", &mut ta, &base, &base_text, saved, &mut cursor)
        .unwrap();
    assert_eq!(ta, "One.\nEditor's line.\nTwo.\nThree.\nFour.\n");
    assert_eq!(cursor, [ta.len()]);
    // The same file seen again is nothing new: it is a version the replica had.
    assert!(a.base_for(&ta, &ta.clone()).is_none());
}

#[test]
fn an_editor_opened_hundreds_of_edits_ago_still_finds_its_version() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    let mut opened = String::new();
    for n in 0..600 {
        let new = format!("{ta}line {n}\n");
        writer(&mut a, &mut ta, "ann", &new);
        if n == 99 {
            opened = ta.clone();
        }
    }
    let saved = format!("Editor's line.\n{opened}");
    let (base, base_text) = a.base_for(&ta, &saved).expect("an edit");
    assert_eq!(base_text, opened);
    a.edit_at("file", &mut ta, &base, &base_text, &saved, &mut [])
        .unwrap();
    assert_eq!(ta.lines().count(), 601);
    assert_eq!(ta.lines().filter(|l| *l == "line 99").count(), 1);
    assert!(ta.starts_with("Editor's line.\nline 0\n"));
}

#[test]
fn an_old_version_saved_again_unchanged_is_no_edit() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    writer(&mut a, &mut ta, "ann", "One.\n");
    writer(&mut a, &mut ta, "ann", "One.\nTwo.\n");
    assert!(a.base_for(&ta, "One.\n").is_none());
}

#[test]
fn a_patch_that_is_not_one_changes_nothing() {
    let (mut a, mut ta) = (Replica::new(), String::new());
    writer(&mut a, &mut ta, "ann", "One.\n");
    assert!(a.add(b"DMNDTYPS garbage", &mut ta, &mut [], true).is_err());
    assert!(a.add(&[0xff; 40], &mut ta, &mut [], true).is_err());
    assert_eq!(ta, "One.\n");
    assert_eq!(decode(&encode(b"\x00\x01abc")).unwrap(), b"\x00\x01abc");
}

#[test]
fn edits_in_two_places_keep_what_lies_between() {
    let ops = operations("a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n");
    let deleted: usize = ops
        .iter()
        .filter(|o| o.kind == OpKind::Del)
        .map(|o| o.loc.span.end - o.loc.span.start)
        .sum();
    assert_eq!(deleted, "a".len() + "e".len(), "{ops:?}");
}

/// What happens in one step of the model.
#[derive(Debug, Clone)]
enum Step {
    /// Writer `w` adds a new line before its line `at` (mod its count).
    Type { w: usize, at: usize },
    /// Writer `w` deletes one of the lines it typed itself, if any.
    Delete { w: usize, which: usize },
    /// A patch waiting for writer `to` is delivered: the `pick`th (mod the count) of
    /// those in flight, so deliveries come out of order; `twice` delivers it again later.
    Deliver { to: usize, pick: usize, twice: bool },
    /// An editor opens writer 0's text as it is now (a notes file read).
    Open,
    /// The editor adds a line before line `at` of what it opened and saves: writer 0
    /// takes the file in.
    Save { at: usize },
}

fn step(writers: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..writers, 0..50usize).prop_map(|(w, at)| Step::Type { w, at }),
        1 => (0..writers, 0..50usize).prop_map(|(w, which)| Step::Delete { w, which }),
        5 => (0..writers, 0..50usize, any::<bool>()).prop_map(|(to, pick, twice)| Step::Deliver { to, pick, twice }),
        1 => Just(Step::Open),
        1 => (0..50usize).prop_map(|at| Step::Save { at }),
    ]
}

fn insert_line(text: &str, at: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = at % (lines.len() + 1);
    let new = format!("{line}\n");
    lines.insert(at, &new);
    lines.concat()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Any number of writers typing and deleting lines, patches delivered late, out of
    /// order and twice, and an editor saving a stale copy of the moderator's text: once
    /// everything is delivered, every replica holds the same text, and every line that
    /// was written and not deleted by its writer is there exactly once.
    #[test]
    fn writers_converge_and_every_line_is_kept_once(
        writers in 2..5usize,
        steps in prop::collection::vec(step(4), 1..120),
    ) {
        let mut reps: Vec<(Replica, String)> = (0..writers).map(|_| (Replica::new(), String::new())).collect();
        let mut inbox: Vec<Vec<Vec<u8>>> = vec![Vec::new(); writers];
        let mut typed: Vec<Vec<String>> = vec![Vec::new(); writers];
        let mut deleted: Vec<String> = Vec::new();
        let mut opened: Option<String> = None;
        let mut editor_lines: Vec<String> = Vec::new();
        let mut count = 0;
        let send = |inbox: &mut Vec<Vec<Vec<u8>>>, from: usize, p: Vec<u8>| {
            for (to, i) in inbox.iter_mut().enumerate() {
                if to != from {
                    i.push(p.clone());
                }
            }
        };
        for s in steps {
            match s {
                Step::Type { w, at } => {
                    let w = w % writers;
                    count += 1;
                    let line = format!("w{w} line {count}");
                    let (r, t) = &mut reps[w];
                    let new = insert_line(t, at, &line);
                    let p = r.edit(&format!("w{w}"), t, &new).unwrap();
                    typed[w].push(line);
                    send(&mut inbox, w, p);
                }
                Step::Delete { w, which } => {
                    let w = w % writers;
                    let (r, t) = &mut reps[w];
                    let mine: Vec<&String> = typed[w].iter().filter(|l| t.lines().any(|x| x == l.as_str())).collect();
                    if mine.is_empty() { continue; }
                    let gone = mine[which % mine.len()].clone();
                    let new: String = t.split_inclusive('\n').filter(|l| l.trim_end_matches('\n') != gone).collect();
                    if let Some(p) = r.edit(&format!("w{w}"), t, &new) {
                        send(&mut inbox, w, p);
                    }
                    deleted.push(gone);
                }
                Step::Deliver { to, pick, twice } => {
                    let to = to % writers;
                    if inbox[to].is_empty() { continue; }
                    let i = pick % inbox[to].len();
                    let p = if twice { inbox[to][i].clone() } else { inbox[to].remove(i) };
                    let (r, t) = &mut reps[to];
                    r.add(&p, t, &mut [], true).unwrap();
                }
                Step::Open => opened = Some(reps[0].1.clone()),
                Step::Save { at } => {
                    let Some(o) = opened.take() else { continue };
                    count += 1;
                    let line = format!("editor line {count}");
                    let saved = insert_line(&o, at, &line);
                    let (r, t) = &mut reps[0];
                    if let Some((base, base_text)) = r.base_for(t, &saved) {
                        let (p, _) = r.edit_at("editor", t, &base, &base_text, &saved, &mut []).unwrap();
                        send(&mut inbox, 0, p);
                    }
                    editor_lines.push(line);
                }
            }
        }
        // Everything still in flight arrives, in order of sending.
        for to in 0..writers {
            for p in std::mem::take(&mut inbox[to]) {
                let (r, t) = &mut reps[to];
                r.add(&p, t, &mut [], true).unwrap();
            }
        }
        let first = reps[0].1.clone();
        for (r, t) in &reps {
            prop_assert_eq!(t, &first);
            prop_assert_eq!(r.waiting(), 0);
        }
        let expected: Vec<&String> = typed.iter().flatten().chain(&editor_lines).filter(|l| !deleted.contains(l)).collect();
        for line in &expected {
            let n = first.lines().filter(|l| l == &line.as_str()).count();
            prop_assert_eq!(n, 1, "{:?} is there {} times in {:?}", line, n, first);
        }
        prop_assert_eq!(first.lines().count(), expected.len(), "{:?}", first);
    }
}

proptest! {
    /// The shared start and end, found a block at a time, are those found a byte at a
    /// time: long texts with an edit anywhere, at a block's edge too.
    #[test]
    fn the_shared_start_and_end_are_found_whole(
        body in "[ab\n é]{0,1200}",
        at in 0usize..1300,
        cut in 0usize..40,
        put in "[abc é]{0,20}",
    ) {
        let mut at = at.min(body.len());
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        let mut to = (at + cut).min(body.len());
        while !body.is_char_boundary(to) {
            to -= 1;
        }
        let new = format!("{}{put}{}", &body[..at], &body[to..]);
        let (o, n) = (body.as_bytes(), new.as_bytes());
        let naive_start = o.iter().zip(n).take_while(|(a, b)| a == b).count();
        let naive_end = o.iter().rev().zip(n.iter().rev()).take_while(|(a, b)| a == b).count();
        prop_assert_eq!(shared_start(o, n), naive_start);
        prop_assert_eq!(shared_end(o, n), naive_end);
        let (start, end) = common(&body, &new);
        prop_assert!(start + end <= body.len().min(new.len()));
        prop_assert_eq!(format!("{}{}{}", &new[..start], &new[start..new.len() - end], &new[new.len() - end..]), new.clone());
        prop_assert_eq!(&body[..start], &new[..start]);
        prop_assert_eq!(&body[body.len() - end..], &new[new.len() - end..]);
    }
}
