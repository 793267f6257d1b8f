//! Search: a person's query and filters → ranked, faceted, paged results.
//!
//! Ranking is FTS5's bm25 with field weights (names above topics above summary above
//! description). Cost is bounded: a query that matches more than `RANK_LIMIT` entries is not
//! ranked at all but listed in directory order, with a note, so "a" or "the" on a large
//! catalog costs a count and one page, not a sort of every row.

mod aids;
pub mod query;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use sqlx::{FromRow, SqlitePool};

use sqlx::SqliteConnection;

use crate::db::per_catalog::PerCatalog;
use crate::db::resources::ResourceCard;
pub use aids::{Aids, Labels};
use query::{Match, ParsedQuery};

pub const PAGE_SIZE: usize = 20;
/// Above this many matches, results are not ranked (see the module comment).
pub const RANK_LIMIT: usize = 1_000;
/// Fewer results than this and a spelling suggestion is worth looking for.
const FEW_RESULTS: usize = 3;

/// Most candidates any search considers; past this the total says "more than", and facet
/// counts are among these.
pub const CAP: usize = 1_000;

/// Filters from the address: each is a slug (or state codes), already checked to exist.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<String>,
    pub topic: Option<String>,
    pub audience: Option<String>,
    pub agency: Option<String>,
    pub states: Vec<String>,
}

impl Filters {
    fn any(&self) -> bool {
        self.kind.is_some()
            || self.topic.is_some()
            || self.audience.is_some()
            || self.agency.is_some()
            || !self.states.is_empty()
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub card: ResourceCard,
    /// HTML: escaped text with matches in `<mark>`.
    pub snippet_html: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub kind: Vec<FacetValue>,
    pub topic: Vec<FacetValue>,
    pub state: Vec<FacetValue>,
    pub audience: Vec<FacetValue>,
    pub agency: Vec<FacetValue>,
}

/// A spelling correction: `applied` when its results are the ones shown.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub query: String,
    pub applied: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub parsed: ParsedQuery,
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub suggestion: Option<Suggestion>,
    /// Nothing had every word, so entries with any of them are shown.
    pub matched_any: bool,
    /// Too many matches to rank: listed in directory order.
    pub unranked: bool,
    /// More than `CAP` results: `total` is `CAP` and facet counts are among those.
    pub capped: bool,
    /// There was something to search for (words, a number, or a filter).
    pub searched: bool,
}

#[derive(Debug, Clone, FromRow)]
struct Candidate {
    id: i64,
    score: f64,
    kind: String,
    agency: Option<String>,
    local: bool,
}

/// The search engine of one database: the read pool and the aids loaded for its catalog.
pub struct Searcher {
    pool: SqlitePool,
    aids: PerCatalog<Aids>,
}

impl Searcher {
    pub fn new(pool: SqlitePool) -> Self {
        Searcher {
            pool,
            aids: PerCatalog::default(),
        }
    }

    /// The aids for the current catalog (names for filters and facets, among others).
    pub async fn aids(&self) -> Result<Arc<Aids>, sqlx::Error> {
        self.aids.get(&self.pool, || Aids::load(&self.pool)).await
    }

    /// What `q` matches, best first, as resource slugs.
    pub async fn matching_slugs(&self, q: &str) -> Result<Vec<String>, sqlx::Error> {
        let aids = self.aids().await?;
        let mut conn = self.pool.acquire().await?;
        matching_slugs(&mut conn, &aids, q).await
    }

    /// Runs a search. `page` is 1-based.
    pub async fn search(
        &self,
        q: &str,
        filters: Filters,
        page: usize,
    ) -> Result<Outcome, sqlx::Error> {
        let aids = self.aids().await?;
        // One connection for the whole search: each query is a hop to SQLite's thread, and
        // taking a connection from the pool for each would add another.
        let mut conn = self.pool.acquire().await?;
        search(&mut conn, &aids, q, filters, page).await
    }
}

