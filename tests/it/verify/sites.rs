//! Several sites, landing pages and site files given to `hallmark verify`.

use super::*;

#[test]
fn files_of_different_sites_are_each_checked_against_their_own_site() {
    // A user site and a project site under it, each with its own key: the project site's URLs are
    // under the user site's base URL too, and must not be looked up there.
    let user = built_at("https://org.github.io/", [1; 32]);
    let project = built_at("https://org.github.io/academy/", [2; 32]);
    let (ada_user, _) = by_name(&user, "Ada Lovelace");
    let (ada_project, _) = by_name(&project, "Ada Lovelace");
    let ada_user = user.public().join(ada_user);
    let ada_project = project.public().join(ada_project);
    for files in [[&ada_user, &ada_project], [&ada_project, &ada_user]] {
        let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&user, &args);
        assert_eq!(code, Some(0), "{report:#}");
        assert!(state_by_source(&report).iter().all(|(_, s)| s == "verified"), "{report:#}");
    }
    // Whole sites, in either order.
    let (public_user, public_project) = (user.public(), project.public());
    for sites in [[&public_user, &public_project], [&public_project, &public_user]] {
        let args: Vec<&str> = sites.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&user, &args);
        assert_eq!(code, Some(0), "{report:#}");
        assert_eq!(state_by_source(&report).len(), 10);
    }
}

#[test]
fn two_sites_at_one_base_url_with_their_own_keys_and_status_lists_are_not_confused() {
    // Say, a staging build and the real one: the same URLs, other keys, other revocations.
    let one = built_at(BASE, [1; 32]);
    let two = built_at(BASE, [2; 32]);
    let (path, _) = by_name(&two, "Ada Lovelace");
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string();
    let secret = hallmark::crypto::Key::from_seed([2; 32]).secret_multibase();
    let env = [("HALLMARK_SIGNING_KEY", secret.as_str())];
    assert!(two.run_with_env(&["revoke", &id, "--reason", "test"], &env).status.success());
    assert!(two.run_with_env(&["build", "--base-url", BASE], &env).status.success());
    let ada_one = one.public().join(by_name(&one, "Ada Lovelace").0);
    let ada_two = two.public().join(&path);
    for files in [[&ada_one, &ada_two], [&ada_two, &ada_one]] {
        let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&one, &args);
        assert_eq!(code, Some(1), "{report:#}");
        let states = state_by_source(&report);
        let of = |f: &std::path::Path| states.iter().find(|(s, _)| s == f.to_str().unwrap()).unwrap().1.clone();
        assert_eq!(of(&ada_one), "verified", "{report:#}");
        assert_eq!(of(&ada_two), "revoked", "its own site's list, not the other's: {report:#}");
    }
}

