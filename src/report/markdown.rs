//! Putting user text into CommonMark so it renders as written: names and titles are
//! escaped; notes, which are markdown already, are only made safe.

use std::borrow::Cow;

use crate::notes::markers;

/// Escapes text for an inline position (a heading, a list item, a sentence) so that
/// `*`, `_`, `[`, `#`, `<` and friends show literally, and so that text at the start
/// of a block cannot turn into a list, quote, heading or thematic break. Escape
/// sequences and control characters are dropped (names may come from the journal or
/// a file name, not only from the checked agenda) and the text stays on one line.
pub fn inline(text: &str) -> String {
    let clean = neutralise(text);
    let text = clean.trim();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\t' => out.push(' '),
            // `{` too: pandoc takes "{#id}" at a heading's end, and "{.class}" after
            // a bracket, as attributes and hides them.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '^' | '$' | '{' => {
                out.push('\\');
                out.push(c);
            }
            // An entity reference like &amp; would render as "&".
            '&' if looks_like_entity(&text[i..]) => out.push_str("\\&"),
            ':' if opens_emoji(text[i + 1..].chars()) => out.push_str("\\:"),
            // "<!--" escaped still ends a list item at the next "-->" in pandoc's
            // reader, as if it were a comment.
            '!' if text[..i].ends_with('<') => out.push_str("\\!"),
            '@' if opens_citation(text[..i].chars().next_back(), text[i + 1..].chars().next()) => {
                out.push_str("\\@");
            }
            _ => out.push(c),
        }
    }
    // "| x" is a line block in pandoc's markdown, "a. x" a list: text in all readers
    // once escaped, like the block openers every reader knows.
    let out = match out.strip_prefix('|') {
        Some(rest) => format!("\\|{rest}"),
        None => out,
    };
    protect_letter_marker(protect_block_start(out))
}

/// Whether the text after a colon makes it an emoji shortcode, ":smile:", which
/// GitHub's reader shows as the emoji: a name of lower-case letters, digits, `_`, `+`
/// and `-`, and a colon. The colon before the name is escaped.
fn opens_emoji(after: impl IntoIterator<Item = char>) -> bool {
    let mut name = 0;
    for c in after {
        match c {
            ':' => return name > 0,
            'a'..='z' | '0'..='9' | '_' | '+' | '-' => name += 1,
            _ => return false,
        }
    }
    false
}

/// Whether the `[` at `i` opens "[text]" followed by none of `(`, `[` (an inline link,
/// a reference) or, at the line's start, `:` (a definition): text in CommonMark
/// unless the notes define the label, and in pandoc's reader a link to the heading of
/// that text, when there is one.
fn shortcut(chars: &[u8], i: usize, defined: &[String]) -> bool {
    let mut depth = 0;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= chars.len() {
        return false;
    }
    // Both ends are ASCII: the label is whole characters.
    let label = String::from_utf8_lossy(&chars[i + 1..j]);
    let at_start = chars[..i].iter().all(|c| *c == b' ');
    if i > 0 && chars[i - 1] == b']' {
        // The label of "[text][label]".
        return false;
    }
    match chars.get(j + 1) {
        Some(b'(' | b'[') => false,
        Some(b':') if at_start => false,
        _ => !defined.contains(&link_label(&label)),
    }
}

/// A link label as CommonMark matches it: case and runs of white space aside.
fn link_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The labels that lines of `text` define: "[label]: destination".
fn defined_labels(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start_matches(' ');
            let rest = t.strip_prefix('[').filter(|_| l.len() - t.len() < 4)?;
            let (label, after) = rest.split_once("]:")?;
            (!label.trim().is_empty() && !after.trim().is_empty()).then(|| link_label(label))
        })
        .collect()
}

