//! RFC 6962 / RFC 9162 Merkle trees over SHA-256: the hashes of a log, its roots, and inclusion and
//! consistency proofs, made and checked.

use sha2::{Digest as _, Sha256};

/// A Merkle tree hash.
pub(crate) type Hash = [u8; 32];

/// The hash of a leaf: SHA-256(0x00 ‖ entry).
pub(crate) fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub(crate) fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut buf = [0u8; 65];
    buf[0] = 1;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
}

/// The root of the empty tree: SHA-256 of nothing.
pub(crate) fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// Every hash of a tree: `levels[k][i]` is the root of the complete subtree of `2^k` leaves that
/// starts at leaf `i·2^k`. Holds 2n hashes for n leaves (64 MB for a million).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// The tree of these leaf hashes; complete subtrees are hashed on both cores.
    pub(crate) fn from_leaves(leaves: Vec<Hash>) -> Tree {
        use rayon::prelude::*;
        let mut levels = vec![leaves];
        loop {
            let below = levels.last().expect("level 0 is there");
            if below.len() < 2 {
                break;
            }
            let next: Vec<Hash> = below.par_chunks_exact(2).map(|p| node_hash(&p[0], &p[1])).collect();
            levels.push(next);
        }
        Tree { levels }
    }

    /// Every level, leaves first (kept between builds by `site::log::keep`).
    pub(crate) fn levels(&self) -> &[Vec<Hash>] {
        &self.levels
    }

    /// A tree from the levels [`Tree::levels`] gave, if they are a tree's: each level half the one
    /// below, rounded down, up to the level of one hash (the hashes themselves are not checked: the
    /// caller knows where they came from).
    pub(crate) fn from_levels(levels: Vec<Vec<Hash>>) -> Option<Tree> {
        let shaped =
            levels.windows(2).all(|w| w[1].len() == w[0].len() / 2) && levels.last().is_none_or(|top| top.len() < 2);
        shaped.then_some(Tree { levels })
    }

    /// The number of leaves.
    pub(crate) fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// Appends one leaf hash, hashing the subtrees it completes.
    pub(crate) fn push(&mut self, leaf: Hash) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf);
        let mut k = 0;
        while self.levels[k].len().is_multiple_of(2) {
            let l = &self.levels[k];
            let h = node_hash(&l[l.len() - 2], &l[l.len() - 1]);
            if self.levels.len() == k + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[k + 1].push(h);
            k += 1;
        }
    }

    /// The stored hashes of level `k` (complete subtrees of 2^k leaves).
    pub(crate) fn level(&self, k: usize) -> &[Hash] {
        self.levels.get(k).map_or(&[], Vec::as_slice)
    }

    /// The hash of leaves `lo..hi` (MTH(D[lo:hi]) of RFC 9162); `lo < hi ≤ size`.
    pub(crate) fn range_hash(&self, lo: u64, hi: u64) -> Hash {
        Ok::<_, std::convert::Infallible>(()).and_then(|()| range_hash(self, lo, hi)).unwrap_or_else(|e| match e {})
    }

    /// The root of the first `size` leaves.
    pub(crate) fn root(&self, size: u64) -> Hash {
        if size == 0 {
            return empty_root();
        }
        self.range_hash(0, size)
    }

    /// The inclusion proof of leaf `index` in the tree of the first `size` leaves.
    pub(crate) fn inclusion_proof(&self, index: u64, size: u64) -> Vec<Hash> {
        inclusion_proof(self, index, size).unwrap_or_else(|e: std::convert::Infallible| match e {})
    }

    /// The consistency proof from the tree of the first `old` leaves to the first `new`.
    pub(crate) fn consistency_proof(&self, old: u64, new: u64) -> Vec<Hash> {
        consistency_proof(self, old, new).unwrap_or_else(|e: std::convert::Infallible| match e {})
    }
}

/// Where the hashes of complete subtrees come from: a tree in memory, or a log's tiles.
pub(crate) trait Complete {
    type Error;
    /// The root of the complete subtree of `2^level` leaves starting at leaf `index·2^level`.
    fn complete(&self, level: u32, index: u64) -> Result<Hash, Self::Error>;
}

