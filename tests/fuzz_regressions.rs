//! Every input a fuzz target once failed on (`fuzz/regressions/<target>/`, where `./build.sh fuzz`
//! puts a crash's input) goes through the same assertions as the fuzz target, on every `cargo test`.

#[path = "../fuzz/invariants/check.rs"]
mod check;
#[path = "../fuzz/invariants/pack.rs"]
mod pack;

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{} holds no inputs", dir.display());
    inputs
}

fn replay(target: &str, holds: fn(&[u8])) {
    for (name, data) in inputs(target) {
        if std::panic::catch_unwind(|| holds(&data)).is_err() {
            panic!("fuzz/regressions/{target}/{name} fails again");
        }
    }
}

#[test]
fn check_regressions_hold() {
    replay("check", check::holds);
}

#[test]
fn pack_regressions_hold() {
    replay("pack", pack::holds);
}
