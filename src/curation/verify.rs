//! `lantern verify SLUG`: a person has checked a record against its source; its
//! `last_verified` becomes that day, in its seed file, on the one line that holds it.
//!
//! The file is edited with `toml_edit`, so every comment, blank line and quote stays as the
//! editor wrote it, and the change reads as one line in a diff. The edited seeds are checked as
//! an import checks them before anything is written: an edit the importer would refuse leaves
//! the file as it was. The file is replaced whole (written beside it, then renamed), so an
//! interrupted write cannot leave half a seed file.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Value};

use super::records::{CheckedSeeds, SeedRecord};
use crate::catalog::{CatalogError, Date, Slug};
use crate::input::MaxBytes;

/// A verification recorded (or found already recorded).
#[derive(Debug)]
pub struct Verified {
    /// The record as it was before.
    pub record: SeedRecord,
    pub date: Date,
    /// The line that changed; `None` when the record already said `date`.
    pub line: Option<usize>,
}

/// What changed, where: `seeds/hotlines.toml:14: resource call-911: last_verified 2026-11-22 → 2026-12-07`.
impl std::fmt::Display for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = &self.record;
        let file = r.file.display().to_string();
        let file = crate::input::Escaped::line(&file);
        match self.line {
            Some(line) => write!(
                f,
                "{file}:{line}: {} {}: last_verified {} → {}. Commit the change; the next \
                 import (or start of `lantern serve`) publishes it.",
                r.kind.as_str(),
                r.slug,
                r.last_verified,
                self.date
            ),
            None => write!(
                f,
                "{file}:{}: {} {} was already last verified on {}; nothing changed.",
                r.line,
                r.kind.as_str(),
                r.slug,
                self.date
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Seeds(#[from] CatalogError),
    #[error(
        "no resource or organization in the seeds is called '{0}' (`lantern stale` lists them with their slugs)"
    )]
    UnknownSlug(Slug),
    #[error("both a resource and an organization are called '{0}': give one of them another slug")]
    Ambiguous(Slug),
    #[error(
        "{date} is in the future (today is {today}): a record can only be verified on a day that has come"
    )]
    InFuture { date: Date, today: Date },
    #[error(
        "{date} is before the date of the record's source, {source_id} ({source_date}): verify it against its source on or after that date"
    )]
    BeforeSource {
        date: Date,
        source_id: Slug,
        source_date: Date,
    },
    #[error("cannot edit {}: {message}; nothing was written", .file.display())]
    Edit { file: PathBuf, message: String },
    #[error("the edited seeds do not pass the importer's checks, so {} is unchanged:\n{problems}", .file.display())]
    Checks {
        file: PathBuf,
        problems: CatalogError,
    },
    #[error("cannot write {}: {source}", .file.display())]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
}

impl VerifyError {
    /// Whether the command was asked for something it must refuse (a usage error), rather
    /// than having failed at something it should be able to do.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            VerifyError::UnknownSlug(_)
                | VerifyError::InFuture { .. }
                | VerifyError::BeforeSource { .. }
        )
    }
}

/// Records that the record called `slug` in the seeds in `dir` was verified on `date`
/// (`today`, UTC, when not given).
pub fn verify(
    dir: &Path,
    max: MaxBytes,
    slug: &Slug,
    date: Option<Date>,
    today: Date,
) -> Result<Verified, VerifyError> {
    let seeds = CheckedSeeds::read(dir, max)?;
    let record = match seeds.find(slug.as_str()).as_slice() {
        [] => return Err(VerifyError::UnknownSlug(slug.clone())),
        [record] => (*record).clone(),
        _ => return Err(VerifyError::Ambiguous(slug.clone())),
    };
    let date = date.unwrap_or(today);
    if date > today {
        return Err(VerifyError::InFuture { date, today });
    }
    if let Some(source_date) = record.source_date
        && date < source_date
    {
        return Err(VerifyError::BeforeSource {
            date,
            source_id: record.source.clone(),
            source_date,
        });
    }
    if record.last_verified == date {
        return Ok(Verified {
            record,
            date,
            line: None,
        });
    }
    let edit_error = |message: String| VerifyError::Edit {
        file: record.file.clone(),
        message,
    };
    let before = seeds
        .files
        .text_of(&record.file)
        .ok_or_else(|| edit_error("it was not among the seed files read".to_owned()))?;
    let after = set_last_verified(before, &record, date).map_err(edit_error)?;
    let line = the_one_changed_line(before, &after).ok_or_else(|| {
        edit_error("the edit would change more than the one line that holds last_verified".into())
    })?;
    let files = seeds.files.with_text(&record.file, after.clone());
    CheckedSeeds::check(files).map_err(|problems| VerifyError::Checks {
        file: record.file.clone(),
        problems,
    })?;
    replace_file(&record.file, &after).map_err(|source| VerifyError::Write {
        file: record.file.clone(),
        source,
    })?;
    Ok(Verified {
        record,
        date,
        line: Some(line),
    })
}

