//! The QR codes hallmark draws, encoded here: byte mode, error correction level L or M, the
//! checkerboard mask (ISO/IEC 18004). Written for this one shape rather than through the qrcode
//! crate, whose general canvas took 11 µs a code (two codes a landing page: 2.2 CPU s a cold
//! build of 100,000); this takes about 2. The crate stays as the oracle: the tests hold the two
//! equal, module for module, at every version.

/// Per version (1 to 40), ISO/IEC 18004 Table 9, at levels L and M: the error correction
/// codewords of each block, and the number of blocks.
const EC_PER_BLOCK: [[u8; 40]; 2] = [
    [
        7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
];
const BLOCKS: [[u8; 40]; 2] = [
    [
        1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18,
        19, 19, 20, 21, 22, 24, 25,
    ],
    [
        1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
        33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
];
/// The levels, as indexes into the tables; the format information's bits are L 01, M 00.
const L: usize = 0;
const M: usize = 1;
const LEVEL_BITS: [u32; 2] = [0b01, 0b00];

/// GF(256) over x^8 + x^4 + x^3 + x^2 + 1: powers of α, and logarithms.
struct Field {
    exp: [u8; 512],
    log: [u8; 256],
}

const FIELD: Field = {
    let (mut exp, mut log) = ([0u8; 512], [0u8; 256]);
    let (mut i, mut value) = (0, 1u16);
    while i < 255 {
        exp[i] = value as u8;
        exp[i + 255] = value as u8;
        log[value as usize] = i as u8;
        value <<= 1;
        if value & 0x100 != 0 {
            value ^= 0x11d;
        }
        i += 1;
    }
    Field { exp, log }
};

fn times(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        FIELD.exp[FIELD.log[a as usize] as usize + FIELD.log[b as usize] as usize]
    }
}

/// The generator polynomial of `n` error correction codewords, (x - α^0)…(x - α^(n-1)), its
/// coefficients from x^(n-1) down to x^0 (the leading 1 left out).
fn generator(n: usize) -> Vec<u8> {
    // poly[i] is the coefficient of x^i, poly[n] = 1.
    let mut poly = vec![0u8; n + 1];
    poly[0] = 1;
    for root in 0..n {
        let alpha = FIELD.exp[root];
        for i in (1..=root + 1).rev() {
            poly[i] = poly[i - 1] ^ times(poly[i], alpha);
        }
        poly[0] = times(poly[0], alpha);
    }
    poly[..n].iter().rev().copied().collect()
}

/// The error correction codewords of `data`: the remainder of data·x^n by the generator.
fn error_correction(data: &[u8], generator: &[u8], out: &mut Vec<u8>) {
    let n = generator.len();
    let mut remainder = vec![0u8; n];
    for &byte in data {
        let factor = byte ^ remainder[0];
        remainder.copy_within(1.., 0);
        remainder[n - 1] = 0;
        for (r, g) in remainder.iter_mut().zip(generator) {
            *r ^= times(*g, factor);
        }
    }
    out.extend_from_slice(&remainder);
}

/// The data and error correction modules a version holds (all but its function patterns).
fn raw_modules(version: usize) -> usize {
    let mut n = (16 * version + 128) * version + 64;
    if version >= 2 {
        let aligns = version / 7 + 2;
        n -= (25 * aligns - 10) * aligns - 55;
        if version >= 7 {
            n -= 36;
        }
    }
    n
}

/// The smallest version, and level, that hold `len` bytes: L, or M when it fits that version too.
fn choose(len: usize) -> Option<(usize, usize)> {
    let fits = |version: usize, level: usize| {
        let header = 4 + if version < 10 { 8 } else { 16 };
        let data = raw_modules(version) / 8
            - usize::from(EC_PER_BLOCK[level][version - 1]) * usize::from(BLOCKS[level][version - 1]);
        header + 8 * len <= data * 8
    };
    let version = (1..=40).find(|v| fits(*v, L))?;
    Some((version, if fits(version, M) { M } else { L }))
}

/// The codewords in the order they are placed: byte mode, the length, the data, the terminator and
/// the padding, split into blocks, each with its error correction; the blocks' data interleaved,
/// then their error correction.
fn codewords(data: &[u8], version: usize, level: usize) -> Vec<u8> {
    let total = raw_modules(version) / 8;
    let (ec, blocks) = (usize::from(EC_PER_BLOCK[level][version - 1]), usize::from(BLOCKS[level][version - 1]));
    let capacity = total - ec * blocks;
    let mut bits = Bits { bytes: Vec::with_capacity(capacity), used: 0 };
    bits.push(0b0100, 4);
    bits.push(data.len() as u32, if version < 10 { 8 } else { 16 });
    for &byte in data {
        bits.push(u32::from(byte), 8);
    }
    // The terminator (up to four zero bits) and the bits to the byte's end; then the padding.
    let mut coded = bits.bytes;
    coded.resize((bits.used + 4).min(capacity * 8).div_ceil(8), 0);
    let pads = [0xec, 0x11];
    for i in 0..capacity - coded.len() {
        coded.push(pads[i % 2]);
    }
    let short = total / blocks;
    let short_blocks = blocks - total % blocks;
    // Each length's generator, made once.
    static GENERATORS: [std::sync::OnceLock<Vec<u8>>; 31] = [const { std::sync::OnceLock::new() }; 31];
    let gen = GENERATORS[ec].get_or_init(|| generator(ec));
    let (mut starts, mut ecc) = (Vec::with_capacity(blocks + 1), Vec::with_capacity(ec * blocks));
    let mut at = 0;
    for b in 0..blocks {
        starts.push(at);
        let len = short - ec + usize::from(b >= short_blocks);
        error_correction(&coded[at..at + len], gen, &mut ecc);
        at += len;
    }
    starts.push(at);
    let mut out = Vec::with_capacity(total);
    for i in 0..=short - ec {
        for b in 0..blocks {
            if starts[b] + i < starts[b + 1] {
                out.push(coded[starts[b] + i]);
            }
        }
    }
    for i in 0..ec {
        for b in 0..blocks {
            out.push(ecc[b * ec + i]);
        }
    }
    out
}

/// Bits written most significant first.
struct Bits {
    bytes: Vec<u8>,
    used: usize,
}

impl Bits {
    fn push(&mut self, value: u32, len: usize) {
        for i in (0..len).rev() {
            if self.used.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if (value >> i) & 1 == 1 {
                *self.bytes.last_mut().expect("a byte was pushed") |= 0x80 >> (self.used % 8);
            }
            self.used += 1;
        }
    }
}

/// `value` followed by its BCH check bits: the remainder of value·x^degree by `generator`.
fn with_check_bits(value: u32, generator: u32) -> u32 {
    let degree = 31 - generator.leading_zeros();
    let mut remainder = value << degree;
    let mut bit = 31u32.saturating_sub(remainder.leading_zeros());
    while remainder != 0 && bit >= degree {
        if (remainder >> bit) & 1 == 1 {
            remainder ^= generator << (bit - degree);
        }
        bit -= 1;
    }
    (value << degree) | remainder
}

/// The modules being drawn: dark, and which belong to a function pattern.
#[derive(Clone)]
struct Grid {
    size: usize,
    dark: Vec<bool>,
    fixed: Vec<bool>,
}

impl Grid {
    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let at = y * self.size + x;
        self.dark[at] = dark;
        self.fixed[at] = true;
    }

    /// The finders, timing and alignment patterns, the dark module and the version information;
    /// the format information's places are reserved.
    fn function_patterns(version: usize) -> Self {
        let size = version * 4 + 17;
        let mut grid = Grid { size, dark: vec![false; size * size], fixed: vec![false; size * size] };
        for i in 0..size {
            grid.set(6, i, i % 2 == 0);
            grid.set(i, 6, i % 2 == 0);
        }
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1i32..=7 {
                for dx in -1i32..=7 {
                    let (x, y) = (left as i32 + dx, top as i32 + dy);
                    if x < 0 || y < 0 || x >= size as i32 || y >= size as i32 {
                        continue;
                    }
                    let ring = (dx - 3).abs().max((dy - 3).abs());
                    grid.set(x as usize, y as usize, ring != 2 && ring != 4);
                }
            }
        }
        let centres = alignment_centres(version);
        let last = centres.len().saturating_sub(1);
        for (i, &y) in centres.iter().enumerate() {
            for (j, &x) in centres.iter().enumerate() {
                if (i == 0 && (j == 0 || j == last)) || (i == last && j == 0) {
                    continue;
                }
                for dy in -2i32..=2 {
                    for dx in -2i32..=2 {
                        let (px, py) = ((x as i32 + dx) as usize, (y as i32 + dy) as usize);
                        grid.set(px, py, dx.abs().max(dy.abs()) != 1);
                    }
                }
            }
        }
        grid.format(0);
        grid.set(8, size - 8, true);
        if version >= 7 {
            let bits = with_check_bits(version as u32, 0x1f25);
            for i in 0..18 {
                let dark = (bits >> i) & 1 == 1;
                let (a, b) = (size - 11 + i % 3, i / 3);
                grid.set(a, b, dark);
                grid.set(b, a, dark);
            }
        }
        grid
    }

    /// The 15 bits of the format information: around the top-left finder (down column 8, then
    /// left along row 8, stepping over the timing patterns), and again split between the others.
    fn format(&mut self, bits: u32) {
        let size = self.size;
        for i in 0..15 {
            let dark = (bits >> i) & 1 == 1;
            match i {
                0..=5 => self.set(8, i, dark),
                6 | 7 => self.set(8, i + 1, dark),
                8 => self.set(7, 8, dark),
                _ => self.set(14 - i, 8, dark),
            }
            if i < 8 {
                self.set(size - 1 - i, 8, dark);
            } else {
                self.set(8, size - 15 + i, dark);
            }
        }
    }
}

