//! `/organizations` and `/organizations/{slug}`: the agencies behind the entries.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use sqlx::SqlitePool;

use super::error::AppError;
use super::page::{Segment, render};
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
    nav: &'static str,
    organizations: Vec<OrganizationSummary>,
}

async fn organizations(State(db): State<SqlitePool>) -> Result<Html<String>, AppError> {
    render(OrganizationsPage {
        nav: "browse",
        organizations: directory::organizations(&db).await?,
    })
}

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    nav: &'static str,
    org: OrganizationDetail,
    children: Vec<OrganizationSummary>,
    resources: Vec<ResourceCard>,
    source: SourceRow,
}

async fn organization(
    State(db): State<SqlitePool>,
    Segment(slug): Segment,
) -> Result<Html<String>, AppError> {
    let org = directory::organization(&db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let source = directory::source(&db, &org.source_id)
        .await?
        .ok_or_else(|| sqlx::Error::RowNotFound)?;
    render(OrganizationPage {
        nav: "browse",
        children: directory::suborganizations(&db, org.id).await?,
        resources: resources::by_organization(&db, org.id, Lang::En).await?,
        source,
        org,
    })
}
