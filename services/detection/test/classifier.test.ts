import { CATEGORIES } from '../src/domain/category';
import { HARD_CATEGORIES, VERY_NEGATIVE, loadMessageClassifier } from '../src/domain/classifiers';
import { hardCategoryRule, isPolicyQuestion } from '../src/domain/classifiers/category-rules';
import { categoryFrom } from '../src/domain/classifiers/message-classifier';
import { UNION_PART_MAX_SOURCE, extractFeatures, tokenize, unionOf } from '../src/domain/classifiers/features';
import { decodeModel, encodeModel, LinearModel, quantize } from '../src/domain/classifiers/linear';

const classifier = loadMessageClassifier();
const classify = (text: string) => classifier.classify(text);

describe('message classifier: human request', () => {
  it.each([
    'can I speak to a human',
    'let me talk to a real person please',
    'agent please',
    'transfer me to a representative',
    "you're not helping and I want to speak with a human",
    'This is not helping, let me talk to a person',
    'how can I get in touch with customer service by phone?',
    'I need to talk to someone from your team about this',
    'I want to be transferred to a supervisor',
    'can I get connected with a live agent',
    'could a member of your team help me instead',
  ])('asks for a person: "%s"', (text) => {
    const s = classify(text);
    expect(s.humanRequest).toBe(true);
    expect(s.humanRequestConfidence).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    "I don't want to talk to a person",
    "I'd rather not speak to a human",
    'no need for an agent, I figured it out',
    'I was charged twice for the same order',
    'where is my package?',
    "what's the weather tomorrow",
    'the person who delivered the package was rude',
    "I'd like to update the contact person on the account",
    'when can I expect the money to be transferred to my account?',
    'How do I contact you by email',
    'can I send you an email about this instead?',
    'are you hiring support agents at the moment?',
    'what are your customer service phone hours on sundays?',
    'is your help desk open on weekends?',
    'is your customer support outsourced?',
    'when I call tomorrow will someone there speak Welsh?',
    'do I have to talk to someone to change my plan?',
    'stop asking me if I want a person, I just want the tracking link',
  ])('does not treat "%s" as a request', (text) => {
    const s = classify(text);
    expect(s.humanRequest).toBe(false);
    expect(s.humanRequestConfidence).toBeLessThan(0.5);
  });

  // E-mail is a channel, not a person in the chat; asking for a person by phone or e-mail still is a request.
  it.each(['can I speak to an agent by phone or email', 'I want to talk to a person, not send an email'])('treats "%s" as a request', (text) => {
    expect(classify(text).humanRequest).toBe(true);
  });

  // Complaints mention support all the time; talking about it is not asking for it.
  it.each([
    'worst customer service ever',
    'your customer service is terrible',
    'customer service never answers the phone',
    'I called customer service 3 times and nobody helped',
    'great customer service, thank you',
    'I spoke with an agent last week about this',
    'your representative hung up on me',
    "I'd like to speak Spanish please",
    'can you talk to me in french',
  ])('an opinion of support, a past contact or a language is not a request: "%s"', (text) => {
    expect(classify(text).humanRequest).toBe(false);
  });

  it.each([
    "customer service is useless, let me talk to a real person",
    'I called twice already, can I speak to an agent now?',
    'how do I contact customer service',
    'can I speak to someone in Spanish?',
  ])('a request next to a complaint about support is still a request: "%s"', (text) => {
    expect(classify(text).humanRequest).toBe(true);
  });
});

