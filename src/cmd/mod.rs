//! One function per command: turn flags into options, call the library, hand results to `messages`.

pub mod build;
pub mod init;
pub mod keygen;
pub mod lifecycle;
pub mod serve;
pub mod verify;

use hallmark::ground::error::Failure;
use std::path::{Path, PathBuf};

use hallmark::ground::date::Date;
use hallmark::ground::error::{Error, Result};
use hallmark::model::config::CONFIG_FILE;

/// The content directory for `--root` (or the current directory).
pub fn content_dir(root: Option<&Path>) -> Result<PathBuf> {
    let root = root.unwrap_or(Path::new("."));
    if root.join(CONFIG_FILE).is_file() {
        return Ok(strip_dot(root.to_path_buf()));
    }
    let nested = root.join("content");
    if nested.join(CONFIG_FILE).is_file() {
        return Ok(strip_dot(nested));
    }
    Err(Error::Usage(
        Failure::new(format!("no {CONFIG_FILE} in {} or {}", root.display(), nested.display()))
            .fix("run this in a site created by `hallmark init`, or pass --root DIR"),
    ))
}

fn strip_dot(p: PathBuf) -> PathBuf {
    p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)
}

/// `--today`, or the real date.
pub fn today(flag: Option<&str>) -> Result<Date> {
    match flag {
        Some(s) => {
            Date::parse_iso(s).ok_or_else(|| Error::Usage(format!("--today {s}: write the date as YYYY-MM-DD").into()))
        }
        None => Ok(Date::today_utc()),
    }
}
