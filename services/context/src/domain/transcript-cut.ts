// Keeps a package's transcript within a documented size: the first message (how it started) and the most recent ones,
// with a marked cut between them. Storage keeps every message; GetTranscript returns them all.
import { Role, type TranscriptCut, type TranscriptEntry } from '@handoff/contracts';

export function cutTranscript(transcript: TranscriptEntry[], maxMessages: number): { transcript: TranscriptEntry[]; cut: TranscriptCut | undefined } {
  if (transcript.length <= maxMessages) return { transcript, cut: undefined };
  const recent = transcript.slice(-(maxMessages - 1));
  const omitted = transcript.length - recent.length - 1;
  const marker: TranscriptEntry = {
    messageId: 'transcript-cut',
    role: Role.ROLE_SYSTEM,
    text: `… ${omitted} message${omitted === 1 ? '' : 's'} left out here; the full transcript has ${transcript.length} (GetTranscript) …`,
    at: recent[0]?.at,
    botConfidence: undefined,
    botIntent: '',
  };
  return {
    transcript: [transcript[0]!, marker, ...recent],
    cut: { totalMessages: transcript.length, includedMessages: recent.length + 1, omittedMessages: omitted },
  };
}
