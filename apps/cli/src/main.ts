import { isEyeError } from '@the-eye/client';
import { CommanderError } from 'commander';
import { processOutput } from './output';
import { program } from './program';
import { isUsageError } from './usage-error';

program()
  .parseAsync(process.argv)
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    const message = error instanceof Error ? error.message : String(error);
    if (isEyeError(error)) processOutput.err(`eye: ${error.code}: ${message}`);
    else processOutput.err(`eye: ${message}`);
    process.exit(isUsageError(error) ? 2 : 1);
  });
