import assert from 'node:assert/strict';
import { getPullRequest, listOpenPullRequests } from '../../../src/github';
import { clientFor, useDouble } from './helpers';

describe('listing pull requests to start a run from', () => {
  const ctx = useDouble();

  it('lists every open pull request across pages with branch, author, fork and review state', async () => {
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'widgets' });
    s.addRepo({ owner: 'contrib', name: 'widgets', cloneUrl: 'https://github.com/contrib/widgets.git' });
    for (let i = 0; i < 120; i++) s.addPull(repo, { headRef: `feature/${i}`, author: 'agent-bot' });
    const fork = s.addPull(repo, { headRef: 'fix/typo', author: 'contrib', headRepo: { owner: 'contrib', name: 'widgets' }, maintainerCanModify: false, draft: true });
    s.addReview(fork, { state: 'CHANGES_REQUESTED', author: 'alice', body: 'no' });
    const approved = s.addPull(repo, { headRef: 'feature/ok', maintainerCanModify: true });
    s.addReview(approved, { state: 'APPROVED', author: 'alice' });
    const closed = s.addPull(repo, { headRef: 'old' });
    closed.state = 'closed';

    const prs = await listOpenPullRequests(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' });
    assert.equal(prs.length, 122);
    assert.equal(ctx.double.requestsByRoute['pulls/list'], 2, 'two pages of 100');
    assert.equal(ctx.double.requestsByRoute['graphql:ReviewDecisions'], 2);
    const byBranch = new Map(prs.map((p) => [p.headBranch, p]));
    assert.deepEqual(
      { ...byBranch.get('fix/typo') },
      {
        ...byBranch.get('fix/typo'),
        isFork: true,
        maintainerCanModify: false,
        headRepoCloneUrl: 'https://github.com/contrib/widgets.git',
        headRepoFullName: 'contrib/widgets',
        author: 'contrib',
        draft: true,
        reviewState: 'changes-requested',
        baseBranch: 'main',
      },
    );
    assert.equal(byBranch.get('feature/ok')?.reviewState, 'approved');
    assert.equal(byBranch.get('feature/0')?.reviewState, 'none');
    assert.equal(byBranch.get('feature/0')?.isFork, false);
    assert.equal(byBranch.has('old'), false);
  });

  it('reads one pull request with the facts a run needs', async () => {
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'widgets', cloneUrl: '/tmp/remote.git' });
    const pr = s.addPull(repo, { headRef: 'feature/x', title: 'Do X', body: 'Body', maintainerCanModify: true });
    const got = await getPullRequest(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' }, pr.number);
    assert.equal(got.title, 'Do X');
    assert.equal(got.headSha, pr.headSha);
    assert.equal(got.headRepoCloneUrl, '/tmp/remote.git');
    assert.equal(got.url, `https://github.com/acme/widgets/pull/${pr.number}`);
    assert.equal(got.maintainerCanModify, true);
    assert.equal(got.isFork, false);
  });
});
