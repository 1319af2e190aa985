//! The report reads the same in the readers people open it with (SPEC section 6: the
//! report is CommonMark and renders as intended): pandoc's own markdown reader, with
//! all its default extensions (what `pandoc report.md -o report.docx` uses), pandoc's
//! GitHub reader, and pulldown-cmark with GitHub's tables and strikethrough. Each
//! report is read by the three into a small tree of blocks (headings, paragraphs,
//! lists, tables, code blocks, quotes, rules) holding the text a reader sees, and the
//! three trees must be the same.
//!
//! What only differs in typography is made the same before comparing: pandoc's `smart`
//! extension turns quotes curly and `--`, `---`, `...` into dashes and an ellipsis,
//! and pandoc draws a task list's box as ☐.
//! Raw HTML (the `<br>` of a run-in heading) shows nothing in any reader; a citation
//! (`@name`) shows its text. Emphasis, strong emphasis, strikethrough, code, and what
//! only pandoc has (super- and subscript, maths, footnotes, definition lists, line
//! blocks) are marked in the text, so that `^x^` read as a superscript differs from
//! `^x^` read as text.
//!
//! The reports: the four real meetings, the demo meeting, meetings whose names,
//! titles and notes hold markdown of every reader and of pandoc's alone, in both
//! report styles and both readings of notes, and random notes.
//!
//! Left out, because the readers cannot be made to agree without harming the report:
//!
//! - A quote, heading, rule or code block right under a list item's text, a setext
//!   heading in a list item, and a change of bullet in a nested list. pandoc's
//!   markdown reader reads such a line as the item's text going on; it needs a blank
//!   line first, and a blank line there makes the list loose in CommonMark (more space
//!   between all its items). Outside list items the report adds the blank line.
//! - A list item among an entry's detail lines (see `plain_details`).
//! - HTML blocks (`<div>` on a line of its own): pandoc's markdown reader reads the
//!   markdown inside them, CommonMark passes them through as HTML. A browser shows the
//!   same text; the blocks differ by design.
//!
//! pandoc is needed: without it the test fails and says how to install it.

use std::io::Write;
use std::process::{Command, Stdio};

use agendum::agenda;
use agendum::meeting::Meeting;
use agendum::report;

mod common;

use common::meetings::{rendered, rendered_in};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

/// A block as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u64, String),
    Para(String),
    /// The start number of an ordered list, `None` for bullets; each item's blocks.
    List(Option<u64>, Vec<Vec<Block>>),
    /// Rows (the header first) of cells' text.
    Table(Vec<Vec<String>>),
    Code(String),
    Quote(Vec<Block>),
    Rule,
    /// An HTML block: shown by a browser, not read as markdown.
    Html,
    /// What only one reader has (a definition list, a line block, a div, a table's
    /// caption): its name and text.
    Other(String, String),
}

