// Explicit request trigger: the customer asks for a person, in any common phrasing. Always hard.
//
// Written from how customers ask for a person in support chats (not copied from any data set): "talk to a human",
// "transfer me to an agent", "can someone call me back", "how do I reach customer service", with common typos of
// "someone" and "customer". A negation before the request in the same clause declines it ("I don't want to talk to a
// person"), but "I don't know how to talk to someone" or "why can't I speak to an agent" are still requests.

const SOMEONE = String.raw`(?:some ?one|somone|somneone|soemone|somenoe|somebody|sombody|anyone|anybody)`;
const CUSTOMER = String.raw`(?:customer|costumer|custome?r?)`;
// People, in the singular or plural, with the typos seen in fast typing ("agnet", "humen", "reprsentative").
const AGENT = String.raw`(?:agents?|agnets?|agetns?)`;
const HUMAN = String.raw`(?:humans?|humen|huamns?|hooman)(?: beings?)?`;
const REPRESENTATIVE = String.raw`(?:rep(?:r?e?s[ae]nt[ai]?t?i?ves?)?s?)`;
/** The company's people by what they are to the customer (no "someone": "can anyone help me" asks for help). */
const STAFF = String.raw`(?:persons?|${HUMAN}|${AGENT}|${REPRESENTATIVE}|operators?|assistants?|staff(?: members?)?|employees?|managers?|supervisors?|colleagues?)`;
const PERSON = String.raw`(?:a |an |some |one of your |your |the )?(?:real |live |actual |human |proper |customer service |support )?(?:${STAFF}|${SOMEONE}(?: (?:from|in|on|at) (?:your|the) (?:team|company|staff|support|billing|office))?|people|members? of (?:your |the )?(?:staff|team)|support (?:agents?|person|team|staff)|${CUSTOMER} (?:service|support|care|assistance|services)(?: rep(?:resentative)?s?| agents?| team| department)?|team members?|whoever (?:handles|manages|deals with|is in charge of|runs) \w+)`;
/**
 * Someone by their job or desk, only after words that ask for them ("let me speak with an actual insurance adjuster",
 * "put me through to the front desk", "have the account manager call me"): alone ("I need a technician to come out")
 * a job may ask for a visit, not for the chat to be handed over.
 */
const ROLE = String.raw`(?:a |an |one of your |your |the )?(?:real |live |actual |human |qualified )?(?:[\w']+ ){0,2}(?:adjusters?|techs?|supervisors?|managers?|offices?|desks?|departments?|officers?|nurses?|doctors?|pharmacists?|advis[eo]rs?|bankers?|specialists?|technicians?|engineers?|underwriters?|brokers?|consultants?|claims? handlers?|account managers?|case ?workers?|coordinators?|dispatchers?|tellers?|associates?|experts?|professionals?|accountants?|staff(?: members?)?|employees?|agents?|representatives?|reps|moderators?|gms?|game masters?|admins?|administrators?|front desk|reception(?:ists?)?|concierge|executives?)`;

const DEPARTMENT = String.raw`(?:billing|sales|fraud|complaints?|disputes?|finance|admissions|onboarding|customer success|technical support|tech support|support|accounts|retention|cancellations?|claims|customer relations|returns|security|help ?desk)(?: (?:team|department|dept|desk|office|people|line))?`;

