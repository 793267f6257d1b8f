//! Spanish records: the lines people in danger need are translated whole, a translation never
//! carries a number or address the English does not, the Spanish survives an HSDS round trip,
//! and the read side returns Spanish for Spanish pages and says which language text is in.

use std::path::Path;

use lantern::catalog::{Catalog, CatalogError, Kind, Resource};
use lantern::db::resources::{self, TranslatedBy};
use lantern::db::{directory, matrix};
use lantern::export::ExportFormat;
use lantern::input::MaxBytes;
use lantern::lang::Lang;
use sqlx::SqlitePool;

use crate::common::{Scratch, assert_reported, edit, seeds_dir};

fn seeds() -> Catalog {
    Catalog::load(&seeds_dir(), MaxBytes::default()).unwrap()
}

/// The records a frightened person reaches first: every hotline and reporting line (911, the
/// Hotline, the FBI and its 56 field offices, ICE HSI) and the victim services.
fn lines_to_translate(catalog: &Catalog) -> Vec<&Resource> {
    catalog
        .resources
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                Kind::Hotline | Kind::Reporting | Kind::VictimServices
            )
        })
        .collect()
}

#[test]
fn every_hotline_reporting_line_field_office_and_victim_service_is_in_spanish() {
    let catalog = seeds();
    let lines = lines_to_translate(&catalog);
    let field_offices = lines
        .iter()
        .filter(|r| r.slug.as_str().ends_with("-field-office"))
        .count();
    assert_eq!(field_offices, 56);
    for slug in [
        "call-911",
        "national-human-trafficking-hotline",
        "fbi-tips",
        "ice-hsi-tip-line",
    ] {
        assert!(lines.iter().any(|r| r.slug.as_str() == slug), "{slug}");
    }
    for resource in lines {
        let slug = &resource.slug;
        let es = resource
            .es
            .as_ref()
            .unwrap_or_else(|| panic!("{slug} has no Spanish"));
        assert_ne!(es.name, resource.name, "{slug}: the name is not translated");
        assert_ne!(es.summary, resource.summary, "{slug}");
        assert_ne!(es.description, resource.description, "{slug}");
        for (i, phone) in resource.phones.iter().enumerate() {
            let phone_es = phone
                .es
                .as_ref()
                .unwrap_or_else(|| panic!("{slug}: phone {} has no Spanish", i + 1));
            assert_eq!(phone.description.is_some(), phone_es.description.is_some());
            assert_eq!(phone.hours.is_some(), phone_es.hours.is_some());
            assert_eq!(phone.languages.is_some(), phone_es.languages.is_some());
        }
        for link in &resource.links {
            assert!(
                link.label_es.is_some(),
                "{slug}: link {}",
                link.url.as_str()
            );
        }
        for fact in &resource.facts {
            assert!(fact.text_es.is_some(), "{slug}: fact {:?}", fact.text);
        }
    }
}

#[test]
fn every_state_kind_topic_and_audience_has_a_spanish_label() {
    let catalog = seeds();
    assert_eq!(catalog.states.len(), 56);
    for state in &catalog.states {
        assert!(state.name_es.is_some(), "{}", state.code.as_str());
    }
    let name_es = |code: &str| {
        catalog
            .states
            .iter()
            .find(|s| s.code.as_str() == code)
            .and_then(|s| s.name_es.clone())
            .unwrap()
    };
    assert_eq!(name_es("NM"), "Nuevo México");
    assert_eq!(name_es("NC"), "Carolina del Norte");
    assert_eq!(name_es("LA"), "Luisiana");
    assert_eq!(name_es("PR"), "Puerto Rico");
    assert_eq!(name_es("VI"), "Islas Vírgenes de los Estados Unidos");
    for kind in &catalog.kinds {
        assert!(kind.es.is_some(), "kind {}", kind.kind.slug());
    }
    for term in catalog.topics.iter().chain(&catalog.audiences) {
        assert!(term.es.is_some(), "{}", term.slug.as_str());
    }
}

