//! What every chart shares: the palette and marker shapes, the legend, hover
//! targets and the post-processing that makes one SVG themeable and
//! accessible.

use std::fmt::Write as _;

use cachescope_sim::{EvictionPolicy, StrategyId};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::svg_out::SvgOut;
use crate::ChartError;

/// Narrowest width a chart lays out for (a 360 px phone minus padding).
pub const MIN_WIDTH: u32 = 300;

/// Text and axes: replaced by `currentColor` in the output.
pub(crate) const INK: RGBColor = RGBColor(0x01, 0x02, 0x03);
const INK_HEX: &str = "#010203";
/// Grid lines: also `currentColor`, drawn faint.
pub(crate) const GRID: RGBColor = RGBColor(0x01, 0x02, 0x04);
const GRID_HEX: &str = "#010204";

/// The no-cache baseline's colour (a neutral grey, readable on both themes).
pub const BASELINE_HEX: &str = "#8C8C8C";
const BASELINE: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);

/// plotters scales font sizes by 1 / 1.24 in SVG; these give 13 px and 11 px
/// of rendered text.
pub(crate) const TITLE_PX: f64 = 16.0;
pub(crate) const TEXT_PX: f64 = 14.5;
pub(crate) const SMALL_PX: f64 = 13.0;
/// Rendered sizes, for layout estimates.
const TEXT_RENDERED: f64 = TEXT_PX / 1.24;

/// A line or point set of a chart: the baseline or one strategy, or (in a
/// trace's miss-ratio curve) one eviction policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    /// Reads and writes straight to the DB.
    Baseline,
    /// One of the five strategies.
    Strategy(StrategyId),
    /// One eviction policy.
    Policy(EvictionPolicy),
}

impl Series {
    /// The baseline, then the five strategies.
    pub const ALL: [Series; 6] = [
        Series::Baseline,
        Series::Strategy(StrategyId::CacheAside),
        Series::Strategy(StrategyId::ReadThrough),
        Series::Strategy(StrategyId::WriteThrough),
        Series::Strategy(StrategyId::WriteBack),
        Series::Strategy(StrategyId::WriteAround),
    ];

    /// Human name, as in the legend.
    pub fn label(self) -> &'static str {
        match self {
            Series::Baseline => "No cache",
            Series::Strategy(id) => id.label(),
            Series::Policy(p) => p.label(),
        }
    }

    /// The series whose marker shape this one draws: a policy borrows the
    /// shapes in order (the sixth, ARC, the ring), keeping its own colour.
    fn shape(self) -> Series {
        match self {
            Series::Policy(p) => {
                let i = EvictionPolicy::ALL
                    .iter()
                    .position(|&q| q == p)
                    .unwrap_or(0);
                Series::ALL[(i + 1) % Series::ALL.len()]
            }
            other => other,
        }
    }

    pub(crate) fn colour(self) -> RGBColor {
        match self {
            Series::Baseline => BASELINE,
            Series::Strategy(id) => {
                let (r, g, b) = rgb(id);
                RGBColor(r, g, b)
            }
            Series::Policy(p) => policy_rgb(p),
        }
    }
}

/// Okabe–Ito colours (safe for the common colour-vision deficiencies),
/// picked to stay readable on white and on near-black.
fn rgb(id: StrategyId) -> (u8, u8, u8) {
    match id {
        StrategyId::CacheAside => (0x00, 0x72, 0xB2),   // blue
        StrategyId::ReadThrough => (0xE6, 0x9F, 0x00),  // orange
        StrategyId::WriteThrough => (0x00, 0x9E, 0x73), // bluish green
        StrategyId::WriteBack => (0xD5, 0x5E, 0x00),    // vermillion
        StrategyId::WriteAround => (0xCC, 0x79, 0xA7),  // reddish purple
    }
}

