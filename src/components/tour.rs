//! The guided tour: a few steps from the Lab to Compare, ending in the
//! sandbox.

use leptos::prelude::*;

use crate::url::View;

/// The tour overlay, mounted once by the app.
#[component]
pub fn Tour(current: Signal<View>, on_navigate: Callback<View>) -> impl IntoView {
    let _ = (current, on_navigate);
}
