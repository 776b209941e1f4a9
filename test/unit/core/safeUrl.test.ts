import { strict as assert } from 'node:assert';
import { urlWithoutCredentials } from '../../../src/core/safeUrl';

describe('urlWithoutCredentials', () => {
  it('removes a user and token, or a token alone, from an http(s) URL', () => {
    assert.equal(urlWithoutCredentials('https://x-access-token:ghs_abc@github.com/o/r.git'), 'https://github.com/o/r.git');
    assert.equal(urlWithoutCredentials('https://ghp_abc@github.com/o/r'), 'https://github.com/o/r');
    assert.equal(urlWithoutCredentials('http://u:p@127.0.0.1:8080/r.git'), 'http://127.0.0.1:8080/r.git');
  });

  it('keeps the ssh user name but drops a password', () => {
    assert.equal(urlWithoutCredentials('ssh://git@github.com/o/r.git'), 'ssh://git@github.com/o/r.git');
    assert.equal(urlWithoutCredentials('ssh://git:secret@host:2222/o/r.git'), 'ssh://git@host:2222/o/r.git');
  });

  it('returns a URL without credentials exactly as written', () => {
    assert.equal(urlWithoutCredentials('file:///tmp/user checkout — ü/remote.git'), 'file:///tmp/user checkout — ü/remote.git');
    assert.equal(urlWithoutCredentials('https://github.com'), 'https://github.com');
  });

  it('leaves an scp-like address and a local path as they are', () => {
    assert.equal(urlWithoutCredentials('git@github.com:o/r.git'), 'git@github.com:o/r.git');
    assert.equal(urlWithoutCredentials('/srv/git/r.git'), '/srv/git/r.git');
  });

  it('never returns an unparsable URL as it is (it may hold a token)', () => {
    assert.equal(urlWithoutCredentials('https://tok@[bad/o/r'), '[unparsable URL]');
  });
});
