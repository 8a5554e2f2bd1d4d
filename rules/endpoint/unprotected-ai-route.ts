import { defineRule, findInProject, webApp, type Range, type RelatedLocation, type RuleContext, type WebRoute } from '../../server/src/engine/api';

/** Gateway and proxy configurations that rate-limit what they forward, looked for from the file up to the project root. */
const GATEWAY_FILES = ['nginx.conf', 'kong.yml', 'kong.yaml', 'traefik.yml', 'traefik.yaml', 'envoy.yaml', 'Caddyfile', 'serverless.yml', 'template.yaml', 'gateway.yaml'];
const GATEWAY_RATE_LIMIT = /\blimit_req|rate-limiting|ratelimit|rate_limit|rateLimit|ThrottlingRateLimit|throttle/i;

/**
 * A route that calls a model spends money and compute on every request. Without authentication anyone who finds
 * it can use it (and its system prompt, tools and data); without rate limiting one client can run up the bill or
 * starve everyone else.
 */
export default defineRule({
  meta: {
    id: 'endpoint/unprotected-ai-route',
    category: 'endpoint',
    title: 'AI route without authentication or rate limiting',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info' },
    languages: ['python', 'javascript'],
    // Auth middleware, rate limiters and helper functions anywhere in the document decide each route's finding.
    scope: 'document',
    docs: {
      summary:
        'Finds web routes (Flask, Quart, Sanic, aiohttp, FastAPI, Starlette, Django/DRF, Express, Fastify, Hono, Koa, Next.js route handlers) ' +
        'whose handler calls a ' +
        'model or LLM API with no authentication, and apps that call models with no rate limiting at all.',
      why:
        'Model calls are the most expensive thing a web app does. An open AI endpoint is found by scanners within days and used as a free ' +
        'proxy to your model account ("LLMjacking"), to extract the system prompt and the data behind it, or to run up unbounded cost ' +
        '(OWASP LLM10). Authentication is recognised as a FastAPI `Depends`/`Security` dependency (route, router or app level), ' +
        'flask-login/flask-httpauth/JWT decorators and `before_request` hooks, Django `login_required`, mixins, DRF permission classes and the ' +
        "project's `LoginRequiredMiddleware` or DRF `DEFAULT_PERMISSION_CLASSES` (found from `manage.py`), " +
        'FastAPI/Starlette auth middleware (`@app.middleware("http")` that checks a key, `AuthenticationMiddleware`), passport, express-jwt, ' +
        'Clerk, next-auth `getServerSession`/`auth()`, a Next.js `middleware.ts` that authenticates, `app.use(...)` middleware registered ' +
        'before the route (app, router or path prefix), Fastify `preHandler`/`onRequest` hooks, and custom ' +
        'middleware or handler code that reads a key header and answers 401/403. Rate limiting is recognised from express-rate-limit, ' +
        'rate-limiter-flexible, @fastify/rate-limit, hono-rate-limiter, Upstash Ratelimit, slowapi, flask-limiter, django-ratelimit and DRF ' +
        'throttles. The rate-limit warning is given once per app (file), on its first AI route; a route that lacks both gets one finding ' +
        'that says both. A gateway configuration in the project that rate-limits (nginx `limit_req`, Kong `rate-limiting`, Traefik, Envoy, ' +
        'AWS SAM/Serverless throttling) counts; for a gateway configured elsewhere, set the rule option `rateLimitedUpstream: true`.',
      bad:
        'from fastapi import FastAPI\nfrom openai import OpenAI\n\napp = FastAPI()\nclient = OpenAI()\n\n@app.post("/chat")\n' +
        'def chat(body: ChatIn):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=body.messages, max_tokens=500)\n',
      good:
        'from fastapi import Depends, FastAPI, Request\nfrom slowapi import Limiter\nfrom slowapi.util import get_remote_address\n\n' +
        'app = FastAPI()\nlimiter = Limiter(key_func=get_remote_address)\n\n@app.post("/chat")\n@limiter.limit("10/minute")\n' +
        'def chat(request: Request, body: ChatIn, user=Depends(get_current_user)):\n' +
        '    return client.chat.completions.create(model="gpt-4o-mini", messages=body.messages, max_tokens=500)\n',
      references: {
        owaspLlm: ['LLM10', 'LLM02'],
        cwe: [306, 770, 799],
        links: [{ title: 'OWASP API Security Top 10: API4 Unrestricted Resource Consumption', url: 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/' }],
      },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    return {
      $exit() {
        const app = webApp(context);
        const aiRoutes = app.routes.filter((route) => route.modelCall);
        if (aiRoutes.length === 0) return;
        const rateLimitedUpstream = context.options.rateLimitedUpstream === true || gatewayRateLimit(context) !== undefined;
        const appHasRateLimiting = rateLimitedUpstream || !!app.rateLimiter || app.routes.some((route) => route.rateLimit);
        aiRoutes.forEach((route, index) => {
          const missingAuth = !route.auth;
          const missingRateLimit = !appHasRateLimiting && index === 0;
          if (!missingAuth && !missingRateLimit) return;
          context.report({
            range: registrationLine(context, route),
            message: describe(route, missingAuth, missingRateLimit),
            related: related(context, route),
          });
        });
      },
    };
  },
});

function routeLabel(route: WebRoute): string {
  if (route.path) return `Route ${route.method === 'ANY' ? '' : `${route.method} `}${route.path}`;
  const name = route.handler?.childForFieldName('name')?.text;
  if (route.framework === 'django') return `View \`${name ?? 'handler'}\``;
  if (route.framework === 'nextjs' && route.method !== 'ANY') return `Route handler ${route.method}`;
  return name ? `Handler \`${name}\`` : 'This handler';
}

function describe(route: WebRoute, missingAuth: boolean, missingRateLimit: boolean): string {
  const subject = `${routeLabel(route)} calls a model (\`${route.modelCall!.name}\`)`;
  if (missingAuth && missingRateLimit) {
    return `${subject} with no authentication, and nothing in this app rate-limits it: anyone can call it as often as they like at your expense.`;
  }
  if (missingAuth) return `${subject} with no authentication: anyone who finds the URL can spend your model budget and probe its prompt.`;
  return `${subject}, and nothing in this app rate-limits requests: one client can run up unbounded model cost (add a rate limiter).`;
}

/** The route's first line: the decorator, the `app.post(` line, the exported handler's signature. */
function registrationLine(context: RuleContext, route: WebRoute): Range {
  const node = route.registration;
  const start = { line: node.startPosition.row, character: node.startPosition.column };
  if (node.startPosition.row === node.endPosition.row) return { start, end: { line: node.endPosition.row, character: node.endPosition.column } };
  const lineText = context.source.lineText(start.line);
  return { start, end: { line: start.line, character: lineText.trimEnd().length } };
}

function related(context: RuleContext, route: WebRoute): RelatedLocation[] {
  const call = route.modelCall!;
  const locations: RelatedLocation[] = [];
  if (call.via) locations.push({ range: context.rangeOf(call.via), message: 'The handler calls this function, which calls the model' });
  locations.push({ range: context.rangeOf(call.node), message: `Model call: ${call.name}` });
  return locations;
}

/** The gateway configuration that rate-limits this project, if one sits in the document's folder or above it within the project. */
function gatewayRateLimit(context: RuleContext): string | undefined {
  return findInProject(context.files, context.filePath, (_directory, file) =>
    GATEWAY_FILES.map(file).find((candidate) => GATEWAY_RATE_LIMIT.test(context.files.read(candidate) ?? '')),
  );
}
