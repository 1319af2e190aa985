//! The screen's colours and emphasis, named by role, so that the screen code never
//! names a colour and a chair can fit agendum to a dark, light or high-contrast
//! terminal, to their own taste, or to a terminal without colour at all (NO_COLOR).

use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, kind, visible};
use crate::names;

/// One style per role on the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: timeboxes, pending items, hints.
    pub muted: Style,
    /// Titles, the clock, headings.
    pub accent: Style,
    /// Pane borders when not focused.
    pub border: Style,
    /// The border and title of the focused pane.
    pub focus: Style,
    /// The current agenda item's row.
    pub current: Style,
    /// Agenda items already discussed.
    pub done: Style,
    /// A timer near its limit, and warnings in the status line.
    pub warning: Style,
    /// A timer past its limit.
    pub overrun: Style,
    /// The current speaker.
    pub speaker: Style,
    /// Error messages in the status line.
    pub error: Style,
    /// The cursor row in a list (agenda selection, picker).
    pub selection: Style,
    /// Queue kind: point of order.
    pub order: Style,
    /// Queue kind: clarifying question.
    pub question: Style,
    /// Queue kind: reply.
    pub reply: Style,
    /// Queue kind: new topic.
    pub topic: Style,
}

/// The themes shipped inside the binary, usable by name without any file.
pub const BUILT_IN: &[&str] = &["default", "light", "high-contrast"];

/// The keys of a theme file, in the order of `Theme`'s fields (see `Theme::styles`).
const ROLES: [&str; 16] = [
    "text",
    "muted",
    "accent",
    "border",
    "focus",
    "current",
    "done",
    "warning",
    "overrun",
    "speaker",
    "error",
    "selection",
    "order",
    "question",
    "reply",
    "topic",
];

/// A theme is a screenful of settings; anything this large is not a theme.
const MAX_FILE_SIZE: u64 = 64 * 1024;

const COLOUR_EXPECTED: &str = "expected a colour name (red, light-red, …), #rrggbb or 0-255";

/// The sixteen terminal colours by their names in theme files, plus `reset` (the
/// terminal's own colour). Lookup ignores case, `-` and `_`, and `grey` is `gray`.
const COLOURS: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
    ("reset", Color::Reset),
];

/// The modifiers a theme may use. Blinking and hidden text are left out on purpose:
/// one distracts a meeting, the other makes a role unreadable.
const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed-out", Modifier::CROSSED_OUT),
];

impl Theme {
    /// The built-in default theme (never fails: the tests parse every built-in).
    pub fn default_theme() -> Theme {
        built_in("default").expect("`default` is a built-in theme")
    }

    /// Parses a theme file's text; `path` is only for messages.
    ///
    /// Roles the file leaves out are taken from the built-in theme named by a top-level
    /// `extends = "NAME"`, or from the default theme, so that a user theme may change
    /// one colour without restating the rest (and keeps working when roles are added).
    pub fn parse(path: &str, text: &str) -> Result<Theme, Diagnostic> {
        let partial = read(path, text)?;
        let base = built_in(partial.extends.unwrap_or("default"))
            .expect("`extends` is checked to name a built-in theme");
        let mut styles = base.styles();
        for (style, given) in styles.iter_mut().zip(partial.roles) {
            if let Some(given) = given {
                *style = given;
            }
        }
        Ok(Theme::from_styles(styles))
    }

    /// Resolves `--theme NAME|FILE` (or the config's `theme`): a built-in name, else a
    /// file `NAME.toml` in `config_dir/themes/` (if `config_dir` is given), else a path
    /// to a file. `None` means the default. A name that is none of these is an error
    /// listing the built-in themes and the user's own, since the likeliest mistake is a
    /// misspelt name.
    pub fn resolve(spec: Option<&str>, config_dir: Option<&Path>) -> Result<Theme, Diagnostic> {
        let Some(spec) = spec else {
            return Ok(Theme::default_theme());
        };
        if let Some(theme) = built_in(spec) {
            return Ok(theme);
        }
        let user_dir = config_dir.map(|d| d.join("themes"));
        if let Some(dir) = &user_dir
            && is_plain_name(spec)
        {
            let file = dir.join(format!("{spec}.toml"));
            if file.is_file() {
                return load(&file);
            }
        }
        let path = Path::new(spec);
        if !spec.is_empty() && path.exists() {
            return load(path);
        }
        Err(not_found(spec, user_dir.as_deref()))
    }

