//! Search: a person's query and filters → ranked, faceted, paged results.
//!
//! Everything runs on the in-memory index (`index`), rebuilt once per catalog: no query to the
//! database per search. Ranking is bm25 with field weights (names above topics above summary
//! above description). Cost is bounded: a query that matches more than `RANK_LIMIT` entries
//! is not ranked at all but listed in directory order, with a note, so "a" or "the" on a large
//! catalog costs a pass over its matches and one page, not a score for every one.
//!
//! A search runs in the language of its page: the Spanish site's search has data of its own
//! (`SearchData` for `Lang::Es`: Spanish text beside the English, Spanish stems, stopwords,
//! state names and labels), apart from the English search's, so the English search finds and
//! ranks what it would without it. Both are built together, from one reading of the catalog:
//! `serve` builds them before it listens (`AppState::build_per_catalog`), and after an import
//! they are rebuilt when a search in either language first asks for them. So a search after
//! an import waits for both builds (they run at once, one per core), and one that fails fails
//! both languages' searches until the next attempt.

mod cards;
mod data;
mod index;
mod intent;
mod labels;
pub mod query;
mod text;
mod translations;

use std::sync::Arc;

use serde::Serialize;
use sqlx::SqlitePool;

use crate::catalog::{Intent, Kind, Slug, StateCode};
use crate::db::per_catalog::PerCatalog;
use crate::db::resources::ResourceCard;
use crate::lang::Lang;
pub use data::{Bilingual, SearchData};
use index::{Index, Naming};
pub use labels::Labels;
use query::{Match, ParsedQuery};

pub const PAGE_SIZE: usize = 20;
/// Above this many matches, results are not ranked (see the module comment).
pub const RANK_LIMIT: usize = 1_000;
/// Fewer results than this and a spelling suggestion is worth looking for.
const FEW_RESULTS: usize = 3;

/// Most candidates any search considers; past this the total says "more than", and facet
/// counts are among these.
pub const CAP: usize = 1_000;

/// Filters from the address, already checked to exist.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<Kind>,
    pub topic: Option<Slug>,
    pub audience: Option<Slug>,
    pub agency: Option<Slug>,
    pub states: Vec<StateCode>,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Its name and summary in the search's language where translated (`card.text_lang`);
    /// the snippet is in that language too.
    pub card: ResourceCard,
    /// HTML: escaped text with matches in `<mark>`.
    pub snippet_html: Option<String>,
}

impl Hit {
    /// An entry shown without a snippet.
    fn of(index: &Index, doc: u32) -> Hit {
        Hit {
            card: index.cards().card(doc),
            snippet_html: None,
        }
    }
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

/// What a search that asks for help or to report is answered with, above the results.
#[derive(Debug, Clone)]
pub struct HelpOrReportBox {
    /// What the words asked for, in seed order: help, report, or both.
    pub intents: Vec<Intent>,
    /// The lines that answer it (seeds/intents.toml), each once; no snippets.
    pub lines: Vec<Hit>,
    /// Hotlines and reporting lines of the states the query names (or filters by).
    pub local: Vec<Hit>,
}

impl HelpOrReportBox {
    pub fn asks(&self, intent: Intent) -> bool {
        self.intents.contains(&intent)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub parsed: ParsedQuery,
    /// Shown first, when the words ask for help or to report.
    pub answer: Option<HelpOrReportBox>,
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

/// A matching entry: its position in the index, its score, and whether it serves one of the
/// states filtered by (rather than the whole country). `named` is set while ranking.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    doc: u32,
    score: f64,
    local: bool,
    named: Naming,
}

/// The search engine of one database: the search data (the index among it) loaded for its
/// catalog. A search reads only those, in memory; the database is asked only whether the
/// catalog changed.
pub struct Searcher {
    pool: SqlitePool,
    data: PerCatalog<Bilingual>,
}

impl Searcher {
    pub fn new(pool: SqlitePool) -> Self {
        Searcher {
            pool,
            data: PerCatalog::default(),
        }
    }

    /// What English search reads for the current catalog (names for filters and facets,
    /// among others), built when the catalog changed.
    pub async fn data(&self) -> Result<Arc<SearchData>, sqlx::Error> {
        self.data_in(Lang::En).await
    }

