use std::path::Path;

use agendum::cli::Global;

use super::Failure;

pub fn run(_meeting: &Path, _stdout: bool, _global: &Global) -> Result<(), Failure> {
    Err(Failure::runtime("not yet"))
}
