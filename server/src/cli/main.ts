import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { allRules, ConfigError, renderRuleCatalogue, ruleDocsUrl } from '../engine';
import { FAIL_LEVELS, FORMATS, runScan, type ScanCommandOptions } from './scan-command';
import { UsageError } from './usage-error';
import { AISEC_VERSION } from './version';

/** Exit codes: 0 no findings at or above the fail level, 1 findings, 2 usage or configuration error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function runCli(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('aisec')
    .description(
      'Finds security mistakes in AI application code: Python, JavaScript/TypeScript, notebooks, Dockerfiles, compose files and dependency manifests.',
    )
    .version(AISEC_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('scan')
    .description('scan files and folders (default: the current folder) and report findings')
    .argument('[paths...]', 'files and folders to scan')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'configuration file (.aisec.json or pyproject.toml); default: the nearest one above each path')
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this severity (default: the configuration\'s failLevel, else warning)').choices(FAIL_LEVELS))
    .option('-j, --jobs <n>', 'worker threads (default: one per core)', parseJobs)
    .option('--max-file-size <mb>', 'skip files larger than this many megabytes (default: 5)', parseMegabytes)
    .option('--no-progress', 'never show a progress bar')
    .option('--no-gitignore', 'scan files that .gitignore excludes')
    .option('--stdin-filename <path>', 'read the code from standard input and report it as this file')
    .option('--fix', 'apply safe fixes to the files, then report what is left')
    .option('--unsafe-fixes', 'with --fix, apply unsafe fixes too (review the changes)')
    .option('--baseline <file>', 'report and fail only on findings this baseline does not accept (default: the configuration\'s baseline)')
    .option('--write-baseline <file>', 'record every finding of this scan in a baseline file (accepting them), and exit 0')
    .option('--diff-base <ref>', 'report only findings on lines changed since this git ref (a branch, tag or commit)')
    .option('--no-cache', 'analyse every file afresh; do not read or write the scan cache')
    .option('--cache-dir <dir>', 'where to keep the scan cache (default: .aisec_cache in the project root)')
    .option('--exclude <glob>', 'skip files matching a gitignore-style glob, relative to the working directory (repeatable; adds to the configuration\'s exclude)', collect, [])
    .addHelpText(
      'after',
      `
Exit codes: 0 no finding at or above the fail level, 1 findings, 2 usage or configuration error.

Examples:
  aisec scan                                   scan the current folder
  aisec scan src Dockerfile --fail-level error
  aisec scan --format sarif --output aisec.sarif   for GitHub code scanning
  aisec scan --format json --exclude "tests/**"
  aisec scan --fix                             apply safe fixes, report the rest
  aisec scan --write-baseline .aisec-baseline.json   accept today's findings
  aisec scan --baseline .aisec-baseline.json   fail only on new findings
  aisec scan --diff-base origin/main           only findings on lines changed since origin/main
  aisec scan --no-cache                        analyse every file again (the cache is on by default)`,
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      const { failed } = await runScan(paths, options);
      exitCode = failed ? EXIT_FINDINGS : EXIT_OK;
    });

  program
    .command('rules')
    .description('list every rule')
    .option('--format <format>', 'text, json or markdown', 'text')
    .action((options: { format: string }) => {
      const rules = allRules();
      if (options.format === 'json') {
        const list = rules.map((r) => ({
          id: r.meta.id,
          category: r.meta.category,
          title: r.meta.title,
          severity: r.meta.severity,
          enabledByDefault: !r.meta.disabledByDefault,
          languages: r.meta.languages,
          fixable: r.meta.fixable ?? null,
          summary: r.meta.docs.summary,
          docs: ruleDocsUrl(r.meta.id),
        }));
        process.stdout.write(JSON.stringify({ rules: list }, null, 2) + '\n');
      } else if (options.format === 'markdown') {
        process.stdout.write(renderRuleCatalogue(rules));
      } else if (options.format === 'text') {
        for (const r of rules) process.stdout.write(`${r.meta.id.padEnd(40)} ${r.meta.severity.padEnd(8)} ${r.meta.title}\n`);
      } else {
        throw new CommanderError(EXIT_USAGE, 'aisec.format', `unknown format "${options.format}" (text, json, markdown)`);
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      if (error.code === 'aisec.format') process.stderr.write(`aisec: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`aisec: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`aisec: invalid configuration: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

function parseMegabytes(value: string): number {
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0) throw new InvalidArgumentError('must be a positive number of megabytes');
  return megabytes;
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return jobs;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
