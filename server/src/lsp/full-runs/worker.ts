import { parentPort } from 'node:worker_threads';
import { AnalyzedDocument, IncrementalAnalyzer, initEngine } from '../../engine';
import type { FromFullRunWorker, FullRunJob, FullRunOutcome, ToFullRunWorker } from './protocol';

/**
 * The language server's full-run worker (bundled to dist/lsp-worker.js): loads the grammars once, then runs
 * whole-document analyses of the versions it is sent, one at a time, so the server's main thread stays free
 * for keystrokes, hovers and other documents.
 */
if (!parentPort) throw new Error('aisec lsp worker: must run as a worker thread');
const port = parentPort;
const pending: FullRunJob[] = [];
let ready = false;

function post(message: FromFullRunWorker): void {
  port.postMessage(message);
}

function run(job: FullRunJob): void {
  const document = new AnalyzedDocument(job.languageId, job.documentName, job.text);
  try {
    // A fresh analyzer's full run is a plain whole-document analysis that also records what the editor's
    // analyzer needs to carry on incrementally (statement cache, document-scoped rules and their findings).
    const analyzer = new IncrementalAnalyzer();
    const result = analyzer.analyze(document, { config: job.config, filePath: job.filePath }, 'full');
    const outcome: FullRunOutcome = { findings: result.findings, notes: result.notes, complete: result.complete, state: analyzer.exportState() };
    post({ type: 'done', id: job.id, outcome });
  } catch (error) {
    post({ type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    document.dispose();
  }
}

port.on('message', (message: ToFullRunWorker) => {
  if (message.type !== 'run') return;
  if (ready) run(message.job);
  else pending.push(message.job);
});

initEngine().then(
  () => {
    ready = true;
    post({ type: 'ready' });
    for (const job of pending.splice(0)) run(job);
  },
  (error: unknown) => post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }),
);
