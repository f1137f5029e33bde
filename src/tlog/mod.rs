//! The public issuance log: a C2SP transparency log (tlog-tiles, tlog-checkpoint, signed-note,
//! tlog-cosignature, tlog-proof) of every issuance, correction, status change and key change,
//! kept as plain files. Pure formats and Merkle arithmetic; the build appends to it in `site/log`.

pub(crate) mod entry;
pub(crate) mod merkle;
pub(crate) mod note;
pub(crate) mod proof;
pub(crate) mod rules;
pub(crate) mod store;
pub(crate) mod tiles;

pub use store::{CHECKPOINTS_FILE, LOG_FILE};
