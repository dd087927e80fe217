//! Scores a checker on a labelled corpus (`tests/corpus/README.md` describes the format).
//!
//! An expected item is found when a `warn` or `stop` finding of its category overlaps the first
//! occurrence of its `match`. A `warn`/`stop` finding that overlaps no expected item of its
//! category is a false alarm. `tip` findings never count.

use crate::finding::{Finding, Span};
use crate::vocab::Severity;
use crate::Checker;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub id: String,
    pub lang: String,
    pub platform: String,
    pub text: String,
    #[serde(default)]
    pub expect: Vec<Expected>,
    #[serde(default)]
    pub must_not_flag: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub category: String,
    #[serde(rename = "match")]
    pub matched: String,
}

/// Found, missed and falsely flagged counts, with the ratios derived from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    pub found: usize,
    pub missed: usize,
    pub false_alarms: usize,
}

impl Score {
    /// The share of findings that were right; 1 when nothing was flagged.
    pub fn precision(&self) -> f64 {
        ratio(self.found, self.found + self.false_alarms)
    }

    /// The share of expected problems that were found; 1 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.found + self.missed)
    }

    fn add(&mut self, other: Score) {
        self.found += other.found;
        self.missed += other.missed;
        self.false_alarms += other.false_alarms;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    pub id: String,
    pub category: String,
    pub matched: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FalseAlarm {
    pub id: String,
    pub category: String,
    pub rule: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub posts: usize,
    pub overall: Score,
    pub by_category: BTreeMap<String, Score>,
    pub by_lang: BTreeMap<String, Score>,
    /// Per rule: labels its findings matched (`found`) and its false alarms; `missed` stays 0,
    /// because labels name categories, not rules.
    pub by_rule: BTreeMap<String, Score>,
    /// The same, post by post: per post and category, found when the post is labelled with the
    /// category and has a finding of it anywhere, missed when it is labelled and has none, a false
    /// alarm when it has a finding of a category it is not labelled with. A finding on other words
    /// of a post with that very problem (the "keep this between us" beside the leaked detail) is a
    /// false alarm above but not here; this is which guideline a post puts at stake.
    pub by_post: Score,
    pub by_post_category: BTreeMap<String, Score>,
    /// Posts with nothing expected, and how many of them got a `warn`/`stop` finding anyway.
    pub clean_posts: usize,
    pub clean_posts_flagged: usize,
    pub misses: Vec<Miss>,
    pub false_alarms: Vec<FalseAlarm>,
}

impl Report {
    pub fn clean_false_alarm_rate(&self) -> f64 {
        1.0 - ratio(self.clean_posts - self.clean_posts_flagged, self.clean_posts)
    }
}

/// Parses a JSONL corpus; errors name the line.
pub fn parse_corpus(source: &str) -> Result<Vec<Post>, String> {
    let mut posts = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let post: Post = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", index + 1))?;
        for expected in &post.expect {
            if !post.text.contains(&expected.matched) {
                return Err(format!("line {}: post {}: `{}` is not in the text", index + 1, post.id, expected.matched));
            }
        }
        posts.push(post);
    }
    Ok(posts)
}

