//! The SVG backend every chart draws on: plotters' [`SVGBackend`], with text
//! measured by arithmetic instead of by the page.
//!
//! plotters sizes text (captions, the y axis' tick labels) through its font
//! module. Natively, without font features, that is a fixed estimate; on
//! wasm32 it appends a `<span>` to the document and reads its
//! `offsetWidth`/`offsetHeight`. In the browser that cost a forced layout of
//! the whole page per measured label, in the middle of a redraw (about 8 ms
//! of every Compare update, profiled), gave sizes that depend on the
//! visitor's fonts, and could not run at all where there is no document
//! (a Web Worker). [`SvgOut`] answers every size question with the native
//! estimate, so a chart is the same bytes natively and in every browser.

use plotters::backend::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// [`SVGBackend`] with deterministic text sizes; everything else is passed
/// through unchanged.
pub(crate) struct SvgOut<'a>(pub(crate) SVGBackend<'a>);

type Failure<'a> = DrawingErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>;

/// Width and height of `text` at `size` px, as plotters' font-less estimate
/// computes them (`plotters::style::font::naive`): 0.7 em per byte wide,
/// 1.24 em tall, where plotters' em is the size divided by 1.24² (its SVG
/// text is written at `size / 1.24`).
pub(crate) fn text_size(text: &str, size: f64) -> (u32, u32) {
    let em = size / 1.24 / 1.24;
    let width = (em * 0.7 * text.len() as f64).round() as i32;
    let height = (em * 0.24).round() as i32 + em.round() as i32;
    (width.max(0) as u32, height.max(0) as u32)
}

impl<'a> DrawingBackend for SvgOut<'a> {
    type ErrorType = <SVGBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure<'a>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure<'a>> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure<'a>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), Failure<'a>> {
        Ok(text_size(text, style.size()))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failure<'a>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{FontDesc, FontFamily, FontStyle};

    /// Natively plotters' own estimate is the font-less one: ours must agree
    /// with it exactly, or the native snapshots would not show what the
    /// browser draws.
    #[test]
    fn text_size_is_plotters_native_estimate() {
        for size in [9.0, 11.0, 12.5, 13.0, 16.0, 40.0] {
            let font = FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal);
            for text in ["", "0", "12.5 ms", "hit ratio (%)", "Write-Back · p99"] {
                let ((x0, y0), (x1, y1)) = font.layout_box(text).unwrap();
                let want = ((x1 - x0) as u32, (y1 - y0) as u32);
                assert_eq!(text_size(text, size), want, "{text:?} at {size} px");
            }
        }
    }
}
