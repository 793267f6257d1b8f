//! `/search`: the results page. Every filter lives in the address, so a search can be shared
//! and works without JavaScript; facets and chips are plain links that add or remove one.

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::render;
use super::state::AppState;
use crate::lang::Lang;
use std::sync::Arc;

use crate::search::{
    self, FacetValue, Filters, HelpOrReportBox, Hit, Labels, Outcome, PAGE_SIZE, Searcher,
    Suggestion,
};

pub fn router() -> Router<AppState> {
    Lang::ALL.into_iter().fold(Router::new(), |router, lang| {
        router.route(&lang.href("/search"), get(search_page))
    })
}

/// The address's parameters, as sent. Empty values mean "not set" (forms send them).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    /// The page's language, which its links keep: not a parameter.
    #[serde(skip)]
    lang: Lang,
    q: Option<String>,
    kind: Option<String>,
    topic: Option<String>,
    state: Option<String>,
    audience: Option<String>,
    agency: Option<String>,
    page: Option<String>,
}

/// A parameter of the search address: what code asks `SearchParams` for, so a misspelt name
/// is a compile error rather than a filter that silently reads nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    Q,
    Filter(Filter),
    Page,
}

/// A filter: each names one value the directory holds, and has a chip and a facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Kind,
    Topic,
    State,
    Audience,
    Agency,
}

impl Filter {
    const ALL: [Filter; 5] = [
        Filter::Kind,
        Filter::Topic,
        Filter::State,
        Filter::Audience,
        Filter::Agency,
    ];
}

impl Param {
    /// Every parameter, in the order an address writes them.
    const ALL: [Param; 7] = [
        Param::Q,
        Param::Filter(Filter::Kind),
        Param::Filter(Filter::Topic),
        Param::Filter(Filter::State),
        Param::Filter(Filter::Audience),
        Param::Filter(Filter::Agency),
        Param::Page,
    ];

    /// Its name in the address.
    fn name(self) -> &'static str {
        match self {
            Param::Q => "q",
            Param::Filter(Filter::Kind) => "kind",
            Param::Filter(Filter::Topic) => "topic",
            Param::Filter(Filter::State) => "state",
            Param::Filter(Filter::Audience) => "audience",
            Param::Filter(Filter::Agency) => "agency",
            Param::Page => "page",
        }
    }
}

const MAX_PAGE: usize = 10_000;

