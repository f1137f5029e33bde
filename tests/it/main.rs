//! The integration tests, in one binary so that the crate is linked once: one module per area,
//! helpers they share in `support/`. Run one area with its module path as the filter:
//! `cargo test --locked --test it verify::`.

mod support;

mod bench;
mod brand;
mod browser;
mod build;
mod bytes;
mod change_plan;
mod cli;
mod concurrency;
mod crash;
mod deploy_s3;
mod first_hour;
mod fonts;
mod full_disk;
mod incremental;
mod integrations;
mod languages;
mod ledger_shards;
mod lifecycle;
mod migration;
mod newcomer;
mod notify;
mod notify_kill;
mod ob2;
mod outcomes;
mod pdf;
mod qr;
mod rdfc_js;
mod reports;
mod rotation;
mod serve;
mod standards;
mod tlog;
mod tlog_browser;
mod tlog_witness;
mod validation;
mod verification_cases;
mod verifiers;
mod verify;
mod verify_limits;
mod workflows;
