//! The Word document and the web page say what report.md says, one block for one
//! block (issue 15): each of the four real meetings, and a meeting whose names hold
//! `<`, `&`, `*`, `_`, `#` and quotes, is written in the three forms; the markdown is
//! read by pandoc as CommonMark, the `.docx` by pandoc's Word reader, the `.html` by
//! pandoc's HTML reader, and the three trees of headings (level, text), paragraphs,
//! lists (kind, start, nesting), table cells and links (text, target) must be equal.
//!
//! What the house style means rather than writes is made the same on the markdown's
//! side first: the agenda's "- a. …" sub-items are a lettered list, and a link to
//! `#` (a placeholder) is its text. The Word document's XML is also read itself: its
//! lettered lists are Word numbering (`lowerLetter`), its links are relationships to
//! their addresses, its tables have a repeating header row and columns of their own
//! widths. The page is well-formed, self-contained and escapes every text.
//!
//! pandoc is needed (`.ci/run` installs it).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use agendum::agenda;
use agendum::meeting::{Event, Meeting};
use agendum::report::{self, Format, Formats, Publishing};
use serde_json::Value;

mod common;

use common::meetings::rendered;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u64, String),
    Para(String),
    /// "bullet", "decimal" or "lower"; the start; each item's blocks.
    List(&'static str, u64, Vec<Vec<Block>>),
    Table(Vec<Vec<String>>),
    Code(String),
    Quote(Vec<Block>),
    Rule,
}

/// A reading: the blocks and every link's (text, target).
#[derive(Debug, Default, PartialEq, Eq)]
struct Reading {
    blocks: Vec<Block>,
    links: Vec<(String, String)>,
}

fn pandoc_json(input: &[u8], format: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("in.{format}"));
    std::fs::write(&file, input).unwrap();
    let out = match Command::new("pandoc")
        .args(["-f", format, "-t", "json"])
        .arg(&file)
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "pandoc is not installed, and this test reads every form of the report with it: \
             install it (Debian and Ubuntu: `apt-get install pandoc`) and run the test again"
        ),
        Err(e) => panic!("pandoc does not start: {e}"),
    };
    assert!(
        out.status.success(),
        "pandoc -f {format} fails: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("pandoc writes JSON")
}

fn c(v: &Value) -> &Value {
    &v["c"]
}

