//! `/kinds/training/matrix`: the directory's training and technical assistance entries against
//! the audiences they serve. The Department of Justice's 2023 page describes an interactive
//! matrix of OVC's training providers and their target audiences; this table is built the same
//! way from Lantern's own records, so it says only what those records say.
//!
//! A fixed path, not `/kinds/{kind}/matrix`: only training has such a matrix in the sources,
//! and any other kind's matrix address is a 404 like any unknown page.

use super::cache::catalog::CatalogPage;
use super::routes::Routes;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use sqlx::SqlitePool;

use super::error::AppError;
use super::layout::{Layout, Nav};
use super::page::render;
use crate::catalog::Kind;
use crate::db::directory::{self, SourceRow};
use crate::db::matrix::{self, Matrix};

/// The kind the matrix is about, and the source that describes the original matrix.
const KIND: Kind = Kind::Training;
const DESCRIBED_IN: &str = "doj-human-trafficking-resources-2023";

pub fn router() -> Routes {
    Routes::new().catalog_page(CatalogPage::at("/kinds/training/matrix"), training_matrix)
}

#[derive(Template)]
#[template(path = "matrix.html")]
struct MatrixPage {
    layout: Layout,
    kind_label: String,
    matrix: Matrix,
    described_in: Option<SourceRow>,
}

async fn training_matrix(
    layout: Layout,
    State(db): State<SqlitePool>,
) -> Result<Html<String>, AppError> {
    let lang = layout.lang;
    let kind = directory::kind(&db, KIND, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    render(MatrixPage {
        layout: layout.at(Nav::Browse),
        kind_label: kind.label,
        matrix: matrix::for_kind(&db, KIND, lang).await?,
        described_in: directory::source(&db, DESCRIBED_IN).await?,
    })
}
