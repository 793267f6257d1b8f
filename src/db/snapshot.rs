//! Reading the whole catalog back out of the database, as the validated types the importer
//! wrote. The HSDS API and `lantern export` start from this, so they describe whatever the
//! database holds: the seeds, or a directory an operator imported from HSDS.
//!
//! Order is deterministic (the importer's order where the database keeps it, else sorted), so
//! two exports of the same catalog are byte for byte the same.

use std::collections::HashMap;
use std::str::FromStr;

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::catalog::{
    Catalog, Date, Fact, Kind, KindTerm, Link, Organization, Phone, PhoneNumber, PhoneText,
    PhoneType, Resource, ResourceOutline, ResourceText, SearchIntent, ServiceArea, Slug, Source,
    State, StateCode, Term, TermText, WebAddress, ZipPrefix,
};

/// A value that was valid when imported and no longer parses: the database was changed behind
/// the importer's back.
fn parse<T: FromStr<Err = String>>(column: &str, value: &str) -> Result<T, sqlx::Error> {
    value
        .parse()
        .map_err(|message: String| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: message.into(),
        })
}

fn parse_optional<T: FromStr<Err = String>>(
    column: &str,
    value: Option<&str>,
) -> Result<Option<T>, sqlx::Error> {
    value.map(|v| parse(column, v)).transpose()
}

fn names(column: &str, json: &str) -> Result<Vec<String>, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: e.into(),
    })
}

#[derive(FromRow)]
struct SourceRow {
    id: String,
    title: String,
    publisher: String,
    file: String,
    date: Option<String>,
    date_label: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

#[derive(FromRow)]
struct TermRow {
    slug: String,
    label: String,
    description: String,
}

#[derive(FromRow)]
struct OrganizationRow {
    slug: String,
    name: String,
    alternate_names: String,
    description: String,
    url: Option<String>,
    parent_slug: Option<String>,
    source_id: String,
    assured_date: String,
}

#[derive(FromRow)]
struct ResourceRow {
    id: i64,
    slug: String,
    name: String,
    alternate_names: String,
    kind: String,
    summary: String,
    description: String,
    organization_slug: Option<String>,
    is_national: bool,
    address: Option<String>,
    source_id: String,
    source_note: Option<String>,
    assured_date: String,
}

#[derive(FromRow)]
struct PhoneRow {
    resource_id: i64,
    description_es: Option<String>,
    hours_es: Option<String>,
    languages_es: Option<String>,
    translated: bool,
    number: String,
    r#type: String,
    description: Option<String>,
    hours: Option<String>,
    languages: Option<String>,
    law_enforcement: Option<bool>,
    from_source_id: Option<String>,
    note: Option<String>,
}

#[derive(FromRow)]
struct LinkRow {
    resource_id: i64,
    label_es: Option<String>,
    url: String,
    label: String,
    from_source_id: Option<String>,
}

#[derive(FromRow)]
struct ResourceTextRow {
    resource_id: i64,
    name: String,
    alternate_names: String,
    summary: String,
    description: String,
    source_id: Option<String>,
}

/// Which resources `load_resources` reads.
#[derive(Clone, Copy)]
pub enum Which<'a> {
    All,
    /// These (database IDs), in this order; an ID the database no longer has is left out.
    Ids(&'a [i64]),
}

impl Which<'_> {
    /// Rows of `sql`, whose `{resources}` stands for the set of resource IDs read. The SQL
    /// is this module's, never a visitor's text; the IDs are bound as one JSON array.
    async fn fetch<R>(
        self,
        read: &mut SqliteConnection,
        sql: &'static str,
    ) -> Result<Vec<R>, sqlx::Error>
    where
        R: for<'r> FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let set = match self {
            Which::All => "(select id from resources)",
            Which::Ids(_) => "(select value from json_each(?1))",
        };
        let query = sqlx::query_as(sqlx::AssertSqlSafe(sql.replace("{resources}", set)));
        match self {
            Which::All => query.fetch_all(read).await,
            Which::Ids(ids) => {
                let ids = serde_json::to_string(ids).expect("ids serialize");
                query.bind(ids).fetch_all(read).await
            }
        }
    }
}

