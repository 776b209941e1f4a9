import { strict as assert } from 'node:assert';
import { nextFindingId } from '../../../src/core/findings';

describe('nextFindingId', () => {
  it('counts on from the highest number of the prefix, never filling gaps', () => {
    assert.equal(nextFindingId(['C1', 'C4', 'B9', 'CX2'], 'C'), 'C5');
    assert.equal(nextFindingId([], 'G'), 'G1');
    assert.equal(nextFindingId(new Set(['N2', 'N10']), 'N'), 'N11');
  });
});
