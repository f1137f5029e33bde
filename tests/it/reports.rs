//! `hallmark report issued|status|delivery|engagement` over the committed fixture
//! (`tests/fixtures/reports/`): a site built twice (stage 1 on 2026-04-15, the whole on 2026-06-30,
//! made into a two-commit git history here), a sent log, access logs in each supported format with
//! malformed lines, and the expected outputs, worked out by hand (see `expected/README.md`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{copy_dir, stderr, stdout};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports")
}

/// The fixture's content as a git repository with two commits (stage 1, then all), in a temporary
/// directory; returns it and the first commit.
fn history() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture().join("content"), &content);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    git(&["init", "-q"]);
    // Stage 1: the first four rows (one of them corrected), no revocations, the e-mails sent by then.
    let all_roster = std::fs::read(content.join("recipients/main.csv")).unwrap();
    let all_ledger = std::fs::read(content.join("hallmark.lock")).unwrap();
    std::fs::copy(fixture().join("stage1/main.csv"), content.join("recipients/main.csv")).unwrap();
    std::fs::copy(fixture().join("stage1/hallmark.lock"), content.join("hallmark.lock")).unwrap();
    let aside = dir.path().join("aside");
    std::fs::create_dir_all(&aside).unwrap();
    for f in ["revocations.toml", "hallmark.sent"] {
        std::fs::rename(content.join(f), aside.join(f)).unwrap();
    }
    std::fs::copy(fixture().join("stage1/hallmark.sent"), content.join("hallmark.sent")).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "stage 1"]);
    let first = git(&["rev-parse", "HEAD"]).trim().to_string();
    std::fs::write(content.join("recipients/main.csv"), all_roster).unwrap();
    std::fs::write(content.join("hallmark.lock"), all_ledger).unwrap();
    std::fs::remove_file(content.join("hallmark.sent")).unwrap();
    for f in ["revocations.toml", "hallmark.sent"] {
        std::fs::rename(aside.join(f), content.join(f)).unwrap();
    }
    std::fs::remove_dir(&aside).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "stage 2"]);
    (dir, first)
}

/// `hallmark report <args>` in `dir` (logs named relative to it), as of 2026-07-02.
fn report(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(dir)
        .args(["--root", "content", "--today", "2026-07-02", "report"])
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "report failed:\n{}", stderr(&out));
    stdout(&out)
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture().join("expected").join(name)).unwrap()
}

/// Every JSON report conforms to the published schema.
fn conforms(json: &str) -> Value {
    let doc: Value = serde_json::from_str(json).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/hallmark-report.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{json}");
    doc
}

#[test]
fn issued_status_and_delivery_reports_give_the_expected_csv_and_json() {
    let (dir, _) = history();
    let as_of = ["--as-of", "2026-06-30"];
    for (kind, by, file) in [
        ("issued", "program", "issued-by-program"),
        ("status", "badge", "status-by-badge"),
        ("status", "reason", "status-by-reason"),
        ("delivery", "event", "delivery-by-event"),
        ("issued", "program,quarter", "issued-by-program-quarter"),
        ("status", "Cohort", "status-by-cohort"),
    ] {
        let base = [kind, "--by", by, as_of[0], as_of[1]];
        let csv = ok(report(dir.path(), &[&base[..], &["--format", "csv"]].concat()));
        assert_eq!(csv, expected(&format!("{file}.csv")), "{kind} --by {by} (CSV)");
        let json = ok(report(dir.path(), &[&base[..], &["--format", "json"]].concat()));
        conforms(&json);
        assert_eq!(json, expected(&format!("{file}.json")), "{kind} --by {by} (JSON)");
    }
}