/// Whether an `@` between these characters starts a citation in pandoc's reader
/// ("@name", not "a@b.org"), whose text shows as typed, backslashes and all, when a
/// bracket follows it ("@name [p. 3]"). Escaped, it is text in every reader.
fn opens_citation(before: Option<char>, after: Option<char>) -> bool {
    !before.is_some_and(|c| c.is_alphanumeric())
        && after.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn looks_like_entity(s: &str) -> bool {
    let body: String = s[1..].chars().take_while(|c| *c != ';').take(33).collect();
    s[1..].len() > body.len()
        && !body.is_empty()
        && (body.chars().all(|c| c.is_ascii_alphanumeric()) || body.starts_with('#'))
}

/// "+ x", "- x", "1. x", "1) x" and "===" open blocks at the start of a line.
fn protect_block_start(s: String) -> String {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    let after = s[digits..].chars().next();
    if digits > 0 && digits <= 9 && matches!(after, Some('.' | ')')) {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    match s.chars().next() {
        Some('+' | '-' | '=') => format!("\\{s}"),
        _ => s,
    }
}

/// The text of a labelled entry: its inline markdown (emphasis, links, code) kept,
/// but never a heading, list, quote, table or code block, whatever it starts with,
/// and nothing that only some readers take as markup (`^sup^`, `~sub~`, `$math$`).
pub fn entry(text: &str) -> String {
    let clean = neutralise(text);
    let one_line = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut safe = portable(&one_line);
    // Where a sentence goes on after it, "\ " is a no-break space in pandoc's reader;
    // at the end, a line break.
    if ends_in_backslash(&safe) {
        safe.push('\\');
    }
    let t = safe.as_str();
    let escaped = match t.chars().next() {
        Some('#' | '>' | '|' | ':') => format!("\\{t}"),
        Some('*')
            if t[1..].starts_with([' ', '*']) && t.trim_start_matches('*').starts_with(' ') =>
        {
            format!("\\{t}")
        }
        Some('`' | '~') if t.starts_with("```") || t.starts_with("~~~") => format!("\\{t}"),
        // "***", "___", "- - -": a thematic break, which would leave nothing of the text.
        Some(c @ ('*' | '_' | '-'))
            if t.chars().filter(|x| *x == c).count() >= 3
                && t.chars().all(|x| x == c || x == ' ' || x == '\t') =>
        {
            format!("\\{t}")
        }
        // "[label]: address" would be a link's definition, which shows nothing.
        Some('[') if !defined_labels(t).is_empty() => format!("\\{t}"),
        Some('<') if opens_html_block(t) => format!("\\{t}"),
        _ => protect_block_start(t.to_string()),
    };
    protect_letter_marker(escaped)
}

/// Whether a line starting with `<` opens an HTML block in CommonMark (which shows
/// it as HTML, not markdown, and pandoc's reader as a block of its own): a comment,
/// a `<pre>` and their kin, a block-level tag, or one whole tag alone on its line.
fn opens_html_block(t: &str) -> bool {
    if html_block_end(t).is_some() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    let name: String = lower
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let after = &lower[lower.find(name.as_str()).unwrap_or(0) + name.len()..];
    // The name ends the tag or its attributes follow ("<https://…>" is a link).
    let tag = !name.is_empty()
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"));
    let line = t.trim_end();
    let alone = line.ends_with('>') && line[1..].find(['<', '>']) == Some(line.len() - 2);
    tag && (BLOCK_TAGS.contains(&name.as_str()) || alone)
}

/// The tags that open an HTML block of CommonMark's sixth kind.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// "a. x", "i) x", "(b) x", "#. x" open lists in pandoc's markdown (fancy lists), and
/// "(@) x", "@. x", "(@name) x" example lists, not in CommonMark: escaped, they read
/// as written in both.
fn protect_letter_marker(s: String) -> String {
    let (open, body) = match s.strip_prefix('(') {
        Some(rest) => ("(", rest),
        None => ("", s.as_str()),
    };
    let word: String = match body.strip_prefix('@') {
        Some(label) => std::iter::once('@')
            .chain(
                label
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-'),
            )
            .collect(),
        None => body
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == '#')
            .collect(),
    };
    let is_marker = !word.is_empty()
        && (word == "#"
            || word.starts_with('@')
            || word.chars().count() == 1
            || word.chars().all(|c| "ivxlcdm".contains(c))
            || word.chars().all(|c| "IVXLCDM".contains(c)))
        && word.is_ascii();
    if !is_marker {
        return s;
    }
    let after = &body[word.len()..];
    match after.chars().next() {
        Some(c @ ('.' | ')')) if after[1..].starts_with(' ') || after.len() == 1 => {
            format!("{open}{word}\\{c}{}", &after[1..])
        }
        _ => s,
    }
}

/// The last line of a paragraph: a backslash that ends it shows in CommonMark and is
/// a line break in pandoc's reader, so it is written as one.
fn end_text(line: &mut String) {
    if ends_in_backslash(line) {
        line.push('\\');
    }
}

/// Whether the text ends with a backslash that escapes nothing before it.
fn ends_in_backslash(text: &str) -> bool {
    let run = text.len() - text.trim_end_matches('\\').len();
    run % 2 == 1
}

/// A prose line made `portable`, with a letter list marker (after any list or quote
/// marker of its own), a leading colon or a leading pipe outside a table escaped:
/// pandoc reads those as lists, definitions and line blocks, CommonMark as text.
fn prose_line(line: &str, in_table: bool, defined: &[String]) -> String {
    let line = portable_in(line, defined);
    let body_at = line.len() - line.trim_start().len();
    let mut at = body_at;
    loop {
        let t = &line[at..];
        let next = if let Some(r) = t.strip_prefix("> ") {
            Some(r)
        } else {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            ["- ", "* ", "+ "]
                .iter()
                .find_map(|m| t.strip_prefix(m))
                .or_else(|| {
                    (digits > 0)
                        .then(|| {
                            t[digits..]
                                .strip_prefix(". ")
                                .or(t[digits..].strip_prefix(") "))
                        })
                        .flatten()
                })
        };
        match next {
            Some(r) => at = line.len() - r.trim_start().len(),
            None => break,
        }
    }
    let (head, rest) = line.split_at(at);
    let rest = if rest.starts_with(':') || rest.starts_with('|') && !in_table {
        format!("\\{rest}")
    } else {
        protect_letter_marker(rest.to_string())
    };
    format!("{head}{rest}")
}

/// A line of notes with what only some markdown readers take as markup escaped, so
/// that CommonMark, GitHub's and pandoc's readers see the same text: `^` and `~`
/// (super- and subscript, strikethrough), `$` (maths), a backslash before a letter
/// (a LaTeX command), `{` (pandoc's attributes: "[text]{.class}" is a span, "{#id}"
/// ends a heading), the colon of ":smile:" (an emoji on GitHub), the `@` of a
/// citation, and the `[` of "[text]" alone (pandoc links it to a heading of that
/// text). Code spans and autolinks are left as they are.
pub fn portable(line: &str) -> String {
    portable_in(line, &[])
}

/// `portable`, where the notes define these link labels ("[label]: url"): "[label]"
/// is their link.
fn portable_in(line: &str, defined: &[String]) -> String {
    if !line.contains(['^', '~', '$', '\\', '{', ':', '@', '[']) {
        return line.to_string();
    }
    // Every character that matters is ASCII: the line is walked a byte at a time and
    // copied in runs, a backslash put in where one is needed.
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut copied = 0;
    let mut i = 0;
    // A backslash before the byte at `at`, after what was not copied yet.
    let escape = |out: &mut String, at: usize, copied: &mut usize| {
        out.push_str(&line[*copied..at]);
        out.push('\\');
        *copied = at;
    };
    while i < b.len() {
        let next = || line[i + 1..].chars().next();
        match b[i] {
            b'`' => {
                // A code span: its backticks, up to the same run of backticks.
                let run = |at: usize| b[at..].iter().take_while(|x| **x == b'`').count();
                let open = run(i);
                let close =
                    (i + open..b.len()).find(|&j| run(j) == open && (j == 0 || b[j - 1] != b'`'));
                i = close.map_or(i + open, |j| j + open);
                continue;
            }
            b'<' => {
                if let Some(n) = b[i..].iter().position(|x| *x == b'>') {
                    let inside = &line[i + 1..i + n];
                    if inside.contains(':') && !inside.contains(char::is_whitespace) {
                        i += n + 1;
                        continue;
                    }
                }
            }
            b'\\' => match next() {
                // An escape the writer made: kept, with what it escapes.
                Some(n) if n.is_ascii_punctuation() => {
                    i += 2;
                    continue;
                }
                // "\LaTeX" is a command and "\ " a no-break space in pandoc's reader:
                // the backslash is written as one.
                Some(n) if n.is_alphabetic() || n.is_whitespace() => {
                    escape(&mut out, i, &mut copied);
                }
                _ => {}
            },
            b'^' | b'~' | b'$' | b'{' => escape(&mut out, i, &mut copied),
            b'[' if shortcut(b, i, defined) => escape(&mut out, i, &mut copied),
            b':' if opens_emoji(line[i + 1..].chars()) => escape(&mut out, i, &mut copied),
            b'@' if opens_citation(line[..i].chars().next_back(), next()) => {
                escape(&mut out, i, &mut copied);
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&line[copied..]);
    out
}

/// A link whose text is escaped; the address is wrapped in `<>` when it has characters
/// that would end a plain destination.
pub fn link(text: &str, url: &str) -> String {
    format!("[{}]({})", inline(text), destination_of(url))
}

/// An address as a link's destination: wrapped in `<>` when it has characters that
/// would end a plain one.
pub fn destination_of(url: &str) -> String {
    let url = destination(url);
    if url.contains([' ', '(', ')']) {
        format!("<{url}>")
    } else {
        url.to_string()
    }
}

/// An address that stays one link destination whatever it holds: escape sequences and
/// control characters dropped, and line breaks, tabs and angle brackets (which would
/// end it, or the link) percent-encoded. Agenda links never have them; notes and data
/// from elsewhere might.
fn destination(url: &str) -> Cow<'_, str> {
    let clean = neutralise(url);
    if !clean.contains(['\n', '\t', '<', '>']) {
        return clean;
    }
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '\n' => out.push_str("%0A"),
            '\t' => out.push_str("%09"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The title of an item or document, linked when it has an address.
pub fn titled(text: &str, url: Option<&str>) -> String {
    match url {
        Some(u) => link(text, u),
        None => inline(text),
    }
}

/// A table cell: one line, pipes escaped (the rest is already markdown). A pipe the
/// markdown escaped already (`\|`, an odd run of backslashes before it) is left as it
/// is: pandoc's reader would read `\\|` as a backslash and the cell's end.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c == '|' {
                let backslashes = out.len() - out.trim_end_matches('\\').len();
                if backslashes.is_multiple_of(2) {
                    out.push('\\');
                }
            }
            out.push(c);
        }
    }
    out
}

