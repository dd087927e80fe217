//! `guidepost`: the same checker as the extension, for communications teams and CI.
//!
//! ```text
//! guidepost check [FILE|-]... [--format human|json] [--lang en|fi|sv|auto] [--messages en|fi|sv]
//!                 [--role researcher|teacher|supervisor|communications] [--context post|reply|comment]
//!                 [--replied-to FILE] [--pack FILE] [--fail-on tip|warn|stop]
//! guidepost eval CORPUS.jsonl [--json] [--pack FILE] [--layer all|rules|learned] [--weights FILE]
//! guidepost pack-test PACK.toml
//! guidepost train [--out FILE]
//! ```
//! `--layer` runs only the pack's rules or only the learned layer; `eval` always also prints each
//! layer's scores side by side.
//! `check` exits 0 when nothing at or above `--fail-on` (default `warn`) was found, 1 when
//! something was, and 2 on an error.

use guidepost::eval::{evaluate, parse_corpus, Report};
use guidepost::export::{export, ExportedFinding, Unit};
use guidepost::{Checker, Draft, DraftContext, Options, Role, Scope, Severity};
use lexopt::prelude::*;
use std::io::Read;
use std::process::ExitCode;

/// `print!` and `println!` to standard output, for a command whose output is often cut short
/// (`guidepost eval … | head`): a reader that has gone away ends the command quietly, where
/// `println!` would panic; any other failure to write is an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write;
        if let Err(error) = write!(std::io::stdout(), $($arg)*) {
            output_failed(error);
        }
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write;
        if let Err(error) = writeln!(std::io::stdout(), $($arg)*) {
            output_failed(error);
        }
    }};
}

fn output_failed(error: std::io::Error) -> ! {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("guidepost: writing the output: {error}");
    std::process::exit(2);
}

const USAGE: &str = "usage:
  guidepost check [FILE|-]... [--format human|json] [--lang en|fi|sv|auto] [--messages en|fi|sv]
                  [--role researcher|teacher|supervisor|communications] [--context post|reply|comment]
                  [--replied-to FILE] [--pack FILE] [--fail-on tip|warn|stop]
  guidepost eval CORPUS.jsonl [--json] [--pack FILE] [--layer all|rules|learned] [--weights FILE]
  guidepost pack-test PACK.toml      validate a guideline pack and run its rules' examples
  guidepost train [--out FILE]       retrain the learned layer from tests/corpus (run from the repository)";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("guidepost: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(PartialEq)]
enum Format {
    Human,
    Json,
}

struct Args {
    command: String,
    files: Vec<String>,
    format: Format,
    fail_on: Severity,
    options: Options,
    layer: Layer,
    out: Option<String>,
    /// Weights for the learned layer other than the embedded ones.
    weights: Option<Vec<u8>>,
    /// Where the drafts are written: a new post (the default), a reply or a comment.
    draft: Draft,
}

impl Args {
    /// The checker these arguments ask for, restricted to `layer`.
    fn checker(&self, layer: Layer) -> Result<Checker, String> {
        let mut checker = Checker::new(&layer.options(&self.options)?).map_err(|e| e.to_string())?;
        if let Some(weights) = &self.weights {
            checker.use_weights(weights).map_err(|e| format!("--weights: {e}"))?;
        }
        Ok(checker)
    }
}

/// Which part of the checker runs.
#[derive(Clone, Copy, PartialEq)]
enum Layer {
    All,
    Rules,
    Learned,
}

impl Layer {
    fn name(self) -> &'static str {
        match self {
            Layer::All => "rules + learned",
            Layer::Rules => "rules",
            Layer::Learned => "learned",
        }
    }

    /// `options` restricted to this layer.
    fn options(self, options: &Options) -> Result<Options, String> {
        let mut options = options.clone();
        if self != Layer::All {
            let pack = Checker::new(&options).map_err(|e| e.to_string())?;
            let off = pack.pack().rule_ids().map(|(id, _)| id).filter(|id| id.starts_with("learned-") == (self == Layer::Rules));
            options.disabled_rules.extend(off);
        }
        Ok(options)
    }
}

