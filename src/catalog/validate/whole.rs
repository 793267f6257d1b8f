//! Checks that look beyond one entry: search aids, completeness, organization hierarchy.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::checker::{At, Checker};
use crate::catalog::problem::Problem;
use crate::catalog::seed_file::{RawFile, RawIntent, RawSynonym, SourceText};
use crate::catalog::types::{Intent, Kind, Slug, StateCode};
use crate::catalog::{Catalog, SearchIntent, ZipPrefix};

/// A synonym group: two or more distinct terms of plain words (search quotes them anyway).
pub fn check_synonyms(checker: &mut Checker, at: &At, raw: &RawSynonym) -> Option<Vec<String>> {
    let terms = check_terms(checker, at, raw.terms.as_deref())?;
    if terms.len() < 2 {
        checker.report(at, Some("terms"), "needs at least two terms");
        return None;
    }
    Some(terms)
}

/// Words that ask for help or to report, and the resources that answer them: one entry per
/// intent, with at least one term and one resource that exists.
pub fn check_intent(
    checker: &mut Checker,
    at: &At,
    raw: &RawIntent,
    resources: &HashSet<&str>,
    earlier: &[SearchIntent],
) -> Option<SearchIntent> {
    let intent = match raw.intent.as_deref().map(str::parse::<Intent>) {
        None => {
            checker.report(at, Some("intent"), "is missing");
            None
        }
        Some(Err(message)) => {
            checker.report(at, Some("intent"), message);
            None
        }
        Some(Ok(intent)) if earlier.iter().any(|e| e.intent == intent) => {
            checker.report(at, Some("intent"), "is listed twice");
            None
        }
        Some(Ok(intent)) => Some(intent),
    };
    let terms = check_terms(checker, at, raw.terms.as_deref());
    let answer = match raw.answer.as_deref() {
        None | Some([]) => {
            checker.report(at, Some("answer"), "needs at least one resource");
            None
        }
        Some(slugs) => {
            let mut ok = true;
            for slug in slugs {
                if !resources.contains(slug.as_str()) {
                    checker.report(at, Some("answer"), format!("no resource '{slug}'"));
                    ok = false;
                }
            }
            let slugs: Result<Vec<Slug>, String> = slugs.iter().map(|s| s.parse()).collect();
            slugs.ok().filter(|_| ok)
        }
    };
    Some(SearchIntent {
        intent: intent?,
        terms: terms?,
        answer: answer?,
    })
}

/// Search terms: plain words, lower case, each listed once.
fn check_terms(checker: &mut Checker, at: &At, terms: Option<&[String]>) -> Option<Vec<String>> {
    let Some(terms) = terms else {
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
    let mut ok = !normalized.is_empty();
    if !ok {
        checker.report(at, Some("terms"), "needs at least one term");
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
pub fn check_zip_prefixes(
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
pub fn check_completeness(
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
pub fn check_parent_cycles(
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
