//! Two lists of lines compared for a failure message.

/// The lines where `want` and `got` differ, each marked with its side's label
/// (`"- real:    "`, `"+ agendum: "`).
pub fn differences(want: &[&str], got: &[&str], labels: (&str, &str)) -> String {
    let diff = similar::TextDiff::from_slices(want, got);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Equal => continue,
            similar::ChangeTag::Delete => labels.0,
            similar::ChangeTag::Insert => labels.1,
        };
        out.push_str(sign);
        out.push_str(change.value());
        out.push('\n');
    }
    out
}