#[test]
fn the_hotlines_spanish_name_is_its_own_and_cited() {
    let catalog = seeds();
    let hotline = catalog
        .resources
        .iter()
        .find(|r| r.slug.as_str() == "national-human-trafficking-hotline")
        .unwrap();
    let es = hotline.es.as_ref().unwrap();
    assert_eq!(es.name, "Línea Nacional Contra la Trata de Personas");
    let source = es.source.as_ref().expect("an official source");
    let cited = catalog.sources.iter().find(|s| &s.id == source).unwrap();
    assert_eq!(
        cited.url.as_ref().map(|u| u.as_str()),
        Some("http://humantraffickinghotline.org/es/misi%C3%B3n")
    );
    // 911's Spanish is the directory's own.
    let emergency = catalog
        .resources
        .iter()
        .find(|r| r.slug.as_str() == "call-911")
        .unwrap();
    assert_eq!(emergency.es.as_ref().unwrap().source, None);
}

/// The problems `Catalog::load` finds in a copy of the seeds broken by `breakage`.
fn problems_after(breakage: impl FnOnce(&Path)) -> Vec<String> {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    breakage(&seeds);
    match Catalog::load(&seeds, MaxBytes::default()) {
        Err(CatalogError::Invalid(problems)) => {
            problems.0.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("the broken seeds were accepted"),
    }
}

/// The 1-based line of the first occurrence of `text` in a seed file of the project.
fn line_of(file: &str, text: &str) -> usize {
    let body = std::fs::read_to_string(seeds_dir().join(file)).unwrap();
    let at = body
        .find(text)
        .unwrap_or_else(|| panic!("{file} lacks {text:?}"));
    body[..at].lines().count() + 1
}

const EMERGENCY_SUMMARY_ES: &str =
    "summary = \"Si usted o alguien que conoce está en peligro inmediato, llame al 911.\"";

#[test]
fn a_spanish_field_with_a_phone_number_the_english_lacks_is_refused_at_its_line() {
    let line = line_of("hotlines.toml", EMERGENCY_SUMMARY_ES);
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "llame al 911.\"",
            "llame al 911 o al (555) 010-4477.\"",
        )
    });
    assert_reported(
        &problems,
        &format!(
            "hotlines.toml:{line}: entry 'call-911': es.summary: carries the number 5550104477"
        ),
    );
}

#[test]
fn a_changed_digit_in_a_translated_number_is_refused() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("reporting.toml"),
            "llamando al 866-347-2423",
            "llamando al 866-347-2433",
        )
    });
    assert_reported(
        &problems,
        "entry 'ice-hsi-tip-line': es.summary: carries the number 8663472433",
    );
}

#[test]
fn a_spanish_field_with_a_web_address_the_english_lacks_is_refused() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "description = \"Servicios de emergencia\"",
            "description = \"Servicios de emergencia: www.emergencias-ejemplo.org\"",
        )
    });
    assert_reported(
        &problems,
        "entry 'call-911': phone[1].es.description: carries the web address \
         'www.emergencias-ejemplo.org'",
    );
}

#[test]
fn empty_and_half_translations_are_refused() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("kinds.toml"),
            "label = \"Líneas de ayuda\"",
            "label = \"  \"",
        );
        // A Spanish name and summary without a description.
        let victims = seeds.join("victim-services.toml");
        let text = std::fs::read_to_string(&victims).unwrap();
        let description = text
            .lines()
            .find(|l| l.starts_with("description = \"Todas las víctimas"))
            .unwrap()
            .to_owned();
        edit(&victims, &format!("{description}\n"), "");
        edit(
            &seeds.join("states.toml"),
            "name = \"Nuevo México\"",
            "name = \"\"",
        );
    });
    assert_reported(&problems, "entry 'hotline': es.label: is empty");
    assert_reported(
        &problems,
        "entry 'ovc-resources-for-victims-and-survivors': es.description: is missing",
    );
    assert_reported(&problems, "entry 'NM': es.name: is empty");
}

