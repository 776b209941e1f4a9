/**
 * How the real-agent harness points Gemini CLI, opencode and Qwen Code at the scripted model server: the
 * protocol each one speaks, and the environment and settings (under the test's own HOME) that send it to
 * the server with a test key and keep it off the network otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chatCompletionsHandler } from './modelServer/chatCompletions';
import { geminiHandler } from './modelServer/gemini';
import type { Script } from './modelServer/script';
import type { ProtocolHandler } from './modelServer/server';

export type MoreAgentName = 'gemini' | 'opencode' | 'qwen';

export interface MoreAgentSetup {
  /** The line of test/agents/tools.sh's output that names the binary (`GEMINI_BIN=…`). */
  binKey: string;
  handler(script: Script): ProtocolHandler;
  env(home: string, url: string): NodeJS.ProcessEnv;
}

/** The model the CLIs are configured with; Gemini's is a real model name so it skips its model router. */
export const GEMINI_MODEL = 'gemini-2.5-flash';
export const CHAT_MODEL = 'scripted-chat';

export const MORE_AGENTS: Record<MoreAgentName, MoreAgentSetup> = {
  gemini: {
    binKey: 'GEMINI_BIN',
    handler: geminiHandler,
    // GOOGLE_GEMINI_BASE_URL alone selects the "gateway" auth, which headless mode rejects; the settings
    // select the API-key auth, which then honours the base URL.
    env(home, url) {
      writeJson(join(home, '.gemini', 'settings.json'), {
        security: { auth: { selectedType: 'gemini-api-key' } },
        model: { name: GEMINI_MODEL },
        privacy: { usageStatisticsEnabled: false },
        telemetry: { enabled: false },
      });
      return { GEMINI_API_KEY: 'test-key', GOOGLE_GEMINI_BASE_URL: url };
    },
  },
  qwen: {
    binKey: 'QWEN_BIN',
    handler: chatCompletionsHandler,
    env(home, url) {
      writeJson(join(home, '.qwen', 'settings.json'), { security: { auth: { selectedType: 'openai' } } });
      return { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1`, OPENAI_MODEL: CHAT_MODEL };
    },
  },
  opencode: {
    binKey: 'OPENCODE_BIN',
    handler: chatCompletionsHandler,
    env(_home, url) {
      const provider = { npm: '@ai-sdk/openai-compatible', name: 'scripted model server', options: { baseURL: `${url}/v1`, apiKey: 'sk-test' }, models: { [CHAT_MODEL]: { name: CHAT_MODEL } } };
      return {
        OPENCODE_CONFIG_CONTENT: JSON.stringify({ provider: { scripted: provider }, model: `scripted/${CHAT_MODEL}`, autoupdate: false, share: 'disabled' }),
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        // opencode installs its plugin package into its config folder on first use (from npm); one folder
        // beside the installed CLI keeps that to the first test of a machine.
        XDG_CONFIG_HOME: join(process.env.REVISE_HOST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'revise', 'host'), 'agents-opencode-config'),
      };
    },
  },
};

export function isMoreAgent(name: string): name is MoreAgentName {
  return name in MORE_AGENTS;
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
