//! An HSDS package → catalog drafts, each placed at the file and row it came from. They go
//! through the very checks the seed files' drafts do, so a bad package gets the same
//! `FILE:LINE: entry 'SLUG': FIELD:` problems and imports nothing.
//!
//! What HSDS has no table for (the sources records cite, the kinds' wording, the 56
//! jurisdictions, search synonyms, ZIP prefixes) is reference data and comes from the seeds.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::package::{Package, Place};
use super::tables::{
    self, AttributeRow, LINK_SEPARATOR, NAME_SEPARATOR, NATIONWIDE, field, link_type,
};
use crate::catalog::draft::{
    Draft, Drafts, FactDraft, FactEsDraft, IntentDraft, LinkDraft, LinkEsDraft, OrganizationDraft,
    Origin, PhoneDraft, ResourceDraft, ServiceAreaDraft, TermDraft, TermEsDraft,
};
use crate::catalog::{Catalog, CatalogError, SeedFiles, validate};
use crate::input::MaxBytes;

/// Marks the hash of a catalog imported from HSDS, so `serve` leaves it alone rather than
/// replacing it with the seeds.
pub const HASH_PREFIX: &str = "hsds:";

/// What a Lantern attribute means, read from its taxonomy term (and, for some, its link type
/// and value).
enum AttributeMeaning<'a> {
    Kind(&'a str),
    Topic(&'a str),
    Audience(&'a str),
    Source(&'a str),
    AlsoIn(&'a str),
    /// A source of the contact fact whose attribute ID is the value.
    FactSource(&'a str, Option<&'a str>),
    /// The source a phone number comes from, or (with the link attribute's ID as the value) a
    /// link.
    From(&'a str, Option<&'a str>),
    EsSource(&'a str),
    Field(&'a str, &'a str),
    /// A term from another taxonomy: classification Lantern does not use.
    Other,
}

impl Package {
    /// The directory in this package, with the reference data (sources, kinds, states,
    /// synonyms, ZIP prefixes) from the seeds in `seeds`. Checked as the seeds are.
    pub fn to_catalog(&self, seeds: &Path, max: MaxBytes) -> Result<Catalog, CatalogError> {
        let seed_files = SeedFiles::read(seeds, max)?;
        let mut drafts = seed_files.drafts();
        self.replace_directory(&mut drafts);
        keep_answers_in(&mut drafts.intents, &drafts.resources);
        let mut catalog = validate(drafts).map_err(CatalogError::Invalid)?;
        catalog.hash = self.hash();
        Ok(catalog)
    }

    /// A hash of the package's files, marked as HSDS's.
    fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        for file in &self.files {
            hasher.update((file.text.len() as u64).to_le_bytes());
            hasher.update(file.text.as_bytes());
        }
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{HASH_PREFIX}{hex}")
    }

    /// Replaces the seeds' directory (topics, audiences, organizations, resources) with the
    /// package's.
    fn replace_directory<'a>(&'a self, drafts: &mut Drafts<'a>) {
        // Service areas are named in HSDS ("Texas"); the seeds' states give their codes.
        let state_codes: HashMap<String, String> = drafts
            .states
            .iter()
            .filter_map(|s| {
                Some((
                    s.record.name.as_ref()?.to_lowercase(),
                    s.record.code.clone()?,
                ))
            })
            .collect();
        drafts.topics.clear();
        drafts.audiences.clear();
        drafts.organizations.clear();
        drafts.resources.clear();

        let t = &self.tables;
        let places = &self.places;
        let row = |place: &Place| Origin::Row {
            file: &self.files[place.file],
            offset: place.offset,
        };

        // Terms by ID, with their taxonomy's name.
        let taxonomy_names: HashMap<&str, &str> = t
            .taxonomy
            .iter()
            .map(|x| (x.id.as_str(), x.name.as_str()))
            .collect();
        let terms: HashMap<&str, (&str, &str)> = t
            .taxonomy_term
            .iter()
            .map(|term| {
                let taxonomy = term
                    .taxonomy_id
                    .as_deref()
                    .and_then(|id| taxonomy_names.get(id).copied())
                    .or(term.taxonomy.as_deref())
                    .unwrap_or("");
                let code = term.code.as_deref().unwrap_or(&term.name);
                (term.id.as_str(), (taxonomy, code))
            })
            .collect();
        let mut attributes: HashMap<&str, Vec<(&AttributeRow, &Place)>> = HashMap::new();
        for (attribute, place) in t.attribute.iter().zip(&places.attribute) {
            attributes
                .entry(attribute.link_id.as_str())
                .or_default()
                .push((attribute, place));
        }
        let read = |attribute| meaning(&terms, attribute);
        for (term, place) in t.taxonomy_term.iter().zip(&places.taxonomy_term) {
            let (taxonomy, code) = terms[term.id.as_str()];
            let section = match taxonomy {
                tables::TOPICS => &mut drafts.topics,
                tables::AUDIENCES => &mut drafts.audiences,
                _ => continue,
            };
            section.push(Draft::new(
                row(place),
                TermDraft {
                    slug: Some(code.to_owned()),
                    label: Some(term.name.clone()),
                    description: Some(term.description.clone()),
                    es: term_es(&attributes, &read, term.id.as_str()),
                },
            ));
        }

        // Attributes by the record they describe.

        let problems = &mut drafts.problems;
        let mut report = |place: &Place, entry: Option<&str>, field: &str, message: String| {
            problems.push(row(place).problem(entry, Some(field), message));
        };

        // Organizations: slugs first, so parents and services can refer to them.
        let mut org_slugs: HashMap<&str, String> = HashMap::new();
        let mut org_fields = Vec::new();
        for (org, place) in t.organization.iter().zip(&places.organization) {
            let (mut slug, mut source, mut last_verified) = (None, None, None);
            for (attribute, _) in attributes.get(org.id.as_str()).into_iter().flatten() {
                match read(attribute) {
                    Ok(AttributeMeaning::Field(field::SLUG, value)) => {
                        slug = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::LAST_VERIFIED, value)) => {
                        last_verified = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Source(code)) => source = Some(code.to_owned()),
                    Ok(_) => {}
                    Err(message) => report(place, Some(&org.id), "attributes", message),
                }
            }
            if let Some(slug) = &slug {
                org_slugs.insert(org.id.as_str(), slug.clone());
            }
            org_fields.push((slug, source, last_verified));
        }
        // An ID that names no organization is passed on as it is: the checks then say it is unknown.
        let org_slug = |id: &str| org_slugs.get(id).cloned().unwrap_or_else(|| id.to_owned());
        for ((org, place), (slug, source, last_verified)) in t
            .organization
            .iter()
            .zip(&places.organization)
            .zip(org_fields)
        {
            drafts.organizations.push(Draft::new(
                row(place),
                OrganizationDraft {
                    slug,
                    name: Some(org.name.clone()),
                    alternate_names: split_names(org.alternate_name.as_deref()),
                    description: Some(org.description.clone()),
                    parent: org.parent_organization_id.as_deref().map(org_slug),
                    url: org.website.clone(),
                    source,
                    last_verified,
                },
            ));
        }

        // Phones and areas by service.
        let service_ids: HashSet<&str> = t.service.iter().map(|s| s.id.as_str()).collect();
        let mut phones: HashMap<&str, Vec<(usize, &Place)>> = HashMap::new();
        for (i, (phone, place)) in t.phone.iter().zip(&places.phone).enumerate() {
            match phone.service_id.as_deref() {
                Some(id) if service_ids.contains(id) => {
                    phones.entry(id).or_default().push((i, place))
                }
                _ => report(
                    place,
                    Some(&phone.id),
                    "service_id",
                    "the phone belongs to no service in the package".into(),
                ),
            }
        }
        let mut areas: HashMap<&str, Vec<&str>> = HashMap::new();
        for (area, place) in t.service_area.iter().zip(&places.service_area) {
            match area.service_id.as_deref() {
                Some(id) if service_ids.contains(id) => areas
                    .entry(id)
                    .or_default()
                    .push(area.name.as_deref().unwrap_or("")),
                _ => report(
                    place,
                    Some(&area.id),
                    "service_id",
                    "the service area belongs to no service in the package".into(),
                ),
            }
        }

        for (service, place) in t.service.iter().zip(&places.service) {
            // Sub-entries from another file are placed at the service's own line.
            let near = |other: &Place| {
                if other.file == place.file {
                    *other
                } else {
                    *place
                }
            };
            let mut resource = ResourceDraft {
                slug: None,
                name: Some(service.name.clone()),
                alternate_names: split_names(service.alternate_name.as_deref()),
                kind: None,
                summary: None,
                description: service.description.clone(),
                organization: service.organization_id.as_deref().map(org_slug),
                topics: None,
                audiences: None,
                service_area: None,
                address: None,
                source: None,
                also_in: Vec::new(),
                source_note: None,
                last_verified: service.assured_date.clone(),
                phones: Vec::new(),
                links: Vec::new(),
                facts: Vec::new(),
                es: None,
            };
            let mut kinds = Vec::new();
            // Facts and links by their attribute's ID, for the source attributes that name them
            // (which may come before them).
            let (mut fact_at, mut link_at) = (HashMap::new(), HashMap::new());
            let (mut fact_sources, mut link_sources) = (Vec::new(), Vec::new());
            for (attribute, attribute_place) in
                attributes.get(service.id.as_str()).into_iter().flatten()
            {
                match read(attribute) {
                    Ok(AttributeMeaning::Kind(code)) => kinds.push(code.to_owned()),
                    Ok(AttributeMeaning::Topic(code)) => resource
                        .topics
                        .get_or_insert_default()
                        .push(code.to_owned()),
                    Ok(AttributeMeaning::Audience(code)) => resource
                        .audiences
                        .get_or_insert_default()
                        .push(code.to_owned()),
                    Ok(AttributeMeaning::Source(code)) => resource.source = Some(code.to_owned()),
                    Ok(AttributeMeaning::AlsoIn(code)) => resource.also_in.push(code.to_owned()),
                    Ok(AttributeMeaning::Field(field::SLUG, value)) => {
                        resource.slug = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::SUMMARY, value)) => {
                        resource.summary = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::SOURCE_NOTE, value)) => {
                        resource.source_note = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::ADDRESS, value)) => {
                        resource.address = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::ES_NAME, value)) => {
                        resource.es.get_or_insert_default().name = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::ES_ALTERNATE_NAME, value)) => resource
                        .es
                        .get_or_insert_default()
                        .alternate_names
                        .push(value.to_owned()),
                    Ok(AttributeMeaning::Field(field::ES_SUMMARY, value)) => {
                        resource.es.get_or_insert_default().summary = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::ES_DESCRIPTION, value)) => {
                        resource.es.get_or_insert_default().description = Some(value.to_owned())
                    }
                    Ok(AttributeMeaning::EsSource(code)) => {
                        resource.es.get_or_insert_default().source = Some(code.to_owned())
                    }
                    Ok(AttributeMeaning::Field(field::LINK, value)) => {
                        let (label, url) = match value.rsplit_once(LINK_SEPARATOR) {
                            Some((label, url)) => (Some(label.to_owned()), Some(url.to_owned())),
                            None => (None, Some(value.to_owned())),
                        };
                        link_at.insert(attribute.id.as_str(), resource.links.len());
                        resource.links.push(Draft::new(
                            row(&near(attribute_place)),
                            LinkDraft {
                                url,
                                label,
                                from: None,
                                es: translation_of(&attributes, &read, attribute, field::ES_LABEL)
                                    .map(|label| LinkEsDraft { label: Some(label) }),
                            },
                        ));
                    }
                    Ok(AttributeMeaning::Field(field::FACT, value)) => {
                        fact_at.insert(attribute.id.as_str(), resource.facts.len());
                        resource.facts.push(Draft::new(
                            row(&near(attribute_place)),
                            FactDraft {
                                text: Some(value.to_owned()),
                                sources: None,
                                es: translation_of(&attributes, &read, attribute, field::ES_TEXT)
                                    .map(|text| FactEsDraft { text: Some(text) }),
                            },
                        ));
                    }
                    Ok(AttributeMeaning::FactSource(code, fact)) => fact_sources.push((code, fact)),
                    Ok(AttributeMeaning::From(code, link)) => link_sources.push((code, link)),
                    Ok(_) => {}
                    Err(message) => report(place, Some(&service.id), "attributes", message),
                }
            }
            if kinds.len() > 1 {
                report(
                    place,
                    resource.slug.as_deref(),
                    "kind",
                    format!(
                        "has {} kinds ({}): a resource has one",
                        kinds.len(),
                        kinds.join(", ")
                    ),
                );
            }
            for (code, fact) in fact_sources {
                match fact.and_then(|id| fact_at.get(id)) {
                    Some(&i) => resource.facts[i]
                        .record
                        .sources
                        .get_or_insert_default()
                        .push(code.to_owned()),
                    None => report(
                        place,
                        resource.slug.as_deref(),
                        "attributes",
                        format!(
                            "a {} attribute names no fact attribute of this service",
                            link_type::FACT_SOURCE
                        ),
                    ),
                }
            }
            for (code, link) in link_sources {
                match link.and_then(|id| link_at.get(id)) {
                    Some(&i) => resource.links[i].record.from = Some(code.to_owned()),
                    None => report(
                        place,
                        resource.slug.as_deref(),
                        "attributes",
                        format!(
                            "a {} attribute names no link attribute of this service",
                            link_type::FROM
                        ),
                    ),
                }
            }
            resource.kind = kinds.into_iter().next();
            // A service with no link attributes (from another directory) still has its web page.
            if resource.links.is_empty()
                && let Some(url) = &service.url
            {
                resource.links.push(Draft::new(
                    row(place),
                    LinkDraft {
                        url: Some(url.clone()),
                        label: Some("Website".into()),
                        from: None,
                        es: None,
                    },
                ));
            }
            resource.service_area = areas.get(service.id.as_str()).map(|names| {
                if names.contains(&NATIONWIDE) {
                    ServiceAreaDraft::Word("national".into())
                } else {
                    ServiceAreaDraft::States(
                        names
                            .iter()
                            .map(|name| {
                                state_codes
                                    .get(&name.to_lowercase())
                                    .cloned()
                                    .unwrap_or_else(|| (*name).to_owned())
                            })
                            .collect(),
                    )
                }
            });
            for (i, phone_place) in phones.get(service.id.as_str()).into_iter().flatten() {
                let phone = &t.phone[*i];
                let mut phone_draft = PhoneDraft {
                    number: Some(phone.number.clone()),
                    phone_type: phone.phone_type.as_deref().map(|t| match t {
                        "textphone" => "tty".to_owned(),
                        other => other.to_owned(),
                    }),
                    law_enforcement: None,
                    description: phone.description.clone(),
                    hours: None,
                    languages: None,
                    from: None,
                    note: None,
                    es: None,
                };
                for (attribute, _) in attributes.get(phone.id.as_str()).into_iter().flatten() {
                    match read(attribute) {
                        Ok(AttributeMeaning::Field(field::LAW_ENFORCEMENT, value)) => {
                            phone_draft.law_enforcement = value.parse().ok()
                        }
                        Ok(AttributeMeaning::Field(field::HOURS, value)) => {
                            phone_draft.hours = Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::Field(field::LANGUAGES, value)) => {
                            phone_draft.languages = Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::Field(field::NOTE, value)) => {
                            phone_draft.note = Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::Field(field::ES_DESCRIPTION, value)) => {
                            phone_draft.es.get_or_insert_default().description =
                                Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::Field(field::ES_HOURS, value)) => {
                            phone_draft.es.get_or_insert_default().hours = Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::Field(field::ES_LANGUAGES, value)) => {
                            phone_draft.es.get_or_insert_default().languages =
                                Some(value.to_owned())
                        }
                        Ok(AttributeMeaning::From(code, _)) => {
                            phone_draft.from = Some(code.to_owned())
                        }
                        Ok(_) => {}
                        Err(message) => report(phone_place, Some(&phone.id), "attributes", message),
                    }
                }
                resource
                    .phones
                    .push(Draft::new(row(&near(phone_place)), phone_draft));
            }
            drafts.resources.push(Draft::new(row(place), resource));
        }
    }
}

