import type { SyntaxNode as Node } from '../syntax/node';
import type { FileSystem } from '../file-system';
import type { JavaScriptSemantics } from '../semantic/javascript';
import { FunctionIndex } from './function-index';
import { handlerAuth, isFunction } from './javascript-functions';
import { collectExports, isRouteHandlerFile, nextRouteHandlers, type ExportedFunction } from './nextjs-routes';
import { javascriptModelCallName } from './model-calls';
import { checksCredential, isAuthName, isRateLimitName } from './protection';
import type { WebApp, WebFramework, WebRoute } from './types';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options', 'on']);
const RATE_LIMIT_MODULES = /^(?:express-rate-limit|rate-limiter-flexible|@upstash\/ratelimit|@fastify\/rate-limit|fastify-rate-limit|hono-rate-limiter|express-slow-down|koa-ratelimit|koa2-ratelimit|@nestjs\/throttler|express-brute|limiter|bottleneck|@arcjet\/\w+)$/;
const FRAMEWORK_MODULES: [RegExp, WebFramework][] = [
  [/^express$/, 'express'],
  [/^fastify$/, 'fastify'],
  [/^hono(?:\/.*)?$/, 'hono'],
  [/^next(?:\/.*)?$/, 'nextjs'],
  [/^(?:koa|@koa\/router|koa-router)$/, 'koa'],
];
/** Constructors of app and router objects. */
const APP_FACTORY = /^(?:express(?:\.Router)?|Router|fastify|Fastify|new\s+Hono|new\s+Router|new\s+Koa|new\s+KoaRouter|express\(\)\.Router)\s*[(<]/;
const FASTIFY_AUTH_HOOKS = /^(?:onRequest|preHandler|preValidation|preParsing)$/;

interface AppObject {
  /** Auth middleware applied with `use` (or a Fastify hook) and the source position it takes effect from. */
  auth: { evidence: string; from: number; pathPrefix?: string }[];
}

/** Express, Fastify, Hono and Koa routes and Next.js route handlers of a JavaScript/TypeScript module. */
export function javascriptWebApp(root: Node, semantics: JavaScriptSemantics, filePath: string | undefined, files: FileSystem): WebApp {
  const framework = frameworkOf(semantics, filePath);
  if (!framework) return { routes: [], rateLimiter: undefined };
  const functions = new FunctionIndex(
    'call_expression',
    (call) => javascriptModelCallName(call, semantics),
    (call) => {
      const callee = call.childForFieldName('function');
      return callee?.type === 'identifier' ? callee.text : undefined;
    },
  );
  const apps = new Map<string, AppObject>();
  let rateLimiter = [...semantics.importedModules].find((m) => RATE_LIMIT_MODULES.test(m));
  const routeCalls: Node[] = [];
  const exported: ExportedFunction[] = [];

  for (const statement of root.namedChildren) {
    if (!statement) continue;
    collectFunctions(statement, functions);
    const inner = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
    if (statement.type === 'export_statement') collectExports(statement, exported);
    if (inner && (inner.type === 'lexical_declaration' || inner.type === 'variable_declaration')) {
      for (const declarator of inner.namedChildren) {
        const name = declarator?.childForFieldName('name');
        const value = declarator?.childForFieldName('value');
        if (name?.type === 'identifier' && value && APP_FACTORY.test(value.text)) apps.set(name.text, { auth: [] });
      }
    }
  }
  // Route registrations may sit inside plugin functions (`async function routes(fastify) { fastify.post(...) }`).
  for (const call of root.descendantsOfType('call_expression')) if (call) routeCalls.push(call);

  for (const call of routeCalls) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'member_expression') continue;
    const method = callee.childForFieldName('property')?.text ?? '';
    const objectName = callee.childForFieldName('object')?.text ?? '';
    if (method === 'use' || method === 'register') {
      const args = argumentsOf(call);
      const prefix = args[0] && isStringNode(args[0]) ? literal(args[0]) : undefined;
      if (!rateLimiter && args.some((a) => isRateLimitName(a.text))) rateLimiter = `${objectName}.${method}(${args.map((a) => a.text).join(', ').slice(0, 50)})`;
      const authArg = args.find((a) => middlewareAuth(a, functions));
      // Routers mounted here (`app.use('/api', router)`, Koa's `app.use(router.routes())`) sit behind the app's
      // middleware registered before this call for a matching prefix.
      const mountPath = prefix ?? '/';
      const inherited = (apps.get(objectName)?.auth ?? []).filter((a) => a.from <= call.startIndex && (!a.pathPrefix || mountPath.startsWith(a.pathPrefix.replace(/\*$/, ''))));
      const mounted = args.slice(authArg ? args.indexOf(authArg) + 1 : 0).map(mountedRouter).filter((name): name is string => !!name && name !== objectName);
      for (const name of mounted) {
        const router = apps.get(name) ?? { auth: [] };
        for (const a of inherited) router.auth.push({ evidence: a.evidence, from: 0 });
        if (authArg) router.auth.push({ evidence: middlewareAuth(authArg, functions)!, from: 0 });
        apps.set(name, router);
      }
      if (!authArg) continue;
      const evidence = middlewareAuth(authArg, functions)!;
      const entry = apps.get(objectName) ?? { auth: [] };
      entry.auth.push({ evidence, from: call.startIndex, pathPrefix: prefix });
      apps.set(objectName, entry);
    } else if (method === 'addHook') {
      const [hook, fn] = argumentsOf(call);
      if (!hook || !fn || !FASTIFY_AUTH_HOOKS.test(literal(hook) ?? '')) continue;
      const evidence = middlewareAuth(fn, functions);
      if (!evidence) continue;
      const entry = apps.get(objectName) ?? { auth: [] };
      // Fastify hooks apply to every route of the instance, whatever the order.
      entry.auth.push({ evidence: `${literal(hook)} hook ${evidence}`, from: 0 });
      apps.set(objectName, entry);
    }
  }

  const routes: WebRoute[] = [];
  const knownApp = (name: string) => apps.has(name) || /^(?:app|router|api|server|fastify|hono|routes?|v\d|\w+Router|\w+App)$/.test(name);
  for (const call of routeCalls) {
    const route = expressStyleRoute(call, framework, knownApp, functions) ?? fastifyRouteObject(call, knownApp, functions);
    if (!route) continue;
    const objectName = appObjectName(call);
    const appAuth = apps.get(objectName)?.auth.find((a) => a.from <= call.startIndex && (!a.pathPrefix || (route.path ?? '').startsWith(a.pathPrefix.replace(/\*$/, ''))));
    route.auth ??= appAuth?.evidence ?? (route.handler ? handlerAuth(route.handler) : undefined);
    route.modelCall = route.handler ? functions.modelCallOf(route.handler) : undefined;
    routes.push(route);
  }
  if (framework === 'nextjs' || isRouteHandlerFile(filePath)) {
    routes.push(...nextRouteHandlers(exported, filePath, files, functions));
  }
  return { routes: routes.sort((a, b) => a.registration.startIndex - b.registration.startIndex), rateLimiter };
}

