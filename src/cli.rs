//! The `follicle` command line: `new`, `render`, `info`, or a file to open in the desktop app.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::engine::export::{self, ExportOptions, Layout};
use crate::engine::geometry::{Scar, ScarShape};
use crate::engine::hair::detect_hair;
use crate::engine::hair_match::match_hair;
use crate::engine::optics::{NEEDLE_MM_RANGE, Needle, apparent_spot_mm, deposit_mm, needle_mm};
use crate::engine::photo;
use crate::engine::pigment::{Stage, format_dilution, parse_dilution};
use crate::engine::presets;
use crate::engine::project::{Layer, LayerKind, MAX_SESSIONS, Project, ScalpView, relative_path};
use crate::engine::render::{PatternCache, Scene, dot_counts};
use crate::engine::skin::{SkinTone, advise, sample_auto};
use crate::engine::styles::{self, Frame, HairlineStyle};
use crate::engine::units::{Scale, valid_px_per_mm};

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
    fn preset(self) -> &'static str {
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
    /// The PNG to write (with --all-views, NAME-<view>.png for each view).
    #[arg(short, long)]
    pub output: PathBuf,
    /// after, side-by-side, split, or contact-sheet (every view's before and after on one sheet).
    #[arg(long, value_enum, default_value_t = Layout::After)]
    pub layout: Layout,
    /// Only the photo-sized image(s), without the caption strip and labels.
    #[arg(long)]
    pub plain: bool,
    /// Longest side of the output in pixels.
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

/// Runs a subcommand.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::New(args) => new(&args),
        Command::AddView(args) => add_view(&args),
        Command::Render(args) => render(&args),
        Command::Info { project } => info(&project),
        Command::Presets => list_presets(),
    }
}

/// Opens a project from a `.ron` file or an exported PNG; returns it with the path its photo path
/// is relative to.
pub fn open_project(path: &Path) -> crate::Result<Project> {
    match export::project_in(path)? {
        Some(project) => Ok(project),
        None if export::is_png(path) => Err(crate::Error::Project {
            path: path.to_path_buf(),
            problem: "this PNG holds no Follicle project (only exported mock-ups do); start a new project from it with `follicle new`".into(),
        }),
        // Anything else is read as a project file, whatever its name, for the precise message.
        None => Project::load(path),
    }
}

fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        );
    }
    Ok(())
}

fn new(args: &NewArgs) -> Result<()> {
    refuse_existing(&args.output, args.force)?;
    if same_file(&args.photo, &args.output) {
        bail!(
            "{}: is the client's photo; choose another output name",
            args.output.display()
        );
    }
    let view = make_view(&args.view, &args.photo, &args.output, &args.layer)?;
    let mut project = Project::new(view.photo.clone(), view.scale, 0);
    project.views = vec![view];
    project.validate().map_err(anyhow::Error::msg)?;
    project.save(&args.output)?;
    Ok(())
}

fn add_view(args: &AddViewArgs) -> Result<()> {
    let mut project = Project::load(&args.project)?;
    if let Some(existing) = project
        .views
        .iter()
        .find(|v| v.name.eq_ignore_ascii_case(args.name.trim()))
    {
        bail!(
            "{}: already has a view named \"{}\"; choose another --name",
            args.project.display(),
            existing.name
        );
    }
    let view = make_view(&args.name, &args.photo, &args.project, &args.layer)?;
    project.views.push(view);
    project.validate().map_err(anyhow::Error::msg)?;
    project.save(&args.project)?;
    Ok(())
}

