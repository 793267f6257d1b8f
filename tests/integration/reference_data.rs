//! Accuracy: every number, address and link in the catalog is in the source it cites, and the
//! records generated from ../shared/data match those files exactly.

use std::collections::HashMap;
use std::path::PathBuf;

use lantern::catalog::{Catalog, ServiceArea};

use crate::common::{seeds_dir, shared_dir};

/// Where each source's text lives in ../shared.
fn source_path(shared: &std::path::Path, file: &str) -> PathBuf {
    match file.strip_prefix("shared/") {
        Some(rest) => shared.join(rest),
        None => shared.join("source-documents").join(file),
    }
}

/// Minimal RFC 4180 reader: the reference files quote fields that hold commas.
fn read_csv(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().unwrap().push(c),
            }
        }
        rows.push(fields);
    }
    let header = rows.remove(0);
    rows.into_iter()
        .map(|row| header.iter().cloned().zip(row).collect())
        .collect()
}

macro_rules! shared_or_skip {
    () => {
        match shared_dir() {
            Some(dir) => dir,
            None => {
                eprintln!("SKIPPED: ../shared is absent (set LANTERN_SHARED to point at it)");
                return;
            }
        }
    };
}

#[test]
fn every_phone_address_and_link_is_in_a_source_the_record_cites() {
    let shared = shared_or_skip!();
    let catalog = Catalog::load(&seeds_dir(), lantern::input::MaxBytes::default()).unwrap();
    // The sources records take values from. A source cited only for a record's Spanish (the
    // Hotline's Spanish page) holds no value and has no copy in ../shared.
    let value_sources: std::collections::HashSet<&str> = catalog
        .resources
        .iter()
        .flat_map(|r| std::iter::once(&r.source).chain(&r.also_in))
        .map(|id| id.as_str())
        .collect();
    let texts: HashMap<String, String> = catalog
        .sources
        .iter()
        .filter(|source| value_sources.contains(source.id.as_str()))
        .map(|source| {
            let path = source_path(&shared, &source.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("source {} at {}: {e}", source.id, path.display()));
            (source.id.to_string(), text)
        })
        .collect();
    let urls_of: HashMap<String, Option<String>> = catalog
        .sources
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                s.url.as_ref().map(|u| u.as_str().to_owned()),
            )
        })
        .collect();
    // A value is in a source when the source's text holds it, or it is the source's own address.
    let in_source =
        |id: &str, value: &str| texts[id].contains(value) || urls_of[id].as_deref() == Some(value);

    let mut checked = 0;
    for resource in &catalog.resources {
        let cited: Vec<String> = std::iter::once(&resource.source)
            .chain(&resource.also_in)
            .map(ToString::to_string)
            .collect();
        let in_cited = |fact: &str| cited.iter().any(|id| texts[id].contains(fact));
        // A number or link is in the record's own source, or says beside it (`from`) which of
        // its other sources it comes from, and is in that one.
        let check_value = |value: &str, from: Option<&lantern::catalog::Slug>| match from {
            Some(from) => assert!(
                in_source(from.as_str(), value),
                "{}: {value:?} is marked as from {from}, which does not hold it",
                resource.slug
            ),
            None => assert!(
                in_source(resource.source.as_str(), value),
                "{}: {value:?} is not in the record's source {}: mark it `from` the source \
                 it comes from",
                resource.slug,
                resource.source
            ),
        };
        for phone in &resource.phones {
            check_value(phone.number.written(), phone.from.as_ref());
            checked += 1;
        }
        if let Some(address) = &resource.address {
            assert!(
                in_cited(address),
                "{}: address {address:?} is not in {cited:?}",
                resource.slug
            );
            checked += 1;
        }
        for link in &resource.links {
            check_value(link.url.as_str(), link.from.as_ref());
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} facts checked");
}

/// Field offices whose address is in another city than the one they are named for.
const MOVED: [(&str, &str); 7] = [
    ("Boston", "Chelsea"),
    ("Honolulu", "Kapolei"),
    ("Miami", "Miramar"),
    ("Milwaukee", "St. Francis"),
    ("Minneapolis", "Brooklyn Center"),
    ("Norfolk", "Chesapeake"),
    ("Sacramento", "Roseville"),
];