/// Notes prose made safe for the report: control characters and escape sequences
/// neutralised, headings pushed below the item's own heading level, and the marker
/// lines of a conflict left unresolved shown as written.
pub fn prose(text: &str, min_heading: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    // The open code fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    // The text that ends an open HTML block (comment, <pre>, …).
    let mut html: Option<&'static str> = None;
    // Between a conflict's start and end markers.
    let mut in_conflict = false;
    // The line after a marker line starts a paragraph of its own.
    let mut after_marker = false;
    let demote = |level: usize, rest: &str| {
        format!("{}{rest}", "#".repeat((level + min_heading - 1).min(6)))
    };
    let clean = neutralise(text);
    let lines: Vec<&str> = clean.lines().collect();
    let tables = table_lines(&lines);
    let defined = defined_labels(&clean);
    let mut flow = Flow::default();
    for (k, &line) in lines.iter().enumerate() {
        if std::mem::take(&mut after_marker) && !line.trim().is_empty() {
            out.push(String::new());
        }
        let t = line.trim_start();
        let indent = line.len() - t.len();
        // Lines of code and HTML, their opening and closing lines too, stay as written.
        let raw_before = fence.is_some() || html.is_some();
        if fence.is_none()
            && html.is_none()
            && is_conflict_marker(line, in_conflict, &lines[k + 1..])
        {
            // "=======" under a line would underline it into a heading and
            // ">>>>>>>" open a quote: escaped, and set apart from the texts around
            // it, a marker reads as the line it is and takes no text with it.
            in_conflict = !line.starts_with(markers::END);
            if out.last().is_some_and(|l| !l.trim().is_empty()) {
                out.push(String::new());
            }
            out.push(marker_line(line));
            after_marker = true;
            flow = Flow::default();
            continue;
        }
        if let Some(closer) = html {
            if line.to_ascii_lowercase().contains(closer) {
                html = None;
            }
        } else if indent < 4 && (t.starts_with("```") || t.starts_with("~~~")) {
            let c = t.chars().next().unwrap_or('`');
            let len = t.chars().take_while(|x| *x == c).count();
            let bare = t[len..].trim().is_empty();
            fence = match fence {
                // Only a bare fence of the same kind, at least as long, closes one.
                Some((f, open)) if f == c && len >= open && bare => None,
                None => Some((c, len)),
                keep => keep,
            };
        } else if fence.is_none() && indent < 4 {
            if let Some(closer) = html_block_end(t) {
                let after_start = &t.to_ascii_lowercase()[1..];
                if !after_start.contains(closer) {
                    html = Some(closer);
                }
            } else if t.starts_with('#') {
                let level = t.chars().take_while(|c| *c == '#').count();
                let rest = &t[level..];
                if level <= 6 && (rest.is_empty() || rest.starts_with(' ')) {
                    flow.place(demote(level, &portable_in(rest, &defined)), &mut out);
                    continue;
                }
            } else if let Some(level) = setext_level(t)
                && let Some(start) = flow.paragraph
            {
                // "Title" over "=====" is a heading too, made of the paragraph's lines:
                // pushed down like "# Title".
                let title: Vec<String> = out[start..]
                    .iter()
                    .map(|l| {
                        // A line break in a heading of one line: a backslash.
                        let mut l = l.trim().to_string();
                        end_text(&mut l);
                        l
                    })
                    .collect();
                let heading = demote(level, &format!(" {}", title.join(" ")));
                out.truncate(start);
                flow.raw();
                flow.place(heading, &mut out);
                continue;
            }
        }
        if raw_before {
            out.push(line.to_string());
            flow.raw();
        } else if fence.is_some() || html.is_some() || flow.code(line) {
            flow.place(line.to_string(), &mut out);
        } else {
            let line = prose_line(line, tables[k], &defined);
            if tables[k] {
                let header = k == 0 || !tables[k - 1];
                flow.place_row(table_row(line), header, &mut out);
            } else {
                flow.place(line, &mut out);
            }
        }
    }
    flow.finish(&mut out);
    let mut out = out.join("\n");
    out.truncate(out.trim_end().len());
    // A fence or HTML block left open would swallow the rest of the report.
    if let Some((c, len)) = fence {
        out.push('\n');
        out.extend(std::iter::repeat_n(c, len));
    }
    if let Some(closer) = html {
        out.push('\n');
        out.push_str(closer);
    }
    out
}

/// Which lines are a table's: a header row over a delimiter row of as many cells, and
/// the rows after them up to a blank line.
fn table_lines(lines: &[&str]) -> Vec<bool> {
    // Without their quote markers.
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| &l[quote_prefix(l, usize::MAX).1..])
        .collect();
    let mut out = vec![false; lines.len()];
    let mut k = 0;
    while k + 1 < lines.len() {
        // A header row that is a list item's first line: the delimiter row under it
        // must be indented under the item, or it goes on with the item's text.
        let under = match opener(lines[k]).1 {
            Opener::Text => Some(0),
            Opener::Item { column, .. } => Some(column),
            _ => None,
        };
        let delimiter = lines[k + 1];
        let indent = delimiter.len() - delimiter.trim_start().len();
        if lines[k].contains('|')
            && under.is_some_and(|column| indent >= column)
            && is_delimiter_row(delimiter)
            && cells(lines[k]) == cells(delimiter)
        {
            out[k] = true;
            k += 1;
            // GitHub's tables go on up to a blank line or another block.
            while k < lines.len()
                && opener(lines[k]).1 == Opener::Text
                && !lines[k].trim_start().starts_with('>')
            {
                out[k] = true;
                k += 1;
            }
        } else {
            k += 1;
        }
    }
    out
}

/// A table's row as pandoc's reader and GitHub's both read it: with a pipe (a line
/// without one goes on with a table in GitHub's reader, and ends it in pandoc's), and
/// a backslash that ends it doubled (pulldown-cmark takes a lone one for a line break
/// and the table for a paragraph; in a cell it is the backslash it shows).
fn table_row(row: String) -> String {
    let t = row.trim_start();
    let mut row = if cells(t) > 1 || t.starts_with('|') {
        row
    } else {
        format!("| {t}")
    };
    if ends_in_backslash(&row) {
        row.push('\\');
    }
    row
}

/// How many cells a table row has: its pipes but an escaped one or those at its ends.
fn cells(row: &str) -> usize {
    let t = row.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = match t.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => t,
    };
    let mut n = 1;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            '|' if !escaped => n += 1,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    n
}

/// "|---|:--:|", "--- | ---": a table's delimiter row.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| "|:- \t".contains(c))
}

/// A line that shows nothing in any reader and ends the list before it: a link
/// reference definition, with a blank line on either side. (An HTML comment would
/// end it too, but is a block of its own in CommonMark.)
const END_OF_LIST: &str = "[//]: # (end of list)";

/// Where the prose is, line by line, so that its blocks are the same in pandoc's
/// readers as in CommonMark. CommonMark lets a heading, rule, quote or list start
/// right under a paragraph (or end a list or quote); pandoc's markdown reader wants a
/// blank line first, and otherwise reads the line as text going on: the blank line,
/// which changes nothing in CommonMark, is added. Where CommonMark starts a new list
/// because the bullet changes (`+` then `*`), pandoc's reader goes on with the same
/// list: `END_OF_LIST` ends it for both. Text going on "lazily" (not indented under
/// the list item or without the quote's markers) is indented or marked, since
/// GitHub's reader in pandoc ends the item or quote at a line with a pipe.
///
/// Inside a list item a blank line would make the list loose in CommonMark (more
/// space between its items): a quote, heading, rule or code block right under an
/// item's text, a setext heading in an item, and a change of bullet in a nested list
/// are left as written, and read differently in pandoc's markdown reader.
#[derive(Default)]
struct Flow {
    /// The quote depth of the lines so far.
    depth: usize,
    last: Last,
    /// The open list at this depth: its items' content column and their marker
    /// (`-`, `+`, `*`, or `.` and `)` after a number).
    list: Option<(usize, char)>,
    /// In a list, the column of the text the last line belongs to (an item's, nested
    /// or not, or a paragraph's in an item).
    column: usize,
    /// Where the open paragraph outside any quote or list starts in the output.
    paragraph: Option<usize>,
    /// The last line was a heading or a rule.
    one_line_block: bool,
    /// The last line was a table's row.
    table: bool,
    /// The last line was indented code's.
    code: bool,
    /// The line placed goes on with the text before it.
    goes_on: bool,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Last {
    #[default]
    Blank,
    /// Text that a next line may go on (a paragraph's, a list item's).
    Text,
    /// A heading, a rule, a code block, an HTML block.
    Block,
}

/// How a line (after its quote markers) starts, as CommonMark reads it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    Blank,
    Text,
    /// A list item: its marker, its number when ordered, whether it holds text, and
    /// its content column.
    Item {
        marker: char,
        number: Option<u64>,
        empty: bool,
        column: usize,
    },
    /// A heading, a rule, a fence, an HTML block that only its end closes.
    Block,
}

