import { createHash } from 'node:crypto';

/** The cache's key for a file's contents: a hash of its bytes as read from disk. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
