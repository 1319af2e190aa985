//! The corpus of bad agendas in `tests/agendas/bad/`: every file is pinned down to the
//! exact positions of its diagnostics and a distinctive part of each message, through
//! the library and through `agendum check`. A property test then feeds the loader
//! arbitrary text and mutated agendas: it must never panic, and every diagnostic must
//! point at a line that exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use agendum::agenda::{self, Agenda};
use agendum::diagnostic::{Diagnostics, LISTED, visible};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// One diagnostic expected: line, column, and a part of its message.
type Expected = (usize, usize, &'static str);

/// One row per file of `tests/agendas/bad/` (name without `.toml`), with every
/// diagnostic in the order reported (by line, then column).
const CORPUS: &[(&str, &[Expected])] = &[
    // The report's forms: each name checked where it is written.
    (
        "report-formats",
        &[
            (7, 18, "`formats`: unknown report format \"pdf\""),
            (7, 25, "`formats` must hold strings, found an integer"),
            (8, 15, "`docx_styles` must not be empty"),
        ],
    ),
    // Unknown keys, with a suggestion when one is close and the list otherwise.
    (
        "unknown-key-meeting",
        &[
            (
                5,
                1,
                "unknown key `duraton` in [meeting] (did you mean `duration`?)",
            ),
            (
                6,
                1,
                "unknown key `chair` in [meeting]; expected one of: group,",
            ),
        ],
    ),
    (
        "unknown-key-item",
        &[
            (
                8,
                1,
                "unknown key `timebx` in item 1 (did you mean `timebox`?)",
            ),
            (
                12,
                1,
                "unknown key `owner` in item 2; expected one of: title,",
            ),
        ],
    ),
    (
        "unknown-key-participant",
        &[(
            9,
            1,
            "unknown key `affiliaton` in participant 1 (did you mean `affiliation`?)",
        )],
    ),
    (
        "unknown-key-subitem",
        &[
            (
                11,
                3,
                "unknown key `session` in sub-item 1; expected one of: title,",
            ),
            (
                15,
                3,
                "unknown key `timbox` in sub-item 2 (did you mean `timebox`?)",
            ),
        ],
    ),
    (
        "unknown-key-document",
        &[
            (
                9,
                36,
                "unknown key `ur` in document 1 (did you mean `url`?)",
            ),
            (
                10,
                57,
                "unknown key `pages` in document 2; expected one of: title, url",
            ),
        ],
    ),
    (
        "unknown-table",
        &[
            (1, 1, "the agenda has no [meeting] table"),
            (
                1,
                2,
                "unknown key `meting` in the agenda (did you mean `meeting`?)",
            ),
        ],
    ),
    (
        "byte-order-mark",
        &[(
            5,
            1,
            "unknown key `numbr` in [meeting] (did you mean `number`?)",
        )],
    ),
    // Missing parts.
    (
        "missing-meeting",
        &[(1, 1, "the agenda has no [meeting] table")],
    ),
    (
        "missing-group-date-start",
        &[
            (2, 1, "[meeting] is missing `group`"),
            (2, 1, "[meeting] is missing `date`"),
            (2, 1, "[meeting] is missing `start`"),
        ],
    ),
    (
        "missing-start",
        &[(
            1,
            1,
            "[meeting] is missing `start` (the start time, like start = \"14:00\")",
        )],
    ),
    (
        "no-items",
        &[(1, 1, "the agenda has no items; add at least one [[items]]")],
    ),
    (
        "empty",
        &[
            (1, 1, "the agenda has no [meeting] table"),
            (1, 1, "the agenda has no items"),
        ],
    ),
    // Wrong types.
    (
        "wrong-types-meeting",
        &[
            (
                3,
                10,
                "`number` must be a positive whole number like 51, found a string",
            ),
            (4, 9, "`title` must be a string, found a boolean"),
            (5, 8, "found a string; write date = 2023-02-16"),
            (
                6,
                9,
                "`start` must be a 24-hour time like \"14:00\", found an integer",
            ),
            (
                7,
                12,
                "`duration` must be a duration string like \"60m\", found the bare number 60",
            ),
            (
                8,
                14,
                "`notetakers` must be an array of names like [\"A\", \"B\"], found a string",
            ),
        ],
    ),
    (
        "wrong-types-elsewhere",
        &[
            (5, 24, "`notetakers` must hold strings, found an integer"),
            (
                8,
                17,
                "`speaker_limit` must be a duration string like \"3m\", found the bare number 3",
            ),
            (
                9,
                16,
                "`item_timebox` must be a duration string like \"5m\" or \"1h30m\", found a boolean",
            ),
            (
                12,
                18,
                "`speaking_times` must be true or false, found a string",
            ),
            (17, 15, "`affiliation` must be a string, found an integer"),
            (20, 9, "`title` must be a string, found an integer"),
            (
                21,
                11,
                "`timebox` must be a duration string like \"10m\", found the bare number 10",
            ),
        ],
    ),
    (
        "items-not-array",
        &[(
            6,
            1,
            "`items` must be an array of tables ([[items]]), found a table",
        )],
    ),
    (
        "not-arrays-of-tables",
        &[
            (1, 11, "[meeting] must be a table, found a string"),
            (2, 17, "participant 1 must be a table, found a string"),
            (2, 37, "participant 2 must be a table, found a string"),
            (
                6,
                12,
                "`subitems` must be an array of tables ([[items.subitems]]), found a string",
            ),
            (
                7,
                13,
                "`documents` must be an array of tables (documents = [{ title = ",
            ),
        ],
    ),
    // Durations, times, dates and zones.
    (
        "bad-durations",
        &[
            (8, 11, "found \"5\" (a number needs a unit: h, m or s)"),
            (12, 11, "a duration must be longer than zero, found \"0m\""),
            (16, 11, "a duration cannot be negative: \"-5m\""),
            (20, 11, "duration \"25h\" is longer than 24h"),
            (
                24,
                11,
                "expected a duration like \"90s\", \"5m\", \"1h\" or \"1h30m\", found \"1h1h\"",
            ),
            (
                28,
                11,
                "expected a duration like \"90s\", \"5m\", \"1h\" or \"1h30m\", found \"10 min\"",
            ),
        ],
    ),
    (
        "bad-start-hour",
        &[(
            4,
            9,
            "`start` must be a 24-hour time like \"14:00\", found \"25:00\"",
        )],
    ),
    (
        "placeholder-without-value",
        &[
            (
                6,
                14,
                "`intro` uses {ordinal}, but [meeting] has no `number`",
            ),
            (
                7,
                18,
                "`moderation` uses {moderator}, but [meeting] has no `moderator`",
            ),
            (
                8,
                20,
                "`opening` uses {next_date}, but it is known only in `next_meeting`",
            ),
        ],
    ),
    (
        "start-signed-and-date-as-time",
        &[
            (
                3,
                8,
                "`date` must be a date like date = 2023-02-16 (no quotes), found a time",
            ),
            (
                4,
                9,
                "`start` must be a 24-hour time like \"14:00\", found \"+1:00\"",
            ),
        ],
    ),
    (
        "bad-start-pm",
        &[(
            4,
            9,
            "`start` must be a 24-hour time like \"14:00\", found \"2pm\"",
        )],
    ),
    // TOML itself refuses 30 February, so the schema never sees it.
    (
        "impossible-date",
        &[(
            3,
            8,
            "invalid TOML: invalid date, expected day between 01 and 28",
        )],
    ),
    (
        "date-with-time",
        &[(
            3,
            8,
            "`date` must be a date like date = 2023-02-16 (no quotes), found a date with a time",
        )],
    ),
    (
        "bad-timezone",
        &[(
            5,
            12,
            "`timezone`: expected \"UTC\" or a fixed offset like \"+02:00\", found \"CET\"",
        )],
    ),
    // Choices and numbers.
    (
        "bad-enums",
        &[
            (
                5,
                10,
                "`format` must be one of \"virtual\", \"hybrid\", \"in-person\", found \"online\"",
            ),
            (
                6,
                9,
                "`style` must be one of \"summary\", \"actions\", found \"minutes\"",
            ),
            (
                7,
                11,
                "`ordinal` must be one of \"numeric\", \"words\", found \"ordinal\"",
            ),
            (
                8,
                13,
                "`numbering` must be one of \"arabic\", \"roman\", found \"latin\"",
            ),
            (
                11,
                15,
                "`queue_order` must be one of \"arrival\", \"first-time-first\", found \"seniority\"",
            ),
        ],
    ),
    (
        "number-zero",
        &[(3, 10, "`number` must be a positive whole number, found 0")],
    ),
    (
        "number-negative",
        &[(3, 10, "`number` must be a positive whole number, found -51")],
    ),
    (
        "number-too-large",
        &[(3, 10, "`number` must be at most 999999, found 1000000")],
    ),
    (
        "roman-4000",
        &[(
            3,
            10,
            "`number` must be at most 3999 with numbering = \"roman\"",
        )],
    ),
    // The roster and references to it.
    (
        "duplicate-participant",
        &[
            (
                10,
                8,
                "participant \"raul echeberria\" is listed twice (as \"Raúl Echeberría\" before)",
            ),
            (
                16,
                8,
                "participant \"ANJA GENGO\" is listed twice (as \"Anja Gengo\" before)",
            ),
        ],
    ),
    (
        "duplicate-short",
        &[
            (
                12,
                9,
                "short name \"titti\" is already used by Concettina Cassa",
            ),
            (
                19,
                8,
                "participant \"Chris\" has the name that Chris Buckridge uses as short name",
            ),
        ],
    ),
    (
        "ambiguous-lead",
        &[(
            14,
            8,
            "`lead`: \"Chris\" is ambiguous: it could be Chris Buckridge or Chris Disspain",
        )],
    ),
    (
        "ambiguous-moderator",
        &[(
            5,
            13,
            "`moderator`: \"Chris\" is ambiguous: it could be Chris Buckridge or Chris Disspain",
        )],
    ),
    (
        "unknown-reference",
        &[
            (
                5,
                15,
                "`notetakers`: unknown participant \"Titi\" (did you mean Concettina Cassa (Titti)?)",
            ),
            (
                16,
                8,
                "`lead`: unknown participant \"Anjaa\" (did you mean Anja Gengo?)",
            ),
        ],
    ),
    // Text fields.
    (
        "empty-title",
        &[
            (7, 9, "`title` must not be empty"),
            (10, 11, "`title` must not be empty"),
        ],
    ),
    (
        "title-line-break",
        &[
            (7, 9, "`title` must be on one line"),
            (10, 9, "`title` must be on one line"),
        ],
    ),
    (
        "control-character",
        &[(7, 8, "`name` contains the control character U+001B")],
    ),
    (
        "bidi-override",
        &[(
            7,
            9,
            "`title` contains the invisible bidirectional-text character U+202E",
        )],
    ),
    (
        "link-with-spaces",
        &[
            (
                8,
                8,
                "`link` must be a single address without spaces or < >, found \"https://example.org/my activities\"",
            ),
            (
                9,
                40,
                "`url` must be a single address without spaces or < >, found \"<https://example.org/draft>\"",
            ),
        ],
    ),
    (
        "unknown-placeholder",
        &[
            (
                7,
                44,
                "`intro`: unknown placeholder {dates}; known ones are ordinal,",
            ),
            // After "Réunion: ", so the column counts characters, not bytes.
            (8, 21, "`opening`: unknown placeholder {chair}"),
        ],
    ),
    // Days.
    (
        "day-before-meeting",
        &[
            (
                8,
                8,
                "day 2023-03-06 is before the meeting's date 2023-03-07",
            ),
            (
                13,
                7,
                "`day` 2023-03-01 is before the meeting's date 2023-03-07",
            ),
        ],
    ),
    (
        "duplicate-day",
        &[(12, 8, "day 2023-03-07 is listed twice")],
    ),
    // Several tables wrong at once: all reported, including the days checked against
    // the date of a [meeting] that has another error.
    (
        "errors-in-every-table",
        &[
            (6, 12, "`timezone`: expected \"UTC\" or a fixed offset"),
            (9, 17, "`speaker_limit`: expected a duration like"),
            (
                12,
                8,
                "day 2023-03-01 is before the meeting's date 2023-03-07",
            ),
            (
                19,
                9,
                "short name \"anja gengo\" is the full name of Anja Gengo",
            ),
            (
                23,
                7,
                "`day` 2023-03-02 is before the meeting's date 2023-03-07",
            ),
            (
                24,
                8,
                "`lead`: unknown participant \"Zed\" (the participants are Anja Gengo)",
            ),
        ],
    ),
    // TOML syntax.
    (
        "syntax-unclosed-string",
        &[(2, 35, "invalid TOML: invalid basic string, expected `\"`")],
    ),
    (
        "syntax-duplicate-key",
        &[(5, 1, "invalid TOML: duplicate key")],
    ),
    (
        "syntax-missing-equals",
        &[(2, 7, "invalid TOML: key with no value, expected `=`")],
    ),
    (
        "syntax-several",
        &[
            (
                4,
                17,
                "invalid TOML: unexpected key or value, expected newline",
            ),
            (6, 9, "invalid TOML: unclosed array table, expected `]`"),
            (
                10,
                13,
                "invalid TOML: unexpected key or value, expected newline",
            ),
        ],
    ),
];

/// A small valid agenda, the base of the generated byte-level cases and of the
/// mutations in the property test.
const VALID: &str = r#"[meeting]
group = "Working Group on Strategy"
abbreviation = "WG-Strategy"
number = 51
date = 2023-02-16
start = "14:00"
timezone = "+01:00"
duration = "1h"
moderator = "Titti"
notetakers = ["Chris"]

[settings]
speaker_limit = "3m"

[report]
intro = "The {ordinal} meeting of the {group} was held on {date} at {time} {timezone}."

[[days]]
date = 2023-02-16
label = "Day 1"

[[participants]]
name = "Concettina Cassa"
short = "Titti"
affiliation = "Group's Co-Chair"

[[participants]]
name = "Raúl Echeberría"

[[participants]]
name = "Chris Buckridge"

[[items]]
title = "Welcome and adoption of the agenda"
timebox = "5m"
lead = "Raul"

[[items]]
title = "Activities for 2023"
link = "https://example.org/activities"
documents = [ { title = "Proposed activities", url = "https://example.org/p" } ]
day = 2023-02-16

  [[items.subitems]]
  title = "Tech Envoy meeting"
  timebox = "10m"
"#;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agendas/bad")
}

