//! Integration tests, in one binary so they share one build and link.

mod common;

mod architecture;
mod call_buttons;
mod catalog_import;
mod connections;
mod feedback_store;
mod forms;
mod health;
mod hostile;
mod hostile_imports;
mod hsds;
mod i18n;
mod languages;
mod lifecycle;
mod link_check;
mod matrix;
mod migrations;
mod pages;
mod pocket_card;
mod readiness;
mod rebuilds;
mod reference_data;
mod relevance;
mod relevance_es;
mod replicas;
mod safety;
mod spanish_browse;
mod spanish_pages;
mod translations;
mod validation;
mod verification;
