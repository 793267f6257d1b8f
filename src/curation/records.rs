//! The records that carry a verification date (resources and organizations), read from the
//! seeds with where each is written.

use std::path::{Path, PathBuf};

use foldhash::HashMap;

use crate::catalog::{CatalogError, Date, SeedFiles, Slug, validate};
use crate::input::MaxBytes;

/// What a verified record is. Both kinds have a source and a last verification date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Resource,
    Organization,
}

impl RecordKind {
    /// The word for it, as the seeds' array of tables names it (`[[resource]]`).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Resource => "resource",
            RecordKind::Organization => "organization",
        }
    }
}

/// One record as its seed file holds it, checked.
#[derive(Debug, Clone)]
pub struct SeedRecord {
    pub kind: RecordKind,
    pub slug: Slug,
    pub last_verified: Date,
    pub source: Slug,
    /// The source's own date, when it has one: no verification can be older than its source.
    pub source_date: Option<Date>,
    /// The seed file, as found in the seeds folder (`seeds/fbi-field-offices.toml`).
    pub file: PathBuf,
    /// The line of the record's table header (`[[resource]]`), 1-based.
    pub line: usize,
}

/// The seeds, checked exactly as an import checks them, and every verified record in them in
/// seed order (resources, then organizations).
pub struct CheckedSeeds {
    pub files: SeedFiles,
    pub records: Vec<SeedRecord>,
}

impl CheckedSeeds {
    /// Reads and validates the seeds in `dir`; seeds an import would refuse are refused here
    /// with the same problems.
    pub fn read(dir: &Path, max: MaxBytes) -> Result<CheckedSeeds, CatalogError> {
        let files = SeedFiles::read(dir, max)?;
        let records = records_of(&files)?;
        Ok(CheckedSeeds { files, records })
    }

    /// Checks `files` as an import would (after an edit, before it is saved).
    pub fn check(files: SeedFiles) -> Result<CheckedSeeds, CatalogError> {
        let records = records_of(&files)?;
        Ok(CheckedSeeds { files, records })
    }

    /// The record called `slug`, of either kind.
    pub fn find(&self, slug: &str) -> Vec<&SeedRecord> {
        self.records
            .iter()
            .filter(|record| record.slug.as_str() == slug)
            .collect()
    }
}

fn records_of(files: &SeedFiles) -> Result<Vec<SeedRecord>, CatalogError> {
    let drafts = files.drafts();
    let place = |origin: &crate::catalog::draft::Origin| (origin.file().to_owned(), origin.line());
    let mut places: HashMap<(RecordKind, String), (PathBuf, usize)> = HashMap::default();
    for draft in &drafts.resources {
        if let Some(slug) = &draft.record.slug {
            let key = (RecordKind::Resource, slug.trim().to_owned());
            places.entry(key).or_insert_with(|| place(&draft.origin));
        }
    }
    for draft in &drafts.organizations {
        if let Some(slug) = &draft.record.slug {
            let key = (RecordKind::Organization, slug.trim().to_owned());
            places.entry(key).or_insert_with(|| place(&draft.origin));
        }
    }
    let catalog = validate(drafts).map_err(CatalogError::Invalid)?;
    let source_dates: HashMap<&str, Option<Date>> = catalog
        .sources
        .iter()
        .map(|source| (source.id.as_str(), source.date))
        .collect();
    let resources = catalog
        .resources
        .iter()
        .map(|r| (RecordKind::Resource, &r.slug, r.last_verified, &r.source));
    let organizations = catalog.organizations.iter().map(|o| {
        (
            RecordKind::Organization,
            &o.slug,
            o.last_verified,
            &o.source,
        )
    });
    Ok(resources
        .chain(organizations)
        .filter_map(|(kind, slug, last_verified, source)| {
            // Validation built every record from a draft with this slug.
            let (file, line) = places.remove(&(kind, slug.to_string()))?;
            Some(SeedRecord {
                kind,
                slug: slug.clone(),
                last_verified,
                source: source.clone(),
                source_date: source_dates.get(source.as_str()).copied().flatten(),
                file,
                line,
            })
        })
        .collect())
}
