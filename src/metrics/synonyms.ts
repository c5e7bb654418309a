import { foldName } from './similarity.js';

/**
 * Concepts that teams name with competing words. Each concept maps a root to the word forms
 * that spell it; two metrics using different roots of one concept are flagged.
 */
const CONCEPTS: Record<string, Record<string, string[]>> = {
  'handing the caller to a human': {
    handoff: ['handoff', 'handoffs', 'handover', 'handovers', 'hand off', 'hand over'],
    transfer: ['transfer', 'transfers', 'transferred', 'transferring'],
    escalation: ['escalation', 'escalations', 'escalate', 'escalated', 'escalating'],
  },
  'checking who the caller is': {
    auth: ['auth', 'authentication', 'authenticated', 'authenticate'],
    verification: ['verification', 'verified', 'verify', 'verifying'],
    identification: ['id v', 'idv', 'identification', 'identified', 'identity'],
  },
  'the goal being reached': {
    completed: ['completed', 'complete', 'completion'],
    success: ['success', 'successful', 'succeeded'],
    resolved: ['resolved', 'resolution'],
  },
  'customer satisfaction': {
    csat: ['csat'],
    satisfaction: ['satisfaction', 'satisfied'],
  },
  'a booking': {
    booking: ['booking', 'bookings', 'booked'],
    reservation: ['reservation', 'reservations', 'reserved'],
  },
};

/** For one name: concept -> the roots it uses. */
export function conceptRoots(name: string): Map<string, Set<string>> {
  const text = ` ${foldName(name)} `;
  const out = new Map<string, Set<string>>();
  for (const [concept, roots] of Object.entries(CONCEPTS)) {
    for (const [root, forms] of Object.entries(roots)) {
      if (forms.some((f) => text.includes(` ${f} `))) {
        const set = out.get(concept) ?? new Set<string>();
        set.add(root);
        out.set(concept, set);
      }
    }
  }
  return out;
}
