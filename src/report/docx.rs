//! `report.docx`: the report as a Word document a secretariat posts as it is —
//! Word's own heading styles, real numbering (the agenda, its a., b. sub-items, the
//! participants), real hyperlinks, the action table with a header row and columns
//! as wide as their content needs, A4 with 2.54 cm margins, Calibri 11 pt.
//!
//! Written with docx-rs from the report's blocks. The bytes are the same for the
//! same report (paragraph and link ids are numbered here, not by the crate's
//! process-wide counters, and the archive's dates are fixed), so that a report
//! that did not change is recognised, and so is a copy edited by hand.

use std::io;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Hyperlink, HyperlinkData, HyperlinkType,
    IndentLevel, Level, LevelJc, LevelOverride, LevelText, LineSpacing, NumberFormat, Numbering,
    NumberingId, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style, StyleType,
    Table as WordTable, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::document::{Block, Document, Inline, List, ListKind, Look, Table, plain};
use super::group_styles::GroupStyles;

/// A4, in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
/// 2.54 cm.
const MARGIN: i32 = 1_440;
/// What the margins leave for text and tables.
pub const TEXT_WIDTH: usize = PAGE_WIDTH as usize - 2 * MARGIN as usize;
const FONT: &str = "Calibri";
const CODE_FONT: &str = "Consolas";
/// Half-points: 11 pt.
const SIZE: usize = 22;
const HEADING_COLOUR: &str = "1F3864";
const LINK_COLOUR: &str = "0563C1";
/// A list level's indent, and the hanging space its number or bullet takes.
const LIST_INDENT: i32 = 720;
const LIST_HANG: i32 = 360;

/// The abstract numberings every list refers to (1 is the crate's own default).
const DECIMAL: usize = 2;
const LETTERS: usize = 3;
const BULLETS: usize = 4;

/// Writes the report's blocks as a Word document; with a group's styles, theirs
/// replace the built-in ones (ours fill in any they lack).
pub fn render(doc: &Document, group: Option<&GroupStyles>) -> io::Result<Vec<u8>> {
    let mut w = Writer {
        docx: base(),
        next_num: 2,
        next_link: 1,
        next_para: 1,
    };
    for block in &doc.blocks {
        w.block(block, 0);
    }
    let mut xml = w.docx.build();
    xml.document = header_rows(std::mem::take(&mut xml.document));
    xml.document_rels = in_order(std::mem::take(&mut xml.document_rels));
    if let Some(g) = group {
        xml.styles = g.merged_with(&xml.styles);
    }
    let mut out = io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(io::Error::other)?;
    Ok(out.into_inner())
}

/// The document before any block: page, fonts, styles and the list numberings.
fn base() -> Docx {
    let fonts = || {
        RunFonts::new()
            .ascii(FONT)
            .hi_ansi(FONT)
            .east_asia(FONT)
            .cs(FONT)
    };
    let code_fonts = RunFonts::new()
        .ascii(CODE_FONT)
        .hi_ansi(CODE_FONT)
        .east_asia(CODE_FONT)
        .cs(CODE_FONT);
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(708)
                .footer(708),
        )
        .default_fonts(fonts())
        .default_size(SIZE)
        .default_line_spacing(LineSpacing::new().after(160).line(259))
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"));
    for (level, size) in [(1, 32), (2, 28), (3, 26), (4, 24), (5, 22), (6, 22)] {
        let mut style = Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color(HEADING_COLOUR)
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(240).after(80));
        if level >= 5 {
            style = style.italic();
        }
        docx = docx.add_style(style);
    }
    docx.add_style(
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .based_on("Normal")
            .q_format(true)
            .line_spacing(LineSpacing::new().after(60)),
    )
    .add_style(
        Style::new("TableContents", StyleType::Paragraph)
            .name("Table Contents")
            .based_on("Normal")
            .line_spacing(LineSpacing::new().after(0)),
    )
    // Bold by its style, not its runs: the header says what the markdown says.
    .add_style(
        Style::new("TableHeading", StyleType::Paragraph)
            .name("Table Heading")
            .based_on("TableContents")
            .bold(),
    )
    .add_style(
        Style::new("SourceCode", StyleType::Paragraph)
            .name("Source Code")
            .based_on("Normal")
            .fonts(code_fonts.clone())
            .size(20)
            .line_spacing(LineSpacing::new().after(0).line(240)),
    )
    .add_style(
        Style::new("VerbatimChar", StyleType::Character)
            .name("Verbatim Char")
            .fonts(code_fonts),
    )
    .add_style(
        Style::new("BlockText", StyleType::Paragraph)
            .name("Block Text")
            .based_on("Normal")
            .italic()
            .indent(Some(LIST_INDENT), None, Some(LIST_INDENT), None),
    )
    .add_style(
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color(LINK_COLOUR)
            .underline("single"),
    )
    .add_abstract_numbering(abstract_numbering(DECIMAL, "decimal", |l| format!("%{l}.")))
    .add_abstract_numbering(abstract_numbering(LETTERS, "lowerLetter", |l| {
        format!("%{l}.")
    }))
    .add_abstract_numbering(abstract_numbering(BULLETS, "bullet", |l| {
        ["•", "◦", "▪"][(l - 1) % 3].to_string()
    }))
}

