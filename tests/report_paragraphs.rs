//! The four real reports, paragraph for paragraph (SPEC section 6): each example's
//! text and agendum's report of the same meeting, rendered from the shipped agenda and
//! the notes as typed with the built-in template, are reduced to what a reader sees
//! (markup, list markers and link targets stripped, whitespace collapsed) and must be
//! identical: nothing changed, missing or extra.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

mod common;

use common::meetings::rendered;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// What a reader sees of a markdown text, one string per paragraph, heading, list item
/// and table row. List markers are stripped wherever they are, as markup or as text
/// (the examples are text copies, where "1." may be a list's or a heading's number).
fn visible_paragraphs(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        let text = strip_markers(&text);
        if !text.is_empty() {
            out.push(text.to_string());
        }
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, opts) {
        match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableRow
                | Tag::TableHead
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::List(_),
            ) => flush(&mut current, &mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) => flush(&mut current, &mut out),
            Event::End(TagEnd::TableCell) => current.push(' '),
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The text of every link, in order: links are part of the house style too (on the
/// agenda line, on the discussion heading, in the prose).
fn links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { .. }) => open = Some(String::new()),
            Event::End(TagEnd::Link) => out.extend(open.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(o) = open.as_mut() {
                    o.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn strip_markers(mut text: &str) -> &str {
    loop {
        let t = text.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let rest = if digits > 0 && digits < 4 {
            t[digits..].strip_prefix(['.', ')'])
        } else {
            t.strip_prefix(['-', '*', '+'])
        };
        match rest {
            Some(r) if r.starts_with(' ') || r.is_empty() => text = r.trim_start(),
            _ => return t,
        }
    }
}

/// The example's paragraphs with those its text copy broke at a page end joined again:
/// a paragraph that stops mid-sentence (no closing punctuation) and one that goes on
/// in a lower-case word are one paragraph of the real report, as a notetaker types it.
fn joined_across_pages(paragraphs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paragraphs {
        if let Some(last) = out.last_mut()
            && !last.ends_with(|c: char| ".:;!?)”\"".contains(c))
            && p.starts_with(|c: char| c.is_lowercase())
            // "a. …" is a sub-item's letter, not a sentence going on.
            && p.split(' ').next().map(|w| w.trim_end_matches(|c: char| c.is_ascii_punctuation()))
                .is_some_and(|w| w.chars().all(char::is_alphabetic) && w.len() > 1)
        {
            last.push(' ');
            last.push_str(&p);
            continue;
        }
        out.push(p);
    }
    out
}

fn example(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/examples").join(file))
        .expect("the example report")
}

/// The two lists of paragraphs side by side where they differ, for the failure message.
fn differences(want: &[String], got: &[String]) -> String {
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    let got: Vec<&str> = got.iter().map(String::as_str).collect();
    common::lines::differences(&want, &got, ("- real:    ", "+ agendum: "))
}

fn check(agenda_file: &str, folder: &str, example_file: &str) {
    let markdown = rendered(agenda_file, folder);
    let want = joined_across_pages(visible_paragraphs(&example(example_file)));
    let got = visible_paragraphs(&markdown);
    let same = similar::TextDiff::from_slices(
        &want.iter().map(String::as_str).collect::<Vec<_>>(),
        &got.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .iter_all_changes()
    .filter(|c| c.tag() == similar::ChangeTag::Equal)
    .count();
    assert!(
        want == got,
        "{example_file}: {same} of {} paragraphs the same ({} rendered):\n{}\n--- rendered:\n{markdown}",
        want.len(),
        got.len(),
        differences(&want, &got)
    );
    eprintln!("{example_file}: {} paragraphs, all identical", want.len());
    let (want, got) = (links(&example(example_file)), links(&markdown));
    assert!(
        want == got,
        "{example_file}: the links differ:\n{}",
        differences(&want, &got)
    );
    eprintln!("{example_file}: {} links, all identical", want.len());
}

#[test]
fn wg_strategy_51_paragraph_for_paragraph() {
    check(
        "wg-strategy-51.toml",
        "2023-02-16-wg-strategy-51",
        "wg-strategy-51-summary-report.txt",
    );
}

#[test]
fn wg_strategy_14_paragraph_for_paragraph() {
    check(
        "wg-strategy-14.toml",
        "2021-02-18-wg-strategy-14",
        "wg-strategy-14-summary-report.txt",
    );
}

#[test]
fn wg_strategy_46_paragraph_for_paragraph() {
    check(
        "wg-strategy-46.toml",
        "2022-10-20-wg-strategy-46",
        "wg-strategy-46-summary-report.txt",
    );
}

#[test]
fn mag_2023_paragraph_for_paragraph() {
    check(
        "mag-2023-first-open-consultations.toml",
        "2023-03-07-igf-2023",
        "mag-2023-first-open-consultations-action-summary.txt",
    );
}
