//! `report.docx`: the report as a Word document a secretariat posts as it is —
//! Word's own heading styles, real numbering (the agenda, its a., b. sub-items, the
//! participants), real hyperlinks, the action table with a header row and columns
//! as wide as their content needs, A4 with 2.54 cm margins, Calibri 11 pt.
//!
//! docx-rs writes the package: its parts and relationships, the styles, the
//! numbering definitions, the settings. The body is written here, straight from the
//! report's blocks into WordprocessingML: through the crate's element tree a large
//! meeting's report took ten times longer than everything else together. The bytes
//! are the same for the same report (ids are numbered here, the archive's dates are
//! fixed), so that a report that did not change is recognised, and so is a copy
//! edited by hand.

use std::fmt::Write as _;
use std::io;

use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelText, LineSpacing, NumberFormat, RunFonts,
    SpecialIndentType, Start, Style, StyleType, XMLDocx,
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
    render_into(fixed_parts(), doc, group)
}

/// The parts of every report's Word document (styles, fonts, settings, the abstract
/// numberings), before the body and what it refers to: made beside the reading of
/// the markdown, as they take milliseconds and need nothing of it.
pub fn fixed_parts() -> XMLDocx {
    let mut docx = base();
    docx.document_rels.has_numberings = true;
    docx.build()
}

/// The Word document of `doc` in `parts` (from `fixed_parts`).
pub fn render_into(
    mut xml: XMLDocx,
    doc: &Document,
    group: Option<&GroupStyles>,
) -> io::Result<Vec<u8>> {
    // The body is written straight into the document part around it.
    let mut body = Body {
        xml: String::from(DOCUMENT_START),
        lists: Vec::new(),
        links: Vec::new(),
    };
    for block in &doc.blocks {
        body.block(block, 0);
    }
    if matches!(doc.blocks.last(), Some(Block::Table(_))) {
        // Word wants a paragraph between a table and the section's end.
        body.xml.push_str("<w:p/>");
    }
    end_document(&mut body.xml);
    xml.document = body.xml.into_bytes();
    add_lists_and_links(&mut xml, &body.lists, &body.links)?;
    if let Some(g) = group {
        xml.styles = g.merged_with(&xml.styles);
    }
    // The archive stores its parts as they are: about as large as they are together
    // (the links' relationships and the lists' numbering grow with the notes).
    let parts = xml.document.len()
        + xml.document_rels.len()
        + xml.numberings.len()
        + xml.styles.len()
        + (64 << 10);
    let mut out = io::Cursor::new(Vec::with_capacity(parts));
    xml.pack(&mut out).map_err(io::Error::other)?;
    Ok(out.into_inner())
}

/// Each list's numbering instance and each link's relationship, added to the parts
/// docx-rs wrote without them. They are written here, as the body is: through
/// docx-rs's element tree the thousands that a long meeting's notes hold took half as
/// long as the whole body.
fn add_lists_and_links(
    xml: &mut XMLDocx,
    lists: &[ListUse],
    links: &[(String, String)],
) -> io::Result<()> {
    let mut nums = String::with_capacity(lists.len() * 140);
    for (num, abstract_id, level, start) in lists {
        let _ = write!(
            nums,
            "<w:num w:numId=\"{num}\"><w:abstractNumId w:val=\"{abstract_id}\" />\
             <w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\" />\
             </w:lvlOverride></w:num>"
        );
    }
    insert_before(&mut xml.numberings, "</w:numbering>", &nums)?;
    let mut rels = String::with_capacity(links.len() * 160);
    for (id, target) in links {
        let _ = write!(
            rels,
            "<Relationship Id=\"{id}\" Type=\"{HYPERLINK}\" Target=\""
        );
        attribute_into(&mut rels, target);
        rels.push_str("\" TargetMode=\"External\" />");
    }
    insert_before(&mut xml.document_rels, "</Relationships>", &rels)
}