fn parse_args() -> Result<Args, String> {
    let mut parser = lexopt::Parser::from_env();
    let mut args = Args { command: String::new(), files: Vec::new(), format: Format::Human, fail_on: Severity::Warn, options: Options::default(), layer: Layer::All, out: None, weights: None, draft: Draft::default() };
    let text = |v: std::ffi::OsString| v.into_string().map_err(|_| "arguments must be valid UTF-8".to_string());
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") => {
                args.format = match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}` (expected human or json)")),
                }
            }
            Long("json") => args.format = Format::Json,
            Long("lang") => {
                let value = text(parser.value().map_err(|e| e.to_string())?)?;
                args.options.post_lang = if value == "auto" { None } else { Some(value.parse()?) };
            }
            Long("messages") => args.options.messages = text(parser.value().map_err(|e| e.to_string())?)?.parse()?,
            Long("role") => args.options.role = Some(text(parser.value().map_err(|e| e.to_string())?)?.parse::<Role>()?),
            Long("context") => args.draft.context = text(parser.value().map_err(|e| e.to_string())?)?.parse::<DraftContext>()?,
            Long("replied-to") => {
                let path = text(parser.value().map_err(|e| e.to_string())?)?;
                args.draft.replied_to = Some(std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?);
            }
            Long("pack") => {
                let path = text(parser.value().map_err(|e| e.to_string())?)?;
                let source = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                let pack = guidepost::Pack::from_toml(&source, &path).map_err(|e| e.to_string())?;
                Checker::with_pack(pack, &Options::default()).map_err(|e| e.to_string())?;
                args.options.pack = Some(source);
            }
            Long("fail-on") => {
                args.fail_on = match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                    "tip" => Severity::Tip,
                    "warn" => Severity::Warn,
                    "stop" => Severity::Stop,
                    other => return Err(format!("unknown severity `{other}` (expected tip, warn or stop)")),
                }
            }
            Long("layer") => {
                args.layer = match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                    "all" => Layer::All,
                    "rules" => Layer::Rules,
                    "learned" => Layer::Learned,
                    other => return Err(format!("unknown layer `{other}` (expected all, rules or learned)")),
                }
            }
            Long("out") => args.out = Some(text(parser.value().map_err(|e| e.to_string())?)?),
            Long("weights") => {
                let path = text(parser.value().map_err(|e| e.to_string())?)?;
                args.weights = Some(std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?);
            }
            Short('h') | Long("help") => {
                outln!("{USAGE}");
                std::process::exit(0);
            }
            Value(value) if args.command.is_empty() => args.command = text(value)?,
            Value(value) => args.files.push(text(value)?),
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    Ok(args)
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    if args.command == "pack-test" {
        return pack_test(&args);
    }
    if args.command == "train" {
        return train(&args);
    }
    let checker = args.checker(args.layer)?;
    match args.command.as_str() {
        "check" => check(&checker, &args),
        "eval" => eval(&checker, &args),
        "" => Err(format!("no command given\n{USAGE}")),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// Reads a file (or standard input for `-`) as UTF-8, naming the file and place when it is not.
fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let name = if path == "-" { "standard input" } else { path };
        format!("{name}: invalid UTF-8 at byte {at} (line {line})")
    })
}

fn check(checker: &Checker, args: &Args) -> Result<ExitCode, String> {
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let inputs: Vec<(String, String)> = files.iter().map(|f| read_input(f).map(|text| (f.clone(), text))).collect::<Result<_, _>>()?;
    let mut failed = false;
    let mut reports = Vec::new();
    for (file, text) in &inputs {
        let findings = export(text, checker.check_draft(text, &args.draft), Unit::CodePoint);
        failed |= findings.iter().any(|f| f.severity >= args.fail_on);
        match args.format {
            Format::Human => print_human(file, text, &findings),
            Format::Json => reports.push(serde_json::json!({ "file": file, "findings": findings })),
        }
    }
    if args.format == Format::Json {
        let out = if reports.len() == 1 { reports.remove(0) } else { serde_json::Value::Array(reports) };
        outln!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `file:line:col: severity category/rule: message [section]`, then the line with the span marked.
/// Advice about the post as a whole is a note, `file: post: severity category/rule: message
/// [section]`, with no line to mark: no word of the post is wrong. Notes come after the rest.
fn print_human(file: &str, text: &str, findings: &[ExportedFinding]) {
    let chars: Vec<char> = text.chars().collect();
    let (notes, marked): (Vec<&ExportedFinding>, Vec<&ExportedFinding>) = findings.iter().partition(|f| f.scope == Scope::Post);
    for f in marked {
        let line_start = chars[..f.start].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        let line = chars[..f.start].iter().filter(|&&c| c == '\n').count() + 1;
        let column = f.start - line_start + 1;
        outln!("{file}:{line}:{column}: {} {}/{}: {} [{}]", f.severity, f.category, f.rule, f.message, f.guideline.title);
        let line_end = chars[f.start..].iter().position(|&c| c == '\n').map_or(chars.len(), |i| f.start + i);
        let excerpt: String = chars[line_start..line_end].iter().collect();
        let marked_end = f.end.min(line_end);
        outln!("    {excerpt}");
        outln!("    {}{}", " ".repeat(f.start - line_start), "^".repeat((marked_end - f.start).max(1)));
        for fix in &f.fixes {
            outln!("    fix ({:?}{}): {:?}", fix.kind, if fix.safe { ", safe" } else { "" }, fix.replacement);
        }
    }
    for f in notes {
        outln!("{file}: post: {} {}/{}: {} [{}]", f.severity, f.category, f.rule, f.message, f.guideline.title);
    }
}

