//! Which proofs a build signs with: what `[signing] proofs` asks for, held to what `hallmark.lock`
//! records, so that a change of the proof set is a reviewed change of the ledger.

use crate::crypto::{ProfileError, ProofProfile};
use crate::ground::error::{Error, Failure, Location, Problem, Result};
use crate::model::creator::Creator;
use crate::model::ledger::{Ledger, Recorded, LEDGER_FILE};

/// The proofs a build signs with, what the ledger records afterwards, and a warning; and how its
/// credentials' achievements name their creator, and what the ledger records of that.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proofs {
    pub profile: ProofProfile,
    /// What `hallmark.lock` says after this build (unchanged when `locked`).
    pub record: Option<ProofProfile>,
    pub warning: Option<Problem>,
    pub creator: Creator,
    /// What `hallmark.lock` says of it after this build (unchanged when `locked`).
    pub creator_record: Option<Creator>,
}

impl Proofs {
    /// What the ledger records after this build.
    pub(crate) fn recorded(&self) -> Recorded {
        Recorded { proofs: self.record, creator: self.creator_record }
    }
}

/// What the site signed with so far: the ledger's record, or, for a ledger written before the
/// record existed, both suites if it holds credentials (they were all signed so) and
/// eddsa-rdfc-2022 alone for a new site.
pub(crate) fn recorded(ledger: &Ledger) -> ProofProfile {
    ledger.proofs.unwrap_or(if ledger.entries().is_empty() { ProofProfile::RDFC } else { ProofProfile::RDFC_AND_JCS })
}

/// How the site's achievements named their creator so far: the ledger's record, or, for a ledger
/// written before the record existed, the whole profile if it holds credentials (they were all
/// made so) and the id alone for a new site.
pub(crate) fn recorded_creator(ledger: &Ledger) -> Creator {
    ledger.creator.unwrap_or(if ledger.entries().is_empty() { Creator::Id } else { Creator::Profile })
}

/// The proofs of a build: `asked` (from `[signing] proofs`) or else what the site signed with so
/// far; and its achievements' creator, `asked_creator` (`[outputs] achievement_creator`) or else
/// as before. With `locked`, a build that would change the ledger's record stops.
pub(crate) fn resolve(
    (asked, asked_creator): (Option<ProofProfile>, Option<Creator>),
    ledger: &Ledger,
    locked: bool,
) -> Result<Proofs> {
    let creator_before = recorded_creator(ledger);
    let creator = asked_creator.unwrap_or(creator_before);
    if locked && creator != creator_before {
        return Err(locked_change(format!(
            "how {LEDGER_FILE} records achievements name their creator, from {creator_before} to {creator} ([outputs] achievement_creator): every credential's JSON would change"
        )));
    }
    let creator_record = if locked { ledger.creator } else { Some(creator) };
    let (profile, record, warning) = resolve_proofs(asked, ledger, locked)?;
    Ok(Proofs { profile, record, warning, creator, creator_record })
}

/// A locked build stopped because it would change `what` the ledger records.
fn locked_change(what: String) -> Error {
    Error::Ledger(
        Failure::new(format!("{{locked}}: this build would change {what}"))
            .fix("run `hallmark build` without {locked}, review the ledger diff, and commit it"),
    )
}

