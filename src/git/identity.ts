/** The identity used for commits Revise makes (merges, rebases, leftover-change commits). */
import { gitStatus } from './exec';

export interface Identity {
  name: string;
  email: string;
}

/** Used when the repository has no identity configured, so a fresh machine never fails a merge. */
export const FALLBACK_IDENTITY: Identity = { name: 'Revise', email: 'revise@localhost' };

async function configValue(dir: string, key: string): Promise<string> {
  const result = await gitStatus(dir, ['config', '--get', key]);
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

/**
 * Environment that fixes the author and committer: `identity` when given, nothing when the
 * repository (or the environment) already has one, else the fallback identity.
 */
export async function identityEnv(dir: string, identity?: Identity): Promise<Record<string, string>> {
  let chosen = identity;
  if (!chosen) {
    const [name, email] = await Promise.all([configValue(dir, 'user.name'), configValue(dir, 'user.email')]);
    const fromEnv = process.env.GIT_COMMITTER_NAME && process.env.GIT_COMMITTER_EMAIL;
    if ((name && email) || fromEnv) return {};
    chosen = FALLBACK_IDENTITY;
  }
  return {
    GIT_AUTHOR_NAME: chosen.name,
    GIT_AUTHOR_EMAIL: chosen.email,
    GIT_COMMITTER_NAME: chosen.name,
    GIT_COMMITTER_EMAIL: chosen.email,
  };
}
