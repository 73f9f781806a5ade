import cliProgress from 'cli-progress';

/** A progress display: a bar on a terminal, nothing otherwise. */
export interface Progress {
  start(total: number, value?: number): void;
  update(value: number): void;
  /** Stop (and clear) the bar; safe to call when never started. */
  stop(): void;
  /** Whether a bar is shown (messages meant for stderr should wait until `stop`). */
  readonly shown: boolean;
}

/** No progress display. */
export const NO_PROGRESS: Progress = { start() {}, update() {}, stop() {}, shown: false };

/**
 * A progress bar on `stream` (cli-progress) when it is a terminal (`isTTY`), else a no-op: piped or redirected
 * output stays quiet. `unit` names what is counted (`rules`, `files`).
 */
export function progressBar(stream: NodeJS.WriteStream, unit: string): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    { stream, format: `{bar} {percentage}% | {value}/{total} ${unit} | {duration_formatted}`, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    start(total, value = 0) {
      started = true;
      bar.start(total, value);
    },
    update(value) {
      if (started) bar.update(value);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
    shown: true,
  };
}
