// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
// Autocomplete goes through our own API route: the browser never holds a provider key.
export async function suggest(prefix: string, signal?: AbortSignal): Promise<string[]> {
  const response = await fetch('/api/suggest', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ prefix }),
    signal: signal ?? AbortSignal.timeout(5_000),
  });
  if (!response.ok) return [];
  return (await response.json()).suggestions;
}
