import { defineRule, type Instruction, type Fix, type Range, type SourceText } from '../../server/src/engine/api';

/**
 * The final stage of a Dockerfile decides who the container runs as. Without a USER, or with a last
 * USER of root, every process in the serving container, and every exploit of it, runs as root.
 */
export default defineRule({
  meta: {
    id: 'container/root-user',
    category: 'container',
    title: 'Container runs as root',
    severity: 'warning',
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds Dockerfiles whose final stage has no USER instruction, or whose last USER is root.',
      why:
        'A model server that runs as root turns any code execution bug (an unsafe pickle, a prompt-injected tool call) ' +
        'into root inside the container, and one step from the host through a mounted socket or a kernel bug. ' +
        'Docker runs as root unless told otherwise; hadolint only reports an explicit `USER root`, not a missing USER.',
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n',
      good:
        'FROM python:3.12-slim\nCOPY . /app\nRUN useradd --create-home --uid 10001 appuser\nUSER appuser\nCMD ["python", "/app/serve.py"]\n',
      fix: 'Creates an unprivileged user (useradd on Debian and Ubuntu bases, adduser on Alpine) and switches to it before CMD/ENTRYPOINT.',
      references: { owaspLlm: ['LLM06'], owaspMl: ['ML06'], cwe: [250, 269] },
    },
  },
  create(context) {
    const dockerfile = context.dockerfile;
    if (!dockerfile) return;
    const froms = dockerfile.getFROMs();
    const finalFrom = froms[froms.length - 1];
    if (!finalFrom) return;
    const finalStart = finalFrom.getRange().start.line;
    const stageInstructions = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= finalStart);
    const users = stageInstructions.filter((i) => i.getKeyword() === 'USER');
    const lastUser = users[users.length - 1];
    const base = (finalFrom.getImageName() ?? '').toLowerCase();
    if (!lastUser) {
      context.report({
        range: finalFrom.getRange(),
        message: `The final stage (FROM ${finalFrom.getImage() ?? base}) has no USER instruction, so the container runs as root.`,
        fixes: [addUserFix(context.source, stageInstructions, base)],
      });
      return;
    }
    const user = lastUser.getArgumentsContent()?.trim() ?? '';
    if (isRoot(user)) {
      context.report({
        range: lastUser.getRange(),
        message: `The final stage's last USER is "${user}", so the container runs as root.`,
        fixes: [replaceUserFix(context.source, lastUser, base)],
      });
    }
  },
});

function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

const USER_NAME = 'appuser';

function createUserCommand(base: string): string | undefined {
  if (base === 'scratch' || base.includes('distroless')) return undefined;
  if (base.includes('alpine')) return `RUN addgroup -S ${USER_NAME} && adduser -S -G ${USER_NAME} -u 10001 ${USER_NAME}`;
  return `RUN useradd --create-home --uid 10001 ${USER_NAME}`;
}

function userLines(base: string, eol: string): string {
  const create = createUserCommand(base);
  // Images without a shell cannot run useradd; a numeric id needs no entry in /etc/passwd.
  return create ? `${create}${eol}USER ${USER_NAME}${eol}` : `USER 10001${eol}`;
}

function addUserFix(source: SourceText, stage: Instruction[], base: string): Fix {
  const runtime = stage.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
  const eol = source.eol;
  let at: Range['start'];
  let text = userLines(base, eol);
  if (runtime) {
    at = { line: runtime.getRange().start.line, character: 0 };
  } else {
    const last = stage[stage.length - 1];
    const endLine = last.getRange().end.line;
    at = { line: endLine, character: source.lineText(endLine).length };
    text = eol + text.slice(0, -eol.length);
  }
  return {
    title: `Create the unprivileged user "${USER_NAME}" and switch to it`,
    safety: 'unsafe',
    edits: [{ range: { start: at, end: at }, newText: text }],
  };
}

function replaceUserFix(source: SourceText, user: Instruction, base: string): Fix {
  const range = user.getRange();
  const lines = userLines(base, source.eol);
  return {
    title: `Run as the unprivileged user "${USER_NAME}" instead of root`,
    safety: 'unsafe',
    edits: [{ range: { start: { line: range.start.line, character: 0 }, end: range.end }, newText: lines.slice(0, -source.eol.length) }],
  };
}
