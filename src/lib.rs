//! Follicle: scalp micropigmentation (SMP) mock-ups on the client's own photo.
//!
//! The engine (everything under [`engine`]) is free of GUI code: it loads photos, generates the
//! follicle-dot pattern, composites it into the photo, and reads and writes projects and exports.
//! The command line ([`cli`]) and the desktop app (`app`, behind the `gui` feature) are thin shells
//! over it.

pub mod cli;
pub mod engine;

#[cfg(feature = "gui")]
pub mod app;

#[cfg(feature = "testing")]
pub mod testing;

pub use engine::error::{Error, Result};
