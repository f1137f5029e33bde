//! The entry lines of `hallmark.log` held as the file holds them: one text and where each line
//! ends. A build reads 100,000 lines and touches a handful (the new ones, a new tile's, a changed
//! credential's proof), so one allocation beats one `String` a line (8.8 MB in 100,000 pieces).

/// Lines of text, each ended by `\n` in one buffer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    text: String,
    /// The byte offset just past each line's `\n`.
    ends: Vec<usize>,
}

impl Lines {
    /// The lines of `text` as `str::lines` splits them (a last line need not end with `\n`, and a
    /// `\r` before a `\n` is not part of its line), held as `line\n` each.
    pub(crate) fn from_text(text: String) -> Lines {
        if text.contains('\r') || !(text.is_empty() || text.ends_with('\n')) {
            let mut lines = Lines::default();
            text.lines().for_each(|l| lines.push(l));
            return lines;
        }
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1).collect();
        Lines { text, ends }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1]
        }
    }

    /// Line `i`, without its `\n`.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        Some(&self.text[self.start(i)..end - 1])
    }

    /// Adds a line (`line` holds no `\n`).
    pub(crate) fn push(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
        self.ends.push(self.text.len());
    }

    /// Keeps the first `n` lines.
    pub(crate) fn truncate(&mut self, n: usize) {
        if n < self.len() {
            self.text.truncate(self.start(n));
            self.ends.truncate(n);
        }
    }

    /// The lines from line `from` on, each with its `\n`, as the file holds them.
    pub(crate) fn text_from(&self, from: usize) -> &str {
        &self.text[self.start(from.min(self.len()))..]
    }

    /// The bytes of lines `from` up to `from + n`, each without its `\n`.
    pub(crate) fn iter_range(&self, from: usize, n: usize) -> impl Iterator<Item = &str> + '_ {
        (from..from + n).filter_map(move |i| self.get(i))
    }

    /// Every line, without its `\n`.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter_range(0, self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_str_lines_does_and_keep_the_text_as_written() {
        for text in ["", "a\n", "a\nbb\n", "a\nbb", "a\r\nbb\n", "\n\nc\n"] {
            let lines = Lines::from_text(text.to_string());
            let expected: Vec<&str> = text.lines().collect();
            assert_eq!(lines.iter().collect::<Vec<_>>(), expected, "{text:?}");
            assert_eq!(lines.len(), expected.len());
            let canonical: String = expected.iter().map(|l| format!("{l}\n")).collect();
            assert_eq!(lines.text_from(0), canonical);
        }
        let mut lines = Lines::from_text("one\ntwo\nthree\n".into());
        lines.truncate(2);
        assert_eq!((lines.len(), lines.text_from(0), lines.get(2)), (2, "one\ntwo\n", None));
        lines.push("four");
        assert_eq!((lines.get(2), lines.text_from(1)), (Some("four"), "two\nfour\n"));
        assert_eq!(lines.iter_range(1, 2).collect::<Vec<_>>(), ["two", "four"]);
        lines.truncate(5);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines.text_from(7), "");
    }
}