const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// `part` with `xml` put before its last `close` (the root element's end tag).
fn insert_before(part: &mut Vec<u8>, close: &str, xml: &str) -> io::Result<()> {
    let at = memchr::memmem::rfind(part, close.as_bytes()).ok_or_else(|| {
        io::Error::other(format!("the Word document's part has no {close} to add to"))
    })?;
    part.splice(at..at, xml.bytes());
    Ok(())
}

/// `text` as an XML attribute's value (between double quotes), escaped as docx-rs
/// escapes the values it writes: a line break as a character reference (raw, XML
/// would read it as a space), a carriage return left out (LibreOffice fails on its
/// reference). Unlike docx-rs, the other characters XML cannot hold are left out too.
fn attribute_into(out: &mut String, text: &str) {
    // Almost every link is clean: then it goes in whole.
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b < 0x20 || b == 0xEF)
    {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The document part before the body.
const DOCUMENT_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
     <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>";

/// The document part after the body (which follows `DOCUMENT_START`): A4, the margins.
fn end_document(out: &mut String) {
    let _ = write!(
        out,
        "<w:sectPr><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" \
         w:left=\"{MARGIN}\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    );
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

/// A list's numbering instance: its id, abstract numbering, level and first number.
type ListUse = (usize, usize, usize, usize);

/// The body's XML as it is written, and what the package must hold for it: each
/// list's numbering instance (id, abstract numbering, level, start) and each link's
/// relationship (id, target).
struct Body {
    xml: String,
    lists: Vec<ListUse>,
    links: Vec<(String, String)>,
}

/// A paragraph's properties.
#[derive(Default)]
struct Para<'a> {
    style: Option<&'a str>,
    /// Numbering instance and level.
    number: Option<(usize, usize)>,
    indent: Option<i32>,
    centred: bool,
}

impl Body {
    fn open_paragraph(&mut self, p: &Para) {
        self.xml.push_str("<w:p>");
        if p.style.is_none() && p.number.is_none() && p.indent.is_none() && !p.centred {
            return;
        }
        self.xml.push_str("<w:pPr>");
        if let Some(s) = p.style {
            let _ = write!(self.xml, "<w:pStyle w:val=\"{s}\"/>");
        }
        if let Some((num, level)) = p.number {
            let _ = write!(
                self.xml,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            );
        }
        if let Some(left) = p.indent {
            let _ = write!(self.xml, "<w:ind w:left=\"{left}\"/>");
        }
        if p.centred {
            self.xml.push_str("<w:jc w:val=\"center\"/>");
        }
        self.xml.push_str("</w:pPr>");
    }

    fn paragraph(&mut self, p: &Para, inlines: &[Inline]) {
        self.open_paragraph(p);
        self.inlines(inlines, None);
        self.xml.push_str("</w:p>");
    }

    /// A block at list depth `depth` (0 outside lists): paragraphs in a list item
    /// after its first are indented to the item's text.
    fn block(&mut self, block: &Block, depth: usize) {
        let indented = |style: &'static str| Para {
            style: Some(if depth == 0 { style } else { "ListParagraph" }),
            indent: (depth > 0).then_some(LIST_INDENT * depth as i32),
            ..Para::default()
        };
        match block {
            Block::Heading(level, inlines) => {
                let style = format!("Heading{level}");
                let p = Para {
                    style: Some(&style),
                    ..Para::default()
                };
                self.paragraph(&p, inlines);
            }
            Block::Paragraph(inlines) => {
                let p = if depth == 0 {
                    Para::default()
                } else {
                    indented("Normal")
                };
                self.paragraph(&p, inlines);
            }
            Block::List(list) => self.list(list, depth),
            Block::Table(t) => self.table(t),
            Block::Code(text) => {
                let mut p = indented("SourceCode");
                p.style = Some("SourceCode");
                self.open_paragraph(&p);
                self.xml.push_str("<w:r>");
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.xml.push_str("<w:br/>");
                    }
                    self.text(line);
                }
                self.xml.push_str("</w:r></w:p>");
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    match b {
                        Block::Paragraph(inlines) => {
                            let p = Para {
                                style: Some("BlockText"),
                                ..Para::default()
                            };
                            self.paragraph(&p, inlines);
                        }
                        other => self.block(other, depth),
                    }
                }
            }
            Block::Rule => {
                let p = Para {
                    centred: true,
                    ..Para::default()
                };
                self.paragraph(&p, &[Inline::Text("* * *".into(), Look::default())]);
            }
        }
    }

    /// Each list its own numbering instance, so that it starts at its own first
    /// number rather than going on from the list before it.
    fn list(&mut self, list: &List, depth: usize) {
        let level = depth.min(8);
        // 1 is the crate's own default instance.
        let num = self.lists.len() + 2;
        let abstract_id = match list.kind {
            ListKind::Decimal => DECIMAL,
            ListKind::LowerLetter => LETTERS,
            ListKind::Bullet => BULLETS,
        };
        let start = usize::try_from(list.start).unwrap_or(1);
        self.lists.push((num, abstract_id, level, start));
        let numbered = Para {
            style: Some("ListParagraph"),
            number: Some((num, level)),
            ..Para::default()
        };
        for item in &list.items {
            let rest = match item.split_first() {
                Some((Block::Paragraph(inlines), rest)) => {
                    self.paragraph(&numbered, inlines);
                    rest
                }
                _ => {
                    self.paragraph(&numbered, &[]);
                    item.as_slice()
                }
            };
            for b in rest {
                self.block(b, level + 1);
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let widths = column_widths(t, TEXT_WIDTH);
        let total: usize = widths.iter().sum();
        let border = |side: &str| {
            format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>")
        };
        let _ = write!(
            self.xml,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/>\
             <w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
            border("top"),
            border("left"),
            border("bottom"),
            border("right"),
            border("insideH"),
            border("insideV"),
        );
        for w in &widths {
            let _ = write!(self.xml, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.xml.push_str("</w:tblGrid>");
        if !t.head.is_empty() {
            // Repeated at the top of each page the table runs onto, as Word's "Repeat
            // as header row" does; bold by its paragraph style, so the text says what
            // the markdown says.
            self.xml
                .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
            self.row(&t.head, &widths, true);
        }
        for row in &t.rows {
            self.xml.push_str("<w:tr>");
            self.row(row, &widths, false);
        }
        self.xml.push_str("</w:tbl>");
    }

    /// A row's cells (the `<w:tr>` is open) and its end.
    fn row(&mut self, cells: &[Vec<Inline>], widths: &[usize], head: bool) {
        for (c, width) in widths.iter().enumerate() {
            let _ = write!(
                self.xml,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{}</w:tcPr>",
                if head {
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"
                } else {
                    ""
                }
            );
            let p = Para {
                style: Some(if head {
                    "TableHeading"
                } else {
                    "TableContents"
                }),
                ..Para::default()
            };
            self.paragraph(&p, cells.get(c).map_or(&[][..], Vec::as_slice));
            self.xml.push_str("</w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }

    /// Runs; inside a link (`style` "Hyperlink"), a link's text as runs, as Word has
    /// no link inside a link.
    fn inlines(&mut self, inlines: &[Inline], style: Option<&str>) {
        for inline in inlines {
            match inline {
                Inline::Text(t, look) => self.run(t, *look, style),
                Inline::Break => self.xml.push_str("<w:r><w:br/></w:r>"),
                Inline::Link(target, inner) if style.is_none() => {
                    let id = format!("rIdLink{}", self.links.len() + 1);
                    let _ = write!(self.xml, "<w:hyperlink r:id=\"{id}\" w:history=\"1\">");
                    self.links.push((id, target.clone()));
                    self.inlines(inner, Some("Hyperlink"));
                    self.xml.push_str("</w:hyperlink>");
                }
                Inline::Link(_, inner) => self.inlines(inner, style),
            }
        }
    }

    fn run(&mut self, text: &str, look: Look, style: Option<&str>) {
        self.xml.push_str("<w:r>");
        let style = if look.code {
            Some("VerbatimChar")
        } else {
            style
        };
        if style.is_some() || look.bold || look.italic || look.strike {
            self.xml.push_str("<w:rPr>");
            if let Some(s) = style {
                let _ = write!(self.xml, "<w:rStyle w:val=\"{s}\"/>");
            }
            if look.bold {
                self.xml.push_str("<w:b/><w:bCs/>");
            }
            if look.italic {
                self.xml.push_str("<w:i/><w:iCs/>");
            }
            if look.strike {
                self.xml.push_str("<w:strike/>");
            }
            self.xml.push_str("</w:rPr>");
        }
        for (i, part) in text.split('\t').enumerate() {
            if i > 0 {
                self.xml.push_str("<w:tab/>");
            }
            self.text(part);
        }
        self.xml.push_str("</w:r>");
    }

    /// A `<w:t>`, escaped, without what XML cannot hold.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.xml.push_str("<w:t xml:space=\"preserve\">");
        // Almost all text is clean: then it goes in whole. (U+FFFE and U+FFFF, which
        // XML cannot hold, start with the byte 0xEF.)
        if !text
            .bytes()
            .any(|b| matches!(b, b'&' | b'<' | b'>') || b < 0x20 || b == 0xEF)
        {
            self.xml.push_str(text);
            self.xml.push_str("</w:t>");
            return;
        }
        for c in text.chars() {
            match c {
                '&' => self.xml.push_str("&amp;"),
                '<' => self.xml.push_str("&lt;"),
                '>' => self.xml.push_str("&gt;"),
                '\n' | '\r' => self.xml.push(' '),
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => self.xml.push(c),
            }
        }
        self.xml.push_str("</w:t>");
    }
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

    /// The numbering instances and the links' relationships, written here, are what
    /// docx-rs's element tree writes of them, to the byte: a target holding what XML
    /// must escape included.
    #[test]
    fn lists_and_links_are_written_as_docx_rs_writes_them() {
        let lists = [(2, DECIMAL, 0, 1), (3, BULLETS, 2, 4), (4, LETTERS, 8, 7)];
        let links = [
            (
                "rIdLink1".to_string(),
                "https://example.org/a?b=1&c=2".to_string(),
            ),
            (
                "rIdLink2".to_string(),
                "https://example.org/\"q\"<x>'y'".to_string(),
            ),
            (
                "rIdLink3".to_string(),
                "mailto:chair@example.org".to_string(),
            ),
            (
                "rIdLink4".to_string(),
                "https://example.org/a\nb\r\tc".to_string(),
            ),
        ];
        let mut ours = fixed_parts();
        add_lists_and_links(&mut ours, &lists, &links).unwrap();
        let mut theirs = base();
        for (num, abstract_id, level, start) in lists {
            theirs = theirs.add_numbering(
                docx_rs::Numbering::new(num, abstract_id)
                    .add_override(docx_rs::LevelOverride::new(level).start(start)),
            );
        }
        theirs.document_rels.has_numberings = true;
        for (id, target) in &links {
            theirs.document_rels = theirs.document_rels.add_hyperlinks(id, target, "External");
        }
        let theirs = theirs.build();
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        assert_eq!(text(&ours.numberings), text(&theirs.numberings));
        assert_eq!(text(&ours.document_rels), text(&theirs.document_rels));
        // What XML cannot hold at all (docx-rs writes it as it is) is left out.
        let mut out = String::new();
        attribute_into(&mut out, "https://example.org/a\u{1}b\u{FFFE}c\u{FFFF}");
        assert_eq!(out, "https://example.org/abc");
        // Nothing to add leaves the parts as docx-rs wrote them.
        let mut none = base().build();
        let plain = base().build();
        add_lists_and_links(&mut none, &[], &[]).unwrap();
        assert_eq!(none.numberings, plain.numberings);
        assert_eq!(none.document_rels, plain.document_rels);
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
        // (Links, lists and tables are where ids are made.)
        let md = "# G\n\n1. [A](https://e.org/a)\n   - a\\. x\n\n| # | Owner |\n|---|---|\n| 1 | Ann |\n\n\
                  [b](https://e.org/b) [c](https://e.org/c) [d](https://e.org/d) [e](https://e.org/e)\n";
        let doc = from_markdown(md);
        let one = render(&doc, None).unwrap();
        let two = render(&doc, None).unwrap();
        assert_eq!(one, two);
    }
}
