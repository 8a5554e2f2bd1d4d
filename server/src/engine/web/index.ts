import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import { shared, type RuleContext } from '../rule';
import { javascriptSemantics } from '../semantic/javascript';
import { pythonSemantics } from '../semantic/python';
import { javascriptWebApp } from './javascript-routes';
import { pythonWebApp } from './python-routes';
import type { WebApp, WebRoute } from './types';

export type { WebApp, WebRoute, WebFramework, ModelCall } from './types';
export { pythonModelCallName, pythonModelObjects, pythonLlmImportNames, javascriptModelCallName, MODEL_API_HOST, OPENAI_COMPATIBLE_PATH } from './model-calls';
export { isAuthName, isRateLimitName, checksCredential } from './protection';
export { findInProject } from './project-files';

/**
 * The web routes of the document being analysed (Flask, FastAPI, Starlette, Django/DRF, Express, Fastify, Hono,
 * Koa, Next.js route handlers) with their authentication, rate limiting and model calls. Built once per document
 * and shared by every rule that asks.
 */
export function webApp(context: RuleContext): WebApp {
  return shared(context, 'web-app', () => {
    const tree = context.tree as Tree | undefined;
    if (!tree) return { routes: [], rateLimiter: undefined };
    if (context.family === 'python') return pythonWebApp(tree.rootNode, pythonSemantics(context), context.filePath, context.files);
    if (context.family === 'javascript') return javascriptWebApp(tree.rootNode, javascriptSemantics(context), context.filePath, context.files);
    return { routes: [], rateLimiter: undefined };
  });
}

/** The route whose handler contains `node` (request-driven code), or undefined. */
export function enclosingRoute(context: RuleContext, node: Node): WebRoute | undefined {
  const byHandler = shared(context, 'web-app-handlers', () => {
    const map = new Map<number, WebRoute>();
    for (const route of webApp(context).routes) if (route.handler) map.set(route.handler.id, route);
    return map;
  });
  if (byHandler.size === 0) return undefined;
  for (let current: Node | null = node; current; current = current.parent) {
    const route = byHandler.get(current.id);
    if (route) return route;
  }
  return undefined;
}
