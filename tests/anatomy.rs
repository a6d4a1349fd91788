//! The client's real head: density and dot shape on a rounded scalp, face guides for the
//! hairline, iris calibration, their command-line options and the version 4 project format.
//!
//! Everything is measured on rendered pixels or on the dots the engine places, on synthetic
//! photos made here.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_clean_failure, follicle, snapshot, write_photo};
use follicle::engine::anatomy::{
    COS_FLOOR, FaceGuides, HeadShape, hairline_from_guides, place_guides,
};
use follicle::engine::colour::to_linear;
use follicle::engine::composite::{Pass, Skin, composite};
use follicle::engine::optics::{Needle, SkinOptics};
use follicle::engine::photo;
use follicle::engine::project::{CURRENT_VERSION, Layer, Project};
use follicle::engine::render::{
    FieldCache, LayerDots, PatternCache, ScarLight, Scene, layer_dots_cached, render_full,
};
use follicle::engine::styles::HairlineStyle;
use follicle::engine::units::{Scale, View};
use image::{Rgb, RgbImage};

// ---------------------------------------------------------------------------------------------
// Set-up

/// A project of one whole-photo layer of `density` on a `w` × `h` photo at `ppm`, with round,
/// even, crisp single-point dots (so their shape can be measured), on `head` if given.
fn project(ppm: f64, density: f32, head: Option<HeadShape>) -> Project {
    let mut p = Project::new(PathBuf::from("photo.png"), Scale::calibrated(ppm), 5);
    let mut layer = Layer::whole("Density", 4242);
    layer.density = density;
    layer.size_jitter = 0.0;
    layer.tone_jitter = 0.0;
    layer.shape.needle = Needle::RL1;
    layer.shape.elongation = 1.0;
    layer.shape.direction_spread_deg = 0.0;
    layer.shape.softness = 0.0;
    layer.shape.merge = 0.0;
    p.view_mut().layers = vec![layer];
    p.view_mut().head = head;
    p
}

fn dots_of(p: &Project, w: u32, h: u32) -> LayerDots {
    layer_dots_cached(
        p,
        w,
        h,
        None,
        &ScarLight::default(),
        &mut PatternCache::default(),
        &mut FieldCache::default(),
    )
    .expect("the dots fit the photo's budget")
    .into_iter()
    .next()
    .expect("one layer shows")
    .1
}

fn rho(head: &HeadShape, x: f32, y: f32) -> f32 {
    head.rho([x, y])
}

/// A plain photo of one skin colour.
fn plain(w: u32, h: u32) -> RgbImage {
    RgbImage::from_pixel(w, h, Rgb([205, 168, 146]))
}

// ---------------------------------------------------------------------------------------------
// Density per cm² of scalp: denser in the photo towards the rim

#[test]
fn shown_density_rises_as_one_over_cos_theta() {
    let (w, h, ppm) = (1400, 1400, 10.0);
    let head = HeadShape {
        centre: [700.0, 700.0],
        radii: [620.0, 620.0],
    };
    let on_head = dots_of(&project(ppm, 100.0, Some(head)), w, h);
    let count = |lo: f32, hi: f32| {
        on_head
            .dots
            .points
            .iter()
            .filter(|c| (lo..hi).contains(&rho(&head, c.x, c.y)))
            .count() as f64
    };
    // Dots per cm² of photo in a ring lo ≤ ρ < hi.
    let per_cm2 = |lo: f64, hi: f64| {
        let r = f64::from(head.radii[0]) / ppm / 10.0;
        count(lo as f32, hi as f32) / (std::f64::consts::PI * r * r * (hi * hi - lo * lo))
    };
    let centre = per_cm2(0.0, 0.25);
    let rim = per_cm2(0.77, 0.83);
    let ratio = rim / centre;
    // 1 / cos θ at ρ = 0.8 is 1/0.6; the centre disc averages 1.016.
    let want = (1.0 / 0.6) / 1.016;
    println!(
        "density: centre {centre:.1}/cm², rim {rim:.1}/cm², ratio {ratio:.3} (1/cos θ {want:.3})"
    );
    assert!((centre - 101.6).abs() < 0.15 * 101.6, "centre {centre}");
    assert!((ratio / want - 1.0).abs() < 0.15, "ratio {ratio} vs {want}");
    // Near the rim the density is held at 1 / COS_FLOOR times (within the pattern's 400/cm²).
    let edge = per_cm2(0.985, 0.999);
    println!("density just inside the outline: {edge:.1}/cm²");
    assert!(edge < 1.15 * 100.0 / f64::from(COS_FLOOR), "edge {edge}");
    assert!(edge > 2.5 * centre, "edge {edge}");
    // Past the outline: a few stray dots within a millimetre (stubble), then none.
    let outline = f64::from(head.radii[0]);
    let past = |mm: f64| {
        on_head
            .dots
            .points
            .iter()
            .filter(|c| {
                let d = f64::from((c.x - 700.0).hypot(c.y - 700.0)) - outline;
                d > 0.0 && d <= mm * ppm
            })
            .count()
    };
    assert!(past(1.0) > 0, "the outline is broken up by a few dots");
    assert_eq!(
        past(1.0),
        past(20.0),
        "no dots farther than a millimetre out"
    );
    assert!(
        (past(1.0) as f64) < 0.25 * count(0.9, 1.0),
        "strays are few: {}",
        past(1.0)
    );
}

