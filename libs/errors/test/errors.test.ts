import { HandoffError, Violations, invalidArgument, isPermanent, unavailable } from '../src';

describe('errors', () => {
  it('treats invalid input as permanent and unavailability as transient', () => {
    expect(isPermanent(invalidArgument('bad'))).toBe(true);
    expect(isPermanent(unavailable('down'))).toBe(false);
    expect(isPermanent(new Error('plain'))).toBe(false);
  });

  it('names every violation in one message', () => {
    const check = () =>
      new Violations().requireText('', 'agent.agent_id').require(false, 'agent.chat_capacity must be at most 50').throwIfAny('UpsertAgent');
    expect(check).toThrow(HandoffError);
    expect(check).toThrow('UpsertAgent: agent.agent_id is required; agent.chat_capacity must be at most 50');
  });
});
