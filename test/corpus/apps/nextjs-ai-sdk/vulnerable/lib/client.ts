// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
import OpenAI from 'openai';

// Used by the browser-side autocomplete so that suggestions appear without a round trip.
export const browserClient = new OpenAI({
  apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY,
  dangerouslyAllowBrowser: true,
});