/// The centres of a version's alignment patterns, on each axis.
fn alignment_centres(version: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let size = version * 4 + 17;
    let count = version / 7 + 2;
    let step = if version == 32 { 26 } else { (size - 13).div_ceil(2 * (count - 1)) * 2 };
    let mut centres: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}

/// The code of `data`: its side in modules and its dark modules, row by row; `None` if it does not fit:
/// the smallest code that holds the data in byte mode at error correction level L (7% damage), or
/// level M (15%: a smudged print-out) when it fits in a code of the same size.
pub(super) fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let (version, level) = choose(data.len())?;
    let codewords = codewords(data, version, level);
    // Each version's function patterns, drawn once.
    static PATTERNS: [std::sync::OnceLock<Grid>; 40] = [const { std::sync::OnceLock::new() }; 40];
    let mut grid = PATTERNS[version - 1].get_or_init(|| Grid::function_patterns(version)).clone();
    let size = grid.size;
    // The codewords' bits, two columns at a time from the right, up then down, skipping the timing
    // column; the checkerboard mask applied as each is placed.
    let mut bit = 0;
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5;
        }
        let upward = ((size - 1 - right) / 2).is_multiple_of(2);
        for step in 0..size {
            let y = if upward { size - 1 - step } else { step };
            for x in [right, right - 1] {
                let at = y * size + x;
                if grid.fixed[at] {
                    continue;
                }
                let value = codewords.get(bit / 8).is_some_and(|c| (c >> (7 - bit % 8)) & 1 == 1);
                bit += 1;
                grid.dark[at] = value ^ ((x + y) % 2 == 0);
            }
        }
        if right < 2 {
            break;
        }
        right -= 2;
    }
    // The mask's bits are 000.
    grid.format(with_check_bits(LEVEL_BITS[level] << 3, 0x537) ^ 0x5412);
    Some((size, grid.dark))
}

#[cfg(test)]
mod tests;