const REQUEST_PATTERNS: RegExp[] = [
  // "let me talk to a person", "can I speak with an agent", "I want to chat with a human"
  // ("a copy of my chat with the agent" names a past conversation)
  new RegExp(String.raw`\b(?<!\b(?:my|our|the|this|that|a|last|previous|earlier|live|great|good|nice|lovely|long|quick|brief|helpful|short) )(?:talk|speak|speek|chat|chatt(?=ing))(?:ing)? (?:to|with|w|wth|wit|wiht|wirh) (?:${PERSON}|${ROLE})\b`, 'i'),
  // "who can I talk to about this?"
  /\bwho (?:can|could|should|do) (?:i|we) (?:talk|speak|chat) (?:to|with)\b/i,
  // "connect me to someone", "transfer me to an agent", "put me through to a human", "pass me to an agent"
  new RegExp(String.raw`\b(?:connect|transfer|escalate|put|pass|forward|hand|assign|route) (?:me|this|it|(?:this|that|my|the) (?:case|issue|chat|call|ticket|claim|complaint|problem|request))(?: over| through| on| along)? (?:to|with|w/?) (?:${PERSON}|${ROLE})\b`, 'i'),
  // "can a live agent help me", "could a human take over this chat"
  new RegExp(String.raw`\b(?:can|could|would|will|may|please|let|(?:i|we) (?:want|need)|(?:i|we)'d like) (?:(?:a |an |one of your |your |the )?(?:real |live |actual |human |nice |kind |friendly )?${STAFF}|${ROLE}) (?:please )?(?:to )?(?:help|assist|take over|look (?:at|into)|handle|deal with|sort (?:this|it) out|check|get on a call)\b`, 'i'),
  // "I need one of your travel agents to rebook my flight" (one of the company's people; "I need a technician to come
  // out" asks for a visit)
  new RegExp(String.raw`\b(?:i|we) (?:really |urgently )?need (?:one of your|your|someone (?:from|in|at) (?:your|the)) (?:[\w']+ ){0,3}?(?:${AGENT}|${REPRESENTATIVE}|staff|employees?|people|team|${ROLE}) to \w+`, 'i'),
  // "can I have a word with whoever manages this branch", "I need to discuss this with a billing specialist"
  new RegExp(String.raw`\b(?:(?:have|get) a (?:word|chat) with|discuss (?:this|it|that|my \w+) with) (?:${PERSON}|${ROLE})\b`, 'i'),
  // "I want to be transferred to a supervisor", "can I get connected with an agent"
  new RegExp(String.raw`\b(?:be|get|being|getting) (?:transferred|connected|put through|passed|escalated|forwarded|handed over) (?:to|with) (?:${PERSON}|${ROLE}|(?:your |the )?${DEPARTMENT})\b`, 'i'),
  // "I want my claim reviewed by a real adjuster", "handled by an actual person"
  new RegExp(String.raw`\b(?:reviewed|checked|handled|looked at|dealt with|assessed) by (?:a |an |one of your )?(?:real|actual|human|live) (?:${HUMAN}|persons?|${AGENT}|staff|employees?|${ROLE})\b`, 'i'),
  // "could a member of your team help me instead", "can someone from your staff take over"
  /\b(?:a member of|members of|someone from|somebody from|anyone from|one of) (?:your|the) (?:team|staff|support team|agents|people|colleagues|support staff)\b.{0,20}?\b(?:help|assist|take over|look into|handle|deal with)\b/i,
  // A team or department rather than a person: "put me through to billing", "can I talk to the fraud team"
  new RegExp(String.raw`\b(?:(?:talk|speak|chat)(?:ing)? (?:to|with)|(?:connect|transfer|put|pass|forward|escalate) (?:me|this|my (?:case|issue|call))(?: over| through| on)? (?:to|with)) (?:your |the |a |someone (?:in|from) (?:your |the )?)?${DEPARTMENT}\b`, 'i'),
  // "get me someone", "give me a human", "I need a real person"
  // ("do I need a manager's approval" names whose approval, not a person to talk to)
  new RegExp(String.raw`\b(?:get|give|find|need|want|request|require|demand) (?:me )?${PERSON}\b(?!'s)`, 'i'),
  // "how do I reach a real person", "contact customer service", "get in touch with an agent", "call customer support"
  // ("the contact person on the account" is a noun, not a request)
  new RegExp(String.raw`\b(?:reach(?:ing)?|contact(?:ing)?(?! persons?\b)|get(?:ting)? (?:in )?touch with|get(?:ting)? hold of|get(?:ting)? through to|be(?:ing)? in touch with) ${PERSON}\b`, 'i'),
  // ("your phone support is slow" names a channel: a verb only without a determiner before it)
  new RegExp(String.raw`\b(?:call(?:ing)?|(?<!\b(?:your|the|their|our|my|by|via|of|on|a|over|than|with|and|or|for|no) )phon(?:e|ing)|ring(?:ing)?) (?:a |an |your |the )?(?:real |live |human )?(?:${CUSTOMER} (?:service|support|care|assistance|services)|support|agent|representative|human|person|operator|manager|supervisor)\b`, 'i'),
  // "can someone from your team call me", "please have an agent contact me", "could you call me back"
  new RegExp(String.raw`\b(?:can|could|would|will|please|have|get|need|want|like|arrange for) (?:${SOMEONE}|an? (?:agent|person|human|representative|rep|manager|supervisor)|your (?:team|staff|agent|support)|${ROLE}|(?:a |one )?members? of (?:your|the) (?:team|staff))(?: (?:from|in|on|at) (?:your |the )?(?:[\w']+ ){0,3}?(?:team|company|staff|support|side|billing|office|department|desk))?(?: please)?(?: to)? (?:(?:call|ring|phone|contact|get back to|reach out to|message|text|e-?mail) me|give me a (?:call|ring|buzz)|get in touch)\b(?! (?:when|once|if|whenever) )`, 'i'),
  // "can I phone you", "could I call your office instead": the customer offers to call, which a bot cannot answer
  // ("is there a number I can call?" asks for contact details, which it can)
  /\b(?:can|could|may) (?:i|we) (?:phone|ring) (?:you|your (?:team|office|company|support))\b/i,
  /\b(?:can|could|may) (?:i|we) call (?:your (?:team|office|company|support|helpline|hotline)|you (?:guys|directly|instead))\b/i,
  // "can somebody review my case manually", "I want a manual review": a person's judgement, not the bot's
  /\b(?:review|check|look at|handle|process|assess)(?:ed)? (?:this|it|that|my (?:case|claim|request|application|account|issue|complaint)) manually\b/i,
  /\bmanual(?:ly)? (?:review|check|assessment)\b/i,
  // "I want to file a complaint with a manager", "complain to your supervisor"
  /\bcomplain(?:t)? (?:to|with) (?:a |the |your )?(?:manager|supervisor|boss)\b/i,
  // "get me your boss", "let me speak to the boss"
  /\b(?:(?:talk|speak|chat) (?:to|with)|(?:get|give|put) me(?: through to)?) (?:your|the) boss\b/i,
  // "can I have a callback", "I'd like a call back from an agent", "call me back"
  /\b(?:have|get|request|want|need|like|arrange|schedule|book|receive|give me) (?:a |an )?(?:call ?back|phone call from|call from)\b(?! (?:booked|scheduled|arranged|set up|already))/i,
  // "I'd like to book a call with an onboarding specialist", "arrange a phone call with a mortgage advisor"
  new RegExp(String.raw`\b(?:book|arrange|schedule|set up|have|get) (?:a |an )?(?:phone |video )?(?:call|meeting|appointment) with (?:${PERSON}|${ROLE})\b`, 'i'),
  // "I need tech support from an actual person"
  /\b(?:help|support|answers?|assistance|a response|a reply) from (?:an? )?(?:actual|real|live|human) (?:person|human|agent|being|employee)\b/i,
  /\bcall me back\b/i,
  // "agent please", "human!", "representative"
  new RegExp(String.raw`^\W*(?:an? )?(?:live |real )?(?:${AGENT}|${HUMAN}|person|${REPRESENTATIVE}|operator|supervisor|manager)\W*(?:please|pls|plz|now)?\W*$`, 'i'),
  new RegExp(String.raw`\b(?:${AGENT}|${HUMAN}|${REPRESENTATIVE}|operator|supervisor|manager) (?:please|pls|plz|now)\b`, 'i'),
  // "is there a real human", "are you a bot? I want a human"
  /\bis there (?:a |an )?(?:real |actual |live )?(?:human(?! resources?\b|-)|person|agent|anyone|anybody)\b/i,
  /\b(?:any|a) (?:real |actual )?humans? (?:there|around|available|working|online|on (?:duty|shift))\b/i,
  // "is there someone I can talk to about my flight", "anybody there who can help?"
  /(?:^\W*|\b(?:is|are) there |\bneed )(?:someone|somebody|anyone|anybody|a (?:real )?(?:person|human)|an? (?:agent|employee)|people) (?:(?:i|we) (?:can|could) (?:talk|speak|chat) (?:to|with)|(?:working )?(?:there )?who can (?:help|talk|speak))\b/i,
  // "please escalate", "escalate my case", "I want this escalated": in a support chat, a request for a person
  /\bescalat(?:e|ion)(?: (?:this|it|that|my (?:case|issue|complaint|ticket|problem|request|query)|the (?:matter|issue|case|complaint)))?\W*(?:please|pls|now|asap|immediately)?\W*$/i,
  /\b(?:please|want|need|like|can you|could you|would you) (?:to )?escalat(?:e|ion)\b/i,
  /\b(?:want|need|get|have) (?:this|it|my (?:case|issue|complaint|ticket|problem|request)) escalated\b/i,
  // "transfer me", "can you transfer me please" (the whole request; "transfer me 50 euros" is not one)
  /\b(?:transfer|put) me(?: over| through)?\W*(?:please|pls|now)?\W*$/i,
  // "no more bot", "I don't want to talk to a bot", "enough with the chatbot": refusing the bot is asking for a person
  /\b(?:stop|quit) (?:sending|transferring|redirecting|passing|putting) me (?:back )?(?:to|through to|on to) (?:a |an |the |this |your )?(?:chat ?)?(?:bots?|robots?|ai|virtual assistant|automated (?:assistant|system))\b/i,
  // "real people only", "humans only please"
  /^\W*(?:real |live |actual )?(?:humans?|people|persons?|agents?) only\b/i,
  /\b(?:no more|stop|enough(?: with)?|done with|tired of(?: talking to)?|fed up with(?: talking to)?|don'?t want(?: to (?:talk|speak|chat) (?:to|with))?|not (?:talking|speaking|chatting) (?:to|with)) (?:a |an |the |this |your )?(?:chat ?)?(?:bots?|robots?|ai|virtual assistant|automated (?:assistant|system|answers|replies|responses))\b/i,
];

/**
 * Words that decline what follows them in a clause: negations, "stop asking", "do I need to". Also read by the
 * message classifier (`hasDeclinedClause`), which removes them to see whether a request is what was declined.
 */
export const DECLINING_WORDS = String.raw`don'?t|do not|doesn'?t|no need(?: for| to)?|not|never ?mind|without|no|(?:stop|quit) (?:asking|offering|trying to)|(?<!\b(?:what|how|where|who|which|when) )(?:do|will|would) (?:i|we) (?:need|have) to`;
// "I don't want to talk to a person", "no need for an agent", "I'd rather not speak to a human": a negation in the
// same clause, before the request. "This is not helping, let me talk to a person" is a request.
const DECLINE = new RegExp(String.raw`\b(?:${DECLINING_WORDS}|how long is the (?:usual |average |normal )?wait)\b|\bam i\s*$`, 'i');
const CLAUSE_BREAK = /[.!?,;:]|\bbut\b/gi;

// Negation words that do not decline the request that follows: not knowing *how* to reach a person, being unable
// to find the way, asking *why* one cannot, or saying the bot is not helping.
const NOT_A_DECLINE: RegExp[] = [
  /\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|not) (?:really |even )?(?:know|understand|see|get|remember|find)\b/gi,
  /\bnot (?:sure|certain|clear)\b/gi,
  /\b(?:can ?not|can'?t|couldn'?t|could not|not able to|unable to) (?:seem to |even )?(?:find|figure|work|see|get|reach|tell)\b/gi,
  /\bwhy (?:can ?not|can'?t|won'?t|don'?t|do not|will not|isn'?t|is not|is there no|are there no|am i not)\b/gi,
  /\b(?:not|no|nothing|no one|nobody) (?:is |are |was )?(?:help(?:ing|ful|s)?|work(?:ing|s)?|useful|answer(?:ing|ed)?|respond(?:ing|ed)?|resolved|fixed)\b/gi,
  /\bno (?:luck|idea|clue|answer|response|way to)\b/gi,
  // "the free phone no to contact customer service": "no" as in number.
  /\b(?:the|a|free|phone|telephone|your|toll[- ]free|contact|whatsapp) no\b\.?/gi,
];

