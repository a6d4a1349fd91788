//! Test support, behind the `testing` feature: tests, benchmarks and examples turn it on through
//! the package's dev-dependency on itself, so it never ships in the product.
//!
//! * [`sample`]: synthetic photos (a shaved head, plain skin) and the app icon, made from a seed;
//! * `ScriptedPicker` (with the `gui` feature): a file picker that answers from a script.

pub mod sample;

#[cfg(feature = "gui")]
mod picker;

#[cfg(feature = "gui")]
pub use picker::ScriptedPicker;
