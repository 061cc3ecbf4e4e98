//! Downloads: a chart as SVG or as a 2× PNG, and text files (JSON, CSV);
//! and the pure half of importing a scenario file.
//!
//! Charts are SVG strings from `cachescope-charts`, drawn with
//! `currentColor` so the page's theme colours them. A downloaded file has no
//! page around it, so [`standalone_svg`] pins the ink colour and gives the
//! root explicit `width`/`height` (from its `viewBox`), which image viewers
//! and the PNG rasteriser need. The PNG is rendered in the browser: the SVG
//! becomes a `data:` image (the Content-Security-Policy allows `data:`
//! images, not `blob:` ones), is drawn on a canvas at [`PNG_SCALE`] times
//! its size for sharp text, and the canvas is saved as PNG.

//! Data files are the CLI's bytes: a report's JSON is
//! [`pretty_json`] (`serde_json::to_string_pretty` and a line break, what
//! `cachescope compare --format json` and `run --json` print), its CSV is
//! [`cachescope_sim::report_csv`], the layout of `compare --format csv`.
//! An imported file goes through [`parse_import`]: at most
//! [`MAX_IMPORT_BYTES`], then [`Scenario::from_json`], the engine's own
//! parsing and validation, so the page accepts exactly what the CLI accepts
//! and names the same field and range when it does not.

use cachescope_sim::Scenario;

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

/// A JSON download: pretty-printed with a final line break, byte for byte
/// what the CLI prints for the same value.
///
/// ```
/// let s = cachescope_sim::Scenario { requests: 100, ..Default::default() };
/// let text = cachescope_app::export::pretty_json(&s);
/// assert!(text.starts_with("{\n  \"seed\": 42,") && text.ends_with("}\n"));
/// ```
pub fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    // Reports and scenarios are plain data (no maps with non-string keys),
    // so serialising them cannot fail; an empty object would be a bug shown
    // as such rather than a panic.
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string()) + "\n"
}

/// A data file's name: what it is about (a preset, or `lab-<strategy>`),
/// the seed and what it holds, e.g. `cachescope-counters-seed7-report.csv`.
/// Only letters, digits and `-` survive from `subject` and `what`.
///
/// ```
/// use cachescope_app::export::data_file_name;
/// assert_eq!(data_file_name("counters", 7, "report", "csv"), "cachescope-counters-seed7-report.csv");
/// assert_eq!(data_file_name("lab-write-back", 42, "scenario", "json"), "cachescope-lab-write-back-seed42-scenario.json");
/// ```
pub fn data_file_name(subject: &str, seed: u64, what: &str, ext: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(40)
            .collect()
    };
    format!(
        "cachescope-{}-seed{seed}-{}.{}",
        safe(subject),
        safe(what),
        safe(ext)
    )
}

/// The largest scenario file the page imports. A scenario is a few hundred
/// bytes to a few kB (a long list of events); 1 MB is far above any real
/// one and keeps a wrong file (a report, a trace) from being read whole.
pub const MAX_IMPORT_BYTES: u64 = 1_000_000;

/// Why a file was not imported, as a sentence for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks what can be known before reading a file: its name says JSON (or
/// its type does) and it is at most [`MAX_IMPORT_BYTES`].
///
/// ```
/// use cachescope_app::export::check_import_file;
/// assert!(check_import_file("s.json", "", 300).is_ok());
/// assert!(check_import_file("photo.png", "image/png", 300).unwrap_err().0.contains("not a .json file"));
/// assert!(check_import_file("s.json", "", 2_500_000).unwrap_err().0.contains("2.5 MB"));
/// ```
pub fn check_import_file(name: &str, mime: &str, bytes: u64) -> Result<(), ImportError> {
    let json = name.to_ascii_lowercase().ends_with(".json") || mime == "application/json";
    if !json {
        return Err(ImportError(format!(
            "“{name}” is not a .json file: only a scenario JSON (from “Scenario JSON” or the CLI) can be imported."
        )));
    }
    if bytes > MAX_IMPORT_BYTES {
        return Err(too_large(name, bytes));
    }
    Ok(())
}

