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
fn shortcut(chars: &[char], i: usize, defined: &[String]) -> bool {
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
        // The label of "[text][label]".
        return false;
    }
    match chars.get(j + 1) {
        Some('(' | '[') => false,
        Some(':') if at_start => false,
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

/// Whether the text ends with a backslash that escapes nothing before it.
fn ends_in_backslash(text: &str) -> bool {
    let run = text.len() - text.trim_end_matches('\\').len();
    run % 2 == 1
}

/// A prose line made `portable`, with a letter list marker (after any list or quote
/// marker of its own) or a leading colon escaped: pandoc reads those as lists and
/// definitions, CommonMark as text.
fn prose_line(line: &str, defined: &[String]) -> String {
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
    let rest = if rest.starts_with(':') {
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
                if close.is_some() && inside.contains(':') && !inside.contains(char::is_whitespace)
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
            '[' if shortcut(&chars, i, defined) => out.push_str("\\["),
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
    let defined = defined_labels(&clean);
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
                    out.push(demote(level, &portable_in(rest, &defined)));
                    continue;
                }
            } else if let Some(level) = setext_level(t)
                && let Some(above) = out.last_mut().filter(|l| plain_paragraph_line(l))
            {
                // "Title" over "=====" is a heading too: pushed down like "# Title".
                *above = demote(level, &format!(" {}", above.trim()));
                continue;
            }
        }
        if raw_before || fence.is_some() || html.is_some() || indent >= 4 {
            out.push(line.to_string());
        } else {
            out.push(prose_line(line, &defined));
        }
    }
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

/// A line a setext underline turns into a heading: text, not a list item, quote,
/// heading, table, fence or indented code.
fn plain_paragraph_line(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let list_item = digits > 0 && t[digits..].starts_with(['.', ')']);
    let opens_block = t.starts_with(['-', '*', '+', '>', '#', '|', '<', '`', '~']);
    let code = line.len() - t.len() >= 4;
    !(t.is_empty() || code || opens_block || list_item)
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
    use super::*;
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
        assert_eq!(p, "##### Top\ntext\n```\n# code\n```\n###### deep");
    }

    #[test]
    fn prose_closes_html_blocks_and_demotes_setext_headings() {
        assert_eq!(
            prose("text\n<!-- a comment\nmore", 5),
            "text\n<!-- a comment\nmore\n-->"
        );
        assert_eq!(prose("<pre>\ncode", 5), "<pre>\ncode\n</pre>");
        assert_eq!(prose("<!-- closed -->\nafter", 5), "<!-- closed -->\nafter");
        assert_eq!(prose("<div>\nx", 5), "<div>\nx");
        assert_eq!(
            prose("Title\n=====\nBody\n\nSub\n---\n\n- item\n---", 5),
            "##### Title\nBody\n\n###### Sub\n\n- item\n---"
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
        assert_eq!(prose("Title\n=======\ntext", 5), "##### Title\ntext");
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
