//! `lantern export`: the catalog in the database, in open formats.
//!
//! - `hsds`: an HSDS 3.0 tabular data package (`datapackage.json` and a CSV per table);
//! - `json`: the same HSDS tables as one JSON document (`hsds.json`);
//! - `csv`: one spreadsheet-friendly row per resource and per organization, for people who
//!   want the list rather than the standard.
//!
//! The output is deterministic: exporting the same catalog twice gives identical files.
//!
//! The `csv` spreadsheets are opened in Excel, Calc and Sheets, and an imported package's text
//! is anyone's: every cell goes through [`spreadsheet_cell`], so none can run as a formula.
//! The HSDS package's CSVs are data interchange, read by programs, and stay byte-exact.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::catalog::{Catalog, ServiceArea};
use crate::hsds::{Tables, package};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An HSDS 3.0 tabular data package: datapackage.json and a CSV per table.
    Hsds,
    /// The same HSDS tables in one JSON file, hsds.json.
    Json,
    /// Plain spreadsheets: resources.csv and organizations.csv, one row per record.
    Csv,
}

/// Writes `catalog` into `dir` (created if missing) and returns the files written.
pub fn export(
    catalog: &Catalog,
    format: ExportFormat,
    dir: &Path,
) -> std::io::Result<Vec<PathBuf>> {
    match format {
        ExportFormat::Hsds => package::write_package(&Tables::from_catalog(catalog), dir),
        ExportFormat::Json => Ok(vec![package::write_json(
            &Tables::from_catalog(catalog),
            dir,
        )?]),
        ExportFormat::Csv => write_spreadsheets(catalog, dir),
    }
}

/// Writes one row of a spreadsheet, every cell through [`spreadsheet_cell`]. Phone numbers
/// too: `+1 888…` is a formula (or arithmetic) to a spreadsheet, and as text it stays the number
/// it is; programs that want the bare number read the HSDS package.
pub(crate) fn write_row<'a, W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = &'a str>,
) -> csv::Result<()> {
    let cells: Vec<Cow<str>> = cells.into_iter().map(spreadsheet_cell).collect();
    writer.write_record(cells.iter().map(|cell| cell.as_bytes()))
}

/// Lists inside one cell are joined with this; it does not occur in the catalog's text.
const CELL_SEPARATOR: &str = " | ";

fn write_spreadsheets(catalog: &Catalog, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let resources_path = dir.join("resources.csv");
    let mut writer = csv::Writer::from_path(&resources_path)?;
    writer.write_record([
        "slug",
        "name",
        "alternate_names",
        "kind",
        "organization",
        "summary",
        "description",
        "phones",
        "links",
        "facts",
        "address",
        "topics",
        "audiences",
        "service_area",
        "source",
        "also_in",
        "source_note",
        "last_verified",
        // The Spanish text, where the record has been translated; its phones', links' and
        // facts' Spanish are in the HSDS formats.
        "name_es",
        "summary_es",
        "description_es",
    ])?;
    let join = |items: Vec<String>| items.join(CELL_SEPARATOR);
    let slugs =
        |items: &[crate::catalog::Slug]| join(items.iter().map(ToString::to_string).collect());
    for r in &catalog.resources {
        let phones = r
            .phones
            .iter()
            .map(|p| {
                let mut text = format!("{} ({}", p.number.written(), p.phone_type.as_str());
                match p.law_enforcement {
                    Some(true) => text.push_str(", law enforcement"),
                    Some(false) => text.push_str(", not law enforcement"),
                    None => {}
                }
                if let Some(hours) = &p.hours {
                    text.push_str(&format!(", {hours}"));
                }
                if let Some(from) = &p.from {
                    text.push_str(&format!(", from {from}"));
                }
                if let Some(note) = &p.note {
                    text.push_str(&format!(", {note}"));
                }
                text.push(')');
                text
            })
            .collect();
        let links = r
            .links
            .iter()
            .map(|l| {
                let from = l
                    .from
                    .as_ref()
                    .map_or(String::new(), |f| format!(" (from {f})"));
                format!("{}: {}{from}", l.label, l.url.as_str())
            })
            .collect();
        let facts = r
            .facts
            .iter()
            .map(|f| {
                let sources: Vec<&str> = f.sources.iter().map(|s| s.as_str()).collect();
                format!("{} (sources: {})", f.text, sources.join("; "))
            })
            .collect();
        let area = match &r.service_area {
            ServiceArea::National => "national".to_owned(),
            ServiceArea::States(codes) => join(codes.iter().map(ToString::to_string).collect()),
        };
        write_row(
            &mut writer,
            [
                r.slug.as_str(),
                &r.name,
                &join(r.alternate_names.clone()),
                r.kind.slug(),
                r.organization.as_ref().map_or("", |o| o.as_str()),
                &r.summary,
                &r.description,
                &join(phones),
                &join(links),
                &join(facts),
                r.address.as_deref().unwrap_or(""),
                &slugs(&r.topics),
                &slugs(&r.audiences),
                &area,
                r.source.as_str(),
                &slugs(&r.also_in),
                r.source_note.as_deref().unwrap_or(""),
                &r.last_verified.to_string(),
                r.es.as_ref().map_or("", |es| &es.name),
                r.es.as_ref().map_or("", |es| &es.summary),
                r.es.as_ref().map_or("", |es| &es.description),
            ],
        )?;
    }
    writer.flush()?;

    let organizations_path = dir.join("organizations.csv");
    let mut writer = csv::Writer::from_path(&organizations_path)?;
    writer.write_record([
        "slug",
        "name",
        "alternate_names",
        "description",
        "parent",
        "url",
        "source",
        "last_verified",
    ])?;
    for o in &catalog.organizations {
        write_row(
            &mut writer,
            [
                o.slug.as_str(),
                &o.name,
                &join(o.alternate_names.clone()),
                &o.description,
                o.parent.as_ref().map_or("", |p| p.as_str()),
                o.url.as_ref().map_or("", |u| u.as_str()),
                o.source.as_str(),
                &o.last_verified.to_string(),
            ],
        )?;
    }
    writer.flush()?;
    Ok(vec![resources_path, organizations_path])
}

/// A cell for a spreadsheet, made inert: text beginning with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is a formula to Excel, Calc and Sheets (`=HYPERLINK("http://…?leak="&A1)`),
/// so it gets a leading `'`, as OWASP recommends, and is shown as the text it is. Only the
/// exports meant for spreadsheets use this; the HSDS package's CSVs are data interchange and
/// stay byte-exact.
pub fn spreadsheet_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod spreadsheet_tests {
    use super::spreadsheet_cell;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_shown_as_text() {
        for formula in ["=1+1", "+1 888", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_cell(formula), format!("'{formula}"));
        }
        for text in ["Hotline", "", " =1", "1-888", "'quoted"] {
            assert_eq!(spreadsheet_cell(text), text);
        }
    }
}