/// The text as readers show it, the same whatever the typography: quotes, dashes and
/// ellipses as typed, before pandoc's `smart` made them curly, long and one
/// character; a task list's box as typed; one space for any run of white space.
fn visible(text: &str) -> String {
    let text = text
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('—', "---")
        .replace('–', "--")
        .replace('…', "...")
        // A task list's box, as pandoc draws it: "[ ]" and "[x]" in the others.
        .replace('☐', "[ ]")
        .replace('☒', "[x]");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a reader's inline markup shows in the compared text.
fn mark(kind: &str, inner: &str) -> String {
    format!("⟨{kind}⟩{inner}⟨/{kind}⟩")
}

// ---------------------------------------------------------------------------------
// pulldown-cmark

fn commonmark(md: &str) -> Vec<Block> {
    /// An open block and what it has gathered so far.
    struct Frame {
        tag: Option<Tag<'static>>,
        blocks: Vec<Block>,
        /// Inline text not yet in a block (a paragraph's, a tight list item's).
        text: Option<String>,
        items: Vec<Vec<Block>>,
        rows: Vec<Vec<String>>,
        cells: Vec<String>,
    }
    fn frame(tag: Option<Tag<'static>>) -> Frame {
        Frame {
            tag,
            blocks: Vec::new(),
            text: None,
            items: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
        }
    }
    /// A tight item's text becomes a paragraph, as pandoc's `Plain` does.
    fn flush(f: &mut Frame) {
        if let Some(t) = f.text.take() {
            let t = visible(&t);
            if !t.is_empty() {
                f.blocks.push(Block::Para(t));
            }
        }
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut stack = vec![frame(None)];
    for event in Parser::new_ext(md, opts) {
        let top = stack.last_mut().expect("the document");
        match event {
            Event::Start(tag) => match tag {
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                    let kind = match tag {
                        Tag::Emphasis => "em",
                        Tag::Strong => "strong",
                        _ => "strike",
                    };
                    top.text
                        .get_or_insert_default()
                        .push_str(&format!("⟨{kind}⟩"));
                }
                Tag::Link { .. } | Tag::Image { .. } => {}
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell => {
                    if !matches!(tag, Tag::TableHead | Tag::TableRow | Tag::TableCell) {
                        flush(top);
                    }
                    stack.push(frame(Some(tag.into_static())));
                }
                other => panic!("pulldown-cmark gave an unexpected {other:?}"),
            },
            Event::End(end) => match end {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                    let kind = match end {
                        TagEnd::Emphasis => "em",
                        TagEnd::Strong => "strong",
                        _ => "strike",
                    };
                    top.text
                        .get_or_insert_default()
                        .push_str(&format!("⟨/{kind}⟩"));
                }
                TagEnd::Link | TagEnd::Image => {}
                _ => {
                    let mut f = stack.pop().expect("balanced events");
                    let parent = stack.last_mut().expect("the document");
                    let text = || visible(f.text.as_deref().unwrap_or(""));
                    match f.tag.take().expect("a block") {
                        Tag::Paragraph => parent.blocks.push(Block::Para(text())),
                        Tag::Heading { level, .. } => {
                            parent.blocks.push(Block::Heading(level as u64, text()))
                        }
                        Tag::CodeBlock(_) => parent.blocks.push(Block::Code(
                            f.text
                                .unwrap_or_default()
                                .trim_end_matches('\n')
                                .to_string(),
                        )),
                        Tag::HtmlBlock => parent.blocks.push(Block::Html),
                        Tag::BlockQuote(_) => parent.blocks.push(Block::Quote(f.blocks)),
                        Tag::Item => {
                            flush(&mut f);
                            parent.items.push(f.blocks);
                        }
                        Tag::List(start) => parent.blocks.push(Block::List(start, f.items)),
                        Tag::TableCell => parent.cells.push(text()),
                        Tag::TableHead | Tag::TableRow => {
                            let row = std::mem::take(&mut f.cells);
                            parent.rows.push(row);
                        }
                        Tag::Table(_) => parent.blocks.push(Block::Table(f.rows)),
                        other => panic!("an unexpected end of {other:?}"),
                    }
                }
            },
            Event::Text(t) => top.text.get_or_insert_default().push_str(&t),
            Event::Code(t) => top.text.get_or_insert_default().push_str(&mark("code", &t)),
            Event::SoftBreak => top.text.get_or_insert_default().push(' '),
            Event::HardBreak => top.text.get_or_insert_default().push_str(" ⏎ "),
            Event::Html(_) | Event::InlineHtml(_) => {
                // Shows nothing; in an HTML block, the block is what counts.
            }
            Event::Rule => {
                flush(top);
                top.blocks.push(Block::Rule);
            }
            other => panic!("pulldown-cmark gave an unexpected {other:?}"),
        }
    }
    let mut doc = stack.pop().expect("the document");
    assert!(stack.is_empty(), "unbalanced events");
    flush(&mut doc);
    doc.blocks
}

// ---------------------------------------------------------------------------------
// pandoc

