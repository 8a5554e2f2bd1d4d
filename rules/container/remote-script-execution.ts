import { defineRule, dockerfileModel, type Range, type ShellCommand } from '../../server/src/engine/api';
import { isDownloader, isInterpreter, positionalArgs } from './_shell';

/** Commands that check a download against a known hash or signature. */
const VERIFIERS = /^(sha(1|224|256|384|512)sum|shasum|b2sum|md5sum|gpg|gpgv|cosign|minisign|signify|openssl|sigstore|slsa-verifier)$/;

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
    severityIn: { test: 'info', tooling: 'info' },
    languages: ['dockerfile'],
    docs: {
      summary:
        'Finds RUN steps that download a script and execute it unverified: `curl ... | sh`, `wget -O- ... | bash`, `curl ... | python`, ' +
        '`sh -c "$(curl ...)"`, `bash <(curl ...)`, and scripts downloaded to a file and run in the same stage (`curl -o i.sh ... && sh i.sh`) ' +
        'with no checksum or signature check (sha256sum, gpg, cosign ...) in between.',
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
    for (const stage of model.stages) {
      const commands = stage.instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((i) => model.shellOf(i)?.commands ?? []);
      if (commands.some((c) => VERIFIERS.test(c.name))) continue;
      const downloads = new Map<string, ShellCommand>();
      for (const command of commands) {
        const file = downloadedFile(command);
        if (file) downloads.set(baseName(file), command);
        const executed = executedFile(command);
        const download = executed ? downloads.get(baseName(executed)) : undefined;
        if (!download || reported.has(command)) continue;
        reported.add(command);
        context.report({
          range: command.range,
          message: `Runs ${executed}, downloaded by ${download.name} without a checksum or signature check.`,
          related: [{ range: download.range, message: `${executed} is downloaded here` }],
        });
      }
    }
  },
});

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** The file a curl/wget command writes, when it writes one (not stdout). */
function downloadedFile(command: ShellCommand): string | undefined {
  if (!isDownloader(command.name)) return undefined;
  const args = command.args;
  const url = args.find((a) => /^(https?|ftp):\/\//i.test(a.value))?.value;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (command.name === 'curl' && (value === '-o' || value === '--output')) return args[i + 1]?.value;
    if (command.name === 'wget' && (value === '-O' || value === '--output-document')) {
      const target = args[i + 1]?.value;
      return target && target !== '-' ? target : undefined;
    }
    if (command.name === 'wget' && value.startsWith('--output-document=')) return value.slice(18) === '-' ? undefined : value.slice(18);
    if (command.name === 'curl' && /^-[A-Za-z]*O[A-Za-z]*$/.test(value) && url) return url.replace(/[?#].*$/, '');
  }
  if (command.name === 'wget' && url && !args.some((a) => /^-[A-Za-z]*O/.test(a.value) || a.value.startsWith('--output-document'))) return url.replace(/[?#].*$/, '');
  return undefined;
}

/** The script file a command runs: `sh i.sh`, `bash /tmp/i.sh`, `./i.sh`, `. ./env.sh`. */
function executedFile(command: ShellCommand): string | undefined {
  if (isInterpreter(command.name) || command.name === '.' || command.name === 'source') {
    const [script] = positionalArgs(command);
    return script && !script.dynamic ? script.value : undefined;
  }
  return command.rawName.value.includes('/') ? command.rawName.value : undefined;
}

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