fn corpus_file(name: &str) -> PathBuf {
    corpus_dir().join(format!("{name}.toml"))
}

/// The lines of a text as an editor shows them: each ended by LF, CRLF or a CR alone.
fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['\n', '\r']) {
        lines.push(&rest[..at]);
        let end = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + end..];
    }
    lines.push(rest);
    lines
}

/// Whether `source_line` of a diagnostic shows `line`: whole, or of a long line a part
/// of it with its cut ends marked.
fn shows(source_line: &str, line: &str) -> bool {
    let whole = visible(line);
    if source_line == whole {
        return true;
    }
    let part = source_line.strip_prefix('…').unwrap_or(source_line);
    let part = part.strip_suffix('…').unwrap_or(part);
    line.chars().count() > 200 && part.chars().count() <= 200 && whole.contains(part)
}

/// Compares what the loader says about `path` with `expected`; returns the mismatches.
fn mismatches(path: &Path, expected: &[Expected]) -> Vec<String> {
    let shown = path.display().to_string();
    let diagnostics = match agenda::load_file(path) {
        Ok(_) => return vec!["was accepted as a valid agenda".into()],
        Err(d) => d.listed,
    };
    let got: Vec<(usize, usize)> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
    let want: Vec<(usize, usize)> = expected.iter().map(|&(l, c, _)| (l, c)).collect();
    let all = || {
        diagnostics
            .iter()
            .map(|d| format!("\n    {}:{}: {}", d.line, d.column, d.message))
            .collect::<String>()
    };
    if got != want {
        return vec![format!(
            "positions {got:?}, expected {want:?}; it said:{}",
            all()
        )];
    }
    let text = std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned());
    let text = text.unwrap_or_default();
    let lines = lines_of(&text);
    let mut out = Vec::new();
    for (d, &(line, column, part)) in diagnostics.iter().zip(expected) {
        if !d.message.contains(part) {
            out.push(format!(
                "{line}:{column}: message {:?} lacks {part:?}",
                d.message
            ));
        }
        if d.path != shown {
            out.push(format!("{line}:{column}: names the file {:?}", d.path));
        }
        // The offending line is shown verbatim (control characters made visible), or
        // of a long line the part around the column; only a problem of the whole
        // file, at 1:1, may show none.
        let source = lines.get(line - 1).copied().unwrap_or_default();
        let whole_file = (line, column) == (1, 1) && d.source_line.is_empty();
        if !shows(&d.source_line, source) && !whole_file {
            out.push(format!(
                "{line}:{column}: shows {:?}, the line is {source:?}",
                d.source_line
            ));
        }
    }
    out
}

