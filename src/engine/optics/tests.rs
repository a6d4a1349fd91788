//! Tests of the parent module.

use super::*;

#[test]
fn apparent_spots_match_photographs_of_healed_smp() {
    // Measured: 0.32–0.40 mm at half darkness; the finest needle a little under.
    for (needle, mm) in [
        (Needle::RL1, 0.25),
        (Needle::RL3, 0.25),
        (Needle::RL3, 0.30),
    ] {
        let spot = apparent_spot_mm(needle, deposit_mm(mm));
        assert!((0.31..=0.41).contains(&spot), "{needle:?} {mm}: {spot}");
    }
    assert!(apparent_spot_mm(Needle::RL1, deposit_mm(0.18)) > 0.28);
    assert!(
        apparent_spot_mm(Needle::RL3, 0.165) > apparent_spot_mm(Needle::RL1, 0.165),
        "3RL is bolder"
    );
}

#[test]
fn darker_skin_shows_the_pigment_less() {
    let fair = SkinOptics::for_tone(&SkinTone::from_srgb([232, 196, 178]));
    let brown = SkinOptics::for_tone(&SkinTone::from_srgb([150, 105, 80]));
    let dark = SkinOptics::for_tone(&SkinTone::from_srgb([75, 50, 38]));
    assert!(fair.visibility > 0.85, "{fair:?}");
    assert!(brown.visibility < fair.visibility - 0.1, "{brown:?}");
    assert!(dark.visibility < brown.visibility - 0.1, "{dark:?}");
    assert!(
        dark.visibility > 0.3,
        "dots still show on very dark skin: {dark:?}"
    );
}

#[test]
fn more_water_less_darkening_and_needles_parse() {
    let dark = darkening_mm2(Needle::RL3, 0.165, 6.0, Stage::Healed, 1.0);
    let light = darkening_mm2(Needle::RL3, 0.165, 20.0, Stage::Healed, 1.0);
    assert!(light < dark * 0.8, "{light} vs {dark}");
    assert!(darkening_mm2(Needle::RL1, 0.165, 6.0, Stage::Healed, 1.0) < dark * 0.5);
    // Scar tissue keeps less pigment; a darker shade makes up for it.
    let scar = darkening_mm2(Needle::RL3, 0.165, 6.0, Stage::Healed, 0.5);
    assert!(scar < dark);
    let kept = 0.5;
    let d = dilution_for_opacity(deposit_opacity(10.0, Stage::Healed, 1.0), kept);
    assert!(
        (deposit_opacity(d, Stage::Healed, kept) - deposit_opacity(10.0, Stage::Healed, 1.0)).abs()
            < 1e-4
    );
    assert_eq!(Needle::parse("3rl"), Some(Needle::RL3));
    assert_eq!(Needle::parse(" 1RL "), Some(Needle::RL1));
    assert_eq!(Needle::parse("5RL"), None);
}

#[test]
fn scar_shade_compensates_retention_and_lighter_tissue() {
    // Same tissue, full retention: the same dilution.
    assert!((matching_dilution(10.0, 1.0, 0.5, 0.5) - 10.0).abs() < 0.01);
    // Lower retention needs darker ink (less water).
    let low = matching_dilution(10.0, 0.5, 0.5, 0.5);
    assert!(low < 8.0, "{low}");
    // Lighter scar tissue needs darker ink still.
    assert!(matching_dilution(10.0, 0.5, 0.5, 0.7) < low);
    // Whatever the numbers, the answer stays a dilution Follicle accepts.
    assert_eq!(
        matching_dilution(10.0, 0.05, 0.1, 1.0),
        *DILUTION_RANGE.start()
    );
}
