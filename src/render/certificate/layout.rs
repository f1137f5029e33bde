//! Where each part of a certificate goes, in millimetres, for a sheet of any size: the rows as
//! shares of its height (landscape and portrait each have their own), the columns from its width.

use crate::model::certificate::{Certificate, Design, Orientation};

/// The rows and columns of one certificate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    pub w: f32,
    pub h: f32,
    /// The blank edge every part keeps off.
    pub margin: f32,
    /// Left and right edges of the text column.
    pub left: f32,
    pub right: f32,
    /// Baselines, from the top.
    pub issuer: f32,
    pub title: f32,
    pub certifies: f32,
    pub recipient: f32,
    pub earned: f32,
    pub achievement: f32,
    pub dates: f32,
    /// The line signatories sign above.
    pub sign_line: f32,
    /// Left and right edges of the signatories' row.
    pub sign_left: f32,
    pub sign_right: f32,
    /// The QR code's and the seal's side, and the top of both.
    pub qr: f32,
    pub seal: f32,
    pub corner_top: f32,
    /// The modern design's band height.
    pub band: f32,
}

/// Landscape rows as shares of the height (from a 210 mm A4 sheet).
const LANDSCAPE: [f32; 8] = [41.0, 56.0, 72.0, 90.0, 103.0, 117.0, 130.0, 172.0];
/// Portrait rows (from a 297 mm A4 sheet).
const PORTRAIT: [f32; 8] = [56.0, 78.0, 104.0, 124.0, 140.0, 157.0, 174.0, 226.0];

impl Layout {
    /// The layout of `settings`' sheet.
    pub(crate) fn of(settings: &Certificate) -> Layout {
        let (w, h) = settings.size_mm();
        let (rows, reference) = match settings.orientation {
            Orientation::Landscape => (LANDSCAPE, 210.0),
            Orientation::Portrait => (PORTRAIT, 297.0),
        };
        let row = |i: usize| rows[i] / reference * h;
        let margin = (w.min(h) * 0.07).round();
        let modern = settings.design == Design::Modern;
        let qr = 30.0;
        let seal = 30.0;
        let corner_top = h - margin - qr - 7.0;
        // Landscape: signatories between the seal and the QR code; portrait: across the sheet,
        // above them.
        let (sign_left, sign_right) = match settings.orientation {
            Orientation::Landscape => (margin + seal + 6.0, w - margin - qr - 6.0),
            Orientation::Portrait => (margin, w - margin),
        };
        let inset = if settings.design == Design::Classic { 8.0 } else { 0.0 };
        Layout {
            w,
            h,
            margin,
            left: margin + inset,
            right: w - margin - inset,
            issuer: if modern { margin + 14.0 } else { row(0) },
            title: row(1),
            certifies: row(2),
            recipient: row(3),
            earned: row(4),
            achievement: row(5),
            dates: row(6),
            sign_line: row(7),
            sign_left,
            sign_right,
            qr,
            seal,
            corner_top,
            band: margin + 22.0,
        }
    }

    /// The width names in the text column may take.
    pub(crate) fn text_width(&self) -> f32 {
        self.right - self.left
    }

    /// The width of each of `n` signatories' columns.
    pub(crate) fn signatory_width(&self, n: usize) -> f32 {
        let gap = 8.0;
        let n = n.max(1) as f32;
        ((self.sign_right - self.sign_left) - gap * (n - 1.0)) / n
    }

    /// The centre of signatory `i` of `n`, from the left.
    pub(crate) fn signatory_centre(&self, i: usize, n: usize) -> f32 {
        let gap = 8.0;
        let col = self.signatory_width(n);
        let used = col * n as f32 + gap * (n as f32 - 1.0);
        let start = (self.sign_left + self.sign_right - used) / 2.0;
        start + (col + gap) * i as f32 + col / 2.0
    }
}