/// The policies take the same Okabe–Ito set, in order, and its sky blue
/// for the sixth (a policy never shares a chart with a strategy).
fn policy_rgb(p: EvictionPolicy) -> RGBColor {
    match p {
        EvictionPolicy::Lru => RGBColor(0x00, 0x72, 0xB2),
        EvictionPolicy::Lfu => RGBColor(0xE6, 0x9F, 0x00),
        EvictionPolicy::Fifo => RGBColor(0x00, 0x9E, 0x73),
        EvictionPolicy::Sieve => RGBColor(0xD5, 0x5E, 0x00),
        EvictionPolicy::S3Fifo => RGBColor(0xCC, 0x79, 0xA7),
        EvictionPolicy::Arc => RGBColor(0x56, 0xB4, 0xE9),
    }
}

/// A strategy's colour as `#RRGGBB`, for the app's own swatches (the same
/// palette as the charts).
pub fn colour_hex(id: StrategyId) -> &'static str {
    match id {
        StrategyId::CacheAside => "#0072B2",
        StrategyId::ReadThrough => "#E69F00",
        StrategyId::WriteThrough => "#009E73",
        StrategyId::WriteBack => "#D55E00",
        StrategyId::WriteAround => "#CC79A7",
    }
}

pub(crate) type Area<'a> = DrawingArea<SvgOut<'a>, Shift>;

pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Draws a series' marker centred at pixel `c`, radius `r`: circle, square,
/// triangle, diamond, inverted triangle; the baseline is a ring.
pub(crate) fn marker(area: &Area, s: Series, c: (i32, i32), r: i32) -> Result<(), ChartError> {
    let colour = s.colour();
    let fill = colour.filled();
    let (x, y) = c;
    let res = match s.shape() {
        Series::Baseline => area.draw(&Circle::new(c, r, colour.stroke_width(2))),
        Series::Strategy(StrategyId::CacheAside) => area.draw(&Circle::new(c, r, fill)),
        Series::Strategy(StrategyId::ReadThrough) => {
            let h = r * 9 / 10;
            area.draw(&Rectangle::new([(x - h, y - h), (x + h, y + h)], fill))
        }
        Series::Strategy(StrategyId::WriteThrough) => area.draw(&Polygon::new(
            vec![(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)],
            fill,
        )),
        Series::Strategy(StrategyId::WriteBack) => area.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            fill,
        )),
        Series::Strategy(StrategyId::WriteAround) => area.draw(&Polygon::new(
            vec![(x, y + r + 1), (x - r - 1, y - r), (x + r + 1, y - r)],
            fill,
        )),
        // Not reached (`shape` maps a policy to a strategy's shape).
        Series::Policy(_) => area.draw(&Circle::new(c, r, fill)),
    };
    res.map_err(draw_err)
}

/// Estimated rendered width of `text` at the body size (no font metrics
/// natively: a fixed average advance keeps layout deterministic).
pub(crate) fn text_width(text: &str) -> i32 {
    (text.chars().count() as f64 * TEXT_RENDERED * 0.58).ceil() as i32
}

pub(crate) fn text_style(px: f64) -> TextStyle<'static> {
    ("sans-serif", px).into_font().color(&INK)
}

/// Draws a legend of `series` starting at `(x, y)`, wrapping within
/// `width`; returns the height used.
pub(crate) fn legend(
    area: &Area,
    series: &[Series],
    x: i32,
    y: i32,
    width: i32,
) -> Result<i32, ChartError> {
    let row_h = 20;
    let (mut cx, mut cy) = (x, y);
    for &s in series {
        let w = 22 + text_width(s.label()) + 14;
        if cx + w > x + width && cx > x {
            cx = x;
            cy += row_h;
        }
        marker(area, s, (cx + 6, cy + 8), 5)?;
        area.draw(&Text::new(
            s.label(),
            (cx + 16, cy + 1),
            text_style(TEXT_PX),
        ))
        .map_err(draw_err)?;
        cx += w;
    }
    Ok(cy - y + row_h)
}

