//! The proof profile: which cryptosuites a site's credentials and status lists carry a proof of.
//!
//! eddsa-rdfc-2022 is always there: it is the suite Open Badges certification checks, and some
//! wallet verifiers reject a whole proof set when one suite in it is unknown to them, so the
//! default is that suite alone. eddsa-jcs-2022 can be added beside it.

use super::integrity::EDDSA_JCS_2022;
use super::rdfc::EDDSA_RDFC_2022;

/// The cryptosuites of a proof set, always in the same order: eddsa-rdfc-2022 first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ProofProfile {
    jcs: bool,
}

/// Why a list of cryptosuite names is no proof profile, with the name at fault where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// Nothing listed.
    Empty,
    /// A name hallmark cannot sign with (its position in the list).
    Unknown(usize),
    /// A name listed a second time (its position).
    Twice(usize),
    /// eddsa-rdfc-2022 is not listed.
    NoRdfc,
}

impl ProofProfile {
    /// eddsa-rdfc-2022 alone: what new sites sign with.
    pub const RDFC: ProofProfile = ProofProfile { jcs: false };
    /// eddsa-rdfc-2022 and eddsa-jcs-2022: what every site signed with before the choice existed.
    pub const RDFC_AND_JCS: ProofProfile = ProofProfile { jcs: true };

    /// The cryptosuites, in proof-set order.
    pub fn suites(self) -> &'static [&'static str] {
        const BOTH: [&str; 2] = [EDDSA_RDFC_2022, EDDSA_JCS_2022];
        if self.jcs {
            &BOTH
        } else {
            &BOTH[..1]
        }
    }

    /// Whether proofs of `cryptosuite` are made.
    pub fn includes(self, cryptosuite: &str) -> bool {
        self.suites().contains(&cryptosuite)
    }

    /// Whether an eddsa-jcs-2022 proof is made beside the eddsa-rdfc-2022 one.
    pub fn with_jcs(self) -> bool {
        self.jcs
    }

    /// The profile these cryptosuite names make, in any order.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<ProofProfile, ProfileError> {
        if names.is_empty() {
            return Err(ProfileError::Empty);
        }
        for (i, name) in names.iter().enumerate() {
            if !super::SUITES.contains(&name.as_ref()) {
                return Err(ProfileError::Unknown(i));
            }
            if names[..i].iter().any(|n| n.as_ref() == name.as_ref()) {
                return Err(ProfileError::Twice(i));
            }
        }
        if !names.iter().any(|n| n.as_ref() == EDDSA_RDFC_2022) {
            return Err(ProfileError::NoRdfc);
        }
        Ok(ProofProfile { jcs: names.iter().any(|n| n.as_ref() == EDDSA_JCS_2022) })
    }
}

impl std::fmt::Display for ProofProfile {
    /// The suites separated by spaces, as the ledger records them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.suites().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rdfc_comes_first_whatever_the_order_written() {
        let p = ProofProfile::from_names(&["eddsa-jcs-2022", "eddsa-rdfc-2022"]).unwrap();
        assert_eq!(p, ProofProfile::RDFC_AND_JCS);
        assert_eq!(p.suites(), ["eddsa-rdfc-2022", "eddsa-jcs-2022"]);
        assert_eq!(p.to_string(), "eddsa-rdfc-2022 eddsa-jcs-2022");
        assert_eq!(ProofProfile::from_names(&["eddsa-rdfc-2022"]).unwrap().suites(), ["eddsa-rdfc-2022"]);
    }

    #[test]
    fn refuses_unknown_repeated_missing_and_jcs_alone() {
        assert_eq!(ProofProfile::from_names::<&str>(&[]), Err(ProfileError::Empty));
        assert_eq!(ProofProfile::from_names(&["eddsa-rdfc-2022", "ed25519-2020"]), Err(ProfileError::Unknown(1)));
        assert_eq!(ProofProfile::from_names(&["eddsa-rdfc-2022", "eddsa-rdfc-2022"]), Err(ProfileError::Twice(1)));
        assert_eq!(ProofProfile::from_names(&["eddsa-jcs-2022"]), Err(ProfileError::NoRdfc));
        assert!(!ProofProfile::RDFC.includes("eddsa-jcs-2022"));
        assert!(ProofProfile::RDFC_AND_JCS.includes("eddsa-jcs-2022"));
    }
}
