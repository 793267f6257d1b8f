//! Bad seeds are refused with every problem named `FILE:LINE: entry 'SLUG': FIELD: …`, and the
//! database is left exactly as it was.

use std::path::Path;

use lantern::catalog::CatalogError;
use lantern::cli::CommandError;
use lantern::input::MaxBytes;
use sqlx::SqlitePool;

use crate::common::{Scratch, assert_reported, edit};

/// Everything a visitor could see, as one comparable value.
async fn snapshot(database: &Path) -> Vec<String> {
    let pool = SqlitePool::connect(&format!("sqlite://{}?mode=ro", database.display()))
        .await
        .unwrap();
    let mut rows: Vec<String> = sqlx::query_scalar(
        "select slug || '|' || name || '|' || summary || '|' || assured_date from resources order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    rows.extend(
        sqlx::query_scalar::<_, String>("select number from phones order by id")
            .fetch_all(&pool)
            .await
            .unwrap(),
    );
    rows.extend(
        sqlx::query_scalar::<_, String>(
            "select key || '=' || value from metadata where key = 'seeds_hash'",
        )
        .fetch_all(&pool)
        .await
        .unwrap(),
    );
    pool.close().await;
    rows
}

/// Imports the good seeds, breaks a copy with `breakage`, imports it, and returns the problems
/// after checking that the database did not change.
async fn problems_after(breakage: impl FnOnce(&Path)) -> Vec<String> {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    lantern::cli::import(
        &seeds,
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let before = snapshot(&scratch.database()).await;
    assert!(before.len() > 100);

    breakage(&seeds);
    let error = lantern::cli::import(
        &seeds,
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .expect_err("broken seeds must not import");
    let CommandError::Catalog(CatalogError::Invalid(problems)) = error else {
        panic!("expected validation problems, got {error}");
    };
    assert_eq!(
        snapshot(&scratch.database()).await,
        before,
        "the database changed"
    );
    problems.0.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn a_malformed_slug_names_the_file_line_entry_and_field() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "slug = \"call-911\"",
            "slug = \"Call 911!\"",
        );
    })
    .await;
    // The help answer names the old slug, so it is reported too: a renamed line cannot drop
    // out of the answer to "i need help" unnoticed.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[1].contains("intents.toml:") && problems[1].contains("no resource 'call-911'"),
        "{problems:?}"
    );
    let problem = &problems[0];
    assert!(problem.contains("hotlines.toml:"), "{problem}");
    assert!(
        problem.contains(": entry 'Call 911!': slug: 'Call 911!' is not a slug"),
        "{problem}"
    );
    // The line number points at the slug itself.
    let line: usize = problem.split(':').nth(1).unwrap().parse().unwrap();
    let text = std::fs::read_to_string(crate::common::seeds_dir().join("hotlines.toml")).unwrap();
    assert_eq!(
        text.lines().nth(line - 1).unwrap().trim(),
        "slug = \"call-911\""
    );
}

#[tokio::test]
async fn a_duplicate_slug_points_at_the_first_definition() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("reporting.toml"),
            "slug = \"ice-hsi-tip-line\"",
            "slug = \"call-911\"",
        );
    })
    .await;
    assert_reported(
        &problems,
        "entry 'call-911': slug: duplicate resource 'call-911': already defined at ",
    );
    assert_reported(&problems, "hotlines.toml:");
}

