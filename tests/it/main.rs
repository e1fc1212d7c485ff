//! Cairn's integration tests: one binary, fixture vaults written inline or read from
//! `../shared` when it is there.

mod support;

mod agenda;
mod app;
mod cli;
mod conformance;
mod generated;
mod index;
mod people;
mod props;
mod queries;
mod review;
mod scripts;
mod seeds;
mod unicode;
mod vault;
