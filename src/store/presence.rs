//! Who is taking notes on which item: each notetaker's view keeps a small file in the
//! meeting folder's `notetakers/`, renewed every few seconds and removed on leaving,
//! so the moderator's agenda can show where others are writing. A file not renewed
//! for a while belongs to a view that is gone.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

pub const DIR: &str = "notetakers";

/// How often a view renews its file, and how long one not renewed still counts.
pub const RENEW: TimeDelta = TimeDelta::seconds(10);
const GONE_AFTER: TimeDelta = TimeDelta::seconds(30);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub who: String,
    /// The item shown, from 1.
    pub item: usize,
    pub seen: DateTime<Utc>,
}

impl Presence {
    pub fn text(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// Where a view's file is.
pub fn path(folder: &Path, who: &str) -> PathBuf {
    let name: String = who
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "@.-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    folder
        .join(DIR)
        .join(format!("{name}-{}.toml", std::process::id()))
}

/// The notetakers present now: (item from 0, who), in a stable order.
pub fn read(folder: &Path, now: DateTime<Utc>) -> Vec<(usize, String)> {
    let Ok(entries) = fs::read_dir(folder.join(DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, String)> = entries
        .flatten()
        .filter_map(|e| {
            // Never a FIFO or a link: a planted one must not hang or steer the reader.
            let bytes = crate::folder::read_in_folder(&e.path()).ok()??;
            toml::from_str::<Presence>(std::str::from_utf8(&bytes).ok()?).ok()
        })
        .filter(|p| now - p.seen < GONE_AFTER && p.item > 0)
        .map(|p| (p.item - 1, p.who))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_views_are_read_and_gone_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let write = |who: &str, item, seen| {
            let p = path(dir.path(), who);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            let text = Presence {
                who: who.into(),
                item,
                seen,
            }
            .text();
            fs::write(p.with_file_name(format!("{who}.toml")), text).unwrap();
        };
        write("ann@a", 2, now);
        write("bob@b", 1, now - TimeDelta::seconds(60));
        fs::write(dir.path().join(DIR).join("junk.toml"), "not = [").unwrap();
        assert_eq!(read(dir.path(), now), vec![(1, "ann@a".to_string())]);
        assert!(path(dir.path(), "a b/c").ends_with(format!("a_b_c-{}.toml", std::process::id())));
    }
}
