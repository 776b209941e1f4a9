/**
 * A real small file system for store failure tests: a tmpfs mounted over a folder (root only), so a
 * full disk is a real ENOSPC and a read-only one a real EROFS. `mountSmallDisk` returns undefined
 * where mounting is impossible (not root, no tmpfs); tests then skip and say why.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Write a filler file until the disk is full. */
  fill(): void;
  /** Remove the fillers (this helper's and any `*filler*` file an agent wrote at the top). */
  free(): void;
  readOnly(): void;
  writable(): void;
  /** Unmount, keeping what the disk holds in the folder it was mounted over. */
  unmount(): void;
}

function run(argv: string[]): boolean {
  return spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' }).status === 0;
}

/** Mount a tmpfs of `sizeKb` over `dir`, carrying its current content over. */
export function mountSmallDisk(dir: string, sizeKb = 512): SmallDisk | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const before = `${dir}.before-mount`;
  const had = existsSync(dir);
  if (had) renameSync(dir, before);
  mkdirSync(dir, { recursive: true });
  if (!run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir])) {
    rmSync(dir, { recursive: true, force: true });
    if (had) renameSync(before, dir);
    return undefined;
  }
  if (had) {
    cpSync(before, dir, { recursive: true });
    rmSync(before, { recursive: true, force: true });
  }
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      for (const name of readdirSync(dir)) if (name.includes('filler')) rmSync(join(dir, name), { force: true });
    },
    readOnly() {
      if (!run(['mount', '-o', 'remount,ro', dir])) throw new Error(`could not remount ${dir} read-only`);
    },
    writable() {
      if (!run(['mount', '-o', 'remount,rw', dir])) throw new Error(`could not remount ${dir} read-write`);
    },
    unmount() {
      const keep = `${dir}.unmounted`;
      run(['mount', '-o', 'remount,rw', dir]);
      rmSync(filler, { force: true });
      cpSync(dir, keep, { recursive: true });
      if (!run(['umount', dir])) throw new Error(`could not unmount ${dir}`);
      rmSync(dir, { recursive: true, force: true });
      renameSync(keep, dir);
    },
  };
}

/**
 * Mocha wiring: disks mounted through `mount` are unmounted after each test. Call it before the
 * fixture whose cleanup removes the folders (hooks run in order; a mount point cannot be removed).
 */
export function useSmallDisks(): { mount(dir: string, sizeKb?: number): SmallDisk | undefined } {
  const mounted: SmallDisk[] = [];
  afterEach(() => {
    for (const disk of mounted.splice(0)) disk.unmount();
  });
  return {
    mount(dir, sizeKb) {
      const disk = mountSmallDisk(dir, sizeKb);
      if (disk) mounted.push(disk);
      return disk;
    },
  };
}
