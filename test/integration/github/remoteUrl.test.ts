import assert from 'node:assert/strict';
import { parseGitHubRemote } from '../../../src/github';

describe('reading the GitHub repository from a remote URL', () => {
  const accepted: Array<[string, string, string, string]> = [
    ['https://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets/', 'github.com', 'acme', 'widgets'],
    ['https://user:secret@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['http://www.github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['git@github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git@github.com:acme/widgets', 'github.com', 'acme', 'widgets'],
    ['github.com:acme/my.repo_name-2.git', 'github.com', 'acme', 'my.repo_name-2'],
    ['ssh://git@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['ssh://git@github.com:22/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['ssh://git@GitHub.com/Acme/Widgets/', 'github.com', 'Acme', 'Widgets'],
    ['git://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['  https://github.com/acme/widgets.git\n', 'github.com', 'acme', 'widgets'],
  ];
  for (const [url, host, owner, repo] of accepted) {
    it(`reads ${JSON.stringify(url)} as ${owner}/${repo} on ${host}`, () => {
      assert.deepEqual(parseGitHubRemote(url), { host, owner, repo });
    });
  }

  it('accepts an enterprise host only when it is configured', () => {
    const opts = { enterpriseHosts: ['GitHub.Example.com'] };
    assert.deepEqual(parseGitHubRemote('https://github.example.com/team/tool.git', opts), { host: 'github.example.com', owner: 'team', repo: 'tool' });
    assert.deepEqual(parseGitHubRemote('git@github.example.com:team/tool.git', opts), { host: 'github.example.com', owner: 'team', repo: 'tool' });
    assert.deepEqual(parseGitHubRemote('ssh://git@github.example.com:2222/team/tool', opts), { host: 'github.example.com', owner: 'team', repo: 'tool' });
    assert.equal(parseGitHubRemote('https://github.example.com/team/tool.git'), undefined);
  });

  const refused = [
    'https://gitlab.com/acme/widgets.git',
    'git@bitbucket.org:acme/widgets.git',
    '/srv/git/widgets.git',
    'file:///srv/git/widgets.git',
    '../widgets',
    'https://github.com/acme',
    'https://github.com/acme/widgets/tree/main',
    'https://github.com/-acme/widgets',
    'https://github.com/acme/..',
    'git@github.com:acme/wid gets.git',
    '',
    'not a url',
  ];
  for (const url of refused) {
    it(`refuses ${JSON.stringify(url)} as not a GitHub repository`, () => {
      assert.equal(parseGitHubRemote(url), undefined);
    });
  }
});
