// A stand-in for the Rust side in tests: answers commands from a table of handlers
// and remembers every call, so tests can state which commands went out.
import { mockIPC } from "@tauri-apps/api/mocks";

export type Handler = (args: Record<string, unknown>) => unknown;

export type FakeBackend = {
  calls: Array<{ command: string; args: Record<string, unknown> }>;
  /** Arguments of every call of one command, in order. */
  argsOf(command: string): Array<Record<string, unknown>>;
};

export function fakeBackend(handlers: Record<string, Handler>): FakeBackend {
  const calls: FakeBackend["calls"] = [];
  mockIPC((command, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ command, args });
    const handler = handlers[command];
    if (handler === undefined) throw { code: "invalidInput", message: `no fake for ${command}` };
    return handler(args);
    // Events (`listen`, `emit`) are mocked too, so views that subscribe can be rendered.
  }, { shouldMockEvents: true });
  return {
    calls,
    argsOf: (command) => calls.filter((call) => call.command === command).map((call) => call.args),
  };
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
