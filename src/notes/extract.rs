//! Labelled lines in notes, as W3C scribes and MeetBot write them: `ACTION:`,
//! `DECISION:` (also `AGREED:`, `RESOLVED:`), `NEXT:`, `KEY:` and `DOC:`. They are
//! lifted out of the prose into the report's lists; everything else is prose.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An action with an owner as written in the notes (resolved later) and a due date.
    Action {
        owner: Option<String>,
        due: Option<NaiveDate>,
    },
    Decision,
    NextStep,
    KeyPoint,
    Document {
        url: Option<String>,
    },
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

/// An item's notes split into prose and labelled entries, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub prose: String,
    pub entries: Vec<Entry>,
}

impl Extracted {
    pub fn of_kind<'a>(
        &'a self,
        test: impl Fn(&Kind) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| test(&e.kind))
    }
}

const LABELS: &[&str] = &[
    "ACTION", "DECISION", "AGREED", "RESOLVED", "NEXT", "KEY", "DOC",
];

/// Splits notes into prose and entries. `meeting_date` gives the year of due dates
/// written without one ("due 2 March" is the next 2 March on or after the meeting).
pub fn extract(notes: &str, meeting_date: NaiveDate) -> Extracted {
    let lines: Vec<&str> = notes.lines().collect();
    let mut prose: Vec<&str> = Vec::new();
    let mut entries = Vec::new();
    let mut fence: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(marker) = &fence {
            if line.trim_start().starts_with(marker.as_str()) {
                fence = None;
            }
            prose.push(line);
            i += 1;
            continue;
        }
        if let Some(marker) = fence_marker(line) {
            fence = Some(marker);
            prose.push(line);
            i += 1;
            continue;
        }
        // A line indented as code (after a blank line) is not a label, but prose.
        let code = leading_width(line) >= 4 && prose.last().is_none_or(|l| l.trim().is_empty());
        let Some((label, rest)) = labelled(line).filter(|_| !code) else {
            prose.push(line);
            i += 1;
            continue;
        };
        let indent = leading_width(line);
        let mut text = rest.trim().to_string();
        let mut j = i + 1;
        // An editor that wraps long lines continues the entry on the next lines, as a
        // markdown paragraph does: they belong to it.
        while let Some(next) = lines.get(j) {
            if next.trim().is_empty() || leading_width(next) > indent + 1 || starts_block(next) {
                break;
            }
            text.push(' ');
            text.push_str(next.trim());
            j += 1;
        }
        let mut detail_lines = Vec::new();
        while j < lines.len() && !lines[j].trim().is_empty() && leading_width(lines[j]) > indent + 1
        {
            detail_lines.push(lines[j]);
            j += 1;
        }
        let Some(e) = entry(
            label,
            text.trim(),
            dedent(&detail_lines),
            i + 1,
            meeting_date,
        ) else {
            // A label with nothing after it stays in the prose, to be seen and fixed.
            prose.extend(&lines[i..j]);
            i = j;
            continue;
        };
        entries.push(e);
        // The blank line a lifted entry leaves behind should not pile up in the prose.
        if prose.last().is_some_and(|l| l.trim().is_empty())
            && lines.get(j).is_none_or(|l| l.trim().is_empty())
        {
            prose.pop();
        }
        i = j;
    }
    Extracted {
        prose: tidy(&prose),
        entries,
    }
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

