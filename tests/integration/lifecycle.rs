//! Starting and stopping: clear errors for a database that cannot be used, serving from a
//! read-only filesystem, and a graceful stop under load.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Scratch, Server, http_get, seeds_dir};

fn serve_and_wait(database: &std::path::Path, seeds: &std::path::Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(database)
        .arg("--seeds")
        .arg(seeds)
        .env(
            "LANTERN_FEEDBACK_DATABASE",
            database.with_file_name("feedback.db"),
        )
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_corrupt_database_is_a_clear_startup_error() {
    let scratch = Scratch::new();
    let database = scratch.database();
    std::fs::create_dir_all(database.parent().unwrap()).unwrap();
    std::fs::write(
        &database,
        "this is not a database, it is a shopping list".repeat(200),
    )
    .unwrap();
    let (ok, stderr) = serve_and_wait(&database, &seeds_dir());
    assert!(!ok, "the server must not start");
    assert!(
        stderr.contains(&database.display().to_string()),
        "names the path: {stderr}"
    );
    assert!(
        stderr.contains("move it aside"),
        "says what to do: {stderr}"
    );
}

#[test]
fn missing_seeds_and_no_database_is_a_clear_startup_error() {
    let scratch = Scratch::new();
    let (ok, stderr) = serve_and_wait(
        &scratch.database(),
        &scratch.dir.path().join("no-seeds-here"),
    );
    assert!(!ok);
    assert!(stderr.contains("cannot read the seeds"), "{stderr}");
    assert!(stderr.contains("no-seeds-here"), "{stderr}");
}

#[tokio::test]
async fn sigterm_under_load_finishes_requests_in_flight_and_exits_cleanly() {
    let scratch = Scratch::new();
    // No drain period: the listener closes while the clients are still sending (the drain is
    // tested in `readiness`).
    let mut server = Server::start(&scratch.database(), &["--drain-seconds", "0"]);
    let addr = server.addr.clone();
    let stop_at = Instant::now() + Duration::from_millis(1500);
    let mut clients = Vec::new();
    for i in 0..32 {
        let addr = addr.clone();
        clients.push(tokio::spawn(async move {
            let path = if i % 2 == 0 {
                "/search?q=hotline"
            } else {
                "/states/TX"
            };
            let (mut complete, mut refused) = (0, 0);
            while Instant::now() < stop_at {
                let response = http_get(&addr, path).await;
                if response.starts_with("connect error") {
                    // The listener has closed: the stop has begun. Wait for the deadline
                    // without spinning.
                    refused += 1;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                }
                if response.starts_with("read error")
                    || response.starts_with("write error")
                    || response.is_empty()
                {
                    // Accepted by the kernel after the stop began but never handed to the
                    // server: nothing was in flight, so nothing was cut short.
                    refused += 1;
                    continue;
                }
                assert!(response.starts_with("HTTP/1.1 200"), "{response:.300}");
                assert!(
                    response.trim_end().ends_with("</html>"),
                    "a response was cut short: {response:.300}"
                );
                complete += 1;
            }
            (complete, refused)
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    crate::common::sigterm(&server.child);
    let mut complete = 0;
    for client in clients {
        complete += client.await.unwrap().0;
    }
    assert!(complete > 0, "no request completed before the stop");
    let status = crate::common::exited(
        &mut server.child,
        Duration::from_secs(30),
        "the server did not stop within 30 s",
    )
    .await;
    assert!(status.success(), "exit status {status}: {}", server.log());
    assert!(server.log().contains("shutting down"));
}

/// Mounts a tmpfs, imports a database into it, remounts it read-only and serves from it.
/// Needs root and mount(8); says SKIPPED where they are not available.
#[tokio::test]
async fn an_imported_database_on_a_read_only_filesystem_still_serves() {
    let scratch = Scratch::new();
    let mount = scratch.dir.path().join("ro");
    std::fs::create_dir_all(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "tmpfs"])
        .arg(&mount)
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: cannot mount a tmpfs here ({mounted:?})");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let database = mount.join("lantern.db");
    lantern::cli::import(&seeds_dir(), &database, lantern::input::MaxBytes::default())
        .await
        .unwrap();
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(remounted.success());
    assert!(lantern::db::is_read_only_filesystem(&database));

    // The catalog can be read-only; the feedback store, which visitors write, cannot.
    let feedback = scratch.feedback_database();
    let server = Server::start(
        &database,
        &["--feedback-database", feedback.to_str().unwrap()],
    );
    let health = http_get(&server.addr, "/healthz").await;
    assert!(
        health.starts_with("HTTP/1.1 200"),
        "{health:.300}\n{}",
        server.log()
    );
    let page = http_get(
        &server.addr,
        "/resources/national-human-trafficking-hotline",
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page:.300}");
    assert!(page.contains("888-373-7888"));
    let search = http_get(&server.addr, "/search?q=hotline").await;
    assert!(search.starts_with("HTTP/1.1 200"), "{search:.300}");
    drop(server);
}

/// A server (in process) on an imported copy of the project's seeds, which a test may edit
/// and import again.
async fn serving_a_copy_of_the_seeds() -> (Scratch, std::path::PathBuf, axum::Router) {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    lantern::cli::import(
        &seeds,
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let db = lantern::db::open_for_reading(&scratch.database(), false)
        .await
        .unwrap();
    let app = lantern::app(lantern::AppState::new(db));
    (scratch, seeds, app)
}

/// A word the catalog does not hold, which `rename_call_911` puts in an entry's name.
const NEW_WORD: &str = "Zebraquokka";

/// Renames the "Call 911" entry in the seeds, imports them, and waits until `path` shows the
/// new name: the server notices a new import within a second, so this polls, with a deadline.
async fn rename_call_911(
    scratch: &Scratch,
    seeds: &std::path::Path,
    app: &axum::Router,
    path: &str,
) -> crate::common::Answer {
    crate::common::edit(
        &seeds.join("hotlines.toml"),
        "name = \"Call 911\"",
        &format!("name = \"Call 911 ({NEW_WORD})\""),
    );
    lantern::cli::import(
        seeds,
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = crate::common::get(app, path).await;
        if answer.body.contains(NEW_WORD) {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "{path} still shows the old catalog: {:.2000}",
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn catalog_pages_come_from_memory_until_an_import_changes_the_catalog() {
    let (scratch, seeds, app) = serving_a_copy_of_the_seeds().await;
    let page = "/resources/call-911";
    let before = crate::common::get(&app, page).await;
    assert!(before.body.contains("Call 911") && !before.body.contains(NEW_WORD));
    rename_call_911(&scratch, &seeds, &app, page).await;
}

/// A search is made afresh every time (`web::cache::recent` says why) and stays private: no
/// validator, `no-store`, nothing a browser or proxy may keep; so it shows the new catalog
/// once an import changes it.
#[tokio::test]
async fn a_search_stays_private_and_follows_an_import() {
    use axum::body::Body;
    use axum::http::{Request, header};

    use crate::common::{get, send};

    let (scratch, seeds, app) = serving_a_copy_of_the_seeds().await;
    let search = "/search?q=zebraquokka+911";
    let first = get(&app, search).await;
    let again = get(&app, search).await;
    for answer in [&first, &again] {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
        assert!(
            !answer.headers.contains_key(header::ETAG),
            "{:?}",
            answer.headers
        );
    }
    assert_eq!(first.body, again.body);
    assert!(
        first.body.contains("zebraquokka 911"),
        "the page shows what was searched"
    );
    assert!(first.body.contains("Call 911") && !first.body.contains(NEW_WORD));
    // Another address is another page: the Spanish one, and another search.
    let spanish = get(&app, "/es/search?q=zebraquokka+911").await;
    assert!(
        spanish.body.contains("<html lang=\"es\""),
        "{:.300}",
        spanish.body
    );
    assert!(
        !get(&app, "/search?q=hotline")
            .await
            .body
            .contains("zebraquokka")
    );
    // Compressed as the browser asks, and still private.
    let compressed = send(
        &app,
        Request::get(search)
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(compressed.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(compressed.headers[header::CACHE_CONTROL], "no-store");

    let changed = rename_call_911(&scratch, &seeds, &app, search).await;
    assert_eq!(changed.headers[header::CACHE_CONTROL], "no-store");
}

/// An API page asked again is answered from memory for a minute, with the headers it was
/// made with (public for a minute, open to every origin, no validator), and shows the new
/// catalog once an import changes it.
#[tokio::test]
async fn a_repeated_api_page_keeps_its_headers_and_follows_an_import() {
    use axum::http::header;

    use crate::common::get;

    let (scratch, seeds, app) = serving_a_copy_of_the_seeds().await;
    let page = "/hsds/services?per_page=100";
    let first = get(&app, page).await;
    let again = get(&app, page).await;
    for answer in [&first, &again] {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "public, max-age=60");
        assert_eq!(answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert!(
            !answer.headers.contains_key(header::ETAG),
            "{:?}",
            answer.headers
        );
    }
    assert_eq!(first.body, again.body);
    assert!(first.body.contains("Call 911") && !first.body.contains(NEW_WORD));
    // Another page of the same list is another answer.
    let second = get(&app, "/hsds/services?per_page=1&page=2").await;
    assert_ne!(second.body, first.body);

    let changed = rename_call_911(&scratch, &seeds, &app, page).await;
    assert_eq!(changed.headers[header::CACHE_CONTROL], "public, max-age=60");
}