fn array(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

struct Reader {
    links: Vec<(String, String)>,
}

impl Reader {
    fn blocks(&mut self, blocks: &[Value]) -> Vec<Block> {
        let mut out = Vec::new();
        for b in blocks {
            match b["t"].as_str().unwrap_or("") {
                "Header" => {
                    let level = c(b)[0].as_u64().unwrap();
                    out.push(Block::Heading(level, self.text(&c(b)[2])));
                }
                "Para" | "Plain" => {
                    let t = self.text(c(b));
                    if !t.is_empty() {
                        out.push(Block::Para(t));
                    }
                }
                "LineBlock" => {
                    let lines: Vec<String> = array(c(b)).iter().map(|l| self.text(l)).collect();
                    out.push(Block::Para(lines.join("\n")));
                }
                "BulletList" => {
                    let items = self.items(c(b));
                    out.push(Block::List("bullet", 1, items));
                }
                "OrderedList" => {
                    let attrs = &c(b)[0];
                    let kind = match attrs[1]["t"].as_str() {
                        Some("LowerAlpha") => "lower",
                        _ => "decimal",
                    };
                    let start = attrs[0].as_u64().unwrap_or(1);
                    let items = self.items(&c(b)[1]);
                    out.push(Block::List(kind, start, items));
                }
                "Table" => {
                    let t = c(b);
                    let mut rows = Vec::new();
                    let mut row_cells = |rows_v: &Value, me: &mut Reader| {
                        for row in array(rows_v) {
                            let cells = array(&row[1])
                                .iter()
                                .map(|cell| {
                                    let blocks = me.blocks(array(&cell[4]));
                                    flat_text(&blocks)
                                })
                                .collect();
                            rows.push(cells);
                        }
                    };
                    row_cells(&t[3][1], self);
                    for body in array(&t[4]) {
                        row_cells(&body[2], self);
                        row_cells(&body[3], self);
                    }
                    out.push(Block::Table(rows));
                }
                "CodeBlock" => out.push(Block::Code(c(b)[1].as_str().unwrap_or("").into())),
                "BlockQuote" => {
                    let inner = self.blocks(array(c(b)));
                    out.push(Block::Quote(inner));
                }
                "HorizontalRule" => out.push(Block::Rule),
                "Div" => out.extend(self.blocks(array(&c(b)[1]))),
                "RawBlock" | "Null" => {}
                other => panic!("a block this test does not know: {other}"),
            }
        }
        out
    }

    fn items(&mut self, v: &Value) -> Vec<Vec<Block>> {
        array(v).iter().map(|i| self.blocks(array(i))).collect()
    }

    /// The text of inlines as a reader sees it, white space collapsed, line breaks
    /// kept as "\n", bold marked `**`; links' targets noted.
    fn text(&mut self, v: &Value) -> String {
        let mut s = String::new();
        for i in array(v) {
            self.inline(i, &mut s);
        }
        let lines: Vec<String> = s
            .split('\n')
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        lines.join("\n").trim().to_string()
    }

    fn inline(&mut self, i: &Value, out: &mut String) {
        match i["t"].as_str().unwrap_or("") {
            "Str" => out.push_str(c(i).as_str().unwrap_or("")),
            "Space" | "SoftBreak" => out.push(' '),
            "LineBreak" => out.push('\n'),
            "Code" => out.push_str(c(i)[1].as_str().unwrap_or("")),
            "Strong" => {
                let inner = self.text(c(i));
                out.push_str(&format!("**{inner}**"));
            }
            "Emph" | "Strikeout" | "Span" | "Underline" | "SmallCaps" => {
                let inner = if i["t"] == "Span" { &c(i)[1] } else { c(i) };
                for j in array(inner) {
                    self.inline(j, out);
                }
            }
            "Link" => {
                let text = self.text(&c(i)[1]);
                let target = c(i)[2][0].as_str().unwrap_or("").to_string();
                out.push_str(&text);
                self.links.push((text, target));
            }
            "Image" => {
                for j in array(&c(i)[1]) {
                    self.inline(j, out);
                }
            }
            "Quoted" => {
                let q = if c(i)[0]["t"] == "SingleQuote" {
                    "'"
                } else {
                    "\""
                };
                out.push_str(q);
                for j in array(&c(i)[1]) {
                    self.inline(j, out);
                }
                out.push_str(q);
            }
            // The line break a run-in heading is set with: a break in every browser.
            "RawInline" => {
                let raw: String = c(i)[1]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if matches!(raw.to_ascii_lowercase().as_str(), "<br>" | "<br/>") {
                    out.push('\n');
                }
            }
            "Note" => {}
            other => panic!("an inline this test does not know: {other}"),
        }
    }
}

fn flat_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Para(t) | Block::Heading(_, t) | Block::Code(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn read(input: &[u8], format: &str) -> Reading {
    let json = pandoc_json(input, format);
    let mut r = Reader { links: Vec::new() };
    let blocks = r.blocks(array(&json["blocks"]));
    Reading {
        blocks,
        links: r.links,
    }
}

/// The markdown read as CommonMark with GitHub's tables (what agendum's own reader
/// takes), then what the house style means: "- a. …" items are a lettered list,
/// and a link to nowhere is its text.
fn read_markdown(md: &str) -> Reading {
    let mut r = read(md.as_bytes(), "commonmark+pipe_tables+strikeout+task_lists");
    r.blocks = r.blocks.into_iter().map(house).collect();
    r.links.retain(|(_, target)| goes_somewhere(target));
    r
}

/// A link target a reader can follow (said here again, not taken from agendum, so
/// that a wrong rule there shows): not empty, not a fragment ("#" is the house
/// style's placeholder), a web or mail address or a relative path.
fn goes_somewhere(target: &str) -> bool {
    let t = target.trim();
    if t.is_empty() || t.starts_with('#') {
        return false;
    }
    match t.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => {
            ["http", "https", "mailto"].contains(&scheme.to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

fn house(b: Block) -> Block {
    match b {
        Block::List(kind, start, items) => {
            let items: Vec<Vec<Block>> = items
                .into_iter()
                .map(|i| i.into_iter().map(house).collect())
                .collect();
            let lettered = kind == "bullet"
                && items.iter().enumerate().all(|(k, item)| {
                    let marker = format!("{}. ", (b'a' + k as u8) as char);
                    matches!(item.first(), Some(Block::Para(t)) if t.starts_with(&marker))
                });
            if lettered {
                let items = items
                    .into_iter()
                    .map(|mut item| {
                        if let Some(Block::Para(t)) = item.first_mut() {
                            *t = t[3..].to_string();
                        }
                        item
                    })
                    .collect();
                Block::List("lower", 1, items)
            } else {
                Block::List(kind, start, items)
            }
        }
        Block::Quote(inner) => Block::Quote(inner.into_iter().map(house).collect()),
        other => other,
    }
}

/// Where two readings part, for the failure message.
fn differences(a: &[Block], b: &[Block]) -> String {
    let show = |bs: &[Block]| -> Vec<String> { bs.iter().map(|b| format!("{b:?}")).collect() };
    let (a, b) = (show(a), show(b));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    common::lines::differences(&a, &b, ("- markdown: ", "+ other:    "))
}

fn forms(md: &str) -> (Vec<u8>, String) {
    let published = report::publish(md, &Publishing::default()).unwrap();
    let get = |f: Format| {
        published
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, b)| b.clone())
            .unwrap()
    };
    (
        get(Format::Docx),
        String::from_utf8(get(Format::Html)).unwrap(),
    )
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("the document has {name}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Every element of a piece of XML, as (name, attributes), in order; and that it is
/// well-formed at all.
fn elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("well-formed attributes");
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .expect("escaped values")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((
                    String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    attrs,
                ));
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.error_position()),
        }
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn count_lists(blocks: &[Block], kind: &str) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::List(k, _, items) => {
                usize::from(*k == kind) + items.iter().map(|i| count_lists(i, kind)).sum::<usize>()
            }
            Block::Quote(inner) => count_lists(inner, kind),
            _ => 0,
        })
        .sum()
}

