import {
  defineRule,
  javascriptConstant,
  javascriptSemantics,
  keywordArgument,
  positionalArguments,
  pythonConstant,
  pythonSemantics,
  pythonStringValue,
  stringValue,
  type Fix,
  type Node,
  type RelatedLocation,
  type RuleContext,
} from '../../server/src/engine/api';
import { removeListElement, removeStatement } from './_edits';
import {
  AIOHTTP_SSL_ARGUMENTS,
  CERT_NONE_STRINGS,
  CERT_REQS,
  CHECK_HOSTNAME,
  CHECK_SERVER_IDENTITY,
  HTTP_METHODS,
  isRemoteTarget,
  NODE_INSECURE_CREDENTIALS,
  NODE_VERIFY_OPTIONS,
  PROCESS_WIDE_VARIABLES,
  PYTHON_HTTP_ROOTS,
  PYTHON_INSECURE_CHANNELS,
  TLS_FAMILY,
  TLS_WORDS,
  UNVERIFIED_CONTEXTS,
  VERIFY,
  VERIFY_MODE,
  WARNING_SILENCERS,
} from './_tls';

const REMOVE_TITLE = 'Remove the override and verify certificates';

/**
 * TLS without certificate verification talks to whoever answers: model API keys, prompts and completions
 * travel through any proxy on the path.
 */
export default defineRule({
  meta: {
    id: 'endpoint/tls-verification-disabled',
    category: 'endpoint',
    title: 'TLS certificate verification disabled',
    severity: 'error',
    severityIn: { test: 'info', tooling: 'info' },
    languages: ['python', 'javascript'],
    requires: TLS_WORDS,
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds HTTP clients and TLS contexts that skip certificate checks: `verify=False` (requests, httpx), aiohttp `ssl=False`, urllib3 and `ssl` ' +
        '`cert_reqs=CERT_NONE`, `ssl._create_unverified_context`, `check_hostname = False`, an emptied `CURL_CA_BUNDLE`, `rejectUnauthorized: false`, ' +
        '`strictSSL: false`, a `checkServerIdentity` that accepts everything, `NODE_TLS_REJECT_UNAUTHORIZED = "0"` and plaintext gRPC channels to ' +
        'other hosts (warning); values given through a constant are followed.',
      why:
        'Calls to model APIs carry API keys, system prompts and user data. Without certificate verification anyone on the network path ' +
        '(a hotel Wi-Fi, a compromised proxy, a container sidecar) can impersonate the API, read the key and rewrite completions. ' +
        'Setting `NODE_TLS_REJECT_UNAUTHORIZED` turns verification off for every connection the Node process makes.',
      bad: 'import requests\nr = requests.post(url, json=payload, verify=False)\n',
      good: 'import requests\nr = requests.post(url, json=payload)  # or verify="/path/to/internal-ca.pem"\n',
      fix:
        'Removes the override, so the library verifies certificates again. Unsafe: a server with a self-signed certificate then fails; ' +
        'point the client at its CA bundle (`verify="ca.pem"`, `ca: fs.readFileSync(...)`) instead of turning checks off.',
      family: TLS_FAMILY,
      references: { owaspLlm: ['LLM02'], cwe: [295, 297, 319] },
    },
  },
  create(context) {
    if (context.family === 'python') return pythonVisitors(context);
    if (context.family === 'javascript') return javascriptVisitors(context);
  },
});

