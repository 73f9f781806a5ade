/**
 * The worker thread of `spl2x run` (see run.ts): streams the events through the rules' modules in an isolate of its
 * own, whose heap holds only the matcher (not the CLI), and posts the rows back. Standard input arrives as chunks on
 * a message port, each acknowledged once it is read (so the main thread reads no faster than this one parses). Read
 * errors are posted as a message; anything else is the worker's error.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runSources } from '../../targets/js/run.js';

/** A chunk of standard input (its bytes), its end (`null`), or a read error. */
export type StdinMessage = ArrayBuffer | null | { readonly error: string };

export interface RunWorkerData {
  readonly sources: readonly string[];
  /** The events file, or `-` for standard input, which the main thread sends on `stdin`. */
  readonly events: string;
  readonly stdin?: MessagePort;
}

/** The chunks sent on a port, acknowledging each when the next is asked for. */
async function* chunks(port: MessagePort): AsyncGenerator<Buffer> {
  const queue: StdinMessage[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m: StdinMessage) => {
    queue.push(m);
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m === null) return;
      if (!(m instanceof ArrayBuffer)) throw new Error(m.error);
      yield Buffer.from(m);
      port.postMessage('ack');
    }
  } finally {
    port.close();
  }
}

const data = workerData as RunWorkerData;
const port = parentPort;
if (port) {
  try {
    const input = data.events === '-' && data.stdin ? chunks(data.stdin) : createReadStream(data.events);
    port.postMessage({ ok: true, result: await runSources(data.sources, input, data.events) });
  } catch (e) {
    port.postMessage({ ok: false, message: (e as Error).message });
  }
}