    /// The theme for a terminal where NO_COLOR is set: no colours at all, only modifiers.
    ///
    /// The result does not depend on `self`: a theme's modifiers were chosen alongside
    /// its colours, and stripped of them two roles could look the same, so one fixed
    /// scheme keeps every state (focus, current item, done, warning, overrun, current
    /// speaker, selection, error and the four queue kinds) apart, and apart from text.
    pub fn without_colour(&self) -> Theme {
        let only = |m: Modifier| Style::new().add_modifier(m);
        Theme {
            text: Style::new(),
            muted: only(Modifier::DIM),
            accent: only(Modifier::BOLD),
            border: only(Modifier::DIM),
            // The focused pane also gets a thick border, so its title may share `accent`.
            focus: only(Modifier::BOLD),
            current: only(Modifier::REVERSED | Modifier::BOLD),
            done: only(Modifier::DIM | Modifier::CROSSED_OUT),
            // The turn timer sits on the speaker's line: warning must not look like it.
            warning: only(Modifier::UNDERLINED),
            overrun: only(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            speaker: only(Modifier::BOLD | Modifier::UNDERLINED),
            error: only(Modifier::REVERSED | Modifier::UNDERLINED),
            selection: only(Modifier::REVERSED),
            order: only(Modifier::BOLD | Modifier::ITALIC),
            question: only(Modifier::ITALIC),
            reply: only(Modifier::DIM | Modifier::ITALIC),
            topic: only(Modifier::DIM),
        }
    }

    /// `no_color` is whether the NO_COLOR environment variable is set and non-empty
    /// (see <https://no-color.org>); the caller reads the environment so that this
    /// stays a pure function.
    pub fn for_terminal(self, no_color: bool) -> Theme {
        if no_color {
            self.without_colour()
        } else {
            self
        }
    }

    /// The styles in the order of `ROLES`, so that files and tests can walk the roles.
    fn styles(&self) -> [Style; 16] {
        [
            self.text,
            self.muted,
            self.accent,
            self.border,
            self.focus,
            self.current,
            self.done,
            self.warning,
            self.overrun,
            self.speaker,
            self.error,
            self.selection,
            self.order,
            self.question,
            self.reply,
            self.topic,
        ]
    }

    fn from_styles(styles: [Style; 16]) -> Theme {
        let [
            text,
            muted,
            accent,
            border,
            focus,
            current,
            done,
            warning,
            overrun,
            speaker,
            error,
            selection,
            order,
            question,
            reply,
            topic,
        ] = styles;
        Theme {
            text,
            muted,
            accent,
            border,
            focus,
            current,
            done,
            warning,
            overrun,
            speaker,
            error,
            selection,
            order,
            question,
            reply,
            topic,
        }
    }
}

/// The platform's config directory for agendum (`~/.config/agendum` on Linux); user
/// themes live in its `themes` folder.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agendum").map(|d| d.config_dir().to_path_buf())
}

fn built_in_source(name: &str) -> Option<&'static str> {
    match name {
        "default" => Some(include_str!("../themes/default.toml")),
        "light" => Some(include_str!("../themes/light.toml")),
        "high-contrast" => Some(include_str!("../themes/high-contrast.toml")),
        _ => None,
    }
}

/// A built-in theme. Built-ins define every role, so nothing is filled in (and this
/// cannot recurse through `Theme::parse`'s fallback to the default).
fn built_in(name: &str) -> Option<Theme> {
    let source = built_in_source(name)?;
    let partial = read(name, source).expect("the built-in themes are valid");
    Some(Theme::from_styles(
        partial.roles.map(Option::unwrap_or_default),
    ))
}

/// A name that can only mean a file in the user's theme folder, not a path elsewhere.
fn is_plain_name(spec: &str) -> bool {
    !spec.is_empty() && !spec.starts_with('.') && !spec.contains(['/', '\\'])
}

