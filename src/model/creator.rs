//! How a credential's achievement names its creator, the issuer: by its id alone, or with the
//! issuer's whole profile again. The issuer's profile is in every credential already (its
//! `issuer`); given again as the achievement's `creator`, it was 0.45 KB of a credential's 4 KB.
//! In RDF the two forms are the same statements (the creator is the issuer's node, whose other
//! statements the credential makes anyway), so its eddsa-rdfc-2022 proof signs the same thing;
//! the JSON's bytes, which eddsa-jcs-2022 and the public log digest, differ.

/// How an achievement names its creator (`[outputs] achievement_creator`, recorded in the ledger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Creator {
    /// `{"id": <the issuer's DID>, "type": ["Profile"]}`: new sites.
    Id,
    /// The issuer's whole profile, as in the credential's `issuer`: sites whose ledger was written
    /// before the choice existed.
    Profile,
}

impl Creator {
    /// Each form, by the name `hallmark.toml` and the ledger give it.
    const NAMED: [(Creator, &'static str); 2] = [(Creator::Id, "id"), (Creator::Profile, "profile")];
}

impl std::fmt::Display for Creator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (_, name) = Creator::NAMED.iter().find(|(c, _)| c == self).expect("every form is named");
        f.write_str(name)
    }
}

impl std::str::FromStr for Creator {
    type Err = ();

    fn from_str(s: &str) -> Result<Creator, ()> {
        Creator::NAMED.iter().find(|(_, name)| *name == s).map(|(c, _)| *c).ok_or(())
    }
}
