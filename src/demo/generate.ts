import { CAUSE_GROUPS, DEMO_METRICS, RATES, type CauseGroup, type DemoMetric } from './causes.js';
import { authFlow } from './flows/auth.js';
import { bookingFlow } from './flows/booking.js';
import { billingFlow, closeFlow, generalFlow, greet, handoffFlow } from './flows/calls.js';
import { makeCaller } from './people.js';
import { createRng, hash32, type Rng } from './prng.js';
import { drawScenario, type Intent, type Scenario } from './scenario.js';
import { Script, type DemoTurn } from './script.js';

export type MetricValue = boolean | string | number;

export interface DemoConversation {
  id: string;
  started_at: string;
  ended_at: string;
  channel: 'voice';
  environment: 'live';
  handoff: { to: string; reason: string } | null;
  turns: DemoTurn[];
  /** effective values: the last write of each metric that was written */
  metrics: Record<string, MetricValue>;
  /** every write in order; a metric that does not apply is never written */
  writes: { name: string; value: MetricValue; at: string }[];
  metadata: { agent_version: string; line: string };
  /** ground truth for the quality harness; never shown to the analyst */
  truth: { intent: Intent; failure_reasons: { code: string; metric: string }[] };
}

export interface DemoData {
  metrics: DemoMetric[];
  conversations: DemoConversation[];
  causes: CauseGroup[];
}

export const DEMO_DAYS = 60;
const DAY = 86_400_000;

/** Start times over the last 60 days, in opening hours, fewer at weekends; oldest first. */
function startTimes(rng: Rng, now: Date, count: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const out: Date[] = [];
  while (out.length < count) {
    const day = today - rng.int(0, DEMO_DAYS - 1) * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 && rng.chance(0.8)) continue;
    if (weekday === 6 && rng.chance(0.5)) continue;
    const t = day + rng.int(8 * 60, 18 * 60 + 30) * 60_000 + rng.int(0, 59_999);
    if (t > now.getTime() - 30 * 60_000 || t < now.getTime() - DEMO_DAYS * DAY) continue;
    out.push(new Date(t));
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

function conversation(seed: number, index: number, started: Date, now: Date): DemoConversation {
  const rng = createRng(hash32(`${seed}:${index}`));
  const recent = started.getTime() >= now.getTime() - RATES.regression.days * DAY;
  const sc: Scenario = drawScenario(rng, recent);
  const caller = makeCaller(rng);
  const s = new Script(started, rng);
  const writes: DemoConversation['writes'] = [];
  const write = (name: string, value: MetricValue) => writes.push({ name, value, at: s.now.toISOString() });
  const reasons: DemoConversation['truth']['failure_reasons'] = [];

  greet(s, rng, sc.intent);
  if (sc.auth) {
    const { correctedAt } = authFlow(s, rng, caller, sc.auth);
    if (correctedAt) writes.push({ name: 'Auth: verified', value: false, at: correctedAt });
    write('Auth: verified', sc.auth.outcome === 'verified');
    write('Auth: outcome', sc.auth.outcome);
    if (sc.auth.cause) reasons.push({ code: sc.auth.cause, metric: 'Auth: verified' });
  }
  const hungUp = sc.auth?.cause === 'auth_caller_hung_up';
  if (sc.booking) {
    bookingFlow(s, rng, caller, sc.booking);
    write('Booking: completed', sc.booking.outcome === 'completed');
    write('Booking: outcome', sc.booking.outcome);
    if (sc.booking.cause) reasons.push({ code: sc.booking.cause, metric: 'Booking: completed' });
  }
  if (sc.billing) {
    billingFlow(s, rng, sc.billing.resolved);
    write('Billing: resolved', sc.billing.resolved);
  }
  if (sc.intent === 'general') generalFlow(s, rng);
  const abandoned = hungUp || sc.booking?.cause === 'booking_caller_abandoned';
  if (sc.handoff) {
    handoffFlow(s, rng, sc.handoff);
    write('Handoff: reason', sc.handoff.reason);
  } else if (!abandoned) {
    closeFlow(s, rng, sc.csat);
    if (sc.csat !== null) write('CSAT: score', sc.csat);
  }
  const ended = new Date(s.now.getTime() + rng.int(500, 3000));
  const metrics: Record<string, MetricValue> = {};
  for (const w of writes) metrics[w.name] = w.value;
  return {
    id: `call-${String(index + 1).padStart(5, '0')}`,
    started_at: started.toISOString(),
    ended_at: ended.toISOString(),
    channel: 'voice',
    environment: 'live',
    handoff: sc.handoff,
    turns: s.turns,
    metrics,
    writes,
    metadata: { agent_version: recent ? 'v14' : 'v13', line: rng.pick(['main', 'main', 'main', 'out-of-hours']) },
    truth: { intent: sc.intent, failure_reasons: reasons },
  };
}

/**
 * The demo data set: deterministic for a seed and a `now` (the same arguments always give the
 * same conversations, word for word). Causes are drawn in the proportions of src/demo/causes.ts.
 */
export function generateDemo(opts: { seed?: number; now: Date; count?: number }): DemoData {
  const seed = opts.seed ?? 42;
  const count = opts.count ?? 3000;
  const times = startTimes(createRng(seed), opts.now, count);
  return {
    metrics: DEMO_METRICS,
    conversations: times.map((t, i) => conversation(seed, i, t, opts.now)),
    causes: CAUSE_GROUPS,
  };
}
