/**
 * Entry point of the Revise GitHub Action (action.yml, bundled as dist/action.js): one round of a
 * pull request's run on the runner. A failure becomes an error annotation and exit code 1, so the
 * workflow's artifact upload (`if: always()`) still keeps what the round left.
 */
import { toReviseError } from '../core/errors';
import { runAction } from './runAction';
import { errorCommand } from './runnerIo';

if (require.main === module) {
  runAction(process.env).then(
    (outcome) => {
      process.exitCode = outcome.exitCode;
    },
    (error: unknown) => {
      const failure = toReviseError(error, 'internal-error');
      process.stdout.write(errorCommand(`${failure.message} [${failure.code}]`));
      process.exitCode = 1;
    },
  );
}
