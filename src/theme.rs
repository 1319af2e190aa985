//! The screen's colours by role. Three themes ship in the binary (`themes/*.toml`); a
//! user's own file is given by path or named from the config directory's `themes/`.
//! A user's file need not name every role: those it leaves out come from the theme it
//! `extends` (the default theme unless it says otherwise).

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub border: Style,
    pub focus: Style,
    pub current: Style,
    pub done: Style,
    pub warning: Style,
    pub overrun: Style,
    pub speaker: Style,
    pub error: Style,
    pub selection: Style,
    pub order: Style,
    pub question: Style,
    pub reply: Style,
    pub topic: Style,
}

pub const BUILT_IN: &[&str] = &["default", "light", "high-contrast"];

const DEFAULT_PATH: &str = "default.toml (built in)";

const ROLES: &[&str] = &[
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

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed-out", Modifier::CROSSED_OUT),
];

fn source(name: &str) -> Option<&'static str> {
    match name {
        "default" => Some(include_str!("../themes/default.toml")),
        "light" => Some(include_str!("../themes/light.toml")),
        "high-contrast" => Some(include_str!("../themes/high-contrast.toml")),
        _ => None,
    }
}

/// The platform's config directory for agendum; user themes live in its `themes/`.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agendum").map(|d| d.config_dir().to_path_buf())
}

impl Theme {
    pub fn default_theme() -> Theme {
        Theme::parse(DEFAULT_PATH, source("default").expect("built in"))
            .expect("the built-in default theme is valid")
    }

