/**
 * Seeded generator of branch and remote names, hostile and ordinary. Each name is built from a
 * family whose safety is known by construction (not by asking the code under test), and most carry
 * a unique token, so "did this name reach git?" is a plain substring search over recorded argvs.
 */
import { seeded } from '../faults/faultKit';

export interface GeneratedName {
  name: string;
  family: string;
  /** Safe as a branch name (git would accept it and it cannot be read as an option). */
  safeBranch: boolean;
  /** Safe as a remote name (a branch-safe name without `/`). */
  safeRemote: boolean;
  /** Unique marker inside the name, or null for names too short to carry one (`-x`, `@`, ``). */
  token: string | null;
}

type Family = { family: string; safe: boolean; make: (token: string, pick: <T>(xs: readonly T[]) => T, rnd: () => number) => string; tokenless?: boolean };

const CONTROL = [...Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)), '\u007f'];
const RESERVED = [' ', '~', '^', ':', '?', '*', '[', '\\'];

const families: Family[] = [
  // Unsafe: would be read as an option, or break git's ref rules.
  { family: 'single dash', safe: false, make: () => '-x', tokenless: true },
  { family: 'option-shaped upload-pack', safe: false, make: (t) => `--upload-pack=touch /tmp/${t}` },
  { family: 'option-shaped exec', safe: false, make: (t) => `--exec=${t}` },
  { family: 'option-shaped', safe: false, make: (t, pick) => `${pick(['-', '--'])}${t}` },
  { family: 'option-shaped end-of-options', safe: false, make: () => '--end-of-options', tokenless: true },
  { family: 'double dot', safe: false, make: (t, pick) => pick([`${t}..main`, `../${t}`, `a/../${t}`, `${t}..`]) },
  { family: 'reflog syntax', safe: false, make: (t, pick) => `${t}@{${pick(['1', 'u', 'upstream', '-1'])}}` },
  { family: 'lone at', safe: false, make: () => '@', tokenless: true },
  { family: 'control character', safe: false, make: (t, pick, rnd) => insert(t, pick(CONTROL), rnd) },
  { family: 'NUL', safe: false, make: (t, _p, rnd) => insert(t, '\u0000', rnd) },
  { family: 'reserved character', safe: false, make: (t, pick, rnd) => insert(t, pick(RESERVED), rnd) },
  { family: 'lock suffix', safe: false, make: (t, pick) => pick([`${t}.lock`, `${t}.lock/x`, `feature/${t}.lock`]) },
  { family: 'hidden component', safe: false, make: (t, pick) => pick([`.${t}`, `feature/.${t}`]) },
  { family: 'trailing dot', safe: false, make: (t) => `${t}.` },
  { family: 'slashes', safe: false, make: (t, pick) => pick([`/${t}`, `${t}/`, `a//${t}`]) },
  { family: 'unicode with reserved syntax', safe: false, make: (t, pick) => pick([`ünï..${t}`, `日本:${t}`, `ß~${t}`]) },
  { family: 'very long', safe: false, make: (t, _p, rnd) => `${t}${'a'.repeat(201 + Math.floor(rnd() * 5000))}` },
  { family: 'empty', safe: false, make: () => '', tokenless: true },
  // Safe: ordinary names a team really uses.
  { family: 'plain', safe: true, make: (t) => t },
  { family: 'with slashes', safe: true, make: (t, pick) => `${pick(['feature', 'agent', 'fix', 'users/jo'])}/${t}` },
  { family: 'dots and dashes', safe: true, make: (t) => `release-1.2_${t}` },
  { family: 'unicode', safe: true, make: (t, pick) => `${pick(['ünïcode', '日本語', 'emoji-😀', 'ﬁx'])}-${t}` },
  { family: 'fullwidth hyphen first', safe: true, make: (t) => `\uff0d${t}` },
  { family: 'longest allowed', safe: true, make: (t) => `${t}${'b'.repeat(200 - t.length)}` },
];

function insert(token: string, piece: string, rnd: () => number): string {
  const at = 1 + Math.floor(rnd() * (token.length - 1));
  return `${token.slice(0, at)}${piece}${token.slice(at)}`;
}

/** `count` names from `seed`, about one in five safe; the first of each family come first so every family is present. */
export function generateNames(count: number, seed: number): GeneratedName[] {
  const random = seeded(seed);
  const rnd = (): number => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const unsafe = families.filter((f) => !f.safe);
  const safe = families.filter((f) => f.safe);
  const out: GeneratedName[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const family = i < families.length ? families[i]! : rnd() < 0.2 ? pick(safe) : pick(unsafe);
    // Tokens: `tk` + 8 letters/digits, unique within the set.
    const token = `tk${Math.floor(rnd() * 36 ** 8).toString(36).padStart(8, '0')}`;
    const name = family.make(token, pick, rnd);
    if (seen.has(name) && !family.tokenless) continue;
    seen.add(name);
    out.push({ name, family: family.family, safeBranch: family.safe, safeRemote: family.safe && !name.includes('/'), token: family.tokenless ? null : token });
  }
  return out;
}
