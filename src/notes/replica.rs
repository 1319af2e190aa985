//! An item's notes as one text that any number of writers change at once: a list CRDT
//! (diamond-types). Every writer — the moderator's screen, each notetaker's view — holds
//! a replica; an edit becomes a patch of operations that every other replica adds in any
//! order, any number of times, and all of them end with the same text. Nothing anyone
//! typed is lost or doubled, and no two writers ever need to write the same file.
//!
//! The text itself lives beside the replica (the meeting's `notes`), as a `String` the
//! rest of agendum reads; the replica changes it in place as patches come in, and moves
//! cursors (byte offsets) along with it so that someone typing keeps their place.

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};

use base64::Engine;
use diamond_types::list::OpLog;
use diamond_types::list::encoding::EncodeOptions;
use diamond_types::list::operation::{OpKind, Operation};
use diamond_types::{AgentId, LocalVersion};

mod checked;
mod saved;

pub use saved::Saved;

/// Patches carry the text inserted (a receiver has nothing else to take it from), never
/// a snapshot of the whole text, and are not compressed: they are small, and a reader
/// need not trust a decompressor with what it finds on a shared drive.
const PATCH: EncodeOptions = EncodeOptions {
    user_data: None,
    store_start_branch_content: false,
    store_inserted_content: true,
    store_deleted_content: false,
    compress_content: false,
    verbose: false,
};

/// How many earlier versions of the text are remembered as the possible starting point
/// of an edit made outside agendum (an editor that opened the notes file a while ago):
/// with several writers each handing over once a second, a quarter of an hour or more.
const STATES: usize = 4096;

/// How many ever worse guesses at the version a saved file was made from end the search.
const GIVE_UP_AFTER: usize = 32;

/// How long a line diff may take before it settles for a coarser one.
const DIFF_PATIENCE: std::time::Duration = std::time::Duration::from_millis(200);

/// What adding a patch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Added {
    /// The replica learnt operations it did not have (worth keeping in a journal).
    pub new: bool,
    /// The text changed.
    pub changed: bool,
}

#[derive(Clone)]
pub struct Replica {
    oplog: OpLog,
    /// The version the text is at: the whole oplog, once every patch added could apply.
    version: LocalVersion,
    /// Patches that build on operations not seen yet (delivered out of order): added as
    /// soon as what they build on arrives.
    waiting: Vec<Vec<u8>>,
    /// Versions the text has been at, newest last.
    states: VecDeque<LocalVersion>,
    /// The version of the last patch added, on its own.
    last_patch: LocalVersion,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica")
            .field("operations", &self.oplog.len())
            .field("version", &self.version)
            .field("waiting", &self.waiting.len())
            .finish()
    }
}

impl Default for Replica {
    fn default() -> Self {
        Replica::new()
    }
}

impl Replica {
    pub fn new() -> Replica {
        Replica {
            oplog: OpLog::new(),
            version: LocalVersion::new(),
            waiting: Vec::new(),
            states: VecDeque::new(),
            last_patch: LocalVersion::new(),
        }
    }

    /// How many operations the replica holds.
    pub fn len(&self) -> usize {
        self.oplog.len()
    }

    pub fn is_empty(&self) -> bool {
        self.oplog.is_empty()
    }

    /// The version the text is at.
    pub fn version(&self) -> &[usize] {
        &self.version
    }

