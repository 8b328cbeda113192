import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, kafkaConnectionOf, loadConfig, platformEnv } from '../src';

const valid = { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093', MONGO_URL: 'mongodb://127.0.0.1:27017/' };

describe('loadConfig', () => {
  it('applies defaults and parses lists', () => {
    const config = loadConfig(platformEnv, valid);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.KAFKA_CREATE_TOPICS).toBe(true);
  });

  it('names every missing or wrong variable', () => {
    let error: unknown;
    try {
      loadConfig(platformEnv, { MONGO_URL: 'postgres://x', HTTP_PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('KAFKA_BROKERS: required but not set');
    expect(message).toContain('MONGO_URL: expected a MongoDB connection string');
    expect(message).toContain('HTTP_PORT: expected a port number (got "eighty")');
  });
});

describe('kafkaConnectionOf', () => {
  const base = { KAFKA_BROKERS: 'b1:9093,b2:9093', MONGO_URL: 'mongodb://m:27017/' };
  const connection = (vars: Record<string, string>) => kafkaConnectionOf(loadConfig(platformEnv, { ...base, ...vars }));

  it('is plaintext by default', () => {
    expect(connection({})).toEqual({ brokers: ['b1:9093', 'b2:9093'] });
  });

  it('takes TLS with an extra CA and SASL/SCRAM from the environment', () => {
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(connection({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'handoff', KAFKA_SASL_PASSWORD: 's3cret' })).toEqual({
      brokers: ['b1:9093', 'b2:9093'],
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] },
      sasl: { mechanism: 'scram-sha-512', username: 'handoff', password: 's3cret' },
    });
    expect(connection({ KAFKA_SSL: 'true' }).ssl).toBe(true);
  });

  it('names the variable that is missing or does not fit', () => {
    const problems = (vars: Record<string, string>) => {
      try {
        connection(vars);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is plain',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is plain',
    ]);
    expect(problems({ KAFKA_SASL_USERNAME: 'u' })).toEqual(['KAFKA_SASL_MECHANISM: required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (plain, scram-sha-256 or scram-sha-512)']);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' })).toEqual(['KAFKA_SSL_CA_FILE: cannot read /no/such/ca.pem (ENOENT)']);
    expect(() => connection({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM: expected plain, scram-sha-256 or scram-sha-512/);
  });
});
