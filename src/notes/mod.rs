//! Per-item notes: how they are read (labelled lines), the notes files of a meeting
//! folder, and the text every writer of them shares.

pub mod extract;
pub mod files;
pub mod markers;
pub mod replica;
pub mod shared;

pub use extract::{Entry, Extracted, Kind, Problem, Reading, extract, extract_entries};