describe('message classifier: sentiment', () => {
  it.each([
    "this is ridiculous, I've tried that already",
    "I've tried that already",
    "I'm going to cancel if this isn't fixed",
    'still not working',
    'what a waste of time',
    'not happy at all',
    'THIS IS THE THIRD TIME I AM ASKING!!!',
    'this fucking app',
  ])('scores "%s" as negative', (text) => {
    const s = classify(text).sentiment;
    expect(s.label).toBe('negative');
    expect(s.score).toBeLessThan(0);
  });

  // A service failure the customer lived through is negative even without an emotion word.
  it.each([
    'my flight was delayed 3 hours and nobody at the gate knows anything',
    'been on hold for 45 minutes',
    'you guys lost my luggage',
    'the order arrived damaged',
    'your agent hung up on me',
    'I never received my refund',
    "3rd time calling about this and no one can help",
    'as a loyal customer I expected better',
    'the service was dismal',
    'I want to file a complaint about your service',
    'where do I change my damn address',
    'still waiting for my parcel 😡',
    'my order is late :(',
    'my internet has been dropping every hour since Monday',
    "this is the third router you've sent and none of them work",
    "I've been a customer for 12 years and this is how you treat me?",
    'nobody told me the flight was moved',
    'so much for next day delivery',
    "I'm not paying for something I didn't get",
  ])('scores the service failure "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).toBe('negative');
  });

  // Sarcasm the model reads as thanks or fun, threats to leave, impatience, silence, a charge taken twice.
  it.each([
    'wow thanks for nothing',
    'what a joke',
    'seriously?',
    "i'm switching to your competitor",
    'we will take our business elsewhere',
    "I'm going to leave a 1 star review",
    'can you just fix it already',
    'nobody has gotten back to me in a week',
    'this service has gone downhill',
    'I pay for premium and this is what I get?',
    'I demand a full refund',
    'the app crashes every time I open the settings page',
    "close my account, I don't want to use this anymore",
    'my parcel was supposed to arrive last week',
    'you promised me a callback',
    'we are going round in circles',
    'you keep sending me the same article',
    'another canned response',
    "forget it, I'll figure it out myself",
    'did you even read what I wrote?',
  ])('scores "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).toBe('negative');
  });

  // What went wrong, told by how long it lasted, by "again", by the reason nobody gives; no-shows, churn, chasing.
  it.each([
    '3 hours on the tarmac and not a single update',
    "the tracking hasn't updated in 6 days",
    'smh, internet down AGAIN',
    'overbooked and bumped me. again.',
    "you froze my account and won't tell me why",
    'the technician never showed up, took a day off work for nothing',
    "i'm done. cancelling tonight",
    "I'll never fly with you guys again",
    'we will never buy from you',
    'why do you make it so hard to cancel',
    'third email asking about my order, no reply',
    'sent back the item a month ago, where is my money',
    'you keep billing me after I cancelled',
    'buffering every 10 seconds on a fiber connection',
    'nothing but excuses from your team',
  ])('scores the grievance "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).toBe('negative');
  });

  it.each([
    'my order will take 3 days to arrive?',
    'is the store open again on Monday?',
    "I'm done with the form, what's next?",
    'can you tell me why the price changed?',
    "we'll never stay anywhere else, lovely hotel",
    'is there a reason the app needs my location?',
    "where's my nearest branch?",
    'I paid for the upgrade and it works great',
  ])('does not score the near miss "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).not.toBe('negative');
  });

  // A plain report of a problem is negative, but only a cue a person would name makes it very negative: the
  // sentiment-drop trigger is for outbursts, not for a customer stating what went wrong.
  it.each(['my card was declined at the store', "my transfer hasn't arrived yet", 'the refund is not showing in my account'])(
    'scores the plain problem report "%s" negative but not very negative',
    (text) => {
      const { label, score } = classify(text).sentiment;
      expect(label).toBe('negative');
      expect(score).toBeGreaterThan(VERY_NEGATIVE);
    },
  );

  it.each(['my card was declined AGAIN, this is ridiculous', 'I hate this bank, my transfer is lost', 'this is a scam, where is my money'])(
    'scores "%s" very negative',
    (text) => {
      expect(classify(text).sentiment.score).toBeLessThanOrEqual(VERY_NEGATIVE);
    },
  );

  it.each(['you charged my card twice for the same order', 'did you even read my message?'])(
    '"%s" counts toward the sentiment trigger (a score at or below its default -0.3)',
    (text) => {
      expect(classify(text).sentiment.score).toBeLessThanOrEqual(-0.3);
    },
  );

  it.each([
    'thanks, nothing else for now',
    'can I switch to the annual plan?',
    "I'm switching to the new plan",
    'where can I leave a review?',
    "I'd like to give you a 5 star review",
    'we are moving to another country',
    'can you say that again?',
    'do I need to log in every time?',
    'it works every time now, thanks',
    'my parcel is supposed to arrive tomorrow',
    'I was told to contact you about my warranty',
    'can you send me the same link again?',
    'never mind, I found it',
    "don't bother sending a paper copy, email is fine",
  ])('does not score "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).not.toBe('negative');
  });

  it.each(['not bad', 'not bad at all, thanks', 'where is my order?', 'can I change my delivery address', 'when will my order arrive?', 'is the wifi free on board?', 'how long do I wait for a refund?'])(
    'does not score "%s" as negative',
    (text) => {
      expect(classify(text).sentiment.label).not.toBe('negative');
    },
  );

  // What is wrong with a product, said plainly, is negative; the same cue negated is not a complaint.
  it.each([
    'we keep having problems with the printer',
    'the battery life is poor',
    'the hinge feels flimsy and cheaply made',
    'it died after a week',
    'the menu is hard to navigate',
    'a disappointing upgrade',
  ])('scores the product complaint "%s" as negative', (text) => {
    expect(classify(text).sentiment.label).toBe('negative');
  });

  it.each(['I have not been disappointed', 'setting it up was never a hassle', 'I never had a problem with it', 'no problems so far'])(
    'does not score the negated complaint "%s" as negative',
    (text) => {
      expect(classify(text).sentiment.label).not.toBe('negative');
    },
  );

  it.each(['thank you so much, that fixed it!', 'great, that works perfectly', 'all good now :)'])('scores "%s" as positive', (text) => {
    const s = classify(text).sentiment;
    expect(s.label).toBe('positive');
    expect(s.score).toBeGreaterThan(0);
  });

  it('reads the mood of emoji and emoticons, which the tokenizer drops', () => {
    expect(classify('got it 👍').sentiment.score).toBeGreaterThan(classify('got it').sentiment.score);
    expect(classify('ok 😡').sentiment.score).toBeLessThan(classify('ok').sentiment.score);
    expect(classify('see you at 3:30').sentiment.label).toBe('neutral');
  });

  it('intensifiers, caps and exclamation marks make a complaint more negative', () => {
    // A plain complaint whose score is above MODEL_ONLY_FLOOR, so that there is room below it.
    const plain = classify('loading is slow').sentiment.score;
    expect(classify('loading is very slow').sentiment.score).toBeLessThan(plain);
    expect(classify('LOADING IS SLOW!!!').sentiment.score).toBeLessThan(plain);
    expect(classify('THE APP IS EXTREMELY SLOW!!!').sentiment.label).toBe('negative');
  });

  it('marks an angry, repeated complaint as very negative', () => {
    expect(classify("This is ridiculous, I've tried that already and it's STILL NOT WORKING!!").sentiment.score).toBeLessThanOrEqual(VERY_NEGATIVE);
    expect(classify('can you tell me where my order is').sentiment.score).toBeGreaterThan(VERY_NEGATIVE);
  });
});