/// A view of `photo` named `name` for a project saved at `project_path`, its first layer set up
/// from the command line.
fn make_view(
    name: &str,
    photo_path: &Path,
    project_path: &Path,
    args: &LayerArgs,
) -> Result<ScalpView> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the view needs a name (e.g. Front, Top or Crown)");
    }
    let image = photo::load(photo_path)?;
    let scale = match args.px_per_mm {
        Some(p) if valid_px_per_mm(p) => Scale::calibrated(p),
        Some(p) => bail!("--px-per-mm {p} is outside 0.5–500"),
        None => Scale::guess(image.width(), image.height()),
    };
    let user = presets::user_dir()
        .map(|d| presets::load_user(&d).0)
        .unwrap_or_default();
    let key = args.preset.as_deref().unwrap_or(args.mode.preset());
    let preset = presets::find(key, &user).with_context(|| {
        format!("--preset {key}: no such preset (see `follicle presets` for the list)")
    })?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut layer = Layer::whole(&preset.name, seed);
    let frame = Frame::default_for(image.width(), image.height(), scale.px_per_mm);
    preset.apply(&mut layer, Some(frame));
    if let Some(style) = args.hairline {
        layer.hairline = Some(styles::preset(style, frame, seed));
        layer.kind = LayerKind::Hairline;
    }
    if let Some(d) = args.density {
        layer.density = d;
    }
    if let Some(d) = args.dot_mm {
        layer.dot_mm = d;
    }
    if let Some(n) = args.needle {
        layer.shape.needle = n;
    }
    if let Some(mm) = args.needle_mm {
        if !NEEDLE_MM_RANGE.contains(&mm) {
            bail!("--needle-mm {mm}: SMP needles are 0.18–0.35 mm");
        }
        layer.dot_mm = deposit_mm(mm);
    }
    if let Some(shade) = &args.shade {
        layer.dilution = parse_dilution(shade).with_context(|| {
            format!("--shade {shade}: write it as water:pigment, e.g. 6:1 or 20:1")
        })?;
    }
    let shape = &mut layer.shape;
    for (value, slot) in [
        (args.elongation, &mut shape.elongation),
        (args.direction, &mut shape.direction_deg),
        (args.direction_spread, &mut shape.direction_spread_deg),
        (args.softness, &mut shape.softness),
        (args.merge, &mut shape.merge),
        (args.size_variation, &mut layer.size_jitter),
        (args.tone_variation, &mut layer.tone_jitter),
    ] {
        if let Some(v) = value {
            *slot = v;
        }
    }
    layer.validate().map_err(anyhow::Error::msg)?;
    if let Some(text) = &args.match_hair {
        let at = parse_points(text, "--match-hair")?;
        let [x, y] = at[0];
        let skin = sample_auto(&image, |_, _| 1.0, None).with_context(|| {
            format!(
                "{}: no clear skin found to match the hair on",
                photo_path.display()
            )
        })?;
        let found = match_hair(&image, [x, y], scale.px_per_mm, &skin, &mut layer)
            .map_err(|e| anyhow::anyhow!("--match-hair {text}: {e}"))?;
        if let Some(note) = &found.note {
            eprintln!("{note}");
        }
        layer.hair_match = Some(found);
    }
    if args.scar_line.is_some() || args.scar_dots.is_some() {
        if args.mode != Mode::Scar && layer.scar.is_none() {
            bail!("--scar-line and --scar-dots need --mode scar");
        }
        let shape = match (&args.scar_line, &args.scar_dots) {
            (Some(line), None) => ScarShape::Strip {
                points: parse_points(line, "--scar-line")?,
                width_mm: args.scar_width,
            },
            (None, Some(dots)) => ScarShape::Dots {
                centres: parse_points(dots, "--scar-dots")?,
                diameter_mm: args.scar_dot_mm,
            },
            _ => bail!("give either --scar-line or --scar-dots, not both"),
        };
        let mut scar = layer
            .scar
            .take()
            .unwrap_or_else(|| Scar::new(ScarShape::Region));
        scar.shape = shape;
        layer.scar = Some(scar);
    }
    if !(1..=MAX_SESSIONS).contains(&args.sessions) {
        bail!("--sessions {} is outside 1–{MAX_SESSIONS}", args.sessions);
    }
    let layers = Layer::split_into_sessions(&layer, args.sessions);
    let folder = project_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut view = ScalpView::new(name, relative_path(photo_path, folder), scale, seed);
    view.layers = layers;
    view.validate().map_err(anyhow::Error::msg)?;
    Ok(view)
}

/// Parses photo pixel points written "x,y x,y …" (or separated by semicolons).
fn parse_points(text: &str, option: &str) -> Result<Vec<[f32; 2]>> {
    let points: Option<Vec<[f32; 2]>> = text
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|t| !t.is_empty())
        .map(|pair| {
            let (x, y) = pair.split_once(',')?;
            let (x, y) = (x.trim().parse::<f32>().ok()?, y.trim().parse::<f32>().ok()?);
            (x.is_finite() && y.is_finite()).then_some([x, y])
        })
        .collect();
    match points {
        Some(p) if !p.is_empty() => Ok(p),
        _ => bail!("{option} {text}: write photo pixel points as \"x,y x,y …\""),
    }
}

fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    crate::engine::rng::mix(nanos ^ u64::from(std::process::id())) % 1_000_000_000
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The index of the view named (or numbered from 1) `key`.
fn find_view(project: &Project, key: &str, path: &Path) -> Result<usize> {
    let key = key.trim();
    if let Some(i) = project
        .views
        .iter()
        .position(|v| v.name.eq_ignore_ascii_case(key))
    {
        return Ok(i);
    }
    match key.parse::<usize>() {
        Ok(n) if (1..=project.views.len()).contains(&n) => Ok(n - 1),
        _ => {
            let names: Vec<&str> = project.views.iter().map(|v| v.name.as_str()).collect();
            bail!(
                "{}: has no view \"{key}\" (its views: {})",
                path.display(),
                names.join(", ")
            )
        }
    }
}

/// The photo of the project's current view and its layers' dots, ready to export.
fn load_view(project: &Project, output: &Path) -> Result<(image::RgbImage, Scene)> {
    let photo_path = &project.photo;
    if same_file(photo_path, output) {
        bail!(
            "{}: is the client's photo; choose another output name",
            output.display()
        );
    }
    let image = photo::load(photo_path)?;
    let hair = project
        .needs_hair()
        .then(|| detect_hair(&image, project.scale.px_per_mm, &project.hair));
    let scene = Scene::new(
        project,
        &image,
        hair.map(std::sync::Arc::new),
        &mut PatternCache::default(),
    );
    Ok((image, scene))
}

fn render(args: &RenderArgs) -> Result<()> {
    let mut project = open_project(&args.project)?;
    project.resolve_photos(&args.project);
    if let Some(stage) = args.stage {
        project.stage = stage;
    }
    if let Some(session) = args.session {
        let last = project.last_session();
        if !(1..=last).contains(&session) {
            bail!(
                "--session {session}: {} plans {last} session{}",
                args.project.display(),
                if last == 1 { "" } else { "s" }
            );
        }
        project.session = Some(session);
    }
    if let Some(key) = &args.view {
        project.current = find_view(&project, key, &args.project)?;
    }
    let options = ExportOptions {
        layout: args.layout,
        max_side: args.max_side,
        caption: !args.plain,
        disclaimer: true,
    };
    if args.layout == Layout::ContactSheet {
        refuse_existing(&args.output, args.force)?;
        let mut rows = Vec::new();
        for index in 0..project.views.len() {
            let view = project.with_view(index);
            let (image, scene) = load_view(&view, &args.output)?;
            rows.push(export::sheet_row(&view.name, &image, &scene));
        }
        let sheet = export::contact_sheet(&rows, &project, &options);
        export::write_png(&sheet, &args.output, &project)?;
        return Ok(());
    }
    let targets: Vec<(usize, PathBuf)> = if args.all_views {
        (0..project.views.len())
            .map(|i| (i, export::view_file(&args.output, &project.views[i].name)))
            .collect()
    } else {
        vec![(project.current, args.output.clone())]
    };
    // Check every output and every photo first, so that a refusal leaves nothing half done.
    for (index, out) in &targets {
        refuse_existing(out, args.force)?;
        photo::upright_size(&project.views[*index].photo)?;
    }
    for (index, out) in targets {
        let view = project.with_view(index);
        let (image, scene) = load_view(&view, &out)?;
        let picture = if args.layout == Layout::After && args.max_side.is_none() && args.plain {
            // The common full-size case composites in place: no second copy of a large photo.
            crate::engine::render::render_full(image, &scene)
        } else {
            export::compose(image, &scene, &view, &options)
        };
        export::write_png(&picture, &out, &view)?;
    }
    Ok(())
}

