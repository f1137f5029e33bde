//! The ground floor: what every other module stands on. It imports nothing of hallmark's.

pub mod date;
pub mod error;
pub mod fsio;
pub mod hash;
pub mod layout;
pub mod problem;
pub mod text;
pub mod url;
