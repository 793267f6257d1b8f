//! The server loop on a real socket, in this process: a client that stops reading is dropped
//! after the write timeout and the response it held is freed; connections past the cap wait
//! in the backlog; the health check answers while the in-flight limit is saturated.

use std::net::SocketAddr;
use std::time::Duration;

use lantern::AppState;
use lantern::server::{Limits, OpenConnections, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::common::imported;

/// Long enough for any test to finish when nothing goes wrong; a failing one fails then.
const PATIENCE: Duration = Duration::from_secs(30);

struct Running {
    addr: SocketAddr,
    open: OpenConnections,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop.take().map(|stop| stop.send(()));
    }
}

async fn serve(state: AppState, limits: Limits) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Server::new(listener, lantern::app(state), limits);
    let open = server.open_connections();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        open,
        stop: Some(stop),
    }
}

/// Waits, looking every few milliseconds, until `ready` holds; fails the test after PATIENCE.
async fn eventually(mut ready: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !ready() {
        assert!(tokio::time::Instant::now() < deadline, "never came to pass");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut response))
        .await
        .expect("an answer")
        .unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped_and_its_response_freed() {
    let (_scratch, state) = imported().await;
    let limits = Limits {
        write_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let mut server = serve(state.clone(), limits).await;

    // A small receive window, and a hundred large API pages asked for at once and never
    // read: far more than the kernel's buffers hold, so the server's writes stall.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stalled = socket.connect(server.addr).await.unwrap();
    let one = "GET /hsds/services?per_page=100&full=true HTTP/1.1\r\nHost: test\r\n\r\n";
    stalled.write_all(one.repeat(100).as_bytes()).await.unwrap();
    server.open.until(|&open| open == 1).await;
    // The response it is not taking holds its bytes, and they count against the budget.
    eventually(|| state.response_memory.in_use() > 0).await;

    // While it stalls, everyone else is served.
    assert!(
        get(server.addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 200")
    );
    let page = get(server.addr, "/hsds/services?per_page=100&full=true").await;
    assert!(page.starts_with("HTTP/1.1 200"), "{}", &page[..80]);

    // The stalled connection is closed by the server, not held for as long as the client likes.
    tokio::time::timeout(PATIENCE, server.open.until(|&open| open == 0))
        .await
        .expect("the stalled connection was dropped after the write timeout");
    // And the response it was being sent no longer holds memory.
    assert_eq!(state.response_memory.in_use(), 0);
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_until_one_closes() {
    let (_scratch, state) = imported().await;
    let limits = Limits {
        max_connections: 2,
        header_read_timeout: PATIENCE,
        ..Limits::default()
    };
    let mut server = serve(state, limits).await;
    let first = TcpStream::connect(server.addr).await.unwrap();
    let _second = TcpStream::connect(server.addr).await.unwrap();
    server.open.until(|&open| open == 2).await;

    // The kernel completes the third handshake (the backlog), but the server does not take
    // the connection: the request sits unanswered.
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0; 1];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut byte)).await;
    assert!(early.is_err(), "answered past the cap: {early:?}");
    assert_eq!(server.open.now(), 2);

    // One closes; the third is taken and answered.
    drop(first);
    let mut response = Vec::new();
    tokio::time::timeout(PATIENCE, third.read_to_end(&mut response))
        .await
        .expect("answered once a place was free")
        .unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(server.open.now() <= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_on_a_socket_while_the_in_flight_limit_is_saturated() {
    let (_scratch, state) = imported().await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(state.db.acquire().await.unwrap());
    }
    let server = serve(state.max_in_flight(0), Limits::default()).await;
    let search = get(server.addr, "/search?q=hotline").await;
    assert!(search.starts_with("HTTP/1.1 503"), "{}", &search[..40]);
    let health = get(server.addr, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("\r\n\r\nok"), "{health}");
    drop(held);
}

#[tokio::test]
async fn kept_pages_hold_no_share_of_the_response_budget() {
    let (_scratch, state) = imported().await;
    let app = lantern::app(state.clone());
    for uri in [
        "/",
        "/help",
        "/help?state=TX",
        "/resources/call-911",
        "/states/TX",
    ] {
        for encoding in ["br", "gzip", "identity"] {
            let request = axum::http::Request::get(uri)
                .header("accept-encoding", encoding)
                .body(axum::body::Body::empty())
                .unwrap();
            let answer = crate::common::send(&app, request).await;
            assert_eq!(answer.status, 200, "{uri}");
        }
    }
    // Every response has been read and dropped; the pages themselves stay kept, and must not
    // keep the budget that per-request responses need.
    assert_eq!(state.response_memory.in_use(), 0);
}