fn load(path: &Path) -> Result<Theme, Diagnostic> {
    let shown = path.display().to_string();
    let fail = |m: String| Diagnostic::whole_file(&shown, m);
    // Nothing there, or a folder: no file, so no line and column either.
    let not_a_file = |m: String| Diagnostic::unlocated(&shown, m);
    let meta =
        std::fs::metadata(path).map_err(|e| not_a_file(format!("cannot read the theme: {e}")))?;
    if meta.is_dir() {
        return Err(not_a_file(
            "is a folder, expected a theme file (.toml)".into(),
        ));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(fail(format!(
            "the file is {} bytes; a theme may be at most 64 KiB",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the theme: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("the theme is not UTF-8 text; save it as UTF-8".into()))?;
    Theme::parse(&shown, &text)
}

/// The error for a `--theme` that names nothing, listing what does exist.
fn not_found(spec: &str, user_dir: Option<&Path>) -> Diagnostic {
    let user = user_dir.map(user_themes).unwrap_or_default();
    let mut message = format!("no theme `{}`", visible(spec));
    let all = BUILT_IN
        .iter()
        .copied()
        .chain(user.iter().map(String::as_str));
    if let Some(n) = names::nearest(spec, all, str::to_string) {
        message.push_str(&format!(" (did you mean `{n}`?)"));
    }
    message.push_str(&format!(
        "; the built-in themes are {}",
        BUILT_IN.join(", ")
    ));
    match user_dir {
        Some(dir) if user.is_empty() => message.push_str(&format!(
            "; {} holds no themes of your own (NAME.toml)",
            dir.display()
        )),
        Some(dir) => message.push_str(&format!(
            "; your themes in {} are {}",
            dir.display(),
            user.join(", ")
        )),
        None => {}
    }
    message.push_str("; and there is no theme file by that path");
    // A name, not a file: the message names it.
    Diagnostic::unlocated("", message)
}

/// The names of the `.toml` files in the user's theme folder, sorted.
fn user_themes(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .filter(|n| is_plain_name(n))
        .collect();
    found.sort();
    found
}

/// What a theme file says, before the roles it leaves out are filled in.
struct Partial {
    extends: Option<&'static str>,
    roles: [Option<Style>; 16],
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Turns spans of the parsed body into diagnostics on the whole text.
struct Reader<'a> {
    path: &'a str,
    text: &'a str,
    /// Where the parsed body starts in `text` (after a byte-order mark).
    offset: usize,
}

impl Reader<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let span = span.start + self.offset..span.end + self.offset;
        let mut d = Diagnostic::at(self.path, self.text, span, message);
        // Columns as an editor shows them, where the byte-order mark takes no room.
        if d.line == 1 && self.offset > 0 {
            d.column = d.column.saturating_sub(1).max(1);
            if let Some(rest) = d.source_line.strip_prefix('\u{FEFF}') {
                d.source_line = rest.to_string();
                d.caret = d.caret.saturating_sub(1);
            }
        }
        d
    }

    fn extends(&self, value: &Value) -> Result<&'static str, Diagnostic> {
        let DeValue::String(name) = value.get_ref() else {
            return Err(self.error(
                value.span(),
                format!(
                    "`extends`: expected the name of a built-in theme ({}), found {}",
                    BUILT_IN.join(", "),
                    kind(value.get_ref())
                ),
            ));
        };
        BUILT_IN
            .iter()
            .find(|b| **b == name.as_ref())
            .copied()
            .ok_or_else(|| {
                self.error(
                    value.span(),
                    format!(
                        "`extends`: unknown theme `{}`{}; expected a built-in theme: {}",
                        visible(name),
                        suggestion(name, BUILT_IN.iter().copied()),
                        BUILT_IN.join(", ")
                    ),
                )
            })
    }

    fn style(&self, role: &str, value: &Value) -> Result<Style, Diagnostic> {
        match value.get_ref() {
            DeValue::String(s) => Ok(Style::new().fg(self.colour(role, s, value.span())?)),
            DeValue::Table(table) => {
                let mut style = Style::new();
                for (key, v) in in_file_order(table) {
                    match key.get_ref().as_ref() {
                        "fg" => style.fg = Some(self.colour_value(&format!("{role}.fg"), v)?),
                        "bg" => style.bg = Some(self.colour_value(&format!("{role}.bg"), v)?),
                        "modifiers" => style.add_modifier = self.modifiers(role, v)?,
                        other => {
                            return Err(self.error(
                                key.span(),
                                unknown_key(other, Some(role), &["fg", "bg", "modifiers"]),
                            ));
                        }
                    }
                }
                Ok(style)
            }
            other => Err(self.error(
                value.span(),
                format!(
                    "`{role}`: expected a colour (such as \"white\") or a table \
                     {{ fg = \"…\", bg = \"…\", modifiers = [\"bold\"] }}, found {}{}",
                    kind(other),
                    index_hint(other)
                ),
            )),
        }
    }

    fn colour_value(&self, key: &str, value: &Value) -> Result<Color, Diagnostic> {
        match value.get_ref() {
            DeValue::String(s) => self.colour(key, s, value.span()),
            other => Err(self.error(
                value.span(),
                format!(
                    "`{key}`: expected a colour (such as \"white\"), found {}{}",
                    kind(other),
                    index_hint(other)
                ),
            )),
        }
    }

    fn colour(&self, key: &str, s: &str, span: Range<usize>) -> Result<Color, Diagnostic> {
        colour(s).map_err(|m| self.error(span, format!("`{key}`: {m}")))
    }

    fn modifiers(&self, role: &str, value: &Value) -> Result<Modifier, Diagnostic> {
        let key = format!("{role}.modifiers");
        let DeValue::Array(list) = value.get_ref() else {
            return Err(self.error(
                value.span(),
                format!(
                    "`{key}`: expected a list such as [\"bold\", \"underlined\"], found {}",
                    kind(value.get_ref())
                ),
            ));
        };
        let mut all = Modifier::empty();
        for item in list.iter() {
            let DeValue::String(name) = item.get_ref() else {
                return Err(self.error(
                    item.span(),
                    format!(
                        "`{key}`: expected a modifier name such as \"bold\", found {}",
                        kind(item.get_ref())
                    ),
                ));
            };
            all |= modifier(name).map_err(|m| self.error(item.span(), format!("`{key}`: {m}")))?;
        }
        Ok(all)
    }
}

