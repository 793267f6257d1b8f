//! HSDS tables on disk: a tabular data package (`datapackage.json` and a CSV per table) or one
//! JSON document keyed by table name (the shape of HSDS's `compiled/tabular.json`). Reading
//! keeps where each row was, so the importer can name the file and line of a bad one.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use serde::de::value::MapDeserializer;
use serde::de::{DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::{Value, json};

use super::tables::{
    AttributeRow, OrganizationRow, PhoneRow, ServiceAreaRow, ServiceRow, Tables, TaxonomyRow,
    TaxonomyTermRow,
};
use crate::catalog::Problem;
use crate::input::{self, InputError, MaxBytes, SourceText};

/// The file a package's descriptor lives in.
pub const DESCRIPTOR: &str = "datapackage.json";
/// The file the JSON export writes.
pub const JSON_FILE: &str = "hsds.json";

/// One HSDS table: its name, its CSV file, and the columns Lantern writes (in HSDS's order).
pub trait Table: Serialize + DeserializeOwned {
    const NAME: &'static str;
    const FILE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn id(&self) -> &str;
}

macro_rules! table {
    ($row:ty, $name:literal, $file:literal, [$($column:literal),*]) => {
        impl Table for $row {
            const NAME: &'static str = $name;
            const FILE: &'static str = $file;
            const COLUMNS: &'static [&'static str] = &[$($column),*];
            fn id(&self) -> &str {
                &self.id
            }
        }
    };
}

table!(
    TaxonomyRow,
    "taxonomy",
    "taxonomies.csv",
    ["id", "name", "description"]
);
table!(
    TaxonomyTermRow,
    "taxonomy_term",
    "taxonomy_terms.csv",
    [
        "id",
        "code",
        "name",
        "description",
        "taxonomy",
        "taxonomy_id",
        "term_uri"
    ]
);
table!(
    OrganizationRow,
    "organization",
    "organizations.csv",
    [
        "id",
        "name",
        "alternate_name",
        "description",
        "website",
        "parent_organization_id"
    ]
);
table!(
    ServiceRow,
    "service",
    "services.csv",
    [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "status",
        "assured_date"
    ]
);
table!(
    PhoneRow,
    "phone",
    "phones.csv",
    ["id", "service_id", "number", "type", "description"]
);
table!(
    ServiceAreaRow,
    "service_area",
    "service_areas.csv",
    ["id", "service_id", "name", "description"]
);
table!(
    AttributeRow,
    "attribute",
    "attributes.csv",
    [
        "id",
        "link_id",
        "taxonomy_term_id",
        "link_type",
        "link_entity",
        "value"
    ]
);

/// Where a row was read: which of the package's files, and the byte offset of its line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub offset: usize,
}

/// Where each row of each table was, in the tables' order.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub taxonomy_term: Vec<Place>,
    pub organization: Vec<Place>,
    pub service: Vec<Place>,
    pub phone: Vec<Place>,
    pub service_area: Vec<Place>,
    pub attribute: Vec<Place>,
}

/// HSDS tables read from disk, with the text they were read from.
pub struct Package {
    pub files: Vec<SourceText>,
    pub tables: Tables,
    pub places: Places,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(
        "{0} is neither an HSDS data package (a folder with {DESCRIPTOR}) nor an HSDS JSON file"
    )]
    NotHsds(PathBuf),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Where each distinct string in a JSON text first appears (the offset of its opening quote),
/// found in one pass. Strings are keyed as written, escapes and all.
fn first_string_offsets(text: &str) -> foldhash::HashMap<&str, usize> {
    let bytes = text.as_bytes();
    let mut seen = foldhash::HashMap::default();
    let mut at = 0;
    while let Some(open) = bytes[at..].iter().position(|&b| b == b'"').map(|i| at + i) {
        let mut close = open + 1;
        while close < bytes.len() && bytes[close] != b'"' {
            close += if bytes[close] == b'\\' { 2 } else { 1 };
        }
        let Some(content) = text.get(open + 1..close) else {
            break;
        };
        seen.entry(content).or_insert(open);
        at = close + 1;
        if at >= bytes.len() {
            break;
        }
    }
    seen
}

fn problem(path: &Path, line: usize, entry: Option<&str>, message: impl Into<String>) -> Problem {
    Problem {
        file: path.to_owned(),
        line,
        entry: entry.map(str::to_owned),
        field: None,
        message: message.into(),
    }
}

