import https from 'node:https';

export function fetchCompletion(body: string) {
  return https.request({ host: 'llm.internal', path: '/v1/complete', method: 'POST', rejectUnauthorized: false }, (res) => {
    res.resume();
  }).end(body);
}