/// Reads a theme file's roles and `extends`, stopping at the first problem in the
/// file (a theme is short: fixing one error at a time is no burden).
fn read(path: &str, text: &str) -> Result<Partial, Diagnostic> {
    // A byte-order mark is invisible in editors; accept it rather than puzzle anyone.
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let reader = Reader {
        path,
        text,
        offset: text.len() - body.len(),
    };
    let root = DeTable::parse(body).map_err(|e| {
        let message = e.message().lines().next().unwrap_or("invalid TOML").trim();
        reader.error(e.span().unwrap_or(0..0), format!("invalid TOML: {message}"))
    })?;
    let mut partial = Partial {
        extends: None,
        roles: [None; 16],
    };
    for (key, value) in in_file_order(root.get_ref()) {
        let name = key.get_ref().as_ref();
        if name == "extends" {
            partial.extends = Some(reader.extends(value)?);
        } else if let Some(i) = ROLES.iter().position(|r| *r == name) {
            partial.roles[i] = Some(reader.style(name, value)?);
        } else {
            let mut allowed = vec!["extends"];
            allowed.extend(ROLES);
            return Err(reader.error(key.span(), unknown_key(name, None, &allowed)));
        }
    }
    Ok(partial)
}

/// A table's entries by position in the file, so the error reported is the first one
/// a reader meets.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn colour(s: &str) -> Result<Color, String> {
    let shown = visible(s);
    if let Some(hex) = s.strip_prefix('#') {
        return match u32::from_str_radix(hex, 16) {
            Ok(rgb) if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let [_, r, g, b] = rgb.to_be_bytes();
                Ok(Color::Rgb(r, g, b))
            }
            _ => Err(format!(
                "`{shown}` is not a colour; expected #rrggbb (six hexadecimal digits)"
            )),
        };
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<u8>() {
            Ok(i) => Ok(Color::Indexed(i)),
            Err(_) => Err(format!(
                "colour index {shown} is out of range; expected 0-255"
            )),
        };
    }
    let key = fold(s).replace("grey", "gray");
    if let Some((_, c)) = COLOURS.iter().find(|(n, _)| fold(n) == key) {
        return Ok(*c);
    }
    Err(format!(
        "unknown colour `{shown}`{}; {COLOUR_EXPECTED}",
        suggestion(s, COLOURS.iter().map(|(n, _)| *n))
    ))
}

