import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { GrammarName } from '../languages';

/**
 * Loads the tree-sitter runtime and grammars once per process (or worker thread). The `.wasm` files are
 * copied into `dist/grammars` at build time from the npm packages named in `grammars/manifest.json`.
 */

const GRAMMAR_FILES: Record<GrammarName, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  bash: 'tree-sitter-bash.wasm',
  yaml: 'tree-sitter-yaml.wasm',
};

const languages = new Map<GrammarName, Language>();
let loading: Promise<void> | undefined;
/**
 * The object web-tree-sitter's runtime was initialised with: Emscripten fills it with the runtime's exports
 * (the binding's `_ts_*_wasm` functions, `HEAP32`), which syntax/raw-cursor.ts reads directly.
 */
let runtime: Record<string, unknown> | undefined;

/** Finds the folder holding the grammars: beside the bundle in `dist/`, or `dist/grammars` above the sources. */
export function grammarDirectory(): string {
  const fromEnv = process.env.AISEC_GRAMMARS_DIR;
  if (fromEnv) return fromEnv;
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    for (const candidate of [path.join(dir, 'grammars'), path.join(dir, 'dist', 'grammars')]) {
      if (fs.existsSync(path.join(candidate, GRAMMAR_FILES.python))) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(
    `AISec cannot find its tree-sitter grammars (looked for dist/grammars above ${__dirname}). Run "npm run build".`,
  );
}

/** Loads every grammar; safe to call many times, the work happens once. */
export function loadGrammars(): Promise<void> {
  loading ??= (async () => {
    const dir = grammarDirectory();
    const options: Record<string, unknown> = { locateFile: (file: string) => path.join(dir, file) };
    await Parser.init(options);
    runtime = options;
    for (const [name, file] of Object.entries(GRAMMAR_FILES) as [GrammarName, string][]) {
      languages.set(name, await Language.load(fs.readFileSync(path.join(dir, file))));
    }
  })();
  return loading;
}

/**
 * The size of the parsers' WebAssembly memory in bytes (grammars, trees, parser state), once loaded. It only
 * ever grows: a tree freed leaves its pages to the runtime's allocator, not to the process.
 */
export function parserHeapBytes(): number | undefined {
  const heap = runtime?.HEAPU8;
  return heap instanceof Uint8Array ? heap.byteLength : undefined;
}

/** The tree-sitter runtime's exports, once the grammars are loaded (see `runtime`). */
export function treeSitterRuntime(): Readonly<Record<string, unknown>> | undefined {
  return runtime;
}

export function grammarsLoaded(): boolean {
  return languages.size === Object.keys(GRAMMAR_FILES).length;
}

export function languageFor(name: GrammarName): Language {
  const language = languages.get(name);
  if (!language) throw new Error('AISec grammars are not loaded yet: await loadGrammars() first.');
  return language;
}

const parsers = new Map<GrammarName, Parser>();

/** One parser per grammar, reused: creating parsers is cheap but not free, and parsing is synchronous. */
export function parserFor(name: GrammarName): Parser {
  let parser = parsers.get(name);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(languageFor(name));
    parsers.set(name, parser);
  }
  return parser;
}