#[test]
fn a_translated_phone_has_exactly_the_fields_the_english_has() {
    let problems = problems_after(|seeds| {
        let hotlines = seeds.join("hotlines.toml");
        // 911 gives no hours: Spanish hours would be a fact no source gave.
        edit(
            &hotlines,
            "description = \"Servicios de emergencia\"",
            "description = \"Servicios de emergencia\"\nhours = \"Las 24 horas\"",
        );
        // The Hotline's line gives hours: Spanish without them leaves English in the line.
        edit(
            &hotlines,
            "hours = \"Las 24 horas del día, los 7 días de la semana, todos los días del año\"\n",
            "",
        );
    });
    assert_reported(
        &problems,
        "entry 'call-911': phone[1].es.hours: the English phone has no hours to translate",
    );
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': phone[1].es.hours: is missing",
    );
}

#[test]
fn an_unknown_spanish_source_is_refused() {
    let problems = problems_after(|seeds| {
        edit(
            &seeds.join("hotlines.toml"),
            "source = \"nhth-mision-es\"",
            "source = \"nhth-no-such-page\"",
        )
    });
    assert_reported(
        &problems,
        "entry 'national-human-trafficking-hotline': es.source: unknown source 'nhth-no-such-page'",
    );
}

/// Everything Spanish in a catalog, as comparable lines.
fn spanish_of(catalog: &Catalog) -> Vec<String> {
    let mut lines = Vec::new();
    for r in &catalog.resources {
        lines.push(format!("{} {:?}", r.slug.as_str(), r.es));
        for p in &r.phones {
            lines.push(format!(
                "{} {} {:?}",
                r.slug.as_str(),
                p.number.written(),
                p.es
            ));
        }
        for l in &r.links {
            lines.push(format!(
                "{} {} {:?}",
                r.slug.as_str(),
                l.url.as_str(),
                l.label_es
            ));
        }
        for f in &r.facts {
            lines.push(format!("{} {:?}", r.slug.as_str(), f.text_es));
        }
    }
    for k in &catalog.kinds {
        lines.push(format!("kind {} {:?}", k.kind.slug(), k.es));
    }
    for t in catalog.topics.iter().chain(&catalog.audiences) {
        lines.push(format!("term {} {:?}", t.slug.as_str(), t.es));
    }
    for s in &catalog.states {
        lines.push(format!("state {} {:?}", s.code.as_str(), s.name_es));
    }
    lines
}

async fn load(database: &Path) -> Catalog {
    let pool = lantern::db::open_for_reading(database, false)
        .await
        .unwrap();
    let catalog = lantern::db::load_catalog(&pool).await.unwrap();
    pool.close().await;
    catalog
}

async fn hsds_round_trip_keeps_spanish(
    format: ExportFormat,
    package: impl Fn(&Path) -> std::path::PathBuf,
) {
    let scratch = Scratch::new();
    lantern::cli::import(&seeds_dir(), &scratch.database(), MaxBytes::default())
        .await
        .unwrap();
    let expected = spanish_of(&seeds());
    assert!(
        expected
            .iter()
            .any(|l| l.contains("Línea Nacional Contra la Trata de Personas")),
        "the seeds have Spanish"
    );
    // Import and snapshot keep it.
    assert_eq!(spanish_of(&load(&scratch.database()).await), expected);
    // So do an HSDS export and an import of it into an empty database.
    let out = scratch.dir.path().join("export");
    lantern::cli::export_database(&scratch.database(), format, &out)
        .await
        .unwrap();
    let again = scratch.dir.path().join("again").join("lantern.db");
    lantern::cli::import_hsds(&package(&out), &seeds_dir(), &again, MaxBytes::default())
        .await
        .unwrap_or_else(|e| panic!("the export imports: {e}"));
    assert_eq!(spanish_of(&load(&again).await), expected);
}

#[tokio::test]
async fn an_hsds_package_keeps_every_spanish_field() {
    hsds_round_trip_keeps_spanish(ExportFormat::Hsds, Path::to_owned).await;
}

