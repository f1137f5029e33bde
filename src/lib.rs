//! hallmark: a static-site generator for verifiable credentials.
//!
//! An institution's content directory (badges, rosters, templates) becomes a signed, static site:
//! Open Badges 3.0 credentials with Data Integrity proofs, landing pages, a `did:web` document and a
//! Bitstring Status List. The library computes and returns values; only the binary prints.

pub mod archive;
pub mod bake;
pub mod config;
pub mod content;
pub mod credential;
pub mod date;
pub mod did_web;
pub mod error;
pub mod ledger;
pub mod lifecycle;
pub mod proof;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod signing;
pub mod site;
pub mod status;
pub mod url;
pub mod verify;

pub use error::{Error, Result};
