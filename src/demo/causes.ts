/**
 * The demo's metric definitions and the failure causes planted in its conversations, with the
 * proportions the generator draws them in. The quality harness (src/eval) reads this table and
 * each conversation's `truth` as ground truth; README documents the same numbers.
 */

export interface DemoMetric {
  name: string;
  type: 'boolean' | 'categorical' | 'numeric';
  categories?: string[];
  min?: number;
  max?: number;
  definition: string;
  flow: string;
}

export const DEMO_METRICS: DemoMetric[] = [
  {
    name: 'Auth: verified',
    type: 'boolean',
    definition: 'True when the caller passed identity verification (name, date of birth, postcode, account number). False when verification failed or was only partial. Written at the end of the verification step; absent on calls that never needed it.',
    flow: 'verify_identity',
  },
  {
    name: 'Auth: outcome',
    type: 'categorical',
    categories: ['verified', 'failed', 'partial'],
    definition: 'How identity verification ended. partial: the caller matched some checks and may only get general information. Written with Auth: verified.',
    flow: 'verify_identity',
  },
  {
    name: 'Booking: completed',
    type: 'boolean',
    definition: 'True when an appointment was booked and paid. Written only when a verified caller asked to book; absent otherwise.',
    flow: 'book_appointment',
  },
  {
    name: 'Booking: outcome',
    type: 'categorical',
    categories: ['completed', 'failed', 'partial'],
    definition: 'How the booking attempt ended. partial: a slot is held but the deposit was not taken.',
    flow: 'book_appointment',
  },
  {
    name: 'Billing: resolved',
    type: 'boolean',
    definition: 'True when the caller\'s billing question was answered without a transfer. Written only on billing calls.',
    flow: 'billing_enquiry',
  },
  {
    name: 'Handoff: reason',
    type: 'categorical',
    categories: ['authentication failed', 'booking failed', 'billing dispute', 'caller request', 'complaint'],
    definition: 'Why the call was transferred to a person. Written only when a handoff happened.',
    flow: 'handoff',
  },
  {
    name: 'CSAT: score',
    type: 'numeric',
    min: 1,
    max: 5,
    definition: 'The caller\'s answer to the end-of-call survey, 1 (very dissatisfied) to 5 (very satisfied). Written only when the caller answered.',
    flow: 'survey',
  },
];

export interface Cause {
  code: string;
  label: string;
  /** share of the metric's failures, before the recent regression */
  share: number;
  /** planted as a findable cause (above 10% of failures) or as background noise */
  planted: boolean;
}

export interface CauseGroup {
  metric: string;
  /** the effective value that counts as a failure */
  failure: boolean;
  causes: Cause[];
}

export const AUTH_CAUSES: CauseGroup = {
  metric: 'Auth: verified',
  failure: false,
  causes: [
    { code: 'auth_dob_mismatch', label: 'Date of birth did not match the record', share: 0.34, planted: true },
    { code: 'auth_no_account_number', label: 'Caller did not have an account number', share: 0.26, planted: true },
    { code: 'auth_service_timeout', label: 'Verification service timed out', share: 0.2, planted: true },
    { code: 'auth_postcode_mismatch', label: 'Postcode did not match (caller had moved)', share: 0.14, planted: true },
    { code: 'auth_caller_hung_up', label: 'Caller hung up during verification', share: 0.06, planted: false },
  ],
};

export const BOOKING_CAUSES: CauseGroup = {
  metric: 'Booking: completed',
  failure: false,
  causes: [
    { code: 'booking_slot_unavailable', label: 'Requested slot unavailable, alternative declined', share: 0.42, planted: true },
    { code: 'booking_card_declined', label: 'Deposit card declined', share: 0.3, planted: true },
    { code: 'booking_caller_abandoned', label: 'Caller abandoned the booking', share: 0.22, planted: true },
    { code: 'booking_system_error', label: 'Booking system error', share: 0.06, planted: false },
  ],
};

export const CAUSE_GROUPS = [AUTH_CAUSES, BOOKING_CAUSES];

export type CauseCode = string;

/** Rates the generator draws outcomes with. The last 7 days carry a regression in auth. */
export const RATES = {
  /** intents of a call: booking and billing need verification, general enquiries do not */
  intents: { booking: 0.5, billing: 0.33, general: 0.17 },
  authFailure: 0.2,
  /** in the last 7 days: more verification-service timeouts push auth failures up */
  regression: { days: 7, extraTimeoutFailure: 0.12 },
  /** share of `partial` among no-account-number failures (the rest fail outright) */
  noAccountPartial: 0.7,
  bookingFailure: 0.25,
  /** share of card-declined failures that keep a held slot (Booking: outcome = partial) */
  declinedHeld: 0.5,
  billingUnresolved: 0.18,
  surveyAnswered: 0.4,
};

export function causeShares(group: CauseGroup): Record<string, number> {
  return Object.fromEntries(group.causes.map((c) => [c.code, c.share]));
}