/// The Word document's own XML: lettered lists are Word numbering, links are
/// relationships to their targets, tables repeat their header row and size their
/// columns by content.
fn check_word_xml(what: &str, docx: &[u8], want: &Reading) {
    let document = part(docx, "word/document.xml");
    let numbering = part(docx, "word/numbering.xml");
    let rels = part(docx, "word/_rels/document.xml.rels");
    let doc = elements(&document);
    // numId → abstractNumId → level 0's format.
    let num = elements(&numbering);
    let mut formats = std::collections::HashMap::new();
    let mut current = None;
    for (name, attrs) in &num {
        match name.as_str() {
            "w:abstractNum" => current = attr(attrs, "w:abstractNumId").map(str::to_string),
            "w:numFmt" => {
                if let Some(a) = &current {
                    formats
                        .entry(a.clone())
                        .or_insert_with(|| attr(attrs, "w:val").unwrap_or("").to_string());
                }
            }
            _ => {}
        }
    }
    let mut abstract_of = std::collections::HashMap::new();
    let mut num_id = None;
    for (name, attrs) in &num {
        match name.as_str() {
            "w:num" => num_id = attr(attrs, "w:numId").map(str::to_string),
            "w:abstractNumId" => {
                if let Some(n) = num_id.take() {
                    abstract_of.insert(n, attr(attrs, "w:val").unwrap_or("").to_string());
                }
            }
            _ => {}
        }
    }
    let mut lettered = std::collections::BTreeSet::new();
    for (name, attrs) in &doc {
        if name == "w:numId" {
            let n = attr(attrs, "w:val").unwrap();
            let a = abstract_of
                .get(n)
                .unwrap_or_else(|| panic!("{what}: numId {n} undefined"));
            if formats.get(a).map(String::as_str) == Some("lowerLetter") {
                lettered.insert(n.to_string());
            }
        }
    }
    assert_eq!(
        lettered.len(),
        count_lists(&want.blocks, "lower"),
        "{what}: a Word lowerLetter numbering for each lettered list"
    );
    // Links: each hyperlink's relationship is an external one to its target.
    let rels = elements(&rels);
    let mut targets = Vec::new();
    for (name, attrs) in &doc {
        if name == "w:hyperlink" {
            let id = attr(attrs, "r:id").unwrap_or_else(|| panic!("{what}: a link without r:id"));
            let rel = rels
                .iter()
                .find(|(n, a)| n == "Relationship" && attr(a, "Id") == Some(id))
                .unwrap_or_else(|| panic!("{what}: link {id} has no relationship"));
            assert_eq!(attr(&rel.1, "TargetMode"), Some("External"), "{what}");
            targets.push(attr(&rel.1, "Target").unwrap().to_string());
        }
    }
    let want_targets: Vec<String> = want.links.iter().map(|(_, t)| t.clone()).collect();
    assert_eq!(targets, want_targets, "{what}: link targets in the XML");
    // Tables: a header row that repeats, and columns not all alike when their
    // content is not.
    let tables = doc.iter().filter(|(n, _)| n == "w:tbl").count();
    let headers = doc.iter().filter(|(n, _)| n == "w:tblHeader").count();
    assert_eq!(headers, tables, "{what}: each table's header row repeats");
    // Headings are Word's heading styles.
    let headings = doc
        .iter()
        .filter(|(n, a)| {
            n == "w:pStyle" && attr(a, "w:val").is_some_and(|v| v.starts_with("Heading"))
        })
        .count();
    let want_headings = want
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(..)))
        .count();
    assert_eq!(headings, want_headings, "{what}: headings in Word's styles");
}