    /// What search in `lang` reads for the current catalog, built (in both languages) when the
    /// catalog changed.
    pub async fn data_in(&self, lang: Lang) -> Result<Arc<SearchData>, sqlx::Error> {
        let both = (self.data)
            .get(&self.pool, || Bilingual::load(&self.pool))
            .await?;
        Ok(both.get(lang).clone())
    }

    /// Whether both languages' indexes have been built (for some catalog): search answers
    /// without first waiting for a build.
    pub fn is_built(&self) -> bool {
        self.data.is_built()
    }

    /// How many times the search data was built (once per catalog version, both languages
    /// at once).
    pub fn builds(&self) -> u64 {
        self.data.builds()
    }

    /// What `q` matches, best first (at most `CAP`), as resource slugs: the HSDS API's
    /// `search`, with the same matching, synonyms and places as the site's, without pages or
    /// facets.
    pub async fn matching_slugs(&self, q: &str) -> Result<Vec<String>, sqlx::Error> {
        let data = self.data().await?;
        let parsed = data.parse(q);
        let filter =
            FilterPositions::new(&place_filters(&parsed, Filters::default()), &data.labels);
        let (mut candidates, _) = matching(&data, &parsed, &filter, Match::All);
        if candidates.is_empty() && parsed.words.len() > 1 {
            (candidates, _) = matching(&data, &parsed, &filter, Match::Any);
        }
        rank(&data, &mut candidates, &filter, &spoken(&parsed));
        let cards = data.index.cards();
        Ok(candidates
            .iter()
            .map(|c| cards.slug(c.doc).to_owned())
            .collect())
    }