fn info(path: &Path) -> Result<()> {
    let project = open_project(path)?;
    let mut views = Vec::new();
    for index in 0..project.views.len() {
        let view = project.with_view(index);
        views.push(view_info(&view, path)?);
    }
    let current = views.get(project.current).cloned().unwrap_or_default();
    let doc = serde_json::json!({
        "project": path.display().to_string(),
        "version": project.version,
        "photo": current["photo"],
        "scale": current["scale"],
        "stage": project.stage.name(),
        "sessions": project.last_session(),
        "shown_session": project.shown_session(),
        "client": { "name": project.client.name, "date": project.client.date },
        "current_view": project.name,
        "layers": current["layers"],
        "views": views,
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}

/// One view as JSON: its photo, scale, skin and layers with their dot counts.
fn view_info(project: &Project, path: &Path) -> Result<serde_json::Value> {
    let photo_path = project.photo_path(path);
    // The photo is read for the hair of thinning-hair layers and for the skin tone.
    let image = photo::load(&photo_path)?;
    let (w, h) = image.dimensions();
    let hair = detect_hair(&image, project.scale.px_per_mm, &project.hair);
    let counts = dot_counts(
        project,
        w,
        h,
        project.needs_hair().then_some(&hair),
        &mut PatternCache::default(),
    );
    let (skin, sampled) = match project.skin {
        Some(rgb) => (Some(SkinTone::from_srgb(rgb)), true),
        None => (sample_auto(&image, |_, _| 1.0, Some(&hair)), false),
    };
    let layers: Vec<serde_json::Value> = project
        .layers
        .iter()
        .zip(counts)
        .map(|(l, dots)| {
            let scar = l.scar.as_ref().map(|s| {
                let shape = match &s.shape {
                    ScarShape::Region => "region",
                    ScarShape::Strip { .. } => "strip",
                    ScarShape::Dots { .. } => "dots",
                };
                serde_json::json!({ "shape": shape, "retention": s.retention, "unevenness": s.unevenness })
            });
            let advice: Vec<String> = skin
                .as_ref()
                .map(|t| advise(t, &l.look(), l.density).iter().map(|a| a.message()).collect())
                .unwrap_or_default();
            serde_json::json!({
                "name": l.name,
                "kind": format!("{:?}", l.kind).to_lowercase(),
                "visible": l.visible,
                "session": l.session,
                "density_per_cm2": l.density,
                "dot_mm": l.dot_mm,
                "shade": format_dilution(l.dilution),
                "size_jitter": l.size_jitter,
                "tone_jitter": l.tone_jitter,
                "needle": l.shape.needle.label(),
                "needle_mm": (needle_mm(l.dot_mm) * 100.0).round() / 100.0,
                "apparent_spot_mm": (apparent_spot_mm(l.shape.needle, l.dot_mm) * 100.0).round() / 100.0,
                "elongation": l.shape.elongation,
                "direction_deg": l.shape.direction_deg,
                "direction_spread_deg": l.shape.direction_spread_deg,
                "softness": l.shape.softness,
                "merge": l.shape.merge,
                "matched_hair": l.hair_match.as_ref().map(|m| serde_json::json!({
                    "at": m.at,
                    "hair_srgb": m.hair,
                    "skin_srgb": m.skin,
                    "treated_srgb": m.result,
                    "note": m.note,
                })),
                "seed": l.seed,
                "has_hairline": l.hairline.is_some(),
                "avoid_hair": l.avoid_hair,
                "scar": scar,
                "advice": advice,
                "dots": dots,
            })
        })
        .collect();
    let skin = skin.map(|tone| {
        serde_json::json!({
            "srgb": tone.srgb,
            "fitzpatrick": tone.fitzpatrick_label(),
            "description": tone.description(),
            "sampled": sampled,
        })
    });
    Ok(serde_json::json!({
        "name": project.name,
        "photo": { "path": photo_path.display().to_string(), "width": w, "height": h },
        "scale": { "px_per_mm": project.scale.px_per_mm, "calibrated": project.scale.calibrated },
        "hair_fraction": hair.hair_fraction(),
        "skin": skin,
        "layers": layers,
    }))
}

fn list_presets() -> Result<()> {
    println!("Built-in presets:");
    for (file, p) in presets::built_in_by_file() {
        println!("  {file:<18} {}: {}", p.name, p.description);
    }
    let Some(dir) = presets::user_dir() else {
        return Ok(());
    };
    let (user, problems) = presets::load_user(&dir);
    if !user.is_empty() {
        println!("Your presets ({}):", dir.display());
        for p in &user {
            println!("  {:<18} {}: {}", p.slug(), p.name, p.description);
        }
    }
    for problem in problems {
        eprintln!("skipped {problem}");
    }
    Ok(())
}
