//! `/states/{code}/card`: a pocket card to print for one state or territory, about 4 × 6
//! inches: 911, the National Human Trafficking Hotline's lines with one thing to know before
//! contacting it, and the state's own lines (its FBI field offices). Advocates hand it to people in danger, so every number on it is
//! read from the records, none is written into the template.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::{Segment, render};
use super::state::AppState;
use crate::db::directory::StateCount;
use crate::db::resources::{self, ContactCard, FactRow, ResourceDetail};

/// The records the card leads with, by slug: slugs are the catalog's stable names.
const EMERGENCY: &str = "call-911";
const HOTLINE: &str = "national-human-trafficking-hotline";

pub fn router() -> Routes {
    Routes::new().catalog_page(
        CatalogPage::each(
            "/states/{code}/card",
            "select '/states/' || code || '/card', null from states",
        ),
        card,
    )
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardPage {
    layout: Layout,
    state: StateCount,
    /// The state's page, in the card's language.
    state_href: String,
    /// Where the card lives, written on it so a reader can check for newer numbers: the
    /// operator's public address when one is configured, else the path alone. Never the
    /// request's Host header: the page is kept and served to everyone.
    address: String,
    /// 911. `None` only in a catalog without the record; the card then leaves it out rather
    /// than print a number no record holds.
    emergency: Option<ResourceDetail>,
    hotline: Option<ResourceDetail>,
    /// One thing to know before contacting the Hotline: the first of its record's contact
    /// facts. Chosen by position, not by its words, so the card follows the record when an
    /// editor reorders or rewrites the facts; the record leads with who answers (not the
    /// police, not immigration), which is what a person deciding whether to call needs most.
    fact: Option<FactRow>,
    /// The hotlines and reporting lines that serve this state: its FBI field offices.
    local: Vec<ContactCard>,
    /// The oldest and newest last-verified dates of the records on the card, as people read
    /// them ("December 2020", "November 28, 2026"); equal when all were verified together.
    verified: Option<(String, String)>,
    /// Today (UTC), as people read it: the day this card was printed from.
    printed: String,
}

/// The card says the day it was printed from: kept pages are rendered again each day (see
/// `cache`), so the date on a kept card is the date it is served, with no script. It also
/// says when its records were last verified, and where to check for newer numbers.
async fn card(
    layout: Layout,
    State(state): State<AppState>,
    Segment(code): Segment,
) -> Result<Response, AppError> {
    let lang = layout.lang;
    let db = &state.db;
    let jurisdiction = match super::states::jurisdiction(db, &code, "/card", lang).await? {
        Ok(state) => state,
        Err(redirect) => return Ok(redirect),
    };
    let emergency = resources::detail(db, EMERGENCY, lang).await?;
    let hotline = resources::detail(db, HOTLINE, lang).await?;
    let local = resources::contact_lines(db, Some(&jurisdiction.code), lang).await?;
    let ids: Vec<i64> = [&emergency, &hotline]
        .into_iter()
        .flatten()
        .map(|r| r.resource.id)
        .chain(local.iter().map(|c| c.card.id))
        .collect();
    let verified = resources::verified_span(db, &ids)
        .await?
        .map(|span| (layout.date(&span.oldest), layout.date(&span.newest)));
    // The card names its own address in its language: a Spanish reader checks the Spanish card.
    let path = layout.href(&format!("/states/{}/card", jurisdiction.code));
    let address = match &state.public_url {
        Some(url) => format!("{}{path}", url.trim_end_matches('/')),
        None => path,
    };
    let fact = hotline.as_ref().and_then(|h| h.facts.first().cloned());
    Ok(render(CardPage {
        printed: layout.messages().date(&state.clock.today()),
        state_href: layout.href(&format!("/states/{}", jurisdiction.code)),
        layout: layout.at(Nav::States),
        state: jurisdiction,
        address,
        emergency,
        fact,
        hotline,
        local,
        verified,
    })?
    .into_response())
}