#[test]
fn every_file_of_the_corpus_has_a_row_and_every_row_a_file() {
    let files: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/agendas/bad exists")
        .map(|e| e.expect("readable folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let rows: Vec<&str> = CORPUS.iter().map(|(name, _)| *name).collect();
    let unique: BTreeSet<String> = rows.iter().map(|s| s.to_string()).collect();
    assert_eq!(rows.len(), unique.len(), "a file has two rows in CORPUS");
    let no_row: Vec<_> = files.difference(&unique).collect();
    let no_file: Vec<_> = unique.difference(&files).collect();
    assert!(
        no_row.is_empty() && no_file.is_empty(),
        "files without a row in CORPUS: {no_row:?}; rows without a file: {no_file:?}"
    );
    assert!(files.len() >= 30, "only {} bad agendas", files.len());
    for (name, expected) in CORPUS {
        assert!(!expected.is_empty(), "{name}: a bad agenda needs an error");
    }
}

#[test]
fn every_bad_agenda_reports_exactly_its_errors() {
    let mut failures = String::new();
    for (name, expected) in CORPUS {
        for m in mismatches(&corpus_file(name), expected) {
            failures.push_str(&format!("\n{name}.toml: {m}"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Files that are bad at the byte level, generated rather than committed.
fn byte_level_cases() -> Vec<(&'static str, Vec<u8>, &'static [Expected])> {
    let latin1 = VALID
        .replace("Raúl Echeberría", "Ra\u{0}l Echeberr\u{1}a")
        .into_bytes()
        .into_iter()
        .map(|b| match b {
            0 => 0xFA, // ú in Latin-1
            1 => 0xED, // í in Latin-1
            b => b,
        })
        .collect();
    let mut big = VALID.as_bytes().to_vec();
    let padding = "# this comment only makes the file large\n";
    while big.len() as u64 <= agenda::MAX_FILE_SIZE {
        big.extend_from_slice(padding.as_bytes());
    }
    let nul = VALID
        .replace("name = \"Raúl Echeberría\"", "name = \"Ra\0ul Echeberria\"")
        .into_bytes();
    vec![
        (
            "latin-1",
            latin1,
            &[(
                28,
                11,
                "the file is not UTF-8 text (invalid byte 0xFA); save it as UTF-8",
            )],
        ),
        (
            "over-1-mib",
            big,
            &[(1, 1, "bytes; an agenda may be at most 1 MiB")],
        ),
        (
            "nul-byte",
            nul,
            &[(28, 11, "invalid TOML: invalid basic string")],
        ),
    ]
}

#[test]
fn the_valid_base_agenda_is_valid() {
    let a: Agenda = agenda::parse_str("valid.toml", VALID).expect("VALID parses");
    assert_eq!(a.items.len(), 2);
    assert_eq!(a.participants.len(), 3);
}

#[test]
fn byte_level_bad_files_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = String::new();
    for (name, bytes, expected) in byte_level_cases() {
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, &bytes).unwrap();
        for m in mismatches(&path, expected) {
            failures.push_str(&format!("\n{name}.toml: {m}"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Runs `agendum check` on `files` from an empty folder with an empty home, and checks
/// that nothing at all was written there.
fn check_command(files: &[PathBuf]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_agendum"))
        .arg("check")
        .args(files)
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("agendum runs");
    let left: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "agendum check wrote {left:?}");
    out
}

/// The three lines of a diagnostic as printed: where and what, the line, the caret.
fn printed(path: &Path, line: usize, column: usize, message: &str, source: &str) -> String {
    let gutter = line.to_string();
    format!(
        "{}:{line}:{column}: {message}\n {gutter} | {source}\n {} | {}^\n",
        path.display(),
        " ".repeat(gutter.len()),
        " ".repeat(column - 1)
    )
}

#[test]
fn the_binary_prints_every_diagnostic_with_its_line_and_exits_2() {
    let file = corpus_file("unknown-key-meeting");
    let out = check_command(std::slice::from_ref(&file));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
    for expected in [
        printed(
            &file,
            5,
            1,
            "unknown key `duraton` in [meeting] (did you mean `duration`?)",
            "duraton = \"60m\"",
        ),
        format!("{}:6:1: unknown key `chair` in [meeting]; ", file.display()),
        "\n 6 | chair = \"Titti\"\n   | ^\n".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected:?} not in:\n{stderr}");
    }
    assert!(stderr.ends_with("1 file has errors\n"), "{stderr}");

    // The caret counts characters: it stands under the `{`, after an accent.
    let file = corpus_file("unknown-placeholder");
    let out = check_command(std::slice::from_ref(&file));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    let line = "opening = \"Réunion: {chair} opened the meeting.\"";
    let message = "`opening`: unknown placeholder {chair}; known ones are";
    let expected = printed(&file, 8, 21, message, line);
    let (head, tail) = expected.split_once("; known ones are\n").unwrap();
    assert!(stderr.contains(head), "{head:?} not in:\n{stderr}");
    assert!(stderr.contains(tail), "{tail:?} not in:\n{stderr}");
    let caret_line = tail.lines().nth(1).unwrap();
    let caret = caret_line.chars().position(|c| c == '^').unwrap();
    let shown = tail.lines().next().unwrap();
    assert_eq!(shown.chars().nth(caret), Some('{'));
}

#[test]
fn the_binary_never_prints_raw_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nul-byte.toml");
    let (_, bytes, _) = byte_level_cases()
        .into_iter()
        .find(|(n, _, _)| *n == "nul-byte")
        .unwrap();
    std::fs::write(&file, bytes).unwrap();
    let control = corpus_file("control-character");
    let out = check_command(&[file.clone(), control.clone()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "raw control character in:\n{stderr:?}"
    );
    assert!(stderr.contains(&format!("{}:28:11: invalid TOML", file.display())));
    assert!(stderr.contains(" 28 | name = \"Ra\\u{0}ul Echeberria\"\n"));
    assert!(stderr.contains(&format!(
        "{}:7:8: `name` contains the control character U+001B",
        control.display()
    )));
}

#[test]
fn checking_several_files_reports_the_errors_of_each() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, VALID).unwrap();
    let bad = ["bad-timezone", "syntax-duplicate-key", "empty-title"].map(corpus_file);

    let out = check_command(&bad);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    for needle in [
        format!("{}:5:12: `timezone`", bad[0].display()),
        format!("{}:5:1: invalid TOML: duplicate key", bad[1].display()),
        format!("{}:7:9: `title` must not be empty", bad[2].display()),
        format!("{}:10:11: `title` must not be empty", bad[2].display()),
    ] {
        assert!(stderr.contains(&needle), "{needle:?} not in:\n{stderr}");
    }
    assert!(stderr.ends_with("3 files have errors\n"), "{stderr}");

    // A good file among them is summarised on stdout; the bad ones still fail.
    let out = check_command(&[bad[0].clone(), good.clone(), bad[2].clone()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with(&format!("{}: WG-Strategy", good.display())));
    assert!(!stderr.contains("good.toml"), "{stderr}");
    assert!(stderr.contains(&bad[0].display().to_string()));
    assert!(stderr.contains(&bad[2].display().to_string()));
    assert!(stderr.ends_with("2 files have errors\n"), "{stderr}");
}

// ---------------------------------------------------------------------------------
// Line endings: an error is where an editor shows it, however the file ends its lines.

/// `text` with every LF line ending replaced by `ending`.
fn with_endings(text: &str, ending: &str) -> String {
    text.replace('\n', ending)
}

/// Writes `text` to `name` in `dir` and loads it.
fn load_text(dir: &Path, name: &str, text: &str) -> (PathBuf, Result<Agenda, Diagnostics>) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let result = agenda::load_file(&path);
    (path, result)
}

#[test]
fn every_bad_agenda_saved_with_crlf_line_endings_reports_the_same_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = String::new();
    for (name, expected) in CORPUS {
        let text = std::fs::read_to_string(corpus_file(name)).unwrap();
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, with_endings(&text, "\r\n")).unwrap();
        for m in mismatches(&path, expected) {
            failures.push_str(&format!("\n{name}.toml with CRLF: {m}"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// TOML ends lines in LF or CRLF: each CR alone is an error, at the end of the line it
/// ends, which is shown alone.
#[test]
fn a_cr_alone_is_an_error_at_the_end_of_the_line_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let lf_lines = lines_of(VALID);
    let lines = lf_lines.len() - 1;
    assert!(lines < LISTED, "VALID has grown past a screenful of errors");

    // CR alone throughout: one error per line, each where its line ends.
    let (path, result) = load_text(dir.path(), "cr.toml", &with_endings(VALID, "\r"));
    let d = result.expect_err("a CR-only agenda is not TOML");
    assert_eq!(d.unlisted, 0);
    let got: Vec<(usize, usize, &str)> = d
        .listed
        .iter()
        .map(|d| (d.line, d.column, d.source_line.as_str()))
        .collect();
    let want: Vec<(usize, usize, &str)> = lf_lines[..lines]
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.chars().count() + 1, *l))
        .collect();
    assert_eq!(got, want);
    for d in &d.listed {
        assert!(d.message.contains("carriage return (CR) alone"), "{d}");
        assert_eq!(d.path, path.display().to_string());
    }

    // Mixed: LF, CRLF and two CRs alone; only the two are errors, at their lines.
    let mut text = String::new();
    for (i, line) in lf_lines[..lines].iter().enumerate() {
        let ending = match i + 1 {
            5 | 21 => "\r",
            n if n % 3 == 0 => "\r\n",
            _ => "\n",
        };
        text.push_str(line);
        text.push_str(ending);
    }
    let (_, result) = load_text(dir.path(), "mixed.toml", &text);
    let d = result.expect_err("CRs alone are not TOML");
    let got: Vec<(usize, usize, &str)> = d
        .listed
        .iter()
        .map(|d| (d.line, d.column, d.source_line.as_str()))
        .collect();
    let at = |n: usize| (n, lf_lines[n - 1].chars().count() + 1, lf_lines[n - 1]);
    assert_eq!(got, [at(5), at(21)]);

    // Schema errors after lines ended every way are at their lines too.
    let mut text = with_endings(VALID, "\r\n").replacen("\r\n", "\n", 7);
    text = text.replace("timebox = \"10m\"", "timebx = \"10m\"");
    let (_, result) = load_text(dir.path(), "schema.toml", &text);
    let d = result.expect_err("an unknown key");
    let line = lf_lines
        .iter()
        .position(|l| l.contains("timebox = \"10m\""))
        .unwrap();
    assert_eq!((d.listed[0].line, d.listed[0].column), (line + 1, 3), "{d}");
    assert_eq!(d.listed[0].source_line, "  timebx = \"10m\"");
}

// ---------------------------------------------------------------------------------
// Bounds: however bad a file, `check` prints a bounded report, each error once.

/// Runs `agendum check` on one file of `text`; its exit status, and stdout and stderr
/// together.
fn check_text(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = check_command(&[path]);
    let mut printed = String::from_utf8(out.stdout).unwrap();
    printed.push_str(&String::from_utf8(out.stderr).unwrap());
    (out.status.code(), printed)
}

/// The last line of a report of `total` errors when only the first are listed.
fn more_line(name: &str, total: usize) -> String {
    format!(
        "{name}: … and {} more errors ({total} in all)\n",
        total - LISTED
    )
}

#[test]
fn a_large_cr_only_agenda_with_many_errors_prints_a_bounded_report() {
    let mut text = String::from("[meeting]\ngroup = \"G\"\ndate = 2024-06-03\nstart = \"09:30\"\n");
    while text.len() < 200_000 {
        text.push_str("[[items]]\ntitle = \"An item of the agenda\"\ntimebx = \"5m\"\n");
    }
    let text = with_endings(&text, "\r");
    let lines = text.matches('\r').count();
    let (status, printed) = check_text("cr.toml", &text);
    assert_eq!(status, Some(2));
    assert!(printed.len() < 64 * 1024, "{} bytes printed", printed.len());
    assert!(printed.contains("cr.toml:1:10: invalid TOML: this line ends in a carriage return"));
    assert!(
        printed.contains("\n 1 | [meeting]\n   |          ^\n"),
        "{printed}"
    );
    assert!(printed.lines().all(|l| l.chars().count() < 300));
    let last = format!(
        "{}agendum: 1 file has errors\n",
        more_line("cr.toml", lines)
    );
    assert!(printed.ends_with(&last), "{printed}");
}

#[test]
fn fifty_thousand_unknown_keys_are_counted_and_the_first_listed() {
    let keys = 50_000;
    let text = VALID.replace(
        "[settings]\nspeaker_limit = \"3m\"\n",
        &format!(
            "[settings]\nspeaker_limit = \"3m\"\n{}",
            (0..keys)
                .map(|i| format!("key{i} = 1\n"))
                .collect::<String>()
        ),
    );
    let first = lines_of(&text)
        .iter()
        .position(|l| *l == "key0 = 1")
        .unwrap()
        + 1;

    let dir = tempfile::tempdir().unwrap();
    let (_, result) = load_text(dir.path(), "keys.toml", &text);
    let d = result.expect_err("unknown keys");
    assert_eq!((d.listed.len(), d.total()), (LISTED, keys));
    for (i, d) in d.listed.iter().enumerate() {
        assert_eq!((d.line, d.column), (first + i, 1));
        assert_eq!(d.source_line, format!("key{i} = 1"));
        assert!(
            d.message
                .starts_with(&format!("unknown key `key{i}` in [settings]"))
        );
    }

    let (status, printed) = check_text("keys.toml", &text);
    assert_eq!(status, Some(2));
    assert!(printed.len() < 16 * 1024, "{} bytes printed", printed.len());
    assert_eq!(printed.lines().count(), 3 * LISTED + 2);
    assert!(printed.ends_with(&format!(
        "{}agendum: 1 file has errors\n",
        more_line("keys.toml", keys)
    )));
}

/// A file of one line holding a hundred thousand errors: each is shown with the part
/// of the line around it, never the whole line.
#[test]
fn errors_on_one_huge_line_show_only_the_part_around_each() {
    let keys = 100_000;
    let inline: Vec<String> = (0..keys).map(|i| format!("k{i}=1")).collect();
    let text = VALID.replace(
        "documents = [ { title = \"Proposed activities\", url = \"https://example.org/p\" } ]",
        &format!("documents = [ {{ title = \"T\", {} }} ]", inline.join(",")),
    );
    assert!(text.len() < agenda::MAX_FILE_SIZE as usize);
    let (status, printed) = check_text("line.toml", &text);
    assert_eq!(status, Some(2));
    assert!(printed.len() < 64 * 1024, "{} bytes printed", printed.len());
    assert!(printed.lines().all(|l| l.chars().count() < 300));
    assert!(
        printed.contains("unknown key `k0` in document 1"),
        "{printed}"
    );
    assert!(printed.contains(&more_line("line.toml", keys)));
}

// ---------------------------------------------------------------------------------
// Nesting past TOML's limit is reported where it passes the limit.

#[test]
fn nesting_too_deep_is_reported_where_it_passes_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let base = VALID.replace("speaker_limit = \"3m\"\n", "");
    let cases = [
        (
            "arrays",
            format!("x = {}{}", "[".repeat(200), "]".repeat(200)),
            // The 81st bracket.
            85,
            "arrays and inline tables go at most 80 levels deep",
        ),
        (
            "inline-tables",
            format!("x = {}1{}", "{ a = ".repeat(200), " }".repeat(200)),
            // The 81st brace, after 80 of "{ a = ".
            5 + 80 * 6,
            "arrays and inline tables go at most 80 levels deep",
        ),
        (
            "dotted-key",
            format!("x{} = 1", ".a".repeat(200)),
            // The 81st part.
            1 + 80 * 2,
            "a dotted key has at most 80 parts",
        ),
        (
            "spaced-quoted-key",
            format!("x{} = 1", " . \"a.b\"".repeat(200)),
            // The 81st part, its opening quote after 79 of ` . "a.b"`.
            5 + 79 * 8,
            "a dotted key has at most 80 parts",
        ),
    ];
    for (name, line, column, message) in cases {
        let text = base.replace("[settings]\n", &format!("[settings]\n{line}\n"));
        let at = lines_of(&text).iter().position(|l| *l == line).unwrap() + 1;
        let (path, _) = load_text(dir.path(), &format!("{name}.toml"), &text);
        let expected: &[Expected] = &[(at, column, message)];
        let failures = mismatches(&path, expected);
        assert!(failures.is_empty(), "{name}: {failures:?}");
    }

    // A table header of too many parts, and two keys of too many: each at its place.
    let header = format!("[settings{}]", ".a".repeat(100));
    let key = format!("y{} = 2", ".b".repeat(90));
    let text = base.replace(
        "[settings]\n",
        &format!("[settings]\n{key}\n{key}\n{header}\n"),
    );
    let at = lines_of(&text).iter().position(|l| *l == key).unwrap() + 1;
    let (path, _) = load_text(dir.path(), "headers.toml", &text);
    let part = "a dotted key has at most 80 parts";
    let expected: &[Expected] = &[(at, 161, part), (at + 1, 161, part), (at + 2, 169, part)];
    let failures = mismatches(&path, expected);
    assert!(failures.is_empty(), "{failures:?}");

    // At the limit itself, nothing is too deep.
    let text = base.replace(
        "[settings]\n",
        &format!(
            "[settings]\nx = {}{}\ny{} = 1\n",
            "[".repeat(80),
            "]".repeat(80),
            ".a".repeat(79)
        ),
    );
    let (path, _) = load_text(dir.path(), "at-limit.toml", &text);
    let d = agenda::load_file(&path).expect_err("x and y are no [settings]");
    assert!(
        d.listed
            .iter()
            .all(|d| d.message.starts_with("unknown key")),
        "{d}"
    );
}

// ---------------------------------------------------------------------------------
// The agenda's limits on items and participants.

/// VALID with `items` more items, each with `subs` sub-items, and `people` more
/// participants; and the line of every `[[items]]`, `[[items.subitems]]` and
/// `[[participants]]` header, in order.
fn large(items: usize, subs: usize, people: usize) -> (String, Vec<usize>, Vec<usize>) {
    let mut text = VALID.to_string();
    for i in 0..people {
        text.push_str(&format!("\n[[participants]]\nname = \"Person {i}\"\n"));
    }
    for i in 0..items {
        text.push_str(&format!("\n[[items]]\ntitle = \"Item {i}\"\n"));
        for s in 0..subs {
            text.push_str(&format!("  [[items.subitems]]\n  title = \"Point {s}\"\n"));
        }
    }
    let lines = lines_of(&text);
    let at = |header: &str| -> Vec<usize> {
        (0..lines.len())
            .filter(|&i| lines[i].trim() == header)
            .map(|i| i + 1)
            .collect()
    };
    let points = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.trim(), "[[items]]" | "[[items.subitems]]"))
        .map(|(i, _)| i + 1)
        .collect();
    let people = at("[[participants]]");
    (text, points, people)
}

#[test]
fn an_agenda_over_its_limits_is_refused_at_the_entry_that_passes_them() {
    let dir = tempfile::tempdir().unwrap();
    // VALID has 2 items and 1 sub-item, and 3 participants.
    let (max_items, max_people) = (agenda::MAX_ITEMS, agenda::MAX_PARTICIPANTS);
    assert_eq!((max_items, max_people), (500, 2000));

    // Exactly at the limits: accepted.
    let (text, _, _) = large(max_items - 3, 0, max_people - 3);
    let (_, result) = load_text(dir.path(), "full.toml", &text);
    let a = result.expect("an agenda at its limits is valid");
    assert_eq!(a.points().len(), max_items);
    assert_eq!(a.participants.len(), max_people);

    let items_message = "too many items: an agenda holds at most 500 items and sub-items \
                         together, and this is the 501st";
    let people_message = "too many participants: an agenda lists at most 2000, and this is \
                          the 2001st";
    // One item too many, and many more after it: told once, at the 501st.
    let (text, points, _) = large(max_items, 0, 0);
    let (path, _) = load_text(dir.path(), "items.toml", &text);
    let failures = mismatches(&path, &[(points[max_items], 1, items_message)]);
    assert!(failures.is_empty(), "{failures:?}");

    // Sub-items count: the 501st point here is a sub-item, indented.
    let (text, points, _) = large(166, 2, 0);
    let (path, _) = load_text(dir.path(), "subitems.toml", &text);
    let failures = mismatches(&path, &[(points[max_items], 3, items_message)]);
    assert!(failures.is_empty(), "{failures:?}");

    let (text, _, people) = large(0, 0, max_people);
    let (path, _) = load_text(dir.path(), "people.toml", &text);
    let failures = mismatches(&path, &[(people[max_people], 1, people_message)]);
    assert!(failures.is_empty(), "{failures:?}");

    // `check` says the same, with the place.
    let (status, printed) = check_text("people.toml", &text);
    assert_eq!(status, Some(2));
    assert!(printed.contains(&format!(
        "people.toml:{}:1: {people_message}\n",
        people[max_people]
    )));

    // Every notetaker is looked for among the participants: no more of them either.
    let list = vec!["\"Chris\""; max_people + 1].join(", ");
    let text = VALID.replace(
        "notetakers = [\"Chris\"]",
        &format!("notetakers = [{list}]"),
    );
    let (path, _) = load_text(dir.path(), "notetakers.toml", &text);
    let line = lines_of(&text)
        .iter()
        .position(|l| l.starts_with("notetakers"))
        .unwrap();
    let column = "notetakers = [".len() + max_people * "\"Chris\", ".len() + 1;
    let message = "too many notetakers: `notetakers` names at most 2000, as many as an \
                   agenda's participants, and this is the 2001st";
    let failures = mismatches(&path, &[(line + 1, column, message)]);
    assert!(failures.is_empty(), "{failures:?}");
}

/// Names of nobody on a long roster: the listed ones come with the names like them
/// (the first in the file, whatever order they are read in), and every one is counted.
#[test]
fn every_name_of_nobody_is_counted_and_the_listed_ones_get_suggestions() {
    let (text, _, _) = large(0, 0, 20);
    let mut text = text.replace("notetakers = [\"Chris\"]", "notetakers = [\"Person 3x\"]");
    // [meeting] last in the file, though it is read before the items.
    let meeting_end = text.find("\n[settings]").unwrap();
    let meeting = text[..meeting_end].to_string();
    text = text[meeting_end..].to_string();
    for i in 0..LISTED + 10 {
        text.push_str(&format!(
            "\n[[items]]\ntitle = \"T{i}\"\nlead = \"Persn {i}\"\n"
        ));
    }
    text.push('\n');
    text.push_str(&meeting);
    let dir = tempfile::tempdir().unwrap();
    let (_, result) = load_text(dir.path(), "names.toml", &text);
    let d = result.expect_err("unknown leads");
    assert_eq!(d.total(), LISTED + 11);
    for (i, d) in d.listed.iter().enumerate() {
        assert!(
            d.message.starts_with(&format!(
                "`lead`: unknown participant \"Persn {i}\" (did you mean"
            )),
            "{}",
            d.message
        );
    }
}

// ---------------------------------------------------------------------------------
// Property test: arbitrary input never panics, and diagnostics point at real lines.

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 256,
        // Nothing written into the repository.
        failure_persistence: None,
        ..Config::default()
    })
}

