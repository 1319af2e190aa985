//! The report as a tree of blocks, read from the rendered markdown: what the Word
//! document and the web page are written from.
//!
//! The markdown is the truth (a user template can arrange anything), so the other
//! formats are read from it rather than from the report's data: whatever the
//! markdown shows, they show, one block for one block. Where markdown has only a
//! convention, the tree has the thing itself: the agenda's sub-items "- a. …" are a
//! lettered list, and a link to nowhere (`#`, empty) is its text.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A block of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 to 6.
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List(List),
    Table(Table),
    Code(String),
    Quote(Vec<Block>),
    Rule,
}

/// How a list's items are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Bullet,
    /// 1, 2, 3
    Decimal,
    /// a, b, c
    LowerLetter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub kind: ListKind,
    /// The first item's number (1 for bullets).
    pub start: u64,
    /// Each item's blocks.
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String, Look),
    /// A link with somewhere to go (see `is_linkable`) and its text.
    Link(String, Vec<Inline>),
    /// A line break inside the paragraph.
    Break,
}

/// The report as blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    /// The first heading's text: the page's title.
    pub fn title(&self) -> String {
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading(_, inlines) => Some(plain(inlines)),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// Whether a link's target goes somewhere a reader of the Word document or the web
/// page can follow: a web or mail address, or a file beside the report. `#` and an
/// empty target are placeholders in the house style (the real reports show such
/// text unlinked), a fragment names a bookmark neither format has, and any other
/// scheme (`javascript:`, `file:`) is nothing to post.
pub fn is_linkable(target: &str) -> bool {
    let t = target.trim();
    if t.is_empty() || t.starts_with('#') {
        return false;
    }
    let scheme_end = t.find(':');
    let path_start = t.find(['/', '?', '#']).unwrap_or(t.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = t[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// The text of inlines, as a reader sees it.
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Link(_, inner) => out.push_str(&plain(inner)),
            Inline::Break => out.push('\n'),
        }
    }
    out
}

/// The markdown options the report is read with: GitHub's tables, strikethrough
/// and task lists, as the reports' readers test them.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// What is being built while the parser walks the markdown.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    List(List),
    Table(Table, Vec<Inline>, bool),
    Link(String, Vec<Inline>),
    Code(String),
    Html(String),
}

struct Builder {
    stack: Vec<Open>,
    look: Look,
}

impl Builder {
    fn blocks(&mut self) -> &mut Vec<Block> {
        for open in self.stack.iter_mut().rev() {
            if let Open::Blocks(b) = open {
                return b;
            }
        }
        unreachable!("the document's own blocks are at the bottom of the stack")
    }

    /// Where inline content goes: the open paragraph, link or cell; a tight list
    /// item's text opens a paragraph of its own.
    fn inlines(&mut self) -> &mut Vec<Inline> {
        let needs_paragraph = !matches!(
            self.stack.last(),
            Some(Open::Inlines(_) | Open::Link(..) | Open::Table(..))
        );
        if needs_paragraph {
            self.stack.push(Open::Inlines(Vec::new()));
        }
        match self.stack.last_mut() {
            Some(Open::Inlines(i) | Open::Link(_, i)) => i,
            Some(Open::Table(_, cell, _)) => cell,
            _ => unreachable!("inline content was just given a place"),
        }
    }

    fn text(&mut self, text: &str) {
        let look = self.look;
        let inlines = self.inlines();
        match inlines.last_mut() {
            Some(Inline::Text(t, l)) if *l == look => t.push_str(text),
            _ => inlines.push(Inline::Text(text.to_string(), look)),
        }
    }

    /// Closes a tight item's implicit paragraph before a block begins in the item.
    fn close_loose_inlines(&mut self) {
        if matches!(self.stack.last(), Some(Open::Inlines(_))) {
            self.end_paragraph(Block::Paragraph);
        }
    }

