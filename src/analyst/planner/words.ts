/**
 * Words for the deterministic planner: a tokenizer with a light stemmer, synonyms that map the
 * way people ask onto the way metrics are named, and the words that mean failure or success.
 */

const IRREGULAR: Record<string, string> = {
  failing: 'fail', failed: 'fail', fails: 'fail', failure: 'fail', failures: 'fail', unsuccessful: 'fail',
  succeeded: 'success', succeeds: 'success', succeed: 'success', successful: 'success', successes: 'success', successfully: 'success',
  calls: 'call', called: 'call', bookings: 'book', booking: 'book', booked: 'book', books: 'book',
  verified: 'verify', verifying: 'verify', verification: 'verify', verifies: 'verify',
  authentication: 'auth', authenticate: 'auth', authenticated: 'auth', authenticating: 'auth', authorization: 'auth',
  completed: 'complete', completing: 'complete', completion: 'complete', completes: 'complete',
  payments: 'pay', payment: 'pay', paid: 'pay', paying: 'pay',
  escalated: 'escalate', escalation: 'escalate', escalations: 'escalate', escalating: 'escalate',
  transferred: 'transfer', transfers: 'transfer', handoff: 'handoff', handoffs: 'handoff', handed: 'handoff',
  resolved: 'resolve', resolution: 'resolve', resolving: 'resolve',
  results: 'result', recovered: 'recover', recovery: 'recover', corrected: 'correct', correction: 'correct',
  abandoned: 'abandon', abandonment: 'abandon', abandoning: 'abandon',
  errors: 'error', erroring: 'error', errored: 'error', reservations: 'book', reservation: 'book', reserve: 'book',
  appointments: 'book', appointment: 'book',
};

/** Question words that name the same thing as a metric's name word. */
const SYNONYMS: Record<string, string[]> = {
  auth: ['verify', 'identity', 'login'],
  verify: ['auth', 'identity'],
  book: [],
  pay: ['charge', 'checkout'],
  handoff: ['escalate', 'transfer', 'human'],
  escalate: ['handoff', 'transfer', 'human'],
  transfer: ['handoff', 'escalate'],
  search: ['find', 'lookup'],
  resolve: ['fix', 'solve'],
};

/** Lowercase words of a text, stemmed: "Bookings failing?" -> ["book", "fail"]. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []).map(stem);
}

export function stem(w: string): string {
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** A word and the words it may stand for. */
export function expand(w: string): string[] {
  return [w, ...(SYNONYMS[w] ?? [])];
}

/** Words that carry no subject: never enough on their own to pick a metric. */
export const STOP = new Set(
  ('a an the and or of to in on at for by with from is are was were be been do does did why what which how many much ' +
    'often who when where there their our my we i you it this that these those last past previous this yesterday today ' +
    'week month day days weeks months hour hours year about show me give tell some any all per over time get got ' +
    'number count share rate percentage proportion trend compare versus vs than more less most going happen happening ' +
    'call conversation chat customer user people agent reason cause causes problem issue issues wrong s t not no')
    .split(' ')
    .map(stem),
);

/** Words meaning the bad outcome. */
export const FAILURE = new Set(['fail', 'error', 'abandon', 'drop', 'wrong', 'broken', 'break', 'unable', 'cannot', "can't", 'refuse', 'reject', 'deny', 'denied', 'lost', 'problem', 'issue', 'bad', 'unverify', 'incomplete', 'no', 'not', 'never'].map(stem));

/** Words meaning the good outcome. */
export const SUCCESS = new Set(['success', 'complete', 'verify', 'resolve', 'pass', 'ok', 'done', 'work', 'confirm', 'recover', 'yes', 'good'].map(stem));

/** A metric name word that says the metric itself records a bad event ("first attempt failed"). */
export const NEGATIVE_NAME = new Set(['fail', 'error', 'abandon', 'drop', 'escalate', 'handoff', 'transfer', 'no', 'not', 'correct', 'complaint', 'refuse', 'reject', 'deny', 'timeout', 'repeat', 'frustrat', 'frustrate'].map(stem));

/** Name words of a metric that is the outcome of its subject ("Booking: completed"). */
export const OUTCOME_NAME = new Set(['complete', 'success', 'verify', 'resolve', 'pass', 'outcome', 'status', 'result'].map(stem));
