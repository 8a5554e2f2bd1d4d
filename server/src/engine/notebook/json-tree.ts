/**
 * Strict JSON read into a tree of nodes with their offsets, for notebooks: the shape `jsonc-parser`'s
 * `parseTree` gives (an object's children are properties, a property's children its key and its value), with
 * no comments and no trailing commas, and undefined for anything that is not JSON.
 *
 * Why not `jsonc-parser`: a notebook is mostly outputs (base64 images, logs) that are never read, and
 * `parseTree` decodes every string of them; its scanner is also made of closures created per document, which
 * V8 optimized again for notebook after notebook. Here a string is checked where it is read but decoded only
 * when its value is asked for. Iterative, so that deep nesting is an answer (a tree or undefined), not a stack
 * overflow. test/unit/notebook-json.test.ts compares both readers, valid and invalid input.
 */
export type JsonNodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export class JsonNode {
  /** Objects' properties, arrays' elements, a property's key and value. */
  children: JsonNode[] | undefined;
  private decoded: string | undefined;

  constructor(
    readonly type: JsonNodeType,
    readonly offset: number,
    public length: number,
    readonly parent: JsonNode | undefined,
    private readonly source: string,
    /** A number's, boolean's or null's value. */
    private readonly scalar?: number | boolean | null,
  ) {}

  /** A string's decoded text, or a number's, boolean's or null's value; undefined for the rest. */
  get value(): unknown {
    if (this.type !== 'string') return this.scalar;
    return (this.decoded ??= JSON.parse(this.source.slice(this.offset, this.offset + this.length)) as string);
  }
}

/** The tree of a JSON text, or undefined when the text is not strict JSON. */
export function parseJsonTree(text: string): JsonNode | undefined {
  try {
    return new JsonReader(text).read();
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
}

/** The node at a path of property names and array indexes, as `jsonc-parser`'s `findNodeAtLocation`. */
export function findNodeAtLocation(root: JsonNode | undefined, path: readonly (string | number)[]): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      // The first property of that name wins, as in jsonc-parser.
      const property: JsonNode | undefined = node.children.find((candidate) => candidate.children?.length === 2 && candidate.children[0].value === segment);
      node = property?.children?.[1];
    } else {
      if (node.type !== 'array' || segment < 0 || segment >= node.children.length) return undefined;
      node = node.children[segment];
    }
  }
  return node;
}

class NotJson extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
/** Characters a string holds as they are: anything but a quote, a backslash or a control character. */
const PLAIN = /[^"\\\u0000-\u001f]*/y;
/** The characters that may follow a backslash: `"` `\` `/` b f n r t (u is checked apart). */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

class JsonReader {
  private at = 0;
  /** The objects and arrays still open, innermost last. */
  private readonly open: JsonNode[] = [];

  constructor(private readonly text: string) {}

  read(): JsonNode {
    this.skipSpace();
    const root = this.value(undefined);
    while (this.open.length > 0) this.step(this.open[this.open.length - 1]);
    this.skipSpace();
    if (this.at !== this.text.length) throw new NotJson();
    return root;
  }

  /** Reads what follows in an open container: its next element or property, or its end. */
  private step(container: JsonNode): void {
    this.skipSpace();
    const closing = container.type === 'array' ? 0x5d : 0x7d;
    const children = container.children!;
    if (this.code() === closing) {
      this.at++;
      this.close(container);
      return;
    }
    if (children.length > 0) {
      if (this.code() !== 0x2c) throw new NotJson();
      this.at++;
      this.skipSpace();
    }
    if (container.type === 'array') {
      children.push(this.value(container));
      return;
    }
    if (this.code() !== QUOTE) throw new NotJson();
    const property = new JsonNode('property', this.at, 0, container, this.text);
    children.push(property);
    const key = this.string(property);
    this.skipSpace();
    if (this.code() !== 0x3a) throw new NotJson();
    this.at++;
    this.skipSpace();
    property.children = [key, this.value(property)];
    if (!property.children[1].children) this.finishProperty(property, property.children[1]);
  }

  /** A value; an object or array is left open (and its property finished when it closes). */
  private value(parent: JsonNode | undefined): JsonNode {
    const code = this.code();
    const start = this.at;
    if (code === 0x7b || code === 0x5b) {
      this.at++;
      const container = new JsonNode(code === 0x7b ? 'object' : 'array', start, 0, parent, this.text);
      container.children = [];
      this.open.push(container);
      return container;
    }
    if (code === QUOTE) return this.string(parent);
    if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(this.text);
      if (!match) throw new NotJson();
      this.at = start + match[0].length;
      return new JsonNode('number', start, match[0].length, parent, this.text, Number(match[0]));
    }
    for (const [word, type, scalar] of LITERALS) {
      if (this.text.startsWith(word, start)) {
        this.at = start + word.length;
        return new JsonNode(type, start, word.length, parent, this.text, scalar);
      }
    }
    throw new NotJson();
  }

  /** A string, checked (escapes, no control characters) but not decoded. */
  private string(parent: JsonNode | undefined): JsonNode {
    const { text } = this;
    const start = this.at;
    let i = start + 1;
    for (;;) {
      // Runs of plain characters (most of a notebook: base64 images, logs) are skipped by the regex engine.
      PLAIN.lastIndex = i;
      PLAIN.test(text);
      i = PLAIN.lastIndex;
      if (i >= text.length) throw new NotJson();
      const code = text.charCodeAt(i);
      if (code === QUOTE) break;
      if (code !== BACKSLASH) throw new NotJson();
      const escaped = text.charCodeAt(i + 1);
      if (SIMPLE_ESCAPES.has(escaped)) {
        i += 2;
        continue;
      }
      HEX4.lastIndex = i + 2;
      if (escaped !== 0x75 || !HEX4.test(text)) throw new NotJson();
      i += 6;
    }
    this.at = i + 1;
    return new JsonNode('string', start, this.at - start, parent, text);
  }

  private close(container: JsonNode): void {
    this.open.pop();
    container.length = this.at - container.offset;
    if (container.parent?.type === 'property') this.finishProperty(container.parent, container);
  }

  /** A property ends where its value does. */
  private finishProperty(property: JsonNode, value: JsonNode): void {
    property.length = value.offset + value.length - property.offset;
  }

  private code(): number {
    return this.text.charCodeAt(this.at);
  }

  /** JSON's whitespace: space, tab, line feed, carriage return. */
  private skipSpace(): void {
    const { text } = this;
    let code = text.charCodeAt(this.at);
    while (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) code = text.charCodeAt(++this.at);
  }
}

const LITERALS: readonly (readonly [string, JsonNodeType, boolean | null])[] = [
  ['true', 'boolean', true],
  ['false', 'boolean', false],
  ['null', 'null', null],
];
