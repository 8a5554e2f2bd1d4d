/** How much of a file is looked at to decide whether it is binary (the same window git uses). */
export const SNIFF_BYTES = 8 * 1024;

/** A NUL byte in the first 8 KB marks a file as binary, as git and ripgrep decide. */
export function isBinary(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}
