//! tlog-tiles: where a log's hashes and entries are published, and their bytes.
//!
//! A tile holds up to 256 hashes of one level (level L holds the roots of subtrees of 256^L
//! leaves); an entry bundle holds up to 256 entries, each as a big-endian 16-bit length and its
//! bytes. A tile that is not full yet is published as `<N>.p/<W>` and kept once the log has grown:
//! clients holding an older checkpoint still fetch it, until the full tile exists.

use super::merkle::{Hash, Tree};

/// Hashes (or entries) per full tile.
pub(crate) const WIDTH: u64 = 256;
/// Tree levels per tile level.
pub(crate) const HEIGHT: usize = 8;

/// One tile (`level` = `None` for an entry bundle) of `width` items, numbered `n` at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Tile {
    pub level: Option<usize>,
    pub n: u64,
    pub width: u64,
}

/// `n` as tlog-tiles writes an index: groups of three digits, all but the last prefixed with `x`.
pub(crate) fn index_path(n: u64) -> String {
    let digits = n.to_string();
    let pad = (3 - digits.len() % 3) % 3;
    let padded = format!("{}{digits}", "0".repeat(pad));
    let groups: Vec<&str> = (0..padded.len() / 3).map(|i| &padded[i * 3..i * 3 + 3]).collect();
    let last = groups.len() - 1;
    groups.iter().enumerate().map(|(i, g)| if i < last { format!("x{g}/") } else { g.to_string() }).collect()
}

impl Tile {
    /// The path under the log's prefix.
    pub(crate) fn path(&self) -> String {
        let level = self.level.map_or("entries".to_string(), |l| l.to_string());
        let mut p = format!("tile/{level}/{}", index_path(self.n));
        if self.width < WIDTH {
            p.push_str(&format!(".p/{}", self.width));
        }
        p
    }

    /// Reads a tile path (`tile/<L>/<N>[.p/<W>]` or `tile/entries/...`).
    pub(crate) fn parse_path(path: &str) -> Option<Tile> {
        let rest = path.strip_prefix("tile/")?;
        let (level, rest) = rest.split_once('/')?;
        let level = if level == "entries" { None } else { Some(level.parse().ok()?) };
        let (index, width) = match rest.split_once(".p/") {
            Some((i, w)) => (i, w.parse().ok().filter(|w| (1..WIDTH).contains(w))?),
            None => (rest, WIDTH),
        };
        let mut n: u64 = 0;
        for group in index.split('/') {
            let digits = group.strip_prefix('x').unwrap_or(group);
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n = n.checked_mul(1000)?.checked_add(digits.parse().ok()?)?;
        }
        let tile = Tile { level, n, width };
        (tile.path() == path).then_some(tile)
    }

    /// The bytes of a hash tile from `tree`.
    pub(crate) fn hash_bytes(&self, tree: &Tree) -> Vec<u8> {
        let level = tree.level(self.level.expect("a hash tile") * HEIGHT);
        let start = (self.n * WIDTH) as usize;
        level[start..start + self.width as usize].iter().flatten().copied().collect()
    }

    /// The bytes of an entry bundle from the log's entry lines.
    pub(crate) fn bundle_bytes<S: AsRef<[u8]>>(&self, entries: &[S]) -> Vec<u8> {
        let start = (self.n * WIDTH) as usize;
        self.bundle_bytes_of(entries[start..start + self.width as usize].iter().map(AsRef::as_ref))
    }

    /// [`Tile::bundle_bytes`] of this tile's own entries, given in order.
    pub(crate) fn bundle_bytes_of<'e, S: AsRef<[u8]> + ?Sized + 'e>(
        &self,
        entries: impl Iterator<Item = &'e S>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        for e in entries {
            let e = e.as_ref();
            out.extend_from_slice(&(e.len() as u16).to_be_bytes());
            out.extend_from_slice(e);
        }
        out
    }
}

/// The tiles of a tree of `size` leaves that are not tiles of a tree of `old` leaves: at each level,
/// the tiles the new leaves touch, at their new width (a full tile replaces its partial ones).
pub(crate) fn new_tiles(old: u64, size: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    let mut level = 0;
    while size >> (HEIGHT * level) > 0 {
        let (c0, c) = (old >> (HEIGHT * level), size >> (HEIGHT * level));
        if c > c0 {
            for n in c0 / WIDTH..=(c - 1) / WIDTH {
                let width = (c - n * WIDTH).min(WIDTH);
                tiles.push(Tile { level: Some(level), n, width });
                if level == 0 {
                    tiles.push(Tile { level: None, n, width });
                }
            }
        }
        level += 1;
    }
    tiles
}

/// Every tile a log publishes after the checkpoints of `sizes` (ascending; the last is the
/// current size): the full tiles, and every partial tile some checkpoint needed whose full tile
/// does not exist yet.
pub(crate) fn published_tiles(sizes: &[u64]) -> Vec<Tile> {
    let mut all: std::collections::BTreeSet<Tile> = std::collections::BTreeSet::new();
    let mut old = 0;
    for &s in sizes {
        all.extend(new_tiles(old, s));
        old = s;
    }
    // A partial tile whose full tile is there is no longer needed.
    let full: std::collections::HashSet<(Option<usize>, u64)> =
        all.iter().filter(|t| t.width == WIDTH).map(|t| (t.level, t.n)).collect();
    all.into_iter().filter(|t| t.width == WIDTH || !full.contains(&(t.level, t.n))).collect()
}

