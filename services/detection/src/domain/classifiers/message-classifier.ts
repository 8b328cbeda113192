// Pure composition of the three models and the rule layers. No I/O: models come in already decoded.

import { CATEGORIES, type Category } from '../category';
import { DECLINING_WORDS, detectExplicitRequest } from '../triggers/explicit-request';
import { hardCategoryRule, isFeeQuestion, isPolicyQuestion } from './category-rules';
import { extractFeatures, normalizeSpaced, type Features } from './features';
import { readLexicon, type Lexicon } from './lexicon';
import { argmax, LinearModel, softmax, type LinearModelData } from './linear';
import { sentimentOffsets } from './sentiment-rules';
import { SENTIMENT_LABELS, type MessageClassifier, type MessageSignals, type SentimentLabel } from './types';

/** Categories that escalate to a human by default. */
export const HARD_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'billing_dispute',
  'refund',
  'cancellation',
  'legal',
  'security',
  'data_privacy',
  'enterprise_contract',
]);

export interface ModelSet {
  sentiment: LinearModelData;
  category: LinearModelData;
  human: LinearModelData;
  /** Word valences behind the sentiment model's lexicon features (lexicon.ts). */
  sentimentLexicon: Lexicon;
}

/** Default decision thresholds, used when a model file does not carry tuned ones in its meta. */
const DEFAULTS = { categoryMinConfidence: 0.5, categoryHardMinConfidence: 0.6, humanThreshold: 0.5 };

// The rule detector (explicit-request.ts) declines a request when a negation precedes it in the same clause. Its
// clauses are coarse ("you're not helping and I want to speak with a human" is one clause), so we also try it on
// finer sub-clauses (split at "and", "so", "because", "then"): a request in any sub-clause counts.
const SUB_CLAUSE = /[.!?,;:]|\b(?:and|so|because|then|but)\b/i;

function subClauses(text: string): string[] {
  return text.split(SUB_CLAUSE).filter((c) => c.trim().length > 0);
}

/** The regex detector matches the message or one of its sub-clauses. */
export function matchesExplicitRequest(text: string): boolean {
  if (detectExplicitRequest(text).matched) return true;
  return subClauses(text).some((c) => detectExplicitRequest(c).matched);
}

// "I don't want to talk to a person": we recognise a declined request by seeing that a sub-clause *without* its
// negation words would have matched the rule detector. Only meaningful for a message the detector did not match.
const NEGATION_WORDS = new RegExp(String.raw`\b(?:${DECLINING_WORDS})\b`, 'gi');

function hasDeclinedClause(text: string): boolean {
  return subClauses(text).some((c) => {
    const stripped = c.replace(NEGATION_WORDS, ' ');
    return stripped !== c && detectExplicitRequest(stripped).matched;
  });
}

export interface SentimentResult {
  score: number;
  label: SentimentLabel;
  probabilities: Float64Array;
}

/**
 * Weight of the lexicon's own verdict (its compound valence, -1..1) added to the negative or positive logit. The
 * model learns from training labels that call most support requests neutral ("I lost my password", "my account was
 * hacked"), so it learns to discount negative words; on language it never saw (product reviews, social posts) that
 * costs it against a plain lexicon. The prior keeps the lexicon's say: measured in models/README.md (unseen data).
 */
export const LEXICON_PRIOR = 2;

/**
 * The learned model calls a plain report of a problem negative ("my card was declined at the store", from the
 * labelled problem intents of Banking77). Negative, but not very negative: a score at or below
 * VERY_NEGATIVE (the sentiment-drop trigger's and the high-severity bar) needs a cue a person would name, a support
 * rule (sentiment-rules.ts) at least this strong or a lexicon reading at most VERY_NEGATIVE_LEXICON. Without one the
 * score stays at MODEL_ONLY_FLOOR, so that a first problem report does not read as a sudden outburst.
 */
export const VERY_NEGATIVE_RULE = 2;
export const VERY_NEGATIVE_LEXICON = -0.5;
export const MODEL_ONLY_FLOOR = -0.55;

