import fc from 'fast-check';
import { AGENT_ATTRIBUTES, TASK_ATTRIBUTES, agentScope, compileExpression, taskScope, type Scope } from '../src/domain/expressions';

const evaluate = (source: string, scope: Scope): boolean => {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.evaluate(scope);
};
const errorOf = (source: string, options = {}): string => {
  const compiled = compileExpression(source, options);
  if (compiled.ok) throw new Error(`expected "${source}" not to compile`);
  return compiled.error;
};

const billingTask = taskScope({ category: 'billing_dispute', tier: 'vip', severity: 'high', language: 'en-GB', sentiment: -0.7, reason: 'explicit_request', channel: 'chat' });
const sam = agentScope({ skills: [{ name: 'billing_dispute', level: 4 }, { name: 'general', level: 2 }], languages: ['en', 'fr-CA'], teams: ['billing'], onCall: true }, billingTask);
const newcomer = agentScope({ skills: [{ name: 'general', level: 1 }], languages: ['de'] }, billingTask);

describe('expressions: values and operators', () => {
  it('compares skill levels with numbers', () => {
    expect(evaluate('skills.billing_dispute >= 3', sam)).toBe(true);
    expect(evaluate('skills.billing_dispute > 4', sam)).toBe(false);
    expect(evaluate('skills.general == 2 and skills.general != 3 and skills.general < 3 and skills.general <= 2', sam)).toBe(true);
  });

  it('treats a missing skill as not matching rather than failing', () => {
    expect(evaluate('skills.refund >= 3', newcomer)).toBe(false);
    expect(evaluate('skills.refund < 3', newcomer)).toBe(false);
    expect(evaluate('skills.refund != 3', newcomer)).toBe(false);
    expect(evaluate('not skills.refund >= 3', newcomer)).toBe(true);
    expect(evaluate('nothing.at.all == 1', {})).toBe(false);
  });

  it('checks list membership with in, not in and has', () => {
    expect(evaluate("task.category in ['billing_dispute', 'refund']", sam)).toBe(true);
    expect(evaluate("task.category not in ['billing_dispute', 'refund']", sam)).toBe(false);
    expect(evaluate("teams has 'billing'", sam)).toBe(true);
    expect(evaluate("teams has 'legal'", sam)).toBe(false);
  });

  it('answers false for has on something that is not a list, and for in against a non-list', () => {
    expect(evaluate("on_call has 'x'", sam)).toBe(false);
    expect(evaluate("skills.general has 2", sam)).toBe(false);
    expect(evaluate("task.tier in 'vip'", sam)).toBe(false);
    expect(evaluate("task.missing not in ['a']", sam)).toBe(false);
  });

  it('matches a chat language tag against the languages an agent speaks by base language', () => {
    expect(evaluate('languages has task.language', sam)).toBe(true);
    expect(evaluate('languages has task.language', newcomer)).toBe(false);
    expect(evaluate("task.language_tag == 'en-GB'", sam)).toBe(true);
    expect(evaluate("languages has 'fr'", sam)).toBe(true);
  });

  it('looks a skill up by the handoff category with a dynamic index', () => {
    expect(evaluate('skills[task.category] >= 3', sam)).toBe(true);
    expect(evaluate('skills[task.category] >= 3', newcomer)).toBe(false);
    expect(evaluate("skills['general'] == 2", sam)).toBe(true);
  });

  it('reads booleans, negative numbers and both kinds of quotes', () => {
    expect(evaluate('on_call', sam)).toBe(true);
    expect(evaluate('on_call == false', newcomer)).toBe(true);
    expect(evaluate('task.sentiment <= -0.6', sam)).toBe(true);
    expect(evaluate(`task.tier == "vip" and task.tier == 'vip'`, sam)).toBe(true);
    expect(evaluate(String.raw`x == 'it\'s'`, { x: "it's" })).toBe(true);
  });

  it('counts a bare attribute as true only when it is the boolean true', () => {
    // So `skills.refund` alone never reads as "has the skill": write skills.refund >= 1.
    expect(evaluate('skills.billing_dispute', sam)).toBe(false);
    expect(evaluate("'yes'", {})).toBe(false);
  });

  it('accepts keywords in any case, as TaskRouter does', () => {
    expect(evaluate("skills.general >= 1 AND (teams HAS 'billing' OR On_Call) And NOT task.tier IN ['standard']", { ...sam, On_Call: false })).toBe(true);
    expect(evaluate('TRUE and not False', {})).toBe(true);
  });

  it('binds not tighter than and, and and tighter than or', () => {
    expect(evaluate('true or false and false', {})).toBe(true);
    expect(evaluate('(true or false) and false', {})).toBe(false);
    expect(evaluate('not false and false', {})).toBe(false);
    expect(evaluate('not (false and false)', {})).toBe(true);
  });

  it('never reaches into prototypes or list internals', () => {
    expect(evaluate("skills.constructor != 'x'", sam)).toBe(false);
    expect(evaluate('languages.length == 2', sam)).toBe(false);
    expect(evaluate("skills['__proto__'] == 1", sam)).toBe(false);
    expect(evaluate("teams[0] == 'billing'", sam)).toBe(true);
  });

  it('compares whole lists element by element', () => {
    expect(evaluate("teams == ['billing']", sam)).toBe(true);
    expect(evaluate('[1, [2]] == [1, [2]]', {})).toBe(true);
  });
});