#[tokio::test]
async fn unknown_references_are_named() {
    let problems = problems_after(|seeds| {
        let file = seeds.join("reporting.toml");
        edit(&file, "kind = \"reporting\"", "kind = \"rumour\"");
        edit(
            &file,
            "topics = [\"reporting-trafficking\"",
            "topics = [\"astrology\"",
        );
        edit(
            &file,
            "audiences = [\"public\"",
            "audiences = [\"martians\"",
        );
        edit(&file, "organization = \"fbi\"", "organization = \"kgb\"");
        edit(
            &file,
            "source = \"ovc-law-enforcement-resources\"",
            "source = \"a-rumour\"",
        );
        edit(
            &seeds.join("fbi-field-offices.toml"),
            "service_area = [\"NY\", \"VT\"]",
            "service_area = [\"NY\", \"ZZ\"]",
        );
    })
    .await;
    assert_reported(&problems, "entry 'fbi-tips': kind: unknown kind 'rumour'");
    assert_reported(
        &problems,
        "entry 'fbi-tips': topics: unknown topic 'astrology'",
    );
    assert_reported(
        &problems,
        "entry 'fbi-tips': audiences: unknown audience 'martians'",
    );
    assert_reported(
        &problems,
        "entry 'fbi-tips': organization: unknown organization 'kgb'",
    );
    assert_reported(
        &problems,
        "entry 'fbi-tips': source: unknown source 'a-rumour'",
    );
    assert_reported(
        &problems,
        "entry 'fbi-albany-field-office': service_area: unknown state 'ZZ'",
    );
}

#[tokio::test]
async fn a_phone_number_that_does_not_parse_is_refused() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("reporting.toml"),
            "number = \"866-347-2423\"",
            "number = \"866-347-242\"",
        );
    })
    .await;
    assert_reported(
        &problems,
        "entry 'ice-hsi-tip-line': phone[1].number: '866-347-242' is not a phone number",
    );
}

#[tokio::test]
async fn only_http_https_and_tel_links_are_allowed() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("reporting.toml"),
            "url = \"https://www.fbi.gov/contact-us/field-offices\"",
            "url = \"javascript:alert(1)\"",
        );
    })
    .await;
    assert_reported(
        &problems,
        "entry 'fbi-tips': link[1].url: 'javascript:alert(1)' uses the scheme 'javascript'",
    );
}

#[tokio::test]
async fn required_fields_and_real_dates() {
    let problems = problems_after(|seeds| {
        let file = seeds.join("hotlines.toml");
        edit(
            &file,
            "summary = \"If you or someone",
            "# summary = \"If you or someone",
        );
        edit(
            &file,
            "last_verified = \"2026-11-22\"",
            "last_verified = \"2023-02-30\"",
        );
        edit(
            &seeds.join("reporting.toml"),
            "last_verified = \"2026-11-22\"",
            "last_verified = \"2999-01-01\"",
        );
    })
    .await;
    assert_reported(&problems, "entry 'call-911': summary: is missing");
    assert_reported(
        &problems,
        "entry 'call-911': last_verified: '2023-02-30' is not a real date",
    );
    assert_reported(
        &problems,
        "entry 'fbi-tips': last_verified: 2999-01-01 is in the future",
    );
}

#[tokio::test]
async fn a_toml_syntax_error_or_unknown_field_names_the_file_and_line() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "name = \"Call 911\"",
            "name = \"Call 911",
        );
        edit(
            &seeds.join("reporting.toml"),
            "kind = \"reporting\"",
            "kind = \"reporting\"\nphone_number = \"1\"",
        );
    })
    .await;
    assert!(
        problems.iter().any(|p| p.contains("hotlines.toml:")),
        "{problems:?}"
    );
    assert_reported(&problems, "entry 'fbi-tips': unknown field `phone_number`");
}

#[tokio::test]
async fn every_problem_is_reported_not_just_the_first() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "slug = \"call-911\"",
            "slug = \"\"",
        );
        edit(
            &seeds.join("reporting.toml"),
            "number = \"866-347-2423\"",
            "number = \"call us\"",
        );
        edit(
            &seeds.join("organizations.toml"),
            "slug = \"fbi\"",
            "slug = \"f b i\"",
        );
    })
    .await;
    // The broken organization slug also orphans every resource that points at "fbi".
    assert!(problems.len() >= 3, "{problems:?}");
    assert_reported(&problems, "hotlines.toml:");
    assert_reported(&problems, "reporting.toml:");
    assert_reported(&problems, "organizations.toml:");
}

