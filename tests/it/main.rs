//! Cairn's integration tests: one binary, fixture vaults written inline or read from
//! `../shared` when it is there.

mod hostile_vault;
mod support;

mod agenda;
mod agenda_dates;
mod app;
mod app_agenda;
mod app_people;
mod app_review;
mod app_settings;
mod block_sync;
mod cache_damage;
mod cli;
mod conformance;
mod crash;
mod deep_nesting;
mod generated;
mod hostile;
mod index;
mod layers;
mod people;
mod people_prep;
mod props;
mod queries;
mod review;
mod scripts;
mod seeds;
mod soak;
mod unicode;
mod vault;
mod vault_boundaries;
