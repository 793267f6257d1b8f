//! Imports given files they should not trust: links out of the folder, FIFOs, devices,
//! oversized files, control characters. Each is refused with the file named, and the catalog
//! already imported is left as it was. Also: an import reads and indexes each file once, so
//! its time grows with the package's size, not with its square.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use lantern::catalog::Catalog;
use lantern::hsds::Package;
use lantern::input::{MaxBytes, texts_indexed_on_this_thread};

use crate::common::{Scratch, assert_catalog_unchanged, edit, package_to_break, seeds_dir};

/// Long enough for any import here; one that hangs on a FIFO fails the test instead.
const PATIENCE: Duration = Duration::from_secs(60);

async fn import_package(package: &Path, target: &Path, max: MaxBytes) -> String {
    tokio::time::timeout(
        PATIENCE,
        lantern::cli::import_hsds(package, &seeds_dir(), target, max),
    )
    .await
    .expect("the import finished rather than hang")
    .expect_err("the package must be refused")
    .to_string()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[tokio::test]
async fn links_out_fifos_devices_and_oversized_package_files_are_refused() {
    let (_scratch, package, target) = package_to_break().await;
    lantern::cli::import(&seeds_dir(), &target, MaxBytes::default())
        .await
        .unwrap();
    let services = package.join("services.csv");
    let kept = package.join("services.kept");
    std::fs::rename(&services, &kept).unwrap();

    std::os::unix::fs::symlink("/etc/passwd", &services).unwrap();
    let error = import_package(&package, &target, MaxBytes::default()).await;
    assert!(error.contains("services.csv leads outside"), "{error}");
    assert!(
        !error.contains("root:"),
        "the file's content is never shown: {error}"
    );
    assert_catalog_unchanged(&target).await;

    std::fs::remove_file(&services).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &services).unwrap();
    let error = import_package(&package, &target, MaxBytes::default()).await;
    assert!(error.contains("services.csv leads outside"), "{error}");
    assert_catalog_unchanged(&target).await;

    // A device given by name, as a JSON file.
    let zero = package.join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let error = import_package(&zero, &target, MaxBytes::default()).await;
    assert!(error.contains("zero.json is a device"), "{error}");
    assert_catalog_unchanged(&target).await;
    std::fs::remove_file(&zero).unwrap();

    // A link that stays inside the folder is just another name for a file there, but it
    // must still lead to a regular file.
    std::fs::remove_file(&services).unwrap();
    mkfifo(&package.join("pipe"));
    std::os::unix::fs::symlink(package.join("pipe"), &services).unwrap();
    let error = import_package(&package, &target, MaxBytes::default()).await;
    assert!(error.contains("services.csv is a FIFO"), "{error}");
    assert_catalog_unchanged(&target).await;

    std::fs::remove_file(&services).unwrap();
    mkfifo(&services);
    let error = import_package(&package, &target, MaxBytes::default()).await;
    assert!(error.contains("services.csv is a FIFO"), "{error}");
    assert_catalog_unchanged(&target).await;

    std::fs::remove_file(&services).unwrap();
    std::fs::rename(&kept, &services).unwrap();
    let size = std::fs::metadata(&services).unwrap().len();
    let error = import_package(&package, &target, MaxBytes(size - 1)).await;
    assert!(
        error.contains(&format!(
            "services.csv is larger than the limit of {} bytes",
            size - 1
        )),
        "{error}"
    );
    assert!(error.contains("--max-import-bytes"), "{error}");
    assert_catalog_unchanged(&target).await;

    // The same package, whole and within the limit, imports.
    let largest = std::fs::read_dir(&package)
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .max()
        .unwrap();
    lantern::cli::import_hsds(&package, &seeds_dir(), &target, MaxBytes(largest))
        .await
        .expect("the package imports once nothing is wrong with it");
}

#[test]
fn seed_files_get_the_same_rule() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let outside = scratch.dir.path().join("elsewhere.toml");
    std::fs::copy(seeds.join("synonyms.toml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, seeds.join("linked.toml")).unwrap();
    let error = Catalog::load(&seeds, MaxBytes::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("linked.toml leads outside"), "{error}");

    std::fs::remove_file(seeds.join("linked.toml")).unwrap();
    mkfifo(&seeds.join("waiting.toml"));
    let error = Catalog::load(&seeds, MaxBytes::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("waiting.toml is a FIFO"), "{error}");

    std::fs::remove_file(seeds.join("waiting.toml")).unwrap();
    let error = Catalog::load(&seeds, MaxBytes(1024))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("is larger than the limit of 1024 bytes"),
        "{error}"
    );
    Catalog::load(&seeds, MaxBytes::default()).expect("the seeds load again");
}

