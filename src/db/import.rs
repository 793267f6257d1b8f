//! Writing a validated catalog into the database: everything replaced in one transaction, so
//! readers see the old catalog or the new one, never a mix, and a failure changes nothing.

use std::collections::HashMap;

use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};

use crate::catalog::{Catalog, Fact, Resource, ServiceArea, Slug};
use crate::lang::Lang;

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
        "delete from vocabulary_translations",
        "delete from state_translations",
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
    insert_translations(tx, catalog).await
}

/// The Spanish labels of the vocabularies and the Spanish names of the states.
async fn insert_translations(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
) -> Result<(), sqlx::Error> {
    let kinds = catalog
        .kinds
        .iter()
        .filter_map(|k| Some(("kind", k.kind.slug(), k.es.as_ref()?)));
    let topics = catalog
        .topics
        .iter()
        .filter_map(|t| Some(("topic", t.slug.as_str(), t.es.as_ref()?)));
    let audiences = catalog
        .audiences
        .iter()
        .filter_map(|a| Some(("audience", a.slug.as_str(), a.es.as_ref()?)));
    insert_rows(
        tx,
        "insert into vocabulary_translations (vocabulary, slug, lang, label, description) ",
        kinds.chain(topics).chain(audiences),
        |mut row, (vocabulary, slug, es)| {
            row.push_bind(vocabulary)
                .push_bind(slug)
                .push_bind(Lang::Es.code())
                .push_bind(es.label.as_str())
                .push_bind(es.description.as_str());
        },
    )
    .await?;
    let states = catalog
        .states
        .iter()
        .filter_map(|s| Some((s.code.as_str(), s.name_es.as_deref()?)));
    insert_rows(
        tx,
        "insert into state_translations (code, lang, name) ",
        states,
        |mut row, (code, name)| {
            row.push_bind(code)
                .push_bind(Lang::Es.code())
                .push_bind(name);
        },
    )
    .await
}

