import yargs from 'yargs';
import { SEMANTICS_SWITCHES } from '../ir/semantics.js';
import { explainCommand, runExplain, type ExplainArgs } from './commands/explain.js';
import { convertCommand, runConvert, type ConvertArgs } from './commands/convert.js';
import { coverageCommand, runCoverage, type CoverageArgs } from './commands/coverage.js';
import { irCommand, runIr, type IrArgs } from './commands/ir.js';
import { runCommand, runRun, type RunArgs } from './commands/run.js';
import { runTargets, targetsCommand } from './commands/targets.js';
import { runVerify, verifyCommand, type VerifyArgs } from './commands/verify.js';

/** yargs drops a bare `-` positional: carry it through under this name and turn it back into `-` (stdin). */
const STDIN_ARG = '\u0000stdin';
const restoreStdin = <T extends { rules: string[] }>(a: T): T => ({ ...a, rules: a.rules.map((r) => (r === STDIN_ARG ? '-' : r)) });

const write = (s: string) => {
  process.stdout.write(s);
};

/**
 * The `spl2x` command line. Returns the exit code: 0 success, 1 usage error (and for `convert`/`run`, a rule that
 * failed), 2 bad input for `explain`/`ir` (a rule that could not be
 * loaded, or SPL with errors — the other rules are still processed).
 */
export async function main(argv: readonly string[], out: (s: string) => void = write): Promise<number> {
  let code = 0;
  const cli = yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('spl2x')
    .usage('$0 <command> [options]\n\nTranspile Splunk SPL detection rules to Elasticsearch DSL, Kibana KQL, Sigma and a JS matcher; explain what they match.')
    .option('verbose', { type: 'boolean', default: false, describe: 'also print info-level diagnostics' })
    .option('semantics', {
      type: 'string',
      array: true,
      describe: `switch a semantic point Splunk's docs leave open: ${Object.entries(SEMANTICS_SWITCHES).map(([k, v]) => `${k}=${v.values.join('|')}`).join(', ')} (see docs/semantics.md)`,
    })
    .command({
      ...explainCommand,
      handler: async (a) => {
        code = await runExplain(restoreStdin(a as unknown as ExplainArgs), out);
      },
    })
    .command({
      ...convertCommand,
      handler: async (a) => {
        code = await runConvert(restoreStdin(a as unknown as ConvertArgs), out);
      },
    })
    .command({
      ...coverageCommand,
      handler: async (a) => {
        code = await runCoverage(a as unknown as CoverageArgs, out);
      },
    })
    .command({
      ...runCommand,
      handler: async (a) => {
        const args = restoreStdin(a as unknown as RunArgs);
        code = await runRun({ ...args, events: args.events === STDIN_ARG ? '-' : args.events }, out);
      },
    })
    .command({
      ...targetsCommand,
      handler: () => {
        code = runTargets(out);
      },
    })
    .command({
      ...verifyCommand,
      handler: async (a) => {
        code = await runVerify(a as unknown as VerifyArgs, out);
      },
    })
    .command({
      ...irCommand,
      handler: async (a) => {
        code = await runIr(restoreStdin(a as unknown as IrArgs), out);
      },
    })
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