#[test]
fn a_landing_page_is_followed_to_the_credential_beside_it() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let json = site.public().join(&path);
    let page = json.with_file_name("index.html");
    let (code, report) = verify_json(&site, &[page.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["credentials"][0]["source"], json.to_str().unwrap(), "the credential the page shows");
    assert_eq!(report["credentials"][0]["state"], "verified");
    // Saved out of the site, the page still says where its credential is.
    let saved = site.root().join("saved page.html");
    std::fs::copy(&page, &saved).unwrap();
    let out = site.run(&["verify", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains(&format!("download the credential, {BASE}{path}, and verify that")),
        "{}",
        stdout(&out)
    );
    // Other pages of the site are HTML pages, not badly formed SVG.
    for other in ["index.html", "badges/sql/index.html", "verify/index.html", "404.html"] {
        let out = site.run(&["verify", site.public().join(other).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{other}");
        assert!(stdout(&out).contains(": NOT A CREDENTIAL: an HTML page"), "{other}: {}", stdout(&out));
    }
}

#[test]
fn site_files_that_are_not_credentials_say_what_they_are_and_fail_nothing() {
    let site = built();
    let public = site.public();
    for (file, what) in [
        ("did.json", "a DID document of did:web:fixture.github.io:academy: the issuer's public keys"),
        ("badges/sql/achievement.json", "an Achievement \"SQL Basics\": the description of a badge"),
        ("issuer.json", "the issuer's Profile \"Fixture Academy\""),
    ] {
        let path = public.join(file);
        let out = site.run(&["verify", path.to_str().unwrap()]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {text}");
        assert!(text.contains(&format!("{}: NOT A CREDENTIAL: {what}", path.display())), "{file}: {text}");
        assert!(
            text.contains(&format!("every credential of the site: hallmark verify {}", public.display())),
            "{text}"
        );
        assert!(!text.contains("FAILED") && !text.contains("proof"), "{file}: {text}");
    }
    let (siobhan, _) = by_name(&site, "Siobhán O'Brien");
    let ics = public.join(&siobhan).with_file_name("expiry.ics");
    let out = site.run(&["verify", ics.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("NOT A CREDENTIAL: a calendar entry for a credential's expiry date"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(&format!("hallmark verify {}", public.join(&siobhan).display())), "{}", stdout(&out));
    // Beside credentials: an invalid credential still says 1, a valid one leaves the 2.
    let (ada, doc) = by_name(&site, "Ada Lovelace");
    let did = public.join("did.json");
    let (code, report) = verify_json(&site, &[public.join(&ada).to_str().unwrap(), did.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{report:#}");
    assert_eq!(report["credentials"][0]["state"], "verified");
    assert_eq!(report["not_credentials"][0]["source"], did.to_str().unwrap());
    let mut tampered = doc.clone();
    tampered["name"] = json!("Something else");
    let bad = site.root().join("bad.json");
    std::fs::write(&bad, tampered.to_string()).unwrap();
    let out = site.run(&["verify", "--site", public.to_str().unwrap(), bad.to_str().unwrap(), did.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // A credential made to look like an Achievement is still a credential, and fails.
    let mut disguised = doc.clone();
    disguised["type"] = json!(["Achievement"]);
    std::fs::write(&bad, disguised.to_string()).unwrap();
    let out = site.run(&["verify", "--site", public.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(": FAILED"), "{}", stdout(&out));
}

#[test]
fn a_status_list_given_as_a_file_is_verified_as_the_signed_credential_it_is() {
    let site = built();
    let list = site.public().join("status/revocation/1.json");
    let out = site.run(&["verify", list.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(": VERIFIED (a status list credential)"), "{text}");
    assert!(text.contains("✓ proof            signature verified (eddsa-rdfc-2022, eddsa-jcs-2022)"), "{text}");
    assert!(
        text.contains(&format!(
            "✓ status list      a revocation list of 131072 entries, 0 of them set, published as {BASE}status/revocation/1.json"
        )),
        "{text}"
    );
    let (_, report) = verify_json(&site, &[list.to_str().unwrap()]);
    assert_eq!(report["credentials"][0]["kind"], "status-list");
    // Tampered, it fails like any credential.
    rewrite(&site, "status/revocation/1.json", None, |l| l["credentialSubject"]["encodedList"] = json!("uH4sI"));
    let out = site.run(&["verify", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(": FAILED (a status list credential)"), "{}", stdout(&out));
}

#[test]
fn a_landing_page_url_under_a_sub_path_is_read_from_the_site_and_followed_to_its_credential() {
    let base = "https://org.github.io/creds/";
    let site = built_at(base, support::TEST_SEED);
    let (path, _) = by_name(&site, "Ada Lovelace");
    let dir = path.trim_end_matches("credential.json");
    let public = site.public();
    let public = public.to_str().unwrap();
    let credential = format!("{base}{path}");
    for given in [&["--site", public][..], &["--site", public, "--base-url", "https://org.github.io/creds"]] {
        for page in
            [format!("{base}{dir}"), format!("{base}{}", dir.trim_end_matches('/')), format!("{base}{dir}index.html")]
        {
            let mut args = given.to_vec();
            args.push(&page);
            let (code, report) = verify_json(&site, &args);
            assert_eq!(code, Some(0), "the page is followed to its credential: {page}: {report:#}");
            assert_eq!(report["unreadable"], json!([]), "{page}: {report:#}");
            assert_eq!(report["credentials"][0]["source"], credential.as_str(), "{page}");
        }
        for ok in [credential.clone(), format!("{credential}?utm_source=mail#proof")] {
            let mut args = given.to_vec();
            args.push(&ok);
            assert_eq!(verify_json(&site, &args).0, Some(0), "{ok}");
        }
        // The site's home page, with or without its slash; a path that does leave the site still does.
        for home in [base, base.trim_end_matches('/')] {
            let mut args = given.to_vec();
            args.push(home);
            let (code, report) = verify_json(&site, &args);
            assert_eq!(code, Some(2), "{home}: {report:#}");
            assert_eq!(report["not_credentials"][0]["what"], "an HTML page", "{home}");
        }
        let mut args = given.to_vec();
        let escape = format!("{base}c//etc/passwd");
        args.push(&escape);
        let (code, report) = verify_json(&site, &args);
        assert_eq!(code, Some(1));
        assert!(report["unreadable"][0]["error"].as_str().unwrap().contains("leaves the site"), "{report:#}");
    }
    // And the files themselves, found in the site or given with it.
    let file = site.public().join(&path);
    let (code, _) = verify_json(&site, &[file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (code, _) = verify_json(&site, &["--site", public, "--base-url", base, file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
}
