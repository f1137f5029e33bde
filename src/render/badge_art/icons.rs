//! The bundled icons: Lucide's SVGs as published (`icons/`, ISC licence in `icons/LICENSE`, source
//! in `icons/SOURCES`), drawn on a 24×24 grid with strokes in the current colour.

/// The drawing inside icon `name`'s `<svg>` element, or `None` for an icon hallmark does not bundle.
pub(super) fn body(name: &str) -> Option<&'static str> {
    let svg = match name {
        "award" => include_str!("icons/award.svg"),
        "book-open" => include_str!("icons/book-open.svg"),
        "briefcase" => include_str!("icons/briefcase.svg"),
        "circle-check" => include_str!("icons/circle-check.svg"),
        "code" => include_str!("icons/code.svg"),
        "flask-conical" => include_str!("icons/flask-conical.svg"),
        "globe" => include_str!("icons/globe.svg"),
        "graduation-cap" => include_str!("icons/graduation-cap.svg"),
        "heart" => include_str!("icons/heart.svg"),
        "leaf" => include_str!("icons/leaf.svg"),
        "lightbulb" => include_str!("icons/lightbulb.svg"),
        "medal" => include_str!("icons/medal.svg"),
        "palette" => include_str!("icons/palette.svg"),
        "rocket" => include_str!("icons/rocket.svg"),
        "shield-check" => include_str!("icons/shield-check.svg"),
        "star" => include_str!("icons/star.svg"),
        "trophy" => include_str!("icons/trophy.svg"),
        "users" => include_str!("icons/users.svg"),
        "wrench" => include_str!("icons/wrench.svg"),
        "zap" => include_str!("icons/zap.svg"),
        _ => return None,
    };
    // The `<svg …>` start tag ends at the first `>` after it; the drawing runs to `</svg>`.
    let start = svg.find("<svg")?;
    let open_end = start + svg[start..].find('>')? + 1;
    let close = svg.rfind("</svg>")?;
    Some(svg[open_end..close].trim())
}
