//! Native speed of the checker (issue 5: at least 50 MB/s on mixed realistic posts).
//!
//! The texts are the shared realistic posts of 280, 3,000, 63,206 and 1,000,000 characters that
//! `tests/bench/texts.mjs` makes from the labelled corpus (this bench runs it first, so Node must
//! be installed). Groups, each reported in MB/s of UTF-8 input:
//!
//! - `whole/N`: the built-in pack with default options, as the extension runs it.
//! - `prepare/N`: no rules at all: folding the text, detecting its language, the empty lexicon.
//!   What every check pays before any rule runs.
//! - `category/NAME/N`: only that category's rules (plus the shared preparation).
//! - `rule/ID/63206`: only that rule, on a Facebook-sized post.
//!
//! Run it with `./build.sh bench`, or `CARGO_PROFILE_RELEASE_PANIC=unwind cargo bench --bench checker`:
//! with release's `panic = "abort"`, cargo builds the library twice under one file name (once for
//! the CLI, once for the bench) and the build fails now and then.
//!
//! Sample counts and times are kept small so that `./build.sh bench` stays within minutes on
//! two cores; criterion's own statistics still flag noisy results.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use guidepost::{Category, Checker, Options};
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const SIZES: [usize; 4] = [280, 3_000, 63_206, 1_000_000];
const RULE_SIZE: usize = 63_206;

/// Runs the shared generator and reads its texts, smallest first.
fn texts() -> Vec<(usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench/texts");
    let status = Command::new("node")
        .arg(root.join("tests/bench/texts.mjs"))
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("benches need Node to make their texts (tests/bench/texts.mjs)");
    assert!(status.success(), "tests/bench/texts.mjs failed");
    SIZES
        .iter()
        .map(|&size| {
            let text = std::fs::read_to_string(dir.join(format!("{size}.txt"))).expect("texts.mjs wrote every size");
            assert_eq!(text.chars().count(), size, "texts.mjs cuts at exactly {size} characters");
            (size, text)
        })
        .collect()
}

fn only_categories(keep: &[Category]) -> Options {
    let disabled_categories = Category::ALL.iter().copied().filter(|c| !keep.contains(c)).collect();
    Options { disabled_categories, ..Options::default() }
}

fn only_rule(all_rules: &[String], keep: &str) -> Options {
    let disabled_rules = all_rules.iter().filter(|id| *id != keep).cloned().collect();
    Options { disabled_rules, ..Options::default() }
}

fn bench_group(c: &mut Criterion, group: &str, checker: &Checker, texts: &[(usize, String)]) {
    let mut group = c.benchmark_group(group);
    for (size, text) in texts {
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        if *size >= 100_000 {
            // A few long iterations: let criterion time each one on its own.
            group.sampling_mode(SamplingMode::Flat);
        }
        group.bench_with_input(BenchmarkId::from_parameter(size), text.as_str(), |b, text| b.iter(|| checker.check(black_box(text))));
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let texts = texts();
    let whole = Checker::new(&Options::default()).expect("the built-in pack loads");
    bench_group(c, "whole", &whole, &texts);
    bench_group(c, "prepare", &Checker::new(&only_categories(&[])).unwrap(), &texts);

    let rules: Vec<(String, Category)> = whole.pack().rule_ids().map(|(id, category)| (id.to_string(), category)).collect();
    let mut categories: Vec<Category> = rules.iter().map(|(_, category)| *category).collect();
    categories.sort();
    categories.dedup();
    for category in categories {
        let checker = Checker::new(&only_categories(&[category])).unwrap();
        bench_group(c, &format!("category/{}", category.as_str()), &checker, &texts);
    }

    let ids: Vec<String> = rules.iter().map(|(id, _)| id.clone()).collect();
    let rule_texts: Vec<(usize, String)> = texts.iter().filter(|(size, _)| *size == RULE_SIZE).cloned().collect();
    for id in &ids {
        let checker = Checker::new(&only_rule(&ids, id)).unwrap();
        bench_group(c, &format!("rule/{id}"), &checker, &rule_texts);
    }
}

criterion_group! {
    name = checker;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(200)).measurement_time(Duration::from_millis(600));
    targets = benches
}
criterion_main!(checker);
