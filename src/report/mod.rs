//! The meeting's summary report: a pure function of the meeting and a template.

pub mod placeholders;
pub mod words;
