/**
 * What authentication and rate limiting look like in code, by name. Route discovery asks these questions of
 * decorators, middleware arguments, dependencies and handler bodies.
 */

/** Decorators, dependencies and middleware whose names say they authenticate (`login_required`, `requireAuth`, `passport.authenticate`). */
const AUTH_NAME =
  /auth(?!or)|jwt|passport|clerk|login_?required|loginrequired|logged_?in|signed_?in|current_?user|get_?user|verify_?(?:api_?)?(?:key|token|user|session|signature)|check_?(?:api_?)?(?:key|token)|validate_?(?:api_?)?(?:key|token)|api_?key|apikey|bearer|permission|roles?_?required|has_?role|protect|guard|token_?required|session_?required|user_passes_test|requires?_?(?:user|key|token|session|role|scope|login)/i;

/** Names that look like auth but are not: `author`, `authored`, public or anonymous access. */
const NOT_AUTH = /^(?:author\w*|AllowAny|optional_?auth\w*|no_?auth\w*|skip_?auth\w*|anonymous\w*)$/i;

const RATE_LIMIT_NAME = /rate_?limit|ratelimit|limiter|throttl|slow_?down|\.limit\(/i;

/**
 * A credential read: an Authorization or API-key header, a custom key header (`X-Admin-Token`, `X-Service-Key`,
 * `X-Webhook-Secret`), a bearer token, a session lookup.
 */
const CREDENTIAL_READ =
  /authorization|\bx-[\w-]*(?:token|key|secret)\b|x-api-key|api[-_]?key|apikey|bearer|x-auth|auth[-_]token|getServerSession|getSession|getToken|currentUser|getAuth|auth\(\)|\.auth\.getUser|verifyToken|jwt\.verify|jwt\.decode|session\[|session\.get|current_user|request\.user/i;
/** A rejection of an unauthenticated caller. */
const REJECTION = /\b40[13]\b|unauthori[sz]ed|forbidden|permissiondenied|authenticationfailed|not_?authenticated|redirect\(.*login|abort\(\s*40[13]|raise\s+\w*(?:auth|permission)\w*/i;

/**
 * A handler that enforces a per-caller quota itself: it counts the caller's requests against a limit and turns
 * them away (`if (count > maxMessagesPerDay) return 429`, an error coded `rate_limit`).
 */
const QUOTA_CHECK = /\brate[_-]?limit|\.limit\(|\b429\b|too[_ ]?many[_ ]?requests|\bmax\w*per_?(?:day|hour|minute|second)\b/i;

export function enforcesQuota(bodyText: string): boolean {
  return QUOTA_CHECK.test(bodyText);
}

export function isAuthName(text: string): boolean {
  const trimmed = text.trim();
  if (NOT_AUTH.test(trimmed.split(/[.(]/).pop() ?? trimmed) || NOT_AUTH.test(trimmed.split('(')[0])) return false;
  if (isRateLimitName(trimmed)) return false;
  return AUTH_NAME.test(trimmed);
}

export function isRateLimitName(text: string): boolean {
  return RATE_LIMIT_NAME.test(text);
}

/** Whether a function body checks a credential and turns callers away (custom API-key middleware, an inline check). */
export function checksCredential(bodyText: string): boolean {
  return CREDENTIAL_READ.test(bodyText) && REJECTION.test(bodyText);
}

/** Calls in a handler body that authenticate by themselves (`getServerSession(...)`, `await auth()`, `verify_api_key(request)`). */
const AUTH_CALL =
  /\b(?:getServerSession|getSession|getToken|currentUser|getAuth|auth|requireAuth|require_?auth|authenticate|verify_?(?:api_?)?(?:key|token|jwt|request)|check_?(?:api_?)?(?:key|token|auth)|validate_?(?:api_?)?(?:key|token)|get_?current_?user|ensure_?auth\w*)\s*\(/i;

export function callsAuthFunction(bodyText: string): string | undefined {
  return AUTH_CALL.exec(bodyText)?.[0].replace(/\s*\($/, '');
}
