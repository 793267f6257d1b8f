//! Where an entry is, what has been defined, and the problems found so far.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::str::FromStr;

use toml::Spanned;

use crate::catalog::problem::Problem;
use crate::catalog::seed_file::SourceText;
use crate::catalog::types::{Date, Slug};
use crate::input::check_clean;

/// Where an entry sits, for problems about it.
pub struct At<'a> {
    pub file: &'a SourceText,
    pub span: Range<usize>,
    pub entry: Option<String>,
}

impl<'a> At<'a> {
    pub fn new<T>(file: &'a SourceText, spanned: &Spanned<T>, entry: Option<&String>) -> Self {
        At {
            file,
            span: spanned.span(),
            entry: entry.cloned(),
        }
    }
}

#[derive(Default)]
pub struct Checker {
    pub problems: Vec<Problem>,
    today: Option<Date>,
}

impl Checker {
    pub fn report(&mut self, at: &At, field: Option<&str>, message: impl Into<String>) {
        let problem = at
            .file
            .problem(&at.span, at.entry.as_deref(), field, message);
        self.problems.push(problem);
    }

    /// A required field with some text in it, and no control characters: a NUL, an escape
    /// sequence or a bidirectional override would make a record show something other than
    /// what it says. Only the long prose fields may break lines.
    pub fn text(&mut self, at: &At, field: &str, value: &Option<String>) -> Option<String> {
        match value.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => match check_clean(text, allows_line_breaks(field)) {
                Ok(()) => Some(text.to_owned()),
                Err(message) => {
                    self.report(at, Some(field), message);
                    None
                }
            },
            Some(_) => {
                self.report(at, Some(field), "is empty");
                None
            }
            None => {
                self.report(at, Some(field), "is missing");
                None
            }
        }
    }

    /// An optional field: absent is fine, present-but-blank is a mistake.
    pub fn optional_text(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<String> {
        value.as_ref()?;
        self.text(at, field, value)
    }

    pub fn parse<T: FromStr<Err = String>>(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<T> {
        let text = self.text(at, field, value)?;
        text.parse()
            .map_err(|message| self.report(at, Some(field), message))
            .ok()
    }

    /// `Some(None)` when absent, `None` when present and bad.
    pub fn parse_optional<T: FromStr<Err = String>>(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<Option<T>> {
        if value.is_none() {
            return Some(None);
        }
        self.parse(at, field, value).map(Some)
    }

    pub fn last_verified(&mut self, at: &At, value: &Option<String>) -> Option<Date> {
        let date: Date = self.parse(at, "last_verified", value)?;
        let today = *self.today.get_or_insert_with(Date::today);
        if date > today {
            self.report(
                at,
                Some("last_verified"),
                format!("{date} is in the future (today is {today})"),
            );
            return None;
        }
        Some(date)
    }

    /// A reference to a name defined elsewhere in the seeds.
    pub fn reference(
        &mut self,
        at: &At,
        field: &str,
        value: &str,
        known: &HashSet<String>,
        what: &str,
        file_hint: &str,
    ) -> Option<Slug> {
        if known.contains(value) {
            value.parse().ok()
        } else {
            self.report(
                at,
                Some(field),
                format!("unknown {what} '{value}' (define it in {file_hint})"),
            );
            None
        }
    }

    pub fn names(&mut self, at: &At, field: &str, names: &[String]) -> Option<Vec<String>> {
        let mut ok = true;
        for name in names {
            if name.trim().is_empty() {
                self.report(at, Some(field), "has an empty name");
                ok = false;
            } else if let Err(message) = check_clean(name, false) {
                self.report(at, Some(field), message);
                ok = false;
            }
        }
        ok.then(|| names.iter().map(|n| n.trim().to_owned()).collect())
    }
}

/// Descriptions and notes are prose and may run over several lines; names, labels, numbers
/// and the like are one line.
fn allows_line_breaks(field: &str) -> bool {
    let name = field.rsplit('.').next().unwrap_or(field);
    matches!(name, "description" | "note" | "source_note" | "address")
}

/// Names defined in the first pass, and where, to catch duplicates.
#[derive(Default)]
pub struct Known {
    pub sources: HashSet<String>,
    pub topics: HashSet<String>,
    pub audiences: HashSet<String>,
    pub states: HashSet<String>,
    pub organizations: HashSet<String>,
    seen: HashMap<(&'static str, String), (PathBuf, usize)>,
}

impl Known {
    /// The names references may point at, for the sections that can be referenced.
    pub fn names_mut(&mut self, section: &str) -> Option<&mut HashSet<String>> {
        match section {
            "source" => Some(&mut self.sources),
            "topic" => Some(&mut self.topics),
            "audience" => Some(&mut self.audiences),
            "state" => Some(&mut self.states),
            "organization" => Some(&mut self.organizations),
            _ => None,
        }
    }

    /// Records `name` in `section`; reports it when it was already defined.
    pub fn define(
        &mut self,
        checker: &mut Checker,
        section: &'static str,
        key_field: &str,
        at: &At,
        name: &str,
    ) -> bool {
        let line = at.file.line_of(at.span.start);
        match self.seen.get(&(section, name.to_owned())) {
            Some((file, first_line)) => {
                checker.report(
                    at,
                    Some(key_field),
                    format!(
                        "duplicate {section} '{name}': already defined at {}:{first_line}",
                        file.display()
                    ),
                );
                false
            }
            None => {
                self.seen
                    .insert((section, name.to_owned()), (at.file.path.clone(), line));
                true
            }
        }
    }
}