    /// Runs a search in the language of the page it is made on. `page` is 1-based.
    pub async fn search(
        &self,
        lang: Lang,
        q: &str,
        filters: Filters,
        page: usize,
    ) -> Result<Outcome, sqlx::Error> {
        let data = self.data_in(lang).await?;
        Ok(search(&data, q, filters, page))
    }
}

/// Runs a search on `data`, the search data of the language of the page it is made on.
/// `page` is 1-based.
pub fn search(data: &SearchData, q: &str, filters: Filters, page: usize) -> Outcome {
    let parsed = data.parse(q);
    let filters = place_filters(&parsed, filters);
    let filter = FilterPositions::new(&filters, &data.labels);
    // The words whose matches the snippets highlight: the corrected ones when they are shown.
    let mut shown = parsed.clone();
    let mut outcome = Outcome {
        searched: !parsed.is_empty() || filter.any(),
        ..Outcome::default()
    };

    let (mut candidates, mut unranked) = matching(data, &parsed, &filter, Match::All);
    if candidates.len() < FEW_RESULTS
        && let Some(corrected) = data.correction(&parsed)
    {
        let fixed = query::replace_words(&parsed.text, &corrected);
        let reparsed = data.parse(&fixed);
        let better = matching(data, &reparsed, &filter, Match::All);
        let applied = candidates.is_empty() && !better.0.is_empty();
        if applied || better.0.len() > candidates.len() {
            outcome.suggestion = Some(Suggestion {
                query: fixed,
                applied,
            });
        }
        if applied {
            (candidates, unranked) = better;
            shown = reparsed;
        }
    }
    if candidates.is_empty() && parsed.words.len() > 1 {
        (candidates, unranked) = matching(data, &parsed, &filter, Match::Any);
        outcome.matched_any = !candidates.is_empty();
    }

    outcome.capped = candidates.len() > CAP;
    // The words as searched: corrected, when the correction's results are the ones shown. A
    // request is answered as typed ("linea" is Spanish, not a slip for "line"), else as
    // corrected ("hlep" is "help").
    let searched = spoken(&shown);
    rank(data, &mut candidates, &filter, &searched);
    outcome.answer =
        answer(data, &spoken(&parsed), &filter).or_else(|| answer(data, &searched, &filter));
    outcome.total = candidates.len();
    outcome.unranked = unranked;
    outcome.facets = facets(data, &candidates);
    let highlighter = query::expression(&shown, &data.synonyms, Match::Any)
        .map(|expression| data.index.highlighter(&expression));
    outcome.hits = candidates
        .iter()
        .skip(page.saturating_sub(1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|c| Hit {
            card: data.index.cards().card(c.doc),
            snippet_html: highlighter.as_ref().and_then(|h| h.snippet(c.doc)),
        })
        .collect();
    outcome.parsed = parsed;
    outcome
}

/// The entries that match a query's words (combined `how`) and pass the filters; with no
/// words, those that pass the filters, if any are set. `true` when too many to rank.
fn matching(
    data: &SearchData,
    parsed: &ParsedQuery,
    filter: &FilterPositions,
    how: Match,
) -> (Vec<Candidate>, bool) {
    match query::expression(parsed, &data.synonyms, how) {
        Some(expression) => candidates_for(data, &expression, filter),
        None if filter.any() => (filtered_only(data, filter), false),
        None => (Vec::new(), false),
    }
}

/// Places named in the query ("texas", "TX", a ZIP code) filter by state.
fn place_filters(parsed: &ParsedQuery, mut filters: Filters) -> Filters {
    for place in &parsed.places {
        for state in place.states.iter().filter_map(|s| s.parse().ok()) {
            if !filters.states.contains(&state) {
                filters.states.push(state);
            }
        }
    }
    filters
}

/// The filters as positions in the labels' lists, the way each `Doc` holds its own.
struct FilterPositions {
    kind: Option<u32>,
    topic: Option<u32>,
    audience: Option<u32>,
    agency: Option<u32>,
    states: Vec<u32>,
}

impl FilterPositions {
    fn new(filters: &Filters, labels: &Labels) -> Self {
        // A slug the labels lack (checked before, so never in practice) matches nothing.
        let at = |list: &[(String, String)], slug: &str| {
            list.iter()
                .position(|(s, _)| s == slug)
                .map_or(u32::MAX, |at| at as u32)
        };
        let one = |list, slug: &Option<Slug>| slug.as_ref().map(|s| at(list, s.as_str()));
        FilterPositions {
            kind: filters.kind.map(|kind| at(&labels.kinds, kind.slug())),
            topic: one(&labels.topics, &filters.topic),
            audience: one(&labels.audiences, &filters.audience),
            agency: one(&labels.agencies, &filters.agency),
            states: filters
                .states
                .iter()
                .map(|s| at(&labels.states, s.as_str()))
                .collect(),
        }
    }

    fn any(&self) -> bool {
        self.kind.is_some()
            || self.topic.is_some()
            || self.audience.is_some()
            || self.agency.is_some()
            || !self.states.is_empty()
    }

    /// Whether an entry passes, and whether it is local to a state filter by.
    fn admit(&self, index: &Index, doc: u32) -> Option<bool> {
        let facets = &index.docs()[doc as usize].facets;
        let local = facets.states().iter().any(|s| self.states.contains(s));
        let admitted = self.kind.is_none_or(|k| facets.kind == Some(k))
            && self.topic.is_none_or(|t| facets.topics().contains(&t))
            && self
                .audience
                .is_none_or(|a| facets.audiences().contains(&a))
            && self.agency.is_none_or(|a| facets.agency == Some(a))
            && (self.states.is_empty() || index.cards().is_national(doc) || local);
        admitted.then_some(local)
    }
}

/// Every word of a query as typed (stopwords and places too): what names and intents are
/// compared with.
fn spoken(parsed: &ParsedQuery) -> Vec<String> {
    text::words(&parsed.text)
}

/// An entry the query names comes first; then, in a state search, the state's own entries
/// before national ones; best match first within each. Keeps the first `CAP`.
fn rank(
    data: &SearchData,
    candidates: &mut Vec<Candidate>,
    filter: &FilterPositions,
    spoken: &[String],
) {
    let named = data.index.named(spoken);
    if !named.is_empty() {
        for candidate in candidates.iter_mut() {
            candidate.named = named.get(&candidate.doc).copied().unwrap_or_default();
        }
    }
    let local_first = !filter.states.is_empty();
    candidates.sort_by(|a, b| {
        (b.named.cmp(&a.named))
            .then((local_first && !a.local).cmp(&(local_first && !b.local)))
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    candidates.truncate(CAP);
}

/// The answer to a query that asks for help or to report: its lines, then the contact lines
/// of the states it names. None when it asks for neither, or when it names an entry the
/// answer does not hold ("TIP report" is a publication, not a request).
fn answer(
    data: &SearchData,
    spoken: &[String],
    filter: &FilterPositions,
) -> Option<HelpOrReportBox> {
    let (intents, lines) = data.intents.asked(spoken);
    if intents.is_empty() {
        return None;
    }
    let names_another = (data.index.named(spoken).keys()).any(|doc| !lines.contains(doc));
    if names_another {
        return None;
    }
    let index = &data.index;
    let (docs, cards) = (index.docs(), index.cards());
    let local = if filter.states.is_empty() {
        Vec::new()
    } else {
        (0..docs.len() as u32)
            .filter(|&doc| {
                !cards.is_national(doc)
                    && cards.is_contact_line(doc)
                    && (docs[doc as usize].facets.states().iter())
                        .any(|s| filter.states.contains(s))
            })
            .map(|doc| Hit::of(index, doc))
            .collect()
    };
    Some(HelpOrReportBox {
        intents,
        lines: lines.iter().map(|&at| Hit::of(index, at)).collect(),
        local,
    })
}

/// Entries that pass the filters, when there are no words to match: directory order.
fn filtered_only(data: &SearchData, filter: &FilterPositions) -> Vec<Candidate> {
    (0..data.index.docs().len() as u32)
        .filter_map(|doc| {
            filter.admit(&data.index, doc).map(|local| Candidate {
                doc,
                score: 0.0,
                local,
                named: Naming::Not,
            })
        })
        .take(CAP + 1)
        .collect()
}

/// Matches for an expression that pass the filters: ranked when there are few enough, else
/// the first in directory order (see the module comment), with `true`.
fn candidates_for(
    data: &SearchData,
    expression: &query::Expression,
    filter: &FilterPositions,
) -> (Vec<Candidate>, bool) {
    let mut matches = data.index.run(expression);
    let admitted = (matches.docs.iter())
        .filter_map(|&doc| filter.admit(&data.index, doc).map(|local| (doc, local)));
    let mut candidates: Vec<Candidate> = admitted
        .take(RANK_LIMIT + 1)
        .map(|(doc, local)| Candidate {
            doc,
            score: 0.0,
            local,
            named: Naming::Not,
        })
        .collect();
    if candidates.len() > RANK_LIMIT {
        return (candidates, true);
    }
    for candidate in &mut candidates {
        candidate.score = matches.score(candidate.doc);
    }
    (candidates, false)
}

/// Counts of each kind, topic, state, audience and agency among the results, with labels.
fn facets(data: &SearchData, candidates: &[Candidate]) -> Facets {
    let labels = &data.labels;
    let mut kinds = vec![0; labels.kinds.len()];
    let mut agencies = vec![0; labels.agencies.len()];
    let mut topics = vec![0; labels.topics.len()];
    let mut audiences = vec![0; labels.audiences.len()];
    let mut states = vec![0; labels.states.len()];
    let docs = data.index.docs();
    for candidate in candidates {
        let positions = &docs[candidate.doc as usize].facets;
        for (counts, one) in [
            (&mut kinds, positions.kind),
            (&mut agencies, positions.agency),
        ] {
            if let Some(at) = one {
                counts[at as usize] += 1;
            }
        }
        for (counts, all) in [
            (&mut topics, positions.topics()),
            (&mut audiences, positions.audiences()),
            (&mut states, positions.states()),
        ] {
            for &at in all {
                counts[at as usize] += 1;
            }
        }
    }
    let labelled = |counts: Vec<usize>, labels: &[(String, String)]| -> Vec<FacetValue> {
        labels
            .iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|((value, label), count)| FacetValue {
                value: value.clone(),
                label: label.clone(),
                count,
            })
            .collect()
    };
    let mut facets = Facets {
        kind: labelled(kinds, &labels.kinds),
        topic: labelled(topics, &labels.topics),
        state: labelled(states, &labels.states),
        audience: labelled(audiences, &labels.audiences),
        agency: labelled(agencies, &labels.agencies),
    };
    // Most useful first: the largest groups, in the vocabulary's order among equals.
    for values in [&mut facets.topic, &mut facets.state, &mut facets.agency] {
        values.sort_by_key(|v| std::cmp::Reverse(v.count));
    }
    facets
}
