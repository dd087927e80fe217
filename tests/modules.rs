//! The crate's shape: the modules of `src/` import each other without a cycle, and the leaves
//! stay leaves. Read from the sources (every `crate::` path outside the tests), so a new import
//! that closes a loop fails here, with the loop named. Run with `--nocapture` to see the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part of a file that is built outside tests: everything before its first `#[cfg(test)]`,
/// and after it only items that are themselves `#[cfg(test)]` (an error otherwise, since the
/// check would not see that code's imports).
fn production_code(file: &str, source: &str) -> Result<String, String> {
    let lines: Vec<&str> = source.lines().collect();
    let Some(first) = lines.iter().position(|l| l.trim() == "#[cfg(test)]") else { return Ok(source.to_string()) };
    let item = ["pub ", "pub(", "fn ", "impl", "mod ", "const ", "static ", "struct ", "enum ", "use ", "trait "];
    // An item's attributes and doc comment stand right above it; `#[cfg(test)]` must be one of them.
    let attributes = |n: usize| lines[..n].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///"));
    for (n, line) in lines.iter().enumerate().skip(first + 1) {
        if item.iter().any(|start| line.starts_with(start)) && !attributes(n).any(|l| l.trim() == "#[cfg(test)]") {
            return Err(format!("{file}:{}: code after the tests (`{line}`); put it before the first #[cfg(test)]", n + 1));
        }
    }
    Ok(lines[..first].join("\n"))
}

/// The source without comments and string literals, so a path in a doc comment or a message
/// is not an import.
fn code_only(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let mut in_string = false;
        let mut previous = ' ';
        let mut kept = String::new();
        for c in line.chars() {
            if !in_string && c == '/' && previous == '/' {
                kept.pop();
                break;
            }
            if c == '"' && previous != '\\' && previous != '\'' {
                in_string = !in_string;
            } else if !in_string {
                kept.push(c);
            }
            previous = c;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The first segment of every path after `crate::`, with the names inside `crate::{…}` each.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Names at the group's top level: `crate::{Checker, model::{self, x}}` gives Checker, model.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        out.push(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out
}

/// The names `lib.rs` re-exports (`pub use checker::{Checker, Options};`), each with its module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("pub use ")) {
        let Some((module, names)) = line.split_once("::") else { continue };
        for name in names.trim_matches(|c| matches!(c, '{' | '}' | ';' | ' ')).split(',') {
            out.insert(name.trim().to_string(), module.to_string());
        }
    }
    out
}

/// The import graph of `src/`, by top-level module (`rules`, `model`, `pack`, …).
fn import_graph(src: &Path) -> Result<Graph, String> {
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: BTreeSet<String> = lib.lines().filter_map(|l| l.trim_start_matches("pub ").strip_prefix("mod ")).map(|m| m.trim_end_matches(';').to_string()).collect();
    let reexported = reexports(&lib);
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut graph = Graph::new();
    for path in files {
        let relative = path.strip_prefix(src).unwrap();
        let module = relative.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if !modules.contains(&module) {
            continue; // lib.rs itself, and bin/ (which uses the crate from outside)
        }
        let file = format!("src/{}", relative.display());
        let code = code_only(&production_code(&file, &fs::read_to_string(&path).unwrap())?);
        let targets = graph.entry(module.clone()).or_default();
        for name in crate_paths(&code) {
            let target = reexported.get(&name).cloned().unwrap_or(name);
            if !modules.contains(&target) {
                return Err(format!("{file}: `crate::{target}` is neither a module of lib.rs nor a name it re-exports"));
            }
            if target != module {
                targets.insert(target);
            }
        }
    }
    Ok(graph)
}

/// A cycle in the graph, as the modules along it, or `None`.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(module: &str, graph: &Graph, done: &mut BTreeSet<String>, path: &mut Vec<String>) -> Option<Vec<String>> {
        if done.contains(module) {
            return None;
        }
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        path.push(module.to_string());
        for target in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(target, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut done, &mut Vec::new()))
}

fn graph() -> Graph {
    import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_modules_import_each_other_without_a_cycle() {
    let graph = graph();
    for (module, targets) in &graph {
        println!("{module} -> {}", if targets.is_empty() { "(nothing)".to_string() } else { targets.iter().cloned().collect::<Vec<_>>().join(", ") });
    }
    for expected in ["checker", "pack", "people", "rules", "text", "vocab", "words", "model"] {
        assert!(graph.contains_key(expected), "the check sees `{expected}`");
    }
    assert_eq!(find_cycle(&graph).map(|cycle| cycle.join(" -> ")), None);
}

#[test]
fn the_leaves_stay_leaves() {
    let graph = graph();
    let imports = |module: &str| graph[module].iter().map(String::as_str).collect::<Vec<_>>();
    // The shared words of the pack, the checker and the boundary import nothing.
    assert_eq!(imports("vocab"), Vec::<&str>::new());
    // A pack is typed data in those words: it never imports the rules or the checker. It and
    // the people data's schema are compiled by the build (build.rs), which includes them with
    // the binary form and the words, and nothing else.
    assert_eq!(imports("binary"), Vec::<&str>::new());
    assert_eq!(imports("pack"), ["binary", "vocab"]);
    assert_eq!(imports("people_file"), ["binary"]);
    // How a draft is cut into words: below the people finder, the learned features and the rules.
    assert_eq!(imports("words"), ["finding"]);
    assert_eq!(imports("text"), ["finding", "words"]);
    // The rules read the pack's typed data and the prepared draft, never the checker.
    assert!(!graph["rules"].contains("checker"), "{:?}", graph["rules"]);
}

#[test]
fn the_check_sees_what_it_is_meant_to() {
    let cycle: Graph = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])].into_iter().map(|(m, t)| (m.to_string(), t.into_iter().map(String::from).collect())).collect();
    assert_eq!(find_cycle(&cycle).map(|c| c.join(" -> ")).as_deref(), Some("a -> b -> c -> a"));
    let tree: Graph = [("a", vec!["b", "c"]), ("b", vec!["c"]), ("c", vec![])].into_iter().map(|(m, t)| (m.to_string(), t.into_iter().map(String::from).collect())).collect();
    assert_eq!(find_cycle(&tree), None);
    let code = code_only("use crate::{Checker, model::{self, features}};\n// crate::eval in a comment\nlet m = \"crate::train\"; crate::pack::MINIMAL;");
    assert_eq!(crate_paths(&code), ["Checker", "model", "pack"]);
    assert_eq!(production_code("x.rs", "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n}\n").unwrap(), "use crate::a;");
    assert!(production_code("x.rs", "#[cfg(test)]\nfn helper() {}\nfn after() {}\n").is_err());
    assert!(production_code("x.rs", "#[cfg(test)]\nfn helper() {}\n#[cfg(test)]\n#[derive(Debug)]\nenum Case {}\n").is_ok());
}
