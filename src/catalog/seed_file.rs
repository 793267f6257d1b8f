//! The seeds folder: TOML files as an editor writes them, and the ZIP-prefix table, read into
//! drafts. The one place that knows the seed file format.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::draft::{
    Draft, Drafts, FactDraft, IntentDraft, LinkDraft, OrganizationDraft, Origin, PhoneDraft,
    ResourceDraft, ResourceEsDraft, ServiceAreaDraft, SourceDraft, StateDraft, SynonymDraft,
    TermDraft, ZipPrefixDraft,
};
use super::problem::Problem;
use crate::input::{self, InputError, MaxBytes, SourceText};

/// The ZIP-prefix table's file name in the seeds folder (a copy of ../shared/data's).
pub const ZIP_PREFIXES_FILE: &str = "zip3_states.csv";

/// The ZIP-prefix table's first line.
const ZIP_PREFIXES_HEADER: &str = "zip3,state,states_present,zip_count";

/// Every seed file's text, read once: hashed, then drafted.
pub struct SeedFiles {
    pub dir: PathBuf,
    files: Vec<SourceText>,
}

impl SeedFiles {
    /// Reads every `*.toml` file in `dir`, and the ZIP-prefix table, sorted by name so
    /// problems come in a stable order. Each must be a regular file inside `dir` of at most
    /// `max` bytes.
    pub fn read(dir: &Path, max: MaxBytes) -> Result<SeedFiles, InputError> {
        let listing = std::fs::read_dir(dir).map_err(|source| InputError::Folder {
            what: "seeds",
            path: dir.to_owned(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = listing
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| is_toml(path) || is_zip_prefixes(path))
            .collect();
        paths.sort();
        let files = paths
            .iter()
            .map(|path| input::read_inside(dir, path, max))
            .collect::<Result<_, _>>()?;
        Ok(SeedFiles {
            dir: dir.to_owned(),
            files,
        })
    }

    /// A hash of the files' names and contents, so `serve` can tell whether the database is
    /// current without validating anything.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        for file in &self.files {
            let name = file.path.file_name().unwrap_or_default().to_string_lossy();
            // Lengths first, so moving text between name and contents changes the hash.
            hasher.update((name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update((file.text.len() as u64).to_le_bytes());
            hasher.update(file.text.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The text of the file at `path` (a path these files were read from), as it was read.
    pub fn text_of(&self, path: &Path) -> Option<&str> {
        self.files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.text.as_str())
    }

    /// These files with `text` in place of the one at `path`, as they would be once it is
    /// written: an edit is checked before anything is saved.
    pub fn with_text(mut self, path: &Path, text: String) -> SeedFiles {
        if let Some(file) = self.files.iter_mut().find(|file| file.path == path) {
            *file = SourceText::new(path.to_owned(), text);
        }
        self
    }

    /// Every entry of every file as a draft; a file that is not TOML (or not this format)
    /// is a problem, and the other files are still drafted.
    pub fn drafts(&self) -> Drafts<'_> {
        let mut drafts = Drafts::new(&self.dir);
        for file in &self.files {
            if is_zip_prefixes(&file.path) {
                draft_zip_prefixes(file, &mut drafts);
                continue;
            }
            match toml::from_str::<SeedFile>(&file.text) {
                Ok(seed_file) => seed_file.draft_into(file, &mut drafts),
                Err(error) => drafts.problems.push(syntax_problem(file, &error)),
            }
        }
        drafts
    }
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "toml")
}

fn is_zip_prefixes(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == ZIP_PREFIXES_FILE)
}

/// One `*.toml` file in the seeds folder. Any file may hold any section; the README says
/// which file holds what by convention. Entries carry their byte spans, which become origins.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    #[serde(default)]
    source: Vec<Spanned<SourceDraft>>,
    #[serde(default)]
    kind: Vec<Spanned<TermDraft>>,
    #[serde(default)]
    topic: Vec<Spanned<TermDraft>>,
    #[serde(default)]
    audience: Vec<Spanned<TermDraft>>,
    #[serde(default)]
    state: Vec<Spanned<StateDraft>>,
    #[serde(default)]
    organization: Vec<Spanned<OrganizationDraft>>,
    #[serde(default)]
    resource: Vec<Spanned<SeedResource>>,
    #[serde(default)]
    synonym: Vec<Spanned<SynonymDraft>>,
    #[serde(default)]
    intent: Vec<Spanned<IntentDraft>>,
}

