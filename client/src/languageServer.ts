import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type LanguageClientOptions,
} from 'vscode-languageclient/node';
import { documentSelector } from './documentSelector';
import { Commands, type InitializationOptions, WorkspaceTrustNotification, type WorkspaceTrustParams } from './protocol';
import { serverOptions } from './serverOptions';

const CLIENT_ID = 'aisec';
const CLIENT_NAME = 'AISec';

/** Commands the extension registers itself, so they exist before the server is up and across restarts. */
const CLIENT_COMMANDS: ReadonlySet<string> = new Set(Object.values(Commands));

/**
 * Owns the language client: start, restart, stop, and requests that wait for the server to be ready.
 * One instance lives for the extension's lifetime; the LanguageClient inside it is replaced on restart.
 */
export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<State>();
  /** Fires when the server starts, stops or is restarting. */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get state(): State {
    return this.client?.state ?? State.Stopped;
  }

  async start(): Promise<LanguageClient> {
    if (this.starting) return this.starting;
    const client = this.createClient();
    this.client = client;
    this.starting = client.start().then(
      () => client,
      async (error: unknown) => {
        // Forget the failed client so that the next request or Restart Server starts a fresh one.
        if (this.client === client) {
          this.client = undefined;
          this.starting = undefined;
        }
        await client.dispose().catch(() => undefined);
        throw error;
      },
    );
    return this.starting;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client && client.state !== State.Stopped) await client.stop();
    await client?.dispose();
  }

  async restart(): Promise<LanguageClient> {
    this.output.info('Restarting the AISec server.');
    await this.stop();
    return this.start();
  }

  /** A request to the server, started on demand; rejects when the server cannot start. */
  async request<R>(method: string, params?: unknown): Promise<R> {
    const client = await this.start();
    return client.sendRequest<R>(method, params);
  }

  async notifyWorkspaceTrust(trusted: boolean): Promise<void> {
    // A client that is still starting sent the old value in `initialize`: tell it once it is up.
    const client = await this.starting?.catch(() => undefined);
    if (!client || client.state !== State.Running) return; // the next start sends it in initialize
    const params: WorkspaceTrustParams = { trusted };
    await client.sendNotification(WorkspaceTrustNotification, params);
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
  }

  private createClient(): LanguageClient {
    const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      initializationOptions,
      // The server pulls `aisec.*` through workspace/configuration; this makes the client tell it when they change.
      synchronize: { configurationSection: 'aisec' },
      // A crashing server is restarted a few times by the library; past that the user gets the output channel.
      connectionOptions: { maxRestartCount: 4 },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions(this.context), clientOptions);
    skipServerCommandsTheClientOwns(client);
    client.onDidChangeState((event) => this.stateEmitter.fire(event.newState));
    return client;
  }
}

/**
 * The library registers a VS Code command for every command the server lists in `executeCommandProvider`;
 * registering one the extension already owns throws and aborts the client's start. The extension's own
 * commands talk to the server through their own requests, so those ids are left out here.
 */
function skipServerCommandsTheClientOwns(client: LanguageClient): void {
  const feature = client.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  feature.register = (data) => {
    const commands = (data.registerOptions.commands ?? []).filter((command) => !CLIENT_COMMANDS.has(command));
    register({ ...data, registerOptions: { ...data.registerOptions, commands } });
  };
}
