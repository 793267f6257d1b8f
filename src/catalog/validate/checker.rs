//! Where an entry is, what has been defined, and the problems found so far.

use foldhash::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use crate::catalog::draft::{Draft, Origin};
use crate::catalog::problem::Problem;
use crate::catalog::types::{Date, Slug};
use crate::input::check_clean;

/// Where an entry came from and what it is called, for problems about it.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub origin: Origin<'a>,
    /// The entry's slug (or id, or code) as written, when it has one.
    pub entry: Option<&'a str>,
}

impl<'a> At<'a> {
    pub fn new<T>(draft: &Draft<'a, T>, entry: Option<&'a str>) -> Self {
        At {
            origin: draft.origin,
            entry,
        }
    }
}

/// A field as problems name it: `summary`, or `phone[2].number` for a field of a record's
/// second phone. Written out only when a problem is reported, so checking a clean record
/// formats no names.
#[derive(Clone, Copy)]
pub enum Field<'f> {
    Named(&'f str),
    /// A field of the `index`th (from 1) item of a list: a phone, a link, a fact.
    Item {
        list: &'static str,
        index: usize,
        name: &'static str,
    },
}

impl Field<'_> {
    /// The field's own name, without the item it belongs to.
    fn name(&self) -> &str {
        match self {
            Field::Named(name) | Field::Item { name, .. } => name,
        }
    }
}

impl<'f> From<&'f str> for Field<'f> {
    fn from(name: &'f str) -> Self {
        Field::Named(name)
    }
}

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Named(name) => f.write_str(name),
            Field::Item { list, index, name } => write!(f, "{list}[{index}].{name}"),
        }
    }
}

pub struct Checker {
    pub problems: Vec<Problem>,
    today: Option<Date>,
}

impl Checker {
    /// A checker that goes on from the problems found while reading.
    pub fn after(problems: Vec<Problem>) -> Checker {
        Checker {
            problems,
            today: None,
        }
    }

    pub fn report<'f>(
        &mut self,
        at: &At,
        field: Option<impl Into<Field<'f>>>,
        message: impl Into<String>,
    ) {
        let field = field.map(|field| field.into().to_string());
        self.problems
            .push(at.origin.problem(at.entry, field.as_deref(), message));
    }

    /// A required field with some text in it, and no control characters: a NUL, an escape
    /// sequence or a bidirectional override would make a record show something other than
    /// what it says. Only the long prose fields may break lines.
    pub fn text<'f>(
        &mut self,
        at: &At,
        field: impl Into<Field<'f>>,
        value: &Option<String>,
    ) -> Option<String> {
        let field = field.into();
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
    pub fn optional_text<'f>(
        &mut self,
        at: &At,
        field: impl Into<Field<'f>>,
        value: &Option<String>,
    ) -> Option<String> {
        value.as_ref()?;
        self.text(at, field, value)
    }

    pub fn parse<'f, T: FromStr<Err = String>>(
        &mut self,
        at: &At,
        field: impl Into<Field<'f>>,
        value: &Option<String>,
    ) -> Option<T> {
        let field = field.into();
        let text = self.text(at, field, value)?;
        text.parse()
            .map_err(|message| self.report(at, Some(field), message))
            .ok()
    }

    /// `Some(None)` when absent, `None` when present and bad.
    pub fn parse_optional<'f, T: FromStr<Err = String>>(
        &mut self,
        at: &At,
        field: impl Into<Field<'f>>,
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
        known: &HashSet<&str>,
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
fn allows_line_breaks(field: Field) -> bool {
    // `es.description` is a description too.
    let name = field.name();
    matches!(
        name.rsplit('.').next().unwrap_or(name),
        "description" | "note" | "source_note" | "address"
    )
}

/// Names defined in the first pass, and where, to catch duplicates. Names are borrowed from
/// the drafts: defining 100,000 resources copies no text.
#[derive(Default)]
pub struct Known<'a> {
    pub sources: HashSet<&'a str>,
    pub topics: HashSet<&'a str>,
    pub audiences: HashSet<&'a str>,
    pub states: HashSet<&'a str>,
    pub organizations: HashSet<&'a str>,
    seen: HashMap<(&'static str, &'a str), Origin<'a>>,
}

impl<'a> Known<'a> {
    /// The names references may point at, for the sections that can be referenced.
    fn names_mut(&mut self, section: &str) -> Option<&mut HashSet<&'a str>> {
        match section {
            "source" => Some(&mut self.sources),
            "topic" => Some(&mut self.topics),
            "audience" => Some(&mut self.audiences),
            "state" => Some(&mut self.states),
            "organization" => Some(&mut self.organizations),
            _ => None,
        }
    }

    /// Records each name in `section`: those defined twice are reported, the others may be
    /// referred to.
    pub fn define_all(
        &mut self,
        checker: &mut Checker,
        section: &'static str,
        key_field: &str,
        names: impl Iterator<Item = (At<'a>, &'a str)>,
    ) {
        for (at, name) in names {
            if self.define(checker, section, key_field, &at, name)
                && let Some(set) = self.names_mut(section)
            {
                set.insert(name);
            }
        }
    }

    /// Records `name` in `section`; reports it when it was already defined.
    fn define(
        &mut self,
        checker: &mut Checker,
        section: &'static str,
        key_field: &str,
        at: &At<'a>,
        name: &'a str,
    ) -> bool {
        match self.seen.get(&(section, name)) {
            Some(first) => {
                checker.report(
                    at,
                    Some(key_field),
                    format!(
                        "duplicate {section} '{name}': already defined at {}:{}",
                        first.file().display(),
                        first.line()
                    ),
                );
                false
            }
            None => {
                self.seen.insert((section, name), at.origin);
                true
            }
        }
    }
}
