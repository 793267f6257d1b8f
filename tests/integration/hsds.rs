//! Open data: the HSDS API validated against the official HSDS 3.0.0 schemas, export and import
//! round trips, the HSDS importer's named errors, the OpenAPI document, CORS and JSON errors.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;

use lantern::export::ExportFormat;

use crate::common::{
    Answer, Scratch, Server, count, edit, http_get, imported, package_to_break, seeds_dir, send,
    shared_dir,
};

fn json(answer: &Answer) -> Value {
    serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {:.300}", answer.body))
}

async fn request(app: &axum::Router, method: Method, uri: &str) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

async fn get_json(app: &axum::Router, uri: &str) -> Value {
    let answer = request(app, Method::GET, uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {:.300}", answer.body);
    json(&answer)
}

async fn app() -> (Scratch, axum::Router) {
    let (scratch, state) = imported().await;
    (scratch, lantern::app(state))
}

/// Every page of a list endpoint, checking the envelope on the way.
async fn all_pages(app: &axum::Router, path: &str) -> Vec<Value> {
    let mut contents = Vec::new();
    let mut page = 1;
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let body = get_json(app, &format!("{path}{separator}per_page=40&page={page}")).await;
        assert_eq!(body["page_number"], page, "{path}");
        assert_eq!(body["first_page"], page == 1);
        let items = body["contents"].as_array().unwrap().clone();
        assert_eq!(body["size"], items.len());
        assert_eq!(body["empty"], items.is_empty());
        contents.extend(items);
        if body["last_page"] == true {
            assert_eq!(body["total_items"], contents.len(), "{path}");
            assert_eq!(
                body["total_pages"],
                page.max(1) * usize::from(!contents.is_empty())
            );
            return contents;
        }
        page += 1;
        assert!(page < 100, "{path} never reached its last page");
    }
}

// ---------------------------------------------------------------------------------------------
// Schema validation against ../shared/data/hsds-3 (or LANTERN_HSDS_SCHEMAS).

fn schema_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANTERN_HSDS_SCHEMAS")
        .map(PathBuf::from)
        .or_else(|| shared_dir().map(|s| s.join("data/hsds-3")));
    let dir = dir.filter(|d| d.join("compiled/service.json").is_file());
    if dir.is_none() {
        eprintln!(
            "SKIPPED: the HSDS 3.0 schemas are not here (../shared/data/hsds-3, or set \
             LANTERN_HSDS_SCHEMAS); the API's output was not validated against them"
        );
    }
    dir
}

/// Resolves the schemas' relative `$ref`s ("attribute.json") to files in the schema folder.
struct SchemaFolder(PathBuf);

impl jsonschema::Retrieve for SchemaFolder {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(self.0.join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(dir: &Path, file: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri("https://schemas.lantern.invalid/hsds-3/")
        .with_retriever(SchemaFolder(dir.to_owned()))
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file} compiles: {e}"))
}

/// The schemas are megabytes; compile each once for the whole test binary.
fn validators() -> Option<&'static [(&'static str, jsonschema::Validator)]> {
    static VALIDATORS: OnceLock<Option<Vec<(&str, jsonschema::Validator)>>> = OnceLock::new();
    VALIDATORS
        .get_or_init(|| {
            let dir = schema_dir()?;
            Some(
                [
                    "compiled/service.json",
                    "compiled/service_list.json",
                    "compiled/organization.json",
                    "compiled/organization_list.json",
                    "compiled/tabular.json",
                    "taxonomy.json",
                    "taxonomy_term.json",
                ]
                .into_iter()
                .map(|file| (file, validator(&dir, file)))
                .collect(),
            )
        })
        .as_deref()
}

fn assert_valid(validators: &[(&str, jsonschema::Validator)], file: &str, instance: &Value) {
    let (_, validator) = validators.iter().find(|(f, _)| *f == file).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{:.200} does not match {file}:\n{}",
        instance.to_string(),
        errors.join("\n")
    );
}

