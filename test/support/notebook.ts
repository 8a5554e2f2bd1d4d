/** Builds `.ipynb` text for tests: each cell's source is given as text and stored as nbformat's list of lines. */
export interface TestCell {
  kind?: 'code' | 'markdown';
  source: string;
  outputs?: object[];
}

export function notebookJson(cells: TestCell[], language = 'python'): string {
  return JSON.stringify(
    {
      cells: cells.map((cell) => ({
        cell_type: cell.kind ?? 'code',
        metadata: {},
        source: cell.source.split(/(?<=\n)/),
        ...(cell.kind === 'markdown' ? {} : { outputs: cell.outputs ?? [], execution_count: null }),
      })),
      metadata: { kernelspec: { display_name: 'Python 3', language, name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

/** The 1-based line of the .ipynb text that contains `needle` (its first occurrence). */
export function ipynbLine(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the notebook text`);
  return index + 1;
}
