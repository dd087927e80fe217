//! The built-in data in the form the build compiled it into (`build.rs`, [`crate::binary`]): the
//! University of Helsinki pack and the people data, decoded and validated when Guidepost was
//! built, read back here without parsing.

use crate::binary;
use crate::pack::Pack;
use crate::people_file::PeopleFile;

impl Pack {
    /// The built-in University of Helsinki pack (`guidelines/helsinki.toml`).
    pub fn builtin() -> Pack {
        binary::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/helsinki.pack")))
    }
}

/// `guidelines/people.toml`.
pub(crate) fn people() -> PeopleFile {
    binary::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/people.bin")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the checker reads is what the sources say: the compiled pack and people data are
    /// the TOML files decoded, field for field.
    #[test]
    fn the_compiled_data_is_the_source() {
        let source = Pack::from_toml(include_str!("../guidelines/helsinki.toml"), "guidelines/helsinki.toml").unwrap();
        assert_eq!(format!("{:?}", Pack::builtin()), format!("{source:?}"));
        let source: PeopleFile = toml::from_str(include_str!("../guidelines/people.toml")).unwrap();
        assert_eq!(format!("{:?}", people()), format!("{source:?}"));
    }
}
