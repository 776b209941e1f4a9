/** GitHub access for the extension: a token from VS Code's accounts, held in memory only. */
import * as vscode from 'vscode';
import type { GitHubAccess } from '../engine';
import { readConfig } from './config';

/**
 * A GitHub token from VS Code's accounts (GitHub Enterprise when revise.github.apiUrl is set):
 * silently when the user already granted one, else by asking them to sign in. The token stays in
 * memory; nothing of it is written anywhere.
 */
export async function gitHubAccess(): Promise<GitHubAccess> {
  const access = await silentGitHubAccess();
  if (access) return access;
  const config = readConfig();
  const session = await vscode.authentication.getSession(gitHubProvider(config.githubApiUrl), ['repo'], { createIfNone: true });
  return { token: session.accessToken, apiUrl: config.githubApiUrl || undefined };
}

/** The token of an existing GitHub session, without prompting; undefined when the user is not signed in. */
export async function silentGitHubAccess(): Promise<GitHubAccess | undefined> {
  const config = readConfig();
  const session = await vscode.authentication.getSession(gitHubProvider(config.githubApiUrl), ['repo'], { silent: true });
  return session ? { token: session.accessToken, apiUrl: config.githubApiUrl || undefined } : undefined;
}

function gitHubProvider(apiUrl: string): string {
  return apiUrl ? 'github-enterprise' : 'github';
}
