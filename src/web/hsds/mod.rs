//! The Open Referral HSDS 3.0 API, read-only, under `/hsds`, and its OpenAPI description at
//! `/openapi.json`. Other directories (211s, hotlines, state coalitions) reuse the catalog
//! through it, so any site may call it: GET answers carry `Access-Control-Allow-Origin: *`.
//! Errors are JSON too, never a page.
//!
//! The catalog changes only on import. What the lists filter, find and order by is built once
//! per catalog version and kept in memory; the records of the page asked for are read from the
//! database and nested per request (`records`).

pub(super) mod api_error;
pub(super) mod records;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use self::api_error::ApiError;
use self::records::{DateOrder, Form, OrganizationWithServices, Records};
use super::error::AppError;
use super::page::Segment;
use super::state::AppState;
use crate::db::per_catalog::CatalogVersion;
use crate::hsds;

/// The OpenAPI document, kept beside this module so a change to one shows in the other's diff.
const OPENAPI: &str = include_str!("openapi.json");

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 100;
/// Far beyond any real catalog; keeps page × per_page arithmetic trivially safe.
const MAX_PAGE: usize = 1_000_000;

pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/", get(meta))
        .route("/services", get(services))
        .route("/services/{id}", get(service))
        .route("/organizations", get(organizations))
        .route("/organizations/{id}", get(organization))
        .route("/taxonomies", get(taxonomies))
        .route("/taxonomies/{id}", get(taxonomy))
        .route("/taxonomy_terms", get(taxonomy_terms))
        .route("/taxonomy_terms/{id}", get(taxonomy_term))
        .fallback(|| async { ApiError(AppError::NotFound) })
        .method_not_allowed_fallback(|| async { ApiError(AppError::MethodNotAllowed) });
    Router::new()
        .nest("/hsds", api)
        // HSDS documents the root as `/`; with the prefix, a trailing slash is what clients
        // send.
        .route("/hsds/", get(meta))
        .route(
            "/openapi.json",
            get(openapi).fallback(|| async { ApiError(AppError::MethodNotAllowed) }),
        )
}

type ApiResult = Result<Response, ApiError>;

