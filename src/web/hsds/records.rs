//! The API's records for one catalog version: what every request reads, built once before
//! the server listens (`db::per_catalog`), and the services of the page a request asks for,
//! built from the database per request.
//!
//! What is kept is what is small whatever the catalog's size: the taxonomies, their terms and
//! the organizations, nested as the API shows them, and for each service what the lists
//! filter and find it by (its ID, slug, organization, terms and date), in a few dozen bytes.
//! A service's rows (phones, areas, attributes, texts) and its nested form, kilobytes each,
//! are read and made for the page that shows it, so memory does not grow with the catalog's
//! texts.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use sqlx::SqlitePool;

use crate::catalog::{Date, State};
use crate::db::{
    self, Which,
    per_catalog::{CatalogVersion, PerCatalog, off_the_runtime},
};
use crate::hsds::Tables;
use crate::hsds::ids::{parse_uuid, uuid_bytes};
use crate::hsds::tables::{
    AttributeRow, OrganizationRow, PhoneRow, ServiceAreaRow, ServiceRow, TaxonomyRow,
    TaxonomyTermRow, service_terms,
};
use crate::web::error::AppError;

/// The API's records for one catalog version.
pub struct Records {
    pub(super) organizations: Vec<OrganizationFull>,
    pub(super) organization_index: HashMap<String, usize>,
    pub(super) taxonomies: Vec<TaxonomyRow>,
    pub(super) taxonomy_index: HashMap<String, usize>,
    pub(super) terms: Vec<TaxonomyTermRow>,
    pub(super) term_index: HashMap<String, usize>,
    /// Names the service areas of the services built per request.
    states: Vec<State>,
    pub(super) services: Services,
}

/// Every service, in catalog order, by position (`u32`: a catalog has far fewer than four
/// billion), with what the lists filter and find it by.
#[derive(Default)]
pub(super) struct Services {
    entries: Vec<ServiceEntry>,
    /// The terms of every service, one after the other: `entries[i].terms_end` ends
    /// service `i`'s.
    terms: Vec<TermPosition>,
    /// Positions, ordered by the service's ID.
    by_id: Vec<u32>,
    /// Slugs (what the site's search answers) and their position, ordered by slug.
    by_slug: Vec<(Box<str>, u32)>,
}

/// A term by its position in `Records::terms` (a catalog has a few hundred; `u32` so that no
/// catalog has a term the index cannot number).
type TermPosition = u32;

struct ServiceEntry {
    /// Where the database keeps its rows.
    database_id: i64,
    /// Its HSDS ID, as bytes (`hsds::ids`).
    id: [u8; 16],
    /// Its organization's position in `Records::organizations`.
    organization: Option<u32>,
    last_verified: Date,
    terms_end: u32,
}

/// A date as `modified_after` compares it: in the order of the ISO texts, a month (day 0)
/// before the days of its month.
pub(super) type DateOrder = (u16, u8, u8);

fn date_order(date: &Date) -> DateOrder {
    (date.year(), date.month(), date.day().unwrap_or(0))
}

impl Services {
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    fn terms_of(&self, position: u32) -> &[TermPosition] {
        let i = position as usize;
        let start = match i {
            0 => 0,
            _ => self.entries[i - 1].terms_end as usize,
        };
        &self.terms[start..self.entries[i].terms_end as usize]
    }

    /// The position of the service with this ID.
    pub(super) fn by_id(&self, id: &str) -> Option<u32> {
        let id = parse_uuid(id)?;
        let i = (self.by_id)
            .binary_search_by(|&p| self.entries[p as usize].id.cmp(&id))
            .ok()?;
        Some(self.by_id[i])
    }

    /// The position of the service with this slug.
    pub(super) fn by_slug(&self, slug: &str) -> Option<u32> {
        let i = (self.by_slug)
            .binary_search_by(|(s, _)| (**s).cmp(slug))
            .ok()?;
        Some(self.by_slug[i].1)
    }