/** `features`: the message's n-gram features; the lexicon's are added here. */
export function sentimentFrom(model: LinearModel, lexicon: Lexicon, features: Features, text: string): SentimentResult {
  const reading = readLexicon(features, text, lexicon);
  const logits = model.logits(reading.features);
  const offsets = sentimentOffsets(text, logits[0]! > logits[2]!);
  logits[0]! += offsets.negative;
  logits[1]! += offsets.neutral;
  logits[2]! += offsets.positive;
  // The support rules know better than word valences when they read a complaint ("as a loyal customer I expected
  // better") or a negated one ("I have not been disappointed"): the prior only adds to what they leave alone.
  if (offsets.positive <= 0) logits[0]! += LEXICON_PRIOR * Math.max(0, -reading.compound);
  if (offsets.negative < 1) logits[2]! += LEXICON_PRIOR * Math.max(0, reading.compound);
  const p = softmax(logits);
  const named = offsets.negative >= VERY_NEGATIVE_RULE || reading.compound <= VERY_NEGATIVE_LEXICON;
  const score = Math.max(named ? -1 : MODEL_ONLY_FLOOR, Math.min(1, p[2]! - p[0]!));
  return { score, label: SENTIMENT_LABELS[argmax(p)]!, probabilities: p };
}

/**
 * Confidence given to a hard category found by the phrase rules (category-rules.ts) when the model is less sure.
 * The rules' precision on the training split is ~0.9 (models/README.md); 0.8 keeps them above every floor.
 */
export const RULE_CONFIDENCE = 0.8;

/**
 * When no hard category is sure on its own but the hard categories together are at least this likely, the message is
 * treated as a hard issue: escalating is about "hard or not", and a message the model spreads over refund, dispute
 * and cancellation is still more likely hard than not. 0.5 is that decision point, not a tuned value. Measured
 * (`npm run eval:detection`, session 6): held-out Banking77 hard recall 0.922 -> 0.934 (FPR 1.8 -> 2.3%), CLINC150
 * 0.969 -> 0.990; left-out data sets: Banking77 0.744 -> 0.758, CLINC150 0.835 -> 0.883, Bitext LLM 0.920 -> 0.927,
 * with false-positive rates of 2.9-4.6%.
 */
export const HARD_TOGETHER = 0.5;

/**
 * Issue category: the learned model, combined with the hard-category phrase rules when `text` is given.
 * - The model is sure of a hard category (>= its floor): the model's answer.
 * - Otherwise a rule match decides the hard category, confidence max(model's P(category), RULE_CONFIDENCE).
 * - A question about a policy ("what is your refund policy", "is there a cancellation fee") is never a refund or
 *   cancellation demand, nor a question about a price ("is there a fee for paying by card?") a dispute: how_to.
 * - Otherwise, if the hard categories together have P >= HARD_TOGETHER, the most likely of them, with that combined
 *   probability as confidence (the probability that the issue is a hard one).
 * - Otherwise the model, with `other` below its confidence floor.
 */
export function categoryFrom(
  model: LinearModel,
  features: Features,
  minConfidence: number,
  hardMinConfidence: number,
  text?: string,
): { category: Category; confidence: number } {
  const p = model.probabilities(features);
  const best = argmax(p);
  const category = model.labels[best] as Category;
  const confidence = p[best]!;
  const hard = HARD_CATEGORIES.has(category);
  if (text !== undefined) {
    if (hard && (((category === 'refund' || category === 'cancellation') && isPolicyQuestion(text)) || (category === 'billing_dispute' && isFeeQuestion(text)))) {
      const howTo = model.labels.indexOf('how_to');
      return { category: 'how_to', confidence: Math.max(howTo >= 0 ? p[howTo]! : 0, RULE_CONFIDENCE) };
    }
    if (!(hard && confidence >= hardMinConfidence)) {
      const rule = hardCategoryRule(text);
      if (rule !== undefined) {
        const index = model.labels.indexOf(rule);
        return { category: rule, confidence: Math.max(index >= 0 ? p[index]! : 0, RULE_CONFIDENCE) };
      }
      const together = hardTogether(model.labels, p);
      if (together && together.probability >= HARD_TOGETHER && !isPolicyQuestion(text) && !isFeeQuestion(text)) return { category: together.category, confidence: together.probability };
    }
  }
  const floor = hard ? hardMinConfidence : minConfidence;
  if (category !== 'other' && confidence < floor) return { category: 'other', confidence: 1 - confidence };
  return { category, confidence };
}