#[test]
fn a_head_keeps_the_scalp_as_dark_on_average_at_the_rim() {
    // Denser dots that each show less of themselves: the treated skin is as grey at ρ = 0.8 as at
    // the centre (the shading of a real photo is the photo's, not the pattern's).
    let (w, h, ppm) = (1000, 1000, 8.0);
    let head = HeadShape {
        centre: [500.0, 500.0],
        radii: [460.0, 460.0],
    };
    let mut p = project(ppm, 90.0, Some(head));
    p.view_mut().layers[0] = Layer::whole("Density", 11);
    p.view_mut().layers[0].density = 90.0;
    p.view_mut().head = Some(head);
    let photo = plain(w, h);
    let scene = Scene::new(&p, &photo, None, &mut PatternCache::default()).expect("a scene");
    let out = render_full(photo.clone(), &scene);
    let darkening = |lo: f32, hi: f32| {
        let (mut sum, mut n) = (0.0f64, 0usize);
        for (x, y, px) in out.enumerate_pixels() {
            let r = rho(&head, x as f32 + 0.5, y as f32 + 0.5);
            if (lo..hi).contains(&r) {
                sum += 1.0 - f64::from(to_linear(px[1]) / to_linear(photo.get_pixel(x, y)[1]));
                n += 1;
            }
        }
        sum / n as f64
    };
    let (centre, rim) = (darkening(0.0, 0.3), darkening(0.75, 0.85));
    println!("mean darkening: centre {centre:.3}, rim {rim:.3}");
    assert!(centre > 0.05);
    assert!(
        (rim / centre - 1.0).abs() < 0.12,
        "centre {centre} rim {rim}"
    );
}

// ---------------------------------------------------------------------------------------------
// Dots foreshortened along the radius

