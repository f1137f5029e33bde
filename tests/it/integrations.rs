//! Issuing from other systems: `hallmark issue` (one row from flags, many as JSON Lines), the
//! LMS and HR export presets, JSON Lines and XLSX rosters, and the webhook workflow `init
//! --webhook` writes, run locally on a sample request.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::change_plan::git;
use crate::support::{stderr, stdout, Site};

const TODAY: &str = "2026-12-05";

fn run(site: &Site, args: &[&str]) -> Output {
    site.run_at(TODAY, args, &[])
}

fn ok(site: &Site, args: &[&str]) -> Output {
    let out = run(site, args);
    assert!(out.status.success(), "hallmark {args:?}:\n{}{}", stdout(&out), stderr(&out));
    out
}

/// The credentials a build of the site would issue: (name, badge, issued, roster row).
fn plan(site: &Site) -> Vec<(String, String, String, String)> {
    let out = ok(site, &["check", "--plan", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    report["plan"]["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (s(&c["name"]), s(&c["badge"]), s(&c["issued"]), s(&c["row"])))
        .collect()
}

fn issued_from<'p>(plan: &'p [(String, String, String, String)], file: &str) -> Vec<(&'p str, &'p str)> {
    plan.iter()
        .filter(|(.., row)| row.starts_with(&format!("recipients/{file}:")))
        .map(|(name, _, issued, _)| (name.as_str(), issued.as_str()))
        .collect()
}

fn add_config(site: &Site, toml: &str) {
    let path = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, text + toml).unwrap();
}

#[test]
fn issue_appends_a_row_in_the_rosters_own_columns_delimiter_and_dates() {
    let site = Site::fixture("small");
    let roster = site.content().join("recipients/lms.csv");
    std::fs::write(&roster, "Learner;E-mail;Completed;Score\r\nمحمد علي;m.ali@example.com;10/04/2026;91\r\n").unwrap();
    let toml = std::fs::read_to_string(site.content().join("hallmark.toml")).unwrap();
    let toml = toml.replace("badge = \"first-aid\"\n", "badge = \"first-aid\"\ndate_format = \"%d/%m/%Y\"\n");
    std::fs::write(site.content().join("hallmark.toml"), toml).unwrap();
    let name = "Dr. \"Grace\" Hopper; USN";
    let args = [
        "issue",
        "--roster",
        "recipients/lms.csv",
        "--badge",
        "first-aid",
        "--name",
        name,
        "--email",
        "Grace@Example.org",
    ];
    let out = ok(&site, &[&args[..], &["--issued", "2026-11-20"]].concat());
    assert!(stdout(&out).contains("Added 1 row to recipients/lms.csv"), "{}", stdout(&out));
    assert!(stdout(&out).contains("id and landing page exist only once it has"), "{}", stdout(&out));

    // The row is quoted for the roster's delimiter, in its date format and line ending, and reads back.
    let text = std::fs::read_to_string(&roster).unwrap();
    assert!(text.ends_with("\"Dr. \"\"Grace\"\" Hopper; USN\";Grace@Example.org;20/11/2026;\r\n"), "{text:?}");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let last = reader.records().last().unwrap().unwrap();
    assert_eq!(last.iter().collect::<Vec<_>>(), [name, "Grace@Example.org", "20/11/2026", ""]);
    let plan = plan(&site);
    assert!(
        plan.contains(&(name.into(), "first-aid".into(), "2026-11-20".into(), "recipients/lms.csv:3".into())),
        "{plan:?}"
    );
}

#[test]
fn issue_refuses_what_a_build_refuses_naming_the_row_and_writes_nothing() {
    let site = Site::fixture("small");
    let roster = site.content().join("recipients/main.csv");
    let before = std::fs::read(&roster).unwrap();

    let out = run(&site, &["issue", "--badge", "sql", "--name", "Eve", "--email", "eve@example"]);
    assert!(!out.status.success());
    // The build's own words for the same row.
    site.append("main.csv", "sql,Eve,eve@example,,,,");
    let build = run(&site, &["check"]);
    std::fs::write(&roster, &before).unwrap();
    let build_error = "\"eve@example\" is not a valid e-mail address";
    assert!(stderr(&build).contains(build_error) && stderr(&out).contains(build_error), "{}", stderr(&out));

    let out = run(&site, &["issue", "--badge", "sq1", "--name", "Eve", "--email", "eve@example.org"]);
    assert!(
        stderr(&out).contains("unknown badge \"sq1\"") && stderr(&out).contains("did you mean \"sql\""),
        "{}",
        stderr(&out)
    );
    let out = run(
        &site,
        &["issue", "--badge", "sql", "--name", "Eve", "--email", "eve@example.org", "--issued", "5/12/2026"],
    );
    assert!(stderr(&out).contains("issued \"5/12/2026\" is not a date written YYYY-MM-DD"), "{}", stderr(&out));

    // In a batch, one bad line refuses the batch and is named by its line.
    let batch = site.root().join("batch.jsonl");
    std::fs::write(
        &batch,
        "{\"badge\":\"sql\",\"name\":\"Fay\",\"email\":\"fay@example.org\"}\n\
         {\"badge\":\"sql\",\"name\":\"Gil\",\"email\":\"gil@\"}\n\
         {\"badge\":\"sql\",\"name\":\"Hal\",\"email\":\"hal@example.org\",\"cohort\":\"Autumn\"}\n",
    )
    .unwrap();
    let out = run(&site, &["issue", "--from-json", batch.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(&format!("{}:2:1: error: Gil <gil@>", batch.display())), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Fay") && !stderr(&out).contains("Hal"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&roster).unwrap(), before, "nothing was written");
    let out = run(
        &site,
        &["issue", "--badge", "sql", "--name", "Eve", "--email", "eve@example.org", "--roster", "other/x.csv"],
    );
    assert!(stderr(&out).contains("a roster is a file under recipients/"), "{}", stderr(&out));
    assert!(!site.content().join("recipients/issued.csv").exists());
}

#[test]
fn issue_is_idempotent_and_takes_json_lines_with_other_columns() {
    let site = Site::fixture("small");
    let roster = site.content().join("recipients/main.csv");
    let batch = site.root().join("batch.jsonl");
    std::fs::write(
        &batch,
        "{\"badge\":\"sql\",\"name\":\"Fay Wray\",\"email\":\"fay@example.org\",\"issued\":\"2026-12-01\",\"cohort\":\"Autumn\"}\n\
         {\"badge\":\"sql\",\"name\":\"Ada Lovelace\",\"email\":\"ADA@example.org\"}\n\
         {\"badge\":\"sql\",\"name\":\"Fay Wray\",\"email\":\"fay@example.org\",\"issued\":\"2026-12-01\"}\n",
    )
    .unwrap();
    let args = ["issue", "--roster", "recipients/main.csv", "--from-json", batch.to_str().unwrap()];
    let out = ok(&site, &args);
    assert!(stdout(&out).contains("Added 1 row"), "{}", stdout(&out));
    // Ada is in the roster already (any date, as none was given); Fay's second line repeats her first.
    let err = stderr(&out);
    assert!(err.contains(":2:1: already present: Ada Lovelace <ada@example.org> for badge \"sql\""), "{err}");
    assert!(err.contains(":3:1: already present: Fay Wray"), "{err}");
    let after_first = std::fs::read_to_string(&roster).unwrap();
    assert!(after_first.ends_with("sql,Fay Wray,fay@example.org,2026-12-01,,,Autumn\n"), "{after_first}");
    let out = ok(&site, &args);
    assert!(stdout(&out).contains("Nothing to add"), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&roster).unwrap(), after_first);
    // A renewal (another date) is a new row.
    let out = ok(
        &site,
        &[
            "issue",
            "--roster",
            "recipients/main.csv",
            "--badge",
            "sql",
            "--name",
            "Fay Wray",
            "--email",
            "fay@example.org",
            "--issued",
            "2026-12-04",
        ],
    );
    assert!(stdout(&out).contains("Added 1 row"), "{}", stdout(&out));
    let out = ok(&site, &["issue", "--badge", "sql", "--name", "Fay Wray", "--email", "fay@example.org", "--dry-run"]);
    assert!(stdout(&out).contains("Nothing to add"), "{}", stdout(&out));
}

#[test]
fn two_issue_calls_at_once_both_land() {
    let site = Site::fixture("small");
    let spawn = |name: &str, email: &str| {
        Command::new(env!("CARGO_BIN_EXE_hallmark"))
            .args(["--root", site.root().to_str().unwrap(), "--today", TODAY, "issue", "--badge", "sql"])
            .args(["--name", name, "--email", email])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("Ida Rhodes", "ida@example.org").unwrap());
        let b = s.spawn(|| spawn("Joan Clarke", "joan@example.org").unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success() && b.status.success(), "{}{}", stderr(&a), stderr(&b));
    let text = std::fs::read_to_string(site.content().join("recipients/issued.csv")).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("badge,")).count(), 1, "one header:\n{text}");
    assert!(text.contains("Ida Rhodes,ida@example.org") && text.contains("Joan Clarke,joan@example.org"), "{text}");
    let names: Vec<String> = plan(&site).into_iter().map(|(n, ..)| n).collect();
    assert!(names.contains(&"Ida Rhodes".into()) && names.contains(&"Joan Clarke".into()), "{names:?}");
}

