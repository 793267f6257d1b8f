//! The catalog as HSDS 3.0 tables: one flat row per organization, service, phone, service
//! area, taxonomy, taxonomy term and attribute. The export writes these (as CSV or JSON), the
//! API nests them, and the HSDS import reads them back.
//!
//! Lantern's fields without an HSDS home (slug, summary, source, hours, law enforcement, links
//! with labels, contact facts, …) travel as attributes whose terms belong to Lantern's own
//! taxonomies. That is how HSDS 3.0 carries extra data, and it makes the mapping reversible: an
//! export imported again gives the same catalog.
//!
//! HSDS has no field for what happens when someone contacts a service with the sources saying
//! so (`application_process` is the steps to apply, and has no sources), nor for where a single
//! number or address comes from. So a contact fact is a `fact` attribute on the service, and each
//! of its sources an attribute of the sources taxonomy with link type `fact_source` whose value
//! is the fact attribute's ID. A phone's `from` source is an attribute of the phone with link type
//! `from`; a link's is a service attribute with link type `from` whose value is the link
//! attribute's ID.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::ids::uuid;
use crate::catalog::{Catalog, PhoneType, Resource, ResourceOutline, ServiceArea, State};

/// The taxonomies Lantern's attributes draw from, by name. The import recognises terms by
/// their taxonomy's name and their code.
pub const KINDS: &str = "Lantern kinds";
pub const TOPICS: &str = "Lantern topics";
pub const AUDIENCES: &str = "Lantern audiences";
pub const SOURCES: &str = "Lantern sources";
pub const FIELDS: &str = "Lantern record fields";

/// Terms of the `FIELDS` taxonomy: what an attribute's `value` holds.
pub mod field {
    pub const SLUG: &str = "slug";
    pub const SUMMARY: &str = "summary";
    pub const SOURCE_NOTE: &str = "source-note";
    pub const ADDRESS: &str = "address";
    pub const LINK: &str = "link";
    pub const HOURS: &str = "hours";
    pub const LANGUAGES: &str = "languages";
    pub const LAW_ENFORCEMENT: &str = "law-enforcement";
    pub const LAST_VERIFIED: &str = "last-verified";
    pub const FACT: &str = "fact";
    pub const NOTE: &str = "note";
    pub const ES_NAME: &str = "es-name";
    pub const ES_ALTERNATE_NAME: &str = "es-alternate-name";
    pub const ES_SUMMARY: &str = "es-summary";
    pub const ES_DESCRIPTION: &str = "es-description";
    pub const ES_HOURS: &str = "es-hours";
    pub const ES_LANGUAGES: &str = "es-languages";
    pub const ES_LABEL: &str = "es-label";
    pub const ES_TEXT: &str = "es-text";

    /// Code, name, description.
    pub const ALL: [(&str, &str, &str); 19] = [
        (
            SLUG,
            "Slug",
            "The record's stable identifier in Lantern's addresses (/resources/{slug}).",
        ),
        (
            SUMMARY,
            "Summary",
            "One sentence saying what the record is.",
        ),
        (
            SOURCE_NOTE,
            "Source note",
            "Where sources disagree: which one the record follows, and what the other says.",
        ),
        (
            ADDRESS,
            "Address",
            "A postal address, as the source writes it.",
        ),
        (
            LINK,
            "Link",
            "A web address with its label, written \"label: address\".",
        ),
        (HOURS, "Hours", "When a phone line answers."),
        (
            LANGUAGES,
            "Languages",
            "The languages a phone line answers in, as the source says.",
        ),
        (
            LAW_ENFORCEMENT,
            "Answered by law enforcement",
            "\"true\" when a source says law enforcement answers this line, \"false\" when it \
             says otherwise; absent when no source says.",
        ),
        (
            LAST_VERIFIED,
            "Last verified",
            "The date a person last checked the record against its source.",
        ),
        (
            FACT,
            "What happens when you contact them",
            "A fact about contacting the service, in the directory's words; the attributes with \
             link type \"fact_source\" whose value is this attribute's ID name its sources.",
        ),
        (
            NOTE,
            "Note",
            "A short caveat about a phone number, shown beside it.",
        ),
        (
            ES_NAME,
            "Name in Spanish",
            "The service's name in Spanish (HSDS 3.0 has one language per record).",
        ),
        (
            ES_ALTERNATE_NAME,
            "Other name in Spanish",
            "One other name of the service in Spanish; one attribute per name, in order.",
        ),
        (
            ES_SUMMARY,
            "Summary in Spanish",
            "The one-sentence summary in Spanish.",
        ),
        (
            ES_DESCRIPTION,
            "Description in Spanish",
            "The description of a service, a phone or a taxonomy term, in Spanish.",
        ),
        (
            ES_HOURS,
            "Hours in Spanish",
            "When a phone line answers, in Spanish.",
        ),
        (
            ES_LANGUAGES,
            "Languages in Spanish",
            "The languages a phone line answers in, written in Spanish.",
        ),
        (
            ES_LABEL,
            "Label in Spanish",
            "The Spanish label of a link (on the link attribute, link_entity \"attribute\") or \
             of a taxonomy term (link_entity \"taxonomy_term\").",
        ),
        (
            ES_TEXT,
            "Fact in Spanish",
            "A contact fact in Spanish, on the fact attribute it translates (link_entity \
             \"attribute\").",
        ),
    ];
}