/// The label and the text after it, when the line is labelled. A list marker before
/// the label is allowed (`- ACTION: ...`), since notetakers often write lists.
fn labelled(line: &str) -> Option<(&'static str, &str)> {
    let mut t = line.trim_start();
    if let Some(rest) = list_marker(t) {
        t = rest.trim_start();
    }
    // Labels are short words: only the first few bytes can hold their colon, which
    // keeps this cheap for long prose lines.
    let colon = t.bytes().take(16).position(|b| b == b':')?;
    // "**DECISION**:" and "**DECISION:**" from rich-text habits are labels too.
    let word = t[..colon].trim_end().trim_matches('*');
    let label = LABELS.iter().find(|l| l.eq_ignore_ascii_case(word))?;
    let rest = &t[colon + 1..];
    let rest = if t.starts_with("**") {
        rest.strip_prefix("**").unwrap_or(rest)
    } else {
        rest
    };
    Some((label, rest))
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

fn entry(
    label: &str,
    rest: &str,
    detail: Vec<String>,
    line: usize,
    meeting_date: NaiveDate,
) -> Option<Entry> {
    if rest.is_empty() && detail.is_empty() {
        return None;
    }
    let (kind, text) = match label {
        "ACTION" => {
            let (owner, text) = match rest.split_once(':') {
                Some((o, t)) if o.trim().is_empty() => (None, t.trim()),
                Some((o, t)) if plausible_owner(o) => (Some(o.trim().to_string()), t.trim()),
                _ => (None, rest),
            };
            if text.is_empty() && detail.is_empty() {
                return None;
            }
            let (text, due) = split_due(text, meeting_date);
            (Kind::Action { owner, due }, text)
        }
        "DECISION" | "AGREED" | "RESOLVED" => (Kind::Decision, rest.to_string()),
        "NEXT" => (Kind::NextStep, rest.to_string()),
        "KEY" => (Kind::KeyPoint, rest.to_string()),
        _ => {
            let (title, url) = split_url(rest);
            (Kind::Document { url }, title)
        }
    };
    Some(Entry {
        kind,
        text,
        detail,
        line,
    })
}

/// Whether a line opens a block of its own (a label, a list item, a heading, a quote,
/// a fence, a rule, a table or HTML) rather than continuing the line above.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    labelled(line).is_some()
        || list_marker(t).is_some()
        || fence_marker(line).is_some()
        || t.starts_with(['#', '>', '|', '<'])
        || (t.len() >= 3 && t.chars().all(|c| c == '-' || c == ' ')
            || t.chars().all(|c| c == '*' || c == ' ')
            || t.chars().all(|c| c == '_' || c == ' ')
            || t.chars().all(|c| c == '=' || c == ' '))
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

/// An owner is a name, not a clause: short, and without sentence punctuation.
fn plausible_owner(o: &str) -> bool {
    let o = o.trim();
    !o.is_empty() && o.chars().count() <= 60 && !o.contains(['.', '(', ')', '[', ']', '<', '>'])
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
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month = MONTHS
        .iter()
        .position(|m| name.len() >= 3 && m.starts_with(&name))?;
    Some((day, month as u32 + 1, None))
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

/// Trailing spaces off, no leading or trailing blank lines, at most one blank line in
/// a row outside code blocks.
fn tidy(lines: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in lines {
        if fence_marker(line).is_some() {
            in_fence = !in_fence;
        }
        let blank = line.trim().is_empty();
        if blank && !in_fence && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(if in_fence {
            line
        } else {
            crate::report::keep_hard_break(line)
        });
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    // A hard line break at the very end breaks nothing.
    if let Some(last) = out.last_mut().filter(|_| !in_fence) {
        *last = last.trim_end();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lifts_labelled_lines_out_of_the_prose() {
        let notes = "Titti opened.\n\nACTION: Titti: share the final version due 2023-03-02\nDecision: adopt the plan\n\nMore prose.\n- agreed: keep it open\nNEXT: a call will be scheduled\nKEY: the document was updated\nDOC: Action areas <https://example.org/a>\n";
        let x = extract(notes, d(2023, 2, 16));
        assert_eq!(x.prose, "Titti opened.\n\nMore prose.");
        let kinds: Vec<&Kind> = x.entries.iter().map(|e| &e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                &Kind::Action {
                    owner: Some("Titti".into()),
                    due: Some(d(2023, 3, 2))
                },
                &Kind::Decision,
                &Kind::Decision,
                &Kind::NextStep,
                &Kind::KeyPoint,
                &Kind::Document {
                    url: Some("https://example.org/a".into())
                },
            ]
        );
        assert_eq!(x.entries[0].text, "share the final version");
        assert_eq!(x.entries[0].line, 3);
        assert_eq!(x.entries[2].text, "keep it open");
        assert_eq!(x.entries[5].text, "Action areas");
    }

    #[test]
    fn due_dates_in_many_forms() {
        let m = d(2023, 2, 16);
        for (text, due) in [
            ("send it (due 2 March 2023).", d(2023, 3, 2)),
            ("send it [due 2023-03-02]", d(2023, 3, 2)),
            ("send it, due March 2, 2023", d(2023, 3, 2)),
            ("send it due 2 Mar", d(2023, 3, 2)),
            ("send it due 10 January", d(2024, 1, 10)),
        ] {
            let (t, got) = split_due(text, m);
            assert_eq!((t.as_str(), got), ("send it", Some(due)), "{text}");
        }
        assert_eq!(
            split_due("review what is due next", m),
            ("review what is due next".into(), None)
        );
        assert_eq!(split_due("overdue 2 March", m).1, None);
    }

    #[test]
    fn an_action_without_owner_keeps_its_text() {
        let x = extract("ACTION: the secretariat. to send the list", d(2023, 1, 1));
        assert_eq!(
            x.entries[0].kind,
            Kind::Action {
                owner: None,
                due: None
            }
        );
        assert_eq!(x.entries[0].text, "the secretariat. to send the list");
    }

    #[test]
    fn indented_lines_belong_to_the_entry_above() {
        let notes = "AGREED: to discuss a proposal:\n  - *first*\n  - *second*\n\nProse.";
        let x = extract(notes, d(2023, 1, 1));
        assert_eq!(x.entries[0].detail, vec!["- *first*", "- *second*"]);
        assert_eq!(x.prose, "Prose.");
    }

    #[test]
    fn wrapped_labelled_lines_keep_their_continuation() {
        let notes = "ACTION: Sam: circulate the roadmap to the whole group and\ncollect comments due 2024-06-20\nDECISION: The group adopts the roadmap, subject to the\ncomments received.\n- a list item stays apart\n\nProse.";
        let x = extract(notes, d(2024, 6, 3));
        assert_eq!(
            x.entries[0].text,
            "circulate the roadmap to the whole group and collect comments"
        );
        assert_eq!(
            x.entries[0].kind,
            Kind::Action {
                owner: Some("Sam".into()),
                due: Some(d(2024, 6, 20))
            }
        );
        assert_eq!(
            x.entries[1].text,
            "The group adopts the roadmap, subject to the comments received."
        );
        assert_eq!(x.prose, "- a list item stays apart\n\nProse.");
    }

    #[test]
    fn ordered_lists_code_and_empty_labels() {
        let notes = "1. DECISION: adopt it\n\n    ACTION: Jo: indented code\n\nACTION:\nKEY:   \nACTION: : no owner here";
        let x = extract(notes, d(2024, 6, 3));
        assert_eq!(x.entries.len(), 2, "{:?}", x.entries);
        assert_eq!(x.entries[0].kind, Kind::Decision);
        assert_eq!(
            x.entries[1].kind,
            Kind::Action {
                owner: None,
                due: None
            }
        );
        assert_eq!(x.entries[1].text, "no owner here");
        assert_eq!(x.prose, "    ACTION: Jo: indented code\n\nACTION:\nKEY:");
    }

    #[test]
    fn documents_as_links_or_bare_addresses() {
        let x = extract(
            "DOC: <https://e.org/a>\nDOC: [Paper](https://e.org/p)\nDOC: Plain title",
            d(2024, 6, 3),
        );
        let docs: Vec<(&str, Option<&str>)> = x
            .entries
            .iter()
            .map(|e| match &e.kind {
                Kind::Document { url } => (e.text.as_str(), url.as_deref()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            docs,
            vec![
                ("https://e.org/a", Some("https://e.org/a")),
                ("Paper", Some("https://e.org/p")),
                ("Plain title", None)
            ]
        );
    }

    #[test]
    fn hard_line_breaks_survive_and_other_trailing_blanks_go() {
        let x = extract("Line one  \nline two \nline three\t\n", d(2023, 1, 1));
        assert_eq!(x.prose, "Line one  \nline two\nline three");
    }

    #[test]
    fn code_blocks_are_prose_even_with_labels() {
        let notes = "```\nACTION: not one\n```\n";
        let x = extract(notes, d(2023, 1, 1));
        assert!(x.entries.is_empty());
        assert_eq!(x.prose, "```\nACTION: not one\n```");
    }

    #[test]
    fn words_that_only_look_like_labels_stay_prose() {
        let x = extract(
            "Keynote: Vint spoke.\nNext steps were discussed: none.",
            d(2023, 1, 1),
        );
        assert!(x.entries.is_empty());
        assert_eq!(
            x.prose,
            "Keynote: Vint spoke.\nNext steps were discussed: none."
        );
    }
}