/// Parses and validates an imported file's text with the engine's rules
/// ([`Scenario::from_json`]); the error names the field, the value and the
/// allowed range, or the line and column of a syntax error.
///
/// ```
/// use cachescope_app::export::parse_import;
/// assert_eq!(parse_import("s.json", r#"{"seed": 7}"#).unwrap().seed, 7);
/// let e = parse_import("s.json", r#"{"cache": {"capacity": 0}}"#).unwrap_err();
/// assert_eq!(e.0, "“s.json” was not imported: cache.capacity = 0 is out of range: allowed 1 to 1000000.");
/// ```
pub fn parse_import(name: &str, text: &str) -> Result<Scenario, ImportError> {
    let bytes = text.len() as u64;
    if bytes > MAX_IMPORT_BYTES {
        return Err(too_large(name, bytes));
    }
    Scenario::from_json(text).map_err(|e| ImportError(format!("“{name}” was not imported: {e}.")))
}

fn too_large(name: &str, bytes: u64) -> ImportError {
    ImportError(format!(
        "“{name}” is {:.1} MB; a scenario file is at most {} MB.",
        bytes as f64 / 1e6,
        MAX_IMPORT_BYTES / 1_000_000
    ))
}

/// The Lab's bounds on an imported scenario. The Lab keeps every request's
/// hops and up to 48 clones of the engine for stepping back, and draws every
/// key in its tables: its knobs stop at 64 keys and 64 entries, and a run
/// of a few thousand requests is all one can watch.
pub const LAB_MAX_REQUESTS: u64 = 5_000;
/// Most keys (and cache entries) in a Lab import: the Lab knobs' maximum.
pub const LAB_MAX_KEYS: u64 = 64;