/// The page: well-formed, one file, nothing fetched, readable on a phone.
fn check_page(what: &str, html: &str) {
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("a doctype");
    let els = elements(body);
    assert!(
        els.iter()
            .any(|(n, a)| n == "meta" && attr(a, "name") == Some("viewport")),
        "{what}: a viewport"
    );
    for (name, attrs) in &els {
        assert!(
            !matches!(
                name.as_str(),
                "script" | "link" | "img" | "iframe" | "object"
            ),
            "{what}: <{name}> in the page"
        );
        assert!(attr(attrs, "src").is_none(), "{what}: something fetched");
        if let Some(h) = attr(attrs, "href") {
            assert!(goes_somewhere(h), "{what}: a link to {h}");
        }
    }
}

fn check(what: &str, md: &str) -> (Reading, Vec<u8>, String) {
    let want = read_markdown(md);
    let (docx, html) = forms(md);
    let word = read(&docx, "docx");
    assert!(
        word.blocks == want.blocks,
        "{what}: the Word document differs from the markdown:\n{}",
        differences(&want.blocks, &word.blocks)
    );
    assert_eq!(word.links, want.links, "{what}: the Word document's links");
    let page = read(html.as_bytes(), "html");
    assert!(
        page.blocks == want.blocks,
        "{what}: the web page differs from the markdown:\n{}",
        differences(&want.blocks, &page.blocks)
    );
    assert_eq!(page.links, want.links, "{what}: the web page's links");
    check_word_xml(what, &docx, &want);
    check_page(what, &html);
    eprintln!(
        "{what}: {} blocks and {} links the same in the three forms",
        want.blocks.len(),
        want.links.len()
    );
    (want, docx, html)
}

#[test]
fn wg_strategy_51_reads_the_same_in_every_form() {
    check(
        "wg-strategy-51",
        &rendered("wg-strategy-51.toml", "2023-02-16-wg-strategy-51"),
    );
}

#[test]
fn wg_strategy_14_reads_the_same_in_every_form() {
    check(
        "wg-strategy-14",
        &rendered("wg-strategy-14.toml", "2021-02-18-wg-strategy-14"),
    );
}

#[test]
fn wg_strategy_46_reads_the_same_in_every_form_sub_items_lettered() {
    let (want, ..) = check(
        "wg-strategy-46",
        &rendered("wg-strategy-46.toml", "2022-10-20-wg-strategy-46"),
    );
    assert_eq!(count_lists(&want.blocks, "lower"), 1, "{:?}", want.blocks);
}

#[test]
fn igf_2023_reads_the_same_in_every_form() {
    check(
        "mag-2023-first-open-consultations",
        &rendered(
            "mag-2023-first-open-consultations.toml",
            "2023-03-07-igf-2023",
        ),
    );
}

/// Names and titles holding what markup is made of.
const HOSTILE: [&str; 4] = [
    "Ann <b>Bold</b> & Co",
    "Bo *star* _under_ O'Neil",
    "#1 \"Quoted\" Cy",
    "Di &amp; <script>x</script>",
];

