// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
'use client';

import { useChat } from 'ai/react';
import ReactMarkdown from 'react-markdown';

export function Answer() {
  const { messages, input, handleInputChange, handleSubmit } = useChat();
  return (
    <div>
      {messages.map((m) => (
        <div key={m.id} className={m.role}>
          <ReactMarkdown>{m.content}</ReactMarkdown>
        </div>
      ))}
      <form onSubmit={handleSubmit}>
        <input value={input} onChange={handleInputChange} maxLength={4000} />
      </form>
    </div>
  );
}
