//! A group's own Word styles (`[report] docx_styles`, or `docx_styles` in the
//! config): a `.docx` whose fonts, colours and heading looks the report takes on,
//! as a reference document does for pandoc. Its `word/styles.xml` replaces the
//! built-in styles; any style the report uses that it lacks is added from ours, so
//! that nothing falls back to plain text.
//!
//! The file is someone else's: it is read with bounds (the archive's size, the
//! styles' size however well they compress), and anything wrong with it is an
//! error that names it, never a panic.

use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The most of a styles document read from a `.docx` given for its styles; a real
/// one is well under 200 KB, and a small archive that unpacks to more is a bomb.
const STYLES_LIMIT: u64 = 4 << 20;
/// The most of the `.docx` itself read.
const FILE_LIMIT: u64 = 32 << 20;

/// The styles of a group's `.docx`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupStyles {
    /// Where they came from, for messages.
    pub source: PathBuf,
    styles: String,
    /// The ids of the styles it defines.
    ids: Vec<String>,
}

impl GroupStyles {
    /// Reads the styles of the `.docx` at `path`, or says what is wrong with it.
    pub fn load(path: &Path) -> Result<GroupStyles, String> {
        let fail = |why: String| {
            format!(
                "{}: cannot use it for the report's Word styles: {why}",
                path.display()
            )
        };
        let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
        let meta = file.metadata().map_err(|e| fail(e.to_string()))?;
        if !meta.is_file() {
            return Err(fail("not a file".into()));
        }
        if meta.len() > FILE_LIMIT {
            return Err(fail(format!(
                "it is {} MB, more than a Word document of styles ever is",
                meta.len() >> 20
            )));
        }
        let mut bytes = Vec::new();
        file.take(FILE_LIMIT)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        GroupStyles::from_bytes(path, &bytes).map_err(fail)
    }

    /// The styles of a `.docx` held in memory.
    pub fn from_bytes(source: &Path, bytes: &[u8]) -> Result<GroupStyles, String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a Word document (.docx): {e}"))?;
        let mut entry = archive
            .by_name("word/styles.xml")
            .map_err(|_| "a Word document without styles (no word/styles.xml)".to_string())?;
        if entry.size() > STYLES_LIMIT {
            return Err(format!(
                "its styles are {} MB, more than styles ever are",
                entry.size() >> 20
            ));
        }
        let mut raw = Vec::new();
        // The size an archive declares can lie: what is read is bounded too.
        (&mut entry)
            .take(STYLES_LIMIT + 1)
            .read_to_end(&mut raw)
            .map_err(|e| format!("its styles cannot be read: {e}"))?;
        if raw.len() as u64 > STYLES_LIMIT {
            return Err("its styles unpack to more than styles ever are".into());
        }
        let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
        let styles = String::from_utf8(raw.to_vec())
            .map_err(|_| "its styles are not UTF-8 XML".to_string())?;
        let ids = style_ids(&styles)?;
        Ok(GroupStyles {
            source: source.to_path_buf(),
            styles,
            ids,
        })
    }

    /// The group's styles document with the styles of `ours` it lacks added, by id.
    pub fn merged_with(&self, ours: &[u8]) -> Vec<u8> {
        let ours = String::from_utf8_lossy(ours);
        let mut missing = String::new();
        for chunk in style_elements(&ours) {
            if let Some(id) = attribute(chunk, "w:styleId")
                && !self.ids.iter().any(|i| i == id)
            {
                missing.push_str(chunk);
            }
        }
        let Some(end) = self.styles.rfind("</w:styles>") else {
            return self.styles.clone().into_bytes();
        };
        let mut out = String::with_capacity(self.styles.len() + missing.len());
        out.push_str(&self.styles[..end]);
        out.push_str(&missing);
        out.push_str(&self.styles[end..]);
        out.into_bytes()
    }
}

/// The ids of the styles a styles document defines, once it is found to be one.
fn style_ids(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut ids = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_none() {
                    root = Some(name.clone());
                }
                if name == "w:style" {
                    for a in e.attributes().flatten() {
                        if a.key.as_ref() == b"w:styleId" {
                            ids.push(String::from_utf8_lossy(&a.value).into_owned());
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "its styles are not well-formed XML (at byte {}): {e}",
                    reader.error_position()
                ));
            }
        }
    }
    match root.as_deref() {
        Some("w:styles") => Ok(ids),
        _ => Err("its word/styles.xml holds no Word styles".into()),
    }
}

/// Each `<w:style …>…</w:style>` of a styles document docx-rs wrote (no prefixes
/// but `w:`, no nesting of styles).
fn style_elements(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:style ") {
        let Some(len) = rest[start..].find("</w:style>") else {
            break;
        };
        let end = start + len + "</w:style>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// An attribute's value in an element's start tag.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag_end = element.find('>')?;
    let tag = &element[..tag_end];
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    pub(crate) fn docx_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    const THEIRS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:rFonts w:ascii="Georgia"/><w:color w:val="8B0000"/></w:rPr></w:style></w:styles>"#;

    #[test]
    fn the_groups_styles_win_and_ours_fill_the_gaps() {
        let g = GroupStyles::from_bytes(
            Path::new("house.docx"),
            &docx_with(&[("word/styles.xml", THEIRS.as_bytes())]),
        )
        .unwrap();
        let ours = crate::report::docx::render(
            &crate::report::document::from_markdown("# A\n\n## B\n"),
            Some(&g),
        )
        .unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(ours)).unwrap();
        let mut styles = String::new();
        archive
            .by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(styles.contains("Georgia"), "{styles}");
        assert_eq!(styles.matches("w:styleId=\"Heading1\"").count(), 1);
        assert!(styles.contains("w:styleId=\"Heading2\""), "{styles}");
        assert!(style_ids(&styles).is_ok());
    }

    #[test]
    fn a_bad_styles_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.docx");
        let e = GroupStyles::load(&missing).unwrap_err();
        assert!(e.starts_with(&missing.display().to_string()), "{e}");
        for (bytes, says) in [
            (b"not a zip at all".to_vec(), "not a Word document"),
            (
                docx_with(&[("word/document.xml", b"<x/>")]),
                "without styles",
            ),
            (
                docx_with(&[("word/styles.xml", b"<w:styles><w:style></w:styles>")]),
                "not well-formed",
            ),
            (
                docx_with(&[("word/styles.xml", b"<html/>")]),
                "holds no Word styles",
            ),
        ] {
            let p = dir.path().join("bad.docx");
            std::fs::write(&p, &bytes).unwrap();
            let e = GroupStyles::load(&p).unwrap_err();
            assert!(e.contains("bad.docx") && e.contains(says), "{e}");
        }
        // A bomb: a few KB that unpack past the limit.
        let bomb = vec![b' '; (STYLES_LIMIT + 10) as usize];
        let p = dir.path().join("bomb.docx");
        std::fs::write(&p, docx_with(&[("word/styles.xml", &bomb)])).unwrap();
        assert!(std::fs::metadata(&p).unwrap().len() < 100_000);
        let e = GroupStyles::load(&p).unwrap_err();
        assert!(e.contains("MB") || e.contains("more than"), "{e}");
        assert!(GroupStyles::load(dir.path()).is_err());
    }
}