/// Every file an import reads becomes one indexed text, once: problems and places are then
/// looked up in that index rather than by rescanning the text, so the import's time grows
/// with the package, not with its square.
#[tokio::test]
async fn an_hsds_import_reads_and_indexes_each_file_once() {
    let (scratch, package, _target) = package_to_break().await;
    let seed_files = std::fs::read_dir(seeds_dir())
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".toml") || name == "zip3_states.csv"
        })
        .count();
    let package_files = std::fs::read_dir(&package).unwrap().count();

    let before = texts_indexed_on_this_thread();
    let read = Package::read(&package, MaxBytes::default()).unwrap();
    read.to_catalog(&seeds_dir(), MaxBytes::default()).unwrap();
    assert_eq!(
        texts_indexed_on_this_thread() - before,
        package_files + seed_files
    );

    // Many problems, each naming a line, still index nothing twice.
    let phones = package.join("phones.csv");
    let text = std::fs::read_to_string(&phones).unwrap();
    std::fs::write(&phones, text.replace(",voice,", ",not-a-type,")).unwrap();
    let before = texts_indexed_on_this_thread();
    let read = Package::read(&package, MaxBytes::default()).unwrap();
    let error = read
        .to_catalog(&seeds_dir(), MaxBytes::default())
        .unwrap_err()
        .to_string();
    assert!(error.lines().count() > 50, "{error}");
    assert_eq!(
        texts_indexed_on_this_thread() - before,
        package_files + seed_files
    );

    // One JSON file: the same.
    let json = scratch.dir.path().join("json");
    lantern::cli::export_database(
        &scratch.database(),
        lantern::export::ExportFormat::Json,
        &json,
    )
    .await
    .unwrap();
    let before = texts_indexed_on_this_thread();
    let read = Package::read(&json, MaxBytes::default()).unwrap();
    read.to_catalog(&seeds_dir(), MaxBytes::default()).unwrap();
    assert_eq!(texts_indexed_on_this_thread() - before, 1 + seed_files);
}

#[test]
fn control_characters_in_a_seed_are_refused_and_named() {
    let scratch = Scratch::new();
    let seeds = scratch.copy_of_seeds();
    let hotlines = seeds.join("hotlines.toml");
    // TOML escapes: what an editor (or a generated file) could put there.
    edit(
        &hotlines,
        "name = \"Call 911\"",
        "name = \"Call\\u001b[2K 911\"",
    );
    edit(
        &hotlines,
        "description = \"Emergency services\"",
        "description = \"\\u202eEmergency services\"",
    );
    edit(
        &hotlines,
        "number = \"911\"",
        "number = \"911\"\nhours = \"any\\u0000time\"",
    );
    let error = Catalog::load(&seeds, MaxBytes::default())
        .unwrap_err()
        .to_string();
    let line = |field: &str| {
        error
            .lines()
            .find(|line| line.contains(field))
            .unwrap_or_else(|| panic!("no problem with {field}: {error}"))
            .to_owned()
    };
    let name = line(": name:");
    assert!(name.contains("hotlines.toml:"), "{name}");
    assert!(name.contains("entry 'call-911'"), "{name}");
    assert!(name.contains("U+001B"), "{name}");
    let description = line("phone[1].description");
    assert!(description.contains("U+202E"), "{description}");
    assert!(description.contains("bidirectional"), "{description}");
    assert!(line("phone[1].hours").contains("U+0000"));
    // And nothing raw reaches whoever reads the message.
    assert!(
        !error.contains('\u{1b}') && !error.contains('\u{202e}'),
        "{error:?}"
    );
}

#[tokio::test]
async fn control_characters_in_a_package_are_refused_and_named() {
    let (_scratch, package, target) = package_to_break().await;
    lantern::cli::import(&seeds_dir(), &target, MaxBytes::default())
        .await
        .unwrap();
    edit(
        &package.join("services.csv"),
        "National Human Trafficking Hotline,",
        "National Human\u{7}Trafficking Hotline,",
    );
    let error = import_package(&package, &target, MaxBytes::default()).await;
    let line = error
        .lines()
        .find(|line| line.contains(": name:"))
        .unwrap_or_else(|| panic!("{error}"));
    assert!(line.contains("services.csv:"), "{line}");
    assert!(
        line.contains("entry 'national-human-trafficking-hotline'"),
        "{line}"
    );
    assert!(line.contains("U+0007"), "{line}");
    assert_catalog_unchanged(&target).await;
}

#[test]
fn an_escape_sequence_in_a_bad_slug_is_printed_escaped() {
    // Retitles the terminal, rings the bell, clears the line and writes over it.
    let stderr = crate::common::check_with_bad_slug("x\\u001b]0;TITLE\\u0007\\u001b[2K\\rall good");
    for raw in ['\u{1b}', '\u{7}', '\r'] {
        assert!(
            !stderr.contains(raw),
            "{raw:?} reached the terminal: {stderr:?}"
        );
    }
    assert!(
        stderr.contains("entry 'x\\u{1b}]0;TITLE\\u{7}\\u{1b}[2K\\u{d}all good'"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_package_whose_spanish_carries_a_new_number_is_refused_and_named() {
    let (_scratch, package, target) = package_to_break().await;
    lantern::cli::import(&seeds_dir(), &target, MaxBytes::default())
        .await
        .unwrap();
    // 911's Spanish summary, an attribute of its service, made to send people elsewhere.
    edit(
        &package.join("attributes.csv"),
        "está en peligro inmediato, llame al 911.",
        "está en peligro inmediato, llame al 911 o al 555-010-4477.",
    );
    let error = import_package(&package, &target, MaxBytes::default()).await;
    let line = error
        .lines()
        .find(|line| line.contains("es.summary"))
        .unwrap_or_else(|| panic!("{error}"));
    assert!(line.contains("services.csv:"), "{line}");
    assert!(line.contains("entry 'call-911'"), "{line}");
    assert!(line.contains("carries the number 5550104477"), "{line}");
    assert_catalog_unchanged(&target).await;
}
