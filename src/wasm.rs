//! The whole wasm-bindgen boundary. JavaScript builds a `Checker` once from options and calls
//! `check(text, draft)` on every change; results are plain objects (nothing to `free()`), offsets are
//! UTF-16 code units, and failures are JS `Error`s with a message.
//!
//! The shapes of the options and of what comes back are declared for TypeScript below
//! (`TYPES`, emitted into the glue's `.d.ts`); the extension's JS is type-checked against them.

use crate::export::{export, Unit};
use crate::{Category, Checker as Core, Draft, Lang, Options, Role};
use std::collections::BTreeMap;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Severity = "tip" | "warn" | "stop";
/** "post": about the whole post, shown as a hint, not underlined. */
export type Scope = "span" | "post";
export type Language = "en" | "fi" | "sv";
export type Role = "researcher" | "teacher" | "supervisor" | "communications";
export interface Fix { kind: "replace" | "remove" | "mask"; replacement: string; safe: boolean }
export interface Finding {
  rule: string;
  /** A category id, e.g. "personal-id". */
  category: string;
  severity: Severity;
  scope: Scope;
  /** UTF-16 code units, like DOM offsets (for "post": what prompted it). */
  start: number;
  end: number;
  text: string;
  message: string;
  guideline: { id: string; title: string; url: string };
  fixes: Fix[];
  /** Words that made a learned finding fire; [] for rules. */
  cues: string[];
}
export interface CheckerOptions {
  messages?: Language;
  postLang?: Language;
  role?: Role;
  disabledCategories?: string[];
  disabledRules?: string[];
  /** Categories whose rules stay on whatever disabledCategories and disabledRules say. */
  forcedCategories?: string[];
  minSeverity?: Severity;
  /** A guideline pack (TOML) instead of the built-in one. */
  pack?: string;
  confidentialTerms?: string[];
}
/** What the compose box knows besides the text; the default is a new post, nothing attached. */
export interface Draft { context?: "post" | "reply" | "comment"; attachments?: number; missingAlt?: number; repliedTo?: string }
export interface Guidelines {
  id: string;
  name: string;
  url: string;
  sections: { id: string; title: string; summary: string; url: string }[];
  rules: { id: string; category: string }[];
}
/** What the organisation's pack tells its staff, in the message language: tips by role. */
export interface Help {
  harassed: string;
  contacts: string;
  intranet: { name: string; url: string } | null;
  tips: Record<Role, string[]>;
}
"#;

#[wasm_bindgen]
pub struct Checker {
    core: Core,
    messages: Lang,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    id: String,
    category: &'a str,
}

#[derive(Serialize)]
struct GuidelinesOut<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    sections: Vec<SectionOut<'a>>,
    rules: Vec<RuleOut<'a>>,
}

#[derive(Serialize)]
struct IntranetOut<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct HelpOut<'a> {
    harassed: &'a str,
    contacts: &'a str,
    intranet: Option<IntranetOut<'a>>,
    tips: BTreeMap<Role, Vec<&'a str>>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, js_sys::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| js_sys::Error::new(&e.to_string()))
}

/// Reads an object of `fields` from JS, its default when `undefined` or `null`. Unknown fields
/// are an error here: serde-wasm-bindgen reads only the fields it knows.
fn from_js<T: Default + serde::de::DeserializeOwned>(value: JsValue, what: &str, fields: &[&str]) -> Result<T, js_sys::Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
            if !fields.contains(&key.as_str()) {
                return Err(js_sys::Error::new(&format!("invalid {what}: unknown field `{key}`, expected one of {}", fields.join(", "))));
            }
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_sys::Error::new(&format!("invalid {what}: {e}")))
}

/// Every category id the checker knows, for options that must not name another.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn categories() -> Result<JsValue, js_sys::Error> {
    to_js(&Category::ALL.map(Category::as_str))
}

#[wasm_bindgen]
impl Checker {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "CheckerOptions | undefined")] options: JsValue) -> Result<Checker, js_sys::Error> {
        let options: Options = from_js(options, "options", Options::FIELDS)?;
        let core = Core::new(&options).map_err(|e| js_sys::Error::new(&e.to_string()))?;
        Ok(Checker { core, messages: options.messages })
    }

    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn check(&self, text: &str, #[wasm_bindgen(unchecked_param_type = "Draft | undefined")] draft: JsValue) -> Result<JsValue, js_sys::Error> {
        let draft: Draft = from_js(draft, "draft", Draft::FIELDS)?;
        to_js(&export(text, self.core.check_draft(text, &draft), Unit::Utf16))
    }

    /// The pack's sections and rules in the message language, for the popup.
    #[wasm_bindgen(unchecked_return_type = "Guidelines")]
    pub fn guidelines(&self) -> Result<JsValue, js_sys::Error> {
        let pack = self.core.pack();
        let lang = self.messages;
        to_js(&GuidelinesOut {
            id: pack.id(),
            name: pack.name(lang),
            url: pack.url(),
            sections: pack
                .sections()
                .iter()
                .map(|s| SectionOut { id: &s.id, title: s.title.get(lang), summary: s.summary.get(lang), url: &s.url })
                .collect(),
            rules: pack.rule_ids().map(|(id, category)| RuleOut { id, category: category.as_str() }).collect(),
        })
    }

    /// What the pack tells staff beside its rules, in the message language, for the popup.
    #[wasm_bindgen(unchecked_return_type = "Help")]
    pub fn help(&self) -> Result<JsValue, js_sys::Error> {
        let pack = self.core.pack();
        let (help, lang) = (pack.help(), self.messages);
        to_js(&HelpOut {
            harassed: help.harassed.get(lang),
            contacts: help.contacts.get(lang),
            intranet: help.intranet.as_ref().map(|intranet| IntranetOut { name: intranet.name.get(lang), url: &intranet.url }),
            tips: Role::ALL.into_iter().map(|role| (role, pack.tips(role).map(|tip| tip.get(lang)).collect())).collect(),
        })
    }
}
