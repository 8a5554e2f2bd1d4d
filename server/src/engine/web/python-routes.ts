import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { FileSystem } from '../file-system';
import type { PythonSemantics } from '../semantic/python';
import { FunctionIndex } from './function-index';
import { pythonLlmImportNames, pythonModelCallName, pythonModelObjects } from './model-calls';
import { callsAuthFunction, checksCredential, isAuthName, isRateLimitName } from './protection';
import type { WebApp, WebFramework, WebRoute } from './types';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket', 'head', 'options']);
const VIEW_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const RATE_LIMIT_MODULES = /^(?:flask_limiter|slowapi|fastapi_limiter|django_ratelimit|ratelimit|limits|ratelimiter|aiolimiter)\b/;
/** `@api_view`, LoginRequiredMixin and friends mark Django views. */
const DJANGO_VIEW_BASE = /\b(?:View|APIView|GenericAPIView|ViewSet|ModelViewSet|GenericViewSet|TemplateView|FormView)\b/;
const DJANGO_AUTH_BASE = /\b(?:LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|AccessMixin)\b/;
/** DRF permission classes that let anyone in. */
const OPEN_PERMISSIONS = /^\s*[[(]\s*(?:permissions\.)?AllowAny\s*,?\s*[\])]\s*$|^\s*[[(]\s*[\])]\s*$/;

