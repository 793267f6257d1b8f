//! `Layout`: what every page's frame needs to know about the request it answers: its language
//! (from the address alone), the messages in that language, which main-menu entry is the
//! current page, and the page's address for the links to its other-language twin.
//! Page handlers take it as an extractor and hand it to their template as `layout`.

use fluent_bundle::FluentValue;

use super::cache::PageKey;
use crate::i18n::{self, Messages};
use crate::lang::Lang;

/// The main-menu entry a page belongs to (marked `aria-current`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nav {
    #[default]
    None,
    Home,
    Help,
    Browse,
    States,
    Search,
    Safety,
    About,
    OpenData,
}

#[derive(Clone)]
pub struct Layout {
    pub lang: Lang,
    pub nav: Nav,
    messages: &'static Messages,
    /// This page's address in English form (`/help?state=TX`), with only the query string
    /// the page reads: a kept page is shared by every query string, and must not carry one
    /// visitor's into the links it shows another.
    here: String,
}

impl Layout {
    /// The frame of a page at `here` (English form) in `lang`.
    pub fn new(lang: Lang, here: impl Into<String>) -> Layout {
        Layout {
            lang,
            nav: Nav::None,
            messages: i18n::messages(lang),
            here: here.into(),
        }
    }

    /// The frame of the page at `address` (`/es/help?state=TX`): its language from the path.
    pub fn at_address(address: &str) -> Layout {
        let (path, query) = match address.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (address, None),
        };
        let (lang, path) = Lang::split_path(path);
        match query {
            Some(query) => Layout::new(lang, format!("{path}?{query}")),
            None => Layout::new(lang, path),
        }
    }

    /// The same frame, with `nav` as the current menu entry.
    pub fn at(self, nav: Nav) -> Layout {
        Layout { nav, ..self }
    }

    pub fn messages(&self) -> &'static Messages {
        self.messages
    }

    /// A message without arguments.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.messages.text(key)
    }

    /// A message with one argument.
    pub fn t1<'v>(&self, key: &str, name: &str, value: impl Into<FluentValue<'v>>) -> String {
        self.messages.format(key, &[(name, value.into())])
    }

    /// A message with two arguments.
    pub fn t2<'v, 'w>(
        &self,
        key: &str,
        first: &str,
        first_value: impl Into<FluentValue<'v>>,
        second: &str,
        second_value: impl Into<FluentValue<'w>>,
    ) -> String {
        self.messages.format(
            key,
            &[(first, first_value.into()), (second, second_value.into())],
        )
    }

    /// An address on this site, in this page's language: `/help` → `/es/help` on a Spanish
    /// page. Every internal link goes through here.
    pub fn href(&self, path: &str) -> String {
        self.lang.href(path)
    }

    /// This page in `lang`: the language link.
    pub fn page_in(&self, lang: Lang) -> String {
        lang.href(&self.here)
    }

    /// This page in every language, as `hreflang` alternates.
    pub fn alternates(&self) -> [(&'static str, String); 3] {
        Lang::alternates(&self.here)
    }

    /// A stored date as this language writes it.
    pub fn date(&self, iso: &str) -> String {
        self.messages.date_str(iso)
    }

    /// Whether `nav` is the current menu entry.
    pub fn is(&self, nav: Nav) -> bool {
        self.nav == nav
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Layout {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        // A kept catalog page's key is its path and the query it reads, normalised
        // (`cache::catalog`); a search's is its address as sent; any other page keeps its
        // whole query string.
        let address = match parts.extensions.get::<PageKey>() {
            Some(key) => key.address.clone(),
            None => match parts.uri.query() {
                Some(query) => format!("{}?{query}", parts.uri.path()),
                None => parts.uri.path().to_owned(),
            },
        };
        Ok(Layout::at_address(&address))
    }
}
