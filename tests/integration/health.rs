//! `/healthz` through the router, and the real binary serving it over a socket.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};

use lantern::AppState;

use crate::common::{Scratch, Server, http_get, imported, seeds_dir, send};

async fn get(app: axum::Router, uri: &str) -> (StatusCode, String) {
    let answer = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn healthz_is_ok_when_the_database_answers() {
    let (_scratch, state) = imported().await;
    assert_eq!(
        get(lantern::app(state), "/healthz").await,
        (StatusCode::OK, "ok".into())
    );
}

#[tokio::test]
async fn healthz_is_503_when_the_catalog_tables_are_gone() {
    let (scratch, state) = imported().await;
    assert_eq!(
        get(lantern::app(state.clone()), "/healthz").await.0,
        StatusCode::OK
    );
    // Something outside Lantern breaks the file: the tables pages read are gone.
    let writer = lantern::db::open_for_writing(&scratch.database())
        .await
        .unwrap();
    sqlx::query("pragma foreign_keys = off")
        .execute(&writer)
        .await
        .unwrap();
    sqlx::query("drop table links")
        .execute(&writer)
        .await
        .unwrap();
    writer.close().await;
    // An answer stands for a second, so ask a server that has not answered yet.
    let (status, body) = get(lantern::app(AppState::new(state.db.clone())), "/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database unavailable");
}

#[tokio::test]
async fn healthz_is_503_when_the_database_file_is_not_a_database() {
    let (scratch, state) = imported().await;
    std::fs::write(scratch.database(), vec![0x5a; 64 * 1024]).unwrap();
    let (status, body) = get(lantern::app(state), "/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database unavailable");
}

#[tokio::test]
async fn healthz_answers_at_once_while_every_slot_and_connection_is_taken() {
    let (_scratch, state) = imported().await;
    // Every page connection is held elsewhere and no request may start: pages wait or are
    // refused, but the instance itself is fine and must say so.
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(state.db.acquire().await.unwrap());
    }
    let saturated = lantern::app(state.max_in_flight(0));
    // Were it waiting for a page connection, the request's time limit would make it a 503.
    for _ in 0..50 {
        assert_eq!(
            get(saturated.clone(), "/healthz").await,
            (StatusCode::OK, "ok".into())
        );
    }
    assert_eq!(
        get(saturated, "/search?q=hotline").await.0,
        StatusCode::SERVICE_UNAVAILABLE,
        "the same server refuses work it has no room for"
    );
    drop(held);
}

#[tokio::test]
async fn the_binary_creates_its_database_and_serves_healthz_on_a_real_port() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let server = Server::start(&database, &[]);
    let response = http_get(&server.addr, "/healthz").await;
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with("\r\n\r\nok"), "{response}");
    assert!(database.exists(), "the database was created");
}

#[test]
fn check_with_a_broken_slug_exits_non_zero_and_names_the_file() {
    let stderr = crate::common::check_with_bad_slug("call 911");
    assert!(stderr.contains("hotlines.toml:"), "{stderr}");
    assert!(stderr.contains("entry 'call 911': slug:"), "{stderr}");
    assert!(
        // The other is the help answer's reference to the old slug (seeds/intents.toml).
        stderr.contains("2 problems found; nothing was imported"),
        "{stderr}"
    );

    let good = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .arg("check")
        .arg("--seeds")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
}

#[test]
fn logs_written_to_a_file_or_pipe_carry_no_colour_codes() {
    use std::io::{BufRead, BufReader};
    let scratch = crate::common::Scratch::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(scratch.database())
        .arg("--seeds")
        .arg(crate::common::seeds_dir())
        .env("LANTERN_FEEDBACK_DATABASE", scratch.feedback_database())
        .env("RUST_LOG", "info")
        .env_remove("NO_COLOR")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    for line in stderr.lines().map_while(Result::ok) {
        let ready = line.contains("serving http://");
        lines.push(line);
        if ready {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = lines.join("\n");
    assert!(log.contains("serving http://"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a piped log: {log:?}"
    );
}

/// `--log-format json`: every line a log collector gets is one JSON object, and a request's
/// line names its route pattern, never the path or query a visitor typed.
#[tokio::test]
async fn json_logs_are_one_object_per_line_without_paths_or_queries() {
    use std::io::{BufRead, BufReader, Read};
    let scratch = Scratch::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["--log-format", "json", "serve", "--listen", "127.0.0.1:0"])
        .arg("--database")
        .arg(scratch.database())
        .arg("--seeds")
        .arg(seeds_dir())
        .env("LANTERN_FEEDBACK_DATABASE", scratch.feedback_database())
        .env("LANTERN_DRAIN_SECONDS", "0")
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    let addr = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "{lines:?}");
        let at = line
            .find("serving http://")
            .map(|at| at + "serving http://".len());
        let addr = at.map(|at| line[at..].split('"').next().unwrap().trim().to_owned());
        lines.push(line);
        if let Some(addr) = addr {
            break addr;
        }
    };
    for path in [
        "/search?q=private-words",
        "/resources/secret-slug?q=x",
        "/help?state=TX",
    ] {
        assert!(http_get(&addr, path).await.starts_with("HTTP/1.1"));
    }
    // A clean stop flushes the log writer: everything logged is in the pipe before it closes.
    crate::common::sigterm(&child);
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());
    lines.extend(rest.lines().map(str::to_owned));
    let mut answered = 0;
    for line in &lines {
        let object: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"));
        assert!(object.is_object(), "{line}");
        for secret in ["private-words", "secret-slug", "q=", "state=TX"] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
        if object["fields"]["message"] == "answered" {
            answered += 1;
            assert!(object["span"]["route"].is_string(), "{line}");
        }
    }
    assert_eq!(answered, 3, "{lines:#?}");
}
