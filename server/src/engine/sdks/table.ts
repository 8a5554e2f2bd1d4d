import type { ClientFactory, ModelCall, SdkEntry } from './types';

/**
 * What the engine knows about model SDKs, one entry per SDK (Python and JavaScript where both exist).
 * Adding an SDK is adding an entry here and a case in test/unit/sdk-table.test.ts; nothing else names SDKs.
 */

/** The OpenAI chat-completions shape, which Groq, Together, Fireworks and Hugging Face copy. */
const CHAT_COMPLETIONS: ModelCall = {
  method: 'chat.completions.create',
  text: 'choices[0].message.content',
  streams: 'stream',
  messages: ['messages'],
  limits: { names: ['max_completion_tokens', 'max_tokens'] },
  timeout: ['timeout'],
  distinctive: true,
};
const OPENAI_CALLS: readonly ModelCall[] = [
  CHAT_COMPLETIONS,
  { ...CHAT_COMPLETIONS, method: 'chat.completions.parse', text: 'choices[0].message.parsed', streams: undefined },
  { ...CHAT_COMPLETIONS, method: 'beta.chat.completions.parse', text: 'choices[0].message.parsed', streams: undefined, distinctive: false },
  { ...CHAT_COMPLETIONS, method: 'chat.completions.stream', streams: true, distinctive: false },
  { method: 'completions.create', text: 'choices[0].text', streams: 'stream', prompt: ['prompt'], limits: { names: ['max_tokens'] }, timeout: ['timeout'], distinctive: true },
  {
    method: 'responses.create',
    text: 'output_text',
    streams: 'stream',
    system: ['instructions'],
    prompt: ['input'],
    limits: { names: ['max_output_tokens'] },
    timeout: ['timeout'],
    distinctive: true,
  },
  { method: 'responses.parse', text: 'output_parsed', system: ['instructions'], prompt: ['input'], limits: { names: ['max_output_tokens'] } },
  { method: 'responses.stream', streams: true, system: ['instructions'], prompt: ['input'] },
];
const OPENAI_COMPATIBLE: readonly ModelCall[] = [CHAT_COMPLETIONS, OPENAI_CALLS[4]];
const TEN_MINUTES = '10 minutes per attempt, with retries';

const ANTHROPIC_CALLS: readonly ModelCall[] = [
  { method: 'messages.create', text: 'content[0].text', streams: 'stream', system: ['system'], messages: ['messages'], limits: { names: ['max_tokens'], required: true }, distinctive: true },
  { method: 'messages.stream', streams: true, system: ['system'], messages: ['messages'], limits: { names: ['max_tokens'], required: true } },
  { method: 'beta.messages.create', text: 'content[0].text', streams: 'stream', system: ['system'], messages: ['messages'], limits: { names: ['max_tokens'], required: true } },
];

/** LangChain runnables (chat models, chains, agents, compiled graphs): `invoke` and friends return the answer. */
const RUNNABLE_CALLS: readonly ModelCall[] = ['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'astream_events', 'predict', 'run', 'arun'].map((method) => ({
  method,
  text: '.content (chat models), the state (graphs)',
  streams: /stream/.test(method) ? (true as const) : undefined,
  prompt: [0],
}));
const RUNNABLE_CALLS_JS: readonly ModelCall[] = ['invoke', 'stream', 'batch', 'streamEvents', 'call'].map((method) => ({
  method,
  text: '.content (chat models), the state (graphs)',
  streams: /stream/i.test(method) ? (true as const) : undefined,
  prompt: [0],
}));

const LC_LIMITS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens', 'num_predict', 'max_new_tokens'];
const chatModels = (names: string[], limits = LC_LIMITS): ClientFactory[] => names.map((callee) => ({ callee, limits }));

const GEMINI_CALLS: readonly ModelCall[] = [
  { method: 'generate_content', text: 'text', streams: 'stream', prompt: [0, 'contents'], limits: { names: ['max_output_tokens'], in: ['generation_config'], nestedOnly: true }, distinctive: true },
  { method: 'generate_content_async', text: 'text', streams: 'stream', prompt: [0, 'contents'], limits: { names: ['max_output_tokens'], in: ['generation_config'], nestedOnly: true }, distinctive: true },
  { method: 'start_chat', returns: 'google.ChatSession' },
];
const GEMINI_CALLS_JS: readonly ModelCall[] = [
  { method: 'generateContent', text: 'response.text()', prompt: [0, 'contents'], limits: { names: ['maxOutputTokens'], in: ['generationConfig'], nestedOnly: true }, distinctive: true },
  { method: 'generateContentStream', text: 'stream', streams: true, prompt: [0, 'contents'], limits: { names: ['maxOutputTokens'], in: ['generationConfig'], nestedOnly: true }, distinctive: true },
  { method: 'startChat', returns: 'google.ChatSessionJs' },
];

