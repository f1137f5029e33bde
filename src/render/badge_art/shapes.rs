//! The outlines of generated artwork on its 600×600 canvas: each shape's drawing, where its icon
//! sits, and the box the name must stay inside (clear of the outline and its inner border).

use crate::model::content::badge::Shape;

/// A rectangle on the canvas: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Area {
    pub(crate) fn width(&self) -> f32 {
        self.right - self.left
    }

    pub(crate) fn height(&self) -> f32 {
        self.bottom - self.top
    }

    /// Whether `other` lies wholly inside this area.
    pub(crate) fn contains(&self, other: &Area) -> bool {
        other.left >= self.left && other.right <= self.right && other.top >= self.top && other.bottom <= self.bottom
    }
}

/// One shape's geometry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    /// The outline, as SVG path data.
    pub outline: &'static str,
    /// The band behind the name, when the shape has one (the ribbon's), as path data.
    pub band: Option<&'static str>,
    /// The icon's centre and side.
    pub icon_centre: (f32, f32),
    pub icon_size: f32,
    /// Where the name goes, and in at most how many lines.
    pub name_box: Area,
    pub max_lines: usize,
    /// The point the inner border is drawn about (the outline scaled down around it).
    pub centre: (f32, f32),
}

const fn area(left: f32, top: f32, right: f32, bottom: f32) -> Area {
    Area { left, top, right, bottom }
}

/// The geometry of `shape`.
pub(crate) fn geometry(shape: Shape) -> Geometry {
    match shape {
        Shape::Circle => Geometry {
            outline: "M300 10a290 290 0 1 0 0.01 0z",
            band: None,
            icon_centre: (300.0, 165.0),
            icon_size: 130.0,
            name_box: area(115.0, 250.0, 485.0, 460.0),
            max_lines: 3,
            centre: (300.0, 300.0),
        },
        Shape::Shield => Geometry {
            outline: "M300 15L565 85V300C565 455 440 545 300 590C160 545 35 455 35 300V85Z",
            band: None,
            icon_centre: (300.0, 160.0),
            icon_size: 130.0,
            name_box: area(110.0, 245.0, 490.0, 425.0),
            max_lines: 3,
            centre: (300.0, 300.0),
        },
        Shape::Hexagon => Geometry {
            outline: "M300 10L551 155V445L300 590L49 445V155Z",
            band: None,
            icon_centre: (300.0, 165.0),
            icon_size: 130.0,
            name_box: area(95.0, 250.0, 505.0, 440.0),
            max_lines: 3,
            centre: (300.0, 300.0),
        },
        Shape::Ribbon => Geometry {
            outline: "M300 20a240 240 0 1 0 0.01 0z",
            band: Some("M10 330H590L560 400L590 470H10L40 400Z"),
            icon_centre: (300.0, 180.0),
            icon_size: 150.0,
            name_box: area(70.0, 342.0, 530.0, 458.0),
            max_lines: 2,
            centre: (300.0, 260.0),
        },
        Shape::Square => Geometry {
            outline:
                "M100 15H500A85 85 0 0 1 585 100V500A85 85 0 0 1 500 585H100A85 85 0 0 1 15 500V100A85 85 0 0 1 100 15Z",
            band: None,
            icon_centre: (300.0, 160.0),
            icon_size: 130.0,
            name_box: area(75.0, 245.0, 525.0, 530.0),
            max_lines: 3,
            centre: (300.0, 300.0),
        },
    }
}