/// Pairs of (resource id, value) for the resources' list-valued fields.
async fn pairs(
    read: &mut SqliteConnection,
    which: Which<'_>,
    sql: &'static str,
) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let rows: Vec<(i64, String)> = which.fetch(read, sql).await?;
    let mut by_resource: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, value) in rows {
        by_resource.entry(id).or_default().push(value);
    }
    Ok(by_resource)
}

async fn terms(pool: &SqlitePool, sql: &'static str) -> Result<Vec<TermRow>, sqlx::Error> {
    sqlx::query_as(sql).fetch_all(pool).await
}

/// A topic or audience vocabulary, in the seeds' order.
async fn vocabulary(
    pool: &SqlitePool,
    sql: &'static str,
    es: &mut HashMap<(String, String), TermText>,
    vocabulary: &str,
) -> Result<Vec<Term>, sqlx::Error> {
    terms(pool, sql)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Term {
                es: es.remove(&(vocabulary.to_owned(), row.slug.clone())),
                slug: parse("slug", &row.slug)?,
                label: row.label,
                description: row.description,
            })
        })
        .collect()
}

/// The Spanish labels of every vocabulary, by (vocabulary, slug).
async fn vocabulary_translations(
    pool: &SqlitePool,
) -> Result<HashMap<(String, String), TermText>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select vocabulary, slug, label, description from vocabulary_translations
         where lang = 'es'",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(vocabulary, slug, label, description)| {
            ((vocabulary, slug), TermText { label, description })
        })
        .collect())
}

/// The catalog the database holds. `hash` is the hash recorded at import.
pub async fn load_catalog(pool: &SqlitePool) -> Result<Catalog, sqlx::Error> {
    let mut catalog = load_catalog_without_resources(pool).await?;
    catalog.resources = load_resources(pool, Which::All).await?;
    Ok(catalog)
}

