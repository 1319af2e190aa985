//! The live meeting: plain data changed only by `Meeting::apply`, with time passed in.

pub mod event;
pub mod queue;
