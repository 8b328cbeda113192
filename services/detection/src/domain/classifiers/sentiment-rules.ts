// Hand-written support-domain sentiment layer. The learned model (Reddit emotions + support utterances) knows
// general sentiment; these rules add what a support conversation needs and generic text under-represents:
// "I've tried that already", "this is ridiculous", "I'm going to cancel", "still not working", "waste of time",
// negated sentiment ("not happy" / "not bad"), intensifiers, ALL CAPS and exclamation marks, profanity.
//
// Output: additive logit offsets for the classes [negative, neutral, positive], applied on top of the model.

import { normalize, unionOf } from './features';

export interface SentimentOffsets {
  negative: number;
  neutral: number;
  positive: number;
}

type Rule = [RegExp, number];

// A cue word negated within the two words before it ("not disappointed", "has not been a hassle", "never had a
// problem") is not a complaint: word-list rules start with this look-behind.
const UNNEGATED = String.raw`(?<!\b(?:not|never|no|without|hardly|nothing|nor)(?: \w+){0,2} )`;

// A count of hours, days...: "3", "two", "a few", "several".
const SOME = String.raw`(?:\d+|an?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|several|many|a few|a couple of)`;

const INTENSIFIER = String.raw`(?:so |very |really |extremely |absolutely |totally |completely |utterly |just |truly |beyond |incredibly |super |pretty |quite )*`;

