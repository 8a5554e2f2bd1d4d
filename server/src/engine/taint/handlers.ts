import type { SpecLanguage } from './spec';

/**
 * Functions a framework calls with what a user typed, registered by a decorator or by passing them to a
 * call: chat UIs (Gradio, Chainlit), chat bots (Discord, Telegram). Their parameters are request data.
 * Web routes, tools, server actions and Slack listeners are recognised by the passes themselves (their
 * parameters need per-framework reading: annotations, request objects, payload names).
 *
 * Adding a framework is one entry here and one test.
 */
export interface HandlerRegistration {
  framework: string;
  language: SpecLanguage;
  /** The file must import this module (Python: a dotted name; JS: the import source). */
  module: string;
  /**
   * How the function is registered: by a decorator, or as an argument of a call. `functions` are
   * import-resolved names (`chainlit.on_message`; `gradio.*`: any function of the module); `methods` are
   * method names on any receiver (`bot.event`, `btn.click`).
   */
  by: 'decorator' | 'call';
  functions?: readonly string[];
  methods?: readonly string[];
  /** Decorators only: the function's own name must match (discord's `@bot.event async def on_message`). */
  functionName?: RegExp;
  /** Calls only: the handler is this keyword argument, else the positional argument at `position` (`last`: the last one). */
  keyword?: string;
  position?: number | 'last';
  /** Calls only (JS): the first argument must name one of these events, when it is a string (`process.on('exit', ...)` is no message). */
  events?: RegExp;
  /** Parameters from this position on carry the user's data (1: after discord's `ctx`). `self` is never counted. */
  from: number;
  /** How a finding names the parameter: `${label} \`name\``. */
  label: string;
}

const PY = 'python' as const;
const JS = 'javascript' as const;

export const HANDLER_REGISTRATIONS: readonly HandlerRegistration[] = [
  // Gradio: gr.Interface(fn=f), gr.ChatInterface(f), btn.click(f, inputs=...), box.submit/change/...
  { framework: 'gradio', language: PY, module: 'gradio', by: 'call', functions: ['gradio.*'], keyword: 'fn', position: 0, from: 0, label: 'Gradio input' },
  {
    framework: 'gradio',
    language: PY,
    module: 'gradio',
    by: 'call',
    methods: ['click', 'submit', 'change', 'input', 'then', 'select', 'upload', 'like', 'load', 'success'],
    keyword: 'fn',
    position: 0,
    from: 0,
    label: 'Gradio input',
  },
  // Chainlit: @cl.on_message async def main(message: cl.Message) — message.content is what the user typed.
  { framework: 'chainlit', language: PY, module: 'chainlit', by: 'decorator', functions: ['chainlit.on_message'], from: 0, label: 'Chainlit message' },
  // discord.py: @bot.event async def on_message(message); @bot.command() async def ask(ctx, *, question).
  { framework: 'discord', language: PY, module: 'discord', by: 'decorator', methods: ['event'], functionName: /^on_(message|message_edit|reaction_add)$/, from: 0, label: 'Discord event' },
  { framework: 'discord', language: PY, module: 'discord', by: 'decorator', methods: ['command', 'hybrid_command'], from: 1, label: 'Discord command argument' },
  // python-telegram-bot: app.add_handler(MessageHandler(filters.TEXT, reply)); CommandHandler("start", start).
  {
    framework: 'telegram',
    language: PY,
    module: 'telegram',
    by: 'call',
    functions: ['telegram.ext.MessageHandler', 'telegram.ext.CommandHandler', 'telegram.ext.CallbackQueryHandler', 'telegram.ext.InlineQueryHandler'],
    keyword: 'callback',
    position: 'last',
    from: 0,
    label: 'Telegram update',
  },
  // aiogram (@dp.message(), @router.message()) and pyTelegramBotAPI (@bot.message_handler()).
  { framework: 'aiogram', language: PY, module: 'aiogram', by: 'decorator', methods: ['message', 'edited_message', 'callback_query'], from: 0, label: 'Telegram message' },
  { framework: 'telebot', language: PY, module: 'telebot', by: 'decorator', methods: ['message_handler', 'edited_message_handler'], from: 0, label: 'Telegram message' },
  // discord.js: client.on('messageCreate', (message) => ...).
  { framework: 'discord.js', language: JS, module: 'discord.js', by: 'call', methods: ['on', 'once'], events: /^(messageCreate|messageUpdate|interactionCreate)$/, position: 'last', from: 0, label: 'Discord event' },
  // Telegraf and grammY: bot.on('text', (ctx) => ctx.message.text), bot.on(message('text'), ...), bot.command('ask', ...), bot.hears(/.../, ...).
  ...(['telegraf', 'grammy'] as const).flatMap((module) => [
    {
      framework: module,
      language: JS,
      module,
      by: 'call' as const,
      methods: ['on'],
      events: /^(text|message|edited_message|callback_query|inline_query|channel_post|photo|document|voice|msg|:)/,
      position: 'last' as const,
      from: 0,
      label: 'Telegram context',
    },
    {
      framework: module,
      language: JS,
      module,
      by: 'call' as const,
      methods: ['command', 'hears', 'start', 'help', 'action', 'mention', 'callbackQuery', 'inlineQuery'],
      position: 'last' as const,
      from: 0,
      label: 'Telegram context',
    },
  ]),
  // node-telegram-bot-api: bot.on('message', (msg) => msg.text), bot.onText(/\/ask (.+)/, (msg, match) => ...).
  { framework: 'node-telegram-bot-api', language: JS, module: 'node-telegram-bot-api', by: 'call', methods: ['on', 'onText'], events: /^(message|text|callback_query|edited_message)$/, position: 'last', from: 0, label: 'Telegram message' },
];

/** The registrations that apply to a file, given which modules it imports. */
export function registrationsFor(language: SpecLanguage, imports: (module: string) => boolean): HandlerRegistration[] {
  return HANDLER_REGISTRATIONS.filter((r) => r.language === language && imports(r.module));
}

/** Whether a registration names this callee: an import-resolved function, or a method on any receiver. */
export function registers(registration: HandlerRegistration, qualified: string | undefined, method: string | undefined): boolean {
  if (qualified && registration.functions?.some((f) => (f.endsWith('.*') ? qualified.startsWith(f.slice(0, -1)) : qualified === f))) return true;
  return !!method && !!registration.methods?.includes(method);
}

/**
 * Text that a registering call needs (`MessageHandler(`, `.click(`, `gr.Interface(`): a statement without
 * it registers nothing, and a function without it is not analysed for its registrations. `aliases` gives
 * the local names a module is imported as (`gr` for `gradio`), for `module.*` entries.
 */
export function registrationHint(registrations: readonly HandlerRegistration[], aliases: (module: string) => readonly string[]): RegExp | undefined {
  const names = new Set<string>();
  const methods = new Set<string>();
  for (const r of registrations) {
    if (r.by !== 'call') continue;
    for (const f of r.functions ?? []) {
      if (f.endsWith('.*')) for (const alias of aliases(f.slice(0, -2))) names.add(`${alias}\\.\\w+`);
      else names.add(f.slice(f.lastIndexOf('.') + 1));
    }
    for (const m of r.methods ?? []) methods.add(m);
  }
  const parts = [...(names.size ? [`\\b(?:${[...names].join('|')})`] : []), ...(methods.size ? [`\\.\\s*(?:${[...methods].join('|')})`] : [])];
  return parts.length ? new RegExp(`(?:${parts.join('|')})\\s*\\(`) : undefined;
}
