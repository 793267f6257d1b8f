//! Raw seed entries → the validated catalog, collecting every problem on the way.
//!
//! Two passes: the first gathers every name a reference may point at (so files can be read in
//! any order and an entry may mention one defined later), the second checks each entry.

mod checker;
mod entries;
mod whole;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::problem::{Problem, Problems};
use super::seed_file::{RawFile, SourceText, ZIP_PREFIXES_FILE};
use super::types::{Kind, Slug, StateCode, WebAddress};
use super::{Catalog, KindTerm, Organization, State};
use checker::{At, Checker, Known};
use entries::{check_resource, check_source, check_term};
use whole::{
    check_completeness, check_intent, check_parent_cycles, check_synonyms, check_zip_prefixes,
};

pub fn validate(dir: &Path, files: &[SourceText]) -> Result<Catalog, Problems> {
    let (parsed, problems) = parse(files);
    validate_parsed(dir, parsed, problems, zip_prefixes_file(files))
}

/// Parses every TOML file, collecting the ones that do not parse as problems.
pub fn parse(files: &[SourceText]) -> (Vec<(&SourceText, RawFile)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let parsed = files
        .iter()
        .filter(|file| file.is_toml())
        .filter_map(|file| match file.parse() {
            Ok(raw) => Some((file, raw)),
            Err(problem) => {
                problems.push(problem);
                None
            }
        })
        .collect();
    (parsed, problems)
}

pub fn zip_prefixes_file(files: &[SourceText]) -> Option<&SourceText> {
    files
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == ZIP_PREFIXES_FILE))
}

/// Checks entries already parsed, wherever they came from (seed files, or an HSDS package
/// turned into seed entries), with `problems` found while parsing them.
pub fn validate_parsed(
    dir: &Path,
    parsed: Vec<(&SourceText, RawFile)>,
    problems: Vec<Problem>,
    zip_prefixes: Option<&SourceText>,
) -> Result<Catalog, Problems> {
    let mut checker = Checker::default();
    checker.problems = problems;

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
        intents: Vec::new(),
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
    let resources: HashSet<&str> = catalog.resources.iter().map(|r| r.slug.as_str()).collect();
    let mut intents = Vec::new();
    for (file, raw) in &parsed {
        for spanned in &raw.intent {
            let at = At::new(file, spanned, spanned.get_ref().intent.as_ref());
            intents.extend(check_intent(
                &mut checker,
                &at,
                spanned.get_ref(),
                &resources,
                &intents,
            ));
        }
    }
    catalog.intents = intents;
    if let Some(file) = zip_prefixes {
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