fn modifier(s: &str) -> Result<Modifier, String> {
    let key = fold(s);
    // The terminal's own words for two of them, which people type as often.
    let key = match key.as_str() {
        "underline" => "underlined".to_string(),
        "reverse" => "reversed".to_string(),
        _ => key,
    };
    if let Some((_, m)) = MODIFIERS.iter().find(|(n, _)| fold(n) == key) {
        return Ok(*m);
    }
    let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
    Err(format!(
        "unknown modifier `{}`{}; expected one of {}",
        visible(s),
        suggestion(s, names.iter().copied()),
        names.join(", ")
    ))
}

/// Case, `-` and `_` do not matter in colour and modifier names.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// ` (did you mean `x`?)` for the nearest of `candidates`, if one is near enough to
/// be a typo rather than a different word.
fn suggestion<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    names::nearest(input, candidates, fold)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn unknown_key(key: &str, table: Option<&str>, allowed: &[&str]) -> String {
    let shown = visible(key);
    let place = table.map(|t| format!(" in `{t}`")).unwrap_or_default();
    match names::nearest(key, allowed.iter().copied(), str::to_string) {
        Some(a) => format!("unknown key `{shown}`{place}; did you mean `{a}`?"),
        None => format!(
            "unknown key `{shown}`{place}; expected one of: {}",
            allowed.join(", ")
        ),
    }
}

