import type { Caller } from '../people.js';
import type { Rng } from '../prng.js';
import type { Scenario } from '../scenario.js';
import { say, type Script } from '../script.js';

const ASK_IDENTITY = [
  'Before I can look at your account I need to confirm who I am speaking to. Could I have your full name and date of birth, please?',
  'Sure. First I just need to verify your identity. What is your full name and your date of birth?',
  'I can help with that. For security, can you tell me your name and date of birth?',
  'No problem. Can I take your full name and date of birth to find your record?',
];
const GIVE_IDENTITY = ['It is {first} {last}, born {dob}.', "{first} {last}. My date of birth is {dob}.", 'Yeah, {first} {last}, {dob}.', "Um, it's {first} {last} and my birthday is {dob}."];
const ASK_ACCOUNT = [
  'Thank you. And could you read me your account number? It is printed at the top of your letters.',
  'Thanks {first}. What is your account number, please?',
  'Great. I also need your eight-digit account number.',
];
const GIVE_ACCOUNT = ['Yes, it is {account}.', "Sure, it's {account}.", '{account}.'];
const LOOK_UP_ACCOUNT = ['Hang on, let me find it... okay, it is {account}.', "One sec, I've got a letter here somewhere. Right, {account}.", 'I think I have it in my email... yes, {account}.'];
const NO_ACCOUNT = [
  "I don't have my account number with me, I'm afraid.",
  "I've no idea what my account number is. I never got one.",
  "I'm not sure, I don't have any letters to hand.",
  'Account number? I have never been given one as far as I know.',
  "Sorry, I can't find it. I'm out at the moment and don't have it.",
];
const ASK_POSTCODE = ['And the postcode of your home address?', 'Lastly, can you confirm your postcode?', 'Thanks. What postcode do we have for you?'];
const GIVE_POSTCODE = ["It's {postcode}.", '{postcode}.', 'Postcode is {postcode}.'];
const NO_ACCOUNT_FALLBACK = ['That is okay, I can try to verify you with your postcode instead. What is your postcode?', 'Without the account number I can only do a partial check. Can you tell me your postcode?'];
const PARTIAL = [
  'Thank you. I could only partly verify you without the account number, so I can give general information but I cannot make changes or book anything today.',
  'I have matched your name and postcode, but without the account number I can only help with general questions.',
  'You are partly verified. Without an account number I am limited in what I can do on this call.',
];
const NO_ACCOUNT_FAIL = [
  'I am sorry, without the account number I am not able to verify you for this request.',
  'Unfortunately I need the account number to go any further. Could you call back when you have it?',
];
const VERIFIED = ['Thank you, {first}, you are verified.', "Perfect, that's all matched. Thanks {first}.", 'Thanks, I have found your record and you are verified.', 'Lovely, you are all verified.'];
const DOB_MISMATCH = [
  "I'm sorry, that date of birth doesn't match what we have on file. Could you say it again?",
  'Hmm, the date of birth you gave does not match our records. Can you repeat it for me?',
  'That date of birth is not what I have on your record. Would you like to try again?',
  "I'm afraid the birth date doesn't match. Can you check it for me?",
];
const DOB_INSIST = ["It's definitely {dob}.", 'That is my date of birth, {dob}. I am sure of it.', 'I said {dob}. That is right.'];
const DOB_CORRECT = ['Oh sorry, I got that wrong. It is {dob}.', 'Sorry, my mistake, {dob}.'];
const DOB_FAIL = [
  "I'm sorry, I still can't match your date of birth, so I'm not able to verify you today.",
  'That still does not match the date of birth on file, so I cannot verify your identity.',
  'Unfortunately the date of birth does not match our records and I cannot continue.',
];
const POSTCODE_MISMATCH = [
  'The postcode you gave does not match the address on your account.',
  "Hmm, that postcode isn't the one we hold for you.",
  'I have a different postcode on file for you, I am afraid.',
];
const MOVED = [
  'Oh, I moved a few months ago. I must not have updated it.',
  "Ah, we moved house recently. I can't remember the old postcode.",
  "I changed address last year, I don't know what you would have.",
];
const POSTCODE_FAIL = [
  'I am sorry, I cannot verify you with a postcode that does not match, and I cannot update the address until you are verified.',
  "Because the address doesn't match I'm unable to verify you. You can update your address online or at reception.",
];
const TIMEOUT = [
  "I'm sorry, I'm having trouble reaching our verification system right now.",
  'The identity check is taking longer than it should. Our system is not responding.',
  'Apologies, the verification service timed out.',
  'Sorry, our system is not responding at the moment so I cannot complete the security check.',
];
const TIMEOUT_USER = ['Can you try again?', 'Oh, typical.', 'Right... is it going to work?', 'Okay, I can wait.'];
const TIMEOUT_FAIL = [
  'It has timed out again, so I cannot verify you right now. Please try again later.',
  'I am still unable to reach the verification system, I am so sorry.',
  'The system is still down, so I cannot get you verified on this call.',
];
const SLOW = ['Bear with me, the system is a little slow today.', 'Just a moment, this is taking a few seconds longer than usual.'];
const HOLD_ON = ['Hold on, someone is at the door...', 'Wait a second, let me just...', 'Sorry, I have to go.'];

