import * as path from 'node:path';
import type { SyntaxNode as Node } from '../syntax/node';
import type { FileSystem } from '../file-system';
import { findInProject } from './project-files';
import type { WebFramework, WebRoute } from './types';

/**
 * Django and Django REST framework views: function views (`@api_view`, or `request`-first functions in
 * views.py), class-based views' HTTP methods, and the protection they get from decorators, mixins, permission
 * classes and the project's settings.
 */

const VIEW_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
/** Base classes of Django and DRF class-based views, and the mixins that make them require a login. */
const DJANGO_VIEW_BASE = /\b(?:View|APIView|GenericAPIView|ViewSet|ModelViewSet|GenericViewSet|TemplateView|FormView)\b/;
const DJANGO_AUTH_BASE = /\b(?:LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|AccessMixin)\b/;
/** DRF permission classes that let anyone in. */
const OPEN_PERMISSIONS = /^\s*[[(]\s*(?:permissions\.)?AllowAny\s*,?\s*[\])]\s*$|^\s*[[(]\s*[\])]\s*$/;

/** A DRF `@api_view` function, or a function view in views.py/api.py that takes `request` first. */
export function djangoFunctionView(decorators: Node[], fn: Node, filePath: string | undefined): WebRoute | undefined {
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
export function classViewRoute(fn: Node, classNode: Node, framework: WebFramework): WebRoute | undefined {
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

const DJANGO_SETTINGS_CANDIDATES = ['settings.py', 'settings/base.py', 'settings/__init__.py', 'settings/production.py', 'settings/prod.py'];

/**
 * Project-wide Django protection the view does not opt out of: `LoginRequiredMiddleware` (Django 5.1) unless the
 * view is `@login_not_required`, and DRF `DEFAULT_PERMISSION_CLASSES` for DRF views without their own
 * `permission_classes`. The settings are found from the `manage.py` folder.
 */
export function djangoProjectAuth(route: WebRoute, decorators: Node[], classNode: Node | undefined, filePath: string | undefined, files: FileSystem): string | undefined {
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
  return findInProject(files, filePath, (directory, file) => {
    if (!files.exists(file('manage.py'))) return undefined;
    for (const entry of files.list(directory) ?? []) {
      for (const candidate of DJANGO_SETTINGS_CANDIDATES) {
        const text = files.read(path.join(directory, entry, candidate));
        if (text !== undefined) return text;
      }
    }
    return '';
  }, 6) || undefined;
}