/// An imported scenario as the Lab runs it: within the Lab's bounds (else a
/// message saying which, and that Compare takes it), and with every request
/// traced (`log_limit` raised to the Lab's), since the Lab's tokens are the
/// traced requests. The second value says what was adjusted, if anything.
pub fn lab_import(name: &str, mut s: Scenario) -> Result<(Scenario, Option<String>), ImportError> {
    let too_big = |what: String| {
        Err(ImportError(format!(
            "“{name}” is too big for the Lab: {what}. Import it in Compare instead."
        )))
    };
    if s.requests > LAB_MAX_REQUESTS {
        return too_big(format!(
            "{} requests (the Lab runs at most {LAB_MAX_REQUESTS})",
            s.requests
        ));
    }
    if s.workload.key_space > LAB_MAX_KEYS {
        return too_big(format!(
            "{} keys (the Lab shows at most {LAB_MAX_KEYS})",
            s.workload.key_space
        ));
    }
    if u64::from(s.cache.capacity) > LAB_MAX_KEYS {
        return too_big(format!(
            "a cache of {} entries (the Lab shows at most {LAB_MAX_KEYS})",
            s.cache.capacity
        ));
    }
    let lab_log = crate::settings::lab_defaults::LAB_LOG_LIMIT;
    let note = (s.log_limit < lab_log).then(|| {
        format!(
            "every request is traced in the Lab (log_limit {} → {lab_log})",
            s.log_limit
        )
    });
    s.log_limit = s.log_limit.max(lab_log);
    Ok((s, note))
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::{Array, JsString};

    /// Reads a picked or dropped file as UTF-8 text.
    pub async fn read_text(file: &web_sys::File) -> Result<String, super::ImportError> {
        let name = file.name();
        let failed =
            |why: String| super::ImportError(format!("“{name}” could not be read: {why}."));
        let value = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|e| failed(format!("{e:?}")))?;
        value
            .as_string()
            .ok_or_else(|| failed("the browser gave no text".into()))
    }

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
    /// canvas and saves it as a PNG named `name`. Decoding and encoding run
    /// after this returns (about a second for a large chart), so `done` is
    /// called at the end with what happened, for the page to say so.
    pub fn download_png(
        name: &str,
        svg: &str,
        width: u32,
        height: u32,
        done: impl FnOnce(Result<(), String>) + 'static,
    ) -> Result<(), JsValue> {
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
        // Exactly one of onload / onerror runs; both share the callback.
        let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
        let finish = move |r: Result<(), String>| {
            if let Some(f) = done.borrow_mut().take() {
                f(r);
            }
        };
        let on_error = finish.clone();
        let onload = Closure::once_into_js(move || {
            let after = finish.clone();
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
                    let r = match blob {
                        Some(blob) => download_blob(&name, &blob)
                            .map_err(|_| "the browser refused the download".to_owned()),
                        None => Err("the browser could not encode the image".to_owned()),
                    };
                    after(r);
                });
                canvas.to_blob(save.unchecked_ref())
            };
            if let Err(e) = draw() {
                web_sys::console::warn_2(&"cachescope: PNG export failed".into(), &e);
                finish(Err("the chart could not be drawn on a canvas".to_owned()));
            }
        });
        let onerror = Closure::once_into_js(move || {
            on_error(Err(
                "the browser could not read the chart as an image".to_owned()
            ));
        });
        image.set_onload(Some(onload.unchecked_ref()));
        image.set_onerror(Some(onerror.unchecked_ref()));
        let data = format!(
            "data:image/svg+xml;charset=utf-8,{}",
            String::from(web_sys::js_sys::encode_uri_component(svg))
        );
        image.set_src(&data);
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{download_blob, download_png, download_text, read_text};

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
    fn data_files_are_the_cli_bytes() {
        use cachescope_sim::{compare, Preset, PresetId};
        // The committed CLI output for a fixture preset is what Report JSON
        // saves for it.
        let fixture = include_str!("../tests/fixtures/counters.compare.json");
        let report = compare(&Preset::get(PresetId::Counters).scenario);
        assert_eq!(pretty_json(&report), fixture);
        let scenario = include_str!("../tests/fixtures/counters.scenario.json");
        assert_eq!(
            pretty_json(&Preset::get(PresetId::Counters).scenario),
            scenario
        );
        // And it reads back as the same scenario.
        assert_eq!(
            parse_import("counters.json", scenario).unwrap(),
            Preset::get(PresetId::Counters).scenario
        );
    }

    #[test]
    fn imports_are_checked_before_and_after_reading() {
        assert!(check_import_file("S.JSON", "", MAX_IMPORT_BYTES).is_ok());
        assert!(check_import_file("scenario", "application/json", 10).is_ok());
        let big = check_import_file("s.json", "", MAX_IMPORT_BYTES + 1).unwrap_err();
        assert_eq!(
            big.0,
            "“s.json” is 1.0 MB; a scenario file is at most 1 MB."
        );
        assert!(check_import_file("trace.csv", "text/csv", 10)
            .unwrap_err()
            .0
            .contains("“trace.csv” is not a .json file"));

        let syntax = parse_import("s.json", "{\n  \"seed\": 7,\n}").unwrap_err();
        assert!(
            syntax
                .0
                .starts_with("“s.json” was not imported: scenario JSON, line 3 column 1:"),
            "{syntax}"
        );
        let unknown = parse_import("s.json", r#"{"cache": {"capacty": 3}}"#).unwrap_err();
        assert!(unknown.0.contains("capacty"), "{unknown}");
        let range = parse_import("s.json", r#"{"requests": 0}"#).unwrap_err();
        assert!(range.0.contains("requests = 0 is out of range"), "{range}");
        let huge = " ".repeat(MAX_IMPORT_BYTES as usize + 1);
        assert!(parse_import("s.json", &huge)
            .unwrap_err()
            .0
            .contains("at most 1 MB"));
    }

    #[test]
    fn the_lab_takes_small_scenarios_and_traces_every_request() {
        use crate::settings::lab_defaults::{lab_scenario, LAB_LOG_LIMIT};
        let own = lab_scenario(cachescope_sim::StrategyId::WriteBack);
        assert_eq!(lab_import("a.json", own.clone()), Ok((own.clone(), None)));

        let mut small_log = own.clone();
        small_log.log_limit = 20;
        let (s, note) = lab_import("a.json", small_log).unwrap();
        assert_eq!(s.log_limit, LAB_LOG_LIMIT);
        assert!(note.unwrap().contains("log_limit 20"));

        for (mutate, says) in [
            (
                (|s: &mut Scenario| s.requests = LAB_MAX_REQUESTS + 1) as fn(&mut Scenario),
                "5001 requests",
            ),
            (|s| s.workload.key_space = 65, "65 keys"),
            (|s| s.cache.capacity = 1000, "a cache of 1000 entries"),
        ] {
            let mut s = own.clone();
            mutate(&mut s);
            let e = lab_import("big.json", s).unwrap_err();
            assert!(
                e.0.starts_with("“big.json” is too big for the Lab: "),
                "{e}"
            );
            assert!(
                e.0.contains(says) && e.0.ends_with("Import it in Compare instead."),
                "{e}"
            );
        }
    }

    #[test]
    fn data_file_names_say_what_and_seed() {
        assert_eq!(
            data_file_name("../wallet", 3, "report", "json"),
            "cachescope-wallet-seed3-report.json"
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name("../../etc/passwd", "svg"),
            "cachescope-etcpasswd.svg"
        );
    }
}
