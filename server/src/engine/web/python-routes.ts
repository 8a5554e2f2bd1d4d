import type { SyntaxNode as Node } from '../syntax/node';
import { classViewRoute, djangoFunctionView, djangoProjectAuth } from './django-routes';
import type { FileSystem } from '../file-system';
import type { PythonSemantics } from '../semantic/python';
import { FunctionIndex } from './function-index';
import { pythonLlmImportNames, pythonModelCallName, pythonModelObjects } from './model-calls';
import { pythonSdkClients } from '../sdks/clients';
import { callsAuthFunction, checksCredential, isAuthName, isRateLimitName } from './protection';
import type { WebApp, WebFramework, WebRoute } from './types';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket', 'head', 'options']);
const RATE_LIMIT_MODULES = /^(?:flask_limiter|slowapi|fastapi_limiter|django_ratelimit|ratelimit|limits|ratelimiter|aiolimiter)\b/;
/** Flask, FastAPI, Starlette and Django (including DRF) routes of a Python module. */
export function pythonWebApp(root: Node, semantics: PythonSemantics, filePath: string | undefined, files: FileSystem): WebApp {
  const framework = frameworkOf(semantics, filePath);
  if (!framework) return { routes: [], rateLimiter: undefined };
  const modelObjects = pythonModelObjects(root, semantics);
  const llmImports = pythonLlmImportNames(semantics);
  const sdkClients = pythonSdkClients(root, semantics);
  // Twilio's `client.messages.create` sends an SMS, not a prompt.
  const usesTwilio = semantics.importStatements.some((s) => /\btwilio\b/.test(s.text));
  const functions = new FunctionIndex(
    'call',
    (call) => {
      const name = pythonModelCallName(call, semantics, modelObjects, llmImports, sdkClients);
      return usesTwilio && name?.endsWith('.messages.create') ? undefined : name;
    },
    (call) => {
      const callee = call.childForFieldName('function');
      if (callee?.type === 'identifier') return callee.text;
      // `self.helper()` inside a class view.
      if (callee?.type === 'attribute' && callee.childForFieldName('object')?.text === 'self') return callee.childForFieldName('attribute')?.text;
      return undefined;
    },
  );
  const decorated: { decorators: Node[]; fn: Node; classNode?: Node }[] = [];
  const appObjects = new Map<string, { auth?: string }>();
  let rateLimiter = rateLimitImport(semantics);

  const visitStatement = (statement: Node, classNode?: Node, inFactory = false) => {
    let definition: Node | null = statement;
    let decorators: Node[] = [];
    if (statement.type === 'decorated_definition') {
      decorators = statement.namedChildren.filter((c): c is Node => c?.type === 'decorator');
      definition = statement.childForFieldName('definition');
    }
    if (!definition) return;
    if (definition.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text;
      if (name) functions.add(name, definition);
      decorated.push({ decorators, fn: definition, classNode });
      // App factories (`def create_app(): app = Flask(__name__); @app.route(...)`) register routes inside a function.
      if (!classNode && !inFactory && decorators.length === 0) {
        for (const inner of definition.childForFieldName('body')?.namedChildren ?? []) {
          if (inner && (inner.type === 'decorated_definition' || inner.type === 'expression_statement')) visitStatement(inner, undefined, true);
        }
      }
    } else if (definition.type === 'class_definition' && !classNode) {
      for (const member of definition.childForFieldName('body')?.namedChildren ?? []) if (member) visitStatement(member, definition);
      decorated.push({ decorators, fn: definition });
    } else if (statement.type === 'expression_statement') {
      recordAppObject(statement, appObjects);
      const text = statement.text;
      const authMiddleware = /^(\w+)\.add_middleware\(\s*(\w*(?:Authentication|Auth|Session|Jwt|JWT|ApiKey|APIKey)\w*Middleware)\b/.exec(text);
      if (authMiddleware) appObjects.set(authMiddleware[1], { ...appObjects.get(authMiddleware[1]), auth: authMiddleware[2] });
      if (!rateLimiter && /\b(?:Limiter|RateLimiter|SlowAPIMiddleware)\s*\(|\.limiter\s*=|add_middleware\(\s*SlowAPIMiddleware/.test(text)) rateLimiter = text.trim().slice(0, 60);
    }
  };
  for (const statement of root.namedChildren) if (statement) visitStatement(statement);

  // `@app.before_request` hooks that check credentials protect every route of that app or blueprint.
  for (const { decorators, fn } of decorated) {
    for (const decorator of decorators) {
      // Flask `before_request` and FastAPI/Starlette `@app.middleware("http")` run before every route.
      const match = /^@\s*(\w+)\.(before_(?:app_)?request|middleware)\b/.exec(decorator.text);
      if (!match) continue;
      const name = fn.childForFieldName('name')?.text ?? '';
      const body = fn.childForFieldName('body')?.text ?? '';
      if (isAuthName(name) || checksCredential(body)) {
        const entry = appObjects.get(match[1]) ?? {};
        entry.auth = `${match[1]}.${match[2]} ${name}`;
        appObjects.set(match[1], entry);
      }
    }
  }

  const routes: WebRoute[] = [];
  for (const { decorators, fn, classNode } of decorated) {
    if (fn.type === 'class_definition') continue;
    const route = classNode
      ? classViewRoute(fn, classNode, framework)
      : decoratorRoute(decorators, fn, framework, appObjects) ?? djangoFunctionView(decorators, fn, filePath);
    if (!route) continue;
    route.modelCall = functions.modelCallOf(fn);
    route.auth ??= decoratorEvidence(decorators, isAuthName) ?? handlerAuth(fn);
    if (!route.auth && route.framework === 'django') route.auth = djangoProjectAuth(route, decorators, classNode, filePath, files);
    route.rateLimit ??= decoratorEvidence(decorators, isRateLimitName);
    routes.push(route);
  }
  return { routes, rateLimiter };
}

/** Made once: this runs for every module of every Python file (tens of thousands of expressions in a scan). */
const FLASK_STYLE_FRAMEWORKS = (['quart', 'sanic', 'aiohttp', 'bottle'] as const).map((framework) => [framework, new RegExp(`^${framework}\\b`)] as const);

function frameworkOf(semantics: PythonSemantics, filePath: string | undefined): WebFramework | undefined {
  const modules = semantics.importStatements.map((s) => (s.type === 'import_from_statement' ? s.childForFieldName('module_name')?.text : s.text.replace(/^import\s+/, '')) ?? '');
  if (modules.some((m) => /^fastapi\b/.test(m))) return 'fastapi';
  if (modules.some((m) => /^flask\b/.test(m))) return 'flask';
  if (modules.some((m) => /^starlette\b/.test(m))) return 'starlette';
  // Frameworks with Flask-style `@app.post("/path")` / `@routes.post("/path")` decorators.
  for (const [framework, module] of FLASK_STYLE_FRAMEWORKS) {
    if (modules.some((m) => module.test(m))) return framework;
  }
  if (modules.some((m) => /^(?:django|rest_framework)\b/.test(m)) || (filePath && /(?:^|[\\/])views\.py$/.test(filePath))) return 'django';
  return undefined;
}

function rateLimitImport(semantics: PythonSemantics): string | undefined {
  for (const statement of semantics.importStatements) {
    const name = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text : statement.text.replace(/^import\s+/, '');
    if (name && RATE_LIMIT_MODULES.test(name)) return name;
  }
  return undefined;
}

/** `router = APIRouter(dependencies=[Depends(auth)])`, `app.include_router(r, dependencies=[...])`: router-wide auth. */
function recordAppObject(statement: Node, appObjects: Map<string, { auth?: string }>): void {
  const expression = statement.namedChildren[0];
  if (!expression) return;
  if (expression.type === 'assignment') {
    const left = expression.childForFieldName('left');
    const right = expression.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') return;
    const auth = dependencyAuth(keywordValue(right, 'dependencies'));
    appObjects.set(left.text, { ...appObjects.get(left.text), ...(auth ? { auth } : {}) });
    return;
  }
  if (expression.type === 'call') {
    const callee = expression.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'include_router') return;
    const router = expression.childForFieldName('arguments')?.namedChildren[0];
    const auth = dependencyAuth(keywordValue(expression, 'dependencies'));
    if (router?.type === 'identifier' && auth) appObjects.set(router.text, { ...appObjects.get(router.text), auth });
  }
}

function keywordValue(call: Node, name: string): Node | undefined {
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument?.type === 'keyword_argument' && argument.childForFieldName('name')?.text === name) return argument.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The first `Security(...)` or auth-named `Depends(...)` in a dependency list or parameter default. */
function dependencyAuth(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const text = node.text;
  const security = /\bSecurity\s*\([^)]*\)/.exec(text);
  if (security) return security[0];
  for (const match of text.matchAll(/\bDepends\s*\(\s*([\w.]*)/g)) {
    if (isAuthName(match[1])) return `Depends(${match[1]})`;
  }
  if (/\b(?:HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyQuery|APIKeyCookie|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPAuthorizationCredentials|HTTPBasicCredentials)\b/.test(text)) {
    return /\b(?:HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyQuery|APIKeyCookie|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPAuthorizationCredentials|HTTPBasicCredentials)\b/.exec(text)![0];
  }
  return undefined;
}

function decoratorRoute(decorators: Node[], fn: Node, framework: WebFramework, appObjects: Map<string, { auth?: string }>): WebRoute | undefined {
  for (const decorator of decorators) {
    const call = decorator.namedChildren[0];
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute') continue;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    const object = callee.childForFieldName('object');
    if (!ROUTE_METHODS.has(method) || !object) continue;
    const pathNode = call!.childForFieldName('arguments')?.namedChildren[0];
    if (pathNode?.type !== 'string') continue;
    const methods = keywordValue(call!, 'methods')?.text;
    const httpMethod =
      method === 'route' || method === 'api_route'
        ? methods && /^\[\s*['"](\w+)['"]\s*\]$/.test(methods)
          ? /['"](\w+)['"]/.exec(methods)![1].toUpperCase()
          : methods ? 'ANY' : 'GET'
        : method.toUpperCase();
    const appAuth = appObjects.get(object.text)?.auth;
    const parameters = fn.childForFieldName('parameters');
    return {
      framework,
      method: httpMethod,
      path: pathNode.text.replace(/^[rbuf]*['"]{1,3}|['"]{1,3}$/g, ''),
      registration: decorator,
      handler: fn,
      auth: appAuth ?? dependencyAuth(keywordValue(call!, 'dependencies')) ?? dependencyAuth(parameters ?? undefined) ?? beforeRequestOnApp(appObjects),
      rateLimit: undefined,
      modelCall: undefined,
    };
  }
  return undefined;
}

/** A `before_request` hook or auth middleware on the app object protects blueprint and router routes too. */
function beforeRequestOnApp(appObjects: Map<string, { auth?: string }>): string | undefined {
  const app = appObjects.get('app');
  return app?.auth && /before_request|middleware|Middleware/.test(app.auth) ? app.auth : undefined;
}

function decoratorEvidence(decorators: Node[], test: (text: string) => boolean): string | undefined {
  for (const decorator of decorators) {
    const text = decorator.text.slice(1).trim();
    const name = text.split('(')[0];
    // Route decorators carry paths that may contain "auth"; only the decorator's own name counts.
    if (/\.(?:get|post|put|patch|delete|route|api_route|websocket)$/.test(name) || /(?:api_view|permission_classes|throttle_classes)$/.test(name)) continue;
    if (test(name) || (test === isRateLimitName && test(text))) return text;
  }
  return undefined;
}

function handlerAuth(fn: Node): string | undefined {
  const body = fn.childForFieldName('body')?.text ?? '';
  if (checksCredential(body)) return 'a credential check in the handler';
  return callsAuthFunction(body);
}