#[tokio::test]
async fn hsds_json_keeps_every_spanish_field() {
    hsds_round_trip_keeps_spanish(ExportFormat::Json, |dir| dir.join("hsds.json")).await;
}

async fn imported_pool() -> (Scratch, SqlitePool) {
    let scratch = Scratch::new();
    lantern::cli::import(&seeds_dir(), &scratch.database(), MaxBytes::default())
        .await
        .unwrap();
    let pool = lantern::db::open_for_reading(&scratch.database(), false)
        .await
        .unwrap();
    (scratch, pool)
}

#[tokio::test]
async fn a_resource_page_reads_spanish_for_spanish_and_english_for_english() {
    let (_scratch, pool) = imported_pool().await;
    let slug = "national-human-trafficking-hotline";

    let es = resources::detail(&pool, slug, Lang::Es)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        es.resource.name,
        "Línea Nacional Contra la Trata de Personas"
    );
    assert_eq!(es.resource.text_lang, Lang::Es);
    assert_eq!(es.resource.kind_label, "Líneas de ayuda");
    assert!(es.alternate_names.contains(&"Línea Nacional".to_owned()));
    match &es.translated_by {
        Some(TranslatedBy::Source(source)) => {
            assert_eq!(source.title, "Misión");
            assert_eq!(
                source.url.as_deref(),
                Some("http://humantraffickinghotline.org/es/misi%C3%B3n")
            );
        }
        other => panic!("the Hotline's Spanish is its own page's, not {other:?}"),
    }
    let call = &es.phones[0];
    assert_eq!(call.number, "888-373-7888", "numbers are never translated");
    assert_eq!(call.description.as_deref(), Some("Gratuita"));
    assert_eq!(call.languages.as_deref(), Some("Más de 200 idiomas"));
    assert_eq!(call.text_lang, Lang::Es);
    assert!(es.links[0].label.starts_with("Chatear"));
    assert_eq!(es.links[0].url, "https://humantraffickinghotline.org/");
    assert_eq!(es.links[0].text_lang, Lang::Es);
    assert!(
        es.facts[1]
            .text
            .starts_with("Comunicarse con la Línea Nacional es confidencial")
    );
    assert_eq!(es.facts[1].text_lang, Lang::Es);
    assert!(es.topics.iter().any(|t| t.label == "Trata laboral"));

    let en = resources::detail(&pool, slug, Lang::En)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(en.resource.name, "National Human Trafficking Hotline");
    assert_eq!(en.resource.text_lang, Lang::En);
    assert_eq!(en.translated_by, None);
    assert_eq!(en.phones[0].description.as_deref(), Some("Toll-free"));
    assert_eq!(en.phones[0].text_lang, Lang::En);
    assert_eq!(en.facts[1].text_lang, Lang::En);
    assert_eq!(en.resource.kind_label, "Hotlines");

    let emergency = resources::detail(&pool, "call-911", Lang::Es)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(emergency.translated_by, Some(TranslatedBy::Directory));
    assert_eq!(emergency.resource.name, "Llame al 911");
}

#[tokio::test]
async fn an_untranslated_record_stays_english_and_says_so() {
    let (_scratch, pool) = imported_pool().await;
    let catalog = seeds();
    let untranslated = catalog
        .resources
        .iter()
        .find(|r| r.es.is_none())
        .expect("some records are English only");
    let page = resources::detail(&pool, untranslated.slug.as_str(), Lang::Es)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.resource.name, untranslated.name);
    assert_eq!(page.resource.text_lang, Lang::En);
    assert_eq!(page.translated_by, None);
    // Its kind's label is the site's, in Spanish all the same.
    let kind_es = catalog
        .kinds
        .iter()
        .find(|k| k.kind == untranslated.kind)
        .and_then(|k| k.es.clone())
        .unwrap();
    assert_eq!(page.resource.kind_label, kind_es.label);
}

