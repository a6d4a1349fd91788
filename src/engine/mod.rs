//! The engine: photo → pattern → composite → PNG, with no GUI dependency.

pub mod composite;
pub mod error;
pub mod export;
pub mod geometry;
pub mod hair;
pub mod hair_match;
pub mod optics;
pub mod pattern;
pub mod photo;
pub mod pigment;
pub mod presets;
pub mod project;
pub mod render;
pub mod rng;
pub mod sample;
pub mod sheet;
pub mod skin;
pub mod styles;
pub mod units;