/// Synonym groups and ZIP prefixes: what search needs besides the index.
async fn insert_search_aids(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
) -> Result<(), sqlx::Error> {
    let synonyms = (0_i64..).zip(&catalog.synonyms);
    let terms = synonyms.flat_map(|(group, terms)| terms.iter().map(move |term| (group, term)));
    insert_rows(
        tx,
        "insert or ignore into synonyms (group_id, term) ",
        terms,
        |mut row, (group, term)| {
            row.push_bind(group).push_bind(term.as_str());
        },
    )
    .await?;
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
    insert_rows(
        tx,
        "insert into zip_prefixes (prefix, state, states) ",
        &catalog.zip_prefixes,
        |mut row, zip| {
            let states: Vec<&str> = zip.states.iter().map(|s| s.as_str()).collect();
            row.push_bind(zip.prefix.as_str())
                .push_bind(zip.state.as_str())
                .push_bind(serde_json::to_string(&states).expect("codes serialize"));
        },
    )
    .await
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

/// Rows written per statement. One statement per row costs a round trip to sqlx's worker
/// thread each: 38 s for 100,000 resources. A few hundred rows per statement make that cost
/// vanish, well inside SQLite's 32,766 parameters per statement; every full batch of a table
/// is the same statement, prepared once.
const ROWS_PER_STATEMENT: usize = 256;

/// Inserts `rows` with `insert` ("insert into table (columns) "), binding each row's values
/// with `bind`, a batch of rows per statement.
async fn insert_rows<T>(
    tx: &mut Transaction<'_, Sqlite>,
    insert: &'static str,
    rows: impl IntoIterator<Item = T>,
    mut bind: impl FnMut(Separated<'_, Sqlite, &'static str>, T),
) -> Result<(), sqlx::Error> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut statement = QueryBuilder::<Sqlite>::new(insert);
        statement.push_values(rows.by_ref().take(ROWS_PER_STATEMENT), &mut bind);
        statement.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Resources and everything that belongs to them. Ids are given here (a resource's is its
/// position in the catalog, from 1) rather than read back row by row, so every table is
/// written in batches.
async fn insert_resources(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
    organization_ids: &HashMap<Slug, i64>,
) -> Result<ImportSummary, sqlx::Error> {
    let resources = || (1_i64..).zip(&catalog.resources);
    insert_rows(
        tx,
        "insert into resources (id, slug, name, alternate_names, kind, summary, description,
                                organization_id, is_national, address, source_id, source_note,
                                assured_date) ",
        resources(),
        |mut row, (id, resource)| {
            row.push_bind(id)
                .push_bind(resource.slug.as_str())
                .push_bind(resource.name.as_str())
                .push_bind(json_list(&resource.alternate_names))
                .push_bind(resource.kind.slug())
                .push_bind(resource.summary.as_str())
                .push_bind(resource.description.as_str())
                .push_bind(
                    resource
                        .organization
                        .as_ref()
                        .map(|slug| organization_ids[slug]),
                )
                .push_bind(resource.service_area == ServiceArea::National)
                .push_bind(resource.address.as_deref())
                .push_bind(resource.source.as_str())
                .push_bind(resource.source_note.as_deref())
                .push_bind(resource.last_verified.to_string());
        },
    )
    .await?;
    let each = |list: fn(&Resource) -> &[Slug]| {
        resources().flat_map(move |(id, resource)| list(resource).iter().map(move |s| (id, s)))
    };
    // A resource's slugs of one kind, each a row: (resource id, slug).
    let lists: [(&'static str, fn(&Resource) -> &[Slug]); 3] = [
        (
            "insert into resource_citations (resource_id, source_id) ",
            |r| &r.also_in,
        ),
        ("insert into resource_topics (resource_id, topic) ", |r| {
            &r.topics
        }),
        (
            "insert into resource_audiences (resource_id, audience) ",
            |r| &r.audiences,
        ),
    ];
    for (insert, list) in lists {
        insert_rows(tx, insert, each(list), |mut row, (id, slug)| {
            row.push_bind(id).push_bind(slug.as_str());
        })
        .await?;
    }
    let areas = resources().flat_map(|(id, resource)| match &resource.service_area {
        ServiceArea::States(states) => states.iter().map(move |state| (id, state)).collect(),
        ServiceArea::National => Vec::new(),
    });
    insert_rows(
        tx,
        "insert into service_areas (resource_id, state_code) ",
        areas,
        |mut row, (id, state)| {
            row.push_bind(id).push_bind(state.as_str());
        },
    )
    .await?;
    let phones = resources().flat_map(|(id, resource)| {
        (0_i64..)
            .zip(&resource.phones)
            .map(move |(position, phone)| (id, position, phone))
    });
    insert_rows(
        tx,
        "insert into phones (resource_id, position, number, digits, type, description, hours,
                             languages, law_enforcement, from_source_id, note) ",
        phones,
        |mut row, (id, position, phone)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(phone.number.written())
                .push_bind(phone.number.digits())
                .push_bind(phone.phone_type.as_str())
                .push_bind(phone.description.as_deref())
                .push_bind(phone.hours.as_deref())
                .push_bind(phone.languages.as_deref())
                .push_bind(phone.law_enforcement)
                .push_bind(phone.from.as_ref().map(Slug::as_str))
                .push_bind(phone.note.as_deref());
        },
    )
    .await?;
    let links = resources().flat_map(|(id, resource)| {
        (0_i64..)
            .zip(&resource.links)
            .map(move |(position, link)| (id, position, link))
    });
    insert_rows(
        tx,
        "insert into links (resource_id, position, url, label, from_source_id) ",
        links,
        |mut row, (id, position, link)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(link.url.as_str())
                .push_bind(link.label.as_str())
                .push_bind(link.from.as_ref().map(Slug::as_str));
        },
    )
    .await?;
    // Facts are numbered across the catalog, from 1, so their sources can name them.
    let facts: Vec<(i64, i64, i64, &Fact)> = resources()
        .flat_map(|(id, resource)| {
            (0_i64..)
                .zip(&resource.facts)
                .map(move |(position, fact)| (id, position, fact))
        })
        .zip(1_i64..)
        .map(|((id, position, fact), fact_id)| (fact_id, id, position, fact))
        .collect();
    insert_rows(
        tx,
        "insert into resource_facts (id, resource_id, position, text) ",
        &facts,
        |mut row, &(fact_id, id, position, fact)| {
            row.push_bind(fact_id)
                .push_bind(id)
                .push_bind(position)
                .push_bind(fact.text.as_str());
        },
    )
    .await?;
    let fact_sources = facts.iter().flat_map(|&(fact_id, _, _, fact)| {
        (0_i64..)
            .zip(&fact.sources)
            .map(move |(position, source)| (fact_id, position, source))
    });
    insert_rows(
        tx,
        "insert into resource_fact_sources (fact_id, position, source_id) ",
        fact_sources,
        |mut row, (fact_id, position, source)| {
            row.push_bind(fact_id)
                .push_bind(position)
                .push_bind(source.as_str());
        },
    )
    .await?;
    insert_resource_translations(tx, catalog, &facts).await?;
    let resources = &catalog.resources;
    Ok(ImportSummary {
        resources: resources.len(),
        phones: resources.iter().map(|r| r.phones.len()).sum(),
        links: resources.iter().map(|r| r.links.len()).sum(),
        ..ImportSummary::default()
    })
}