/// Attributes by the ID of what they describe.
type AttributesOf<'a> = HashMap<&'a str, Vec<(&'a AttributeRow, &'a Place)>>;

/// The Spanish (`code`: `es-label`, `es-text`) of a link or fact attribute: an attribute of it.
fn translation_of<'a>(
    attributes: &AttributesOf<'a>,
    read: &impl Fn(&'a AttributeRow) -> Result<AttributeMeaning<'a>, String>,
    of: &AttributeRow,
    code: &str,
) -> Option<String> {
    attributes
        .get(of.id.as_str())?
        .iter()
        .find_map(|(attribute, _)| match read(attribute) {
            Ok(AttributeMeaning::Field(found, value)) if found == code => Some(value.to_owned()),
            _ => None,
        })
}

/// A taxonomy term's Spanish label and description, from its attributes.
fn term_es<'a>(
    attributes: &AttributesOf<'a>,
    read: &impl Fn(&'a AttributeRow) -> Result<AttributeMeaning<'a>, String>,
    term_id: &str,
) -> Option<TermEsDraft> {
    let mut es: Option<TermEsDraft> = None;
    for (attribute, _) in attributes.get(term_id).into_iter().flatten() {
        match read(attribute) {
            Ok(AttributeMeaning::Field(field::ES_LABEL, value)) => {
                es.get_or_insert_with(empty_term_es).label = Some(value.to_owned())
            }
            Ok(AttributeMeaning::Field(field::ES_DESCRIPTION, value)) => {
                es.get_or_insert_with(empty_term_es).description = Some(value.to_owned())
            }
            _ => {}
        }
    }
    es
}

