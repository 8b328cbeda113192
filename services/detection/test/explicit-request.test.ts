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
  ])('does not fire on "%s"', (text) => {
    expect(detectExplicitRequest(text).matched).toBe(false);
  });

  it('reports the phrase that asked', () => {
    expect(detectExplicitRequest('ugh. let me talk to a person.').phrase).toBe('talk to a person');
  });
});
