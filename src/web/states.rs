//! `/states` and `/states/{code}`: each jurisdiction's own contacts first, then national ones.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use sqlx::SqlitePool;

use super::view::{Tile, tiles};
use super::{AppError, AppState, Segment, render};
use crate::db::directory::{self, StateCount};
use crate::db::resources::{self, ResourceCard};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/states", get(states))
        .route("/states/{code}", get(state))
}

#[derive(Template)]
#[template(path = "states.html")]
struct StatesPage {
    nav: &'static str,
    national: i64,
    states: Vec<StateCount>,
    tiles: Vec<Tile>,
}

async fn states(State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let states = directory::states(&db).await?;
    render(StatesPage {
        nav: "states",
        national: directory::national_resources(&db).await?,
        tiles: tiles(states.iter().map(|s| (s.code.as_str(), s.name.as_str()))),
        states,
    })
}

#[derive(Template)]
#[template(path = "state.html")]
struct StatePage {
    nav: &'static str,
    state: StateCount,
    local: Vec<ResourceCard>,
    national: Vec<ResourceCard>,
}

async fn state(State(db): State<SqlitePool>, Segment(code): Segment) -> Result<Response, AppError> {
    let state = directory::state(&db, &code.to_ascii_uppercase())
        .await?
        .ok_or(AppError::NotFound)?;
    // Codes are upper case in addresses; /states/tx is a slip worth forgiving, with a redirect
    // so there is one address per page.
    if state.code != code {
        return Ok(Redirect::permanent(&format!("/states/{}", state.code)).into_response());
    }
    Ok(render(StatePage {
        nav: "states",
        local: resources::local_to(&db, &state.code).await?,
        national: resources::national(&db).await?,
        state,
    })?
    .into_response())
}
