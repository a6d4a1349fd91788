//! The command line's words: subcommands, options and their checks.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::engine::export::Layout;
use crate::engine::optics::Needle;
use crate::engine::pigment::Stage;
use crate::engine::styles::HairlineStyle;

/// Scalp micropigmentation mock-ups on the client's own photo.
#[derive(Parser, Debug)]
#[command(
    name = "follicle",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A photo, project (.ron) or exported mock-up (.png) to open in the desktop app.
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a project for a photo, with one layer covering the whole photo.
    New(NewArgs),
    /// Add another photo of the same client (top, crown, …) to a project as a new view.
    AddView(AddViewArgs),
    /// Render a project (or an exported mock-up PNG) to a PNG.
    Render(RenderArgs),
    /// Print a project's photo, scale and layers (with dot counts) as JSON.
    Info {
        /// A project (.ron) or exported mock-up (.png).
        project: PathBuf,
    },
    /// List the built-in presets and the ones saved from the app.
    Presets,
}

/// Where the first layer of a new project (or view) puts dots before any hairline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RegionStart {
    /// The whole photo.
    #[default]
    Whole,
    /// The head, found against the backdrop (skin and hair, not the wall behind).
    Scalp,
}

/// What the first layer of a new project (or view) is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Full coverage: a shaved look over the whole photo.
    #[default]
    Full,
    /// Thinning hair: dots only on visible scalp between the existing hairs.
    Thinning,
    /// Scar camouflage: a scar layer (lower, uneven pigment retention).
    Scar,
}

impl Mode {
    /// The built-in preset that sets up a layer for this mode.
    pub(super) fn preset(self) -> &'static str {
        match self {
            Mode::Full => "shaved-look",
            Mode::Thinning => "thinning-density",
            Mode::Scar => "scar-camouflage",
        }
    }
}

/// How the first layer of a new view is set up.
#[derive(Args, Debug)]
pub struct LayerArgs {
    /// What the layer is for.
    #[arg(long, value_enum, default_value_t = Mode::Full)]
    pub mode: Mode,
    /// Where the layer puts dots: the whole photo, or the scalp found against the backdrop.
    #[arg(long, value_enum, default_value_t = RegionStart::Whole)]
    pub region: RegionStart,
    /// Start from a preset (a built-in name such as soft-hairline, or one saved from the app);
    /// see `follicle presets`.
    #[arg(long)]
    pub preset: Option<String>,
    /// Impressions per cm² (default: the mode's or preset's; 100 for a full shaved look).
    #[arg(long)]
    pub density: Option<f32>,
    /// Healed deposit of one needle tip in mm (a needle of d mm leaves about 0.55 d; default 0.165
    /// for a full shaved look, from a 0.30 mm needle).
    #[arg(long)]
    pub dot_mm: Option<f32>,
    /// Needle configuration: 1rl (single point, soft fronts) or 3rl (three points, density zones).
    #[arg(long, value_parser = parse_needle)]
    pub needle: Option<Needle>,
    /// Needle diameter in mm (0.18–0.35); sets --dot-mm from it.
    #[arg(long, conflicts_with = "dot_mm")]
    pub needle_mm: Option<f32>,
    /// Pigment dilution, water:pigment (6:1 dark … 20:1 light; default 8:1 for a full shaved look).
    #[arg(long)]
    pub shade: Option<String>,
    /// Spread of dot sizes (coefficient of variation, 0–0.8).
    #[arg(long)]
    pub size_variation: Option<f32>,
    /// Spread of dot darkness (coefficient of variation, 0–0.8; healed SMP measures about 0.4).
    #[arg(long)]
    pub tone_variation: Option<f32>,
    /// Mean length/width ratio of the dots (1 = round; 1–2).
    #[arg(long)]
    pub elongation: Option<f32>,
    /// Direction of the dots' long axis in the photo, degrees (0 = right, 90 = up).
    #[arg(long)]
    pub direction: Option<f32>,
    /// Spread of the dots' directions, degrees (0–90).
    #[arg(long)]
    pub direction_spread: Option<f32>,
    /// Edge softness, 0 (crisp) … 1 (very soft).
    #[arg(long)]
    pub softness: Option<f32>,
    /// Share of marks made of two merged impressions (0–0.5).
    #[arg(long)]
    pub merge: Option<f32>,
    /// Match the layer to the client's own shaved hair at this photo pixel "X,Y" (a disc of about
    /// 5 mm around it is sampled): sets needle, density, shade and variation.
    #[arg(long)]
    pub match_hair: Option<String>,
    /// Spread the layer over this many treatment sessions (1–6): the first sparse and lighter,
    /// later ones filling the gaps and a little darker.
    #[arg(long, default_value_t = 1)]
    pub sessions: u32,
    /// A strip scar (FUT) as photo pixel points "x,y x,y …" (with --mode scar).
    #[arg(long)]
    pub scar_line: Option<String>,
    /// Width of the strip scar in mm.
    #[arg(long, default_value_t = 3.0)]
    pub scar_width: f32,
    /// Widths of the strip scar at each of its points, mm "w w …" (one per point of --scar-line;
    /// the width varies linearly between points).
    #[arg(long)]
    pub scar_widths: Option<String>,
    /// Round FUE scars as photo pixel centres "x,y x,y …" (with --mode scar).
    #[arg(long)]
    pub scar_dots: Option<String>,
    /// Diameter of each FUE scar in mm.
    #[arg(long, default_value_t = 1.0)]
    pub scar_dot_mm: f32,
    /// Place a hairline of this style across the photo (a third of the way down).
    #[arg(long, value_enum)]
    pub hairline: Option<HairlineStyle>,
    /// Pattern seed (default: a new one).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Photo scale in pixels per mm (default: a guess from the photo size, marked uncalibrated).
    #[arg(long)]
    pub px_per_mm: Option<f64>,
    #[command(flatten)]
    pub face: FaceArgs,
}