impl Flow {
    /// Adds `line` to `out`, made to read the same in every reader, after a blank line
    /// or `END_OF_LIST` when the readers need one to see the same blocks.
    fn place(&mut self, line: String, out: &mut Vec<String>) {
        self.place_any(line, None, out);
    }

    /// Adds a table's row (its first, the header, or another).
    fn place_row(&mut self, line: String, header: bool, out: &mut Vec<String>) {
        self.place_any(line, Some(header), out);
    }

    fn place_any(&mut self, line: String, row: Option<bool>, out: &mut Vec<String>) {
        let start = out.len();
        let text_before = self.last == Last::Text;
        self.goes_on = false;
        self.place_line(line, row, out);
        if text_before && !self.goes_on {
            end_text(&mut out[start - 1]);
        }
        // The paragraph that a setext underline would make a heading of.
        let paragraph = self.last == Last::Text
            && self.depth == 0
            && self.list.is_none()
            && row.is_none()
            && out.len() > start;
        self.paragraph = match self.paragraph {
            _ if !paragraph => None,
            Some(p) if self.goes_on => Some(p),
            _ => Some(out.len() - 1),
        };
    }

    fn place_line(&mut self, mut line: String, row: Option<bool>, out: &mut Vec<String>) {
        let (depth, at) = quote_prefix(&line, usize::MAX);
        let (indent, what) = opener(&line[at..]);
        // An empty line inside `d` quotes, unless the last line is one there.
        let gap = |d: usize, out: &mut Vec<String>| {
            let blank = |l: &String| {
                let (depth, at) = quote_prefix(l, usize::MAX);
                depth <= d && l[at..].trim().is_empty()
            };
            if out.last().is_some_and(|l| !blank(l)) {
                out.push(">".repeat(d));
            }
        };
        // "===" or "--" going on with the text of a list item or quote (lazily, not
        // indented under it) is text in CommonMark, and would be a heading's underline
        // once indented under it (and is one in pandoc's reader): escaped.
        let lazy_underline = |line: &mut String| {
            if setext_level(line[at..].trim()).is_some() {
                let first = line[at..].find(['=', '-']).unwrap_or(0);
                line.insert(at + first, '\\');
            }
        };
        if depth < self.depth && what == Opener::Text && self.last == Last::Text {
            // Text right after a quote's paragraph goes on with it ("lazily"), but
            // GitHub's reader in pandoc ends the quote at a line with a pipe: the line
            // gets the quote's markers, which changes nothing in CommonMark.
            lazy_underline(&mut line);
            line.insert_str(at, &"> ".repeat(self.depth - depth));
            return self.place_line(line, row, out);
        }
        // A heading's or a rule's line with a line right under it: pandoc's reader
        // takes "---" or "===" there for the underline of a heading made of the whole
        // line, "#"s and all; the same under indented code ("    text" over "==="). A
        // blank line between changes nothing in CommonMark.
        let one_line_block = std::mem::take(&mut self.one_line_block);
        let code = std::mem::take(&mut self.code);
        if what != Opener::Blank && (one_line_block || code && (indent < 4 || depth != self.depth))
        {
            gap(depth.min(self.depth), out);
        }
        if depth != self.depth {
            let opens = depth > self.depth;
            let (_, outer) = quote_prefix(&line, self.depth);
            let outer_indent = line[outer..].len() - line[outer..].trim_start().len();
            let nested = self.list.is_some_and(|(column, _)| outer_indent >= column);
            // A quote opening under text, or any line but a blank one after a quote
            // (pandoc's reader takes it into the quote).
            if opens && !nested && self.last == Last::Text || !opens && what != Opener::Blank {
                gap(depth.min(self.depth), out);
            }
            *self = Flow {
                depth,
                ..Flow::default()
            };
        }
        // A table under a paragraph: GitHub's reader in pulldown-cmark starts it
        // there, pandoc's readers want a blank line first.
        let table_under_text = row == Some(true) && self.last == Last::Text;
        if table_under_text {
            gap(depth, out);
        }
        let after_table = std::mem::replace(&mut self.table, row.is_some());
        let body = line[at..].trim_start_matches(' ');
        self.one_line_block = indent < 4 && (is_heading(body) || is_rule(body));
        if indent < 4 && is_heading(body) {
            // A heading's text ends with its line.
            end_text(&mut line);
        }
        let inside = self.list.is_some_and(|(column, _)| indent >= column);
        // Under a paragraph's or an item's own text, "---" is its underline in every
        // reader (outside a quote or list, `prose` made it a heading already).
        let underline = self.last == Last::Text
            && !after_table
            && (self.list.is_none() || inside)
            && setext_level(line[at..].trim()).is_some();
        if what == Opener::Block && !underline && is_rule(line[at..].trim_start_matches(' ')) {
            // A rule as "***": pandoc's reader takes a line of dashes with lines
            // right under or above it for the edge of a table.
            line.replace_range(at + indent.., "***");
        }
        match what {
            Opener::Blank => {
                out.push(line);
                self.last = Last::Blank;
                return;
            }
            Opener::Item {
                number,
                empty,
                column,
                ..
            } if inside => {
                // "2. x" under an item's text goes on with the text in CommonMark
                // (only "1." starts a list there), but is a list in pandoc's reader.
                if self.last == Last::Text
                    && indent >= self.column
                    && number.is_some_and(|n| n != 1)
                {
                    escape_number(&mut line, at + indent);
                    return self.place_line(line, row, out);
                }
                self.column = column;
                self.last = if empty { Last::Blank } else { Last::Text };
            }
            Opener::Item {
                marker,
                number,
                empty,
                column,
            } => {
                let bullet = |c: char| "-+*".contains(c);
                match self.list {
                    Some((_, open)) if open != marker && bullet(open) && bullet(marker) => {
                        let prefix = "> ".repeat(depth);
                        gap(depth, out);
                        out.extend([format!("{prefix}{END_OF_LIST}"), ">".repeat(depth)]);
                    }
                    // Another kind of list: set apart, so that the report's templates
                    // see where the notes' last list starts.
                    Some((_, open)) if open != marker => gap(depth, out),
                    Some(_) => {}
                    // Any list item ends a table.
                    None if after_table => gap(depth, out),
                    // Only a bullet with text or "1." starts a list under a paragraph.
                    None if self.last == Last::Text => {
                        if number.is_some_and(|n| n != 1) {
                            // Text in CommonMark, and a list in pandoc's reader after
                            // a link's definition: escaped.
                            escape_number(&mut line, at + indent);
                            return self.place_line(line, row, out);
                        }
                        if empty {
                            self.goes_on = true;
                            out.push(line);
                            return;
                        }
                        gap(depth, out);
                    }
                    None => {}
                }
                self.list = Some((column, marker));
                self.column = column;
                self.last = if empty { Last::Blank } else { Last::Text };
            }
            Opener::Block if inside => self.last = Last::Block,
            Opener::Block => {
                if self.last == Last::Text && !underline {
                    gap(depth, out);
                }
                self.list = None;
                self.last = Last::Block;
            }
            Opener::Text => {
                let code = self.code_at(depth, indent);
                self.goes_on = self.last == Last::Text && !table_under_text;
                let in_list = self.list.is_some() && !code;
                if !in_list && !code && self.last == Last::Text && indent >= 4 {
                    // Text going on four columns in: pandoc's reader takes it for code
                    // after a link's definition. CommonMark drops the indentation.
                    line.replace_range(at..at + indent, "");
                } else if in_list && self.last == Last::Text && indent < self.column {
                    // Going on with an item's text, lazily: indented under it, as for
                    // a quote above.
                    lazy_underline(&mut line);
                    line.insert_str(at, &" ".repeat(self.column - indent));
                } else if in_list && self.last != Last::Text {
                    if inside {
                        self.column = indent;
                    } else {
                        self.list = None;
                    }
                }
                self.code = code;
                self.last = if code { Last::Block } else { Last::Text };
            }
        }
        out.push(line);
    }

