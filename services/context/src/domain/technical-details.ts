// Technical facts in a conversation, kept verbatim: error messages and codes, browser and operating system, product area.
import type { TechnicalDetails } from '@handoff/contracts';

const ERROR_SENTENCE = /[^.!?\n]*\b(?:error|failed|failure|exception|cannot|can't|unable to|doesn't work|not working|crash(?:es|ed)?|timed? ?out)\b[^.!?\n]*[.!?]?/gi;
const QUOTED = /["“']([^"”']{6,160})["”']/g;
const ERROR_CODES = [
  /\b(?:error|err|code|status)[\s:#-]*(\d{3,5}|[A-Z][A-Z0-9_-]{2,})\b/gi,
  /\b([A-Z]{1,4}-?\d{3,6})\b/g,
  /\b(0x[0-9a-fA-F]{4,})\b/g,
];

const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\bOPR\/(\d+)/],
  ['Firefox', /\bFirefox\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//],
];
const SYSTEMS: Array<[string, RegExp]> = [
  ['iOS', /\b(?:iPhone|iPad|iPod).*?OS (\d+)/],
  ['Android', /\bAndroid (\d+)/],
  ['Windows', /\bWindows NT (\d+\.\d+)/],
  ['macOS', /\bMac OS X (\d+[_.]\d+)/],
  ['ChromeOS', /\bCrOS\b/],
  ['Linux', /\bLinux\b/],
];
const MENTIONED_BROWSER = /\b(chrome|firefox|safari|edge|opera|brave)\b/i;
const MENTIONED_SYSTEM = /\b(windows(?: \d+)?|mac ?os|macbook|iphone|ipad|android|linux|chromebook|ios)\b/i;

function firstMatch(list: Array<[string, RegExp]>, text: string): string {
  for (const [name, pattern] of list) {
    const m = pattern.exec(text);
    if (m) return m[1] ? `${name} ${m[1].replace('_', '.')}` : name;
  }
  return '';
}

const unique = (items: string[]) => [...new Set(items.map((s) => s.trim()).filter(Boolean))];

export interface TechnicalInput {
  customerTexts: string[];
  userAgent: string;
  pageUrls: string[];
}

export function extractTechnicalDetails({ customerTexts, userAgent, pageUrls }: TechnicalInput): TechnicalDetails {
  const text = customerTexts.join('\n');
  const quoted = [...text.matchAll(QUOTED)].map((m) => m[1]!).filter((q) => /error|fail|denied|invalid|not|unable|exception/i.test(q));
  const sentences = [...text.matchAll(ERROR_SENTENCE)].map((m) => m[0]);
  const codes = ERROR_CODES.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!)).filter((c) => !/^(?:19|20)\d\d$/.test(c));
  const mentionedBrowser = MENTIONED_BROWSER.exec(text)?.[1];
  const mentionedSystem = MENTIONED_SYSTEM.exec(text)?.[1];
  const area = pageUrls.map((u) => /^[a-z]+:\/\/[^/]+\/([a-z][\w-]*)/i.exec(u)?.[1]).find((s): s is string => Boolean(s));
  return {
    errorMessages: unique([...quoted, ...sentences]).slice(0, 10),
    errorCodes: unique(codes).slice(0, 10),
    browser: firstMatch(BROWSERS, userAgent) || (mentionedBrowser ? `${mentionedBrowser[0]!.toUpperCase()}${mentionedBrowser.slice(1).toLowerCase()} (mentioned)` : ''),
    operatingSystem: firstMatch(SYSTEMS, userAgent) || (mentionedSystem ? `${mentionedSystem} (mentioned)` : ''),
    productArea: area ?? '',
  };
}