impl Package {
    /// Reads a data package folder (`datapackage.json` and its CSVs), a folder holding
    /// `hsds.json`, or an HSDS JSON file. Every file read is a regular file of at most `max`
    /// bytes, and a folder's files must lie inside it.
    pub fn read(path: &Path, max: MaxBytes) -> Result<Package, ReadError> {
        // Anything by that name, even a link to nowhere, rather than only a file: a
        // descriptor that is a FIFO or a link out of the folder is refused by name, not
        // mistaken for a missing one.
        let present = |name: &str| path.join(name).symlink_metadata().is_ok();
        if path.is_dir() && present(DESCRIPTOR) {
            Package::read_csv(path, max)
        } else if path.is_dir() && present(JSON_FILE) {
            Package::read_json(input::read_inside(path, &path.join(JSON_FILE), max)?)
        } else if !path.is_dir() && path.extension().is_some_and(|e| e == "json") {
            Package::read_json(input::read_given(path, max)?)
        } else {
            Err(ReadError::NotHsds(path.to_owned()))
        }
    }

    fn read_json(file: SourceText) -> Result<Package, ReadError> {
        let (path, text) = (&file.path, &file.text);
        let tables: Tables = serde_json::from_str(text).map_err(|e| {
            ReadError::Invalid(vec![problem(
                path,
                e.line(),
                None,
                format!("not HSDS tables as JSON: {e}"),
            )])
        })?;
        // A row is found by its ID's first appearance: in the file's own table order, that is
        // the row itself. Every string in the file is indexed in one pass, so finding a row
        // costs the same in a 10 MB file as in a small one.
        let first_seen = first_string_offsets(text);
        let places = |rows: &[&str]| -> Vec<Place> {
            rows.iter()
                .map(|id| Place {
                    file: 0,
                    offset: first_seen.get(id).copied().unwrap_or(0),
                })
                .collect()
        };
        fn ids<T: Table>(rows: &[T]) -> Vec<&str> {
            rows.iter().map(Table::id).collect()
        }
        let places = Places {
            taxonomy_term: places(&ids(&tables.taxonomy_term)),
            organization: places(&ids(&tables.organization)),
            service: places(&ids(&tables.service)),
            phone: places(&ids(&tables.phone)),
            service_area: places(&ids(&tables.service_area)),
            attribute: places(&ids(&tables.attribute)),
        };
        drop(first_seen);
        Ok(Package {
            files: vec![file],
            tables,
            places,
        })
    }

    fn read_csv(dir: &Path, max: MaxBytes) -> Result<Package, ReadError> {
        let descriptor_path = dir.join(DESCRIPTOR);
        let descriptor: Value = serde_json::from_str(
            &input::read_inside(dir, &descriptor_path, max)?.text,
        )
        .map_err(|e| {
            ReadError::Invalid(vec![problem(
                &descriptor_path,
                e.line(),
                None,
                format!("not JSON: {e}"),
            )])
        })?;
        let mut reader = CsvReader {
            dir,
            max,
            descriptor: &descriptor,
            descriptor_path: &descriptor_path,
            files: Vec::new(),
            problems: Vec::new(),
        };
        let (taxonomy, _) = reader.table::<TaxonomyRow>()?;
        let (taxonomy_term, taxonomy_term_places) = reader.table::<TaxonomyTermRow>()?;
        let (organization, organization_places) = reader.table::<OrganizationRow>()?;
        let (service, service_places) = reader.table::<ServiceRow>()?;
        let (phone, phone_places) = reader.table::<PhoneRow>()?;
        let (service_area, service_area_places) = reader.table::<ServiceAreaRow>()?;
        let (attribute, attribute_places) = reader.table::<AttributeRow>()?;
        if !reader.problems.is_empty() {
            return Err(ReadError::Invalid(reader.problems));
        }
        Ok(Package {
            files: reader.files,
            tables: Tables {
                taxonomy,
                taxonomy_term,
                organization,
                service,
                phone,
                service_area,
                attribute,
            },
            places: Places {
                taxonomy_term: taxonomy_term_places,
                organization: organization_places,
                service: service_places,
                phone: phone_places,
                service_area: service_area_places,
                attribute: attribute_places,
            },
        })
    }
}

struct CsvReader<'a> {
    dir: &'a Path,
    max: MaxBytes,
    descriptor: &'a Value,
    descriptor_path: &'a Path,
    files: Vec<SourceText>,
    problems: Vec<Problem>,
}

