/** A mistake in how the CLI was called or configured: reported in one line, exit code 2. */
export class UsageError extends Error {}
