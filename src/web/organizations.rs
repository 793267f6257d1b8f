//! `/organizations` and `/organizations/{slug}`: the agencies behind the entries.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use sqlx::SqlitePool;

use super::clock::Clock;
use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::{Segment, render};
use super::view::{Translation, is_stale};
use crate::db::directory::{self, OrganizationDetail, OrganizationSummary, SourceRow};
use crate::db::resources::{self, ResourceCard};
use crate::lang::Lang;

pub fn router() -> Routes {
    Routes::new()
        .catalog_page(CatalogPage::at("/organizations"), organizations)
        .catalog_page(
            CatalogPage::each(
                "/organizations/{slug}",
                "select '/organizations/' || slug, assured_date from organizations",
            ),
            organization,
        )
}

#[derive(Template)]
#[template(path = "organizations.html")]
struct OrganizationsPage {
    layout: Layout,
    organizations: Vec<OrganizationSummary>,
}

async fn organizations(
    layout: Layout,
    State(db): State<SqlitePool>,
) -> Result<Html<String>, AppError> {
    render(OrganizationsPage {
        layout: layout.at(Nav::Browse),
        organizations: directory::organizations(&db).await?,
    })
}

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    layout: Layout,
    org: OrganizationDetail,
    /// What the page says about the language of the organization's words.
    translation: Translation,
    children: Vec<OrganizationSummary>,
    resources: Vec<ResourceCard>,
    source: SourceRow,
    /// Last verified more than a year ago (`view::is_stale`).
    stale: bool,
}

async fn organization(
    layout: Layout,
    State(db): State<SqlitePool>,
    State(clock): State<Clock>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let org = directory::organization(&db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let source = directory::source(&db, &org.source_id)
        .await?
        .ok_or_else(|| sqlx::Error::RowNotFound)?;
    render(OrganizationPage {
        // Organizations are not translated.
        translation: Translation::of(layout.lang, Lang::En, None),
        layout: layout.at(Nav::Browse),
        children: directory::suborganizations(&db, org.id).await?,
        resources: resources::by_organization(&db, org.id, lang).await?,
        source,
        stale: is_stale(&org.assured_date, clock.today()),
        org,
    })
}
