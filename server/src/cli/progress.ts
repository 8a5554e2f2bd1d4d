import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const QUIET: Progress = { update() {}, stop() {} };
/** Short scans finish before a bar would help; it appears only after this long. */
const SHOW_AFTER_MS = 1000;

/** A progress bar on stderr, only on a terminal, only once the scan has taken more than a moment. */
export function createProgress(
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
  clock: { now(): number; showAfterMs: number } = { now: Date.now, showAfterMs: SHOW_AFTER_MS },
): Progress {
  if (!enabled || !stream.isTTY) return QUIET;
  const started = clock.now();
  let bar: SingleBar | undefined;
  // The bar hides the cursor; give it back when the user interrupts the scan.
  const interrupted = () => {
    bar?.stop();
    process.exit(130);
  };
  return {
    update(done, total) {
      if (!bar) {
        if (clock.now() - started < clock.showAfterMs || done >= total) return;
        bar = new SingleBar({
          stream,
          format: 'aisec {bar} {value}/{total} files | {eta_formatted} left',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        });
        bar.start(total, done);
        process.once('SIGINT', interrupted);
      }
      bar.update(done);
    },
    stop() {
      process.removeListener('SIGINT', interrupted);
      bar?.stop();
    },
  };
}
