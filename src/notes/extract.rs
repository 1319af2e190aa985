//! Notes read as the notetaker typed them (SPEC section 5): every line is a paragraph
//! (or, for a group that wraps lines by hand, markdown paragraphs), and a line that
//! starts with a label (`ACTION:`, `DECISION:`, `NEXT:`, `KEY:`, `DOC:`, as W3C scribes
//! and MeetBot write them) is an entry of the report's lists, with the indented lines
//! right under it. A line that looks like a label but cannot be read is a problem to
//! show, never silently prose.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An action with its owners as written in the notes (resolved later) and a due date.
    Action {
        owners: Vec<String>,
        due: Option<NaiveDate>,
    },
    Decision,
    NextStep,
    KeyPoint,
    Document {
        url: Option<String>,
    },
}

impl Kind {
    /// The label as the notes write it, for messages and the notes pane.
    pub fn label(&self) -> &'static str {
        match self {
            Kind::Action { .. } => "ACTION",
            Kind::Decision => "DECISION",
            Kind::NextStep => "NEXT",
            Kind::KeyPoint => "KEY",
            Kind::Document { .. } => "DOC",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub text: String,
    /// Indented lines right under the labelled line (a nested list, a quote), dedented.
    pub detail: Vec<String>,
    /// 1-based line of the label in the notes.
    pub line: usize,
}

/// A line that looks like a label but could not be read as one: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the notes.
    pub line: usize,
    pub what: String,
}

/// An item's notes split into prose and labelled entries, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The prose, block by block: a paragraph, or a list, quote, table or code block
    /// as typed. Each is markdown, to be set apart from the next by a blank line.
    pub prose: Vec<String>,
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
}

impl Extracted {
    pub fn of_kind<'a>(
        &'a self,
        test: impl Fn(&Kind) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| test(&e.kind))
    }

    /// Adds a problem for every action owner `problem` has one for (nobody on the
    /// roster or among the guests, or more than one), in line order.
    pub fn check_owners(&mut self, problem: impl Fn(&str) -> Option<String>) {
        self.problems = self.problems_with_owners(problem);
    }

    /// The problems, and one for every action owner `problem` has one for, in line
    /// order: `check_owners` without changing the extraction.
    pub fn problems_with_owners(&self, problem: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let mut out = self.problems.clone();
        for e in &self.entries {
            if let Kind::Action { owners, .. } = &e.kind {
                for what in owners.iter().filter_map(|o| problem(o)) {
                    out.push(Problem { line: e.line, what });
                }
            }
        }
        out.sort_by_key(|p| p.line);
        out
    }
}

/// How a group's notes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Gives the year of due dates written without one ("due 2 March" is the next
    /// 2 March on or after the meeting).
    pub date: NaiveDate,
    /// Markdown paragraphs (a blank line between) instead of one paragraph per line,
    /// for notetakers who wrap lines by hand: then a labelled line also takes the lines
    /// that continue it.
    pub markdown: bool,
}

impl Reading {
    pub fn lines(date: NaiveDate) -> Self {
        Reading {
            date,
            markdown: false,
        }
    }
}

const LABELS: &[(&str, Label)] = &[
    ("ACTION", Label::Action),
    ("DECISION", Label::Decision),
    ("AGREED", Label::Decision),
    ("RESOLVED", Label::Decision),
    ("RESOLUTION", Label::Decision),
    ("NEXT", Label::Next),
    ("KEY", Label::Key),
    ("DOC", Label::Doc),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Action,
    Decision,
    Next,
    Key,
    Doc,
}

/// What a line's start says it is.
enum Start<'a> {
    Label {
        label: Label,
        rest: &'a str,
        /// `ACTION Sam: …`: no colon after the label, so the owner part must read as
        /// names for the line to be an action at all.
        bare: bool,
        /// The label was typed in capitals: meant as a label, whatever follows.
        caps: bool,
    },
    /// A word before a colon that is a label misspelt ("ACTON:", "Decisions:").
    Misspelt {
        word: &'a str,
        meant: &'static str,
    },
    Prose,
}

/// What the notes screen keeps of its text's extraction: the entries and problems. The
/// prose, a second copy of the whole text that only the report reads, is never made:
/// the screen extracts at every hand-over of a text of any length.
pub fn extract_entries(notes: &str, how: &Reading) -> Extracted {
    read(notes, how, false)
}