async fn search(
    conn: &mut SqliteConnection,
    aids: &Aids,
    q: &str,
    mut filters: Filters,
    page: usize,
) -> Result<Outcome, sqlx::Error> {
    let parsed = aids.parse(q);
    let synonyms = &aids.synonyms;
    // The words whose matches the snippets highlight: the corrected ones when they are shown.
    let mut shown = parsed.clone();
    add_place_filters(&parsed, &mut filters);
    let mut outcome = Outcome {
        searched: !parsed.is_empty() || filters.any(),
        ..Outcome::default()
    };

    let (mut candidates, unranked) = match query::fts_expression(&parsed, synonyms, Match::All) {
        Some(expression) => candidates_for(conn, &expression, &filters).await?,
        None if filters.any() => (filtered_only(conn, &filters).await?, false),
        None => (Vec::new(), false),
    };
    if candidates.len() < FEW_RESULTS
        && let Some(corrected) = aids.correction(&parsed)
    {
        let fixed = query::replace_words(&parsed.text, &corrected);
        let reparsed = aids.parse(&fixed);
        let better = match query::fts_expression(&reparsed, synonyms, Match::All) {
            Some(expression) => candidates_for(conn, &expression, &filters).await?.0,
            None => Vec::new(),
        };
        let applied = candidates.is_empty() && !better.is_empty();
        if applied || better.len() > candidates.len() {
            outcome.suggestion = Some(Suggestion {
                query: fixed,
                applied,
            });
        }
        if applied {
            candidates = better;
            shown = reparsed;
        }
    }
    if candidates.is_empty()
        && parsed.words.len() > 1
        && let Some(expression) = query::fts_expression(&parsed, synonyms, Match::Any)
    {
        (candidates, _) = candidates_for(conn, &expression, &filters).await?;
        outcome.matched_any = !candidates.is_empty();
    }

    outcome.capped = candidates.len() > CAP;
    rank(&mut candidates, &filters);
    outcome.total = candidates.len();
    outcome.unranked = unranked;
    outcome.facets = facets(conn, aids, &candidates).await?;
    let page_ids: Vec<i64> = candidates
        .iter()
        .skip(page.saturating_sub(1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|c| c.id)
        .collect();
    let expression = query::fts_expression(&shown, synonyms, Match::Any);
    outcome.hits = hits(conn, &page_ids, expression.as_deref()).await?;
    outcome.parsed = parsed;
    Ok(outcome)
}

/// Places named in the query ("texas", "TX", a ZIP code) filter by state.
fn add_place_filters(parsed: &ParsedQuery, filters: &mut Filters) {
    for place in &parsed.places {
        for state in &place.states {
            if !filters.states.contains(state) {
                filters.states.push(state.clone());
            }
        }
    }
}

/// In a state search the state's own entries first, then national ones; best match first
/// within each. Keeps the first `CAP`.
fn rank(candidates: &mut Vec<Candidate>, filters: &Filters) {
    let local_first = !filters.states.is_empty();
    candidates.sort_by(|a, b| {
        (local_first && !a.local)
            .cmp(&(local_first && !b.local))
            .then(a.score.total_cmp(&b.score))
            .then(a.id.cmp(&b.id))
    });
    candidates.truncate(CAP);
}

/// The slugs of what `q` matches, best first (at most `CAP`), for the HSDS API's `search`:
/// the same matching, synonyms and places as the site's search, without pages or facets.
async fn matching_slugs(
    conn: &mut SqliteConnection,
    aids: &Aids,
    q: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let parsed = aids.parse(q);
    let mut filters = Filters::default();
    add_place_filters(&parsed, &mut filters);
    let mut candidates = match query::fts_expression(&parsed, &aids.synonyms, Match::All) {
        Some(expression) => candidates_for(conn, &expression, &filters).await?.0,
        None if filters.any() => filtered_only(conn, &filters).await?,
        None => Vec::new(),
    };
    if candidates.is_empty()
        && parsed.words.len() > 1
        && let Some(expression) = query::fts_expression(&parsed, &aids.synonyms, Match::Any)
    {
        candidates = candidates_for(conn, &expression, &filters).await?.0;
    }
    rank(&mut candidates, &filters);
    let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
    sqlx::query_scalar(
        "select r.slug from json_each(?1) j join resources r on r.id = j.value order by j.key",
    )
    .bind(serde_json::to_string(&ids).expect("ids serialize"))
    .fetch_all(conn)
    .await
}

/// Entries that pass the filters, when there are no words to match.
async fn filtered_only(
    conn: &mut SqliteConnection,
    filters: &Filters,
) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as(FILTER_ONLY)
        .bind(None::<String>)
        .bind_filters(filters)
        .fetch_all(conn)
        .await
}