    /// `--theme NAME|FILE` (or the config's `theme`): a built-in name, a theme in the
    /// config directory's `themes/NAME.toml`, or a file.
    pub fn resolve(spec: Option<&str>, config_dir: Option<&Path>) -> Result<Theme, Diagnostic> {
        let Some(spec) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Theme::default_theme());
        };
        if let Some(text) = source(spec) {
            return Theme::parse(&format!("{spec}.toml (built in)"), text);
        }
        let user_dir = config_dir.map(|d| d.join("themes"));
        let candidates = [
            user_dir.as_ref().map(|d| d.join(format!("{spec}.toml"))),
            Some(PathBuf::from(spec)),
        ];
        for path in candidates.into_iter().flatten() {
            if path.is_file() {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Diagnostic::whole_file(&shown, format!("cannot read the theme: {e}"))
                })?;
                return Theme::parse(&shown, &text);
            }
        }
        let mut available: Vec<String> = BUILT_IN.iter().map(|s| s.to_string()).collect();
        if let Some(dir) = &user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut user: Vec<String> = entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".toml").map(str::to_string)
                })
                .collect();
            user.sort();
            available.extend(user);
        }
        Err(Diagnostic::whole_file(
            spec,
            format!(
                "no theme of that name or file; the themes are: {}",
                available.join(", ")
            ),
        ))
    }

    /// A theme file's text; `path` names it in messages.
    pub fn parse(path: &str, text: &str) -> Result<Theme, Diagnostic> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            Diagnostic::at(path, text, span, message)
        })?;
        let base = match table.get("extends") {
            None => None,
            Some(toml::Value::String(name)) if source(name).is_some() => Some(Theme::parse(
                &format!("{name}.toml (built in)"),
                source(name).unwrap(),
            )?),
            Some(_) => {
                return Err(at_key(
                    path,
                    text,
                    "extends",
                    format!(
                        "`extends`: expected the name of a built-in theme ({})",
                        BUILT_IN.join(", ")
                    ),
                ));
            }
        };
        let mut styles = Vec::with_capacity(ROLES.len());
        for key in table.keys() {
            if key != "extends" && !ROLES.contains(&key.as_str()) {
                let near = ROLES
                    .iter()
                    .min_by_key(|r| crate::names::distance(r, key))
                    .filter(|r| crate::names::distance(r, key) <= 3);
                let hint = match near {
                    Some(r) => format!("; did you mean `{r}`?"),
                    None => format!("; the roles are {}", ROLES.join(", ")),
                };
                return Err(at_key(
                    path,
                    text,
                    key,
                    format!("unknown key `{key}`{hint}"),
                ));
            }
        }
        let fallback = base.clone().map(|b| b.roles());
        for (i, role) in ROLES.iter().enumerate() {
            let style = match table.get(*role) {
                Some(v) => {
                    style(v).map_err(|m| at_key(path, text, role, format!("`{role}`: {m}")))?
                }
                None => match &fallback {
                    Some(f) => f[i],
                    // The built-in default is every other theme's base: it names all.
                    None if path == DEFAULT_PATH => {
                        return Err(Diagnostic::whole_file(path, format!("`{role}` is missing")));
                    }
                    None => Theme::default_theme().roles()[i],
                },
            };
            styles.push(style);
        }
        Ok(Theme::from_roles(&styles))
    }

    /// For a terminal with `NO_COLOR` set: no colour at all, and every state told apart
    /// by modifiers alone.
    pub fn without_colour(&self) -> Theme {
        let m = |modifier: Modifier| Style::default().add_modifier(modifier);
        Theme {
            text: Style::default(),
            muted: Style::default(),
            accent: m(Modifier::BOLD),
            border: Style::default(),
            focus: m(Modifier::BOLD | Modifier::UNDERLINED),
            current: m(Modifier::REVERSED | Modifier::BOLD),
            done: m(Modifier::DIM),
            warning: m(Modifier::BOLD | Modifier::ITALIC),
            overrun: m(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            speaker: m(Modifier::BOLD | Modifier::UNDERLINED | Modifier::ITALIC),
            error: m(Modifier::REVERSED),
            selection: m(Modifier::REVERSED | Modifier::ITALIC),
            order: m(Modifier::BOLD),
            question: m(Modifier::ITALIC),
            reply: m(Modifier::UNDERLINED),
            topic: Style::default(),
        }
    }

    /// `no_color`: whether `NO_COLOR` is set and not empty (https://no-color.org).
    pub fn for_terminal(self, no_color: bool) -> Theme {
        if no_color {
            self.without_colour()
        } else {
            self
        }
    }

    fn roles(&self) -> [Style; 16] {
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

    fn from_roles(s: &[Style]) -> Theme {
        Theme {
            text: s[0],
            muted: s[1],
            accent: s[2],
            border: s[3],
            focus: s[4],
            current: s[5],
            done: s[6],
            warning: s[7],
            overrun: s[8],
            speaker: s[9],
            error: s[10],
            selection: s[11],
            order: s[12],
            question: s[13],
            reply: s[14],
            topic: s[15],
        }
    }
}

/// A role's value: a colour, or `{ fg, bg, modifiers }`.
fn style(v: &toml::Value) -> Result<Style, String> {
    match v {
        toml::Value::String(c) => Ok(Style::default().fg(colour(c)?)),
        toml::Value::Table(t) => {
            let mut s = Style::default();
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("fg", toml::Value::String(c)) => s = s.fg(colour(c)?),
                    ("bg", toml::Value::String(c)) => s = s.bg(colour(c)?),
                    ("modifiers", toml::Value::Array(list)) => {
                        for m in list {
                            let name = m.as_str().ok_or("modifiers are words, like \"bold\"")?;
                            let found = MODIFIERS
                                .iter()
                                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                                .ok_or_else(|| {
                                    let all: Vec<&str> =
                                        MODIFIERS.iter().map(|(n, _)| *n).collect();
                                    format!(
                                        "unknown modifier `{name}`; expected one of {}",
                                        all.join(", ")
                                    )
                                })?;
                            s = s.add_modifier(found.1);
                        }
                    }
                    ("fg" | "bg", _) => return Err(format!("`{k}` must be a colour in quotes")),
                    ("modifiers", _) => {
                        return Err("`modifiers` must be a list, like [\"bold\"]".into());
                    }
                    _ => return Err(format!("unknown key `{k}`; expected fg, bg or modifiers")),
                }
            }
            Ok(s)
        }
        other => Err(format!(
            "expected a colour like \"cyan\" or a table like {{ fg = \"cyan\", modifiers = [\"bold\"] }}, found a {}",
            other.type_str()
        )),
    }
}

fn colour(name: &str) -> Result<Color, String> {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    let named = match n.as_str() {
        "reset" | "default" => Some(Color::Reset),
        "black" => Some(Color::Black),
        "red" => Some(Color::Red),
        "green" => Some(Color::Green),
        "yellow" => Some(Color::Yellow),
        "blue" => Some(Color::Blue),
        "magenta" => Some(Color::Magenta),
        "cyan" => Some(Color::Cyan),
        "gray" | "grey" => Some(Color::Gray),
        "dark-gray" | "dark-grey" => Some(Color::DarkGray),
        "light-red" => Some(Color::LightRed),
        "light-green" => Some(Color::LightGreen),
        "light-yellow" => Some(Color::LightYellow),
        "light-blue" => Some(Color::LightBlue),
        "light-magenta" => Some(Color::LightMagenta),
        "light-cyan" => Some(Color::LightCyan),
        "white" => Some(Color::White),
        _ => None,
    };
    if let Some(c) = named {
        return Ok(c);
    }
    if let Some(hex) = n.strip_prefix('#')
        && hex.len() == 6
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    if let Ok(i) = n.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    Err(format!(
        "unknown colour `{name}`; expected a colour name (red, light-red, dark-gray, …), #rrggbb or 0-255"
    ))
}