/// Nine levels of one kind, each indented one step further.
fn abstract_numbering(
    id: usize,
    format: &str,
    text: impl Fn(usize) -> String,
) -> AbstractNumbering {
    let mut a = AbstractNumbering::new(id);
    for level in 0..9 {
        a = a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text(level + 1)),
                LevelJc::new("left"),
            )
            .indent(
                Some(LIST_INDENT * (level as i32 + 1)),
                Some(SpecialIndentType::Hanging(LIST_HANG)),
                None,
                None,
            ),
        );
    }
    a
}

struct Writer {
    docx: Docx,
    next_num: usize,
    next_link: usize,
    next_para: u32,
}

impl Writer {
    /// A paragraph with an id of this document's own: the crate's ids count on
    /// across documents, which would make the same report different bytes.
    fn paragraph(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_para);
        self.next_para += 1;
        Paragraph::new().id(id)
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// A block at list depth `depth` (0 outside lists): paragraphs in a list item
    /// after its first are indented to the item's text.
    fn block(&mut self, block: &Block, depth: usize) {
        let indent = |p: Paragraph| {
            if depth == 0 {
                p
            } else {
                p.style("ListParagraph")
                    .indent(Some(LIST_INDENT * depth as i32), None, None, None)
            }
        };
        match block {
            Block::Heading(level, inlines) => {
                let p = self.paragraph().style(&format!("Heading{level}"));
                let p = self.inlines(p, inlines);
                self.push(p);
            }
            Block::Paragraph(inlines) => {
                let p = indent(self.paragraph());
                let p = self.inlines(p, inlines);
                self.push(p);
            }
            Block::List(list) => self.list(list, depth),
            Block::Table(t) => {
                let table = self.table(t);
                let docx = std::mem::take(&mut self.docx);
                self.docx = docx.add_table(table);
            }
            Block::Code(text) => {
                let mut run = Run::new();
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    run = run.add_text(line);
                }
                let p = indent(self.paragraph()).style("SourceCode").add_run(run);
                self.push(p);
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    match b {
                        Block::Paragraph(inlines) => {
                            let p = self.paragraph().style("BlockText");
                            let p = self.inlines(p, inlines);
                            self.push(p);
                        }
                        other => self.block(other, depth),
                    }
                }
            }
            Block::Rule => {
                let p = self
                    .paragraph()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("* * *"));
                self.push(p);
            }
        }
    }

    /// Each list its own numbering instance, so that it starts at its own first
    /// number rather than going on from the list before it.
    fn list(&mut self, list: &List, depth: usize) {
        let level = depth.min(8);
        let num = self.next_num;
        self.next_num += 1;
        let abstract_id = match list.kind {
            ListKind::Decimal => DECIMAL,
            ListKind::LowerLetter => LETTERS,
            ListKind::Bullet => BULLETS,
        };
        let start = usize::try_from(list.start).unwrap_or(1);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_numbering(
            Numbering::new(num, abstract_id).add_override(LevelOverride::new(level).start(start)),
        );
        for item in &list.items {
            let numbered = |w: &mut Writer| {
                w.paragraph()
                    .style("ListParagraph")
                    .numbering(NumberingId::new(num), IndentLevel::new(level))
            };
            let mut rest = item.as_slice();
            match rest.first() {
                Some(Block::Paragraph(inlines)) => {
                    let p = numbered(self);
                    let p = self.inlines(p, inlines);
                    self.push(p);
                    rest = &rest[1..];
                }
                _ => {
                    let p = numbered(self);
                    self.push(p);
                }
            }
            for b in rest {
                self.block(b, level + 1);
            }
        }
    }

    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline]) -> Paragraph {
        for inline in inlines {
            match inline {
                Inline::Text(t, look) => p = p.add_run(run(t, *look)),
                Inline::Break => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                Inline::Link(target, inner) => {
                    let mut link = Hyperlink::new(target.as_str(), HyperlinkType::External);
                    // The crate numbers links process-wide; a document's own numbers
                    // keep the same report the same bytes.
                    if let HyperlinkData::External { rid, .. } = &mut link.link {
                        *rid = format!("rIdLink{}", self.next_link);
                        self.next_link += 1;
                    }
                    for i in flatten(inner) {
                        if let Inline::Text(t, look) = i {
                            link = link.add_run(run(&t, look).style("Hyperlink"));
                        } else {
                            link = link.add_run(Run::new().add_break(BreakType::TextWrapping));
                        }
                    }
                    p = p.add_hyperlink(link);
                }
            }
        }
        p
    }

    fn table(&mut self, t: &Table) -> WordTable {
        let widths = column_widths(t, TEXT_WIDTH);
        let columns = widths.len();
        let mut rows = Vec::with_capacity(t.rows.len() + 1);
        let cell = |w: &mut Writer, inlines: &[Inline], width: usize, head: bool| {
            let style = if head {
                "TableHeading"
            } else {
                "TableContents"
            };
            let p = w.paragraph().style(style);
            let p = w.inlines(p, inlines);
            TableCell::new()
                .add_paragraph(p)
                .width(width, WidthType::Dxa)
        };
        if !t.head.is_empty() {
            let cells = (0..columns)
                .map(|c| {
                    cell(
                        self,
                        t.head.get(c).map_or(&[][..], Vec::as_slice),
                        widths[c],
                        true,
                    )
                })
                .collect();
            // Marked here, made a repeating header row once the XML is built: the
            // crate has no word for it (see `header_rows`).
            rows.push(TableRow::new(cells).cant_split());
        }
        for row in &t.rows {
            let cells = (0..columns)
                .map(|c| {
                    cell(
                        self,
                        row.get(c).map_or(&[][..], Vec::as_slice),
                        widths[c],
                        false,
                    )
                })
                .collect();
            rows.push(TableRow::new(cells));
        }
        WordTable::new(rows)
            .set_grid(widths.clone())
            .layout(TableLayoutType::Fixed)
            .width(widths.iter().sum(), WidthType::Dxa)
    }
}

fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new().add_text(text);
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    if look.strike {
        r = r.strike();
    }
    if look.code {
        r = r.style("VerbatimChar");
    }
    r
}

/// A link's text as runs: Word has no link inside a link.
fn flatten(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for i in inlines {
        match i {
            Inline::Link(_, inner) => out.extend(flatten(inner)),
            other => out.push(other.clone()),
        }
    }
    out
}

/// The header rows (the only rows that may not split) repeat at the top of each
/// page, as Word's "Repeat as header row" does.
fn header_rows(document: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(document) else {
        unreachable!("the crate writes UTF-8")
    };
    let marked = text
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replace("<w:cantSplit/>", "<w:cantSplit/><w:tblHeader/>");
    marked.into_bytes()
}

/// The relationships sorted: the crate gathers the links' through a hash map, in a
/// different order each time, which would make the same report different bytes.
fn in_order(rels: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(rels) else {
        unreachable!("the crate writes UTF-8")
    };
    let Some(first) = text.find("<Relationship ") else {
        return text.into_bytes();
    };
    let Some(end) = text.rfind("</Relationships>") else {
        return text.into_bytes();
    };
    let mut items: Vec<&str> = text[first..end]
        .split_inclusive("/>")
        .filter(|r| !r.trim().is_empty())
        .collect();
    items.sort_unstable();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    items.into_iter().for_each(|r| out.push_str(r));
    out.push_str(&text[end..]);
    out.into_bytes()
}

