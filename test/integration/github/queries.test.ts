import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import * as github from '../../../src/github';

/** Every GraphQL document the layer sends, checked against GitHub's published schema without a server. */
describe('the GraphQL documents Revise sends', () => {
  const dir = (require.resolve.paths('@octokit/graphql-schema') ?? []).map((p) => join(p, '@octokit', 'graphql-schema')).find((p) => existsSync(join(p, 'schema.json')))!;
  const json = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as { data?: IntrospectionQuery } & IntrospectionQuery;
  const schema = buildClientSchema(json.data ?? json);
  const sources = readFileSyncAll();

  function readFileSyncAll(): Array<[string, string]> {
    const out: Array<[string, string]> = [
      ['REVIEW_THREADS_QUERY', github.REVIEW_THREADS_QUERY],
      ['THREAD_COMMENTS_QUERY', github.THREAD_COMMENTS_QUERY],
    ];
    // Documents that are module-private are found in the source text, so none can be forgotten.
    for (const file of ['pullRequests.ts', 'replies.ts']) {
      const text = readFileSync(join(__dirname, '../../../src/github', file), 'utf8');
      for (const m of text.matchAll(/`((?:query|mutation) \w+[^`]*)`/g)) out.push([`${file}: ${m[1]!.slice(0, 30)}`, m[1]!]);
    }
    return out;
  }

  it('finds all six documents', () => {
    assert.equal(sources.length, 6);
  });

  for (const [name, source] of sources) {
    it(`${name} is valid against GitHub's schema`, () => {
      assert.deepEqual(validate(schema, parse(source)).map((e) => e.message), []);
    });
  }
});
