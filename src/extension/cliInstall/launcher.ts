/**
 * The `revise` launcher that "Revise: Install 'revise' Command in PATH" writes, as VS Code does for
 * `code`: a small script in a user-writable folder on PATH that runs the extension's bundled CLI
 * (dist/cli.js) with the editor's own runtime. The extension host's `process.execPath` is VS Code's
 * Electron binary (or the Node binary of a VS Code server); `ELECTRON_RUN_AS_NODE=1` makes Electron
 * run as plain Node — VS Code's own `bin/code` launcher does exactly this — and real Node ignores it.
 *
 * A launcher carries a marker line, so Revise rewrites and removes only files it wrote. Free of
 * `vscode`, so it is tested under mocha with a real HOME, PATH and child process.
 */
import { constants } from 'node:fs';
import { access, chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';

/** The line every launcher Revise writes carries (after `#` or `rem`). */
export const LAUNCHER_MARKER = 'revise-launcher: written by the Revise extension';

export type LauncherErrorCode =
  /** A file Revise did not write (no marker) is where the launcher goes. */
  | 'launcher-not-ours'
  /** The bundled CLI the launcher would run is missing. */
  | 'launcher-cli-missing'
  /** The folder or file could not be written or removed (permissions, read-only disk). */
  | 'launcher-io';

/** A refused or failed install, with a stable code; the extension words it with a next step. */
export class LauncherError extends Error {
  /** The system error code of a `launcher-io` failure (`EACCES`, `EROFS`, `ENOTDIR`…). */
  readonly errno: string | undefined;

  constructor(
    readonly code: LauncherErrorCode,
    message: string,
    readonly path: string,
    options?: { cause?: unknown; errno?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.errno = options?.errno;
    this.name = 'LauncherError';
  }
}

/** Where and for whom the launcher is installed (from `process`, or a test's temporary HOME). */
export interface LauncherHost {
  platform: NodeJS.Platform;
  home: string;
  /** The PATH (or Path) value. */
  path: string;
  /** `$SHELL`, to name the right startup file when the folder is not on PATH. */
  shell?: string | undefined;
  /** `%LOCALAPPDATA%` on Windows. */
  localAppData?: string | undefined;
}

/** What the launcher runs: the runtime (the host's `process.execPath`) and the CLI bundle. */
export interface LauncherTarget {
  runtime: string;
  cli: string;
}

export interface LauncherPlace {
  /** The folder the launcher is written to. */
  dir: string;
  /** The launcher's path. */
  file: string;
  /** Whether `dir` is on PATH now. */
  onPath: boolean;
  /** When it is not: the exact command that adds it for new terminals. */
  addToPath?: string | undefined;
}

export interface InstallResult extends LauncherPlace {
  /** False when the same launcher was already there. */
  changed: boolean;
  /** An earlier PATH entry's `revise` that a shell finds first (not this launcher), if any. */
  shadowedBy?: string | undefined;
}

const isWindows = (host: LauncherHost): boolean => host.platform === 'win32';
/** Path rules of the host's platform (a test may describe Windows on Linux). */
const pathsOf = (host: LauncherHost): typeof posix => (isWindows(host) ? win32 : posix);
const samePath = (host: LauncherHost, a: string, b: string): boolean => (isWindows(host) ? a.toLowerCase() === b.toLowerCase() : a === b);

/** PATH entries as absolute folders (`~` and empty entries dropped, trailing separators trimmed). */
function pathEntries(host: LauncherHost): string[] {
  const paths = pathsOf(host);
  return host.path
    .split(paths.delimiter)
    .map((p) => p.replace(/^"|"$/g, ''))
    .filter((p) => p && paths.isAbsolute(p))
    .map((p) => paths.resolve(p));
}

/**
 * Where the launcher goes: `~/.local/bin` when it is on PATH, else `~/bin` when that is, else
 * `~/.local/bin` with the command that puts it on PATH (the XDG user folder many distributions
 * already add at login). On Windows `%LOCALAPPDATA%\Revise\bin`, with the PowerShell line that adds
 * it to the user's Path.
 */
export function launcherPlace(host: LauncherHost): LauncherPlace {
  const entries = pathEntries(host);
  const onPath = (dir: string) => entries.some((e) => samePath(host, e, dir));
  if (isWindows(host)) {
    const dir = win32.join(host.localAppData ?? win32.join(host.home, 'AppData', 'Local'), 'Revise', 'bin');
    const file = win32.join(dir, 'revise.cmd');
    if (onPath(dir)) return { dir, file, onPath: true };
    return { dir, file, onPath: false, addToPath: `[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';${dir}', 'User')` };
  }
  const candidates = [join(host.home, '.local', 'bin'), join(host.home, 'bin')];
  const found = candidates.find(onPath);
  if (found) return { dir: found, file: join(found, 'revise'), onPath: true };
  const dir = candidates[0]!;
  return { dir, file: join(dir, 'revise'), onPath: false, addToPath: addToPathCommand(host.shell) };
}

function addToPathCommand(shell: string | undefined): string {
  const name = (shell ?? '').split('/').pop() ?? '';
  if (name === 'fish') return 'fish_add_path ~/.local/bin';
  const rc = name === 'zsh' ? '~/.zshrc' : name === 'bash' ? '~/.bashrc' : '~/.profile';
  return `echo 'export PATH="$HOME/.local/bin:$PATH"' >> ${rc}`;
}

/** The launcher's text for `platform`: the marker, then the runtime running the CLI as Node with every argument. */
export function launcherText(platform: NodeJS.Platform, target: LauncherTarget): string {
  if (platform === 'win32') {
    // As VS Code's bin\code.cmd: a local environment, Electron as Node, the arguments passed on.
    return ['@echo off', `rem ${LAUNCHER_MARKER}; remove it with "Revise: Uninstall 'revise' Command from PATH".`, 'setlocal', 'set ELECTRON_RUN_AS_NODE=1', `"${target.runtime}" "${target.cli}" %*`, 'endlocal', ''].join('\r\n');
  }
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    `# ${LAUNCHER_MARKER}; remove it with "Revise: Uninstall 'revise' Command from PATH".`,
    `cli=${quote(target.cli)}`,
    `runtime=${quote(target.runtime)}`,
    // The extension folder (and a VS Code server's runtime) change with updates; the extension rewrites this file when it starts.
    'for file in "$cli" "$runtime"; do',
    '  if [ ! -f "$file" ]; then',
    `    echo "revise: $file is gone (Revise or VS Code was updated or uninstalled). Run \\"Revise: Install 'revise' Command in PATH\\" in VS Code again." >&2`,
    '    exit 1',
    '  fi',
    'done',
    'ELECTRON_RUN_AS_NODE=1 exec "$runtime" "$cli" "$@"',
    '',
  ].join('\n');
}

/** Whether `file` is a launcher Revise wrote (a regular file with the marker in its first lines); undefined when absent. */
export async function isOurLauncher(file: string): Promise<boolean | undefined> {
  const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (!stat) return undefined;
  if (!stat.isFile()) return false;
  const head = (await readFile(file, 'utf8')).split(/\r?\n/, 3);
  return head.some((line) => line.includes(LAUNCHER_MARKER));
}

/**
 * Write the launcher (see the module comment). Idempotent: the same launcher is left as it is; one
 * Revise wrote for another extension folder is replaced; any other file there is refused
 * (`launcher-not-ours`, nothing written).
 */
export async function installLauncher(host: LauncherHost, target: LauncherTarget): Promise<InstallResult> {
  const place = launcherPlace(host);
  if (!(await exists(target.cli))) throw new LauncherError('launcher-cli-missing', `The Revise CLI ${target.cli} is missing, so there is nothing to launch.`, target.cli);
  const text = launcherText(host.platform, target);
  const ours = await io(place.file, () => isOurLauncher(place.file));
  if (ours === false) throw new LauncherError('launcher-not-ours', `${place.file} exists and was not written by Revise; it was left as it is.`, place.file);
  const shadowedBy = await firstOnPath(host, place);
  if (ours && (await readFile(place.file, 'utf8')) === text) return { ...place, changed: false, ...(shadowedBy ? { shadowedBy } : {}) };
  await io(place.dir, async () => {
    await mkdir(place.dir, { recursive: true });
    // Written beside it and renamed over it: a shell never runs a half-written launcher.
    const temp = `${place.file}.${process.pid}.tmp`;
    await writeFile(temp, text, { mode: 0o755 });
    await chmod(temp, 0o755);
    await rename(temp, place.file);
  });
  return { ...place, changed: true, ...(shadowedBy ? { shadowedBy } : {}) };
}

/** Remove the launcher if Revise wrote it; `removed: false` when there was none. A file Revise did not write is refused. */
export async function uninstallLauncher(host: LauncherHost): Promise<LauncherPlace & { removed: boolean }> {
  const place = launcherPlace(host);
  const ours = await io(place.file, () => isOurLauncher(place.file));
  if (ours === undefined) return { ...place, removed: false };
  if (!ours) throw new LauncherError('launcher-not-ours', `${place.file} was not written by Revise; it was left as it is.`, place.file);
  await io(place.file, () => rm(place.file));
  return { ...place, removed: true };
}

/**
 * Rewrite an installed launcher that points at another extension folder or runtime (after an update
 * of Revise or VS Code). Does nothing when there is none, or when the file there is not Revise's.
 */
export async function refreshLauncher(host: LauncherHost, target: LauncherTarget): Promise<boolean> {
  const place = launcherPlace(host);
  if ((await isOurLauncher(place.file).catch(() => false)) !== true) return false;
  return (await installLauncher(host, target)).changed;
}

/** A `revise` in a PATH folder before the launcher's, which a shell would run instead. */
async function firstOnPath(host: LauncherHost, place: LauncherPlace): Promise<string | undefined> {
  const names = isWindows(host) ? ['revise.cmd', 'revise.exe', 'revise.bat', 'revise.ps1'] : ['revise'];
  for (const dir of pathEntries(host)) {
    if (samePath(host, dir, place.dir)) return undefined;
    for (const name of names) if (await exists(pathsOf(host).join(dir, name))) return pathsOf(host).join(dir, name);
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

async function io<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LauncherError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new LauncherError('launcher-io', `${path} could not be written (${code}).`, path, { cause: error, errno: code });
  }
}
