/**
 * Masks a secret for display: at most its first 4 and last 2 characters survive, so a user can tell
 * which key is meant without the output becoming a leak of its own.
 */
export function maskSecret(secret: string): string {
  const value = secret.trim();
  if (value.length >= 16) return `${value.slice(0, 4)}…${value.slice(-2)}`;
  if (value.length >= 8) return `${value.slice(0, 2)}…`;
  return '…';
}