/// The widths of a table's columns (twentieths of a point) in `available`, the way
/// a browser lays out a table: each column at least as wide as its longest word,
/// and what is left shared in proportion to how much more its longest cell wants.
/// So "#" and "Due" stay narrow and the action takes the room.
pub fn column_widths(t: &Table, available: usize) -> Vec<usize> {
    // Calibri 11 pt averages about 110 twips a character; a cell's margins are
    // 108 on each side.
    const CHAR: usize = 110;
    const PAD: usize = 2 * 108 + 60;
    let columns = t
        .head
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Vec::new();
    }
    let mut least = vec![0usize; columns];
    let mut most = vec![0usize; columns];
    for row in std::iter::once(&t.head).chain(&t.rows) {
        for (c, cell) in row.iter().enumerate() {
            let text = plain(cell);
            let longest_word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            least[c] = least[c].max(longest_word);
            most[c] = most[c].max(text.chars().count());
        }
    }
    // A long address is broken rather than let it squeeze every other column.
    let cap = available / 3;
    let least: Vec<usize> = least.iter().map(|n| (n * CHAR + PAD).min(cap)).collect();
    let most: Vec<usize> = most
        .iter()
        .zip(&least)
        .map(|(n, l)| (n * CHAR + PAD).clamp(*l, available.max(*l)))
        .collect();
    let (sum_least, sum_most) = (least.iter().sum::<usize>(), most.iter().sum::<usize>());
    let mut widths: Vec<usize> = if sum_most <= available {
        most.iter()
            .map(|m| m + (available - sum_most) * m / sum_most.max(1))
            .collect()
    } else if sum_least >= available {
        least
            .iter()
            .map(|l| l * available / sum_least.max(1))
            .collect()
    } else {
        let room = available - sum_least;
        let wants = sum_most - sum_least;
        least
            .iter()
            .zip(&most)
            .map(|(l, m)| l + room * (m - l) / wants.max(1))
            .collect()
    };
    // Rounding left over goes to the widest column.
    let total: usize = widths.iter().sum();
    if let Some(widest) = (0..columns).max_by_key(|c| widths[*c]) {
        widths[widest] += available.saturating_sub(total);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::from_markdown;

    fn table(md: &str) -> Table {
        match from_markdown(md).blocks.into_iter().next() {
            Some(Block::Table(t)) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn columns_follow_their_content() {
        let t = table(
            "| # | Owner | Action | Due | Item |\n|---|---|---|---|---|\n\
             | 1 | Titti Cassa | share the final version of the proposed activities for 2023 with the MAG before the Vienna meeting, with the comments received | 2 March 2023 | 1 |\n\
             | 2 | Chris Buckridge | circulate the WSIS+20 action plan | 9 March 2023 | 3 |\n",
        );
        let w = column_widths(&t, TEXT_WIDTH);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
        let (number, owner, action, due, item) = (w[0], w[1], w[2], w[3], w[4]);
        assert!(action > owner && action > due, "{w:?}");
        assert!(number < owner / 2 && item < owner / 2, "{w:?}");
        assert!(action > TEXT_WIDTH / 3, "{w:?}");
        // Every column holds its longest word.
        assert!(due >= "March".len() * 110, "{w:?}");
        // A table that fits is spread over the width, in proportion.
        let t = table("| Speaker | Turns | Time |\n|---|---|---|\n| Ann | 3 | 4:10 |\n");
        let w = column_widths(&t, TEXT_WIDTH);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(w[0] > w[2], "{w:?}");
        // One long word does not squeeze the other column below its text.
        let long = "x".repeat(400);
        let t = table(&format!("| a | b |\n|---|---|\n| {long} | short text |\n"));
        let w = column_widths(&t, TEXT_WIDTH);
        assert!(w[1] >= "short text".len() * 110, "{w:?}");
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
    }

    #[test]
    fn the_same_report_is_the_same_bytes() {
        let md = "# G\n\n1. [A](https://e.org/a)\n   - a\\. x\n\n| # | Owner |\n|---|---|\n| 1 | Ann |\n\n\
                  [b](https://e.org/b) [c](https://e.org/c) [d](https://e.org/d) [e](https://e.org/e)\n";
        let doc = from_markdown(md);
        let one = render(&doc, None).unwrap();
        let two = render(&doc, None).unwrap();
        assert_eq!(one, two);
    }
}
