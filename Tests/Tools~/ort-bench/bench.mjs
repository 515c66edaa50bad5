#!/usr/bin/env node
// Times Recurrent's benchmark cases in ONNX Runtime (onnxruntime-node, CPU, 1 intra-op and 1 inter-op thread,
// all graph optimizations, sequential execution), so the C# benchmark can print ORT/Recurrent ratios.
// Models are built in memory with random weights stored as initializers; nothing is written to disk.
// stdout: one JSON object; stderr: human-readable progress and table.
//
//   node bench.mjs [--cases a,b] [--min-seconds S] [--min-runs N] [--list]

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOnnxWriter, attr, DataType } from '../onnx-writer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TOTAL_BUDGET_S = 50; // hard cap on timed + warm-up time over all cases (whole script stays < 60 s)
const SEED = 20250611;

const CASES = {
  gesture_lstm_seq: { op: 'LSTM', I: 8, H: 64, B: 1, T: 64, mode: 'seq', about: 'LSTM I=8 H=64 B=1 T=64, one Run per sequence' },
  gesture_lstm_step: { op: 'LSTM', I: 8, H: 64, B: 1, T: 64, mode: 'step', about: 'same LSTM, T=1 per Run with initial_h/initial_c fed back (time per step)' },
  gesture_gru_seq: { op: 'GRU', I: 4, H: 64, B: 1, T: 64, mode: 'seq', linearBeforeReset: 1, about: 'GRU I=4 H=64 B=1 T=64 linear_before_reset=1' },
  text_lstm_b1: { op: 'LSTM', I: 64, H: 256, B: 1, T: 64, mode: 'seq', about: 'LSTM I=64 H=256 B=1 T=64' },
  text_lstm_b32: { op: 'LSTM', I: 64, H: 256, B: 32, T: 64, mode: 'seq', about: 'LSTM I=64 H=256 B=32 T=64' },
};

const SESSION_OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
};

function fail(message, code = 2) {
  process.stderr.write(`ort-bench: error: ${message}\n`);
  process.exit(code);
}

function usage() {
  return 'usage: node bench.mjs [--cases a,b] [--min-seconds S] [--min-runs N] [--list]\n' +
    `cases: ${Object.keys(CASES).join(', ')}\n`;
}

function parseArgs(argv) {
  const args = { cases: Object.keys(CASES), minSeconds: 1.0, minRuns: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value\n${usage()}`);
      return argv[++i];
    };
    if (a === '--cases') args.cases = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--min-seconds') args.minSeconds = Number(value());
    else if (a === '--min-runs') args.minRuns = Number(value());
    else if (a === '--list') {
      for (const [k, c] of Object.entries(CASES)) process.stderr.write(`${k.padEnd(18)} ${c.about}\n`);
      process.stdout.write(JSON.stringify({ cases: Object.keys(CASES) }) + '\n');
      process.exit(0);
    } else if (a === '--help' || a === '-h') {
      process.stderr.write(usage());
      process.exit(0);
    } else fail(`unknown argument ${a}\n${usage()}`);
  }
  const unknown = args.cases.filter((c) => !CASES[c]);
  if (unknown.length) fail(`unknown case(s) ${unknown.join(', ')}; known: ${Object.keys(CASES).join(', ')}`);
  if (!(args.minSeconds > 0)) fail('--min-seconds must be a positive number');
  if (!(Number.isInteger(args.minRuns) && args.minRuns > 0)) fail('--min-runs must be a positive integer');
  return args;
}

async function loadDependencies() {
  let ort;
  let protobuf;
  try {
    ort = (await import('onnxruntime-node')).default;
  } catch (e) {
    fail(`onnxruntime-node is not installed or cannot load (${String(e.message).split('\n')[0]}).\n` +
      `Run \`npm install --ignore-scripts\` in ${HERE}`);
  }
  try {
    protobuf = (await import('protobufjs/minimal.js')).default;
  } catch (e) {
    fail(`protobufjs is not installed (${String(e.message).split('\n')[0]}).\nRun \`npm install --ignore-scripts\` in ${HERE}`);
  }
  return { ort, protobuf };
}

