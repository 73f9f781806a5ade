import { it } from 'vitest';
import { loadRuleFile } from '../../src/load/index.js';
it('scratch', async () => {
  for (const f of ['/work/shared/rules/psexec_service_creation.yml', '/work/shared/seed/psexec-service-creation.catalog.txt']) {
    const r = await loadRuleFile(f);
    if (!r.ok) { console.log(r.diagnostics); continue; }
    const x = r.value[0]!;
    console.log(x.format, JSON.stringify(x.meta, null, 1), x.notes, JSON.stringify(x.spl.text), x.spl.isMapped());
    const i = x.spl.text.indexOf('regex Service_Name'); console.log(x.spl.position(i), x.spl.frame({start: i, end: i + 18}));
  }
});
