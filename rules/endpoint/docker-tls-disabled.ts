import {
  defineRule,
  dockerfileModel,
  propertiesOf,
  type Fix,
  type Range,
  type ShellCommand,
  type ShellWord,
  type SourceText,
} from '../../server/src/engine/api';
import { deleteWordEdit, findOption, pipInstallArgs } from '../container/_shell';

/** Environment variables that switch certificate checks off, and the values that do it. */
const TLS_ENV: Record<string, { off: (value: string) => boolean; tool: string }> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: (v) => v === '0', tool: 'Node.js' },
  PYTHONHTTPSVERIFY: { off: (v) => v === '0', tool: 'Python' },
  GIT_SSL_NO_VERIFY: { off: (v) => v !== '' && !/^(0|false|no)$/i.test(v), tool: 'git' },
  PIP_TRUSTED_HOST: { off: (v) => v !== '', tool: 'pip' },
  NPM_CONFIG_STRICT_SSL: { off: (v) => /^(false|0)$/i.test(v), tool: 'npm' },
  YARN_STRICT_SSL: { off: (v) => /^(false|0)$/i.test(v), tool: 'yarn' },
};

interface Hit {
  range: Range;
  message: string;
  fix?: Fix;
}

export default defineRule({
  meta: {
    id: 'endpoint/docker-tls-disabled',
    category: 'endpoint',
    title: 'TLS verification disabled during the build',
    severity: 'warning',
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds Dockerfiles that turn certificate checks off: `curl -k/--insecure`, `wget --no-check-certificate`, `pip --trusted-host`, ' +
        '`npm/yarn config set strict-ssl false`, package indexes over plain `http://`, `git -c http.sslVerify=false`, `conda config --set ssl_verify false`, and ' +
        '`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY`, `PIP_TRUSTED_HOST` in ENV, ARG or RUN.',
      why:
        'Packages, installers and model weights downloaded without certificate checks can be replaced by anyone on the network ' +
        'path (a proxy, a hostile Wi-Fi, a compromised CI runner), and the result is baked into the image. Set in ENV, the ' +
        'setting also stays on at runtime, so the model server\'s own API calls (carrying API keys) are unverified too.',
      bad: 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN curl -k https://example.com/install.sh -o /tmp/i.sh\n',
      good: 'COPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && curl https://example.com/install.sh -o /tmp/i.sh\n',
      fix: 'Removes `-k`, `--insecure` or `--no-check-certificate` (unsafe: a private CA then has to be installed with update-ca-certificates).',
      references: { owaspLlm: ['LLM03'], cwe: [295] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    const hits: Hit[] = [];
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword === 'ENV' || keyword === 'ARG') {
        for (const property of propertiesOf(instruction)) {
          const hit = envHit(property.getName(), property.getValue() ?? '', property.getRange(), keyword);
          if (hit) hits.push(hit);
        }
      }
    }
    for (const script of model.runScripts()) {
      for (const assignment of script.assignments) {
        const hit = envHit(assignment.name, assignment.value?.value ?? '', assignment.range, 'RUN');
        if (hit) hits.push(hit);
      }
      for (const command of script.commands) {
        for (const assignment of command.assignments) {
          const hit = envHit(assignment.name, assignment.value?.value ?? '', assignment.range, 'RUN');
          if (hit) hits.push(hit);
        }
        hits.push(...commandHits(command, context.source));
      }
    }
    for (const hit of hits) context.report({ range: hit.range, message: hit.message, fixes: hit.fix ? [hit.fix] : [] });
  },
});

function isLoopback(url: string): boolean {
  return /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)/i.test(url);
}

function envHit(name: string, value: string, range: Range, where: string): Hit | undefined {
  const entry = TLS_ENV[name.toUpperCase()];
  if (!entry || !entry.off(value.trim())) return undefined;
  const lasts = where === 'ENV' ? ' (ENV keeps it on when the container runs)' : '';
  return { range, message: `${where} ${name}=${value} turns ${entry.tool} certificate verification off${lasts}.` };
}

function removal(source: SourceText, word: ShellWord): Fix {
  return { title: `Remove ${word.value} and verify certificates`, safety: 'unsafe', edits: [deleteWordEdit(source, word)] };
}

