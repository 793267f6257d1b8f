//! Drafts → the validated catalog, collecting every problem on the way.
//!
//! Two passes: the first gathers every name a reference may point at (so files can be read in
//! any order and an entry may mention one defined later), the second checks each entry.

mod checker;
mod entries;
mod spanish;
mod whole;

use foldhash::HashSet;

use super::draft::{Draft, Drafts};
use super::problem::Problems;
use super::records::{Catalog, KindTerm, Organization, State};
use super::types::{Kind, Slug, StateCode, WebAddress};
use checker::{At, Checker, Known};
use entries::{check_resource, check_source, check_term};
use spanish::check_state_es;
use whole::{
    check_completeness, check_intent, check_parent_cycles, check_synonyms, check_zip_prefixes,
};

/// The drafts that have a name, each placed and called by it. A missing name is reported in
/// the second pass, with the entry's other problems.
fn named<'a, T>(
    drafts: &'a [Draft<'a, T>],
    name: impl Fn(&T) -> &Option<String>,
) -> impl Iterator<Item = (At<'a>, &'a str)> {
    drafts.iter().filter_map(move |draft| {
        let name = name(&draft.record).as_deref()?.trim();
        Some((At::new(draft, Some(name)), name))
    })
}

/// Checks drafts, wherever they came from (seed files, an HSDS package), with the problems
/// found while reading them.
pub fn validate(mut drafts: Drafts) -> Result<Catalog, Problems> {
    let mut checker = Checker::after(std::mem::take(&mut drafts.problems));
    let drafts = &drafts;

    let mut known = Known::default();
    let c = &mut checker;
    known.define_all(c, "source", "id", named(&drafts.sources, |s| &s.id));
    known.define_all(c, "topic", "slug", named(&drafts.topics, |t| &t.slug));
    known.define_all(c, "audience", "slug", named(&drafts.audiences, |t| &t.slug));
    known.define_all(c, "state", "code", named(&drafts.states, |s| &s.code));
    known.define_all(
        c,
        "organization",
        "slug",
        named(&drafts.organizations, |o| &o.slug),
    );
    known.define_all(c, "kind", "slug", named(&drafts.kinds, |t| &t.slug));
    known.define_all(c, "resource", "slug", named(&drafts.resources, |r| &r.slug));

    let mut catalog = Catalog::default();
    for draft in &drafts.sources {
        let at = At::new(draft, draft.record.id.as_deref());
        catalog
            .sources
            .extend(check_source(&mut checker, &at, &draft.record));
    }
    for draft in &drafts.kinds {
        let at = At::new(draft, draft.record.slug.as_deref());
        if let Some(term) = check_term(&mut checker, &at, &draft.record) {
            match term.slug.as_str().parse::<Kind>() {
                Ok(kind) => catalog.kinds.push(KindTerm {
                    kind,
                    label: term.label,
                    description: term.description,
                    es: term.es,
                }),
                Err(message) => checker.report(&at, Some("slug"), message),
            }
        }
    }
    for draft in &drafts.topics {
        let at = At::new(draft, draft.record.slug.as_deref());
        catalog
            .topics
            .extend(check_term(&mut checker, &at, &draft.record));
    }
    for draft in &drafts.audiences {
        let at = At::new(draft, draft.record.slug.as_deref());
        catalog
            .audiences
            .extend(check_term(&mut checker, &at, &draft.record));
    }
    for draft in &drafts.states {
        let raw = &draft.record;
        let at = At::new(draft, raw.code.as_deref());
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
        let name_es = check_state_es(&mut checker, &at, &raw.name, &raw.es);
        if let (Some(code), Some(name), Some(fips), Some(kind), Some(name_es)) =
            (code, name, fips, kind, name_es)
        {
            catalog.states.push(State {
                code,
                name,
                fips,
                kind,
                name_es,
            });
        }
    }
    for draft in &drafts.organizations {
        let raw = &draft.record;
        let at = At::new(draft, raw.slug.as_deref());
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
    for draft in &drafts.resources {
        let at = At::new(draft, draft.record.slug.as_deref());
        catalog
            .resources
            .extend(check_resource(&mut checker, &known, &at, &draft.record));
    }

    for draft in &drafts.synonyms {
        let at = At::new(draft, None);
        catalog
            .synonyms
            .extend(check_synonyms(&mut checker, &at, &draft.record));
    }
    let resources: HashSet<&str> = catalog.resources.iter().map(|r| r.slug.as_str()).collect();
    let mut intents = Vec::new();
    for draft in &drafts.intents {
        let at = At::new(draft, draft.record.intent.as_deref());
        intents.extend(check_intent(
            &mut checker,
            &at,
            &draft.record,
            &resources,
            &intents,
        ));
    }
    catalog.intents = intents;
    catalog.zip_prefixes = check_zip_prefixes(&mut checker, &drafts.zip_prefixes, &known.states);

    check_completeness(&mut checker, drafts, &catalog);
    check_parent_cycles(&mut checker, drafts, &catalog);

    if checker.problems.is_empty() {
        Ok(catalog)
    } else {
        checker
            .problems
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(Problems(checker.problems))
    }
}
