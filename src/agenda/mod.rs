//! A meeting's agenda as the moderator wrote it, validated: every reference resolved,
//! every duration parsed. During a meeting it only grows: items and sub-items added
//! with `agenda+` (marked `added`) follow those of the file.

mod load;
mod schema;
mod zone;

pub use load::{MAX_FILE_SIZE, load_file, load_file_with_source, parse_str};
pub use schema::blank;
pub use zone::Zone;

/// The most items and sub-items, counted together, that an agenda may hold. A working
/// group's meeting has a few dozen; the screen, which lays out every point on each
/// frame, stays fluent well past this.
pub const MAX_ITEMS: usize = 500;

/// The most participants an agenda may list: more than any working group's roster,
/// few enough that the attendance list and name look-ups stay instant.
pub const MAX_PARTICIPANTS: usize = 2_000;

use chrono::{NaiveDate, NaiveTime, TimeDelta};

use crate::names::{self, Named, Unresolved};

/// Every text field as loaded is trimmed, on one line (a multi-line field's line
/// breaks are spaces) and free of control characters, terminal escape sequences and
/// bidirectional overrides: the loader refuses an agenda holding any, with a
/// diagnostic at the field. What shows the fields (the screen, the report) does not
/// rely on it: they are safe on any text.
#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    pub meeting: Meeting,
    pub settings: Settings,
    pub report: ReportWording,
    /// Labels for the days of a multi-day meeting, in date order.
    pub days: Vec<Day>,
    pub participants: Vec<Participant>,
    pub items: Vec<Item>,
    /// `participants`' names folded once for fast look-ups; built with them.
    pub(crate) roster: names::Index,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub group: String,
    pub abbreviation: Option<String>,
    pub number: Option<u32>,
    /// As written; `None` means "Online Meeting {number}" in the chosen numbering.
    pub title: Option<String>,
    pub format: Format,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub timezone: Zone,
    pub duration: Option<TimeDelta>,
    pub moderator: Option<Moderator>,
    /// Indices into `Agenda::participants`.
    pub notetakers: Vec<usize>,
    pub recording: Option<String>,
    pub style: Style,
    pub ordinal: OrdinalStyle,
    pub numbering: Numbering,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Virtual,
    Hybrid,
    InPerson,
}