impl SearchParams {
    fn get(&self, param: Param) -> Option<&str> {
        let value = match param {
            Param::Q => &self.q,
            Param::Filter(Filter::Kind) => &self.kind,
            Param::Filter(Filter::Topic) => &self.topic,
            Param::Filter(Filter::State) => &self.state,
            Param::Filter(Filter::Audience) => &self.audience,
            Param::Filter(Filter::Agency) => &self.agency,
            Param::Page => &self.page,
        };
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// This search's address with `param` set to `value` (or removed, with `None`). Changing
    /// anything but the page goes back to page one.
    ///
    /// Written straight into one string: a results page makes one for every facet and chip,
    /// and making each with a serializer, then `format!`, then the language's prefix (three
    /// strings) took a twentieth of the page's time (perf, `/search?q=training+for+police`).
    fn href(&self, param: Param, value: Option<&str>) -> String {
        let mut href = self.lang.href("/search");
        href.reserve(64);
        let mut separator = '?';
        for each in Param::ALL {
            let current = if each == param {
                value
            } else if each == Param::Page {
                None
            } else {
                self.get(each)
            };
            if let Some(v) = current.filter(|v| !v.is_empty()) {
                // As `application/x-www-form-urlencoded` writes a pair: the names need no
                // escaping, the value gets it.
                href.push(separator);
                href.push_str(each.name());
                href.push('=');
                href.extend(form_urlencoded::byte_serialize(v.as_bytes()));
                separator = '&';
            }
        }
        href
    }
}

/// A removable filter: "Texas ✕".
pub struct Chip {
    pub label: String,
    pub remove_href: String,
}

pub struct FacetLink {
    pub label: String,
    pub count: usize,
    pub href: String,
    pub active: bool,
}

pub struct FacetGroup {
    /// The group's heading, in the page's language.
    pub title: &'static str,
    pub links: Vec<FacetLink>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    /// Hidden inputs that keep the filters when the words change.
    kept: Vec<(&'static str, String)>,
    chips: Vec<Chip>,
    facets: Vec<FacetGroup>,
    hits: Vec<Hit>,
    total: usize,
    /// "20 results; showing 1–20.", in the page's language.
    count: String,
    first: usize,
    page: usize,
    pages: usize,
    previous_href: Option<String>,
    next_href: Option<String>,
    first_page_href: String,
    notes: Vec<String>,
    suggestion: Option<Suggestion>,
    suggestion_href: Option<String>,
    original_href: Option<String>,
    searched: bool,
    answer: Option<HelpOrReportBox>,
}

async fn search_page(
    layout: Layout,
    State(searcher): State<Arc<Searcher>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let lang = layout.lang;
    let Query(mut params) =
        params.map_err(|_| AppError::BadRequest(layout.t("search-bad-address").into()))?;
    params.lang = lang;
    let page = match params.get(Param::Page) {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| AppError::BadRequest(layout.t1("search-bad-page", "page", p)))?,
    };
    let data = searcher.data_in(lang).await?;
    let (filters, chips) = checked_filters(&layout, &data.labels, &params)?;
    let q = params.get(Param::Q).unwrap_or_default().to_owned();
    let outcome = search::search(&data, &q, filters, page);
    let page_view = view(layout, &params, q, chips, outcome, page);
    let mut response = render(page_view)?.into_response();
    // What someone searched for is their business: keep it out of every cache, the server's
    // own included (see `cache::recent` for why).
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Checks each filter names something that exists (a 400 otherwise), and makes its chip.
/// The names come from the search data already in memory: a filter costs no query.
fn checked_filters(
    layout: &Layout,
    labels: &Labels,
    params: &SearchParams,
) -> Result<(Filters, Vec<Chip>), AppError> {
    let mut filters = Filters::default();
    let mut chips = Vec::new();
    for filter in Filter::ALL {
        let param = Param::Filter(filter);
        let Some(value) = params.get(param) else {
            continue;
        };
        let known = match filter {
            Filter::Kind => &labels.kinds,
            Filter::Topic => &labels.topics,
            Filter::State => &labels.states,
            Filter::Audience => &labels.audiences,
            Filter::Agency => &labels.agencies,
        };
        let unknown = || {
            AppError::BadRequest(match filter {
                Filter::Kind => layout.t1("search-unknown-kind", "value", value),
                Filter::Topic => layout.t1("search-unknown-topic", "value", value),
                Filter::State => layout.t1("search-unknown-state", "value", value),
                Filter::Audience => layout.t1("search-unknown-audience", "value", value),
                Filter::Agency => layout.t1("search-unknown-agency", "value", value),
            })
        };
        // State codes are upper case; a lower-case one is a slip worth forgiving.
        let wanted = if filter == Filter::State {
            value.to_ascii_uppercase()
        } else {
            value.to_owned()
        };
        let (slug, label) = known
            .iter()
            .find(|(slug, _)| *slug == wanted)
            .ok_or_else(unknown)?;
        chips.push(Chip {
            label: label.clone(),
            remove_href: params.href(param, None),
        });
        // The labels come from the catalog, whose values were checked on import: a value
        // that is not well formed cannot be there, and is answered as unknown if it were.
        match filter {
            Filter::Kind => filters.kind = Some(slug.parse().map_err(|_| unknown())?),
            Filter::Topic => filters.topic = Some(slug.parse().map_err(|_| unknown())?),
            Filter::State => filters.states.push(slug.parse().map_err(|_| unknown())?),
            Filter::Audience => filters.audience = Some(slug.parse().map_err(|_| unknown())?),
            Filter::Agency => filters.agency = Some(slug.parse().map_err(|_| unknown())?),
        }
    }
    Ok((filters, chips))
}

fn view(
    layout: Layout,
    params: &SearchParams,
    q: String,
    mut chips: Vec<Chip>,
    outcome: Outcome,
    page: usize,
) -> SearchPage {
    let Outcome {
        answer,
        parsed,
        total,
        hits,
        facets,
        suggestion,
        matched_any,
        unranked,
        capped,
        searched,
    } = outcome;
    // Places found in the words become chips whose removal takes the place out of the query.
    for place in &parsed.places {
        chips.insert(
            0,
            Chip {
                label: match &place.zip {
                    Some(zip) => layout.t2(
                        "search-zip-chip",
                        "zip",
                        zip.as_str(),
                        "states",
                        place.label.as_str(),
                    ),
                    None => place.label.clone(),
                },
                remove_href: params.href(Param::Q, Some(&place.without)),
            },
        );
    }
    let mut notes = Vec::new();
    if parsed.truncated {
        let max = search::query::MAX_QUERY_CHARS;
        notes.push(layout.t1("search-note-truncated", "max", max));
    }
    if let Some(zip) = &parsed.unplaced_zip {
        notes.push(layout.t1("search-note-unplaced-zip", "zip", zip.as_str()));
    }
    if matched_any {
        notes.push(layout.t("search-note-matched-any").to_owned());
    }
    if unranked {
        notes.push(layout.t("search-note-unranked").to_owned());
    }
    let group = |title: &'static str, filter: Filter, values: Vec<FacetValue>| FacetGroup {
        title,
        links: values
            .into_iter()
            .map(|v| {
                let param = Param::Filter(filter);
                let active = params
                    .get(param)
                    .is_some_and(|current| current.eq_ignore_ascii_case(&v.value));
                FacetLink {
                    href: params.href(param, if active { None } else { Some(&v.value) }),
                    label: v.label,
                    count: v.count,
                    active,
                }
            })
            .collect(),
    };
    let facet_groups: Vec<FacetGroup> = [
        group(layout.t("search-facet-kind"), Filter::Kind, facets.kind),
        group(layout.t("search-facet-topic"), Filter::Topic, facets.topic),
        group(layout.t("search-facet-state"), Filter::State, facets.state),
        group(
            layout.t("search-facet-audience"),
            Filter::Audience,
            facets.audience,
        ),
        group(
            layout.t("search-facet-agency"),
            Filter::Agency,
            facets.agency,
        ),
    ]
    .into_iter()
    .filter(|g| !g.links.is_empty())
    .collect();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let first = ((page - 1) * PAGE_SIZE + 1).min(total);
    let last = (page * PAGE_SIZE).min(total);
    let page_href = |p: usize| params.href(Param::Page, Some(&p.to_string()));
    let count = {
        let messages = layout.messages();
        let args = [
            ("total", total.into()),
            ("first", first.into()),
            ("last", last.into()),
        ];
        match (capped, pages > 1) {
            (false, false) => messages.format("search-count", &args),
            (false, true) => messages.format("search-count-page", &args),
            (true, false) => messages.format("search-count-capped", &args),
            (true, true) => messages.format("search-count-capped-page", &args),
        }
    };
    let (suggestion_href, original_href) = match &suggestion {
        Some(s) => (
            Some(params.href(Param::Q, Some(&s.query))),
            Some(params.href(Param::Q, Some(&parsed.text))),
        ),
        None => (None, None),
    };
    SearchPage {
        answer,
        layout: layout.at(Nav::Search),
        kept: Filter::ALL
            .into_iter()
            .map(Param::Filter)
            .filter_map(|param| Some((param.name(), params.get(param)?.to_owned())))
            .collect(),
        q,
        chips,
        facets: facet_groups,
        count,
        hits,
        total,
        first,
        page,
        pages,
        previous_href: (page > 1).then(|| page_href(page - 1)),
        next_href: (page < pages).then(|| page_href(page + 1)),
        first_page_href: params.href(Param::Page, None),
        notes,
        suggestion,
        suggestion_href,
        original_href,
        searched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each link a results page makes is the search's address with one parameter changed,
    /// encoded exactly as a form would send it, so a chip or facet link is the same search.
    #[test]
    fn links_keep_the_search_encoded_as_a_form_sends_it() {
        let params = SearchParams {
            lang: Lang::Es,
            q: Some(" niños & \"trata\" = 100% +1 ".into()),
            kind: Some("hotline".into()),
            state: Some("tx".into()),
            page: Some("3".into()),
            ..SearchParams::default()
        };
        assert_eq!(
            params.href(Param::Filter(Filter::Topic), Some("labor trafficking")),
            "/es/search?q=ni%C3%B1os+%26+%22trata%22+%3D+100%25+%2B1&kind=hotline\
             &topic=labor+trafficking&state=tx"
        );
        assert_eq!(
            params.href(Param::Page, Some("4")),
            "/es/search?q=ni%C3%B1os+%26+%22trata%22+%3D+100%25+%2B1&kind=hotline&state=tx&page=4"
        );
        let nothing = SearchParams::default();
        assert_eq!(nothing.href(Param::Q, None), "/search");
        assert_eq!(nothing.href(Param::Q, Some("")), "/search");
        assert_eq!(nothing.href(Param::Q, Some("a b")), "/search?q=a+b");
    }
}
