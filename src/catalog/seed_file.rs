//! The seed file format: TOML as an editor writes it, before anything is checked.
//!
//! Required fields are `Option`s here on purpose: a missing field becomes a problem that names
//! the entry, instead of a parse error that stops at the first one. Entries carry their byte
//! spans so every problem can point at a line.

use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

use super::problem::Problem;
pub use crate::input::SourceText;
use crate::input::{self, InputError, MaxBytes};

/// One `*.toml` file in the seeds folder. Any file may hold any section; the README says
/// which file holds what by convention.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    pub kind: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub topic: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub audience: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub state: Vec<Spanned<RawState>>,
    #[serde(default)]
    pub organization: Vec<Spanned<RawOrganization>>,
    #[serde(default)]
    pub resource: Vec<Spanned<RawResource>>,
    #[serde(default)]
    pub synonym: Vec<Spanned<RawSynonym>>,
    #[serde(default)]
    pub intent: Vec<Spanned<RawIntent>>,
}

/// Words that ask for help or to report, and the resources that answer them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntent {
    pub intent: Option<String>,
    pub terms: Option<Vec<String>>,
    pub answer: Option<Vec<String>>,
}

/// A group of words or phrases that search treats as one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonym {
    pub terms: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub file: Option<String>,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// A term of a controlled vocabulary: kinds, topics, audiences.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub slug: Option<String>,
    pub label: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawState {
    pub code: Option<String>,
    pub name: Option<String>,
    pub fips: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    pub slug: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub alternate_names: Vec<String>,
    pub description: Option<String>,
    pub parent: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub last_verified: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    pub slug: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub alternate_names: Vec<String>,
    pub kind: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub organization: Option<String>,
    pub topics: Option<Vec<String>>,
    pub audiences: Option<Vec<String>>,
    pub service_area: Option<RawServiceArea>,
    pub address: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub also_in: Vec<String>,
    pub source_note: Option<String>,
    pub last_verified: Option<String>,
    #[serde(default)]
    pub phone: Vec<Spanned<RawPhone>>,
    #[serde(default)]
    pub link: Vec<Spanned<RawLink>>,
    #[serde(default)]
    pub fact: Vec<Spanned<RawFact>>,
}

/// `[[resource.fact]]`: a fact about contacting the resource and the sources it summarises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub text: Option<String>,
    pub sources: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawServiceArea {
    Word(String),
    States(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhone {
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub phone_type: Option<String>,
    pub law_enforcement: Option<bool>,
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
    pub from: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub url: Option<String>,
    pub label: Option<String>,
    pub from: Option<String>,
}

impl SourceText {
    /// The line where `field` is set in the table whose header is at `span`, or the header's
    /// line when the field is absent (a missing field is reported where its entry starts).
    /// The table's own keys run from its header to the next header.
    pub fn line_of_field(&self, span: &Range<usize>, field: &str) -> usize {
        let start = span.start.min(self.text.len());
        if !self.is_toml() {
            // An HSDS row: its fields are all on its own line.
            return self.line_of(start);
        }
        let mut offset = start;
        for (i, line) in self.text[start..].split_inclusive('\n').enumerate() {
            let line_trimmed = line.trim_start();
            if i > 0 && line_trimmed.starts_with('[') {
                break;
            }
            if let Some(rest) = line_trimmed.strip_prefix(field)
                && rest.trim_start().starts_with('=')
            {
                return self.line_of(offset);
            }
            offset += line.len();
        }
        self.line_of(start)
    }

    /// A problem at `span`, optionally at one of its fields.
    pub fn problem(
        &self,
        span: &Range<usize>,
        entry: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        let line = match field {
            // `phone[2].number` is looked up as `number` inside the phone's own span.
            Some(field) => self.line_of_field(span, field.rsplit('.').next().unwrap_or(field)),
            None => self.line_of(span.start),
        };
        Problem {
            file: self.path.clone(),
            line,
            entry: entry.map(str::to_owned),
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// Parses the file, or says where it stops being TOML (or this format).
    pub fn parse(&self) -> Result<RawFile, Problem> {
        toml::from_str(&self.text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Problem {
                file: self.path.clone(),
                line: self.line_of(offset),
                entry: self.slug_before(offset),
                field: None,
                message: e.message().trim().to_owned(),
            }
        })
    }

    /// The nearest `slug = "…"` (or `id`, `code`) in the entry around `offset`: the entry a
    /// syntax error sits in, as far as anyone can tell from broken text.
    fn slug_before(&self, offset: usize) -> Option<String> {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // `[[resource]]` starts an entry; `[[resource.phone]]` is still inside one.
        let outside_entry = |line: &&str| {
            let line = line.trim_start();
            line.starts_with("[[") && !line.split("]]").next().unwrap_or("").contains('.')
        };
        let after = self.text[offset..].lines().skip(1);
        self.text[..offset]
            .lines()
            .rev()
            .take_while(|l| !outside_entry(l))
            .chain(after.take_while(|l| !outside_entry(l)))
            .find_map(|line| {
                let (key, value) = line.split_once('=')?;
                matches!(key.trim(), "slug" | "id" | "code")
                    .then(|| value.trim().trim_matches('"').to_owned())
            })
    }
}

/// The ZIP-prefix table's file name in the seeds folder (a copy of ../shared/data's).
pub const ZIP_PREFIXES_FILE: &str = "zip3_states.csv";

impl SourceText {
    pub fn is_toml(&self) -> bool {
        self.path.extension().is_some_and(|ext| ext == "toml")
    }
}

/// Reads every `*.toml` file in `dir`, and the ZIP-prefix table, sorted by name so problems
/// come in a stable order. Each must be a regular file inside `dir` of at most `max` bytes.
pub fn read_dir(dir: &Path, max: MaxBytes) -> Result<Vec<SourceText>, InputError> {
    let listing = std::fs::read_dir(dir).map_err(|source| InputError::Folder {
        what: "seeds",
        path: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "toml")
                || path
                    .file_name()
                    .is_some_and(|name| name == ZIP_PREFIXES_FILE)
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| input::read_inside(dir, path, max))
        .collect()
}
