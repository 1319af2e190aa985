//! Per-item notes: the labelled-line extraction and the notes files of a meeting folder.

pub mod extract;
pub mod files;

pub use extract::{Entry, Extracted, Kind, extract};
