/**
 * Built JavaScript: a bundler's or minifier's output (`swagger-ui-bundle.js`, `static/js/2.chunk.js`), committed
 * beside the sources. It is not code anyone edits, findings in it cannot be acted on where they are, and it is
 * costly: one 1.4 MB vendored bundle took 8 % of a real-world corpus scan's CPU and a fifth of its peak memory.
 * Like CodeQL and Semgrep's editor integration, a folder scan skips it with a note; a file named on the
 * command line is still analysed.
 *
 * The test looks at the head of the file the scan reads anyway (to spot binaries): code written by people
 * averages well under 100 characters a line, minified code is a few lines of many thousands.
 */
const MIN_BYTES = 16 * 1024;
const MIN_AVERAGE_LINE_BYTES = 500;

export function looksMinified(head: Uint8Array, fileBytes: number): boolean {
  if (fileBytes < MIN_BYTES || head.length === 0) return false;
  let lineBreaks = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0x0a) lineBreaks++;
  return head.length / (lineBreaks + 1) > MIN_AVERAGE_LINE_BYTES;
}
