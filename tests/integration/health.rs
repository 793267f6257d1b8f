//! `/healthz` through the router, and the real binary serving it over a socket.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::common::{Scratch, imported, seeds_dir};

async fn get(app: axum::Router, uri: &str) -> (StatusCode, String) {
    let response = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
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

/// A raw HTTP/1.1 GET over TCP: the smoke test needs nothing more.
async fn http_get(addr: &str, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn the_binary_creates_its_database_and_serves_healthz_on_a_real_port() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let mut server = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(&database)
        .arg("--seeds")
        .arg(seeds_dir())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The server says where it listens once it is ready: wait for that line, not for a timer.
    // The rest of its log is drained on a thread so the server never blocks on a full pipe.
    let stderr = BufReader::new(server.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(at) = line.find("serving http://") {
                let _ = tx.send(line[at + "serving http://".len()..].trim().to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server announces its address");
    let response = http_get(&addr, "/healthz").await;
    server.kill().unwrap();
    server.wait().unwrap();
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