#[test]
fn each_preset_reads_its_systems_export_as_it_comes() {
    let site = Site::fixture("small");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/presets");
    for preset in ["canvas", "moodle", "moodle-grades", "blackboard", "open-edx", "hr"] {
        std::fs::copy(fixtures.join(format!("{preset}.csv")), site.content().join(format!("recipients/{preset}.csv")))
            .unwrap();
        add_config(
            &site,
            &format!("\n[rosters.\"recipients/{preset}.csv\"]\npreset = \"{preset}\"\nbadge = \"sql\"\n"),
        );
    }
    let plan = plan(&site);
    let expect = [
        ("canvas", vec![("Ada Lovelace", TODAY), ("Alan Turing", TODAY)]),
        ("moodle", vec![("Grace Hopper", "2026-12-04"), ("Dorothy Vaughan", "2026-11-24")]),
        ("moodle-grades", vec![("Mary Jackson", TODAY)]),
        ("blackboard", vec![("Margaret Hamilton", TODAY)]),
        ("open-edx", vec![("Ann Easley", TODAY)]),
        ("hr", vec![("Radia Perlman", "2026-10-01")]),
    ];
    for (preset, want) in expect {
        assert_eq!(issued_from(&plan, &format!("{preset}.csv")), want, "{preset}");
    }
    // A preset that does not exist is named, with the ones that do.
    add_config(&site, "\n[rosters.\"recipients/main.csv\"]\npreset = \"moodel\"\n");
    let out = run(&site, &["check"]);
    assert!(
        stderr(&out).contains("there is no preset \"moodel\"") && stderr(&out).contains("did you mean \"moodle\""),
        "{}",
        stderr(&out)
    );
}

