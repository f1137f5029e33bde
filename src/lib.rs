//! hallmark: a static-site generator for verifiable credentials.
//!
//! An institution's content directory (badges, rosters, templates) becomes a signed, static site:
//! Open Badges 3.0 credentials with Data Integrity proofs, landing pages, a `did:web` document and a
//! Bitstring Status List. The library computes and returns values; only the binary prints.
//!
//! The modules are layered; each imports only those below it:
//!
//! | layer | modules |
//! |---|---|
//! | services | [`site`] (the pipeline: load → plan → produce → write), `serve`, `verify`, `notify` |
//! | operations | `ops`: revoke, suspend, reinstate, reports, key rotation, `init` |
//! | render | `render`: theme, views, Markdown, QR, artwork, baking |
//! | key custody | `keys`: where the signing key comes from, pinning, never publishing it |
//! | documents, crypto | `document` (credential, DID document, status list), `crypto` (proofs, keys, bitstrings) |
//! | model | `model`: config, content, ledger, proof archive |
//! | ground | `ground`: errors, dates, URLs and did:web, output layout, hashing, file writes |

#![warn(unreachable_pub)]

pub mod crypto;
pub(crate) mod document;
pub(crate) mod ground;
pub(crate) mod keys;
pub(crate) mod model;
pub mod monitor;
pub mod notify;
pub mod ops;
pub(crate) mod render;
pub mod report;
pub mod serve;
pub mod site;
pub(crate) mod tlog;
pub mod verify;

#[cfg(test)]
mod fuzz;

pub use ground::date::{now_seconds, parse_datetime, Date, Period};
pub use ground::error::{
    headline, plural, word, Error, Failure, Input, LineIndex, Location, Problem, Problems, Result, Severity,
};
pub use keys::{Fallback, KeyRequest, KeySource, KEY_ENV};
pub use model::config::CONFIG_FILE;
pub use model::ledger::LEDGER_FILE;
pub use model::ledger::SHARD_DIR as LEDGER_SHARD_DIR;
pub use render::bake;
/// The certificate PDF engine, public for the integration tests and benchmark (tests/it/pdf.rs).
#[doc(hidden)]
pub use render::pdf;
/// The landing pages' QR code, public for the PDF integration tests (tests/it/pdf.rs).
#[doc(hidden)]
pub use render::qr::{qr_bits, qr_svg_path};
pub use site::{build, build_in_memory, check, BuildOptions, Progress, ProgressFn, Summary};
