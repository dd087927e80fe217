//! The labelled corpus floor: the checker must keep overall precision at or above 0.95 and recall
//! at or above 0.90 on `tests/corpus/posts.jsonl`. These are floors, not goals; `guidepost eval`
//! prints the full report.

use guidepost::eval::{evaluate, parse_corpus};
use guidepost::{Checker, Options};

const PRECISION_FLOOR: f64 = 0.95;
const RECALL_FLOOR: f64 = 0.90;

#[test]
fn corpus_meets_the_quality_floor() {
    let posts = parse_corpus(include_str!("corpus/posts.jsonl")).expect("the corpus parses");
    assert!(posts.len() >= 400, "the corpus has {} posts", posts.len());
    let clean = posts.iter().filter(|p| p.expect.is_empty()).count();
    assert!(clean * 10 >= posts.len() * 4, "at least 40% of posts must be clean, {clean} of {} are", posts.len());
    let report = evaluate(&Checker::new(&Options::default()).unwrap(), &posts);
    let overall = report.overall;
    assert!(overall.precision() >= PRECISION_FLOOR, "precision {:.3} < {PRECISION_FLOOR}: false alarms {:#?}", overall.precision(), report.false_alarms);
    assert!(overall.recall() >= RECALL_FLOOR, "recall {:.3} < {RECALL_FLOOR}: misses {:#?}", overall.recall(), report.misses);
}

#[test]
fn every_corpus_post_is_well_formed() {
    for (name, source) in [("posts.jsonl", include_str!("corpus/posts.jsonl")), ("holdout.jsonl", include_str!("corpus/holdout.jsonl"))] {
        let posts = parse_corpus(source).unwrap_or_else(|e| panic!("{name}: {e}"));
        for post in &posts {
            assert!(["en", "fi", "sv"].contains(&post.lang.as_str()), "{name} {}: lang {}", post.id, post.lang);
            assert!(["x", "linkedin", "facebook"].contains(&post.platform.as_str()), "{name} {}: platform {}", post.id, post.platform);
            assert!(post.platform != "x" || post.text.chars().count() <= 280, "{name} {}: an X post over 280 characters", post.id);
            for near_miss in &post.must_not_flag {
                assert!(post.text.contains(near_miss.as_str()), "{name} {}: must_not_flag `{near_miss}` is not in the text", post.id);
            }
        }
    }
}
