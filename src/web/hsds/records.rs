//! The API's records, built from the HSDS tables once per catalog version and shared by every
//! request; the handlers only pick and page them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use sqlx::SqlitePool;

use crate::catalog::Date;
use crate::db::{
    self,
    per_catalog::{PerCatalog, off_the_runtime},
};
use crate::hsds::tables::{
    AttributeRow, OrganizationRow, PhoneRow, ServiceAreaRow, ServiceRow, TaxonomyRow,
    TaxonomyTermRow,
};
use crate::hsds::{self, Tables};

/// The API's records for one catalog version: the HSDS rows, nested as each endpoint shows
/// them, and serialized when a request asks (serde structs, not JSON trees).
pub struct Records {
    pub(super) services: Vec<ServiceRecord>,
    pub(super) service_index: HashMap<String, usize>,
    pub(super) service_by_slug: HashMap<String, usize>,
    pub(super) organizations: Vec<OrganizationFull>,
    pub(super) organization_index: HashMap<String, usize>,
    pub(super) taxonomies: Vec<TaxonomyRow>,
    pub(super) taxonomy_index: HashMap<String, usize>,
    pub(super) terms: Vec<TaxonomyTermRow>,
    pub(super) term_index: HashMap<String, usize>,
    /// Term ID → its taxonomy's ID.
    pub(super) term_taxonomy: HashMap<String, String>,
}

/// A service, with what its filters read.
pub(super) struct ServiceRecord {
    pub(super) term_ids: HashSet<String>,
    /// The last-verified date, ISO (`YYYY-MM-DD`, or `YYYY-MM` for a month): ISO dates order
    /// as text, a month before the days of its month.
    pub(super) assured: Option<String>,
    pub(super) full: ServiceFull,
}

impl ServiceRecord {
    pub(super) fn organization_id(&self) -> Option<&str> {
        self.full.listed.row.organization_id.as_deref()
    }
}

/// An attribute with the term it names, as HSDS nests it.
#[derive(Serialize)]
pub(super) struct AttributeFull {
    #[serde(flatten)]
    pub(super) row: AttributeRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) taxonomy_term: Option<TaxonomyTermRow>,
}

#[derive(Serialize)]
pub(super) struct PhoneFull {
    #[serde(flatten)]
    pub(super) row: PhoneRow,
    pub(super) attributes: Vec<AttributeFull>,
}

/// An organization as `/organizations?full=true` and `/organizations/{id}` show it; the list
/// form is its `row` alone.
#[derive(Serialize)]
pub(super) struct OrganizationFull {
    #[serde(flatten)]
    pub(super) row: OrganizationRow,
    pub(super) attributes: Vec<AttributeFull>,
}

/// A service as lists show it: its row and its organization's.
#[derive(Serialize)]
pub(super) struct ServiceListed {
    #[serde(flatten)]
    pub(super) row: ServiceRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) organization: Option<OrganizationRow>,
}

/// A service fully nested: `/services/{id}` and `/services?full=true`.
#[derive(Serialize)]
pub(super) struct ServiceFull {
    #[serde(flatten)]
    pub(super) listed: ServiceListed,
    pub(super) phones: Vec<PhoneFull>,
    pub(super) service_areas: Vec<ServiceAreaRow>,
    pub(super) attributes: Vec<AttributeFull>,
}

/// A record in the form a list asked for (`full`).
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Form<'a, Listed, Full> {
    Listed(&'a Listed),
    Full(&'a Full),
}

/// `/organizations/{id}`: the organization and what it provides, in the list form.
#[derive(Serialize)]
pub(super) struct OrganizationWithServices<'a> {
    #[serde(flatten)]
    pub(super) organization: &'a OrganizationFull,
    pub(super) services: Vec<&'a ServiceListed>,
}

/// Rows grouped by the ID of what they belong to, taken out once each.
pub(super) struct ByOwner<T>(HashMap<String, Vec<T>>);

impl<T> ByOwner<T> {
    fn new(rows: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
        for (owner, row) in rows {
            grouped.entry(owner).or_default().push(row);
        }
        ByOwner(grouped)
    }

    fn take(&mut self, owner: &str) -> Vec<T> {
        self.0.remove(owner).unwrap_or_default()
    }
}

