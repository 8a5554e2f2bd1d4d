import type { FamilyMember } from '../../server/src/engine/api';

/**
 * The family of ways Python and Node programs turn TLS certificate verification off (or skip TLS), kept as
 * data: `tls-verification-disabled` reads its names from here and lists the members in its documentation.
 */

/** Python libraries whose `verify=`/`ssl=` arguments control certificate checks. */
export const PYTHON_HTTP_ROOTS = new Set(['requests', 'httpx', 'aiohttp', 'urllib3', 'openai', 'anthropic', 'huggingface_hub', 'langchain_openai']);

/** Method names that mark an unresolved receiver (`session.get`, `client.post`) as an HTTP client. */
export const HTTP_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream',
  'Client', 'AsyncClient', 'Session', 'ClientSession', 'TCPConnector', 'urlopen', 'PoolManager',
]);

/** `cert_reqs=` values that mean "no certificate required" (ssl.CERT_NONE is 0; urllib3 also takes the names). */
export const CERT_NONE_STRINGS = new Set(['NONE', 'CERT_NONE']);

/** Functions that return a context which accepts any certificate. */
export const UNVERIFIED_CONTEXTS = new Set(['ssl._create_unverified_context', 'ssl._create_stdlib_context']);

/** urllib3's warning switch: not a finding itself, but a hint next to one (someone silenced the warning). */
export const WARNING_SILENCERS = new Set(['urllib3.disable_warnings', 'requests.packages.urllib3.disable_warnings']);

/** Environment variables that switch verification off for a process, with the value that does it. */
export const PROCESS_WIDE_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['CURL_CA_BUNDLE', ''],
  ['REQUESTS_CA_BUNDLE', ''],
  ['PYTHONHTTPSVERIFY', '0'],
  ['NODE_TLS_REJECT_UNAUTHORIZED', '0'],
]);

/** gRPC channels without TLS; reported only when the target is a literal host that is not this machine. */
export const PYTHON_INSECURE_CHANNELS = new Set(['grpc.insecure_channel', 'grpc.aio.insecure_channel', 'grpc.experimental.aio.insecure_channel']);
export const NODE_INSECURE_CREDENTIALS = new Set(['@grpc/grpc-js.credentials.createInsecure', 'grpc.credentials.createInsecure']);

/** Arguments and attributes that turn verification off, as the rule reads them (`verify=False`, `.check_hostname = False`). */
export const VERIFY = 'verify';
export const AIOHTTP_SSL_ARGUMENTS = ['ssl', 'verify_ssl'];
export const CERT_REQS = 'cert_reqs';
export const CHECK_HOSTNAME = 'check_hostname';
export const VERIFY_MODE = 'verify_mode';
/** Node options (`https`, `tls`, agents, `request`) whose `false` turns verification off, and the host check that can accept anything. */
export const NODE_VERIFY_OPTIONS = ['rejectUnauthorized', 'strictSSL'];
export const CHECK_SERVER_IDENTITY = 'checkServerIdentity';

/**
 * Prefilter words (`meta.requires`): every finding spells one of these, as an argument, attribute, option or
 * variable name, or as the last part of a function it resolves (`ssl._create_unverified_context`,
 * `grpc.insecure_channel`). A value given through a constant (`verify=VERIFY`) still spells the argument.
 */
export const TLS_WORDS = [...new Set([
  VERIFY,
  ...AIOHTTP_SSL_ARGUMENTS,
  CERT_REQS,
  CHECK_HOSTNAME,
  VERIFY_MODE,
  ...NODE_VERIFY_OPTIONS,
  CHECK_SERVER_IDENTITY,
  ...PROCESS_WIDE_VARIABLES.keys(),
  ...[...UNVERIFIED_CONTEXTS, ...PYTHON_INSECURE_CHANNELS, ...NODE_INSECURE_CREDENTIALS].map((name) => name.slice(name.lastIndexOf('.') + 1)),
])];

/**
 * Whether a gRPC target reaches another machine: a domain name or an IP address that is not loopback. Unix
 * sockets, localhost and single-label names (a compose or Kubernetes service, where a mesh often adds TLS and
 * the name alone cannot tell) are not reported.
 */
export function isRemoteTarget(target: string): boolean {
  const t = target.trim().replace(/^dns:\/*/i, '').replace(/^ipv[46]:/i, '');
  if (/^unix(?:-abstract)?:/i.test(t)) return false;
  const host = t.startsWith('[') ? t.slice(1, Math.max(1, t.indexOf(']'))) : t.replace(/:\d+$/, '');
  if (/^(?:localhost|127(?:\.\d+){3}|::1?|0\.0\.0\.0)$/i.test(host) || /\.localhost$/i.test(host)) return false;
  return /^[\w-]+(?:\.[\w-]+)+$/.test(host) || host.includes(':');
}

export const TLS_FAMILY: readonly FamilyMember[] = [
  { member: '`verify=False` (requests, httpx, the OpenAI/Anthropic/Hugging Face clients), `.verify = False` on a session', cwe: [295], why: 'The client accepts any certificate, so anyone on the path can read and change the traffic.' },
  { member: 'aiohttp `ssl=False`, `verify_ssl=False`', cwe: [295], why: 'The connection or connector skips certificate checks.' },
  { member: 'urllib3 `cert_reqs=ssl.CERT_NONE` / `"CERT_NONE"` / `"NONE"` (`PoolManager`, `ProxyManager`, `HTTPSConnectionPool`, `connection_from_url`), `ssl.wrap_socket(cert_reqs=...)`', cwe: [295], why: 'No certificate is required from the server; `urllib3.disable_warnings()` beside it silences the only warning.' },
  { member: '`ssl._create_unverified_context`, `ssl._create_stdlib_context`, `.verify_mode = ssl.CERT_NONE`, `.check_hostname = False`', cwe: [295, 297], why: 'The TLS context accepts any certificate, or any host name on a valid one.' },
  { member: '`CURL_CA_BUNDLE=""`, `REQUESTS_CA_BUNDLE=""`, `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0` (in `os.environ`, `setdefault`, `putenv`, `process.env`, or a child process\'s environment)', cwe: [295], why: 'Verification goes off for every connection the process (or the child it starts) makes.' },
  { member: 'Node `rejectUnauthorized: false` (https, tls, axios/undici agents, database and queue clients), `strictSSL: false`, a `checkServerIdentity` that accepts everything', cwe: [295, 297], why: 'The client connects to whoever presents a certificate.' },
  { member: 'gRPC `grpc.insecure_channel(...)` / `credentials.createInsecure()` to a host that is not this machine', cwe: [319], why: 'The channel is plaintext: tokens in metadata and every message travel readable and changeable.' },
  { member: 'Any of these values given through a constant (`VERIFY = False; requests.get(url, verify=VERIFY)`)', cwe: [295], why: 'The constant is followed to its value.' },
];