#[tokio::test]
async fn invalid_seeds_never_create_a_database() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    edit(
        &seeds.join("hotlines.toml"),
        "slug = \"call-911\"",
        "slug = \"-\"",
    );
    assert!(
        lantern::cli::import(
            &seeds,
            &scratch.database(),
            lantern::input::MaxBytes::default()
        )
        .await
        .is_err()
    );
    assert!(!scratch.database().exists());
}

/// A value's `from` and a fact's sources must be sources the record cites: the page names them
/// beside the value, and a source the record does not list would be a citation nobody checked.
#[tokio::test]
async fn value_and_fact_sources_must_be_the_records_own() {
    let problems = problems_after(|seeds| {
        let hotlines = seeds.join("hotlines.toml");
        // ICE's page is not among the Hotline's sources.
        edit(
            &hotlines,
            "from = \"ovc-law-enforcement-resources\"",
            "from = \"us-atlas-states\"",
        );
        // The record's own source needs no `from`.
        edit(
            &seeds.join("reporting.toml"),
            "from = \"fbi-field-offices-2020\"",
            "from = \"ovc-law-enforcement-resources\"",
        );
        edit(
            &hotlines,
            "sources = [\"nhth-when-you-reach-us\"]",
            "sources = [\"ovc-prevention-month-2021\"]",
        );
        edit(
            &hotlines,
            "sources = [\"otip-chat-text-2018\"]",
            "sources = []",
        );
        edit(
            &hotlines,
            "sources = [\"nhth-what-we-do\", \"otip-chat-text-2018\"]",
            "sources = [\"nhth-what-we-do\", \"nhth-what-we-do\"]",
        );
    })
    .await;
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': phone[1].from: 'us-atlas-states' is not a source the record cites",
    );
    assert_reported(
        &problems,
        "entry 'fbi-tips': link[1].from: 'ovc-law-enforcement-resources' is the record's own source",
    );
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': fact[3].sources: 'ovc-prevention-month-2021' is not a source the record cites",
    );
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': fact[6].sources: is missing",
    );
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': fact[1].sources: 'nhth-what-we-do' is listed twice",
    );
}

/// Validation takes drafts from any reader, not TOML: a record drafted from a row of some
/// other table file is checked as a seed entry is, and its problems name that file and row.
#[test]
fn drafts_from_any_reader_are_checked_and_placed_by_their_origin() {
    use lantern::catalog::draft::{Draft, Origin, ResourceDraft};
    use lantern::input::SourceText;

    let seeds = lantern::catalog::SeedFiles::read(&crate::common::seeds_dir(), MaxBytes::default())
        .unwrap();
    let table = SourceText::new(
        "elsewhere.csv".into(),
        "slug,kind\nfirst-row,hotline\nnew-line,rumour\n".into(),
    );
    let mut drafts = seeds.drafts();
    let row = Origin::Row {
        file: &table,
        offset: table.text.find("new-line").unwrap(),
    };
    drafts.resources.push(Draft::new(
        row,
        ResourceDraft {
            slug: Some("new-line".into()),
            name: Some("A new line".into()),
            alternate_names: Vec::new(),
            kind: Some("rumour".into()),
            summary: Some("A line.".into()),
            description: Some("A line.".into()),
            organization: None,
            topics: Some(vec!["reporting-trafficking".into()]),
            audiences: Some(vec!["public".into()]),
            service_area: None,
            address: None,
            source: Some("a-rumour".into()),
            also_in: Vec::new(),
            source_note: None,
            last_verified: Some("2026-11-22".into()),
            phones: Vec::new(),
            links: Vec::new(),
            facts: Vec::new(),
            es: None,
        },
    ));
    let problems: Vec<String> = lantern::catalog::validate(drafts)
        .expect_err("a bad draft is refused")
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "elsewhere.csv:3: entry 'new-line': kind: unknown kind 'rumour' (known: hotline, \
             reporting, victim-services, task-force, funding, training, publication, awareness)",
            "elsewhere.csv:3: entry 'new-line': service_area: is missing: \"national\" or a list \
             of state codes",
            "elsewhere.csv:3: entry 'new-line': source: unknown source 'a-rumour' (define it in \
             sources.toml)",
        ]
    );
}
