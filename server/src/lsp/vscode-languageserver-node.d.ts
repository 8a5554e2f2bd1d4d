// The project type-checks with `moduleResolution: node`, which ignores package.json "exports"; vscode-languageserver 11
// publishes its Node entry point only there. esbuild resolves the real entry at bundle time; this tells tsc where
// its types are (client/src/vscode-languageclient-node.d.ts does the same for the protocol and jsonrpc packages).
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
