//! The integration tests, in one binary so that the crate is linked once: one module per area,
//! helpers they share in `support/`. Run one area with its module path as the filter:
//! `cargo test --locked --test it verify::`.

mod support;

mod browser;
mod build;
mod cli;
mod incremental;
mod lifecycle;
mod rotation;
mod serve;
mod standards;
mod validation;
mod verify;
