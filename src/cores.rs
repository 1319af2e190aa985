//! Work shared between the two cores a chair's laptop has at least: reading a long
//! meeting and writing its report are waited for.

use std::thread::ScopedJoinHandle;

/// `there` run on another thread while `here` runs on this one: both results. A panic
/// on the other thread goes on here.
pub fn beside<A: Send, B>(there: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|s| {
        let other = s.spawn(there);
        let ours = here();
        (joined(other), ours)
    })
}

/// What a scoped thread gave; its panic goes on in the thread that waited for it.
pub fn joined<T>(thread: ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
