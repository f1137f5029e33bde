//! The QR codes hallmark draws, encoded here: byte mode, error correction level L or M, the
//! checkerboard mask (ISO/IEC 18004). Written for this one shape rather than through the qrcode
//! crate, whose general canvas took 11 µs a code (two codes a landing page: 2.2 CPU s a cold
//! build of 100,000); this takes about 3, base64 included (each version's frame made once: see
//! [`Frame`]). The crate stays as the oracle: the tests hold the two equal, module for module,
//! at every version.

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

/// The error correction codewords of `data`: the remainder of data·x^n by the generator, given
/// as its products with every byte (row `f` holds each coefficient times `f`), so each step is a
/// row XORed in.
fn error_correction(data: &[u8], products: &[u8], out: &mut Vec<u8>) {
    let n = products.len() / 256;
    let mut remainder = [0u8; 30];
    let remainder = &mut remainder[..n];
    for &byte in data {
        let factor = usize::from(byte ^ remainder[0]);
        remainder.copy_within(1.., 0);
        remainder[n - 1] = 0;
        for (r, p) in remainder.iter_mut().zip(&products[factor * n..(factor + 1) * n]) {
            *r ^= p;
        }
    }
    out.extend_from_slice(remainder);
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
    // Byte mode (0100) and the length take an odd number of half-bytes (3, or 5 from version 10),
    // so each data byte straddles two codewords; the terminator's four zero bits end the last.
    let length_nibbles = if version < 10 { 2 } else { 4 };
    let head = (0b0100u32 << (4 * length_nibbles)) | data.len() as u32;
    let mut coded = Vec::with_capacity(capacity);
    let mut shift = 4 * length_nibbles - 4;
    loop {
        coded.push((head >> shift) as u8);
        if shift == 4 {
            break;
        }
        shift -= 8;
    }
    let mut carry = (head & 0xf) as u8;
    for &byte in data {
        coded.push((carry << 4) | (byte >> 4));
        carry = byte & 0xf;
    }
    coded.push(carry << 4);
    let pads = [0xec, 0x11];
    for i in 0..capacity - coded.len() {
        coded.push(pads[i % 2]);
    }
    let short = total / blocks;
    let short_blocks = blocks - total % blocks;
    // Each length's generator, made once.
    static GENERATORS: [std::sync::OnceLock<Vec<u8>>; 31] = [const { std::sync::OnceLock::new() }; 31];
    let gen = GENERATORS[ec].get_or_init(|| {
        let gen = generator(ec);
        (0..=255u8).flat_map(|f| gen.iter().map(move |c| times(*c, f))).collect()
    });
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
        for (i, places) in format_places(self.size).iter().enumerate() {
            for (x, y) in places {
                self.set(*x, *y, (bits >> i) & 1 == 1);
            }
        }
    }
}

/// Where each of the format information's 15 bits goes, twice: around the top-left finder (down
/// column 8, then left along row 8, stepping over the timing patterns), and split between the others.
fn format_places(size: usize) -> [[(usize, usize); 2]; 15] {
    std::array::from_fn(|i| {
        let first = match i {
            0..=5 => (8, i),
            6 | 7 => (8, i + 1),
            8 => (7, 8),
            _ => (14 - i, 8),
        };
        [first, if i < 8 { (size - 1 - i, 8) } else { (8, size - 15 + i) }]
    })
}

/// A version's code before its data, made once: the function patterns' dark modules, a bit a
/// module row by row (as [`packed`] gives a code), and each data module's place in the order the
/// codewords' bits fill it (two columns at a time from the right, up then down, skipping the timing
/// column): its byte, shifted left by four, its bit's shift in that byte, by one, and the
/// checkerboard mask's bit, lowest.
struct Frame {
    size: usize,
    packed: Vec<u8>,
    order: Vec<u32>,
    format: [[(usize, usize); 2]; 15],
}

impl Frame {
    fn of(version: usize) -> Frame {
        let grid = Grid::function_patterns(version);
        let size = grid.size;
        let mut packed = vec![0u8; (size * size).div_ceil(8)];
        for (at, _) in grid.dark.iter().enumerate().filter(|(_, d)| **d) {
            packed[at / 8] |= 0x80 >> (at % 8);
        }
        let mut order = Vec::with_capacity(raw_modules(version));
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            let upward = ((size - 1 - right) / 2).is_multiple_of(2);
            for step in 0..size {
                let y = if upward { size - 1 - step } else { step };
                for x in [right, right - 1] {
                    if !grid.fixed[y * size + x] {
                        let at = y * size + x;
                        order.push(((at / 8) << 4 | (7 - at % 8) << 1) as u32 | u32::from((x + y) % 2 == 0));
                    }
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
        Frame { size, packed, order, format: format_places(size) }
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

/// The code of `data`: its side in modules and its modules, a bit each, row by row (the first the
/// most significant, the last byte padded with zeros); `None` if it does not fit: the smallest code
/// that holds the data in byte mode at error correction level L (7% damage), or level M (15%: a
/// smudged print-out) when it fits in a code of the same size.
pub(super) fn packed(data: &[u8]) -> Option<(usize, Vec<u8>)> {
    let (version, level) = choose(data.len())?;
    let codewords = codewords(data, version, level);
    static FRAMES: [std::sync::OnceLock<Frame>; 40] = [const { std::sync::OnceLock::new() }; 40];
    let frame = FRAMES[version - 1].get_or_init(|| Frame::of(version));
    let mut packed = frame.packed.clone();
    // The codewords' bits, then the remainder bits (zero), each through the mask: written whether
    // dark or light (a branch on each bit was mispredicted half the time, most of a code's cost).
    let mut put =
        |place: u32, bit: u32| packed[(place >> 4) as usize] |= (((bit ^ place) & 1) << ((place >> 1) & 7)) as u8;
    let (words, rest) = frame.order.split_at((codewords.len() * 8).min(frame.order.len()));
    for (eight, byte) in words.chunks(8).zip(&codewords) {
        for (i, place) in eight.iter().enumerate() {
            put(*place, u32::from(*byte) >> (7 - i));
        }
    }
    for place in rest {
        put(*place, 0);
    }
    // The mask's bits are 000.
    let format = with_check_bits(LEVEL_BITS[level] << 3, 0x537) ^ 0x5412;
    for (_, places) in frame.format.iter().enumerate().filter(|(i, _)| (format >> i) & 1 == 1) {
        for (x, y) in places {
            let at = y * frame.size + x;
            packed[at / 8] |= 0x80 >> (at % 8);
        }
    }
    Some((frame.size, packed))
}

/// [`packed`]'s code as one flag a module, row by row.
pub(super) fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let (size, packed) = packed(data)?;
    Some((size, (0..size * size).map(|at| (packed[at / 8] >> (7 - at % 8)) & 1 == 1).collect()))
}

#[cfg(test)]
mod tests;
