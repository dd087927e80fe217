//! The `guidepost` command line: output format, exit codes and errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn guidepost(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command that fails early may close its input before reading it; that is not our error.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, contents: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("guidepost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn human_output_reads_like_a_compiler() {
    let out = guidepost(&["check", "-"], "Hei!\nOpiskelijan hetu on 131052-308T.".as_bytes());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let first = stdout.lines().next().unwrap();
    assert!(first.starts_with("-:2:21: stop personal-id/finnish-id: "), "{first}");
    assert!(first.ends_with("[Personal data and privacy]"), "{first}");
    assert!(stdout.contains(&format!("    Opiskelijan hetu on 131052-308T.\n    {}^^^^^^^^^^^\n", " ".repeat(20))), "{stdout}");
}

#[test]
fn json_offsets_are_code_points() {
    let text = "🎉👩‍🔬 hetu 131052-308T";
    let out = guidepost(&["check", "--format", "json", "-"], text.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &report["findings"][0];
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (finding["start"].as_u64().unwrap() as usize, finding["end"].as_u64().unwrap() as usize);
    assert_eq!(chars[start..end].iter().collect::<String>(), "131052-308T");
    assert_eq!(finding["text"], "131052-308T");
    assert_eq!(finding["guideline"]["id"], "personal-data");
    assert_eq!(report["file"], "-");
}

#[test]
fn advice_about_the_whole_post_is_a_note_without_a_caret() {
    let text = "Our new paper is out!\nhttps://doi.org/10.1000/182 #openscience";
    let out = guidepost(&["check", "-"], text.as_bytes());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    // The hashtag tip is about its text: located and marked.
    assert!(lines[0].starts_with("-:2:29: tip tip/hashtag-case: "), "{stdout}");
    assert_eq!(lines[2], format!("    {}{}", " ".repeat(28), "^".repeat(12)), "{stdout}");
    // The University-hashtag tip is about the post: one note, no place, no caret under "Our new paper".
    let note = lines.iter().find(|l| l.contains("university-hashtag")).unwrap_or_else(|| panic!("{stdout}"));
    assert!(note.starts_with("-: post: tip tip/university-hashtag: Sharing research?"), "{note}");
    assert!(note.ends_with("[Good practice]"), "{note}");
    assert!(!stdout.contains("    Our new paper is out!"), "no excerpt of the post: {stdout}");
    assert_eq!(stdout.matches('^').count(), 12, "only the hashtag is marked: {stdout}");

    let out = guidepost(&["check", "--format", "json", "-"], text.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let scopes: Vec<(&str, &str)> = report["findings"].as_array().unwrap().iter().map(|f| (f["rule"].as_str().unwrap(), f["scope"].as_str().unwrap())).collect();
    assert_eq!(scopes, [("university-hashtag", "post"), ("hashtag-case", "span")]);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let tip_only = "Our new paper is out! https://doi.org/10.1000/182";
    assert_eq!(guidepost(&["check", "-"], tip_only.as_bytes()).status.code(), Some(0));
    assert_eq!(guidepost(&["check", "--fail-on", "tip", "-"], tip_only.as_bytes()).status.code(), Some(1));
    let warn = "Dear colleagues, the staff meeting moves to Friday.";
    assert_eq!(guidepost(&["check", "--fail-on", "stop", "-"], warn.as_bytes()).status.code(), Some(0));
    assert_eq!(guidepost(&["check", "-"], warn.as_bytes()).status.code(), Some(1));
}

#[test]
fn lang_role_and_messages_options_apply() {
    let text = "Kuvia opiskelijoistani tentistä 😂";
    let out = guidepost(&["check", "--lang", "fi", "--role", "teacher", "--messages", "fi", "--format", "json", "-"], text.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["category"], "consent");
    assert_eq!(finding["severity"], "stop", "teachers get the student-privacy nudge at stop");
    assert!(finding["message"].as_str().unwrap().contains("lupa"), "{finding}");
    // The pack's Finnish words do not apply with --lang en; the learned layer reads every language.
    let out = guidepost(&["check", "--lang", "en", "--layer", "rules", "-"], text.as_bytes());
    assert_eq!(out.status.code(), Some(0), "Finnish words do not apply with --lang en");
    let out = guidepost(&["check", "--lang", "en", "--layer", "learned", "--format", "json", "-"], text.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "learned-consent", "{report}");
    assert!(!report["findings"][0]["cues"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn errors_name_the_file_and_place() {
    let missing = guidepost(&["check", "/nonexistent/post.txt"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/post.txt"));

    let broken = temp_file("latin1.txt", b"line one\nbad \xe4 byte");
    let out = guidepost(&["check", &broken], b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{broken}: invalid UTF-8 at byte 13 (line 2)")), "{stderr}");

    let bad_pack = temp_file("pack.toml", b"[pack]\nid = 3\n");
    let out = guidepost(&["check", "--pack", &bad_pack, "-"], b"hi");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{bad_pack}:2:")));

    let out = guidepost(&["check", "--format", "xml", "-"], b"hi");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `xml`"));
}

#[test]
fn several_files_give_a_json_array() {
    let a = temp_file("a.txt", b"clean post");
    let b = temp_file("b.txt", "hetu 131052-308T".as_bytes());
    let out = guidepost(&["check", "--json", &a, &b], b"");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 2);
    assert_eq!(reports[0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(reports[1]["findings"][0]["rule"], "finnish-id");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn eval_reports_precision_and_recall() {
    let out = guidepost(&["eval", "tests/corpus/posts.jsonl"], b"");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("precision") && stdout.contains("overall") && stdout.contains("false-alarm rate"), "{stdout}");
    let out = guidepost(&["eval", "--json", "tests/corpus/posts.jsonl"], b"");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["overall"]["found"].as_u64().unwrap() > 0);
}

#[test]
fn pack_test_runs_a_packs_examples() {
    let out = guidepost(&["pack-test", "guidelines/helsinki.toml"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let pack = std::fs::read_to_string("guidelines/helsinki.toml").unwrap().replace("[[Internal only]]", "Internal [[only]]");
    let edited = temp_file("edited.toml", pack.as_bytes());
    let out = guidepost(&["pack-test", &edited], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("rule `non-public` should flag [\"only\"]"));
}

#[test]
fn context_says_where_the_draft_is_written() {
    let text = "Honestly, you're a moron.";
    let heated = |args: &[&str]| -> bool {
        let out = guidepost(&[&["check", "--format", "json"], args, &["-"]].concat(), text.as_bytes());
        String::from_utf8(out.stdout).unwrap().contains("\"heated-reply\"")
    };
    assert!(!heated(&[]), "a new post by default");
    assert!(!heated(&["--context", "post"]));
    assert!(heated(&["--context", "reply"]));
    assert!(heated(&["--context", "comment"]));
    let out = guidepost(&["check", "--context", "dm", "-"], text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown context `dm` (expected post, reply or comment)"));
}

#[test]
fn replied_to_reads_the_words_a_reply_answers() {
    let calm = "Thanks, I will share the data next week.";
    let attack = temp_file("attack.txt", "You're a moron and a fraud.".as_bytes());
    let kind = temp_file("kind.txt", "Great talk, could you share the slides?".as_bytes());
    let heated = |args: &[&str]| -> bool {
        let out = guidepost(&[&["check", "--format", "json"], args, &["-"]].concat(), calm.as_bytes());
        String::from_utf8(out.stdout).unwrap().contains("\"heated-reply\"")
    };
    assert!(heated(&["--context", "reply", "--replied-to", &attack]));
    assert!(!heated(&["--context", "reply", "--replied-to", &kind]));
    assert!(!heated(&["--context", "post", "--replied-to", &attack]), "a new post answers nothing");
    let out = guidepost(&["check", "--context", "reply", "--replied-to", "no-such-file.txt", "-"], calm.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no-such-file.txt"));
}

/// A draft that makes a check name each detail key, for every key a pack can give words for.
const DETAIL_SAMPLES: &[(&str, &str)] = &[
    ("aws-access-key-id", "AKIA2E0A8F3B244C9986"),
    ("github-token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
    ("slack-token", "xoxb-263594206564-2343594206564-FGqddMF8t0"),
    ("google-api-key", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
    ("stripe-key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc9a"),
    ("openai-key", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB"),
    ("json-web-token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
];

/// English words that have no business in a Finnish or Swedish message.
const ENGLISH: &[&str] = &["a", "an", "the", "this", "that", "is", "of", "looks", "like", "access", "key", "remove", "it"];

/// An English word of `message`, if it has one.
fn english_in(message: &str) -> Option<&'static str> {
    let words: Vec<String> = message.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
    ENGLISH.iter().copied().find(|english| words.iter().any(|w| w == english))
}

/// Every rule of both shipped packs whose message has `{detail}`, run through the CLI with
/// `--messages fi` and `sv` on a draft for each of its details: the message carries the pack's
/// words for that detail in that language, and no English.
#[test]
fn details_are_translated_in_every_message() {
    assert_eq!(english_in("Tämä näyttää tunnisteelta: an AWS access key id."), Some("an"), "the test can fail");
    let mut checked = 0;
    for pack in ["guidelines/helsinki.toml", "guidelines/kela.toml"] {
        let source: toml::Table = std::fs::read_to_string(pack).unwrap().parse().unwrap();
        for rule in source["rule"].as_array().unwrap() {
            let Some(details) = rule.get("details").and_then(toml::Value::as_table) else { continue };
            let id = rule["id"].as_str().unwrap();
            for (key, words) in details {
                let sample = DETAIL_SAMPLES.iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("{pack}: rule `{id}`: add a draft for detail `{key}` to DETAIL_SAMPLES")).1;
                for lang in ["fi", "sv"] {
                    let out = guidepost(&["check", "--pack", pack, "--messages", lang, "--layer", "rules", "-"], format!("x {sample} y").as_bytes());
                    let stdout = String::from_utf8(out.stdout).unwrap();
                    let line = stdout.lines().find(|l| l.contains(&format!("/{id}: "))).unwrap_or_else(|| panic!("{pack}: `{id}` did not flag {sample}: {stdout}"));
                    let message = line.split_once(&format!("/{id}: ")).unwrap().1;
                    let own = words[lang].as_str().unwrap();
                    assert!(message.contains(own), "{pack}: `{id}` --messages {lang}: `{own}` not in {message}");
                    assert_eq!(english_in(message), None, "{pack}: `{id}` --messages {lang}: English in {message}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 28, "both packs' api-token details, in fi and sv ({checked})");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // Far more output than a pipe holds, so the command writes after its reader has gone.
    let draft = "Opiskelijan tunnus 131052-308T.\n".repeat(3_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost")).args(["check", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let _ = child.stdin.take().unwrap().write_all(draft.as_bytes());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
