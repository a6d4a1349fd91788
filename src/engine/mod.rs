//! The engine: photo → pattern → composite → PNG, with no GUI dependency.

pub mod advice;
pub mod changes;
pub mod colour;
pub mod composite;
pub mod design;
pub mod edit;
pub mod error;
pub mod export;
pub mod files;
pub mod geometry;
pub mod hair;
pub mod hair_match;
pub mod open;
pub mod optics;
pub mod pattern;
pub mod photo;
pub mod pigment;
pub mod presets;
pub mod project;
pub mod render;
pub mod rng;
pub mod scalp;
pub mod sheet;
pub mod skin;
pub mod styles;
pub mod units;
