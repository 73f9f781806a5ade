import { BUILTIN_PROFILES, loadProfile } from '../../targets/profile.js';
import { TARGETS } from '../../targets/registry.js';

export const targetsCommand = {
  command: 'targets',
  describe: 'List the targets and the built-in field profiles',
};

export function runTargets(out: (s: string) => void): number {
  const lines = ['Targets:'];
  for (const t of TARGETS) lines.push(`  ${t.name.padEnd(7)} ${t.description} (default profile: ${t.defaultProfile}; .${t.extension})`);
  lines.push('', 'Profiles (--profile NAME, or a YAML file of the same shape):');
  for (const name of BUILTIN_PROFILES) {
    const p = loadProfile(name);
    lines.push(`  ${name.padEnd(7)} ${p.ok ? p.value.data.description : 'cannot be loaded'}`);
  }
  out(lines.join('\n') + '\n');
  return 0;
}