fn empty_term_es() -> TermEsDraft {
    TermEsDraft {
        label: None,
        description: None,
    }
}

/// The seeds' answers to help and report searches name seed resources. A package keeps those
/// it has, and an intent with none of its resources left is dropped rather than failing the
/// import: a package is a whole directory, and may hold other lines.
fn keep_answers_in(intents: &mut Vec<Draft<IntentDraft>>, resources: &[Draft<ResourceDraft>]) {
    let in_package: HashSet<&str> = resources
        .iter()
        .filter_map(|r| r.record.slug.as_deref())
        .collect();
    for intent in intents.iter_mut() {
        if let Some(answer) = &mut intent.record.answer {
            answer.retain(|slug| in_package.contains(slug.as_str()));
        }
    }
    intents.retain(|intent| intent.record.answer.as_ref().is_some_and(|a| !a.is_empty()));
}

/// What an attribute means, or why it cannot be read.
fn meaning<'a>(
    terms: &HashMap<&'a str, (&'a str, &'a str)>,
    attribute: &'a AttributeRow,
) -> Result<AttributeMeaning<'a>, String> {
    let Some(&(taxonomy, code)) = terms.get(attribute.taxonomy_term_id.as_str()) else {
        return Err(format!(
            "attribute '{}' names the taxonomy term '{}', which the package does not have",
            attribute.id, attribute.taxonomy_term_id
        ));
    };
    Ok(match (taxonomy, attribute.link_type.as_deref()) {
        (tables::KINDS, _) => AttributeMeaning::Kind(code),
        (tables::TOPICS, _) => AttributeMeaning::Topic(code),
        (tables::AUDIENCES, _) => AttributeMeaning::Audience(code),
        (tables::SOURCES, Some("also_in")) => AttributeMeaning::AlsoIn(code),
        (tables::SOURCES, Some(link_type::FACT_SOURCE)) => {
            AttributeMeaning::FactSource(code, attribute.value.as_deref())
        }
        (tables::SOURCES, Some(link_type::FROM)) => {
            AttributeMeaning::From(code, attribute.value.as_deref())
        }
        (tables::SOURCES, Some(link_type::ES_SOURCE)) => AttributeMeaning::EsSource(code),
        (tables::SOURCES, _) => AttributeMeaning::Source(code),
        (tables::FIELDS, _) => {
            AttributeMeaning::Field(code, attribute.value.as_deref().unwrap_or(""))
        }
        _ => AttributeMeaning::Other,
    })
}

fn split_names(joined: Option<&str>) -> Vec<String> {
    joined
        .map(|names| names.split(NAME_SEPARATOR).map(str::to_owned).collect())
        .unwrap_or_default()
}