/** The most likely hard category, with the probability of all hard categories together. */
function hardTogether(labels: readonly string[], p: ArrayLike<number>): { category: Category; probability: number } | undefined {
  let probability = 0;
  let best = -1;
  labels.forEach((label, i) => {
    if (!HARD_CATEGORIES.has(label as Category)) return;
    probability += p[i]!;
    if (best < 0 || p[i]! > p[best]!) best = i;
  });
  return best < 0 ? undefined : { category: labels[best] as Category, probability };
}

/**
 * Words (and typo-tolerant stems) without which a message is not asking for a person: who (someone, a person, an
 * agent, support, a manager...) or how (call, phone, speak, talk, chat, contact, reach). The model's character
 * n-grams alone can make "ok and customs?" look like "customer"; a model-only request needs one of these. On the
 * training data 5 of 1,634 requests (typos such as "ocntact a persn", "you arre't helping") lack one.
 */
const PERSON_OR_CONTACT_WORD =
  /\b(?:som\w*one|\w*body|any ?one|pers\w*|people|huma\w*|agen\w*|reps?|representatives?|operators?|staff|team|support|services?|managers?|supervisors?|employees?|associates?|advis[eo]rs?|consultants?|specialists?|call\w*|phone|ring|speak\w*|talk\w*|chat\w*|cont\w*|reach\w*|touch|customer|live|real)\b/i;

/**
 * Talking about support is not asking for it: an opinion of it ("worst customer service ever", "your agents are
 * rude"), or a contact that already happened ("I called customer service 3 times", "the agent hung up on me").
 * The model learned "customer service" from requests to reach it and cannot tell these apart; complaints mention
 * support all the time. Caps model-only requests; an explicit phrase ("let me talk to a person") still wins.
 * "Is customer service available?" and "what the number of customer support is" stay possible requests.
 */
const SUPPORT = String.raw`(?:customer (?:service|support|care|services)|support(?: team| staff| agents?)?|(?:your|the|an?|that|this) (?:agents?|reps?|representatives?|operators?|staff|employees?|person|guy|lady|woman|man|people|team)|agents?|representatives?|staff)`;
const OPINION = String.raw`(?:worst|terrible|awful|horrible|bad|poor|appalling|useless|pathetic|lousy|rude|unhelpful|slow|great|good|excellent|amazing|fantastic|brilliant|wonderful|helpful|friendly|best|non-?existent)`;
const TALKING_ABOUT_SUPPORT = new RegExp(
  String.raw`\b${OPINION} (?:\w+ )?${SUPPORT}\b` +
    String.raw`|\b${SUPPORT}(?: (?:at|in|from|on) (?:your|the) \w+)? (?:(?:really|just|also|still|then|literally|honestly|always) )?(?:(?:is|are|was|were|has been|have been|seems?) (?!available|open|reachable|there|the (?:number|hours|email))\w+|sucks?|never|keeps?|kept|did not|does not|do not|hung up|told|said|promised|refused|could not|can not|will not|would not|gave|sent|asked|blamed)\b` +
    // "is your customer support outsourced?"
    String.raw`|\b(?:is|are) (?:your|the) ${SUPPORT} (?!available|open|reachable|there|still)\w+` +
    String.raw`|\b(?:i|we)(?: have| had)?(?: already| just| previously| also)? (?:called|rang|phoned|spoke|spoken|talked|chatted|contacted|emailed|messaged|wrote to|complained to)\b`,
);

/** An opinion of support or a past contact with it, not a request (see TALKING_ABOUT_SUPPORT). */
export function isTalkingAboutSupport(text: string): boolean {
  return TALKING_ABOUT_SUPPORT.test(normalizeSpaced(text));
}

/** "Can you speak to me in French", "I'd like to speak Spanish": a language, not a person. */
const LANGUAGE_REQUEST =
  /\b(?:speak|talk|chat|write|reply|respond|answer|switch)\w* (?:to me |with me |to |back )?(?:in |into )?(?:english|spanish|french|german|italian|portuguese|chinese|mandarin|cantonese|japanese|arabic|hindi|russian|dutch|polish|turkish|korean|swedish|greek|hebrew|vietnamese|thai|welsh|irish|urdu|punjabi|bengali|tagalog|ukrainian|romanian|another language|a different language|my (?:own |native )?language)\b/i;

