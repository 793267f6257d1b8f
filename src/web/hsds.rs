//! The Open Referral HSDS 3.0 API, read-only, under `/hsds`, and its OpenAPI description at
//! `/openapi.json`. Other directories (211s, hotlines, state coalitions) reuse the catalog
//! through it, so any site may call it: GET answers carry `Access-Control-Allow-Origin: *`.
//! Errors are JSON too, never a page.
//!
//! The catalog is small and changes only on import, so the API answers from the HSDS records
//! built once per catalog version and kept in memory (`PerCatalog`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sqlx::SqlitePool;

use super::{AppError, AppState, Segment};
use crate::catalog::Date;
use crate::db;
use crate::db::per_catalog::{PerCatalog, off_the_runtime};
use crate::hsds::{self, Tables};

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

/// Whether a path belongs to the API, whose errors are JSON.
pub fn is_api_path(path: &str) -> bool {
    path == "/hsds" || path.starts_with("/hsds/") || path == "/openapi.json"
}

/// An `AppError` said as JSON: `{"error": "...", "detail": "..."}`.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

/// Any origin may read the API, errors included (`front` says so on every API response).
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json_response()
    }
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

/// The API's records for one catalog version.
pub struct Records {
    services: Vec<ServiceRecord>,
    service_index: HashMap<String, usize>,
    service_by_slug: HashMap<String, usize>,
    organizations: Vec<(Value, Value)>,
    organization_index: HashMap<String, usize>,
    taxonomies: Vec<Value>,
    taxonomy_index: HashMap<String, usize>,
    terms: Vec<Value>,
    term_index: HashMap<String, usize>,
    /// Term ID → its taxonomy's ID.
    term_taxonomy: HashMap<String, String>,
}

struct ServiceRecord {
    organization_id: Option<String>,
    term_ids: HashSet<String>,
    assured: Option<Date>,
    listed: Value,
    full: Value,
}

fn to_object(value: &impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(value).expect("HSDS rows serialize") {
        Value::Object(map) => map,
        _ => unreachable!("rows are structs"),
    }
}

impl Records {
    /// Reads the catalog, then builds the records on the blocking pool (seconds of CPU for a
    /// large catalog).
    pub async fn load(pool: &SqlitePool) -> Result<Records, sqlx::Error> {
        let catalog = db::load_catalog(pool).await?;
        Ok(off_the_runtime(move || Records::from_tables(&Tables::from_catalog(&catalog))).await)
    }

    fn from_tables(tables: &Tables) -> Records {
        let terms: Vec<Value> = tables
            .taxonomy_term
            .iter()
            .map(|t| Value::Object(to_object(t)))
            .collect();
        let term_index: HashMap<String, usize> = tables
            .taxonomy_term
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let mut attributes: HashMap<&str, Vec<Value>> = HashMap::new();
        for attribute in &tables.attribute {
            let mut object = to_object(attribute);
            if let Some(&i) = term_index.get(&attribute.taxonomy_term_id) {
                object.insert("taxonomy_term".into(), terms[i].clone());
            }
            attributes
                .entry(attribute.link_id.as_str())
                .or_default()
                .push(Value::Object(object));
        }
        let mut attributes_of = |id: &str| Value::Array(attributes.remove(id).unwrap_or_default());

        let mut phones: HashMap<&str, Vec<Value>> = HashMap::new();
        for phone in &tables.phone {
            let mut object = to_object(phone);
            object.insert("attributes".into(), attributes_of(&phone.id));
            phones
                .entry(phone.service_id.as_deref().unwrap_or(""))
                .or_default()
                .push(Value::Object(object));
        }
        let mut areas: HashMap<&str, Vec<Value>> = HashMap::new();
        for area in &tables.service_area {
            areas
                .entry(area.service_id.as_deref().unwrap_or(""))
                .or_default()
                .push(Value::Object(to_object(area)));
        }

        let organizations: Vec<(Value, Value)> = tables
            .organization
            .iter()
            .map(|o| {
                let listed = Value::Object(to_object(o));
                let mut full = to_object(o);
                full.insert("attributes".into(), attributes_of(&o.id));
                (listed, Value::Object(full))
            })
            .collect();
        let organization_index: HashMap<String, usize> = tables
            .organization
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();

        let mut services = Vec::new();
        let mut service_by_slug = HashMap::new();
        for service in &tables.service {
            let mut listed = to_object(service);
            if let Some(&i) = service
                .organization_id
                .as_ref()
                .and_then(|id| organization_index.get(id))
            {
                listed.insert("organization".into(), organizations[i].0.clone());
            }
            let service_attributes = attributes_of(&service.id);
            let term_ids = service_attributes
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["taxonomy_term_id"].as_str().map(str::to_owned))
                .collect();
            if let Some(slug) = service_attributes
                .as_array()
                .into_iter()
                .flatten()
                .find(|a| {
                    a["taxonomy_term"]["code"] == hsds::tables::field::SLUG
                        && a["taxonomy_term"]["taxonomy"] == hsds::tables::FIELDS
                })
                .and_then(|a| a["value"].as_str())
            {
                service_by_slug.insert(slug.to_owned(), services.len());
            }
            let mut full = listed.clone();
            full.insert(
                "phones".into(),
                Value::Array(phones.remove(service.id.as_str()).unwrap_or_default()),
            );
            full.insert(
                "service_areas".into(),
                Value::Array(areas.remove(service.id.as_str()).unwrap_or_default()),
            );
            full.insert("attributes".into(), service_attributes);
            services.push(ServiceRecord {
                organization_id: service.organization_id.clone(),
                term_ids,
                assured: service.assured_date.as_deref().and_then(|d| d.parse().ok()),
                listed: Value::Object(listed),
                full: Value::Object(full),
            });
        }
        let service_index = tables
            .service
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Records {
            services,
            service_index,
            service_by_slug,
            organizations,
            organization_index,
            taxonomies: tables
                .taxonomy
                .iter()
                .map(|t| Value::Object(to_object(t)))
                .collect(),
            taxonomy_index: tables
                .taxonomy
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.clone(), i))
                .collect(),
            term_taxonomy: tables
                .taxonomy_term
                .iter()
                .filter_map(|t| Some((t.id.clone(), t.taxonomy_id.clone()?)))
                .collect(),
            terms,
            term_index,
        }
    }
}

