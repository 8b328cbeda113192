import { ConfigError, loadConfig, platformEnv } from '../src';

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
