//! `new` and `add-view`: a project or a view made from a photo, its first layer set up from the
//! options.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::args::{AddViewArgs, LayerArgs, Mode, NewArgs, RegionStart, refuse_existing};
use super::face;
use crate::engine::edit::{self, HairMatchError};
use crate::engine::files::{folder_of, guard_client_photos, relative_path};
use crate::engine::geometry::{Scar, ScarShape};
use crate::engine::optics::{NEEDLE_MM_RANGE, deposit_mm};
use crate::engine::photo;
use crate::engine::pigment::parse_dilution;
use crate::engine::presets;
use crate::engine::project::{Layer, LayerKind, MAX_SESSIONS, Project, ScalpView};
use crate::engine::scalp;
use crate::engine::styles::{self, Frame};
use crate::engine::units::{Scale, valid_px_per_mm};

pub(super) fn new(args: &NewArgs) -> Result<()> {
    refuse_existing(&args.output, args.force)?;
    guard_client_photos(&args.output, [args.photo.as_path()])?;
    let view = make_view(&args.view, &args.photo, &args.output, &args.layer)?;
    let mut project = Project::new(view.photo.clone(), view.scale, 0);
    project.views = vec![view];
    project.validate().map_err(anyhow::Error::msg)?;
    if args.force {
        project.save(&args.output)?;
    } else {
        // Created only if the name is still free when it is written (another run may be
        // writing it at this moment).
        project.save_new(&args.output)?;
    }
    Ok(())
}

pub(super) fn add_view(args: &AddViewArgs) -> Result<()> {
    // Held until saved: another Follicle changing this project meanwhile is refused.
    let (mut project, held) = Project::load_for_change(&args.project)?;
    if let Some(existing) = project.view_named(&args.name) {
        bail!(
            "{}: already has a view named \"{}\"; choose another --name",
            args.project.display(),
            project.views[existing].name
        );
    }
    let view = make_view(&args.name, &args.photo, &args.project, &args.layer)?;
    project.views.push(view);
    project.validate().map_err(anyhow::Error::msg)?;
    held.save(&project)?;
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
    let scale = match face::iris_scale(&args.face, &image)? {
        Some(scale) => scale,
        None => scale_of(&image, photo_path, args.px_per_mm)?,
    };
    let head = face::head(&args.face, &image)?;
    let guides = face::guides(&args.face, &image)?;
    let user = presets::user_dir()
        .map(|d| presets::load_user(&d).0)
        .unwrap_or_default();
    let key = args.preset.as_deref().unwrap_or(args.mode.preset());
    let preset = presets::find(key, &user).with_context(|| {
        format!("--preset {key}: no such preset (see `follicle presets` for the list)")
    })?;
    let seed = args.seed.unwrap_or_else(edit::fresh_seed);
    let mut layer = Layer::whole(&preset.name, seed);
    if args.region == RegionStart::Scalp {
        layer.region = scalp::scalp_region(&image).with_context(|| {
            format!(
                "{}: no backdrop to find the head against (its edges do not show a plain \
                 background); use --region whole",
                photo_path.display()
            )
        })?;
    }
    let frame = Frame::default_for(image.width(), image.height(), scale.px_per_mm);
    preset.apply(&mut layer, Some(frame));
    if let Some(style) = args.hairline {
        layer.hairline = Some(match &guides {
            Some(g) => face::hairline(style, g, head.as_ref(), scale, seed)?,
            None => styles::preset(style, frame, seed),
        });
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
        let at = parse_points(text, "--match-hair")?[0];
        layer =
            edit::match_layer_to_hair(&image, at, scale.px_per_mm, None, &layer).map_err(|e| {
                match e {
                    HairMatchError::NoSkin => anyhow::anyhow!("{}: {e}", photo_path.display()),
                    HairMatchError::Match(e) => anyhow::anyhow!("--match-hair {text}: {e}"),
                }
            })?;
        if let Some(note) = layer.hair_match.as_ref().and_then(|m| m.note.as_ref()) {
            eprintln!("{note}");
        }
    }
    apply_scar_args(args, &mut layer)?;
    if !(1..=MAX_SESSIONS).contains(&args.sessions) {
        bail!("--sessions {} is outside 1–{MAX_SESSIONS}", args.sessions);
    }
    let layers = Layer::split_into_sessions(&layer, args.sessions);
    let folder = folder_of(project_path);
    let mut view = ScalpView::new(name, relative_path(photo_path, folder), scale, seed);
    view.layers = layers;
    view.head = head;
    view.face = guides;
    view.validate().map_err(anyhow::Error::msg)?;
    Ok(view)
}

/// The scale given with `--px-per-mm`, or else guessed from the photo's size (a photo too small
/// for any guess says so and names the option).
fn scale_of(image: &image::RgbImage, photo_path: &Path, px_per_mm: Option<f64>) -> Result<Scale> {
    Ok(match px_per_mm {
        Some(p) if valid_px_per_mm(p) => Scale::calibrated(p),
        Some(p) => bail!("--px-per-mm {p} is outside 0.5–500"),
        None => {
            let guess = Scale::guess(image.width(), image.height());
            if !valid_px_per_mm(guess.px_per_mm) {
                bail!(
                    "{}: too small ({} × {} pixels) to guess its scale; give it with --px-per-mm \
                     (pixels per millimetre of scalp, 0.5–500)",
                    photo_path.display(),
                    image.width(),
                    image.height()
                );
            }
            guess
        }
    })
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

/// `--scar-widths "3 5.5 4"` (or comma-separated): millimetres, one per point of the line.
fn parse_widths(text: &str) -> Result<Vec<f32>> {
    let widths: Option<Vec<f32>> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<f32>().ok().filter(|w| w.is_finite()))
        .collect();
    match widths {
        Some(w) if !w.is_empty() => Ok(w),
        _ => bail!("--scar-widths {text}: write widths in mm as \"3 5 4\", one per point"),
    }
}

/// The scar shape given on the command line (`--scar-line` or `--scar-dots`), if any.
fn apply_scar_args(args: &LayerArgs, layer: &mut Layer) -> Result<()> {
    if args.scar_line.is_none() && args.scar_dots.is_none() {
        if args.scar_widths.is_some() {
            bail!("--scar-widths needs --scar-line");
        }
        return Ok(());
    }
    if args.mode != Mode::Scar && layer.scar.is_none() {
        bail!("--scar-line and --scar-dots need --mode scar");
    }
    let shape = match (&args.scar_line, &args.scar_dots) {
        (Some(line), None) => ScarShape::Strip {
            points: parse_points(line, "--scar-line")?,
            width_mm: args.scar_width,
            widths_mm: match &args.scar_widths {
                Some(text) => parse_widths(text)?,
                None => Vec::new(),
            },
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
    Ok(())
}