/// Height a legend of `series` needs at `width` (same layout as [`legend`]).
pub(crate) fn legend_height(series: &[Series], width: i32) -> i32 {
    let mut rows = 1;
    let mut cx = 0;
    for &s in series {
        let w = 22 + text_width(s.label()) + 14;
        if cx + w > width && cx > 0 {
            cx = 0;
            rows += 1;
        }
        cx += w;
    }
    rows * 20
}

/// A transparent, focusable region that shows `tip` on hover.
#[derive(Clone, Debug)]
pub(crate) struct Hover {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    pub tip: String,
}

impl Hover {
    /// A square target of side `2r` centred on a point.
    pub fn point(c: (i32, i32), r: i32, tip: String) -> Hover {
        Hover {
            x: c.0 - r,
            y: c.1 - r,
            w: 2 * r,
            h: 2 * r,
            tip,
        }
    }
}

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Turns plotters' output into the final SVG: themeable colours, a
/// responsive root with `role="img"`, `<title>` and `<desc>`, and the hover
/// targets on top.
pub(crate) fn finish(
    svg: String,
    id: &str,
    title: &str,
    summary: &str,
    hovers: &[Hover],
) -> Result<String, ChartError> {
    let body_start = svg
        .find('>')
        .ok_or_else(|| ChartError::Draw("plotters wrote no <svg> element".into()))?;
    let header = &svg[..body_start];
    let view_box = header
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .ok_or_else(|| ChartError::Draw("plotters wrote no viewBox".into()))?;
    let body = svg[body_start + 1..]
        .trim_end()
        .strip_suffix("</svg>")
        .ok_or_else(|| ChartError::Draw("plotters' SVG is not closed".into()))?;
    // plotters writes every text on three lines ("<text …>\nlabel\n</text>");
    // keep the label on the tag's line so the text has no stray whitespace.
    let body = body
        .replace(">\n", ">")
        .replace("\n</text>", "</text>")
        .replace(INK_HEX, "currentColor")
        .replace(GRID_HEX, "currentColor");
    let mut out = String::with_capacity(body.len() + hovers.len() * 120 + 512);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" class=\"chart\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" data-chart=\"{id}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(summary)
    );
    out.push_str(&body);
    out.push_str("<g class=\"hover-targets\" fill=\"transparent\">\n");
    for h in hovers {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" tabindex=\"0\" data-tip=\"{tip}\"><title>{tip}</title></rect>",
            h.x,
            h.y,
            h.w.max(1),
            h.h.max(1),
            tip = esc(&h.tip)
        );
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}

/// Draws `f` onto a fresh SVG of `width × height` and returns plotters'
/// string.
pub(crate) fn render(
    width: u32,
    height: u32,
    f: impl FnOnce(&Area) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SvgOut(SVGBackend::with_string(
            &mut svg,
            (width.max(MIN_WIDTH), height),
        ))
        .into_drawing_area();
        f(&root)?;
        root.present().map_err(draw_err)?;
    }
    Ok(svg)
}

/// A "nice" upper bound ≥ `v` for an axis starting at 0 (a round multiple
/// of a power of ten, so the tick labels are round too).
pub(crate) fn nice_max(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let exp = v.log10().floor();
    let base = 10f64.powf(exp);
    for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if v <= m * base * 1.0000001 {
            return m * base;
        }
    }
    10.0 * base
}

/// Configures the mesh the same way everywhere: ink axes, faint grid.
pub(crate) fn mesh_style() -> (ShapeStyle, ShapeStyle) {
    (INK.stroke_width(1), GRID.mix(0.18).stroke_width(1))
}

/// Draws the chart title at the top; returns its height.
pub(crate) fn title(area: &Area, text: &str) -> Result<i32, ChartError> {
    area.draw(&Text::new(
        text.to_string(),
        (8, 6),
        ("sans-serif", TITLE_PX)
            .into_font()
            .style(FontStyle::Bold)
            .color(&INK),
    ))
    .map_err(draw_err)?;
    Ok(26)
}
