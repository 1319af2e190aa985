//! The user's configuration: `config.toml` in the platform's config directory.
//! Precedence: command-line flags, then the agenda's `[settings]`, then this file,
//! then built-in defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub output_dir: Option<PathBuf>,
    pub theme: Option<String>,
    pub speaker_limit: Option<String>,
    pub item_timebox: Option<String>,
    pub editor: Option<String>,
    /// The forms the report is written in, where the agenda names none.
    pub formats: Option<Vec<String>>,
    /// A `.docx` whose styles the Word report takes, where the agenda names none;
    /// relative to this file.
    pub docx_styles: Option<PathBuf>,
}

impl Config {
    /// Fills what the agenda's `[settings]` leave open: the agenda beats this file,
    /// which beats the built-in defaults (none: no limit, no timebox).
    pub fn fill(&self, settings: &mut crate::agenda::Settings) {
        // `load` has checked both durations.
        let parse = |v: &Option<String>| v.as_deref().and_then(|t| crate::duration::parse(t).ok());
        if settings.speaker_limit.is_none() {
            settings.speaker_limit = parse(&self.speaker_limit);
        }
        if settings.item_timebox.is_none() {
            settings.item_timebox = parse(&self.item_timebox);
        }
    }
}

/// `~/.config/agendum/config.toml` on Linux, the platform's equivalent elsewhere.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agendum").map(|d| d.config_dir().join("config.toml"))
}

/// Where meeting folders go when neither a flag nor the config names a place: a folder
/// `agendum` in the user's documents (or home) directory.
pub fn default_output_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    let base = dirs
        .as_ref()
        .and_then(|d| d.document_dir().map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("agendum")
}

/// Reads the config: `explicit` must exist; the default file may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config, Diagnostic> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path() {
            Some(p) if p.exists() => p,
            _ => return Ok(Config::default()),
        },
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::unlocated(&shown, format!("cannot read the config file: {e}")))?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid config")
            .to_string();
        Diagnostic::at(&shown, &text, span, message)
    })?;
    for (key, value) in [
        ("speaker_limit", &config.speaker_limit),
        ("item_timebox", &config.item_timebox),
    ] {
        if let Some(v) = value
            && let Err(m) = crate::duration::parse(v)
        {
            let at = text.find(key).unwrap_or(0);
            return Err(Diagnostic::at(
                &shown,
                &text,
                at..at,
                format!("`{key}`: {m}"),
            ));
        }
    }
    if let Some(names) = &config.formats
        && let Err(m) = crate::report::Formats::from_names(names.iter().map(String::as_str))
    {
        let at = text.find("formats").unwrap_or(0);
        return Err(Diagnostic::at(
            &shown,
            &text,
            at..at,
            format!("`formats`: {m}"),
        ));
    }
    let mut config = config;
    if let Some(styles) = &config.docx_styles
        && styles.is_relative()
    {
        let base = path.parent().unwrap_or(Path::new("."));
        config.docx_styles = Some(base.join(styles));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_config_and_refuses_unknown_keys_with_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "output_dir = \"/srv/wg\"\nspeaker_limit = \"2m\"\n").unwrap();
        let c = load(Some(&p)).unwrap();
        assert_eq!(c.output_dir, Some(PathBuf::from("/srv/wg")));
        std::fs::write(&p, "output_dir = \"/srv/wg\"\noutput_dri = 1\n").unwrap();
        let e = load(Some(&p)).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("output_dri"), "{}", e.message);
        std::fs::write(&p, "speaker_limit = \"2\"\n").unwrap();
        assert!(load(Some(&p)).unwrap_err().message.contains("needs a unit"));
        assert!(load(Some(&dir.path().join("missing.toml"))).is_err());
    }

    #[test]
    fn the_report_formats_are_checked_and_the_styles_found_beside_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(
            &p,
            "formats = [\"md\", \"html\"]\ndocx_styles = \"house.docx\"\n",
        )
        .unwrap();
        let c = load(Some(&p)).unwrap();
        assert_eq!(c.formats, Some(vec!["md".to_string(), "html".to_string()]));
        assert_eq!(c.docx_styles, Some(dir.path().join("house.docx")));
        std::fs::write(&p, "output_dir = \"/srv\"\nformats = [\"md\", \"pdf\"]\n").unwrap();
        let e = load(Some(&p)).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("\"pdf\""), "{}", e.message);
    }

    #[test]
    fn the_agenda_beats_the_config_file_which_beats_nothing() {
        let config = Config {
            speaker_limit: Some("2m".into()),
            item_timebox: Some("10m".into()),
            ..Config::default()
        };
        let mut settings = crate::agenda::Settings {
            speaker_limit: Some(chrono::TimeDelta::minutes(3)),
            item_timebox: None,
            ..crate::agenda::Settings::default()
        };
        config.fill(&mut settings);
        assert_eq!(settings.speaker_limit, Some(chrono::TimeDelta::minutes(3)));
        assert_eq!(settings.item_timebox, Some(chrono::TimeDelta::minutes(10)));
        let mut none = crate::agenda::Settings::default();
        Config::default().fill(&mut none);
        assert_eq!(none, crate::agenda::Settings::default());
    }
}