describe('message classifier: category', () => {
  it.each([
    ['I was charged twice for the same order', 'billing_dispute'],
    ['I want a refund for my broken headphones', 'refund'],
    ['please cancel my subscription', 'cancellation'],
    ["I forgot my password and can't log in", 'account_access'],
    ['I think someone hacked my account', 'security'],
    ['delete all my personal data under GDPR', 'data_privacy'],
    ['my lawyer will be contacting you about this', 'legal'],
    ['we want to add 200 seats to our enterprise contract', 'enterprise_contract'],
    ['where is my package? it has not arrived', 'order_delivery'],
  ] as const)('puts "%s" in %s', (text, category) => {
    expect(classify(text).category).toBe(category);
  });

  it.each(['Is there a fee for paying by card?', 'are there any charges for international transfers?', 'do you charge for cash withdrawals abroad?'])(
    'a question about a price is not a dispute: "%s"',
    (text) => {
      expect(HARD_CATEGORIES.has(classify(text).category)).toBe(false);
    },
  );

  it.each(['why is there a fee on my statement?', 'I was charged a fee twice for one transfer', 'is there a fee I did not agree to on my account?'])(
    'a fee the customer points at is still a dispute: "%s"',
    (text) => {
      expect(classify(text).category).toBe('billing_dispute');
    },
  );

  it('"what is your refund policy?" is how_to, not refund', () => {
    expect(classify('what is your refund policy?').category).toBe('how_to');
  });

  it.each(["what's the weather tomorrow", 'tell me a joke', 'how many calories are in a banana', 'who won the game last night'])(
    '"%s" is other, not forced into a category',
    (text) => {
      const s = classify(text);
      expect(s.category).toBe('other');
      expect(HARD_CATEGORIES.has(s.category)).toBe(false);
    },
  );
});

