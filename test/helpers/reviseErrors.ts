import { strict as assert } from 'node:assert';
import { ReviseError } from '../../src/core/errors';

/** The ReviseError `promise` rejects with (it must reject with one). */
export async function rejection(promise: Promise<unknown>): Promise<ReviseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReviseError, String(error));
    return error;
  }
  assert.fail('expected a rejection');
}

/** The ReviseError `f` throws (it must throw one). */
export function thrownBy(f: () => unknown): ReviseError {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof ReviseError, String(error));
    return error;
  }
  assert.fail('expected a throw');
}
