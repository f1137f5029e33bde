//! Badges that say what was achieved: results against the badge's result descriptions, evidence,
//! subject fields and stacked badges, checked before anything is signed and signed as Open Badges
//! 3.0 says (on the `small` fixture: badges `sql` and `first-aid`, rosters `main.csv` and `lms.csv`).

use serde_json::Value;

use crate::support::{stderr, stdout, Site};

/// `file:line:column` of the first `cell` on the line of `file` (under the content directory)
/// that contains `row`, columns counted in characters.
fn at(site: &Site, file: &str, row: &str, cell: &str) -> String {
    let text = std::fs::read_to_string(site.content().join(file)).unwrap();
    let (n, line) =
        text.lines().enumerate().find(|(_, l)| l.contains(row)).unwrap_or_else(|| panic!("{row:?} in {file}"));
    let byte = line.find(cell).unwrap_or_else(|| panic!("{cell:?} on {line:?}"));
    format!("{file}:{}:{}", n + 1, line[..byte].chars().count() + 1)
}

/// The fixture with results on both badges and the LMS roster's Score mapped to first-aid's score.
fn with_results() -> Site {
    let site = Site::fixture("small");
    site.edit(
        "badges/first-aid.md",
        "at work.\"\n",
        "at work.\"\n[[results]]\nid = \"score\"\nname = \"Final score\"\ntype = \"Percent\"\nmin = 0\nmax = 100\nrequired_value = 60\n",
    );
    let rubric = "[[results]]\nid = \"project\"\nname = \"Project\"\ntype = \"RubricCriterionLevel\"\nrequired_level = \"good\"\n\
                  [[results.levels]]\nid = \"basic\"\nname = \"Basic\"\npoints = 1\n\
                  [[results.levels]]\nid = \"good\"\nname = \"Good\"\ndescription = \"Correct and readable\"\npoints = 2\n\
                  [[results.levels]]\nid = \"excellent\"\nname = \"Excellent\"\npoints = 3\n";
    site.edit("badges/sql.md", "[[alignment]]", &format!("{rubric}[[alignment]]"));
    site.edit(
        "hallmark.toml",
        "[rosters.\"recipients/lms.csv\"]\n",
        "[rosters.\"recipients/lms.csv\".results]\nscore = \"Score\"\n\n[rosters.\"recipients/lms.csv\"]\n",
    );
    site.edit("recipients/main.csv", "evidence,cohort\n", "evidence,cohort,project,term\n");
    site.edit(
        "recipients/main.csv",
        "https://portfolio.example/ada,Spring\n",
        "https://portfolio.example/ada,Spring,excellent,Spring 2026\n",
    );
    site.edit("recipients/main.csv", "2028-03-01,,Spring\n", "2028-03-01,,Spring,good,\n");
    site.edit("recipients/main.csv", "2026-03-02,,,Spring\n", "2026-03-02,,,Spring,Good,\n");
    site
}

/// A position taken at `,cell` moved past the comma (marked by a trailing `X` on the location).
fn fix_comma(expected: &str) -> String {
    let Some((loc, rest)) = expected.split_once("X: ") else { return expected.to_string() };
    let (head, col) = loc.rsplit_once(':').unwrap();
    format!("{head}:{}: {rest}", col.parse::<usize>().unwrap() + 1)
}

fn credential_of(site: &Site, name: &str) -> Value {
    site.credentials()
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .unwrap_or_else(|| panic!("no credential for {name}"))
}