impl Complete for Tree {
    type Error = std::convert::Infallible;
    fn complete(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        Ok(self.levels[level as usize][index as usize])
    }
}

/// MTH(D[lo:hi]) from complete subtrees.
pub(crate) fn range_hash<C: Complete + ?Sized>(c: &C, lo: u64, hi: u64) -> Result<Hash, C::Error> {
    let n = hi - lo;
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        return c.complete(n.trailing_zeros(), lo / n);
    }
    let k = split(n);
    Ok(node_hash(&range_hash(c, lo, lo + k)?, &range_hash(c, lo + k, hi)?))
}

/// The inclusion proof of leaf `index` in the tree of the first `size` leaves.
pub(crate) fn inclusion_proof<C: Complete + ?Sized>(c: &C, index: u64, size: u64) -> Result<Vec<Hash>, C::Error> {
    let (mut lo, mut hi, mut out) = (0, size, Vec::new());
    while hi - lo > 1 {
        let k = split(hi - lo);
        if index < lo + k {
            out.push(range_hash(c, lo + k, hi)?);
            hi = lo + k;
        } else {
            out.push(range_hash(c, lo, lo + k)?);
            lo += k;
        }
    }
    out.reverse();
    Ok(out)
}

/// The consistency proof from the tree of the first `old` leaves to the first `new`.
pub(crate) fn consistency_proof<C: Complete + ?Sized>(c: &C, old: u64, new: u64) -> Result<Vec<Hash>, C::Error> {
    let mut out = Vec::new();
    if old == 0 || old >= new {
        return Ok(out);
    }
    let (mut m, mut lo, mut hi, mut whole) = (old, 0, new, true);
    loop {
        let n = hi - lo;
        if m == n {
            if !whole {
                out.push(range_hash(c, lo, hi)?);
            }
            break;
        }
        let k = split(n);
        if m <= k {
            out.push(range_hash(c, lo + k, hi)?);
            hi = lo + k;
        } else {
            out.push(range_hash(c, lo, lo + k)?);
            m -= k;
            lo += k;
            whole = false;
        }
    }
    out.reverse();
    Ok(out)
}

/// Checks an inclusion proof (RFC 9162, 2.1.3.2).
pub(crate) fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s, mut r) = (index, size - 1, *leaf);
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Checks a consistency proof between two tree heads (RFC 9162, 2.1.4.2). The empty tree is
/// consistent with every tree, with an empty proof.
pub(crate) fn verify_consistency(old: u64, new: u64, old_root: &Hash, new_root: &Hash, proof: &[Hash]) -> bool {
    if old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    if old == 0 {
        return proof.is_empty();
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else { return false };
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && fr == *old_root && sr == *new_root
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MTH straight from RFC 9162's definition, for comparison.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect()
    }

    #[test]
    fn roots_and_proofs_agree_with_the_definition_for_every_small_size() {
        let all = leaves(70);
        let whole = Tree::from_leaves(all.clone());
        let mut grown = Tree::default();
        for n in 1..=70u64 {
            grown.push(all[n as usize - 1]);
            assert_eq!(grown.root(n), mth(&all[..n as usize]), "size {n}");
            assert_eq!(whole.root(n), grown.root(n));
            for i in 0..n {
                let proof = whole.inclusion_proof(i, n);
                assert!(verify_inclusion(i, n, &all[i as usize], &proof, &whole.root(n)), "{i} in {n}");
                assert!(!verify_inclusion(i, n, &all[(i as usize + 1) % 70], &proof, &whole.root(n)) || n == 1);
            }
            for m in 0..=n {
                let proof = whole.consistency_proof(m, n);
                assert!(verify_consistency(m, n, &whole.root(m), &whole.root(n), &proof), "{m} to {n}");
                if m > 0 && m < n {
                    let other = leaf_hash(b"other");
                    assert!(!verify_consistency(m, n, &other, &whole.root(n), &proof));
                }
            }
        }
        assert_eq!(Tree::default().root(0), empty_root());
        // RFC 6962's empty-tree hash.
        assert_eq!(
            crate::ground::hash::hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
