#!/usr/bin/env bash
# Speed goal 4: the whole `follicle render` of a 24 MP JPEG project (~500,000 dots) to PNG must take
# at most 0.25 × the time ImageMagick takes merely to convert the same JPEG to PNG, with a peak
# memory of at most 3 × the decoded RGBA photo (6000 × 4000 × 4 = 96 MB → 288 MB). The hand-over
# goal for PNG writing is measured too when libvips is installed (apt-get install -y
# libvips-tools): the whole render no slower than `vips copy photo.jpg out.png[compression=1]`,
# and the PNG no larger than 1.1 × libvips' compression-1 PNG of the same rendered image.
#
#   bash benches/render_vs_imagemagick.sh            # 5 timed runs of each command
#   RUNS=10 bash benches/render_vs_imagemagick.sh
#
# Needs hyperfine (apt-get install -y hyperfine; without it the runs are timed by this script),
# GNU time at /usr/bin/time (apt-get install -y time) and ImageMagick at /usr/bin/convert.
# Everything it writes goes to target/tmp/follicle-bench/ (the photo is made, never downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
CONVERT=${CONVERT:-/usr/bin/convert}
LIMIT_RATIO=0.25
# 3 × 96,000,000 bytes, in the KiB GNU time reports.
LIMIT_RSS_KIB=$((3 * 6000 * 4000 * 4 / 1024))

for tool in "$CONVERT" /usr/bin/time jq; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

cargo build --release --no-default-features
BIN=${CARGO_TARGET_DIR:-target}/release/follicle
# The bench binary writes the deterministic test JPEG (sample::scalp_photo, quality 90) once.
JPEG=$(FOLLICLE_BENCH_PREPARE_ONLY=1 cargo bench --no-default-features --bench engine 2>/dev/null | tail -n 1)
[ -f "$JPEG" ] || { echo "no test photo at '$JPEG'" >&2; exit 1; }
WORK=$(dirname "$JPEG")
PROJECT=$WORK/project.ron
# The full shaved look's needle (3RL, 0.30 mm), as the built-in preset sets it.
"$BIN" new "$JPEG" -o "$PROJECT" --px-per-mm 10 --density 210 --needle 3rl --needle-mm 0.30 \
    --shade 8:1 --seed 7 --force
DOTS=$("$BIN" info "$PROJECT" | jq '.layers[0].dots')

PLAIN="$BIN render $PROJECT -o $WORK/plain.png --plain --force"
CAPTIONED="$BIN render $PROJECT -o $WORK/captioned.png --force"
MAGICK="$CONVERT $JPEG $WORK/imagemagick.png"

echo "photo: $JPEG ($(stat -c %s "$JPEG") bytes), 6000×4000, $DOTS dots"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"

# Mean and min seconds of each command, in the order plain, captioned, imagemagick.
declare -a MEAN MIN
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
        -n follicle-plain "$PLAIN" -n follicle-captioned "$CAPTIONED" -n imagemagick "$MAGICK"
    for i in 0 1 2; do
        MEAN[i]=$(jq ".results[$i].mean" "$WORK/hyperfine.json")
        MIN[i]=$(jq ".results[$i].min" "$WORK/hyperfine.json")
    done
else
    i=0
    for cmd in "$PLAIN" "$CAPTIONED" "$MAGICK"; do
        $cmd >/dev/null
        times=()
        for _ in $(seq "$RUNS"); do
            start=$(date +%s.%N)
            $cmd >/dev/null
            times+=("$(echo "$(date +%s.%N) - $start" | bc -l)")
        done
        MEAN[i]=$(printf '%s\n' "${times[@]}" | awk '{s += $1} END {print s / NR}')
        MIN[i]=$(printf '%s\n' "${times[@]}" | sort -g | head -n 1)
        i=$((i + 1))
    done
fi

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
# shellcheck disable=SC2086 # the commands are meant to be split into words
RSS=("$(rss $PLAIN)" "$(rss $CAPTIONED)" "$(rss $MAGICK)")

echo
if command -v vips >/dev/null; then
    VIPS_PHOTO="vips copy $JPEG $WORK/vips-photo.png[compression=1]"
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/vips.json" \
            -n follicle-plain "$PLAIN" -n vips-photo "$VIPS_PHOTO"
        OURS=$(jq ".results[0].mean" "$WORK/vips.json")
        VIPS=$(jq ".results[1].mean" "$WORK/vips.json")
        vips copy "$WORK/plain.png" "$WORK/vips-render.png[compression=1]"
        SIZE_OURS=$(stat -c %s "$WORK/plain.png")
        SIZE_VIPS=$(stat -c %s "$WORK/vips-render.png")
        printf '\nPNG: whole render %.3f s against vips copy of the photo %.3f s (%.2f ×, limit 1);\n' \
            "$OURS" "$VIPS" "$(echo "$OURS / $VIPS" | bc -l)"
        printf 'file %d bytes against vips compression=1 of the same image %d bytes (%.3f ×, limit 1.1)\n' \
            "$SIZE_OURS" "$SIZE_VIPS" "$(echo "$SIZE_OURS / $SIZE_VIPS" | bc -l)"
    fi
fi

echo "| command | mean s | min s | mean ÷ ImageMagick | limit | max RSS MB | limit MB | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
names=("follicle render --plain" "follicle render (captioned)" "convert in.jpg out.png")
for i in 0 1 2; do
    ratio=$(echo "${MEAN[i]} / ${MEAN[2]}" | bc -l)
    mb=$(echo "${RSS[i]} * 1024 / 1000000" | bc -l)
    if [ "$i" -lt 2 ]; then
        ok_time=$(echo "$ratio <= $LIMIT_RATIO" | bc -l)
        ok_mem=$([ "${RSS[i]}" -le "$LIMIT_RSS_KIB" ] && echo 1 || echo 0)
        verdict="time $([ "$ok_time" = 1 ] && echo pass || echo FAIL), memory $([ "$ok_mem" = 1 ] && echo pass || echo FAIL)"
        printf '| %s | %.3f | %.3f | %.3f | ≤ %s | %.0f | ≤ 288 | %s |\n' \
            "${names[i]}" "${MEAN[i]}" "${MIN[i]}" "$ratio" "$LIMIT_RATIO" "$mb" "$verdict"
    else
        printf '| %s | %.3f | %.3f | 1 | | %.0f | | reference |\n' \
            "${names[i]}" "${MEAN[i]}" "${MIN[i]}" "$mb"
    fi
done
