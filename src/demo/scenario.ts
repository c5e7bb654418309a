import { AUTH_CAUSES, BOOKING_CAUSES, RATES, causeShares } from './causes.js';
import type { Rng } from './prng.js';

export type Intent = 'booking' | 'billing' | 'general';

/** What happens in one call, decided before any words are written. */
export interface Scenario {
  intent: Intent;
  auth: null | { outcome: 'verified' | 'failed' | 'partial'; cause: string | null; noise: AuthNoise | null };
  booking: null | { outcome: 'completed' | 'failed' | 'partial'; cause: string | null; altAccepted: boolean };
  billing: null | { resolved: boolean };
  handoff: null | { to: string; reason: HandoffReason };
  csat: number | null;
}

/** Successful verifications that still show failure-like text, so phrases alone are not proof. */
export type AuthNoise = 'dob_corrected' | 'account_looked_up' | 'service_slow';
export type HandoffReason = 'authentication failed' | 'booking failed' | 'billing dispute' | 'caller request' | 'complaint';

function drawAuth(rng: Rng, recent: boolean): NonNullable<Scenario['auth']> {
  const timeoutBoost = recent ? RATES.regression.extraTimeoutFailure : 0;
  if (rng.chance(timeoutBoost)) return { outcome: 'failed', cause: 'auth_service_timeout', noise: null };
  if (!rng.chance(RATES.authFailure)) {
    const noise = rng.weighted<AuthNoise | 'none'>({ dob_corrected: 0.08, account_looked_up: 0.1, service_slow: 0.05, none: 0.77 });
    return { outcome: 'verified', cause: null, noise: noise === 'none' ? null : noise };
  }
  const cause = rng.weighted(causeShares(AUTH_CAUSES));
  const partial = cause === 'auth_no_account_number' && rng.chance(RATES.noAccountPartial);
  return { outcome: partial ? 'partial' : 'failed', cause, noise: null };
}

function drawBooking(rng: Rng): NonNullable<Scenario['booking']> {
  if (!rng.chance(RATES.bookingFailure)) return { outcome: 'completed', cause: null, altAccepted: rng.chance(0.15) };
  const cause = rng.weighted(causeShares(BOOKING_CAUSES));
  const held = cause === 'booking_card_declined' && rng.chance(RATES.declinedHeld);
  return { outcome: held ? 'partial' : 'failed', cause, altAccepted: false };
}

function drawCsat(rng: Rng, good: boolean): number {
  const weights = good ? { 5: 0.5, 4: 0.35, 3: 0.1, 2: 0.03, 1: 0.02 } : { 5: 0.02, 4: 0.08, 3: 0.25, 2: 0.35, 1: 0.3 };
  return Number(rng.weighted(weights as Record<string, number>));
}

export function drawScenario(rng: Rng, recent: boolean): Scenario {
  const intent = rng.weighted(RATES.intents);
  const s: Scenario = { intent, auth: null, booking: null, billing: null, handoff: null, csat: null };
  if (intent !== 'general') s.auth = drawAuth(rng, recent);
  const verified = s.auth?.outcome === 'verified';
  if (intent === 'booking' && verified) s.booking = drawBooking(rng);
  if (intent === 'billing' && s.auth && s.auth.outcome !== 'failed') {
    s.billing = { resolved: verified ? !rng.chance(RATES.billingUnresolved) : rng.chance(0.5) };
  }

  if (s.auth && s.auth.outcome === 'failed' && s.auth.cause !== 'auth_caller_hung_up' && rng.chance(0.5)) {
    s.handoff = { to: 'reception team', reason: 'authentication failed' };
  } else if (s.booking && s.booking.outcome !== 'completed' && s.booking.cause !== 'booking_caller_abandoned' && rng.chance(0.3)) {
    s.handoff = { to: 'reception team', reason: 'booking failed' };
  } else if (s.billing && !s.billing.resolved && rng.chance(0.6)) {
    s.handoff = { to: 'billing team', reason: 'billing dispute' };
  } else if (rng.chance(0.04)) {
    s.handoff = { to: 'reception team', reason: rng.chance(0.7) ? 'caller request' : 'complaint' };
  }

  const abandoned = s.auth?.cause === 'auth_caller_hung_up' || s.booking?.cause === 'booking_caller_abandoned';
  if (!abandoned && !s.handoff && rng.chance(RATES.surveyAnswered)) {
    const good = (s.auth?.outcome ?? 'verified') === 'verified' && (s.booking?.outcome ?? 'completed') === 'completed' && (s.billing?.resolved ?? true);
    s.csat = drawCsat(rng, good);
  }
  return s;
}