fn hostile_meeting() -> Meeting {
    let mut t = String::from(
        "[meeting]\ngroup = \"WG <Tools> & *Co*\"\nnumber = 3\ndate = 2024-05-02\nstart = \"09:30\"\n\n",
    );
    for (i, name) in HOSTILE.iter().enumerate() {
        t += &format!(
            "[[participants]]\nname = {}\nshort = \"P{i}\"\naffiliation = {}\n\n",
            toml_string(name),
            toml_string(&format!("Org _{i}_ <i> & \"x\""))
        );
    }
    t += &format!(
        "[[items]]\ntitle = {}\nlink = \"https://example.org/a?x=1&y=it's\"\n\
         [[items.subitems]]\ntitle = {}\n[[items.subitems]]\ntitle = \"#second & *last*\"\n\
         [[items]]\ntitle = \"AoB\"\n",
        toml_string("Item <one> & *two* _three_ #four \"five\""),
        toml_string("Sub <a> & 'b'"),
    );
    let a = agenda::parse_str("hostile.toml", &t)
        .unwrap_or_else(|d| panic!("the test agenda is valid:\n{d}\n{t}"));
    let mut m = Meeting::new(a);
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 5, 2, 9, 30, 0).unwrap();
    for name in HOSTILE {
        m.apply(&Event::Present { who: name.into() }, at).unwrap();
    }
    m.apply(&Event::TakeUp { item: "1".into() }, at).unwrap();
    m.notes[0] = "P0 noted <this> & **that**, see [the draft](https://example.org/d?a=1&b=2), \
                  [nowhere](#), [a script](javascript:alert(1)) and [mail](mailto:a@b.org).\n\
                  ACTION: P1: send *the* <list> & \"notes\" due 2024-05-09\n\
                  ACTION: P2: check #3 and _it_\n\
                  DECISION: keep 'quotes' & <tags>\n"
        .into();
    m
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn names_holding_markup_come_out_literally_in_every_form() {
    let md = report::render(&hostile_meeting());
    let (want, docx, html) = check("hostile names", &md);
    let word = read(&docx, "docx");
    let page = read(html.as_bytes(), "html");
    let texts = |r: &Reading| format!("{:?}", r.blocks);
    for name in HOSTILE {
        let shown = format!("{name:?}");
        let shown = &shown[1..shown.len() - 1];
        assert!(texts(&want).contains(shown), "markdown: {name}");
        assert!(
            texts(&word).contains(shown),
            "docx: {name}\n{:?}",
            word.blocks
        );
        assert!(
            texts(&page).contains(shown),
            "html: {name}\n{:?}",
            page.blocks
        );
    }
    // The action table is there, with its header.
    let table = want.blocks.iter().find_map(|b| match b {
        Block::Table(rows) => Some(rows),
        _ => None,
    });
    let rows = table.expect("an action table");
    assert_eq!(rows[0][0], "#");
    assert!(rows.len() >= 3, "{rows:?}");
    // The web page escapes them: no tag of the names' own.
    assert!(
        !html.contains("<script>") && !html.contains("<b>Bold"),
        "{html}"
    );
    // Columns follow their content: "#" narrower than the action.
    let document = part(&docx, "word/document.xml");
    let grid: Vec<usize> = elements(&document)
        .iter()
        .filter(|(n, _)| n == "w:gridCol")
        .map(|(_, a)| attr(a, "w:w").unwrap().parse().unwrap())
        .collect();
    assert!(grid.len() >= 5 && grid[0] * 3 < grid[2], "{grid:?}");
}

#[test]
fn the_forms_are_written_beside_report_md_and_a_hand_edited_docx_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let md = report::render(&hostile_meeting());
    let how = Publishing::default();
    let w = agendum::folder::write_published(dir.path(), &md, &how).unwrap();
    assert_eq!(w.path, dir.path().join("report.md"));
    assert_eq!(
        w.also,
        vec![
            dir.path().join("report.docx"),
            dir.path().join("report.html")
        ]
    );
    assert!(w.kept.is_empty());
    let first = std::fs::read(dir.path().join("report.docx")).unwrap();
    // Written again unchanged: the same bytes, nothing kept.
    let w = agendum::folder::write_published(dir.path(), &md, &how).unwrap();
    assert!(w.kept.is_empty());
    assert_eq!(
        std::fs::read(dir.path().join("report.docx")).unwrap(),
        first
    );
    // Someone edits the Word document: it is kept, the others are rewritten.
    let mut edited = first.clone();
    edited.extend_from_slice(b"edited");
    std::fs::write(dir.path().join("report.docx"), &edited).unwrap();
    let more = format!("{md}\nOne more paragraph.\n");
    let w = agendum::folder::write_published(dir.path(), &more, &how).unwrap();
    assert_eq!(w.kept, vec![dir.path().join("report.1.docx")]);
    assert_eq!(
        std::fs::read(dir.path().join("report.1.docx")).unwrap(),
        edited
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("One more paragraph."));
    // Only the forms asked for are written.
    let only = Publishing {
        formats: Formats::from_list("html").unwrap(),
        styles: None,
    };
    let other = tempfile::tempdir().unwrap();
    let w = agendum::folder::write_published(other.path(), &md, &only).unwrap();
    assert_eq!(w.path, other.path().join("report.html"));
    assert!(!other.path().join("report.md").exists());
    assert!(!other.path().join("report.docx").exists());
}

