//! The site's routes as the page modules register them. A catalog page is one line,
//! `.catalog_page(CatalogPage::at("/help"), help)`, which also serves it in Spanish at `/es/help`,
//! makes it kept, lists it in the
//! sitemap and sent with the catalog pages' `Cache-Control` (see `cache::catalog`).

use axum::Router;
use axum::handler::Handler;
use axum::routing::get;

use super::cache::catalog::{CatalogPage, CatalogPages};
use super::state::AppState;
use crate::lang::Lang;

/// A router and the catalog pages registered on it.
pub struct Routes {
    router: Router<AppState>,
    catalog: Vec<CatalogPage>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            catalog: Vec::new(),
        }
    }

    /// Serves `handler` (GET and HEAD) as a catalog page, in every language: `/help` and
    /// `/es/help` are one registration (the handler reads the language from its `Layout`).
    pub fn catalog_page<H, T>(mut self, page: CatalogPage, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        for lang in Lang::ALL {
            self.router = self
                .router
                .route(&lang.href(page.route), get(handler.clone()));
        }
        self.catalog.push(page);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.catalog.extend(other.catalog);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, CatalogPages) {
        (self.router, CatalogPages::new(self.catalog))
    }
}
