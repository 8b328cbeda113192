// The routing policy's condition language (queues' and steps' `agents:`, filters' `when:`), parsed once at start-up
// into closures: no eval, and evaluation never throws. Also the two scopes the expressions are evaluated over.
//
//   expression := or
//   or         := and ( OR and )*
//   and        := unary ( AND unary )*
//   unary      := NOT unary | comparison
//   comparison := operand ( ( == | != | > | >= | < | <= | IN | NOT IN | HAS ) operand )?
//   operand    := number | string | TRUE | FALSE | list | path | ( expression )
//   list       := [ ( expression ( , expression )* )? ]
//   path       := name ( . name | [ expression ] )*
//
// Keywords are case-insensitive, as in TaskRouter. A missing attribute is undefined, and every comparison involving
// undefined is false, so `skills.refund >= 3` simply does not match an agent without that skill.

export type Value = string | number | boolean | undefined | readonly Value[] | { readonly [key: string]: Value };
export type Scope = { readonly [key: string]: Value };

/** A compiled condition: true only when the expression evaluates to the boolean true. */
export type Condition = (scope: Scope) => boolean;

export type CompiledExpression =
  | { ok: true; source: string; evaluate: Condition }
  | { ok: false; source: string; error: string };

/**
 * The attribute names an expression may use, so a typo (`skill.refund`, `task.langauge`) fails at start-up instead
 * of silently never matching. `true` accepts any name below it (skill names are agent data, not policy).
 */
export type AttributeShape = true | { readonly [name: string]: AttributeShape };

export interface CompileOptions {
  attributes?: { readonly [name: string]: AttributeShape };
}

// ---------------------------------------------------------------------------------------------------------------
// Scopes

export type SeverityName = 'low' | 'normal' | 'high' | 'critical';

/** What a `when:` (and `task.<attribute>` in an agents expression) can see of a handoff. */
export interface HandoffAttributes {
  category: string;
  tier: string;
  severity: SeverityName;
  /** BCP 47 tag as the chat reported it, e.g. "en-GB". */
  language: string;
  /** The customer's sentiment at handoff, −1..1; absent when unknown. */
  sentiment?: number;
  /** The trigger's reason code, e.g. "explicit_request". */
  reason: string;
  /** The channel whose capacity the handoff takes (a channel of the policy; "chat" when unknown). */
  channel: string;
}

/** What an agents expression can see of an agent. AgentCandidate and the contracts' Agent both fit. */
export interface AgentAttributes {
  skills: ReadonlyArray<{ name: string; level: number }>;
  languages: readonly string[];
  teams?: readonly string[];
  onCall?: boolean;
}

export interface TaskScope extends Scope {
  category: string;
  tier: string;
  severity: SeverityName;
  language: string;
  language_tag: string;
  sentiment: number | undefined;
  reason: string;
  channel: string;
}

export const TASK_ATTRIBUTES = {
  category: true,
  tier: true,
  severity: true,
  language: true,
  language_tag: true,
  sentiment: true,
  reason: true,
  channel: true,
} as const satisfies Record<keyof HandoffAttributes | 'language_tag', AttributeShape>;

export const AGENT_ATTRIBUTES = {
  skills: true,
  languages: true,
  teams: true,
  on_call: true,
  task: TASK_ATTRIBUTES,
} as const satisfies Record<string, AttributeShape>;

// Agents list "en" while chats report "en-GB": both sides are reduced to the lowercase base language, as
// agent-selection does, so `languages has task.language` matches. The full tag stays available as language_tag.
const baseLanguage = (tag: string) => tag.trim().toLowerCase().split('-')[0] ?? '';

export function taskScope(handoff: HandoffAttributes): TaskScope {
  return {
    category: handoff.category,
    tier: handoff.tier,
    severity: handoff.severity,
    language: baseLanguage(handoff.language),
    language_tag: handoff.language,
    sentiment: handoff.sentiment,
    reason: handoff.reason,
    channel: handoff.channel,
  };
}

export function agentScope(agent: AgentAttributes, task?: TaskScope): Scope {
  // A null-prototype map, so `skills.constructor` is just a missing skill.
  const skills: Record<string, number> = Object.create(null);
  for (const skill of agent.skills) skills[skill.name] = skill.level;
  return {
    skills,
    languages: [...new Set(agent.languages.map(baseLanguage))],
    teams: [...(agent.teams ?? [])],
    on_call: agent.onCall ?? false,
    task: task ?? {},
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'number' | 'string' | 'name' | 'keyword' | 'op' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  /** The text as written (for messages); keywords are lowercased here. */
  text: string;
  value?: string | number;
  column: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'has', 'true', 'false']);

