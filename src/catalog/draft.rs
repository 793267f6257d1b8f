//! Drafts: records as a reader found them, before anything is checked, each with where it came
//! from. The seed reader (TOML) and the HSDS reader (`crate::hsds`) both produce them;
//! validation turns them into the catalog, and names the file and line of every problem.
//!
//! Required fields are `Option`s on purpose: a missing field becomes a problem that names the
//! entry, rather than a read error that stops at the first one. Field names are the seed
//! files' (`phone[2].type`), which are the names problems give.

use std::path::Path;

use serde::Deserialize;

use super::problem::Problem;
use crate::input::SourceText;

/// Where a draft came from: a table in a seed file, or a row of a table file.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// A TOML table (`[[resource]]`, `[[resource.phone]]`) whose header starts at byte `start`.
    /// A field is on the line where the table sets it; a field the table does not set is
    /// reported at the header.
    Table { file: &'a SourceText, start: usize },
    /// A row of a CSV table, or an object of a JSON one, whose line starts at byte `offset`:
    /// all its fields are reported on that line.
    Row { file: &'a SourceText, offset: usize },
}

impl<'a> Origin<'a> {
    pub fn file(&self) -> &'a Path {
        match self {
            Origin::Table { file, .. } | Origin::Row { file, .. } => &file.path,
        }
    }

    /// The 1-based line the draft starts on.
    pub fn line(&self) -> usize {
        match *self {
            Origin::Table { file, start } => file.line_of(start),
            Origin::Row { file, offset } => file.line_of(offset),
        }
    }

    /// The line `field` is on (`phone[2].number` is looked up as `number`). Looked up only
    /// when a problem needs it, so a clean import never scans for fields.
    fn line_of_field(&self, field: &str) -> usize {
        let Origin::Table { file, start } = *self else {
            return self.line();
        };
        // A Spanish field (`es.summary`, `phone[1].es.hours`) is in the `[….es]` table that
        // follows the entry's own keys.
        let mut segments = field.rsplit('.');
        let field = segments.next().unwrap_or(field);
        // Whether the lines read are the table `field` is in: the entry's own from its header.
        let mut in_table = segments.next() != Some("es");
        let start = start.min(file.text.len());
        let mut offset = start;
        let mut spanish_header = None;
        // The table's own keys run from its header to the next header.
        for (i, line) in file.text[start..].split_inclusive('\n').enumerate() {
            let trimmed = line.trim_start();
            if i > 0 && trimmed.starts_with('[') {
                let opens_spanish =
                    !trimmed.starts_with("[[") && trimmed.trim_end().ends_with(".es]");
                if in_table || !opens_spanish {
                    break;
                }
                in_table = true;
                spanish_header = Some(offset);
                offset += line.len();
                continue;
            }
            if !in_table {
                offset += line.len();
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix(field)
                && rest.trim_start().starts_with('=')
            {
                return file.line_of(offset);
            }
            offset += line.len();
        }
        file.line_of(spanish_header.unwrap_or(start))
    }

    /// A problem with the draft, at one of its fields when `field` is given.
    pub fn problem(
        &self,
        entry: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: self.file().to_owned(),
            line: field.map_or_else(|| self.line(), |field| self.line_of_field(field)),
            entry: entry.map(str::to_owned),
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The file and byte offset, not the file's whole text.
impl std::fmt::Debug for Origin<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, offset) = match *self {
            Origin::Table { start, .. } => ("Table", start),
            Origin::Row { offset, .. } => ("Row", offset),
        };
        f.debug_struct(kind)
            .field("file", &self.file())
            .field("offset", &offset)
            .finish()
    }
}

/// A record and where it came from.
#[derive(Debug)]
pub struct Draft<'a, T> {
    pub origin: Origin<'a>,
    pub record: T,
}

