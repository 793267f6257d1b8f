//! Queries for the directory's browsing structure: kinds, topics, audiences, states,
//! organizations and sources, each with how many resources it holds.
//!
//! Every query here is checked against the schema at compile time (`query_as!`, with the
//! `.sqlx/` offline data, so a build needs no database). `!` in a column alias tells sqlx a
//! value is never null where SQLite's planner cannot prove it (a text primary key, a count).

use serde::Serialize;
use sqlx::{FromRow, SqlitePool};

use crate::catalog::Kind;
use crate::lang::Lang;

/// A vocabulary term (kind, topic or audience) and its number of resources, its label and
/// description in the language asked for where translated (`text_lang` says which).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct TermCount {
    pub slug: String,
    pub label: String,
    pub description: String,
    pub resources: i64,
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

pub async fn kinds(pool: &SqlitePool, lang: Lang) -> Result<Vec<TermCount>, sqlx::Error> {
    sqlx::query_as!(
        TermCount,
        r#"select k.slug as "slug!", coalesce(vt.label, k.label) as "label!",
                coalesce(vt.description, k.description) as "description!",
                (select count(*) from resources r where r.kind = k.slug) as "resources!: i64",
                coalesce(vt.lang, 'en') as "text_lang!: Lang"
         from kinds k left join vocabulary_translations vt
           on vt.vocabulary = 'kind' and vt.slug = k.slug and vt.lang = ?1
         order by k.position"#,
        lang
    )
    .fetch_all(pool)
    .await
}

pub async fn topics(pool: &SqlitePool, lang: Lang) -> Result<Vec<TermCount>, sqlx::Error> {
    sqlx::query_as!(
        TermCount,
        r#"select t.slug as "slug!", coalesce(vt.label, t.label) as "label!",
                coalesce(vt.description, t.description) as "description!",
                (select count(*) from resource_topics rt where rt.topic = t.slug) as "resources!: i64",
                coalesce(vt.lang, 'en') as "text_lang!: Lang"
         from topics t left join vocabulary_translations vt
           on vt.vocabulary = 'topic' and vt.slug = t.slug and vt.lang = ?1
         order by t.position"#,
        lang
    )
    .fetch_all(pool)
    .await
}

/// One kind's label, description and count. The vocabularies are a few dozen rows: reading
/// them whole is simplest.
pub async fn kind(
    pool: &SqlitePool,
    kind: Kind,
    lang: Lang,
) -> Result<Option<TermCount>, sqlx::Error> {
    Ok(kinds(pool, lang)
        .await?
        .into_iter()
        .find(|k| k.slug == kind.slug()))
}

pub async fn topic(
    pool: &SqlitePool,
    slug: &str,
    lang: Lang,
) -> Result<Option<TermCount>, sqlx::Error> {
    Ok(topics(pool, lang)
        .await?
        .into_iter()
        .find(|t| t.slug == slug))
}

/// A jurisdiction and how many resources serve it specifically (national ones aside), named
/// in the language asked for where translated.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct StateCount {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub local_resources: i64,
    #[serde(serialize_with = "super::text_lang::serialize")]
    pub text_lang: Lang,
}

/// Every jurisdiction, in the alphabetical order of its name in `lang`, accents aside (SQLite
/// sorts bytes, which would put "Míchigan" after "Montana").
pub async fn states(pool: &SqlitePool, lang: Lang) -> Result<Vec<StateCount>, sqlx::Error> {
    let mut states = sqlx::query_as!(
        StateCount,
        r#"select s.code as "code!", coalesce(st.name, s.name) as "name!", s.kind,
                (select count(*) from service_areas sa where sa.state_code = s.code) as "local_resources!: i64",
                coalesce(st.lang, 'en') as "text_lang!: Lang"
         from states s left join state_translations st on st.code = s.code and st.lang = ?1
         order by 2"#,
        lang
    )
    .fetch_all(pool)
    .await?;
    states.sort_by_cached_key(|state| crate::lang::sort_key(&state.name));
    Ok(states)
}

pub async fn state(
    pool: &SqlitePool,
    code: &str,
    lang: Lang,
) -> Result<Option<StateCount>, sqlx::Error> {
    Ok(states(pool, lang)
        .await?
        .into_iter()
        .find(|s| s.code == code))
}

/// The number of resources that serve the whole country.
pub async fn national_resources(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "count!: i64" from resources where is_national = 1"#)
        .fetch_one(pool)
        .await
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct OrganizationSummary {
    pub slug: String,
    pub name: String,
    /// JSON array of strings.
    pub alternate_names: String,
    pub description: String,
    pub resources: i64,
}

impl OrganizationSummary {
    /// Acronyms and other names, for display ("OVC").
    pub fn alternate_names(&self) -> Vec<String> {
        serde_json::from_str(&self.alternate_names).unwrap_or_default()
    }
}

pub async fn organizations(pool: &SqlitePool) -> Result<Vec<OrganizationSummary>, sqlx::Error> {
    sqlx::query_as!(
        OrganizationSummary,
        r#"select o.slug, o.name, o.alternate_names, o.description,
                (select count(*) from resources r where r.organization_id = o.id) as "resources!: i64"
         from organizations o order by o.name"#
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct OrganizationDetail {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub alternate_names: String,
    pub description: String,
    pub url: Option<String>,
    pub parent_slug: Option<String>,
    pub parent_name: Option<String>,
    pub source_id: String,
    pub assured_date: String,
}

impl OrganizationDetail {
    pub fn alternate_names(&self) -> Vec<String> {
        serde_json::from_str(&self.alternate_names).unwrap_or_default()
    }
}

pub async fn organization(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<OrganizationDetail>, sqlx::Error> {
    sqlx::query_as!(
        OrganizationDetail,
        r#"select o.id, o.slug, o.name, o.alternate_names, o.description, o.url,
                p.slug as "parent_slug?", p.name as "parent_name?", o.source_id, o.assured_date
         from organizations o left join organizations p on p.id = o.parent_id
         where o.slug = ?1"#,
        slug
    )
    .fetch_optional(pool)
    .await
}

/// Organizations whose parent is `id`.
pub async fn suborganizations(
    pool: &SqlitePool,
    id: i64,
) -> Result<Vec<OrganizationSummary>, sqlx::Error> {
    sqlx::query_as!(
        OrganizationSummary,
        r#"select o.slug, o.name, o.alternate_names, o.description,
                (select count(*) from resources r where r.organization_id = o.id) as "resources!: i64"
         from organizations o where o.parent_id = ?1 order by o.name"#,
        id
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub file: String,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// The last-verified date (ISO) of every resource and organization, for counting the records
/// due for verification.
pub async fn verification_dates(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select assured_date as "assured_date!" from resources
           union all select assured_date from organizations"#
    )
    .fetch_all(pool)
    .await
}

pub async fn sources(pool: &SqlitePool) -> Result<Vec<SourceRow>, sqlx::Error> {
    sqlx::query_as!(
        SourceRow,
        r#"select id as "id!", title, publisher, file, date, date_label, url, note
         from sources order by rowid"#
    )
    .fetch_all(pool)
    .await
}

pub async fn source(pool: &SqlitePool, id: &str) -> Result<Option<SourceRow>, sqlx::Error> {
    sqlx::query_as!(
        SourceRow,
        r#"select id as "id!", title, publisher, file, date, date_label, url, note
         from sources where id = ?1"#,
        id
    )
    .fetch_optional(pool)
    .await
}