/// A bare number is most likely a palette index missing its quotes; say how to write it.
fn index_hint(v: &DeValue) -> String {
    match v {
        DeValue::Integer(i) if i.radix() == 10 && i.as_str().parse::<u8>().is_ok() => {
            format!(" (write a palette index as a string: \"{}\")", i.as_str())
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The roles that must never look alike: the states a chair has to see at a glance
    /// and the four queue kinds.
    const STATES: &[&str] = &[
        "focus",
        "current",
        "done",
        "warning",
        "overrun",
        "speaker",
        "error",
        "selection",
        "order",
        "question",
        "reply",
        "topic",
    ];

    fn role(theme: &Theme, name: &str) -> Style {
        let i = ROLES.iter().position(|r| *r == name).expect("a role");
        theme.styles()[i]
    }

    fn err(text: &str) -> Diagnostic {
        Theme::parse("t.toml", text).expect_err("the theme is invalid")
    }

    #[test]
    fn every_built_in_defines_every_role_and_resolves_by_name() {
        for name in BUILT_IN {
            let source = built_in_source(name).expect("a source");
            let partial = read(name, source).unwrap_or_else(|d| panic!("{d}"));
            let missing: Vec<&str> = ROLES
                .iter()
                .zip(&partial.roles)
                .filter(|(_, s)| s.is_none())
                .map(|(r, _)| *r)
                .collect();
            assert!(missing.is_empty(), "{name} leaves out {missing:?}");
            assert!(partial.extends.is_none(), "{name} extends another theme");
            let by_name = Theme::resolve(Some(name), None).unwrap();
            assert_eq!(by_name, Theme::parse(name, source).unwrap());
        }
        assert_ne!(
            Theme::resolve(Some("light"), None).unwrap(),
            Theme::default_theme()
        );
        assert_ne!(
            Theme::resolve(Some("high-contrast"), None).unwrap(),
            Theme::default_theme()
        );
        assert_eq!(Theme::resolve(None, None).unwrap(), Theme::default_theme());
    }

    /// A colour as xterm draws it by default, for contrast ratios.
    fn rgb(c: Color) -> (u8, u8, u8) {
        const BASIC: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        let indexed = |i: u8| match i {
            0..=15 => BASIC[i as usize],
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let i = i - 16;
                (level(i / 36), level(i / 6 % 6), level(i % 6))
            }
            _ => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
        };
        match c {
            Color::Rgb(r, g, b) => (r, g, b),
            Color::Indexed(i) => indexed(i),
            Color::Black => BASIC[0],
            Color::Red => BASIC[1],
            Color::Green => BASIC[2],
            Color::Yellow => BASIC[3],
            Color::Blue => BASIC[4],
            Color::Magenta => BASIC[5],
            Color::Cyan => BASIC[6],
            Color::Gray => BASIC[7],
            Color::DarkGray => BASIC[8],
            Color::LightRed => BASIC[9],
            Color::LightGreen => BASIC[10],
            Color::LightYellow => BASIC[11],
            Color::LightBlue => BASIC[12],
            Color::LightMagenta => BASIC[13],
            Color::LightCyan => BASIC[14],
            Color::White | Color::Reset => BASIC[15],
        }
    }

    /// WCAG's contrast ratio of two colours, from 1 (none) to 21.
    fn contrast(a: Color, b: Color) -> f64 {
        let luminance = |c: Color| {
            let (r, g, b) = rgb(c);
            let lin = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_light_themes_borders_stand_out_on_white() {
        let light = built_in("light").unwrap();
        let border = light.border.fg.expect("a border colour");
        let ratio = contrast(border, Color::White);
        // WCAG asks 3:1 of the parts of an interface one must see.
        assert!(ratio >= 3.0, "{border:?} on white: {ratio:.2}:1");
        assert!(contrast(Color::Gray, Color::White) < 1.5, "the old grey");
        for name in ["text", "muted", "accent", "focus"] {
            let fg = role(&light, name).fg.unwrap();
            let ratio = contrast(fg, Color::White);
            assert!(ratio >= 3.0, "{name}: {fg:?} on white: {ratio:.2}:1");
        }
    }

    #[test]
    fn built_in_states_differ_from_text_and_each_other_even_without_colour() {
        for name in BUILT_IN {
            let theme = built_in(name).unwrap();
            for (i, a) in STATES.iter().enumerate() {
                // A new topic is the ordinary kind of request: it may look like text.
                if *a != "topic" {
                    assert_ne!(role(&theme, a), theme.text, "{name}: {a} looks like text");
                }
                for b in &STATES[i + 1..] {
                    assert_ne!(role(&theme, a), role(&theme, b), "{name}: {a} = {b}");
                }
            }
            for r in ["focus", "current", "overrun", "speaker"] {
                let s = role(&theme, r);
                assert!(
                    !(s.add_modifier - theme.text.add_modifier).is_empty(),
                    "{name}: {r} is told from text by colour alone"
                );
            }
        }
    }

    #[test]
    fn high_contrast_uses_only_black_white_yellow_and_bright_colours() {
        let theme = built_in("high-contrast").unwrap();
        for s in theme.styles() {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    matches!(
                        c,
                        Color::Black
                            | Color::White
                            | Color::LightRed
                            | Color::LightGreen
                            | Color::LightYellow
                            | Color::LightBlue
                            | Color::LightMagenta
                            | Color::LightCyan
                    ),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn colours_by_name_hex_and_index() {
        let t = Theme::parse(
            "t.toml",
            "text = \"Light_Red\"\nmuted = \"dark-grey\"\naccent = \"#0a80ff\"\n\
             border = \"244\"\nfocus = \"RESET\"\n\
             current = { fg = \"black\", bg = \"0\", modifiers = [\"bold\", \"Reverse\", \"crossed_out\"] }\n",
        )
        .unwrap();
        assert_eq!(t.text, Style::new().fg(Color::LightRed));
        assert_eq!(t.muted, Style::new().fg(Color::DarkGray));
        assert_eq!(t.accent, Style::new().fg(Color::Rgb(0x0a, 0x80, 0xff)));
        assert_eq!(t.border, Style::new().fg(Color::Indexed(244)));
        assert_eq!(t.focus, Style::new().fg(Color::Reset));
        assert_eq!(
            t.current,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Indexed(0))
                .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::CROSSED_OUT)
        );
    }

    #[test]
    fn missing_roles_come_from_the_default_or_the_theme_extended() {
        let default = Theme::default_theme();
        let light = built_in("light").unwrap();
        let t = Theme::parse("t.toml", "overrun = \"magenta\"\n").unwrap();
        assert_eq!(t.overrun, Style::new().fg(Color::Magenta));
        assert_eq!(t.text, default.text);
        assert_eq!(t.speaker, default.speaker);
        let t = Theme::parse("t.toml", "extends = \"light\"\ntext = \"blue\"\n").unwrap();
        assert_eq!(t.text, Style::new().fg(Color::Blue));
        assert_eq!(t.current, light.current);
        assert_eq!(Theme::parse("t.toml", "").unwrap(), default);
        let e = err("extends = \"ligth\"\n");
        assert_eq!((e.line, e.column), (1, 11));
        assert!(e.message.contains("`extends`") && e.message.contains("`light`"));
    }

    #[test]
    fn a_user_theme_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mine.toml");
        std::fs::write(
            &file,
            "focus = { fg = \"light-red\", modifiers = [\"bold\"] }\n",
        )
        .unwrap();
        let t = Theme::resolve(file.to_str(), None).unwrap();
        assert_eq!(
            t.focus,
            Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        );
        std::fs::write(&file, "focus = \"reddish\"\n").unwrap();
        let e = Theme::resolve(file.to_str(), None).unwrap_err();
        assert_eq!(e.path, file.display().to_string());
        assert_eq!((e.line, e.column), (1, 9));
    }

    #[test]
    fn a_user_theme_from_the_config_directory() {
        let config = tempfile::tempdir().unwrap();
        let themes = config.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(
            themes.join("solar.toml"),
            "extends = \"light\"\ndone = \"cyan\"\n",
        )
        .unwrap();
        let t = Theme::resolve(Some("solar"), Some(config.path())).unwrap();
        assert_eq!(t.done, Style::new().fg(Color::Cyan));
        assert_eq!(t.current, built_in("light").unwrap().current);
        // A built-in name wins over a user file of the same name.
        std::fs::write(themes.join("light.toml"), "text = \"red\"\n").unwrap();
        assert_eq!(
            Theme::resolve(Some("light"), Some(config.path())).unwrap(),
            built_in("light").unwrap()
        );
    }

    #[test]
    fn an_unknown_theme_lists_the_built_in_and_user_themes() {
        let config = tempfile::tempdir().unwrap();
        let themes = config.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(themes.join("solar.toml"), "").unwrap();
        std::fs::write(themes.join("notes.txt"), "").unwrap();
        let e = Theme::resolve(Some("solr"), Some(config.path())).unwrap_err();
        assert!(e.message.contains("no theme `solr`"), "{}", e.message);
        assert!(e.message.contains("did you mean `solar`?"), "{}", e.message);
        assert!(
            e.message.contains("default, light, high-contrast"),
            "{}",
            e.message
        );
        assert!(e.message.contains("are solar;"), "{}", e.message);
        assert!(!e.message.contains("notes"), "{}", e.message);
        let e = Theme::resolve(Some("hi-contrast"), None).unwrap_err();
        assert!(
            e.message.contains("did you mean `high-contrast`?"),
            "{}",
            e.message
        );
        assert!(Theme::resolve(Some(""), None).is_err());
    }

    #[test]
    fn an_unknown_colour_names_the_key_at_the_value() {
        let e = err("text = \"white\"\noverrun = \"reddish\"\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert_eq!(
            e.message,
            "`overrun`: unknown colour `reddish`; \
             expected a colour name (red, light-red, …), #rrggbb or 0-255"
        );
        let e = err("speaker = { fg = \"white\", bg = \"lihgt-blue\" }\n");
        assert_eq!((e.line, e.column), (1, 32));
        assert!(
            e.message
                .starts_with("`speaker.bg`: unknown colour `lihgt-blue`")
        );
        assert!(
            e.message.contains("did you mean `light-blue`?"),
            "{}",
            e.message
        );
        let e = err("\n\ndone = \"#12345\"\n");
        assert_eq!((e.line, e.column), (3, 8));
        assert!(e.message.starts_with("`done`: `#12345` is not a colour"));
        let e = err("done = \"256\"\n");
        assert_eq!(
            e.message,
            "`done`: colour index 256 is out of range; expected 0-255"
        );
    }

    #[test]
    fn an_unknown_key_suggests_the_role_meant() {
        let e = err("text = \"white\"\n  ovverrun = \"red\"\n");
        assert_eq!((e.line, e.column), (2, 3));
        assert_eq!(e.message, "unknown key `ovverrun`; did you mean `overrun`?");
        let e = err("[focus]\nfg = \"red\"\ncolour = \"blue\"\n");
        assert_eq!((e.line, e.column), (3, 1));
        assert!(
            e.message.starts_with("unknown key `colour` in `focus`"),
            "{}",
            e.message
        );
        let e = err("wallpaper = \"red\"\n");
        assert!(
            e.message.contains("expected one of: extends, text,"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_the_key() {
        let e = err("text = \"white\"\nmuted = 7\n");
        assert_eq!((e.line, e.column), (2, 9));
        assert!(
            e.message.starts_with("`muted`: expected a colour"),
            "{}",
            e.message
        );
        assert!(e.message.contains("found an integer"), "{}", e.message);
        assert!(e.message.contains("\"7\""), "{}", e.message);
        let e = err("focus = { fg = true }\n");
        assert_eq!((e.line, e.column), (1, 16));
        assert!(
            e.message.starts_with("`focus.fg`: expected a colour"),
            "{}",
            e.message
        );
        assert!(e.message.contains("found a boolean"), "{}", e.message);
        let e = err("focus = { modifiers = \"bold\" }\n");
        assert_eq!((e.line, e.column), (1, 23));
        assert!(e.message.starts_with("`focus.modifiers`: expected a list"));
        let e = err("extends = 1\n");
        assert!(e.message.starts_with("`extends`:"), "{}", e.message);
    }

    #[test]
    fn an_unknown_modifier_is_named_with_its_key() {
        let e = err("current = { fg = \"black\", modifiers = [\"bold\", \"blink\"] }\n");
        assert_eq!((e.line, e.column), (1, 48));
        assert!(
            e.message.starts_with(
                "`current.modifiers`: unknown modifier `blink`; expected one of bold,"
            ),
            "{}",
            e.message
        );
        let e = err("current = { modifiers = [\"bodl\"] }\n");
        assert!(e.message.contains("did you mean `bold`?"), "{}", e.message);
    }

    #[test]
    fn invalid_toml_is_located() {
        let e = err("text = \"white\"\nmuted = \n");
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("invalid TOML"), "{}", e.message);
        let e = err("\u{FEFF}text = \"nope\"\n");
        assert_eq!((e.line, e.column), (1, 8));
    }

    #[test]
    fn without_colour_keeps_every_state_visible_by_modifiers_alone() {
        for name in BUILT_IN {
            let plain = built_in(name).unwrap().without_colour();
            for s in plain.styles() {
                assert_eq!((s.fg, s.bg), (None, None), "{name}: {s:?}");
            }
            let must_differ = [
                "focus",
                "current",
                "overrun",
                "speaker",
                "selection",
                "warning",
            ];
            for (i, a) in must_differ.iter().enumerate() {
                assert_ne!(role(&plain, a), plain.text, "{a} looks like text");
                for b in &must_differ[i + 1..] {
                    assert_ne!(role(&plain, a), role(&plain, b), "{a} = {b}");
                }
            }
            for (i, a) in STATES.iter().enumerate() {
                for b in &STATES[i + 1..] {
                    assert_ne!(role(&plain, a), role(&plain, b), "{a} = {b}");
                }
            }
        }
    }

    #[test]
    fn for_terminal_drops_colour_only_under_no_color() {
        let light = built_in("light").unwrap();
        assert_eq!(light.clone().for_terminal(false), light);
        assert_eq!(light.clone().for_terminal(true), light.without_colour());
        assert_ne!(light.clone().for_terminal(true), light);
    }

    /// Lines that look like theme entries, so that generated input reaches the
    /// role, colour and modifier checks rather than stopping at TOML syntax.
    fn theme_line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            proptest::sample::select(ROLES.to_vec()).prop_map(str::to_string),
            Just("extends".to_string()),
            "[a-z_-]{0,10}",
        ];
        let word = prop_oneof![
            proptest::sample::select(COLOURS.iter().map(|(n, _)| *n).collect::<Vec<_>>())
                .prop_map(str::to_string),
            "#[0-9a-fA-F]{0,8}",
            "[0-9]{1,4}",
            "\\PC{0,8}",
        ];
        let value = prop_oneof![
            word.clone().prop_map(|w| format!("{w:?}")),
            (word.clone(), word, "[a-z ]{0,12}").prop_map(|(f, b, m)| format!(
                "{{ fg = {f:?}, bg = {b:?}, modifiers = [{:?}] }}",
                m
            )),
            "-?[0-9]{1,4}",
            Just("true".to_string()),
            Just("[]".to_string()),
        ];
        (key, value).prop_map(|(k, v)| format!("{k} = {v}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = Theme::parse("t.toml", &text);
        }

        #[test]
        fn theme_like_text_never_panics(lines in proptest::collection::vec(theme_line(), 0..8)) {
            let text = lines.join("\n");
            if let Err(d) = Theme::parse("t.toml", &text) {
                prop_assert!(d.line >= 1 && d.line <= lines.len().max(1));
                prop_assert!(!d.message.is_empty());
            }
        }
    }
}