class SyntaxProblem extends Error {
  constructor(column: number, message: string) {
    super(`at column ${column}: ${message}`);
  }
}

// Operators people bring from other languages, with what to write instead.
const FOREIGN: Record<string, string> = { '&&': 'and', '||': 'or', '=': '==', '!': 'not', '<>': '!=' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), column });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ kind: 'keyword', text: lower, column });
      else tokens.push({ kind: 'name', text: word, value: word, column });
      i += word.length;
    } else if (ch === "'" || ch === '"') {
      let value = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== ch; j++) {
        // Backslash escapes the quote or itself; anything else is kept as written.
        if (source[j] === '\\' && (source[j + 1] === ch || source[j + 1] === '\\')) j++;
        value += source[j];
      }
      if (j >= source.length) throw new SyntaxProblem(column, `expected a closing ${ch} for the string that starts here, found end of expression`);
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value, column });
      i = j + 1;
    } else {
      const two = source.slice(i, i + 2);
      if (['==', '!=', '>=', '<='].includes(two)) {
        tokens.push({ kind: 'op', text: two, column });
        i += 2;
      } else if (FOREIGN[two]) {
        throw new SyntaxProblem(column, `unexpected "${two}"; write ${FOREIGN[two]} instead`);
      } else if (ch === '>' || ch === '<') {
        tokens.push({ kind: 'op', text: ch, column });
        i++;
      } else if (FOREIGN[ch]) {
        throw new SyntaxProblem(column, `unexpected "${ch}"; write ${FOREIGN[ch]} instead`);
      } else if ('()[],.-'.includes(ch)) {
        tokens.push({ kind: 'punct', text: ch, column });
        i++;
      } else {
        throw new SyntaxProblem(column, `unexpected character "${ch}"`);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

const describe = (token: Token) => (token.kind === 'end' ? 'end of expression' : `"${token.text}"`);

// ---------------------------------------------------------------------------------------------------------------
// Parser: recursive descent straight into closures.

type Evaluator = (scope: Scope) => Value;
type Comparison = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'not in' | 'has';

const isList = (v: Value): v is readonly Value[] => Array.isArray(v);
const isMap = (v: Value): v is { readonly [key: string]: Value } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own properties only: a policy must not reach `constructor`, `__proto__` or `length`. */
function member(container: Value, key: Value): Value {
  if (isList(container)) return typeof key === 'number' && Number.isInteger(key) ? container[key] : undefined;
  if (isMap(container) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(container, key)) return container[key];
  return undefined;
}

function equal(a: Value, b: Value): boolean {
  if (a === undefined || b === undefined) return false;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return a === b;
}

/** Orders two numbers or two strings; anything else (including undefined) does not compare. */
function ordered(a: Value, b: Value, test: (difference: number) => boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

const COMPARE: Record<Comparison, (a: Value, b: Value) => boolean> = {
  '==': equal,
  '!=': (a, b) => a !== undefined && b !== undefined && !equal(a, b),
  '>': (a, b) => ordered(a, b, (d) => d > 0),
  '>=': (a, b) => ordered(a, b, (d) => d >= 0),
  '<': (a, b) => ordered(a, b, (d) => d < 0),
  '<=': (a, b) => ordered(a, b, (d) => d <= 0),
  in: (a, b) => a !== undefined && isList(b) && b.some((x) => equal(a, x)),
  'not in': (a, b) => a !== undefined && isList(b) && !b.some((x) => equal(a, x)),
  has: (a, b) => b !== undefined && isList(a) && a.some((x) => equal(x, b)),
};

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly attributes: CompileOptions['attributes'],
  ) {}

  parse(): Evaluator {
    const expression = this.or();
    const next = this.peek();
    if (next.kind !== 'end') throw new SyntaxProblem(next.column, `expected and, or, a comparison or end of expression, found ${describe(next)}`);
    return expression;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'keyword' && token.text === word;
  }

  private isPunct(ch: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === ch;
  }

  private expect(ch: string, context: string): void {
    if (!this.isPunct(ch)) throw new SyntaxProblem(this.peek().column, `expected "${ch}" ${context}, found ${describe(this.peek())}`);
    this.take();
  }

  private or(): Evaluator {
    let left = this.and();
    while (this.isKeyword('or')) {
      const operator = this.take();
      const l = left;
      const r = this.operandOf(operator, () => this.and());
      left = (scope) => l(scope) === true || r(scope) === true;
    }
    return left;
  }

  private and(): Evaluator {
    let left = this.unary();
    while (this.isKeyword('and')) {
      const operator = this.take();
      const l = left;
      const r = this.operandOf(operator, () => this.unary());
      left = (scope) => l(scope) === true && r(scope) === true;
    }
    return left;
  }

  private unary(): Evaluator {
    if (this.isKeyword('not')) {
      const operator = this.take();
      const operand = this.operandOf(operator, () => this.unary());
      return (scope) => operand(scope) !== true;
    }
    return this.comparison();
  }

  private comparison(): Evaluator {
    const left = this.operand();
    const token = this.peek();
    let operator: Comparison | undefined;
    if (token.kind === 'op') operator = token.text as Comparison;
    else if (this.isKeyword('in') || this.isKeyword('has')) operator = token.text as Comparison;
    else if (this.isKeyword('not') && this.isKeyword('in', 1)) operator = 'not in';
    if (!operator) return left;
    this.take();
    if (operator === 'not in') this.take();
    const right = this.operandOf(token, () => this.operand(), operator);
    const compare = COMPARE[operator];
    return (scope) => compare(left(scope), right(scope));
  }

  /** Parses what must follow an operator, naming the operator when nothing sensible does. */
  private operandOf(operator: Token, parse: () => Evaluator, text = operator.text): Evaluator {
    const next = this.peek();
    // `not` may follow and/or/not, but not a comparison: `a == not b` is written `not (a == b)`.
    const words = ['and', 'or', 'not'].includes(text) ? ['true', 'false', 'not'] : ['true', 'false'];
    const startsOperand =
      next.kind === 'number' || next.kind === 'string' || next.kind === 'name' || (next.kind === 'keyword' && words.includes(next.text)) || (next.kind === 'punct' && '([-'.includes(next.text));
    if (!startsOperand) throw new SyntaxProblem(next.column, `expected a value after "${text}", found ${describe(next)}`);
    return parse();
  }

  private operand(): Evaluator {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') {
      this.take();
      const value = token.value;
      return () => value;
    }
    if (token.kind === 'punct' && token.text === '-' && this.peek(1).kind === 'number') {
      this.take();
      const value = -(this.take().value as number);
      return () => value;
    }
    if (token.kind === 'keyword' && (token.text === 'true' || token.text === 'false')) {
      this.take();
      const value = token.text === 'true';
      return () => value;
    }
    if (token.kind === 'name') return this.path();
    if (this.isPunct('(')) {
      this.take();
      const inner = this.or();
      this.expect(')', `to close the "(" at column ${token.column}`);
      return inner;
    }
    if (this.isPunct('[')) return this.list();
    throw new SyntaxProblem(token.column, `expected a value (a number, a 'string', true, false, a [list] or an attribute such as skills.refund), found ${describe(token)}`);
  }

  private list(): Evaluator {
    const open = this.take();
    const items: Evaluator[] = [];
    if (!this.isPunct(']')) {
      items.push(this.or());
      while (this.isPunct(',')) {
        this.take();
        items.push(this.or());
      }
    }
    this.expect(']', `or "," in the list that starts at column ${open.column}`);
    return (scope) => items.map((item) => item(scope));
  }

  private path(): Evaluator {
    const root = this.take();
    let shape = this.checkName(this.attributes, root, '');
    const steps: Evaluator[] = [];
    let dotted = root.text;
    for (;;) {
      if (this.isPunct('.')) {
        this.take();
        const name = this.peek();
        // Any word may follow a dot, keyword-like ones included (`task.in` is just a missing attribute).
        if (name.kind !== 'name' && name.kind !== 'keyword') throw new SyntaxProblem(name.column, `expected an attribute name after "${dotted}.", found ${describe(name)}`);
        this.take();
        shape = shape === true ? true : this.checkName(shape, name, dotted);
        dotted += `.${name.text}`;
        const key = name.text;
        steps.push(() => key);
      } else if (this.isPunct('[')) {
        const open = this.take();
        const index = this.or();
        this.expect(']', `to close the "[" at column ${open.column}`);
        steps.push(index);
        // A computed key cannot be checked until evaluation.
        shape = true;
        dotted += '[…]';
      } else {
        break;
      }
    }
    const key = root.text;
    return (scope) => {
      let value = member(scope, key);
      for (const step of steps) value = member(value, step(scope));
      return value;
    };
  }

  private checkName(known: CompileOptions['attributes'] | undefined, name: Token, parent: string): AttributeShape {
    if (!known) return true;
    if (Object.prototype.hasOwnProperty.call(known, name.text)) return known[name.text]!;
    const of = parent ? ` of ${parent}` : '';
    throw new SyntaxProblem(name.column, `unknown attribute "${name.text}"${of} (known: ${Object.keys(known).join(', ')})`);
  }
}

export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  try {
    const evaluator = new Parser(tokenize(source), options.attributes).parse();
    return { ok: true, source, evaluate: (scope) => evaluator(scope) === true };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, source, error: error.message };
    throw error;
  }
}