/// Reads an item's notes.
pub fn extract(notes: &str, how: &Reading) -> Extracted {
    read(notes, how, true)
}

fn read(notes: &str, how: &Reading, prose: bool) -> Extracted {
    let lines: Vec<&str> = notes.lines().collect();
    let mut out = Extracted::default();
    let mut block = Block {
        keep: prose,
        ..Block::default()
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(marker) = &block.fence {
            let closes = line.trim_start().starts_with(marker.as_str()) && leading_width(line) < 4;
            block.push(line);
            if closes {
                block.fence = None;
                block.finish(&mut out.prose);
            }
            i += 1;
            continue;
        }
        if let Some(marker) = fence_marker(line) {
            block.finish(&mut out.prose);
            block.fence = Some(marker);
            block.push(line);
            i += 1;
            continue;
        }
        if line.trim().is_empty() {
            block.finish(&mut out.prose);
            i += 1;
            continue;
        }
        // A line indented under a list item belongs to it, label or not.
        let nested = block.kind == Some(BlockKind::List) && leading_width(line) >= 2;
        match start(line) {
            Start::Label {
                label,
                rest,
                bare,
                caps,
            } if !nested => {
                let indent = leading_width(line);
                let mut text = rest.trim().to_string();
                let mut j = i + 1;
                if how.markdown {
                    // Wrapped by hand: the lines that continue it, as a paragraph's do.
                    while let Some(next) = lines.get(j) {
                        if next.trim().is_empty()
                            || leading_width(next) > indent + 1
                            || starts_block(next)
                        {
                            break;
                        }
                        text.push(' ');
                        text.push_str(next.trim());
                        j += 1;
                    }
                }
                let mut detail = Vec::new();
                while j < lines.len()
                    && !lines[j].trim().is_empty()
                    && leading_width(lines[j]) > indent + 1
                {
                    detail.push(lines[j]);
                    j += 1;
                }
                let detail = dedent(&detail);
                match entry(label, &text, bare, caps, detail, i + 1, how.date) {
                    Read::Entry(e, problem) => {
                        block.finish(&mut out.prose);
                        out.entries.push(e);
                        out.problems.extend(problem);
                        i = j;
                        continue;
                    }
                    Read::Problem(p) => {
                        out.problems.push(p);
                        // Kept where it was typed, to be seen and fixed.
                        for l in &lines[i..j] {
                            block.prose_line(l, how.markdown, &mut out.prose);
                        }
                        i = j;
                        continue;
                    }
                    Read::Prose => {}
                }
            }
            Start::Misspelt { word, meant } if !nested => {
                out.problems.push(Problem {
                    line: i + 1,
                    what: format!("\"{word}:\" is not a label (did you mean {meant}:?)"),
                });
            }
            _ => {}
        }
        block.prose_line(line, how.markdown, &mut out.prose);
        i += 1;
    }
    block.finish(&mut out.prose);
    out
}

/// Prose lines gathered into one markdown block.
#[derive(Default)]
struct Block {
    /// Whether the prose is kept (else only the block's kind and fence are followed).
    keep: bool,
    lines: Vec<String>,
    kind: Option<BlockKind>,
    /// The marker that closes the open code fence.
    fence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    List,
    Quote,
    Table,
}

impl Block {
    fn push(&mut self, line: &str) {
        if self.keep {
            self.lines.push(line.to_string());
        }
    }

    fn finish(&mut self, prose: &mut Vec<String>) {
        if let Some(marker) = self.fence.take() {
            // A fence left open would swallow the rest of the report.
            self.push(&marker);
        }
        if !self.lines.is_empty() {
            let text = self.lines.join("\n");
            prose.push(text.trim_end().to_string());
        }
        self.lines.clear();
        self.kind = None;
    }

