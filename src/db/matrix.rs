//! Which audiences each resource of a kind serves: the data behind a kind's matrix page
//! (`/kinds/training/matrix`), read in three small queries and put together here.

use std::collections::{HashMap, HashSet};

use sqlx::SqlitePool;

use crate::catalog::Kind;
use crate::lang::Lang;

/// An audience column: its slug and what the page calls it.
#[derive(Debug, Clone)]
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

/// A resource of the kind, before its audiences are known.
struct KindMember {
    id: i64,
    slug: String,
    name: String,
}

/// One audience one resource serves.
struct Serves {
    resource_id: i64,
    audience: String,
}

/// The matrix of `kind`, its audience labels and resource names in `lang` where translated.
pub async fn for_kind(pool: &SqlitePool, kind: Kind, lang: Lang) -> Result<Matrix, sqlx::Error> {
    let audiences = sqlx::query_as!(
        Audience,
        r#"select a.slug as "slug!", coalesce(vt.label, a.label) as "label!"
         from audiences a left join vocabulary_translations vt
           on vt.vocabulary = 'audience' and vt.slug = a.slug and vt.lang = ?1
         order by a.position"#,
        lang
    )
    .fetch_all(pool)
    .await?;
    let members = sqlx::query_as!(
        KindMember,
        r#"select r.id, r.slug, coalesce(t.name, r.name) as "name!"
         from resources r left join resource_translations t on t.resource_id = r.id and t.lang = ?2
         where r.kind = ?1 order by 3"#,
        kind,
        lang
    )
    .fetch_all(pool)
    .await?;
    let pairs = sqlx::query_as!(
        Serves,
        "select ra.resource_id, ra.audience from resource_audiences ra
         join resources r on r.id = ra.resource_id where r.kind = ?1",
        kind
    )
    .fetch_all(pool)
    .await?;
    let mut served: HashMap<i64, HashSet<String>> = HashMap::new();
    for pair in pairs {
        served
            .entry(pair.resource_id)
            .or_default()
            .insert(pair.audience);
    }
    let rows = members
        .into_iter()
        .map(|member| {
            let theirs = served.remove(&member.id).unwrap_or_default();
            Row {
                serves: audiences.iter().map(|a| theirs.contains(&a.slug)).collect(),
                slug: member.slug,
                name: member.name,
            }
        })
        .collect();
    Ok(Matrix { audiences, rows })
}
