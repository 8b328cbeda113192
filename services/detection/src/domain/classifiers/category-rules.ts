// Hand-written phrase layer for the hard (escalating) categories, combined with the learned category model in
// message-classifier.ts. The model learns the phrasings of its training sets; customers of another business say the
// same things in other words ("the exchange rate was wrong", "I don't recognise this payment"), and a model trained
// on one domain drops them into `other`. These patterns encode how customers *in general* state a billing dispute,
// a refund demand, a cancellation, a security incident, a data-privacy request, a legal threat or an enterprise
// contract matter. They were written from domain knowledge, not copied from any data set, and their precision is
// checked on the training split (see models/README.md).
//
// A question about a policy is not a demand: "what is your refund policy", "is there a cancellation fee", "how much
// do you charge for transfers" are how_to, so a policy/price question suppresses the refund, cancellation and
// billing patterns (the model still decides).
//
// Output: the first matching hard category, or undefined.

import type { Category } from '../category';
import { normalizeSpaced, unionOf } from './features';

type Rule = [Category, RegExp];

const MONEY_EVENT = String.raw`(?:charge|charges|payment|payments|transaction|transactions|debit|debits|direct debit|withdrawal|withdrawals|purchase|purchases|transfer|transfers|deduction|entry|entries|item|amount|bill)`;
const CHARGED = String.raw`(?:charged|charging|billed|billing|debited|deducted|withdrawn|overcharged)`;
const NEG = String.raw`(?:not|never)`;
// Common misspellings are part of real customer language (the model's character n-grams cover them; the rules must too).
const CANCEL = String.raw`(?:cancel\w*|cancle\w*|cansel\w*|cacel\w*|canel\w*|cancl\w*)`;
const ACCOUNT = String.raw`(?:account|acount|accout|acct|accnt|acocunt|acc)`;
const CANCELLABLE = String.raw`(?:table|line|phone plan|broadband|subscription|subscriptions|subscripton|subcription|${ACCOUNT}|accounts|orders?|ordr|membership|plan|contract|booking|reservation|transfer|transaction|payment|service|purchases?|trial|renewal|auto-?renewal|policy|standing order|direct debit|scheduled payment|recurring payment)`;