    /// Adds a prose line: in markdown paragraphs it joins the block; otherwise a line of
    /// text is a paragraph of its own, and only a list, quote or table goes on.
    fn prose_line(&mut self, line: &str, markdown: bool, prose: &mut Vec<String>) {
        let line = line.trim_end();
        let t = line.trim_start();
        let kind = if list_marker(t).is_some() {
            BlockKind::List
        } else if t.starts_with('>') {
            BlockKind::Quote
        } else if t.starts_with('|') {
            BlockKind::Table
        } else {
            BlockKind::Paragraph
        };
        if markdown {
            self.kind.get_or_insert(kind);
            self.push(line);
            return;
        }
        let goes_on = match (self.kind, kind) {
            (Some(BlockKind::List), BlockKind::List) => true,
            // Indented under a list item: its continuation.
            (Some(BlockKind::List), _) => leading_width(line) >= 2,
            (Some(a), b) => a == b && a != BlockKind::Paragraph,
            (None, _) => false,
        };
        if !goes_on {
            self.finish(prose);
            self.kind = Some(kind);
        }
        // A paragraph's indentation is the editor's, not an indented code block.
        self.push(if kind == BlockKind::Paragraph && !goes_on {
            t
        } else {
            line
        });
    }
}

enum Read {
    Entry(Entry, Option<Problem>),
    Problem(Problem),
    /// Not a label after all ("Action items were reviewed: …").
    Prose,
}

fn start(line: &str) -> Start<'_> {
    let mut t = line.trim_start();
    if let Some(rest) = list_marker(t) {
        t = rest.trim_start();
    }
    // "**DECISION**:" and "**DECISION:**" from rich-text habits are labels too.
    let bold = t.starts_with("**") || t.starts_with("__");
    if bold {
        t = &t[2..];
    }
    let word_len = t
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(t.len(), |(i, _)| i);
    // Labels are short words: a long first word is prose.
    if word_len == 0 || word_len > 12 {
        return Start::Prose;
    }
    let word = &t[..word_len];
    let mut after = &t[word_len..];
    if bold {
        after = after
            .strip_prefix("**")
            .or(after.strip_prefix("__"))
            .unwrap_or(after);
    }
    let colon = after.trim_start_matches(' ').strip_prefix(':');
    let mut rest = colon.unwrap_or(after);
    if bold {
        rest = rest
            .strip_prefix("**")
            .or(rest.strip_prefix("__"))
            .unwrap_or(rest);
    }
    let upper = word.to_uppercase();
    let caps = word.chars().all(|c| c.is_uppercase());
    if let Some((_, label)) = LABELS.iter().find(|(l, _)| *l == upper) {
        return match colon {
            Some(_) => Start::Label {
                label: *label,
                rest,
                bare: false,
                caps,
            },
            None if *label == Label::Action && after.starts_with([' ', '\t']) => Start::Label {
                label: *label,
                rest: after,
                bare: true,
                caps,
            },
            None => Start::Prose,
        };
    }
    if colon.is_some() && word_len >= 3 {
        let near = LABELS
            .iter()
            .map(|(l, _)| (crate::names::distance(&upper, l), *l))
            .filter(|(d, l)| *d == 1 || (*d == 2 && caps && l.len() >= 6))
            .min();
        if let Some((_, meant)) = near {
            return Start::Misspelt { word, meant };
        }
    }
    Start::Prose
}

fn entry(
    label: Label,
    rest: &str,
    bare: bool,
    caps: bool,
    detail: Vec<String>,
    line: usize,
    date: NaiveDate,
) -> Read {
    let problem = |what: String| Problem { line, what };
    if rest.is_empty() && detail.is_empty() {
        let name = LABELS
            .iter()
            .find(|(_, l)| *l == label)
            .map_or("", |(n, _)| n);
        return Read::Problem(problem(format!("{name}: has nothing after it")));
    }
    let (kind, text, trouble) = match label {
        Label::Action => {
            let found = owners(rest, bare);
            let (owners, text) = match found {
                Some((o, t)) => (o, t),
                None if bare && !caps => return Read::Prose,
                None => (Vec::new(), rest.trim()),
            };
            let trouble = owners.is_empty().then(|| {
                problem(if bare {
                    "an action's owner is not readable (write ACTION: NAME: text)".to_string()
                } else {
                    "an action needs an owner (ACTION: NAME: text, or ACTION: NAME to text)"
                        .to_string()
                })
            });
            let (text, due) = split_due(text, date);
            (Kind::Action { owners, due }, text, trouble)
        }
        Label::Decision => (Kind::Decision, rest.trim().to_string(), None),
        Label::Next => (Kind::NextStep, rest.trim().to_string(), None),
        Label::Key => (Kind::KeyPoint, rest.trim().to_string(), None),
        Label::Doc => {
            let (title, url) = split_url(rest);
            (Kind::Document { url }, title, None)
        }
    };
    Read::Entry(
        Entry {
            kind,
            text,
            detail,
            line,
        },
        trouble,
    )
}

