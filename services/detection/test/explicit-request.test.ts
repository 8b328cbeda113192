import { detectExplicitRequest } from '../src/domain/triggers/explicit-request';

describe('explicit request trigger', () => {
  it.each([
    'let me talk to a person',
    'Can I speak with an agent?',
    'agent please',
    'HUMAN!',
    'is there a real human here',
    "this isn't helping, get me someone",
    'I want to chat with a real person now',
    'please transfer me to a representative',
    'connect me with customer service',
    'I need a human',
    'This is not helping, let me talk to a person.',
    "No, that didn't work. Can I speak with an agent?",
    "I don't know what else to try, but get me someone",
    // "I don't know how to X" is not a negation of X
    "I don't know how I could talk to somebody",
    "I don't know what to do to speak to an agent",
    "I'm not sure how to reach a real person",
    "why can't I talk to a human?",
    // typos, callbacks, contact
    "I'm trying to talk to somone",
    'can someone from your team call me',
    'can I have a callback from an agent',
    'please have an agent call me back',
    'how do I get in touch with customer service',
    "what's the free phone no to contact customer support?",
    // escalation, bare transfers, refusing the bot, colleagues
    'please escalate',
    'escalate my case',
    'I want to escalate this',
    'I need my complaint escalated',
    'can you transfer me?',
    'transfer me please',
    'no more bot',
    "I don't want to talk to a bot",
    'enough with the chatbot',
    'stop sending me to the bot',
    'real people only please',
    'put me through to billing',
    'can I talk to the fraud team',
    "I'd like to talk to your complaints department",
    "I'm tired of talking to a robot",
    'pass me to a colleague',
    // offering to call, a person's review, a manager
    'can I phone you',
    'could I call your office instead?',
    'is there a number I can call?',
    'can somebody review my case manually',
    'I want a manual review of my claim',
    'i want to file a complaint with a manager',
    'get me your boss',
    // plurals, typos and abbreviations of fast typing; a person by their job
    'could you pass this on to one of your agents',
    'rep',
    'representitive pls',
    'i need to speek to an agnet',
    'give me a humen',
    'pls connect me w a real person',
    'are any humans working right now?',
    'let me speak with a claims adjuster',
    'I want to talk to an actual pharmacist',
  ])('fires on "%s"', (text) => {
    expect(detectExplicitRequest(text).matched).toBe(true);
  });

  it.each([
    'How do I reset my password?',
    "I don't want to talk to a person, just tell me the steps",
    'the person who delivered my parcel was rude',
    'my agent id is 42',
    'thanks, that solved it',
    "I'd rather not speak to a human",
    'no need to talk to an agent, it works now',
    'I do not want a callback',
    "I don't want to talk to anyone, just fix it",
    'would you call me mary from now on',
    'transfer me 50 euros from savings',
    'the bot told me to restart the app',
    'how do I escalate a dispute with the merchant myself?',
    'my colleague has the invoice',
    'and then the argument escalated',
    'this portal is for agents only',
    'I want to talk about my bill',
    "I tried to talk to it but it doesn't understand me",
    'can you talk me through the setup',
    'it said the transfer went through to my savings',
    'can i call you dave',
    'how can my boss pay me directly to the card?',
    'do I have to manually top up my account?',
    'I need to convince my boss first',
    'is there a human resources department email',
    'your phone support is slower than this chat',
    'I prefer the app over phone support',
    'please stop asking whether I want an agent',
    'I need a technician to come out and fix the boiler',
    'my sales rep number is on the invoice',
  ])('does not fire on "%s"', (text) => {
    expect(detectExplicitRequest(text).matched).toBe(false);
  });

  it('reports the phrase that asked', () => {
    expect(detectExplicitRequest('ugh. let me talk to a person.').phrase).toBe('talk to a person');
  });
});