/// The loader's verdict on `bytes` must be an agenda or at least one diagnostic, each
/// at a line and column that exist in the input.
fn well_located(
    bytes: &[u8],
    shown: &str,
    result: &Result<Agenda, Diagnostics>,
) -> Result<(), TestCaseError> {
    let Err(Diagnostics {
        listed: diagnostics,
        unlisted,
    }) = result
    else {
        return Ok(());
    };
    prop_assert!(
        diagnostics.len() == LISTED || *unlisted == 0,
        "{} listed, {unlisted} more",
        diagnostics.len()
    );
    prop_assert!(!diagnostics.is_empty(), "refused without a diagnostic");
    let at: Vec<(usize, usize)> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
    prop_assert!(at.is_sorted(), "not in the order of the file: {:?}", at);
    let text = String::from_utf8_lossy(bytes);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let lines = lines_of(&text);
    for d in diagnostics {
        prop_assert_eq!(&d.path, shown);
        prop_assert!(d.line >= 1 && d.column >= 1, "{}:{}", d.line, d.column);
        prop_assert!(
            d.line <= lines.len(),
            "line {} of {}: {}",
            d.line,
            lines.len(),
            d.message
        );
        let line = lines[d.line - 1];
        prop_assert!(
            d.column <= line.chars().count() + 1,
            "column {} of {:?}: {}",
            d.column,
            line,
            d.message
        );
        if utf8 && !d.source_line.is_empty() {
            prop_assert!(
                shows(&d.source_line, line),
                "{:?} is not {:?}",
                d.source_line,
                line
            );
        }
        prop_assert!(!d.message.trim().is_empty());
    }
    Ok(())
}

