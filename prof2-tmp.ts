import { demoDataset } from './src/eval/datasets/demo.ts';
import { loadStore } from './src/eval/store.ts';
import { loadConfig } from './src/config.ts';
import { matchPlan } from './src/analyst/planner/match.ts';
import { listMetricDefs } from './src/db/metrics.ts';
import { drawAnalystSample } from './src/analyst/llm/sample.ts';
import { loadTurns } from './src/db/turns.ts';
import { runStatistical } from './src/analyst/statistical/engine.ts';
const ds = demoDataset();
const st = await loadStore(ds, loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' }));
const metrics = await listMetricDefs(st.deps.db, st.project.id);
const plan = matchPlan('why are calls failing authentication?', metrics, { now: ds.now, maxWindowDays: 90 }) as any;
for (let i = 0; i < 2; i++) {
let t = performance.now();
const s = await drawAnalystSample(st.deps, st.project, plan, { failures: 250, successes: 250, seed: 1 });
console.log('sample', (performance.now() - t).toFixed(0)); t = performance.now();
const turns = await loadTurns(st.deps.db, st.project.id, s.conversations.map(c => c.id));
console.log('turns', (performance.now() - t).toFixed(0), turns.size); t = performance.now();
await runStatistical(st.deps, st.project, plan, 'q');
console.log('whole', (performance.now() - t).toFixed(0));
}
await st.conn.close();
