//! Per-item notes: the labelled-line extraction, the notes files of a meeting folder,
//! and merging what two writers made of one file.

pub mod extract;
pub mod files;
pub mod lineage;
pub mod merge;
pub mod replica;
pub mod shared;

pub use extract::{Entry, Extracted, Kind, extract};
