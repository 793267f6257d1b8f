//! Writing a validated catalog into the database: everything replaced in one transaction, so
//! readers see the old catalog or the new one, never a mix, and a failure changes nothing.

use std::collections::HashMap;

use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::catalog::{Catalog, ServiceArea, Slug};

/// What an import wrote, for the command line to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub resources: usize,
    pub organizations: usize,
    pub phones: usize,
    pub links: usize,
    pub sources: usize,
    pub states: usize,
}

pub async fn replace_catalog(
    pool: &SqlitePool,
    catalog: &Catalog,
) -> Result<ImportSummary, sqlx::Error> {
    let mut tx = pool.begin().await?;
    clear(&mut tx).await?;
    insert_vocabularies(&mut tx, catalog).await?;
    let organization_ids = insert_organizations(&mut tx, catalog).await?;
    let mut summary = insert_resources(&mut tx, catalog, &organization_ids).await?;
    insert_search_aids(&mut tx, catalog).await?;
    // catalog_version changes with every import, even two in the same second of the same
    // seeds: whatever a server keeps per catalog is rebuilt after each one.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    sqlx::query(
        "insert or replace into metadata (key, value)
         values ('seeds_hash', ?1), ('imported_at', ?2), ('catalog_version', ?3)",
    )
    .bind(&catalog.hash)
    .bind(now.as_secs().to_string())
    .bind(format!("{}-{}", now.as_nanos(), &catalog.hash))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    summary.organizations = catalog.organizations.len();
    summary.sources = catalog.sources.len();
    summary.states = catalog.states.len();
    Ok(summary)
}

