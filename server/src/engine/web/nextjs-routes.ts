import type { SyntaxNode as Node } from '../syntax/node';
import type { FileSystem } from '../file-system';
import type { FunctionIndex } from './function-index';
import { findInProject } from './project-files';
import { handlerAuth, isFunction } from './javascript-functions';
import type { WebRoute } from './types';
import { enforcesQuota } from './protection';

/**
 * Next.js route handlers: `export async function POST(req)` in `app/.../route.ts`, `export default handler` in
 * `pages/api/`, and the project's `middleware.ts`/`proxy.ts`, which runs before them.
 */

const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export interface ExportedFunction {
  name: string;
  fn: Node;
  registration: Node;
}

export function isRouteHandlerFile(filePath: string | undefined): boolean {
  return !!filePath && (/(?:^|[\\/])route\.[cm]?[jt]sx?$/.test(filePath) || /(?:^|[\\/])pages[\\/]api[\\/]/.test(filePath));
}

/** Exported functions of a module (`export function POST`, `export const POST = async () => {}`, `export default`). */
export function collectExports(statement: Node, exported: ExportedFunction[]): void {
  const declaration = statement.childForFieldName('declaration');
  const isDefault = statement.children.some((c) => c?.type === 'default');
  if (declaration?.type === 'function_declaration') {
    exported.push({ name: isDefault ? 'default' : (declaration.childForFieldName('name')?.text ?? ''), fn: declaration, registration: statement });
  } else if (declaration && (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration')) {
    for (const declarator of declaration.namedChildren) {
      const name = declarator?.childForFieldName('name')?.text;
      const value = declarator?.childForFieldName('value');
      if (name && value && isFunction(value)) exported.push({ name, fn: value, registration: statement });
    }
  } else if (isDefault) {
    const value = statement.childForFieldName('value') ?? statement.namedChildren.find((c) => c && isFunction(c));
    if (value && isFunction(value)) exported.push({ name: 'default', fn: value, registration: statement });
  }
}

/** The exported HTTP-method handlers of a route file (or the default handler of a pages/api file) as routes. */
export function nextRouteHandlers(exported: ExportedFunction[], filePath: string | undefined, files: FileSystem, functions: FunctionIndex): WebRoute[] {
  const routes: WebRoute[] = [];
  const middleware = exported.length > 0 ? nextMiddlewareAuth(filePath, files) : undefined;
  for (const { name, fn, registration } of exported) {
    const pagesApi = name === 'default' && !!filePath && /(?:^|[\\/])pages[\\/]api[\\/]/.test(filePath);
    if (!HTTP_EXPORTS.has(name) && !pagesApi) continue;
    routes.push({
      framework: 'nextjs',
      method: pagesApi ? 'ANY' : name,
      path: undefined,
      registration,
      handler: fn,
      auth: handlerAuth(fn) ?? middleware,
      rateLimit: enforcesQuota(fn.text) ? 'a rate limit or quota check in the handler' : undefined,
      modelCall: functions.modelCallOf(fn),
    });
  }
  return routes;
}

const NEXT_MIDDLEWARE_FILES = ['middleware.ts', 'middleware.js', 'src/middleware.ts', 'src/middleware.js', 'proxy.ts', 'proxy.js', 'src/proxy.ts', 'src/proxy.js'];
/** What a Next.js middleware that authenticates looks like: Clerk, next-auth, Supabase, or a check that answers 401/redirects to login. */
const NEXT_MIDDLEWARE_AUTH = /clerkMiddleware|authMiddleware|withAuth|next-auth|@auth\/|getToken|\bauth\(|supabase\.auth|createMiddlewareClient|updateSession|kinde|auth0|status:\s*40[13]|redirect\([^)]*(?:login|signin|sign-in)/i;

/**
 * Next.js runs `middleware.ts` (or `proxy.ts`) before every route handler; when it authenticates, the handlers
 * need no check of their own. Looked for in the folders above the route file, at the app's root.
 */
function nextMiddlewareAuth(filePath: string | undefined, files: FileSystem): string | undefined {
  const found = findInProject(files, filePath, (_directory, file) => {
    for (const name of NEXT_MIDDLEWARE_FILES) {
      const text = files.read(file(name));
      if (text !== undefined) return { name, authenticates: NEXT_MIDDLEWARE_AUTH.test(text) };
    }
    return undefined;
  }, 10);
  return found?.authenticates ? `${found.name} (Next.js middleware)` : undefined;
}