describe('message classifier: hard categories together', () => {
  // A model that gives every message the same probabilities (no weights, biases only).
  const spread = (p: Record<string, number>) => new LinearModel(quantize(Object.keys(p), 4, new Float32Array(4 * Object.keys(p).length), Object.values(p).map(Math.log), {}));
  const noFeatures = { indices: Int32Array.from([]), value: 0 };

  it('takes the most likely hard category when no category is sure but the hard ones together are more likely than not', () => {
    const model = spread({ refund: 0.3, billing_dispute: 0.25, how_to: 0.4, other: 0.05 });
    const result = categoryFrom(model, noFeatures, 0.4, 0.5, 'can you look into this for me');
    expect(result.category).toBe('refund');
    expect(result.confidence).toBeCloseTo(0.55, 2);
  });

  it('leaves it to the model when the hard categories together are less likely, and never for a policy question', () => {
    expect(categoryFrom(spread({ refund: 0.25, billing_dispute: 0.2, how_to: 0.5, other: 0.05 }), noFeatures, 0.4, 0.5, 'can you look into this for me').category).toBe('how_to');
    expect(categoryFrom(spread({ refund: 0.3, billing_dispute: 0.25, how_to: 0.4, other: 0.05 }), noFeatures, 0.4, 0.5, 'what is your refund policy?').category).toBe('how_to');
  });
});

