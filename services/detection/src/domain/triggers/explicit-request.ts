// Explicit request trigger: the customer asks for a person, in any common phrasing. Always hard.

const PERSON = String.raw`(?:a |an |some |one of your |your )?(?:real |live |actual |human |proper )?(?:person|human(?: being)?|agent|representative|rep|operator|someone|somebody|people|staff|support (?:agent|person|team)|customer (?:service|support)(?: rep(?:resentative)?| agent)?|manager|supervisor)`;

const REQUEST_PATTERNS: RegExp[] = [
  // "let me talk to a person", "can I speak with an agent", "I want to chat with a human"
  new RegExp(String.raw`\b(?:talk|speak|chat)(?:ing)? (?:to|with) ${PERSON}\b`, 'i'),
  // "connect me to someone", "transfer me to an agent", "put me through to a human"
  new RegExp(String.raw`\b(?:connect|transfer|escalate|put) (?:me|this)(?: through)? (?:to|with) ${PERSON}\b`, 'i'),
  // "get me someone", "give me a human", "I need a real person"
  new RegExp(String.raw`\b(?:get|give|find|need|want|request|require) (?:me )?${PERSON}\b`, 'i'),
  // "agent please", "human!", "representative"
  /^\W*(?:an? )?(?:live |real )?(?:agent|human|person|representative|operator)\W*(?:please|pls|now)?\W*$/i,
  /\b(?:agent|human|representative|operator) (?:please|pls|now)\b/i,
  // "is there a real human", "are you a bot? I want a human"
  /\bis there (?:a |an )?(?:real |actual |live )?(?:human|person|agent|anyone|anybody)\b/i,
  /\b(?:any|a) (?:real |actual )?humans? (?:there|around|available)\b/i,
];

// "I don't want to talk to a person", "no need for an agent", "I'd rather not speak to a human": a negation in the
// same clause, before the request. "This is not helping, let me talk to a person" is a request.
const DECLINE = /\b(?:don'?t|do not|doesn'?t|no need|not|never ?mind|without|no)\b/i;
const CLAUSE_BREAK = /[.!?,;:]|\bbut\b/gi;

function clauseBefore(text: string, index: number): string {
  let start = 0;
  for (const match of text.slice(0, index).matchAll(CLAUSE_BREAK)) start = match.index + match[0].length;
  return text.slice(start, index);
}

export interface ExplicitRequestMatch {
  matched: boolean;
  /** The words that asked for a person, for the trigger evidence. */
  phrase: string;
}

export function detectExplicitRequest(text: string): ExplicitRequestMatch {
  const normalized = text.replace(/\s+/g, ' ').trim();
  for (const pattern of REQUEST_PATTERNS) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    if (DECLINE.test(clauseBefore(normalized, match.index))) continue;
    return { matched: true, phrase: match[0].trim() };
  }
  return { matched: false, phrase: '' };
}
