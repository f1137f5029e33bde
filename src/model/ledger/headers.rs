//! The ledger's header lines: `<name>\t<value>`, before the entries.

use super::shards::{self, ShardRef};
use super::{LogHead, CREATOR_FIELD, KEY_FIELD, LOG_FIELD, PROOFS_FIELD};
use crate::crypto::ProofProfile;
use crate::model::creator::Creator;

/// The header lines (`<name>\t<value>`, before the entries) hallmark reads. A well-formed header
/// line of another name (from a newer hallmark) is accepted and left alone.
#[derive(Debug, Default)]
pub(super) struct Headers {
    pub signing_key: Option<String>,
    pub proofs: Option<ProofProfile>,
    pub creator: Option<Creator>,
    pub log: Option<LogHead>,
    pub count: Option<usize>,
    /// The index of the shards that hold the entries (`shard` lines), when the ledger is sharded.
    pub shards: Vec<ShardRef>,
}

impl Headers {
    /// Reads `line` if it is a header line (`true`), or says what is wrong with it.
    pub(super) fn read(&mut self, line: &str) -> std::result::Result<bool, String> {
        let Some((name, value)) = line.split_once('\t') else { return Ok(false) };
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !is_name || value.contains('\t') {
            return Ok(false);
        }
        // Names other than these are a newer hallmark's: accepted and left alone.
        if name == KEY_FIELD {
            if crate::crypto::keys::parse_public_multibase(value).is_err() {
                return Err(format!("\"{value}\" is not an Ed25519 public key"));
            }
            self.signing_key = Some(value.to_string());
        }
        if name == PROOFS_FIELD {
            let names: Vec<&str> = value.split(' ').collect();
            let profile = ProofProfile::from_names(&names)
                .map_err(|_| format!("\"{value}\" is not a list of cryptosuites hallmark signs with"))?;
            self.proofs = Some(profile);
        }
        if name == CREATOR_FIELD {
            let form = value.parse().map_err(|_| format!("\"{value}\" is not \"id\" or \"profile\""))?;
            self.creator = Some(form);
        }
        if name == shards::SHARD_FIELD {
            self.shards.push(
                ShardRef::parse(value).ok_or_else(|| format!("\"{value}\" is not a shard's name, size and digest"))?,
            );
        }
        if name == LOG_FIELD {
            self.log = Some(parse_log_head(value).ok_or_else(|| format!("\"{value}\" is not a log size and root"))?);
        }
        Ok(true)
    }
}

/// `<size> <base64 root>`.
fn parse_log_head(value: &str) -> Option<LogHead> {
    use base64::Engine;
    let (size, root) = value.split_once(' ')?;
    let n: u64 = size.parse().ok().filter(|n: &u64| n.to_string() == size)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(root).ok()?;
    Some(LogHead { size: n, root: bytes.try_into().ok()? })
}
