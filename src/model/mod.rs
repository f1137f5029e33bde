//! The model: what editors commit (configuration, badges, rosters, revocations) and what hallmark
//! records (the ledger, the proof archive), read and checked.

pub(crate) mod archive;
pub(crate) mod brand;
pub(crate) mod certificate;
pub(crate) mod claims;
pub(crate) mod config;
pub(crate) mod consistency;
pub(crate) mod content;
pub(crate) mod creator;
pub(crate) mod email;
pub(crate) mod ledger;
pub(crate) mod proofs;
pub(crate) mod schema;
pub(crate) mod validate;
