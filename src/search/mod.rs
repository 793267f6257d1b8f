//! Search: a person's query and filters → ranked, faceted, paged results.
//!
//! Ranking is FTS5's bm25 with field weights (names above topics above summary above
//! description). Cost is bounded: a query that matches more than `RANK_LIMIT` entries is not
//! ranked at all but listed in directory order, with a note, so "a" or "the" on a large
//! catalog costs a count and one page, not a sort of every row.

pub mod query;

use std::collections::HashMap;

use serde::Serialize;
use sqlx::{FromRow, SqlitePool};

use crate::db::resources::ResourceCard;
use query::{Match, ParsedQuery, Places};

pub const PAGE_SIZE: usize = 20;
/// Above this many matches, results are not ranked (see the module comment).
pub const RANK_LIMIT: i64 = 2_000;
/// Fewer results than this and a spelling suggestion is worth looking for.
const FEW_RESULTS: usize = 3;

/// Most matches a broad, unranked query lists; past this the total says "more than".
pub const UNRANKED_CAP: usize = 5_000;

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
    /// There was something to search for (words, a number, or a filter).
    pub searched: bool,
}

#[derive(Debug, Clone, FromRow)]
struct Candidate {
    id: i64,
    score: f64,
    name: String,
    kind: String,
    agency: Option<String>,
    local: bool,
}

