//! From photo + project to pixels: the one path every output takes (screen preview and export).
//!
//! [`layer_dots`] works out which dots of each layer show (in photo pixels); a [`Scene`] holds them
//! with the skin they are in and draws them at any crop and scale; a [`Previewer`] keeps what does
//! not change between two frames of the app. Exports draw the same scene at full size.

mod budget;
mod cache;
mod camouflage;
mod dots;
mod preview;
mod scene;

pub use budget::{check_scale, dot_budget};
pub use cache::{DensityField, FieldCache, HairCache, PatternCache};
pub use camouflage::ScarLight;
pub use dots::{LayerDots, dot_counts, layer_dots, layer_dots_cached, style};
pub use preview::{HAIR_TINT, Preview, Previewer};
pub use scene::{Scene, draw_layers, render_full, render_view, skin_optics};