function pythonVisitors(context: RuleContext) {
  const semantics = pythonSemantics(context);
  const removeFix = (element: Node): Fix => ({ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeListElement(context.source, element)] });
  /** `disable_warnings()` calls: shown as related information of every finding, never reported alone. */
  const silencers: RelatedLocation[] = [];
  const pending: Parameters<RuleContext['report']>[0][] = [];
  const report = (descriptor: Parameters<RuleContext['report']>[0]) => pending.push(descriptor);
  /** False, 0, or a name bound once to one of them (`VERIFY = False`). */
  const isOff = (value: Node | null | undefined) => {
    const constant = pythonConstant(context, value);
    return constant?.type === 'false' || (constant?.type === 'integer' && Number(constant.text) === 0);
  };
  const through = (value: Node | null | undefined) => (value && value.type === 'identifier' ? ` (\`${value.text}\` is \`${pythonConstant(context, value)?.text}\`)` : '');
  const isCertNone = (value: Node | null | undefined): boolean => {
    const constant = pythonConstant(context, value);
    if (!constant) return false;
    const name = semantics.qualifiedName(constant);
    return name === 'ssl.CERT_NONE' || name === 'urllib3.util.ssl_.CERT_NONE' || CERT_NONE_STRINGS.has(pythonStringValue(constant) ?? '') || constant.text === 'ssl.CERT_NONE' || (constant.type === 'integer' && constant.text === '0' && value !== constant);
  };
  /** A CA-bundle or TLS variable set to the value that turns verification off, for this process or a child's environment. */
  const environmentSetting = (node: Node, name: Node | null | undefined, value: Node | null | undefined, fixes: Fix[]) => {
    const variable = pythonStringValue(name);
    const text = pythonStringValue(pythonConstant(context, value));
    if (variable === undefined || text === undefined || PROCESS_WIDE_VARIABLES.get(variable) !== text) return;
    report({
      node,
      message: `Setting ${variable} to ${JSON.stringify(text)} turns off certificate verification for HTTPS requests in ${variable === 'NODE_TLS_REJECT_UNAUTHORIZED' ? 'the Node processes that get this environment' : 'the process that gets this environment'}.`,
      fixes,
    });
  };
  return {
    // `env={**os.environ, "CURL_CA_BUNDLE": ""}`, `os.environ.update({...})`
    pair(pair: Node) {
      environmentSetting(pair, pair.childForFieldName('key'), pair.childForFieldName('value'), [removeFix(pair)]);
    },
    call(call: Node) {
      const qualified = semantics.calleeName(call);
      if (qualified === 'os.environ.setdefault' || qualified === 'os.putenv') {
        const [name, value] = positionalArguments(call);
        const statement = call.parent?.type === 'expression_statement' ? call.parent : undefined;
        environmentSetting(call, name, value, statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : []);
        return;
      }
      if (qualified && WARNING_SILENCERS.has(qualified)) {
        silencers.push({ range: context.rangeOf(call), message: 'urllib3 warnings about unverified HTTPS requests are silenced here.' });
        return;
      }
      if (qualified && PYTHON_INSECURE_CHANNELS.has(qualified)) return insecureChannel(call, qualified);
      // cert_reqs is TLS-specific whatever the callee: urllib3 pools, ssl.wrap_socket, create_urllib3_context.
      const certReqs = keywordArgument(call, CERT_REQS);
      if (certReqs && isCertNone(certReqs.childForFieldName('value'))) {
        report({ node: certReqs, message: `\`${certReqs.text}\` turns off certificate verification for this connection${through(certReqs.childForFieldName('value'))}.`, fixes: [removeFix(certReqs)] });
      }
      const verify = keywordArgument(call, VERIFY);
      const sslArguments = AIOHTTP_SSL_ARGUMENTS.map((name) => keywordArgument(call, name));
      if (!verify && !sslArguments.some(Boolean)) return;
      const callee = call.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      const isHttp = qualified ? PYTHON_HTTP_ROOTS.has(qualified.split('.')[0]) : !!method && HTTP_METHODS.has(method);
      if (!isHttp) return;
      if (verify && isOff(verify.childForFieldName('value'))) {
        report({ node: verify, message: `\`${verify.text}\` turns off certificate verification for this \`${callee?.text ?? method}\` call${through(verify.childForFieldName('value'))}.`, fixes: [removeFix(verify)] });
      }
      for (const argument of sslArguments) {
        if (!argument || !isOff(argument.childForFieldName('value'))) continue;
        const message = `\`${argument.text}\` turns off certificate verification for this aiohttp connection${through(argument.childForFieldName('value'))}`;
        if (onlyPlainHttpAround(call)) {
          // A connector that is only ever given http:// addresses checks no certificate either way: hygiene, not a hole.
          report({ node: argument, severity: 'info', message: `${message}; only plain http:// addresses are built here, so it matters once HTTPS is used.`, fixes: [removeFix(argument)] });
        } else {
          report({ node: argument, message: `${message}.`, fixes: [removeFix(argument)] });
        }
      }
    },
    attribute(node: Node) {
      const attribute = node.childForFieldName('attribute')?.text ?? '';
      if (!attribute.startsWith('_create_')) return;
      const name = semantics.qualifiedName(node);
      if (!name || !UNVERIFIED_CONTEXTS.has(name)) return;
      reportUnverifiedContext(context, node, name, report);
    },
    identifier(node: Node) {
      if (!node.text.startsWith('_create_')) return;
      if (node.parent?.type === 'attribute' || node.parent?.type === 'import_from_statement' || node.parent?.type === 'dotted_name' || node.parent?.type === 'aliased_import') return;
      const name = semantics.qualifiedName(node);
      if (!name || !UNVERIFIED_CONTEXTS.has(name)) return;
      report({ node, message: `\`${name}\` makes a TLS context that accepts any certificate.` });
    },
    assignment(node: Node) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript' && right && /^os\.environ$/.test(left.childForFieldName('value')?.text ?? '')) {
        // `os.environ["CURL_CA_BUNDLE"] = ""` makes requests skip verification; PYTHONHTTPSVERIFY=0 does it for urllib.
        const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
        environmentSetting(node, left.childForFieldName('subscript'), right, statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : []);
        return;
      }
      if (left?.type !== 'attribute' || !right) return;
      // `self.check_hostname = False` in a class body sets a default of a context class being defined.
      if (/^(?:self|cls)$/.test(left.childForFieldName('object')?.text ?? '')) return;
      const attribute = left.childForFieldName('attribute')?.text;
      const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
      const fixes = statement ? [{ title: REMOVE_TITLE, safety: 'unsafe' as const, edits: [removeStatement(context.source, statement, 'python')] }] : [];
      if ((attribute === VERIFY || attribute === CHECK_HOSTNAME) && isOff(right)) {
        report({ node, message: `Setting \`.${attribute} = ${right.text}\` turns off ${attribute === VERIFY ? 'certificate' : 'host name'} verification for this client${through(right)}.`, fixes });
      } else if (attribute === VERIFY_MODE && isCertNone(right)) {
        report({ node, message: `Setting \`.verify_mode = ${right.text}\` makes the TLS context accept any certificate${through(right)}.`, fixes });
      }
    },
    $exit() {
      for (const descriptor of pending) context.report(silencers.length ? { ...descriptor, related: [...(descriptor.related ?? []), ...silencers] } : descriptor);
    },
  };

  function insecureChannel(call: Node, qualified: string): void {
    const argument = keywordArgument(call, 'target')?.childForFieldName('value') ?? positionalArguments(call)[0];
    const target = pythonStringValue(pythonConstant(context, argument));
    if (!argument || target === undefined || !isRemoteTarget(target)) return;
    report({
      range: context.rangeOf(call.childForFieldName('function') ?? call),
      severity: 'warning',
      message: `\`${qualified}("${target}")\` sends gRPC in plaintext to another host: tokens in metadata and every message can be read and changed on the way; use grpc.secure_channel with grpc.ssl_channel_credentials().`,
    });
  }
}

