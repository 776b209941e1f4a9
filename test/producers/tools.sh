# Installs, on demand, real SARIF producers for the importer's corpus tests, into the per-user tool
# cache beside the VS Code host tools (never into the repository's node_modules, never by `npm ci`).
# One installer at a time (flock); an interrupted install never leaves a half-filled folder.
#
#   bash test/producers/tools.sh      prints the folder whose node_modules/.bin holds the producers
#
# Versions are pinned so every machine writes the same SARIF.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../host/tools.sh
source "$here/../host/tools.sh"

PRODUCER_SPECS=(
  eslint@10.15.0 @microsoft/eslint-formatter-sarif@3.1.0
  @biomejs/biome@2.6.8
  oxlint@1.94.0
  stylelint@16.25.0 stylelint-sarif-formatter@1.0.7
  markdownlint-cli2@0.24.1 markdownlint-cli2-formatter-sarif@0.0.4
)
key=$(printf '%s\n' "${PRODUCER_SPECS[@]}" | sha256sum | cut -c1-12)
PRODUCERS_DIR="$HOST_CACHE/sarif-producers-$key"

mkdir -p "$HOST_CACHE"
(
  flock -w 900 9 || { tools_log "timed out waiting for another install ($HOST_CACHE/.lock)"; exit 1; }
  if [ ! -f "$PRODUCERS_DIR/.complete" ]; then
    tools_log "installing SARIF producers into $PRODUCERS_DIR"
    npm_install_atomic "$PRODUCERS_DIR" "${PRODUCER_SPECS[@]}"
    touch "$PRODUCERS_DIR/.complete"
  fi
) 9>"$HOST_CACHE/.lock" >&2
echo "$PRODUCERS_DIR"
