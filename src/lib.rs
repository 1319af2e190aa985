//! agendum: the meeting of a working group as plain data — agenda, speaking queue,
//! timers, attendance and notes — and its summary report as a pure function of it.
//! The terminal front end and the command line sit on top of this library.

pub mod agenda;
pub mod app;
pub mod cli;
pub mod command;
pub mod config;
pub mod cores;
pub mod diagnostic;
pub mod duration;
pub mod folder;
pub mod journal;
pub mod meeting;
pub mod names;
pub mod notes;
pub mod notetaker;
pub mod report;
pub mod said;
pub mod shown;
pub mod store;
pub mod theme;
pub mod ui;
