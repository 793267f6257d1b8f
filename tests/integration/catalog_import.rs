//! The project's seeds import completely: every entry in the files is a row in the database.

use std::collections::BTreeSet;

use crate::common::{self, count, imported};

/// Counts entries in the seed files by reading them as plain TOML, independently of the
/// importer's own parser.
#[derive(Default, Debug)]
struct SeedCounts {
    resources: BTreeSet<String>,
    organizations: usize,
    sources: usize,
    states: usize,
    kinds: usize,
    topics: usize,
    audiences: usize,
    phones: usize,
    links: usize,
}

fn seed_counts() -> SeedCounts {
    let mut counts = SeedCounts::default();
    for entry in std::fs::read_dir(common::seeds_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let array = |key: &str| {
            table
                .get(key)
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        };
        for resource in array("resource") {
            counts
                .resources
                .insert(resource["slug"].as_str().unwrap().to_owned());
            let nested = |key: &str| {
                resource
                    .get(key)
                    .and_then(|v| v.as_array())
                    .map_or(0, Vec::len)
            };
            counts.phones += nested("phone");
            counts.links += nested("link");
        }
        counts.organizations += array("organization").len();
        counts.sources += array("source").len();
        counts.states += array("state").len();
        counts.kinds += array("kind").len();
        counts.topics += array("topic").len();
        counts.audiences += array("audience").len();
    }
    counts
}

#[tokio::test]
async fn every_seed_record_lands() {
    let expected = seed_counts();
    let (_scratch, state) = imported().await;
    let db = &state.db;

    let slugs: BTreeSet<String> = sqlx::query_scalar("select slug from resources")
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(slugs, expected.resources);
    assert_eq!(
        count(db, "resources").await,
        expected.resources.len() as i64
    );
    assert_eq!(
        count(db, "organizations").await,
        expected.organizations as i64
    );
    assert_eq!(count(db, "sources").await, expected.sources as i64);
    assert_eq!(count(db, "kinds").await, expected.kinds as i64);
    assert_eq!(count(db, "topics").await, expected.topics as i64);
    assert_eq!(count(db, "audiences").await, expected.audiences as i64);
    assert_eq!(count(db, "phones").await, expected.phones as i64);
    assert_eq!(count(db, "links").await, expected.links as i64);
    assert_eq!(count(db, "states").await, 56);
    assert_eq!(expected.states, 56);
    assert_eq!(expected.kinds, 8);
    // Search sees one entry per resource.
    assert_eq!(
        count(db, "resource_search_rows").await,
        expected.resources.len() as i64
    );
}

#[tokio::test]
async fn every_state_has_a_local_reporting_contact_except_american_samoa() {
    let (_scratch, state) = imported().await;
    let uncovered: Vec<String> = sqlx::query_scalar(
        "select code from states
         where code not in (select sa.state_code from service_areas sa
                            join resources r on r.id = sa.resource_id
                            where r.kind = 'reporting')
         order by code",
    )
    .fetch_all(&state.db)
    .await
    .unwrap();
    // The FBI's list names no office for American Samoa (../shared/data/README.md).
    assert_eq!(uncovered, ["AS"]);
}

#[tokio::test]
async fn the_national_hotline_lands_with_its_number_hours_and_languages() {
    let (_scratch, state) = imported().await;
    let (number, digits, hours, languages, law_enforcement): (
        String,
        String,
        String,
        String,
        Option<bool>,
    ) = sqlx::query_as(
        "select p.number, p.digits, p.hours, p.languages, p.law_enforcement
             from phones p join resources r on r.id = p.resource_id
             where r.slug = 'national-human-trafficking-hotline'",
    )
    .fetch_one(&state.db)
    .await
    .unwrap();
    assert_eq!(number, "888-373-7888");
    assert_eq!(digits, "8883737888");
    assert!(hours.contains("24 hours a day"), "{hours}");
    assert!(languages.contains("200 languages"), "{languages}");
    assert_eq!(law_enforcement, Some(false));
}

