//! The forms the report is written in: `report.md` (the truth), and beside it the
//! Word document and the web page a secretariat posts.

/// One form of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Md,
    Docx,
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Md, Format::Docx, Format::Html];

    /// Its name in settings and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }

    /// The file it is written to in the meeting folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Md => "report.md",
            Format::Docx => "report.docx",
            Format::Html => "report.html",
        }
    }

    /// The file's extension, for the copies kept of hand-edited files.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// A format by name; "markdown", "word" and "web" are taken too, as people say
    /// them.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "docx" | "word" => Some(Format::Docx),
            "html" | "web" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Which forms are written: a set, in the order md, docx, html.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(Vec<Format>);

impl Default for Formats {
    /// All three: what the group publishes.
    fn default() -> Self {
        Formats(Format::ALL.to_vec())
    }
}

impl Formats {
    /// The formats named, or why they cannot be: a name that is no format, or none.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Formats, String> {
        let mut out = Vec::new();
        for name in names {
            match Format::parse(name) {
                Some(f) => out.push(f),
                None => return Err(unknown(name)),
            }
        }
        if out.is_empty() {
            return Err("name at least one format: md, docx or html".into());
        }
        out.sort();
        out.dedup();
        Ok(Formats(out))
    }

    /// `md,docx,html`, as the command line takes it.
    pub fn from_list(list: &str) -> Result<Formats, String> {
        Formats::from_names(list.split(',').filter(|s| !s.trim().is_empty()))
    }

    pub fn contains(&self, f: Format) -> bool {
        self.0.contains(&f)
    }

    pub fn iter(&self) -> impl Iterator<Item = Format> + '_ {
        self.0.iter().copied()
    }

    /// `md, docx and html`.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|f| f.name()).collect()
    }
}

/// The message for a name that is no format.
pub fn unknown(name: &str) -> String {
    format!(
        "unknown report format \"{}\": the formats are \"md\", \"docx\" and \"html\"",
        crate::report::markdown::neutralise(name.trim())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_in_any_order_and_case() {
        assert_eq!(
            Formats::from_list("html, MD").unwrap().names(),
            ["md", "html"]
        );
        assert_eq!(Formats::from_list("docx,docx").unwrap().names(), ["docx"]);
        assert_eq!(Formats::default().names(), ["md", "docx", "html"]);
        let e = Formats::from_list("md,pdf").unwrap_err();
        assert!(e.contains("\"pdf\"") && e.contains("\"docx\""), "{e}");
        assert!(Formats::from_list(" , ").is_err());
    }
}
