//! `/help`: every hotline and reporting line, contact first. `?state=XX` adds local lines.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::render;
use crate::db::directory::{self, StateCount};
use crate::db::resources::{self, ContactCard};

pub fn router() -> Routes {
    Routes::new().catalog_page(CatalogPage::at("/help").keyed_by_state(), help)
}

#[derive(Deserialize)]
struct HelpQuery {
    state: Option<String>,
}

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    layout: Layout,
    states: Vec<StateCount>,
    chosen: Option<StateCount>,
    local: Vec<ContactCard>,
    hotlines: Vec<ContactCard>,
    reporting: Vec<ContactCard>,
}

async fn help(
    layout: Layout,
    State(db): State<SqlitePool>,
    query: Result<Query<HelpQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let Query(query) = query.map_err(|_| AppError::MalformedQuery)?;
    let states = directory::states(&db, lang).await?;
    // The form's "Choose a state" option sends an empty value: that means no state.
    let chosen = match query
        .state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(code) => {
            let code = code.to_ascii_uppercase();
            let state = states.iter().find(|s| s.code == code).cloned();
            Some(state.ok_or_else(|| {
                AppError::BadRequest(layout.t1("help-unknown-state", "code", code.as_str()))
            })?)
        }
    };
    let local = match &chosen {
        Some(state) => resources::contact_lines(&db, Some(&state.code), lang).await?,
        None => Vec::new(),
    };
    let (hotlines, reporting) = resources::national_lines(&db, lang).await?;
    render(HelpPage {
        layout: layout.at(Nav::Help),
        states,
        chosen,
        local,
        hotlines,
        reporting,
    })
}
