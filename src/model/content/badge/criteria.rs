//! Links and images in badge criteria: the criteria are published on every badge page, so a
//! `javascript:` link would be stored script, and an image from elsewhere a tracking pixel.
//! Links may go to `https:`, `http:`, `mailto:` and the site itself; images come from the site,
//! or from a host `[site] image_hosts` lists.

use crate::ground::error::{Location, Problem};
use crate::ground::link::{link_target, Target};

/// A problem for every link or image in `markdown` that may not be published; `at` turns an
/// offset in `markdown` into a place in the file.
pub(super) fn check(markdown: &str, image_hosts: &[String], at: &dyn Fn(usize) -> Location) -> Vec<Problem> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut problems = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let (url, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        if let Some(why) = refusal(url, image, image_hosts) {
            let what = if image { "image" } else { "link" };
            problems.push(Problem::error(at(range.start), format!("the criteria {what} \"{url}\" {why}")).help(
                if image {
                    "put the image in content/static/ and link it from the site (e.g. /static/chart.png), or add its host to [site] image_hosts in hallmark.toml"
                } else {
                    "link to an https:// (or http://, mailto:) address or a page of the site"
                },
            ));
        }
    }
    problems
}

/// Why `url` may not be published as a link (or an image), or `None` when it may.
pub(crate) fn refusal(url: &str, image: bool, image_hosts: &[String]) -> Option<String> {
    match (link_target(url), image) {
        (Target::Site, _) | (Target::Web { .. } | Target::Mail, false) => None,
        (Target::Web { host }, true) if image_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) => None,
        (Target::Web { host }, true) => Some(format!("comes from another site ({host})")),
        (Target::Mail, true) => Some("is not an image address".into()),
        (Target::Refused(scheme), _) => Some(format!("uses {scheme}, which is never published")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(markdown: &str, hosts: &[&str]) -> Vec<String> {
        let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        check(markdown, &hosts, &|o| Location::new("badges/x.md", 1, o + 1)).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn hostile_links_and_outside_images_are_refused_where_they_are() {
        let corpus =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile/criteria.md")).unwrap();
        let found = problems(&corpus, &["images.example.org"]);
        let refused = corpus.lines().filter(|l| l.contains("REFUSED")).count();
        assert_eq!(found.len(), refused, "{found:#?}");
        for p in &found {
            assert!(p.contains("never published") || p.contains("another site") || p.contains("not an image"), "{p}");
        }
    }

    #[test]
    fn site_and_web_links_pass() {
        let ok = "[a](https://x.org/) [b](http://x.org) [c](mailto:a@x.org) [d](/static/a.pdf) [e](#top) \
                  ![f](/static/a.png) ![g](../badges/x/image.svg) ![h](https://images.example.org/a.png)";
        assert!(problems(ok, &["images.example.org"]).is_empty());
        let pixel = problems("![](https://pixel.example/t.gif)", &[]);
        assert_eq!(
            pixel,
            ["the criteria image \"https://pixel.example/t.gif\" comes from another site (pixel.example)"]
        );
    }
}
