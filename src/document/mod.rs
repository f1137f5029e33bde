//! The documents a site publishes: the Open Badges 3.0 credential and its parts, the DID document
//! and the status list credential, as JSON values; and Open Badges 2.0 hosted copies (ob2).

pub(crate) mod credential;
pub(crate) mod did;
pub(crate) mod ob2;
pub(crate) mod outcomes;
