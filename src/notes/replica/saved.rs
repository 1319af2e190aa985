//! A replica as data, for a checkpoint of the meeting: its whole oplog in one encoding
//! (read back in one pass instead of a patch at a time), and the versions it keeps by
//! their local numbers, which loading the oplog's own encoding gives back unchanged.

use std::panic::{AssertUnwindSafe, catch_unwind};

use diamond_types::LocalVersion;
use diamond_types::list::OpLog;
use serde::{Deserialize, Serialize};

use super::{PATCH, QUIET, Replica, checked, decode, encode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The oplog's encoding (as a patch of everything), base64.
    oplog: String,
    version: Vec<usize>,
    waiting: Vec<String>,
    states: Vec<Vec<usize>>,
    last_patch: Vec<usize>,
}

impl Replica {
    pub fn save(&self) -> Saved {
        Saved {
            oplog: encode(&self.oplog.encode(PATCH)),
            version: self.version.to_vec(),
            waiting: self.waiting.iter().map(|w| encode(w)).collect(),
            states: self.states.iter().map(|v| v.to_vec()).collect(),
            last_patch: self.last_patch.to_vec(),
        }
    }

    /// The replica `saved` holds; one whose oplog cannot be read (or trips the
    /// decoder), or whose versions name operations it does not have, is refused.
    pub fn load(saved: &Saved) -> Result<Replica, String> {
        let bytes = decode(&saved.oplog)?;
        QUIET.with(|q| q.set(true));
        let loaded = catch_unwind(AssertUnwindSafe(|| {
            let mut oplog = OpLog::new();
            oplog
                .decode_and_add(checked::without_checksum(&bytes))
                .map(|_| oplog)
        }));
        QUIET.with(|q| q.set(false));
        let oplog = match loaded {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => return Err(format!("a replica that cannot be read ({e:?})")),
            Err(_) => return Err("a replica that cannot be read".into()),
        };
        let len = oplog.len();
        let version = |v: &[usize]| -> Result<LocalVersion, String> {
            if v.iter().all(|&t| t < len) && v.is_sorted() {
                Ok(v.iter().copied().collect())
            } else {
                Err("a replica's version names operations it does not have".into())
            }
        };
        let waiting = saved
            .waiting
            .iter()
            .map(|w| decode(w))
            .collect::<Result<_, _>>()?;
        Ok(Replica {
            version: version(&saved.version)?,
            waiting,
            states: saved
                .states
                .iter()
                .map(|v| version(v))
                .collect::<Result<_, _>>()?,
            last_patch: version(&saved.last_patch)?,
            oplog,
        })
    }
}
