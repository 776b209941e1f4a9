# Installs, on demand, the real coding-agent CLIs the real-agent tests drive, into the same per-user cache as
# the VS Code host tools (test/host/tools.sh: one atomic npm install per tool, one installer at a time).
# Never part of `npm ci`: the CLIs are large and only these tests need them. Non-interactive (CI=true, no
# stdin). Sourced by scripts/test.mjs's step, or run directly; sets CLAUDE_BIN and CODEX_BIN.
#
# Versions are pinned so every machine tests the same CLIs; the README's Tests section names them.
# @anthropic-ai/claude-code ships its native binary through optional dependencies (one per platform), as
# does @openai/codex, so the install must not pass --omit=optional.

AGENTS_TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../host/tools.sh
source "$AGENTS_TOOLS_DIR/../host/tools.sh"

CLAUDE_CODE_VERSION=2.1.197
CODEX_VERSION=0.171.0
CLAUDE_DIR="$HOST_CACHE/agents-claude-code-$CLAUDE_CODE_VERSION"
CODEX_DIR="$HOST_CACHE/agents-codex-$CODEX_VERSION"
CLAUDE_BIN="$CLAUDE_DIR/node_modules/.bin/claude"
CODEX_BIN="$CODEX_DIR/node_modules/.bin/codex"

# Gemini CLI, opencode and Qwen Code. Qwen Code 0.15.10 is its newest release that runs on Node 20 (later
# ones need Node 22). opencode ships its native binary through optional dependencies, as Codex does.
GEMINI_CLI_VERSION=0.61.0
OPENCODE_VERSION=1.18.33
QWEN_CODE_VERSION=0.15.10
GEMINI_DIR="$HOST_CACHE/agents-gemini-cli-$GEMINI_CLI_VERSION"
OPENCODE_DIR="$HOST_CACHE/agents-opencode-$OPENCODE_VERSION"
QWEN_DIR="$HOST_CACHE/agents-qwen-code-$QWEN_CODE_VERSION"
GEMINI_BIN="$GEMINI_DIR/node_modules/.bin/gemini"
OPENCODE_BIN="$OPENCODE_DIR/node_modules/.bin/opencode"
QWEN_BIN="$QWEN_DIR/node_modules/.bin/qwen"

# A CLI counts as installed only when it answers --version: a folder whose optional native package did not
# install is reinstalled.
agent_cli_works() { [ -x "$1" ] && "$1" --version </dev/null >/dev/null 2>&1; }

install_agent_clis_unlocked() {
  if ! agent_cli_works "$CLAUDE_BIN"; then
    tools_log "installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION into $CLAUDE_DIR"
    npm_install_atomic "$CLAUDE_DIR" "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" || return 1
    agent_cli_works "$CLAUDE_BIN" || { tools_log "claude installed but does not run: $CLAUDE_BIN"; return 1; }
  fi
  if ! agent_cli_works "$CODEX_BIN"; then
    tools_log "installing @openai/codex@$CODEX_VERSION into $CODEX_DIR"
    npm_install_atomic "$CODEX_DIR" "@openai/codex@$CODEX_VERSION" || return 1
    agent_cli_works "$CODEX_BIN" || { tools_log "codex installed but does not run: $CODEX_BIN"; return 1; }
  fi
}

# One pinned CLI: installed unless it already answers --version.
install_agent_cli() {
  local name=$1 dir=$2 bin=$3 spec=$4
  agent_cli_works "$bin" && return 0
  tools_log "installing $spec into $dir"
  npm_install_atomic "$dir" "$spec" || return 1
  agent_cli_works "$bin" || { tools_log "$name installed but does not run: $bin"; return 1; }
}

install_more_agent_clis_unlocked() {
  install_agent_cli gemini "$GEMINI_DIR" "$GEMINI_BIN" "@google/gemini-cli@$GEMINI_CLI_VERSION" &&
    install_agent_cli opencode "$OPENCODE_DIR" "$OPENCODE_BIN" "opencode-ai@$OPENCODE_VERSION" &&
    install_agent_cli qwen "$QWEN_DIR" "$QWEN_BIN" "@qwen-code/qwen-code@$QWEN_CODE_VERSION"
}

install_agent_clis() {
  with_install_lock install_agent_clis_unlocked && with_install_lock install_more_agent_clis_unlocked
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  install_agent_clis
  echo "CLAUDE_BIN=$CLAUDE_BIN"
  echo "CODEX_BIN=$CODEX_BIN"
  echo "GEMINI_BIN=$GEMINI_BIN"
  echo "OPENCODE_BIN=$OPENCODE_BIN"
  echo "QWEN_BIN=$QWEN_BIN"
fi