#[test]
fn agendum_report_writes_the_forms_the_flag_names_and_refuses_others() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let folder = out.join("2023-02-16-wg-strategy-51");
    std::fs::create_dir_all(&folder).unwrap();
    let from = Path::new(ROOT).join("tests/fixtures/meetings/2023-02-16-wg-strategy-51");
    for entry in walk(&from) {
        let to = folder.join(entry.strip_prefix(&from).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    let agenda = Path::new(ROOT).join("agendas/wg-strategy-51.toml");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_agendum"))
            .env("HOME", tmp.path())
            .env("XDG_CONFIG_HOME", tmp.path().join(".config"))
            .env("XDG_DATA_HOME", tmp.path().join(".local/share"))
            .arg("report")
            .arg(&agenda)
            .arg("--output-dir")
            .arg(&out)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let o = run(&["--format", "md,pdf"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--format") && err.contains("\"pdf\""), "{err}");
    assert!(!folder.join("report.md").exists());
    let o = run(&["--format", "docx"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(folder.join("report.docx").is_file());
    assert!(!folder.join("report.html").exists());
    assert!(!folder.join("report.md").exists());
    let o = run(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["report.md", "report.docx", "report.html"] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    let mut said = String::new();
    said.push_str(&String::from_utf8_lossy(&o.stdout));
    assert!(
        said.contains("report.docx") && said.contains("report.html"),
        "{said}"
    );
    std::io::stdout().flush().unwrap();
}

/// A group's Word styles, given in the agenda: taken into report.docx; a file that
/// is not there stops the command before anything is written, naming it.
#[test]
fn the_groups_word_styles_are_taken_and_a_bad_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("2023-02-16-wg-strategy-51");
    let from = Path::new(ROOT).join("tests/fixtures/meetings/2023-02-16-wg-strategy-51");
    for entry in walk(&from) {
        let to = folder.join(entry.strip_prefix(&from).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    let source = std::fs::read_to_string(Path::new(ROOT).join("agendas/wg-strategy-51.toml"))
        .unwrap()
        .replacen("[report]\n", "[report]\ndocx_styles = \"house.docx\"\n", 1);
    std::fs::write(folder.join("agenda.toml"), source).unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_agendum"))
            .env("HOME", tmp.path())
            .env("XDG_CONFIG_HOME", tmp.path().join(".config"))
            .env("XDG_DATA_HOME", tmp.path().join(".local/share"))
            .arg("report")
            .arg(&folder)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let o = run();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("house.docx") && err.contains("Word styles"),
        "{err}"
    );
    assert!(!folder.join("report.md").exists());
    // A house style: Georgia headings in dark red.
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:color w:val="8B0000"/></w:rPr></w:style></w:styles>"#;
    let mut house = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut house);
    zip.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(styles.as_bytes()).unwrap();
    zip.finish().unwrap();
    std::fs::write(folder.join("house.docx"), house.into_inner()).unwrap();
    let o = run();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docx = std::fs::read(folder.join("report.docx")).unwrap();
    let ours = part(&docx, "word/styles.xml");
    assert!(
        ours.contains("Georgia") && ours.contains("8B0000"),
        "{ours}"
    );
    assert!(
        ours.contains("w:styleId=\"Heading2\""),
        "ours fill the gaps"
    );
    // And the document still reads as the markdown does.
    let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert_eq!(read(&docx, "docx").blocks, read_markdown(&md).blocks);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