impl<'a, T> Draft<'a, T> {
    pub fn new(origin: Origin<'a>, record: T) -> Draft<'a, T> {
        Draft { origin, record }
    }
}

/// Everything the readers found, section by section in the order they found it (which is
/// the catalog's order), with the problems that kept a record from being drafted at all.
#[derive(Debug)]
pub struct Drafts<'a> {
    /// The seeds folder: where a problem about a section with no entries at all is placed.
    pub seeds_dir: &'a Path,
    pub sources: Vec<Draft<'a, SourceDraft>>,
    pub kinds: Vec<Draft<'a, TermDraft>>,
    pub topics: Vec<Draft<'a, TermDraft>>,
    pub audiences: Vec<Draft<'a, TermDraft>>,
    pub states: Vec<Draft<'a, StateDraft>>,
    pub organizations: Vec<Draft<'a, OrganizationDraft>>,
    pub resources: Vec<Draft<'a, ResourceDraft<'a>>>,
    pub synonyms: Vec<Draft<'a, SynonymDraft>>,
    pub intents: Vec<Draft<'a, IntentDraft>>,
    pub zip_prefixes: Vec<Draft<'a, ZipPrefixDraft<'a>>>,
    /// What could not be read as drafts: a TOML syntax error, a CSV row of the wrong shape.
    pub problems: Vec<Problem>,
}

