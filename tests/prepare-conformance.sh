# Sourced by tests/run. Prepares the ADL LRS conformance suite (../shared/tools/lrs-conformance-test-suite, source
# only) with its npm dependencies in a cache directory, and exports MICROCRED_ADL_SUITE for the conformance tests.
# Without node or npm the conformance tests fail rather than skip.

suite_source="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/tools/lrs-conformance-test-suite"
if [ ! -d "$suite_source" ]; then
  echo "The ADL conformance suite is missing at $suite_source"
  return 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: installing it (apt-get install -y nodejs npm)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) || { echo "could not install npm"; return 1; }
fi

suite_hash=$(cd "$suite_source" && find . -type f -not -path './node_modules/*' -not -path './logs/*' -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
export MICROCRED_ADL_SUITE="${XDG_CACHE_HOME:-$HOME/.cache}/microcred/adl-suite-$suite_hash"
if [ ! -d "$MICROCRED_ADL_SUITE/node_modules" ]; then
  rm -rf "$MICROCRED_ADL_SUITE" && mkdir -p "$(dirname "$MICROCRED_ADL_SUITE")"
  cp -r "$suite_source" "$MICROCRED_ADL_SUITE"
  (cd "$MICROCRED_ADL_SUITE" && npm install --no-audit --no-fund --loglevel=error >/dev/null) \
    || { echo "npm install of the ADL suite failed"; rm -rf "$MICROCRED_ADL_SUITE"; return 1; }
fi
rm -rf "$MICROCRED_ADL_SUITE/logs"
echo "ADL conformance suite ready in $MICROCRED_ADL_SUITE"
