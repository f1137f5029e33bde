//! A list of site-relative paths held in one string.

/// Site-relative paths, one after the other in one string, with where each ends. After a template
/// change at a million credentials a build stages a million pages (two million files when it has
/// no cache): a `String` each (24 bytes, and an allocation of 40 or 48 for a path of 33 bytes) came
/// to 70–140 MB of its peak; here each takes its own length and 8 bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PathList {
    text: String,
    ends: Vec<usize>,
}

impl PathList {
    /// Adds `rel` at the end; returns its index.
    pub(crate) fn push(&mut self, rel: &str) -> usize {
        self.text.push_str(rel);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The path at index `n`.
    pub(crate) fn get(&self, n: usize) -> Option<&str> {
        let end = *self.ends.get(n)?;
        let start = n.checked_sub(1).map_or(0, |p| self.ends[p]);
        self.text.get(start..end)
    }

    /// The paths, in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|n| self.get(n).unwrap_or_default())
    }
}

impl<'a> FromIterator<&'a str> for PathList {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> PathList {
        let mut list = PathList::default();
        for rel in iter {
            list.push(rel);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_come_back_as_pushed_and_in_order() {
        let mut list = PathList::default();
        assert!(list.len() == 0 && list.get(0).is_none());
        assert_eq!(list.push("c/x/index.html"), 0);
        assert_eq!(list.push(""), 1, "an empty path is a path");
        assert_eq!(list.push("badges/é/index.html"), 2);
        assert_eq!(list.len(), 3);
        assert_eq!(list.get(0), Some("c/x/index.html"));
        assert_eq!(list.get(1), Some(""));
        assert_eq!(list.get(2), Some("badges/é/index.html"));
        assert_eq!(list.get(3), None);
        let back: PathList = list.iter().collect();
        assert_eq!(back, list);
        assert_eq!(list.iter().collect::<Vec<_>>(), ["c/x/index.html", "", "badges/é/index.html"]);
    }
}