impl Format {
    /// The adjective used in the report's intro: "the 51st virtual meeting".
    pub fn adjective(self) -> &'static str {
        match self {
            Format::Virtual => "virtual",
            Format::Hybrid => "hybrid",
            Format::InPerson => "in-person",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The working group's summary report: agenda, discussion per item, action table.
    Summary,
    /// Action items and next steps per day and session, for multi-day meetings.
    Actions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrdinalStyle {
    /// "51st"
    Numeric,
    /// "fifty-first"
    Words,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// "Online Meeting 51"
    Arabic,
    /// "Online Meeting XIV"
    Roman,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moderator {
    Participant(usize),
    /// Free text that names nobody on the roster, e.g. "the Group's co-chairs".
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub speaker_limit: Option<TimeDelta>,
    pub item_timebox: Option<TimeDelta>,
    pub queue_order: QueueOrder,
}

/// Where a new request goes among those of its kind (`[settings] queue_order`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QueueOrder {
    /// First come, first served (TCQ's order).
    #[default]
    Arrival,
    /// Who has not yet spoken on the item goes ahead of those who have, first come
    /// first served among each (as OpenSlides offers).
    FirstTimeFirst,
}

/// The group's house style for its report (`[report]`): wording with
/// `{placeholders}`, filled in at render time, and how the report is laid out.
/// Wording may hold paragraph breaks (`"\n\n"`); only `masthead` keeps line breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWording {
    pub intro: Option<String>,
    pub moderation: Option<String>,
    pub opening: Option<String>,
    pub next_meeting: Option<String>,
    pub not_discussed: Option<String>,
    pub apologies: Option<String>,
    /// The heading of items not discussed, grouped (`undiscussed = "group"`).
    pub remaining: Option<String>,
    /// The lines under the group's name: the title and the date line.
    pub masthead: Option<String>,
    /// How `{date}` and `{time}` read: a chrono strftime pattern, or for the time
    /// "24h" ("14:00") or "12h" ("2 p.m.").
    pub date: Option<String>,
    pub time: Option<String>,
    /// The discussion heading of each item: `{item}` its number, `{title}` its heading.
    pub item_heading: Option<String>,
    pub heading_numbers: HeadingNumbers,
    pub undiscussed: Undiscussed,
    pub entries: Entries,
    /// The label of an item's first list runs into its heading when nothing comes
    /// between them ("B. Update on …;<br>**Summary of key points:**").
    pub run_in: bool,
    pub notes: NotesStyle,
    pub action_table: bool,
    pub participants: bool,
    pub speaking_times: bool,
    pub headings: Headings,
    /// A whole report template of the user's own, relative to the agenda file.
    pub template: Option<String>,
    /// The forms the report is written in (`None`: as the config says, or all).
    pub formats: Option<crate::report::Formats>,
    /// A `.docx` whose styles the Word report takes, relative to the agenda file.
    pub docx_styles: Option<String>,
}

impl Default for ReportWording {
    fn default() -> Self {
        ReportWording {
            intro: None,
            moderation: None,
            opening: None,
            next_meeting: None,
            not_discussed: None,
            apologies: None,
            remaining: None,
            masthead: None,
            date: None,
            time: None,
            item_heading: None,
            heading_numbers: HeadingNumbers::Arabic,
            undiscussed: Undiscussed::Sentence,
            entries: Entries::List,
            run_in: false,
            notes: NotesStyle::Lines,
            action_table: true,
            participants: true,
            speaking_times: false,
            headings: Headings::default(),
            template: None,
            formats: None,
            docx_styles: None,
        }
    }
}

/// The report's headings and list labels (`[report.headings]`); `None` is the house
/// default, `Some("")` no heading at all (the section stays). A heading of several
/// lines is several headings ("Annex 1:" over "List of participants").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headings {
    pub report: Option<String>,
    pub agenda: Option<String>,
    pub discussion: Option<String>,
    pub documents: Option<String>,
    pub key_points: Option<String>,
    pub decisions: Option<String>,
    pub next_steps: Option<String>,
    pub actions: Option<String>,
    pub participants: Option<String>,
    pub speaking_times: Option<String>,
}

/// How discussion headings are numbered: 1, 2 or A, B or I, II.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingNumbers {
    Arabic,
    Letters,
    Roman,
}

/// What an item that was not discussed becomes in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undiscussed {
    /// Its heading and "This item was not discussed."
    Sentence,
    /// Nothing.
    Omit,
    /// Items not discussed one after another share a heading: "Remaining agenda
    /// items (4-5)", with whatever their notes say.
    Group,
}

/// Key points, decisions and next steps as a list, or as paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entries {
    List,
    Paragraphs,
}

/// How notes are read: a paragraph per line, or markdown paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesStyle {
    Lines,
    Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub name: String,
    pub short: Option<String>,
    pub affiliation: Option<String>,
}

