//! The moderator's application, apart from any terminal: keys resolve through one
//! keymap to actions, actions update the state, and the screen only reads it.

pub mod keymap;

pub use keymap::{Action, Key};