#[tokio::test]
async fn every_api_record_matches_the_official_hsds_schemas() {
    let Some(validators) = validators() else {
        return;
    };
    let (_scratch, app) = app().await;

    let services = all_pages(&app, "/hsds/services").await;
    assert_eq!(services.len(), 105, "every resource is a service");
    for service in &services {
        assert_valid(validators, "compiled/service_list.json", service);
        let id = service["id"].as_str().unwrap();
        let full = get_json(&app, &format!("/hsds/services/{id}")).await;
        assert_valid(validators, "compiled/service.json", &full);
    }
    for service in all_pages(&app, "/hsds/services?full=true").await {
        assert_valid(validators, "compiled/service.json", &service);
    }

    let organizations = all_pages(&app, "/hsds/organizations").await;
    assert_eq!(organizations.len(), 18);
    for organization in &organizations {
        assert_valid(validators, "compiled/organization_list.json", organization);
        let id = organization["id"].as_str().unwrap();
        let full = get_json(&app, &format!("/hsds/organizations/{id}")).await;
        assert_valid(validators, "compiled/organization.json", &full);
    }
    for taxonomy in all_pages(&app, "/hsds/taxonomies").await {
        assert_valid(validators, "taxonomy.json", &taxonomy);
    }
    for term in all_pages(&app, "/hsds/taxonomy_terms").await {
        assert_valid(validators, "taxonomy_term.json", &term);
    }
}

#[tokio::test]
async fn the_json_export_matches_the_hsds_tabular_schema() {
    let Some(validators) = validators() else {
        return;
    };
    let (scratch, _state) = imported().await;
    let out = scratch.dir.path().join("json");
    lantern::cli::export_database(&scratch.database(), ExportFormat::Json, &out)
        .await
        .unwrap();
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("hsds.json")).unwrap()).unwrap();
    assert_valid(validators, "compiled/tabular.json", &exported);
    assert_eq!(exported["service"].as_array().unwrap().len(), 105);
}