/// Runs a search. `page` is 1-based.
pub async fn search(
    pool: &SqlitePool,
    q: &str,
    mut filters: Filters,
    page: usize,
) -> Result<Outcome, sqlx::Error> {
    let places = load_places(pool).await?;
    let synonyms = load_synonyms(pool).await?;
    let parsed = query::parse(q, &places);
    for place in &parsed.places {
        for state in &place.states {
            if !filters.states.contains(state) {
                filters.states.push(state.clone());
            }
        }
    }
    let mut outcome = Outcome {
        searched: !parsed.is_empty() || filters.any(),
        ..Outcome::default()
    };

    let (mut candidates, unranked) = match query::fts_expression(&parsed, &synonyms, Match::All) {
        Some(expression) => candidates(pool, Some(&expression), &filters).await?,
        None if filters.any() => candidates(pool, None, &filters).await?,
        None => (Vec::new(), false),
    };
    if candidates.len() < FEW_RESULTS
        && !parsed.words.is_empty()
        && let Some(corrected) = correction(pool, &parsed).await?
    {
        let fixed = query::replace_words(&parsed.text, &corrected);
        let reparsed = query::parse(&fixed, &places);
        let better = match query::fts_expression(&reparsed, &synonyms, Match::All) {
            Some(expression) => candidates_for(pool, &expression, &filters).await?.0,
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
        }
    }

    if candidates.is_empty()
        && parsed.words.len() > 1
        && let Some(expression) = query::fts_expression(&parsed, &synonyms, Match::Any)
    {
        (candidates, _) = candidates_for(pool, &expression, &filters).await?;
        outcome.matched_any = !candidates.is_empty();
    }
    // The state's own entries first, then national ones; best match first within each.
    let local_first = !filters.states.is_empty();
    candidates.sort_by(|a, b| {
        (local_first && !a.local)
            .cmp(&(local_first && !b.local))
            .then(a.score.total_cmp(&b.score))
            .then_with(|| a.name.cmp(&b.name))
    });
    outcome.total = candidates.len();
    outcome.unranked = unranked;
    outcome.facets = facets(pool, &candidates).await?;
    let page_ids: Vec<i64> = candidates
        .iter()
        .skip(page.saturating_sub(1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|c| c.id)
        .collect();
    let expression = query::fts_expression(
        &parsed_for_snippets(&outcome, &parsed, &places),
        &synonyms,
        Match::Any,
    );
    outcome.hits = hits(pool, &page_ids, expression.as_deref()).await?;
    outcome.parsed = parsed;
    Ok(outcome)
}

/// The query whose words the snippets highlight: the corrected one when it was applied.
fn parsed_for_snippets(outcome: &Outcome, parsed: &ParsedQuery, places: &Places) -> ParsedQuery {
    match &outcome.suggestion {
        Some(s) if s.applied => query::parse(&s.query, places),
        _ => parsed.clone(),
    }
}

async fn candidates(
    pool: &SqlitePool,
    expression: Option<&str>,
    filters: &Filters,
) -> Result<(Vec<Candidate>, bool), sqlx::Error> {
    match expression {
        Some(expression) => candidates_for(pool, expression, filters).await,
        None => {
            let rows = sqlx::query_as(FILTER_ONLY)
                .bind(None::<String>)
                .bind_filters(filters)
                .fetch_all(pool)
                .await?;
            Ok((rows, false))
        }
    }
}

/// Matches for an FTS expression: ranked when there are few enough, else in directory order.
async fn candidates_for(
    pool: &SqlitePool,
    expression: &str,
    filters: &Filters,
) -> Result<(Vec<Candidate>, bool), sqlx::Error> {
    let matches: i64 =
        sqlx::query_scalar("select count(*) from resource_search where resource_search match ?1")
            .bind(expression)
            .fetch_one(pool)
            .await?;
    let unranked = matches > RANK_LIMIT;
    let sql = if unranked {
        MATCHED_UNRANKED
    } else {
        MATCHED_RANKED
    };
    let rows = sqlx::query_as(sql)
        .bind(expression)
        .bind_filters(filters)
        .fetch_all(pool)
        .await?;
    Ok((rows, unranked))
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
        concat!(
            $select,
            ", r.name, r.kind, o.slug as agency,
               exists (select 1 from service_areas sa where sa.resource_id = r.id
                       and sa.state_code in (select value from json_each(?6))) as local ",
            $from,
            " left join organizations o on o.id = r.organization_id
             where ",
            $where,
            " and (?2 is null or r.kind = ?2)
               and (?3 is null or exists (select 1 from resource_topics t where t.resource_id = r.id and t.topic = ?3))
               and (?4 is null or exists (select 1 from resource_audiences a where a.resource_id = r.id and a.audience = ?4))
               and (?5 is null or o.slug = ?5)
               and (json_array_length(?6) = 0 or r.is_national = 1
                    or exists (select 1 from service_areas sa where sa.resource_id = r.id
                               and sa.state_code in (select value from json_each(?6)))) ",
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
    "order by r.id limit 5000"
);
const _: () = assert!(
    UNRANKED_CAP == 5_000,
    "keep the limit in MATCHED_UNRANKED in step"
);
const FILTER_ONLY: &str = filtered!(
    "select r.id, 0.0 as score",
    "from resources r",
    "?1 is null",
    ""
);

async fn load_places(pool: &SqlitePool) -> Result<Places, sqlx::Error> {
    let states: Vec<(String, String)> = sqlx::query_as("select code, name from states")
        .fetch_all(pool)
        .await?;
    let zips: Vec<(String, String)> = sqlx::query_as("select prefix, states from zip_prefixes")
        .fetch_all(pool)
        .await?;
    let zips = zips
        .into_iter()
        .map(|(prefix, states)| (prefix, serde_json::from_str(&states).unwrap_or_default()))
        .collect();
    Ok(Places::new(&states, zips))
}

async fn load_synonyms(pool: &SqlitePool) -> Result<Vec<Vec<String>>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("select group_id, term from synonyms order by group_id, term")
            .fetch_all(pool)
            .await?;
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut last = None;
    for (group, term) in rows {
        if last != Some(group) {
            groups.push(Vec::new());
            last = Some(group);
        }
        groups.last_mut().expect("pushed above").push(term);
    }
    Ok(groups)
}

/// For each word the index does not know, the closest word it does (a slip or two away),
/// preferring the more common. `None` when every word is known or none has a near neighbour.
async fn correction(
    pool: &SqlitePool,
    parsed: &ParsedQuery,
) -> Result<Option<Vec<(String, String)>>, sqlx::Error> {
    let mut corrections = Vec::new();
    for word in &parsed.words {
        let budget = query::typo_budget(word);
        if budget == 0 || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let len = word.chars().count() as i64;
        let terms: Vec<(String, i64)> = sqlx::query_as(
            "select term, doc from resource_words_vocab where length(term) between ?1 and ?2",
        )
        .bind(len - budget as i64)
        .bind(len + budget as i64)
        .fetch_all(pool)
        .await?;
        if terms.iter().any(|(term, _)| term == word) {
            continue;
        }
        let best = terms
            .iter()
            .map(|(term, docs)| (query::edit_distance(word, term), -docs, term))
            .filter(|(distance, ..)| *distance <= budget)
            .min();
        if let Some((_, _, term)) = best {
            corrections.push((word.clone(), term.clone()));
        }
    }
    Ok((!corrections.is_empty()).then_some(corrections))
}

async fn facets(pool: &SqlitePool, candidates: &[Candidate]) -> Result<Facets, sqlx::Error> {
    if candidates.is_empty() {
        return Ok(Facets::default());
    }
    let ids = serde_json::to_string(&candidates.iter().map(|c| c.id).collect::<Vec<_>>())
        .expect("ids serialize");
    let count_by = |values: &mut dyn Iterator<Item = String>| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
        counts
    };
    let kinds = count_by(&mut candidates.iter().map(|c| c.kind.clone()));
    let agencies = count_by(&mut candidates.iter().filter_map(|c| c.agency.clone()));
    let grouped = |sql: &'static str| {
        let ids = ids.clone();
        async move {
            let rows: Vec<(String, i64)> = sqlx::query_as(sql).bind(ids).fetch_all(pool).await?;
            Ok::<_, sqlx::Error>(
                rows.into_iter()
                    .map(|(k, n)| (k, n as usize))
                    .collect::<HashMap<_, _>>(),
            )
        }
    };
    let topics = grouped(
        "select topic, count(*) from resource_topics where resource_id in (select value from json_each(?1)) group by topic",
    )
    .await?;
    let audiences = grouped(
        "select audience, count(*) from resource_audiences where resource_id in (select value from json_each(?1)) group by audience",
    )
    .await?;
    let states = grouped(
        "select state_code, count(*) from service_areas where resource_id in (select value from json_each(?1)) group by state_code",
    )
    .await?;

    let labelled = |sql: &'static str, counts: HashMap<String, usize>| async move {
        let labels: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(pool).await?;
        Ok::<_, sqlx::Error>(
            labels
                .into_iter()
                .filter_map(|(value, label)| {
                    let count = *counts.get(&value)?;
                    Some(FacetValue {
                        value,
                        label,
                        count,
                    })
                })
                .collect::<Vec<_>>(),
        )
    };
    let mut facets = Facets {
        kind: labelled("select slug, label from kinds order by position", kinds).await?,
        topic: labelled("select slug, label from topics order by position", topics).await?,
        state: labelled("select code, name from states order by name", states).await?,
        audience: labelled(
            "select slug, label from audiences order by position",
            audiences,
        )
        .await?,
        agency: labelled(
            "select slug, name from organizations order by name",
            agencies,
        )
        .await?,
    };
    // Most useful first: the largest groups, in the vocabulary's order among equals.
    for values in [&mut facets.topic, &mut facets.state, &mut facets.agency] {
        values.sort_by_key(|v| std::cmp::Reverse(v.count));
    }
    Ok(facets)
}

/// Cards for the page's results, in the page's order, with highlighted snippets.
async fn hits(
    pool: &SqlitePool,
    ids: &[i64],
    expression: Option<&str>,
) -> Result<Vec<Hit>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids_json = serde_json::to_string(ids).expect("ids serialize");
    let cards = crate::db::resources::cards(pool, &ids_json).await?;
    let snippets: HashMap<i64, String> = match expression {
        Some(expression) => sqlx::query_as::<_, (i64, String)>(
            "select rowid, snippet(resource_search, 6, char(57344), char(57345), '…', 24)
             from resource_search where resource_search match ?1 and rowid in (select value from json_each(?2))",
        )
        .bind(expression)
        .bind(&ids_json)
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect(),
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
