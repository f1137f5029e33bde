//! What the integration tests share: sites to build (`sites`), the TEST-ONLY key and re-signing
//! (`signing`), and loopback HTTP, as client and as server (`http`).

pub mod http;
pub mod notify;
pub mod qr;
pub mod signing;
pub mod sites;

pub use signing::{resign, test_secret, Proofs, TEST_SEED};
pub use sites::{copy_dir, snapshot, stderr, stdout, Site};