/// pandoc's JSON syntax tree of `md`, read as `format`.
fn pandoc_json(md: &str, format: &str) -> Value {
    let child = Command::new("pandoc")
        .args(["-f", format, "-t", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "pandoc is not installed, and this test reads every report with it: install \
             it (Debian and Ubuntu: `apt-get install pandoc`; elsewhere \
             https://pandoc.org/installing.html) and run the test again"
        ),
        Err(e) => panic!("pandoc does not start: {e}"),
    };
    let mut stdin = child.stdin.take().expect("pandoc's input");
    let input = md.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("pandoc runs");
    writer
        .join()
        .expect("the writer thread")
        .expect("pandoc reads the report");
    assert!(
        out.status.success(),
        "pandoc -f {format} fails: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("pandoc writes JSON")
}

fn pandoc(md: &str, format: &str) -> Vec<Block> {
    let json = pandoc_json(md, format);
    let blocks = json["blocks"].as_array().expect("the document's blocks");
    pandoc_blocks(blocks)
}

fn c(v: &Value) -> &Value {
    &v["c"]
}

fn pandoc_blocks(blocks: &[Value]) -> Vec<Block> {
    let mut out = Vec::new();
    for b in blocks {
        let t = b["t"].as_str().expect("a block's type");
        match t {
            "Plain" | "Para" => out.push(Block::Para(visible(&inlines(c(b))))),
            "Header" => out.push(Block::Heading(
                c(b)[0].as_u64().expect("a level"),
                visible(&inlines(&c(b)[2])),
            )),
            "CodeBlock" => out.push(Block::Code(
                c(b)[1]
                    .as_str()
                    .expect("code")
                    .trim_end_matches('\n')
                    .into(),
            )),
            "RawBlock" => out.push(Block::Html),
            "BlockQuote" => out.push(Block::Quote(pandoc_blocks(array(c(b))))),
            "BulletList" => out.push(Block::List(None, items(c(b)))),
            "OrderedList" => {
                let start = c(b)[0][0].as_u64().expect("a start");
                let style = c(b)[0][1]["t"].as_str().unwrap_or("");
                let list = Block::List(Some(start), items(&c(b)[1]));
                if matches!(style, "DefaultStyle" | "Decimal") {
                    out.push(list);
                } else {
                    out.push(Block::Other(style.into(), format!("{list:?}")));
                }
            }
            "HorizontalRule" => out.push(Block::Rule),
            "Table" => {
                let caption = pandoc_blocks(array(&c(b)[1][1]));
                let mut rows = Vec::new();
                let head = &c(b)[3][1];
                let bodies = array(&c(b)[4]);
                let foot = &c(b)[5][1];
                let mut all: Vec<&Value> = array(head).iter().collect();
                for body in bodies {
                    all.extend(array(&body[2]));
                    all.extend(array(&body[3]));
                }
                all.extend(array(foot));
                for row in all {
                    rows.push(
                        array(&row[1])
                            .iter()
                            .map(|cell| text_of(&pandoc_blocks(array(&cell[4]))))
                            .collect(),
                    );
                }
                out.push(Block::Table(rows));
                if !caption.is_empty() {
                    out.push(Block::Other("caption".into(), text_of(&caption)));
                }
            }
            // pandoc 3 makes an image alone in a paragraph a figure (pandoc 2 a
            // paragraph with a "fig:" title): the image, as in the other readers.
            "Figure" => out.extend(pandoc_blocks(array(&c(b)[2]))),
            "Null" => {}
            other => out.push(Block::Other(other.into(), format!("{:?}", c(b)))),
        }
    }
    out
}

fn array(v: &Value) -> &[Value] {
    v.as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("an array: {v}"))
}

fn items(v: &Value) -> Vec<Vec<Block>> {
    array(v).iter().map(|i| pandoc_blocks(array(i))).collect()
}

/// The text of blocks, for a table cell or a caption.
fn text_of(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Para(t) | Block::Heading(_, t) | Block::Code(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    visible(&parts.join(" "))
}

fn inlines(v: &Value) -> String {
    let mut out = String::new();
    for i in array(v) {
        inline(i, &mut out);
    }
    out
}

fn inline(i: &Value, out: &mut String) {
    let t = i["t"].as_str().expect("an inline's type");
    let marked = |kind: &str, inner: &Value, out: &mut String| {
        out.push_str(&mark(kind, &inlines(inner)));
    };
    match t {
        "Str" => out.push_str(c(i).as_str().expect("a string")),
        "Space" | "SoftBreak" => out.push(' '),
        "LineBreak" => out.push_str(" ⏎ "),
        "Emph" => marked("em", c(i), out),
        "Strong" => marked("strong", c(i), out),
        "Strikeout" => marked("strike", c(i), out),
        "Superscript" => marked("sup", c(i), out),
        "Subscript" => marked("sub", c(i), out),
        "Underline" => marked("u", c(i), out),
        "SmallCaps" => marked("smallcaps", c(i), out),
        "Quoted" => {
            let q = if c(i)[0]["t"] == "SingleQuote" {
                "'"
            } else {
                "\""
            };
            out.push_str(q);
            out.push_str(&inlines(&c(i)[1]));
            out.push_str(q);
        }
        // A citation shows as written.
        "Cite" => out.push_str(&inlines(&c(i)[1])),
        "Code" => out.push_str(&mark("code", c(i)[1].as_str().expect("code"))),
        "Math" => out.push_str(&mark("math", c(i)[1].as_str().expect("TeX"))),
        "RawInline" => {}
        "Link" | "Image" => out.push_str(&inlines(&c(i)[1])),
        "Span" => {
            let classes = &c(i)[0][1];
            let inner = inlines(&c(i)[1]);
            if classes.as_array().is_some_and(|a| !a.is_empty()) {
                out.push_str(&mark(&format!("span {classes}"), &inner));
            } else {
                out.push_str(&inner);
            }
        }
        "Note" => out.push_str(&mark("note", &format!("{:?}", pandoc_blocks(array(c(i)))))),
        other => out.push_str(&mark(other, &c(i).to_string())),
    }
}

// ---------------------------------------------------------------------------------
// Comparing

/// The blocks one per line, nested ones indented, for a failure message.
fn outline(blocks: &[Block]) -> Vec<String> {
    fn go(blocks: &[Block], depth: usize, out: &mut Vec<String>) {
        let pad = "  ".repeat(depth);
        for b in blocks {
            match b {
                Block::List(start, items) => {
                    out.push(format!("{pad}List({start:?})"));
                    for item in items {
                        out.push(format!("{pad}  Item"));
                        go(item, depth + 2, out);
                    }
                }
                Block::Quote(inner) => {
                    out.push(format!("{pad}Quote"));
                    go(inner, depth + 1, out);
                }
                other => out.push(format!("{pad}{other:?}")),
            }
        }
    }
    let mut out = Vec::new();
    go(blocks, 0, &mut out);
    out
}

fn differences(a: &[Block], b: &[Block]) -> String {
    let (a, b) = (outline(a), outline(b));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let mut out = String::new();
    let diff = similar::TextDiff::from_slices(&a, &b);
    for group in diff.grouped_ops(2) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => "  ",
                    similar::ChangeTag::Delete => "- ",
                    similar::ChangeTag::Insert => "+ ",
                };
                out.push_str(sign);
                out.push_str(change.value());
                out.push('\n');
            }
        }
        out.push_str("…\n");
    }
    out
}