#[test]
fn as_of_reproduces_the_report_an_earlier_commit_gives() {
    let (dir, first) = history();
    for kind in ["issued", "status", "delivery"] {
        let then = ok(report(
            dir.path(),
            &[kind, "--by", "badge,month", "--format", "json", "--at", &first, "--as-of", "2026-04-15"],
        ));
        let now = ok(report(dir.path(), &[kind, "--by", "badge,month", "--format", "json", "--as-of", "2026-04-15"]));
        assert_eq!(now, then, "{kind}: --as-of 2026-04-15 on today's files and --at the stage-1 commit");
    }
    // And the earlier commit is not today's: the later issuances show without --as-of.
    let then = conforms(&ok(report(dir.path(), &["issued", "--format", "json", "--at", &first])));
    let now = conforms(&ok(report(dir.path(), &["issued", "--format", "json"])));
    assert_eq!((then["totals"][0].as_u64(), now["totals"][0].as_u64()), (Some(5), Some(7)));
    let bad = report(dir.path(), &["issued", "--at", "no-such-commit"]);
    assert!(
        !bad.status.success() && stderr(&bad).contains("git could not read commit no-such-commit"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn engagement_counts_each_log_format_and_reports_malformed_lines_without_failing() {
    let (dir, _) = history();
    copy_dir(&fixture().join("logs"), &dir.path().join("logs"));
    let logs = ["--log", "logs/access.log", "--log", "logs/cloudfront.log", "--log", "logs/cloudflare.jsonl"];
    let args = [&["engagement", "--by", "badge", "--as-of", "2026-06-30", "--format", "json"][..], &logs[..]].concat();
    let json = ok(report(dir.path(), &args));
    conforms(&json);
    assert_eq!(json, expected("engagement-by-badge.json"));
    // The same from gzipped logs.
    for f in ["access.log", "cloudfront.log", "cloudflare.jsonl"] {
        let plain = std::fs::read(dir.path().join("logs").join(f)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &plain).unwrap();
        std::fs::write(dir.path().join("logs").join(format!("{f}.gz")), gz.finish().unwrap()).unwrap();
    }
    let gz: Vec<String> =
        logs.iter().map(|a| if a.starts_with("logs/") { format!("{a}.gz") } else { a.to_string() }).collect();
    let gz: Vec<&str> = gz.iter().map(String::as_str).collect();
    let zipped = ok(report(
        dir.path(),
        &[&["engagement", "--by", "badge", "--as-of", "2026-06-30", "--format", "json"][..], &gz[..]].concat(),
    ));
    let counts = |j: &str| serde_json::from_str::<Value>(j).unwrap()["rows"].clone();
    assert_eq!(counts(&zipped), counts(&json));
    let none = report(dir.path(), &["engagement"]);
    assert!(!none.status.success() && stderr(&none).contains("--log"), "{}", stderr(&none));
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text_and_unlisted_columns_are_refused() {
    let (dir, _) = history();
    let roster = dir.path().join("content/recipients/main.csv");
    let text = std::fs::read_to_string(&roster).unwrap().replace(",,,A\n", ",,,=HYPERLINK(\"x\")\n");
    std::fs::write(&roster, text).unwrap();
    let csv = ok(report(dir.path(), &["status", "--by", "Cohort", "--format", "csv"]));
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    let refused = report(dir.path(), &["status", "--by", "Email"]);
    assert!(!refused.status.success(), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("cannot group by \"Email\"") && stderr(&refused).contains("Cohort"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn the_html_report_is_offline_accessible_and_share_pages_redirect_without_javascript() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(Path::new("/usr/bin/chromium").is_file(), "Chromium is missing: run scripts/test, which installs it");
    assert!(
        repo.join("tests/browser/node_modules/playwright-core").is_dir(),
        "run scripts/test (npm ci in tests/browser)"
    );
    let (dir, _) = history();
    copy_dir(&fixture().join("logs"), &dir.path().join("logs"));
    let html = ok(report(dir.path(), &["engagement", "--log", "logs/access.log", "--format", "html"]));
    let outside = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !html.contains("<script")
            && !outside.contains("http://")
            && !outside.contains("https://")
            && !html.contains("src=")
            && !html.contains("url("),
        "self-contained"
    );
    let report_file = dir.path().join("report.html");
    std::fs::write(&report_file, &html).unwrap();
    // Share pages: a build with [reports] share_pages, served by a static server.
    let config = dir.path().join("content/hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("[reports]\n", "[reports]\nshare_pages = true\n");
    std::fs::write(&config, text).unwrap();
    let key = crate::support::test_secret();
    let built = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .args(["--root"])
        .arg(dir.path())
        .args(["--today", "2026-07-02", "build", "--base-url", "http://127.0.0.1:1/creds/"])
        .env("HALLMARK_SIGNING_KEY", key)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let public = dir.path().join("public");
    let id = "j4hvfu5s67clhvmbevfh";
    let page = std::fs::read_to_string(public.join(format!("c/{id}/index.html"))).unwrap();
    // From the page's place (../../, shorter than the site's /creds/).
    assert!(
        page.contains(&format!("href=\"../../c/{id}/share/linkedin/\"")),
        "the landing page links the counted page"
    );
    let linkedin = std::fs::read_to_string(public.join(format!("c/{id}/share/linkedin/index.html"))).unwrap();
    assert!(!linkedin.contains("<script") && linkedin.contains("http-equiv=\"refresh\""), "{linkedin}");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Served at /creds/ as the base URL says: the site's files under a folder of that name.
    let root = dir.path().join("served");
    copy_dir(&public, &root.join("creds"));
    crate::support::http::serve_static(listener, root);
    let share = format!("http://{addr}/creds/c/{id}/share/linkedin/");
    let out = Command::new("node")
        .arg(repo.join("tests/browser/reports.mjs"))
        .arg(&report_file)
        .arg(&share)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let result: Value = serde_json::from_str(stdout(&out).lines().last().unwrap()).unwrap();
    assert_eq!(result["report"]["requests"], serde_json::json!([]), "the report asks for nothing: {result}");
    assert_eq!(result["report"]["violations"], serde_json::json!([]), "axe-core: {result}");
    assert!(result["report"]["tables"].as_u64().unwrap() >= 2 && result["report"]["chart"] == 1, "{result}");
    let followed = result["share"]["followed"].as_array().unwrap();
    assert!(
        followed.iter().any(|u| u.as_str().unwrap().starts_with("https://www.linkedin.com/profile/add?")),
        "with JavaScript off the share page goes on to LinkedIn: {result}"
    );
}

#[test]
fn no_page_of_the_demo_loads_anything_from_elsewhere() {
    let site = crate::support::Site::demo();
    site.build();
    let mut checked = 0;
    for (path, bytes) in site.files() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for tag in ["<script", "<img", "<link", "<iframe", "<source", "<video", "<audio"] {
            for (i, _) in html.match_indices(tag) {
                let element = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
                for attr in [" src=\"", " href=\""] {
                    if let Some(at) = element.find(attr) {
                        let value = &element[at + attr.len()..];
                        let value = &value[..value.find('"').unwrap_or(value.len())];
                        let local = value.starts_with('/') || value.starts_with("data:") || !value.contains("://");
                        let canonical = tag == "<link"
                            && (element.contains("rel=\"canonical\"") || element.contains("rel=\"alternate\""));
                        assert!(local || canonical, "{path}: {element}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "the pages were read: {checked} elements");
}
