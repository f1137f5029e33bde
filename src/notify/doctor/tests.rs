use std::collections::HashMap;

use super::*;

/// DNS as a table: a name's TXT records, or no server at all.
struct Table(Option<HashMap<&'static str, Vec<&'static str>>>);

impl TxtSource for Table {
    fn txt(&self, name: &str) -> Txt {
        match &self.0 {
            None => Txt::Unreachable("network unreachable".into()),
            Some(t) => t.get(name).map_or(Txt::None, |r| Txt::Records(r.iter().map(|s| s.to_string()).collect())),
        }
    }
}

fn findings(r: &DoctorReport) -> Vec<(&'static str, Finding)> {
    r.checks.iter().map(|c| (c.name, c.finding)).collect()
}

#[test]
fn a_domain_with_nothing_published_is_told_what_to_add_where() {
    let r = check_domain("academy.example", &[], &Table(Some(HashMap::new())));
    assert_eq!(findings(&r), [("SPF", Finding::Missing), ("DKIM", Finding::Missing), ("DMARC", Finding::Missing)]);
    assert!(r.checks[0].fix.as_deref().unwrap().contains("TXT record at academy.example: v=spf1"));
    assert!(r.checks[2].fix.as_deref().unwrap().contains("_dmarc.academy.example"));
}

#[test]
fn a_well_set_up_domain_passes_and_a_lax_one_is_called_weak() {
    let good = Table(Some(HashMap::from([
        ("academy.example", vec!["google-site-verification=x", "v=spf1 include:_spf.mail.example ~all"]),
        ("s1._domainkey.academy.example", vec!["v=DKIM1; k=rsa; p=MIIBIjANBg"]),
        ("_dmarc.academy.example", vec!["v=DMARC1; p=quarantine; rua=mailto:d@academy.example"]),
    ])));
    let r = check_domain("academy.example", &["s1".into()], &good);
    assert_eq!(findings(&r), [("SPF", Finding::Ok), ("DKIM", Finding::Ok), ("DMARC", Finding::Ok)]);
    let lax = Table(Some(HashMap::from([
        ("academy.example", vec!["v=spf1 +all"]),
        ("default._domainkey.academy.example", vec!["v=DKIM1; p="]),
        ("_dmarc.academy.example", vec!["v=DMARC1; p=none"]),
    ])));
    let r = check_domain("academy.example", &[], &lax);
    assert_eq!(findings(&r), [("SPF", Finding::Weak), ("DKIM", Finding::Weak), ("DMARC", Finding::Weak)]);
}

#[test]
fn no_network_is_could_not_check_never_missing() {
    let r = check_domain("academy.example", &[], &Table(None));
    assert!(r.checks.iter().all(|c| c.finding == Finding::Unknown), "{r:?}");
    assert!(r.checks[0].detail.contains("no DNS server answered"));
}