impl Records {
    /// Reads the catalog, then builds the records on the blocking pool (seconds of CPU for a
    /// large catalog).
    pub async fn load(pool: &SqlitePool) -> Result<Records, sqlx::Error> {
        let catalog = db::load_catalog(pool).await?;
        Ok(off_the_runtime(move || Records::from_tables(&Tables::from_catalog(&catalog))).await)
    }

    fn from_tables(tables: &Tables) -> Records {
        let terms = tables.taxonomy_term.clone();
        let term_index = index_of(&terms, |t| &t.id);
        let mut attributes = ByOwner::new(tables.attribute.iter().map(|attribute| {
            let term = term_index.get(&attribute.taxonomy_term_id);
            let full = AttributeFull {
                row: attribute.clone(),
                taxonomy_term: term.map(|&i| terms[i].clone()),
            };
            (attribute.link_id.clone(), full)
        }));
        let mut phones = ByOwner::new(tables.phone.iter().map(|phone| {
            let full = PhoneFull {
                row: phone.clone(),
                attributes: attributes.take(&phone.id),
            };
            (phone.service_id.clone().unwrap_or_default(), full)
        }));
        let mut areas = ByOwner::new(
            (tables.service_area.iter())
                .map(|area| (area.service_id.clone().unwrap_or_default(), area.clone())),
        );

        let organizations: Vec<OrganizationFull> = (tables.organization.iter())
            .map(|o| OrganizationFull {
                row: o.clone(),
                attributes: attributes.take(&o.id),
            })
            .collect();
        let organization_index = index_of(&organizations, |o| &o.row.id);

        let mut services = Vec::new();
        let mut service_by_slug = HashMap::new();
        for service in &tables.service {
            let organization = (service.organization_id.as_ref())
                .and_then(|id| organization_index.get(id))
                .map(|&i| organizations[i].row.clone());
            let service_attributes = attributes.take(&service.id);
            let term_ids = (service_attributes.iter())
                .map(|a| a.row.taxonomy_term_id.clone())
                .collect();
            let slug = service_attributes.iter().find(|a| {
                a.taxonomy_term.as_ref().is_some_and(|term| {
                    term.code.as_deref() == Some(hsds::tables::field::SLUG)
                        && term.taxonomy.as_deref() == Some(hsds::tables::FIELDS)
                })
            });
            if let Some(slug) = slug.and_then(|a| a.row.value.as_ref()) {
                service_by_slug.insert(slug.clone(), services.len());
            }
            services.push(ServiceRecord {
                term_ids,
                assured: (service.assured_date.as_deref())
                    .and_then(|d| d.parse::<Date>().ok())
                    .map(|d| d.to_string()),
                full: ServiceFull {
                    listed: ServiceListed {
                        row: service.clone(),
                        organization,
                    },
                    phones: phones.take(&service.id),
                    service_areas: areas.take(&service.id),
                    attributes: service_attributes,
                },
            });
        }
        Records {
            service_index: index_of(&tables.service, |s| &s.id),
            services,
            service_by_slug,
            organizations,
            organization_index,
            taxonomy_index: index_of(&tables.taxonomy, |t| &t.id),
            taxonomies: tables.taxonomy.clone(),
            term_taxonomy: (terms.iter())
                .filter_map(|t| Some((t.id.clone(), t.taxonomy_id.clone()?)))
                .collect(),
            terms,
            term_index,
        }
    }
}

/// Position of each record by its ID.
fn index_of<T>(records: &[T], id: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    (records.iter().enumerate())
        .map(|(i, record)| (id(record).clone(), i))
        .collect()
}

/// The per-catalog records, shared by every request.
#[derive(Clone, Default)]
pub struct ApiRecords(Arc<PerCatalog<Records>>);

impl ApiRecords {
    /// The records for the current catalog, built (once, however many ask) when it changed.
    pub async fn get(&self, db: &SqlitePool) -> Result<Arc<Records>, sqlx::Error> {
        self.0.get(db, || Records::load(db)).await
    }

    /// How many times the records were built (once per catalog version).
    pub fn builds(&self) -> u64 {
        self.0.builds()
    }
}
