//! How wide the charts are drawn for the page's width.

use leptos::prelude::window;

/// Chart width for a viewport width: the panel's inner width (viewport minus
/// the page and panel padding), at most 760 px.
pub fn chart_width(viewport: f64) -> u32 {
    let w = (viewport - 80.0).clamp(cachescope_charts::MIN_WIDTH as f64, 760.0);
    // Whole 20 px steps, so a resize by a pixel does not redraw everything.
    ((w / 20.0).floor() * 20.0) as u32
}

/// The page's width in CSS px (1024 where the browser does not say).
pub fn viewport_width() -> f64 {
    window()
        .inner_width()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_width_fits_the_viewport_in_steps() {
        assert_eq!(chart_width(360.0), 300);
        assert_eq!(chart_width(430.0), 340);
        assert_eq!(chart_width(1280.0), 760);
    }
}
