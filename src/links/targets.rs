//! The web addresses to check, read from the catalog database: every http(s) address a page
//! can link to (resources' links, sources, organizations), each once, in order. A `tel:` link
//! is a phone number, not a page, and is left alone.

use sqlx::SqlitePool;
use url::Url;

use crate::catalog::Slug;

/// A web address to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// As the catalog writes it: what results are kept under, and what pages look them up by.
    pub written: String,
    /// As requested.
    pub url: Url,
}

/// Every web address in the catalog.
pub async fn all(pool: &SqlitePool) -> Result<Vec<Address>, sqlx::Error> {
    let urls: Vec<String> = sqlx::query_scalar(
        "select url from links
         union select url from sources where url is not null
         union select url from organizations where url is not null
         order by 1",
    )
    .fetch_all(pool)
    .await?;
    Ok(web_addresses(urls))
}

/// The web addresses the page of the resource `slug` links to: its links and the sources it
/// names. `None` when there is no such resource.
pub async fn of_resource(
    pool: &SqlitePool,
    slug: &Slug,
) -> Result<Option<Vec<Address>>, sqlx::Error> {
    let exists: Option<i64> = sqlx::query_scalar("select id from resources where slug = ?1")
        .bind(slug.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(id) = exists else {
        return Ok(None);
    };
    let urls: Vec<String> = sqlx::query_scalar(
        "select url from links where resource_id = ?1
         union select s.url from sources s
          where s.url is not null and s.id in (
                select source_id from resources where id = ?1
                union select source_id from resource_citations where resource_id = ?1
                union select from_source_id from links where resource_id = ?1
                union select from_source_id from phones where resource_id = ?1
                union select fs.source_id from resource_fact_sources fs
                        join resource_facts f on f.id = fs.fact_id where f.resource_id = ?1)
         order by 1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(web_addresses(urls)))
}

/// The http and https addresses among `urls` (the catalog checked them on import).
fn web_addresses(urls: Vec<String>) -> Vec<Address> {
    urls.into_iter()
        .filter_map(|written| {
            let url = Url::parse(&written).ok()?;
            matches!(url.scheme(), "http" | "https").then_some(Address { written, url })
        })
        .collect()
}
