//! `report.html`: the report as one web page for the group's site — one file, its
//! style inline, nothing fetched from elsewhere, readable on a phone (the page
//! follows the screen's width; a wide table scrolls on its own).
//!
//! Every text and attribute is escaped: a name holding `<`, `&` or quotes shows as
//! typed. The page is also well-formed XML, which the tests hold it to.

use std::fmt::Write;

use super::document::{Block, Document, Inline, List, ListKind, Look, Table};

const STYLE: &str = "body{font-family:Calibri,Carlito,\"Segoe UI\",Arial,sans-serif;\
font-size:1rem;line-height:1.5;color:#1a1a1a;background:#fff;max-width:46rem;\
margin:0 auto;padding:1rem}\
h1,h2,h3,h4,h5,h6{color:#1f3864;line-height:1.25;margin:1.2em 0 .4em}\
h1{font-size:1.6rem}h2{font-size:1.35rem}h3{font-size:1.2rem}h4{font-size:1.1rem}\
h5,h6{font-size:1rem;font-style:italic}\
a{color:#0563c1;overflow-wrap:anywhere}\
p,li{overflow-wrap:break-word}\
ol,ul{padding-left:1.6em}\
.table{overflow-x:auto}\
table{border-collapse:collapse;margin:.5em 0 1em;min-width:60%}\
th,td{border:1px solid #8c8c8c;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#f0f0f0}\
pre{background:#f6f6f6;padding:.5em;overflow-x:auto}\
code,pre{font-family:Consolas,\"Liberation Mono\",monospace;font-size:.9em}\
blockquote{margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc;font-style:italic}";

/// The report's blocks as a web page (in English, the house style's words).
pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title()));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    for b in &doc.blocks {
        block(&mut out, b);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading(level, inlines) => {
            let _ = write!(out, "<h{level}>");
            spans(out, inlines);
            let _ = writeln!(out, "</h{level}>");
        }
        Block::Paragraph(inlines) => {
            out.push_str("<p>");
            spans(out, inlines);
            out.push_str("</p>\n");
        }
        Block::List(l) => list(out, l),
        Block::Table(t) => table(out, t),
        Block::Code(text) => {
            out.push_str("<pre><code>");
            escape_into(out, text);
            out.push_str("</code></pre>\n");
        }
        Block::Quote(blocks) => {
            out.push_str("<blockquote>\n");
            for b in blocks {
                block(out, b);
            }
            out.push_str("</blockquote>\n");
        }
        Block::Rule => out.push_str("<hr />\n"),
    }
}

fn list(out: &mut String, l: &List) {
    let close = match l.kind {
        ListKind::Bullet => {
            out.push_str("<ul>\n");
            "</ul>\n"
        }
        ListKind::Decimal | ListKind::LowerLetter => {
            out.push_str("<ol");
            if l.kind == ListKind::LowerLetter {
                out.push_str(" type=\"a\"");
            }
            if l.start != 1 {
                let _ = write!(out, " start=\"{}\"", l.start);
            }
            out.push_str(">\n");
            "</ol>\n"
        }
    };
    for item in &l.items {
        out.push_str("<li>");
        // A tight item's one paragraph is its text, as a browser shows a list.
        match item.as_slice() {
            [Block::Paragraph(inlines)] => spans(out, inlines),
            blocks => {
                out.push('\n');
                for b in blocks {
                    block(out, b);
                }
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str(close);
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<div class=\"table\"><table>\n");
    if !t.head.is_empty() {
        out.push_str("<thead><tr>");
        for cell in &t.head {
            out.push_str("<th>");
            spans(out, cell);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            spans(out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn spans(out: &mut String, list: &[Inline]) {
    for i in list {
        match i {
            Inline::Text(t, look) => text(out, t, *look),
            Inline::Break => out.push_str("<br />"),
            Inline::Link(target, inner) => {
                let _ = write!(out, "<a href=\"{}\">", escape(target));
                spans(out, inner);
                out.push_str("</a>");
            }
        }
    }
}

fn text(out: &mut String, t: &str, look: Look) {
    let tags: Vec<&str> = [
        (look.bold, "strong"),
        (look.italic, "em"),
        (look.strike, "del"),
        (look.code, "code"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, tag)| *tag)
    .collect();
    for tag in &tags {
        let _ = write!(out, "<{tag}>");
    }
    escape_into(out, t);
    for tag in tags.iter().rev() {
        let _ = write!(out, "</{tag}>");
    }
}

/// Text as HTML shows it literally, in an element or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `escape`, onto the end of `out`; clean text (almost all of it) is copied whole.
fn escape_into(out: &mut String, text: &str) {
    if !text
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::from_markdown;

    #[test]
    fn every_text_and_address_is_escaped() {
        let page = render(&from_markdown(
            "# A \\<b\\> & \"c\"\n\n[x](https://e.org/?a=1&b=\"2\")\n",
        ));
        assert!(
            page.contains("<title>A &lt;b&gt; &amp; &quot;c&quot;</title>"),
            "{page}"
        );
        assert!(
            page.contains("<h1>A &lt;b&gt; &amp; &quot;c&quot;</h1>"),
            "{page}"
        );
        assert!(
            page.contains("href=\"https://e.org/?a=1&amp;b=%222%22\"")
                || page.contains("href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\""),
            "{page}"
        );
        assert!(page.contains("name=\"viewport\""));
        assert!(!page.contains("src="), "nothing is fetched: {page}");
    }
}