/// Matches for an FTS expression: ranked when there are few enough, else in directory order.
async fn candidates_for(
    conn: &mut SqliteConnection,
    expression: &str,
    filters: &Filters,
) -> Result<(Vec<Candidate>, bool), sqlx::Error> {
    if !too_many_to_rank(conn, expression).await? {
        let ranked = fetch(conn, MATCHED_RANKED, expression, filters).await?;
        return Ok((ranked, false));
    }
    // Too many to rank: the first matches in directory order (see the module comment).
    Ok((
        fetch(conn, MATCHED_UNRANKED, expression, filters).await?,
        true,
    ))
}

/// Whether an expression matches more entries than `RANK_LIMIT`. Counting stops at the
/// limit, so a broad query costs no more than a narrow one here.
async fn too_many_to_rank(
    conn: &mut SqliteConnection,
    expression: &str,
) -> Result<bool, sqlx::Error> {
    let matches: i64 = sqlx::query_scalar(
        "select count(*) from (select 1 from resource_search where resource_search match ?1 limit ?2)",
    )
    .bind(expression)
    .bind(RANK_LIMIT as i64 + 1)
    .fetch_one(conn)
    .await?;
    Ok(matches as usize > RANK_LIMIT)
}

async fn fetch(
    conn: &mut SqliteConnection,
    sql: &'static str,
    expression: &str,
    filters: &Filters,
) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as(sql)
        .bind(expression)
        .bind_filters(filters)
        .fetch_all(conn)
        .await
}

/// Binds ?2…?6 of the candidate queries.
trait BindFilters {
    fn bind_filters(self, filters: &Filters) -> Self;
}

impl<'q, O> BindFilters
    for sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>
{
    fn bind_filters(self, filters: &Filters) -> Self {
        self.bind(filters.kind.clone())
            .bind(filters.topic.clone())
            .bind(filters.audience.clone())
            .bind(filters.agency.clone())
            .bind(serde_json::to_string(&filters.states).expect("codes serialize"))
    }
}

/// The filter conditions every candidate query shares (?2 kind, ?3 topic, ?4 audience,
/// ?5 agency slug, ?6 JSON array of state codes).
macro_rules! filtered {
    ($select:literal, $from:literal, $where:literal, $tail:literal) => {
        // The subqueries do not depend on the row, so SQLite runs each once and then looks
        // rows up in its result: cheaper than asking per row while scanning many matches.
        concat!(
            $select,
            ", r.kind, o.slug as agency,
               r.id in (select sa.resource_id from service_areas sa
                        where sa.state_code in (select value from json_each(?6))) as local ",
            $from,
            " left join organizations o on o.id = r.organization_id
             where ",
            $where,
            " and (?2 is null or r.kind = ?2)
               and (?3 is null or r.id in (select resource_id from resource_topics where topic = ?3))
               and (?4 is null or r.id in (select resource_id from resource_audiences where audience = ?4))
               and (?5 is null or o.slug = ?5)
               and (json_array_length(?6) = 0 or r.is_national = 1
                    or r.id in (select sa.resource_id from service_areas sa
                                where sa.state_code in (select value from json_each(?6)))) ",
            $tail
        )
    };
}

/// bm25 weights, one per column of `resource_search` in order: name, alternate_names,
/// organization, topics, kind, summary, description, phones.
const MATCHED_RANKED: &str = filtered!(
    "select r.id, bm25(resource_search, 10.0, 10.0, 3.0, 5.0, 4.0, 2.0, 1.0, 10.0) as score",
    "from resource_search s join resources r on r.id = s.rowid",
    "resource_search match ?1",
    ""
);
const MATCHED_UNRANKED: &str = filtered!(
    "select r.id, 0.0 as score",
    "from resource_search s join resources r on r.id = s.rowid",
    "resource_search match ?1",
    "order by s.rowid limit 1001"
);
const FILTER_ONLY: &str = filtered!(
    "select r.id, 0.0 as score",
    "from resources r",
    "?1 is null",
    "order by r.id limit 1001"
);
const _: () = assert!(
    CAP == 1_000,
    "keep `limit 1001` in the queries above in step with CAP"
);

