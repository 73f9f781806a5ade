import type { Rule } from '../ir/types.js';
import { fail, ok, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { loadProfile, type Profile } from './profile.js';
import type { Note, Target, TargetResult } from './types.js';

/** Which profile each target uses: `--profile NAME|FILE` for all, or `target=NAME|FILE` for one. */
export type ProfileChoice = { readonly all?: string; readonly perTarget: Readonly<Record<string, string>> };

/** Parse repeated `--profile` values: `ecs`, `./my.yml`, `esdsl=ecs`, `sigma=./sigma.yml`. */
export function parseProfileChoice(values: readonly string[]): ProfileChoice {
  const perTarget: Record<string, string> = {};
  let all: string | undefined;
  for (const v of values) {
    const m = /^(esdsl|kql|sigma|js)=(.+)$/.exec(v);
    if (m) perTarget[m[1]!] = m[2]!;
    else all = v;
  }
  return all === undefined ? { perTarget } : { all, perTarget };
}

/** Loads each profile once. */
export class ProfileCache {
  private readonly cache = new Map<string, Result<Profile>>();

  constructor(private readonly choice: ProfileChoice) {}

  for(t: Target): Result<Profile> {
    const name = this.choice.perTarget[t.name] ?? this.choice.all ?? t.defaultProfile;
    let r = this.cache.get(name);
    if (!r) {
      r = loadProfile(name);
      this.cache.set(name, r);
    }
    return r;
  }
}

/** One warning per macro use expanded with an assumed definition: the verdict holds only under that assumption. */
function assumptionNotes(rule: Rule): Note[] {
  return (rule.assumptions ?? []).map((a) => {
    const stage = rule.stageMap.find((s) => s.span.start <= a.span.start && a.span.start < s.span.end)?.index ?? null;
    return {
      level: 'warning' as const,
      stage,
      span: a.span,
      message: `\`${a.macro}\` has no definition here; assumed to be ${a.assumption}. The verdict holds only if the rule's environment defines it so (load the real definition with --macros).`,
    };
  });
}

/**
 * Convert one lowered rule with one target. A target that throws is a bug, but it must not lose the other
 * targets or rules: it becomes an `unsupported` result with an error note.
 */
export function convertWith(t: Target, rule: Rule, profile: Result<Profile>, strict: boolean): Result<TargetResult> {
  if (!profile.ok) return fail(...profile.diagnostics);
  try {
    const result = t.convert(rule, { profile: profile.value, strict });
    return ok(rule.assumptions?.length ? { ...result, notes: [...result.notes, ...assumptionNotes(rule)] } : result);
  } catch (e) {
    const d: Diagnostic = { code: 'TGT001', severity: 'error', message: `${t.name}: internal error: ${(e as Error).message}` };
    return ok({ output: null, fidelity: 'unsupported', notes: [{ level: 'error', stage: null, message: d.message }] });
  }
}