/// A message about `key`, pointing at its value (or the key) in the file.
fn at_key(path: &str, text: &str, key: &str, message: String) -> Diagnostic {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let bare = t
            .strip_prefix(key)
            .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
        if let Some(rest) = bare
            && rest.trim_start().starts_with('=')
        {
            let indent = line.len() - t.len();
            let eq = rest.find('=').expect("checked");
            let value = rest[eq + 1..].len() - rest[eq + 1..].trim_start().len();
            let at = offset + indent + (t.len() - rest.len()) + eq + 1 + value;
            return Diagnostic::at(path, text, at..at, message);
        }
        offset += line.len();
    }
    Diagnostic::whole_file(path, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_built_in_theme_names_every_role_and_resolves_by_name() {
        for name in BUILT_IN {
            let text = source(name).unwrap();
            let table: toml::Table = toml::from_str(text).unwrap();
            for role in ROLES {
                assert!(table.contains_key(*role), "{name} lacks {role}");
            }
            let t = Theme::resolve(Some(name), None).unwrap();
            assert_ne!(t.current, t.text, "{name}");
            assert_ne!(t.overrun, t.warning, "{name}");
        }
        assert_eq!(Theme::resolve(None, None).unwrap(), Theme::default_theme());
        assert_ne!(
            Theme::resolve(Some("light"), None).unwrap(),
            Theme::default_theme()
        );
    }

    #[test]
    fn a_user_theme_by_path_or_from_the_config_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        let file = dir.path().join("themes/mine.toml");
        std::fs::write(&file, "extends = \"light\"\noverrun = \"#ff0000\"\n").unwrap();
        let by_name = Theme::resolve(Some("mine"), Some(dir.path())).unwrap();
        assert_eq!(by_name.overrun, Style::default().fg(Color::Rgb(255, 0, 0)));
        let light = Theme::resolve(Some("light"), None).unwrap();
        assert_eq!(by_name.current, light.current);
        let by_path = Theme::resolve(Some(file.to_str().unwrap()), None).unwrap();
        assert_eq!(by_path, by_name);
        let e = Theme::resolve(Some("nothing-like-it"), Some(dir.path())).unwrap_err();
        assert!(
            e.message.contains("default, light, high-contrast, mine"),
            "{e}"
        );
    }

    fn error(text: &str) -> Diagnostic {
        Theme::parse("t.toml", text).unwrap_err()
    }

    #[test]
    fn errors_name_the_key_and_point_at_the_value() {
        let e = error("text = \"white\"\noverrun = \"reddish\"\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert!(
            e.message.starts_with("`overrun`: unknown colour `reddish`"),
            "{e}"
        );
        let e = error("ovverrun = \"red\"\n");
        assert_eq!((e.line, e.column), (1, 12));
        assert!(e.message.contains("did you mean `overrun`?"), "{e}");
        let e = error("\nspeaker = 3\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert!(e.message.starts_with("`speaker`: expected a colour"), "{e}");
        assert!(e.message.contains("found a integer"), "{e}");
        let e = error("focus = { fg = \"red\", modifiers = [\"blink-fast\"] }\n");
        assert_eq!(e.line, 1);
        assert!(
            e.message.contains("`focus`: unknown modifier `blink-fast`"),
            "{e}"
        );
        let e = error("extends = \"solarized\"\n");
        assert!(e.message.contains("`extends`"), "{e}");
        let e = error("text = \n");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn without_colour_states_differ_by_modifiers_alone() {
        let t = Theme::default_theme().without_colour();
        for s in t.roles() {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
        let states = [
            ("focus", t.focus),
            ("current", t.current),
            ("overrun", t.overrun),
            ("speaker", t.speaker),
            ("selection", t.selection),
            ("warning", t.warning),
            ("text", t.text),
        ];
        for (i, (a, sa)) in states.iter().enumerate() {
            for (b, sb) in &states[i + 1..] {
                assert_ne!(sa, sb, "{a} and {b} look the same without colour");
            }
        }
        assert_eq!(Theme::default_theme().for_terminal(true), t);
        assert_eq!(
            Theme::default_theme().for_terminal(false),
            Theme::default_theme()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn any_text_is_a_theme_or_an_error_never_a_panic(s in "\\PC{0,80}") {
            let _ = Theme::parse("t.toml", &s);
        }

        #[test]
        fn any_role_value_is_a_style_or_an_error(
            role in prop::sample::select(ROLES.to_vec()),
            value in "[a-z#0-9\\-\"{}=, \\[\\]]{0,30}",
        ) {
            let text = format!("{role} = {value}\n");
            if let Err(e) = Theme::parse("t.toml", &text) {
                prop_assert!(e.line >= 1);
            }
        }
    }
}