describe('message classifier: hard-category phrase layer', () => {
  it.each([
    ['the exchange rate you applied to my payment was wrong', 'billing_dispute'],
    ["I don't recognise this payment on my statement", 'billing_dispute'],
    ['why was I charged a fee for this transfer?', 'billing_dispute'],
    ['you overcharged me this month', 'billing_dispute'],
    ['I want my money back', 'refund'],
    ['still waiting for my refund', 'refund'],
    ['please close my account', 'cancellation'],
    ['I need to delete my user account', 'cancellation'],
    ['someone used my card without my permission', 'security'],
    ['my card was stolen yesterday', 'security'],
    ['erase all my personal data', 'data_privacy'],
    ['I will take legal action', 'legal'],
    ['please put a hold on my savings account right away', 'security'],
    ['stop all transactions on my debit card', 'security'],
    ['I need my card blocked', 'security'],
    ['I need to put in a cancellation for tonight', 'cancellation'],
    ['my reservation is no longer needed', 'cancellation'],
    ['scrap that dinner reservation', 'cancellation'],
    ['the rate of exchange for my cash withdrawal is wrong', 'billing_dispute'],
    ['the ATM only gave me $20 instead of $100', 'billing_dispute'],
    ['what is the reason for the fee on my transfer?', 'billing_dispute'],
    ['there is a mysterious debit on my statement', 'billing_dispute'],
    ['I think someone may be using my card', 'security'],
    ['I made a transfer to the wrong account', 'cancellation'],
    ["I was promised a discount that isn't on my bill", 'billing_dispute'],
    ['why am I paying for a channel package I never ordered', 'billing_dispute'],
    ['the price went up without any notice', 'billing_dispute'],
    ['can you credit my account for the outage last week', 'refund'],
    ['I want to switch to another provider, how do I leave?', 'cancellation'],
    ["I got an email saying my password was reset but I didn't do it", 'security'],
    ['please delete everything you have on me', 'data_privacy'],
    ["I don't want this service anymore", 'cancellation'],
    ['I want out of my contract', 'cancellation'],
    ['stop charging me', 'billing_dispute'],
    ["I'm being charged for a service I cancelled", 'billing_dispute'],
    ['why did my bill double', 'billing_dispute'],
    ['why did my electricity bill triple this month', 'billing_dispute'],
    ['I clicked a link in an email that looked like it was from you and entered my details', 'security'],
    ["there's a mistake on my bill", 'billing_dispute'],
    ['can I get my deposit back', 'refund'],
    ['someone opened an account in my name', 'security'],
    ['my savings account must be frozen', 'security'],
    ['there is a payment in the app that I did not make', 'billing_dispute'],
    ['I made one payment and it is showing up twice', 'billing_dispute'],
    ["the exchange rate on my purchase doesn't look right", 'billing_dispute'],
    ["why didn't I get the right amount of cash from the ATM?", 'billing_dispute'],
    ['why was a fee charged to me for this transfer?', 'billing_dispute'],
    ['I need to reverse the transfer I made this morning', 'cancellation'],
    ['closing my standard account', 'cancellation'],
    ['I expect a restitution of $12', 'refund'],
    ['I want compensation for the delayed flight', 'refund'],
    ["I can't find my card anywhere", 'security'],
    ['I got mugged and they took my phone', 'security'],
    ['please cancel my train tickets for Saturday', 'cancellation'],
    ['cancel our hotel room for next week', 'cancellation'],
    ['just shut my account, I am moving banks', 'cancellation'],
    ['you took two payments for the same booking', 'billing_dispute'],
    ['my water bill is three times what it usually is', 'billing_dispute'],
    ['the clinic billed me for a scan my insurance already paid', 'billing_dispute'],
    ['somebody has been spending the points on my rewards account', 'security'],
    ['someone made a claim against my policy and it was not me', 'security'],
    ['the landlord on your site vanished with my deposit', 'security'],
    ['how did a marketing agency get my email address?', 'data_privacy'],
    ['I slipped in your store and I am making a personal injury claim', 'legal'],
    ['where do we serve legal papers on your company?', 'legal'],
    ['what does your SLA promise for uptime?', 'enterprise_contract'],
    ['our invoices need to be on net 30 terms', 'enterprise_contract'],
    ['we need cover for all 40 of our company cars', 'enterprise_contract'],
  ] as const)('puts "%s" in %s', (text, category) => {
    expect(hardCategoryRule(text)).toBe(category);
    expect(classify(text).category).toBe(category);
    expect(classify(text).categoryConfidence).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    'is there a cancellation fee?',
    'what is your refund policy?',
    'how much do you charge for international transfers',
    'unsubscribe me from the newsletter',
    'tell me a joke about lawyers',
    'that movie stole my heart',
    'my account is blocked, how do I get back in?',
    'can I put a hold on my mail delivery while I travel',
    'what is the exchange rate today?',
    'do you offer rebates on bulk orders?',
    'how long will the transfer take',
    'what is the exchange rate for euros?',
    'what happens if I cancel my order after it ships?',
    'how do I leave a review?',
    'can I switch to a different plan?',
    'the price went up, is there a cheaper option?',
    "there's an error in the bill payment page",
    'I clicked the link in your email to reset my password',
    'how do I read my electricity bill?',
    'how do I find my PIN number?',
    'if the airline cancels a flight, do I get a voucher?',
    'how did you get on with the form I sent?',
    'someone booked a table for my birthday, can you confirm it?',
    'my team of 12 loves the app',
  ])('does not make "%s" a hard category', (text) => {
    expect(hardCategoryRule(text)).toBeUndefined();
    expect(HARD_CATEGORIES.has(classify(text).category)).toBe(false);
  });

  it('leaves charging a phone to the model', () => {
    expect(hardCategoryRule('how do I stop charging my phone overnight?')).toBeUndefined();
  });

  it("escalates money the customer says is not theirs", () => {
    const text = "I see a withdrawal in the app but it's not mine";
    expect(hardCategoryRule(text)).toBe('billing_dispute');
    expect(HARD_CATEGORIES.has(classify(text).category)).toBe(true);
  });

  it('recognises a question about a policy', () => {
    expect(isPolicyQuestion('what is your refund policy?')).toBe(true);
    expect(isPolicyQuestion('I want a refund for my order')).toBe(false);
  });

  it.each(['how long do reimbursements usually take?', 'under which circumstances can I get my money back?', 'are service charges reimbursable?'])(
    'a question about how refunds work is not a demand: "%s"',
    (text) => {
      expect(HARD_CATEGORIES.has(classify(text).category)).toBe(false);
    },
  );

  it.each(['I want my reimbursement now', 'my refund is taking too long, where is it?'])('a demand is still a refund: "%s"', (text) => {
    expect(classify(text).category).toBe('refund');
  });
});

