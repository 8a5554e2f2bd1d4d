import { Command, CommanderError } from 'commander';
import { allRules, renderRuleCatalogue } from '../engine';

/** Exit codes: 0 no findings at or above the fail level, 1 findings, 2 usage or configuration error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function runCli(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('aisec')
    .description('Finds security mistakes in AI application code (Python, JavaScript/TypeScript, Dockerfiles).')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

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
    throw error;
  }
  return exitCode;
}
