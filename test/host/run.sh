#!/usr/bin/env bash
# Runs Revise's host suites (test/host/suite/*.test.ts) inside a real VS Code extension host.
#
#   bash test/host/run.sh [driver options...]      e.g. --e2e test/e2e/clickApprove.mjs, --env K=V
#
# REVISE_HOST_RUNNER=server (default): the VS Code server of code-server + headless Chromium; works
#   offline once installed. Missing tools are installed on demand into REVISE_HOST_CACHE
#   (default ~/.cache/revise/host); Debian packages through apt-get when missing.
# REVISE_HOST_RUNNER=electron: @vscode/test-electron, which downloads desktop VS Code (needs network
#   and a display or xvfb). Same suites, same environment variables.
# HOST_TEST_GREP=<regexp> runs only the tests whose full title matches.
# REVISE_HOST_TIMEOUT=<seconds> (default 300) stops a hung host; REVISE_HOST_KEEP=1 keeps the run folder.
set -euo pipefail
exec </dev/null

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNNER=${REVISE_HOST_RUNNER:-server}
started=$SECONDS
case "$RUNNER" in
  server | electron) ;;
  *)
    echo "host: REVISE_HOST_RUNNER must be server or electron, got '$RUNNER'" >&2
    exit 2
    ;;
esac

# The extension under test. The full build is `npm run build`; a tree whose other bundles are not
# written yet still gets its extension bundle, which is all the host needs.
if [ ! -f dist/extension.js ] || [ "${REVISE_HOST_SKIP_BUILD:-0}" != 1 ]; then
  mkdir -p .test-artifacts
  if ! REVISE_BUILD_QUIET=1 node esbuild.mjs >.test-artifacts/host-build.log 2>&1; then
    echo "host: full build failed ($(grep -m1 -o 'ERROR.*' .test-artifacts/host-build.log || echo 'see npm run build')); building the extension bundles alone" >&2
    # The entry and the two bundles it loads on first use (src/extension/chunks.ts).
    node_modules/.bin/esbuild extension=src/extension/extension.ts engine=src/engine/index.ts languageClient=src/extension/findingsConnection.ts \
      --bundle --platform=node --format=cjs --target=node20 --external:vscode --sourcemap=linked --outdir=dist --log-level=warning
  fi
fi
node test/host/build.mjs

[ "$RUNNER" = electron ] && exec node test/host/electron.mjs "$@"

# shellcheck source=test/host/tools.sh
source "$ROOT/test/host/tools.sh"
install_host_tools
export CODE_SERVER_DIR PLAYWRIGHT_DIR CHROMIUM

PIDS_FILE=$(mktemp "${TMPDIR:-/tmp}/revise-host-pids.XXXXXX")
driver_pid=

# Backstop: if the driver dies without cleaning up (SIGKILL, crash), stop what it recorded it started.
# The driver removes the file after its own cleanup, so a normal run kills nothing here.
backstop() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  if [ -s "$PIDS_FILE" ]; then
    # Lines are PIDs (process-group leaders), then the driver's run folder.
    local pids=() line run_dir=
    while read -r line; do
      case "$line" in
        [0-9]*) pids+=("$line") ;;
        /tmp/* | "${TMPDIR:-/tmp}"/*) run_dir=$line ;;
      esac
    done <"$PIDS_FILE"
    if [ ${#pids[@]} -gt 0 ]; then
      for line in "${pids[@]}"; do kill -TERM -- "-$line" "$line" 2>/dev/null || true; done
      sleep 2 # grace period for the TERMed processes before the KILL below
      for line in "${pids[@]}"; do kill -KILL -- "-$line" "$line" 2>/dev/null || true; done
    fi
    [ -n "${run_dir:-}" ] && rm -rf -- "$run_dir"
  fi
  rm -f "$PIDS_FILE"
  exit "$status"
}
trap backstop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

"$NODE24" test/host/driver.mjs --pids-file "$PIDS_FILE" "$@" &
driver_pid=$!
set +e
wait "$driver_pid"
status=$?
set -e
driver_pid=
echo "host: finished in $((SECONDS - started))s (exit $status)"
exit "$status"
