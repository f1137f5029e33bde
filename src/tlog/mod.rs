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

pub(crate) use store::{CHECKPOINTS_FILE, LOG_FILE};

/// The origin (and key name) of a site's log: its scheme-less base URL and `/log`.
pub(crate) fn origin_of(base: &crate::ground::url::BaseUrl) -> String {
    let url = base.to_string();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    format!("{}/log", rest.trim_end_matches('/'))
}