/// The client's head and face in the photo (photo pixels of the upright photo).
#[derive(Args, Debug, Default)]
pub struct FaceArgs {
    /// The head's outline as an ellipse "CX,CY,RX,RY" (centre, half width, half height): the
    /// scalp is drawn turning away from the camera towards the rim.
    #[arg(long, value_name = "CX,CY,RX,RY")]
    pub head_ellipse: Option<String>,
    /// The glabella (the point between the brows) "X,Y": with --eye-corners it places the
    /// --hairline from the face.
    #[arg(
        long,
        value_name = "X,Y",
        requires = "eye_corners",
        requires = "hairline"
    )]
    pub glabella: Option<String>,
    /// The outer corners of the two eyes "X1,Y1,X2,Y2": the frontotemporal corners of the
    /// hairline go above them.
    #[arg(long, value_name = "X1,Y1,X2,Y2", requires = "glabella")]
    pub eye_corners: Option<String>,
    /// The hairline's middle above the glabella in mm, along the scalp with --head-ellipse
    /// (default 80; 70 is low and bold, 100 high and conservative).
    #[arg(long, value_name = "MM", requires = "glabella")]
    pub hairline_height_mm: Option<f32>,
    /// Calibrate the scale across the client's iris "X1,Y1,X2,Y2" (its left and right edges).
    #[arg(long, value_name = "X1,Y1,X2,Y2", conflicts_with = "px_per_mm")]
    pub iris: Option<String>,
    /// The iris' diameter for --iris, mm (default 11.7, an adult's).
    #[arg(long, value_name = "MM", requires = "iris")]
    pub iris_mm: Option<f64>,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The client's scalp photo (JPEG, PNG or WebP).
    pub photo: PathBuf,
    /// Where to write the project (.ron).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Name of the photo's view (Front, Top, Left, Right, Crown, Back, or your own).
    #[arg(long, default_value = "Front")]
    pub view: String,
    #[command(flatten)]
    pub layer: LayerArgs,
    /// Overwrite an existing project file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct AddViewArgs {
    /// The project (.ron) to add the view to; it is saved in place (the old one kept as .bak).
    pub project: PathBuf,
    /// The new view's photo.
    pub photo: PathBuf,
    /// Name of the view (Front, Top, Left, Right, Crown, Back, or your own).
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub layer: LayerArgs,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// A project (.ron) or exported mock-up (.png).
    pub project: PathBuf,
    /// The file to write: a PNG (full quality, reopens as the consultation) or, named .jpg or
    /// .jpeg, a JPEG to send to the client (2048 px on its longest side unless --max-side says
    /// otherwise; nothing inside but the picture). With --all-views, one file per view named after
    /// it: NAME-Front.png, ….
    #[arg(short, long)]
    pub output: PathBuf,
    /// after, side-by-side, split, or contact-sheet (every view's before and after on one sheet).
    #[arg(long, value_enum, default_value_t = Layout::After)]
    pub layout: Layout,
    /// Only the photo-sized image(s), without the caption strip and labels.
    #[arg(long)]
    pub plain: bool,
    /// Longest side of the output in pixels (default: full size for PNG, 2048 for JPEG).
    #[arg(long)]
    pub max_side: Option<u32>,
    /// Healing stage to show (default: the project's, normally healed).
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<Stage>,
    /// Show the result after this treatment session (default: after the last).
    #[arg(long)]
    pub session: Option<u32>,
    /// The view to render, by name or number (default: the project's current view).
    #[arg(long, conflicts_with = "all_views")]
    pub view: Option<String>,
    /// Render every view, one PNG each.
    #[arg(long)]
    pub all_views: bool,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
}

fn parse_needle(text: &str) -> Result<Needle, String> {
    Needle::parse(text).ok_or_else(|| "expected 1rl or 3rl".to_string())
}

fn parse_stage(text: &str) -> Result<Stage, String> {
    Stage::ALL
        .into_iter()
        .find(|s| s.name() == text)
        .ok_or_else(|| "expected fresh, healed or aged".to_string())
}

/// Refuses to replace an existing file unless `--force` was given.
pub(super) fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        );
    }
    Ok(())
}