fn eval(checker: &Checker, args: &Args) -> Result<ExitCode, String> {
    let [path] = args.files.as_slice() else {
        return Err(format!("eval takes one corpus file\n{USAGE}"));
    };
    let posts = parse_corpus(&read_input(path)?).map_err(|e| format!("{path}: {e}"))?;
    let report = evaluate(checker, &posts);
    if args.format == Format::Json {
        outln!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        print_report(&report);
        if args.layer == Layer::All {
            let rules = evaluate(&args.checker(Layer::Rules)?, &posts);
            let learned = evaluate(&args.checker(Layer::Learned)?, &posts);
            print_layers(&[(Layer::Rules, &rules), (Layer::Learned, &learned), (Layer::All, &report)]);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Precision and recall per category and per language for each layer, side by side.
fn print_layers(layers: &[(Layer, &Report)]) {
    let header: String = layers.iter().map(|(layer, _)| format!(" {:>17}", layer.name())).collect();
    outln!("\nby layer (precision / recall){header}");
    let mut keys: Vec<(&str, &str)> = layers[2].1.by_category.keys().map(|k| ("category", k.as_str())).collect();
    keys.extend(layers[2].1.by_lang.keys().map(|k| ("language", k.as_str())));
    keys.push(("overall", "overall"));
    for (kind, key) in keys {
        let cells: String = layers
            .iter()
            .map(|(_, report)| {
                let score = match kind {
                    "category" => report.by_category.get(key).copied().unwrap_or_default(),
                    "language" => report.by_lang.get(key).copied().unwrap_or_default(),
                    _ => report.overall,
                };
                format!(" {:>8.3} / {:>5.3}", score.precision(), score.recall())
            })
            .collect();
        outln!("{key:<29}{cells}");
    }
    let clean: String = layers.iter().map(|(_, r)| format!(" {:>16.1}%", 100.0 * r.clean_false_alarm_rate())).collect();
    outln!("{:<29}{clean}", "clean posts flagged");
}

/// Retrains the learned layer from the repository's corpus and writes the weights file.
fn train(args: &Args) -> Result<ExitCode, String> {
    let root = std::env::current_dir().map_err(|e| e.to_string())?;
    let posts = guidepost::train::TrainingPosts::read(&root)?;
    let trained = guidepost::train::train(&posts);
    let out = args.out.clone().unwrap_or_else(|| "src/model/weights.bin".into());
    std::fs::write(&out, &trained.weights).map_err(|e| format!("{out}: {e}"))?;
    out!("{}", trained.report);
    outln!("{} posts; wrote {out} ({} bytes)", posts.len(), trained.weights.len());
    Ok(ExitCode::SUCCESS)
}

/// Loads a pack (reporting mistakes with file, line and column) and runs its examples.
fn pack_test(args: &Args) -> Result<ExitCode, String> {
    let [path] = args.files.as_slice() else {
        return Err(format!("pack-test takes one pack file\n{USAGE}"));
    };
    let pack = guidepost::Pack::from_toml(&read_input(path)?, path).map_err(|e| e.to_string())?;
    let checker = Checker::with_pack(pack, &Options::default()).map_err(|e| e.to_string())?;
    let failures = checker.failing_examples();
    for failure in &failures {
        outln!("{path}: {failure}");
    }
    let pack = checker.pack();
    let examples: usize = pack.example_count();
    outln!("{path}: {} rules, {examples} examples, {} failed", pack.rule_ids().count(), failures.len());
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_report(report: &Report) {
    outln!("{} posts; {} clean, of which {} got a warn/stop finding ({:.1}% false-alarm rate)", report.posts, report.clean_posts, report.clean_posts_flagged, 100.0 * report.clean_false_alarm_rate());
    outln!("\n{:<22} {:>6} {:>6} {:>6} {:>9} {:>7}", "category", "found", "missed", "false", "precision", "recall");
    let rows = report.by_category.iter().map(|(k, v)| (k.as_str(), v)).chain(std::iter::once(("overall", &report.overall)));
    for (name, s) in rows {
        outln!("{name:<22} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}", s.found, s.missed, s.false_alarms, s.precision(), s.recall());
    }
    outln!("\n{:<22} {:>6} {:>6} {:>6} {:>9} {:>7}", "by post and category", "found", "missed", "false", "precision", "recall");
    let rows = report.by_post_category.iter().map(|(k, v)| (k.as_str(), v)).chain(std::iter::once(("overall", &report.by_post)));
    for (name, s) in rows {
        outln!("{name:<22} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}", s.found, s.missed, s.false_alarms, s.precision(), s.recall());
    }
    outln!("\n{:<22} {:>6} {:>6} {:>6} {:>9} {:>7}", "language", "found", "missed", "false", "precision", "recall");
    for (lang, s) in &report.by_lang {
        outln!("{lang:<22} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}", s.found, s.missed, s.false_alarms, s.precision(), s.recall());
    }
    outln!("\n{:<28} {:>6} {:>6} {:>9}", "rule", "found", "false", "precision");
    for (rule, s) in &report.by_rule {
        outln!("{rule:<28} {:>6} {:>6} {:>9.3}", s.found, s.false_alarms, s.precision());
    }
    if !report.misses.is_empty() {
        outln!("\nmisses:");
        for m in &report.misses {
            outln!("  {} {}: {:?}", m.id, m.category, m.matched);
        }
    }
    if !report.false_alarms.is_empty() {
        outln!("\nfalse alarms:");
        for f in &report.false_alarms {
            outln!("  {} {}/{}: {:?}", f.id, f.category, f.rule, f.text);
        }
    }
}

