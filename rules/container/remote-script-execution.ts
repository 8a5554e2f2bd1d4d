import { defineRule, dockerfileModel, type Range, type ShellCommand } from '../../server/src/engine/api';
import { isDownloader, isInterpreter } from './_shell';

/**
 * `curl https://... | sh` runs whatever the server (or anyone between it and the build) sends, with no
 * checksum and no record of what ran. Found structurally: a pipeline with a downloader before an
 * interpreter, or an interpreter whose argument substitutes a download (`sh -c "$(curl ...)"`, `bash <(curl ...)`).
 */
export default defineRule({
  meta: {
    id: 'container/remote-script-execution',
    category: 'container',
    title: 'Remote script piped into a shell',
    severity: 'warning',
    languages: ['dockerfile'],
    docs: {
      summary:
        'Finds RUN steps that download a script and execute it unverified: `curl ... | sh`, `wget -O- ... | bash`, `curl ... | python`, ' +
        '`sh -c "$(curl ...)"`, `bash <(curl ...)`.',
      why:
        'The build executes whatever the URL serves at that moment: a compromised install script, a hijacked domain or a ' +
        'man-in-the-middle runs as root inside the image with nothing pinned or recorded. Installer scripts for CUDA tools, ' +
        'package managers and model runtimes are a common way in for supply-chain attacks.',
      bad: 'RUN curl -fsSL https://example.com/install.sh | sh\n',
      good:
        'ADD --checksum=sha256:<sha256 of the script> https://example.com/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh && rm /tmp/install.sh\n',
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [494, 829] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    const reported = new Set<ShellCommand>();
    for (const command of model.runCommands()) {
      if (!isInterpreter(command.name) || reported.has(command)) continue;
      const position = command.pipeline.indexOf(command);
      const downloader = command.pipeline.slice(0, Math.max(0, position)).find((c) => isDownloader(c.name));
      if (downloader && readsStandardInput(command)) {
        reported.add(command);
        context.report({
          range: span(downloader.range, command.range),
          message: `\`${downloader.name} ... | ${command.name}\` runs a downloaded script without verifying it; download it with a pinned checksum first.`,
        });
        continue;
      }
      const substituted = command.args.find((a) => a.dynamic && /(\$\(|<\(|`)\s*(curl|wget)\b/.test(a.value));
      if (substituted) {
        reported.add(command);
        context.report({
          range: command.range,
          message: `\`${command.name}\` runs a script substituted from a download without verifying it; download it with a pinned checksum first.`,
        });
      }
    }
  },
});

/** An interpreter reads the piped script unless it is given a script file or `-c` (then stdin is data). */
function readsStandardInput(command: ShellCommand): boolean {
  for (const arg of command.args) {
    const value = arg.value;
    if (value === '-' || value === '-s' || value === '--') return true;
    if (value === '-c' || value === '-e' || value === '-m') return false;
    if (!value.startsWith('-')) return false;
  }
  return true;
}

function span(a: Range, b: Range): Range {
  return { start: a.start, end: b.end };
}