const RULES: Rule[] = [
  // ---- security: someone else has the account, the card or the money --------------------------------------------
  ['security', /\b(?:(?:been|was|were|got|get|is|are|being) hacked|hack(?:ed|ing)? (?:into )?(?:my|our)|(?:account|card|details|password|email|e-mail|phone|profile|login|data) (?:(?:was|were|has been|have been|is|are|got|may have been|might have been|might be|may be) )?compromised|phish(?:ing|ed)|identity theft|stolen identity|account takeover)\b/],
  ['security', /\b(?:fraudulent(?:ly)? \w+|fraud (?:on|alert|department|team|case)|(?:report|reporting|victim of|suspect|suspected|possible|case of) (?:a |some |credit card |card )?(?:fraud|scam)|(?:was|were|been|got|get|being) scammed|(?:is|was) (?:this|it|that) (?:a )?(?:fraud|scam))\b/],
  ['security', /\b(?:(?:card|cards|phone|wallet|purse|identity|password|account|details|credentials|money|bag|laptop|device|passport|id)s? (?:(?:was|were|has been|have been|got|is|are|had been) )?(?:stolen|nicked|taken)|stole (?:my|our) (?:\w+ )?(?:card|cards|wallet|purse|phone|identity|password|details|money|cash|account|bag|laptop|credentials|data|information|funds)|stolen (?:card|phone|wallet|credit|debit|identity|password|credentials|details|bank)|identity theft)\b/],
  ['security', /\blost (?:my |our )?(?:\w+ )?(?:card|wallet|purse|credit card|debit card|bank card)\b/],
  ['security', /\b(?:some ?one|somebody|a stranger|an unknown person|a third party) (?:else )?(?:has |have |had |is |was |must have |might have |may have )?(?:(?:used|using|accessed|accessing|spent|withdrew|withdrawn|took|taken|stole|stolen|hacked|changed|charged) (?:money from |cash from |funds from )?(?:my|our)|(?:logged|logging|signed|signing|got|gotten|broke|breaking) (?:in ?to|into|in on) (?:my|our)|made (?:a |some )?(?:purchase|payment|transaction|withdrawal)s? (?:on|with|from) (?:my|our))\b/],
  // Someone else spending what is the customer's: "someone's booked flights with my air miles", "someone is making a
  // claim on my policy"; a scammer who took the money: "the seller disappeared with my money".
  ['security', /\b(?:some ?one|somebody|a stranger)(?:'s| has| is| else| have| had)* (?:\w+ )?(?:booked|booking|ordered|ordering|bought|buying|claimed|claiming|redeemed|redeeming|spent|spending|made|making|opened|opening|applied for|transferred) (?:\w+ ){0,3}(?:on|with|using|from|against|under|in) (?:my|our) (?:\w+ )?(?:policy|account|card|miles|points|details|name|identity|credit|number|balance|rewards|voucher|gift card)\b|\b(?:disappeared|vanished|ran off|run off|made off|gone) (?:along )?with (?:my|our|the|all (?:of )?(?:my|our|the)) (?:money|cash|payment|deposit|funds)\b/],
  ['security', /\b(?:suspicious|unusual|strange|unknown|unrecogni[sz]ed) (?:login|log-in|log in|sign-in|sign in|activity|access|device|email|e-mail|text|message|call)s?\b/],
  ['security', /\b(?:freeze|block|lock|disable|suspend) (?:my|the|our) (?:\w+ )?(?:card|account|cards)\b.{0,40}\b(?:immediately|right (?:now|away)|asap|urgent|someone|stolen|lost|fraud)\b|\b(?:freeze|block) (?:my|the|our) (?:\w+ )?(?:card|account|cards)\b/],
  ['security', /\b(?:put|place) (?:a )?(?:hold|block|freeze|stop) on (?:my|our|the) (?:\w+ ){0,2}(?:cards?|accounts?)\b|\bstop (?:all |any )?(?:future |further )?(?:transactions|payments|withdrawals|processing|activity) (?:on|from|in) (?:my|our) (?:\w+ ){0,2}(?:cards?|accounts?)\b|\b(?:want|need|like|have|get) (?:my|our|the) (?:\w+ ){0,2}(?:cards?|accounts?) (?:blocked|frozen|locked|deactivated|suspended)\b|\b(?:my|our) (?:\w+ ){0,2}(?:cards?|accounts?) (?:must|should|needs to|need to|has to) be (?:blocked|frozen|locked|deactivated|suspended)\b/],
  ['security', /\b(?:can not|could not|unable to) find (?:my|our) (?:\w+ )?(?:card|phone|wallet|purse)\b|\b(?:my|our) (?:\w+ )?(?:card|phone|wallet|purse) (?:is|was|has gone|went|has been|got) missing\b|\b(?:misplaced|lost) (?:my|our) (?:\w+ )?(?:phone|mobile)\b|\b(?:got|was|been|were) (?:mugged|robbed|pickpocketed)\b|\b(?:things|stuff|belongings|bag|everything) (?:was|were|got|has been|have been) stolen\b/],
  ['security', /\b(?:some ?one|somebody) (?:else )?(?:may be|might be|could be|is|has been) (?:using|accessing|spending from) (?:my|our)\b|\bno longer have (?:my|our) (?:\w+ )?(?:phone|card|wallet|purse)\b|\b(?:card|phone|wallet|purse)\b.{0,30}?\b(?:now )?(?:it is |it's |its |is )missing\b/],
  ['security', /\b(?:password|pin|e-?mail|login|phone number|address|account details)\b.{0,40}?\b(?:changed|reset|updated|modified)\b.{0,30}?\b(?:did not|never|was not me|not me|not by me)\b/],
  ['security', /\b(?:opened|created|set up|took out|applied for|registered) (?:a |an |some )?(?:\w+ )?(?:account|loan|card|credit card|phone line|contract|mortgage)s? in (?:my|our) name\b/],
  // Phishing told as what happened: "I clicked a link in an email that looked like yours and entered my details".
  ['security', /\b(?:clicked|opened|tapped|followed) (?:on )?(?:a|an|the|this|that) (?:\w+ ){0,2}link\b.{0,80}?\b(?:entered|gave|typed|put in|filled in|shared) (?:in )?(?:my|our) (?:\w+ )?(?:details|password|pin|card|login|information|info|credentials|bank)\b/],
  ['security', /\bwas not me\b|\bit was not me\b|\bi (?:did not|never) (?:log|sign)(?:ged)? in\b/],
  // ---- billing dispute: an amount, fee, rate or charge the customer says is wrong or not theirs --------------------
  ['billing_dispute', /\b(?:charged|billed|debited|paid|charging|billing) (?:me |us )?(?:twice|two times|double|2 times|three times|multiple times|more than once|again for|for the same)\b/],
  ['billing_dispute', /\b(?:double|duplicate|duplicated|repeated|multiple) (?:charge|charges|charging|payment|payments|billing|transaction|transactions|debit)s?\b/],
  ['billing_dispute', /\b(?:over ?charg(?:ed|ing|e)|over-charg(?:ed|ing|e)|over ?bill(?:ed|ing))\b/],
  ['billing_dispute', /\b(?:extra|additional|hidden|unexpected|unexplained|unknown|unfair|wrong|incorrect|mysterious|strange|random|surprise|weird|excessive|unauthori[sz]ed) (?:fee|fees|charge|charges|cost|costs|amount|surcharge|commission)\b/],
  ['billing_dispute', new RegExp(String.raw`\b(?:do not|did not|can not|could not|never) (?:recogni[sz]e|know|remember|make|made|authori[sz]e|approve|order|buy|sign up for|agree to)(?: (?:this|that|these|the|a|an|some|one|my|of the|one of the))? (?:\w+ )?${MONEY_EVENT}\b`)],
  ['billing_dispute', new RegExp(String.raw`\b${MONEY_EVENT} (?:that |which )?(?:i |we )?(?:do|did|have|had|can)? ?${NEG} (?:recogni[sz]e|know|remember|make|made|authori[sz]e|approve|order|buy|agree to)\b`)],
  ['billing_dispute', new RegExp(String.raw`\b(?:unrecogni[sz]ed|unknown|unauthori[sz]ed|unfamiliar|unidentified|strange|weird|suspicious) (?:\w+ )?${MONEY_EVENT}\b`)],
  ['billing_dispute', /\b(?:wrong|incorrect|bad|poor|unfair|terrible|awful|different) (?:exchange|conversion|currency|fx) rate\b|\b(?:exchange|conversion) rate\b.{0,40}?\b(?:was|is|seems|looks|were|are) (?:\w+ )?(?:wrong|incorrect|off|too high|too low|bad|terrible|unfair|not (?:right|correct))\b/],
  ['billing_dispute', new RegExp(String.raw`\b(?:wrong|incorrect|different|higher|larger|bigger) (?:amount|price|total|sum)\b|\b(?:the )?amount (?:is|was) (?:wrong|incorrect|different|higher|not right)\b|\b${CHARGED} (?:me |us )?(?:the )?(?:wrong|too much|more|extra|an extra|incorrect)\b`)],
  ['billing_dispute', /\b(?:atm|cash machine|machine|cashpoint) (?:only )?(?:gave|dispensed|gave out|paid out|spat out) (?:me )?(?:less|the wrong|not enough|only|fewer)\b|\b(?:received|got|get|gotten) (?:less|fewer|the wrong amount|not enough|only part)(?: cash| money| of the money| of the cash)? (?:than|from|out)\b|\b(?:did not|never) (?:get|receive) (?:all|the full|the right amount|the correct amount|all of) (?:of )?(?:my |the )?(?:cash|money)\b/],
  ['billing_dispute', new RegExp(String.raw`\bwhy (?:was|were|am|have|has|did|is|do|does) (?:i|we|my|our|you|there|it|this)\b.{0,40}\b(?:charged|billed|debited|fee|fees|charge|charging|deducted|overcharged)\b`)],
  ['billing_dispute', new RegExp(String.raw`\b(?:fee|fees|charge|commission|surcharge)s? (?:was |were |has been |have been |got |is being )?(?:charged|applied|added|taken|deducted|debited)\b.{0,30}\b(?:why|should not|shouldn't|not supposed|wrong|without|never|did not|free|no fee)\b|\b(?:charged|billed) (?:me |us )?(?:a |an )?(?:\w+ )?(?:fee|fees|commission|surcharge)\b`)],
  ['billing_dispute', new RegExp(String.raw`\b(?:still|keep|keeps|kept) (?:being |getting )?${CHARGED}\b|\b${CHARGED} (?:me |us )?(?:after|even though|although|despite)\b|\b(?:should not|shouldn't|should never) have been ${CHARGED}\b|\b${CHARGED} (?:me |us )?(?:by mistake|in error|wrongly|incorrectly|for nothing|for something i)\b`)],
  ['billing_dispute', new RegExp(String.raw`\b${MONEY_EVENT}s?\b.{0,40}?\b(?:i|we) (?:did|do|have|had) not (?:make|made|do|done|authori[sz]e|authori[sz]ed|set up|perform|performed|recogni[sz]e|approve|approved|order|request|requested)\b|\b(?:not|never) (?:made|done|authori[sz]ed|performed) by (?:me|us)\b`)],
  ['billing_dispute', new RegExp(String.raw`\b${MONEY_EVENT}s?\b.{0,40}?\b(?:show(?:s|ing|ed)?|appear(?:s|ing|ed)?|listed|came through|went through|gone through|taken|processed) (?:up )?(?:twice|more than once|multiple times|two times|double|several times)\b`)],
  ['billing_dispute', /\b(?:exchange rate|rate of exchange|conversion rate|rate)\b.{0,40}?\b(?:not (?:look |seem |be )?(?:right|correct|accurate|fair)|incorrect|mistake|different than|different from|worse than|typed in wrong)\b|\bmistake (?:on|in|with) (?:my |the )?(?:exchange |conversion )?rate\b/],
  ['billing_dispute', /\b(?:did not|didn't|never) (?:i |we )?(?:give|get|receive|dispense) (?:me )?(?:the |all |my )?(?:right |correct |full |whole )?(?:amount|cash|money)\b.{0,30}\b(?:asked|requested|withdr\w*|atm|machine)\b|\bnot given the (?:full |right |correct )?amount\b|\brest of (?:my|the) (?:cash|money)\b.{0,20}\batm\b/],
  ['billing_dispute', /\bwhy (?:was|were|is|are|has|have|did) (?:a|an|this|that|the|these|those|there a|there an|there)? ?(?:\w+ )?(?:fee|fees|charge|charges|surcharge)\b.{0,30}\b(?:charged|added|taken|applied|deducted|on my)\b|\bwhat is this (?:\w+ )?(?:fee|charge|payment|transaction|withdrawal|debit|deduction)\b|\b(?:need|want|like|wish|going) to (?:dispute|contest|challenge)\b/],
  ['billing_dispute', /\b(?:exchange rate|rate of exchange|conversion rate|currency rate|fx rate)s?\b.{0,40}?\b(?:wrong|terrible|awful|unfair|too high|too low|error)\b|\b(?:got|have|had|put|typed|entered|applied|used) (?:the |a |an )?(?:exchange |conversion |currency )?rates? (?:in )?wrong\b|\b(?:did not|never) (?:get|receive|give me) the (?:correct|right|proper|real|actual) (?:exchange |conversion )?rate\b/],
  ['billing_dispute', /\b(?:gave|give|given|dispensed|paid out) (?:me )?(?:only |just )?(?:\$|£|€)?\d+(?: \w+)? (?:instead of|when i|but i|even though|out of)\b|\b(?:gave|give|dispensed|paid out) (?:me )?less than\b|\b(?:did not|never) (?:give|dispense|pay out) (?:me )?(?:all|the full|the right|the correct|enough|as much)\b|\bwithdrawal (?:was|is) short\b|\bwas only given\b/],
  ['billing_dispute', new RegExp(String.raw`\b(?:why|reason for|explain) (?:was |is |are |were |has |have |did )?(?:there )?(?:a |an |the |this |that |these |some )?(?:\w+ )?(?:fee|fees|charge|charges)\b.{0,30}?\b(?:on|for|added to|to|in) (?:my|the|this|a|that) (?:\w+ )?(?:transfer|payment|statement|account|card|withdrawal|transaction)s?\b|\b(?:fee|fees|charge|charges) that (?:should not|shouldn't) be\b|\b(?:have|got|see|noticed|there is) (?:a |an |this |some )?(?:\w+ )?(?:fee|charge)s?\b.{0,20}?\b(?:but why|should not|was told|were free|was free|thought)\b|\b(?:${MONEY_EVENT}s?|cash|money)\b.{0,50}?\b(?:(?:it'?s|is|are|was|were) not mine|not by me)\b|\b(?:do not|did not|can not) (?:remember|recall) (?:initiating|making|doing|authori[sz]ing|setting up|ordering|buying)\b|\b(?:that|which) i (?:did not|never) (?:authori[sz]e|initiate)\b|\b${MONEY_EVENT}s? (?:that |which )?i (?:have |had )?never seen\b|\b(?:mysterious|odd|random|unfamiliar) (?:\w+ )?${MONEY_EVENT}s?\b|\b(?:money|cash|funds) (?:is |are )?missing\b|\b(?:cash|money) i (?:did not|never) (?:get|take|withdraw|receive)\b|\bi did not take out\b`)],
  // Any business's bill: a promised discount missing, paying for what was never ordered, billed for the wrong plan,
  // a price rise nobody announced.
  ['billing_dispute', /\b(?:discount|promotion|promo|credit|deal|offer|price) (?:that )?(?:i was promised |we were promised )?(?:is not|was not|has not been|never|is missing|was never) (?:on|applied|showing|reflected|included|honou?red|given)\b|\bwhy (?:am|are|was|were|do|did) (?:i|we) (?:paying|being charged|being billed) for\b|\b(?:paying|charged|billed) for (?:\w+ ){0,4}(?:i|we) (?:never|did not) (?:order|ordered|use|used|sign up for|signed up for|ask for|asked for|want|wanted|agree to|agreed to)\b|\b(?:charged|billed|charging|billing) (?:me|us) for (?:the |a |an )?(?:\w+ ){0,3}(?:but|even though|although|while) (?:i|we)\b|\b(?:price|prices|bill|fee|fees|rate|subscription|plan|cost)s? (?:went up|increased|has gone up|have gone up|doubled|jumped|rose)\b.{0,30}?\b(?:without|no) (?:any )?(?:notice|warning|notification|telling|explanation|reason)\b|\b(?:raised|increased|doubled) (?:my|the|our) (?:price|bill|rate|fee|subscription)s? without\b/],
  ['billing_dispute', /\bstop (?:charging|billing|debiting|taking money from) (?:me|us|(?:my|our) (?:card|account|bank))\b|\b(?:charged|billed|paying|charging) (?:me |us )?for (?:a |an |the )?(?:\w+ ){0,3}(?:i|we) (?:already )?(?:cancell?ed|returned|sent back|closed)\b|\bcharge (?:it|this|that) back\b|\b(?:never|did not) sign(?:ed)? up for (?:this|that|it|any of this)\b|\bwhy (?:did|has|is|does) (?:my|the|our) (?:\w+ )?(?:bill|invoice|statement|price|premium|payment) (?:suddenly )?(?:double|doubled|triple|tripled|go up|gone up|going up|increase|increased|jump|jumped|so high|higher)\b|\b(?:mistake|error|errors|mistakes) (?:on|in) (?:my|the|our|this) (?:\w+ )?(?:bill|invoice|statement)\b(?! (?:payment|page|pay|screen|section|form))/],
  ['billing_dispute', /\b(?:dispute|contest|challenge|query|querying|disputing) (?:a |the |this |that |my |an )?(?:\w+ )?(?:charge|payment|transaction|bill|invoice|fee|debit)s?\b|\bcharge ?back\b/],
  ['billing_dispute', /\b(?:bill|invoice|statement) (?:is|was|seems|looks) (?:wrong|incorrect|too high|higher|off|inflated|not right)\b/],
  // "took 2 payments for the same order", "my bill is triple what it normally is", a bill the insurer already paid.
  ['billing_dispute', /\b(?:took|taken|taking|charged|debited|made|processed|collected) (?:me |us )?(?:2|two|3|three|both) (?:separate |different )?(?:payments|charges|debits|transactions|amounts) for (?:the same|one|a single|my)\b|\b(?:bill|invoice|statement|premium|charge)s?\b.{0,40}?\b(?:double|triple|twice|three times|four times|much more than) (?:what (?:it|i|we) (?:normally|usually|typically) (?:is|are|pay)|the (?:normal|usual) (?:amount|bill))\b|\b(?:bill|billed|invoice|invoiced|charged|charging)\b.{0,60}?\b(?:insurance|insurer|plan) (?:has |had )?(?:already )?(?:covered|paid)\b/],
  // ---- refund: the customer wants money back, or is waiting for a refund --------------------------------------------
  ['refund', /\b(?:refund\w*|refnd\w*|refudn\w*|reufnd\w*|rfund\w*|reimb\w*|reinburs\w*|rembours\w*|money back|(?:my|the) money (?:returned|refunded)|return (?:of )?(?:my|the) (?:money|payment|funds)|give (?:me )?back (?:my|the) money|get back my money|credit (?:me|my account) back|(?:my|our|the) deposit back)\b/],
  ['refund', /\b(?:credit|compensate|reimburse) (?:me|us|my account|our account) for\b|\b(?:service )?credits? for (?:the )?(?:outage|downtime|disruption|inconvenience)\b/],
  // Other words for money back: restitution, rebate, compensation ("I expect a restitution of $12").
  ['refund', /\b(?:restitu\w*|rebat\w*|compens\w*|compes\w*) (?:of|for) (?:my |the |our |\$|\d|money)|\b(?:ask|asking|demand|demanding|claim|claiming|request|requesting|obtain|obtaining|get|getting|receive|receiving|expect|expecting|waiting for|want|need) (?:a |an |some |my |the |for )?(?:\w+ )?(?:restitu\w*|rebat\w*|compens\w*)\b|\b(?:news|update|status) (?:on|of|about) (?:my|the) (?:restitu\w*|rebat\w*|compens\w*)\b/],
  // ---- cancellation: end a subscription, account, order, booking or payment -----------------------------------------
  ['cancellation', new RegExp(String.raw`\b(?:${CANCEL}|terminat(?:e|ed|ing|ion)|end|stop|discontinue|quit) (?:of )?(?:my|the|our|this|that|an?|your|his|her|all)? ?(?:\w+ ){0,2}${CANCELLABLE}\b`)],
  ['cancellation', new RegExp(String.raw`\b${CANCEL} (?:my|our|this|that) (?:\w+ ){0,3}(?:flights?|trips?|tickets?|appointments?|stay|hotel|room)\b`)],
  ['cancellation', new RegExp(String.raw`\b(?:close|closing|clos|delete|deleting|delet|dlete|delte|remove|removing|deactivate|deactivating|shut down|shut|get rid of|erase) (?:down )?(?:my|our|the|this|an?) (?:\w+ ){0,2}(?:${ACCOUNT}|profile|membership|subscription)\b`)],
  ['cancellation', new RegExp(String.raw`\b${ACCOUNT} (?:removal|deletion|termination|terminatoin|closure|closing|cancell?ation)s?\b|\b(?:removal|deletion|termination|closure|closing|cancell?ation) of (?:my|the|a|an|our|this) (?:\w+ )?${ACCOUNT}\b|\bclosing (?:my |our |the |a |an )?(?:\w+ )?${ACCOUNT}\b`)],
  ['cancellation', /\breverse (?:a |the |my |this |that )?(?:\w+ )?(?:transfer|payment|transaction)s?\b|\b(?:transfer|payment|transaction|order|subscription|booking|reservation)s? (?:\w+ )?(?:needs|need|has|have) to be (?:cancell?ed|stopped|reversed)\b|\bno longer (?:want|wish) to be (?:a |your )?(?:customer|member|client|subscriber)\b/],
  ['cancellation', /\b(?:scrap|forget|unreserve|call off|get rid of)(?: about)? (?:my |the |that |this |our )?(?:\w+ ){0,2}(?:reservations?|bookings?|appointments?|table)\b/],
  ['cancellation', new RegExp(String.raw`\b(?:revert|undo|recall) (?:a |the |my |this |that )?(?:\w+ )?(?:transfer|payment|transaction)s?\b|\bno longer (?:want|need) (?:this|my|the|our) (?:\w+ )?(?:${ACCOUNT}|subscription|membership)\b|\b(?:sent|made|transferred|paid|wired) (?:\w+ ){0,4}(?:to|into) (?:the )?wrong (?:account|person|recipient|iban|payee|beneficiary)\b`)],
  ['cancellation', /\b(?:switch|switching|move|moving|port|porting|go|going) (?:over )?to (?:another|a different|a new|a competitor|a cheaper|the other|your competitor|one of your competitors) (?:provider|company|carrier|network|bank|supplier|service|operator)\b|\b(?:leave|leaving) (?:you|your (?:company|service|network|bank))\b|\bhow (?:do|can) (?:i|we) leave(?:\W*$| (?:you|your|the (?:service|company|network|contract|plan|bank)))/],
  ['cancellation', /\b(?:do not|no longer) (?:want|need) (?:this|the|your|my|our) (?:\w+ )?(?:service|subscription|plan|membership|account|contract|line|package)(?: (?:anymore|any more|any longer))?\b|\bwant (?:to get )?out of (?:my|the|this|our) (?:\w+ )?(?:contract|plan|subscription|agreement|membership|lease)\b|\b(?:i am|i'm|we are|we're) done with (?:you|your (?:company|service|business|bank))\b|\bclose (?:everything|it all|all my accounts)\b/],
  ['cancellation', /\b(?:put in|submit|make|request|process|file) (?:a |the |my |for )?cancell?ation\b|\b(?:remove|drop|delete) (?:my|the|our|this|that) (?:\w+ )?(?:reservation|booking|appointment)s?\b|\b(?:reservation|booking|appointment|subscription|membership|order)s? (?:is|are) no longer (?:needed|required|wanted)\b/],
  ['cancellation', new RegExp(String.raw`\b(?:unsubscribe|opt out) (?:me )?from (?:the |your |this )?(?:service|plan|membership|subscription)\b|\b(?:want|would like|need|going|like|help me|how (?:do|can|could) i|how to) (?:to )?(?:${CANCEL}|unsubscribe|terminate)\b|^\W*${CANCEL}(?: it| that| this)?(?: please| now)?\W*$`)],
  // ---- data privacy ---------------------------------------------------------------------------------------------------
  ['data_privacy', /\b(?:gdpr|ccpa|data protection|right to (?:be forgotten|erasure|access)|subject access request|data access request|dsar|privacy (?:breach|violation|complaint|rights|concern)|data (?:breach|leak))\b/],
  // "How did a third-party company get my phone number? They said they got it from you."
  ['data_privacy', /\bhow (?:did|does|do|could|can|has|have) (?!i |we )(?:a |an |the |this |that |these |some )?(?:[\w'-]+ ){0,3}(?:get|got|gotten|obtain|obtained|find|found|have|access) (?:hold of )?(?:my|our) (?:\w+ )?(?:phone number|number|email|e-mail|address|details|data|information|info|contact details)\b|\bgot (?:my|our) (?:\w+ )?(?:number|email|e-mail|address|details|data|information)\b.{0,30}?\bfrom (?:you|your (?:company|website|app|database))\b/],
  ['data_privacy', /\b(?:delete|erase|remove|wipe|purge) (?:everything|all|anything|whatever) (?:that )?(?:you have|you hold|you keep|you store|you have got|you've got) (?:on|about) (?:me|us)\b|\bwhy do you have my (?:\w+ )?(?:address|number|data|details|information|email)\b/],
  ['data_privacy', /\b(?:delete|erase|remove|wipe|purge) (?:all )?(?:of )?(?:my|our|the) (?:personal |private |customer )?(?:data|information|info|details|records|history)\b|\b(?:copy|export|download) of (?:all )?(?:my|our|the) (?:personal )?(?:data|information)\b|\b(?:what|which) (?:personal )?(?:data|information) (?:do you|you) (?:have|hold|keep|store|collect) (?:about|on) (?:me|us)\b|\b(?:sell|sold|selling|share|shared|sharing) (?:my|our|customer|customers'?|personal) (?:data|information|details)\b/],
  // ---- legal ------------------------------------------------------------------------------------------------------------
  ['legal', /\b(?:(?:my|our) (?:lawyer|attorney|solicitor|legal (?:team|counsel|advisor|representative))s?|(?:contact|call|consult|get|hire|involve|speak to|talk to|speaking to|talking to|contacting|consulting|getting) (?:a |an |my |our )?(?:lawyer|attorney|solicitor)s?|legal (?:action|proceedings|steps|claim|notice)|lawsuit|law suit|class action|small claims|(?:sue|suing) (?:you|your|the company)|take (?:you|this|your company) to court|see you in court|court order|subpoena|cease and desist|ombudsman|trading standards|consumer (?:protection|rights) (?:agency|authority|bureau|office|body)|better business bureau|breach of contract|report you to the|personal injury|(?:negligence|injury) claim|legal (?:documents?|papers?)|serv(?:e|ed|ing|ice of) (?:you |your company )?(?:with )?(?:legal )?(?:papers|documents|proceedings|a claim))\b/],
  // ---- enterprise contract ----------------------------------------------------------------------------------------------
  ['enterprise_contract', /\b(?:enterprise (?:plan|contract|agreement|licen[cs]e|tier|pricing|account|deal|customer|subscription)|master (?:services? )?agreement|service level agreement|volume (?:discount|licen[cs]ing|pricing)|procurement|purchase order|(?:\d+|hundreds of|thousands of) (?:seats|licen[cs]es|users)|(?:our|the) (?:company|organi[sz]ation|corporate)(?:'s)? (?:contract|agreement|licen[cs]e|renewal))\b/],
  // Business terms: "your SLA", "net-60 terms", "a PO number on our invoices", "a policy covering our 60 company vans".
  ['enterprise_contract', /\b(?:slas?|uptime (?:guarantee|commitment)|service credits? (?:for|if|under|in)|net[- ]?(?:15|30|45|60|90)(?: days)?(?: terms| payment terms)?|po number|po numbers|payment terms|annual invoic\w*|(?:fleet|workforce) of (?:\d{2,}|dozens|hundreds)|(?:for|across|covering|cover) (?:our |all (?:of )?our |all )?(?:\d{2,}|dozens of|hundreds of) (?:of (?:our|the) )?(?:company |business )?(?:vans|vehicles|cars|trucks|employees|staff|locations|sites|stores|branches|offices|devices))\b/],
];

// "policy" / "guarantee" and their common misspellings ("poilcy", "polciy", "guarentee").
const POLICY_WORD = String.raw`(?:polic\w*|pol\w{1,3}y|p\w?o\w?l\w{1,3}y|oplicy|plicy|guar\w*t\w*e\w*)`;
const REFUND_WORD = String.raw`(?:refund\w*|reimb\w*|money ?back|return)`;

// "In which cases can I get a refund", "how long do reimbursements take": both kinds of policy question below.
const WHEN_OR_HOW_LONG_REFUNDS = String.raw`(?:in|under) (?:which|what) (?:cases?|situations?|circumstances|conditions)|how long (?:do |does |will |would |can )?(?:\w+ ){0,3}(?:refunds|reimbursements) (?:usually |normally |generally )?(?:take|last)`;

// A question about a policy, a price or a fee is how_to, not a demand or a dispute. Suppresses refund, cancellation
// and billing_dispute patterns (not security, legal, data privacy, enterprise).
const POLICY_QUESTION = new RegExp(String.raw`\b(?:what happens (?:if|when) (?:i|we) (?:cancel|return|ask for a refund|request a refund)|${POLICY_WORD}|terms and conditions|${WHEN_OR_HOW_LONG_REFUNDS}|refundable|reimbursable|eligib(?:le|ility)|guarantee|cancell?ation (?:fee|fees|charge|charges|penalty|penalties|period|terms)|(?:is|are) there (?:a |any )?(?:fee|fees|charge|charges|penalty|cost)|how much (?:is|are|does|do|will|would)|what (?:is|are|will be) the (?:fee|fees|charges?|cost)|do you (?:charge|offer|give|do|provide|accept)|will (?:i|we|you|there) (?:be )?(?:charged|charge)|(?:can|could|may|do|would|will) i (?:still )?(?:get|ask for|request|receive) a (?:full |partial )?refund (?:if|when|after|in case)|in case (?:i|we) (?:cancel|return)|how (?:long|many days) (?:\w+ ){0,3}refunds? (?:usually |normally |generally )?take|any (?:hidden |extra |additional )*(?:fees?|charges?)|will (?:i|we|you|there) (?:get |be )?(?:charged|charge)|(?:get|receive) an? (?:\w+ )?refund if|how long (?:do|does|will|would) (?:\w+ ){0,4}refunds (?:usually |normally )?take|how long does it (?:usually |normally )?take to (?:get|receive) a refund)\b`);

const DEMAND_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['refund', 'cancellation', 'billing_dispute']);

// Uses, not demands: "use my refund to ...", a newsletter or e-mail list subscription (account management).
const NOT_CANCELLATION = /\b(?:newslet\w*|mailing list|e-?mails?|marketing|notifications?|promotions?)\b/;

// A question about what the policy is (not a request to apply it): the model's refund / cancellation becomes how_to.
const STRONG_POLICY_QUESTION = new RegExp(String.raw`\b(?:what happens (?:if|when) (?:i|we) (?:cancel|return|ask for a refund|request a refund)|(?:${REFUND_WORD}|cancell?ation) ${POLICY_WORD}|(?:do|does) (?:you|your company|the company) (?:offer|give|provide|do|allow|accept) (?:any )?(?:\w+ )?(?:refunds?|rebates?|reimbursements?|money ?back|cancell?ations?)\b|${WHEN_OR_HOW_LONG_REFUNDS}|(?:is|are) (?:it|this|they|these|my \w+|the \w+|\w+ of \w+)? ?(?:refundable|reimbursable)|cancell?ation (?:fee|fees|charge|charges|penalty|penalties|period|terms)|(?:get|receive) an? (?:\w+ )?refund if|how long (?:do|does|will|would) (?:\w+ ){0,4}refunds (?:usually |normally )?take|how long does it (?:usually |normally )?take to (?:get|receive) a refund)\b`);

/** "What is your refund policy", "is there a cancellation fee": a question about a policy, not a demand. */
export function isPolicyQuestion(text: string): boolean {
  return STRONG_POLICY_QUESTION.test(normalizeSpaced(text));
}

// "Is there a fee for paying by card?", "are there charges for cash withdrawals?": asking what a fee is, not disputing
// one. Not when the customer has been charged or points at a charge ("why", "twice", "on my statement").
const FEE_QUESTION = /\b(?:(?:is|are) there (?:a |any )?(?:\w+ )?(?:fees?|charges?|costs?)|do you (?:charge|take a fee)|does it cost|how much (?:is|are|does|do|will) (?:it|the|a|an|you|\w+)(?: \w+)? (?:cost|charge|fees?)|what (?:is|are) (?:the|your) (?:\w+ )?(?:fees?|charges?) (?:for|on|to|of|if|when)|will (?:i|we) (?:be|get) charged)\b/;
const POINTS_AT_A_CHARGE = /\b(?:why|twice|double|wrong|incorrect|not|never|unauthori[sz]ed|refund|back|dispute|extra|again|already|charged (?:me|us)|(?:was|were|been|got|get) charged|on (?:my|our|the) (?:statement|account|bill|card))\b/;

/** "Is there a fee for card payments?": a question about a price, which the model's billing_dispute must not become. */
export function isFeeQuestion(text: string): boolean {
  const t = normalizeSpaced(text);
  return FEE_QUESTION.test(t) && !POINTS_AT_A_CHARGE.test(t);
}

/** Matches exactly when some rule matches: one pass rules out the ~90% of messages that match none. */
const ANY_RULE = unionOf(RULES.map(([, pattern]) => pattern));

/** The hard category the phrase rules assign to `text`, if any. */
export function hardCategoryRule(text: string): Category | undefined {
  const t = normalizeSpaced(text);
  if (!ANY_RULE.test(t)) return undefined;
  const question = POLICY_QUESTION.test(t);
  for (const [category, pattern] of RULES) {
    if (question && DEMAND_CATEGORIES.has(category)) continue;
    if (category === 'cancellation' && NOT_CANCELLATION.test(t)) continue;
    if (pattern.test(t)) return category;
  }
  return undefined;
}
