//! What `hallmark verify` reads: a credential JSON file, a baked PNG or SVG, a URL inside a given
//! site, or a whole built site directory.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Resolver;
use crate::bake::{self, ImageKind};

/// One credential to verify, or why it could not be read.
#[derive(Debug)]
pub struct Input {
    /// The file or URL, as the user will recognise it.
    pub source: String,
    pub document: Result<Value, String>,
}

/// Reads `target`: a file, a directory (every `credential.json` below it) or a URL (through `resolver`).
pub fn read(target: &str, resolver: &Resolver) -> Vec<Input> {
    if target.starts_with("https://") || target.starts_with("http://") {
        let document = resolver.fetch(target).and_then(|b| parse_bytes(&b));
        return vec![Input { source: target.to_string(), document }];
    }
    let path = Path::new(target);
    if path.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && e.file_name() == "credential.json")
            .map(|e| e.into_path())
            .collect();
        files.sort();
        if files.is_empty() {
            return vec![Input {
                source: target.to_string(),
                document: Err("no credential.json files in this directory".into()),
            }];
        }
        return files.into_iter().map(|f| read_file(&f)).collect();
    }
    vec![read_file(path)]
}

fn read_file(path: &Path) -> Input {
    let document = std::fs::read(path).map_err(|e| format!("cannot read it: {e}")).and_then(|b| parse_bytes(&b));
    Input { source: path.display().to_string(), document }
}

/// JSON, or the credential baked into a PNG or SVG.
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, String> {
    let text = match bake::sniff(bytes) {
        Some(ImageKind::Png) => bake::unbake_png(bytes)?.ok_or("the PNG image carries no baked credential")?,
        Some(ImageKind::Svg) => {
            bake::unbake_svg(&String::from_utf8_lossy(bytes))?.ok_or("the SVG image carries no baked credential")?
        }
        None => String::from_utf8(bytes.to_vec())
            .map_err(|_| "the file is neither JSON nor a PNG or SVG image".to_string())?,
    };
    serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))
}