/// [`resolve`]'s proofs: the profile, what the ledger records of it afterwards, and a warning.
fn resolve_proofs(
    asked: Option<ProofProfile>,
    ledger: &Ledger,
    locked: bool,
) -> Result<(ProofProfile, Option<ProofProfile>, Option<Problem>)> {
    let before = recorded(ledger);
    let profile = asked.unwrap_or(before);
    if locked && profile != before {
        return Err(locked_change(format!(
            "the proofs {LEDGER_FILE} records from {before} to {profile} ([signing] proofs)"
        )));
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
    Ok((profile, record, warning))
}

/// What is wrong with `[signing] proofs`, at the entry at fault.
pub(crate) fn config_problem(names: &[String], locate: &dyn Fn(&str) -> Location) -> Option<Problem> {
    const HELP: &str = "write proofs = [\"eddsa-rdfc-2022\"] (the default), or [\"eddsa-rdfc-2022\", \"eddsa-jcs-2022\"] to add an eddsa-jcs-2022 proof";
    let at = |i: usize| locate(&format!("signing.proofs.{i}"));
    let (place, message) = match ProofProfile::from_names(names).err()? {
        ProfileError::Empty => {
            (locate("signing.proofs"), "signing.proofs is empty: every credential needs a proof".into())
        }
        ProfileError::Unknown(i) => {
            let name = &names[i];
            let known = crate::crypto::SUITES.join(" and ");
            (at(i), format!("signing.proofs: hallmark cannot sign with \"{name}\"; it signs with {known}"))
        }
        ProfileError::Twice(i) => (at(i), format!("signing.proofs lists \"{}\" twice", names[i])),
        ProfileError::NoRdfc => (
            locate("signing.proofs"),
            "signing.proofs leaves out eddsa-rdfc-2022, the suite Open Badges verifiers check".into(),
        ),
    };
    Some(Problem::error(place, message).help(HELP))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::ProofProfile as P;
    use crate::model::config;

    fn ledger(text: &str) -> Ledger {
        Ledger::parse(text).unwrap()
    }

    const ENTRY: &str = "abc\t0\tsql\t2026-01-01\t-\t-\tr\ts\tsha256$00\t-\tAda\n";

    #[test]
    fn a_new_site_signs_with_rdfc_alone_and_records_it() {
        let p = resolve((None, None), &Ledger::default(), false).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC, Some(P::RDFC), None));
    }

    #[test]
    fn a_site_built_before_the_choice_keeps_both_until_asked_and_is_told_how_to_move() {
        let old = ledger(ENTRY);
        let p = resolve((None, None), &old, false).unwrap();
        assert_eq!((p.profile, p.record), (P::RDFC_AND_JCS, Some(P::RDFC_AND_JCS)));
        assert!(p.warning.unwrap().help.unwrap().contains("proofs = [\"eddsa-rdfc-2022\"]"));
        let moved = resolve((Some(P::RDFC), None), &old, false).unwrap();
        assert_eq!((moved.profile, moved.record, moved.warning), (P::RDFC, Some(P::RDFC), None));
    }

    #[test]
    fn locked_refuses_a_change_of_proofs_and_keeps_an_old_ledger_as_it_is() {
        let old = ledger(ENTRY);
        let err = resolve((Some(P::RDFC), None), &old, true).unwrap_err().to_string();
        assert!(err.contains("from eddsa-rdfc-2022 eddsa-jcs-2022 to eddsa-rdfc-2022"), "{err}");
        let p = resolve((None, None), &old, true).unwrap();
        assert_eq!((p.profile, p.record), (P::RDFC_AND_JCS, None));
        assert!(p.warning.unwrap().message.contains("does not record"));
        let recorded = ledger(&format!("proofs\teddsa-rdfc-2022\n{ENTRY}"));
        let p = resolve((Some(P::RDFC), None), &recorded, true).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC, Some(P::RDFC), None));
        assert!(resolve((Some(P::RDFC_AND_JCS), None), &recorded, true).is_err());
    }

    #[test]
    fn an_explicit_choice_of_both_is_not_warned_about() {
        let p = resolve((Some(P::RDFC_AND_JCS), None), &Ledger::default(), false).unwrap();
        assert_eq!((p.profile, p.record, p.warning), (P::RDFC_AND_JCS, Some(P::RDFC_AND_JCS), None));
    }

    /// A new site names an achievement's creator by its id and records it; a site whose ledger
    /// holds credentials made before the choice keeps the whole profile (and records it, so a
    /// later build keeps it too), until asked; a locked build changes neither, and refuses a
    /// change, which would change every credential's JSON.
    #[test]
    fn a_new_site_names_the_creator_by_its_id_and_an_older_one_keeps_the_profile_until_asked() {
        use crate::model::creator::Creator as C;
        let creator = |p: &Proofs| (p.creator, p.creator_record);
        assert_eq!(creator(&resolve((None, None), &Ledger::default(), false).unwrap()), (C::Id, Some(C::Id)));
        let old = ledger(ENTRY);
        assert_eq!(creator(&resolve((None, None), &old, false).unwrap()), (C::Profile, Some(C::Profile)));
        assert_eq!(creator(&resolve((None, Some(C::Id)), &old, false).unwrap()), (C::Id, Some(C::Id)));
        assert_eq!(creator(&resolve((None, None), &old, true).unwrap()), (C::Profile, None));
        let err = resolve((None, Some(C::Id)), &old, true).unwrap_err().to_string();
        assert!(err.contains("from profile to id") && err.contains("JSON would change"), "{err}");
        let recorded = ledger(&format!("achievement-creator\tid\n{ENTRY}"));
        assert_eq!(recorded.creator, Some(C::Id));
        assert_eq!(creator(&resolve((None, None), &recorded, true).unwrap()), (C::Id, Some(C::Id)));
        assert!(recorded.to_text().contains("\nachievement-creator\tid\n"), "{}", recorded.to_text());
        assert_eq!(Ledger::parse(&recorded.to_text()).unwrap(), recorded);
        let (line, msg) = Ledger::parse(&format!("achievement-creator\tnone\n{ENTRY}")).unwrap_err();
        assert_eq!((line, msg.as_str()), (1, "\"none\" is not \"id\" or \"profile\""));
    }

    const MINIMAL: &str = "[site]\ntitle = \"T\"\nbase_url = \"https://x.github.io/c\"\n[issuer]\nname = \"I\"\nurl = \"https://i.example/\"\n";

    fn write_config(dir: &std::path::Path, text: &str) {
        std::fs::write(dir.join(config::CONFIG_FILE), text).unwrap();
    }

    #[test]
    fn proofs_default_to_unset_and_take_both_suites_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        write_config(dir.path(), MINIMAL);
        assert_eq!(config::load(dir.path(), None).unwrap().config.signing.proof_profile(), None);
        write_config(dir.path(), &format!("{MINIMAL}[signing]\nproofs = [\"eddsa-jcs-2022\", \"eddsa-rdfc-2022\"]\n"));
        let profile = config::load(dir.path(), None).unwrap().config.signing.proof_profile();
        assert_eq!(profile, Some(ProofProfile::RDFC_AND_JCS));
    }

    #[test]
    fn errors_on_an_unknown_suite_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        write_config(
            dir.path(),
            &format!("{MINIMAL}[signing]\nproofs = [\"eddsa-rdfc-2022\", \"Ed25519Signature2020\"]\n"),
        );
        let problems = config::load(dir.path(), None).unwrap_err().sorted();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        let loc = p.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (8, 30), "{p}");
        assert_eq!(
            p.message,
            "signing.proofs: hallmark cannot sign with \"Ed25519Signature2020\"; it signs with eddsa-rdfc-2022 and eddsa-jcs-2022"
        );
        assert!(p.help.as_deref().unwrap().contains("proofs = [\"eddsa-rdfc-2022\"]"), "{p}");
    }

    #[test]
    fn errors_on_proofs_without_rdfc_empty_or_repeated() {
        let dir = tempfile::tempdir().unwrap();
        for (list, message, column) in [
            (
                "[\"eddsa-jcs-2022\"]",
                "signing.proofs leaves out eddsa-rdfc-2022, the suite Open Badges verifiers check",
                1,
            ),
            ("[]", "signing.proofs is empty: every credential needs a proof", 1),
            ("[\"eddsa-rdfc-2022\", \"eddsa-rdfc-2022\"]", "signing.proofs lists \"eddsa-rdfc-2022\" twice", 30),
        ] {
            write_config(dir.path(), &format!("{MINIMAL}[signing]\nproofs = {list}\n"));
            let problems = config::load(dir.path(), None).unwrap_err().sorted();
            assert_eq!(problems[0].message, message);
            assert_eq!(problems[0].location.as_ref().unwrap().line, 8);
            assert_eq!(problems[0].location.as_ref().unwrap().column, column, "{list}");
        }
    }
}