/// The second moments of each isolated dot's darkness in the rendered cores, along the radius
/// and across it: (ρ, radial σ, tangential σ).
fn dot_spreads(head: &HeadShape, ppm: f64, w: u32, h: u32) -> Vec<(f32, f64, f64)> {
    let p = project(ppm, 20.0, Some(*head));
    let LayerDots { dots, mut style } = dots_of(&p, w, h);
    // The cores alone: the haze is a wide smooth grey that would hide their shape.
    style.haze = 0.0;
    let photo = plain(w, h);
    let mut out = photo.clone();
    let optics = SkinOptics::default();
    let skin = Skin {
        optics: &optics,
        px_per_mm: ppm,
        hair: None,
    };
    composite(
        &mut out,
        View::FULL,
        &[Pass {
            dots: &dots,
            style: &style,
        }],
        skin,
    );
    let base = to_linear(photo.get_pixel(0, 0)[0]);
    let dark = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= i64::from(w) || y >= i64::from(h) {
            return 0.0;
        }
        f64::from(1.0 - to_linear(out.get_pixel(x as u32, y as u32)[0]) / base).max(0.0)
    };
    let width = f64::from(style.width);
    let reach = (1.8 * width).ceil() as i64;
    let points = &dots.points;
    let mut spreads = Vec::new();
    for (i, c) in points.iter().enumerate() {
        let isolated = points
            .iter()
            .enumerate()
            .all(|(j, o)| j == i || f64::from((o.x - c.x).hypot(o.y - c.y)) > 4.5 * width);
        if !isolated {
            continue;
        }
        // Centre of darkness first (the hand's wander moves a mark off its pattern position),
        // found within the window and refined twice, then the moments around it.
        let centroid = |ox: f64, oy: f64| {
            let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
            for y in (oy as i64) - reach..=(oy as i64) + reach {
                for x in (ox as i64) - reach..=(ox as i64) + reach {
                    let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                    if (px - ox).hypot(py - oy) > reach as f64 {
                        continue;
                    }
                    let d = dark(x, y);
                    m += d;
                    sx += d * px;
                    sy += d * py;
                }
            }
            (m > 0.0).then(|| (sx / m, sy / m))
        };
        let mut at = Some((f64::from(c.x), f64::from(c.y)));
        for _ in 0..3 {
            at = at.and_then(|(x, y)| centroid(x, y));
        }
        let Some((mx, my)) = at else {
            continue;
        };
        let (r0, r1) = (
            mx - f64::from(head.centre[0]),
            my - f64::from(head.centre[1]),
        );
        let n = r0.hypot(r1);
        let (nx, ny) = if n > 1e-6 {
            (r0 / n, r1 / n)
        } else {
            (1.0, 0.0)
        };
        let (mut m2, mut rr, mut tt) = (0.0, 0.0, 0.0);
        for y in (my as i64) - reach..=(my as i64) + reach {
            for x in (mx as i64) - reach..=(mx as i64) + reach {
                let (dx, dy) = (x as f64 + 0.5 - mx, y as f64 + 0.5 - my);
                if dx.hypot(dy) > reach as f64 {
                    continue;
                }
                let d = dark(x, y);
                let (along, across) = (dx * nx + dy * ny, -dx * ny + dy * nx);
                m2 += d;
                rr += d * along * along;
                tt += d * across * across;
            }
        }
        spreads.push((
            rho(head, mx as f32, my as f32),
            (rr / m2).sqrt(),
            (tt / m2).sqrt(),
        ));
    }
    spreads
}

#[test]
fn dots_at_the_rim_are_foreshortened_along_the_radius_by_cos_theta() {
    let (w, h, ppm) = (2000, 2000, 25.0);
    let head = HeadShape {
        centre: [1000.0, 1000.0],
        radii: [960.0, 960.0],
    };
    let spreads = dot_spreads(&head, ppm, w, h);
    let mean = |lo: f32, hi: f32| {
        let pick: Vec<_> = spreads.iter().filter(|s| (lo..hi).contains(&s.0)).collect();
        let n = pick.len() as f64;
        let radial = pick.iter().map(|s| s.1).sum::<f64>() / n;
        let across = pick.iter().map(|s| s.2).sum::<f64>() / n;
        (pick.len(), radial, across)
    };
    let (n0, radial0, across0) = mean(0.0, 0.3);
    let (n1, radial1, across1) = mean(0.76, 0.84);
    let aspect0 = radial0 / across0;
    let aspect1 = radial1 / across1;
    let squeeze = aspect1 / aspect0;
    println!(
        "foreshortening: centre {n0} dots radial {radial0:.2} px across {across0:.2} px; rim \
         {n1} dots radial {radial1:.2} px across {across1:.2} px; squeeze {squeeze:.3} (cos θ 0.6)"
    );
    assert!(n0 >= 15 && n1 >= 40, "{n0} {n1}");
    assert!(
        (aspect0 - 1.0).abs() < 0.08,
        "round at the centre: {aspect0}"
    );
    assert!((squeeze - 0.6).abs() < 0.06, "squeeze {squeeze}");
    // Across the radius the dot keeps its width.
    assert!(
        (across1 / across0 - 1.0).abs() < 0.08,
        "{across1} vs {across0}"
    );
}

#[test]
fn without_a_head_the_scalp_stays_flat() {
    let (w, h, ppm) = (600, 500, 8.0);
    let flat = dots_of(&project(ppm, 100.0, None), w, h);
    assert_eq!(flat.style.surface, None);
    // A head as large as the photo changes the dots.
    let head = HeadShape {
        centre: [300.0, 250.0],
        radii: [300.0, 250.0],
    };
    let round = dots_of(&project(ppm, 100.0, Some(head)), w, h);
    assert!(round.style.surface.is_some());
    assert_ne!(flat.dots.points.len(), round.dots.points.len());
}

// ---------------------------------------------------------------------------------------------
// Face guides

