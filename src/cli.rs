//! The `follicle` command line: `new`, `render`, `info`, or a file to open in the desktop app.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::engine::export::{self, ExportOptions, Layout};
use crate::engine::photo;
use crate::engine::pigment::{Stage, format_dilution, parse_dilution};
use crate::engine::project::{Layer, Project, relative_path};
use crate::engine::render::{PatternCache, dot_counts, layer_dots};
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
    /// Render a project (or an exported mock-up PNG) to a PNG.
    Render(RenderArgs),
    /// Print a project's photo, scale and layers (with dot counts) as JSON.
    Info {
        /// A project (.ron) or exported mock-up (.png).
        project: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The client's scalp photo (JPEG, PNG or WebP).
    pub photo: PathBuf,
    /// Where to write the project (.ron).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Photo scale in pixels per mm (default: a guess from the photo size, marked uncalibrated).
    #[arg(long)]
    pub px_per_mm: Option<f64>,
    /// Dots per cm².
    #[arg(long, default_value_t = crate::engine::project::DEFAULT_DENSITY)]
    pub density: f32,
    /// Healed dot diameter in mm.
    #[arg(long, default_value_t = crate::engine::project::DEFAULT_DOT_MM)]
    pub dot_mm: f32,
    /// Pigment dilution, water:pigment (6:1 dark … 20:1 light).
    #[arg(long, default_value = "10:1")]
    pub shade: String,
    /// Pattern seed (default: a new one).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Overwrite an existing project file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// A project (.ron) or exported mock-up (.png).
    pub project: PathBuf,
    /// The PNG to write.
    #[arg(short, long)]
    pub output: PathBuf,
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
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
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
        Command::Render(args) => render(&args),
        Command::Info { project } => info(&project),
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
    let image = photo::load(&args.photo)?;
    let scale = match args.px_per_mm {
        Some(p) if valid_px_per_mm(p) => Scale::calibrated(p),
        Some(p) => bail!("--px-per-mm {p} is outside 0.5–500"),
        None => Scale::guess(image.width(), image.height()),
    };
    let dilution = parse_dilution(&args.shade).with_context(|| {
        format!(
            "--shade {}: write it as water:pigment, e.g. 6:1 or 20:1",
            args.shade
        )
    })?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let folder = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut project = Project::new(relative_path(&args.photo, folder), scale, seed);
    project.layers[0] = Layer {
        density: args.density,
        dot_mm: args.dot_mm,
        dilution,
        ..Layer::whole("Density", seed)
    };
    project.validate().map_err(anyhow::Error::msg)?;
    project.save(&args.output)?;
    Ok(())
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

fn render(args: &RenderArgs) -> Result<()> {
    refuse_existing(&args.output, args.force)?;
    let mut project = open_project(&args.project)?;
    if let Some(stage) = args.stage {
        project.stage = stage;
    }
    let photo_path = project.photo_path(&args.project);
    if same_file(&photo_path, &args.output) {
        bail!(
            "{}: is the client's photo; choose another output name",
            args.output.display()
        );
    }
    let image = photo::load(&photo_path)?;
    let (w, h) = image.dimensions();
    let layers = layer_dots(&project, w, h, &mut PatternCache::default());
    let options = ExportOptions {
        layout: args.layout,
        max_side: args.max_side,
        caption: !args.plain,
        disclaimer: true,
    };
    let out = if args.layout == Layout::After && args.max_side.is_none() && args.plain {
        // The common full-size case composites in place: no second copy of a large photo.
        crate::engine::render::render_full(image, &layers)
    } else {
        export::compose(image, &layers, &project, &options)
    };
    export::write_png(&out, &args.output, &project, &photo_path)?;
    Ok(())
}

fn info(path: &Path) -> Result<()> {
    let project = open_project(path)?;
    let photo_path = project.photo_path(path);
    let (w, h) = photo::upright_size(&photo_path)?;
    let counts = dot_counts(&project, w, h, &mut PatternCache::default());
    let layers: Vec<serde_json::Value> = project
        .layers
        .iter()
        .zip(counts)
        .map(|(l, dots)| {
            serde_json::json!({
                "name": l.name,
                "kind": format!("{:?}", l.kind).to_lowercase(),
                "visible": l.visible,
                "density_per_cm2": l.density,
                "dot_mm": l.dot_mm,
                "shade": format_dilution(l.dilution),
                "size_jitter": l.size_jitter,
                "tone_jitter": l.tone_jitter,
                "seed": l.seed,
                "has_hairline": l.hairline.is_some(),
                "dots": dots,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "project": path.display().to_string(),
        "version": project.version,
        "photo": { "path": photo_path.display().to_string(), "width": w, "height": h },
        "scale": { "px_per_mm": project.scale.px_per_mm, "calibrated": project.scale.calibrated },
        "stage": project.stage.name(),
        "client": { "name": project.client.name, "date": project.client.date },
        "layers": layers,
    });
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}
