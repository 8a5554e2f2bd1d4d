import {
  enclosingFunction,
  parameterNames,
  pythonSemantics,
  pythonStringValue,
  shared,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';
import { argumentAt } from './_python-calls';

/**
 * Which calls download models or datasets from the Hugging Face Hub, and where their repository id is.
 * Calls are recognised by qualified name (after import resolution), never by method name alone, so
 * `self.from_pretrained` on a local class is not mistaken for `transformers.AutoModel.from_pretrained`.
 */

/** Top-level packages whose classes load Hub repositories (`from_pretrained` and friends). */
const HUB_PACKAGES = new Set([
  'transformers',
  'diffusers',
  'sentence_transformers',
  'peft',
  'optimum',
  'trl',
  'setfit',
  'huggingface_hub',
  'datasets',
  'vllm',
  'auto_gptq',
  'awq',
]);

export function isHubPackageName(qualifiedName: string): boolean {
  return HUB_PACKAGES.has(qualifiedName.split('.')[0]);
}

export interface HubCall {
  /** What the call fetches, for messages. */
  kind: 'model' | 'dataset' | 'repository';
  /** The argument naming the repository (a literal or an expression). */
  repository: Node | undefined;
}

/** The method every Hub class loads a repository with. */
const FROM_PRETRAINED = 'from_pretrained';

/** The other Hub loaders, by qualified name: what each fetches and which argument names the repository. */
const HUB_LOADERS = new Map([
  ...loaders(['transformers.pipeline', 'transformers.pipelines.pipeline'], 'model', (call) => argumentAt(call, 1, 'model')),
  ...loaders(['sentence_transformers.SentenceTransformer', 'sentence_transformers.CrossEncoder'], 'model', (call) => argumentAt(call, 0, 'model_name_or_path') ?? argumentAt(call, 0, 'model_name')),
  ...loaders(
    ['huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'huggingface_hub.file_download.hf_hub_download', 'huggingface_hub._snapshot_download.snapshot_download'],
    'repository',
    (call) => argumentAt(call, 0, 'repo_id'),
  ),
  ...loaders(['vllm.LLM', 'vllm.entrypoints.llm.LLM'], 'model', (call) => argumentAt(call, 0, 'model')),
  ...loaders(['datasets.load_dataset'], 'dataset', (call) => argumentAt(call, 0, 'path')),
]);

/** Entries of HUB_LOADERS: the qualified names of one loader, what it fetches, and where the repository id is. */
function loaders(names: string[], kind: HubCall['kind'], repository: (call: Node) => Node | undefined): [string, (call: Node) => HubCall][] {
  return names.map((name) => [name, (call) => ({ kind, repository: repository(call) })]);
}

/**
 * Prefilter words (`meta.requires`): a call `hubCall` describes is named through an import of a Hub package (a
 * qualified name starts with the module its import spells, and a local subclass of a Hub class names its base
 * through one), and its last part, the loader's name, is written at the call or in its import.
 */
export const HUB_PACKAGE_WORDS = [...HUB_PACKAGES];
export const HUB_LOADER_WORDS = [...new Set([FROM_PRETRAINED, ...[...HUB_LOADERS.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1))])];

/** Describes a call that fetches from the Hub by revision, or undefined. */
export function hubCall(call: Node, qualifiedName: string): HubCall | undefined {
  const root = qualifiedName.split('.')[0];
  if (!HUB_PACKAGES.has(root)) return undefined;
  const last = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  if (last === FROM_PRETRAINED) {
    // PeftModel.from_pretrained(base_model, adapter_id): the adapter is the second argument.
    if (/^peft\.(PeftModel\w*)\.from_pretrained$/.test(qualifiedName)) {
      return { kind: 'model', repository: argumentAt(call, 1, 'model_id') };
    }
    return { kind: 'model', repository: argumentAt(call, 0, 'pretrained_model_name_or_path') };
  }
  return HUB_LOADERS.get(qualifiedName)?.(call);
}

/** Dataset builders that read local or remote files rather than a Hub repository. */
const PACKAGED_DATASET_BUILDERS = new Set([
  'csv',
  'json',
  'parquet',
  'text',
  'arrow',
  'pandas',
  'sql',
  'generator',
  'imagefolder',
  'audiofolder',
  'videofolder',
  'webdataset',
  'xml',
]);

const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/**
 * The Hub repository id a literal names, or undefined when the argument is not a literal or names a
 * local path (`./model`, `/models/llama`, `C:\\models`, `~/x`) or a packaged dataset builder.
 */
export function hubRepositoryId(argument: Node | undefined, kind: HubCall['kind'], context?: RuleContext): string | undefined {
  const value = pythonStringValue(argument) ?? (context ? moduleConstant(context, argument) : undefined);
  if (value === undefined || !HUB_ID.test(value)) return undefined;
  if (value.startsWith('.') || value.endsWith('.py')) return undefined;
  if (kind === 'dataset' && PACKAGED_DATASET_BUILDERS.has(value)) return undefined;
  if (context && isLocalFolder(context, value)) return undefined;
  return value;
}

/**
 * Whether `models/bert`-style names are really folders of the project: the loaders try a local path first, and
 * scripts run from the project root or their own folder, so a match in the file's folder or one above counts.
 */
function isLocalFolder(context: RuleContext, value: string): boolean {
  const filePath = context.filePath;
  if (!filePath) return false;
  let folder = filePath.replace(/[\\/][^\\/]*$/, '');
  for (let level = 0; level < 4 && folder; level++) {
    if (context.files.exists(`${folder}/${value}`)) return true;
    if (context.files.exists(`${folder}/.git`)) break;
    const parent = folder.replace(/[\\/][^\\/]*$/, '');
    if (parent === folder) break;
    folder = parent;
  }
  return false;
}

/** A full or abbreviated commit hash: the only revision the Hub cannot move under you. */
export function isCommitHash(value: string): boolean {
  return /^[0-9a-f]{7,40}$/i.test(value);
}

/**
 * Whether a revision could name a branch or tag at all. A value that is not a valid git ref (a placeholder
 * such as `<commit sha>`, spaces) makes the download fail loudly, so it is not an unpinned dependency.
 */
export function couldBeRef(value: string): boolean {
  return value.length > 0 && !/[\s~^:?*[\\<>]|\.\.|@\{/.test(value) && !value.startsWith('/') && !value.endsWith('.lock');
}

/**
 * Module-level classes that subclass a Hub class (`class MyModel(PreTrainedModel)`), mapped to that base's
 * qualified name: their inherited `from_pretrained` downloads from the Hub like the base's.
 */
function localHubSubclasses(context: RuleContext): Map<string, string> {
  return shared(context, 'supply-chain:hub-subclasses', () => {
    const semantics = pythonSemantics(context);
    const classes = new Map<string, string>();
    for (const statement of context.tree?.rootNode.namedChildren ?? []) {
      const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type !== 'class_definition') continue;
      const name = definition.childForFieldName('name')?.text;
      const bases = definition.childForFieldName('superclasses')?.namedChildren ?? [];
      for (const base of bases) {
        const qualified = base ? semantics.qualifiedName(base) ?? classes.get(base.text) : undefined;
        if (name && qualified && isHubPackageName(qualified)) {
          classes.set(name, qualified);
          break;
        }
      }
    }
    return classes;
  });
}

/**
 * The qualified name of a call for the Hub rules: the semantic model's answer, or for
 * `LocalSubclass.from_pretrained(...)` the Hub base class's `from_pretrained`.
 */
export function hubCalleeName(context: RuleContext, call: Node): string | undefined {
  const name = pythonSemantics(context).calleeName(call);
  if (name) return name;
  const callee = call.childForFieldName('function');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  const method = callee?.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || !method) return undefined;
  const base = localHubSubclasses(context).get(object.text);
  return base ? `${base}.${method}` : undefined;
}

/**
 * Module-level names assigned exactly once, to a plain string (`MODEL_ID = "meta-llama/Llama-3.1-8B"`): AI code
 * names its model this way far more often than it writes the id inline.
 */
function moduleStringConstants(context: RuleContext): Map<string, string> {
  return shared(context, 'supply-chain:string-constants', () => {
    const counts = new Map<string, number>();
    const values = new Map<string, string>();
    for (const statement of context.tree?.rootNode.namedChildren ?? []) {
      if (statement?.type !== 'expression_statement') continue;
      for (const child of statement.namedChildren) {
        if (child?.type !== 'assignment' && child?.type !== 'augmented_assignment') continue;
        const left = child.childForFieldName('left');
        if (left?.type !== 'identifier') continue;
        counts.set(left.text, (counts.get(left.text) ?? 0) + 1);
        const value = child.type === 'assignment' ? pythonStringValue(child.childForFieldName('right')) : undefined;
        if (value !== undefined) values.set(left.text, value);
      }
    }
    for (const [name, count] of counts) if (count !== 1) values.delete(name);
    return values;
  });
}

/** The string a module-level constant holds at `node`, unless a parameter of an enclosing function shadows it. */
export function moduleConstant(context: RuleContext, node: Node | undefined | null): string | undefined {
  if (node?.type !== 'identifier') return undefined;
  const value = moduleStringConstants(context).get(node.text);
  if (value === undefined) return undefined;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const parameters = fn.childForFieldName('parameters');
    if (parameters && parameterNames(parameters).includes(node.text)) return undefined;
  }
  return value;
}
