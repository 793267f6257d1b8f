//! The baseline for `benches/load.sh`: an axum server that answers `/{bytes}` with a page of
//! that many bytes and nothing else, so each Lantern page is compared with a hello-world of
//! its own size, on the same machine, in the same run.
//!
//! `cargo run --release --example hello -- 127.0.0.1:3100`

use axum::Router;
use axum::extract::Path;
use axum::response::Html;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3100".into());
    let app = Router::new().route(
        "/{bytes}",
        get(|Path(bytes): Path<usize>| async move { Html("x".repeat(bytes.min(1 << 20))) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("hello-world on http://{addr}");
    axum::serve(listener, app).await.expect("serve");
}