impl Participant {
    /// The name people use in the room and in notes: the short name when there is one.
    pub fn called(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

impl Named for Participant {
    fn full_name(&self) -> &str {
        &self.name
    }
    fn short_name(&self) -> Option<&str> {
        self.short.as_deref()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub title: String,
    pub link: Option<String>,
    /// The discussion heading's text when it is not the title (`{title}` is the title).
    pub heading: Option<String>,
    /// The line of the report's agenda when it is not the title, linked: markdown,
    /// for a title only part of which is a link.
    pub agenda_line: Option<String>,
    /// The discussion heading's link when it is not `link`: `Some(None)` for none.
    pub heading_link: Option<Option<String>>,
    /// `[report] entries` for this item alone.
    pub entries: Option<Entries>,
    /// False for an item the published agenda does not list (a welcome, opening
    /// remarks): the report leaves it out of its agenda and numbering, and its notes
    /// open the discussion without a heading of their own.
    pub listed: bool,
    pub timebox: Option<TimeDelta>,
    pub lead: Option<usize>,
    pub documents: Vec<Document>,
    pub day: Option<NaiveDate>,
    pub session: Option<String>,
    pub subitems: Vec<SubItem>,
    /// Added during the meeting (`agenda+`), not written in the agenda file.
    pub added: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubItem {
    pub title: String,
    pub link: Option<String>,
    pub timebox: Option<TimeDelta>,
    pub lead: Option<usize>,
    pub documents: Vec<Document>,
    /// Added during the meeting (`agenda+`), not written in the agenda file.
    pub added: bool,
}

/// Where a point of the agenda sits: item 2 is `{ item: 1, sub: None }`, item 2b is
/// `{ item: 1, sub: Some(1) }` (zero-based inside, one-based and lettered outside).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ItemRef {
    pub item: usize,
    pub sub: Option<usize>,
}

impl ItemRef {
    pub fn item(item: usize) -> Self {
        ItemRef { item, sub: None }
    }

    /// "2" or "2b".
    pub fn label(self) -> String {
        match self.sub {
            None => (self.item + 1).to_string(),
            Some(s) => format!("{}{}", self.item + 1, letter(s)),
        }
    }
}

/// a, b, …, z, aa, ab, … for sub-item positions.
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push((b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

impl Agenda {
    /// How this group's notes are read.
    pub fn reading(&self) -> crate::notes::extract::Reading {
        crate::notes::extract::Reading {
            date: self.meeting.date,
            markdown: self.report.notes == NotesStyle::Markdown,
        }
    }

    /// Finds the participant a command or note names (full, short, unique prefix).
    pub fn resolve(&self, query: &str) -> Result<usize, Unresolved> {
        self.roster.resolve(query)
    }

    /// Parses "2" or "2b" into a reference to an existing item or sub-item.
    pub fn item_ref(&self, text: &str) -> Result<ItemRef, String> {
        let t = text.trim();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = t[digits.len()..].to_ascii_lowercase();
        let n: usize = digits
            .parse()
            .map_err(|_| format!("expected an item number like 2 or 2b, found \"{t}\""))?;
        if n == 0 || n > self.items.len() {
            return Err(format!(
                "there is no item {t}: the agenda has items 1 to {}",
                self.items.len()
            ));
        }
        let item = n - 1;
        if rest.is_empty() {
            return Ok(ItemRef::item(item));
        }
        let subs = self.items[item].subitems.len();
        let sub = (0..subs).find(|&s| letter(s) == rest).ok_or_else(|| {
            if subs == 0 {
                format!("item {n} has no sub-items")
            } else if subs == 1 {
                format!("there is no item {t}: item {n} has one sub-item, {n}a")
            } else {
                format!(
                    "there is no item {t}: item {n} has sub-items {n}a to {n}{}",
                    letter(subs - 1)
                )
            }
        })?;
        Ok(ItemRef {
            item,
            sub: Some(sub),
        })
    }

    /// The agenda as its file has it: without the items and sub-items added during the
    /// meeting (a replay adds them again from the journal).
    pub fn as_written(mut self) -> Agenda {
        if self
            .items
            .iter()
            .any(|i| i.added || i.subitems.iter().any(|s| s.added))
        {
            self.items.retain(|i| !i.added);
            for i in &mut self.items {
                i.subitems.retain(|s| !s.added);
            }
        }
        self
    }

    /// The titles of the items the agenda file numbers, in order: those added during the
    /// meeting follow them, so an item's number past these is one added.
    pub fn written_titles(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| !i.added)
            .map(|i| i.title.clone())
            .collect()
    }

    /// Adds an item at the end of the agenda (`under`: `None`), or a sub-item at the end
    /// of item `under`'s (from 0): where it is.
    pub fn add(
        &mut self,
        under: Option<usize>,
        title: &str,
        timebox: Option<TimeDelta>,
    ) -> ItemRef {
        match under {
            None => {
                // At the end: on the last day, in the last session, of a multi-day meeting.
                let last = self.items.last();
                let (day, session) = (
                    last.and_then(|i| i.day),
                    last.and_then(|i| i.session.clone()),
                );
                self.items.push(Item {
                    title: title.to_string(),
                    link: None,
                    heading: None,
                    agenda_line: None,
                    heading_link: None,
                    entries: None,
                    listed: true,
                    timebox,
                    lead: None,
                    documents: Vec::new(),
                    day,
                    session,
                    subitems: Vec::new(),
                    added: true,
                });
                ItemRef::item(self.items.len() - 1)
            }
            Some(i) => {
                let subs = &mut self.items[i].subitems;
                subs.push(SubItem {
                    title: title.to_string(),
                    link: None,
                    timebox,
                    lead: None,
                    documents: Vec::new(),
                    added: true,
                });
                ItemRef {
                    item: i,
                    sub: Some(subs.len() - 1),
                }
            }
        }
    }

    /// Takes off the point `add` made last (undo).
    pub fn remove_added(&mut self, r: ItemRef) {
        match r.sub {
            None if r.item + 1 == self.items.len() => {
                self.items.pop();
            }
            Some(s)
                if self
                    .items
                    .get(r.item)
                    .is_some_and(|i| s + 1 == i.subitems.len()) =>
            {
                self.items[r.item].subitems.pop();
            }
            _ => debug_assert!(false, "{} was not the last point added", r.label()),
        }
    }

    /// Every point of the agenda in order: each item, then its sub-items.
    pub fn points(&self) -> Vec<ItemRef> {
        let mut out = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            out.push(ItemRef::item(i));
            out.extend((0..item.subitems.len()).map(|s| ItemRef {
                item: i,
                sub: Some(s),
            }));
        }
        out
    }

    pub fn title_of(&self, r: ItemRef) -> &str {
        match r.sub {
            None => &self.items[r.item].title,
            Some(s) => &self.items[r.item].subitems[s].title,
        }
    }

    /// The number the report gives item `i`: its place among the listed items.
    pub fn report_number(&self, i: usize) -> usize {
        self.items[..=i.min(self.items.len().saturating_sub(1))]
            .iter()
            .filter(|it| it.listed)
            .count()
    }

    /// The timebox of a point: its own, else the agenda's default, else none.
    pub fn timebox_of(&self, r: ItemRef) -> Option<TimeDelta> {
        let own = match r.sub {
            None => self.items[r.item].timebox,
            Some(s) => self.items[r.item].subitems[s].timebox,
        };
        own.or(if r.sub.is_none() {
            self.settings.item_timebox
        } else {
            None
        })
    }

    /// The sum of the items' timeboxes (sub-items count only where their item has none).
    pub fn planned_total(&self) -> TimeDelta {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.timebox {
                Some(t) => t,
                None if !item.subitems.is_empty()
                    && item.subitems.iter().any(|s| s.timebox.is_some()) =>
                {
                    item.subitems.iter().filter_map(|s| s.timebox).sum()
                }
                None => self.timebox_of(ItemRef::item(i)).unwrap_or_default(),
            })
            .sum()
    }

    /// "Online Meeting 51" unless the agenda names the meeting itself.
    pub fn title(&self) -> String {
        if let Some(t) = &self.meeting.title {
            return t.clone();
        }
        let kind = match self.meeting.format {
            Format::Virtual => "Online Meeting",
            Format::Hybrid => "Hybrid Meeting",
            Format::InPerson => "Meeting",
        };
        match self.meeting.number {
            Some(n) => format!(
                "{kind} {}",
                crate::report::words::numbered(n, self.meeting.numbering)
            ),
            None => kind.to_string(),
        }
    }

    /// The folder name of this meeting: `2023-02-16-wg-strategy-51`.
    pub fn slug(&self) -> String {
        let base = self
            .meeting
            .abbreviation
            .as_deref()
            .unwrap_or(&self.meeting.group);
        let mut slug = slugify(base);
        if let Some(n) = self.meeting.number {
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&n.to_string());
        }
        if slug.is_empty() {
            slug.push_str("meeting");
        }
        format!("{}-{slug}", self.meeting.date.format("%Y-%m-%d"))
    }
}

/// A one-line text typed or pasted anywhere (names, commands): whitespace collapsed,
/// control characters and line breaks refused with the reason.
pub fn clean_line(text: &str) -> Result<String, String> {
    schema::clean_text(text, false).map_err(|m| format!("the text {m}"))
}

/// Lower-case ASCII words joined by dashes; accents are folded first so "Réunion"
/// gives "reunion", and anything else becomes a separator.
pub fn slugify(text: &str) -> String {
    let folded = names::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    while out.ends_with('-') {
        out.pop();
    }
    out
}