/// The report's blocks as each reader sees them: pulldown-cmark's first.
struct Readings {
    commonmark: Vec<Block>,
    pandoc: Vec<Block>,
    gfm: Vec<Block>,
}

fn read(md: &str) -> Readings {
    Readings {
        commonmark: commonmark(md),
        pandoc: pandoc(md, "markdown"),
        gfm: pandoc(md, "gfm"),
    }
}

/// Where the readers disagree on `md`, said for a failure message; `None` when they
/// agree.
fn disagreement(what: &str, md: &str) -> Option<String> {
    let r = read(md);
    let mut out = String::new();
    for (name, other) in [("pandoc -f markdown", &r.pandoc), ("pandoc -f gfm", &r.gfm)] {
        if *other != r.commonmark {
            out.push_str(&format!(
                "{what}: pulldown-cmark (-) and {name} (+) read the report differently:\n{}\n",
                differences(&r.commonmark, other)
            ));
        }
    }
    (!out.is_empty()).then(|| format!("{out}--- the report:\n{md}"))
}

fn assert_agree(what: &str, md: &str) {
    if let Some(d) = disagreement(what, md) {
        panic!("{d}");
    }
}

/// The comparison sees what it is there for: markdown that the readers read
/// differently, written without agendum's escaping, is told apart.
#[test]
fn the_readers_are_told_apart_where_they_differ() {
    for md in [
        "a ^x^ b",
        "H~2~O",
        "a $x$ b",
        "\\LaTeX",
        "text\n# heading",
        "text\n- item",
        "text\n> quote",
        "a. letter",
        "(@) example",
        "| line block",
        "Term\n: definition",
        "a :smile: b",
        "[text]{.class}",
        "# Title {#id}",
        "@cite [\\^1]",
        "+ a\n* b",
        "- a\nb | c",
        "- --\n  text\n\n---",
        "***\n===",
        "| a | b |\n|---|---|\nrow",
        "ends \\",
    ] {
        assert!(
            disagreement(md, md).is_some(),
            "{md:?} reads the same in the three readers"
        );
    }
}

// ---------------------------------------------------------------------------------
// The reports

#[test]
fn the_real_meetings_read_the_same_in_every_reader() {
    for (agenda_file, folder) in [
        ("wg-strategy-51.toml", "2023-02-16-wg-strategy-51"),
        ("wg-strategy-14.toml", "2021-02-18-wg-strategy-14"),
        ("wg-strategy-46.toml", "2022-10-20-wg-strategy-46"),
        (
            "mag-2023-first-open-consultations.toml",
            "2023-03-07-igf-2023",
        ),
    ] {
        assert_agree(agenda_file, &rendered(agenda_file, folder));
    }
    let empty = tempfile::tempdir().expect("a temporary folder");
    assert_agree("demo.toml", &rendered_in("demo.toml", empty.path()));
}

