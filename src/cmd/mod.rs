//! One function per command: turn flags into options (in `options`), call the library, hand
//! results to `messages`.

pub mod build;
pub mod init;
pub mod issue;
pub mod keygen;
pub mod lifecycle;
pub mod log;
pub mod notify;
pub mod options;
pub mod preview;
pub mod report;
pub mod serve;
pub mod verify;

pub use options::{build_options, content_dir, Purpose};
