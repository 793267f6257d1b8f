//! `/help`: every hotline and reporting line, contact first. `?state=XX` adds local lines.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::error::AppError;
use super::page::render;
use crate::db::directory::{self, StateCount};
use crate::db::resources::{self, ContactCard};
use crate::lang::Lang;

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
    nav: &'static str,
    states: Vec<StateCount>,
    chosen: Option<StateCount>,
    local: Vec<ContactCard>,
    hotlines: Vec<ContactCard>,
    reporting: Vec<ContactCard>,
}

async fn help(
    State(db): State<SqlitePool>,
    query: Result<Query<HelpQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Html<String>, AppError> {
    let Query(query) =
        query.map_err(|_| AppError::BadRequest("That address has a malformed query.".into()))?;
    let states = directory::states(&db, Lang::En).await?;
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
                AppError::BadRequest(format!(
                    "“{code}” is not a state or territory code the directory knows. Choose one from the list."
                ))
            })?)
        }
    };
    let local = match &chosen {
        Some(state) => resources::contact_lines(&db, Some(&state.code), Lang::En).await?,
        None => Vec::new(),
    };
    let (hotlines, reporting) = resources::national_lines(&db, Lang::En).await?;
    render(HelpPage {
        nav: "help",
        states,
        chosen,
        local,
        hotlines,
        reporting,
    })
}
