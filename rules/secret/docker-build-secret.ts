import {
  credentialKind,
  defineRule,
  detectSecret,
  dockerfileModel,
  maskSecret,
  propertiesOf,
  type Range,
  type SecretMatch,
  type ShellCommand,
  type ShellWord,
} from '../../server/src/engine/api';

/** Commands whose `-p` option is a password (`mysql -pSECRET`); registry clients only in `login` (`docker run -p` publishes ports). */
const PASSWORD_P = new Set(['mysql', 'mysqladmin', 'mysqldump', 'mariadb']);
const LOGIN_PASSWORD_P = new Set(['docker', 'podman', 'nerdctl', 'skopeo', 'buildah', 'helm', 'oras']);

function takesPasswordP(command: ShellCommand): boolean {
  if (PASSWORD_P.has(command.name)) return true;
  return LOGIN_PASSWORD_P.has(command.name) && command.args.some((a) => a.value === 'login');
}
/** Option names that hold credentials even though they do not end in a credential word. */
const CREDENTIAL_OPTIONS = new Set(['--token', '--auth-token', '--api-key', '--apikey', '--access-token', '--password', '--passwd', '--secret', '--client-secret', '--hf-token']);
/** Variables whose value is a credential when their name says so (`$HF_TOKEN`, `${OPENAI_API_KEY}`). */
const SECRET_VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

interface Hit {
  range: Range;
  message: string;
  match?: SecretMatch;
}

