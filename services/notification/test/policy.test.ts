import { PolicyError } from '@handoff/config';
import { parseNotificationPolicy } from '../src/domain/policy';
import { Wording, textsFor } from '../src/domain/templates';
import { DEFAULT_POLICY_TEXT, defaultPolicy } from './policy-fixture';

const problemsOf = (text: string): string[] => {
  try {
    parseNotificationPolicy(text, 'candidate.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as PolicyError).problems;
  }
  throw new Error('expected the policy to be rejected');
};

describe('notification policy', () => {
  it('ships a valid default policy with English and French', () => {
    expect(defaultPolicy.messages.default_language).toBe('en');
    expect(Object.keys(defaultPolicy.messages.languages)).toEqual(['en', 'fr']);
  });

  it('rejects a template using a variable it may not use, naming the template, the line and the allowed variables', () => {
    const text = DEFAULT_POLICY_TEXT.replace('agent_joined: "{agent_first_name} from our {team} team', 'agent_joined: "{agent_first_name} from our {tem} team');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^messages\.languages\.en\.templates\.agent_joined \(line \d+\): unknown variable \{tem\} \(this template may use \{team\}, \{agent_first_name\}\)$/);
  });

  it('rejects a default language that has no templates, naming it', () => {
    const problems = problemsOf(DEFAULT_POLICY_TEXT.replace('default_language: en', 'default_language: de'));
    expect(problems).toEqual([expect.stringMatching(/^messages\.default_language \(line \d+\): language "de" is missing from messages\.languages \(defined: en, fr\)$/)]);
  });

  it('rejects a language missing a template, naming the language and the template', () => {
    const text = DEFAULT_POLICY_TEXT.replace(/\n {8}agent_joined: "\{agent_first_name\}, de notre.*\n/, '\n');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^messages\.languages\.fr\.templates\.agent_joined.*expected the message text/)]);
  });

  it('rejects an unbalanced brace and an issue list without "other"', () => {
    const text = DEFAULT_POLICY_TEXT.replace('wait_next: "You’re next in line."', 'wait_next: "You’re next {in line."').replace('        other: "votre demande"\n', '');
    const problems = problemsOf(text);
    expect(problems).toContainEqual(expect.stringMatching(/^messages\.languages\.en\.templates\.wait_next.*unbalanced/));
    expect(problems).toContainEqual(expect.stringMatching(/^messages\.languages\.fr\.issues.*"other"/));
  });

  it('falls back from a regional tag to its language, and from an unknown language to the default', () => {
    expect(textsFor(defaultPolicy, 'fr-CA').language).toBe('fr');
    expect(textsFor(defaultPolicy, 'de').language).toBe('en');
    expect(textsFor(defaultPolicy, '').language).toBe('en');
  });

  it('chooses plural forms by the language’s rules', () => {
    expect(Wording.for(defaultPolicy, 'en').minutes(60)).toBe('1 minute');
    expect(Wording.for(defaultPolicy, 'en').minutes(20)).toBe('1 minute');
    expect(Wording.for(defaultPolicy, 'en').minutes(150)).toBe('3 minutes');
    expect(Wording.for(defaultPolicy, 'fr').minutes(90)).toBe('2 minutes');
  });
});