function frameworkOf(semantics: JavaScriptSemantics, filePath: string | undefined): WebFramework | undefined {
  for (const [pattern, framework] of FRAMEWORK_MODULES) {
    if ([...semantics.importedModules].some((m) => pattern.test(m))) return framework;
  }
  return isRouteHandlerFile(filePath) ? 'nextjs' : undefined;
}

function collectFunctions(statement: Node, functions: FunctionIndex): void {
  const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
  if (!declaration) return;
  if (declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration') {
    const name = declaration.childForFieldName('name')?.text;
    if (name) functions.add(name, declaration);
  } else if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    for (const declarator of declaration.namedChildren) {
      const name = declarator?.childForFieldName('name');
      const value = declarator?.childForFieldName('value');
      if (name?.type === 'identifier' && value && isFunction(value)) functions.add(name.text, value);
    }
  }
}


/** The router a `use` argument mounts: `router`, or `router` in Koa's `router.routes()`. */
function mountedRouter(arg: Node): string | undefined {
  if (arg.type === 'identifier') return arg.text;
  if (arg.type === 'call_expression') {
    const callee = arg.childForFieldName('function');
    if (callee?.type === 'member_expression' && /^(?:routes|middleware|allowedMethods)$/.test(callee.childForFieldName('property')?.text ?? '')) {
      const object = callee.childForFieldName('object');
      if (object?.type === 'identifier') return object.text;
    }
  }
  return undefined;
}

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

function isStringNode(node: Node): boolean {
  return node.type === 'string' || node.type === 'template_string';
}

function literal(node: Node): string | undefined {
  return isStringNode(node) ? node.text.slice(1, -1) : undefined;
}

/** The app or router a route call belongs to: `app` in `app.post(...)` and in `app.route('/x').post(...)`. */
function appObjectName(call: Node): string {
  let object = call.childForFieldName('function')?.childForFieldName('object') ?? null;
  while (object?.type === 'call_expression') object = object.childForFieldName('function')?.childForFieldName('object') ?? null;
  return object?.text ?? '';
}

