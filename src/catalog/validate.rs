//! Raw seed entries → the validated catalog, collecting every problem on the way.
//!
//! Two passes: the first gathers every name a reference may point at (so files can be read in
//! any order and an entry may mention one defined later), the second checks each entry.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use toml::Spanned;

use super::problem::{Problem, Problems};
use super::seed_file::{
    RawFile, RawResource, RawServiceArea, RawSynonym, RawTerm, SourceText, ZIP_PREFIXES_FILE,
};
use super::types::{Date, Kind, PhoneNumber, PhoneType, Slug, StateCode, WebAddress};
use super::{
    Catalog, KindTerm, Link, Organization, Phone, Resource, ServiceArea, Source, State, Term,
    ZipPrefix,
};

/// Where an entry sits, for problems about it.
struct At<'a> {
    file: &'a SourceText,
    span: Range<usize>,
    entry: Option<String>,
}

impl<'a> At<'a> {
    fn new<T>(file: &'a SourceText, spanned: &Spanned<T>, entry: Option<&String>) -> Self {
        At {
            file,
            span: spanned.span(),
            entry: entry.cloned(),
        }
    }
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    today: Option<Date>,
}

impl Checker {
    fn report(&mut self, at: &At, field: Option<&str>, message: impl Into<String>) {
        let problem = at
            .file
            .problem(&at.span, at.entry.as_deref(), field, message);
        self.problems.push(problem);
    }