describe('expressions: errors', () => {
  it('reports the column of a syntax error and what was expected', () => {
    expect(errorOf('skills.refund >=')).toBe('at column 17: expected a value after ">=", found end of expression');
    expect(errorOf('on_call and')).toBe('at column 12: expected a value after "and", found end of expression');
    expect(errorOf('skills.refund >= 3 languages')).toBe('at column 20: expected and, or, a comparison or end of expression, found "languages"');
  });

  it('names the unclosed bracket, parenthesis or string', () => {
    expect(errorOf('(on_call and true')).toBe('at column 18: expected ")" to close the "(" at column 1, found end of expression');
    expect(errorOf("x in ['a', 'b'")).toBe('at column 15: expected "]" or "," in the list that starts at column 6, found end of expression');
    expect(errorOf("x == 'abc")).toBe("at column 6: expected a closing ' for the string that starts here, found end of expression");
  });

  it('suggests the keyword to write for operators from other languages', () => {
    expect(errorOf('on_call && true')).toBe('at column 9: unexpected "&&"; write and instead');
    expect(errorOf("task.tier = 'vip'")).toBe('at column 11: unexpected "="; write == instead');
    expect(errorOf('!on_call')).toBe('at column 1: unexpected "!"; write not instead');
    expect(errorOf('x ~ 1')).toBe('at column 3: unexpected character "~"');
  });

  it('rejects a comparison followed by another comparison operator', () => {
    expect(errorOf('a == b == c')).toMatch(/^at column 8: expected and, or/);
    expect(errorOf('a == not b')).toBe('at column 6: expected a value after "==", found "not"');
  });

  it('names an unknown attribute when told which exist, so typos fail at start-up', () => {
    expect(errorOf('skill.refund >= 3', { attributes: AGENT_ATTRIBUTES })).toBe('at column 1: unknown attribute "skill" (known: skills, languages, teams, on_call, task)');
    expect(errorOf('languages has task.langauge', { attributes: AGENT_ATTRIBUTES })).toBe(
      'at column 20: unknown attribute "langauge" of task (known: category, tier, severity, language, language_tag, sentiment, reason, channel)',
    );
    expect(errorOf('skills >= 1', { attributes: TASK_ATTRIBUTES })).toMatch(/^at column 1: unknown attribute "skills"/);
    expect(compileExpression('skills.any_skill_name >= 1 and skills[task.category] >= 1', { attributes: AGENT_ATTRIBUTES }).ok).toBe(true);
  });
});

describe('property: expressions', () => {
  const leaf = fc.constantFrom('on_call', 'skills.general >= 1', "teams has 'billing'", 'languages has task.language', 'skills.refund >= 3', 'true', 'false', "task.tier in ['vip']");
  const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), fc.constantFrom('and', 'OR', 'And'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      tie('e').map((a) => `not (${a})`),
    ),
  })).e;
  const scope = fc.record({
    skills: fc.dictionary(fc.constantFrom('general', 'refund', 'billing_dispute'), fc.integer({ min: 0, max: 5 })),
    languages: fc.subarray(['en', 'fr', 'de']),
    teams: fc.subarray(['billing', 'support']),
    on_call: fc.boolean(),
    task: fc.record({ tier: fc.constantFrom('vip', 'standard'), language: fc.constantFrom('en', 'fr') }),
  });

  it('compiles every well-formed expression and evaluates it to a boolean without throwing', () => {
    fc.assert(
      fc.property(expression, scope, (source, s) => {
        const compiled = compileExpression(source, { attributes: AGENT_ATTRIBUTES });
        expect(compiled.ok).toBe(true);
        if (compiled.ok) expect(typeof compiled.evaluate(s)).toBe('boolean');
      }),
    );
  });

  it('never throws on arbitrary text: it compiles or names a column', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (source) => {
        const compiled = compileExpression(source);
        if (compiled.ok) expect(typeof compiled.evaluate({})).toBe('boolean');
        else expect(compiled.error).toMatch(/^at column \d+: /);
      }),
    );
  });
});