fn guides() -> FaceGuides {
    FaceGuides {
        glabella: [1000.0, 1100.0],
        eye_corners: [[560.0, 1160.0], [1440.0, 1160.0]],
        hairline_height_mm: 80.0,
    }
}

#[test]
fn flat_guides_put_the_hairline_h_above_the_glabella() {
    let ppm = 9.0;
    for height in [70.0f32, 80.0, 100.0] {
        let g = FaceGuides {
            hairline_height_mm: height,
            ..guides()
        };
        let p = place_guides(&g, None, ppm, Some(HairlineStyle::Natural)).expect("placed");
        let (dx, dy) = (p.mid_frontal[0] - 1000.0, p.mid_frontal[1] - 1100.0);
        let mm = f64::from(dx.hypot(dy)) / ppm;
        assert!(
            (mm / f64::from(height) - 1.0).abs() < 0.02,
            "{mm} vs {height}"
        );
        assert!(dx.abs() < 0.5 && dy < 0.0, "straight up: {dx} {dy}");
        // The frontotemporal corners stand on the verticals through the outer eye corners.
        assert!((p.corners[0][0] - 560.0).abs() < 0.5 && (p.corners[1][0] - 1440.0).abs() < 0.5);
        assert!(p.corners[0][1] < p.mid_frontal[1], "natural corners recede");
    }
}

#[test]
fn on_a_head_the_height_is_measured_along_the_scalp() {
    let ppm = 10.0;
    let head = HeadShape {
        centre: [1000.0, 1000.0],
        radii: [800.0, 1150.0],
    };
    let ry = f64::from(head.radii[1]);
    for height in [70.0f32, 80.0, 100.0] {
        let g = FaceGuides {
            hairline_height_mm: height,
            ..guides()
        };
        let p = place_guides(&g, Some(&head), ppm, None).expect("placed");
        // The profile through the centre is a circle of the vertical radius: the arc from the
        // glabella to the mid-frontal point, worked out from their heights in the photo.
        let up = |y: f32| (1000.0 - f64::from(y)) / ry;
        let arc = ry * (up(p.mid_frontal[1]).asin() - up(1100.0).asin()) / ppm;
        println!(
            "guides on a head: H {height} mm → arc {arc:.2} mm, straight in the photo {:.2} mm",
            (1100.0 - f64::from(p.mid_frontal[1])) / ppm
        );
        assert!(
            (arc / f64::from(height) - 1.0).abs() < 0.02,
            "{arc} vs {height}"
        );
        assert!((p.mid_frontal[0] - 1000.0).abs() < 0.5);
        // Foreshortened: the photo shows less than H.
        assert!((1100.0 - p.mid_frontal[1]) / 10.0 < height * 0.97);
        assert!((p.height_mm - height).abs() < 0.02 * height);
        assert!(p.notes()[0].contains("along the scalp"), "{:?}", p.notes());
    }
}