impl CsvReader<'_> {
    /// The rows of table `T`, from the file the descriptor names for it. A table the package
    /// does not list is empty.
    fn table<T: Table>(&mut self) -> Result<(Vec<T>, Vec<Place>), ReadError> {
        let resource = self.descriptor["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["name"] == T::NAME);
        let Some(resource) = resource else {
            return Ok((Vec::new(), Vec::new()));
        };
        let relative = resource["path"].as_str().unwrap_or(T::FILE);
        // The descriptor is data: it may not point outside the package's folder.
        let inside = Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            self.problems.push(problem(
                self.descriptor_path,
                1,
                Some(T::NAME),
                format!("path '{relative}' is outside the package's folder"),
            ));
            return Ok((Vec::new(), Vec::new()));
        }
        let source = input::read_inside(self.dir, &self.dir.join(relative), self.max)?;
        let (path, text) = (&source.path, &source.text);
        let file = self.files.len();
        let mut rows = Vec::new();
        let mut places = Vec::new();
        let mut csv = csv::Reader::from_reader(text.as_bytes());
        let headers = match csv.headers() {
            Ok(headers) => headers.clone(),
            Err(e) => {
                self.problems
                    .push(problem(path, 1, None, format!("not CSV: {e}")));
                return Ok((rows, places));
            }
        };
        let id_column = headers.iter().position(|header| header == "id");
        // One record, reused for every row.
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(1, |p| p.line() as usize);
                    self.problems
                        .push(problem(path, line, None, format!("not CSV: {e}")));
                    continue;
                }
            }
            let position = record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            // Empty cells are absent values; columns Lantern does not use are ignored.
            let cells = headers
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.is_empty())
                .map(|(header, cell)| (header, Cell(cell)));
            match T::deserialize(MapDeserializer::new(cells)) {
                Ok(row) => {
                    rows.push(row);
                    places.push(Place {
                        file,
                        offset: position.byte() as usize,
                    });
                }
                Err(e) => self.problems.push(problem(
                    path,
                    position.line() as usize,
                    id_column
                        .and_then(|i| record.get(i))
                        .filter(|id| !id.is_empty()),
                    e.to_string().replace('`', "'"),
                )),
            }
        }
        self.files.push(source);
        Ok((rows, places))
    }
}

/// A CSV cell as serde sees it: text, which is also how an optional field is present (empty
/// cells are left out of the row beforehand). Rows are read straight from the CSV record, with
/// no map of owned strings built per row.
struct Cell<'a>(&'a str);

impl<'de> serde::Deserializer<'de> for Cell<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> IntoDeserializer<'de, serde::de::value::Error> for Cell<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

fn write_csv<T: Table>(dir: &Path, rows: &[T]) -> std::io::Result<PathBuf> {
    let path = dir.join(T::FILE);
    let mut writer = csv::Writer::from_path(&path)?;
    writer.write_record(T::COLUMNS)?;
    for row in rows {
        let value = serde_json::to_value(row).map_err(std::io::Error::other)?;
        writer.write_record(
            T::COLUMNS
                .iter()
                .map(|column| value.get(column).and_then(Value::as_str).unwrap_or("")),
        )?;
    }
    writer.flush()?;
    Ok(path)
}

fn resource<T: Table>() -> Value {
    json!({
        "name": T::NAME,
        "path": T::FILE,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": T::COLUMNS.iter().map(|c| json!({"name": c, "type": "string"})).collect::<Vec<_>>(),
            "primaryKey": "id",
        },
    })
}

/// Writes the tables as a tabular data package; returns the files written.
pub fn write_package(tables: &Tables, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let descriptor = json!({
        "name": "lantern-hsds",
        "title": "Lantern: a directory of anti-human-trafficking resources (HSDS 3.0)",
        "profile": "tabular-data-package",
        "hsds_version": "3.0.0",
        "resources": [
            resource::<TaxonomyRow>(),
            resource::<TaxonomyTermRow>(),
            resource::<OrganizationRow>(),
            resource::<ServiceRow>(),
            resource::<PhoneRow>(),
            resource::<ServiceAreaRow>(),
            resource::<AttributeRow>(),
        ],
    });
    let descriptor_path = dir.join(DESCRIPTOR);
    std::fs::write(&descriptor_path, pretty(&descriptor))?;
    Ok(vec![
        descriptor_path,
        write_csv(dir, &tables.taxonomy)?,
        write_csv(dir, &tables.taxonomy_term)?,
        write_csv(dir, &tables.organization)?,
        write_csv(dir, &tables.service)?,
        write_csv(dir, &tables.phone)?,
        write_csv(dir, &tables.service_area)?,
        write_csv(dir, &tables.attribute)?,
    ])
}

/// Writes the tables as one JSON document keyed by HSDS table name.
pub fn write_json(tables: &Tables, dir: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(JSON_FILE);
    std::fs::write(&path, pretty(tables))?;
    Ok(path)
}

fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("tables serialize");
    text.push('\n');
    text
}
