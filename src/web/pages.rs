//! The home page, the browse index and the about page: pages about the directory as a whole.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use sqlx::SqlitePool;

use super::clock::Clock;
use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::render;
use super::state::AppState;
use super::view::{Tile, is_stale, tiles};
use crate::db::directory::{self, SourceRow, TermCount};

pub fn router() -> Routes {
    Routes::new()
        .catalog_page(CatalogPage::at("/"), home)
        .catalog_page(CatalogPage::at("/kinds"), browse)
        .catalog_page(CatalogPage::at("/about"), about)
        .catalog_page(CatalogPage::at("/open-data"), open_data)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    total: i64,
    kinds: Vec<TermCount>,
    topics: Vec<TermCount>,
    tiles: Vec<Tile>,
}

async fn home(layout: Layout, State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let kinds = directory::kinds(&db, lang).await?;
    let states = directory::states(&db, lang).await?;
    render(HomePage {
        layout: layout.at(Nav::Home),
        total: kinds.iter().map(|k| k.resources).sum(),
        kinds,
        topics: directory::topics(&db, lang).await?,
        tiles: tiles(states.iter().map(|s| (s.code.as_str(), s.name.as_str()))),
    })
}

#[derive(Template)]
#[template(path = "kinds.html")]
struct BrowsePage {
    layout: Layout,
    total: i64,
    kinds: Vec<TermCount>,
}

async fn browse(layout: Layout, State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let kinds = directory::kinds(&db, lang).await?;
    render(BrowsePage {
        layout: layout.at(Nav::Browse),
        total: kinds.iter().map(|k| k.resources).sum(),
        kinds,
    })
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    layout: Layout,
    /// Days closed reports and suggestions are kept, as the privacy section says.
    retention_days: u32,
    total: i64,
    organizations: usize,
    sources: Vec<SourceRow>,
    /// Resources and organizations: the records that carry a verification date.
    verified_records: usize,
    /// Those due for verification on the day the page is rendered (kept pages are per day).
    due: usize,
}

async fn about(
    layout: Layout,
    State(state): State<AppState>,
    State(clock): State<Clock>,
) -> Result<Html<String>, AppError> {
    let db = &state.db;
    let lang = layout.lang;
    let kinds = directory::kinds(db, lang).await?;
    let dates = directory::verification_dates(db).await?;
    let today = clock.today();
    render(AboutPage {
        layout: layout.at(Nav::About),
        retention_days: state.feedback_retention_days,
        total: kinds.iter().map(|k| k.resources).sum(),
        organizations: directory::organizations(db).await?.len(),
        sources: directory::sources(db).await?,
        verified_records: dates.len(),
        due: dates.iter().filter(|date| is_stale(date, today)).count(),
    })
}

#[derive(Template)]
#[template(path = "open-data.html")]
struct OpenDataPage {
    layout: Layout,
    total: i64,
    organizations: usize,
    version: &'static str,
    per_page: usize,
    max_per_page: usize,
}

async fn open_data(layout: Layout, State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let kinds = directory::kinds(&db, lang).await?;
    render(OpenDataPage {
        layout: layout.at(Nav::OpenData),
        total: kinds.iter().map(|k| k.resources).sum(),
        organizations: directory::organizations(&db).await?.len(),
        version: crate::hsds::VERSION,
        per_page: super::hsds::DEFAULT_PER_PAGE,
        max_per_page: super::hsds::MAX_PER_PAGE,
    })
}