/** "Update the contact person on the account", "change my contact number": account details, not a person to talk to. */
const ACCOUNT_CONTACT_DETAILS =
  /\b(?:update|change|add|remove|edit|set|replace|amend|correct)\w* (?:the |a |our |my |an |your )?(?:main |primary |billing |account |emergency |technical |secondary |new )?contact (?:person|name|details|info|information|e-?mail|number|phone|address)\b/i;

/**
 * "How do I contact you by email", "what's your email address": an asynchronous channel, not a person in the chat (the
 * training labels leave Bitext's e-mail contact requests out for the same reason). Unless a person is named: "can
 * someone email me back" asks for one.
 */
const EMAIL_CONTACT =
  /\b(?:by|via|through|over|per) e-?mail\b|\be-?mail address\b|\b(?:send|write) (?:you |your \w+ |support |them )?an? e-?mail\b|\b(?:can|could|may|should) i (?:just )?e-?mail\b|\bhow (?:do|can|could|should) i e-?mail\b/i;
/** "What are your customer service phone hours?", "is support open on weekends?": when to reach support later, not a person now. */
const CONTACT_HOURS =
  /\b(?:(?:phone|opening|office|business|support|service|call ?cent(?:er|re)) hours|hours of (?:operation|business)|(?:when|what time) (?:are|is|do|does) (?:you|your \w+(?: \w+)?) (?:open|available|close)|(?:open|available) (?:on |at |during |over )?(?:the )?(?:weekends?|saturdays?|sundays?|holidays?|nights?|24\/7|24 hours))\b/i;
/** "Are you hiring support agents?": a job enquiry names agents without asking for one. */
const JOB_ENQUIRY = /\b(?:hiring|recruit\w*|vacanc(?:y|ies)|jobs?|careers?|internships?)\b|\b(?:apply|applying|application) (?:for|to) (?:a |an |the )?(?:job|role|position)\b/i;
const A_PERSON = /\b(?:someone|somebody|anyone|anybody|agents?|persons?|people|humans?|representatives?|reps?|staff|employees?|colleagues?|managers?|supervisors?)\b/i;

export function humanRequestFrom(model: LinearModel, features: Features, text: string, threshold: number): number {
  const p = model.probabilities(features)[1]!;
  // Rescale so that the tuned threshold sits at 0.5.
  const calibrated = p < threshold ? (0.5 * p) / threshold : 0.5 + (0.5 * (p - threshold)) / (1 - threshold);
  if (matchesExplicitRequest(text)) return Math.max(calibrated, 0.95);
  if (hasDeclinedClause(text)) return Math.min(calibrated, 0.05);
  if (!PERSON_OR_CONTACT_WORD.test(text) || isTalkingAboutSupport(text) || LANGUAGE_REQUEST.test(text) || ACCOUNT_CONTACT_DETAILS.test(text) || JOB_ENQUIRY.test(text) || CONTACT_HOURS.test(text) || (EMAIL_CONTACT.test(text) && !A_PERSON.test(text)))
    return Math.min(calibrated, 0.45);
  return calibrated;
}

export function createMessageClassifier(models: ModelSet): MessageClassifier {
  const sentiment = new LinearModel(models.sentiment);
  const category = new LinearModel(models.category);
  const human = new LinearModel(models.human);
  for (const label of category.labels)
    if (!(CATEGORIES as readonly string[]).includes(label)) throw new Error(`category model: unknown label ${label}`);
  const minConfidence = category.meta['minConfidence'] ?? DEFAULTS.categoryMinConfidence;
  const hardMinConfidence = category.meta['hardMinConfidence'] ?? DEFAULTS.categoryHardMinConfidence;
  const humanThreshold = human.meta['threshold'] ?? DEFAULTS.humanThreshold;
  return {
    classify(text: string): MessageSignals {
      const features = extractFeatures(text);
      const s = sentimentFrom(sentiment, models.sentimentLexicon, features, text);
      const c = categoryFrom(category, features, minConfidence, hardMinConfidence, text);
      const h = humanRequestFrom(human, features, text, humanThreshold);
      return {
        sentiment: { score: s.score, label: s.label },
        category: c.category,
        categoryConfidence: c.confidence,
        humanRequest: h >= 0.5,
        humanRequestConfidence: h,
      };
    },
  };
}