/// `text` with the record's `last_verified` set to `date`, everything else as it was: the
/// value keeps the spaces and any comment around it.
fn set_last_verified(text: &str, record: &SeedRecord, date: Date) -> Result<String, String> {
    let mut document: DocumentMut = text
        .parse()
        .map_err(|error| format!("it cannot be read as TOML to edit: {error}"))?;
    let section = record.kind.as_str();
    let table = document
        .get_mut(section)
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            tables.iter_mut().find(|table| {
                table.get("slug").and_then(Item::as_str).map(str::trim)
                    == Some(record.slug.as_str())
            })
        })
        .ok_or_else(|| format!("no [[{section}]] table with slug = \"{}\"", record.slug))?;
    let value = table
        .get_mut("last_verified")
        .and_then(Item::as_value_mut)
        .ok_or_else(|| {
            format!(
                "the [[{section}]] '{}' has no last_verified value",
                record.slug
            )
        })?;
    let decor = value.decor().clone();
    *value = Value::from(date.to_string());
    *value.decor_mut() = decor;
    Ok(document.to_string())
}

/// The 1-based number of the only line that differs between `before` and `after`, when
/// exactly one does.
fn the_one_changed_line(before: &str, after: &str) -> Option<usize> {
    let (old, new): (Vec<&str>, Vec<&str>) = (
        before.split_inclusive('\n').collect(),
        after.split_inclusive('\n').collect(),
    );
    if old.len() != new.len() {
        return None;
    }
    let mut changed = old
        .iter()
        .zip(&new)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1);
    let line = changed.next()?;
    changed.next().is_none().then_some(line)
}

/// Writes `text` beside `file` and renames it over `file`, keeping its permissions. The
/// temporary name does not end in `.toml`, so nothing reads it as a seed file meanwhile.
fn replace_file(file: &Path, text: &str) -> std::io::Result<()> {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let temporary = file.with_file_name(format!(".{name}.lantern-verify"));
    let written = (|| {
        let mut out = std::fs::File::create(&temporary)?;
        out.write_all(text.as_bytes())?;
        out.sync_all()?;
        std::fs::set_permissions(&temporary, std::fs::metadata(file)?.permissions())?;
        std::fs::rename(&temporary, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curation::records::RecordKind;

    fn record(kind: RecordKind, slug: &str) -> SeedRecord {
        SeedRecord {
            kind,
            slug: slug.parse().unwrap(),
            last_verified: "2020-12".parse().unwrap(),
            source: "a-source".parse().unwrap(),
            source_date: None,
            file: PathBuf::from("seeds/x.toml"),
            line: 1,
        }
    }

    #[test]
    fn only_the_value_changes_and_its_comment_stays() {
        let text = "# A comment\n\n[[resource]]\nslug = \"first\"\nlast_verified = \"2020-12\"\n\n\
                    [[resource]]\nslug = \"second\"  # spaced\nlast_verified = '2020-12'   # checked by phone\n\
                    [resource.es]\nname = \"x\"\n\n[[organization]]\nslug = \"second\"\nlast_verified = \"2020-12\"\n";
        let date = "2026-12-07".parse().unwrap();
        let after = set_last_verified(text, &record(RecordKind::Resource, "second"), date).unwrap();
        assert_eq!(
            after,
            text.replace(
                "last_verified = '2020-12'   # checked by phone",
                "last_verified = \"2026-12-07\"   # checked by phone"
            )
        );
        assert_eq!(the_one_changed_line(text, &after), Some(9));
        let org =
            set_last_verified(text, &record(RecordKind::Organization, "second"), date).unwrap();
        assert_eq!(the_one_changed_line(text, &org), Some(15));
        assert!(set_last_verified(text, &record(RecordKind::Resource, "third"), date).is_err());
    }

    #[test]
    fn more_than_one_changed_line_is_not_one() {
        assert_eq!(the_one_changed_line("a\nb\n", "a\nb\n"), None);
        assert_eq!(the_one_changed_line("a\nb\n", "a\nc\n"), Some(2));
        assert_eq!(the_one_changed_line("a\nb\n", "x\nc\n"), None);
        assert_eq!(the_one_changed_line("a\nb\n", "a\nb\nc\n"), None);
        assert_eq!(the_one_changed_line("a\nb", "a\nb\n"), Some(2));
    }
}