    /// Whether the line is one of indented code: four columns in from the text it
    /// would be in, and no paragraph going on. (In a list item, text at four columns
    /// goes on with the item's.)
    fn code(&self, line: &str) -> bool {
        let (depth, at) = quote_prefix(line, usize::MAX);
        let (indent, what) = opener(&line[at..]);
        what != Opener::Blank && self.code_at(depth, indent)
    }

    fn code_at(&self, depth: usize, indent: usize) -> bool {
        let base = match self.list {
            Some(_) if depth == self.depth => self.column,
            _ => 0,
        };
        indent >= base + 4 && !(self.last == Last::Text && depth <= self.depth)
    }

    /// After the last line.
    fn finish(&mut self, out: &mut [String]) {
        if self.last == Last::Text
            && let Some(last) = out.last_mut()
        {
            end_text(last);
        }
    }

    /// A line of a code or HTML block.
    fn raw(&mut self) {
        self.last = Last::Block;
        self.paragraph = None;
        self.one_line_block = false;
        self.table = false;
        self.code = false;
    }
}

/// "2. x" as "2\. x": the list number at `at` made text.
fn escape_number(line: &mut String, at: usize) {
    let digits = line[at..].bytes().take_while(u8::is_ascii_digit).count();
    line.insert(at + digits, '\\');
}

/// How many quote markers (`>`) start the line, at most `max`, and where the text
/// after them starts.
fn quote_prefix(line: &str, max: usize) -> (usize, usize) {
    let (mut depth, mut at) = (0, 0);
    while depth < max {
        let t = &line[at..];
        let spaces = t.len() - t.trim_start_matches(' ').len();
        if spaces >= 4 || !t[spaces..].starts_with('>') {
            break;
        }
        at += spaces + 1;
        if line[at..].starts_with(' ') {
            at += 1;
        }
        depth += 1;
    }
    (depth, at)
}

/// "***", "- - -", "___": a thematic break (the line without its indentation).
fn is_rule(t: &str) -> bool {
    // One pass that stops at the first character a rule cannot hold: most lines are
    // prose, and long.
    let blank = |x: char| x == ' ' || x == '\t';
    let Some(c) = t.chars().find(|&x| !blank(x)) else {
        return false;
    };
    if !matches!(c, '*' | '-' | '_') {
        return false;
    }
    let mut count = 0;
    for x in t.chars() {
        if x == c {
            count += 1;
        } else if !blank(x) {
            return false;
        }
    }
    count >= 3
}

/// "# Title", "###": an ATX heading (the line without its indentation).
fn is_heading(t: &str) -> bool {
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && (t.len() == hashes || t[hashes..].starts_with([' ', '\t']))
}

/// The indentation of a line (after its quote markers) and how it starts.
fn opener(rest: &str) -> (usize, Opener) {
    let t = rest.trim_start_matches(' ');
    let indent = rest.len() - t.len();
    if t.trim().is_empty() {
        return (indent, Opener::Blank);
    }
    if indent >= 4 {
        return (indent, Opener::Text);
    }
    let heading = is_heading(t);
    let fence = t.starts_with("```") || t.starts_with("~~~");
    if heading || is_rule(t) || fence || html_block_end(t).is_some() {
        return (indent, Opener::Block);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (marker, number, width) = match t.chars().next() {
        Some(c @ ('-' | '+' | '*')) => (c, None, 1),
        _ if (1..=9).contains(&digits) && t[digits..].starts_with(['.', ')']) => (
            t[digits..].chars().next().unwrap_or('.'),
            t[..digits].parse().ok(),
            digits + 1,
        ),
        _ => return (indent, Opener::Text),
    };
    let after = &t[width..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return (indent, Opener::Text);
    }
    let content = after.trim_start();
    let spaces = after.len() - content.len();
    let column = indent
        + width
        + if content.is_empty() || spaces > 4 {
            1
        } else {
            spaces
        };
    // "- * x": the text is the inner item's, further right.
    let (column, empty) = match opener(content).1 {
        Opener::Item {
            column: inner,
            empty,
            ..
        } if spaces <= 4 => (column + inner, empty),
        _ => (column, content.is_empty()),
    };
    (
        indent,
        Opener::Item {
            marker,
            number,
            empty,
            column,
        },
    )
}

/// Whether a line is a marker of a conflict left in the notes. "=======" alone is
/// also a heading's underline: it counts as a marker inside a conflict, or before the
/// end marker of one whose start was deleted.
fn is_conflict_marker(line: &str, in_conflict: bool, rest: &[&str]) -> bool {
    if !markers::is_marker_line(line) {
        return false;
    }
    if !line.starts_with(markers::MIDDLE) || in_conflict {
        return true;
    }
    rest.iter()
        .find(|l| markers::is_marker_line(l) && !l.starts_with(markers::MIDDLE))
        .is_some_and(|l| l.starts_with(markers::END))
}

/// A marker line as it reads in the notes: its first character escaped, so that it
/// opens no block, and its label (a person, a file name) escaped like any name.
fn marker_line(line: &str) -> String {
    let (marker, label) = line.split_at(markers::START.len());
    let label = inline(label);
    if label.is_empty() {
        format!("\\{marker}")
    } else {
        format!("\\{marker} {label}")
    }
}

/// For a line that opens an HTML block which only its closing text ends (CommonMark
/// kinds 1 to 5), that text; blocks of other kinds end at a blank line anyway.
fn html_block_end(t: &str) -> Option<&'static str> {
    let lower = t.to_ascii_lowercase();
    for (tag, closer) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if let Some(rest) = lower.strip_prefix(tag)
            && (rest.is_empty() || rest.starts_with([' ', '>', '\t']))
        {
            return Some(closer);
        }
    }
    if lower.starts_with("<!--") {
        Some("-->")
    } else if lower.starts_with("<![cdata[") {
        Some("]]>")
    } else if lower.starts_with("<?") {
        Some("?>")
    } else if lower.starts_with("<!") && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some(">")
    } else {
        None
    }
}

/// 1 for a "===" underline, 2 for "---".
fn setext_level(t: &str) -> Option<usize> {
    let t = t.trim_end();
    if !t.is_empty() && t.chars().all(|c| c == '=') {
        Some(1)
    } else if !t.is_empty() && t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Text typed or pasted, from an editor or a file: line breaks as terminals paste
/// them and other systems save them (`\r\n`, `\r`) become `\n`, then it is made
/// harmless by `neutralise`.
pub fn neutralise_typed(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return neutralise(text);
    }
    Cow::Owned(neutralise(&text.replace("\r\n", "\n").replace('\r', "\n")).into_owned())
}

