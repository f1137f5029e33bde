//! The model: what editors commit (configuration, badges, rosters, revocations) and what hallmark
//! records (the ledger, the proof archive), read and checked.

pub mod archive;
pub mod config;
pub mod consistency;
pub mod content;
pub mod ledger;
pub mod schema;
pub mod validate;
