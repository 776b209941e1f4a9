// Workbench log lines that are expected offline and say nothing about Revise. They stay in
// automation.log; stdout shows the rest (mocha's report, Revise's own output, real errors).
const patterns = [
  /ENOTFOUND|EAI_AGAIN|getaddrinfo/,
  /open-vsx|marketplace|gallery/i,
  /vsda/,
  /serviceWorker|service worker/i,
  /Failed to load resource: the server responded with a status of 404/,
  /github-authentication|GitHub auth|\[github\]/i,
  /Extension host agent|\[Extension Host\] (Started|Stopped)/,
  /^\s*$/,
  /Ignoring the error while validating workspace folder/,
  /Settings Sync|UserDataSync|userDataSync/,
  /NLS|nls\.messages/,
  /Long running operations during shutdown/,
  /^\[(trace|debug|info)\]/i,
  /connection token|Creating a socket|reconnection-grace-time|\[AgentHost|AccountPolicyGate/,
  /Creation of workbench contribution|Updating additional builtin extensions cache/,
  /Timed out waiting for authentication provider/,
];

/** Test output, always shown even when it mentions something the patterns above match. */
const testOutput = /AssertionError|^\s*\d+\) |\d+ (passing|failing|pending)|✔/m;

/** True when `line` is known, harmless workbench noise. */
export function isNoise(line) {
  return !testOutput.test(line) && patterns.some((p) => p.test(line));
}