/// The owners of an action and the text after them: `Sam: text`, `Anja, Chris: text`,
/// `Anja and Chris: text`, or the W3C `Sam to text`. After a bare `ACTION` only the
/// colon form counts, with names that look like names.
fn owners(rest: &str, bare: bool) -> Option<(Vec<String>, &str)> {
    let rest = rest.trim();
    if let Some((head, text)) = rest.split_once(':')
        && !head.split_whitespace().any(|w| w == "to")
        && let Some(names) = names_list(head, bare)
    {
        return Some((names, text.trim()));
    }
    if bare {
        return None;
    }
    let at = rest.find(" to ")?;
    let names = names_list(&rest[..at], true)?;
    Some((names, rest[at + 4..].trim()))
}

/// "Anja, Chris and Sam" as names; `capitalised` asks each word to look like part of
/// a name (a capital, or a particle like "de" or "van").
fn names_list(head: &str, capitalised: bool) -> Option<Vec<String>> {
    let head = head.trim();
    if head.is_empty() || head.chars().count() > 120 {
        return None;
    }
    let mut out = Vec::new();
    for part in head.split([',', '&', ';']).flat_map(|p| p.split(" and ")) {
        let name = part.trim();
        if name.is_empty() {
            continue;
        }
        let words: Vec<&str> = name.split_whitespace().collect();
        // A name, a team ("The Secretariat's NRI focal point"), not a clause; names
        // after "ACTION" alone or before "to" must also look like names.
        if words.len() > if capitalised { 4 } else { 6 }
            || name.contains(['.', '(', ')', '[', ']', '<', '>', '"'])
            || name.chars().count() > 60
        {
            return None;
        }
        if capitalised
            && !words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    || PARTICLES.contains(&w.to_lowercase().as_str())
            })
        {
            return None;
        }
        out.push(name.to_string());
    }
    (!out.is_empty()).then_some(out)
}

const PARTICLES: &[&str] = &[
    "de", "da", "di", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "la", "le",
    "du", "bin", "al", "el", "ter", "ten", "y",
];

/// Whether a line opens a block of its own (a label, a list item, a heading, a quote,
/// a fence, a rule, a table or HTML) rather than continuing the line above.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    !matches!(start(line), Start::Prose)
        || list_marker(t).is_some()
        || fence_marker(line).is_some()
        || t.starts_with(['#', '>', '|', '<'])
        || (t.len() >= 3 && t.chars().all(|c| c == '-' || c == ' ')
            || t.chars().all(|c| c == '*' || c == ' ')
            || t.chars().all(|c| c == '_' || c == ' ')
            || t.chars().all(|c| c == '=' || c == ' '))
}

fn fence_marker(line: &str) -> Option<String> {
    let t = line.trim_start();
    if leading_width(line) > 3 {
        return None;
    }
    for m in ["```", "~~~"] {
        if t.starts_with(m) {
            let c = m.chars().next().unwrap_or('`');
            let n = t.chars().take_while(|&x| x == c).count();
            return Some(c.to_string().repeat(n));
        }
    }
    None
}

fn leading_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The text after a list marker (`- `, `* `, `+ `, `1. `, `1) `), if the line has one.
fn list_marker(t: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        return rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "));
    }
    None
}

fn dedent(lines: &[&str]) -> Vec<String> {
    let common = lines.iter().map(|l| leading_width(l)).min().unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let mut width = 0;
            let mut cut = 0;
            for (idx, c) in l.char_indices() {
                if width >= common || !c.is_whitespace() {
                    cut = idx;
                    break;
                }
                width += if c == '\t' { 4 } else { 1 };
                cut = idx + c.len_utf8();
            }
            l[cut..].trim_end().to_string()
        })
        .collect()
}