// ---------------------------------------------------------------------------------
// Meetings full of markdown, and of what only pandoc reads as markup

/// A TOML string holding exactly `s`.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// (name, short, affiliation)
const PEOPLE: [(&str, &str, &str); 8] = [
    ("Sam Okafor", "Sam", "a. lower-letter Org"),
    ("A^x^ $6$ ~z~ @cite", "Ax", "i) roman Org"),
    ("(b) Paren Person", "Bea", ": definition Org"),
    ("a. Lower Letter", "Al", "| line block"),
    (
        "- Ana *Star* Lima",
        "Ana",
        "1. Org [A] <b>bold</b> | &amp; co",
    ),
    (
        "Chen | Wei & Co",
        "Chen",
        "# Hash ~Tilde~ \\Back\\ &copy; \\LaTeX",
    ),
    (
        "Dee [text]{.class} [^1]",
        "Dee",
        "<span>x</span> :smile: H~2~O",
    ),
    ("Eve {#id} ***", "Eve", "$5 to $6 ^sup^ `a^b$`"),
];
/// (title, link, subitems)
const ITEMS: [(&str, Option<&str>, &[&str]); 6] = [
    ("a. lower-letter list", None, &["i) roman", "(c) paren"]),
    (
        "i) roman ^x^ and ~y~ and $6$",
        Some("https://x.org/~u/a_(b)"),
        &[": definition", "| line block"],
    ),
    ("(b) paren [text]{.class} [^1] @cite", None, &[]),
    (": definition \\LaTeX H~2~O $5 to $6", None, &[]),
    ("| line block :smile: <span>s</span> {#id}", None, &[]),
    ("Never taken up: --- *** ...", None, &[]),
];
/// (title, url)
const DOCS: [(&str, &str); 2] = [
    ("a. Doc ^1^ $2$", "https://x.org/~u/doc"),
    ("i) Doc [x]{.y} @z", "https://x.org/d2"),
];
const GUESTS: [(&str, Option<&str>); 2] = [
    ("(b) Guest ^g^", Some(": Guest Org ~s~")),
    ("i. Roman Guest", None),
];