describe('message classifier: output contract', () => {
  it.each(['', '   ', '!!!', 'a', 'I was charged twice', '😡😡😡', 'x'.repeat(5000)])('is well-formed for "%s"', (text) => {
    const s = classify(text);
    expect(s.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(s.sentiment.score).toBeLessThanOrEqual(1);
    expect(['negative', 'neutral', 'positive']).toContain(s.sentiment.label);
    expect(CATEGORIES).toContain(s.category);
    expect(s.categoryConfidence).toBeGreaterThanOrEqual(0);
    expect(s.categoryConfidence).toBeLessThanOrEqual(1);
    expect(s.humanRequestConfidence).toBeGreaterThanOrEqual(0);
    expect(s.humanRequestConfidence).toBeLessThanOrEqual(1);
    expect(s.humanRequest).toBe(s.humanRequestConfidence >= 0.5);
  });

  it('keeps label and score consistent (negative => score < 0, positive => score > 0)', () => {
    for (const text of ['this is terrible', 'thanks a lot!', 'where is my order', 'not bad', 'still not working!!']) {
      const { label, score } = classify(text).sentiment;
      if (label === 'negative') expect(score).toBeLessThan(0);
      if (label === 'positive') expect(score).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    expect(classify('I was charged twice, this is ridiculous')).toEqual(classify('I was charged twice, this is ridiculous'));
  });

  it('exports the very-negative threshold', () => {
    expect(VERY_NEGATIVE).toBeLessThan(0);
    expect(VERY_NEGATIVE).toBeGreaterThanOrEqual(-1);
  });
});

describe('classifier building blocks', () => {
  it('a union of patterns longer than one part matches exactly when one of them does', () => {
    const words = Array.from({ length: 2_000 }, (_, i) => `word${i}x`);
    const patterns = words.map((w) => new RegExp(String.raw`\b${w} (?:is|was) (?:\w+ ){0,2}here\b`));
    expect(patterns.reduce((n, p) => n + p.source.length, 0)).toBeGreaterThan(2 * UNION_PART_MAX_SOURCE);
    const union = unionOf(patterns);
    for (const text of ['word0x is here', 'so word1999x was right here', 'word1000x is not quite here', 'word2000x is here', 'nothing'])
      expect(union.test(text)).toBe(patterns.some((p) => p.test(text)));
    expect(() => unionOf([/a/i])).toThrow(/flags/);
    expect(() => unionOf([/(a)\1/])).toThrow(/back-reference/);
  });

  it('expands negative contractions so negation is one token', () => {
    expect(tokenize("I don't, can't, won't")).toEqual(['i', 'do', 'not', ',', 'can', 'not', ',', 'will', 'not']);
  });

  it('drops who a social post is addressed to and its links, not e-mail addresses', () => {
    expect(tokenize('@AirCo my bag is lost https://t.co/abc @help')).toEqual(['my', 'bag', 'is', 'lost']);
    expect(tokenize('write to help@example.com')).toEqual(['write', 'to', 'help', 'example', '.', 'com']);
    expect(classify('@ShopNow forget it, I will sort it out myself').sentiment.label).toBe('negative');
  });

  it('marks negation scope: "not happy" and "happy" have different features', () => {
    const a = new Set(extractFeatures('happy').indices);
    const b = extractFeatures('not happy').indices;
    expect([...b].some((i) => !a.has(i))).toBe(true);
  });

  it('round-trips a quantised model through its byte format', () => {
    const weights = new Float32Array(16 * 2).map((_, i) => Math.sin(i));
    const data = quantize(['a', 'b'], 16, weights, [0.1, -0.1], { threshold: 0.4 });
    const back = decodeModel(encodeModel(data));
    expect(back.labels).toEqual(['a', 'b']);
    expect(back.meta).toEqual({ threshold: 0.4 });
    expect(Array.from(back.weights)).toEqual(Array.from(data.weights));
    const f = { indices: Int32Array.from([1, 2, 3]), value: 1 / Math.sqrt(3) };
    expect(Array.from(new LinearModel(back).logits(f))).toEqual(Array.from(new LinearModel(data).logits(f)));
  });
});
