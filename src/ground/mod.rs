//! The ground floor: what every other module stands on. It imports nothing of hallmark's.

pub(crate) mod colour;
pub(crate) mod date;
pub(crate) mod date_format;
pub(crate) mod did_web;
pub(crate) mod error;
pub(crate) mod fault;
pub(crate) mod fsio;
pub(crate) mod git;
pub(crate) mod hash;
pub(crate) mod layout;
pub(crate) mod link;
pub(crate) mod lock;
pub(crate) mod problem;
pub(crate) mod site_files;
pub(crate) mod text;
pub(crate) mod url;
