//! Static files, built into the binary and served under fingerprinted names
//! (`/static/style.1a2b3c4d5e.css`) so browsers may cache them for a year: a changed file gets a
//! new name.

use std::sync::LazyLock;

use axum::Router;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::{AppError, AppState, Segment};

struct Asset {
    /// The file's own name in `static/`.
    name: &'static str,
    /// The name it is served under, with its content hash.
    served_as: String,
    href: String,
    etag: String,
    content_type: &'static str,
    body: &'static [u8],
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        (
            "style.css",
            "text/css; charset=utf-8",
            include_bytes!("../../static/style.css").as_slice(),
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
            etag: format!("\"{hash}\""),
            content_type,
            body,
        }
    })
    .collect()
});

/// The address of the static file `name` (as named in `static/`). Templates call this.
pub fn href(name: &str) -> &'static str {
    ASSETS
        .iter()
        .find(|asset| asset.name == name)
        .map(|asset| asset.href.as_str())
        .unwrap_or_else(|| panic!("no static file named {name}"))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

async fn serve(Segment(file): Segment, headers: HeaderMap) -> Result<Response, AppError> {
    let asset = ASSETS
        .iter()
        .find(|asset| asset.served_as == file)
        .ok_or(AppError::NotFound)?;
    let cache = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
        (
            header::ETAG,
            HeaderValue::from_str(&asset.etag).expect("hex is a valid header value"),
        ),
    ];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == asset.etag || tag.trim() == "*")
        });
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        )],
        asset.body,
    )
        .into_response())
}