    /// Whether one of the service's terms (by its position in `Records::terms`) is one `is`
    /// looks for.
    pub(super) fn has_term(&self, position: u32, mut is: impl FnMut(usize) -> bool) -> bool {
        self.terms_of(position).iter().any(|&t| is(t as usize))
    }

    pub(super) fn organization(&self, position: u32) -> Option<usize> {
        self.entries[position as usize]
            .organization
            .map(|o| o as usize)
    }

    pub(super) fn verified_on_or_after(&self, position: u32, after: DateOrder) -> bool {
        date_order(&self.entries[position as usize].last_verified) >= after
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
    /// Reads the catalog's small parts, then every service's outline a part at a time, and
    /// builds the records on the blocking pool.
    pub async fn load(pool: &SqlitePool) -> Result<Records, sqlx::Error> {
        /// Outlines read at once: a few megabytes.
        const PART: u32 = 5_000;
        let catalog = db::load_catalog_without_resources(pool).await?;
        let organization_ids = db::organization_ids(pool).await?;
        let mut records = off_the_runtime(move || {
            let mut records = Records::without_services(&Tables::from_catalog(&catalog));
            records.states = catalog.states;
            records
        })
        .await;
        let mut index = ServiceIndexer::new(&records.terms, &organization_ids);
        let mut after = None;
        loop {
            let part = db::load_outlines(pool, after, PART).await?;
            let Some(last) = part.last() else { break };
            after = Some(last.id);
            index = off_the_runtime(move || index.add(&part).map(|()| index)).await?;
        }
        records.services = index.finish();
        Ok(records)
    }

    /// The taxonomies, terms and organizations (`tables` has no services).
    fn without_services(tables: &Tables) -> Records {
        let terms = tables.taxonomy_term.clone();
        let term_index = index_of(&terms, |t| &t.id);
        let mut attributes = attributes_by_owner(tables, &terms, &term_index);
        let organizations: Vec<OrganizationFull> = (tables.organization.iter())
            .map(|o| OrganizationFull {
                row: o.clone(),
                attributes: attributes.take(&o.id),
            })
            .collect();
        Records {
            organization_index: index_of(&organizations, |o| &o.row.id),
            organizations,
            taxonomy_index: index_of(&tables.taxonomy, |t| &t.id),
            taxonomies: tables.taxonomy.clone(),
            terms,
            term_index,
            states: Vec::new(),
            services: Services::default(),
        }
    }

    /// The services at these positions, fully nested, in this order: read from the database
    /// and built as the export builds them.
    pub(super) async fn services(
        &self,
        pool: &SqlitePool,
        positions: &[u32],
    ) -> Result<Vec<ServiceFull>, AppError> {
        if positions.is_empty() {
            return Ok(Vec::new());
        }
        let entries: Vec<&ServiceEntry> = (positions.iter())
            .map(|&p| &self.services.entries[p as usize])
            .collect();
        let ids: Vec<i64> = entries.iter().map(|e| e.database_id).collect();
        let resources = db::load_resources(pool, Which::Ids(&ids)).await?;
        // An import between building these records and this read renumbers the rows: the
        // request is answered again in a moment, from the new catalog's records.
        let same = resources.len() == entries.len()
            && (resources.iter().zip(&entries))
                .all(|(r, e)| uuid_bytes("service", r.slug.as_str()) == e.id);
        if !same {
            return Err(AppError::Busy);
        }
        let mut tables = Tables::default();
        tables.add_services(&self.states, &resources);
        Ok(self.nest(&tables))
    }

    /// The services of `tables`, nested with their organizations, phones, areas and
    /// attributes.
    fn nest(&self, tables: &Tables) -> Vec<ServiceFull> {
        let mut attributes = attributes_by_owner(tables, &self.terms, &self.term_index);
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
        (tables.service.iter())
            .map(|service| ServiceFull {
                listed: ServiceListed {
                    row: service.clone(),
                    organization: (service.organization_id.as_ref())
                        .and_then(|id| self.organization_index.get(id))
                        .map(|&i| self.organizations[i].row.clone()),
                },
                phones: phones.take(&service.id),
                service_areas: areas.take(&service.id),
                attributes: attributes.take(&service.id),
            })
            .collect()
    }
}

/// Makes `Services` from the services' outlines, given a part at a time in catalog order.
struct ServiceIndexer {
    /// Term positions by taxonomy name and code.
    term_of: HashMap<String, HashMap<String, TermPosition>>,
    organization_of: HashMap<i64, u32>,
    services: Services,
}

impl ServiceIndexer {
    fn new(terms: &[TaxonomyTermRow], organization_ids: &[i64]) -> ServiceIndexer {
        let mut term_of: HashMap<String, HashMap<String, TermPosition>> = HashMap::new();
        for (i, term) in terms.iter().enumerate() {
            let (Some(taxonomy), Some(code), Ok(position)) =
                (&term.taxonomy, &term.code, TermPosition::try_from(i))
            else {
                continue;
            };
            (term_of.entry(taxonomy.clone()).or_default()).insert(code.clone(), position);
        }
        ServiceIndexer {
            term_of,
            organization_of: (organization_ids.iter().enumerate())
                .map(|(i, &id)| (id, i as u32))
                .collect(),
            services: Services::default(),
        }
    }

