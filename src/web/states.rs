//! `/states` and `/states/{code}`: each jurisdiction's own contacts first, then national ones.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sqlx::SqlitePool;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::{Segment, render};
use super::view::{Tile, tiles};
use crate::catalog::Kind;
use crate::db::directory::{self, StateCount};
use crate::db::resources::{self, ContactCard, ResourceCard};
use crate::lang::Lang;

pub fn router() -> Routes {
    Routes::new()
        .catalog_page(CatalogPage::at("/states"), states)
        .catalog_page(
            CatalogPage::each(
                "/states/{code}",
                "select '/states/' || code, null from states",
            ),
            state,
        )
}

#[derive(Template)]
#[template(path = "states.html")]
struct StatesPage {
    layout: Layout,
    national: i64,
    states: Vec<StateCount>,
    tiles: Vec<Tile>,
}

async fn states(layout: Layout, State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let states = directory::states(&db, lang).await?;
    render(StatesPage {
        layout: layout.at(Nav::States),
        national: directory::national_resources(&db).await?,
        tiles: tiles(states.iter().map(|s| (s.code.as_str(), s.name.as_str()))),
        states,
    })
}

/// A state's page, in the order the person who opens it needs: whom to call nearby, help now,
/// how to report, and then, folded away, what professionals look for.
#[derive(Template)]
#[template(path = "state.html")]
struct StatePage {
    layout: Layout,
    state: StateCount,
    /// Hotlines and reporting lines that serve this state: its FBI field offices.
    local: Vec<ContactCard>,
    /// National hotlines: the Hotline and 911.
    help_now: Vec<ContactCard>,
    /// National reporting lines.
    report: Vec<ContactCard>,
    professionals: Vec<KindGroup>,
}

/// Resources of one kind, the state's own first.
struct KindGroup {
    label: String,
    cards: Vec<ResourceCard>,
}

/// Everything that is not a line to call, grouped by kind in the kinds' order (both lists come
/// in that order), the state's own entries before national ones within each kind.
fn professional_groups(local: Vec<ResourceCard>, national: Vec<ResourceCard>) -> Vec<KindGroup> {
    let mut by_kind: Vec<(Kind, KindGroup)> = Vec::new();
    let mut add = |card: ResourceCard| {
        if card.is_contact_line() {
            return;
        }
        match by_kind.iter_mut().find(|(kind, _)| *kind == card.kind) {
            Some((_, group)) => group.cards.push(card),
            None => by_kind.push((
                card.kind,
                KindGroup {
                    label: card.kind_label.clone(),
                    cards: vec![card],
                },
            )),
        }
    };
    local.into_iter().for_each(&mut add);
    national.into_iter().for_each(&mut add);
    by_kind.into_iter().map(|(_, group)| group).collect()
}

/// The state or territory a `/states/{code}…` address names, or the answer to give instead:
/// a 404 for an unknown code, and for a lower-case one (a slip worth forgiving) a redirect to
/// the same page under the upper-case code, so there is one address per page. `rest` is what
/// follows the code ("" or "/card").
pub(super) async fn jurisdiction(
    db: &SqlitePool,
    code: &str,
    rest: &str,
    lang: Lang,
) -> Result<Result<StateCount, Response>, AppError> {
    let state = directory::state(db, &code.to_ascii_uppercase(), lang)
        .await?
        .ok_or(AppError::NotFound)?;
    if state.code != code {
        let to = lang.href(&format!("/states/{}{rest}", state.code));
        return Ok(Err(Redirect::permanent(&to).into_response()));
    }
    Ok(Ok(state))
}

async fn state(
    layout: Layout,
    State(db): State<SqlitePool>,
    Segment(code): Segment,
) -> Result<Response, AppError> {
    let lang = layout.lang;
    let state = match jurisdiction(&db, &code, "", lang).await? {
        Ok(state) => state,
        Err(redirect) => return Ok(redirect),
    };
    let (help_now, report) = resources::national_lines(&db, lang).await?;
    let professionals = professional_groups(
        resources::local_to(&db, &state.code, lang).await?,
        resources::national(&db, lang).await?,
    );
    Ok(render(StatePage {
        layout: layout.at(Nav::States),
        local: resources::contact_lines(&db, Some(&state.code), lang).await?,
        help_now,
        report,
        professionals,
        state,
    })?
    .into_response())
}