/// Removes terminal escape sequences and control characters (but tabs and line
/// breaks), so pasted or hostile text is harmless in a terminal and in the report.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    // Almost all text is clean: it is passed on as it is.
    if is_clean(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // The 7-bit (ESC [, ESC ]) and 8-bit (CSI, OSC) introducers open sequences
        // that are dropped whole, not just their first character.
        let sequence = match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => Some(Sequence::Csi),
                Some(']' | 'P' | '_' | '^') => Some(Sequence::String),
                // A sequence never reaches past the end of its line: the text on
                // the next lines is someone's, and stays.
                Some('\n') | None => continue,
                _ => {
                    chars.next();
                    continue;
                }
            },
            '\u{9b}' => Some(Sequence::Csi),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' => Some(Sequence::String),
            _ => None,
        };
        if let Some(kind) = sequence {
            if c == '\u{1b}' {
                chars.next();
            }
            match kind {
                Sequence::Csi => {
                    while let Some(n) = chars.next_if(|n| *n != '\n') {
                        if ('\u{40}'..='\u{7e}').contains(&n) {
                            break;
                        }
                    }
                }
                Sequence::String => {
                    while let Some(n) = chars.next_if(|n| *n != '\n') {
                        if n == '\u{7}' || n == '\u{9c}' {
                            break;
                        }
                        if n == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
            }
            continue;
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The characters that change the direction text is shown in: embeddings and
/// overrides, isolates, and the marks. Shown raw they reorder what a terminal or a
/// reader sees (a name that reads as another, a line that hides its end).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

enum Sequence {
    /// Control Sequence: parameters up to a final byte.
    Csi,
    /// Operating System Command and its kin: text up to BEL or String Terminator.
    String,
}

/// Whether `neutralise` would leave the text as it is, decided on bytes because it
/// runs over every note: C0 controls but tab and line feed, DEL, C1 controls
/// (UTF-8 C2 80–9F) and bidirectional controls (E2 80 8E–8F, E2 80 AA–AE,
/// E2 81 A6–A9, D8 9C).
fn is_clean(b: &[u8]) -> bool {
    // A branch-free pass flags 64-byte blocks with a suspicious byte (it vectorises);
    // only those are looked at closely, since typographic quotes share the lead byte.
    let suspicious = |x: u8| {
        (x < 0x20 && x != b'\n' && x != b'\t')
            | (x == 0x7f)
            | (x == 0xc2)
            | (x == 0xe2)
            | (x == 0xd8)
    };
    let mut start = 0;
    for block in b.chunks(64) {
        if block.iter().fold(false, |acc, &x| acc | suspicious(x))
            && !block_is_clean(b, start, start + block.len())
        {
            return false;
        }
        start += block.len();
    }
    true
}

fn block_is_clean(b: &[u8], from: usize, to: usize) -> bool {
    for i in from..to {
        match b[i] {
            b'\n' | b'\t' => {}
            0x00..=0x1f | 0x7f => return false,
            0xc2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => return false,
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x8e..=0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => {
                    return false;
                }
                _ => {}
            },
            0xd8 if b.get(i + 1) == Some(&0x9c) => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    /// `portable_in` as it was written first, a character at a time: what the faster
    /// one must agree with.
    fn portable_by_chars(line: &str, defined: &[String]) -> String {
        if !line.contains(['^', '~', '$', '\\', '{', ':', '@', '[']) {
            return line.to_string();
        }
        let mut out = String::with_capacity(line.len() + 8);
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '`' => {
                    // A code span: its backticks, up to the same run of backticks.
                    let run = chars[i..].iter().take_while(|x| **x == '`').count();
                    let close = (i + run..chars.len()).find(|&j| {
                        chars[j..].iter().take_while(|x| **x == '`').count() == run
                            && (j == 0 || chars[j - 1] != '`')
                    });
                    let end = close.map_or(i + run, |j| j + run);
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                '<' => {
                    let close = chars[i..].iter().position(|x| *x == '>');
                    let inside: String =
                        close.map_or(String::new(), |n| chars[i + 1..i + n].iter().collect());
                    if close.is_some()
                        && inside.contains(':')
                        && !inside.contains(char::is_whitespace)
                    {
                        let n = close.unwrap_or(0);
                        out.extend(&chars[i..=i + n]);
                        i += n + 1;
                        continue;
                    }
                    out.push(c);
                }
                '\\' => {
                    match chars.get(i + 1) {
                        // An escape the writer made: kept, with what it escapes.
                        Some(n) if n.is_ascii_punctuation() => {
                            out.push(c);
                            out.push(*n);
                            i += 2;
                            continue;
                        }
                        // "\LaTeX" is a command and "\ " a no-break space in pandoc's
                        // reader: the backslash is written as one.
                        Some(n) if n.is_alphabetic() || n.is_whitespace() => out.push_str("\\\\"),
                        _ => out.push(c),
                    }
                }
                '^' | '~' | '$' | '{' => {
                    out.push('\\');
                    out.push(c);
                }
                '[' if shortcut_by_chars(&chars, i, defined) => out.push_str("\\["),
                ':' if opens_emoji(chars[i + 1..].iter().copied()) => {
                    out.push_str("\\:");
                }
                '@' if opens_citation(
                    i.checked_sub(1).map(|p| chars[p]),
                    chars.get(i + 1).copied(),
                ) =>
                {
                    out.push_str("\\@");
                }
                _ => out.push(c),
            }
            i += 1;
        }
        out
    }

    fn shortcut_by_chars(chars: &[char], i: usize, defined: &[String]) -> bool {
        let mut depth = 0;
        let mut j = i;
        while j < chars.len() {
            match chars[j] {
                '\\' => j += 1,
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() {
            return false;
        }
        let label: String = chars[i + 1..j].iter().collect();
        let at_start = chars[..i].iter().all(|c| *c == ' ');
        if i > 0 && chars[i - 1] == ']' {
            return false;
        }
        match chars.get(j + 1) {
            Some('(' | '[') => false,
            Some(':') if at_start => false,
            _ => !defined.contains(&link_label(&label)),
        }
    }

    proptest::proptest! {
        #[test]
        fn portable_lines_are_escaped_as_a_character_at_a_time(
            line in "[a-z é会`<>:\\\\^~${}\\[\\]@()_ +]{0,40}",
            define in proptest::bool::ANY,
        ) {
            let defined = if define { vec!["a".to_string()] } else { Vec::new() };
            proptest::prop_assert_eq!(
                portable_in(&line, &defined),
                portable_by_chars(&line, &defined),
                "{:?}", line
            );
        }
    }

    use super::*;

    proptest::proptest! {
        /// The one-pass reading of a rule is the definition's: a line of one of `*`,
        /// `-`, `_`, at least three of it, and spaces or tabs.
        #[test]
        fn a_rule_is_what_the_definition_says(t in "[-*_ \t.a]{0,12}") {
            let defined = ['*', '-', '_'].iter().any(|&c| {
                t.chars().filter(|x| *x == c).count() >= 3
                    && t.chars().all(|x| x == c || x == ' ' || x == '\t')
            });
            proptest::prop_assert_eq!(is_rule(&t), defined, "{:?}", t);
        }
    }

    #[test]
    fn an_entry_that_is_a_rule_stays_text() {
        for rule in ["***", "___", "_ _ _", "* * *", "- - -", "----"] {
            let md = entry(rule);
            assert!(md.starts_with('\\'), "{rule}: {md}");
            let text = format!("- {md}\n");
            assert!(
                !pulldown_cmark::Parser::new(&text)
                    .any(|e| matches!(e, pulldown_cmark::Event::Rule)),
                "{rule}: {md}"
            );
        }
    }
    use proptest::prelude::*;

    /// Characters that `neutralise` removes (or that start a sequence it removes).
    fn is_unsafe(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{061C}'
            )
    }

    proptest! {
        #[test]
        fn the_byte_check_agrees_with_the_characters(s in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{600}-\u{63f}\u{2000}-\u{206f}]){0,40}") {
            prop_assert_eq!(is_clean(s.as_bytes()), !s.chars().any(is_unsafe));
            let out = neutralise(&s);
            prop_assert!(!out.chars().any(is_unsafe), "{:?}", out);
        }
    }

    #[test]
    fn escapes_inline_markup() {
        assert_eq!(inline("a*b_c [d] <e> #f"), "a\\*b\\_c \\[d\\] \\<e\\> \\#f");
        assert_eq!(inline("R&D &amp; more"), "R&D \\&amp; more");
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("1. not a list"), "1\\. not a list");
        assert_eq!(inline("2023) x"), "2023\\) x");
        assert_eq!(inline("Raúl Echeberría"), "Raúl Echeberría");
    }

    #[test]
    fn links_and_cells() {
        assert_eq!(
            link("A [b]", "https://x.org/a b"),
            "[A \\[b\\]](<https://x.org/a b>)"
        );
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(
            link("A", "https://x.org/\u{1b}[2Ja\n# b<c>\u{7}"),
            "[A](<https://x.org/a%0A# b%3Cc%3E>)"
        );
    }

    #[test]
    fn prose_demotes_headings_outside_code() {
        let p = prose("# Top\ntext\n```\n# code\n```\n###### deep", 5);
        assert_eq!(p, "##### Top\n\ntext\n\n```\n# code\n```\n###### deep");
    }

    #[test]
    fn prose_closes_html_blocks_and_demotes_setext_headings() {
        assert_eq!(
            prose("text\n<!-- a comment\nmore", 5),
            "text\n\n<!-- a comment\nmore\n-->"
        );
        assert_eq!(prose("<pre>\ncode", 5), "<pre>\ncode\n</pre>");
        assert_eq!(prose("<!-- closed -->\nafter", 5), "<!-- closed -->\nafter");
        assert_eq!(prose("<div>\nx", 5), "<div>\nx");
        assert_eq!(
            prose("Title\n=====\nBody\n\nSub\n---\n\n- item\n---", 5),
            "##### Title\n\nBody\n\n###### Sub\n\n- item\n\n***"
        );
    }

    /// The blocks CommonMark makes of `md`: the text of each paragraph and tight list
    /// item (soft breaks as line breaks), and how many headings and block quotes.
    fn blocks(md: &str) -> (Vec<String>, usize, usize) {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let (mut paragraphs, mut headings, mut quotes) = (Vec::new(), 0, 0);
        let mut open: Option<String> = None;
        for e in Parser::new(md) {
            match e {
                Event::Start(Tag::Paragraph | Tag::Item) => open = Some(String::new()),
                Event::End(TagEnd::Paragraph | TagEnd::Item) => paragraphs.extend(open.take()),
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Start(Tag::BlockQuote(_)) => quotes += 1,
                Event::Text(t) | Event::Code(t) => open.iter_mut().for_each(|p| p.push_str(&t)),
                Event::SoftBreak | Event::HardBreak => open.iter_mut().for_each(|p| p.push('\n')),
                _ => {}
            }
        }
        (paragraphs, headings, quotes)
    }

    #[test]
    fn conflict_markers_show_as_written_and_make_no_heading_or_quote() {
        let notes = "Intro line.\n\
                     <<<<<<< typed in agendum by ann@host\n\
                     We agreed on *draft* 3.\n\
                     =======\n\
                     We agreed on draft 4.\n\
                     >>>>>>> saved in notes/01_a_b_.md elsewhere\n\
                     After.";
        let p = prose(notes, 5);
        let (paragraphs, headings, quotes) = blocks(&p);
        assert_eq!((headings, quotes), (0, 0), "{p}");
        assert_eq!(
            paragraphs,
            [
                "Intro line.",
                "<<<<<<< typed in agendum by ann@host",
                "We agreed on draft 3.",
                "=======",
                "We agreed on draft 4.",
                ">>>>>>> saved in notes/01_a_b_.md elsewhere",
                "After.",
            ],
            "{p}"
        );
        // Bare markers, and a text that starts and ends with them.
        let p = prose("<<<<<<<\nours\n=======  \ntheirs\n>>>>>>>", 5);
        assert_eq!(p, "\\<<<<<<<\n\nours\n\n\\=======\n\ntheirs\n\n\\>>>>>>>");
        let (paragraphs, headings, quotes) = blocks(&p);
        assert_eq!((headings, quotes), (0, 0), "{p}");
        assert_eq!(
            paragraphs,
            ["<<<<<<<", "ours", "=======", "theirs", ">>>>>>>"]
        );
    }

    #[test]
    fn conflict_markers_leave_headings_code_and_quotes_of_the_notes_alone() {
        // Outside a conflict, seven "=" underline a heading, as ever.
        assert_eq!(prose("Title\n=======\ntext", 5), "##### Title\n\ntext");
        // A conflict whose start marker was deleted still ends with its middle one.
        let p = prose("mine\n=======\ntheirs\n>>>>>>> file", 5);
        assert_eq!(p, "mine\n\n\\=======\n\ntheirs\n\n\\>>>>>>> file");
        // In a code block a marker is already literal; a backslash would show.
        let code = "```\n<<<<<<< a\n=======\n>>>>>>> b\n```";
        assert_eq!(prose(code, 5), code);
        // A quote or list of a side ends where the marker is, rather than take it in.
        let p = prose("<<<<<<< a\n> quoted\n=======\n- item\n>>>>>>> b", 5);
        let (paragraphs, headings, quotes) = blocks(&p);
        assert_eq!((headings, quotes), (0, 1), "{p}");
        assert_eq!(
            paragraphs,
            ["<<<<<<< a", "quoted", "=======", "item", ">>>>>>> b"],
            "{p}"
        );
    }

    // What only some readers take as markup (pandoc's markdown reader, GitHub's in
    // pandoc), escaped so that every reader reads the text as written.

    #[test]
    fn names_escape_what_pandoc_and_github_read_as_markup() {
        // Attributes: "{#id}" at a heading's end, "{.class}" after brackets.
        assert_eq!(inline("WG {#id}"), "WG \\{\\#id}");
        // An emoji shortcode's colon; other colons stay.
        assert_eq!(inline("Hi :smile: at 10:30"), "Hi \\:smile: at 10:30");
        // A citation's "@", not an address's.
        assert_eq!(inline("@cite and a@b.org"), "\\@cite and a@b.org");
        // "<!--", even escaped, ends a list item at the next "-->" in pandoc's reader.
        assert_eq!(inline("a <!-- b"), "a \\<\\!-- b");
        // Line blocks, fancy and example lists at the start.
        assert_eq!(inline("| x"), "\\| x");
        assert_eq!(inline("a. Lower"), "a\\. Lower");
        assert_eq!(inline("(b) Paren"), "(b\\) Paren");
        assert_eq!(inline("i. Roman"), "i\\. Roman");
        assert_eq!(inline("(@) Example"), "(@\\) Example");
        assert_eq!(inline("@label. x"), "\\@label. x");
    }

    #[test]
    fn an_entry_is_never_a_definition_an_html_block_or_a_line_break() {
        assert_eq!(entry("[x]: https://x.org"), "\\[x]: https://x.org");
        assert_eq!(entry("<div> text"), "\\<div> text");
        assert_eq!(entry("<!-- c --> text"), "\\<!-- c --> text");
        assert_eq!(entry("<b>"), "\\<b>");
        // A link, or a tag within the text, stays.
        assert_eq!(entry("<https://x.org> a"), "<https://x.org> a");
        assert_eq!(entry("<b>bold</b> text"), "<b>bold</b> text");
        // A backslash at the end, or before a space.
        assert_eq!(entry("ends \\"), "ends \\\\");
        assert_eq!(entry("a \\ b"), "a \\\\ b");
        assert_eq!(entry("(@) x"), "(@\\) x");
    }

    #[test]
    fn portable_escapes_pandocs_own_markup() {
        assert_eq!(portable("[t]{.c} and {#id}"), "\\[t]\\{.c} and \\{#id}");
        assert_eq!(portable(":smile: 10:30:00"), "\\:smile: 10\\:30:00");
        assert_eq!(
            portable("@cite [p. 3], a@b.org"),
            "\\@cite \\[p. 3], a@b.org"
        );
        // "[text]" alone links to a heading of that text in pandoc's reader; links stay.
        assert_eq!(
            portable("[Agenda], [a](b), [c][d], [e [f](g)]"),
            "\\[Agenda], [a](b), [c][d], \\[e [f](g)]"
        );
        assert_eq!(portable("[x]: https://x.org"), "[x]: https://x.org");
        // "\ " is a no-break space in pandoc's reader.
        assert_eq!(portable("a \\ b"), "a \\\\ b");
        // Code spans and autolinks as they are.
        assert_eq!(
            portable("`{@x:y:}` <https://x.org/:a:>"),
            "`{@x:y:}` <https://x.org/:a:>"
        );
    }

    #[test]
    fn a_cell_keeps_a_pipe_escaped_already() {
        assert_eq!(cell("\\| a | b"), "\\| a \\| b");
        assert_eq!(cell("a \\\\| b"), "a \\\\\\| b");
    }

    #[test]
    fn prose_sets_blocks_apart_where_pandoc_needs_a_blank_line() {
        assert_eq!(
            prose("text\n- item\n> quote\nafter", 5),
            "text\n\n- item\n\n> quote\n> after"
        );
        assert_eq!(
            prose("text\n***\n> q\n# h\nt", 5),
            "text\n\n***\n\n> q\n\n##### h\n\nt"
        );
        // "2." cannot start a list under text in CommonMark: it is text everywhere.
        assert_eq!(prose("text\n2. x", 5), "text\n2\\. x");
        assert_eq!(prose("- item\n  2. x", 5), "- item\n  2\\. x");
        assert_eq!(prose("- item\n  1. x", 5), "- item\n  1. x");
        // Another bullet starts another list in CommonMark, not in pandoc's reader.
        assert_eq!(prose("+ a\n* b", 5), format!("+ a\n\n{END_OF_LIST}\n\n* b"));
        assert_eq!(prose("1. a\n- b", 5), "1. a\n\n- b");
    }

    #[test]
    fn prose_writes_lazy_lines_in_full() {
        // Pandoc's GitHub reader ends an item or a quote at a lazy line with a pipe.
        assert_eq!(prose("- item\na | b", 5), "- item\n  a | b");
        assert_eq!(prose("- a\n  - b\nc", 5), "- a\n  - b\n    c");
        assert_eq!(prose("> q\nc | d", 5), "> q\n> c | d");
        // An underline going on lazily is text, and stays text once indented.
        assert_eq!(prose("- item\n===", 5), "- item\n  \\===");
    }

    #[test]
    fn prose_rules_headings_and_code_keep_their_shape_in_pandoc() {
        // A rule of dashes is the edge of a table in pandoc's reader.
        assert_eq!(prose("- --\ntext", 5), "***\n\ntext");
        // A line right under a heading or a rule is no underline.
        assert_eq!(
            prose("# H\n---\n***\n===", 5),
            "##### H\n\n***\n\n***\n\n==="
        );
        // A setext heading is the whole paragraph above its underline.
        assert_eq!(prose("A\nB\n---", 5), "###### A B");
        // Indented code ends before text, and text going on is not code.
        assert_eq!(prose("    code\n===", 5), "    code\n\n===");
        assert_eq!(prose("[r]: u\n    text", 5), "[r]: u\ntext");
        assert_eq!(prose("- a\n    $x$", 5), "- a\n    \\$x\\$");
        assert_eq!(prose("para\n\n    $x$", 5), "para\n\n    $x$");
    }

    #[test]
    fn prose_tables_and_line_blocks() {
        // A table under text, a row without a pipe, a list after it.
        assert_eq!(
            prose("text\n| a | b |\n|---|---|\nrow\n2. x", 5),
            "text\n\n| a | b |\n|---|---|\n| row\n\n2. x"
        );
        // Not a table (the header has one cell): text, not a line block.
        assert_eq!(prose("| one\n|---|---|", 5), "\\| one\n\\|---|---|");
        // A table in a quote stays one.
        assert_eq!(prose("> | a |\n> |---|", 5), "> | a |\n> |---|");
    }

    #[test]
    fn prose_ends_a_paragraph_with_a_backslash_as_written() {
        // At a paragraph's end a backslash is no line break; before one, it is.
        assert_eq!(prose("ends \\\n\nnext \\", 5), "ends \\\\\n\nnext \\\\");
        assert_eq!(prose("a\\\nb", 5), "a\\\nb");
        assert_eq!(prose("# \\", 5), "##### \\\\");
    }

    #[test]
    fn prose_keeps_the_links_the_notes_define() {
        // "[r]" is the notes' own link when they define it, text otherwise.
        assert_eq!(
            prose("[r]: https://x.org\nsee [r] and [s]", 5),
            "[r]: https://x.org\nsee [r] and \\[s]"
        );
        // A heading of the notes gets the same escapes as their text.
        assert_eq!(prose("# ^x^ [s]", 5), "##### \\^x\\^ \\[s]");
    }

    #[test]
    fn neutralises_escape_sequences_and_controls() {
        assert_eq!(
            neutralise("a\u{1b}[2Jb\u{1b}]0;title\u{7}c\u{0}de"),
            "abcde"
        );
        // In typed text, carriage returns are line breaks, once.
        assert_eq!(
            neutralise_typed("one\r\ntwo\rthree\u{1b}[1m\n"),
            "one\ntwo\nthree\n"
        );
        assert_eq!(neutralise("x\u{1b}]8;;http://e\u{1b}\\y"), "xy");
        // An unterminated sequence ends with its line: the next line is kept.
        assert_eq!(neutralise("a\u{1b}]0;title\nNext line"), "a\nNext line");
        assert_eq!(neutralise("a\u{1b}[12\nNext"), "a\nNext");
        assert_eq!(neutralise("a\u{1b}\nb\u{1b}"), "a\nb");
        assert_eq!(neutralise("keep\ttabs\nand lines"), "keep\ttabs\nand lines");
        assert_eq!(neutralise("a\u{9b}31mb\u{9d}0;t\u{9c}c"), "abc");
        assert_eq!(neutralise("a\u{202E}b\u{2067}c\u{85}d\u{7f}e\rf"), "abcdef");
        // The marks too, but not the letters that share their lead bytes.
        assert_eq!(neutralise("a\u{200E}b\u{200F}c\u{61C}d"), "abcd");
        let arabic = "مرحبا ‐ ‘x’ \u{600}\u{61B}\u{61D}";
        assert!(matches!(neutralise(arabic), Cow::Borrowed(t) if t == arabic));
        // Typographic punctuation shares lead bytes with what is removed; it stays.
        let typographic = "“quoted” – it’s… \u{a0}€";
        assert!(matches!(neutralise(typographic), Cow::Borrowed(t) if t == typographic));
    }
}