/// One row of a test workbook: name, e-mail, completion date (year, month, day), status.
type Row<'a> = (&'a str, &'a str, (u16, u8, u8), &'a str);

/// A workbook with sheet "Grades" (after a sheet "Other"): a header, then `rows`.
fn workbook(path: &Path, rows: &[Row<'_>]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Other").unwrap();
    sheet.write_string(0, 0, "not the roster").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Grades").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["Name", "Email", "Completed", "Status", "Score"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, email, (y, m, d), status)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, *email).unwrap();
        sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
        sheet.write_string(r, 3, *status).unwrap();
        sheet.write_number(r, 4, 90.0).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn an_xlsx_roster_is_read_by_cell_and_a_bad_cell_is_named_by_sheet_and_cell() {
    let site = Site::fixture("small");
    let path = site.content().join("recipients/grades.xlsx");
    add_config(
        &site,
        "\n[rosters.\"recipients/grades.xlsx\"]\nbadge = \"sql\"\nsheet = \"Grades\"\ndate_format = \"%d/%m/%Y\"\n\
         only_when = { column = \"Status\", one_of = [\"Passed\", \"Merit\"] }\n\
         [rosters.\"recipients/grades.xlsx\".columns]\nissued = \"Completed\"\n",
    );
    workbook(
        &path,
        &[
            ("Hedy Lamarr", "hedy@example.org", (2026, 11, 3), "Passed"),
            ("Bad Cell", "not-an-address", (2026, 11, 4), "Merit"),
            ("Not Yet", "not-yet@example.org", (2026, 11, 5), "Failed"),
        ],
    );
    let out = run(&site, &["check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("recipients/grades.xlsx:Grades!B3: error: \"not-an-address\" is not a valid e-mail address"),
        "{err}"
    );
    assert!(!err.contains("not-yet"), "the failed row is not read: {err}");

    workbook(
        &path,
        &[
            ("Hedy Lamarr", "hedy@example.org", (2026, 11, 3), "Passed"),
            ("Not Yet", "not-yet@example.org", (2026, 11, 5), "Failed"),
        ],
    );
    assert_eq!(issued_from(&plan(&site), "grades.xlsx"), [("Hedy Lamarr", "2026-11-03")]);
    add_config(&site, "[rosters.\"recipients/other.xlsx\"]\nsheet = \"Nope\"\n");
    std::fs::copy(&path, site.content().join("recipients/other.xlsx")).unwrap();
    let err = stderr(&run(&site, &["check"]));
    assert!(
        err.contains("the workbook has no sheet \"Nope\"") && err.contains("its sheets are: Other, Grades"),
        "{err}"
    );
}

#[test]
fn a_json_lines_roster_builds_and_a_bad_value_is_named_at_its_line_and_key() {
    let site = Site::fixture("small");
    let path = site.content().join("recipients/form.jsonl");
    std::fs::write(
        &path,
        "{\"badge\": \"sql\", \"name\": \"Mae Jemison\", \"email\": \"mae@example.org\", \"issued\": \"2026-11-02\"}\n\
         {\"badge\": \"sql\", \"name\": \"Sally Ride\", \"email\": \"sally@example.org\", \"Score\": 97}\n",
    )
    .unwrap();
    assert_eq!(issued_from(&plan(&site), "form.jsonl"), [("Mae Jemison", "2026-11-02"), ("Sally Ride", TODAY)]);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text + "{\"badge\": \"sql\", \"name\": \"Eve\", \"email\": \"eve@\"}\n").unwrap();
    let err = stderr(&run(&site, &["check"]));
    assert!(err.contains("recipients/form.jsonl:3:33: error: \"eve@\" is not a valid e-mail address"), "{err}");
}

/// The JSON Lines `issue.sh` gets from a request, as GitHub writes the event.
fn dispatch(site: &Path, name: &str, recipients: Value) -> std::path::PathBuf {
    let path = site.join(format!("{name}.json"));
    let event = serde_json::json!({ "action": "issue-credentials", "client_payload": { "recipients": recipients } });
    std::fs::write(&path, event.to_string()).unwrap();
    path
}

fn issue_script(site: &Path, event: &Path, temp: &Path) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_hallmark")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    Command::new(site.join(".github/hallmark/issue.sh"))
        .arg(event)
        .current_dir(site)
        .env("PATH", path)
        .env("RUNNER_TEMP", temp)
        .env("GITHUB_OUTPUT", temp.join("output"))
        .env("GITHUB_RUN_ID", "4711")
        .env("HALLMARK_SIGNING_KEY", crate::support::signing::test_secret())
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

/// `hallmark init --webhook` in `site`, committed on main.
fn init_committed(site: &Path) {
    let init = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .args(["init", site.to_str().unwrap(), "--webhook"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-qm", "hallmark init"]);
}

fn head(site: &Path) -> String {
    let out = Command::new("git").current_dir(site).args(["rev-parse", "HEAD"]).output().unwrap();
    stdout(&out).trim().to_string()
}

#[test]
fn the_webhook_workflow_runs_locally_on_a_request_and_passes_actionlint() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let temp = dir.path().join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    init_committed(&site);
    let start = head(&site);

    // A request with a bad row: the run fails naming the row, and nothing is committed.
    let bad = dispatch(
        &site,
        "bad",
        serde_json::json!([
            { "badge": "welcome", "name": "Kay Antonelli", "email": "kay@example.org" },
            { "badge": "welcome", "name": "Frances Spence", "email": "frances@" }
        ]),
    );
    let out = issue_script(&site, &bad, &temp);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("hallmark-recipients.jsonl:2:1: error: Frances Spence <frances@>"),
        "{}",
        stderr(&out)
    );
    assert_eq!(head(&site), start);
    std::fs::remove_file(&bad).unwrap();
    let status = Command::new("git").current_dir(&site).args(["status", "--porcelain"]).output().unwrap();
    assert_eq!(stdout(&status), "", "the working tree is as it was");

    // A good request: the rows and the ledger that records them, committed on a branch of their own.
    let good = dispatch(
        &site,
        "good",
        serde_json::json!([
            { "badge": "welcome", "name": "Kay Antonelli", "email": "kay@example.org", "issued": "2026-12-01" },
            { "badge": "welcome", "name": "Ada Lovelace", "email": "ada@example.org" }
        ]),
    );
    let out = issue_script(&site, &good, &temp);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let output = std::fs::read_to_string(temp.join("output")).unwrap();
    assert!(
        output.contains("branch=hallmark/issue-4711\n")
            && output.contains("title=Issue credentials to 1 recipient(s)\n"),
        "{output}"
    );
    let files =
        Command::new("git").current_dir(&site).args(["show", "--name-only", "--format=%s", "HEAD"]).output().unwrap();
    assert_eq!(
        stdout(&files),
        "Issue credentials to 1 recipient(s)\n\ncontent/hallmark.lock\ncontent/recipients/issued.csv\n"
    );
    let roster = std::fs::read_to_string(site.join("content/recipients/issued.csv")).unwrap();
    assert_eq!(
        roster,
        "badge,name,email,issued,expires,evidence\nwelcome,Kay Antonelli,kay@example.org,2026-12-01,,\n"
    );
    let plan = std::fs::read_to_string(temp.join("hallmark-plan.md")).unwrap();
    assert!(
        plan.contains("| Kay Antonelli | Welcome \\(welcome\\) | issued 2026-12-01 | recipients/issued.csv:2 |"),
        "{plan}"
    );
    // The deploy's `build --locked` accepts the committed ledger.
    let locked = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(&site)
        .args(["build", "--locked"])
        .env("HALLMARK_SIGNING_KEY", crate::support::signing::test_secret())
        .output()
        .unwrap();
    assert!(locked.status.success(), "{}", stderr(&locked));

    actionlint_both_modes(&site, &dir.path().join("main-mode"));
}

/// The workflows of both modes pass actionlint (`site` was made with the default mode).
fn actionlint_both_modes(site: &Path, main_mode: &Path) {
    let init = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .args(["init", main_mode.to_str().unwrap(), "--webhook", "--webhook-mode", "main"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let workflow = std::fs::read_to_string(main_mode.join(".github/workflows/issue.yml")).unwrap();
    assert!(workflow.contains("HALLMARK_ISSUE_MODE: \"main\""), "{workflow}");
    git(main_mode, &["init", "-q", "-b", "main"]);
    let actionlint = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflows/.venv/bin/actionlint");
    let actionlint = std::env::var_os("ACTIONLINT").map(std::path::PathBuf::from).unwrap_or(actionlint);
    for repo in [site, main_mode] {
        let out = Command::new(&actionlint)
            .current_dir(repo)
            .arg("-no-color")
            .output()
            .expect("actionlint: run scripts/test");
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }
}
