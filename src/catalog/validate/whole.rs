//! Checks that look beyond one entry: search aids, completeness, organization hierarchy.

use foldhash::{HashMap, HashSet, HashSetExt};

use super::checker::{At, Checker};
use crate::catalog::draft::{Draft, Drafts, IntentDraft, SynonymDraft, ZipPrefixDraft};
use crate::catalog::problem::Problem;
use crate::catalog::records::{Catalog, SearchIntent, ZipPrefix};
use crate::catalog::types::{Intent, Kind, Slug, StateCode};

/// A synonym group: two or more distinct terms of plain words (search quotes them anyway).
pub fn check_synonyms(checker: &mut Checker, at: &At, raw: &SynonymDraft) -> Option<Vec<String>> {
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
    raw: &IntentDraft,
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

/// Prefixes whose ZIP codes lie outside the 56 jurisdictions (military mail: AA, AE, AP; freely
/// associated states) have no state to search and are left out; a prefix keeps only the
/// states the directory knows.
pub fn check_zip_prefixes(
    checker: &mut Checker,
    drafts: &[Draft<ZipPrefixDraft>],
    states: &HashSet<&str>,
) -> Vec<ZipPrefix> {
    let mut prefixes = Vec::new();
    let mut seen = HashSet::new();
    for draft in drafts {
        let ZipPrefixDraft {
            prefix,
            state,
            states_present,
        } = draft.record;
        let mut report = |message: String| {
            checker
                .problems
                .push(draft.origin.problem(Some(prefix), None, message));
        };
        if prefix.len() != 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            report(format!("'{prefix}' is not three digits"));
            continue;
        }
        if !seen.insert(prefix) {
            report("duplicate prefix".into());
            continue;
        }
        let known: Vec<StateCode> = std::iter::once(state)
            .chain(states_present.split(';'))
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
                prefix: prefix.to_owned(),
                state: first,
                states: known,
            });
        }
    }
    prefixes
}

/// Every kind is described exactly once; the vocabularies are not empty.
pub fn check_completeness(checker: &mut Checker, drafts: &Drafts, catalog: &Catalog) {
    let described: HashSet<Kind> = catalog.kinds.iter().map(|k| k.kind).collect();
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|kind| !described.contains(kind))
        .map(|kind| kind.slug())
        .collect();
    if !missing.is_empty() {
        let file = drafts.kinds.first().map_or_else(
            || drafts.seeds_dir.join("kinds.toml"),
            |kind| kind.origin.file().to_owned(),
        );
        checker.problems.push(Problem {
            file,
            line: 1,
            entry: None,
            field: Some("kind".into()),
            message: format!("no label or description for: {}", missing.join(", ")),
        });
    }
    // Entries that fail their checks are reported as such; a section with none at all is
    // reported here.
    for (section, none, file) in [
        ("state", drafts.states.is_empty(), "states.toml"),
        ("source", drafts.sources.is_empty(), "sources.toml"),
        ("topic", drafts.topics.is_empty(), "topics.toml"),
        ("audience", drafts.audiences.is_empty(), "audiences.toml"),
    ] {
        if none {
            checker.problems.push(Problem {
                file: drafts.seeds_dir.join(file),
                line: 1,
                entry: None,
                field: None,
                message: format!("no [[{section}]] entries in the seeds"),
            });
        }
    }
}

/// A parent chain that loops back would make "part of" pages recurse forever.
pub fn check_parent_cycles(checker: &mut Checker, drafts: &Drafts, catalog: &Catalog) {
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
                    let at = drafts
                        .organizations
                        .iter()
                        .find(|o| o.record.slug.as_deref() == Some(org.slug.as_str()))
                        .map(|draft| At::new(draft, Some(org.slug.as_str())));
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
