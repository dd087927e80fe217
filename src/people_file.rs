//! What `guidelines/people.toml` holds (see `people`). The build decodes the file into these
//! types and compiles them (`build.rs`, [`crate::binary`]), so a mistake in it fails the build
//! with its line and column, and the checker reads the compiled form.

use crate::binary::binary_struct;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeopleFile {
    pub names: Names,
    pub titles: ByLang,
    pub relations: ByLang,
    pub sensitive: BTreeMap<String, ByLang>,
    pub tone: BTreeMap<String, ByLang>,
    #[serde(rename = "self")]
    pub myself: ByLang,
    pub address: ByLang,
    pub pronouns: ByLang,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Names {
    pub first: Vec<String>,
    pub surnames: Vec<String>,
    pub ambiguous: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ByLang {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub fi: Vec<String>,
    #[serde(default)]
    pub sv: Vec<String>,
}

binary_struct!(PeopleFile { names, titles, relations, sensitive, tone, myself, address, pronouns });
binary_struct!(Names { first, surnames, ambiguous });
binary_struct!(ByLang { en, fi, sv });
