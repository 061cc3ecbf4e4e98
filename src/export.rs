//! Downloads: a chart as SVG or as a 2× PNG, and text files (JSON, CSV).
//!
//! Charts are SVG strings from `cachescope-charts`, drawn with
//! `currentColor` so the page's theme colours them. A downloaded file has no
//! page around it, so [`standalone_svg`] pins the ink colour and gives the
//! root explicit `width`/`height` (from its `viewBox`), which image viewers
//! and the PNG rasteriser need. The PNG is rendered in the browser: the SVG
//! becomes a `data:` image (the Content-Security-Policy allows `data:`
//! images, not `blob:` ones), is drawn on a canvas at [`PNG_SCALE`] times
//! its size for sharp text, and the canvas is saved as PNG.

/// PNG exports are rendered at twice the chart's CSS size.
pub const PNG_SCALE: u32 = 2;

/// The ink colour of exported charts (the light theme's text colour): a
/// file outside the page is most often placed on a light background.
pub const EXPORT_INK: &str = "#0f172a";

/// Width and height of an SVG's `viewBox` (`min-x min-y width height`).
///
/// ```
/// let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>"#;
/// assert_eq!(cachescope_app::export::view_box_size(svg), Some((640.0, 360.0)));
/// ```
pub fn view_box_size(svg: &str) -> Option<(f64, f64)> {
    let open = &svg[svg.find("<svg")?..];
    let open = &open[..open.find('>')?];
    let start = open.find("viewBox=\"")? + "viewBox=\"".len();
    let value = &open[start..];
    let value = &value[..value.find('"')?];
    let nums: Vec<f64> = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// The pixel size of a PNG export of a `w`×`h` chart at `scale`.
pub fn png_size(w: f64, h: f64, scale: u32) -> (u32, u32) {
    let px = |v: f64| (v * f64::from(scale)).round().clamp(1.0, 16_384.0) as u32;
    (px(w), px(h))
}

/// `svg` as a file that stands on its own: `xmlns` present, explicit
/// `width`/`height` from the `viewBox`, and `color` set to `ink`, so every
/// `currentColor` stroke and label is visible. `None` if `svg` has no
/// usable root element.
///
/// ```
/// use cachescope_app::export::standalone_svg;
/// let svg = r#"<svg viewBox="0 0 10 5" class="chart"><text fill="currentColor">a</text></svg>"#;
/// let out = standalone_svg(svg, "#000").unwrap();
/// assert!(out.starts_with(r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5" color="#000" viewBox="0 0 10 5""##));
/// ```
pub fn standalone_svg(svg: &str, ink: &str) -> Option<String> {
    let (w, h) = view_box_size(svg)?;
    let at = svg.find("<svg")? + "<svg".len();
    let head = &svg[at..at + svg[at..].find('>')?];
    let mut extra = String::new();
    if !head.contains("xmlns=") {
        extra.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    if !head.contains(" width=") {
        extra.push_str(&format!(" width=\"{w}\""));
    }
    if !head.contains(" height=") {
        extra.push_str(&format!(" height=\"{h}\""));
    }
    extra.push_str(&format!(" color=\"{ink}\""));
    Some(format!("{}{}{}", &svg[..at], extra, &svg[at..]))
}

/// A file name for a chart export: the chart id (letters, digits and `-`
/// only) and the extension.
///
/// ```
/// assert_eq!(cachescope_app::export::file_name("chart-bars", "png"), "cachescope-chart-bars.png");
/// ```
pub fn file_name(id: &str, ext: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect();
    format!("cachescope-{id}.{ext}")
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::{Array, JsString};

    /// Saves `text` as a file named `name` of type `mime`.
    pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
        let parts = Array::of1(&JsString::from(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        download_blob(name, &blob)
    }

    /// Saves `blob` through a temporary `<a download>`.
    pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
        let url = web_sys::Url::create_object_url_with_blob(blob)?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
        // The click has started the download; the URL is no longer needed
        // once the current task ends.
        let revoke = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(revoke.unchecked_ref());
        }
        Ok(())
    }

    /// Renders `svg` (already standalone) at `width`×`height` pixels on a
    /// canvas and saves it as a PNG named `name`.
    pub fn download_png(name: &str, svg: &str, width: u32, height: u32) -> Result<(), JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let image = web_sys::HtmlImageElement::new()?;
        let canvas: web_sys::HtmlCanvasElement =
            document.create_element("canvas")?.unchecked_into();
        canvas.set_width(width);
        canvas.set_height(height);
        let name = name.to_owned();
        let img = image.clone();
        let onload = Closure::once_into_js(move || {
            let draw = || -> Result<(), JsValue> {
                let ctx: web_sys::CanvasRenderingContext2d = canvas
                    .get_context("2d")?
                    .ok_or_else(|| JsValue::from_str("no 2d context"))?
                    .unchecked_into();
                ctx.draw_image_with_html_image_element_and_dw_and_dh(
                    &img,
                    0.0,
                    0.0,
                    f64::from(width),
                    f64::from(height),
                )?;
                let save = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                    if let Some(blob) = blob {
                        let _ = download_blob(&name, &blob);
                    }
                });
                canvas.to_blob(save.unchecked_ref())
            };
            if let Err(e) = draw() {
                web_sys::console::warn_2(&"cachescope: PNG export failed".into(), &e);
            }
        });
        image.set_onload(Some(onload.unchecked_ref()));
        let data = format!(
            "data:image/svg+xml;charset=utf-8,{}",
            String::from(web_sys::js_sys::encode_uri_component(svg))
        );
        image.set_src(&data);
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{download_blob, download_png, download_text};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_box_size_reads_commas_and_rejects_junk() {
        assert_eq!(
            view_box_size(r#"<svg viewBox="0,0,300,150.5">"#),
            Some((300.0, 150.5))
        );
        assert_eq!(view_box_size(r#"<svg viewBox="0 0 0 10">"#), None);
        assert_eq!(view_box_size(r#"<svg viewBox="0 0 a 10">"#), None);
        assert_eq!(view_box_size(r#"<svg width="3">"#), None);
        assert_eq!(view_box_size("no svg"), None);
        // A viewBox further down (a nested <svg>) is not the root's.
        assert_eq!(
            view_box_size(r#"<svg><svg viewBox="0 0 1 1"></svg></svg>"#),
            None
        );
    }

    #[test]
    fn png_is_twice_the_css_size_and_bounded() {
        assert_eq!(png_size(640.0, 360.0, PNG_SCALE), (1280, 720));
        assert_eq!(png_size(100.4, 0.1, 2), (201, 1));
        assert_eq!(png_size(1e9, 10.0, 2), (16_384, 20));
    }

    #[test]
    fn standalone_svg_keeps_existing_attributes() {
        let svg =
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="5" viewBox="0 0 10 5"><g/></svg>"#;
        let out = standalone_svg(svg, "#111").unwrap();
        assert_eq!(out.matches("xmlns=").count(), 1);
        assert_eq!(out.matches(" width=").count(), 1);
        assert!(out.contains(r#" height="5""#));
        assert!(out.ends_with("<g/></svg>"));
        assert_eq!(standalone_svg("<div/>", "#111"), None);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name("../../etc/passwd", "svg"),
            "cachescope-etcpasswd.svg"
        );
    }
}
