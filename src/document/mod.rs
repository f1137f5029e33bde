//! The documents a site publishes: the Open Badges 3.0 credential and its parts, the DID document
//! and the status list credential, as JSON values.

pub(crate) mod credential;
pub(crate) mod did;
