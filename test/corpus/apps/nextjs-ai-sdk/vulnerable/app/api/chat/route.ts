// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
import { createOpenAI } from '@ai-sdk/openai';
import { streamText, tool } from 'ai';
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(exec);

const openai = createOpenAI({
  apiKey: 'sk-proj-Ifw3uaJC1j8ciO2kxuSHYyhakIjwvHU1aq5AuhTwT3BlbkFJGzbNTCKRwU1P6VaWiIUPZJb8IVHkAcS284aatqRE',
});

export const maxDuration = 30;

export async function POST(req: Request) {
  const { messages, userName } = await req.json();

  const result = streamText({
    model: openai('gpt-4o'),
    system: `You are DevHelper. You are talking to ${userName}. Internal wiki: http://10.0.12.5:8080/wiki`,
    messages,
    tools: {
      runCommand: tool({
        description: 'Run a shell command on the build server',
        parameters: z.object({ command: z.string() }),
        execute: async ({ command }) => {
          const { stdout } = await run(command);
          return stdout;
        },
      }),
    },
  });

  return result.toDataStreamResponse();
}
