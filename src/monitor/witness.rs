//! `hallmark witness update`: this site cosigns the logs of other sites. For each log in
//! `[witness.logs]`, it reads the log's checkpoint, verifies it with the configured key (never a
//! key the log itself names), proves that it extends the checkpoint this site cosigned last (the
//! copy committed in this site's repository), cosigns it (tlog-cosignature v1) and keeps it;
//! the next build publishes it at `log/witness/<sha256(origin)>/checkpoint`. A log that was
//! rewritten is refused, and nothing is signed.

use std::path::{Path, PathBuf};

use super::{open_checkpoint, prove_consistency, Source};
use crate::crypto::Key;
use crate::ground::error::{Error, Failure, Result};
use crate::tlog::note::{cosign, KeyType, NoteVerifier};

/// Where the cosigned checkpoints are kept, in the content directory (commit it).
pub const WITNESSED_DIR: &str = "witnessed";

/// What was done for one log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessed {
    pub name: String,
    pub origin: String,
    /// The size cosigned before, and now.
    pub from: u64,
    pub to: u64,
    /// Why it was refused, when it was.
    pub refused: Option<String>,
}

/// The name of the file (and published directory) of a log: hex SHA-256 of its origin.
pub(crate) fn origin_hash(origin: &str) -> String {
    crate::ground::hash::sha256_hex(origin.as_bytes(), 32)
}

/// The key name this site cosigns with: its scheme-less base URL and `/witness`.
pub(crate) fn witness_name(base: &crate::ground::url::BaseUrl) -> String {
    crate::tlog::origin_of(base).trim_end_matches("/log").to_string() + "/witness"
}

/// The vkey of this site's witness key, for the logs it witnesses to configure.
pub(crate) fn witness_vkey(base: &crate::ground::url::BaseUrl, key: &Key) -> String {
    NoteVerifier::new(&witness_name(base), key.verifying_key(), KeyType::Cosignature).vkey()
}

/// Cosigns one log: `log` is its site (directory or URL), `vkey` its key.
pub(crate) fn witness_one(
    content_dir: &Path,
    (name, vkey, log): (&str, &str, &str),
    (witness, key): (&str, &Key),
    now: u64,
) -> Result<Witnessed> {
    let v = NoteVerifier::parse(vkey).map_err(|e| {
        Error::Usage(
            Failure::new(format!("[witness.logs.{name}] vkey: {e}")).fix("copy the vkey from the log's did.json"),
        )
    })?;
    let site = Source::open(log);
    let refuse = |from, why: String| {
        Ok(Witnessed { name: name.into(), origin: v.name.clone(), from, to: from, refused: Some(why) })
    };
    let text = match site.text("log/checkpoint") {
        Ok(t) => t,
        Err(e) => return refuse(0, e),
    };
    let (head, mut note) = match open_checkpoint(&text, &v) {
        Ok(c) => c,
        Err(e) => return refuse(0, format!("log/checkpoint {e}")),
    };
    let path: PathBuf = content_dir.join(WITNESSED_DIR).join(origin_hash(&v.name));
    let from = match std::fs::read_to_string(&path) {
        Ok(saved) => {
            let (old, _) =
                open_checkpoint(&saved, &v).map_err(|e| Error::Usage(format!("{}: {e}", path.display()).into()))?;
            if let Err(e) = prove_consistency(&site, old, head) {
                return refuse(old.size, e);
            }
            old.size
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    note.sigs.retain(|s| s.name == v.name);
    note.add(cosign(&note.body, witness, key, now));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    crate::ground::fsio::write_durably(&path, note.to_text().as_bytes(), "witnessed checkpoint")?;
    Ok(Witnessed { name: name.into(), origin: v.name, from, to: head.size, refused: None })
}

/// What `hallmark witness update` is given.
#[derive(Debug, Clone)]
pub struct WitnessOptions {
    pub content_dir: PathBuf,
    pub base_url: Option<String>,
}

/// Cosigns every log in `[witness.logs]`.
pub fn update(options: &WitnessOptions) -> Result<Vec<Witnessed>> {
    let dir = &options.content_dir;
    let settings =
        crate::model::config::load(dir, options.base_url.as_deref()).map_err(|problems| Error::Content { problems })?;
    let Some(config) = settings.config.witness.clone() else {
        return Err(Error::Usage(Failure::new("this site witnesses no log: hallmark.toml has no [witness]").fix(
            "add [witness] key_file and a [witness.logs.<name>] with the log's vkey and site (README, \"Public log\")",
        )));
    };
    let key = crate::keys::witness_key(config.key_file.as_deref(), dir)?;
    let name = witness_name(&settings.base_url);
    let now = crate::ground::date::now_seconds().max(0) as u64;
    let _lock = crate::ground::lock::SiteLock::acquire(dir, "witness", crate::ground::lock::Mode::Exclusive, &|_| {})?;
    config.logs.iter().map(|(n, l)| witness_one(dir, (n, &l.vkey, &l.log), (&name, &key), now)).collect()
}