/** `app.post('/p', ...middleware, handler)` and `app.route('/p').post(...middleware, handler)`. */
function expressStyleRoute(call: Node, framework: WebFramework, knownApp: (name: string) => boolean, functions: FunctionIndex): WebRoute | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.childForFieldName('property')?.text ?? '';
  if (!ROUTE_METHODS.has(method)) return undefined;
  const object = callee.childForFieldName('object');
  const args = argumentsOf(call);
  let path: string | undefined;
  let rest: Node[];
  if (object?.type === 'call_expression' && object.childForFieldName('function')?.childForFieldName('property')?.text === 'route') {
    path = literal(argumentsOf(object)[0] ?? call);
    rest = args;
  } else {
    if (!args[0] || !isStringNode(args[0])) return undefined;
    path = literal(args[0]);
    rest = args.slice(1);
  }
  if (!knownApp(appObjectName(call))) return undefined;
  const last = rest[rest.length - 1];
  const handler = last && isFunction(last) ? last : last?.type === 'identifier' ? functions.get(last.text) : undefined;
  if (!handler) return undefined;
  const middleware = rest.slice(0, -1).flatMap((m) => (m.type === 'array' ? m.namedChildren.filter((c): c is Node => !!c) : [m]));
  let auth: string | undefined;
  let rateLimit: string | undefined;
  for (const m of middleware) {
    if (m.type === 'object') {
      // Fastify route options: `{ preHandler: [fastify.authenticate], config: { rateLimit: {...} } }`.
      for (const pair of m.namedChildren) {
        const key = pair?.childForFieldName('key')?.text ?? '';
        const value = pair?.childForFieldName('value');
        if (!value) continue;
        if (FASTIFY_AUTH_HOOKS.test(key)) auth ??= middlewareListAuth(value, functions);
        if (key === 'config' && /rateLimit/.test(value.text)) rateLimit ??= 'config.rateLimit';
      }
      continue;
    }
    auth ??= middlewareAuth(m, functions);
    if (isRateLimitName(m.text)) rateLimit ??= m.text.slice(0, 60);
  }
  return {
    framework: framework === 'nextjs' ? 'express' : framework,
    method: method === 'all' || method === 'on' ? 'ANY' : method.toUpperCase(),
    path,
    registration: call,
    handler,
    auth,
    rateLimit,
    modelCall: undefined,
  };
}

/** `fastify.route({ method: 'POST', url: '/chat', preHandler: [...], handler })`. */
function fastifyRouteObject(call: Node, knownApp: (name: string) => boolean, functions: FunctionIndex): WebRoute | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'route') return undefined;
  if (!knownApp(appObjectName(call))) return undefined;
  const options = argumentsOf(call)[0];
  if (options?.type !== 'object') return undefined;
  const values = new Map<string, Node>();
  for (const pair of options.namedChildren) {
    const key = pair?.type === 'pair' ? pair.childForFieldName('key')?.text : pair?.type === 'shorthand_property_identifier' ? pair.text : undefined;
    const value = pair?.type === 'pair' ? pair.childForFieldName('value') : pair;
    if (key && value) values.set(key, value);
  }
  const handlerNode = values.get('handler');
  const handler = handlerNode && isFunction(handlerNode) ? handlerNode : handlerNode?.type === 'identifier' || handlerNode?.type === 'shorthand_property_identifier' ? functions.get(handlerNode.text) : undefined;
  if (!handler) return undefined;
  let auth: string | undefined;
  for (const [key, value] of values) if (FASTIFY_AUTH_HOOKS.test(key)) auth ??= middlewareListAuth(value, functions);
  const method = values.get('method');
  return {
    framework: 'fastify',
    method: method && isStringNode(method) ? (literal(method) ?? 'ANY').toUpperCase() : 'ANY',
    path: values.get('url') ? literal(values.get('url')!) : undefined,
    registration: call,
    handler,
    auth,
    rateLimit: /rateLimit/.test(values.get('config')?.text ?? '') ? 'config.rateLimit' : undefined,
    modelCall: undefined,
  };
}

function middlewareListAuth(value: Node, functions: FunctionIndex): string | undefined {
  const items = value.type === 'array' ? value.namedChildren.filter((c): c is Node => !!c) : [value];
  for (const item of items) {
    const evidence = middlewareAuth(item, functions);
    if (evidence) return evidence;
  }
  return undefined;
}

/** Whether a middleware argument authenticates: by its name, or a local/inline function that checks a credential. */
function middlewareAuth(node: Node, functions: FunctionIndex): string | undefined {
  if (isFunction(node)) return checksCredential(node.text) ? 'an inline credential check' : undefined;
  const name = node.type === 'call_expression' ? (node.childForFieldName('function')?.text ?? '') : node.text;
  if (isStringNode(node)) return undefined;
  if (isAuthName(name)) return node.text.length > 60 ? `${name}(...)` : node.text;
  if (node.type === 'identifier') {
    const local = functions.get(node.text);
    if (local && checksCredential(local.text)) return node.text;
  }
  return undefined;
}