#[test]
fn results_are_signed_as_open_badges_results_and_shown_on_the_page() {
    let site = with_results();
    site.build();
    let ada = credential_of(&site, "Ada Lovelace");
    let subject = &ada["credentialSubject"];
    let rd = &subject["achievement"]["resultDescription"][0];
    assert_eq!(rd["type"], serde_json::json!(["ResultDescription"]));
    assert_eq!(rd["resultType"], "RubricCriterionLevel");
    assert_eq!(rd["rubricCriterionLevel"].as_array().unwrap().len(), 3);
    assert!(rd["requiredLevel"].as_str().unwrap().ends_with("#result-project-good"));
    let result = &subject["result"][0];
    assert_eq!(result["resultDescription"], rd["id"]);
    assert!(result["achievedLevel"].as_str().unwrap().ends_with("#result-project-excellent"));
    assert_eq!(subject["term"], "Spring 2026");
    // A level may be written by its name; the credential records its id.
    let li = credential_of(&site, "李雷");
    assert!(li["credentialSubject"]["result"][0]["achievedLevel"].as_str().unwrap().ends_with("-good"));
    let zoe = credential_of(&site, "Zoë Ångström");
    assert_eq!(zoe["credentialSubject"]["result"][0]["value"], "88");
    // The page shows what the credential signs, and the verifier accepts it.
    let id = ada["id"].as_str().unwrap().split("/c/").nth(1).unwrap().split('/').next().unwrap().to_string();
    let page = std::fs::read_to_string(site.public().join(format!("c/{id}/index.html"))).unwrap();
    assert!(
        page.contains("Project") && page.contains("<strong>Excellent</strong>") && page.contains("at least Good"),
        "{page}"
    );
    let out = site.run(&[
        "verify",
        "--site",
        site.public().to_str().unwrap(),
        site.public().join(format!("c/{id}/credential.json")).to_str().unwrap(),
    ]);
    assert!(stdout(&out).contains("VERIFIED"), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn a_result_id_two_badges_share_is_one_column_and_one_result() {
    let site = with_results();
    let project = "[[results]]\nid = \"project\"\nname = \"Project\"\ntype = \"Status\"\n";
    site.edit("badges/first-aid.md", "[[results]]\nid = \"score\"", &format!("{project}[[results]]\nid = \"score\""));
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let results = &credential_of(&site, "Ada Lovelace")["credentialSubject"]["result"];
    assert_eq!(results.as_array().map(Vec::len), Some(1), "{results:#}");
}

#[test]
fn every_result_rule_is_checked_with_the_cells_line_and_column() {
    let site = with_results();
    site.append("lms.csv", "Grace Hopper,grace@example.org,2026-04-12,101");
    site.append("lms.csv", "Alan Turing,alan@example.org,2026-04-12,lots");
    site.append("lms.csv", "Ada Byron,ada.byron@example.org,2026-04-12,40");
    site.edit("recipients/main.csv", "Spring,good,\n", "Spring,superb,\n");
    site.append("main.csv", "sql,Edsger Dijkstra,edsger@example.org,2026-03-05,,,Spring,basic,");
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    for expected in [
        format!(
            "{}: error: Final score: 101 is outside the range 0 to 100",
            at(&site, "recipients/lms.csv", "Grace", ",101") + "X"
        ),
        format!("{}: error: Final score: \"lots\" is not a number", at(&site, "recipients/lms.csv", "Alan", "lots")),
        format!(
            "{}: error: Final score: 40 is below the required 60",
            at(&site, "recipients/lms.csv", "Ada Byron", ",40") + "X"
        ),
        format!(
            "{}: error: Project: \"superb\" is not a level of the rubric",
            at(&site, "recipients/main.csv", "Siob", "superb")
        ),
        format!(
            "{}: error: Project: basic is below the required good",
            at(&site, "recipients/main.csv", "Edsger", "basic")
        ),
    ]
    .map(|e| fix_comma(&e))
    {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    // Below the pass mark is fine where the badge says so.
    site.edit("badges/first-aid.md", "required_value = 60\n", "required_value = 60\nbelow_required = true\n");
    let err = stderr(&site.run(&["check"]));
    assert!(!err.contains("below the required 60"), "{err}");
}

#[test]
fn a_badge_s_result_descriptions_are_checked_where_they_are_written() {
    let site = Site::fixture("small");
    site.edit(
        "badges/first-aid.md",
        "at work.\"\n",
        "at work.\"\n[[results]]\nid = \"Score!\"\nname = \"S\"\ntype = \"Percent\"\n\n[[results]]\nid = \"grade\"\nname = \"G\"\ntype = \"Letter\"\n\n[[results]]\nid = \"rubric\"\nname = \"R\"\ntype = \"RubricCriterionLevel\"\nrequired_level = \"gold\"\n[[results.levels]]\nid = \"silver\"\nname = \"Silver\"\n",
    );
    let err = stderr(&site.run(&["check"]));
    for expected in [
        format!("{}: error: result id \"Score!\" is not a slug", at(&site, "badges/first-aid.md", "Score!", "id")),
        format!(
            "{}: error: \"Letter\" is not an Open Badges result type",
            at(&site, "badges/first-aid.md", "Letter", "type")
        ),
        format!(
            "{}: error: the rubric has no level \"gold\"",
            at(&site, "badges/first-aid.md", "gold", "required_level")
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn a_result_for_a_badge_without_it_and_bad_subject_fields_are_refused() {
    let site = Site::fixture("small");
    site.edit("recipients/main.csv", "evidence,cohort\n", "evidence,cohort,credits_earned,activity_start_date\n");
    site.edit("recipients/main.csv", "ada,Spring\n", "ada,Spring,three,2026-02-30\n");
    site.edit(
        "hallmark.toml",
        "[rosters.\"recipients/lms.csv\"]\n",
        "[rosters.\"recipients/lms.csv\".results]\nscore = \"Score\"\n\n[rosters.\"recipients/lms.csv\"]\n",
    );
    let err = stderr(&site.run(&["check"]));
    for expected in [
        format!("{}: error: badge \"first-aid\" has no result \"score\"", at(&site, "recipients/lms.csv", "91", "91")),
        format!(
            "{}: error: credits_earned \"three\" is not a number of credits",
            at(&site, "recipients/main.csv", "three", "three")
        ),
        format!(
            "{}: error: activity_start_date \"2026-02-30\" is not a date",
            at(&site, "recipients/main.csv", "three", "2026-02-30")
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn evidence_items_and_subject_fields_are_signed_from_their_columns() {
    let site = Site::fixture("small");
    site.edit(
        "hallmark.toml",
        "[rosters.\"recipients/lms.csv\"]\n",
        "[rosters.\"recipients/main.csv\".evidence]\nname = \"Project\"\nnarrative = \"Notes\"\ngenre = \"Kind\"\n\n[rosters.\"recipients/lms.csv\"]\n",
    );
    site.edit("recipients/main.csv", "evidence,cohort\n", "evidence,cohort,Project,Notes,Kind,credits_earned,role\n");
    site.edit("recipients/main.csv", "ada,Spring\n", "ada,Spring,Timetable queries,\"Six questions, each answered\nwith a documented query.\",Project,3.5,Lead analyst\n");
    site.edit("recipients/main.csv", "2028-03-01,,Spring\n", "2028-03-01,,Spring,,,,,\n");
    site.edit("recipients/main.csv", "2026-03-02,,,Spring\n", "2026-03-02,,,Spring,,,,,\n");
    site.build();
    let ada = credential_of(&site, "Ada Lovelace");
    let evidence = ada["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["id"], "https://portfolio.example/ada", "the evidence link stays first");
    assert_eq!(evidence[1]["name"], "Timetable queries");
    assert_eq!(evidence[1]["narrative"], "Six questions, each answered\nwith a documented query.");
    assert_eq!(evidence[1]["genre"], "Project");
    assert_eq!(ada["credentialSubject"]["creditsEarned"], 3.5);
    assert_eq!(ada["credentialSubject"]["role"], "Lead analyst");
    assert!(credential_of(&site, "李雷").get("evidence").is_none());
}

#[test]
fn a_stacked_badge_is_issued_once_when_its_last_requirement_arrives() {
    let site = Site::fixture("small");
    std::fs::write(
        site.content().join("badges/data-first-aider.md"),
        "+++\nname = \"Data First-Aider\"\ndescription = \"Holds SQL Basics and First Aid.\"\nrequires = [\"sql\", \"first-aid\"]\n+++\nEarned by holding both.\n",
    )
    .unwrap();
    site.build();
    let stacked = |site: &Site| -> Vec<Value> {
        site.credentials().into_iter().map(|(_, c)| c).filter(|c| c["name"] == "Data First-Aider").collect()
    };
    assert!(stacked(&site).is_empty(), "nobody holds both yet");
    // Ada earns First Aid in a later build: the stacked badge follows, dated that day.
    site.append("lms.csv", "Ada Lovelace,ada@example.org,2026-05-20,77");
    let out = site.build();
    assert!(stdout(&out).contains("2 new"), "{}", stdout(&out));
    let got = stacked(&site);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["validFrom"], "2026-05-20T00:00:00Z");
    assert_eq!(got[0]["credentialSubject"]["identifier"][1]["identityHash"], "Ada Lovelace");
    let components: Vec<&str> =
        got[0]["evidence"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(components, ["SQL Basics", "First Aid"]);
    // Once: the next build issues nothing, and re-signs nothing.
    let out = site.build();
    assert!(stdout(&out).contains("0 credentials signed"), "{}", stdout(&out));
    assert_eq!(stacked(&site).len(), 1);
    // Revoking a component does not revoke the stack: the build says so.
    let sql_id = site
        .credentials()
        .into_iter()
        .find(|(_, c)| {
            c["name"] == "SQL Basics" && c["credentialSubject"]["identifier"][1]["identityHash"] == "Ada Lovelace"
        })
        .map(|(path, _)| path.split('/').nth(1).unwrap().to_string())
        .unwrap();
    let out = site.run(&["revoke", &sql_id, "--reason", "Issued in error", "--public"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.build();
    assert!(
        stderr(&out).contains("was earned with credential") && stderr(&out).contains("hallmark revoke"),
        "{}",
        stderr(&out)
    );
    // A row that awards a stacked badge is refused.
    site.append("main.csv", "data-first-aider,Alan Turing,alan@example.org,2026-03-01,,,Spring");
    let err = stderr(&site.run(&["check"]));
    assert!(err.contains("is awarded by its requirements, not by a row"), "{err}");
}

#[test]
fn an_incremental_build_re_signs_only_the_credential_whose_result_changed() {
    let site = with_results();
    site.build();
    site.edit("recipients/lms.csv", ",88\n", ",89\n");
    let out = site.build();
    let said = stdout(&out);
    assert!(
        said.contains("1 corrected") && said.contains("1 credential signed"),
        "a changed result is a correction, signed once: {said}"
    );
}

#[test]
fn revoking_a_component_lists_the_stacked_badge_and_with_stacks_revokes_both() {
    // The demo's renewable-energy-technician credential was earned with two others.
    let site = Site::demo();
    let (stack, components) = ("k3nuautzzs3qwqzel2xi", ["stuozof7xix2u4wtgrm3", "quo2aumkqwwgib3dhf3k"]);
    let line = site.ledger().lines().find(|l| l.starts_with(stack)).unwrap().to_string();
    assert!(line.ends_with(&format!("{{\"components\":[\"{}\",\"{}\"]}}", components[0], components[1])), "{line}");
    let revocations = || std::fs::read_to_string(site.content().join("revocations.toml")).unwrap();
    let before = revocations();

    let out = site.run(&["revoke", components[0], "--reason", "module withdrawn"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let listed = text.split("Stacked badges earned with them").nth(1).unwrap_or_else(|| panic!("{text}"));
    assert!(listed.contains("add --with-stacks to revoke them too") && listed.contains(stack), "{text}");
    let after = revocations();
    assert!(after.contains(components[0]) && !after.contains(stack), "only the component is revoked: {after}");
    let out = site.build();
    assert!(
        stderr(&out).contains(&format!("hallmark revoke {stack}")),
        "the build reports the stack: {}",
        stderr(&out)
    );

    std::fs::write(site.content().join("revocations.toml"), &before).unwrap();
    let out = site.run(&["revoke", components[1], "--reason", "module withdrawn", "--with-stacks"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Stacked badges earned with them"), "{}", stdout(&out));
    let after = revocations();
    assert!(after.contains(components[1]) && after.contains(stack), "both are revoked: {after}");
    let out = site.build();
    assert!(out.status.success() && !stderr(&out).contains(&format!("hallmark revoke {stack}")), "{}", stderr(&out));
}
