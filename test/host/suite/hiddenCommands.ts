/**
 * Commands Revise registers on purpose without contributing them in package.json (internal commands
 * invoked from tree items, webview links or other commands, never from the palette). Every other
 * registered `revise.*` command must be contributed, and every contributed one registered.
 */
export const hiddenCommands: readonly string[] = [];