#[tokio::test]
async fn lists_states_and_vocabularies_read_in_the_language_asked_for() {
    let (_scratch, pool) = imported_pool().await;

    let offices = resources::by_kind(&pool, Kind::Reporting, Lang::Es)
        .await
        .unwrap();
    let houston = offices
        .iter()
        .find(|c| c.slug == "fbi-houston-field-office")
        .unwrap();
    assert_eq!(houston.name, "Oficina del FBI en Houston, Texas");
    assert_eq!(houston.text_lang, Lang::Es);
    assert_eq!(houston.kind_label, "Denuncias");
    assert_eq!(
        houston.lines.call.as_ref().unwrap().number,
        "(713) 693-5000"
    );
    let albany = offices
        .iter()
        .find(|c| c.slug == "fbi-albany-field-office")
        .unwrap();
    assert_eq!(albany.states.as_deref(), Some("Nueva York, Vermont"));
    let english = resources::by_kind(&pool, Kind::Reporting, Lang::En)
        .await
        .unwrap();
    let houston = english
        .iter()
        .find(|c| c.slug == "fbi-houston-field-office")
        .unwrap();
    assert_eq!(houston.name, "FBI Houston Field Office");
    assert_eq!(houston.text_lang, Lang::En);

    let (hotlines, _reporting) = resources::national_lines(&pool, Lang::Es).await.unwrap();
    let hotline = hotlines
        .iter()
        .find(|c| c.card.slug == "national-human-trafficking-hotline")
        .unwrap();
    assert_eq!(
        hotline.card.name,
        "Línea Nacional Contra la Trata de Personas"
    );
    assert_eq!(
        hotline.phones[1].hours.as_deref(),
        Some("Las 24 horas del día, los 7 días de la semana")
    );
    assert!(
        hotline
            .card
            .lines
            .online
            .as_ref()
            .unwrap()
            .label
            .starts_with("Chatear")
    );

    let states = directory::states(&pool, Lang::Es).await.unwrap();
    let nm = states.iter().find(|s| s.code == "NM").unwrap();
    assert_eq!((nm.name.as_str(), nm.text_lang), ("Nuevo México", Lang::Es));
    let en_states = directory::states(&pool, Lang::En).await.unwrap();
    let nm = en_states.iter().find(|s| s.code == "NM").unwrap();
    assert_eq!((nm.name.as_str(), nm.text_lang), ("New Mexico", Lang::En));
    // Spanish names sort as Spanish names: Carolina del Norte before Nueva York.
    let position = |name: &str| states.iter().position(|s| s.name == name).unwrap();
    assert!(position("Carolina del Norte") < position("Nueva York"));

    let kinds = directory::kinds(&pool, Lang::Es).await.unwrap();
    assert!(kinds.iter().all(|k| k.text_lang == Lang::Es));
    assert_eq!(kinds[0].label, "Líneas de ayuda");
    let topic = directory::topic(&pool, "labor-trafficking", Lang::Es)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(topic.label, "Trata laboral");
    let matrix = matrix::for_kind(&pool, Kind::Training, Lang::Es)
        .await
        .unwrap();
    assert!(
        matrix
            .audiences
            .iter()
            .any(|a| a.label == "Agentes del orden")
    );
}

/// Every list of cards reads the `resource_cards` view, which holds each resource once per
/// language in its `languages` table: a language the site publishes but the table lacks would
/// show empty lists under its prefix.
#[tokio::test]
async fn every_published_language_lists_every_resource_once() {
    let (_scratch, pool) = imported_pool().await;
    let resources: Vec<i64> = sqlx::query_scalar("select id from resources order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!resources.is_empty());
    for lang in Lang::ALL {
        let cards = resources::all_cards_in(&pool, lang).await.unwrap();
        let ids: Vec<i64> = cards.iter().map(|card| card.id).collect();
        assert_eq!(ids, resources, "{lang:?}");
        assert!(
            cards
                .iter()
                .all(|card| card.text_lang == lang || card.text_lang == Lang::En),
            "{lang:?}"
        );
        let hotlines = resources::by_kind(&pool, Kind::Hotline, lang)
            .await
            .unwrap();
        assert!(!hotlines.is_empty(), "{lang:?}");
    }
}