/// The per-catalog records, shared by every request.
#[derive(Clone, Default)]
pub struct ApiRecords(Arc<PerCatalog<Records>>);

impl ApiRecords {
    /// The records for the current catalog, built (once, however many ask) when it changed.
    pub async fn get(&self, db: &SqlitePool) -> Result<Arc<Records>, sqlx::Error> {
        self.0.get(db, || Records::load(db)).await
    }

    /// How many times the records were built (once per catalog version).
    pub fn builds(&self) -> u64 {
        self.0.builds()
    }
}

async fn records(state: &AppState) -> Result<Arc<Records>, ApiError> {
    Ok(state.hsds.get(&state.db).await?)
}

/// The query parameters the list endpoints take. Unknown parameters are ignored (clients of
/// other HSDS APIs send some); known ones with a bad value are a 400 that says which.
#[derive(Debug, Default)]
struct ListQuery {
    search: Option<String>,
    page: usize,
    per_page: usize,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    modified_after: Option<Date>,
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
            let value = value.trim();
            match key.as_ref() {
                "search" if !value.is_empty() => query.search = Some(value.to_owned()),
                "page" => {
                    query.page = value
                        .parse()
                        .ok()
                        .filter(|p| (1..=MAX_PAGE).contains(p))
                        .ok_or_else(|| {
                            bad(format!("page must be a whole number from 1 to {MAX_PAGE}"))
                        })?
                }
                "per_page" => {
                    query.per_page = value
                        .parse()
                        .ok()
                        .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                        .ok_or_else(|| {
                            bad(format!(
                                "per_page must be a whole number from 1 to {MAX_PER_PAGE}"
                            ))
                        })?
                }
                "taxonomy_term_id" if !value.is_empty() => {
                    query.taxonomy_term_id = Some(value.to_owned())
                }
                "taxonomy_id" if !value.is_empty() => query.taxonomy_id = Some(value.to_owned()),
                "organization_id" if !value.is_empty() => {
                    query.organization_id = Some(value.to_owned())
                }
                "modified_after" if !value.is_empty() => {
                    // A date, or a date-time of which the date counts: records carry the day
                    // they were last verified, no finer.
                    let date = value.get(..10).unwrap_or(value);
                    query.modified_after = Some(date.parse().map_err(|_| {
                        bad(
                            "modified_after must be a date such as 2024-01-31 (or a date-time)"
                                .into(),
                        )
                    })?)
                }
                "full" => {
                    query.full = match value {
                        "true" | "1" | "" => true,
                        "false" | "0" => false,
                        _ => return Err(bad("full must be true or false".into())),
                    }
                }
                "format" if !matches!(value, "" | "json") => {
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

/// The HSDS paging envelope around one page of `items`.
/// One page of a list, as HSDS 3 pages them. It borrows the records rather than copying them
/// into a new JSON tree: a page of 100 full services is 700 KB. Fields are in alphabetical
/// order, as a JSON object's keys are written.
#[derive(Serialize)]
struct Page<'a> {
    contents: Vec<&'a Value>,
    empty: bool,
    first_page: bool,
    last_page: bool,
    page_number: usize,
    size: usize,
    total_items: usize,
    total_pages: usize,
}

fn page<'a>(items: Vec<&'a Value>, query: &ListQuery) -> Page<'a> {
    let total = items.len();
    let total_pages = total.div_ceil(query.per_page);
    let contents: Vec<&Value> = items
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

async fn meta(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = super::feeds::base_url(&state, &headers);
    json_response(&json!({
        "version": hsds::VERSION,
        "profile": "https://docs.openreferral.org/en/3.0/",
        "openapi_url": format!("{base}/openapi.json"),
        "publisher": {
            "name": "Lantern",
            "url": format!("{base}/about"),
        },
    }))
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
    // With words, the site's search decides what matches and in what order.
    let order: Vec<usize> = match &query.search {
        Some(words) => state
            .search
            .matching_slugs(words)
            .await?
            .iter()
            .filter_map(|slug| records.service_by_slug.get(slug).copied())
            .collect(),
        None => (0..records.services.len()).collect(),
    };
    let items: Vec<&Value> = order
        .into_iter()
        .map(|i| &records.services[i])
        .filter(|s| {
            query
                .taxonomy_term_id
                .as_ref()
                .is_none_or(|t| s.term_ids.contains(t))
        })
        .filter(|s| {
            query.taxonomy_id.as_ref().is_none_or(|taxonomy| {
                s.term_ids
                    .iter()
                    .any(|t| records.term_taxonomy.get(t) == Some(taxonomy))
            })
        })
        .filter(|s| {
            query
                .organization_id
                .as_ref()
                .is_none_or(|o| s.organization_id.as_ref() == Some(o))
        })
        .filter(|s| {
            query
                .modified_after
                .is_none_or(|after| s.assured.is_some_and(|d| d >= after))
        })
        .map(|s| if query.full { &s.full } else { &s.listed })
        .collect();
    Ok(json_response(&page(items, &query)))
}

async fn service(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let record = lookup(&records.services, &records.service_index, &id)?;
    Ok(json_response(&record.full))
}

async fn organizations(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let words = query.search.as_deref().map(str::to_lowercase);
    let items: Vec<&Value> = records
        .organizations
        .iter()
        .filter(|(listed, _)| {
            words.as_ref().is_none_or(|words| {
                ["name", "alternate_name", "description"].iter().any(|f| {
                    listed[f]
                        .as_str()
                        .is_some_and(|text| text.to_lowercase().contains(words.as_str()))
                })
            })
        })
        .map(|(listed, full)| if query.full { full } else { listed })
        .collect();
    Ok(json_response(&page(items, &query)))
}

async fn organization(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let mut full = lookup(&records.organizations, &records.organization_index, &id)?
        .1
        .clone();
    // An organization's page lists what it provides.
    let services: Vec<&Value> = records
        .services
        .iter()
        .filter(|s| s.organization_id.as_deref() == Some(id.as_str()))
        .map(|s| &s.listed)
        .collect();
    full["services"] = json!(services);
    Ok(json_response(&full))
}

async fn taxonomies(State(state): State<AppState>, query: ListQuery) -> ApiResult {
    let records = records(&state).await?;
    let items = records
        .taxonomies
        .iter()
        .filter(|t| matches(t, &query))
        .collect();
    Ok(json_response(&page(items, &query)))
}

async fn taxonomy(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let taxonomy = lookup(&records.taxonomies, &records.taxonomy_index, &id)?;
    Ok(json_response(taxonomy))
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
                .is_none_or(|id| t["taxonomy_id"].as_str() == Some(id))
        })
        .filter(|t| matches(t, &query))
        .collect();
    Ok(json_response(&page(items, &query)))
}

async fn taxonomy_term(State(state): State<AppState>, Segment(id): Segment) -> ApiResult {
    let records = records(&state).await?;
    let term = lookup(&records.terms, &records.term_index, &id)?;
    Ok(json_response(term))
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

/// Whether a taxonomy or term's name, code or description holds the search words.
fn matches(record: &Value, query: &ListQuery) -> bool {
    let Some(words) = &query.search else {
        return true;
    };
    let words = words.to_lowercase();
    ["name", "code", "description"].iter().any(|f| {
        record[f]
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains(&words))
    })
}
