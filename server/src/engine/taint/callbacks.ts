/**
 * Methods that call a function argument with a value of their receiver (JS/TS): array iteration, promise
 * continuations and event emitters. Such a callback is analysed where the call is, in the environment
 * around it (a closure sees the enclosing variables), with its first parameter bound to what the method
 * hands it; the call's value follows from the callback's return where the method says so.
 */
export interface CallbackMethod {
  /** Which arguments are callbacks: the first (`map`, `then`'s fulfilment handler), the last (`on('text', cb)`). */
  callbacks: 'first' | 'last';
  /** What the first callback's first parameter receives from the receiver; later callbacks (`then`'s rejection handler) receive nothing tainted. */
  receives: 'element' | 'resolved value' | 'event' | 'nothing';
  /** The call's value: the callback's return (`then`), the receiver's (`finally`, `on`), either (`catch`), or the usual merge of receiver and arguments. */
  result: 'callback' | 'receiver' | 'receiver or callback' | 'merge';
  /** Analyse the callback in place only when the receiver carries taint (event emitters: otherwise it may be a route). */
  onlyTainted: boolean;
  /** How many arguments are callbacks at most (`then(onFulfilled, onRejected)`). */
  count: number;
}

const ITERATION: CallbackMethod = { callbacks: 'first', receives: 'element', result: 'merge', onlyTainted: true, count: 1 };
const EVENT: CallbackMethod = { callbacks: 'last', receives: 'event', result: 'receiver', onlyTainted: true, count: 1 };

export const JS_CALLBACK_METHODS: ReadonlyMap<string, CallbackMethod> = new Map<string, CallbackMethod>([
  ...['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every'].map((m) => [m, ITERATION] as const),
  ['then', { callbacks: 'first', receives: 'resolved value', result: 'callback', onlyTainted: false, count: 2 }],
  ['catch', { callbacks: 'first', receives: 'nothing', result: 'receiver or callback', onlyTainted: false, count: 1 }],
  ['finally', { callbacks: 'first', receives: 'nothing', result: 'receiver', onlyTainted: false, count: 1 }],
  // Node streams and SDK stream helpers (`stream.on('text', cb)`, `.on('data', cb)`, `.once('end', cb)`).
  ...['on', 'once', 'addListener', 'prependListener'].map((m) => [m, EVENT] as const),
]);