#[test]
fn field_offices_match_the_fbi_list_exactly() {
    let shared = shared_or_skip!();
    let catalog = Catalog::load(&seeds_dir(), lantern::input::MaxBytes::default()).unwrap();
    let offices = read_csv(&shared.join("data/fbi_field_offices.csv"));
    assert_eq!(offices.len(), 56);
    for office in &offices {
        let record = catalog
            .resources
            .iter()
            .find(|r| r.name == office["name"])
            .unwrap_or_else(|| panic!("no record for {}", office["name"]));
        assert_eq!(record.source.as_str(), "fbi-field-offices-2020");
        assert_eq!(record.last_verified.to_string(), "2020-12");
        assert_eq!(record.address.as_deref(), Some(office["address"].as_str()));
        assert_eq!(record.phones.len(), 1);
        assert_eq!(record.phones[0].number.written(), office["phone"]);
        assert_eq!(record.phones[0].law_enforcement, Some(true));
        let served: Vec<String> = office["states_served"]
            .split(';')
            .map(str::to_owned)
            .collect();
        let ServiceArea::States(states) = &record.service_area else {
            panic!("{} should serve states, not the nation", record.slug);
        };
        let states: Vec<String> = states.iter().map(ToString::to_string).collect();
        assert_eq!(states, served, "{}", record.slug);
        assert_eq!(
            record.links[0].url.as_str(),
            "https://www.fbi.gov/contact-us/field-offices"
        );
        // The summary places the office where its address is ("The FBI Boston field office, in
        // Chelsea, Massachusetts"), not where its name suggests.
        if let Some((_, city)) = MOVED.iter().find(|(name, _)| *name == office["office"]) {
            assert!(office["address"].contains(&format!(" {city}, ")));
            let expected = format!("The FBI {} field office, in {city}, ", office["office"]);
            assert!(
                record.summary.starts_with(&expected),
                "{}: {:?}",
                record.slug,
                record.summary
            );
        } else {
            assert!(
                record
                    .summary
                    .starts_with(&format!("The FBI office in {}, ", office["office"])),
                "{}: {:?}",
                record.slug,
                record.summary
            );
        }
        // The directory speaks for itself, not in the FBI's voice.
        let words: Vec<&str> = record
            .description
            .split(|c: char| !c.is_alphanumeric())
            .collect();
        for first_person in ["we", "We", "our", "Our", "us"] {
            assert!(
                !words.contains(&first_person),
                "{}: {:?}",
                record.slug,
                record.description
            );
        }
    }
}

#[test]
fn states_match_the_reference_list() {
    let shared = shared_or_skip!();
    let catalog = Catalog::load(&seeds_dir(), lantern::input::MaxBytes::default()).unwrap();
    let mut expected: Vec<(String, String, String, String)> =
        read_csv(&shared.join("data/states.csv"))
            .into_iter()
            .map(|r| {
                (
                    r["code"].clone(),
                    r["name"].clone(),
                    r["fips"].clone(),
                    r["kind"].clone(),
                )
            })
            .collect();
    let mut actual: Vec<(String, String, String, String)> = catalog
        .states
        .iter()
        .map(|s| {
            (
                s.code.to_string(),
                s.name.clone(),
                s.fips.clone(),
                s.kind.clone(),
            )
        })
        .collect();
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected);
}

#[test]
fn the_zip_prefix_table_is_the_reference_file_unchanged() {
    let shared = shared_or_skip!();
    let ours = std::fs::read(seeds_dir().join("zip3_states.csv")).unwrap();
    let reference = std::fs::read(shared.join("data/zip3_states.csv")).unwrap();
    assert!(
        ours == reference,
        "seeds/zip3_states.csv differs from ../shared/data/zip3_states.csv"
    );
    let catalog = Catalog::load(&seeds_dir(), lantern::input::MaxBytes::default()).unwrap();
    // Prefixes outside the 56 jurisdictions (military mail) have no state to search by.
    assert!(
        catalog.zip_prefixes.len() > 900,
        "{}",
        catalog.zip_prefixes.len()
    );
    let ct = catalog
        .zip_prefixes
        .iter()
        .find(|z| z.prefix == "063")
        .unwrap();
    let states: Vec<&str> = ct.states.iter().map(|s| s.as_str()).collect();
    assert_eq!(states, ["CT", "NY"]);
}
