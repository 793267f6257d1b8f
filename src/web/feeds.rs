//! For machines: `/robots.txt`, `/sitemap.xml` (every public page, with the date its record
//! was last verified) and `/feed.xml` (Atom: entries newest-verified first).
//!
//! These need absolute addresses. They come from `--public-url` when the operator gives one,
//! else from the request's Host header, accepted only when it looks like a host name.

use std::fmt::Write;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::SqlitePool;

use super::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/feed.xml", get(feed))
}

/// The site's address without a trailing slash: "https://lantern.example.org".
pub(super) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.behind_tls { "https" } else { "http" };
    format!("{scheme}://{host}")
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn typed(content_type: &'static str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    // Search results are for people; crawling every query would only load the server.
    typed(
        "text/plain; charset=utf-8",
        format!("User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n"),
    )
}

/// Every page and the date that bears on it, where there is one.
async fn pages(db: &SqlitePool) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    let mut pages: Vec<(String, Option<String>)> = [
        "/",
        "/help",
        "/kinds",
        "/topics",
        "/states",
        "/organizations",
        "/about",
        "/safety",
        "/open-data",
    ]
    .iter()
    .map(|p| ((*p).to_owned(), None))
    .collect();
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "select '/kinds/' || slug, null from kinds
         union all select '/kinds/' || slug || '/matrix', null from kinds where slug = 'training'
         union all select '/topics/' || slug, null from topics
         union all select '/states/' || code, null from states
         union all select '/states/' || code || '/card', null from states
         union all select '/organizations/' || slug, assured_date from organizations
         union all select '/resources/' || slug, assured_date from resources",
    )
    .fetch_all(db)
    .await?;
    pages.extend(rows);
    Ok(pages)
}

/// W3C dates: a month-only date ("2020-12") is given as its first day.
fn w3c_date(date: &str) -> String {
    if date.len() == 7 {
        format!("{date}-01")
    } else {
        date.to_owned()
    }
}

async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let base = base_url(&state, &headers);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, date) in pages(&state.db).await? {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{base}{path}"))
        );
        if let Some(date) = date {
            let _ = write!(xml, "<lastmod>{}</lastmod>", w3c_date(&date));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok(typed("application/xml; charset=utf-8", xml))
}

async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let base = base_url(&state, &headers);
    let entries: Vec<(String, String, String, String)> = sqlx::query_as(
        "select slug, name, summary, assured_date from resources order by assured_date desc, name limit 100",
    )
    .fetch_all(&state.db)
    .await?;
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01".to_owned(), |e| w3c_date(&e.3));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \
         <title>Lantern: anti-human-trafficking resources</title>\n  <id>{base}/</id>\n  \
         <link href=\"{base}/\"/>\n  <link rel=\"self\" href=\"{base}/feed.xml\"/>\n  \
         <updated>{updated}T00:00:00Z</updated>\n  <author><name>Lantern</name></author>\n",
        base = xml_escape(&base)
    );
    for (slug, name, summary, date) in entries {
        let url = xml_escape(&format!("{base}/resources/{slug}"));
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    \
             <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&name),
            w3c_date(&date),
            xml_escape(&summary),
        );
    }
    xml.push_str("</feed>\n");
    Ok(typed("application/atom+xml; charset=utf-8", xml))
}