export const SDK_TABLE: readonly SdkEntry[] = [
  {
    id: 'openai',
    name: 'OpenAI and Azure OpenAI',
    python: {
      modules: ['openai'],
      functionModules: ['openai'],
      clients: [
        {
          kind: 'openai.OpenAI',
          made: ['OpenAI', 'AsyncOpenAI', 'AzureOpenAI', 'AsyncAzureOpenAI'].map((c) => ({ callee: `openai.${c}` })),
          calls: OPENAI_CALLS,
          timeout: { option: 'timeout', fix: 'timeout=60.0', default: TEN_MINUTES },
        },
      ],
      // The module-level client (`openai.chat.completions.create`) and the pre-1.0 API.
      functions: [
        ...OPENAI_CALLS.map((call) => ({ ...call, method: `openai.${call.method}` })),
        { ...CHAT_COMPLETIONS, method: 'openai.ChatCompletion.create', distinctive: false },
        { method: 'openai.Completion.create', text: 'choices[0].text', prompt: ['prompt'], limits: { names: ['max_tokens'] } },
      ],
    },
    javascript: {
      modules: ['openai'],
      clients: [
        {
          kind: 'openai.OpenAI',
          made: ['openai', 'openai.OpenAI', 'openai.AzureOpenAI', 'openai.default'].map((callee) => ({ callee })),
          calls: OPENAI_CALLS,
          timeout: { option: 'timeout', fix: 'timeout: 60_000', default: TEN_MINUTES },
        },
      ],
    },
  },
  {
    id: 'anthropic',
    name: 'Anthropic (incl. Bedrock and Vertex clients)',
    python: {
      modules: ['anthropic'],
      clients: [
        {
          kind: 'anthropic.Anthropic',
          made: ['Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock', 'AnthropicVertex', 'AsyncAnthropicVertex'].map((c) => ({ callee: `anthropic.${c}` })),
          calls: ANTHROPIC_CALLS,
          timeout: { option: 'timeout', fix: 'timeout=60.0', default: TEN_MINUTES },
        },
      ],
    },
    javascript: {
      modules: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'],
      clients: [
        {
          kind: 'anthropic.Anthropic',
          made: ['@anthropic-ai/sdk', '@anthropic-ai/sdk.Anthropic', '@anthropic-ai/sdk.default', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/bedrock-sdk.AnthropicBedrock', '@anthropic-ai/vertex-sdk', '@anthropic-ai/vertex-sdk.AnthropicVertex'].map((callee) => ({ callee })),
          calls: ANTHROPIC_CALLS,
          timeout: { option: 'timeout', fix: 'timeout: 60_000', default: TEN_MINUTES },
        },
      ],
    },
  },
  {
    id: 'google',
    name: 'Google google-genai, google.generativeai and Vertex AI',
    python: {
      modules: ['google.genai', 'google.generativeai', 'vertexai'],
      functionModules: ['google.generativeai'],
      clients: [
        {
          kind: 'google.genai.Client',
          made: [{ callee: 'google.genai.Client' }],
          calls: [
            ...['models.', 'aio.models.'].flatMap((prefix) => [
              { method: `${prefix}generate_content`, text: 'text', prompt: ['contents'], limits: { names: ['max_output_tokens'], in: ['config'], nestedOnly: true } },
              { method: `${prefix}generate_content_stream`, text: 'chunk.text', streams: true as const, prompt: ['contents'], limits: { names: ['max_output_tokens'], in: ['config'], nestedOnly: true } },
            ]),
            { method: 'chats.create', returns: 'google.ChatSession' },
            { method: 'aio.chats.create', returns: 'google.ChatSession' },
          ],
        },
        {
          kind: 'google.GenerativeModel',
          made: [
            { callee: 'google.generativeai.GenerativeModel', system: ['system_instruction'] },
            { callee: 'vertexai.generative_models.GenerativeModel', system: ['system_instruction'] },
            { callee: 'vertexai.preview.generative_models.GenerativeModel', system: ['system_instruction'] },
          ],
          calls: GEMINI_CALLS,
        },
        {
          kind: 'google.ChatSession',
          made: [],
          calls: [
            { method: 'send_message', text: 'text', streams: 'stream', prompt: [0, 'message', 'content'] },
            { method: 'send_message_async', text: 'text', prompt: [0, 'message', 'content'] },
            { method: 'send_message_stream', text: 'chunk.text', streams: true, prompt: [0, 'message'] },
          ],
        },
        // `types.GenerateContentConfig(system_instruction=...)` carries the instructions of a google-genai call.
        { kind: 'google.genai.types.GenerateContentConfig', made: [{ callee: 'google.genai.types.GenerateContentConfig', system: ['system_instruction'] }], calls: [] },
      ],
    },
    javascript: {
      modules: ['@google/genai', '@google/generative-ai', '@google-cloud/vertexai'],
      clients: [
        {
          kind: 'google.GoogleGenAI',
          made: [{ callee: '@google/genai.GoogleGenAI' }],
          calls: [
            { method: 'models.generateContent', text: 'text', prompt: ['contents'], system: ['systemInstruction'], limits: { names: ['maxOutputTokens'], in: ['config'], nestedOnly: true } },
            { method: 'models.generateContentStream', text: 'chunk.text', streams: true, prompt: ['contents'], system: ['systemInstruction'], limits: { names: ['maxOutputTokens'], in: ['config'], nestedOnly: true } },
            { method: 'chats.create', returns: 'google.ChatSessionJs' },
          ],
        },
        {
          kind: 'google.GoogleGenerativeAI',
          made: [{ callee: '@google/generative-ai.GoogleGenerativeAI' }, { callee: '@google-cloud/vertexai.VertexAI' }],
          calls: [
            { method: 'getGenerativeModel', returns: 'google.GenerativeModelJs', system: ['systemInstruction'] },
            { method: 'preview.getGenerativeModel', returns: 'google.GenerativeModelJs', system: ['systemInstruction'] },
          ],
        },
        { kind: 'google.GenerativeModelJs', made: [], calls: GEMINI_CALLS_JS },
        {
          kind: 'google.ChatSessionJs',
          made: [],
          calls: [
            { method: 'sendMessage', text: 'response.text()', prompt: [0, 'message'] },
            { method: 'sendMessageStream', text: 'stream', streams: true, prompt: [0, 'message'] },
          ],
        },
      ],
    },
  },
  {
    id: 'mistral',
    name: 'Mistral',
    python: {
      modules: ['mistralai'],
      clients: [
        {
          kind: 'mistralai.Mistral',
          made: [{ callee: 'mistralai.Mistral' }, { callee: 'mistralai.client.MistralClient' }],
          calls: [
            { method: 'chat.complete', text: 'choices[0].message.content', messages: ['messages'], limits: { names: ['max_tokens'] }, timeout: ['timeout_ms'], distinctive: true },
            { method: 'chat.complete_async', text: 'choices[0].message.content', messages: ['messages'], limits: { names: ['max_tokens'] }, timeout: ['timeout_ms'], distinctive: true },
            { method: 'chat.stream', text: 'chunk.data.choices[0].delta.content', streams: true, messages: ['messages'], limits: { names: ['max_tokens'] } },
            { method: 'chat.stream_async', streams: true, messages: ['messages'], limits: { names: ['max_tokens'] } },
            { method: 'chat', text: 'choices[0].message.content', messages: ['messages'], limits: { names: ['max_tokens'] } },
          ],
          timeout: { option: 'timeout_ms', fix: 'timeout_ms=60_000', default: 'none of its own: the HTTP client decides' },
        },
      ],
    },
    javascript: {
      modules: ['@mistralai/mistralai'],
      clients: [
        {
          kind: 'mistralai.Mistral',
          made: [{ callee: '@mistralai/mistralai.Mistral' }],
          calls: [
            { method: 'chat.complete', text: 'choices[0].message.content', messages: ['messages'], limits: { names: ['maxTokens'] } },
            { method: 'chat.stream', streams: true, messages: ['messages'], limits: { names: ['maxTokens'] } },
          ],
        },
      ],
    },
  },
  {
    id: 'cohere',
    name: 'Cohere (v1 Client and v2 ClientV2)',
    python: {
      modules: ['cohere'],
      clients: [
        {
          kind: 'cohere.Client',
          made: [{ callee: 'cohere.Client' }, { callee: 'cohere.AsyncClient' }],
          calls: [
            { method: 'chat', text: 'text', system: ['preamble'], prompt: ['message'], limits: { names: ['max_tokens'] }, streams: undefined },
            { method: 'chat_stream', text: 'event.text', streams: true, system: ['preamble'], prompt: ['message'], limits: { names: ['max_tokens'] } },
            { method: 'generate', text: 'generations[0].text', prompt: ['prompt'], limits: { names: ['max_tokens'] } },
          ],
        },
        {
          kind: 'cohere.ClientV2',
          made: [{ callee: 'cohere.ClientV2' }, { callee: 'cohere.AsyncClientV2' }],
          calls: [
            { method: 'chat', text: 'message.content[0].text', messages: ['messages'], limits: { names: ['max_tokens'] } },
            { method: 'chat_stream', text: 'event.delta.message.content.text', streams: true, messages: ['messages'], limits: { names: ['max_tokens'] } },
          ],
        },
      ],
    },
    javascript: {
      modules: ['cohere-ai'],
      clients: [
        {
          kind: 'cohere.Client',
          made: [{ callee: 'cohere-ai.CohereClient' }],
          calls: [
            { method: 'chat', text: 'text', system: ['preamble'], prompt: ['message'], limits: { names: ['maxTokens'] } },
            { method: 'chatStream', streams: true, system: ['preamble'], prompt: ['message'], limits: { names: ['maxTokens'] } },
          ],
        },
        {
          kind: 'cohere.ClientV2',
          made: [{ callee: 'cohere-ai.CohereClientV2' }],
          calls: [
            { method: 'chat', text: 'message.content[0].text', messages: ['messages'], limits: { names: ['maxTokens'] } },
            { method: 'chatStream', streams: true, messages: ['messages'], limits: { names: ['maxTokens'] } },
          ],
        },
      ],
    },
  },
  {
    id: 'groq',
    name: 'Groq',
    python: {
      modules: ['groq'],
      clients: [{ kind: 'groq.Groq', made: [{ callee: 'groq.Groq' }, { callee: 'groq.AsyncGroq' }], calls: OPENAI_COMPATIBLE, timeout: { option: 'timeout', fix: 'timeout=60.0', default: '1 minute per attempt, with retries' } }],
    },
    javascript: {
      modules: ['groq-sdk'],
      clients: [{ kind: 'groq.Groq', made: [{ callee: 'groq-sdk' }, { callee: 'groq-sdk.Groq' }, { callee: 'groq-sdk.default' }], calls: OPENAI_COMPATIBLE, timeout: { option: 'timeout', fix: 'timeout: 60_000', default: '1 minute per attempt, with retries' } }],
    },
  },
  {
    id: 'together',
    name: 'Together',
    python: { modules: ['together'], clients: [{ kind: 'together.Together', made: [{ callee: 'together.Together' }, { callee: 'together.AsyncTogether' }], calls: OPENAI_COMPATIBLE }] },
    javascript: { modules: ['together-ai'], clients: [{ kind: 'together.Together', made: [{ callee: 'together-ai' }, { callee: 'together-ai.Together' }], calls: OPENAI_COMPATIBLE }] },
  },
  {
    id: 'fireworks',
    name: 'Fireworks',
    python: {
      modules: ['fireworks'],
      clients: [{ kind: 'fireworks.Fireworks', made: [{ callee: 'fireworks.client.Fireworks' }, { callee: 'fireworks.client.AsyncFireworks' }, { callee: 'fireworks.Fireworks' }], calls: OPENAI_COMPATIBLE }],
    },
  },
  {
    id: 'replicate',
    name: 'Replicate',
    python: {
      modules: ['replicate'],
      functionModules: ['replicate'],
      clients: [
        {
          kind: 'replicate.Client',
          made: [{ callee: 'replicate.Client' }],
          calls: [
            { method: 'run', text: 'the output (a list of strings for language models)', prompt: ['input'] },
            { method: 'async_run', text: 'the output', prompt: ['input'] },
            { method: 'stream', streams: true, prompt: ['input'] },
            { method: 'predictions.create', text: 'prediction.output', prompt: ['input'] },
          ],
        },
      ],
      functions: [
        { method: 'replicate.run', text: 'the output (a list of strings for language models)', prompt: ['input'] },
        { method: 'replicate.async_run', text: 'the output', prompt: ['input'] },
        { method: 'replicate.stream', streams: true, prompt: ['input'] },
        { method: 'replicate.predictions.create', text: 'prediction.output', prompt: ['input'] },
      ],
    },
    javascript: {
      modules: ['replicate'],
      clients: [
        {
          kind: 'replicate.Client',
          made: [{ callee: 'replicate' }, { callee: 'replicate.default' }, { callee: 'replicate.Replicate' }],
          calls: [
            { method: 'run', text: 'the output', prompt: ['input'] },
            { method: 'stream', streams: true, prompt: ['input'] },
            { method: 'predictions.create', text: 'prediction.output', prompt: ['input'] },
          ],
        },
      ],
    },
  },
  {
    id: 'ollama',
    name: 'Ollama',
    python: {
      modules: ['ollama'],
      functionModules: ['ollama'],
      clients: [
        {
          kind: 'ollama.Client',
          made: [{ callee: 'ollama.Client' }, { callee: 'ollama.AsyncClient' }],
          calls: [
            { method: 'chat', text: "['message']['content']", streams: 'stream', messages: ['messages'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
            { method: 'generate', text: "['response']", streams: 'stream', system: ['system'], prompt: ['prompt'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
          ],
          timeout: { option: 'timeout', fix: 'timeout=60.0', default: 'none: it waits as long as the server takes' },
        },
      ],
      functions: [
        { method: 'ollama.chat', text: "['message']['content']", streams: 'stream', messages: ['messages'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
        { method: 'ollama.generate', text: "['response']", streams: 'stream', system: ['system'], prompt: ['prompt'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
      ],
    },
    javascript: {
      modules: ['ollama', 'ollama/browser'],
      clients: [
        {
          kind: 'ollama.Client',
          made: [{ callee: 'ollama.Ollama' }, { callee: 'ollama/browser.Ollama' }],
          calls: [
            { method: 'chat', text: 'message.content', streams: 'stream', messages: ['messages'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
            { method: 'generate', text: 'response', streams: 'stream', system: ['system'], prompt: ['prompt'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
          ],
        },
      ],
      // The package's default export is a ready client.
      functions: [
        { method: 'ollama.chat', text: 'message.content', streams: 'stream', messages: ['messages'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
        { method: 'ollama.generate', text: 'response', streams: 'stream', system: ['system'], prompt: ['prompt'], limits: { names: ['num_predict'], in: ['options'], nestedOnly: true } },
        { method: 'ollama.default.chat', text: 'message.content', streams: 'stream', messages: ['messages'] },
      ],
    },
  },
  {
    id: 'litellm',
    name: 'LiteLLM',
    python: {
      modules: ['litellm'],
      functionModules: ['litellm'],
      clients: [
        {
          kind: 'litellm.Router',
          made: [{ callee: 'litellm.Router' }],
          calls: ['completion', 'acompletion'].map((method) => ({ method, text: 'choices[0].message.content', streams: 'stream', messages: ['messages'], limits: { names: ['max_tokens', 'max_completion_tokens'] }, timeout: ['timeout'] })),
        },
      ],
      functions: [
        ...['completion', 'acompletion'].map((name) => ({
          method: `litellm.${name}`,
          text: 'choices[0].message.content',
          streams: 'stream',
          messages: ['messages'],
          limits: { names: ['max_tokens', 'max_completion_tokens'] },
          timeout: ['timeout', 'request_timeout'],
        })),
        { method: 'litellm.text_completion', text: 'choices[0].text', prompt: ['prompt'], limits: { names: ['max_tokens'] }, timeout: ['timeout'] },
      ],
    },
  },
  {
    id: 'huggingface',
    name: 'Hugging Face InferenceClient and transformers pipelines',
    python: {
      modules: ['huggingface_hub', 'transformers'],
      clients: [
        {
          kind: 'huggingface_hub.InferenceClient',
          made: [{ callee: 'huggingface_hub.InferenceClient' }, { callee: 'huggingface_hub.AsyncInferenceClient' }],
          calls: [
            { method: 'text_generation', text: 'the string itself (or .generated_text with details=True)', streams: 'stream', prompt: [0, 'prompt'], limits: { names: ['max_new_tokens'] } },
            { method: 'chat_completion', text: 'choices[0].message.content', streams: 'stream', messages: [0, 'messages'], limits: { names: ['max_tokens'] } },
            { ...CHAT_COMPLETIONS, limits: { names: ['max_tokens'] } },
            { method: 'summarization', text: 'summary_text', prompt: [0] },
          ],
          timeout: { option: 'timeout', fix: 'timeout=60.0', default: 'none: it waits as long as the server takes' },
        },
        {
          kind: 'transformers.TextPipeline',
          made: [
            {
              callee: 'transformers.pipeline',
              firstArgument: ['text-generation', 'text2text-generation', 'summarization', 'translation', 'conversational', 'image-to-text', 'image-text-to-text'],
            },
          ],
          calls: [{ method: '()', text: "[0]['generated_text']", limits: { names: ['max_new_tokens', 'max_length'] } }],
        },
      ],
    },
    javascript: {
      modules: ['@huggingface/inference'],
      clients: [
        {
          kind: 'huggingface_hub.InferenceClient',
          made: [{ callee: '@huggingface/inference.HfInference' }, { callee: '@huggingface/inference.InferenceClient' }],
          calls: [
            { method: 'textGeneration', text: 'generated_text', prompt: ['inputs'], limits: { names: ['max_new_tokens'], in: ['parameters'], nestedOnly: true } },
            { method: 'textGenerationStream', streams: true, prompt: ['inputs'], limits: { names: ['max_new_tokens'], in: ['parameters'], nestedOnly: true } },
            { method: 'chatCompletion', text: 'choices[0].message.content', messages: ['messages'], limits: { names: ['max_tokens'] } },
            { method: 'chatCompletionStream', streams: true, messages: ['messages'], limits: { names: ['max_tokens'] } },
          ],
        },
      ],
    },
  },
  {
    id: 'bedrock',
    name: 'AWS Bedrock runtime',
    python: {
      modules: ['boto3'],
      clients: [
        {
          kind: 'boto3.bedrock-runtime',
          made: [{ callee: 'boto3.client', firstArgument: ['bedrock-runtime'] }, { callee: 'boto3.session.Session.client', firstArgument: ['bedrock-runtime'] }],
          calls: [
            { method: 'invoke_model', text: "json.loads(response['body'].read())", prompt: ['body'] },
            { method: 'invoke_model_with_response_stream', streams: true, prompt: ['body'] },
            { method: 'converse', text: "['output']['message']['content'][0]['text']", system: ['system'], messages: ['messages'], limits: { names: ['maxTokens'], in: ['inferenceConfig'], nestedOnly: true } },
            { method: 'converse_stream', streams: true, system: ['system'], messages: ['messages'], limits: { names: ['maxTokens'], in: ['inferenceConfig'], nestedOnly: true } },
          ],
        },
      ],
    },
    javascript: {
      modules: ['@aws-sdk/client-bedrock-runtime'],
      clients: [
        {
          kind: 'aws.BedrockRuntimeClient',
          made: [{ callee: '@aws-sdk/client-bedrock-runtime.BedrockRuntimeClient' }, { callee: '@aws-sdk/client-bedrock-runtime.BedrockRuntime' }],
          calls: [
            { method: 'send', text: 'output.message.content[0].text (Converse), body (InvokeModel)' },
            { method: 'converse', text: 'output.message.content[0].text', system: ['system'], messages: ['messages'] },
          ],
        },
      ],
      functions: ['ConverseCommand', 'ConverseStreamCommand', 'InvokeModelCommand', 'InvokeModelWithResponseStreamCommand'].map((command) => ({
        method: `@aws-sdk/client-bedrock-runtime.${command}`,
        returns: 'none',
        system: ['system'],
        messages: ['messages'], prompt: ['body'],
        limits: { names: ['maxTokens'], in: ['inferenceConfig'], nestedOnly: true },
      })),
    },
  },
  {
    id: 'langchain',
    name: 'LangChain and LangGraph',
    python: {
      modules: ['langchain', 'langchain_core', 'langchain_community', 'langchain_openai', 'langchain_anthropic', 'langchain_google_genai', 'langchain_mistralai', 'langchain_groq', 'langchain_ollama', 'langchain_aws', 'langchain_cohere', 'langchain_together', 'langchain_fireworks', 'langchain_huggingface', 'langgraph'],
      clients: [
        {
          kind: 'langchain.Runnable',
          made: [
            ...chatModels(['langchain_openai.ChatOpenAI', 'langchain_openai.AzureChatOpenAI', 'langchain_mistralai.ChatMistralAI', 'langchain_groq.ChatGroq', 'langchain_together.ChatTogether', 'langchain_fireworks.ChatFireworks', 'langchain_deepseek.ChatDeepSeek']),
            ...chatModels(['langchain_google_genai.ChatGoogleGenerativeAI', 'langchain_google_vertexai.ChatVertexAI'], ['max_output_tokens', 'max_tokens']),
            ...chatModels(['langchain_anthropic.ChatAnthropic', 'langchain_ollama.ChatOllama', 'langchain_ollama.OllamaLLM', 'langchain_aws.ChatBedrock', 'langchain_aws.ChatBedrockConverse', 'langchain_cohere.ChatCohere', 'langchain_huggingface.ChatHuggingFace', 'langchain_huggingface.HuggingFaceEndpoint', 'langchain_openai.OpenAI']).map((f) => ({ callee: f.callee })),
            { callee: 'langchain.chat_models.init_chat_model' },
            { callee: 'langchain.agents.AgentExecutor' },
            { callee: 'langchain.agents.initialize_agent' },
            { callee: 'langchain.agents.create_agent', system: ['system_prompt'] },
            { callee: 'langgraph.prebuilt.create_react_agent', system: ['prompt', 'state_modifier'] },
          ],
          calls: RUNNABLE_CALLS,
          pipes: true,
        },
        { kind: 'langgraph.StateGraph', made: [{ callee: 'langgraph.graph.StateGraph' }], calls: [{ method: 'compile', returns: 'langchain.Runnable' }] },
      ],
    },
    javascript: {
      modules: ['langchain', '@langchain/core', '@langchain/openai', '@langchain/anthropic', '@langchain/google-genai', '@langchain/mistralai', '@langchain/groq', '@langchain/ollama', '@langchain/langgraph'],
      clients: [
        {
          kind: 'langchain.Runnable',
          made: [
            ...['@langchain/openai.ChatOpenAI', '@langchain/openai.AzureChatOpenAI', '@langchain/mistralai.ChatMistralAI', '@langchain/groq.ChatGroq', '@langchain/google-genai.ChatGoogleGenerativeAI'].map((callee) => ({ callee, limits: ['maxTokens', 'maxCompletionTokens', 'maxOutputTokens'] })),
            ...['@langchain/anthropic.ChatAnthropic', '@langchain/ollama.ChatOllama', 'langchain/chat_models/universal.initChatModel'].map((callee) => ({ callee })),
            { callee: '@langchain/langgraph/prebuilt.createReactAgent', system: ['prompt', 'stateModifier'] },
          ],
          calls: RUNNABLE_CALLS_JS,
          pipes: true,
        },
        { kind: 'langgraph.StateGraph', made: [{ callee: '@langchain/langgraph.StateGraph' }], calls: [{ method: 'compile', returns: 'langchain.Runnable' }] },
      ],
    },
  },
  {
    id: 'llamaindex',
    name: 'LlamaIndex',
    python: {
      modules: ['llama_index'],
      clients: [
        {
          kind: 'llama_index.Index',
          made: ['VectorStoreIndex', 'SummaryIndex', 'KnowledgeGraphIndex', 'TreeIndex'].flatMap((c) => ['from_documents', 'from_vector_store'].map((m) => ({ callee: `llama_index.core.${c}.${m}` }))).concat([{ callee: 'llama_index.core.VectorStoreIndex' }, { callee: 'llama_index.core.load_index_from_storage' }]),
          calls: [
            { method: 'as_query_engine', returns: 'llama_index.QueryEngine' },
            { method: 'as_chat_engine', returns: 'llama_index.ChatEngine' },
          ],
        },
        { kind: 'llama_index.QueryEngine', made: [], calls: ['query', 'aquery'].map((method) => ({ method, text: 'response (str(result))', prompt: [0] })) },
        { kind: 'llama_index.ChatEngine', made: [{ callee: 'llama_index.core.chat_engine.SimpleChatEngine.from_defaults', system: ['system_prompt'] }], calls: ['chat', 'achat', 'stream_chat', 'astream_chat'].map((method) => ({ method, text: 'response', streams: /stream/.test(method) ? (true as const) : undefined, prompt: [0] })) },
        {
          kind: 'llama_index.LLM',
          made: ['llama_index.llms.openai.OpenAI', 'llama_index.llms.anthropic.Anthropic', 'llama_index.llms.ollama.Ollama', 'llama_index.llms.gemini.Gemini'].map((callee) => ({ callee, system: ['system_prompt'] })),
          calls: ['complete', 'acomplete', 'chat', 'achat', 'stream_complete', 'stream_chat'].map((method) => ({ method, text: '.text (complete), .message.content (chat)', streams: /stream/.test(method) ? (true as const) : undefined, prompt: [0] })),
        },
      ],
    },
  },
  {
    id: 'dspy',
    name: 'DSPy',
    python: {
      modules: ['dspy'],
      clients: [
        {
          kind: 'dspy.Module',
          made: ['Predict', 'ChainOfThought', 'ReAct', 'ProgramOfThought', 'LM'].map((c) => ({ callee: `dspy.${c}` })),
          calls: [{ method: '()', text: 'the signature\'s output fields (.answer)', prompt: ['any'] }, { method: 'forward', text: 'the output fields', prompt: ['any'] }],
        },
      ],
    },
  },
  {
    id: 'haystack',
    name: 'Haystack',
    python: {
      modules: ['haystack'],
      clients: [
        {
          kind: 'haystack.Component',
          made: [
            { callee: 'haystack.Pipeline' },
            { callee: 'haystack.components.generators.OpenAIGenerator', system: ['system_prompt'] },
            { callee: 'haystack.components.generators.chat.OpenAIChatGenerator' },
            { callee: 'haystack.components.generators.HuggingFaceLocalGenerator' },
          ],
          calls: [{ method: 'run', text: "['replies'][0] (generators), the outputs by component (pipelines)", prompt: [0, 'prompt', 'messages', 'data'] }],
        },
      ],
    },
  },
  {
    id: 'crewai',
    name: 'CrewAI',
    python: {
      modules: ['crewai'],
      clients: [
        { kind: 'crewai.Crew', made: [{ callee: 'crewai.Crew' }], calls: ['kickoff', 'kickoff_async', 'kickoff_for_each'].map((method) => ({ method, text: '.raw', prompt: ['inputs'] })) },
        { kind: 'crewai.Agent', made: [{ callee: 'crewai.Agent', system: ['role', 'goal', 'backstory'] }, { callee: 'crewai.Task', system: ['description', 'expected_output'] }], calls: [{ method: 'kickoff', text: '.raw', prompt: [0] }] },
      ],
    },
  },
  {
    id: 'autogen',
    name: 'AutoGen',
    python: {
      modules: ['autogen', 'autogen_agentchat', 'autogen_ext'],
      clients: [
        {
          kind: 'autogen.Agent',
          made: [
            { callee: 'autogen.AssistantAgent', system: ['system_message'] },
            { callee: 'autogen.ConversableAgent', system: ['system_message'] },
            { callee: 'autogen.UserProxyAgent' },
            { callee: 'autogen_agentchat.agents.AssistantAgent', system: ['system_message'] },
          ],
          calls: [
            { method: 'initiate_chat', text: '.summary, .chat_history', prompt: ['message'] },
            { method: 'a_initiate_chat', text: '.summary', prompt: ['message'] },
            { method: 'generate_reply', text: 'the reply', messages: ['messages'] },
            { method: 'run', text: '.messages[-1].content', prompt: ['task'] },
            { method: 'run_stream', streams: true, prompt: ['task'] },
          ],
        },
        {
          kind: 'autogen.ChatCompletionClient',
          made: [{ callee: 'autogen_ext.models.openai.OpenAIChatCompletionClient' }, { callee: 'autogen_ext.models.anthropic.AnthropicChatCompletionClient' }],
          calls: [{ method: 'create', text: '.content', messages: [0, 'messages'] }],
        },
      ],
    },
  },
  {
    id: 'semantic-kernel',
    name: 'Semantic Kernel',
    python: {
      modules: ['semantic_kernel'],
      clients: [
        {
          kind: 'semantic_kernel.Kernel',
          made: [{ callee: 'semantic_kernel.Kernel' }],
          calls: [
            { method: 'invoke', text: 'str(result)' },
            { method: 'invoke_prompt', text: 'str(result)', prompt: [0, 'prompt'] },
            { method: 'invoke_stream', streams: true },
          ],
        },
        {
          kind: 'semantic_kernel.Agent',
          made: [{ callee: 'semantic_kernel.agents.ChatCompletionAgent', system: ['instructions'] }],
          calls: ['get_response', 'invoke', 'invoke_stream'].map((method) => ({ method, text: '.content', streams: method === 'invoke_stream' ? (true as const) : undefined, messages: ['messages'] })),
        },
      ],
    },
  },
  {
    id: 'openai-agents',
    name: 'OpenAI Agents SDK',
    python: {
      modules: ['agents'],
      clients: [{ kind: 'agents.Agent', made: [{ callee: 'agents.Agent', system: ['instructions'] }], calls: [] }],
      functions: ['run', 'run_sync', 'run_streamed'].map((m) => ({ method: `agents.Runner.${m}`, text: '.final_output', streams: m === 'run_streamed' ? (true as const) : undefined, prompt: [1, 'input'] })),
    },
    javascript: {
      modules: ['@openai/agents'],
      clients: [
        { kind: 'agents.Agent', made: [{ callee: '@openai/agents.Agent', system: ['instructions'] }], calls: [] },
        { kind: 'agents.Runner', made: [{ callee: '@openai/agents.Runner' }], calls: [{ method: 'run', text: '.finalOutput', prompt: [1] }] },
      ],
      functions: [{ method: '@openai/agents.run', text: '.finalOutput', streams: 'stream', prompt: [1] }],
    },
  },
  {
    id: 'vercel-ai',
    name: 'Vercel AI SDK',
    javascript: {
      modules: ['ai', 'ai/react', '@ai-sdk/react'],
      functions: [
        ...['generateText', 'streamText', 'generateObject', 'streamObject'].map((name) => ({
          method: `ai.${name}`,
          text: name.endsWith('Object') ? '.object / .partialObjectStream' : '.text / .textStream',
          streams: name.startsWith('stream') ? (true as const) : undefined,
          system: ['system'],
          prompt: ['prompt'],
          messages: ['messages'],
          limits: { names: ['maxOutputTokens', 'maxTokens'] },
          timeout: ['abortSignal'],
        })),
        // The React hooks hold the streamed replies (`messages`, `completion`) in the browser.
        ...['ai/react', '@ai-sdk/react'].flatMap((pkg) => ['useChat', 'useCompletion'].map((hook) => ({ method: `${pkg}.${hook}`, text: 'messages / completion' }))),
      ],
    },
  },
];