/// Link types of source attributes besides the record's `source` and `also_in`.
pub mod link_type {
    /// A source of a contact fact; the value is the fact attribute's ID.
    pub const FACT_SOURCE: &str = "fact_source";
    /// The source a phone number or link comes from; for a link, the value is the link
    /// attribute's ID.
    pub const FROM: &str = "from";
    /// The source whose Spanish text the service's Spanish fields are; absent when the
    /// translation is the directory's own.
    pub const ES_SOURCE: &str = "es_source";
}

/// How `link` attributes join a label and an address. Addresses never contain a space, so the
/// last occurrence splits them apart again.
pub const LINK_SEPARATOR: &str = ": ";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_organization_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneRow {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    pub number: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAreaRow {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyRow {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyTermRow {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRow {
    pub id: String,
    pub link_id: String,
    pub taxonomy_term_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_type: Option<String>,
    pub link_entity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Every table, in the order a reader needs them (things before what points at them). The
/// JSON form uses HSDS's table names as keys (`compiled/tabular.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    #[serde(default)]
    pub taxonomy: Vec<TaxonomyRow>,
    #[serde(default)]
    pub taxonomy_term: Vec<TaxonomyTermRow>,
    #[serde(default)]
    pub organization: Vec<OrganizationRow>,
    #[serde(default)]
    pub service: Vec<ServiceRow>,
    #[serde(default)]
    pub phone: Vec<PhoneRow>,
    #[serde(default)]
    pub service_area: Vec<ServiceAreaRow>,
    #[serde(default)]
    pub attribute: Vec<AttributeRow>,
}

/// The HSDS name for a Lantern phone type (RFC 6350's list, which HSDS follows).
pub fn hsds_phone_type(phone_type: PhoneType) -> &'static str {
    match phone_type {
        PhoneType::Voice => "voice",
        PhoneType::Text => "text",
        PhoneType::Tty => "textphone",
    }
}

/// The service area name that means the whole country.
pub const NATIONWIDE: &str = "United States";

pub fn taxonomy_id(name: &str) -> String {
    uuid("taxonomy", name)
}

pub fn term_id(taxonomy: &str, code: &str) -> String {
    uuid("taxonomy_term", &format!("{taxonomy}\0{code}"))
}

pub fn organization_id(slug: &str) -> String {
    uuid("organization", slug)
}

pub fn service_id(slug: &str) -> String {
    uuid("service", slug)
}

/// Builds attribute rows for one record, numbering them so their IDs are stable.
struct Attributes<'a> {
    rows: &'a mut Vec<AttributeRow>,
    link_id: String,
    link_entity: &'static str,
    count: usize,
}

impl Attributes<'_> {
    /// Adds an attribute and returns its ID, for attributes that refer to it.
    fn add(
        &mut self,
        taxonomy: &str,
        code: &str,
        link_type: &str,
        value: Option<String>,
    ) -> String {
        self.count += 1;
        let id = uuid(
            "attribute",
            &format!("{}\0{}\0{}", self.link_entity, self.link_id, self.count),
        );
        self.rows.push(AttributeRow {
            id: id.clone(),
            link_id: self.link_id.clone(),
            taxonomy_term_id: term_id(taxonomy, code),
            link_type: Some(link_type.to_owned()),
            link_entity: self.link_entity.to_owned(),
            value,
        });
        id
    }

    fn field(&mut self, code: &str, value: impl Into<String>) -> String {
        self.add(FIELDS, code, "lantern_field", Some(value.into()))
    }
}

/// The terms (taxonomy name, code) of a service's own attributes, as `Tables::add_services`
/// makes them, from its outline: the API filters every service by these, and making every
/// service's attributes to learn them takes seconds on a large catalog. A test holds the two
/// together.
pub fn service_terms(outline: &ResourceOutline) -> Vec<(&'static str, &str)> {
    let mut terms = vec![
        (FIELDS, field::SLUG),
        (FIELDS, field::SUMMARY),
        (KINDS, outline.kind.slug()),
    ];
    terms.extend(outline.topics.iter().map(|t| (TOPICS, t.as_str())));
    terms.extend(outline.audiences.iter().map(|a| (AUDIENCES, a.as_str())));
    terms.extend(outline.sources.iter().map(|s| (SOURCES, s.as_str())));
    let es = outline.es_alternate_names;
    let fields = [
        (outline.has_source_note, field::SOURCE_NOTE),
        (outline.has_address, field::ADDRESS),
        (es.is_some(), field::ES_NAME),
        (es.is_some_and(|n| n > 0), field::ES_ALTERNATE_NAME),
        (es.is_some(), field::ES_SUMMARY),
        (es.is_some(), field::ES_DESCRIPTION),
        (outline.has_links, field::LINK),
        (outline.has_facts, field::FACT),
    ];
    let present = fields.into_iter().filter(|(has, _)| *has);
    terms.extend(present.map(|(_, code)| (FIELDS, code)));
    terms
}

impl Tables {
    /// The catalog's directory records as HSDS tables, in catalog order.
    pub fn from_catalog(catalog: &Catalog) -> Tables {
        let mut tables = Tables::default();
        tables.add_taxonomies(catalog);
        for org in &catalog.organizations {
            let id = organization_id(org.slug.as_str());
            tables.organization.push(OrganizationRow {
                id: id.clone(),
                name: org.name.clone(),
                alternate_name: joined(&org.alternate_names),
                description: org.description.clone(),
                website: org.url.as_ref().map(|u| u.as_str().to_owned()),
                parent_organization_id: org.parent.as_ref().map(|p| organization_id(p.as_str())),
            });
            let mut attributes = Attributes {
                rows: &mut tables.attribute,
                link_id: id,
                link_entity: "organization",
                count: 0,
            };
            attributes.field(field::SLUG, org.slug.as_str());
            attributes.add(SOURCES, org.source.as_str(), "source", None);
            attributes.field(field::LAST_VERIFIED, org.last_verified.to_string());
        }
        tables.add_services(&catalog.states, &catalog.resources);
        tables.add_term_translations(catalog);
        tables
    }

    /// The services of `resources`, in their order, with their phones, service areas and
    /// attributes: the rows `from_catalog` makes for them, also for a few at a time (the API
    /// builds the services of the page asked for). `states` names the service areas.
    pub fn add_services(&mut self, states: &[State], resources: &[Resource]) {
        let tables = self;
        let state_names: HashMap<_, _> = states.iter().map(|s| (s.code, s.name.as_str())).collect();
        for resource in resources {
            let slug = resource.slug.as_str();
            let id = service_id(slug);
            tables.service.push(ServiceRow {
                id: id.clone(),
                organization_id: resource
                    .organization
                    .as_ref()
                    .map(|o| organization_id(o.as_str())),
                name: resource.name.clone(),
                alternate_name: joined(&resource.alternate_names),
                description: Some(resource.description.clone()),
                // HSDS has one address per service: the first web page, for readers that
                // look no further. Every link, with its label, is an attribute.
                url: resource
                    .links
                    .iter()
                    .map(|l| l.url.as_str())
                    .find(|u| u.starts_with("http"))
                    .map(str::to_owned),
                status: "active".into(),
                assured_date: Some(resource.last_verified.to_string()),
            });
            for (i, phone) in resource.phones.iter().enumerate() {
                let phone_id = uuid("phone", &format!("{slug}\0{}", i + 1));
                tables.phone.push(PhoneRow {
                    id: phone_id.clone(),
                    service_id: Some(id.clone()),
                    number: phone.number.written().to_owned(),
                    phone_type: Some(hsds_phone_type(phone.phone_type).to_owned()),
                    description: phone.description.clone(),
                });
                let mut attributes = Attributes {
                    rows: &mut tables.attribute,
                    link_id: phone_id,
                    link_entity: "phone",
                    count: 0,
                };
                if let Some(law_enforcement) = phone.law_enforcement {
                    attributes.field(field::LAW_ENFORCEMENT, law_enforcement.to_string());
                }
                if let Some(hours) = &phone.hours {
                    attributes.field(field::HOURS, hours);
                }
                if let Some(languages) = &phone.languages {
                    attributes.field(field::LANGUAGES, languages);
                }
                if let Some(from) = &phone.from {
                    attributes.add(SOURCES, from.as_str(), link_type::FROM, None);
                }
                if let Some(note) = &phone.note {
                    attributes.field(field::NOTE, note);
                }
                if let Some(es) = &phone.es {
                    let texts = [
                        (field::ES_DESCRIPTION, &es.description),
                        (field::ES_HOURS, &es.hours),
                        (field::ES_LANGUAGES, &es.languages),
                    ];
                    for (code, text) in texts {
                        if let Some(text) = text {
                            attributes.field(code, text);
                        }
                    }
                }
            }
            match &resource.service_area {
                ServiceArea::National => tables.service_area.push(ServiceAreaRow {
                    id: uuid("service_area", &format!("{slug}\0national")),
                    service_id: Some(id.clone()),
                    name: Some(NATIONWIDE.into()),
                    description: Some("Nationwide".into()),
                }),
                ServiceArea::States(codes) => {
                    tables.service_area.extend(codes.iter().map(|code| {
                        ServiceAreaRow {
                            id: uuid("service_area", &format!("{slug}\0{code}")),
                            service_id: Some(id.clone()),
                            name: Some(
                                state_names
                                    .get(code)
                                    .map_or_else(|| code.to_string(), |n| (*n).to_owned()),
                            ),
                            description: None,
                        }
                    }));
                }
            }
            let mut attributes = Attributes {
                rows: &mut tables.attribute,
                link_id: id,
                link_entity: "service",
                count: 0,
            };
            attributes.field(field::SLUG, slug);
            attributes.field(field::SUMMARY, &resource.summary);
            attributes.add(KINDS, resource.kind.slug(), "kind", None);
            for topic in &resource.topics {
                attributes.add(TOPICS, topic.as_str(), "topic", None);
            }
            for audience in &resource.audiences {
                attributes.add(AUDIENCES, audience.as_str(), "audience", None);
            }
            attributes.add(SOURCES, resource.source.as_str(), "source", None);
            for other in &resource.also_in {
                attributes.add(SOURCES, other.as_str(), "also_in", None);
            }
            if let Some(note) = &resource.source_note {
                attributes.field(field::SOURCE_NOTE, note);
            }
            if let Some(address) = &resource.address {
                attributes.field(field::ADDRESS, address);
            }
            if let Some(es) = &resource.es {
                attributes.field(field::ES_NAME, &es.name);
                for name in &es.alternate_names {
                    attributes.field(field::ES_ALTERNATE_NAME, name);
                }
                attributes.field(field::ES_SUMMARY, &es.summary);
                attributes.field(field::ES_DESCRIPTION, &es.description);
                if let Some(source) = &es.source {
                    attributes.add(SOURCES, source.as_str(), link_type::ES_SOURCE, None);
                }
            }
            // A link's or a fact's Spanish is an attribute of its attribute.
            let mut translations = Vec::new();
            for link in &resource.links {
                let link_id = attributes.field(
                    field::LINK,
                    format!("{}{LINK_SEPARATOR}{}", link.label, link.url.as_str()),
                );
                if let Some(from) = &link.from {
                    attributes.add(
                        SOURCES,
                        from.as_str(),
                        link_type::FROM,
                        Some(link_id.clone()),
                    );
                }
                if let Some(label) = &link.label_es {
                    translations.push((link_id, field::ES_LABEL, label));
                }
            }
            for fact in &resource.facts {
                let fact_id = attributes.field(field::FACT, &fact.text);
                for source in &fact.sources {
                    attributes.add(
                        SOURCES,
                        source.as_str(),
                        link_type::FACT_SOURCE,
                        Some(fact_id.clone()),
                    );
                }
                if let Some(text) = &fact.text_es {
                    translations.push((fact_id, field::ES_TEXT, text));
                }
            }
            for (attribute_id, code, text) in translations {
                Attributes {
                    rows: &mut tables.attribute,
                    link_id: attribute_id,
                    link_entity: "attribute",
                    count: 0,
                }
                .field(code, text);
            }
        }
    }

    /// Spanish labels of the topics and audiences (kinds travel with the seeds), as attributes
    /// of their taxonomy terms.
    fn add_term_translations(&mut self, catalog: &Catalog) {
        let terms = catalog
            .topics
            .iter()
            .map(|t| (TOPICS, t))
            .chain(catalog.audiences.iter().map(|a| (AUDIENCES, a)));
        for (taxonomy, term) in terms {
            let Some(es) = &term.es else { continue };
            let mut attributes = Attributes {
                rows: &mut self.attribute,
                link_id: term_id(taxonomy, term.slug.as_str()),
                link_entity: "taxonomy_term",
                count: 0,
            };
            attributes.field(field::ES_LABEL, &es.label);
            attributes.field(field::ES_DESCRIPTION, &es.description);
        }
    }

    fn add_taxonomies(&mut self, catalog: &Catalog) {
        let mut add = |name: &str, description: &str, terms: Vec<TaxonomyTermRow>| {
            self.taxonomy.push(TaxonomyRow {
                id: taxonomy_id(name),
                name: name.to_owned(),
                description: description.to_owned(),
            });
            self.taxonomy_term.extend(terms);
        };
        let term = |taxonomy: &str, code: &str, name: &str, description: &str| TaxonomyTermRow {
            id: term_id(taxonomy, code),
            code: Some(code.to_owned()),
            name: name.to_owned(),
            description: description.to_owned(),
            taxonomy: Some(taxonomy.to_owned()),
            taxonomy_id: Some(taxonomy_id(taxonomy)),
            term_uri: None,
        };
        add(
            KINDS,
            "What a resource is: a hotline, a reporting line, victim services, a task force, \
             funding, training and technical assistance, a publication or awareness material.",
            catalog
                .kinds
                .iter()
                .map(|k| term(KINDS, k.kind.slug(), &k.label, &k.description))
                .collect(),
        );
        add(
            TOPICS,
            "What a resource is about.",
            catalog
                .topics
                .iter()
                .map(|t| term(TOPICS, t.slug.as_str(), &t.label, &t.description))
                .collect(),
        );
        add(
            AUDIENCES,
            "Who a resource is for.",
            catalog
                .audiences
                .iter()
                .map(|t| term(AUDIENCES, t.slug.as_str(), &t.label, &t.description))
                .collect(),
        );
        add(
            SOURCES,
            "The documents and data files records are taken from. A record's \"source\" \
             attribute names the one it follows; \"also_in\" attributes name others that \
             mention it.",
            catalog
                .sources
                .iter()
                .map(|s| TaxonomyTermRow {
                    term_uri: s.url.as_ref().map(|u| u.as_str().to_owned()),
                    ..term(SOURCES, s.id.as_str(), &s.title, &citation(s))
                })
                .collect(),
        );
        add(
            FIELDS,
            "Lantern's fields that HSDS 3.0 has no place for. An attribute with one of these \
             terms holds the field's value.",
            field::ALL
                .iter()
                .map(|(code, name, description)| term(FIELDS, code, name, description))
                .collect(),
        );
    }
}

/// "Office for Victims of Crime. ovc-human-trafficking.md, updated August 23, 2023." The
/// open data is in English, whatever the page that links to it.
fn citation(source: &crate::catalog::Source) -> String {
    let mut text = format!("{}. {}", source.publisher, source.file);
    if let Some(date) = &source.date {
        let label = source.date_label.as_deref().unwrap_or("dated");
        text.push_str(&format!(
            ", {} {}",
            label.to_lowercase(),
            crate::i18n::messages(crate::lang::Lang::En).date(date)
        ));
    }
    text.push('.');
    text
}

/// Alternate names in HSDS's single field, joined with "; ".
pub const NAME_SEPARATOR: &str = "; ";

fn joined(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| names.join(NAME_SEPARATOR))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn service_terms_are_the_terms_of_the_attributes_a_service_gets() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let catalog = Catalog::load(&seeds, crate::input::MaxBytes::default()).unwrap();
        let tables = Tables::from_catalog(&catalog);
        let term_of: HashMap<&str, (&str, &str)> = (tables.taxonomy_term.iter())
            .map(|t| {
                let taxonomy = t.taxonomy.as_deref().unwrap();
                (t.id.as_str(), (taxonomy, t.code.as_deref().unwrap()))
            })
            .collect();
        let mut fields_seen = BTreeSet::new();
        for resource in &catalog.resources {
            let mut own = Tables::default();
            own.add_services(&catalog.states, std::slice::from_ref(resource));
            let id = &own.service[0].id;
            let made: BTreeSet<(&str, &str)> = (own.attribute.iter())
                .filter(|a| &a.link_id == id)
                .map(|a| term_of[a.taxonomy_term_id.as_str()])
                .collect();
            let outline = resource.outline();
            let told: BTreeSet<(&str, &str)> = service_terms(&outline).into_iter().collect();
            assert_eq!(told, made, "{}", resource.slug.as_str());
            fields_seen.extend(made.iter().filter(|(t, _)| *t == FIELDS).map(|(_, c)| *c));
        }
        // The seeds give the test every field a service may carry.
        for code in [
            field::SOURCE_NOTE,
            field::ADDRESS,
            field::ES_NAME,
            field::ES_ALTERNATE_NAME,
            field::LINK,
            field::FACT,
        ] {
            assert!(fields_seen.contains(code), "no service has {code}");
        }
    }
}
