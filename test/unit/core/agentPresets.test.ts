import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS } from '../../../src/agent';
import { AGENT_PRESETS } from '../../../src/core/agentPresets';
import { AGENT_CLIS } from '../../../src/extension/walkthrough/agentClis';

describe('the agent preset list has one home', () => {
  it('offers in the revise.agent.preset setting exactly the presets the engine knows, in the same order', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum?: string[] }> } } };
    assert.deepEqual(manifest.contributes.configuration.properties['revise.agent.preset']?.enum, [...AGENT_PRESETS]);
  });

  it('has a runner for every preset but custom, and the walkthrough lists every one of them', () => {
    const named = AGENT_PRESETS.filter((p) => p !== 'custom');
    assert.deepEqual(Object.keys(PRESETS).sort(), [...named].sort());
    assert.deepEqual(AGENT_CLIS.map((c) => c.preset).sort(), [...named].sort());
  });
});
