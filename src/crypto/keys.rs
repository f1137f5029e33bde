//! Ed25519 keys as Multikey multibase strings, and the signing-key file format.

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::ground::error::{Error, Result};

/// Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 private key (0x1300, varint-encoded).
const ED25519_PRIV: [u8; 2] = [0x80, 0x26];

/// An issuer's signing key. Its secret never leaves this type except through [`Key::secret_multibase`].
#[derive(Clone)]
pub struct Key {
    signing: SigningKey,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, not even in debug output.
        write!(f, "Key({})", self.public_multibase())
    }
}

impl Key {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Key> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| Error::Key(format!("no randomness available: {e}").into()))?;
        Ok(Key::from_seed(seed))
    }

    /// The key whose 32-byte seed is `seed`.
    pub fn from_seed(seed: [u8; 32]) -> Key {
        Key { signing: SigningKey::from_bytes(&seed) }
    }

    /// Parses a `z`-prefixed base58btc Multikey secret key (`0x80 0x26` ‖ seed).
    pub fn from_secret_multibase(s: &str) -> Result<Key> {
        let s = s.trim();
        let body = s
            .strip_prefix('z')
            .ok_or_else(|| Error::Key("the secret key must be a multibase string starting with 'z'".into()))?;
        let bytes =
            bs58::decode(body).into_vec().map_err(|_| Error::Key("the secret key is not valid base58btc".into()))?;
        match bytes.as_slice() {
            [0x80, 0x26, seed @ ..] if seed.len() == 32 => {
                let mut s = [0u8; 32];
                s.copy_from_slice(seed);
                Ok(Key::from_seed(s))
            }
            _ => {
                Err(Error::Key("the secret key is not an Ed25519 Multikey secret (expected 0x8026 + 32 bytes)".into()))
            }
        }
    }

    /// `z` + base58btc(0x80 0x26 ‖ seed). Secret: only for writing the key file.
    pub fn secret_multibase(&self) -> String {
        let mut bytes = ED25519_PRIV.to_vec();
        bytes.extend_from_slice(self.signing.as_bytes());
        format!("z{}", bs58::encode(bytes).into_string())
    }

    /// The 32-byte seed. Secret: only for looking for it where it must never be.
    pub(crate) fn seed_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// `z` + base58btc(0xed 0x01 ‖ public key): the Multikey `publicKeyMultibase`.
    pub fn public_multibase(&self) -> String {
        public_multibase(&self.signing.verifying_key())
    }

    /// Signs `message` (Ed25519 is deterministic: the same message gives the same signature).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.signing.sign(message).to_bytes()
    }

    /// The public half.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The text of a key file: comments that say what it is, then the secret.
    pub fn to_file_text(&self) -> String {
        format!(
            "# hallmark signing key (Ed25519). SECRET: never commit it, never copy it into the site.\n\
             # public key: {}\n{}\n",
            self.public_multibase(),
            self.secret_multibase()
        )
    }

    /// Parses a key file: the first line that is neither blank nor a `#` comment is the secret.
    pub fn from_file_text(text: &str) -> Result<Key> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or_else(|| Error::Key("the key file holds no key".into()))?;
        Key::from_secret_multibase(line)
    }
}

/// `z` + base58btc(0xed 0x01 ‖ key).
pub(crate) fn public_multibase(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// Parses a `publicKeyMultibase` value into an Ed25519 public key.
pub(crate) fn parse_public_multibase(s: &str) -> Result<VerifyingKey> {
    let bytes = s
        .strip_prefix('z')
        .and_then(|b| bs58::decode(b).into_vec().ok())
        .ok_or_else(|| Error::Proof(format!("{s} is not a base58btc multibase value").into()))?;
    match bytes.as_slice() {
        [0xed, 0x01, key @ ..] if key.len() == 32 => {
            let mut k = [0u8; 32];
            k.copy_from_slice(key);
            VerifyingKey::from_bytes(&k).map_err(|e| Error::Proof(format!("bad Ed25519 key {s}: {e}").into()))
        }
        _ => Err(Error::Proof(format!("{s} is not an Ed25519 Multikey").into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR_KEYS: &str = include_str!("../../tests/vectors/w3c-vc-di-eddsa/keyPair.json");

    #[test]
    fn w3c_vector_secret_key_derives_its_published_public_key() {
        let v: serde_json::Value = serde_json::from_str(VECTOR_KEYS).unwrap();
        let key = Key::from_secret_multibase(v["privateKeyMultibase"].as_str().unwrap()).unwrap();
        assert_eq!(key.public_multibase(), v["publicKeyMultibase"].as_str().unwrap());
        assert_eq!(key.secret_multibase(), v["privateKeyMultibase"].as_str().unwrap());
    }

    #[test]
    fn key_file_round_trips_and_debug_hides_the_secret() {
        let key = Key::from_seed([7; 32]);
        let text = key.to_file_text();
        let back = Key::from_file_text(&text).unwrap();
        assert_eq!(back.public_multibase(), key.public_multibase());
        assert!(!format!("{key:?}").contains(&key.secret_multibase()));
    }

    #[test]
    fn rejects_a_public_key_given_as_a_secret() {
        let key = Key::from_seed([1; 32]);
        assert!(Key::from_secret_multibase(&key.public_multibase()).is_err());
    }
}