/** Flask, FastAPI, Starlette and Django (including DRF) routes of a Python module. */
export function pythonWebApp(root: Node, semantics: PythonSemantics, filePath: string | undefined, files: FileSystem): WebApp {
  const framework = frameworkOf(semantics, filePath);
  if (!framework) return { routes: [], rateLimiter: undefined };
  const modelObjects = pythonModelObjects(root, semantics);
  const llmImports = pythonLlmImportNames(semantics);
  // Twilio's `client.messages.create` sends an SMS, not a prompt.
  const usesTwilio = semantics.importStatements.some((s) => /\btwilio\b/.test(s.text));
  const functions = new FunctionIndex(
    'call',
    (call) => {
      const name = pythonModelCallName(call, semantics, modelObjects, llmImports);
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

function frameworkOf(semantics: PythonSemantics, filePath: string | undefined): WebFramework | undefined {
  const modules = semantics.importStatements.map((s) => (s.type === 'import_from_statement' ? s.childForFieldName('module_name')?.text : s.text.replace(/^import\s+/, '')) ?? '');
  if (modules.some((m) => /^fastapi\b/.test(m))) return 'fastapi';
  if (modules.some((m) => /^flask\b/.test(m))) return 'flask';
  if (modules.some((m) => /^starlette\b/.test(m))) return 'starlette';
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

function djangoFunctionView(decorators: Node[], fn: Node, filePath: string | undefined): WebRoute | undefined {
  const apiView = decorators.find((d) => /^@\s*(?:\w+\.)?api_view\b/.test(d.text));
  const firstParameter = fn.childForFieldName('parameters')?.namedChildren[0];
  const isViewFile = !!filePath && /(?:^|[\\/])(?:views|api)\.py$/.test(filePath);
  if (!apiView && !(isViewFile && firstParameter?.text.split(':')[0].trim() === 'request')) return undefined;
  const permission = decorators.find((d) => /^@\s*(?:\w+\.)?permission_classes\s*\(/.test(d.text));
  const methods = apiView ? /['"](\w+)['"]/.exec(apiView.text)?.[1]?.toUpperCase() : undefined;
  return {
    framework: 'django',
    method: methods ?? 'ANY',
    path: undefined,
    registration: apiView ?? decorators[0] ?? fn,
    handler: fn,
    auth: permission && !OPEN_PERMISSIONS.test(permission.text.replace(/^@\s*(?:\w+\.)?permission_classes\s*\(|\)\s*$/g, '')) ? permission.text.slice(1) : undefined,
    rateLimit: decorators.find((d) => /throttle_classes|ratelimit/.test(d.text))?.text.slice(1),
    modelCall: undefined,
  };
}

/** `post`/`get` methods of a Django or DRF class-based view. */
function classViewRoute(fn: Node, classNode: Node, framework: WebFramework): WebRoute | undefined {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (!VIEW_METHODS.has(name)) return undefined;
  const bases = classNode.childForFieldName('superclasses')?.text ?? '';
  if (!DJANGO_VIEW_BASE.test(bases) && framework !== 'django') return undefined;
  if (!DJANGO_VIEW_BASE.test(bases) && !/View\b/.test(bases)) return undefined;
  let auth: string | undefined = DJANGO_AUTH_BASE.exec(bases)?.[0];
  let rateLimit: string | undefined;
  for (const member of classNode.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = member?.type === 'expression_statement' ? member.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') {
      if (member?.type === 'decorated_definition' && /method_decorator\(\s*\w*login_required/.test(member.text)) auth ??= 'login_required';
      continue;
    }
    const target = assignment.childForFieldName('left')?.text;
    const value = assignment.childForFieldName('right')?.text ?? '';
    if (target === 'permission_classes' && !OPEN_PERMISSIONS.test(value)) auth ??= `permission_classes = ${value}`;
    if (target === 'throttle_classes' && !/^\s*[[(]\s*[\])]\s*$/.test(value)) rateLimit = `throttle_classes = ${value}`;
  }
  const classDecorators = classNode.parent?.type === 'decorated_definition' ? classNode.parent.text : '';
  if (/method_decorator\(\s*\w*login_required/.test(classDecorators)) auth ??= 'login_required';
  return {
    framework: 'django',
    method: name.toUpperCase(),
    path: undefined,
    registration: fn.parent?.type === 'decorated_definition' ? fn.parent : fn,
    handler: fn,
    auth,
    rateLimit,
    modelCall: undefined,
  };
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

const DJANGO_SETTINGS_CANDIDATES = ['settings.py', 'settings/base.py', 'settings/__init__.py', 'settings/production.py', 'settings/prod.py'];

/**
 * Project-wide Django protection the view does not opt out of: `LoginRequiredMiddleware` (Django 5.1) unless the
 * view is `@login_not_required`, and DRF `DEFAULT_PERMISSION_CLASSES` for DRF views without their own
 * `permission_classes`. The settings are found from the `manage.py` folder.
 */
function djangoProjectAuth(route: WebRoute, decorators: Node[], classNode: Node | undefined, filePath: string | undefined, files: FileSystem): string | undefined {
  const settings = djangoSettings(filePath, files);
  if (!settings) return undefined;
  const decoratorText = decorators.map((d) => d.text).join(' ') + (classNode?.parent?.type === 'decorated_definition' ? classNode.parent.text.split('\n')[0] : '');
  if (/LoginRequiredMiddleware/.test(settings) && !/login_not_required/.test(decoratorText)) return 'LoginRequiredMiddleware';
  const isDrf = /api_view/.test(decoratorText) || /APIView|ViewSet/.test(classNode?.childForFieldName('superclasses')?.text ?? '');
  const ownPermissions = /permission_classes/.test(decoratorText) || /permission_classes\s*=/.test(classNode?.text ?? '');
  if (!isDrf || ownPermissions) return undefined;
  const defaults = /DEFAULT_PERMISSION_CLASSES['"]\s*:\s*[[(]([^\])]*)[\])]/.exec(settings)?.[1] ?? '';
  return defaults.trim() && !/AllowAny/.test(defaults) ? `DEFAULT_PERMISSION_CLASSES (${defaults.trim().replace(/\s+/g, ' ')})` : undefined;
}

function djangoSettings(filePath: string | undefined, files: FileSystem): string | undefined {
  if (!filePath || !path.isAbsolute(filePath)) return undefined;
  let directory = path.dirname(filePath);
  for (let level = 0; level < 6; level++) {
    if (files.exists(path.join(directory, 'manage.py'))) {
      for (const entry of files.list(directory) ?? []) {
        for (const candidate of DJANGO_SETTINGS_CANDIDATES) {
          const text = files.read(path.join(directory, entry, candidate));
          if (text !== undefined) return text;
        }
      }
      return undefined;
    }
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return undefined;
}
