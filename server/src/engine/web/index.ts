import type { Tree } from 'web-tree-sitter';
import { shared, type RuleContext } from '../rule';
import { javascriptSemantics } from '../semantic/javascript';
import { pythonSemantics } from '../semantic/python';
import { javascriptWebApp } from './javascript-routes';
import { pythonWebApp } from './python-routes';
import type { WebApp } from './types';

export type { WebApp, WebRoute, WebFramework, ModelCall } from './types';
export { pythonModelCallName, pythonModelObjects, pythonLlmImportNames, javascriptModelCallName, MODEL_API_HOST } from './model-calls';
export { isAuthName, isRateLimitName, checksCredential } from './protection';

/**
 * The web routes of the document being analysed (Flask, FastAPI, Starlette, Django/DRF, Express, Fastify, Hono,
 * Koa, Next.js route handlers) with their authentication, rate limiting and model calls. Built once per document
 * and shared by every rule that asks.
 */
export function webApp(context: RuleContext): WebApp {
  return shared(context, 'web-app', () => {
    const tree = context.tree as Tree | undefined;
    if (!tree) return { routes: [], rateLimiter: undefined };
    if (context.family === 'python') return pythonWebApp(tree.rootNode, pythonSemantics(context), context.filePath);
    if (context.family === 'javascript') return javascriptWebApp(tree.rootNode, javascriptSemantics(context), context.filePath, context.files);
    return { routes: [], rateLimiter: undefined };
  });
}