#[test]
fn a_styled_hairline_runs_through_the_guides() {
    let head = HeadShape {
        centre: [1000.0, 1000.0],
        radii: [800.0, 1150.0],
    };
    for style in HairlineStyle::ALL {
        let (line, p) =
            hairline_from_guides(style, &guides(), Some(&head), 10.0, 9).expect("fitted");
        for landmark in [p.mid_frontal, p.corners[0], p.corners[1]] {
            assert!(line.points.contains(&landmark), "{style:?}");
        }
        assert!(
            line.points.windows(2).all(|w| w[0][0] < w[1][0]),
            "{style:?}"
        );
        let corner_rise = p.corner_heights_mm[0] - p.height_mm;
        match style {
            HairlineStyle::Female => assert!(corner_rise < 0.0, "{corner_rise}"),
            _ => assert!(corner_rise > 0.0, "{style:?} {corner_rise}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(w: u32, h: u32) -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        write_photo(dir.path(), "photo.png", w, h);
        Case { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> common::Run {
        follicle(self.path(), args)
    }

    fn load(&self, name: &str) -> Project {
        Project::load(&self.path().join(name)).expect("project loads")
    }

    fn fails(&self, args: &[&str], names: &str) {
        let before = snapshot(self.path());
        let run = self.run(args);
        assert_clean_failure(&run, names, self.path(), &before);
    }
}

#[test]
fn new_stores_the_head_and_places_the_hairline_from_the_face() {
    let case = Case::new(2000, 2400);
    case.run(&[
        "new",
        "photo.png",
        "-o",
        "p.ron",
        "--px-per-mm",
        "10",
        "--head-ellipse",
        "1000,1000,800,1150",
        "--glabella",
        "1000,1100",
        "--eye-corners",
        "560,1160,1440,1160",
        "--hairline",
        "natural",
        "--hairline-height-mm",
        "90",
        "--seed",
        "3",
    ])
    .expect_ok();
    let p = case.load("p.ron");
    let view = p.view();
    assert_eq!(
        view.head,
        Some(HeadShape {
            centre: [1000.0, 1000.0],
            radii: [800.0, 1150.0]
        })
    );
    let face = view.face.expect("guides stored");
    assert_eq!(face.hairline_height_mm, 90.0);
    let line = view.layers[0].hairline.as_ref().expect("a hairline");
    // The middle point of the line is the mid-frontal point, 90 mm up the scalp.
    let mid = line
        .points
        .iter()
        .min_by(|a, b| (a[0] - 1000.0).abs().total_cmp(&(b[0] - 1000.0).abs()))
        .expect("points");
    let up = |y: f32| (1000.0 - f64::from(y)) / 1150.0;
    let arc = 1150.0 * (up(mid[1]).asin() - up(1100.0).asin()) / 10.0;
    assert!((arc / 90.0 - 1.0).abs() < 0.02, "{arc}");
    let info = case.run(&["info", "p.ron"]).expect_ok();
    let json: serde_json::Value = serde_json::from_str(&info.stdout).expect("JSON");
    let note = json["views"][0]["face_guides"]["note"]
        .as_str()
        .expect("a note");
    assert!(note.starts_with("hairline 9.0 cm above the brow"), "{note}");
    assert_eq!(json["views"][0]["head_ellipse"]["radii"][1], 1150.0);
}

#[test]
fn add_view_takes_the_head_and_face_too() {
    let case = Case::new(1200, 1600);
    case.run(&["new", "photo.png", "-o", "p.ron", "--seed", "2"])
        .expect_ok();
    write_photo(case.path(), "top.png", 1200, 1600);
    case.run(&[
        "add-view",
        "p.ron",
        "top.png",
        "--name",
        "Top",
        "--head-ellipse",
        "600,700,500,650",
        "--glabella",
        "600,900",
        "--eye-corners",
        "330,940,870,940",
        "--hairline",
        "straight",
        "--px-per-mm",
        "6",
    ])
    .expect_ok();
    let p = case.load("p.ron");
    assert_eq!(p.views.len(), 2);
    assert!(p.views[0].head.is_none() && p.views[0].face.is_none());
    assert!(p.views[1].head.is_some());
    assert_eq!(p.views[1].face.map(|f| f.hairline_height_mm), Some(80.0));
    assert!(p.views[1].layers[0].hairline.is_some());
}

/// A photo with a dark iris disc `iris_mm` across at `ppm` (its edge anti-aliased, as a camera
/// records it) and the horizontal edges a practitioner would click on it: where the disc's
/// middle row crosses half way between iris and white.
fn iris_photo(dir: &Path, ppm: f64, iris_mm: f64) -> [f32; 4] {
    let (w, h) = (800u32, 600u32);
    let (cx, cy, r) = (400.3, 300.0, iris_mm * ppm / 2.0);
    let (iris, white) = ([70.0, 90.0, 110.0], [235.0, 232.0, 228.0]);
    let img = RgbImage::from_fn(w, h, |x, y| {
        // Coverage of the pixel by the disc, from 8 × 8 samples.
        let inside = (0..64)
            .filter(|k| {
                let (sx, sy) = (f64::from(k % 8) + 0.5, f64::from(k / 8) + 0.5);
                (f64::from(x) + sx / 8.0 - cx).hypot(f64::from(y) + sy / 8.0 - cy) < r
            })
            .count() as f64
            / 64.0;
        Rgb(std::array::from_fn(|c| {
            (white[c] + (iris[c] - white[c]) * inside).round() as u8
        }))
    });
    img.save(dir.join("eye.png")).expect("write photo");
    let row = 300;
    let value = |x: u32| f64::from(img.get_pixel(x, row)[0]);
    let level = 0.5 * (value(0) + value(400));
    // Pixel centres x + 0.5; the crossing interpolated between the two pixels either side.
    let crossing = |a: u32, b: u32| {
        let (va, vb) = (value(a), value(b));
        let t = (va - level) / (va - vb);
        f64::from(a) + 0.5 + t * (f64::from(b) - f64::from(a))
    };
    let left = (0..w - 1)
        .find(|&x| value(x + 1) < level)
        .expect("left edge");
    let right = (1..w)
        .rev()
        .find(|&x| value(x - 1) < level)
        .expect("right edge");
    [
        crossing(left, left + 1) as f32,
        row as f32,
        crossing(right, right - 1) as f32,
        row as f32,
    ]
}

#[test]
fn the_iris_calibrates_the_scale_within_one_percent() {
    for (ppm, mm, given) in [
        (9.3, 11.7, None),
        (14.6, 11.7, None),
        (7.7, 12.2, Some("12.2")),
    ] {
        let case = Case::new(200, 150);
        let e = iris_photo(case.path(), ppm, mm);
        let iris = format!("{},{},{},{}", e[0], e[1], e[2], e[3]);
        let mut args = vec!["new", "eye.png", "-o", "p.ron", "--iris", &iris];
        if let Some(d) = given {
            args.extend(["--iris-mm", d]);
        }
        case.run(&args).expect_ok();
        let scale = case.load("p.ron").view().scale;
        println!("iris: true {ppm} px/mm, measured {:.3}", scale.px_per_mm);
        assert!(scale.calibrated);
        assert!(
            (scale.px_per_mm / ppm - 1.0).abs() < 0.01,
            "{} vs {ppm}",
            scale.px_per_mm
        );
    }
}

/// A folder with a 400 × 300 photo and a project `p.ron`, in which each `new … extra` (writing
/// `q.ron`) must fail in one line naming `names`, changing nothing.
fn refuses(cases: &[(Vec<&str>, &str)], scale: bool) -> Case {
    let case = Case::new(400, 300);
    case.run(&["new", "photo.png", "-o", "p.ron", "--seed", "1"])
        .expect_ok();
    for (extra, names) in cases {
        let mut args = vec!["new", "photo.png", "-o", "q.ron"];
        if scale {
            args.extend(["--px-per-mm", "8"]);
        }
        args.extend_from_slice(extra);
        case.fails(&args, names);
    }
    case
}

/// Face guides "glabella" and "eye corners" with a natural hairline, and `extra`.
fn face<'a>(glabella: &'a str, eyes: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "--glabella",
        glabella,
        "--eye-corners",
        eyes,
        "--hairline",
        "natural",
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn bad_head_ellipses_fail_in_one_line_and_change_nothing() {
    let case = refuses(
        &[
            (vec!["--head-ellipse", "200,150,90"], "--head-ellipse"),
            (vec!["--head-ellipse", "200,150,0,100"], "radii"),
            (vec!["--head-ellipse", "200,150,nan,100"], "--head-ellipse"),
            (
                vec!["--head-ellipse", "900,150,100,100"],
                "not on the 400 × 300 photo",
            ),
            (vec!["--head-ellipse", "200,150,5000,100"], "larger"),
        ],
        true,
    );
    // add-view refuses the same way and leaves the project as it was.
    case.fails(
        &[
            "add-view",
            "p.ron",
            "photo.png",
            "--name",
            "Top",
            "--head-ellipse",
            "1,2",
        ],
        "--head-ellipse",
    );
}

#[test]
fn bad_face_guides_fail_in_one_line_and_change_nothing() {
    let eyes = "120,170,280,170";
    refuses(
        &[
            (
                vec!["--glabella", "200,150", "--hairline", "natural"],
                "--eye-corners",
            ),
            (
                vec!["--glabella", "200,150", "--eye-corners", eyes],
                "--hairline",
            ),
            (vec!["--hairline-height-mm", "80"], "--glabella"),
            (
                face("200,150", eyes, &["--hairline-height-mm", "300"]),
                "--hairline-height-mm",
            ),
            (face("200,150", eyes, &["--hairline-height-mm", "-5"]), "-5"),
            (face("200,150", "120,170,120,170", &[]), "same point"),
            (face("20,150", eyes, &[]), "between"),
            (face("200", eyes, &[]), "--glabella"),
            (face("200,150", "120,170,280,9170", &[]), "--eye-corners"),
            // A head too small for a hairline 80 mm up (at 8 px/mm it is 10 mm tall).
            (
                face("200,150", eyes, &["--head-ellipse", "200,150,90,40"]),
                "beyond the head's outline",
            ),
            (
                face("200,150", eyes, &["--head-ellipse", "200,40,90,30"]),
                "outside the head ellipse",
            ),
        ],
        true,
    );
}

#[test]
fn bad_iris_calibrations_fail_in_one_line_and_change_nothing() {
    refuses(
        &[
            (vec!["--iris", "10,10,10,10"], "--iris"),
            (vec!["--iris", "10,10,130"], "--iris"),
            (
                vec!["--iris", "10,10,130,10", "--px-per-mm", "8"],
                "--px-per-mm",
            ),
            (
                vec!["--iris", "10,10,130,10", "--iris-mm", "30"],
                "--iris-mm",
            ),
            (vec!["--iris-mm", "12"], "--iris"),
            (
                vec!["--iris", "10,10,1300,10"],
                "not on the 400 × 300 photo",
            ),
        ],
        false,
    );
}

// ---------------------------------------------------------------------------------------------
// The project file, version 4

/// The photo the version 3 golden was rendered on.
fn golden_photo() -> RgbImage {
    RgbImage::from_fn(240, 180, |x, y| {
        Rgb([
            200 - (x % 7) as u8,
            165 - (y % 5) as u8,
            140 + ((x + y) % 3) as u8,
        ])
    })
}

const V3: &str = include_str!("fixtures/v3-front.ron");

#[test]
fn a_version_3_project_renders_exactly_as_version_3_did_and_saves_as_5() {
    let dir = tempfile::tempdir().expect("temp dir");
    golden_photo()
        .save(dir.path().join("photo.png"))
        .expect("photo");
    let path = dir.path().join("p.ron");
    std::fs::write(&path, V3).expect("write project");
    let mut p = Project::load(&path).expect("a version 3 project loads");
    assert_eq!(p.version, CURRENT_VERSION);
    assert!(p.view().head.is_none() && p.view().face.is_none());
    p.resolve_photos(&path);
    let photo = photo::load(&p.view().photo).expect("photo");
    let out = render_full(
        photo.clone(),
        &Scene::for_photo(&p, &photo).expect("a scene"),
    );
    let golden_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/v3-front.png");
    let golden = image::open(&golden_path).expect("golden").to_rgb8();
    let changed = out
        .pixels()
        .zip(golden.pixels())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(out.dimensions(), golden.dimensions());
    assert_eq!(
        changed, 0,
        "{changed} pixels differ from what version 3 drew"
    );
    assert_ne!(out, photo, "the golden shows dots");
    p.save(&path).expect("save");
    let text = std::fs::read_to_string(&path).expect("text");
    assert!(text.contains("version: 5,"), "{text}");
    let again = Project::load(&path).expect("reloads");
    assert_eq!(again.view().layers, p.view().layers);
}

#[test]
fn older_versions_load_flat() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    let v1 = r#"(version: 1, photo: "a.jpg", scale: (px_per_mm: 5.0, calibrated: false), layers: [(name: "D", density: 90.0, dot_mm: 0.2, dilution: 8.0, seed: 4)])"#;
    let v2 = r#"(version: 2, views: [(name: "Top", photo: "a.jpg", scale: (px_per_mm: 5.0, calibrated: true), layers: [(name: "D", density: 90.0, dot_mm: 0.2, dilution: 8.0, seed: 4)])])"#;
    for text in [v1, v2, V3] {
        std::fs::write(&path, text).expect("write");
        let p = Project::load(&path).expect("loads");
        assert_eq!(p.version, CURRENT_VERSION);
        assert!(p.views.iter().all(|v| v.head.is_none() && v.face.is_none()));
    }
}

fn v4(view_extra: &str) -> String {
    format!(
        r#"(version: 4, views: [(name: "Front", photo: "a.jpg", scale: (px_per_mm: 5.0, calibrated: true), {view_extra} layers: [(name: "D", density: 90.0, dot_mm: 0.2, dilution: 8.0, seed: 4)])])"#
    )
}

#[test]
fn version_4_round_trips_the_head_and_the_guides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    let text = v4(
        "head: Some((centre: (500.0, 600.0), radii: (400.0, 520.0))), face: Some((glabella: \
         (500.0, 700.0), eye_corners: ((300.0, 730.0), (700.0, 730.0)), hairline_height_mm: \
         85.0)),",
    );
    std::fs::write(&path, &text).expect("write");
    let p = Project::load(&path).expect("loads");
    let view = p.view();
    assert_eq!(view.head.map(|h| h.radii), Some([400.0, 520.0]));
    assert_eq!(view.face.map(|f| f.hairline_height_mm), Some(85.0));
    p.save(&path).expect("save");
    assert_eq!(Project::load(&path).expect("reloads"), p);
    // The height may be left out: 80 mm.
    std::fs::write(
        &path,
        v4("face: Some((glabella: (5.0, 7.0), eye_corners: ((3.0, 7.3), (7.0, 7.3)))),"),
    )
    .expect("write");
    let p = Project::load(&path).expect("loads");
    assert_eq!(p.view().face.map(|f| f.hairline_height_mm), Some(80.0));
}

#[test]
fn bad_head_and_guide_fields_are_refused_with_their_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    for (extra, names) in [
        (
            "head: Some((centre: (1.0, 2.0), radii: (3.0, 4.0), tilt: 5.0)),",
            "tilt",
        ),
        (
            "head: Some((centre: (1.0, 2.0), radii: (0.0, 40.0))),",
            "head ellipse radii",
        ),
        (
            "head: Some((centre: (1.0, 2.0), radii: (-30.0, 40.0))),",
            "head ellipse radii",
        ),
        (
            "head: Some((centre: (1e30, 2.0), radii: (30.0, 40.0))),",
            "head ellipse centre",
        ),
        (
            "head: Some((centre: (1.0, NaN), radii: (30.0, 40.0))),",
            "head ellipse centre",
        ),
        ("head: Some((centre: (1.0, 2.0))),", "radii"),
        (
            "face: Some((glabella: (inf, 7.0), eye_corners: ((3.0, 7.3), (7.0, 7.3)))),",
            "glabella",
        ),
        (
            "face: Some((glabella: (5.0, 7.0), eye_corners: ((3.0, 7.3), (3.0, 7.3)))),",
            "eye corners",
        ),
        (
            "face: Some((glabella: (5.0, 7.0), eye_corners: ((3.0, 7.3), (7.0, 7.3)), hairline_height_mm: 500.0)),",
            "hairline height",
        ),
        (
            "face: Some((glabella: (5.0, 7.0), eyes: ((3.0, 7.3), (7.0, 7.3)))),",
            "eyes",
        ),
    ] {
        std::fs::write(&path, v4(extra)).expect("write");
        let err = Project::load(&path).expect_err(extra).to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(names) && err.contains("p.ron"),
            "{extra}: {err}"
        );
    }
}