/// Notes holding, line by line, block openers, what only pandoc reads as markup, and
/// labelled entries starting with block openers.
const NOTES: &str = "\
Prose with ^sup^ and H~2~O and $5 to $6 and \\LaTeX and \\alpha.
[text]{.class} and [^1] and <span>span</span> and :smile: here, \"quoted\" -- and --- and...
Code `a^b$c` and ``x ` ~y~`` and <https://x.org/~u> and @cite and [@cite] too.

***

---

Title line
===

a. lower-letter list
i) roman
(b) paren
: definition

Term
: def

| line block
| another

A. Upper letter
#. hash list
(@) example
@ at
+ plus
* star

Text right above a list
- bullet ^one^
- bullet $two$
  2. goes on with the item's text in CommonMark

Text right above a quote
> quote ~sub~
c | d, lazily

> # A quoted heading
text after it

- item
a | b, lazily
- [ ] a task
- [x] done

1. one
- two

- --
text under a rule
***
===

A title over
two lines
---

# Heading right over a rule
---
#### \\

Ends in a backslash \\
A no-break \\ space?
See [Title line] and [Discussion], and [ref], defined below; @cite [p. 3].
[ref]: https://x.org/r
2. not a list
x <!-- c --> y

| a | b |
|---|---|
a row without a pipe

| one
|---|---|

| a | b \\
|---|---|
c | ends in a backslash \\

KEY: # x
KEY: 2. x
DECISION: - x
NEXT: > x
ACTION: Sam: | a | b |
KEY: ^x^ and ~y~ and $6$
KEY: a. letter
DECISION: i) roman
NEXT: (b) paren
KEY: : colon
KEY: | pipe
DECISION: *** stars
NEXT: --- dashes
KEY: === equals
ACTION: Ax: check ^this^ by $7 and ~that~
ACTION: Sam: `code ^x^` and [link](https://x.org/~u) and <https://x.org/~v>
DOC: a. Doc ^3^ <https://x.org/~u/doc3>
DOC: a <!-- c --> b
";

/// Notes ending in a list of their own, then entries: in the actions style the
/// entries are a list right after it, and must not join it in any reader.
const LIST_THEN_ENTRIES: &str = "* the notes' own list\n* of two\nKEY: an entry after it";

fn agenda_text(style: &str, notes: &str, extra: &str) -> String {
    let mut t = format!(
        "[meeting]\ngroup = {}\nabbreviation = {}\nnumber = 3\ntitle = {}\n\
         date = 2024-05-02\nstart = \"09:30\"\nmoderator = \"Sam\"\nstyle = \"{style}\"\n\n\
         [report]\nnotes = \"{notes}\"\n{extra}\n\n\
         [[days]]\ndate = 2024-05-02\nlabel = {}\n\n",
        q("a. WG ^x^ on $6$ & ~z~ @cite {#id}"),
        q("i) WG^x^"),
        q("i) Roman *one* [text]{.class} :smile:"),
        q("(b) Day ^one^ $1$"),
    );
    for (name, short, aff) in PEOPLE {
        t += &format!(
            "[[participants]]\nname = {}\nshort = {}\naffiliation = {}\n\n",
            q(name),
            q(short),
            q(aff)
        );
    }
    for (i, (title, link, subs)) in ITEMS.iter().enumerate() {
        t += &format!("[[items]]\ntitle = {}\n", q(title));
        if let Some(l) = link {
            t += &format!("link = {}\n", q(l));
        }
        if i < 3 {
            t += &format!("session = {}\n", q("a. Session ^s^ $1$ [x]{.y}"));
        }
        if i == 0 {
            t += "documents = [\n";
            for (title, url) in DOCS {
                t += &format!("  {{ title = {}, url = {} }},\n", q(title), q(url));
            }
            t += "]\n";
        }
        for s in subs.iter() {
            t += &format!("  [[items.subitems]]\n  title = {}\n", q(s));
        }
        t += "\n";
    }
    t
}

/// A meeting of the agenda above: everyone but Eve present (she sent apologies), the
/// guests, and `notes` for each item but the last.
fn markdown_meeting(style: &str, reading: &str, extra: &str, notes: &[&str]) -> Meeting {
    use agendum::meeting::Event;
    let t = agenda_text(style, reading, extra);
    let a = agenda::parse_str("readers.toml", &t)
        .unwrap_or_else(|d| panic!("the test agenda is valid:\n{d}\n{t}"));
    assert_eq!(a.participants[1].name, PEOPLE[1].0);
    let mut m = Meeting::new(a);
    let at = |k: i64| {
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 5, 2, 9, 30, 0).unwrap()
            + chrono::TimeDelta::minutes(k)
    };
    let mut events = Vec::new();
    for (name, _, _) in &PEOPLE[..7] {
        events.push(Event::Present {
            who: name.to_string(),
        });
    }
    events.push(Event::Regrets {
        who: PEOPLE[7].0.to_string(),
    });
    for (name, aff) in GUESTS {
        events.push(Event::Guest {
            name: name.into(),
            affiliation: aff.map(str::to_string),
        });
    }
    for (k, e) in events.iter().enumerate() {
        m.apply(e, at(k as i64))
            .unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    for (i, n) in notes.iter().enumerate() {
        m.notes[i] = n.to_string();
    }
    m
}

#[test]
fn markdown_in_notes_and_names_reads_the_same_in_every_reader() {
    let mut failures = Vec::new();
    for style in ["summary", "actions"] {
        for reading in ["lines", "markdown"] {
            for extra in [
                "",
                "entries = \"paragraphs\"\nrun_in = true\nspeaking_times = true",
            ] {
                let m = markdown_meeting(
                    style,
                    reading,
                    extra,
                    &[NOTES, NOTES, LIST_THEN_ENTRIES, "KEY: x"],
                );
                let md = report::render(&m);
                let what = format!("style {style}, notes {reading}, {extra:?}");
                failures.extend(disagreement(&what, &md));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------
// Labelled entries are text (SPEC section 5)

/// Labelled lines whose text starts with what would open a block, each with a word
/// of its own, and the text a reader sees of the entry (and of its action's cell in
/// the action table).
const ENTRIES: [(&str, &str, Option<&str>); 24] = [
    ("KEY: # kp-one", "# kp-one", None),
    ("KEY: 2. kp-two", "2. kp-two", None),
    ("KEY: 1) kp-three", "1) kp-three", None),
    ("DECISION: - dc-one", "- dc-one", None),
    ("DECISION: + dc-two", "+ dc-two", None),
    ("DECISION: * dc-three", "* dc-three", None),
    ("NEXT: > nx-one", "> nx-one", None),
    ("NEXT: ``` nx-two", "``` nx-two", None),
    ("NEXT: ~~~ nx-three", "~~~ nx-three", None),
    (
        "ACTION: Sam: | ac-one | b |",
        "Sam will | ac-one | b |.",
        Some("| ac-one | b |"),
    ),
    (
        "KEY: ^x^ and ~y~ and $6$ kp-four",
        "^x^ and ~y~ and $6$ kp-four",
        None,
    ),
    ("KEY: a. kp-five", "A. kp-five", None),
    ("KEY: i) kp-six", "I) kp-six", None),
    ("KEY: (b) kp-seven", "(b) kp-seven", None),
    ("KEY: : kp-eight", ": kp-eight", None),
    ("KEY: | kp-nine", "| kp-nine", None),
    ("DECISION: === dc-four", "=== dc-four", None),
    ("DECISION: (@) dc-five", "(@) dc-five", None),
    ("DECISION: #. dc-six", "#. dc-six", None),
    ("DECISION: *** dc-seven ***", "*** dc-seven ***", None),
    (
        "NEXT: [nx-four]: https://x.org/n",
        "[nx-four]: https://x.org/n",
        None,
    ),
    ("NEXT: <div> nx-five", "<div> nx-five", None),
    (
        "ACTION: Sam: # ac-two",
        "Sam will # ac-two.",
        Some("# ac-two"),
    ),
    (
        "ACTION: Ax: > ac-three \\",
        "Ax will > ac-three \\.",
        Some("> ac-three \\"),
    ),
];

/// Every block whose text holds `word`, with the blocks around it (outermost first).
fn places<'a>(blocks: &'a [Block], word: &str) -> Vec<(Vec<&'static str>, &'a Block)> {
    fn go<'a>(
        blocks: &'a [Block],
        word: &str,
        path: &mut Vec<&'static str>,
        out: &mut Vec<(Vec<&'static str>, &'a Block)>,
    ) {
        for b in blocks {
            match b {
                Block::List(start, items) => {
                    path.push(if start.is_some() {
                        "ordered list"
                    } else {
                        "bullet list"
                    });
                    for item in items {
                        go(item, word, path, out);
                    }
                    path.pop();
                }
                Block::Quote(inner) => {
                    path.push("quote");
                    go(inner, word, path, out);
                    path.pop();
                }
                Block::Table(rows) if rows.iter().flatten().any(|c| c.contains(word)) => {
                    out.push((path.clone(), b));
                }
                other if format!("{other:?}").contains(word) => out.push((path.clone(), b)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    go(blocks, word, &mut Vec::new(), &mut out);
    out
}

#[test]
fn the_text_of_an_entry_is_never_a_heading_list_quote_or_table_in_any_reader() {
    let notes: Vec<&str> = ENTRIES.iter().map(|(line, _, _)| *line).collect();
    let notes = notes.join("\n");
    for style in ["summary", "actions"] {
        for reading in ["lines", "markdown"] {
            for extra in ["", "entries = \"paragraphs\""] {
                let m = markdown_meeting(style, reading, extra, &[&notes]);
                let md = report::render(&m);
                let what = format!("style {style}, notes {reading}, {extra:?}");
                assert_agree(&what, &md);
                let r = read(&md);
                for (reader, blocks) in [
                    ("pulldown-cmark", &r.commonmark),
                    ("pandoc -f markdown", &r.pandoc),
                    ("pandoc -f gfm", &r.gfm),
                ] {
                    for (line, text, cell) in ENTRIES {
                        let word = text
                            .split(' ')
                            .find(|w| w.contains('-') && w.len() > 2)
                            .expect("a word of its own");
                        let found = places(blocks, word);
                        assert!(!found.is_empty(), "{what}: {reader} lost {line:?}\n{md}");
                        for (path, block) in found {
                            match (path.as_slice(), block) {
                                ([] | ["bullet list"], Block::Para(t)) => {
                                    assert_eq!(t, text, "{what}: {reader} reads {line:?} as\n{md}")
                                }
                                ([], Block::Table(rows)) if cell.is_some() => {
                                    let row = rows
                                        .iter()
                                        .find(|r| r.iter().any(|c| c.contains(word)))
                                        .expect("the row");
                                    assert_eq!(row.len(), 5, "{what}: {reader}: {row:?}\n{md}");
                                    assert_eq!(
                                        Some(row[2].as_str()),
                                        cell,
                                        "{what}: {reader}: {row:?}\n{md}"
                                    );
                                }
                                (path, block) => panic!(
                                    "{what}: {reader} reads the entry {line:?} as {block:?} \
                                     in {path:?}, not as text:\n{md}"
                                ),
                            }
                        }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Random notes

/// How a random line of notes starts: nothing, a block opener, a label.
const LEADS: &[&str] = &[
    "",
    "",
    "",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2. ",
    "1) ",
    "> ",
    "> > ",
    "# ",
    "## ",
    "a. ",
    "i) ",
    "(b) ",
    "(@) ",
    "#. ",
    ": ",
    "| ",
    "  ",
    "  - ",
    "KEY: ",
    "DECISION: ",
    "NEXT: ",
    "ACTION: Sam: ",
    "ACTION: Ax: ",
    "KEY: # ",
    "NEXT: > ",
    "DECISION: - ",
    "KEY: 2. ",
    "DOC: ",
    "> - ",
    "> 2. ",
    "> # ",
    "> a. ",
    "- [ ] ",
    "- [x] ",
    "[x] ",
    "Term: ",
    "    ",
    "10. ",
    "- - ",
];

/// What follows: words, and inline markup of every reader and of pandoc's alone.
const PIECES: &[&str] = &[
    "text",
    "more words",
    "^sup^",
    "H~2~O",
    "~~gone~~",
    "$5 to $6",
    "$x$",
    "\\LaTeX",
    "[text]{.class}",
    "[^1]",
    "<span>s</span>",
    ":smile:",
    "`a^b$`",
    "<https://x.org/~u>",
    "*em*",
    "**strong**",
    "_u_",
    "@cite",
    "[@cite]",
    "say \"q\"",
    "it's",
    "a -- b",
    "and...",
    "&amp;",
    "{#id}",
    "[link](https://x.org/a)",
    "a | b",
    "10:30:00",
    "a <!-- c --> b",
    "a<br>b",
    "\\",
    "a * not em",
    "\\*",
    "&copy;",
    "[x]",
    "[ref]",
    "[Discussion]",
    "![img](https://x.org/i.png)",
    "a@b.org",
    "<a@b.org>",
    "x^2",
    "~5",
    "snake_case_word",
    "2*3*4",
    "<b>bold</b>",
    "#hash",
    "100%",
];

/// Lines that are a block or part of one on their own.
const WHOLE: &[&str] = &[
    "",
    "",
    "***",
    "---",
    "===",
    "* * *",
    "___",
    "```",
    "~~~",
    "| a | b |",
    "|---|---|",
    "Term",
    "Sam: | a | b |",
    "[ref]: https://x.org/r",
    "  text",
    "1. one",
    "- one",
];