/// Takes a trailing "due DATE", "due: DATE", "by DATE", "[due DATE]" or "(due DATE)"
/// off an action's text. "by" counts only before a real date ("by the chair" stays).
fn split_due(text: &str, meeting_date: NaiveDate) -> (String, Option<NaiveDate>) {
    let t = text.trim().trim_end_matches('.').trim_end();
    let lower = t.to_lowercase();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for key in ["due: ", "due ", "by "] {
        starts.extend(lower.match_indices(key).map(|(at, k)| (at, k.len())));
    }
    starts.sort_unstable_by(|a, b| b.cmp(a));
    for (at, len) in starts {
        if at > 0 && !lower[..at].ends_with([' ', '[', '(']) {
            continue;
        }
        let mut date_text = t[at + len..].trim();
        let mut head = &t[..at];
        let open = head.trim_end().chars().last();
        if matches!(open, Some('[' | '(')) {
            let close = if open == Some('[') { ']' } else { ')' };
            let Some(d) = date_text.strip_suffix(close) else {
                continue;
            };
            date_text = d.trim();
            head = head.trim_end();
            head = &head[..head.len() - 1];
        }
        if let Some(d) = parse_date(date_text, meeting_date) {
            return (
                head.trim().trim_end_matches(',').trim_end().to_string(),
                Some(d),
            );
        }
    }
    (text.trim().to_string(), None)
}

/// Dates as people write them after "due": 2023-03-02, 2 March 2023, March 2, 2023,
/// 2 Mar, 2 March (the next one on or after the meeting).
pub fn parse_date(text: &str, meeting_date: NaiveDate) -> Option<NaiveDate> {
    let t = text.trim();
    if let [y, m, d] = t.split('-').collect::<Vec<_>>().as_slice() {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    // 10/06/2024 reads as 10 June to some and 6 October to others: not guessed.
    if t.contains('/') {
        return None;
    }
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let (day, month, year) = match words.as_slice() {
        [a, b] => day_month(a, b)?,
        [a, b, y] => {
            let (d, m, _) = day_month(a, b)?;
            (d, m, Some(y.parse::<i32>().ok()?))
        }
        _ => return None,
    };
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => {
            let this = NaiveDate::from_ymd_opt(meeting_date.year(), month, day)?;
            if this >= meeting_date {
                Some(this)
            } else {
                NaiveDate::from_ymd_opt(meeting_date.year() + 1, month, day)
            }
        }
    }
}

/// "2 March" or "March 2" (either order), month names in full or abbreviated.
fn day_month(a: &str, b: &str) -> Option<(u32, u32, Option<i32>)> {
    let (day, name) = match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(d), Err(_)) => (d, b),
        (Err(_), Ok(d)) => (d, a),
        _ => return None,
    };
    let name = name.trim_end_matches('.');
    let month = crate::report::words::month_of(name)?;
    Some((day, month, None))
}

/// "Title <https://x>" or "Title https://x" → ("Title", Some(url)).
fn split_url(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    // "[Title](https://x)", as markdown writes a link.
    if let Some(inner) = t.strip_prefix('[')
        && let Some((title, rest)) = inner.split_once("](")
        && let Some(url) = rest.strip_suffix(')')
        && !url.contains(char::is_whitespace)
    {
        let title = if title.trim().is_empty() {
            url
        } else {
            title.trim()
        };
        return (title.to_string(), Some(url.to_string()));
    }
    // "<https://x>" alone: the address is its own title.
    if let Some(url) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>'))
        && !url.contains(char::is_whitespace)
    {
        return (url.to_string(), Some(url.to_string()));
    }
    if let Some(open) = t.rfind('<')
        && t.ends_with('>')
    {
        let url = t[open + 1..t.len() - 1].trim();
        if !url.is_empty() {
            return (t[..open].trim().to_string(), Some(url.to_string()));
        }
    }
    if let Some((head, last)) = t.rsplit_once(char::is_whitespace)
        && (last.starts_with("http://") || last.starts_with("https://"))
    {
        return (head.trim().to_string(), Some(last.to_string()));
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        return (t.to_string(), Some(t.to_string()));
    }
    (t.to_string(), None)
}

#[cfg(test)]
mod tests;
