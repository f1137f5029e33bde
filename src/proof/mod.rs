//! Keys, canonicalization and Data Integrity proofs.

pub mod integrity;
pub mod jcs;
pub mod keys;
pub mod rdfc;

pub use integrity::{create_jcs_proof, verify_jcs_proof, ProofOptions};
pub use keys::Key;
