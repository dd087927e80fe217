#!/usr/bin/env bash
# Guidepost's one build script.
#   ./build.sh          validate the shipped guideline packs, then build the extension into dist/
#                       (and dist.zip beside it)
#   ./build.sh test     build, then run every test: the extension's types (tsc), Rust, the wasm
#                       boundary, the settings, locales and modules, the browser tests, web-ext lint
#                       (dist/ as Firefox sees it), and a minute of fuzzing for each fuzz target
#   ./build.sh demo     build, then open Chromium with Guidepost on the three real-editor compose
#                       boxes (local fixtures); without a display, write screenshots instead
#   ./build.sh release  build, then write the store packages into release/ (Chrome zip, Firefox xpi),
#                       each validated, with the store listing in en/fi/sv and its screenshots
#   ./build.sh train    retrain the learned layer from tests/corpus and write src/model/weights.bin
#                       (a test fails until the retrained weights are committed)
#   ./build.sh fuzz     only the fuzzing of ./build.sh test
#   ./build.sh bench    build, then measure the speed budgets (criterion, wasm under Node, Chromium)
#                       and what the .wasm is made of, and write bench/results.md; 9 to 12 minutes
#                       on two cores, a minute of it the probe waiting before it reads memory
# It installs what is missing on a fresh machine: the wasm32 target, the wasm-bindgen CLI that
# matches the pinned crate, the npm packages from package-lock.json, Debian's Chromium and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
  local wanted
  wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wanted" ]; then
    log "installing wasm-bindgen-cli $wanted (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$wanted" --locked
  fi
}

build_wasm() {
  log "building the checker for wasm"
  cargo build --release --locked --target wasm32-unknown-unknown --lib
  rm -rf target/bindgen
  # An ES module, imported by the service worker (background.js), with its TypeScript types
  # (guidepost.d.ts, from src/wasm.rs) for tsc to check the extension's JS against.
  wasm-bindgen --target web --out-dir target/bindgen/web target/wasm32-unknown-unknown/release/guidepost.wasm
  # The same .wasm again, with Node glue, for the boundary tests and benchmarks.
  wasm-bindgen --target nodejs --no-typescript --out-dir target/bindgen/node target/wasm32-unknown-unknown/release/guidepost.wasm
  # The repository's package.json makes .js files ES modules; this glue is CommonJS.
  echo '{ "type": "commonjs" }' > target/bindgen/node/package.json
}

# The extension's sources are ES modules (extension/). esbuild bundles each entry point with what
# it imports: the content script as a classic script (content scripts cannot be modules), the
# service worker and the popup as modules. The checker's glue (guidepost.js) stays a file of its
# own beside the worker, which imports it. The import graphs go to target/bundle/*.meta.json.
bundle() {
  log "bundling the extension"
  mkdir -p target/bundle
  local common=(--bundle --charset=utf8 --target=chrome120,firefox140 --log-level=warning)
  npx --no-install esbuild extension/content/main.js "${common[@]}" --format=iife --outfile=dist/content.js --metafile=target/bundle/content.meta.json
  npx --no-install esbuild extension/background.js "${common[@]}" --format=esm --external:./guidepost.js --outfile=dist/background.js --metafile=target/bundle/background.meta.json
  npx --no-install esbuild extension/popup/popup.js "${common[@]}" --format=esm --outfile=dist/popup/popup.js --metafile=target/bundle/popup.meta.json
}