async fn clear(tx: &mut Transaction<'_, Sqlite>) -> Result<(), sqlx::Error> {
    // Children first; the resources' own children go by `on delete cascade`.
    for statement in [
        "delete from resources",
        "delete from organizations",
        "delete from sources",
        "delete from kinds",
        "delete from topics",
        "delete from audiences",
        "delete from synonyms",
        "delete from search_intents",
        "delete from zip_prefixes",
        "delete from states",
    ] {
        sqlx::query(statement).execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_vocabularies(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
) -> Result<(), sqlx::Error> {
    for source in &catalog.sources {
        sqlx::query(
            "insert into sources (id, title, publisher, file, date, date_label, url, note)
             values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(source.id.as_str())
        .bind(&source.title)
        .bind(&source.publisher)
        .bind(&source.file)
        .bind(source.date.map(|d| d.to_string()))
        .bind(&source.date_label)
        .bind(source.url.as_ref().map(|u| u.as_str()))
        .bind(&source.note)
        .execute(&mut **tx)
        .await?;
    }
    for state in &catalog.states {
        sqlx::query("insert into states (code, name, fips, kind) values (?1, ?2, ?3, ?4)")
            .bind(state.code.as_str())
            .bind(&state.name)
            .bind(&state.fips)
            .bind(&state.kind)
            .execute(&mut **tx)
            .await?;
    }
    let kinds = catalog
        .kinds
        .iter()
        .map(|k| (k.kind.slug(), &k.label, &k.description));
    insert_terms(
        tx,
        "insert into kinds (slug, label, description, position) values (?1, ?2, ?3, ?4)",
        kinds,
    )
    .await?;
    let topics = catalog
        .topics
        .iter()
        .map(|t| (t.slug.as_str(), &t.label, &t.description));
    insert_terms(
        tx,
        "insert into topics (slug, label, description, position) values (?1, ?2, ?3, ?4)",
        topics,
    )
    .await?;
    let audiences = catalog
        .audiences
        .iter()
        .map(|a| (a.slug.as_str(), &a.label, &a.description));
    insert_terms(
        tx,
        "insert into audiences (slug, label, description, position) values (?1, ?2, ?3, ?4)",
        audiences,
    )
    .await?;
    Ok(())
}

/// Synonym groups and ZIP prefixes: what search needs besides the index.
async fn insert_search_aids(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
) -> Result<(), sqlx::Error> {
    for (group, terms) in catalog.synonyms.iter().enumerate() {
        for term in terms {
            sqlx::query("insert or ignore into synonyms (group_id, term) values (?1, ?2)")
                .bind(group as i64)
                .bind(term)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (position, intent) in catalog.intents.iter().enumerate() {
        let answer: Vec<&str> = intent.answer.iter().map(|s| s.as_str()).collect();
        sqlx::query(
            "insert into search_intents (intent, position, terms, answer) values (?1, ?2, ?3, ?4)",
        )
        .bind(intent.intent.as_str())
        .bind(position as i64)
        .bind(serde_json::to_string(&intent.terms).expect("terms serialize"))
        .bind(serde_json::to_string(&answer).expect("slugs serialize"))
        .execute(&mut **tx)
        .await?;
    }
    for zip in &catalog.zip_prefixes {
        let states: Vec<&str> = zip.states.iter().map(|s| s.as_str()).collect();
        sqlx::query("insert into zip_prefixes (prefix, state, states) values (?1, ?2, ?3)")
            .bind(&zip.prefix)
            .bind(zip.state.as_str())
            .bind(serde_json::to_string(&states).expect("codes serialize"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts a vocabulary's terms, keeping the seeds' order as `position`.
async fn insert_terms<'a>(
    tx: &mut Transaction<'_, Sqlite>,
    statement: &'static str,
    terms: impl Iterator<Item = (&'a str, &'a String, &'a String)>,
) -> Result<(), sqlx::Error> {
    for (position, (slug, label, description)) in terms.enumerate() {
        sqlx::query(statement)
            .bind(slug)
            .bind(label)
            .bind(description)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts organizations, then links parents (a parent may come later in the seeds).
async fn insert_organizations(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
) -> Result<HashMap<Slug, i64>, sqlx::Error> {
    let mut ids = HashMap::new();
    for org in &catalog.organizations {
        let id: i64 = sqlx::query_scalar(
            "insert into organizations (slug, name, alternate_names, description, url, source_id, assured_date)
             values (?1, ?2, ?3, ?4, ?5, ?6, ?7) returning id",
        )
        .bind(org.slug.as_str())
        .bind(&org.name)
        .bind(json_list(&org.alternate_names))
        .bind(&org.description)
        .bind(org.url.as_ref().map(|u| u.as_str()))
        .bind(org.source.as_str())
        .bind(org.last_verified.to_string())
        .fetch_one(&mut **tx)
        .await?;
        ids.insert(org.slug.clone(), id);
    }
    for org in &catalog.organizations {
        if let Some(parent) = &org.parent {
            sqlx::query("update organizations set parent_id = ?1 where id = ?2")
                .bind(ids[parent])
                .bind(ids[&org.slug])
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(ids)
}

async fn insert_resources(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
    organization_ids: &HashMap<Slug, i64>,
) -> Result<ImportSummary, sqlx::Error> {
    let mut summary = ImportSummary::default();
    for resource in &catalog.resources {
        let id: i64 = sqlx::query_scalar(
            "insert into resources (slug, name, alternate_names, kind, summary, description, organization_id,
                                    is_national, address, source_id, source_note, assured_date)
             values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) returning id",
        )
        .bind(resource.slug.as_str())
        .bind(&resource.name)
        .bind(json_list(&resource.alternate_names))
        .bind(resource.kind.slug())
        .bind(&resource.summary)
        .bind(&resource.description)
        .bind(resource.organization.as_ref().map(|slug| organization_ids[slug]))
        .bind(resource.service_area == ServiceArea::National)
        .bind(&resource.address)
        .bind(resource.source.as_str())
        .bind(&resource.source_note)
        .bind(resource.last_verified.to_string())
        .fetch_one(&mut **tx)
        .await?;

        for source in &resource.also_in {
            sqlx::query("insert into resource_citations (resource_id, source_id) values (?1, ?2)")
                .bind(id)
                .bind(source.as_str())
                .execute(&mut **tx)
                .await?;
        }
        for (position, phone) in resource.phones.iter().enumerate() {
            sqlx::query(
                "insert into phones (resource_id, position, number, digits, type, description, hours, languages,
                                     law_enforcement, from_source_id, note)
                 values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(phone.number.written())
            .bind(phone.number.digits())
            .bind(phone.phone_type.as_str())
            .bind(&phone.description)
            .bind(&phone.hours)
            .bind(&phone.languages)
            .bind(phone.law_enforcement)
            .bind(phone.from.as_ref().map(Slug::as_str))
            .bind(&phone.note)
            .execute(&mut **tx)
            .await?;
        }
        for (position, link) in resource.links.iter().enumerate() {
            sqlx::query(
                "insert into links (resource_id, position, url, label, from_source_id)
                 values (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(link.url.as_str())
            .bind(&link.label)
            .bind(link.from.as_ref().map(Slug::as_str))
            .execute(&mut **tx)
            .await?;
        }
        for (position, fact) in resource.facts.iter().enumerate() {
            let fact_id: i64 = sqlx::query_scalar(
                "insert into resource_facts (resource_id, position, text) values (?1, ?2, ?3)
                 returning id",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&fact.text)
            .fetch_one(&mut **tx)
            .await?;
            for (position, source) in fact.sources.iter().enumerate() {
                sqlx::query(
                    "insert into resource_fact_sources (fact_id, position, source_id)
                     values (?1, ?2, ?3)",
                )
                .bind(fact_id)
                .bind(position as i64)
                .bind(source.as_str())
                .execute(&mut **tx)
                .await?;
            }
        }
        for topic in &resource.topics {
            sqlx::query("insert into resource_topics (resource_id, topic) values (?1, ?2)")
                .bind(id)
                .bind(topic.as_str())
                .execute(&mut **tx)
                .await?;
        }
        for audience in &resource.audiences {
            sqlx::query("insert into resource_audiences (resource_id, audience) values (?1, ?2)")
                .bind(id)
                .bind(audience.as_str())
                .execute(&mut **tx)
                .await?;
        }
        if let ServiceArea::States(states) = &resource.service_area {
            for state in states {
                sqlx::query("insert into service_areas (resource_id, state_code) values (?1, ?2)")
                    .bind(id)
                    .bind(state.as_str())
                    .execute(&mut **tx)
                    .await?;
            }
        }
        summary.resources += 1;
        summary.phones += resource.phones.len();
        summary.links += resource.links.len();
    }
    Ok(summary)
}

fn json_list(names: &[String]) -> String {
    serde_json::to_string(names).expect("a list of strings always serializes")
}