function reportUnverifiedContext(context: RuleContext, node: Node, name: string, report: RuleContext['report']): void {
  const parent = node.parent;
  const message = `\`${name}\` makes a TLS context that accepts any certificate.`;
  // `ssl._create_default_https_context = ssl._create_unverified_context` switches off checks process-wide.
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) {
    const statement = parent.parent?.type === 'expression_statement' ? parent.parent : undefined;
    const target = parent.childForFieldName('left')?.text ?? 'it';
    report({
      node: parent,
      message: `${message} Assigning it to \`${target}\` turns verification off for every HTTPS connection in the process.`,
      fixes: statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : [],
    });
    return;
  }
  const call = parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id ? parent : undefined;
  const noArguments = call && (call.childForFieldName('arguments')?.namedChildren.length ?? 0) === 0;
  const attribute = node.childForFieldName('attribute');
  const fixes: Fix[] =
    noArguments && attribute
      ? [{ title: 'Use ssl.create_default_context()', safety: 'unsafe', edits: [{ range: context.rangeOf(attribute), newText: 'create_default_context' }] }]
      : [];
  report({ node: call ?? node, message, fixes });
}

function javascriptVisitors(context: RuleContext) {
  const semantics = javascriptSemantics(context);
  const removeFix = (node: Node, remove: (source: RuleContext['source'], node: Node) => ReturnType<typeof removeListElement>): Fix[] => [
    { title: REMOVE_TITLE, safety: 'unsafe', edits: [remove(context.source, node)] },
  ];
  const through = (value: Node | null | undefined) => (value?.type === 'identifier' ? ` (\`${value.text}\` is \`${javascriptConstant(context, value)?.text}\`)` : '');
  /** "0" or 0, possibly through a constant: the value of NODE_TLS_REJECT_UNAUTHORIZED that turns checks off. */
  const isZero = (value: Node | null | undefined) => {
    const constant = javascriptConstant(context, value);
    return (constant?.type === 'number' ? constant.text : stringValue(constant)) === '0';
  };
  return {
    pair(pair: Node) {
      const key = pair.childForFieldName('key');
      const keyText = key?.type === 'string' ? stringValue(key) : key?.text;
      const value = pair.childForFieldName('value');
      if (keyText === CHECK_SERVER_IDENTITY && value && /^(?:arrow_function|function_expression|function)$/.test(value.type) && acceptsEveryHost(value)) {
        context.report({
          node: pair,
          message: '`checkServerIdentity` that accepts every certificate turns off hostname verification for this connection.',
          fixes: removeFix(pair, removeListElement),
        });
        return;
      }
      // Node checks `rejectUnauthorized !== false`: only `false` itself (or a constant holding it) turns checks off.
      if (keyText && NODE_VERIFY_OPTIONS.includes(keyText) && javascriptConstant(context, value)?.type === 'false') {
        context.report({
          node: pair,
          message: `\`${keyText}: ${value!.text}\` turns off certificate verification for this connection${through(value)}.`,
          fixes: removeFix(pair, removeListElement),
        });
        return;
      }
      // `env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" }` for a child process.
      if (keyText === 'NODE_TLS_REJECT_UNAUTHORIZED' && isZero(value)) {
        context.report({
          node: pair,
          message: `\`NODE_TLS_REJECT_UNAUTHORIZED: ${value!.text}\` turns off certificate verification for every HTTPS connection of the process that gets this environment.`,
          fixes: removeFix(pair, removeListElement),
        });
      }
    },
    assignment_expression(node: Node) {
      const left = node.childForFieldName('left');
      if (!left || !isTlsRejectVariable(left)) return;
      const right = node.childForFieldName('right');
      if (!isZero(right)) return;
      const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
      context.report({
        node,
        message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to "0" turns off certificate verification for every HTTPS connection in the process.',
        fixes: statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'javascript')] }] : [],
      });
    },
    call_expression(call: Node) {
      // new Client("api.example.com:443", grpc.credentials.createInsecure())
      const name = semantics.calleeName(call);
      if (!name || !NODE_INSECURE_CREDENTIALS.has(name)) return;
      const args = call.parent;
      const client = args?.type === 'arguments' ? args.parent : undefined;
      if (!client || (client.type !== 'new_expression' && client.type !== 'call_expression')) return;
      const target = stringValue(javascriptConstant(context, args!.namedChildren[0]));
      if (target === undefined || !isRemoteTarget(target)) return;
      context.report({
        node: call,
        severity: 'warning',
        message: `\`credentials.createInsecure()\` sends gRPC in plaintext to \`${target}\`: tokens in metadata and every message can be read and changed on the way; use credentials.createSsl().`,
      });
    },
  };
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED` or `process.env['NODE_TLS_REJECT_UNAUTHORIZED']`. */
function isTlsRejectVariable(node: Node): boolean {
  let object: Node | null = null;
  let name: string | undefined;
  if (node.type === 'member_expression') {
    object = node.childForFieldName('object');
    name = node.childForFieldName('property')?.text;
  } else if (node.type === 'subscript_expression') {
    object = node.childForFieldName('object');
    name = stringValue(node.childForFieldName('index'));
  }
  return name === 'NODE_TLS_REJECT_UNAUTHORIZED' && object?.text.replace(/\s/g, '') === 'process.env';
}

/** `() => undefined`, `() => {}`, `function () { return undefined; }`: a check that never fails. */
function acceptsEveryHost(fn: Node): boolean {
  const body = fn.childForFieldName('body')?.text.replace(/\s+/g, '') ?? '';
  return /^(?:undefined|null|\{\}|\{return;?\}|\{returnundefined;?\}|\{returnnull;?\}|void0)$/.test(body);
}

/**
 * Whether the code around a call builds only plain `http://` addresses: the enclosing function, else the
 * enclosing class, holds a string starting with `http://` and none starting with `https://` (comments and
 * documentation links elsewhere in a large class do not count against the function that opens the connection).
 */
function onlyPlainHttpAround(call: Node): boolean {
  const scopes: Node[] = [];
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'function_definition' && scopes.length === 0) scopes.push(node);
    if (node.type === 'class_definition') {
      scopes.push(node);
      break;
    }
  }
  for (const scope of scopes) {
    if (/["']https:\/\//.test(scope.text)) return false;
    if (/["']http:\/\//.test(scope.text)) return true;
  }
  return false;
}