/// `[[resource]]` as written: its phones, links and facts are tables of their own
/// (`[[resource.phone]]`), each with its own span.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedResource {
    slug: Option<String>,
    name: Option<String>,
    #[serde(default)]
    alternate_names: Vec<String>,
    kind: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    organization: Option<String>,
    topics: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    service_area: Option<ServiceAreaDraft>,
    address: Option<String>,
    source: Option<String>,
    #[serde(default)]
    also_in: Vec<String>,
    source_note: Option<String>,
    last_verified: Option<String>,
    #[serde(default)]
    phone: Vec<Spanned<PhoneDraft>>,
    #[serde(default)]
    link: Vec<Spanned<LinkDraft>>,
    #[serde(default)]
    fact: Vec<Spanned<FactDraft>>,
    es: Option<ResourceEsDraft>,
}

impl SeedFile {
    fn draft_into<'a>(self, file: &'a SourceText, drafts: &mut Drafts<'a>) {
        drafts.sources.extend(placed(file, self.source));
        drafts.kinds.extend(placed(file, self.kind));
        drafts.topics.extend(placed(file, self.topic));
        drafts.audiences.extend(placed(file, self.audience));
        drafts.states.extend(placed(file, self.state));
        drafts.organizations.extend(placed(file, self.organization));
        drafts.synonyms.extend(placed(file, self.synonym));
        drafts.intents.extend(placed(file, self.intent));
        drafts
            .resources
            .extend(self.resource.into_iter().map(|spanned| {
                let origin = table_at(file, &spanned);
                let r = spanned.into_inner();
                Draft {
                    origin,
                    record: ResourceDraft {
                        slug: r.slug,
                        name: r.name,
                        alternate_names: r.alternate_names,
                        kind: r.kind,
                        summary: r.summary,
                        description: r.description,
                        organization: r.organization,
                        topics: r.topics,
                        audiences: r.audiences,
                        service_area: r.service_area,
                        address: r.address,
                        source: r.source,
                        also_in: r.also_in,
                        source_note: r.source_note,
                        last_verified: r.last_verified,
                        phones: placed(file, r.phone).collect(),
                        links: placed(file, r.link).collect(),
                        facts: placed(file, r.fact).collect(),
                        es: r.es,
                    },
                }
            }));
    }
}

fn table_at<'a, T>(file: &'a SourceText, spanned: &Spanned<T>) -> Origin<'a> {
    Origin::Table {
        file,
        start: spanned.span().start,
    }
}

/// TOML tables as drafts, each placed at its header.
fn placed<T>(file: &SourceText, tables: Vec<Spanned<T>>) -> impl Iterator<Item = Draft<'_, T>> {
    tables.into_iter().map(move |spanned| Draft {
        origin: table_at(file, &spanned),
        record: spanned.into_inner(),
    })
}

/// Where the file stops being TOML (or this format), in the entry it stops in.
fn syntax_problem(file: &SourceText, error: &toml::de::Error) -> Problem {
    let offset = error.span().map_or(0, |s| s.start);
    Problem {
        file: file.path.clone(),
        line: file.line_of(offset),
        entry: slug_before(&file.text, offset),
        field: None,
        message: error.message().trim().to_owned(),
    }
}

/// The nearest `slug = "…"` (or `id`, `code`) in the entry around `offset`: the entry a
/// syntax error sits in, as far as anyone can tell from broken text.
fn slug_before(text: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    // `[[resource]]` starts an entry; `[[resource.phone]]` is still inside one.
    let outside_entry = |line: &&str| {
        let line = line.trim_start();
        line.starts_with("[[") && !line.split("]]").next().unwrap_or("").contains('.')
    };
    let after = text[offset..].lines().skip(1);
    text[..offset]
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

/// `zip3,state,states_present,zip_count`, as in ../shared/data: a draft per line, borrowed
/// from the text. A line of the wrong shape is a problem here; its values are validation's.
fn draft_zip_prefixes<'a>(file: &'a SourceText, drafts: &mut Drafts<'a>) {
    let mut offset = 0;
    let lines = file.text.split_inclusive('\n').map(|line| {
        let start = offset;
        offset += line.len();
        let content = line
            .strip_suffix('\n')
            .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        (
            Origin::Row {
                file,
                offset: start,
            },
            content,
        )
    });
    let mut lines = lines.peekable();
    if lines
        .next_if(|(_, line)| *line == ZIP_PREFIXES_HEADER)
        .is_none()
    {
        drafts
            .problems
            .push(Origin::Row { file, offset: 0 }.problem(
                None,
                None,
                format!("the first line must be: {ZIP_PREFIXES_HEADER}"),
            ));
        return;
    }
    for (origin, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        match fields.as_slice() {
            [prefix, state, states_present, _count] => drafts.zip_prefixes.push(Draft {
                origin,
                record: ZipPrefixDraft {
                    prefix,
                    state,
                    states_present,
                },
            }),
            _ => drafts.problems.push(origin.problem(
                None,
                None,
                format!("expected 4 fields, found {}", fields.len()),
            )),
        }
    }
}