assemble() {
  log "assembling dist/"
  rm -rf dist dist.zip
  mkdir -p dist/popup
  # The version lives in one place, Cargo.toml; the manifest in dist/ gets it from there.
  local version
  version=$(awk -F '"' '/^version = / { print $2; exit }' Cargo.toml)
  python3 -c 'import json, sys; m = json.load(open("manifest.json")); m = {"version": sys.argv[1], **m}; json.dump(m, open("dist/manifest.json", "w"), indent=2, ensure_ascii=False)' "$version"
  cp -R extension/_locales extension/icons extension/managed_schema.json dist/
  cp extension/popup/popup.html extension/popup/popup.css dist/popup/
  bundle
  cp target/bindgen/web/guidepost.js target/bindgen/web/guidepost_bg.wasm dist/
  (cd dist && python3 -m zipfile -c ../dist.zip ./*)
  local raw gzipped
  raw=$(wc -c < dist/guidepost_bg.wasm)
  gzipped=$(gzip -9c dist/guidepost_bg.wasm | wc -c)
  log "dist/ is ready (wasm: $raw bytes, $gzipped gzipped); load it as an unpacked extension"
}

ensure_node_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
}

# Firefox for its browser tests (tests/e2e/firefox.test.mjs), Debian's ESR: never a downloaded one.
ensure_firefox() {
  if [ ! -x /usr/bin/firefox-esr ]; then
    log "installing Debian's firefox-esr"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr
  fi
}

# The built-in pack, and Kela's that ships as an example, get exactly the validation an
# organisation's pack gets (`guidepost pack-test`: decoded, compiled, every example run) before
# anything is built from them: a broken pack fails the build with its file, line and column, so
# the extension never ships one. build.rs decodes the built-in pack into its compact binary form
# (src/binary.rs), which the checker reads at start-up without a TOML parser, and compiles its
# rules once like any other pack's.
validate_packs() {
  log "validating the shipped guideline packs"
  cargo build --locked --quiet --bin guidepost
  local pack
  for pack in guidelines/helsinki.toml guidelines/kela.toml; do
    target/debug/guidepost pack-test "$pack"
  done
}

build() {
  ensure_rust_tools
  ensure_node_packages
  validate_packs
  build_wasm
  assemble
}

run_tests() {
  build
  typecheck
  log "Rust tests"
  cargo test --locked
  ensure_chromium
  ensure_firefox
  log "wasm boundary, manifest and browser tests (Chromium and Firefox)"
  node --test --test-concurrency=1 tests/manifest.test.mjs tests/wasm/ tests/extension/ tests/e2e/
  lint_for_firefox
  fuzz
}

# The extension's JS against the DOM, chrome.* and the checker's types from src/wasm.rs (tsconfig.json).
typecheck() {
  log "type-checking the extension (tsc)"
  npx --no-install tsc -p tsconfig.json
}

# The fuzz targets (fuzz/), 60 s each, seeded from the labelled posts and the packs. cargo-fuzz
# needs nightly's -Z flags: the nightly toolchain where one is installed, else stable with
# RUSTC_BOOTSTRAP=1. A crash (or a timeout, or running out of memory) fails the build, and its
# input is copied into fuzz/regressions/<target>/, which `cargo test` replays from then on.
fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz (under a minute, once)"
    cargo install cargo-fuzz --locked
  fi
  local toolchain=()
  if rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
  else
    export RUSTC_BOOTSTRAP=1
  fi
  fuzz_seeds target/fuzz-seeds
  local name
  for name in check pack; do
    log "fuzzing $name for 60 s (${toolchain[*]:-stable with RUSTC_BOOTSTRAP=1})"
    rm -rf "fuzz/artifacts/$name"
    mkdir -p "fuzz/corpus/$name"
    if ! (cd fuzz && cargo "${toolchain[@]}" fuzz run "$name" "corpus/$name" "../target/fuzz-seeds/$name" -- \
        -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1); then
      if compgen -G "fuzz/artifacts/$name/*" >/dev/null; then
        cp fuzz/artifacts/"$name"/* "fuzz/regressions/$name/"
        log "fuzz target $name failed; its input is now in fuzz/regressions/$name/ (fix the bug, commit the input)"
      fi
      return 1
    fi
  done
}

# One seed file per post of the labelled corpus (not the sealed fresh set) for `check`, and the
# packs for `pack`.
fuzz_seeds() {
  rm -rf "$1" && mkdir -p "$1/check" "$1/pack"
  cp guidelines/*.toml "$1/pack/"
  python3 - "$1/check" tests/corpus/*.jsonl tests/corpus/train/*.jsonl <<'PY'
import hashlib, json, pathlib, sys
out = pathlib.Path(sys.argv[1])
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            text = json.loads(line)["text"].encode("utf-8")
            (out / hashlib.sha1(text).hexdigest()).write_bytes(text)
PY
}

# dist/ as Firefox sees it. Offline: no update check, no config discovery; the linter's schemas
# ship in the package. Warnings (Firefox ignores background.service_worker) do not fail the build.
lint_for_firefox() {
  log "web-ext lint (Firefox)"
  NO_UPDATE_NOTIFIER=1 npx --no-install web-ext lint --source-dir dist --no-config-discovery --output text
}

run_demo() {
  build
  ensure_chromium
  log "the demo: Guidepost on the three compose boxes"
  node tests/e2e/demo.mjs
}

run_bench() {
  build
  ensure_chromium
  local since
  since=$(date +%s)
  log "native benchmarks (criterion)"
  # Unwind, as benches do: with release's panic = "abort", cargo builds the library twice under one
  # name (for the CLI it also builds, and for the bench) and the build fails now and then.
  CARGO_PROFILE_RELEASE_PANIC=unwind cargo bench --locked --bench checker
  log "check() in wasm under Node, and the .wasm's size"
  node tests/bench/wasm-bench.mjs --json target/bench/wasm.json
  log "what the .wasm is made of (the same code built again with its function names)"
  CARGO_TARGET_DIR=target/size CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --locked --target wasm32-unknown-unknown --lib
  node tests/bench/wasm-size.mjs target/size/wasm32-unknown-unknown/release/guidepost.wasm --json target/bench/wasm-size.json
  log "keystroke latency, start and memory in Chromium"
  node tests/e2e/latency.probe.mjs --json target/bench/latency.json
  node tests/bench/report.mjs --since "$since" --out bench/results.md
}

run_release() {
  build
  ensure_chromium
  log "store packages and listing (release/)"
  node tests/release/package.mjs
}

run_train() {
  log "training the learned layer"
  cargo run --release --locked --bin guidepost -- train
}

case "${1:-build}" in
  build) build ;;
  train) run_train ;;
  release) run_release ;;
  test) run_tests ;;
  bench) run_bench ;;
  demo) run_demo ;;
  fuzz) fuzz ;;
  *) echo "usage: ./build.sh [build|test|train|bench|demo|release|fuzz]" >&2; exit 2 ;;
esac