// Offsets are in logits; ~2 moves a neutral-looking message to negative, ~3.5 to "very negative".
const NEGATIVE_RULES: Rule[] = [
  [new RegExp(String.raw`\b(?:this|that|it|which|you|your \w+) (?:is|are|was|were)(?: not)? ${INTENSIFIER}(?:ridiculous|absurd|unacceptable|outrageous|insane|a joke|pathetic|useless|terrible|awful|horrible|a nightmare|a scam|a disgrace|shameful|incompetent|hopeless)\b`), 3.5],
  [new RegExp(UNNEGATED + String.raw`\b(?:ridiculous|absurd|unacceptable|outrageous|pathetic|useless|terrible|awful|horrible|worst|disgusting|disgraceful|appalling|incompetent|scam(?:med)?|rip ?off|ripped off|nightmare|shambles|joke of a|hopeless|garbage|rubbish)\b`), 2.2],
  [new RegExp(UNNEGATED + String.raw`\b(?:fed up|sick of|sick and tired|tired of|had enough|frustrat\w*|annoy\w*|irritat\w*|furious|angry|mad at|pissed|livid|disappoint\w*|upset|unhappy|dissatisf\w*|discontent\w*|displeased|unsatisf\w*|hate|fuming|outraged|infuriat\w*|exasperat\w*)\b`), 2.4],
  // Wanting to complain is being unhappy: "I want to file a complaint", "how do I lodge a claim against your company".
  [/\b(?:file|filing|lodge|lodging|make|making|submit|submitting|register|raise|raising|open|put in|write) (?:a |an )?(?:formal |official |consumer |customer )?(?:complaint|complain|reclamation|grievance|claim against)\b|\bcomplaint (?:about|against|regarding)\b/, 2.4],
  [/\b(?:i(?:'ve| have)?|we(?:'ve| have)?) (?:already |just |literally )?(?:tried|done|did) (?:that|this|it|everything|all (?:of )?(?:that|this|those|these)|all of them|all that)(?: (?:already|before|twice|multiple times|several times|many times))?\b/, 2.0],
  [/\balready (?:tried|did|done|restarted|reinstalled|rebooted|reset|explained|told you|sent|gave you)\b/, 2.0],
  [/\b(?:i'?m|i am|i will|i'll|we are|we'?re|we will|about to|gonna|going to) (?:\w+ )?(?:going to |gonna |about to )?(?:cancel|leave|switch|close my account|report you|sue|dispute|complain|take my business)\b/, 2.5],
  [/\b(?:cancel(?:ling|ing)?|close|closing) (?:my|our) (?:account|subscription|membership|plan|contract) (?:if|unless|because|since)\b/, 2.0],
  [/\bstill (?:\w+ )?(?:not|no|nothing|broken|waiting|down|failing|crashing|wrong|the same|having (?:the same |this )?(?:issue|problem))\b/, 2.4],
  [/\bwaste of (?:my |our |your )?(?:time|money|effort)\b/, 3.5],
  [/\bwasted (?:my |our )?(?:time|money|hours|days|\w+ hours)\b/, 3.0],
  [/\b(?:does|do|did|is|are|was|will|has|have) not (?:even )?(?:work|working|help|helping|helpful|fixed|resolved|solve|make sense|load|respond)\b/, 2.2],
  [/\b(?:not|never|nothing) (?:working|helping|helpful|resolved|fixed|acceptable|good enough|works|helps)\b/, 1.8],
  [/\b(?:how many times|for the (?:third|fourth|fifth|sixth|tenth|\d+(?:st|nd|rd|th)|hundredth|millionth) time|again and again|over and over|every single time|yet again|once again|keep(?:s)? (?:happening|failing|crashing|asking|telling))\b/, 2.2],
  [/\b(?:no ?one|nobody) (?:is |has |ever )?(?:helping|helped|respond\w*|answer\w*|cares?|gets? back|got back|gotten back|replied|called)\b/, 2.4],
  [/\b(?:you(?:'re| are) (?:not (?:listening|helping|understanding)|useless|wrong|incompetent|a joke|lying|ignoring)|you people|you guys suck|(?:sucks|suck)\b)/, 2.2],
  // "seriously?" ends in a non-word character, so it stands outside the trailing word boundary.
  [/\b(?:are you (?:kidding|serious|joking)|unbelievable|i can not believe|i cannot believe|give me a break|what the hell|wtf|omg)\b|\bseriously\?/, 1.8],
  [/\b(?:lost|losing) (?:my |all )?(?:patience|money|trust|faith)\b/, 2.2],
  [/\b(?:(?:i|we) (?:expected|expect|deserve|deserved) (?:much |a lot |so much |far )?(?:better|more)|let (?:me|us) down|not what (?:i|we) (?:expected|paid for|ordered|was promised|were promised))\b/, 2.4],
  [/\b(?:never (?:again|buying|using|ordering|recommend)|do not recommend|would not recommend|avoid (?:this|your))\b/, 2.4],
  [/\b(?:days|weeks|months|hours|ages|forever) (?:and (?:days|weeks|months|hours) )?(?:now|ago|already|waiting|later)\b/, 1.0],
  // Service failures the customer has lived through: annotators of customer messages call these negative even
  // without an emotion word ("my flight was delayed 3 hours", "you lost my luggage", "been on hold for 40 minutes").
  [/\b(?:on hold|waiting|waited|holding|queu(?:e|ed|ing)) (?:for )?(?:over |almost |nearly |more than |about |around |at least )?(?:an?|\d+|two|three|four|five|ten|twenty|thirty|forty|several|many|a few|few) (?:more )?(?:hours?|minutes?|mins|days?|weeks?|months?)\b|\b(?:on hold|waiting|waited) (?:for )?(?:ages|forever|hours|days|weeks)\b/, 3.0],
  [/\b(?:my|our|the|your) (?:\w+ )?(?:flights?|orders?|packages?|parcels?|deliver(?:y|ies)|shipments?|bags?|luggage|suitcases?|items?|refunds?|bookings?|reservations?|trains?|appointments?|tickets?|connections?|internet|wifi|wi-fi|service|phone line|line) (?:(?:was|were|has been|have been|got|gets|is|are|keeps? getting|kept getting|still) )+(?:\w+ )?(?:delayed|cancell?ed|lost|damaged|broken|late|missing|stuck|declined|rejected|misplaced|overbooked|down|dead|out|cut off|disconnected|never (?:arrived|delivered|came|showed up))\b/, 3.0],
  [/\b(?:lost|damaged|broke|broken|misplaced|ruined|destroyed|cancell?ed) (?:my|our) (?:\w+ )?(?:bags?|luggage|suitcases?|packages?|parcels?|orders?|items?|flights?|bookings?|reservations?|data|files|photos|money)\b|\barrived (?:\w+ )?(?:damaged|broken|late|smashed|opened|wet|crushed|cracked|defective|incomplete|empty|wrong)\b|\b(?:wrong|damaged|broken|defective|faulty) (?:item|items|order|product|products|size|parcel|package)\b/, 3.0],
  [/\b(?:hung up on|hangs up on|hanging up on|ignor(?:ed|ing) (?:me|us|my)|ghost(?:ed|ing)|(?:no ?one|nobody) (?:ever )?(?:answers|answered|responds|responded|replies|replied|calls? back|called back|gets? back|got back|picks? up|picked up|can help|could help|can tell|could tell|will help|seems to know|knows)|no (?:reply|response|answer|call ?back|update)s? (?:from|yet|at all|since|for|whatsoever)|never (?:got|received|heard|get) (?:a |any )?(?:reply|response|answer|call ?back|email|update|word)|never (?:heard|got) back|(?:never|do not|does not|did not|will not|would not) (?:even )?(?:answer|answers|answered|respond|responds|responded|reply|replies|replied|pick up|picks up|call back|calls back|called back|get back|gets back|got back))\b/, 3.0],
  [/\b(?:never|still not|still have not|still has not|have not|has not|did not|not yet) (?:\w+ )?(?:received|got|gotten|get|receive) (?:my|our|the|a|an|any)\b/, 2.5],
  [/\b(?:charged|billed|debited) (?:me |us |my (?:\w+ )?(?:card|account) )?(?:twice|double|two times|three times|more than once|again|too much|extra|the wrong)\b|\bover ?charg(?:ed|ing)\b|\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th) time (?:this|in|that|today|now|i|calling|asking|writing|contacting|trying|it)\b/, 3.5],
  // How customers of any business say they have had enough without an emotion word: things that keep failing, being
  // kept in the dark, sarcasm ("so much for next day delivery"), refusing to pay.
  [/\b(?:keeps?|kept) (?:on )?(?:dropping|cutting out|disconnecting|going down|freezing|buffering|crashing|failing|breaking|logging me out)\b|\b(?:been|is|was|are|were) (?:dropping|cutting out|disconnecting|going down|buffering)\b.{0,25}?\b(?:every|since|all day|all week|constantly|again)\b|\b(?:none|neither) of (?:them|these|those|the \w+) (?:work|works|worked|helped|arrived|fit|fits)\b|\b(?:broke|broken|ruined|messed up|screwed up) (?:everything|it all)\b/, 2.5],
  [/\bhow you treat (?:me|us|your (?:\w+ )?(?:customers|clients|members))\b|\b(?:this is|is this) what (?:i|we) (?:get|got|pay|paid)\b|\b(?:no ?one|nobody) (?:ever )?(?:told|informed|notified|warned|bothered to tell) (?:me|us)\b|\bwithout (?:telling|informing|notifying|warning|asking) (?:me|us)\b|\bwhy is it so (?:hard|difficult|complicated|impossible)\b|\bso much for\b|\b(?:not|refuse to|will not|never) (?:be )?(?:paying|pay) for\b/, 3.0],
  // Problem statements: mild on their own, amplified by intensifiers, CAPS and "!!".
  [new RegExp(UNNEGATED + String.raw`\b(?:slow|late|delayed|broken|crash(?:es|ed|ing)?|errors?|failed|fails|failing|wrong|missing|lost|damaged|stuck|overcharged|charged twice|never (?:arrived|came|received)|not (?:arrived|received|delivered)|freez(?:es|ing)|froze|glitch\w*|bug(?:gy|s)?)\b`), 1.3],
  // What is wrong with a product or service, said plainly: "we had problems", "poor sound quality", "serious flaws",
  // "it died after a week", "hard to set up", "a lack of accessories".
  [new RegExp(UNNEGATED + String.raw`\b(?:(?:many|numerous|several|lots of|a lot of|endless|constant|serious|major|big|more|had|having|has|caused|causing|nothing but) (?:\w+ )?(?:problems|issues|trouble|headaches)|flaw(?:s|ed)?|defect(?:s|ive)?|faulty|poor(?:ly)?|cheaply|flimsy|shoddy|hassle|headache|lack(?:s|ing)? (?:of|any)|(?:hard|difficult|impossible|a pain) to (?:use|read|find|turn|get|understand|navigate|set up|install|reach|hear|see)|destroy(?:ed|s)|died|stopped working|quit working|fell apart|(?:gone|going|went) downhill|disappointing|overpriced|mediocre|subpar|inferior|unreliable|unusable|worthless|annoying)\b`), 2.5],
  // Leaving, or telling others: "I'm switching to your competitor", "taking my business elsewhere", "I'll leave a 1 star
  // review" (but not "can I switch to the annual plan?" or "where can I leave a review?").
  [/\b(?:switch\w*|mov(?:e|ed|ing)|go(?:ing)?|went|chang\w*|port\w*) (?:over )?to (?:a |your |the )?(?:competitors?|competition|rivals?|(?:an ?other|other|different|new) (?:providers?|compan(?:y|ies)|banks?|carriers?|networks?|suppliers?|airlines?|services?))\b|\b(?:take|taking|took|spend|spending) (?:my|our) (?:business|money|custom) (?:elsewhere|somewhere else)\b/, 3.0],
  [/\b(?:leave|leaving|write|writing|post|posting|give|giving) (?:you )?(?:a |an )?(?:bad|negative|terrible|awful|horrible|scathing|poor|(?:1|one|zero|0|no)[- ]star) (?:review|rating|feedback)\b/, 3.5],
  // Demands, a failure every time, and not wanting the product any more: "I demand a full refund", "it crashes every
  // time I open it", "I don't want to use this anymore".
  [/\bi (?:demand|insist on|am demanding) (?:a |an |my |the |to )?(?:full |immediate |proper )?(?:refund|explanation|answer|apology|compensation|call ?back|response|money|speak|talk|manager|supervisor)\b|\b(?:crash\w*|fails|failing|freez\w*|breaks|errors? out|logs? me out|disconnects|cuts? out|drops)\b.{0,30}?\bevery (?:single )?time\b|\bdo not want to (?:use|deal with|pay for) (?:this|it|your \w+|the \w+) any ?more\b/, 3.0],
  // A promise that was broken: "it was supposed to come yesterday", "you promised me a refund".
  [/\b(?:was|were|is|are) supposed to (?:\w+ ){0,6}?(?:yesterday|last (?:week|month|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|days ago|weeks ago|ages ago|by now)\b|\b(?:you|they|your \w+|i was|we were) (?:promised|assured|guaranteed)\b/, 3.0],
  // Getting nowhere: "we're going round in circles", "you keep giving me the same answer", "a copy paste reply".
  [/\b(?:going|go|went|running|run) (?:round|around) in circles\b|\bgoing nowhere\b|\bpointless\b|\bkeep (?:giving|sending|telling|showing) me the same\b|\b(?:gave|sent|told|giving|sending) me the same (?:\w+ )?(?:again|twice|over and over)\b|\bcopy(?:-| and | )?past(?:e|ed|ing)\b|\b(?:canned|scripted) (?:response|reply|answer|message)s?\b|\bsame (?:answer|reply|response|message|link|script) (?:again|over and over|every time)\b/, 3.5],
  // Giving up on support, and support not reading: "forget it, I'll sort it out myself", "did you even read my message?"
  [/^\W*(?:forget it|do not bother|never ?mind, forget it)\b(?!\s+(?:sending|to|with|about))|\bi give up\b|\b(?:i will|i'll) (?:sort|figure|work|fix|deal with|do) (?:it|this|that)(?: out)? (?:myself|on my own|by myself)\b|\b(?:did|do|are|have|can|does) (?:you|anyone|anybody) (?:even|actually|ever) (?:read|listen|understand|look at)\w*\b|\byou (?:clearly|obviously) (?:did not|do not|have not|can not) (?:read|listen|understand)\b/, 3.5],
  // Impatience: "can you just fix it already", "hurry up".
  [/\b(?:fix|sort|solve|resolve|do|handle|process|refund|cancel|send) (?:it|this|that|this out|it out|the (?:issue|problem|refund|order))(?: out)?,? already\b|\bhurry (?:it )?up\b/, 3.5],
  // How customers of airlines, telecoms, shops, banks and streaming services say what went wrong (models/README.md).
  // What went wrong, told by how long it has lasted: "3 hours on the tarmac", "it hasn't updated in 6 days".
  [new RegExp(String.raw`\b${SOME} (?:hours?|hrs?|days?|weeks?|months?|minutes?|mins) (?:on hold|on the (?:tarmac|phone|line|runway)|in (?:a |the )?(?:line|queue)|stuck|waiting|without (?:power|internet|service|signal|heat|heating|water|a reply|an answer|a response|any))\b|\b(?:has|have|had) not (?:\w+ ){0,2}?(?:updated|arrived|moved|changed|shipped|been (?:fixed|resolved|updated|answered|processed|refunded|shipped|delivered)) (?:in|for) (?:over |more than |almost |nearly )?${SOME} (?:hours|days|weeks|months)\b|\b(?:since|for) (?:over |more than |almost |nearly )?${SOME} (?:days|weeks|months) (?:now|already)\b`), 4.0],
  // Exasperation in a word: "smh", "#fail", "come on", "this is robbery", "the last straw" (mild: Reddit uses some for fun).
  [/(?:^|[\s.,!?])(?:smh|ffs)\b|#fail\b|\bepic fail\b|\bcome on\W*$|\bunreal\W*$|\b(?:daylight |highway )?robbery\b|\bextortion\b|\bthis is theft\b|\blast straw\b/, 1.5],
  // A failure that happened before: "internet down AGAIN", "bumped me. again."
  [/\b(?:down|delayed|cancell?ed|broke|broken|crash(?:ed|es|ing)?|fail(?:ed|s|ing)|froze|freezing|frozen|late|bumped|declined|dropped|overbooked|wrong|missing|errors?|stuck)\b(?: \w+){0,6}?[ ,.!]*\bagain\b/, 3.0],
  // Given no reason: "you froze my account and won't tell me why", "not a single update", "no explanation".
  [/\b(?:will not|would not|can not|could not|refuse to|refused to|did not|does not|do not) (?:even )?(?:tell|explain|say)(?: (?:me|us))? why\b|\b(?:no ?one|nobody) (?:can|could|will|is able to|was able to) (?:explain|tell me why)\b|\bnot (?:a single|one single|even an?) (?:update|word|reply|response|answer|email|call|explanation|apology|person)\b|\bno (?:explanation|info|information|updates|apology|communication|notice)(?:\W*$|,| whatsoever| at all| given| offered)/, 4.0],
  // Nobody came: "the technician never showed up", "took a day off work for nothing".
  [/\bnever (?:showed|turned) up\b|\bno[- ]show\b|\b(?:day|days|morning|afternoon|hours?|time|trip|journey) (?:off )?(?:\w+ ){0,3}?for nothing\b|\b(?:paid|paying|waited|waiting|drove|travell?ed) (?:\w+ ){0,3}?for nothing\b/, 4.0],
  // Declared churn: "I'm done", "I'll never fly with you guys again", "we will never buy from you".
  [/\b(?:i(?:'m| am)|we(?:'re| are)) (?:so |totally |completely |just )?done(?:\W*$|[.!,]| with (?:you|your|this (?:company|service|app|bank|airline)))|\b(?:will|would|'ll) never (?:\w+ ){0,2}?(?:with|from|at|to) (?:you|your \w+|them)(?: guys)?(?: again| ever again)?\b|\b(?:will|'ll) never (?:use you|come back|recommend you)\b/, 4.0],
  // "why do you make it so hard to cancel", "why does it take so long".
  [/\bwhy (?:do|does|did) (?:you|they|it) (?:make|have to make) (?:it|this|that|everything) so (?:hard|difficult|complicated|impossible)\b|\bwhy does it (?:have to )?(?:take|be) so (?:long|hard|difficult|complicated)\b/, 4.0],
  // Chasing: "my third email about this", "I've called five times", a message that ends "no reply".
  [/\b(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th) (?:email|e-mail|message|call|request|letter|chat|tweet|dm|complaint|router|replacement|technician|agent|attempt|engineer|visit)\b|\b(?:emailed|called|messaged|written|wrote|contacted|asked|chased|phoned|rung|rang)(?: (?:you|them|your \w+))? (?:three|four|five|six|several|multiple|many|\d+) times\b|\bno (?:reply|response|answer)s?\W*$/, 4.0],
  // Money gone: "where is my money", "the money is gone", "declined for no reason".
  [/\bwhere(?:'s| is) my (?:money|refund|stuff|cash|deposit)\b|\b(?:the|my|our) money (?:is|has|was) (?:\w+ )?(?:gone|disappeared|vanished|missing|lost)\b|\b(?:declined|blocked|frozen|froze|locked|suspended|closed|cancell?ed|charged|banned|disconnected|cut off|rejected|flagged)(?: \w+){0,4}? for no (?:apparent |good )?reason\b/, 4.0],
  // Things that keep billing or failing: "you keep billing me", "buffering every 10 seconds".
  [/\b(?:keeps?|kept) (?:on )?(?:charging|billing|debiting|erroring|timing out|logging (?:me|us) out|kicking (?:me|us) out|cancell?ing)\b|\b(?:buffer\w*|freez\w*|crash\w*|drops|dropping|disconnect\w*|cuts? out|cutting out|lag\w*|restart\w*|reboot\w*|logs? (?:me|us) out|logging (?:me|us) out)(?: \w+){0,3}? every (?:\d+|few|couple of|two|five|ten) (?:seconds|secs|minutes|mins)\b/, 4.0],
  // "nothing but excuses", "he said there's nothing he can do".
  [/\b(?:nothing but|just|more|full of|another) excuses\b|\b(?:says?|said|told (?:me|us)|tells (?:me|us)) (?:that )?(?:there is |there's )?nothing (?:he|she|they|you|we) (?:can|could) do\b/, 4.0],
  [/\b(?:not happy|not satisfied|not pleased|not impressed|not ok|not okay|not fine|not good|not great|not acceptable|not helpful)\b/, 2.4],
];

/** Matches exactly when some negative rule matches (their union): most messages need no per-rule pass. */
const ANY_NEGATIVE_RULE = unionOf(NEGATIVE_RULES.map(([pattern]) => pattern));

// Sarcasm and derision that the model reads as thanks or fun ("thanks for nothing", "what a joke"): negative, and the
// positive words in them count for nothing.
const SARCASM = /\bthank(?:s|s a lot|s so much| you)? (?:for nothing|for (?:wasting|nothing but wasting) (?:my|our) time|for no help)\b|\b(?:what|such) a (?:joke|farce|circus|clown show)\b|\b(?:this|that|you|your \w+) (?:is|are) (?:a |an )?(?:complete |total |absolute |utter )?(?:joke|farce|circus|clown show)\b|\bgee,? thanks\b/;

const NEGATED_POSITIVE = new RegExp(String.raw`\bnot (?:at all |even |very |really |so |too |that |particularly |exactly )?(?:happy|satisfied|pleased|impressed|good|great|helpful|ok|okay|fine|acceptable|glad|thrilled|useful|nice|fair|right|professional)\b`);
const NEGATED_NEGATIVE = /\b(?:(?:not|never) (?:(?:been|be|being|feel|felt|get|got|gotten|had|have|has|seen|found|experienced|noticed|ever had) )?(?:too |that |so |very |all that |half |a |any |one )?(?:bad|terrible|awful|horrible|problems?|issues?|worried|upset|big deal|wrong|difficult|hard|complicated|disappointed|unhappy|hassle|complaints?)|no (?:problem|worries|big deal|complaints?|issues?)|nothing wrong|can not complain|could not be (?:happier|better))\b/;
// What is expected to happen next is not a complaint: "my parcel is supposed to arrive tomorrow", "the engineer is due
// on Friday". (Past due is: "it was supposed to come yesterday" is a broken promise, one of the rules above.)
const WEEKDAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const WHEN_NEXT = String.raw`(?:today|tonight|tomorrow|later today|this (?:afternoon|evening|week|weekend)|next (?:week|month|${WEEKDAY})|(?:on|by) (?:${WEEKDAY}|the \d+(?:st|nd|rd|th)?))`;
const FUTURE_EXPECTATION = new RegExp(
  String.raw`\b(?:is|are|am) (?:supposed|due|scheduled|expected|meant|booked|set) to (?:\w+ ){0,4}?${WHEN_NEXT}\b|\bshould (?:arrive|come|be (?:delivered|here|with me|ready)) (?:\w+ ){0,2}?${WHEN_NEXT}\b`,
);

const PROFANITY = /\b(?:fuck\w*|f\*+k\w*|shit\w*|bullshit|crap\w*|damn\w*|goddamn\w*|bloody|hell|ass|asshole\w*|bastard\w*|piss\w*|screw (?:you|this|that)|stfu|wtf)\b/;
const INTENSIFIER_WORD = /\b(?:very|extremely|really|absolutely|totally|completely|utterly|so|incredibly|super|beyond|seriously)\b/;
// Emoji and emoticons carry the mood of chat and social messages; the tokenizer drops them, so the rules read them.
const NEGATIVE_EMOJI = /(?:😡|😠|🤬|😤|😞|😟|😢|😭|😩|😫|🙄|😒|👎|💩|😣|😖|☹️?|🙁|😑|😾)|(?:^|\s)(?:>?:-?\(+|:'\(|:-?\/|:-?\||d:|>:-?\()(?=\s|$)/u;
const POSITIVE_EMOJI = /(?:😀|😃|😄|😁|😊|🙂|😍|🥰|😘|👍|🙏|❤️?|💕|💯|🎉|👏|😎)|(?:^|\s)(?::-?\)+|:-?d\b|;-?\)|<3)(?=\s|$)/u;

const POSITIVE_SUPPORT = /\b(?:thank(?:s| you)(?: so much| very much| a lot)?|much appreciated|i appreciate|that (?:worked|fixed it|helps|helped|did it|solved it)|works now|working now|problem solved|you(?:'re| are) (?:great|awesome|amazing|a star|the best)|perfect|brilliant|excellent|awesome|wonderful|fantastic)\b/;

// A customer who swears at support is frustrated (Bitext marks such variants as offensive); Reddit swears for fun
// too, so this is a strong cue, not a verdict.
const PROFANITY_WEIGHT = 2.0;

function isMostlyCaps(text: string): boolean {
  const words = text.match(/[A-Za-z]{2,}/g) ?? [];
  let caps = 0;
  let capsLetters = 0;
  for (const w of words)
    if (w === w.toUpperCase()) {
      caps++;
      capsLetters += w.length;
    }
  return (caps >= 2 && caps >= words.length * 0.6) || capsLetters >= 8;
}

/**
 * Logit offsets from the support-domain rules. `modelLeansNegative` says whether the learned model alone already
 * prefers negative over positive (CAPS and "!!!" amplify whatever the message already is).
 */
export function sentimentOffsets(text: string, modelLeansNegative: boolean): SentimentOffsets {
  const t = normalize(text);
  let negative = 0;
  let neutral = 0;
  let positive = 0;
  let best = 0;
  let sum = 0;
  if (ANY_NEGATIVE_RULE.test(t))
    for (const [pattern, weight] of NEGATIVE_RULES)
      if (pattern.test(t)) {
        best = Math.max(best, weight);
        sum += weight;
      }
  // Strongest cue counts fully, further cues add a little each (saturating).
  negative += best + Math.min(2, (sum - best) * 0.35);
  if (SARCASM.test(t)) {
    negative += 4.0;
    positive -= 6.0;
  }
  if (NEGATED_POSITIVE.test(t)) {
    negative += 1.0;
    positive -= 2.5;
  }
  if (negative === 0 && FUTURE_EXPECTATION.test(t)) neutral += 1.0;
  const rescued = NEGATED_NEGATIVE.test(t);
  if (rescued) {
    negative -= 3.0;
    neutral += 0.8;
    positive += 0.5;
  }
  if (PROFANITY.test(t)) negative += PROFANITY_WEIGHT;
  const sadFace = NEGATIVE_EMOJI.test(t);
  if (sadFace) negative += 2.0;
  if (negative > 0 && INTENSIFIER_WORD.test(t)) negative *= 1.25;
  const leansNegative = negative > 0.5 || (modelLeansNegative && !rescued);
  if (leansNegative && isMostlyCaps(text)) negative += 1.5;
  const exclamations = (text.match(/!/g) ?? []).length;
  if (leansNegative && exclamations >= 2) negative += Math.min(1.5, 0.5 * (exclamations - 1));
  if (POSITIVE_SUPPORT.test(t) && negative < 1) positive += 1.2;
  if (!sadFace && POSITIVE_EMOJI.test(t) && negative < 1) positive += 1.5;
  return { negative, neutral, positive };
}
