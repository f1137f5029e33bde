//! Which proofs a build signs with: what `[signing] proofs` asks for, held to what `hallmark.lock`
//! records, so that a change of the proof set is a reviewed change of the ledger.

use crate::crypto::ProofProfile;
use crate::ground::error::{Error, Failure, Problem, Result};
use crate::model::ledger::{Ledger, LEDGER_FILE};

/// The proofs a build signs with, what the ledger records afterwards, and a warning.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proofs {
    pub profile: ProofProfile,
    /// What `hallmark.lock` says after this build (unchanged when `locked`).
    pub record: Option<ProofProfile>,
    pub warning: Option<Problem>,
}

/// What the site signed with so far: the ledger's record, or, for a ledger written before the
/// record existed, both suites if it holds credentials (they were all signed so) and
/// eddsa-rdfc-2022 alone for a new site.
pub(crate) fn recorded(ledger: &Ledger) -> ProofProfile {
    ledger.proofs.unwrap_or(if ledger.entries().is_empty() { ProofProfile::RDFC } else { ProofProfile::RDFC_AND_JCS })
}

/// The proofs of a build: `asked` (from `[signing] proofs`) or else what the site signed with so
/// far. With `locked`, a build that would change the ledger's record stops.
pub(crate) fn resolve(asked: Option<ProofProfile>, ledger: &Ledger, locked: bool) -> Result<Proofs> {
    let before = recorded(ledger);
    let profile = asked.unwrap_or(before);
    if locked && profile != before {
        return Err(Error::Ledger(
            Failure::new(format!(
                "{{locked}}: this build would change the proofs {LEDGER_FILE} records from {before} to {profile} ([signing] proofs)"
            ))
            .fix("run `hallmark build` without {locked}, review the ledger diff, and commit it"),
        ));
    }
    let warning = if locked && ledger.proofs.is_none() && !ledger.entries().is_empty() {
        Some(
            Problem::general_warning(format!(
                "{LEDGER_FILE} does not record which proofs this site signs with yet: it signs with {profile}, as before"
            ))
            .help("run `hallmark build` once without {locked} and commit hallmark.lock"),
        )
    } else if asked.is_none() && profile.with_jcs() {
        Some(
            Problem::general_warning(
                "this site signs its credentials with eddsa-jcs-2022 beside eddsa-rdfc-2022, and some wallets reject a credential with a proof they do not know",
            )
            .help("to sign with eddsa-rdfc-2022 alone, set proofs = [\"eddsa-rdfc-2022\"] under [signing] in hallmark.toml and build: no credential is re-signed, each keeps its eddsa-rdfc-2022 proof (to keep both, write both suites there)"),
        )
    } else {
        None
    };
    let record = if locked { ledger.proofs } else { Some(profile) };
    Ok(Proofs { profile, record, warning })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::ProofProfile as P;

    fn ledger(text: &str) -> Ledger {
        Ledger::parse(text).unwrap()
    }

    const ENTRY: &str = "abc\t0\tsql\t2026-01-01\t-\t-\tr\ts\tsha256$00\t-\tAda\n";

    #[test]
    fn a_new_site_signs_with_rdfc_alone_and_records_it() {
        let p = resolve(None, &Ledger::default(), false).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC, Some(P::RDFC), None));
    }

    #[test]
    fn a_site_built_before_the_choice_keeps_both_until_asked_and_is_told_how_to_move() {
        let old = ledger(ENTRY);
        let p = resolve(None, &old, false).unwrap();
        assert_eq!((p.profile, p.record), (P::RDFC_AND_JCS, Some(P::RDFC_AND_JCS)));
        assert!(p.warning.unwrap().help.unwrap().contains("proofs = [\"eddsa-rdfc-2022\"]"));
        let moved = resolve(Some(P::RDFC), &old, false).unwrap();
        assert_eq!((moved.profile, moved.record, moved.warning), (P::RDFC, Some(P::RDFC), None));
    }

    #[test]
    fn locked_refuses_a_change_of_proofs_and_keeps_an_old_ledger_as_it_is() {
        let old = ledger(ENTRY);
        let err = resolve(Some(P::RDFC), &old, true).unwrap_err().to_string();
        assert!(err.contains("from eddsa-rdfc-2022 eddsa-jcs-2022 to eddsa-rdfc-2022"), "{err}");
        let p = resolve(None, &old, true).unwrap();
        assert_eq!((p.profile, p.record), (P::RDFC_AND_JCS, None));
        assert!(p.warning.unwrap().message.contains("does not record"));
        let recorded = ledger(&format!("proofs\teddsa-rdfc-2022\n{ENTRY}"));
        let p = resolve(Some(P::RDFC), &recorded, true).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC, Some(P::RDFC), None));
        assert!(resolve(Some(P::RDFC_AND_JCS), &recorded, true).is_err());
    }

    #[test]
    fn an_explicit_choice_of_both_is_not_warned_about() {
        let p = resolve(Some(P::RDFC_AND_JCS), &Ledger::default(), false).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC_AND_JCS, Some(P::RDFC_AND_JCS), None));
    }
}
