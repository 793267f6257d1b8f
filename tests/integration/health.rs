//! `/healthz` through the router, and the real binary serving it over a socket.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};

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
async fn healthz_is_503_when_the_database_does_not_answer() {
    let (_scratch, state) = imported().await;
    state.db.close().await;
    let (status, body) = get(lantern::app(state), "/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database unavailable");
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
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    crate::common::edit(
        &seeds.join("hotlines.toml"),
        "slug = \"call-911\"",
        "slug = \"call 911\"",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .arg("check")
        .arg("--seeds")
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("hotlines.toml:"), "{stderr}");
    assert!(stderr.contains("entry 'call 911': slug:"), "{stderr}");
    assert!(
        stderr.contains("1 problem found; nothing was imported"),
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