/// Checks every post and scores the findings against the labels.
pub fn evaluate(checker: &Checker, posts: &[Post]) -> Report {
    let mut report = Report { posts: posts.len(), ..Report::default() };
    for post in posts {
        let findings: Vec<Finding> = checker.check(&post.text).into_iter().filter(|f| f.severity >= Severity::Warn).collect();
        let expected: Vec<(&Expected, Span)> = post
            .expect
            .iter()
            .map(|e| {
                let start = post.text.find(&e.matched).expect("parse_corpus checked every match is in the text");
                (e, Span::new(start, start + e.matched.len()))
            })
            .collect();
        let mut scores: BTreeMap<String, Score> = BTreeMap::new();
        for (item, span) in &expected {
            let matching: Vec<&Finding> = findings.iter().filter(|f| f.category == item.category.as_str() && f.span.overlaps(*span)).collect();
            let found = !matching.is_empty();
            let mut credited: Vec<&str> = matching.iter().map(|f| f.rule.as_str()).collect();
            credited.dedup();
            for rule in credited {
                report.by_rule.entry(rule.to_string()).or_default().found += 1;
            }
            let score = scores.entry(item.category.clone()).or_default();
            if found {
                score.found += 1;
            } else {
                score.missed += 1;
                report.misses.push(Miss { id: post.id.clone(), category: item.category.clone(), matched: item.matched.clone() });
            }
        }
        for finding in &findings {
            let expected_here = expected.iter().any(|(item, span)| finding.category == item.category.as_str() && finding.span.overlaps(*span));
            if !expected_here {
                scores.entry(finding.category.to_string()).or_default().false_alarms += 1;
                report.by_rule.entry(finding.rule.clone()).or_default().false_alarms += 1;
                report.false_alarms.push(FalseAlarm {
                    id: post.id.clone(),
                    category: finding.category.to_string(),
                    rule: finding.rule.clone(),
                    text: post.text[finding.span.start..finding.span.end].to_string(),
                });
            }
        }
        let mut post_categories: Vec<&str> = expected.iter().map(|(item, _)| item.category.as_str()).chain(findings.iter().map(|f| f.category.as_str())).collect();
        post_categories.sort_unstable();
        post_categories.dedup();
        for category in post_categories {
            let labelled = expected.iter().any(|(item, _)| item.category == category);
            let flagged = findings.iter().any(|f| f.category == category);
            let score = match (labelled, flagged) {
                (true, true) => Score { found: 1, ..Score::default() },
                (true, false) => Score { missed: 1, ..Score::default() },
                _ => Score { false_alarms: 1, ..Score::default() },
            };
            report.by_post.add(score);
            report.by_post_category.entry(category.to_string()).or_default().add(score);
        }
        if post.expect.is_empty() {
            report.clean_posts += 1;
            if !findings.is_empty() {
                report.clean_posts_flagged += 1;
            }
        }
        for (category, score) in scores {
            report.overall.add(score);
            report.by_lang.entry(post.lang.clone()).or_default().add(score);
            report.by_category.entry(category).or_default().add(score);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    #[test]
    fn scores_hits_misses_and_false_alarms() {
        let corpus = concat!(
            r#"{"id":"a","lang":"en","platform":"x","text":"code 131052-308T","expect":[{"category":"personal-id","match":"131052-308T"}]}"#,
            "\n",
            r#"{"id":"b","lang":"en","platform":"x","text":"password: Kissa123","expect":[]}"#,
            "\n",
            r#"{"id":"c","lang":"en","platform":"x","text":"nothing here","expect":[{"category":"confidential","match":"nothing"}]}"#,
        );
        let posts = parse_corpus(corpus).unwrap();
        let report = evaluate(&Checker::new(&Options::default()).unwrap(), &posts);
        assert_eq!(report.overall, Score { found: 1, missed: 1, false_alarms: 1 });
        assert_eq!(report.by_category["credentials"].false_alarms, 1);
        assert_eq!(report.by_rule["password"].false_alarms, 1);
        assert_eq!(report.by_rule["finnish-id"].found, 1);
        assert_eq!(report.misses[0].id, "c");
        assert_eq!((report.clean_posts, report.clean_posts_flagged), (1, 1));
        assert_eq!(report.overall.precision(), 0.5);
        assert_eq!(report.by_post, Score { found: 1, missed: 1, false_alarms: 1 });
    }

    #[test]
    fn scores_posts_by_the_categories_they_put_at_stake() {
        // One post labelled credentials on the second password only: by span, the finding on the
        // first is a false alarm; by post, the post is found once and nothing is false.
        let corpus = r#"{"id":"a","lang":"en","platform":"x","text":"password: Kissa123\npassword: Koira456","expect":[{"category":"credentials","match":"Koira456"}]}"#;
        let report = evaluate(&Checker::new(&Options::default()).unwrap(), &parse_corpus(corpus).unwrap());
        assert_eq!(report.overall, Score { found: 1, missed: 0, false_alarms: 1 });
        assert_eq!(report.by_post, Score { found: 1, missed: 0, false_alarms: 0 });
        assert_eq!(report.by_post_category["credentials"], Score { found: 1, missed: 0, false_alarms: 0 });
    }

    #[test]
    fn corpus_errors_name_the_line() {
        let error = parse_corpus("\n{\"id\": 1}").unwrap_err();
        assert!(error.starts_with("line 2:"), "{error}");
        let error = parse_corpus(r#"{"id":"x","lang":"en","platform":"x","text":"abc","expect":[{"category":"tip","match":"zzz"}]}"#).unwrap_err();
        assert!(error.contains("`zzz` is not in the text"), "{error}");
    }
}
