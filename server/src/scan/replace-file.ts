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
    if (!Buffer.from(expected).equals(fs.readFileSync(filePath))) return 'changed-on-disk';
    fs.renameSync(temporary, filePath);
    renamed = true;
    return 'written';
  } finally {
    if (!renamed) fs.rmSync(temporary, { force: true });
  }
}