impl<'a> Drafts<'a> {
    pub fn new(seeds_dir: &'a Path) -> Drafts<'a> {
        Drafts {
            seeds_dir,
            sources: Vec::new(),
            kinds: Vec::new(),
            topics: Vec::new(),
            audiences: Vec::new(),
            states: Vec::new(),
            organizations: Vec::new(),
            resources: Vec::new(),
            synonyms: Vec::new(),
            intents: Vec::new(),
            zip_prefixes: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// Words that ask for help or to report, and the resources that answer them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDraft {
    pub intent: Option<String>,
    pub terms: Option<Vec<String>>,
    pub answer: Option<Vec<String>>,
}

/// A group of words or phrases that search treats as one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymDraft {
    pub terms: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDraft {
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
pub struct TermDraft {
    pub slug: Option<String>,
    pub label: Option<String>,
    pub description: Option<String>,
    pub es: Option<TermEsDraft>,
}

/// A term's Spanish label and description (`[kind.es]`, `[topic.es]`, `[audience.es]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEsDraft {
    pub label: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateDraft {
    pub code: Option<String>,
    pub name: Option<String>,
    pub fips: Option<String>,
    pub kind: Option<String>,
    pub es: Option<StateEsDraft>,
}

/// A jurisdiction's Spanish name (`[state.es]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateEsDraft {
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDraft {
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

/// A resource with its phones, links and facts, each of which has an origin of its own (a
/// `[[resource.phone]]` table, a row of an HSDS phone table).
#[derive(Debug)]
pub struct ResourceDraft<'a> {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub alternate_names: Vec<String>,
    pub kind: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub organization: Option<String>,
    pub topics: Option<Vec<String>>,
    pub audiences: Option<Vec<String>>,
    pub service_area: Option<ServiceAreaDraft>,
    pub address: Option<String>,
    pub source: Option<String>,
    pub also_in: Vec<String>,
    pub source_note: Option<String>,
    pub last_verified: Option<String>,
    pub phones: Vec<Draft<'a, PhoneDraft>>,
    pub links: Vec<Draft<'a, LinkDraft>>,
    pub facts: Vec<Draft<'a, FactDraft>>,
    pub es: Option<ResourceEsDraft>,
}

/// A resource's Spanish text (`[resource.es]`). `source` is the id of the source whose
/// Spanish this is, when an official source gives it; absent, it is the directory's own.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceEsDraft {
    pub name: Option<String>,
    #[serde(default)]
    pub alternate_names: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
}

/// `"national"`, or a list of state codes; anything else is a problem validation names.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ServiceAreaDraft {
    Word(String),
    States(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneDraft {
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub phone_type: Option<String>,
    pub law_enforcement: Option<bool>,
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
    pub from: Option<String>,
    pub note: Option<String>,
    pub es: Option<PhoneEsDraft>,
}

/// A phone's Spanish text (`[resource.phone.es]`): only fields the English phone has.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneEsDraft {
    pub description: Option<String>,
    pub hours: Option<String>,
    pub languages: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDraft {
    pub url: Option<String>,
    pub label: Option<String>,
    pub from: Option<String>,
    pub es: Option<LinkEsDraft>,
}

/// A link's Spanish label (`[resource.link.es]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEsDraft {
    pub label: Option<String>,
}

/// A fact about contacting the resource and the sources it summarises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDraft {
    pub text: Option<String>,
    pub sources: Option<Vec<String>>,
    pub es: Option<FactEsDraft>,
}

/// A contact fact's Spanish text (`[resource.fact.es]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactEsDraft {
    pub text: Option<String>,
}

/// A line of the ZIP-prefix table: `zip3,state,states_present,…`, borrowed from its text.
#[derive(Debug)]
pub struct ZipPrefixDraft<'a> {
    pub prefix: &'a str,
    /// Where most of the prefix's ZIP codes are.
    pub state: &'a str,
    /// Every state the prefix's ZIP codes are in, separated by `;`.
    pub states_present: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, text: &str) -> SourceText {
        SourceText::new(name.into(), text.to_owned())
    }

    #[test]
    fn a_table_field_is_found_on_its_own_line_and_a_missing_one_at_the_header() {
        let file = text(
            "hotlines.toml",
            "[[resource]]\nslug = \"a\"\nkind = \"x\"\n\n[[resource.phone]]\nnumber = \"1\"\n",
        );
        let resource = Origin::Table {
            file: &file,
            start: 0,
        };
        assert_eq!(resource.problem(None, Some("kind"), "").line, 3);
        assert_eq!(resource.problem(None, Some("summary"), "").line, 1);
        // A key of the next table is not the resource's.
        assert_eq!(resource.problem(None, Some("number"), "").line, 1);
        let phone = Origin::Table {
            file: &file,
            start: file.text.find("[[resource.phone]]").unwrap(),
        };
        assert_eq!(phone.problem(None, Some("phone[1].number"), "").line, 6);
    }

    #[test]
    fn a_spanish_field_is_found_in_its_es_table() {
        let file = text(
            "hotlines.toml",
            "[[resource]]\nslug = \"a\"\nsummary = \"x\"\n\n[resource.es]\nname = \"b\"\n\
             summary = \"y\"\n\n[[resource.phone]]\nhours = \"h\"\n\n[resource.phone.es]\n\
             hours = \"z\"\n",
        );
        let resource = Origin::Table {
            file: &file,
            start: 0,
        };
        assert_eq!(resource.problem(None, Some("es.summary"), "").line, 7);
        assert_eq!(resource.problem(None, Some("summary"), "").line, 3);
        // A Spanish field the table does not set is placed at the `es` header.
        assert_eq!(resource.problem(None, Some("es.description"), "").line, 5);
        let phone = Origin::Table {
            file: &file,
            start: file.text.find("[[resource.phone]]").unwrap(),
        };
        assert_eq!(phone.problem(None, Some("phone[1].es.hours"), "").line, 13);
        assert_eq!(phone.problem(None, Some("phone[1].hours"), "").line, 10);
    }

    #[test]
    fn every_field_of_a_row_is_on_the_rows_line() {
        let file = text("services.csv", "id,name\n1,a\n2,b\n");
        let row = Origin::Row {
            file: &file,
            offset: file.text.find("2,b").unwrap(),
        };
        let problem = row.problem(Some("b"), Some("phone[1].number"), "is wrong");
        assert_eq!(problem.line, 3);
        assert_eq!(
            problem.to_string(),
            "services.csv:3: entry 'b': phone[1].number: is wrong"
        );
        assert_eq!(
            row.problem(None, None, "x").to_string(),
            "services.csv:3: x"
        );
    }
}