    /// Patches still waiting for what they build on.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    fn agent(&mut self, writer: &str) -> AgentId {
        self.oplog.get_or_create_agent_id(writer)
    }

    /// `writer` turned the text (`text`, at this replica's version) into `new`: the
    /// patch that says so, or `None` when nothing changed.
    pub fn edit(&mut self, writer: &str, text: &mut String, new: &str) -> Option<Vec<u8>> {
        if text == new {
            return None;
        }
        let ops = operations(text, new);
        let before = self.version.clone();
        let agent = self.agent(writer);
        let last = self.oplog.add_operations_at(agent, &before, &ops);
        self.version = LocalVersion::from_slice(&[last]);
        new.clone_into(text);
        self.remember();
        Some(self.oplog.encode_from(PATCH, &before))
    }

    /// `writer` turned the text as it was at `base` (`base_text`) into `new`, while the
    /// text went on changing here: the edit is made at `base` and merged, so what others
    /// wrote meanwhile stays. Moves `cursors` (byte offsets in `text`) with the merge.
    /// The patch, and the version whose text is exactly `new`.
    pub fn edit_at(
        &mut self,
        writer: &str,
        text: &mut String,
        base: &[usize],
        base_text: &str,
        new: &str,
        cursors: &mut [usize],
    ) -> Option<(Vec<u8>, LocalVersion)> {
        if base_text == new {
            return None;
        }
        let ops = operations(base_text, new);
        let before = self.version.clone();
        let agent = self.agent(writer);
        let last = self.oplog.add_operations_at(agent, base, &ops);
        let own = LocalVersion::from_slice(&[last]);
        self.remember_version(own.clone());
        self.catch_up(text, cursors);
        self.remember();
        let patch = self.oplog.encode_from(PATCH, &before);
        Some((patch, own))
    }

    /// Adds a patch from anyone (this replica's own included: nothing is added twice).
    /// A patch that builds on operations not seen yet waits for them. `text` and
    /// `cursors` follow. A patch that cannot be read, or whose operations do not fit
    /// the text, changes nothing and says why. `careful`: the patch comes from a place
    /// others can write (a shared drive), so the replica is kept to fall back on should
    /// the patch trip the decoder or the merge; a journal of this computer's own need
    /// not pay for that copy.
    pub fn add(
        &mut self,
        patch: &[u8],
        text: &mut String,
        cursors: &mut [usize],
        careful: bool,
    ) -> Result<Added, String> {
        if !careful {
            return self.add_unguarded(patch, text, cursors);
        }
        let (backup, text_backup, cursors_backup) = (self.clone(), text.clone(), cursors.to_vec());
        QUIET.with(|q| q.set(true));
        let result = catch_unwind(AssertUnwindSafe(|| {
            self.add_unguarded(patch, text, cursors)
        }));
        QUIET.with(|q| q.set(false));
        result.unwrap_or_else(|_| {
            *self = backup;
            *text = text_backup;
            cursors.copy_from_slice(&cursors_backup);
            Err("a notes patch whose operations do not fit the notes (left out)".into())
        })
    }

    /// Adds a patch of a journal being replayed, leaving the text as it was until
    /// `settle`: one pass over the text for the whole replay instead of one a patch.
    /// Whether it taught the replica anything.
    pub fn add_unsettled(&mut self, patch: &[u8]) -> Result<bool, String> {
        let len = self.oplog.len();
        match self.decode(patch) {
            Ok(()) => {}
            Err(Refused::Missing) => {
                self.waiting.push(patch.to_vec());
                return Ok(false);
            }
            Err(Refused::Unreadable(why)) => return Err(why),
        }
        self.retry_waiting();
        let tip = self.oplog.local_version();
        self.remember_version(tip);
        Ok(self.oplog.len() > len)
    }

    /// Brings `text` up to every patch added (after `add_unsettled`).
    pub fn settle(&mut self, text: &mut String) {
        self.catch_up(text, &mut []);
    }

    fn retry_waiting(&mut self) {
        loop {
            let before = self.waiting.len();
            let waiting = std::mem::take(&mut self.waiting);
            for w in waiting {
                if let Err(Refused::Missing) = self.decode(&w) {
                    self.waiting.push(w);
                }
            }
            if self.waiting.is_empty() || self.waiting.len() == before {
                break;
            }
        }
    }

    fn add_unguarded(
        &mut self,
        patch: &[u8],
        text: &mut String,
        cursors: &mut [usize],
    ) -> Result<Added, String> {
        let len = self.oplog.len();
        match self.decode(patch) {
            Ok(()) => {}
            Err(Refused::Missing) => {
                if !self.waiting.iter().any(|w| w == patch) {
                    self.waiting.push(patch.to_vec());
                }
                return Ok(Added::default());
            }
            Err(Refused::Unreadable(why)) => return Err(why),
        }
        // Patches that waited for this one may apply now.
        self.retry_waiting();
        let moved = self.version.as_slice() != self.oplog.local_version_ref();
        let old = moved.then(|| text.clone());
        self.catch_up(text, cursors);
        if moved {
            self.remember();
        }
        Ok(Added {
            new: self.oplog.len() > len,
            changed: old.is_some_and(|o| o != *text),
        })
    }

    fn decode(&mut self, patch: &[u8]) -> Result<(), Refused> {
        use diamond_types::list::encoding::encode_tools::ParseError;
        match self.oplog.decode_and_add(checked::without_checksum(patch)) {
            Ok(v) => {
                self.last_patch = v;
                Ok(())
            }
            Err(ParseError::DataMissing | ParseError::BaseVersionUnknown) => Err(Refused::Missing),
            Err(e) => Err(Refused::Unreadable(format!(
                "a notes patch that cannot be read ({e:?})"
            ))),
        }
    }

    /// Brings `text` from this replica's version to the whole oplog.
    fn catch_up(&mut self, text: &mut String, cursors: &mut [usize]) {
        let tip = self.oplog.local_version();
        if tip == self.version {
            return;
        }
        for (_, op) in self.oplog.iter_xf_operations_from(&self.version, &tip) {
            let Some(op) = op else { continue };
            let start = byte_at(text, op.loc.span.start);
            match op.kind {
                OpKind::Ins => {
                    let content = op.content.as_deref().unwrap_or_default();
                    let content: String = if op.loc.fwd {
                        content.to_string()
                    } else {
                        content.chars().rev().collect()
                    };
                    // A cursor at the start of a line, where whole lines arrive, goes
                    // past them (what is typed next comes after what came first); one
                    // inside a line stays before what arrives at it, so a line being
                    // typed is never split.
                    let line_start = start == 0 || text.as_bytes()[start - 1] == b'\n';
                    let whole_lines = content.ends_with('\n');
                    text.insert_str(start, &content);
                    for c in cursors.iter_mut() {
                        if *c > start || (*c == start && line_start && whole_lines) {
                            *c += content.len();
                        }
                    }
                }
                OpKind::Del => {
                    let end = start + byte_at(&text[start..], op.loc.span.end - op.loc.span.start);
                    text.replace_range(start..end, "");
                    for c in cursors.iter_mut() {
                        if *c >= end {
                            *c -= end - start;
                        } else if *c > start {
                            *c = start;
                        }
                    }
                }
            }
        }
        self.version = tip;
    }

    fn remember(&mut self) {
        self.remember_version(self.version.clone());
    }

    /// The text as it was with the last patch added, on its own, is one a notes file
    /// held (an edit made there, taken in).
    pub fn remember_last_patch(&mut self) {
        self.remember_version(self.last_patch.clone());
    }

    fn remember_version(&mut self, version: LocalVersion) {
        if self.states.back() != Some(&version) {
            self.states.push_back(version);
            if self.states.len() > STATES {
                self.states.pop_front();
            }
        }
    }

    /// The text as it was at `version`.
    pub fn text_at(&self, version: &[usize]) -> String {
        self.oplog.checkout(version).content().to_string()
    }

    /// Which earlier version of the text `file` (a whole text saved elsewhere) was most
    /// likely made from. Taking one too old would write again the lines added since,
    /// which the file holds and the notes hold already: first, the fewest such lines.
    /// Then the one the file differs from least, by lines. Of two that differ from it as
    /// much, the older: the newer changed the same lines since, and taking it would take
    /// that change back. `None` when `file` is exactly a version this replica had
    /// (nothing was edited).
    /// Texts are compared as their files hold them (`files::as_file`).
    pub fn base_for(&self, text: &str, file: &str) -> Option<(LocalVersion, String)> {
        use super::files::as_file;
        if as_file(text) == file {
            return None;
        }
        let (now, saved) = (counts(text), counts(file));
        let rank = |t: &str| {
            let had = counts(t);
            let t = &*as_file(t);
            let doubled: usize = saved
                .iter()
                .map(|(l, n)| {
                    let both = (*n).min(now.get(l).copied().unwrap_or(0));
                    both.saturating_sub(had.get(l).copied().unwrap_or(0))
                })
                .sum();
            (doubled, line_distance(t, file))
        };
        let mut best = (rank(text), self.version.clone(), text.to_string());
        let older = self
            .states
            .iter()
            .rev()
            .filter(|v| **v != self.version)
            .cloned()
            .chain(std::iter::once(LocalVersion::new()));
        // Going back from the version the file was made from, each older version lacks
        // more of the lines both have: once the guesses only get worse for a while,
        // the rest of the history need not be read.
        let mut worse = 0;
        for v in older {
            let t = self.text_at(&v);
            if as_file(&t) == file {
                return None;
            }
            let r = rank(&t);
            // The same text at an older version is no better a guess: the newest stays.
            if r < best.0 || (r == best.0 && t != best.2) {
                best = (r, v, t);
                worse = 0;
            } else if r.0 > best.0.0 {
                worse += 1;
                if worse >= GIVE_UP_AFTER {
                    break;
                }
            }
        }
        Some((best.1, best.2))
    }
}