/// The Spanish text of resources, their phones, links and facts, numbered as `insert_resources`
/// numbered the English rows.
async fn insert_resource_translations(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &Catalog,
    facts: &[(i64, i64, i64, &Fact)],
) -> Result<(), sqlx::Error> {
    let resources = || (1_i64..).zip(&catalog.resources);
    let es = Lang::Es.code();
    insert_rows(
        tx,
        "insert into resource_translations (resource_id, lang, name, alternate_names, summary,
                                            description, source_id) ",
        resources().filter_map(|(id, r)| Some((id, r.es.as_ref()?))),
        |mut row, (id, text)| {
            row.push_bind(id)
                .push_bind(es)
                .push_bind(text.name.as_str())
                .push_bind(json_list(&text.alternate_names))
                .push_bind(text.summary.as_str())
                .push_bind(text.description.as_str())
                .push_bind(text.source.as_ref().map(Slug::as_str));
        },
    )
    .await?;
    let phones = resources().flat_map(|(id, resource)| {
        (0_i64..)
            .zip(&resource.phones)
            .filter_map(move |(position, phone)| Some((id, position, phone.es.as_ref()?)))
    });
    insert_rows(
        tx,
        "insert into phone_translations (resource_id, position, lang, description, hours,
                                         languages) ",
        phones,
        |mut row, (id, position, text)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(es)
                .push_bind(text.description.as_deref())
                .push_bind(text.hours.as_deref())
                .push_bind(text.languages.as_deref());
        },
    )
    .await?;
    let links = resources().flat_map(|(id, resource)| {
        (0_i64..)
            .zip(&resource.links)
            .filter_map(move |(position, link)| Some((id, position, link.label_es.as_deref()?)))
    });
    insert_rows(
        tx,
        "insert into link_translations (resource_id, position, lang, label) ",
        links,
        |mut row, (id, position, label)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(es)
                .push_bind(label);
        },
    )
    .await?;
    let facts = facts
        .iter()
        .filter_map(|&(fact_id, _, _, fact)| Some((fact_id, fact.text_es.as_deref()?)));
    insert_rows(
        tx,
        "insert into fact_translations (fact_id, lang, text) ",
        facts,
        |mut row, (fact_id, text)| {
            row.push_bind(fact_id).push_bind(es).push_bind(text);
        },
    )
    .await
}

fn json_list(names: &[String]) -> String {
    serde_json::to_string(names).expect("a list of strings always serializes")
}
