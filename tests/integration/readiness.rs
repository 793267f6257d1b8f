//! `/readyz` and the drain: an instance says it is ready only when it can answer everything,
//! and on SIGTERM says it is not while it goes on serving, so a load balancer moves traffic
//! away before the listener closes.

use std::time::{Duration, Instant};

use lantern::feedback::FeedbackStore;

use crate::common::{Server, get, http_get, imported, sigterm};

#[tokio::test]
async fn ready_only_with_an_index_and_a_feedback_store_and_not_while_draining() {
    let (scratch, state) = imported().await;
    let app = lantern::app(state.clone());
    let answer = get(&app, "/readyz").await;
    assert_eq!(answer.status, 503);
    assert!(answer.body.contains("search index"), "{}", answer.body);

    state.build_per_catalog().await.unwrap();
    let answer = get(&app, "/readyz").await;
    assert_eq!(answer.status, 503);
    assert!(answer.body.contains("feedback store"), "{}", answer.body);

    let store = FeedbackStore::open_file(&scratch.feedback_database())
        .await
        .unwrap();
    let state = state.feedback(store);
    let app = lantern::app(state.clone());
    let answer = get(&app, "/readyz").await;
    assert_eq!(
        (answer.status.as_u16(), answer.body.as_str()),
        (200, "ready")
    );
    // Liveness is another question: it stays 200 throughout.
    assert_eq!(get(&app, "/healthz").await.status, 200);

    state.draining.start();
    let answer = get(&app, "/readyz").await;
    assert_eq!(answer.status, 503);
    assert!(answer.body.contains("shutting down"), "{}", answer.body);
    assert_eq!(get(&app, "/healthz").await.status, 200);
    let page = get(&app, "/help").await;
    assert_eq!(page.status, 200);
    // Each answer closes its connection, so a proxy stops reusing it before the listener
    // closes (a POST sent on a connection as it closes would be lost, not retried).
    assert_eq!(page.headers[axum::http::header::CONNECTION], "close");
}

#[tokio::test]
async fn a_stopping_server_turns_unready_at_once_and_keeps_serving_for_the_drain() {
    let scratch = crate::common::Scratch::new();
    let mut server = Server::start(&scratch.database(), &["--drain-seconds", "60"]);
    let ready = http_get(&server.addr, "/readyz").await;
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready:.300}");

    sigterm(&server.child);
    // The signal is handled on another thread: ask until the answer changes.
    let asked_until = Instant::now() + Duration::from_secs(10);
    let unready = loop {
        let answer = http_get(&server.addr, "/readyz").await;
        if !answer.starts_with("HTTP/1.1 200") || Instant::now() > asked_until {
            break answer;
        }
    };
    assert!(unready.starts_with("HTTP/1.1 503"), "{unready:.300}");
    assert!(unready.contains("shutting down"), "{unready:.300}");
    // Still serving: pages, search and the liveness check.
    for path in ["/healthz", "/help", "/search?q=hotline", "/es/help"] {
        let page = http_get(&server.addr, path).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{path}: {page:.300}");
    }
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "stopped before the drain ended"
    );
    let log = server.log_once_it_has("draining", Duration::from_secs(10));
    assert!(log.contains("draining"), "{log}");

    // A second signal cuts the drain short; the server then stops as it always has.
    sigterm(&server.child);
    let status = crate::common::exited(
        &mut server.child,
        Duration::from_secs(30),
        "did not stop after a second SIGTERM",
    )
    .await;
    assert!(status.success(), "exit status {status}: {}", server.log());
}
