// Pure math of a quantised multinomial linear model over hashed features, plus its byte format.
//
// Weights are stored feature-major (row = hashed bucket, column = class) as Int8 with one float scale per class,
// so scoring a message is |features| x K integer additions followed by K multiplications.

import type { Features } from './features';

export interface LinearModelData {
  /** Class labels, in column order. */
  labels: string[];
  /** Number of hashed buckets (power of two; feature indices are masked to it). */
  dim: number;
  /** Per-class scale: weight = int8 * scale. */
  scales: number[];
  bias: number[];
  /** dim * labels.length quantised weights, feature-major. */
  weights: Int8Array;
  /** Free-form tuned settings saved with the model (thresholds etc.). */
  meta: Record<string, number>;
}

export class LinearModel {
  readonly labels: string[];
  readonly meta: Record<string, number>;
  private readonly k: number;
  private readonly mask: number;
  private readonly scales: Float64Array;
  private readonly bias: Float64Array;
  private readonly weights: Int8Array;
  private readonly acc: Int32Array;

  constructor(data: LinearModelData) {
    if (data.weights.length !== data.dim * data.labels.length) throw new Error('linear model: weights size mismatch');
    this.labels = data.labels;
    this.meta = data.meta;
    this.k = data.labels.length;
    this.mask = data.dim - 1;
    this.scales = Float64Array.from(data.scales);
    this.bias = Float64Array.from(data.bias);
    this.weights = data.weights;
    this.acc = new Int32Array(this.k);
  }

  /** Raw class scores (logits). */
  logits(features: Features, out: Float64Array = new Float64Array(this.k)): Float64Array {
    const k = this.k;
    const acc = this.acc;
    acc.fill(0);
    const w = this.weights;
    const idx = features.indices;
    for (let i = 0; i < idx.length; i++) {
      const base = (idx[i]! & this.mask) * k;
      for (let c = 0; c < k; c++) acc[c]! += w[base + c]!;
    }
    for (let c = 0; c < k; c++) out[c] = this.bias[c]! + acc[c]! * this.scales[c]! * features.value;
    return out;
  }

  /** Class probabilities (softmax of the logits). */
  probabilities(features: Features): Float64Array {
    return softmax(this.logits(features));
  }
}

/** In-place softmax. */
export function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    logits[i] = Math.exp(logits[i]! - max);
    sum += logits[i]!;
  }
  for (let i = 0; i < logits.length; i++) logits[i]! /= sum;
  return logits;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Quantises float weights (feature-major, dim x k) to Int8 with one scale per class. */
export function quantize(
  labels: string[],
  dim: number,
  weights: Float32Array,
  bias: ArrayLike<number>,
  meta: Record<string, number>,
): LinearModelData {
  const k = labels.length;
  const scales: number[] = [];
  for (let c = 0; c < k; c++) {
    let max = 0;
    for (let f = 0; f < dim; f++) max = Math.max(max, Math.abs(weights[f * k + c]!));
    scales.push(max > 0 ? max / 127 : 1);
  }
  const q = new Int8Array(dim * k);
  for (let f = 0; f < dim; f++)
    for (let c = 0; c < k; c++) q[f * k + c] = Math.max(-127, Math.min(127, Math.round(weights[f * k + c]! / scales[c]!)));
  return { labels, dim, scales, bias: Array.from(bias), weights: q, meta };
}

// Byte format (before compression): "HOLM1\n", uint32 LE header length, header JSON (labels, dim, scales, bias, meta),
// then the Int8 weights.
const MAGIC = 'HOLM1\n';

export function encodeModel(model: LinearModelData): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({ labels: model.labels, dim: model.dim, scales: model.scales, bias: model.bias, meta: model.meta }),
  );
  const out = new Uint8Array(MAGIC.length + 4 + header.length + model.weights.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  out.set(header, MAGIC.length + 4);
  out.set(new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.length), MAGIC.length + 4 + header.length);
  return out;
}

export function decodeModel(bytes: Uint8Array): LinearModelData {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('linear model: bad magic');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + headerLength))) as Omit<LinearModelData, 'weights'>;
  const raw = bytes.subarray(start + headerLength);
  const weights = new Int8Array(raw.length);
  weights.set(new Int8Array(raw.buffer, raw.byteOffset, raw.length));
  return { ...header, weights };
}