function clauseBefore(text: string, index: number): string {
  let start = 0;
  for (const match of text.slice(0, index).matchAll(CLAUSE_BREAK)) start = match.index + match[0].length;
  return text.slice(start, index);
}

function declines(clause: string): boolean {
  let rest = clause;
  for (const pattern of NOT_A_DECLINE) rest = rest.replace(pattern, ' ');
  return DECLINE.test(rest);
}

/** Chat shorthand read as the words it stands for: "put me thru to ur boss", "can u connect me w/ a rep". */
const SHORTHAND: Record<string, string> = { u: 'you', ur: 'your', thru: 'through', pls: 'please', plz: 'please', 'w/': 'with', 2: 'to', sum1: 'someone', some1: 'someone' };
const CHAT_SHORTHAND = /\b(?:u|ur|thru|pls|plz|2|sum1|some1)\b|\bw\/(?=\s)/gi;

export interface ExplicitRequestMatch {
  matched: boolean;
  /** The words that asked for a person, for the trigger evidence. */
  phrase: string;
}

export function detectExplicitRequest(text: string): ExplicitRequestMatch {
  const normalized = text
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(CHAT_SHORTHAND, (word) => SHORTHAND[word.toLowerCase()] ?? word);
  for (const pattern of REQUEST_PATTERNS) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    if (declines(clauseBefore(normalized, match.index))) continue;
    return { matched: true, phrase: match[0].trim() };
  }
  return { matched: false, phrase: '' };
}
