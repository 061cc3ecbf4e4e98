//! "Export": download the charts on screen as SVG or as 2× PNG.
//!
//! The menu lives in the header so every view gets it without each view
//! wiring buttons: when opened, it lists the charts the current view shows
//! (`svg.chart` elements from `cachescope-charts` inside a `<figure>` with a
//! `data-testid`), exactly as drawn. Report and scenario downloads need a
//! view's state, so they live in the views' data bars
//! (`crate::compare::data_bar`, `crate::lab::data_bar`, both built on
//! `crate::components::data_actions`).

use leptos::prelude::*;

use crate::export::{file_name, png_size, standalone_svg, view_box_size, EXPORT_INK, PNG_SCALE};

/// One chart found on the page: its figure id, a label and its SVG markup.
#[derive(Clone, Debug, PartialEq)]
struct Chart {
    id: String,
    label: String,
    svg: String,
}

/// The charts the current view shows, in page order.
fn charts_on_page() -> Vec<Chart> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return Vec::new();
        };
        let Ok(list) = document.query_selector_all("main figure[data-testid] svg.chart") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter_map(|svg| {
                let figure = svg.closest("figure[data-testid]").ok()??;
                let id = figure.get_attribute("data-testid")?;
                let label = svg
                    .query_selector("title")
                    .ok()
                    .flatten()
                    .and_then(|c| c.text_content())
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| label_from_id(&id));
                Some(Chart {
                    id,
                    label,
                    svg: svg.outer_html(),
                })
            })
            .collect()
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}

/// "chart-before-after" → "Before after": a readable name for a chart
/// whose SVG has no `<title>`. (Only the browser build reads the page.)
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn label_from_id(id: &str) -> String {
    let words = id.strip_prefix("chart-").unwrap_or(id).replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => id.to_owned(),
    }
}

fn save_svg(chart: &Chart) {
    let Some(svg) = standalone_svg(&chart.svg, EXPORT_INK) else {
        return;
    };
    #[cfg(target_arch = "wasm32")]
    let _ = crate::export::download_text(&file_name(&chart.id, "svg"), "image/svg+xml", &svg);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (svg, file_name(&chart.id, "svg"));
}

/// Starts a PNG download of `chart`; `status` says it is being made, then
/// that it was saved or why not (it takes about a second for a large chart,
/// which looked like a click that did nothing).
fn save_png(chart: &Chart, status: RwSignal<PngStatus>) {
    let name = file_name(&chart.id, "png");
    let (Some(svg), Some((w, h))) = (
        standalone_svg(&chart.svg, EXPORT_INK),
        view_box_size(&chart.svg),
    ) else {
        status.set(PngStatus::Failed(name, "the chart has no size".to_owned()));
        return;
    };
    let (pw, ph) = png_size(w, h, PNG_SCALE);
    status.set(PngStatus::Making(name.clone()));
    #[cfg(target_arch = "wasm32")]
    {
        let done_name = name.clone();
        let done = move |r: Result<(), String>| {
            status.set(match r {
                Ok(()) => PngStatus::Saved(done_name),
                Err(why) => PngStatus::Failed(done_name, why),
            });
        };
        if crate::export::download_png(&name, &svg, pw, ph, done).is_err() {
            status.set(PngStatus::Failed(
                name,
                "the page could not start it".to_owned(),
            ));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (svg, pw, ph);
}

/// Where the last PNG download is.
// Natively (unit tests aside) nothing is ever saved: the browser half is wasm only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq, Default)]
enum PngStatus {
    #[default]
    Idle,
    Making(String),
    Saved(String),
    Failed(String, String),
}

impl PngStatus {
    fn message(&self) -> String {
        match self {
            PngStatus::Idle => String::new(),
            PngStatus::Making(name) => format!("Making {name}…"),
            PngStatus::Saved(name) => format!("Saved {name}."),
            PngStatus::Failed(name, why) => format!("{name} was not saved: {why}."),
        }
    }

    fn busy(&self) -> bool {
        matches!(self, PngStatus::Making(_))
    }
}

/// The "Export" button and its menu of chart downloads.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let open = RwSignal::new(false);
    let charts = RwSignal::new(Vec::<Chart>::new());
    let png = RwSignal::new(PngStatus::Idle);
    let toggle = move |_| {
        if !open.get_untracked() {
            charts.set(charts_on_page());
            png.set(PngStatus::Idle);
        }
        open.update(|o| *o = !*o);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <span class="export-menu" on:keydown=on_key>
            <button
                type="button"
                class="tool-button"
                title="Download the charts of this view as SVG, or as PNG at twice their size"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="export-menu-list"
                data-testid="export-open"
                on:click=toggle
            >
                "Export"
            </button>
            <Show when=move || open.get()>
                <div id="export-menu-list" class="export-menu__list" data-testid="export-menu">
                    {move || {
                        let list = charts.get();
                        if list.is_empty() {
                            view! { <p>"This view shows no charts to export."</p> }.into_any()
                        } else {
                            list.into_iter()
                                .map(|chart| {
                                    let svg_chart = chart.clone();
                                    let png_chart = chart.clone();
                                    view! {
                                        <div class="export-menu__row">
                                            <span class="export-menu__label">{chart.label.clone()}</span>
                                            <button
                                                type="button"
                                                class="tool-button"
                                                data-testid=format!("export-svg-{}", chart.id)
                                                on:click=move |_| save_svg(&svg_chart)
                                            >
                                                "SVG"
                                            </button>
                                            <button
                                                type="button"
                                                class="tool-button"
                                                data-testid=format!("export-png-{}", chart.id)
                                                // One at a time: a click while one is being
                                                // made does nothing. Not `disabled`: that
                                                // would drop the focus (and Escape with it).
                                                aria-disabled=move || png.with(PngStatus::busy).to_string()
                                                on:click=move |_| {
                                                    if !png.with_untracked(PngStatus::busy) {
                                                        save_png(&png_chart, png);
                                                    }
                                                }
                                            >
                                                "PNG 2×"
                                            </button>
                                        </div>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                    }}
                    <p class="export-menu__status" role="status" data-testid="export-status">
                        {move || png.with(PngStatus::message)}
                    </p>
                </div>
            </Show>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::PngStatus;

    #[test]
    fn png_status_says_what_happened() {
        assert_eq!(PngStatus::Idle.message(), "");
        let making = PngStatus::Making("a.png".into());
        assert!(making.busy());
        assert_eq!(making.message(), "Making a.png…");
        assert_eq!(PngStatus::Saved("a.png".into()).message(), "Saved a.png.");
        let failed = PngStatus::Failed("a.png".into(), "no canvas".into());
        assert!(!failed.busy());
        assert_eq!(failed.message(), "a.png was not saved: no canvas.");
    }

    #[test]
    fn labels_from_ids() {
        assert_eq!(super::label_from_id("chart-before-after"), "Before after");
        assert_eq!(super::label_from_id("sweep"), "Sweep");
        assert_eq!(super::label_from_id(""), "");
    }
}