/// The catalog the database holds but its resources (`resources` is empty): the sources,
/// vocabularies, states, organizations and search data, small whatever the catalog's size.
pub async fn load_catalog_without_resources(pool: &SqlitePool) -> Result<Catalog, sqlx::Error> {
    let sources = sqlx::query_as::<_, SourceRow>(
        "select id, title, publisher, file, date, date_label, url, note from sources order by rowid",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|s| {
        Ok(Source {
            id: parse("sources.id", &s.id)?,
            title: s.title,
            publisher: s.publisher,
            file: s.file,
            date: parse_optional("sources.date", s.date.as_deref())?,
            date_label: s.date_label,
            url: parse_optional("sources.url", s.url.as_deref())?,
            note: s.note,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let mut terms_es = vocabulary_translations(pool).await?;
    let kinds = terms(
        pool,
        "select slug, label, description from kinds order by position",
    )
    .await?
    .into_iter()
    .map(|k| {
        Ok(KindTerm {
            es: terms_es.remove(&("kind".to_owned(), k.slug.clone())),
            kind: parse::<Kind>("kinds.slug", &k.slug)?,
            label: k.label,
            description: k.description,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let topics = vocabulary(
        pool,
        "select slug, label, description from topics order by position",
        &mut terms_es,
        "topic",
    )
    .await?;
    let audiences = vocabulary(
        pool,
        "select slug, label, description from audiences order by position",
        &mut terms_es,
        "audience",
    )
    .await?;

    let states = sqlx::query_as::<_, (String, String, String, String, Option<String>)>(
        "select s.code, s.name, s.fips, s.kind, st.name
         from states s left join state_translations st on st.code = s.code and st.lang = 'es'
         order by s.rowid",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(code, name, fips, kind, name_es)| {
        Ok(State {
            code: parse("states.code", &code)?,
            name,
            fips,
            kind,
            name_es,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let organizations = sqlx::query_as::<_, OrganizationRow>(
        "select o.slug, o.name, o.alternate_names, o.description, o.url,
                p.slug as parent_slug, o.source_id, o.assured_date
         from organizations o left join organizations p on p.id = o.parent_id
         order by o.id",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|o| {
        Ok(Organization {
            slug: parse("organizations.slug", &o.slug)?,
            name: o.name,
            alternate_names: names("organizations.alternate_names", &o.alternate_names)?,
            description: o.description,
            parent: parse_optional("organizations.parent_id", o.parent_slug.as_deref())?,
            url: parse_optional("organizations.url", o.url.as_deref())?,
            source: parse("organizations.source_id", &o.source_id)?,
            last_verified: parse("organizations.assured_date", &o.assured_date)?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let mut synonym_groups: Vec<(i64, String)> =
        sqlx::query_as("select group_id, term from synonyms order by group_id, rowid")
            .fetch_all(pool)
            .await?;
    let mut synonyms: Vec<Vec<String>> = Vec::new();
    let mut current = None;
    for (group, term) in synonym_groups.drain(..) {
        if current != Some(group) {
            synonyms.push(Vec::new());
            current = Some(group);
        }
        synonyms.last_mut().expect("pushed above").push(term);
    }

    let intents = sqlx::query_as::<_, (String, String, String)>(
        "select intent, terms, answer from search_intents order by position",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(intent, terms, answer)| {
        Ok(SearchIntent {
            intent: parse("search_intents.intent", &intent)?,
            terms: names("search_intents.terms", &terms)?,
            answer: names("search_intents.answer", &answer)?
                .iter()
                .map(|s| parse("search_intents.answer", s))
                .collect::<Result<_, _>>()?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let zip_prefixes = sqlx::query_as::<_, (String, String, String)>(
        "select prefix, state, states from zip_prefixes order by prefix",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(prefix, state, states)| {
        Ok(ZipPrefix {
            prefix,
            state: parse("zip_prefixes.state", &state)?,
            states: names("zip_prefixes.states", &states)?
                .iter()
                .map(|s| parse("zip_prefixes.states", s))
                .collect::<Result<_, _>>()?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let hash: Option<String> =
        sqlx::query_scalar("select value from metadata where key = 'seeds_hash'")
            .fetch_optional(pool)
            .await?;
    Ok(Catalog {
        sources,
        kinds,
        topics,
        audiences,
        states,
        organizations,
        resources: Vec::new(),
        synonyms,
        intents,
        zip_prefixes,
        hash: hash.unwrap_or_default(),
    })
}

/// The resources the database holds (`which`), complete: what they are filed under, their
/// phones, links, facts and Spanish text. In catalog order for `All`, else in the order asked.
pub async fn load_resources(
    pool: &SqlitePool,
    which: Which<'_>,
) -> Result<Vec<Resource>, sqlx::Error> {
    // One read transaction: an import that lands between these queries cannot give one
    // resource another catalog's phones or topics.
    let mut read = pool.begin().await?;
    let mut topics_of = pairs(
        &mut read,
        which,
        "select resource_id, topic from resource_topics where resource_id in {resources}
         order by resource_id, topic",
    )
    .await?;
    let mut audiences_of = pairs(
        &mut read,
        which,
        "select resource_id, audience from resource_audiences where resource_id in {resources}
         order by resource_id, audience",
    )
    .await?;
    let mut states_of = pairs(
        &mut read,
        which,
        "select resource_id, state_code from service_areas where resource_id in {resources}
         order by resource_id, state_code",
    )
    .await?;
    let mut citations_of = pairs(
        &mut read,
        which,
        "select resource_id, source_id from resource_citations where resource_id in {resources}
         order by resource_id, source_id",
    )
    .await?;
    let mut phones_of: HashMap<i64, Vec<Phone>> = HashMap::new();
    for p in which
        .fetch::<PhoneRow>(
            &mut read,
            "select p.resource_id, p.number, p.type, p.description, p.hours, p.languages,
                p.law_enforcement, p.from_source_id, p.note, t.description as description_es,
                t.hours as hours_es, t.languages as languages_es,
                t.resource_id is not null as translated
         from phones p left join phone_translations t
           on t.resource_id = p.resource_id and t.position = p.position and t.lang = 'es'
         where p.resource_id in {resources}
         order by p.resource_id, p.position",
        )
        .await?
    {
        let phone_type: PhoneType = parse("phones.type", &p.r#type)?;
        let number = PhoneNumber::parse(&p.number, phone_type).map_err(|message| {
            sqlx::Error::ColumnDecode {
                index: "phones.number".into(),
                source: message.into(),
            }
        })?;
        phones_of.entry(p.resource_id).or_default().push(Phone {
            number,
            phone_type,
            law_enforcement: p.law_enforcement,
            description: p.description,
            hours: p.hours,
            languages: p.languages,
            from: parse_optional("phones.from_source_id", p.from_source_id.as_deref())?,
            note: p.note,
            es: p.translated.then_some(PhoneText {
                description: p.description_es,
                hours: p.hours_es,
                languages: p.languages_es,
            }),
        });
    }
    let mut links_of: HashMap<i64, Vec<Link>> = HashMap::new();
    for l in which
        .fetch::<LinkRow>(
            &mut read,
            "select l.resource_id, l.url, l.label, l.from_source_id, t.label as label_es
         from links l left join link_translations t
           on t.resource_id = l.resource_id and t.position = l.position and t.lang = 'es'
         where l.resource_id in {resources}
         order by l.resource_id, l.position",
        )
        .await?
    {
        links_of.entry(l.resource_id).or_default().push(Link {
            url: parse::<WebAddress>("links.url", &l.url)?,
            label: l.label,
            from: parse_optional("links.from_source_id", l.from_source_id.as_deref())?,
            label_es: l.label_es,
        });
    }
    let fact_rows = which
        .fetch::<(i64, i64, String, Option<String>, String)>(
            &mut read,
            "select f.resource_id, f.id, f.text, t.text, fs.source_id
         from resource_facts f join resource_fact_sources fs on fs.fact_id = f.id
         left join fact_translations t on t.fact_id = f.id and t.lang = 'es'
         where f.resource_id in {resources}
         order by f.resource_id, f.position, fs.position",
        )
        .await?
        .into_iter()
        .map(|(resource, fact, text, text_es, source)| {
            Ok((
                resource,
                fact,
                (text, text_es),
                parse::<Slug>("resource_fact_sources.source_id", &source)?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut facts_of = super::facts::group_facts(fact_rows, |(text, text_es), sources| Fact {
        text,
        sources,
        text_es,
    });
    let mut text_of: HashMap<i64, ResourceText> = HashMap::new();
    for t in which
        .fetch::<ResourceTextRow>(
            &mut read,
            "select resource_id, name, alternate_names, summary, description, source_id
             from resource_translations where lang = 'es' and resource_id in {resources}",
        )
        .await?
    {
        text_of.insert(
            t.resource_id,
            ResourceText {
                name: t.name,
                alternate_names: names(
                    "resource_translations.alternate_names",
                    &t.alternate_names,
                )?,
                summary: t.summary,
                description: t.description,
                source: parse_optional("resource_translations.source_id", t.source_id.as_deref())?,
            },
        );
    }

    let slugs = |column: &str, values: Option<Vec<String>>| -> Result<Vec<Slug>, sqlx::Error> {
        values
            .unwrap_or_default()
            .iter()
            .map(|v| parse(column, v))
            .collect()
    };
    let resources = which
        .fetch::<ResourceRow>(
            &mut read,
            "select r.id, r.slug, r.name, r.alternate_names, r.kind, r.summary, r.description,
                o.slug as organization_slug, r.is_national, r.address, r.source_id,
                r.source_note, r.assured_date
         from resources r left join organizations o on o.id = r.organization_id
         where r.id in {resources}
         order by r.id",
        )
        .await?
        .into_iter()
        .map(|r| {
            let service_area = if r.is_national {
                ServiceArea::National
            } else {
                ServiceArea::States(
                    states_of
                        .remove(&r.id)
                        .unwrap_or_default()
                        .iter()
                        .map(|code| parse::<StateCode>("service_areas.state_code", code))
                        .collect::<Result<_, _>>()?,
                )
            };
            let resource = Resource {
                slug: parse("resources.slug", &r.slug)?,
                name: r.name,
                alternate_names: names("resources.alternate_names", &r.alternate_names)?,
                kind: parse("resources.kind", &r.kind)?,
                summary: r.summary,
                description: r.description,
                organization: parse_optional(
                    "resources.organization_id",
                    r.organization_slug.as_deref(),
                )?,
                topics: slugs("resource_topics.topic", topics_of.remove(&r.id))?,
                audiences: slugs("resource_audiences.audience", audiences_of.remove(&r.id))?,
                service_area,
                address: r.address,
                source: parse("resources.source_id", &r.source_id)?,
                also_in: slugs("resource_citations.source_id", citations_of.remove(&r.id))?,
                source_note: r.source_note,
                last_verified: parse::<Date>("resources.assured_date", &r.assured_date)?,
                phones: phones_of.remove(&r.id).unwrap_or_default(),
                links: links_of.remove(&r.id).unwrap_or_default(),
                facts: facts_of.remove(&r.id).unwrap_or_default(),
                es: text_of.remove(&r.id),
            };
            Ok((r.id, resource))
        })
        .collect::<Result<Vec<(i64, Resource)>, sqlx::Error>>()?;
    // Read only: ending it writes nothing.
    read.commit().await?;
    Ok(match which {
        Which::All => resources.into_iter().map(|(_, r)| r).collect(),
        Which::Ids(ids) => {
            let mut by_id: HashMap<i64, Resource> = resources.into_iter().collect();
            ids.iter().filter_map(|id| by_id.remove(id)).collect()
        }
    })
}

/// A resource's outline, with where the database keeps it and its organization.
pub struct OutlineRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub outline: ResourceOutline,
}

#[derive(FromRow)]
struct OutlineColumns {
    id: i64,
    slug: String,
    kind: String,
    organization_id: Option<i64>,
    assured_date: String,
    has_source_note: bool,
    has_address: bool,
    has_links: bool,
    has_facts: bool,
    es_alternate_names: Option<i64>,
    /// Space-separated slugs (a slug has no spaces), in no particular order.
    topics: Option<String>,
    audiences: Option<String>,
    sources: String,
}

/// The outlines of up to `count` resources after the one with database ID `after` (from the
/// first when `None`), in catalog order, without their texts. Read a part at a time, a large
/// catalog's outlines are never all in memory at once.
pub async fn load_outlines(
    pool: &SqlitePool,
    after: Option<i64>,
    count: u32,
) -> Result<Vec<OutlineRow>, sqlx::Error> {
    let rows = sqlx::query_as::<_, OutlineColumns>(
        "select r.id, r.slug, r.kind, r.organization_id, r.assured_date,
                r.source_note is not null as has_source_note,
                r.address is not null as has_address,
                exists (select 1 from links where resource_id = r.id) as has_links,
                exists (select 1 from resource_facts where resource_id = r.id) as has_facts,
                json_array_length(t.alternate_names) as es_alternate_names,
                (select group_concat(topic, ' ') from resource_topics
                 where resource_id = r.id) as topics,
                (select group_concat(audience, ' ') from resource_audiences
                 where resource_id = r.id) as audiences,
                concat_ws(' ', r.source_id, t.source_id,
                    (select group_concat(source_id, ' ') from resource_citations
                     where resource_id = r.id),
                    (select group_concat(from_source_id, ' ') from links
                     where resource_id = r.id),
                    (select group_concat(fs.source_id, ' ')
                     from resource_facts f join resource_fact_sources fs on fs.fact_id = f.id
                     where f.resource_id = r.id)) as sources
         from resources r
         left join resource_translations t on t.resource_id = r.id and t.lang = 'es'
         where r.id > ?1
         order by r.id
         limit ?2",
    )
    .bind(after.unwrap_or(i64::MIN))
    .bind(count)
    .fetch_all(pool)
    .await?;
    let slugs = |column: &str, list: Option<&str>| -> Result<Vec<Slug>, sqlx::Error> {
        let mut slugs = (list.unwrap_or_default().split_ascii_whitespace())
            .map(|slug| parse(column, slug))
            .collect::<Result<Vec<Slug>, _>>()?;
        slugs.sort();
        slugs.dedup();
        Ok(slugs)
    };
    rows.into_iter()
        .map(|r| {
            Ok(OutlineRow {
                id: r.id,
                organization_id: r.organization_id,
                outline: ResourceOutline {
                    slug: parse("resources.slug", &r.slug)?,
                    kind: parse("resources.kind", &r.kind)?,
                    topics: slugs("resource_topics.topic", r.topics.as_deref())?,
                    audiences: slugs("resource_audiences.audience", r.audiences.as_deref())?,
                    sources: slugs("resources.source_id", Some(&r.sources))?,
                    last_verified: parse("resources.assured_date", &r.assured_date)?,
                    has_source_note: r.has_source_note,
                    has_address: r.has_address,
                    es_alternate_names: r.es_alternate_names.map(|n| n as usize),
                    has_links: r.has_links,
                    has_facts: r.has_facts,
                },
            })
        })
        .collect()
}

/// The organizations' database IDs, in catalog order (as `load_catalog` reads them).
pub async fn organization_ids(pool: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select id from organizations order by id")
        .fetch_all(pool)
        .await
}