#[tokio::test]
async fn the_search_index_finds_resources_by_name_and_phone_digits() {
    let (_scratch, state) = imported().await;
    let by_name = state
        .search
        .matching_slugs("trafficking hotline")
        .await
        .unwrap();
    assert_eq!(
        by_name.first().map(String::as_str),
        Some("national-human-trafficking-hotline")
    );
    let by_phone = state.search.matching_slugs("8663472423").await.unwrap();
    assert_eq!(by_phone, ["ice-hsi-tip-line"]);
}

#[tokio::test]
async fn importing_again_gives_the_same_rows() {
    let (scratch, state) = imported().await;
    let before: Vec<(i64, String)> = sqlx::query_as("select id, slug from resources order by id")
        .fetch_all(&state.db)
        .await
        .unwrap();
    lantern::cli::import(
        &common::seeds_dir(),
        &scratch.database(),
        lantern::input::MaxBytes::default(),
    )
    .await
    .unwrap();
    let after: Vec<(i64, String)> = sqlx::query_as("select id, slug from resources order by id")
        .fetch_all(&state.db)
        .await
        .unwrap();
    assert_eq!(before, after);
    let searched = state.search.data().await.unwrap().index.docs().len();
    assert_eq!(searched, after.len());
}

/// Names as the three source documents write them. A reviewer checked each against the
/// documents; losing one of these records is losing something a person may need.
const NAMED_IN_THE_DOCUMENTS: &[&str] = &[
    // 000: OVC, January 28, 2021
    "National Slavery and Human Trafficking Prevention Month",
    "Understanding Human Trafficking",
    "Human Trafficking Action Research Toolkit",
    "Human Trafficking Capacity Building Center",
    "Development and Operations Roadmap for Multidisciplinary Anti-Human Trafficking Task Forces",
    "Enhanced Collaborative Model Task Force to Combat Human Trafficking",
    "Represent Resilience Virtual Gallery",
    "Human Trafficking Microsite",
    // 001: DOJ, updated August 23, 2023
    "Child Victims and Witnesses Support Materials",
    "Attorney General Guidelines for Victim and Witness Assistance",
    "National Human Trafficking Hotline",
    "National Center for Missing & Exploited Children",
    "National Action Plan to Combat Human Trafficking",
    "National Strategy to Combat Human Trafficking",
    "Attorney General's Annual Report to Congress on U.S. Government Activities to Combat Trafficking in Persons",
    "Trafficking in Persons Report",
    "CRI-TAC",
    "Internet Crimes Against Children Task Force Training",
    "AMBER Alert Training and Technical Assistance Program",
    "Missing and Exploited Children Training and Technical Assistance Program",
    "ICAC",
    "National AMBER Alert coordinator",
    "Crime Victims Fund",
    "Victims of Child Abuse Regional Children's Advocacy Center program",
    "Children's Advocacy Centers",
    "Tribal Governments Program",
    "Grants to Tribal Sexual Assault and Domestic Violence Coalitions Program",
    "Consolidated Grant Program to Address Children and Youth Experiencing Domestic and Sexual Assault and Engage Men and Boys as Allies",
    "Legal Assistance for Victims Program",
    // 003: OVC, law-enforcement resources (undated)
    "Call 911",
    "Submit an FBI Tip",
    "ICE Homeland Security Investigations tip line",
    "Services and Task Forces Map",
    "Human Trafficking Task Forces",
    "Innocence Lost Task Forces",
    "Victim Assistance Training Online",
    "National Calendar of Crime Victim Assistance-Related Events",
    "Human Trafficking Prosecution Unit training and technical assistance",
    "Bureau of Justice Assistance funding",
];

const AGENCIES_IN_THE_DOCUMENTS: &[&str] = &[
    "OVC",
    "BJA",
    "OJJDP",
    "OVW",
    "COPS Office",
    "NIJ",
    "FBI",
    "HSI",
    "NCMEC",
    "U.S. Department of State",
    "National Children's Alliance",
    "Human Trafficking Prosecution Unit",
    "Civil Rights Division",
    "IACP",
    "Child Exploitation and Obscenity Section",
    "OVC TTAC",
    "U.S. Department of Justice",
];

