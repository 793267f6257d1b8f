//! Which audiences each resource of a kind serves: the data behind a kind's matrix page
//! (`/kinds/training/matrix`), read in three small queries and put together here.

use std::collections::{HashMap, HashSet};

use sqlx::SqlitePool;

/// An audience column: its slug and what the page calls it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Audience {
    pub slug: String,
    pub label: String,
}

/// A row: a resource and, per audience column in order, whether it serves that audience.
#[derive(Debug, Clone)]
pub struct Row {
    pub slug: String,
    pub name: String,
    pub serves: Vec<bool>,
}

#[derive(Debug, Clone)]
pub struct Matrix {
    /// Every audience, in the seeds' order, whether or not any row serves it: an empty column
    /// says something too.
    pub audiences: Vec<Audience>,
    /// The kind's resources by name.
    pub rows: Vec<Row>,
}

pub async fn for_kind(pool: &SqlitePool, kind: &str) -> Result<Matrix, sqlx::Error> {
    let audiences: Vec<Audience> =
        sqlx::query_as("select slug, label from audiences order by position")
            .fetch_all(pool)
            .await?;
    let resources: Vec<(i64, String, String)> =
        sqlx::query_as("select id, slug, name from resources where kind = ?1 order by name")
            .bind(kind)
            .fetch_all(pool)
            .await?;
    let pairs: Vec<(i64, String)> = sqlx::query_as(
        "select ra.resource_id, ra.audience from resource_audiences ra
         join resources r on r.id = ra.resource_id where r.kind = ?1",
    )
    .bind(kind)
    .fetch_all(pool)
    .await?;
    let mut served: HashMap<i64, HashSet<String>> = HashMap::new();
    for (id, audience) in pairs {
        served.entry(id).or_default().insert(audience);
    }
    let rows = resources
        .into_iter()
        .map(|(id, slug, name)| {
            let theirs = served.remove(&id).unwrap_or_default();
            Row {
                serves: audiences.iter().map(|a| theirs.contains(&a.slug)).collect(),
                slug,
                name,
            }
        })
        .collect();
    Ok(Matrix { audiences, rows })
}
