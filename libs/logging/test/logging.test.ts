import { Writable } from 'node:stream';
import { createLogger, redactText } from '../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, destination };
}

describe('redactText', () => {
  it('removes e-mail addresses, card numbers and phone numbers', () => {
    const out = redactText('mail jane.doe@example.com card 4111 1111 1111 1111 phone +1 415-555-0132 order 12345');
    expect(out).not.toContain('jane.doe@example.com');
    expect(out).not.toContain('4111 1111 1111 1111');
    expect(out).not.toContain('555-0132');
    expect(out).toContain('order 12345');
  });

  it('leaves long numbers that are not card numbers', () => {
    expect(redactText('invoice 1234567890123')).toContain('1234567890123');
  });
});

describe('createLogger', () => {
  it('writes JSON with the service name and redacts sensitive fields and messages', async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'detection', destination });
    logger.info({ customer: { email: 'a@b.co', tier: 'vip' } }, 'escalated for bob@example.org');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ service: 'detection', level: 'info', customer: { email: '[redacted]', tier: 'vip' } });
    expect(lines[0].msg).toBe('escalated for [redacted]');
  });
});
