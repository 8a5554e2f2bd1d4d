// @ts-nocheck -- corpus data for the scanner; its packages are not installed in this repository.
'use client';

import { useChat } from 'ai/react';

export function Answer() {
  const { messages, input, handleInputChange, handleSubmit } = useChat();
  return (
    <div>
      {messages.map((m) => (
        <div key={m.id} className={m.role} dangerouslySetInnerHTML={{ __html: m.content }} />
      ))}
      <form onSubmit={handleSubmit}>
        <input value={input} onChange={handleInputChange} />
      </form>
    </div>
  );
}
