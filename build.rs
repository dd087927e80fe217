//! Compiles the built-in data when Guidepost is built: the University of Helsinki pack and the
//! people data are decoded from their TOML files by the crate's own code (the files below,
//! included as modules), so a mistake in them fails the build with its file, line and column,
//! and what the checker reads at start-up is the compact binary form of `src/binary.rs`. It also
//! sets the size of the wasm's stack.

use std::path::PathBuf;
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/binary.rs"]
mod binary;
#[allow(dead_code)]
#[path = "src/pack.rs"]
mod pack;
#[allow(dead_code)]
#[path = "src/people_file.rs"]
mod people_file;
#[allow(dead_code)]
#[path = "src/vocab.rs"]
mod vocab;

/// The wasm's stack, where rustc reserves 1 MB: linear memory never shrinks, so the reservation
/// is memory every worker holds. The deepest work (tests/wasm: a pack nested 5,000 arrays deep, a
/// megabyte of text) runs in 64 KB; an overflow traps (the stack is placed first, below the data),
/// which the extension answers like any trap.
const WASM_STACK_BYTES: usize = 256 * 1024;

const PACK: &str = "guidelines/helsinki.toml";
const PEOPLE: &str = "guidelines/people.toml";

fn main() {
    for input in [PACK, PEOPLE, "src/binary.rs", "src/pack.rs", "src/people_file.rs", "src/vocab.rs"] {
        println!("cargo::rerun-if-changed={input}");
    }
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=-zstack-size={WASM_STACK_BYTES}");
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let read = |file: &str| fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let pack = pack::Pack::from_toml(&read(PACK), PACK).unwrap_or_else(|e| panic!("{e}"));
    fs::write(out.join("helsinki.pack"), binary::to_bytes(&pack)).expect("OUT_DIR is writable");
    let people: people_file::PeopleFile = toml::from_str(&read(PEOPLE)).unwrap_or_else(|e| panic!("{PEOPLE}: {e}"));
    fs::write(out.join("people.bin"), binary::to_bytes(&people)).expect("OUT_DIR is writable");
}