// mulberry32 with a per-case seed; weights uniform in [-1/sqrt(H), 1/sqrt(H)], X in [-1, 1]
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (rand, n, amplitude) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * amplitude);

/** Builds the model bytes and the per-Run feeds of a case. */
function buildCase(ort, writer, name, c) {
  const G = c.op === 'LSTM' ? 4 : 3;
  const { I, H, B } = c;
  const T = c.mode === 'step' ? 1 : c.T;
  let seed = SEED;
  for (const ch of name) seed = Math.imul(seed ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const rand = mulberry32(seed);
  const a = 1 / Math.sqrt(H);
  const initializers = [
    { name: 'W', dataType: DataType.FLOAT, dims: [1, G * H, I], data: uniform(rand, G * H * I, a) },
    { name: 'R', dataType: DataType.FLOAT, dims: [1, G * H, H], data: uniform(rand, G * H * H, a) },
    { name: 'B', dataType: DataType.FLOAT, dims: [1, 2 * G * H], data: uniform(rand, 2 * G * H, a) },
  ];
  const state = [1, B, H];
  const inputs = [{ name: 'X', dataType: DataType.FLOAT, dims: [T, B, I] }];
  let nodeInputs = ['X', 'W', 'R', 'B'];
  let nodeOutputs;
  let outputs;
  if (c.mode === 'step') {
    nodeInputs = [...nodeInputs, '', 'initial_h', 'initial_c'];
    inputs.push({ name: 'initial_h', dataType: DataType.FLOAT, dims: state }, { name: 'initial_c', dataType: DataType.FLOAT, dims: state });
    nodeOutputs = ['', 'Y_h', 'Y_c'];
    outputs = [{ name: 'Y_h', dataType: DataType.FLOAT, dims: state }, { name: 'Y_c', dataType: DataType.FLOAT, dims: state }];
  } else {
    nodeOutputs = c.op === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
    outputs = nodeOutputs.map((n) => ({ name: n, dataType: DataType.FLOAT, dims: n === 'Y' ? [T, 1, B, H] : state }));
  }
  const attributes = [attr.int('hidden_size', H)];
  if (c.linearBeforeReset !== undefined) attributes.push(attr.int('linear_before_reset', c.linearBeforeReset));
  const model = writer.modelBytes({
    name, opType: c.op, opset: 14, irVersion: 8, producerName: 'recurrent-ort-bench',
    nodeInputs, nodeOutputs, attributes, inputs, outputs, initializers,
  });
  // One X per time step (step mode) or one whole sequence.
  const xs = c.mode === 'step'
    ? Array.from({ length: c.T }, () => new ort.Tensor('float32', uniform(rand, B * I, 1), [1, B, I]))
    : [new ort.Tensor('float32', uniform(rand, T * B * I, 1), [T, B, I])];
  return { model, xs, state };
}

/** Linear-interpolated quantile of a sorted array. */
function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function summarize(timesMs) {
  const s = Float64Array.from(timesMs).sort();
  const r = (x) => Number(x.toPrecision(4));
  return { median_ms: r(quantile(s, 0.5)), p10_ms: r(quantile(s, 0.1)), p90_ms: r(quantile(s, 0.9)), runs: s.length };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Calls `once()` (which performs one timed Run and returns its duration in ms) for warm-up, then until both
 * minSeconds and minRuns are reached, or capSeconds have passed (at least 10 timed runs).
 */
async function timeLoop(once, { minSeconds, minRuns, capSeconds }) {
  const warmStart = nowMs();
  for (let i = 0; i < 5 || (nowMs() - warmStart < 200 && i < 50); i++) await once();
  const times = [];
  const start = nowMs();
  for (;;) {
    times.push(await once());
    const elapsed = (nowMs() - start) / 1000;
    if (times.length >= minRuns && elapsed >= minSeconds) break;
    if (elapsed >= capSeconds && times.length >= 10) break;
  }
  return times;
}

async function benchCase(ort, writer, name, c, loop) {
  const { model, xs, state } = buildCase(ort, writer, name, c);
  const session = await ort.InferenceSession.create(model, SESSION_OPTIONS);
  try {
    if (c.mode === 'step') {
      const zeros = () => new ort.Tensor('float32', new Float32Array(state[1] * state[2]), state);
      let h = zeros();
      let cell = zeros();
      let t = 0;
      const once = async () => {
        if (t === xs.length) { // start a new sequence
          t = 0;
          h = zeros();
          cell = zeros();
        }
        const feeds = { X: xs[t++], initial_h: h, initial_c: cell };
        const t0 = nowMs();
        const out = await session.run(feeds);
        const dt = nowMs() - t0;
        h = out.Y_h;
        cell = out.Y_c;
        return dt;
      };
      return summarize(await timeLoop(once, loop));
    }
    const feeds = { X: xs[0] };
    const once = async () => {
      const t0 = nowMs();
      await session.run(feeds);
      return nowMs() - t0;
    };
    return summarize(await timeLoop(once, loop));
  } finally {
    await session.release();
  }
}

/** Time of a Run through the Node binding for a trivial model (Identity on a [1, 1, 64] tensor). */
async function bindingOverhead(ort, writer, loop) {
  const dims = [1, 1, 64];
  const model = writer.modelBytes({
    name: 'identity', opType: 'Identity', opset: 14, irVersion: 8, producerName: 'recurrent-ort-bench',
    nodeInputs: ['x'], nodeOutputs: ['y'], attributes: [],
    inputs: [{ name: 'x', dataType: DataType.FLOAT, dims }], outputs: [{ name: 'y', dataType: DataType.FLOAT, dims }],
  });
  const session = await ort.InferenceSession.create(model, SESSION_OPTIONS);
  try {
    const feeds = { x: new ort.Tensor('float32', new Float32Array(64), dims) };
    const once = async () => {
      const t0 = nowMs();
      await session.run(feeds);
      return nowMs() - t0;
    };
    return summarize(await timeLoop(once, loop));
  } finally {
    await session.release();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { ort, protobuf } = await loadDependencies();
  const writer = createOnnxWriter(protobuf);
  const version = ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown';
  const scriptStart = nowMs();
  process.stderr.write(`ONNX Runtime ${version} (onnxruntime-node), CPU EP, intra/inter-op threads 1, ` +
    `optimizations all; min ${args.minSeconds} s and ${args.minRuns} runs per case\n`);

  const result = { ort_version: version, cases: {} };
  const names = args.cases;
  const jobs = names.length + (names.includes('gesture_lstm_step') ? 1 : 0);
  let done = 0;
  const nextLoop = () => {
    const spent = (nowMs() - scriptStart) / 1000;
    const capSeconds = Math.max(args.minSeconds, (TOTAL_BUDGET_S - spent) / Math.max(1, jobs - done));
    done++;
    return { minSeconds: args.minSeconds, minRuns: args.minRuns, capSeconds };
  };

  for (const name of names) {
    const c = CASES[name];
    const r = await benchCase(ort, writer, name, c, nextLoop());
    result.cases[name] = r;
    if (c.mode === 'step') {
      const o = await bindingOverhead(ort, writer, nextLoop());
      r.binding_overhead_median_ms = o.median_ms;
      result.binding_overhead = { model: 'Identity [1,1,64]', ...o };
    }
    process.stderr.write(`${name.padEnd(18)} median ${r.median_ms.toFixed(4).padStart(10)} ms  ` +
      `p10 ${r.p10_ms.toFixed(4).padStart(10)}  p90 ${r.p90_ms.toFixed(4).padStart(10)}  runs ${String(r.runs).padStart(6)}` +
      `   ${c.about}\n`);
    if (r.binding_overhead_median_ms !== undefined) {
      const o = result.binding_overhead;
      process.stderr.write(`${'  (binding)'.padEnd(18)} median ${o.median_ms.toFixed(4).padStart(10)} ms  ` +
        `p10 ${o.p10_ms.toFixed(4).padStart(10)}  p90 ${o.p90_ms.toFixed(4).padStart(10)}  runs ${String(o.runs).padStart(6)}` +
        `   Run of an Identity model through the Node binding\n`);
    }
  }
  process.stderr.write(`total ${((nowMs() - scriptStart) / 1000).toFixed(1)} s\n`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => fail(e?.stack ?? String(e), 1));
