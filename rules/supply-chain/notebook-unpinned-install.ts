import {
  defineRule,
  findPythonVersion,
  isExactPin,
  isImmutableUrl,
  isLocalReference,
  parseRequirements,
  pythonVersionSources,
  SourceText,
  type Fix,
  type MagicLine,
  type Range,
} from '../../server/src/engine/api';

/**
 * `%pip install torch` in a notebook is a dependency declaration like a line of requirements.txt, but one that
 * nobody reviews: every re-run installs whatever the index serves that day.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/notebook-unpinned-install',
    category: 'supply-chain',
    title: 'Unpinned package install in a notebook',
    severity: 'info',
    languages: ['notebook'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `%pip install` and `!pip install` lines in notebooks that install packages without an exact `==` version.',
      why:
        'Notebooks are re-run months later on other machines. An unpinned `%pip install` picks up whatever release is ' +
        'current, including a hijacked or typo-squatted one, and the notebook silently depends on it. Pinning makes a ' +
        're-run install the versions that were reviewed.',
      bad: '%pip install torch transformers>=4.40\n!pip install -q langchain\n',
      good: '%pip install torch==2.3.1 transformers==4.44.2\n!pip install -q langchain==0.2.16\n# or: %pip install -r requirements.txt (pinned)\n',
      fix:
        'Pins the package to the version installed in the project\'s virtual environment or recorded in a lock file ' +
        '(`poetry.lock`, `uv.lock`, `Pipfile.lock`) beside the notebook; no fix when no version is known.',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [1104, 829] },
    },
  },
  create(context) {
    const notebook = context.notebook;
    if (!notebook) return;
    let sources: ReturnType<typeof pythonVersionSources> | undefined;
    const versionSources = () => (sources ??= context.filePath ? pythonVersionSources(context.files, context.filePath) : []);
    for (const cell of notebook.cells) {
      for (const magic of notebook.magics(cell.index)) {
        for (const spec of installedSpecs(magic)) {
          const parsed = parseRequirements(new SourceText(spec.text)).requirements[0];
          if (!parsed?.name || !parsed.specifierValid) {
            if (parsed?.url !== undefined && !isLocalReference(parsed.url) && !isImmutableUrl(parsed.url) && parsed.hashes.length === 0) {
              context.report({
                range: spec.range,
                message: `${parsed.name ?? 'A package'} is installed from a URL without a commit or hash; pin it so a re-run installs the same code.`,
                properties: { cell: cell.index },
              });
            }
            continue;
          }
          if (parsed.url !== undefined || isExactPin(parsed.specifier)) continue;
          const found = parsed.normalizedName ? findPythonVersion(versionSources(), parsed.normalizedName) : undefined;
          const fixes: Fix[] = found
            ? [
                {
                  title: `Pin ${parsed.name} to ==${found.version} (${found.kind === 'lock' ? 'recorded in' : 'installed in'} ${found.origin})`,
                  safety: 'unsafe',
                  edits: [{ range: shift(parsed.pinRange, spec.range), newText: `==${found.version}` }],
                },
              ]
            : [];
          const how = parsed.specifier ? `"${parsed.specifier}" allows many versions` : 'has no version';
          context.report({
            range: shift(parsed.nameRange, spec.range),
            message: `${parsed.name} ${how} in this notebook's install: pin it with == so a re-run installs the release you reviewed.`,
            fixes,
            properties: { cell: cell.index },
          });
        }
      }
    }
  },
});

/** Options of `pip install` that take a value (the value is not a package). */
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--src', '--python-version', '--platform', '--implementation', '--abi',
  '--trusted-host', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--progress-bar', '-e', '--editable',
]);

interface Spec {
  text: string;
  range: Range;
}

/** The package arguments of a pip install on a magic or shell line, with their cell-relative ranges. */
function installedSpecs(magic: MagicLine): Spec[] {
  const words = tokenize(magic.args, magic.argsColumn);
  let index = 0;
  if (magic.kind === 'line-magic') {
    if (magic.name !== 'pip') return [];
  } else {
    // !pip, !pip3, !python -m pip, !uv pip (and the same lines in %%bash cells)
    const command = magic.name.split('/').pop() ?? '';
    if (/^python[\d.]*$/.test(command)) {
      if (words[0]?.text !== '-m' || !/^pip\d?$/.test(words[1]?.text ?? '')) return [];
      index = 2;
    } else if (command === 'uv') {
      if (words[0]?.text !== 'pip') return [];
      index = 1;
    } else if (!/^pip\d?(\.\d+)?$/.test(command)) {
      return [];
    }
  }
  while (index < words.length && words[index].text.startsWith('-')) index++;
  if (words[index]?.text !== 'install') return [];
  const specs: Spec[] = [];
  for (index++; index < words.length; index++) {
    const word = words[index];
    if (/^[;&|<>]/.test(word.text)) break;
    if (word.text.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(word.text)) index++;
      continue;
    }
    if (word.text.startsWith('$') || word.text.startsWith('{')) continue;
    specs.push({
      text: word.text,
      range: { start: { line: magic.line, character: word.column }, end: { line: magic.line, character: word.column + word.length } },
    });
  }
  return specs;
}

/** Splits shell words, honouring quotes; columns are those of the word's first character in the line. */
function tokenize(args: string, baseColumn: number): { text: string; column: number; length: number }[] {
  const words: { text: string; column: number; length: number }[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|([^\s"']+)/g;
  for (let match = pattern.exec(args); match; match = pattern.exec(args)) {
    const quoted = match[1] ?? match[2];
    const text = quoted ?? match[3];
    if (text.startsWith('#')) break;
    words.push({ text, column: baseColumn + match.index + (quoted !== undefined ? 1 : 0), length: text.length });
  }
  return words;
}

/** Moves a range inside a spec's own text (line 0) to the spec's place in the cell. */
function shift(range: Range, spec: Range): Range {
  return {
    start: { line: spec.start.line, character: spec.start.character + range.start.character },
    end: { line: spec.start.line, character: spec.start.character + range.end.character },
  };
}
