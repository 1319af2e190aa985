//! Meetings kept as folders (the four real ones among the fixtures), their reports
//! rendered as `agendum report` renders them.

use std::path::Path;

use agendum::{agenda, report, store};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The report of the meeting in `tests/fixtures/meetings/FOLDER`, run on
/// `agendas/AGENDA_FILE`, with the built-in template.
pub fn rendered(agenda_file: &str, folder: &str) -> String {
    rendered_in(
        agenda_file,
        &Path::new(ROOT).join("tests/fixtures/meetings").join(folder),
    )
}

/// The report of the meeting whose folder is `folder`, run on `agendas/AGENDA_FILE`.
pub fn rendered_in(agenda_file: &str, folder: &Path) -> String {
    let agenda = agenda::load_file(&Path::new(ROOT).join("agendas").join(agenda_file))
        .unwrap_or_else(|d| panic!("{agenda_file} does not load:\n{d}"));
    let paths = store::Paths {
        local: folder.join("no local store here"),
        folder: folder.to_path_buf(),
    };
    let loaded = store::read(&paths, agenda).expect("the meeting folder loads");
    report::render(&loaded.meeting)
}