fn json_response(value: &impl Serialize) -> Response {
    let mut response = Json(value).into_response();
    // The catalog changes only on import; a minute of caching spares the server repeat reads.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

/// The API's records for the current catalog, and the version they were built for.
async fn records(state: &AppState) -> Result<RecordsOf, ApiError> {
    let (records, version) = state.hsds.get_with_version(&state.db).await?;
    Ok(RecordsOf { records, version })
}

/// Records of one catalog version. An answer made from them says which version
/// (`RecordsOf::json`): the page cache keeps a page a minute (`cache::recent`) only when its
/// version is the one the cache's pages are for.
struct RecordsOf {
    records: Arc<Records>,
    version: CatalogVersion,
}

impl std::ops::Deref for RecordsOf {
    type Target = Records;

    fn deref(&self) -> &Records {
        &self.records
    }
}

impl RecordsOf {
    /// `value` as the API's JSON answer, made from these records.
    fn json(&self, value: &impl Serialize) -> Response {
        let mut response = json_response(value);
        response.extensions_mut().insert(self.version.clone());
        response
    }
}

/// The query parameters the list endpoints take. Unknown parameters are ignored (clients of
/// other HSDS APIs send some); known ones with a bad value are a 400 that says which.
///
/// One rule for empty values, as openapi.json says: a known parameter sent with no value
/// (`page=`, `full=`, `search=`) is refused like any other value its schema does not allow.
/// Values are read as sent, not trimmed, so what the document allows and what the API
/// accepts are the same strings.
#[derive(Debug, Default)]
struct ListQuery {
    search: Option<String>,
    page: usize,
    per_page: usize,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    /// A day, in the order of the records' dates.
    modified_after: Option<DateOrder>,
    full: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let bad = |message: String| ApiError(AppError::BadRequest(message));
        let mut query = ListQuery {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..ListQuery::default()
        };
        let raw = parts.uri.query().unwrap_or("");
        let mut seen = HashSet::new();
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            // A repeated parameter keeps its first value, as the site's search does.
            if !seen.insert(key.clone()) {
                continue;
            }
            let value = value.as_ref();
            let known = matches!(
                key.as_ref(),
                "search"
                    | "page"
                    | "per_page"
                    | "taxonomy_term_id"
                    | "taxonomy_id"
                    | "organization_id"
                    | "modified_after"
                    | "full"
                    | "format"
            );
            if known && value.is_empty() {
                return Err(bad(format!(
                    "{key} has no value: give it one, or leave it out"
                )));
            }
            match key.as_ref() {
                "search" => query.search = Some(value.to_owned()),
                "page" => {
                    query.page = whole_number(value)
                        .filter(|p| (1..=MAX_PAGE).contains(p))
                        .ok_or_else(|| {
                            bad(format!("page must be a whole number from 1 to {MAX_PAGE}"))
                        })?
                }
                "per_page" => {
                    query.per_page = whole_number(value)
                        .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                        .ok_or_else(|| {
                            bad(format!(
                                "per_page must be a whole number from 1 to {MAX_PER_PAGE}"
                            ))
                        })?
                }
                "taxonomy_term_id" => query.taxonomy_term_id = Some(value.to_owned()),
                "taxonomy_id" => query.taxonomy_id = Some(value.to_owned()),
                "organization_id" => query.organization_id = Some(value.to_owned()),
                "modified_after" => {
                    query.modified_after = Some(modified_after(value).ok_or_else(|| {
                        bad(
                            "modified_after must be a date such as 2024-01-31, or an RFC 3339 \
                             date-time such as 2024-01-31T09:00:00Z"
                                .into(),
                        )
                    })?)
                }
                "full" => {
                    query.full = match value {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(bad("full must be true or false".into())),
                    }
                }
                "format" if value != "json" => {
                    return Err(bad(
                        "format must be json: the only format this API serves".into()
                    ));
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// A page number or size as JSON writes an integer: digits only, no sign or spaces (which
/// Rust's `parse` would take).
fn whole_number(value: &str) -> Option<usize> {
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.parse().ok())
        .flatten()
}

/// `modified_after`: a calendar date (`2024-01-31`) or an RFC 3339 date-time
/// (`2024-01-31T09:00:00Z`, `2024-01-31T09:00:00.5+02:00`), of which the date counts: records
/// carry the day they were last verified, no finer. Returned as the year, month and day, which
/// order as the records' dates do. Any year is a date here, though the catalog's run from 1900.
fn modified_after(value: &str) -> Option<DateOrder> {
    let (date, time) = match value.split_at_checked(10) {
        Some((date, "")) => (date, None),
        Some((date, rest)) => (date, Some(rest.strip_prefix(['T', 't'])?)),
        None => return None,
    };
    let digits = |s: &str, at: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(at)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (
        digits(date, 0..4)?,
        digits(date, 5..7)?,
        digits(date, 8..10)?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&day) {
        return None;
    }
    if let Some(time) = time {
        // hh:mm:ss, an optional fraction, then Z or an offset ±hh:mm (RFC 3339, section 5.6).
        let t = time.as_bytes();
        if t.len() < 9 || t[2] != b':' || t[5] != b':' {
            return None;
        }
        let (hour, minute, second) = (
            digits(time, 0..2)?,
            digits(time, 3..5)?,
            digits(time, 6..8)?,
        );
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &time[8..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits_end = fraction
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(fraction.len());
            if digits_end == 0 {
                return None;
            }
            rest = &fraction[digits_end..];
        }
        match rest {
            "Z" | "z" => {}
            offset => {
                let o = offset.as_bytes();
                if o.len() != 6 || !matches!(o[0], b'+' | b'-') || o[3] != b':' {
                    return None;
                }
                if digits(offset, 1..3)? > 23 || digits(offset, 4..6)? > 59 {
                    return None;
                }
            }
        }
    }
    Some((year as u16, month as u8, day as u8))
}

/// One page of a list, as HSDS 3 pages them. It borrows the records rather than copying them:
/// a page of 100 full services is 700 KB. Fields are in alphabetical order, as before the
/// records were typed.
#[derive(Serialize)]
struct Page<T> {
    contents: Vec<T>,
    empty: bool,
    first_page: bool,
    last_page: bool,
    page_number: usize,
    size: usize,
    total_items: usize,
    total_pages: usize,
}

impl<T> Page<T> {
    /// The same page with each item made into what it stands for.
    fn with_contents<U>(self, contents: Vec<U>) -> Page<U> {
        Page {
            contents,
            empty: self.empty,
            first_page: self.first_page,
            last_page: self.last_page,
            page_number: self.page_number,
            size: self.size,
            total_items: self.total_items,
            total_pages: self.total_pages,
        }
    }
}

fn page<T>(items: Vec<T>, query: &ListQuery) -> Page<T> {
    let total = items.len();
    let total_pages = total.div_ceil(query.per_page);
    let contents: Vec<T> = items
        .into_iter()
        .skip((query.page - 1) * query.per_page)
        .take(query.per_page)
        .collect();
    Page {
        empty: contents.is_empty(),
        first_page: query.page == 1,
        last_page: query.page >= total_pages,
        page_number: query.page,
        size: contents.len(),
        total_items: total,
        total_pages,
        contents,
    }
}

/// `/hsds/`: what this API is. Fields in alphabetical order, as it has always written them.
#[derive(Serialize)]
struct About {
    openapi_url: String,
    profile: &'static str,
    publisher: Publisher,
    version: &'static str,
}

#[derive(Serialize)]
struct Publisher {
    name: &'static str,
    url: String,
}

async fn meta(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = super::feeds::base_url(&state, &headers);
    let mut response = json_response(&About {
        openapi_url: format!("{base}/openapi.json"),
        profile: "https://docs.openreferral.org/en/3.0/",
        publisher: Publisher {
            name: "Lantern",
            url: format!("{base}/about"),
        },
        version: hsds::VERSION,
    });
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        super::feeds::cache_control_for_absolute_urls(&state),
    );
    response
}

async fn openapi() -> Response {
    let mut response = ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

async fn services(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let services = &records.services;
    // With words, the site's search decides what matches and in what order.
    let order: Vec<u32> = match &query.search {
        Some(words) => state
            .search
            .matching_slugs(words)
            .await?
            .iter()
            .filter_map(|slug| services.by_slug(slug))
            .collect(),
        None => (0..services.len() as u32).collect(),
    };
    // A term or taxonomy no record has matches nothing.
    let term = match &query.taxonomy_term_id {
        Some(id) => Some(records.term_index.get(id).copied().ok_or(())),
        None => None,
    };
    let organization = match &query.organization_id {
        Some(id) => Some(records.organization_index.get(id).copied().ok_or(())),
        None => None,
    };
    let after = query.modified_after;
    let positions: Vec<u32> = order
        .into_iter()
        .filter(|&s| term.is_none_or(|t| t.is_ok_and(|t| services.has_term(s, |u| u == t))))
        .filter(|&s| {
            query.taxonomy_id.as_ref().is_none_or(|taxonomy| {
                services.has_term(s, |t| {
                    records.terms[t].taxonomy_id.as_ref() == Some(taxonomy)
                })
            })
        })
        .filter(|&s| {
            organization.is_none_or(|o| o.is_ok_and(|o| services.organization(s) == Some(o)))
        })
        .filter(|&s| after.is_none_or(|after| services.verified_on_or_after(s, after)))
        .collect();
    let page = page(positions, &query);
    let built = records.services(&state.db, &page.contents).await?;
    let contents = (built.iter())
        .map(|s| match query.full {
            true => Form::Full(s),
            false => Form::Listed(&s.listed),
        })
        .collect();
    let page = page.with_contents(contents);
    Ok(match query.search {
        // Not kept (no version said): the words are someone's search, which a page answered
        // from memory would betray by its speed (see `cache::recent`), and the order came
        // from the site's search data, checked against the catalog on its own schedule.
        Some(_) => json_response(&page),
        None => records.json(&page),
    })
}

async fn service(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let position = (records.services.by_id(&id)).ok_or(ApiError(AppError::NotFound))?;
    let built = records.services(&state.db, &[position]).await?;
    let record = built.first().ok_or(ApiError(AppError::NotFound))?;
    Ok(records.json(record))
}

async fn organizations(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let words = query.search.as_deref().map(str::to_lowercase);
    let items: Vec<_> = records
        .organizations
        .iter()
        .filter(|o| {
            words.as_ref().is_none_or(|words| {
                let o = &o.row;
                [
                    Some(&o.name),
                    o.alternate_name.as_ref(),
                    Some(&o.description),
                ]
                .into_iter()
                .flatten()
                .any(|text| text.to_lowercase().contains(words.as_str()))
            })
        })
        .map(|o| match query.full {
            true => Form::Full(o),
            false => Form::Listed(&o.row),
        })
        .collect();
    Ok(records.json(&page(items, &query)))
}

async fn organization(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let organization = lookup(&records.organizations, &records.organization_index, &id)?;
    let at = records.organization_index[&id];
    // An organization's page lists what it provides.
    let positions: Vec<u32> = (0..records.services.len() as u32)
        .filter(|&s| records.services.organization(s) == Some(at))
        .collect();
    let built = records.services(&state.db, &positions).await?;
    Ok(records.json(&OrganizationWithServices {
        organization,
        services: built.iter().map(|s| &s.listed).collect(),
    }))
}

async fn taxonomies(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let items = records
        .taxonomies
        .iter()
        .filter(|t| holds_words(&[Some(&t.name), Some(&t.description)], &query))
        .collect();
    Ok(records.json(&page(items, &query)))
}

async fn taxonomy(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let taxonomy = lookup(&records.taxonomies, &records.taxonomy_index, &id)?;
    Ok(records.json(taxonomy))
}

async fn taxonomy_terms(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let items = records
        .terms
        .iter()
        .filter(|t| {
            query
                .taxonomy_id
                .as_ref()
                .is_none_or(|id| t.taxonomy_id.as_ref() == Some(id))
        })
        .filter(|t| {
            holds_words(
                &[Some(&t.name), t.code.as_ref(), Some(&t.description)],
                &query,
            )
        })
        .collect();
    Ok(records.json(&page(items, &query)))
}

async fn taxonomy_term(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let term = lookup(&records.terms, &records.term_index, &id)?;
    Ok(records.json(term))
}

/// The record with `id`, or a 404.
fn lookup<'a, T>(
    records: &'a [T],
    index: &HashMap<String, usize>,
    id: &str,
) -> Result<&'a T, ApiError> {
    index
        .get(id)
        .map(|&i| &records[i])
        .ok_or(ApiError(AppError::NotFound))
}

/// Whether one of a taxonomy or term's texts (name, code, description) holds the search words.
fn holds_words(texts: &[Option<&String>], query: &ListQuery) -> bool {
    let Some(words) = &query.search else {
        return true;
    };
    let words = words.to_lowercase();
    texts
        .iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&words))
}
