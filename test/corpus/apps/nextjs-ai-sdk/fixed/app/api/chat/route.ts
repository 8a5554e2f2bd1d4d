// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
import { openai } from '@ai-sdk/openai';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { streamText, tool } from 'ai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { auth } from '@/auth';

const run = promisify(execFile);
const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(20, '1 m') });

const CHECKS = { lint: ['npm', ['run', 'lint']], test: ['npm', ['test']] } as const;

export const maxDuration = 30;

export async function POST(req: Request) {
  const session = await auth();
  if (!session?.user) return new Response('Unauthorized', { status: 401 });
  const { success } = await ratelimit.limit(session.user.id ?? 'anonymous');
  if (!success) return new Response('Too many requests', { status: 429 });

  const { messages } = await req.json();

  const result = streamText({
    model: openai('gpt-4o'),
    maxTokens: 1000,
    system: 'You are DevHelper, an assistant for our engineers. Use the runCheck tool to run the project checks.',
    messages,
    tools: {
      runCheck: tool({
        description: 'Run one of the project checks',
        parameters: z.object({ check: z.enum(['lint', 'test']) }),
        execute: async ({ check }) => {
          const [file, args] = CHECKS[check];
          const { stdout } = await run(file, [...args], { timeout: 60_000 });
          return stdout.slice(-4000);
        },
      }),
    },
  });

  return result.toDataStreamResponse();
}
