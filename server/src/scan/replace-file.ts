import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ReplaceOutcome = 'written' | 'changed-on-disk';

/**
 * Replaces a file's contents as one step: the new bytes go to a temporary file in the same folder (same file
 * system, so the rename is atomic), which takes the original's mode and is renamed over it. Readers and an
 * interrupted run see either the old file or the new one, never half of each. Right before the rename the
 * file is read again: when it no longer holds `expected` (an editor saved it, another `--fix` got there
 * first), nothing is written and the caller says so, rather than losing someone else's change.
 */
export function replaceFileIfUnchanged(filePath: string, expected: Uint8Array, contents: string): ReplaceOutcome {
  const mode = fs.statSync(filePath).mode & 0o7777;
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.aisec-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fd = fs.openSync(temporary, 'wx', mode);
    try {
      fs.writeFileSync(fd, contents);
      // The umask may have narrowed the mode given to open: set it exactly.
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // The check and the rename must be one step for other AISec runs, or two `--fix` runs could both see the
    // original and both write: an exclusive lock file beside the original makes the second one skip.
    const lock = claimLock(filePath);
    if (!lock) return 'changed-on-disk';
    try {
      if (!Buffer.from(expected).equals(fs.readFileSync(filePath))) return 'changed-on-disk';
      fs.renameSync(temporary, filePath);
      renamed = true;
      return 'written';
    } finally {
      fs.rmSync(lock, { force: true });
    }
  } finally {
    if (!renamed) fs.rmSync(temporary, { force: true });
  }
}

/** A lock left by a run killed between its check and its rename is this old at most before it is ignored. */
const STALE_LOCK_MS = 30_000;

/** Creates `.<name>.aisec-lock` exclusively; undefined while another run holds it (a stale one is taken over). */
function claimLock(filePath: string): string | undefined {
  const lock = path.join(path.dirname(filePath), `.${path.basename(filePath)}.aisec-lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age < STALE_LOCK_MS) return undefined;
      fs.rmSync(lock, { force: true });
    }
  }
  return undefined;
}
