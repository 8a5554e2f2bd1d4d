import {
  defineRule,
  dockerfileModel,
  type DockerfileModel,
  type Fix,
  type Instruction,
  type Range,
  type SourceText,
  type Stage,
} from '../../server/src/engine/api';

/**
 * Only the final stage decides who the container runs as; build stages may use root freely. The final
 * stage's user is its last USER, or, when it has none, the user of the stage it is built from
 * (`FROM build AS final` inherits `build`'s USER), or the base image's default (root for nearly all).
 */
export default defineRule({
  meta: {
    id: 'container/root-user',
    category: 'container',
    title: 'Container runs as root',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', tooling: 'info' },
    languages: ['dockerfile'],
    fixable: 'unsafe',
    docs: {
      summary: "Finds Dockerfiles whose final stage runs as root: no USER at all, or a last USER of root, 0, root:root or an ARG/ENV that resolves to root.",
      why:
        'A model server that runs as root turns any code execution bug (an unsafe pickle, a prompt-injected tool call) ' +
        'into root inside the container, and one step from the host through a mounted socket or a kernel bug. ' +
        'Docker runs as root unless told otherwise; hadolint only reports an explicit `USER root`, not a missing USER. ' +
        'Only the final stage counts: a build stage may install packages as root. A final stage built `FROM` an earlier ' +
        'stage inherits that stage\'s USER, and `USER $APP_USER` is resolved through the ARG and ENV defaults in the file. ' +
        'An image that serves nothing (no CMD or ENTRYPOINT other than a bare shell, no EXPOSE, or a final stage named ' +
        'as a development or build image such as `AS dev-image`) is reported as info (docs/severity.md).',
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n',
      good:
        'FROM python:3.12-slim\nCOPY . /app\nRUN useradd --create-home --uid 10001 appuser\nUSER appuser\nCMD ["python", "/app/serve.py"]\n',
      fix: 'Creates an unprivileged user (useradd on Debian and Ubuntu bases, adduser on Alpine, a numeric uid on distroless and scratch) and switches to it before CMD/ENTRYPOINT.',
      references: { owaspLlm: ['LLM06'], owaspMl: ['ML06'], cwe: [250, 269] },
    },
  },
  create(context) {
    const model = dockerfileModel(context);
    const stage = model?.finalStage;
    if (!model || !stage) return;
    const base = baseImageOf(stage);
    // An image that states no process to run and no port (a CI or dev image, an export stage `FROM scratch`)
    // is a build step, not served: its root user is hygiene there.
    const severity = declaresRuntime(stage) ? undefined : 'info';
    const own = lastUser(stage);
    if (own) {
      const user = resolveUser(model, own);
      if (user.root) {
        const shown = user.resolved !== user.written ? `"${user.written}" (resolves to "${user.resolved}")` : `"${user.written}"`;
        context.report({
          range: own.getRange(),
          message: `The final stage's last USER is ${shown}, so the container runs as root.`,
          severity,
          fixes: [replaceUserFix(context.source, own, base)],
        });
      }
      return;
    }
    const inherited = inheritedUser(model, stage);
    if (inherited === 'non-root') return;
    if (inherited === undefined && runsAsNonRootByDefault(base)) return;
    const from = stage.from;
    const reason =
      inherited === 'root'
        ? `inherits root from the stage "${stage.parent?.name ?? ''}"`
        : 'has no USER instruction, so the container runs as root';
    context.report({
      range: from.getRange(),
      message: `The final stage (FROM ${from.getImage() ?? stage.image}) ${reason}.`,
      severity,
      fixes: [addUserFix(context.source, stage, base)],
    });
  },
});

/**
 * The image serves something: the stage, or a stage it is built FROM, says what the container runs (a CMD or
 * ENTRYPOINT other than a bare shell) or which port it serves (EXPOSE), and the final stage is not named as a
 * development or build image (`AS dev-image`, `AS ci`, `AS build`). A bare `CMD ["/bin/bash"]` is a shell for
 * someone working inside the image, not a service.
 */
