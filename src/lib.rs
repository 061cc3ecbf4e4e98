//! cachescope-app: the Leptos single-page app.