#[test]
fn arbitrary_text_never_panics_and_is_well_located() {
    let text = prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        // Mostly TOML's own punctuation and the agenda's keys, to get past the parser.
        proptest::collection::vec(
            prop_oneof![
                Just("[meeting]\n"),
                Just("[[items]]\n"),
                Just("[[participants]]\n"),
                Just("[[items.subitems]]\n"),
                Just("[report]\n"),
                Just("[[days]]\n"),
                Just("title = "),
                Just("group = "),
                Just("date = "),
                Just("start = "),
                Just("name = "),
                Just("short = "),
                Just("lead = "),
                Just("intro = "),
                Just("timebox = "),
                Just("day = "),
                Just("\"Chris\"\n"),
                Just("\"14:00\"\n"),
                Just("\"5m\"\n"),
                Just("2023-02-16\n"),
                Just("\"{dates} é\"\n"),
                Just("\"\\u202E\"\n"),
                Just("\"\"\"\n"),
                Just("'"),
                Just("\""),
                Just("="),
                Just("\n"),
                Just("\r\n"),
                Just("\u{FEFF}"),
                Just("é"),
                Just("{ title = \"x\" }"),
            ],
            0..40
        )
        .prop_map(|parts| parts.concat()),
    ];
    runner()
        .run(&text, |s| {
            let result = agenda::parse_str("fuzz.toml", &s);
            well_located(s.as_bytes(), "fuzz.toml", &result)
        })
        .unwrap();
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    Insert(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (
            any::<Index>(),
            prop::sample::select(vec![
                "\"", "'", "[", "]]", "=", "\n", "\r", "#", "{", "}", "\0", "\u{1b}", "\u{202E}",
                "\\u001B", "\u{FEFF}", "é", "\u{FFFD}",
            ])
        )
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn line_spans(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            spans.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push(start..bytes.len());
    }
    spans
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match m {
        Mutation::FlipBit(i, bit) => {
            let at = i.index(bytes.len());
            bytes[at] ^= 1 << bit;
        }
        Mutation::SetByte(i, b) => {
            let at = i.index(bytes.len());
            bytes[at] = *b;
        }
        Mutation::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        Mutation::DeleteLine(i) => {
            let lines = line_spans(bytes);
            bytes.drain(lines[i.index(lines.len())].clone());
        }
        Mutation::DuplicateLine(i) => {
            let lines = line_spans(bytes);
            let line = lines[i.index(lines.len())].clone();
            let copy = bytes[line.clone()].to_vec();
            bytes.splice(line.start..line.start, copy);
        }
        Mutation::Insert(i, s) => {
            let at = i.index(bytes.len() + 1);
            bytes.splice(at..at, s.bytes());
        }
    }
}

#[test]
fn mutated_agendas_never_panic_and_are_well_located() {
    // `parse_bytes` is not exported, so bytes go through a file and `load_file`.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mutant.toml");
    let shown = path.display().to_string();
    let mutations = proptest::collection::vec(mutation(), 1..6);
    runner()
        .run(&mutations, |ms| {
            let mut bytes = VALID.as_bytes().to_vec();
            for m in &ms {
                apply(&mut bytes, m);
            }
            std::fs::write(&path, &bytes).unwrap();
            let result = agenda::load_file(&path);
            well_located(&bytes, &shown, &result)?;
            // Text that is UTF-8 gets the same verdict from the in-memory parser.
            if let Ok(text) = std::str::from_utf8(&bytes) {
                prop_assert_eq!(&agenda::parse_str(&shown, text), &result);
            }
            Ok(())
        })
        .unwrap();
}