    fn end_paragraph(&mut self, make: impl FnOnce(Vec<Inline>) -> Block) {
        if let Some(Open::Inlines(mut inlines)) = self.stack.pop() {
            trim_inlines(&mut inlines);
            if !inlines.is_empty() {
                self.blocks().push(make(inlines));
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                self.close_loose_inlines();
                self.stack.push(Open::Inlines(Vec::new()));
            }
            Tag::Heading { .. } => {
                self.close_loose_inlines();
                self.stack.push(Open::Inlines(Vec::new()));
            }
            Tag::BlockQuote(_) | Tag::Item => {
                self.close_loose_inlines();
                self.stack.push(Open::Blocks(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.close_loose_inlines();
                self.stack.push(Open::Code(String::new()));
            }
            Tag::HtmlBlock => {
                self.close_loose_inlines();
                self.stack.push(Open::Html(String::new()));
            }
            Tag::List(start) => {
                self.close_loose_inlines();
                let (kind, start) = match start {
                    Some(n) => (ListKind::Decimal, n),
                    None => (ListKind::Bullet, 1),
                };
                self.stack.push(Open::List(List {
                    kind,
                    start,
                    items: Vec::new(),
                }));
            }
            Tag::Table(_) => {
                self.close_loose_inlines();
                self.stack.push(Open::Table(
                    Table {
                        head: Vec::new(),
                        rows: Vec::new(),
                    },
                    Vec::new(),
                    true,
                ));
            }
            Tag::TableHead => {}
            Tag::TableRow => {
                if let Some(Open::Table(t, _, head)) = self.stack.last_mut() {
                    *head = false;
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {}
            Tag::Emphasis => self.look.italic = true,
            Tag::Strong => self.look.bold = true,
            Tag::Strikethrough => self.look.strike = true,
            Tag::Link { dest_url, .. } => {
                self.inlines();
                self.stack
                    .push(Open::Link(dest_url.to_string(), Vec::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(Block::Paragraph),
            TagEnd::Heading(level) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                // A heading is kept even when empty: it still stands in the outline.
                if let Some(Open::Inlines(mut inlines)) = self.stack.pop() {
                    trim_inlines(&mut inlines);
                    self.blocks().push(Block::Heading(n, inlines));
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_loose_inlines();
                if let Some(Open::Blocks(blocks)) = self.stack.pop() {
                    self.blocks().push(Block::Quote(blocks));
                }
            }
            TagEnd::Item => {
                self.close_loose_inlines();
                if let Some(Open::Blocks(blocks)) = self.stack.pop()
                    && let Some(Open::List(list)) = self.stack.last_mut()
                {
                    list.items.push(blocks);
                }
            }
            TagEnd::List(_) => {
                if let Some(Open::List(list)) = self.stack.pop() {
                    self.blocks().push(Block::List(lettered(list)));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Open::Code(text)) = self.stack.pop() {
                    let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                    self.blocks().push(Block::Code(text));
                }
            }
            TagEnd::HtmlBlock => {
                // An HTML block in the notes: its words, without the tags.
                if let Some(Open::Html(html)) = self.stack.pop() {
                    let text = strip_tags(&html);
                    if !text.is_empty() {
                        self.blocks()
                            .push(Block::Paragraph(vec![Inline::Text(text, Look::default())]));
                    }
                }
            }
            TagEnd::TableCell => {
                if let Some(Open::Table(t, cell, head)) = self.stack.last_mut() {
                    let mut cell = std::mem::take(cell);
                    trim_inlines(&mut cell);
                    if *head {
                        t.head.push(cell);
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Open::Table(t, ..)) = self.stack.pop() {
                    self.blocks().push(Block::Table(t));
                }
            }
            // An image's alt text stays, as text: the page has no external assets.
            TagEnd::Emphasis => self.look.italic = false,
            TagEnd::Strong => self.look.bold = false,
            TagEnd::Strikethrough => self.look.strike = false,
            TagEnd::Link => {
                if let Some(Open::Link(target, inner)) = self.stack.pop() {
                    let inlines = self.inlines();
                    if is_linkable(&target) && !inner.is_empty() {
                        inlines.push(Inline::Link(target, inner));
                    } else {
                        for i in inner {
                            match (inlines.last_mut(), i) {
                                (Some(Inline::Text(t, l)), Inline::Text(more, m)) if *l == m => {
                                    t.push_str(&more)
                                }
                                (_, i) => inlines.push(i),
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.stack.last_mut() {
                Some(Open::Code(code)) => code.push_str(&t),
                _ => self.text(&t),
            },
            Event::Code(t) => {
                let look = self.look;
                self.look.code = true;
                self.text(&t);
                self.look = look;
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inlines().push(Inline::Break),
            Event::InlineHtml(h) => {
                // The line break a run-in heading is set with; other tags are markup
                // that the web page shows escaped nowhere and Word cannot show.
                if is_break_tag(&h) {
                    self.inlines().push(Inline::Break);
                }
            }
            Event::Html(h) => {
                if let Some(Open::Html(html)) = self.stack.last_mut() {
                    html.push_str(&h);
                }
            }
            Event::Rule => {
                self.close_loose_inlines();
                self.blocks().push(Block::Rule);
            }
            Event::TaskListMarker(done) => self.text(if done { "☒ " } else { "☐ " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(_) => {}
        }
    }
}

fn is_break_tag(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "<br/>")
}

fn strip_tags(html: &str) -> String {
    if html.trim_start().starts_with("<!--") {
        return String::new();
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No spaces at a paragraph's ends (a soft break there, a line's trailing space).
fn trim_inlines(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text(t, _)) = inlines.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t, _)) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
}

/// The agenda's sub-items are written "- a. …" (markdown has no lettered list): a
/// bulleted list whose items start a., b., c., in order, is that lettered list, and
/// the letters become its numbering.
fn lettered(mut list: List) -> List {
    if list.kind != ListKind::Bullet || list.items.is_empty() || list.items.len() > 26 {
        return list;
    }
    let is_lettered = list.items.iter().enumerate().all(|(k, item)| {
        let marker = format!("{}. ", (b'a' + k as u8) as char);
        matches!(item.first(), Some(Block::Paragraph(inlines))
            if matches!(inlines.first(), Some(Inline::Text(t, _)) if t.starts_with(&marker) && t.len() > marker.len()))
    });
    if !is_lettered {
        return list;
    }
    for item in &mut list.items {
        if let Some(Block::Paragraph(inlines)) = item.first_mut()
            && let Some(Inline::Text(t, _)) = inlines.first_mut()
        {
            *t = t[3..].to_string();
        }
    }
    list.kind = ListKind::LowerLetter;
    list
}

/// Reads the report's markdown into blocks.
pub fn from_markdown(markdown: &str) -> Document {
    let mut b = Builder {
        stack: vec![Open::Blocks(Vec::new())],
        look: Look::default(),
    };
    for event in Parser::new_ext(markdown, options()) {
        b.event(event);
    }
    b.close_loose_inlines();
    while b.stack.len() > 1 {
        // The parser closes what it opens; this only guards the invariant.
        b.stack.pop();
    }
    match b.stack.pop() {
        Some(Open::Blocks(blocks)) => Document { blocks },
        _ => Document::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into(), Look::default())
    }

    #[test]
    fn the_agendas_sub_items_are_a_lettered_list() {
        let d = from_markdown("1. One\n   - a\\. First\n   - b\\. Second\n2. Two\n");
        let Block::List(outer) = &d.blocks[0] else {
            panic!("{d:?}")
        };
        assert_eq!(outer.kind, ListKind::Decimal);
        assert_eq!(
            outer.items[0],
            vec![
                Block::Paragraph(vec![text("One")]),
                Block::List(List {
                    kind: ListKind::LowerLetter,
                    start: 1,
                    items: vec![
                        vec![Block::Paragraph(vec![text("First")])],
                        vec![Block::Paragraph(vec![text("Second")])]
                    ]
                })
            ]
        );
        // Out of order, it is what it says.
        let d = from_markdown("- b. First\n- a. Second\n");
        assert!(matches!(&d.blocks[0], Block::List(l) if l.kind == ListKind::Bullet));
    }

    #[test]
    fn a_link_to_nowhere_is_its_text() {
        let d =
            from_markdown("[Item](#) and [doc](https://e.org/d) and [x](javascript:alert(1))\n");
        assert_eq!(
            d.blocks,
            vec![Block::Paragraph(vec![
                text("Item and "),
                Inline::Link("https://e.org/d".into(), vec![text("doc")]),
                text(" and x"),
            ])]
        );
        for (target, ok) in [
            ("", false),
            ("#", false),
            ("#top", false),
            ("https://e.org", true),
            ("HTTP://e.org", true),
            ("mailto:a@b.org", true),
            ("notes/01-a.md", true),
            ("javascript:x", false),
            ("file:///etc/passwd", false),
            ("a/b:c", true),
        ] {
            assert_eq!(is_linkable(target), ok, "{target}");
        }
    }

    #[test]
    fn tables_emphasis_and_breaks_are_kept() {
        let d =
            from_markdown("**Meeting 5  \n16 May**\n\n| # | Owner |\n|---|---|\n| 1 | *Ann* |\n");
        let bold = Look {
            bold: true,
            ..Look::default()
        };
        assert_eq!(
            d.blocks[0],
            Block::Paragraph(vec![
                Inline::Text("Meeting 5".into(), bold),
                Inline::Break,
                Inline::Text("16 May".into(), bold),
            ])
        );
        assert_eq!(
            d.blocks[1],
            Block::Table(Table {
                head: vec![vec![text("#")], vec![text("Owner")]],
                rows: vec![vec![
                    vec![text("1")],
                    vec![Inline::Text(
                        "Ann".into(),
                        Look {
                            italic: true,
                            ..Look::default()
                        }
                    )]
                ]],
            })
        );
    }
}
