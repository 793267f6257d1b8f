//! For machines: `/robots.txt`, `/sitemap.xml` (every public page in each language, with its
//! other-language alternates and the date its record was last verified) and `/feed.xml`
//! (Atom: entries newest-verified first, in English, like the open data).
//!
//! These need absolute addresses. They come from `--public-url` when the operator gives one,
//! else from the request's Host header, accepted only when it looks like a host name; then
//! shared caches are told not to keep them (see [`cache_control_for_absolute_urls`]).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::SqlitePool;

use super::cache::catalog::{CatalogPages, Listing};
use super::error::AppError;
use super::state::AppState;
use crate::lang::Lang;

/// The sitemap lists the registered catalog pages.
pub fn router(catalog: CatalogPages) -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route(
            "/sitemap.xml",
            get(move |state, headers| sitemap(state, headers, catalog)),
        )
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

/// What shared caches are told of a response holding absolute addresses. From
/// `--public-url` they are the same for everyone, so a CDN may keep them; from a request's
/// Host they are whatever that request claimed, and a CDN keeping one (`Host:
/// attacker.example`) would serve the attacker's addresses to everyone, so only the browser
/// that asked may keep it.
pub(super) fn cache_control_for_absolute_urls(state: &AppState) -> HeaderValue {
    if state.public_url.is_some() {
        HeaderValue::from_static("public, max-age=300")
    } else {
        HeaderValue::from_static("private, max-age=300")
    }
}

/// XML's escaping, for the `.xml` templates (see `askama.toml`).
#[derive(Debug, Clone, Copy)]
pub struct Xml;

impl askama::filters::Escaper for Xml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        let mut rest = text;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            dest.write_str(&rest[..at])?;
            dest.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&apos;",
            })?;
            rest = &rest[at + 1..];
        }
        dest.write_str(rest)
    }
}

/// A response that names the site's absolute address (see [`cache_control_for_absolute_urls`]).
fn typed(state: &AppState, content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                cache_control_for_absolute_urls(state),
            ),
        ],
        body,
    )
        .into_response()
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    // Search results are for people; crawling every query would only load the server.
    typed(
        &state,
        "text/plain; charset=utf-8",
        format!("User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n"),
    )
}

/// One page in the sitemap.
struct SitemapPage {
    path: String,
    /// The date its record was last verified, as a W3C date.
    lastmod: Option<String>,
}

/// Every registered catalog page, and the date that bears on it where there is one.
async fn pages(db: &SqlitePool, catalog: &CatalogPages) -> Result<Vec<SitemapPage>, sqlx::Error> {
    let mut pages = Vec::new();
    for page in catalog.iter() {
        match page.listing {
            Listing::Itself => pages.push(SitemapPage {
                path: page.route.to_owned(),
                lastmod: None,
            }),
            Listing::EachOf(query) => {
                let rows: Vec<(String, Option<String>)> =
                    sqlx::query_as(query).fetch_all(db).await?;
                pages.extend(rows.into_iter().map(|(path, date)| SitemapPage {
                    path,
                    lastmod: date.as_deref().map(w3c_date),
                }));
            }
        }
    }
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

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    base: String,
    pages: Vec<SitemapPage>,
}

impl SitemapPage {
    /// The page in every language, as the sitemap lists it: each address has its own `<url>`
    /// with the same alternates (search engines ask every version to name all the others).
    fn in_each_language(&self) -> impl Iterator<Item = String> + '_ {
        Lang::ALL.into_iter().map(|lang| lang.href(&self.path))
    }

    fn alternates(&self) -> [(&'static str, String); 3] {
        Lang::alternates(&self.path)
    }
}

async fn sitemap(
    State(state): State<AppState>,
    headers: HeaderMap,
    catalog: CatalogPages,
) -> Result<Response, AppError> {
    let sitemap = Sitemap {
        base: base_url(&state, &headers),
        pages: pages(&state.db, &catalog).await?,
    };
    Ok(typed(
        &state,
        "application/xml; charset=utf-8",
        sitemap.render()?,
    ))
}

/// One resource in the feed.
struct FeedEntry {
    slug: String,
    name: String,
    summary: String,
    /// When it was last verified, as a W3C date.
    updated: String,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select slug, name, summary, assured_date from resources order by assured_date desc, name limit 100",
    )
    .fetch_all(&state.db)
    .await?;
    let entries: Vec<FeedEntry> = rows
        .into_iter()
        .map(|(slug, name, summary, date)| FeedEntry {
            slug,
            name,
            summary,
            updated: w3c_date(&date),
        })
        .collect();
    let feed = Feed {
        base: base_url(&state, &headers),
        updated: entries
            .first()
            .map_or_else(|| "1970-01-01".to_owned(), |e| e.updated.clone()),
        entries,
    };
    Ok(typed(
        &state,
        "application/atom+xml; charset=utf-8",
        feed.render()?,
    ))
}