function declaresRuntime(stage: Stage | undefined): boolean {
  if (stage && BUILD_STAGE_NAME.test(stage.name ?? '')) return false;
  for (let current = stage, depth = 0; current && depth < 32; current = current.parent, depth++) {
    for (const instruction of current.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'EXPOSE') return true;
      if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !BARE_SHELL.test(argumentText(instruction))) return true;
    }
  }
  return false;
}

/** Stage names that say the image is for development, CI or building, not for serving. */
const BUILD_STAGE_NAME = /(^|[-_])(dev|devel|development|ci|test|tests|build|builder|compile)([-_]|$)/i;
/** `bash`, `/bin/sh`, `["/bin/bash"]`, `["bash", "-l"]`: an interactive shell. */
const BARE_SHELL = /^\s*\[?\s*"?(\/usr)?(\/bin\/)?(ba|z|da)?sh"?\s*(,\s*"-l"\s*)?\]?\s*$/;

function argumentText(instruction: Instruction): string {
  return instruction.getArgumentsContent() ?? '';
}

function lastUser(stage: Stage): Instruction | undefined {
  const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
  return users[users.length - 1];
}

/** The user a stage built FROM an earlier stage starts with: 'root', 'non-root', or undefined when no stage says. */
function inheritedUser(model: DockerfileModel, stage: Stage): 'root' | 'non-root' | undefined {
  const seen = new Set<Stage>();
  for (let parent = stage.parent; parent && !seen.has(parent); parent = parent.parent) {
    seen.add(parent);
    const user = lastUser(parent);
    if (user) {
      const resolved = resolveUser(model, user);
      if (resolved.unknown) return 'non-root';
      return resolved.root ? 'root' : 'non-root';
    }
  }
  return undefined;
}

/** The image a stage ultimately runs on, following stage references. */
function baseImageOf(stage: Stage): string {
  let current: Stage = stage;
  const seen = new Set<Stage>();
  while (current.parent && !seen.has(current.parent)) {
    seen.add(current);
    current = current.parent;
  }
  return current.image.toLowerCase();
}

/**
 * Images documented to run as a non-root user unless told otherwise: distroless `nonroot` tags, Chainguard
 * images, the Jupyter Docker Stacks (jovyan), Bitnami (uid 1001) and the `*-unprivileged` variants.
 */
function runsAsNonRootByDefault(image: string): boolean {
  return (
    /(^|[:\-/])nonroot($|[-:@])/.test(image) ||
    /^cgr\.dev\/chainguard\//.test(image) ||
    /^(quay\.io\/|docker\.io\/)?jupyter\//.test(image) ||
    /^(docker\.io\/)?bitnami\//.test(image) ||
    /-unprivileged(:|@|$)/.test(image)
  );
}

interface ResolvedUser {
  written: string;
  resolved: string;
  root: boolean;
  /** The user comes from a build argument without a default: nothing can be said. */
  unknown: boolean;
}

function resolveUser(model: DockerfileModel, user: Instruction): ResolvedUser {
  const written = user.getArgumentsContent()?.trim() ?? '';
  const expansion = model.expand(written, user);
  const resolved = expansion.value.trim();
  const name = resolved.split(':')[0].trim();
  const root = !expansion.unresolved && (name === 'root' || /^0+$/.test(name));
  return { written, resolved, root, unknown: expansion.unresolved };
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

function addUserFix(source: SourceText, stage: Stage, base: string): Fix {
  const instructions = stage.instructions;
  const runtime = instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
  const eol = source.eol;
  let at: Range['start'];
  let text = userLines(base, eol);
  if (runtime) {
    at = { line: runtime.getRange().start.line, character: 0 };
  } else {
    const last = instructions[instructions.length - 1] ?? stage.from;
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
