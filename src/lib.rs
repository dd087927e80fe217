//! Guidepost checks a social media draft against an organisation's social media guidelines.
//!
//! ```
//! use guidepost::{Checker, Options};
//! let checker = Checker::new(&Options::default()).unwrap();
//! let findings = checker.check("My password: hunter22 — don't tell anyone");
//! assert_eq!(findings[0].category, "credentials");
//! ```
//!
//! Text goes in, findings come out; the core knows nothing about the DOM or the terminal. Spans are
//! byte offsets into the checked text; the wasm boundary and the CLI convert them to what their
//! users count in (UTF-16 code units, code points).

mod binary;
mod builtin;
mod checker;
mod finding;
mod fnv;
mod lang;
mod lexicon;
pub mod model;
mod pack;
mod people;
mod people_file;
mod rules;
mod text;
mod vocab;
mod words;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;
pub mod export;

pub use checker::{Checker, Options};
pub use finding::{Finding, Fix, FixKind, GuidelineRef, Span};
pub use pack::{Error, Help, Intranet, Localized, Pack, Section, Tip};
pub use vocab::{Category, Draft, DraftContext, Lang, Role, Scope, Severity};