#[test]
fn every_program_and_agency_named_in_the_documents_is_a_record_with_its_source() {
    let catalog =
        lantern::catalog::Catalog::load(&common::seeds_dir(), lantern::input::MaxBytes::default())
            .unwrap();
    let matches = |name: &str, primary: &str, alternates: &[String]| {
        primary.eq_ignore_ascii_case(name)
            || alternates.iter().any(|a| a.eq_ignore_ascii_case(name))
    };
    for name in NAMED_IN_THE_DOCUMENTS {
        let record = catalog
            .resources
            .iter()
            .find(|r| matches(name, &r.name, &r.alternate_names))
            .unwrap_or_else(|| panic!("no resource named {name:?}"));
        assert!(
            record.source.as_str().starts_with("ovc-")
                || record.source.as_str().starts_with("doj-"),
            "{name}: cites {}",
            record.source
        );
    }
    for name in AGENCIES_IN_THE_DOCUMENTS {
        assert!(
            catalog
                .organizations
                .iter()
                .any(|o| matches(name, &o.name, &o.alternate_names)),
            "no organization named {name:?}"
        );
    }
    // The annual report's record lists every fiscal year the 2023 page lists.
    let report = catalog
        .resources
        .iter()
        .find(|r| r.slug.as_str() == "attorney-general-annual-report-trafficking-in-persons")
        .unwrap();
    for year in 2003..=2021 {
        assert!(
            report.description.contains(&year.to_string()),
            "fiscal year {year} missing"
        );
    }
    // Where the documents disagree, the later one wins and the record says so.
    let icac = catalog
        .resources
        .iter()
        .find(|r| r.slug.as_str() == "icac-task-force-program")
        .unwrap();
    assert_eq!(icac.source.as_str(), "doj-human-trafficking-resources-2023");
    assert!(icac.description.contains("5,000"), "{}", icac.description);
    let note = icac.source_note.as_deref().unwrap_or_default();
    assert!(note.contains("2,000"), "{note}");
}

/// The tagging audit of issue 13: who each record serves and what it covers, as its source says.
/// A filter by topic or audience is how a professional finds these.
#[tokio::test]
async fn audited_records_carry_the_topics_and_audiences_their_sources_give() {
    let (_scratch, state) = imported().await;
    for (slug, table, column, term) in [
        (
            "human-trafficking-capacity-building-center",
            "resource_topics",
            "topic",
            "sex-trafficking",
        ),
        (
            "human-trafficking-capacity-building-center",
            "resource_topics",
            "topic",
            "labor-trafficking",
        ),
        (
            "ovw-training-and-technical-assistance",
            "resource_audiences",
            "audience",
            "law-enforcement",
        ),
        (
            "ovc-tta-providers",
            "resource_audiences",
            "audience",
            "law-enforcement",
        ),
        (
            "ovc-human-trafficking-microsite",
            "resource_audiences",
            "audience",
            "public",
        ),
        (
            "ovc-human-trafficking-microsite",
            "resource_audiences",
            "audience",
            "victims-survivors",
        ),
        (
            "services-and-task-forces-map",
            "resource_audiences",
            "audience",
            "public",
        ),
        (
            "services-and-task-forces-map",
            "resource_audiences",
            "audience",
            "victims-survivors",
        ),
        (
            "ncmec-clearinghouse",
            "resource_audiences",
            "audience",
            "children-youth",
        ),
    ] {
        let sql = format!(
            "select count(*) from {table} t join resources r on r.id = t.resource_id
             where r.slug = ?1 and t.{column} = ?2"
        );
        let found: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(slug)
            .bind(term)
            .fetch_one(&state.db)
            .await
            .unwrap();
        assert_eq!(found, 1, "{slug} lacks {column} {term}");
    }
}

/// `catalog` reads seeds and validates drafts; `hsds` drafts a package and uses `catalog` to
/// check it. The dependency goes one way: `catalog` importing from `hsds` would make the two a
/// cycle again, where neither can be understood (or changed) without the other.
#[test]
fn the_catalog_imports_nothing_from_hsds() {
    fn rust_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/catalog"),
        &mut files,
    );
    assert!(files.len() > 5, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Doc comments may mention `crate::hsds`; code may not use it.
        let uses = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .find(|line| line.contains("crate::hsds") || line.contains("hsds::"));
        assert!(uses.is_none(), "{} uses hsds: {uses:?}", file.display());
    }
}
