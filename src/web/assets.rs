//! Static files, built into the binary and served under fingerprinted names
//! (`/static/style.1a2b3c4d5e.css`) so browsers may cache them for a year: a changed file gets a
//! new name.

use std::sync::LazyLock;

use axum::Router;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::cache::kept_body::{ClientAccepts, KeptBody};
use super::error::AppError;
use super::page::Segment;
use super::state::AppState;

struct Asset {
    /// The file's own name in `static/`.
    name: &'static str,
    /// The name it is served under, with its content hash.
    served_as: String,
    href: String,
    /// The file in every encoding, with its ETag.
    stored: KeptBody,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        (
            "style.css",
            "text/css; charset=utf-8",
            include_bytes!("../../static/style.css").as_slice(),
        ),
        (
            "card.css",
            "text/css; charset=utf-8",
            include_bytes!("../../static/card.css").as_slice(),
        ),
        (
            "quick-exit.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../../static/quick-exit.js").as_slice(),
        ),
        (
            "icon.svg",
            "image/svg+xml",
            include_bytes!("../../static/icon.svg").as_slice(),
        ),
    ]
    .into_iter()
    .map(|(name, content_type, body)| {
        let hash: String = Sha256::digest(body)[..5]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let (stem, extension) = name.rsplit_once('.').expect("asset names have extensions");
        let served_as = format!("{stem}.{hash}.{extension}");
        Asset {
            name,
            href: format!("/static/{served_as}"),
            served_as,
            stored: KeptBody::new(
                Bytes::from_static(body),
                content_type,
                "public, max-age=31536000, immutable",
            ),
        }
    })
    .collect()
});

/// The address of the static file `name` (as named in `static/`). Templates call this (with
/// `?`), so a misspelt name fails the page's render, a 500 that names the file in the log,
/// rather than panicking.
pub fn href(name: &str) -> Result<&'static str, UnknownAsset> {
    ASSETS
        .iter()
        .find(|asset| asset.name == name)
        .map(|asset| asset.href.as_str())
        .ok_or_else(|| UnknownAsset(name.to_owned()))
}

/// A template named a static file there is none of.
#[derive(Debug, thiserror::Error)]
#[error("no static file named {0}")]
pub struct UnknownAsset(String);

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

async fn serve(Segment(file): Segment, headers: HeaderMap) -> Result<Response, AppError> {
    let asset = ASSETS
        .iter()
        .find(|asset| asset.served_as == file)
        .ok_or(AppError::NotFound)?;
    Ok(asset.stored.respond(&ClientAccepts::of(&headers)))
}
