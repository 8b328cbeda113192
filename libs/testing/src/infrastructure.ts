// Finds real Kafka and MongoDB-wire servers for tests: KAFKA_BROKERS/MONGO_URL when set, else testcontainers when a
// Docker engine answers, else the project's own local infrastructure (scripts/infra: Kafka on the JDK, FerretDB).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface Infrastructure {
  kafkaBrokers: string;
  mongoUrl: string;
  source: 'environment' | 'testcontainers' | 'local';
  stop(): Promise<void>;
}

function dockerSocketPresent(): boolean {
  if (process.env.DOCKER_HOST) return true;
  return existsSync('/var/run/docker.sock') || existsSync(path.join(process.env.HOME ?? '', '.docker/run/docker.sock'));
}

async function dockerEngineAnswers(): Promise<boolean> {
  if (!dockerSocketPresent()) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 15000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<Infrastructure> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start(),
    new MongoDBContainer('mongo:7').start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUrl: `${mongo.getConnectionString()}/?directConnection=true`,
    source: 'testcontainers',
    async stop() {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

function parseEnvLines(output: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^(?:export\s+)?([A-Z_]+)=["']?([^"'\s]*)["']?$/.exec(line.trim());
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

function startLocal(): Infrastructure {
  const script = path.join(REPO_ROOT, 'scripts/infra');
  execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const vars = parseEnvLines(execFileSync('bash', [script, 'env'], { encoding: 'utf8' }));
  if (!vars.KAFKA_BROKERS || !vars.MONGO_URL) throw new Error(`scripts/infra env did not print KAFKA_BROKERS and MONGO_URL`);
  return {
    kafkaBrokers: vars.KAFKA_BROKERS,
    mongoUrl: vars.MONGO_URL,
    source: 'local',
    async stop() {
      execFileSync('bash', [script, 'down'], { stdio: ['ignore', 'inherit', 'inherit'] });
    },
  };
}

export async function provideInfrastructure(): Promise<Infrastructure> {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL) {
    return { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL, source: 'environment', stop: async () => undefined };
  }
  if (await dockerEngineAnswers()) return startContainers();
  return startLocal();
}
