import type { SyntaxNode as Node } from '../syntax/node';

export type WebFramework =
  | 'flask'
  | 'quart'
  | 'sanic'
  | 'aiohttp'
  | 'bottle'
  | 'fastapi'
  | 'starlette'
  | 'django'
  | 'express'
  | 'fastify'
  | 'nextjs'
  | 'hono'
  | 'koa';

/** One HTTP route found in a document, with what protects it. */
export interface WebRoute {
  framework: WebFramework;
  /** Upper-case HTTP method, or `ANY` when the route accepts several. */
  method: string;
  /** The path as written, when it is a literal. */
  path: string | undefined;
  /** Where the route is registered: the decorator, the `app.post(` call, the exported handler. Findings go here. */
  registration: Node;
  /** The handler function, when it is in this document. */
  handler: Node | undefined;
  /** What authenticates callers (`Depends(get_current_user)`, `requireAuth`, `getServerSession`), or undefined. */
  auth: string | undefined;
  /** What rate-limits this route specifically (a decorator or middleware), or undefined. */
  rateLimit: string | undefined;
  /** The first model or LLM API call the handler makes, directly or through a function in the same document. */
  modelCall: ModelCall | undefined;
}

export interface ModelCall {
  node: Node;
  /** How the call reads (`client.chat.completions.create`, `generateText`). */
  name: string;
  /** The handler's call into a function of the same document that leads to the model call, when indirect. */
  via?: Node;
}

/** The routes of a document and the protections that apply to the whole app. */
export interface WebApp {
  routes: WebRoute[];
  /** Evidence of an app-wide rate limiter (an imported library, `app.use(limiter)`), or undefined. */
  rateLimiter: string | undefined;
}
