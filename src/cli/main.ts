import yargs, { type Argv } from 'yargs';
import { SEMANTICS_SWITCHES } from '../ir/semantics.js';
import type { ConvertArgs } from './commands/convert.js';
import type { CoverageArgs } from './commands/coverage.js';
import type { ExplainArgs } from './commands/explain.js';
import type { IrArgs } from './commands/ir.js';
import type { RunArgs } from './commands/run.js';
import type { VerifyArgs } from './commands/verify.js';

/** yargs drops a bare `-` positional: carry it through under this name and turn it back into `-` (stdin). */
const STDIN_ARG = '\u0000stdin';
const restoreStdin = <T extends { rules: string[] }>(a: T): T => ({ ...a, rules: a.rules.map((r) => (r === STDIN_ARG ? '-' : r)) });

const write = (s: string) => {
  process.stdout.write(s);
};

/** Adds one command (its options and its handler, which reports the exit code) to the CLI. */
type Register = (cli: Argv, setCode: (code: number) => void, out: (s: string) => void) => void;

/** Every command, in the order `--help` lists them; each module is imported only when its command may run. */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  explain: async () => {
    const m = await import('./commands/explain.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.explainCommand, handler: async (a) => setCode(await m.runExplain(restoreStdin(a as unknown as ExplainArgs), out)) });
    };
  },
  convert: async () => {
    const m = await import('./commands/convert.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.convertCommand, handler: async (a) => setCode(await m.runConvert(restoreStdin(a as unknown as ConvertArgs), out)) });
    };
  },
  coverage: async () => {
    const m = await import('./commands/coverage.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.coverageCommand, handler: async (a) => setCode(await m.runCoverage(a as unknown as CoverageArgs, out)) });
    };
  },
  run: async () => {
    const m = await import('./commands/run.js');
    return (cli, setCode, out) => {
      cli.command({
        ...m.runCommand,
        handler: async (a) => {
          const args = restoreStdin(a as unknown as RunArgs);
          setCode(await m.runRun({ ...args, events: args.events === STDIN_ARG ? '-' : args.events }, out));
        },
      });
    };
  },
  targets: async () => {
    const m = await import('./commands/targets.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.targetsCommand, handler: () => setCode(m.runTargets(out)) });
    };
  },
  verify: async () => {
    const m = await import('./commands/verify.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.verifyCommand, handler: async (a) => setCode(await m.runVerify(a as unknown as VerifyArgs, out)) });
    };
  },
  ir: async () => {
    const m = await import('./commands/ir.js');
    return (cli, setCode, out) => {
      cli.command({ ...m.irCommand, handler: async (a) => setCode(await m.runIr(restoreStdin(a as unknown as IrArgs), out)) });
    };
  },
};

/**
 * The `spl2x` command line. Returns the exit code: 0 success, 1 usage error (and for `convert`/`run`, a rule that
 * failed), 2 bad input for `explain`/`ir` (a rule that could not be
 * loaded, or SPL with errors — the other rules are still processed).
 */
export async function main(argv: readonly string[], out: (s: string) => void = write): Promise<number> {
  let code = 0;
  const setCode = (c: number): void => {
    code = c;
  };
  // Only the named command's module is loaded (`verify` alone pulls in the Elasticsearch client); every command
  // when none is named (help, a typo: yargs lists or suggests them all).
  const named = argv.find((a) => !a.startsWith('-'));
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const commands = await Promise.all(wanted.map((n) => COMMANDS[n]!()));
  const cli = yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('spl2x')
    .usage('$0 <command> [options]\n\nTranspile Splunk SPL detection rules to Elasticsearch DSL, Kibana KQL, Sigma and a JS matcher; explain what they match.')
    .option('verbose', { type: 'boolean', default: false, describe: 'also print info-level diagnostics' })
    .option('semantics', {
      type: 'string',
      array: true,
      describe: `switch a semantic point Splunk's docs leave open: ${Object.entries(SEMANTICS_SWITCHES).map(([k, v]) => `${k}=${v.values.join('|')}`).join(', ')} (see docs/semantics.md)`,
    });
  for (const register of commands) register(cli, setCode, out);
  cli
    .demandCommand(1, 'Name a command (see --help).')
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .epilogue('Rule formats (detected by content): catalog rule YAML, catalog page text, Splunk security-content YAML, raw SPL (.spl file or - for stdin).')
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`spl2x: ${msg}\nRun 'spl2x --help' for usage.\n`);
      code = 1;
    })
    .exitProcess(false);
  await cli.parseAsync();
  return code;
}
