import type { Rng } from '../prng.js';
import type { Intent, Scenario } from '../scenario.js';
import { say, type Script } from '../script.js';

const GREETING = [
  'Thank you for calling Northwind Health. I am the virtual assistant. How can I help today?',
  'Hello, you are through to Northwind Health. What can I do for you?',
  'Hi, this is the Northwind Health assistant. How can I help?',
];
const OPENING: Record<Intent, string[]> = {
  booking: ['Hi, I want to book an appointment.', 'Hello, I need to make an appointment please.', 'Yeah hi, can I book something in?', 'I would like to see someone this week if I can.'],
  billing: ['Hi, I have a question about my bill.', "There's a charge on my statement I don't recognise.", 'I was charged twice last month, I think.', 'Can you tell me why my invoice is higher than usual?'],
  general: ['What time do you open on Saturday?', 'Hi, is there parking at the clinic?', 'Do you do flu jabs without an appointment?', 'Where is your new clinic, exactly?'],
};
const GENERAL_ANSWER = [
  'We are open from 8 until 6 on weekdays and 9 until 1 on Saturdays.',
  'Yes, there is free parking behind the building, and two disabled bays at the front.',
  'Walk-in flu vaccinations run on Tuesday and Thursday mornings.',
  'The new clinic is on Station Road, next to the library.',
];
const THANKS = ['Great, thanks.', 'Okay, thank you.', 'Perfect, cheers.', 'Brilliant.'];
const BILL_LOOKUP = ['Let me look at your recent invoices.', 'One moment while I pull up your billing history.'];
const BILL_RESOLVED = [
  'I can see the charge of {amount} pounds is for your appointment on the {day}th. It was billed once; the second line is a refund that will clear in three days.',
  'That invoice includes a missed-appointment fee of {amount} pounds from last month.',
  'The extra {amount} pounds is the annual membership renewal, taken on the 1st.',
];
const BILL_OK = ['Ah, that makes sense. Thanks.', 'Right, okay, I forgot about that.', "Fine, that's cleared it up."];
const BILL_UNRESOLVED = [
  'I can see the charge, but I cannot tell from here why it was applied.',
  'That looks like a manual adjustment, and I do not have the details of it.',
];
const BILL_ANGRY = ["That's not good enough, I want it refunded.", 'I need someone to explain this to me properly.', 'I am not paying that.'];
const HANDOFF: Record<string, string[]> = {
  'authentication failed': ['Let me transfer you to our reception team, who can verify you another way.', 'I will put you through to a colleague who can help with verification.'],
  'booking failed': ['I will pass you to the reception team to see if they can find a slot.', 'Let me transfer you to someone at reception.'],
  'billing dispute': ['I will transfer you to our billing team, who can look into it.', 'Let me put you through to billing so they can review the charge.'],
  'caller request': ['Of course, I will transfer you to a member of staff now.'],
  complaint: ['I am sorry to hear that. I will put you through to the practice manager.'],
};
const ASK_HUMAN = ['Can I just speak to a real person, please?', 'I would rather talk to someone at reception.'];
const COMPLAIN = ['I want to make a complaint about how I was treated last week.', 'Honestly, the service has been terrible lately.'];
const SURVEY = ['Before you go, on a scale of one to five, how satisfied are you with this call?', 'One last thing: from one to five, how would you rate this call?'];
const SCORE = ['{n}.', "I'd say {n}.", '{n}, I suppose.', 'Um, {n}.'];
const WORDS = ['', 'one', 'two', 'three', 'four', 'five'];
const ANYTHING_ELSE = ['Is there anything else I can help with?', 'Can I help with anything else today?'];
const BYE_USER = ['No, that is all. Bye.', "That's it, thanks. Bye.", 'No thanks.'];
const BYE_AGENT = ['Thank you for calling Northwind Health. Goodbye.', 'Take care, goodbye.'];

export function greet(s: Script, rng: Rng, intent: Intent) {
  s.agent(say(rng, GREETING));
  s.user(say(rng, OPENING[intent]));
}

export function generalFlow(s: Script, rng: Rng) {
  s.agent(say(rng, GENERAL_ANSWER));
  s.user(say(rng, THANKS));
}

export function billingFlow(s: Script, rng: Rng, resolved: boolean) {
  const v = { amount: String(rng.int(12, 180)), day: String(rng.int(4, 28)) };
  s.agent(say(rng, BILL_LOOKUP));
  s.fn('get_invoices', { count: rng.int(1, 6), latest_amount_gbp: Number(v.amount) });
  if (resolved) {
    s.agent(say(rng, BILL_RESOLVED, v));
    s.user(say(rng, BILL_OK));
  } else {
    s.agent(say(rng, BILL_UNRESOLVED));
    s.user(say(rng, BILL_ANGRY));
  }
}

export function handoffFlow(s: Script, rng: Rng, h: NonNullable<Scenario['handoff']>) {
  if (h.reason === 'caller request') s.user(say(rng, ASK_HUMAN));
  if (h.reason === 'complaint') s.user(say(rng, COMPLAIN));
  s.agent(say(rng, HANDOFF[h.reason] ?? HANDOFF['caller request']!));
  s.fn('transfer_call', { to: h.to, reason: h.reason });
}

export function closeFlow(s: Script, rng: Rng, csat: number | null) {
  s.agent(say(rng, ANYTHING_ELSE));
  s.user(say(rng, BYE_USER));
  if (csat !== null) {
    s.agent(say(rng, SURVEY));
    s.user(say(rng, SCORE, { n: rng.chance(0.5) ? String(csat) : WORDS[csat]! }));
  }
  s.agent(say(rng, BYE_AGENT));
}