async fn facets(
    conn: &mut SqliteConnection,
    aids: &Aids,
    candidates: &[Candidate],
) -> Result<Facets, sqlx::Error> {
    if candidates.is_empty() {
        return Ok(Facets::default());
    }
    let ids = serde_json::to_string(&candidates.iter().map(|c| c.id).collect::<Vec<_>>())
        .expect("ids serialize");
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for c in candidates {
        *counts.entry(("kind".into(), c.kind.clone())).or_default() += 1;
        if let Some(agency) = &c.agency {
            *counts.entry(("agency".into(), agency.clone())).or_default() += 1;
        }
    }
    let grouped: Vec<(String, String, i64)> = sqlx::query_as(
        "select 'topic', topic, count(*) from resource_topics
          where resource_id in (select value from json_each(?1)) group by topic
         union all
         select 'audience', audience, count(*) from resource_audiences
          where resource_id in (select value from json_each(?1)) group by audience
         union all
         select 'state', state_code, count(*) from service_areas
          where resource_id in (select value from json_each(?1)) group by state_code",
    )
    .bind(ids)
    .fetch_all(conn)
    .await?;
    for (facet, value, count) in grouped {
        counts.insert((facet, value), count as usize);
    }
    let labelled = |facet: &str, labels: &[(String, String)]| -> Vec<FacetValue> {
        labels
            .iter()
            .filter_map(|(value, label)| {
                let count = *counts.get(&(facet.to_owned(), value.clone()))?;
                Some(FacetValue {
                    value: value.clone(),
                    label: label.clone(),
                    count,
                })
            })
            .collect()
    };
    let labels = &aids.labels;
    let mut facets = Facets {
        kind: labelled("kind", &labels.kinds),
        topic: labelled("topic", &labels.topics),
        state: labelled("state", &labels.states),
        audience: labelled("audience", &labels.audiences),
        agency: labelled("agency", &labels.agencies),
    };
    // Most useful first: the largest groups, in the vocabulary's order among equals.
    for values in [&mut facets.topic, &mut facets.state, &mut facets.agency] {
        values.sort_by_key(|v| std::cmp::Reverse(v.count));
    }
    Ok(facets)
}

/// Cards for the page's results, in the page's order, with highlighted snippets.
async fn hits(
    conn: &mut SqliteConnection,
    ids: &[i64],
    expression: Option<&str>,
) -> Result<Vec<Hit>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let cards = crate::db::resources::cards(
        &mut *conn,
        &serde_json::to_string(ids).expect("ids serialize"),
    )
    .await?;
    let snippets: HashMap<i64, String> = match expression {
        Some(expression) => {
            // One arm per result, each seeking straight to its rowid: a list of rowids would
            // make FTS5 walk every match of a broad query. The SQL holds only placeholders.
            let sql = (0..ids.len())
                .map(|i| {
                    format!(
                        "select ?{n}, snippet(resource_search, 6, char(57344), char(57345), '…', 24)
                         from resource_search where resource_search match ?1 and rowid = ?{n}",
                        n = i + 2
                    )
                })
                .collect::<Vec<_>>()
                .join(" union all ");
            let mut query =
                sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql)).bind(expression);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(conn).await?.into_iter().collect()
        }
        None => HashMap::new(),
    };
    let mut by_id: HashMap<i64, ResourceCard> = cards.into_iter().map(|c| (c.id, c)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| {
            let card = by_id.remove(id)?;
            let snippet_html = snippets
                .get(id)
                .filter(|s| s.contains('\u{E000}'))
                .map(|s| highlight(s));
            Some(Hit { card, snippet_html })
        })
        .collect())
}

/// Escapes a snippet for HTML, then turns FTS5's match markers (private-use characters no
/// text contains) into `<mark>` elements.
pub fn highlight(snippet: &str) -> String {
    let mut html = String::with_capacity(snippet.len() + 32);
    for c in snippet.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\u{E000}' => html.push_str("<mark>"),
            '\u{E001}' => html.push_str("</mark>"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_before_marks_are_added() {
        assert_eq!(
            highlight("a <b> & \u{E000}hotline\u{E001} \"x\""),
            "a &lt;b&gt; &amp; <mark>hotline</mark> &quot;x&quot;"
        );
    }
}