/// Why a patch was not added.
enum Refused {
    /// It builds on operations not seen yet.
    Missing,
    Unreadable(String),
}

/// The byte offset of the `chars`th character of `text` (its length past the end).
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// How many bytes `old` and `new` share at their start and at their end (on character
/// boundaries, never overlapping).
pub fn common(old: &str, new: &str) -> (usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut start = shared_start(o, n);
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let room = o.len().min(n.len()) - start;
    let mut end = shared_end(&o[o.len() - room..], &n[n.len() - room..]);
    while !old.is_char_boundary(o.len() - end) || !new.is_char_boundary(n.len() - end) {
        end -= 1;
    }
    (start, end)
}

/// Compared a block at a time first: a long text's edit is usually a few bytes somewhere
/// in it, and this runs once a second on the whole of it.
const BLOCK: usize = 512;

/// How many bytes `a` and `b` share at their start.
fn shared_start(a: &[u8], b: &[u8]) -> usize {
    let most = a.len().min(b.len());
    let mut same = 0;
    while same + BLOCK <= most && a[same..same + BLOCK] == b[same..same + BLOCK] {
        same += BLOCK;
    }
    same + a[same..most]
        .iter()
        .zip(&b[same..most])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end.
fn shared_end(a: &[u8], b: &[u8]) -> usize {
    let most = a.len().min(b.len());
    let (a, b) = (&a[a.len() - most..], &b[b.len() - most..]);
    let mut same = 0;
    while same + BLOCK <= most
        && a[most - same - BLOCK..most - same] == b[most - same - BLOCK..most - same]
    {
        same += BLOCK;
    }
    same + a[..most - same]
        .iter()
        .rev()
        .zip(b[..most - same].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Replaces `old` (at character `pos` of the text being changed) by `new`, keeping the
/// characters they share at their start and end.
fn replace_chars(old: &str, new: &str, pos: &mut usize, ops: &mut Vec<Operation>) {
    let (start, end) = common(old, new);
    *pos += char_count(&old[..start]);
    let gone = char_count(&old[start..old.len() - end]);
    if gone > 0 {
        ops.push(Operation::new_delete(*pos..*pos + gone));
    }
    let put = &new[start..new.len() - end];
    if !put.is_empty() {
        ops.push(Operation::new_insert(*pos, put));
        *pos += char_count(put);
    }
    *pos += char_count(&old[old.len() - end..]);
}

fn at_line_start(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes()[at - 1] == b'\n'
}

/// The operations that turn `old` into `new`, each at a position in the text as the ones
/// before it left it. Within a line, the characters the two share are kept. Across lines,
/// whole lines are kept or replaced, never a piece of one glued to another: a line
/// someone adds is anchored between lines, so whatever others do to the lines around it
/// meanwhile, it stays a line of its own; and an edit made in two places does not take
/// back and write again what lies between (which someone else may be changing).
fn operations(old: &str, new: &str) -> Vec<Operation> {
    let (mut start, mut end) = common(old, new);
    let mut ops = Vec::new();
    let mut pos = 0;
    let lines =
        old[start..old.len() - end].contains('\n') || new[start..new.len() - end].contains('\n');
    if !lines {
        replace_chars(old, new, &mut pos, &mut ops);
        return ops;
    }
    start = old[..start].rfind('\n').map_or(0, |i| i + 1);
    while end > 0 && !(at_line_start(old, old.len() - end) && at_line_start(new, new.len() - end)) {
        end -= 1;
    }
    // On a line start in both: ASCII, so a character boundary too.
    pos += char_count(&old[..start]);
    let (old_mid, new_mid) = (&old[start..old.len() - end], &new[start..new.len() - end]);
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(DIFF_PATIENCE)
        .diff_lines(old_mid, new_mid);
    let (olds, news) = (diff.old_slices(), diff.new_slices());
    for op in diff.ops() {
        let (gone, put) = (&olds[op.old_range()], &news[op.new_range()]);
        match op.tag() {
            similar::DiffTag::Equal => pos += gone.iter().map(|l| char_count(l)).sum::<usize>(),
            similar::DiffTag::Replace if gone.len() == put.len() => {
                for (g, p) in gone.iter().zip(put) {
                    replace_chars(g, p, &mut pos, &mut ops);
                }
            }
            _ => replace_chars(&gone.concat(), &put.concat(), &mut pos, &mut ops),
        }
    }
    ops
}

/// How many times each line stands in a text.
fn counts(text: &str) -> HashMap<&str, usize> {
    let mut count = HashMap::new();
    for l in text.lines() {
        *count.entry(l).or_default() += 1;
    }
    count
}

/// How many lines one text has that the other has not (counted with repeats).
fn line_distance(a: &str, b: &str) -> usize {
    let mut count: HashMap<&str, isize> = HashMap::new();
    for l in a.lines() {
        *count.entry(l).or_default() += 1;
    }
    for l in b.lines() {
        *count.entry(l).or_default() -= 1;
    }
    count.values().map(|c| c.unsigned_abs()).sum()
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic on this thread is one a replica catches (a patch from elsewhere that
/// tripped the decoder): the panic hook keeps the screen and says nothing.
pub fn panic_is_caught() -> bool {
    QUIET.with(std::cell::Cell::get)
}

/// A patch as it is written in a journal: base64.
pub fn encode(patch: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(patch)
}

/// A patch read from a journal.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|e| format!("a notes patch that is not base64: {e}"))
}

#[cfg(test)]
mod tests;
