// Validates Kubernetes objects offline, the way an API server with strict field validation would:
//   1. the Kubernetes OpenAPI schema of the object's kind (types, required fields, enums, formats), through the
//      validators the `kubernetes-models` package generates from it;
//   2. no unknown fields (a misspelt key is silently dropped by a lenient server, and the setting is lost): every key
//      must be a property of the kind's type, walked through the package's TypeScript declarations of the same schema.
// Objects of CRDs without a schema here (KEDA's ScaledObject) get a structural check of what the chart renders.
//
//   node deploy/test/validate-k8s.mjs < objects.json   → prints [{ "object": "Deployment/x", "problems": [...] }]
// An ES module run as its own process: kubernetes-models ships only ES modules, which jest's CommonJS cannot load.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const modelsRoot = path.dirname(require.resolve('kubernetes-models/package.json', { paths: [process.cwd()] }));

/** "apps/v1" + "Deployment" → "apps/v1/Deployment"; "v1" + "Service" → "v1/Service". */
const modelPath = (apiVersion, kind) => `${apiVersion}/${kind}`;

let program;
let checker;
/** One TypeScript program over the declaration files of every kind present (built once: it takes a few seconds). */
function loadTypes(objects) {
  const files = [...new Set(objects.map((o) => path.join(modelsRoot, `${modelPath(o.apiVersion, o.kind)}.d.ts`)))];
  program = ts.createProgram(files, { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true, skipLibCheck: true, types: [] });
  checker = program.getTypeChecker();
}

function typeOfKind(apiVersion, kind) {
  const file = path.join(modelsRoot, `${modelPath(apiVersion, kind)}.d.ts`);
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  const exported = symbol && checker.getExportsOfModule(symbol).find((s) => s.name === `I${kind}`);
  if (!exported) throw new Error(`no interface I${kind} in ${file}`);
  return checker.getDeclaredTypeOfSymbol(exported);
}

function isOpaque(type) {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) !== 0;
}

function unknownFields(value, type, where, problems) {
  if (value === null || typeof value !== 'object') return;
  type = checker.getNonNullableType(type);
  if (isOpaque(type)) return;
  if (type.isUnion()) {
    const objects = type.types.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0 || isOpaque(t));
    if (objects.length !== 1) return; // IntOrString and the like: primitives, nothing to walk
    type = objects[0];
    if (isOpaque(type)) return;
  }
  if (Array.isArray(value)) {
    if (!checker.isArrayType(type)) return;
    const element = checker.getTypeArguments(type)[0];
    value.forEach((item, i) => unknownFields(item, element, `${where}[${i}]`, problems));
    return;
  }
  const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
  if (index) {
    for (const [key, item] of Object.entries(value)) unknownFields(item, index.type, `${where}.${key}`, problems);
    return;
  }
  const properties = new Map(checker.getPropertiesOfType(type).map((p) => [p.name, p]));
  for (const [key, item] of Object.entries(value)) {
    const property = properties.get(key);
    if (!property) {
      problems.push(`${where ? `${where}.` : ''}${key}: unknown field (known: ${[...properties.keys()].join(', ')})`);
      continue;
    }
    unknownFields(item, checker.getTypeOfSymbol(property), where ? `${where}.${key}` : key, problems);
  }
}

function describeAjvError(error) {
  const at = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(object)';
  const detail = error.params?.allowedValues ? ` (${error.params.allowedValues.join(', ')})` : '';
  return `${at}: ${error.message}${detail}`;
}

/** KEDA's ScaledObject: no OpenAPI schema is installed here, so check the fields KEDA requires and their types. */
function kedaScaledObject(object) {
  const problems = [];
  const spec = object.spec ?? {};
  if (typeof spec.scaleTargetRef?.name !== 'string' || !spec.scaleTargetRef.name) problems.push('spec.scaleTargetRef.name: required');
  for (const key of ['minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod']) {
    if (spec[key] !== undefined && !Number.isInteger(spec[key])) problems.push(`spec.${key}: must be integer`);
  }
  if (!Array.isArray(spec.triggers) || spec.triggers.length === 0) problems.push('spec.triggers: at least one trigger is required');
  (spec.triggers ?? []).forEach((trigger, i) => {
    if (typeof trigger.type !== 'string') problems.push(`spec.triggers[${i}].type: required`);
    for (const [key, value] of Object.entries(trigger.metadata ?? {})) {
      if (typeof value !== 'string') problems.push(`spec.triggers[${i}].metadata.${key}: must be a string (KEDA metadata values are strings)`);
    }
    if (trigger.type === 'kafka') {
      for (const key of ['bootstrapServers', 'consumerGroup', 'topic', 'lagThreshold']) if (!trigger.metadata?.[key]) problems.push(`spec.triggers[${i}].metadata.${key}: required`);
    }
  });
  const known = ['scaleTargetRef', 'minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod', 'idleReplicaCount', 'fallback', 'advanced', 'triggers'];
  for (const key of Object.keys(spec)) if (!known.includes(key)) problems.push(`spec.${key}: unknown field`);
  return problems;
}

async function validate(object) {
  const { apiVersion, kind } = object;
  if (apiVersion === 'keda.sh/v1alpha1' && kind === 'ScaledObject') return kedaScaledObject(object);
  let Model;
  try {
    Model = (await import(`kubernetes-models/${modelPath(apiVersion, kind)}`))[kind];
  } catch {
    return [`no Kubernetes schema for ${apiVersion} ${kind}`];
  }
  const problems = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(...(error.errors ?? [{ instancePath: '', message: error.message }]).map(describeAjvError));
  }
  unknownFields(object, typeOfKind(apiVersion, kind), '', problems);
  return problems;
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
loadTypes(objects.filter((o) => !o.apiVersion.includes('keda.sh')));
const results = [];
for (const object of objects) {
  results.push({ object: `${object.kind}/${object.metadata?.name}`, problems: await validate(object) });
}
process.stdout.write(JSON.stringify(results));