/// A log's hashes read from its tiles, fetched by `fetch` (a tile at its width in the tree of
/// `size` leaves) once each.
pub(crate) struct TileHashes<F> {
    pub size: u64,
    pub fetch: F,
    memo: std::cell::RefCell<std::collections::HashMap<(usize, u64), Vec<Hash>>>,
}

impl<F: Fn(&Tile) -> Result<Vec<u8>, String>> TileHashes<F> {
    pub(crate) fn new(size: u64, fetch: F) -> Self {
        TileHashes { size, fetch, memo: Default::default() }
    }
}

impl<F: Fn(&Tile) -> Result<Vec<u8>, String>> super::merkle::Complete for TileHashes<F> {
    type Error = String;
    fn complete(&self, level: u32, index: u64) -> Result<Hash, String> {
        let (l, sub) = (level as usize / HEIGHT, level as usize % HEIGHT);
        let first = index << sub;
        let n = first / WIDTH;
        let count = self.size >> (HEIGHT * l);
        let width = (count - n * WIDTH).min(WIDTH);
        if !self.memo.borrow().contains_key(&(l, n)) {
            let tile = Tile { level: Some(l), n, width };
            let bytes = (self.fetch)(&tile)?;
            let hashes = hashes_of(&bytes).filter(|h| h.len() as u64 == width);
            let hashes = hashes.ok_or_else(|| format!("{} is not a tile of {width} hashes", tile.path()))?;
            self.memo.borrow_mut().insert((l, n), hashes);
        }
        let memo = self.memo.borrow();
        let tile = &memo[&(l, n)];
        let start = (first - n * WIDTH) as usize;
        let mut row: Vec<Hash> = tile.get(start..start + (1 << sub)).ok_or("a tile is too short")?.to_vec();
        while row.len() > 1 {
            row = row.chunks_exact(2).map(|p| super::merkle::node_hash(&p[0], &p[1])).collect();
        }
        Ok(row[0])
    }
}

/// Reads the hashes of a tile's bytes.
pub(crate) fn hashes_of(bytes: &[u8]) -> Option<Vec<Hash>> {
    if !bytes.len().is_multiple_of(32) {
        return None;
    }
    Some(bytes.chunks_exact(32).map(|c| c.try_into().expect("32 bytes")).collect())
}

/// Reads the entries of a bundle's bytes.
pub(crate) fn entries_of(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let len = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]) as usize;
        out.push(rest.get(2..2 + len)?);
        rest = &rest[2 + len..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tlog::merkle::leaf_hash;

    #[test]
    fn paths_follow_tlog_tiles() {
        assert_eq!(index_path(0), "000");
        assert_eq!(index_path(1234), "x001/234");
        assert_eq!(index_path(1_234_067), "x001/x234/067");
        assert_eq!(Tile { level: Some(0), n: 1234, width: 256 }.path(), "tile/0/x001/234");
        assert_eq!(Tile { level: None, n: 3, width: 9 }.path(), "tile/entries/003.p/9");
        for t in [Tile { level: Some(2), n: 1_234_067, width: 256 }, Tile { level: None, n: 3, width: 9 }] {
            assert_eq!(Tile::parse_path(&t.path()), Some(t));
        }
        for bad in ["tile/0/1", "tile/0/000.p/256", "tile/0/x000/001", "tile/0/001/002", "tile/x/000"] {
            assert_eq!(Tile::parse_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn new_and_published_tiles() {
        let t = |level, n, width| Tile { level, n, width };
        assert_eq!(new_tiles(0, 3), vec![t(Some(0), 0, 3), t(None, 0, 3)]);
        assert_eq!(
            new_tiles(255, 257),
            vec![t(Some(0), 0, 256), t(None, 0, 256), t(Some(0), 1, 1), t(None, 1, 1), t(Some(1), 0, 1)]
        );
        let published = published_tiles(&[3, 5, 256, 300]);
        assert!(!published.contains(&t(Some(0), 0, 3)), "the full tile replaced it");
        assert!(published.contains(&t(Some(0), 1, 44)) && published.contains(&t(Some(1), 0, 1)));
        let published = published_tiles(&[3, 5]);
        assert!(published.contains(&t(Some(0), 0, 3)) && published.contains(&t(None, 0, 5)));
    }

    #[test]
    fn tile_bytes_hold_the_level_hashes_and_bundles_read_back() {
        let entries: Vec<Vec<u8>> = (0..300).map(|i| format!("e{i}").into_bytes()).collect();
        let tree = Tree::from_leaves(entries.iter().map(|e| leaf_hash(e)).collect());
        let tile = Tile { level: Some(1), n: 0, width: 1 };
        assert_eq!(tile.hash_bytes(&tree), tree.range_hash(0, 256).to_vec());
        let bundle = Tile { level: None, n: 1, width: 44 }.bundle_bytes(&entries);
        let back = entries_of(&bundle).unwrap();
        assert_eq!(back.len(), 44);
        assert_eq!(back[0], b"e256");
        // The same hashes, read from the tiles.
        let from_tiles = TileHashes::new(300, |t: &Tile| Ok(t.hash_bytes(&tree)));
        for (lo, hi) in [(0, 300), (0, 256), (5, 6), (256, 288), (0, 128)] {
            assert_eq!(crate::tlog::merkle::range_hash(&from_tiles, lo, hi).unwrap(), tree.range_hash(lo, hi));
        }
        let proof = crate::tlog::merkle::consistency_proof(&from_tiles, 17, 300).unwrap();
        assert_eq!(proof, tree.consistency_proof(17, 300));
    }
}