    fn add(&mut self, outlines: &[db::OutlineRow]) -> Result<(), sqlx::Error> {
        let services = &mut self.services;
        for row in outlines {
            let outline = &row.outline;
            let mut own = (service_terms(outline).into_iter())
                .map(|(taxonomy, code)| {
                    // The database's foreign keys keep every term a service names in the
                    // catalog.
                    (self.term_of.get(taxonomy))
                        .and_then(|codes| codes.get(code).copied())
                        .ok_or_else(|| sqlx::Error::ColumnDecode {
                            index: "resources".into(),
                            source: format!("{taxonomy} has no term {code}").into(),
                        })
                })
                .collect::<Result<Vec<TermPosition>, sqlx::Error>>()?;
            own.sort_unstable();
            own.dedup();
            services.terms.extend(own);
            let position = services.entries.len() as u32;
            services
                .by_slug
                .push((Box::from(outline.slug.as_str()), position));
            services.entries.push(ServiceEntry {
                database_id: row.id,
                id: uuid_bytes("service", outline.slug.as_str()),
                organization: (row.organization_id)
                    .and_then(|id| self.organization_of.get(&id).copied()),
                last_verified: outline.last_verified,
                terms_end: services.terms.len() as u32,
            });
        }
        Ok(())
    }

    fn finish(self) -> Services {
        let mut services = self.services;
        let entries = &services.entries;
        let mut by_id: Vec<u32> = (0..entries.len() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| entries[a as usize].id.cmp(&entries[b as usize].id));
        services.by_id = by_id;
        services.by_slug.sort_unstable();
        services.terms.shrink_to_fit();
        services.entries.shrink_to_fit();
        services.by_slug.shrink_to_fit();
        services
    }
}

/// The attributes of `tables`, each with the term it names, by what they belong to.
fn attributes_by_owner(
    tables: &Tables,
    terms: &[TaxonomyTermRow],
    term_index: &HashMap<String, usize>,
) -> ByOwner<AttributeFull> {
    ByOwner::new(tables.attribute.iter().map(|attribute| {
        let term = term_index.get(&attribute.taxonomy_term_id);
        let full = AttributeFull {
            row: attribute.clone(),
            taxonomy_term: term.map(|&i| terms[i].clone()),
        };
        (attribute.link_id.clone(), full)
    }))
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

    /// As `get`, with the catalog version the records were built for.
    pub async fn get_with_version(
        &self,
        db: &SqlitePool,
    ) -> Result<(Arc<Records>, CatalogVersion), sqlx::Error> {
        self.0.get_with_version(db, || Records::load(db)).await
    }

    /// How many times the records were built (once per catalog version).
    pub fn builds(&self) -> u64 {
        self.0.builds()
    }
}
