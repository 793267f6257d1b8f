//! Lantern: a public directory of anti-human-trafficking resources.
//!
//! `app(state)` is the whole site as a router, so tests drive exactly what `lantern serve`
//! serves.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod curation;
pub mod db;
pub mod export;
pub mod feedback;
pub mod hsds;
pub mod i18n;
pub mod input;
pub mod lang;
pub mod links;
pub mod logged;
pub mod logs;
pub mod search;
pub mod server;
pub mod web;

pub use web::{AppState, app};