#[test]
fn the_schema_check_can_fail() {
    let Some(validators) = validators() else {
        return;
    };
    let (_, service) = validators
        .iter()
        .find(|(f, _)| *f == "compiled/service.json")
        .unwrap();
    let good = serde_json::json!({
        "id": "4d3c2b1a-0000-4000-8000-000000000000", "name": "x", "status": "active"
    });
    assert!(service.is_valid(&good));
    // Each of these breaks one rule: formats are checked, not only shapes.
    for bad in [
        serde_json::json!({"id": "hotline", "name": "x", "status": "active"}),
        serde_json::json!({"id": "4d3c2b1a-0000-4000-8000-000000000000", "name": "x"}),
        serde_json::json!({"id": "4d3c2b1a-0000-4000-8000-000000000000", "name": "x",
                           "status": "active", "url": "not a uri"}),
        serde_json::json!({"id": "4d3c2b1a-0000-4000-8000-000000000000", "name": "x",
                           "status": "active", "phones": [{"id": "4d3c2b1a-0000-4000-8000-000000000001"}]}),
    ] {
        assert!(!service.is_valid(&bad), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// The API's behaviour.

/// The first service whose slug attribute is `slug`.
async fn service_by_slug(app: &axum::Router, slug: &str) -> Value {
    let services = all_pages(app, "/hsds/services?full=true").await;
    services
        .into_iter()
        .find(|s| {
            s["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["taxonomy_term"]["code"] == "slug" && a["value"].as_str() == Some(slug))
        })
        .unwrap_or_else(|| panic!("no service with slug {slug}"))
}

#[tokio::test]
async fn a_service_carries_its_contacts_exactly_as_the_source_gives_them() {
    let (_scratch, app) = app().await;
    let hotline = service_by_slug(&app, "national-human-trafficking-hotline").await;
    assert_eq!(hotline["name"], "National Human Trafficking Hotline");
    assert_eq!(hotline["status"], "active");
    assert_eq!(hotline["assured_date"], "2026-11-28");
    let phones = hotline["phones"].as_array().unwrap();
    // Every channel, each as its own HSDS phone type.
    let channels: Vec<(&str, &str)> = phones
        .iter()
        .map(|p| (p["type"].as_str().unwrap(), p["number"].as_str().unwrap()))
        .collect();
    assert_eq!(
        channels,
        [
            ("voice", "888-373-7888"),
            ("text", "233733"),
            ("textphone", "711")
        ]
    );
    let voice = phones
        .iter()
        .find(|p| p["type"] == "voice")
        .expect("a voice line");
    assert_eq!(voice["number"], "888-373-7888");
    let law_enforcement = voice["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["taxonomy_term"]["code"] == "law-enforcement")
        .unwrap();
    assert_eq!(law_enforcement["value"], "false");
    // The number comes from another page than the record's own, and says which.
    let from: Vec<&str> = voice["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_type"] == "from")
        .map(|a| a["taxonomy_term"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(from, ["ovc-law-enforcement-resources"]);
    assert_eq!(hotline["service_areas"][0]["name"], "United States");

    // What happens when you contact the Hotline: each fact with its sources, which carry
    // their titles and addresses.
    let attributes = hotline["attributes"].as_array().unwrap();
    let facts: Vec<&Value> = attributes
        .iter()
        .filter(|a| a["taxonomy_term"]["code"] == "fact")
        .collect();
    assert_eq!(facts.len(), 6);
    let not_police = facts
        .iter()
        .find(|f| {
            f["value"]
                .as_str()
                .unwrap()
                .starts_with("The Hotline is not law enforcement, not an immigration authority")
        })
        .expect("the fact that the Hotline is not the police");
    let sources: Vec<(&str, &str)> = attributes
        .iter()
        .filter(|a| a["link_type"] == "fact_source" && a["value"] == not_police["id"])
        .map(|a| {
            (
                a["taxonomy_term"]["code"].as_str().unwrap(),
                a["taxonomy_term"]["term_uri"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            (
                "nhth-what-we-do",
                "https://humantraffickinghotline.org/about-us/what-we-do"
            ),
            (
                "otip-chat-text-2018",
                "https://www.acf.hhs.gov/otip/success-story/announcing-24-7-chat-text-national-human-trafficking-hotline"
            )
        ]
    );
    let consent = facts
        .iter()
        .find(|f| f["value"].as_str().unwrap().contains("imminent danger"))
        .unwrap();
    assert!(attributes.iter().any(|a| a["link_type"] == "fact_source"
        && a["value"] == consent["id"]
        && a["taxonomy_term"]["term_uri"] == "https://humantraffickinghotline.org/es/node/1167"));

    let dallas = service_by_slug(&app, "fbi-dallas-field-office").await;
    let areas: Vec<&str> = dallas["service_areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["Texas"]);
    assert_eq!(dallas["assured_date"], "2020-12");
}

#[tokio::test]
async fn ids_stay_the_same_across_imports() {
    let (_scratch, first) = app().await;
    let (_other, second) = app().await;
    let ids = |body: Value| -> Vec<String> {
        body["contents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let a = ids(get_json(&first, "/hsds/services?per_page=100").await);
    let b = ids(get_json(&second, "/hsds/services?per_page=100").await);
    assert_eq!(a.len(), 100);
    assert_eq!(a, b);
    assert_eq!(
        service_by_slug(&first, "national-human-trafficking-hotline").await["id"],
        lantern::hsds::tables::service_id("national-human-trafficking-hotline")
    );
}

#[tokio::test]
async fn lists_filter_by_term_organization_date_and_words() {
    let (_scratch, app) = app().await;
    let terms = all_pages(&app, "/hsds/taxonomy_terms?search=hotline").await;
    let hotline_kind = terms
        .iter()
        .find(|t| t["taxonomy"] == "Lantern kinds" && t["code"] == "hotline")
        .expect("the hotline kind is a term");
    let id = hotline_kind["id"].as_str().unwrap();
    let hotlines = all_pages(&app, &format!("/hsds/services?taxonomy_term_id={id}")).await;
    assert!(!hotlines.is_empty() && hotlines.len() < 105);
    assert!(
        hotlines
            .iter()
            .any(|s| s["name"] == "National Human Trafficking Hotline")
    );

    let organizations = all_pages(&app, "/hsds/organizations?search=Federal%20Bureau").await;
    assert_eq!(organizations.len(), 1, "{organizations:?}");
    let fbi = organizations[0]["id"].as_str().unwrap();
    let fbi_services = all_pages(&app, &format!("/hsds/services?organization_id={fbi}")).await;
    assert!(fbi_services.len() >= 56, "the field offices and more");
    assert!(fbi_services.iter().all(|s| s["organization_id"] == fbi));

    // The field offices were verified in December 2020; everything else since.
    let recent = get_json(&app, "/hsds/services?modified_after=2021-01-01").await;
    let all = get_json(&app, "/hsds/services").await;
    let recent_total = recent["total_items"].as_u64().unwrap();
    assert!(recent_total > 0 && recent_total < all["total_items"].as_u64().unwrap());
    let after_datetime = get_json(&app, "/hsds/services?modified_after=2021-01-01T00:00:00Z").await;
    assert_eq!(after_datetime["total_items"], recent_total);

    let texas = get_json(
        &app,
        "/hsds/services?search=human%20trafficking%20texas&per_page=5",
    )
    .await;
    let first = &texas["contents"][0];
    assert!(
        first["name"].as_str().unwrap().starts_with("FBI"),
        "a Texas office first: {first}"
    );
}

#[tokio::test]
async fn bad_parameters_and_unknown_ids_are_json_errors() {
    let (_scratch, app) = app().await;
    for (uri, status) in [
        ("/hsds/services?page=0", StatusCode::BAD_REQUEST),
        ("/hsds/services?page=-1", StatusCode::BAD_REQUEST),
        (
            "/hsds/services?page=99999999999999999999",
            StatusCode::BAD_REQUEST,
        ),
        ("/hsds/services?per_page=101", StatusCode::BAD_REQUEST),
        ("/hsds/services?per_page=abc", StatusCode::BAD_REQUEST),
        (
            "/hsds/services?modified_after=yesterday",
            StatusCode::BAD_REQUEST,
        ),
        ("/hsds/services?full=perhaps", StatusCode::BAD_REQUEST),
        ("/hsds/services?format=xml", StatusCode::BAD_REQUEST),
        ("/hsds/services?search=%ff", StatusCode::BAD_REQUEST),
        ("/hsds/services/not-an-id", StatusCode::NOT_FOUND),
        ("/hsds/organizations/%2e%2e%2fetc", StatusCode::NOT_FOUND),
        (
            "/hsds/taxonomy_terms/00000000-0000-0000-0000-000000000000",
            StatusCode::NOT_FOUND,
        ),
        ("/hsds/locations", StatusCode::NOT_FOUND),
    ] {
        let answer = request(&app, Method::GET, uri).await;
        assert_eq!(answer.status, status, "{uri}: {}", answer.body);
        let body = json(&answer);
        assert!(
            body["error"].is_string() && body["detail"].is_string(),
            "{uri}: {body}"
        );
        assert_eq!(answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    }
    let detail = json(&request(&app, Method::GET, "/hsds/services?per_page=500").await);
    assert!(detail["detail"].as_str().unwrap().contains("per_page"));

    let post = request(&app, Method::POST, "/hsds/services").await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(json(&post)["error"].is_string());
    assert!(
        post.headers[header::ALLOW]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    let delete = request(&app, Method::DELETE, "/openapi.json").await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn hostile_searches_never_fail_and_are_not_syntax() {
    let (_scratch, app) = app().await;
    for words in [
        "\"",
        "*",
        "NEAR(a b)",
        "a AND OR NOT",
        "-",
        ":",
        "'; drop table resources; --",
        "<script>alert(1)</script>",
        "\0",
        "texas TX 77001",
        "((((",
        "888) 373-7888",
    ] {
        let encoded: String = form_urlencoded::byte_serialize(words.as_bytes()).collect();
        let uri = format!("/hsds/services?search={encoded}");
        let answer = request(&app, Method::GET, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        assert!(json(&answer)["contents"].is_array());
    }
    let long = "a".repeat(10_000);
    let answer = request(&app, Method::GET, &format!("/hsds/services?search={long}")).await;
    assert!(answer.status.is_client_error() || answer.status == StatusCode::OK);
    assert!(!answer.status.is_server_error());
}

#[tokio::test]
async fn the_api_and_openapi_are_open_to_every_origin_and_the_site_is_not() {
    let (_scratch, app) = app().await;
    for uri in ["/hsds", "/hsds/", "/hsds/services", "/openapi.json"] {
        let answer = request(&app, Method::GET, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(
            answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "*",
            "{uri}"
        );
        assert!(
            answer.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
    for uri in ["/", "/help", "/search?q=hotline", "/feed.xml", "/healthz"] {
        let answer = request(&app, Method::GET, uri).await;
        assert!(
            !answer
                .headers
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "{uri} must not be readable by other sites"
        );
    }
    let meta = get_json(&app, "/hsds/").await;
    assert_eq!(meta["version"], "3.0.0");
    assert!(
        meta["openapi_url"]
            .as_str()
            .unwrap()
            .ends_with("/openapi.json")
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_that_answers() {
    let (_scratch, app) = app().await;
    let document = get_json(&app, "/openapi.json").await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(document["servers"][0]["url"], "/hsds");
    let service = get_json(&app, "/hsds/services?per_page=1").await["contents"][0]["id"].clone();
    let organization =
        get_json(&app, "/hsds/organizations?per_page=1").await["contents"][0]["id"].clone();
    let taxonomy = get_json(&app, "/hsds/taxonomies?per_page=1").await["contents"][0]["id"].clone();
    let term = get_json(&app, "/hsds/taxonomy_terms?per_page=1").await["contents"][0]["id"].clone();
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 9);
    for (path, item) in paths {
        assert!(item["get"]["responses"]["200"].is_object(), "{path}");
        let uri = format!("/hsds{path}")
            .replace(
                "/services/{id}",
                &format!("/services/{}", service.as_str().unwrap()),
            )
            .replace(
                "/organizations/{id}",
                &format!("/organizations/{}", organization.as_str().unwrap()),
            )
            .replace(
                "/taxonomies/{id}",
                &format!("/taxonomies/{}", taxonomy.as_str().unwrap()),
            )
            .replace(
                "/taxonomy_terms/{id}",
                &format!("/taxonomy_terms/{}", term.as_str().unwrap()),
            );
        let answer = request(&app, Method::GET, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{path} → {uri}");
        // Every parameter the document names is understood: a bad value is refused.
        for parameter in item["get"]["parameters"].as_array().into_iter().flatten() {
            let name = parameter["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .or(parameter["name"].as_str())
                .unwrap();
            assert!(
                document["components"]["parameters"][name].is_object() || name == "id",
                "{path}: {name}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Export and import.

fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

async fn round_trip(format: ExportFormat, import_from: impl Fn(&Path) -> PathBuf) {
    let (scratch, _state) = imported().await;
    let first = scratch.dir.path().join("first");
    lantern::cli::export_database(&scratch.database(), format, &first)
        .await
        .unwrap();
    let empty = scratch.dir.path().join("again").join("lantern.db");
    let summary = lantern::cli::import_hsds(
        &import_from(&first),
        &seeds_dir(),
        &empty,
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("the export imports: {e}"));
    // What no HSDS field holds comes back from attributes: contact facts with their sources,
    // and where a number or link comes from.
    let seeds =
        lantern::catalog::Catalog::load(&seeds_dir(), lantern::input::MaxBytes::default()).unwrap();
    let pool = lantern::db::open_for_writing(&empty).await.unwrap();
    let again = lantern::db::load_catalog(&pool).await.unwrap();
    pool.close().await;
    let provenance = |catalog: &lantern::catalog::Catalog| -> Vec<String> {
        catalog
            .resources
            .iter()
            .map(|r| {
                let phones: Vec<_> = r
                    .phones
                    .iter()
                    .map(|p| (&p.from, &p.note, p.law_enforcement))
                    .collect();
                let links: Vec<_> = r.links.iter().map(|l| &l.from).collect();
                format!("{} {:?} {phones:?} {links:?}", r.slug, r.facts)
            })
            .collect()
    };
    let (before, after) = (provenance(&seeds), provenance(&again));
    assert!(
        before.iter().any(|r| r.contains("imminent danger")),
        "the seeds have facts"
    );
    assert_eq!(before, after);
    assert_eq!(summary.resources, 105);
    assert_eq!(summary.organizations, 18);
    let second = scratch.dir.path().join("second");
    lantern::cli::export_database(&empty, format, &second)
        .await
        .unwrap();
    let (a, b) = (files_in(&first), files_in(&second));
    assert!(!a.is_empty());
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(
            bytes_a == bytes_b,
            "{name_a} differs after a round trip through an empty database"
        );
    }
    assert_eq!(a.len(), b.len());
}

#[tokio::test]
async fn an_hsds_package_round_trips_through_an_empty_database() {
    round_trip(ExportFormat::Hsds, Path::to_owned).await;
}

#[tokio::test]
async fn hsds_json_round_trips_through_an_empty_database() {
    round_trip(ExportFormat::Json, |dir| dir.join("hsds.json")).await;
}

#[tokio::test]
async fn the_package_lists_its_tables_and_the_spreadsheets_have_every_resource() {
    let (scratch, _state) = imported().await;
    let package = scratch.dir.path().join("package");
    lantern::cli::export_database(&scratch.database(), ExportFormat::Hsds, &package)
        .await
        .unwrap();
    let descriptor: Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(descriptor["profile"], "tabular-data-package");
    for resource in descriptor["resources"].as_array().unwrap() {
        let file = package.join(resource["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields, "{}", file.display());
    }
    let services = std::fs::read_to_string(package.join("services.csv")).unwrap();
    assert!(services.contains("National Human Trafficking Hotline"));

    let sheets = scratch.dir.path().join("sheets");
    lantern::cli::export_database(&scratch.database(), ExportFormat::Csv, &sheets)
        .await
        .unwrap();
    let mut reader = csv::Reader::from_path(sheets.join("resources.csv")).unwrap();
    let name_es = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "name_es")
        .expect("a column for the Spanish name");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 105);
    let hotline = rows
        .iter()
        .find(|r| &r[0] == "national-human-trafficking-hotline")
        .unwrap();
    assert!(
        hotline[7].contains("888-373-7888 (voice"),
        "{:?}",
        &hotline[7]
    );
    assert_eq!(
        &hotline[name_es],
        "Línea Nacional Contra la Trata de Personas"
    );
}

#[tokio::test]
async fn a_bad_package_names_file_line_entry_and_field_and_changes_nothing() {
    let (_scratch, package, target) = package_to_break().await;
    // A catalog already there must survive a failed import untouched.
    lantern::cli::import(&seeds_dir(), &target, lantern::input::MaxBytes::default())
        .await
        .unwrap();
    edit(&package.join("phones.csv"), "888-373-7888", "888-373-78");
    let attributes = package.join("attributes.csv");
    let text = std::fs::read_to_string(&attributes).unwrap();
    // The hotline's kind attribute points at a term no package defines.
    let kind_term = lantern::hsds::tables::term_id("Lantern kinds", "hotline");
    let bogus = lantern::hsds::tables::term_id("Lantern kinds", "no-such-kind");
    std::fs::write(&attributes, text.replacen(&kind_term, &bogus, 1)).unwrap();

    let error = lantern::cli::import_hsds(
        &package,
        &seeds_dir(),
        &target,
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect_err("a broken package must not import")
    .to_string();
    let services_csv = package.join("services.csv").display().to_string();
    let line = error
        .lines()
        .find(|l| l.contains("phone[1].number"))
        .unwrap_or_else(|| panic!("names the phone: {error}"));
    assert!(
        line.starts_with(&format!("{services_csv}:")),
        "names the file: {line}"
    );
    assert!(
        line.contains("entry 'national-human-trafficking-hotline'"),
        "names the entry: {line}"
    );
    let services = std::fs::read_to_string(package.join("services.csv")).unwrap();
    let row = services
        .lines()
        .position(|l| l.contains("National Human Trafficking Hotline,"))
        .unwrap()
        + 1;
    assert!(
        line.contains(&format!(":{row}: ")),
        "names the line {row}: {line}"
    );
    assert!(error.contains("which the package does not have"), "{error}");
    assert!(error.contains("nothing was imported"), "{error}");

    crate::common::assert_catalog_unchanged(&target).await;
}

#[tokio::test]
async fn a_package_that_is_not_csv_or_not_hsds_is_refused() {
    let (scratch, package, target) = package_to_break().await;
    std::fs::write(
        package.join("services.csv"),
        "id,name,status\n\"unterminated,x,active\n",
    )
    .unwrap();
    let error = lantern::cli::import_hsds(
        &package,
        &seeds_dir(),
        &target,
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect_err("broken CSV")
    .to_string();
    assert!(error.contains("services.csv"), "{error}");
    assert!(
        !target.exists() || {
            let pool = lantern::db::open_for_reading(&target, false).await.unwrap();
            count(&pool, "resources").await == 0
        }
    );

    let nothing = scratch.dir.path().join("nothing-here");
    std::fs::create_dir_all(&nothing).unwrap();
    let error = lantern::cli::import_hsds(
        &nothing,
        &seeds_dir(),
        &target,
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect_err("not a package")
    .to_string();
    assert!(error.contains("neither an HSDS data package"), "{error}");

    // A descriptor may not send the reader outside its folder.
    let (_scratch, package, target) = package_to_break().await;
    edit(
        &package.join("datapackage.json"),
        "\"services.csv\"",
        "\"../../../etc/passwd\"",
    );
    let error = lantern::cli::import_hsds(
        &package,
        &seeds_dir(),
        &target,
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect_err("path outside the package")
    .to_string();
    assert!(error.contains("outside the package"), "{error}");
}

#[tokio::test]
async fn the_command_line_exports_and_imports_hsds_and_serve_keeps_what_was_imported() {
    let scratch = Scratch::new();
    let bin = env!("CARGO_BIN_EXE_lantern");
    let database = scratch.database();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(bin)
            .args(args)
            .arg("--database")
            .arg(&database)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    run(&["import", "--seeds", seeds_dir().to_str().unwrap()]);
    let out = scratch.dir.path().join("export");
    let written = run(&["export", "--format", "hsds", "--out", out.to_str().unwrap()]);
    assert!(written.contains("datapackage.json"), "{written}");

    // An operator's own directory: one service, renamed, from the export.
    edit(
        &out.join("services.csv"),
        "National Human Trafficking Hotline,",
        "National Human Trafficking Hotline (our copy),",
    );
    let imported = run(&["import", "--format", "hsds", out.to_str().unwrap()]);
    assert!(imported.contains("imported 105 resources"), "{imported}");

    // `serve` must not put the seeds back over the operator's directory.
    let server = Server::start(&database, &[]);
    let page = http_get(
        &server.addr,
        "/resources/national-human-trafficking-hotline",
    )
    .await;
    assert!(page.contains("(our copy)"), "{page:.500}");
    assert!(
        server.log().contains("imported from HSDS"),
        "{}",
        server.log()
    );
}

/// One rule for empty values, as openapi.json says: a known parameter sent empty is refused
/// like any value its schema does not allow (schemathesis found `format=` and `full=` taken
/// while `page=` was refused).
#[tokio::test]
async fn an_empty_value_is_refused_for_every_parameter_the_api_knows() {
    let (_scratch, app) = app().await;
    for name in [
        "search",
        "page",
        "per_page",
        "full",
        "format",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
    ] {
        let uri = format!("/hsds/services?{name}=");
        let answer = request(&app, Method::GET, &uri).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            answer.body
        );
        assert!(json(&answer)["detail"].as_str().unwrap().contains(name));
    }
    // A parameter the API does not know is still ignored, empty or not.
    let answer = request(&app, Method::GET, "/hsds/services?minimal=").await;
    assert_eq!(answer.status, StatusCode::OK);
}

/// `modified_after` takes what its schema says: a date or an RFC 3339 date-time, nothing
/// more (a date with anything after it was taken before), and any real date.
#[tokio::test]
async fn modified_after_takes_a_date_or_a_date_time_and_nothing_else() {
    let (_scratch, app) = app().await;
    let all = get_json(&app, "/hsds/services").await["total_items"].clone();
    for (value, status) in [
        ("2021-01-01", StatusCode::OK),
        ("2021-01-01T09:30:00Z", StatusCode::OK),
        ("2021-01-01t09:30:00.25-05:00", StatusCode::OK),
        ("2024-02-29", StatusCode::OK),
        ("2021-01-01garbage", StatusCode::BAD_REQUEST),
        ("2021-01-01T09:30Z", StatusCode::BAD_REQUEST),
        ("2021-01-01T24:00:00Z", StatusCode::BAD_REQUEST),
        ("2021-01-01T09:30:00", StatusCode::BAD_REQUEST),
        ("2023-02-29", StatusCode::BAD_REQUEST),
        ("2021-01", StatusCode::BAD_REQUEST),
        ("%2B2021-01-01", StatusCode::BAD_REQUEST),
    ] {
        let uri = format!("/hsds/services?modified_after={value}");
        let answer = request(&app, Method::GET, &uri).await;
        assert_eq!(answer.status, status, "{uri}: {}", answer.body);
    }
    // A year before any record's is a real date too: it filters nothing out.
    let old = get_json(&app, "/hsds/services?modified_after=0001-01-01").await;
    assert_eq!(old["total_items"], all);
}

/// The services are built per request from the database for the page asked: a page, a
/// service alone and an organization's list give the same records, in catalog order.
#[tokio::test]
async fn a_service_is_the_same_in_every_answer_that_shows_it() {
    let (scratch, app) = app().await;
    let services = all_pages(&app, "/hsds/services?full=true").await;
    let pool = lantern::db::open_for_reading(&scratch.database(), false)
        .await
        .unwrap();
    let catalog = lantern::db::load_catalog(&pool).await.unwrap();
    let slug_of = |service: &Value| {
        (service["attributes"].as_array().unwrap().iter())
            .find(|a| a["taxonomy_term"]["code"] == "slug")
            .and_then(|a| a["value"].as_str())
            .unwrap()
            .to_owned()
    };
    let slugs: Vec<String> = services.iter().map(slug_of).collect();
    let catalog_slugs: Vec<String> = (catalog.resources.iter())
        .map(|r| r.slug.as_str().to_owned())
        .collect();
    assert_eq!(slugs, catalog_slugs);
    for service in services.iter().step_by(7) {
        let id = service["id"].as_str().unwrap();
        let alone = get_json(&app, &format!("/hsds/services/{id}")).await;
        assert_eq!(&alone, service);
    }
    let listed = all_pages(&app, "/hsds/services").await;
    for (full, listed) in services.iter().zip(&listed) {
        let mut full = full.clone();
        for nested in ["phones", "service_areas", "attributes"] {
            full.as_object_mut().unwrap().remove(nested);
        }
        assert_eq!(&full, listed);
    }
    let fbi = (services.iter())
        .find(|s| s["organization"]["name"] == "Federal Bureau of Investigation")
        .expect("an FBI service");
    let organization_id = fbi["organization_id"].as_str().unwrap();
    let organization = get_json(&app, &format!("/hsds/organizations/{organization_id}")).await;
    let expected: Vec<&Value> = (listed.iter())
        .filter(|s| s["organization_id"] == organization_id)
        .collect();
    let shown: Vec<&Value> = organization["services"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(shown, expected);
    // An ID written otherwise than the API writes it names nothing.
    let upper = fbi["id"].as_str().unwrap().to_uppercase();
    let answer = request(&app, Method::GET, &format!("/hsds/services/{upper}")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

/// What the API filters every service by is read in one query; it says what the whole
/// records say.
#[tokio::test]
async fn the_outlines_read_from_the_database_are_the_resources_outlines() {
    let (scratch, _app) = app().await;
    let pool = lantern::db::open_for_reading(&scratch.database(), false)
        .await
        .unwrap();
    let catalog = lantern::db::load_catalog(&pool).await.unwrap();
    // Read in parts of 10, as the API reads a large catalog's in parts.
    let mut outlines = Vec::new();
    loop {
        let after = outlines.last().map(|row: &lantern::db::OutlineRow| row.id);
        let part = lantern::db::load_outlines(&pool, after, 10).await.unwrap();
        if part.is_empty() {
            break;
        }
        outlines.extend(part);
    }
    assert_eq!(outlines.len(), catalog.resources.len());
    for (row, resource) in outlines.iter().zip(&catalog.resources) {
        assert_eq!(
            row.outline,
            resource.outline(),
            "{}",
            resource.slug.as_str()
        );
    }
    let has = |test: fn(&lantern::catalog::ResourceOutline) -> bool| {
        outlines.iter().any(|row| test(&row.outline))
    };
    assert!(has(|o| o.has_links) && has(|o| o.has_facts) && has(|o| o.has_address));
    assert!(has(|o| o.has_source_note) && has(|o| o.es_alternate_names.is_some()));
    assert!(has(|o| o.sources.len() > 1));
}