fn notes_line() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(prop::sample::select(PIECES), 1..4);
    prop_oneof![
        4 => (prop::sample::select(LEADS), pieces).prop_map(|(l, p)| format!("{l}{}", p.join(" "))),
        1 => prop::sample::select(WHOLE).prop_map(str::to_string),
    ]
}

fn notes() -> impl Strategy<Value = String> {
    prop::collection::vec(notes_line(), 1..24).prop_map(|lines| plain_details(&lines).join("\n"))
}

/// The lines with those indented under a labelled entry (its detail) made text.
///
/// Left out: a list item among an entry's detail lines. The report sets each detail
/// line under the entry on its own (`report::data`), so "2. x" under an entry's text
/// goes on with the text in CommonMark and is a list in pandoc's reader, and in
/// paragraphs "- x" under a detail's text is a list in CommonMark and text in pandoc's
/// reader, which wants a blank line first. Only reading the detail lines as one text
/// would make the readers agree.
fn plain_details(lines: &[String]) -> Vec<String> {
    let labels = ["KEY:", "DECISION:", "NEXT:", "ACTION:", "DOC:"];
    let mut entry = false;
    lines
        .iter()
        .map(|l| {
            if !l.starts_with(' ') {
                entry = labels.iter().any(|label| l.starts_with(label));
                l.clone()
            } else if entry {
                format!("  {}", l.trim_start().trim_start_matches("- "))
            } else {
                l.clone()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_notes_read_the_same_in_every_reader(
        style in prop::sample::select(vec!["summary", "actions"]),
        reading in prop::sample::select(vec!["lines", "markdown"]),
        extra in prop::sample::select(vec!["", "entries = \"paragraphs\"\nrun_in = true"]),
        first in notes(),
        second in notes(),
    ) {
        let m = markdown_meeting(style, reading, extra, &[&first, &second]);
        let md = report::render(&m);
        if let Some(d) = disagreement(&format!("style {style}, notes {reading}, {extra:?}"), &md) {
            prop_assert!(false, "{}\n--- the notes:\n{}\n--- and:\n{}", d, first, second);
        }
    }
}