#[test]
fn the_documented_example_project_loads() {
    let doc = include_str!("../docs/PROJECT-FORMAT.md");
    let start = doc.find("```ron\n").expect("an example") + 7;
    let end = start + doc[start..].find("```").expect("its end");
    let p = Project::from_ron(&doc[start..end], Path::new("example.ron")).expect("it loads");
    assert_eq!(p.version, CURRENT_VERSION);
    assert!(p.view().head.is_some() && p.view().face.is_some());
}

#[test]
fn a_reduced_copy_rescales_the_head_and_the_guides() {
    use follicle::engine::project::ReducedCopy;
    let mut view = project(10.0, 100.0, None).views.remove(0);
    view.head = Some(HeadShape {
        centre: [1000.0, 800.0],
        radii: [600.0, 700.0],
    });
    view.face = Some(guides());
    let full = view.clone();
    view.show_reduced(ReducedCopy {
        inside: PathBuf::from("mockup.png"),
        full_size: (4000, 3000),
        size: (1000, 750),
        jpeg: std::sync::Arc::from(Vec::new()),
    });
    assert_eq!(
        view.head,
        Some(HeadShape {
            centre: [250.0, 200.0],
            radii: [150.0, 175.0]
        })
    );
    let face = view.face.expect("guides");
    assert_eq!(face.glabella, [250.0, 275.0]);
    assert_eq!(face.eye_corners, [[140.0, 290.0], [360.0, 290.0]]);
    assert_eq!(face.hairline_height_mm, 80.0);
    // The guides put the hairline at the same place on the copy, in millimetres.
    let on_copy =
        place_guides(&face, view.head.as_ref(), view.scale.px_per_mm, None).expect("copy");
    let on_full = place_guides(&guides(), full.head.as_ref(), 10.0, None).expect("full");
    assert!((on_copy.mid_frontal[1] * 4.0 - on_full.mid_frontal[1]).abs() < 2.0);
    assert_eq!(view.at_full_size().head, full.head);
    assert_eq!(view.at_full_size().face, full.face);
}
