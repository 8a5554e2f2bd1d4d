/**
 * The shape of one entry of the model SDK table (`table.ts`): what the engine knows about an SDK in one
 * language. The taint spec's model sources and prompt sinks, "this route calls a model", and the endpoint
 * rules' timeout and output-limit checks are all read from these entries.
 */

/** A positional argument (0-based), a keyword (Python) or a property of an options object (JS). */
export type SdkArgument = number | string;

/** How a client (or model object) is made: a constructor, a factory function or class method. */
export interface ClientFactory {
  /** The import-qualified name of the constructor or factory (`openai.OpenAI`, `boto3.client`). */
  callee: string;
  /** Only when the first argument (or `task=`/`service_name=`) is one of these strings (`boto3.client("bedrock-runtime")`). */
  firstArgument?: readonly string[];
  /** Options of the constructor that bound the length of every answer (LangChain `ChatOpenAI(max_tokens=)`). */
  limits?: readonly string[];
  /** Arguments of the constructor that are instructions (`Agent(instructions=)`, `GenerativeModel(system_instruction=)`). */
  system?: readonly SdkArgument[];
}

/** A call that asks a model for something, on a client (`method` is the path after it) or as a module function. */
export interface ModelCall {
  /** `chat.completions.create` on a client; for module functions the qualified name (`litellm.completion`); `()` calls the object itself. */
  method: string;
  /** Where the answer's text lives in the result (documentation and messages): `choices[0].message.content`. */
  text?: string;
  /** The call returns another client of this table (`start_chat()` returns a chat session) instead of model output. */
  returns?: string;
  /** The call always streams (`true`), or the argument that turns streaming on (`stream`). */
  streams?: true | string;
  /** Arguments that are instructions (a system prompt): `system`, `preamble`, `instructions`. */
  system?: readonly SdkArgument[];
  /** Arguments that carry the prompt as one text (or a request body): `prompt`, `message`, `input`, position 0. */
  prompt?: readonly SdkArgument[];
  /** Arguments that carry a list of chat messages (`messages`): each role's content is judged where the message is built. */
  messages?: readonly SdkArgument[];
  /** Arguments that bound the output length, and the nested option objects they may sit in. */
  limits?: {
    names: readonly string[];
    /** Option objects the limit may sit in (`generation_config`, `options`, `inferenceConfig`). */
    in?: readonly string[];
    /** The limit is only accepted inside the first of `in` (`options={"num_predict": ...}`), never as an argument of its own. */
    nestedOnly?: boolean;
    /** The API refuses calls without it (Anthropic's `max_tokens`): nothing to report. */
    required?: boolean;
  };
  /** Per-call timeout arguments (`timeout`, `request_timeout`). */
  timeout?: readonly string[];
  /**
   * The method chain alone says what this is (`chat.completions.create` is the OpenAI API shape, which many
   * providers copy): it is matched on any receiver, not only on a client known to be of this SDK.
   */
  distinctive?: boolean;
}

/** A kind of client object and what its methods do. */
export interface ClientKind {
  /** Provenance name: calls on such a client are qualified as `<kind>.<method>` (`cohere.Client.chat`). */
  kind: string;
  made: readonly ClientFactory[];
  calls: readonly ModelCall[];
  /** The constructor option that sets a timeout, and the SDK's default when it is left out (timeout rule). */
  timeout?: { option: string; fix: string; default: string };
  /** `prompt | llm` (LangChain Expression Language) makes a runnable of this kind. */
  pipes?: boolean;
}

export interface SdkBinding {
  /** Import names of the SDK (`openai`, `@anthropic-ai/sdk`, `google.genai`). */
  modules: readonly string[];
  clients?: readonly ClientKind[];
  /** Modules whose every lower-case function calls a model (`litellm.embedding`, `openai.images.generate`): route discovery counts them. */
  functionModules?: readonly string[];
  /** Module-level functions that call a model (`litellm.completion`, `ai.generateText`). */
  functions?: readonly ModelCall[];
}

export interface SdkEntry {
  id: string;
  name: string;
  python?: SdkBinding;
  javascript?: SdkBinding;
}
