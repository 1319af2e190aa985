use serde::{Deserialize, Serialize};
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    Order,
    Question,
    Reply,
    #[default]
    Topic,
}