function commandHits(command: ShellCommand, source: SourceText): Hit[] {
  const hits: Hit[] = [];
  const words = command.args.map((a) => a.value);
  switch (command.name) {
    case 'curl': {
      const flag = findOption(command, 'k', ['--insecure', '--proxy-insecure']);
      if (flag) {
        const alone = flag.value === '-k' || flag.value.startsWith('--');
        hits.push({ range: flag.range, message: `curl ${flag.value} downloads without checking the server certificate.`, fix: alone ? removal(source, flag) : undefined });
      }
      break;
    }
    case 'wget': {
      const flag = findOption(command, undefined, ['--no-check-certificate']);
      if (flag) hits.push({ range: flag.range, message: 'wget --no-check-certificate downloads without checking the server certificate.', fix: removal(source, flag) });
      break;
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const set = words.indexOf('set');
      if (set >= 0 && /^strict[-_]ssl$/i.test(words[set + 1] ?? '') && /^false$/i.test(words[set + 2] ?? '')) {
        hits.push({ range: command.args[set + 1].range, message: `${command.name} config set strict-ssl false turns registry certificate checks off.` });
      }
      const inline = command.args.find((a) => /^--strict-ssl=false$/i.test(a.value));
      if (inline) hits.push({ range: inline.range, message: `${command.name} ${inline.value} turns registry certificate checks off.` });
      break;
    }
    case 'git': {
      const off = command.args.find((a) => /^http\.sslverify=(false|0|no)$/i.test(a.value));
      const configIndex = words.findIndex((w) => /^http\.sslverify$/i.test(w));
      if (off) hits.push({ range: off.range, message: `git ${off.value} turns certificate checks off.` });
      else if (configIndex >= 0 && /^(false|0|no)$/i.test(words[configIndex + 1] ?? '')) {
        hits.push({ range: command.args[configIndex].range, message: 'git config http.sslVerify false turns certificate checks off.' });
      }
      break;
    }
    case 'conda':
    case 'mamba':
    case 'micromamba': {
      const index = words.findIndex((w) => w === 'ssl_verify');
      if (index >= 0 && /^(false|no|0)$/i.test(words[index + 1] ?? '')) {
        hits.push({ range: command.args[index].range, message: `${command.name} ssl_verify false turns channel certificate checks off.` });
      }
      break;
    }
    default:
      break;
  }
  const pipArgs = pipInstallArgs(command) ?? (/^pip(3(\.\d+)?)?$/.test(command.name) ? command.args : undefined);
  if (pipArgs) {
    const trusted = pipArgs.find((a) => a.value === '--trusted-host' || a.value.startsWith('--trusted-host='));
    if (trusted) hits.push({ range: trusted.range, message: 'pip --trusted-host installs from that host without certificate checks.' });
    const configured = pipArgs.findIndex((a) => /^(global|install)\.trusted-host$/.test(a.value));
    if (configured >= 0) hits.push({ range: pipArgs[configured].range, message: 'pip config trusted-host installs from that host without certificate checks.' });
    pipArgs.forEach((arg, index) => {
      const inline = /^(--index-url|--extra-index-url|-i)=?(.*)$/.exec(arg.value);
      if (!inline) return;
      const url = inline[2] || pipArgs[index + 1]?.value || '';
      if (/^http:\/\//i.test(url) && !isLoopback(url)) {
        hits.push({ range: arg.range, message: `pip ${inline[1]} ${url} installs packages over plain HTTP, with no TLS at all.` });
      }
    });
  }
  if ((command.name === 'npm' || command.name === 'yarn' || command.name === 'pnpm') && words.includes('registry')) {
    const url = words[words.indexOf('registry') + 1] ?? '';
    if (/^http:\/\//i.test(url) && !isLoopback(url)) {
      hits.push({ range: command.args[words.indexOf('registry') + 1].range, message: `${command.name} registry ${url} fetches packages over plain HTTP, with no TLS at all.` });
    }
  }
  if (command.name === 'aws') {
    const flag = findOption(command, undefined, ['--no-verify-ssl']);
    if (flag) hits.push({ range: flag.range, message: 'aws --no-verify-ssl turns certificate checks off.', fix: removal(source, flag) });
  }
  return hits;
}