/**
 * The verification step, ending in the scenario's outcome with its cause visible in the words.
 * Returns when a check first failed on a call that was verified in the end (the function logic
 * writes `Auth: verified` = false then, and true later).
 */
export function authFlow(s: Script, rng: Rng, c: Caller, auth: NonNullable<Scenario['auth']>): { correctedAt?: string } {
  const v = { first: c.first, last: c.last, dob: c.dobSpoken, account: c.account, postcode: c.postcode };
  const wrongDob = auth.cause === 'auth_dob_mismatch' || auth.noise === 'dob_corrected';
  s.agent(say(rng, ASK_IDENTITY));
  s.user(say(rng, GIVE_IDENTITY, { ...v, dob: wrongDob ? c.wrongDobSpoken : c.dobSpoken }));
  s.agent(say(rng, ASK_ACCOUNT, v));
  if (auth.cause === 'auth_caller_hung_up') {
    s.user(say(rng, HOLD_ON));
    s.pause(rng.int(5_000, 20_000));
    s.agent('Hello? Are you still there?');
    return {};
  }
  if (auth.cause === 'auth_no_account_number') {
    s.user(say(rng, NO_ACCOUNT));
    s.agent(say(rng, NO_ACCOUNT_FALLBACK));
    s.user(say(rng, GIVE_POSTCODE, v));
    s.fn('verify_identity', { status: auth.outcome, matched: ['name', 'postcode'], missing: ['account_number'] });
    s.agent(say(rng, auth.outcome === 'partial' ? PARTIAL : NO_ACCOUNT_FAIL));
    return {};
  }
  if (auth.noise === 'account_looked_up') s.pause(rng.int(4_000, 15_000));
  s.user(say(rng, auth.noise === 'account_looked_up' ? LOOK_UP_ACCOUNT : GIVE_ACCOUNT, v));
  s.agent(say(rng, ASK_POSTCODE));
  s.user(say(rng, GIVE_POSTCODE, v));
  if (auth.cause === 'auth_service_timeout') {
    s.fn('verify_identity', { status: 'error', error: 'upstream_timeout', elapsed_ms: 10_000 });
    s.agent(say(rng, TIMEOUT));
    s.user(say(rng, TIMEOUT_USER));
    s.fn('verify_identity', { status: 'error', error: 'upstream_timeout', elapsed_ms: 10_000 });
    s.agent(say(rng, TIMEOUT_FAIL));
    return {};
  }
  if (auth.noise === 'service_slow') s.agent(say(rng, SLOW));
  if (auth.cause === 'auth_dob_mismatch' || auth.noise === 'dob_corrected') {
    s.fn('verify_identity', { status: 'failed', mismatch: ['date_of_birth'] });
    const correctedAt = s.now.toISOString();
    s.agent(say(rng, DOB_MISMATCH));
    if (auth.noise === 'dob_corrected') {
      s.user(say(rng, DOB_CORRECT, v));
      s.fn('verify_identity', { status: 'verified', matched: ['name', 'date_of_birth', 'account_number', 'postcode'] });
      s.agent(say(rng, VERIFIED, v));
      return { correctedAt };
    }
    s.user(say(rng, DOB_INSIST, { dob: c.wrongDobSpoken }));
    s.fn('verify_identity', { status: 'failed', mismatch: ['date_of_birth'] });
    s.agent(say(rng, DOB_FAIL));
    return {};
  }
  if (auth.cause === 'auth_postcode_mismatch') {
    s.fn('verify_identity', { status: 'failed', mismatch: ['postcode'] });
    s.agent(say(rng, POSTCODE_MISMATCH));
    s.user(say(rng, MOVED));
    s.agent(say(rng, POSTCODE_FAIL));
    return {};
  }
  s.fn('verify_identity', { status: 'verified', matched: ['name', 'date_of_birth', 'account_number', 'postcode'] });
  s.agent(say(rng, VERIFIED, v));
  return {};
}