export default defineRule({
  meta: {
    id: 'secret/docker-build-secret',
    category: 'secret',
    title: 'Secret in a Dockerfile LABEL or RUN command',
    severity: 'error',
    languages: ['dockerfile'],
    docs: {
      summary:
        'Finds secrets written into an image through LABEL values and RUN command lines: provider keys anywhere in RUN, `--password`, ' +
        '`--token` and `-p` values (`docker login -p`, `huggingface-cli login --token`), credentials in URLs (`https://user:token@host`), ' +
        'and secret variables written to files (`echo $HF_TOKEN > ~/.cache/huggingface/token`). ENV and ARG values are ' +
        '`secret/dockerfile-env-secret`.',
      why:
        'Every RUN command line is stored in the image history (`docker history --no-trunc`) and LABELs in its configuration, so a ' +
        'token used "just for the build" ships with the image to every registry and cache. A file written in one layer stays in ' +
        'that layer even when a later step deletes it. Build secrets (`RUN --mount=type=secret`) are mounted for one step and never stored.',
      bad: 'RUN huggingface-cli login --token hf_… && python download.py\n',
      good: 'RUN --mount=type=secret,id=hf_token,env=HF_TOKEN python download.py\n',
      fix: 'No automatic fix: pass the value with `docker build --secret id=hf_token,env=HF_TOKEN` and read it in `RUN --mount=type=secret,id=hf_token,env=HF_TOKEN`; revoke the leaked key.',
      references: { owaspLlm: ['LLM02', 'LLM03'], cwe: [798, 538, 214] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    if (!model) return;
    const hits: Hit[] = [];
    for (const instruction of model.dockerfile.getInstructions()) {
      if (instruction.getKeyword() !== 'LABEL') continue;
      for (const property of propertiesOf(instruction)) {
        const value = property.getValue();
        const range = property.getValueRange();
        if (!value || !range) continue;
        const match = detectSecret(value, property.getName());
        if (match) hits.push({ range, match, message: `LABEL ${property.getName()} holds a ${match.provider}; labels are readable by anyone who pulls the image.` });
      }
    }
    for (const script of model.runScripts()) {
      for (const assignment of script.assignments) {
        const value = assignment.value;
        if (!value || value.dynamic) continue;
        const match = detectSecret(value.value, assignment.name);
        if (match) hits.push({ range: value.range, match, message: `RUN sets ${assignment.name} to a ${match.provider}; the command line is stored in the image history.` });
      }
      script.commands.forEach((command, index) => hits.push(...commandHits(command, script.commands.slice(index + 1))));
    }
    const seen = new Set<string>();
    for (const hit of hits) {
      const key = `${hit.range.start.line}:${hit.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const masked = hit.match ? ` ("${maskSecret(secretText(context.source.text, context.source.offsetAt(hit.range.start), context.source.offsetAt(hit.range.end), hit.match))}")` : '';
      context.report({
        range: hit.range,
        message: `${hit.message}${masked} Use a build secret: RUN --mount=type=secret,id=<name>, and revoke the exposed value.`,
        properties: hit.match ? { secretKind: hit.match.kind, format: hit.match.formatId, confidence: hit.match.confidence } : undefined,
      });
    }
  },
});

/** The secret itself within the reported text (quotes and surrounding words excluded), for masking. */
function secretText(text: string, start: number, end: number, match: SecretMatch): string {
  const raw = text.slice(start, end).replace(/^["']|["']$/g, '');
  return raw.slice(match.start, match.end) || raw;
}

function optionValue(command: ShellCommand, index: number): { name: string; value: ShellWord | undefined } {
  const word = command.args[index];
  const eq = word.value.indexOf('=');
  if (word.value.startsWith('--') && eq > 0) {
    return { name: word.value.slice(0, eq), value: { ...word, value: word.value.slice(eq + 1) } };
  }
  return { name: word.value, value: command.args[index + 1] };
}

/** A later command of the same RUN deletes the file, so it never reaches a layer. */
function removedLater(target: string, later: readonly ShellCommand[]): boolean {
  return later.some((c) => (c.name === 'rm' || c.name === 'shred' || c.name === 'unlink') && c.args.some((a) => a.value === target));
}

function commandHits(command: ShellCommand, later: readonly ShellCommand[]): Hit[] {
  const hits: Hit[] = [];
  const reportedWords = new Set<ShellWord>();
  command.args.forEach((word, index) => {
    if (!word.value.startsWith('-')) return;
    const { name, value } = optionValue(command, index);
    if (!value || value.dynamic || value.value.startsWith('-')) return;
    const isCredentialOption = CREDENTIAL_OPTIONS.has(name) || (name.startsWith('--') && credentialKind(name.slice(2)) !== undefined);
    const isPasswordP = name === '-p' && takesPasswordP(command);
    if (!isCredentialOption && !isPasswordP) return;
    if (name === '--password-stdin' || name === '--token-stdin') return;
    const match = detectSecret(value.value, isPasswordP ? 'password' : name.replace(/^-+/, '').replace(/-/g, '_'));
    if (!match) return;
    reportedWords.add(value);
    hits.push({ range: value.range, match, message: `\`${command.name} ${name}\` passes a ${match.provider} on the command line, which the image history records.` });
  });
  // mysql -pSECRET: the password is attached to the option.
  if (PASSWORD_P.has(command.name)) {
    for (const word of command.args) {
      const attached = /^-p(.{4,})$/.exec(word.value);
      if (!attached || word.dynamic) continue;
      const match = detectSecret(attached[1], 'password');
      if (match) {
        reportedWords.add(word);
        hits.push({ range: word.range, match: { ...match, start: match.start + 2, end: match.end + 2 }, message: `\`${command.name} -p…\` passes a password on the command line, which the image history records.` });
      }
    }
  }
  for (const word of [command.rawName, ...command.args]) {
    if (reportedWords.has(word)) continue;
    const inUrl = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s:]+):([^/@\s]+)@/i.exec(word.value);
    if (inUrl && !inUrl[2].startsWith('$')) {
      const match = detectSecret(inUrl[2], 'password');
      if (match) {
        const offset = word.value.indexOf(inUrl[2]);
        hits.push({ range: word.range, match: { ...match, start: offset + match.start, end: offset + match.end }, message: 'A URL in RUN carries credentials (user:secret@host), which the image history records.' });
        continue;
      }
    }
    const match = detectSecret(word.value);
    if (match) hits.push({ range: word.range, match, message: `RUN passes a ${match.provider} on the command line, which the image history records.` });
  }
  // echo "$HF_TOKEN" > file: the secret ends up in a layer even if a later step deletes the file.
  const written = command.redirects.find((r) => r.operator.startsWith('>') && r.target && !/^\/dev\/(null|stderr|stdout)$/.test(r.target.value));
  if ((command.name === 'echo' || command.name === 'printf') && written?.target && !removedLater(written.target.value, later)) {
    for (const word of command.args) {
      for (const variable of word.value.matchAll(SECRET_VARIABLE)) {
        if (credentialKind(variable[1])) {
          hits.push({ range: word.range, message: `\`${command.name} $${variable[1]} > file\` writes a secret into an image layer, where it stays even if a later step deletes the file.` });
          break;
        }
      }
    }
  }
  return hits;
}