    /// A required field with some text in it.
    fn text(&mut self, at: &At, field: &str, value: &Option<String>) -> Option<String> {
        match value.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(text.to_owned()),
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
    fn optional_text(&mut self, at: &At, field: &str, value: &Option<String>) -> Option<String> {
        value.as_ref()?;
        self.text(at, field, value)
    }

    fn parse<T: FromStr<Err = String>>(
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
    fn parse_optional<T: FromStr<Err = String>>(
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

    fn last_verified(&mut self, at: &At, value: &Option<String>) -> Option<Date> {
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
    fn reference(
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

    fn names(&mut self, at: &At, field: &str, names: &[String]) -> Option<Vec<String>> {
        let mut ok = true;
        for name in names {
            if name.trim().is_empty() {
                self.report(at, Some(field), "has an empty name");
                ok = false;
            }
        }
        ok.then(|| names.iter().map(|n| n.trim().to_owned()).collect())
    }
}

/// Names defined in the first pass, and where, to catch duplicates.
#[derive(Default)]
struct Known {
    sources: HashSet<String>,
    topics: HashSet<String>,
    audiences: HashSet<String>,
    states: HashSet<String>,
    organizations: HashSet<String>,
    seen: HashMap<(&'static str, String), (PathBuf, usize)>,
}

impl Known {
    /// The names references may point at, for the sections that can be referenced.
    fn names_mut(&mut self, section: &str) -> Option<&mut HashSet<String>> {
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
    fn define(
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

pub fn validate(dir: &Path, files: &[SourceText]) -> Result<Catalog, Problems> {
    let mut checker = Checker::default();
    let parsed: Vec<(&SourceText, RawFile)> = files
        .iter()
        .filter(|file| file.is_toml())
        .filter_map(|file| match file.parse() {
            Ok(raw) => Some((file, raw)),
            Err(problem) => {
                checker.problems.push(problem);
                None
            }
        })
        .collect();

    let mut known = Known::default();
    for (file, raw) in &parsed {
        fn keys<T>(
            entries: &[Spanned<T>],
            key: impl Fn(&T) -> &Option<String>,
        ) -> Vec<(Range<usize>, Option<&String>)> {
            entries
                .iter()
                .map(|e| (e.span(), key(e.get_ref()).as_ref()))
                .collect()
        }
        let sections = [
            ("source", "id", keys(&raw.source, |s| &s.id)),
            ("topic", "slug", keys(&raw.topic, |t| &t.slug)),
            ("audience", "slug", keys(&raw.audience, |t| &t.slug)),
            ("state", "code", keys(&raw.state, |s| &s.code)),
            ("organization", "slug", keys(&raw.organization, |o| &o.slug)),
            ("kind", "slug", keys(&raw.kind, |t| &t.slug)),
            ("resource", "slug", keys(&raw.resource, |r| &r.slug)),
        ];
        for (section, key_field, entries) in sections {
            // A missing key is reported in the second pass, with the entry's other problems.
            for (span, name) in entries
                .into_iter()
                .filter_map(|(span, name)| Some((span, name?.trim())))
            {
                let at = At {
                    file,
                    span,
                    entry: Some(name.to_owned()),
                };
                if known.define(&mut checker, section, key_field, &at, name)
                    && let Some(set) = known.names_mut(section)
                {
                    set.insert(name.to_owned());
                }
            }
        }
    }

    let mut catalog = Catalog {
        sources: Vec::new(),
        kinds: Vec::new(),
        topics: Vec::new(),
        audiences: Vec::new(),
        states: Vec::new(),
        organizations: Vec::new(),
        resources: Vec::new(),
        synonyms: Vec::new(),
        zip_prefixes: Vec::new(),
        hash: String::new(),
    };
    for (file, raw) in &parsed {
        for spanned in &raw.source {
            let raw = spanned.get_ref();
            let at = At::new(file, spanned, raw.id.as_ref());
            if let Some(source) = check_source(&mut checker, &at, raw) {
                catalog.sources.push(source);
            }
        }
        for spanned in &raw.kind {
            let at = At::new(file, spanned, spanned.get_ref().slug.as_ref());
            if let Some(term) = check_term(&mut checker, &at, spanned.get_ref()) {
                match term.slug.as_str().parse::<Kind>() {
                    Ok(kind) => catalog.kinds.push(KindTerm {
                        kind,
                        label: term.label,
                        description: term.description,
                    }),
                    Err(message) => checker.report(&at, Some("slug"), message),
                }
            }
        }
        for spanned in &raw.topic {
            let at = At::new(file, spanned, spanned.get_ref().slug.as_ref());
            catalog
                .topics
                .extend(check_term(&mut checker, &at, spanned.get_ref()));
        }
        for spanned in &raw.audience {
            let at = At::new(file, spanned, spanned.get_ref().slug.as_ref());
            catalog
                .audiences
                .extend(check_term(&mut checker, &at, spanned.get_ref()));
        }
        for spanned in &raw.state {
            let raw = spanned.get_ref();
            let at = At::new(file, spanned, raw.code.as_ref());
            let code = checker.parse::<StateCode>(&at, "code", &raw.code);
            let name = checker.text(&at, "name", &raw.name);
            let fips = checker.text(&at, "fips", &raw.fips).filter(|fips| {
                let ok = fips.len() == 2 && fips.bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    checker.report(
                        &at,
                        Some("fips"),
                        format!("'{fips}' is not a two-digit FIPS code"),
                    );
                }
                ok
            });
            let kind = checker.text(&at, "kind", &raw.kind).filter(|kind| {
                let ok = matches!(kind.as_str(), "state" | "district" | "territory");
                if !ok {
                    checker.report(
                        &at,
                        Some("kind"),
                        format!("'{kind}' is not one of state, district, territory"),
                    );
                }
                ok
            });
            if let (Some(code), Some(name), Some(fips), Some(kind)) = (code, name, fips, kind) {
                catalog.states.push(State {
                    code,
                    name,
                    fips,
                    kind,
                });
            }
        }
        for spanned in &raw.organization {
            let raw = spanned.get_ref();
            let at = At::new(file, spanned, raw.slug.as_ref());
            let slug = checker.parse::<Slug>(&at, "slug", &raw.slug);
            let name = checker.text(&at, "name", &raw.name);
            let alternate_names = checker.names(&at, "alternate_names", &raw.alternate_names);
            let description = checker.text(&at, "description", &raw.description);
            let parent = match raw.parent.as_deref() {
                None => Some(None),
                Some(parent) if Some(parent) == raw.slug.as_deref() => {
                    checker.report(
                        &at,
                        Some("parent"),
                        "an organization cannot be its own parent",
                    );
                    None
                }
                Some(parent) => checker
                    .reference(
                        &at,
                        "parent",
                        parent,
                        &known.organizations,
                        "organization",
                        "organizations.toml",
                    )
                    .map(Some),
            };
            let url = checker.parse_optional::<WebAddress>(&at, "url", &raw.url);
            let source = checker.text(&at, "source", &raw.source).and_then(|s| {
                checker.reference(&at, "source", &s, &known.sources, "source", "sources.toml")
            });
            let last_verified = checker.last_verified(&at, &raw.last_verified);
            let organization = (|| {
                Some(Organization {
                    slug: slug?,
                    name: name?,
                    alternate_names: alternate_names?,
                    description: description?,
                    parent: parent?,
                    url: url?,
                    source: source?,
                    last_verified: last_verified?,
                })
            })();
            catalog.organizations.extend(organization);
        }
        for spanned in &raw.resource {
            let at = At::new(file, spanned, spanned.get_ref().slug.as_ref());
            catalog
                .resources
                .extend(check_resource(&mut checker, &known, &at, spanned.get_ref()));
        }
    }

    for (file, raw) in &parsed {
        for spanned in &raw.synonym {
            let at = At::new(file, spanned, None);
            catalog
                .synonyms
                .extend(check_synonyms(&mut checker, &at, spanned.get_ref()));
        }
    }
    if let Some(file) = files
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == ZIP_PREFIXES_FILE))
    {
        catalog.zip_prefixes = check_zip_prefixes(&mut checker, file, &known.states);
    }

    check_completeness(&mut checker, dir, &parsed, &catalog);
    check_parent_cycles(&mut checker, &parsed, &catalog);

    if checker.problems.is_empty() {
        Ok(catalog)
    } else {
        checker
            .problems
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(Problems(checker.problems))
    }
}

fn check_source(
    checker: &mut Checker,
    at: &At,
    raw: &super::seed_file::RawSource,
) -> Option<Source> {
    let id = checker.parse::<Slug>(at, "id", &raw.id);
    let title = checker.text(at, "title", &raw.title);
    let publisher = checker.text(at, "publisher", &raw.publisher);
    let file = checker.text(at, "file", &raw.file);
    let date = checker.parse_optional::<Date>(at, "date", &raw.date);
    let date_label = checker.optional_text(at, "date_label", &raw.date_label);
    let dated_consistently = match (raw.date.is_some(), raw.date_label.is_some()) {
        (true, false) => {
            checker.report(
                at,
                Some("date_label"),
                "is missing: say what the date is (\"Published\", \"Updated\")",
            );
            false
        }
        (false, true) => {
            checker.report(at, Some("date"), "is missing, but date_label is set");
            false
        }
        _ => true,
    };
    let url = checker.parse_optional::<WebAddress>(at, "url", &raw.url);
    let note = checker.optional_text(at, "note", &raw.note);
    if !dated_consistently {
        return None;
    }
    Some(Source {
        id: id?,
        title: title?,
        publisher: publisher?,
        file: file?,
        date: date?,
        date_label,
        url: url?,
        note,
    })
}

fn check_term(checker: &mut Checker, at: &At, raw: &RawTerm) -> Option<Term> {
    let slug = checker.parse::<Slug>(at, "slug", &raw.slug);
    let label = checker.text(at, "label", &raw.label);
    let description = checker.text(at, "description", &raw.description);
    Some(Term {
        slug: slug?,
        label: label?,
        description: description?,
    })
}

fn check_resource(
    checker: &mut Checker,
    known: &Known,
    at: &At,
    raw: &RawResource,
) -> Option<Resource> {
    let slug = checker.parse::<Slug>(at, "slug", &raw.slug);
    let name = checker.text(at, "name", &raw.name);
    let alternate_names = checker.names(at, "alternate_names", &raw.alternate_names);
    let kind = checker.parse::<Kind>(at, "kind", &raw.kind);
    let summary = checker.text(at, "summary", &raw.summary).filter(|summary| {
        let one_line = !summary.contains('\n') && summary.chars().count() <= 300;
        if !one_line {
            checker.report(
                at,
                Some("summary"),
                "must be one sentence on one line (at most 300 characters)",
            );
        }
        one_line
    });
    let description = checker.text(at, "description", &raw.description);
    let organization = match raw.organization.as_deref() {
        None => Some(None),
        Some(org) => checker
            .reference(
                at,
                "organization",
                org,
                &known.organizations,
                "organization",
                "organizations.toml",
            )
            .map(Some),
    };
    let topics = check_terms(
        checker,
        at,
        "topics",
        &raw.topics,
        &known.topics,
        "topic",
        "topics.toml",
    );
    let audiences = check_terms(
        checker,
        at,
        "audiences",
        &raw.audiences,
        &known.audiences,
        "audience",
        "audiences.toml",
    );
    let service_area = check_service_area(checker, known, at, &raw.service_area);
    let address = checker.optional_text(at, "address", &raw.address);
    let address_ok = raw.address.is_none() || address.is_some();
    let source = checker.text(at, "source", &raw.source).and_then(|s| {
        checker.reference(at, "source", &s, &known.sources, "source", "sources.toml")
    });
    let also_in: Option<Vec<Slug>> = raw
        .also_in
        .iter()
        .map(|other| {
            if Some(other) == raw.source.as_ref() {
                checker.report(
                    at,
                    Some("also_in"),
                    format!("'{other}' is already the record's source"),
                );
                None
            } else {
                checker.reference(
                    at,
                    "also_in",
                    other,
                    &known.sources,
                    "source",
                    "sources.toml",
                )
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let source_note = checker.optional_text(at, "source_note", &raw.source_note);
    let source_note_ok = raw.source_note.is_none() || source_note.is_some();
    let last_verified = checker.last_verified(at, &raw.last_verified);

    let phones: Option<Vec<Phone>> = raw
        .phone
        .iter()
        .enumerate()
        .map(|(i, spanned)| {
            let phone = spanned.get_ref();
            let at = At::new(at.file, spanned, at.entry.as_ref());
            let field = |name: &str| format!("phone[{}].{name}", i + 1);
            let phone_type = checker.parse::<PhoneType>(&at, &field("type"), &phone.phone_type);
            let number = checker
                .text(&at, &field("number"), &phone.number)
                .and_then(|n| {
                    // A bad type is reported already; check the number as a voice line meanwhile.
                    PhoneNumber::parse(&n, phone_type.unwrap_or(PhoneType::Voice))
                        .map_err(|message| checker.report(&at, Some(&field("number")), message))
                        .ok()
                });
            let law_enforcement = phone.law_enforcement.or_else(|| {
                checker.report(
                    &at,
                    Some(&field("law_enforcement")),
                    "is missing: say whether law enforcement answers this line (true or false)",
                );
                None
            });
            let description = checker.optional_text(&at, &field("description"), &phone.description);
            let hours = checker.optional_text(&at, &field("hours"), &phone.hours);
            let languages = checker.optional_text(&at, &field("languages"), &phone.languages);
            let blanks = [&phone.description, &phone.hours, &phone.languages]
                .iter()
                .zip([&description, &hours, &languages])
                .any(|(raw, checked)| raw.is_some() && checked.is_none());
            if blanks {
                return None;
            }
            Some(Phone {
                number: number?,
                phone_type: phone_type?,
                law_enforcement: law_enforcement?,
                description,
                hours,
                languages,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();

    let links: Option<Vec<Link>> = raw
        .link
        .iter()
        .enumerate()
        .map(|(i, spanned)| {
            let link = spanned.get_ref();
            let at = At::new(at.file, spanned, at.entry.as_ref());
            let url = checker.parse::<WebAddress>(&at, &format!("link[{}].url", i + 1), &link.url);
            let label = checker.text(&at, &format!("link[{}].label", i + 1), &link.label);
            Some(Link {
                url: url?,
                label: label?,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();

    if !address_ok || !source_note_ok {
        return None;
    }
    Some(Resource {
        slug: slug?,
        name: name?,
        alternate_names: alternate_names?,
        kind: kind?,
        summary: summary?,
        description: description?,
        organization: organization?,
        topics: topics?,
        audiences: audiences?,
        service_area: service_area?,
        address,
        source: source?,
        also_in: also_in?,
        source_note,
        last_verified: last_verified?,
        phones: phones?,
        links: links?,
    })
}

/// A required, non-empty list of vocabulary slugs without repeats.
fn check_terms(
    checker: &mut Checker,
    at: &At,
    field: &str,
    values: &Option<Vec<String>>,
    known: &HashSet<String>,
    what: &str,
    file_hint: &str,
) -> Option<Vec<Slug>> {
    let Some(values) = values else {
        checker.report(at, Some(field), "is missing");
        return None;
    };
    if values.is_empty() {
        checker.report(
            at,
            Some(field),
            format!("is empty: give at least one {what}"),
        );
        return None;
    }
    let mut seen = HashSet::new();
    let slugs: Vec<Option<Slug>> = values
        .iter()
        .map(|value| {
            if !seen.insert(value) {
                checker.report(at, Some(field), format!("'{value}' is listed twice"));
                return None;
            }
            checker.reference(at, field, value, known, what, file_hint)
        })
        .collect();
    slugs.into_iter().collect()
}

fn check_service_area(
    checker: &mut Checker,
    known: &Known,
    at: &At,
    raw: &Option<RawServiceArea>,
) -> Option<ServiceArea> {
    match raw {
        None => {
            checker.report(
                at,
                Some("service_area"),
                "is missing: \"national\" or a list of state codes",
            );
            None
        }
        Some(RawServiceArea::Word(word)) if word == "national" => Some(ServiceArea::National),
        Some(RawServiceArea::Word(word)) => {
            checker.report(
                at,
                Some("service_area"),
                format!("'{word}' is not \"national\": for states, write a list such as [\"TX\"]"),
            );
            None
        }
        Some(RawServiceArea::States(codes)) if codes.is_empty() => {
            checker.report(
                at,
                Some("service_area"),
                "is an empty list: give at least one state code, or \"national\"",
            );
            None
        }
        Some(RawServiceArea::States(codes)) => {
            let mut seen = HashSet::new();
            let states: Vec<Option<StateCode>> = codes
                .iter()
                .map(|code| {
                    if !seen.insert(code) {
                        checker.report(
                            at,
                            Some("service_area"),
                            format!("'{code}' is listed twice"),
                        );
                        return None;
                    }
                    if !known.states.contains(code) {
                        checker.report(
                            at,
                            Some("service_area"),
                            format!(
                                "unknown state '{code}' (the 56 jurisdictions are in states.toml)"
                            ),
                        );
                        return None;
                    }
                    code.parse().ok()
                })
                .collect();
            states
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(ServiceArea::States)
        }
    }
}

/// A synonym group: two or more distinct terms of plain words (search quotes them anyway).
fn check_synonyms(checker: &mut Checker, at: &At, raw: &RawSynonym) -> Option<Vec<String>> {
    let Some(terms) = &raw.terms else {
        checker.report(at, Some("terms"), "is missing");
        return None;
    };
    let normalized: Vec<String> = terms
        .iter()
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect();
    let mut ok = normalized.len() >= 2;
    if !ok {
        checker.report(at, Some("terms"), "needs at least two terms");
    }
    let mut seen = HashSet::new();
    for term in &normalized {
        if term.is_empty()
            || !term
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
        {
            checker.report(
                at,
                Some("terms"),
                format!("'{term}' must be words (letters, digits, spaces)"),
            );
            ok = false;
        } else if !seen.insert(term) {
            checker.report(at, Some("terms"), format!("'{term}' is listed twice"));
            ok = false;
        }
    }
    ok.then_some(normalized)
}

/// `zip3,state,states_present,zip_count`, as in ../shared/data. Prefixes whose ZIP codes lie
/// outside the 56 jurisdictions (military mail: AA, AE, AP; freely associated states) have no
/// state to search and are left out; a prefix keeps only the states the directory knows.
fn check_zip_prefixes(
    checker: &mut Checker,
    file: &SourceText,
    states: &HashSet<String>,
) -> Vec<ZipPrefix> {
    let mut prefixes = Vec::new();
    let mut seen = HashSet::new();
    let mut report = |line: usize, entry: Option<&str>, message: String| {
        checker.problems.push(Problem {
            file: file.path.clone(),
            line,
            entry: entry.map(str::to_owned),
            field: None,
            message,
        });
    };
    let mut lines = file.text.lines().enumerate();
    match lines.next() {
        Some((_, "zip3,state,states_present,zip_count")) => {}
        _ => {
            report(
                1,
                None,
                "the first line must be: zip3,state,states_present,zip_count".into(),
            );
            return prefixes;
        }
    }
    for (index, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let line_number = index + 1;
        let fields: Vec<&str> = line.split(',').collect();
        let [prefix, state, present, _count] = fields.as_slice() else {
            report(
                line_number,
                None,
                format!("expected 4 fields, found {}", fields.len()),
            );
            continue;
        };
        if prefix.len() != 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            report(
                line_number,
                Some(prefix),
                format!("'{prefix}' is not three digits"),
            );
            continue;
        }
        if !seen.insert(prefix.to_string()) {
            report(line_number, Some(prefix), "duplicate prefix".into());
            continue;
        }
        let known: Vec<StateCode> = std::iter::once(*state)
            .chain(present.split(';'))
            .filter(|code| states.contains(*code))
            .filter_map(|code| code.parse().ok())
            .fold(Vec::new(), |mut acc, code| {
                if !acc.contains(&code) {
                    acc.push(code);
                }
                acc
            });
        if let Some(&first) = known.first() {
            prefixes.push(ZipPrefix {
                prefix: prefix.to_string(),
                state: first,
                states: known,
            });
        }
    }
    prefixes
}

/// Every kind is described exactly once; the vocabularies are not empty.
fn check_completeness(
    checker: &mut Checker,
    dir: &Path,
    parsed: &[(&SourceText, RawFile)],
    catalog: &Catalog,
) {
    let described: HashSet<Kind> = catalog.kinds.iter().map(|k| k.kind).collect();
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|kind| !described.contains(kind))
        .map(|kind| kind.slug())
        .collect();
    if !missing.is_empty() {
        let file = parsed
            .iter()
            .find(|(_, raw)| !raw.kind.is_empty())
            .map_or_else(|| dir.join("kinds.toml"), |(file, _)| file.path.clone());
        checker.problems.push(Problem {
            file,
            line: 1,
            entry: None,
            field: Some("kind".into()),
            message: format!("no label or description for: {}", missing.join(", ")),
        });
    }
    for (section, count, file) in [
        ("state", catalog.states.len(), "states.toml"),
        ("source", catalog.sources.len(), "sources.toml"),
        ("topic", catalog.topics.len(), "topics.toml"),
        ("audience", catalog.audiences.len(), "audiences.toml"),
    ] {
        let defined_anywhere = parsed.iter().any(|(_, raw)| match section {
            "state" => !raw.state.is_empty(),
            "source" => !raw.source.is_empty(),
            "topic" => !raw.topic.is_empty(),
            _ => !raw.audience.is_empty(),
        });
        if count == 0 && !defined_anywhere {
            checker.problems.push(Problem {
                file: dir.join(file),
                line: 1,
                entry: None,
                field: None,
                message: format!("no [[{section}]] entries in the seeds"),
            });
        }
    }
}

/// A parent chain that loops back would make "part of" pages recurse forever.
fn check_parent_cycles(
    checker: &mut Checker,
    parsed: &[(&SourceText, RawFile)],
    catalog: &Catalog,
) {
    let parents: HashMap<&Slug, &Slug> = catalog
        .organizations
        .iter()
        .filter_map(|o| Some((&o.slug, o.parent.as_ref()?)))
        .collect();
    for org in &catalog.organizations {
        let mut current = &org.slug;
        for _ in 0..=parents.len() {
            match parents.get(current) {
                Some(parent) if *parent == &org.slug => {
                    let at = parsed.iter().find_map(|(file, raw)| {
                        raw.organization
                            .iter()
                            .find(|o| o.get_ref().slug.as_deref() == Some(org.slug.as_str()))
                            .map(|spanned| At::new(file, spanned, Some(&org.slug.to_string())))
                    });
                    if let Some(at) = at {
                        checker.report(
                            &at,
                            Some("parent"),
                            "the parent chain loops back to this organization",
                        );
                    }
                    break;
                }
                Some(parent) => current = parent,
                None => break,
            }
        }
    }
}
