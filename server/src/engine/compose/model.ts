import type { SyntaxNode as Node } from '../syntax/node';
import { shared, type RuleContext } from '../rule';

/**
 * A docker-compose file as rules need it: each service's keys with their YAML values, read from the
 * tree-sitter YAML tree (so every value keeps its node for ranges and fixes). Anchors are followed
 * through their content; aliases and merge keys (`<<: *defaults`) are not resolved.
 */
export type YamlValue =
  | { kind: 'scalar'; node: Node; value: string; quoted: boolean }
  | { kind: 'sequence'; node: Node; items: YamlValue[] }
  | { kind: 'mapping'; node: Node; pairs: YamlPair[] }
  | { kind: 'other'; node: Node };

export interface YamlPair {
  key: string;
  keyNode: Node;
  value: YamlValue | undefined;
  node: Node;
}

export interface ComposeService {
  name: string;
  nameNode: Node;
  pairs: YamlPair[];
  /** The value of a key of the service (`privileged`, `environment`), if present. */
  get(key: string): YamlValue | undefined;
}

/** The services of the compose document being analysed (empty for other documents). */
export function composeServices(context: RuleContext): ComposeService[] {
  if (context.family !== 'compose' || !context.tree) return [];
  const tree = context.tree;
  return shared(context, 'compose:services', () => {
    const services: ComposeService[] = [];
    for (const document of tree.rootNode.namedChildren) {
      if (!document || document.type !== 'document') continue;
      const root = document.namedChildren.find((c): c is Node => !!c && (c.type === 'block_node' || c.type === 'flow_node'));
      const top = root ? yamlValue(root) : undefined;
      if (top?.kind !== 'mapping') continue;
      const section = top.pairs.find((p) => p.key === 'services')?.value;
      if (section?.kind !== 'mapping') continue;
      for (const pair of section.pairs) {
        const body = pair.value;
        const pairs = body?.kind === 'mapping' ? body.pairs : [];
        services.push({ name: pair.key, nameNode: pair.keyNode, pairs, get: (key) => pairs.find((p) => p.key === key)?.value });
      }
    }
    return services;
  });
}

/** Converts a YAML node (block_node, flow_node or their content) into a value. */
export function yamlValue(node: Node): YamlValue {
  const content = contentOf(node);
  switch (content.type) {
    case 'block_mapping':
    case 'flow_mapping':
      return { kind: 'mapping', node: content, pairs: content.namedChildren.filter(isPair).map(pairOf) };
    case 'block_sequence':
      return {
        kind: 'sequence',
        node: content,
        items: content.namedChildren
          .filter((c): c is Node => !!c && c.type === 'block_sequence_item')
          .map((item) => item.namedChildren.find((c): c is Node => !!c && c.type !== 'comment'))
          .filter((c): c is Node => !!c)
          .map(yamlValue),
      };
    case 'flow_sequence':
      return {
        kind: 'sequence',
        node: content,
        items: content.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map(yamlValue),
      };
    case 'plain_scalar':
      return { kind: 'scalar', node: content, value: content.text, quoted: false };
    case 'double_quote_scalar':
      return { kind: 'scalar', node: content, value: unescapeDouble(content.text.slice(1, -1)), quoted: true };
    case 'single_quote_scalar':
      return { kind: 'scalar', node: content, value: content.text.slice(1, -1).replace(/''/g, "'"), quoted: true };
    case 'block_scalar':
      return { kind: 'scalar', node: content, value: content.text.replace(/^[|>][-+0-9]*\s*\n?/, ''), quoted: true };
    default:
      return { kind: 'other', node: content };
  }
}

function contentOf(node: Node): Node {
  let current = node;
  for (let depth = 0; depth < 4 && (current.type === 'block_node' || current.type === 'flow_node'); depth++) {
    // Anchors and tags come first; the content is the last named child.
    const children = current.namedChildren.filter((c): c is Node => !!c && c.type !== 'anchor' && c.type !== 'tag' && c.type !== 'comment');
    const last = children[children.length - 1];
    if (!last) break;
    current = last;
  }
  return current;
}

function isPair(node: Node | null): node is Node {
  return !!node && (node.type === 'block_mapping_pair' || node.type === 'flow_pair');
}

function pairOf(node: Node): YamlPair {
  const keyNode = node.childForFieldName('key') ?? node;
  const valueNode = node.childForFieldName('value');
  const key = yamlValue(keyNode);
  return {
    key: key.kind === 'scalar' ? key.value : keyNode.text,
    keyNode,
    value: valueNode ? yamlValue(valueNode) : undefined,
    node,
  };
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(["\\/bfnrt])/g, (_, c: string) => ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** A scalar's value, or undefined for anything else. */
export function scalarText(value: YamlValue | undefined): string | undefined {
  return value?.kind === 'scalar' ? value.value : undefined;
}
