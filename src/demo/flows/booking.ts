import type { Caller } from '../people.js';
import type { Rng } from '../prng.js';
import type { Scenario } from '../scenario.js';
import { say, type Script } from '../script.js';

const SERVICES = ['a check-up', 'a blood test', 'a physiotherapy session', 'a dental cleaning', 'a follow-up with Dr Patel', 'a vaccination', 'an eye test'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TIMES: Record<string, string[]> = {
  morning: ['9:00', '9:30', '10:15', '11:40'],
  afternoon: ['13:00', '14:30', '15:45', '16:20'],
  'after work': ['17:10', '17:30', '17:50'],
  'first thing': ['8:00', '8:15', '8:30'],
};
const PARTS = Object.keys(TIMES);
const ALL_TIMES = Object.values(TIMES).flat();

const ASK_WHAT = ['What would you like to book, and when suits you?', 'Which appointment do you need, and do you have a day in mind?', 'Sure. What kind of appointment and what day works best?'];
const REQUEST = ['I need {service} on {day} {part} if possible.', 'Can I get {service}, ideally {day} {part}?', "I'd like {service}. {day} {part} would be best.", 'Um, {service} please, {day} {part}?'];
const OFFER = ['I have {day} at {time} available. Shall I book that?', 'There is a slot on {day} at {time}. Would that work?', 'Good news, {day} at {time} is free. Do you want it?'];
const UNAVAILABLE = [
  "I'm sorry, {day} {part} is fully booked. The earliest I have is {alt}.",
  'There are no appointments left on {day} {part}, unfortunately. The next available slot is {alt}.',
  "That slot isn't available, I'm afraid. I could offer {alt} instead.",
  'Unfortunately nothing is free on {day}. The first opening is {alt}.',
];
const DECLINE_ALT = [
  "No, that's no good for me, I work then.",
  "That's too late, I need it sooner than that.",
  "I can't do that. Is there really nothing else?",
  'No, I can only do mornings.',
];
const NOTHING_ELSE = [
  'I am sorry, I could not find a time that works for you. You can check online for cancellations.',
  "I'm afraid there is nothing else this week. I'm sorry I couldn't book that for you.",
  'Sorry, those are the only slots we have. Please try again in a few days.',
];
const ACCEPT = ['Yes, that works.', 'Okay, book that please.', "Fine, I'll take it.", 'Great, yes please.'];
const ASK_CARD = [
  'There is a twenty pound deposit for this appointment. Shall I use the card ending {card} on your account?',
  'To confirm the booking I need to take a twenty pound deposit. Can I charge the card ending {card}?',
];
const YES_CARD = ['Yes, go ahead.', 'Sure, that one is fine.', 'Yep.'];
const DECLINED = [
  "I'm sorry, the payment was declined by your bank.",
  'Hmm, the card ending {card} has been declined.',
  "Unfortunately the deposit didn't go through, the card was declined.",
  'The payment has failed: your card issuer declined it.',
];
const DECLINED_USER = ["That's strange, there should be money on it.", "Oh no. I don't have another card with me.", 'Really? It worked yesterday.', "I'll have to sort that out with my bank."];
const HELD = [
  'I will hold the slot for 24 hours. You can pay the deposit online to confirm it.',
  'I have reserved the appointment for a day; it will be confirmed once the deposit is paid.',
];
const DECLINED_FAIL = ['I am sorry, I cannot book without the deposit.', 'Without the deposit I am not able to confirm the booking, I am afraid.'];
const ABANDON = [
  'Actually, I need to check with my partner first. I will call back.',
  "Hmm, let me look at my diary and I'll ring back later.",
  'You know what, never mind, I will sort it out another time.',
  "I'm not sure now. Forget it for today.",
];
const ABANDON_REPLY = ['Of course. You can call back any time.', 'No problem, we are here when you are ready.'];
const SYSTEM_ERROR = ['Something went wrong on our side and the booking did not go through. I am very sorry.', 'I am getting an error from the booking system, so I cannot complete this right now.'];
const CONFIRMED = ['You are booked in for {day} at {time}. Your reference is {ref}.', 'All done: {day} at {time}, reference {ref}. You will get a text to confirm.', 'That is confirmed for {day} at {time}. The reference is {ref}.'];

/** The booking step after verification, ending in the scenario's outcome and its visible cause. */
export function bookingFlow(s: Script, rng: Rng, c: Caller, b: NonNullable<Scenario['booking']>) {
  const part = rng.pick(PARTS);
  const v = { service: rng.pick(SERVICES), day: rng.pick(DAYS), part, time: rng.pick(TIMES[part]!), card: c.cardLast4 };
  const altDay = rng.pick(DAYS.filter((d) => d !== v.day));
  const altTime = rng.pick(ALL_TIMES);
  const alt = `${altDay} at ${altTime}`;
  s.agent(say(rng, ASK_WHAT));
  s.user(say(rng, REQUEST, v));
  const unavailable = b.cause === 'booking_slot_unavailable' || b.altAccepted;
  s.fn('check_availability', { requested: `${v.day} ${v.part}`, available: !unavailable, ...(unavailable ? { alternatives: [alt] } : {}) });
  if (unavailable) {
    s.agent(say(rng, UNAVAILABLE, { ...v, alt }));
    if (b.cause === 'booking_slot_unavailable') {
      s.user(say(rng, DECLINE_ALT));
      s.agent(say(rng, NOTHING_ELSE));
      return;
    }
    s.user(say(rng, ACCEPT));
    v.day = altDay;
    v.time = altTime;
  } else {
    s.agent(say(rng, OFFER, v));
    if (b.cause === 'booking_caller_abandoned') {
      if (rng.chance(0.7)) {
        s.user(say(rng, ABANDON));
        s.agent(say(rng, ABANDON_REPLY));
      } else {
        s.pause(rng.int(8_000, 20_000));
        s.agent('Hello? Are you still there?');
        s.pause(rng.int(5_000, 10_000));
        s.agent('I have not heard anything, so I will end the call now. Goodbye.');
      }
      return;
    }
    s.user(say(rng, ACCEPT));
  }
  s.agent(say(rng, ASK_CARD, v));
  s.user(say(rng, YES_CARD));
  if (b.cause === 'booking_card_declined') {
    s.fn('take_payment', { status: 'declined', decline_code: rng.pick(['insufficient_funds', 'do_not_honor', 'card_expired']) });
    s.agent(say(rng, DECLINED, v));
    s.user(say(rng, DECLINED_USER));
    s.agent(say(rng, b.outcome === 'partial' ? HELD : DECLINED_FAIL));
    return;
  }
  s.fn('take_payment', { status: 'approved', amount_gbp: 20 });
  if (b.cause === 'booking_system_error') {
    s.fn('create_booking', { status: 'error', error: 'internal_error' });
    s.agent(say(rng, SYSTEM_ERROR));
    return;
  }
  const ref = `BK-${rng.int(10000, 99999)}`;
  s.fn('create_booking', { status: 'confirmed', reference: ref });
  s.agent(say(rng, CONFIRMED, { ...v, ref }));
}
