#!/usr/bin/env node
// Generates the RNN/GRU/LSTM golden fixtures in Tests/Fixtures~/ort-generated with ONNX Runtime (onnxruntime-node,
// CPU, 1 thread) in the layout of the ONNX backend node tests. Cases are declared in cases.mjs; the README of the
// fixture folder is written from here too. The float64 model in reference.mjs only cross-checks ORT's outputs.
//
//   npm install --ignore-scripts && node generate.mjs [--out DIR] [--only SUBSTRING]

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createOnnxWriter, attr, DataType } from '../onnx-writer.mjs';
import { runReference, resolveActivations, SPEC_DEFAULTS, TAKES } from './reference.mjs';
import { SEED, OPSET, IR_VERSION, PRODUCER, buildCases } from './cases.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_TESTS = path.resolve(HERE, '..', '..');

// ---------------------------------------------------------------- dependencies
async function loadDependencies() {
  try {
    const ort = (await import('onnxruntime-node')).default;
    const protobuf = (await import('protobufjs/minimal.js')).default;
    return { ort, protobuf };
  } catch (e) {
    console.error(`error: cannot load onnxruntime-node / protobufjs (${e.message.split('\n')[0]}).\n` +
      `Run \`npm install --ignore-scripts\` in ${HERE} first.`);
    process.exit(2);
  }
}

function parseArgs(argv) {
  const args = { out: path.join(REPO_TESTS, 'Fixtures~', 'ort-generated'), only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--only') args.only = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: node generate.mjs [--out DIR] [--only SUBSTRING]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

// ---------------------------------------------------------------- deterministic random numbers
/** FNV-1a 32-bit hash, used to derive one seed per case from the global seed and the case name. */
function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: 32-bit state, returns floats in [0, 1). */
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

// ---------------------------------------------------------------- case -> model + inputs
const GATES = { RNN: 1, GRU: 3, LSTM: 4 };
const ACTS_PER_DIR = { RNN: 1, GRU: 2, LSTM: 3 };
const DEFAULT_ACTS = { RNN: ['Tanh'], GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'] };

/** Weight amplitude: [-0.5, 0.5] for small H, PyTorch's default U(-1/sqrt(H), 1/sqrt(H)) from H = 16 on. */
export const weightAmplitude = (H) => (H >= 16 ? 1 / Math.sqrt(H) : 0.5);

function numDirections(c) { return c.direction === 'bidirectional' ? 2 : 1; }

function nodeAttributes(c, withClip = true) {
  const a = [attr.int('hidden_size', c.H)];
  if (c.direction !== 'forward') a.push(attr.string('direction', c.direction));
  if (c.activations) a.push(attr.strings('activations', c.activations));
  if (c.alpha) a.push(attr.floats('activation_alpha', c.alpha));
  if (c.beta) a.push(attr.floats('activation_beta', c.beta));
  if (withClip && c.clip !== undefined) a.push(attr.float('clip', c.clip));
  if (c.linearBeforeReset !== undefined) a.push(attr.int('linear_before_reset', c.linearBeforeReset));
  if (c.inputForget !== undefined) a.push(attr.int('input_forget', c.inputForget));
  return a.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)); // as onnx.helper.make_node does
}

/** Draws the inputs of a case (fixed draw order X, W, R, B, initial_h, initial_c, P) and lays out the node. */
function materialize(c) {
  const D = numDirections(c);
  const G = GATES[c.op];
  const { T, B, I, H } = c;
  const rand = mulberry32(fnv1a(`${SEED}:${c.name}`));
  const wa = weightAmplitude(H);
  const tensors = {};
  tensors.X = { dims: [T, B, I], dataType: DataType.FLOAT, data: uniform(rand, T * B * I, c.xAmplitude ?? 1) };
  tensors.W = { dims: [D, G * H, I], dataType: DataType.FLOAT, data: uniform(rand, D * G * H * I, wa) };
  tensors.R = { dims: [D, G * H, H], dataType: DataType.FLOAT, data: uniform(rand, D * G * H * H, wa) };
  if (c.bias !== false) tensors.B = { dims: [D, 2 * G * H], dataType: DataType.FLOAT, data: uniform(rand, D * 2 * G * H, wa) };
  if (c.seqLens) {
    if (c.seqLens.length !== B) throw new Error(`${c.name}: sequence_lens needs ${B} entries`);
    tensors.sequence_lens = { dims: [B], dataType: DataType.INT32, data: Int32Array.from(c.seqLens) };
  }
  if (c.initialH) tensors.initial_h = { dims: [D, B, H], dataType: DataType.FLOAT, data: uniform(rand, D * B * H, 0.5) };
  if (c.op === 'LSTM' && c.initialC) tensors.initial_c = { dims: [D, B, H], dataType: DataType.FLOAT, data: uniform(rand, D * B * H, 0.5) };
  if (c.op === 'LSTM' && c.peepholes) tensors.P = { dims: [D, 3 * H], dataType: DataType.FLOAT, data: uniform(rand, D * 3 * H, wa) };

  const order = ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', ...(c.op === 'LSTM' ? ['initial_c', 'P'] : [])];
  const nodeInputs = order.map((n) => (tensors[n] ? n : ''));
  while (nodeInputs[nodeInputs.length - 1] === '') nodeInputs.pop();
  const graphInputs = nodeInputs.filter((n) => n !== '');

  const allOutputs = c.op === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
  const requested = c.outputs ?? allOutputs;
  const nodeOutputs = allOutputs.map((n) => (requested.includes(n) ? n : ''));
  while (nodeOutputs[nodeOutputs.length - 1] === '') nodeOutputs.pop();
  const graphOutputs = allOutputs.filter((n) => requested.includes(n));
  const outputDims = { Y: [T, D, B, H], Y_h: [D, B, H], Y_c: [D, B, H] };
  return { tensors, nodeInputs, graphInputs, nodeOutputs, graphOutputs, outputDims };
}

function modelFor(writer, c, m, withClip = true) {
  return writer.modelBytes({
    name: c.name,
    opType: c.op,
    opset: OPSET,
    irVersion: IR_VERSION,
    producerName: PRODUCER,
    nodeInputs: m.nodeInputs,
    nodeOutputs: m.nodeOutputs,
    attributes: nodeAttributes(c, withClip),
    inputs: m.graphInputs.map((n) => ({ name: n, dataType: m.tensors[n].dataType, dims: m.tensors[n].dims })),
    outputs: m.graphOutputs.map((n) => ({ name: n, dataType: DataType.FLOAT, dims: m.outputDims[n] })),
  });
}

const SESSION_OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
};

async function runOrt(ort, modelBytes, m) {
  const session = await ort.InferenceSession.create(modelBytes, SESSION_OPTIONS);
  try {
    const feeds = {};
    for (const n of m.graphInputs) {
      const t = m.tensors[n];
      feeds[n] = new ort.Tensor(t.dataType === DataType.INT32 ? 'int32' : 'float32', t.data, t.dims);
    }
    const result = await session.run(feeds);
    const out = {};
    for (const n of m.graphOutputs) {
      const t = result[n];
      if (t.type !== 'float32' || t.dims.join(',') !== m.outputDims[n].join(',')) {
        throw new Error(`output ${n}: got ${t.type} [${t.dims}], expected float32 [${m.outputDims[n]}]`);
      }
      out[n] = Float32Array.from(t.data);
    }
    return out;
  } finally {
    await session.release();
  }
}

// ---------------------------------------------------------------- cross-checks
const ORT_ZERO_DEFAULTS = Object.fromEntries(Object.keys(TAKES).map((k) => [k, [0, 0]]));
/** The defaults ONNX Runtime uses when activation_alpha/beta run out (LeakyRelu, HardSigmoid, Elu; 0 otherwise). */
export const ORT_DEFAULTS = { ...ORT_ZERO_DEFAULTS, LeakyRelu: [0.01, 0], HardSigmoid: [0.2, 0.5], Elu: [1.0, 0] };

function referenceFor(c, m, defaults, zeroLengthStateIsZero) {
  const names = c.activations ?? Array(numDirections(c)).fill(DEFAULT_ACTS[c.op]).flat();
  if (names.length !== numDirections(c) * ACTS_PER_DIR[c.op]) throw new Error(`${c.name}: wrong number of activations`);
  const acts = resolveActivations(names, c.alpha, c.beta, defaults);
  if (acts.some((a) => a === null)) return null; // spec leaves a parameter undefined
  const t = m.tensors;
  const r = runReference({
    op: c.op, T: c.T, B: c.B, I: c.I, H: c.H, direction: c.direction,
    X: t.X.data, W: t.W.data, R: t.R.data, Bias: t.B?.data, seqLens: t.sequence_lens?.data,
    initialH: t.initial_h?.data, initialC: t.initial_c?.data, P: t.P?.data,
    acts, clip: c.clip, linearBeforeReset: c.linearBeforeReset, inputForget: c.inputForget,
  });
  if (zeroLengthStateIsZero && c.seqLens) {
    // ONNX Runtime returns zeros in Y_h/Y_c for a batch entry with sequence_lens = 0 (it ignores initial_h/c).
    for (const key of ['Y_h', 'Y_c']) {
      if (!r[key]) continue;
      for (let d = 0; d < numDirections(c); d++) {
        for (let b = 0; b < c.B; b++) if (c.seqLens[b] === 0) r[key].fill(0, (d * c.B + b) * c.H, (d * c.B + b + 1) * c.H);
      }
    }
  }
  return r;
}

function maxAbsDiff(out, ref) {
  let m = 0;
  for (const [n, a] of Object.entries(out)) {
    const b = ref[n];
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return m;
}

const REFERENCE_TOLERANCE = 2e-5; // ORT float32 (MLAS approximations of tanh/sigmoid) vs float64 equations
const CLIP_MIN_EFFECT = 1e-3; // the clipped and unclipped runs must differ at least this much

// ---------------------------------------------------------------- output
function sha256(buf) { return crypto.createHash('sha256').update(buf).digest('hex'); }

function writeCase(dir, writer, c, m, modelBytes, outputs) {
  const caseDir = path.join(dir, c.name);
  const dataDir = path.join(caseDir, 'test_data_set_0');
  fs.mkdirSync(dataDir, { recursive: true });
  const files = [];
  const put = (rel, bytes) => {
    fs.writeFileSync(path.join(caseDir, rel), bytes);
    files.push({ rel, size: bytes.length, sha: sha256(bytes) });
  };
  put('model.onnx', modelBytes);
  m.graphInputs.forEach((n, i) => {
    const t = m.tensors[n];
    put(`test_data_set_0/input_${i}.pb`, writer.tensorBytes(n, t.dataType, t.dims, t.data));
  });
  m.graphOutputs.forEach((n, i) => {
    put(`test_data_set_0/output_${i}.pb`, writer.tensorBytes(n, DataType.FLOAT, m.outputDims[n], outputs[n]));
  });
  return files;
}

const fmtNum = (x) => String(x);
const sci = (x) => (x === 0 ? '0' : x.toExponential(1));

function attributeSummary(c) {
  const parts = [];
  if (c.linearBeforeReset !== undefined) parts.push(`lbr=${c.linearBeforeReset}`);
  if (c.inputForget !== undefined) parts.push(`input_forget=${c.inputForget}`);
  if (c.clip !== undefined) parts.push(`clip=${fmtNum(c.clip)}`);
  if (c.activations) parts.push(`acts=[${c.activations.join(',')}]`);
  if (c.alpha) parts.push(`alpha=[${c.alpha.map(fmtNum).join(',')}]`);
  if (c.beta) parts.push(`beta=[${c.beta.map(fmtNum).join(',')}]`);
  return parts.join(' ') || '-';
}

function writeReadme(dir, rows, ortVersion, totalBytes, zeroLen) {
  const maxRef = rows.reduce((m, r) => Math.max(m, r.refDiff), 0);
  const rel = (p) => path.relative(path.join(REPO_TESTS, '..'), p).split(path.sep).join('/');
  const table = rows.map((r) => {
    const c = r.c;
    const opt = r.m.graphInputs.filter((n) => !['X', 'W', 'R'].includes(n)).join(', ') || '-';
    const outs = r.m.nodeOutputs.map((n) => (n === '' ? '""' : n)).join(', ');
    const lens = c.seqLens ? `[${c.seqLens.join(',')}]` : '-';
    return `| \`${c.name}\` | ${c.op} | ${c.direction} | ${attributeSummary(c)} | ${c.T},${c.B},${c.I} | ${c.H} | ${opt} | ${lens} | ${outs} | ${sci(r.refDiff)} | ${c.note ?? ''} |`;
  }).join('\n');
  const text = `# ONNX Runtime golden fixtures for RNN / GRU / LSTM

Single-node ONNX models with inputs and the outputs computed by **ONNX Runtime**, the independent reference for
Recurrent's kernels. Generated, never edited by hand.

* ${rows.length} cases, ${(totalBytes / 1e6).toFixed(2)} MB in total.
* Producer: onnxruntime-node **${ortVersion}** (npm, CPU execution provider, \`intraOpNumThreads=1\`,
  \`interOpNumThreads=1\`, \`graphOptimizationLevel='all'\`, sequential execution).
* Generator: \`${rel(path.join(HERE, 'generate.mjs'))}\` (cases in \`cases.mjs\`, protobuf writing in
  \`Tests/Tools~/onnx-writer.mjs\`); global seed **${SEED}**.
* Regenerate (deterministic: a re-run reproduces every file byte for byte on the same machine):

  \`\`\`sh
  cd ${rel(HERE)}
  npm install --ignore-scripts
  node generate.mjs
  \`\`\`

## Layout (same as \`/work/shared/onnx-conformance\`, i.e. the ONNX backend node tests)

\`\`\`
<case>/model.onnx                      onnx.ModelProto, one node, no initializers
<case>/test_data_set_0/input_N.pb      onnx.TensorProto for graph.input[N]
<case>/test_data_set_0/output_N.pb     onnx.TensorProto for graph.output[N]
\`\`\`

* \`ir_version\` ${IR_VERSION}, one \`opset_import\` (domain \`""\`, version **${OPSET}**), \`producer_name\`
  \`${PRODUCER}\`, graph named after the case. (ORT 1.30 also runs these ops at opset 22, but opset 22 needs
  IR version 10 by the ONNX versioning rules, so opset ${OPSET} is used with IR ${IR_VERSION}; RNN/GRU/LSTM did not
  change semantics between 14 and 22.)
* Every weight is a graph input with its own \`input_N.pb\`, in node-input order
  (\`X, W, R, B, sequence_lens, initial_h[, initial_c, P]\`). An omitted optional node input is \`""\` in
  \`node.input\` and absent from the graph inputs; trailing omitted inputs are dropped. Omitted outputs are \`""\`
  in \`node.output\` (e.g. \`["", "Y_h"]\`) and absent from the graph outputs.
* Graph inputs/outputs have static shapes. Tensors carry \`dims\`, \`data_type\` (FLOAT=1, INT32=6 for
  \`sequence_lens\`), \`name\` (= graph input/output name) and little-endian \`raw_data\`. Fields are written in
  field-number order with unpacked \`dims\`, the byte layout of the \`onnx\` Python package: the writer reproduces
  the 27 recurrent cases of \`onnx-conformance\` byte for byte.
* \`layout\` is always 0 (ONNX Runtime rejects \`layout=1\`).
* \`cases.json\` lists the same information as the table below in machine-readable form.

## Inputs

Deterministic pseudo-random values: mulberry32 seeded per case with FNV-1a of \`"${SEED}:<case name>"\`, drawn in
the order X, W, R, B, initial_h, initial_c, P. Weights (W, R, B, P) are uniform in [-a, a] with a = 0.5 for
H < 16 and a = 1/sqrt(H) (PyTorch's default initialization) for H >= 16; initial_h/initial_c uniform in
[-0.5, 0.5]; X uniform in [-1, 1], [-3, 3] for the clip cases and [-2, 2] for the activation cases (so that
thresholds, saturation and negative branches are reached).

## Checks done by the generator

* Every output is compared with a float64 evaluation of the ONNX operator equations (\`reference.mjs\`); the
  column *ref Δ* is the largest absolute difference over all outputs of the case (${sci(maxRef)} over all cases).
  Generation fails above ${REFERENCE_TOLERANCE.toExponential()}. The differences come from float32 arithmetic and MLAS's
  approximations of tanh/sigmoid (ORT's GRU uses a rational approximation of its own). A float32 kernel should
  match these files within about 1e-6 absolute; 1e-5 leaves a wide margin.
* Clip cases: the model is also run without \`clip\`; generation fails unless the outputs differ by more than
  ${CLIP_MIN_EFFECT.toExponential()}, so clipping really bites.
* The reference confirms for ORT ${ortVersion}: clip bounds the inputs of the gate activations (f and g) but not the
  cell state passed to h; \`input_forget=1\` means f_t = 1 - i_t (the peephole still enters i_t); the
  activation_alpha/beta lists are consumed in order, only by the activations that take them.

## Observed behaviour of ONNX Runtime ${ortVersion}

* **sequence_lens = 0** is accepted for RNN, GRU and LSTM (any direction). ${zeroLen}
  The ONNX spec does not say what Y_h/Y_c should be for an empty sequence; passing initial_h/initial_c through
  would be the natural alternative. Cases \`ort_*_seqlens_zero_*\` pin ORT's behaviour.
* **Default activation parameters.** When activation_alpha/beta are absent or run out, ORT uses LeakyRelu
  alpha 0.01, HardSigmoid alpha 0.2 beta 0.5, Elu alpha 1.0, matching the ONNX operators' defaults, but
  **alpha = beta = 0 for Affine, ThresholdedRelu and ScaledTanh**. The ONNX RNN spec says the defaults are
  "the same as of corresponding ONNX operators" (ThresholdedRelu: alpha 1.0; Affine/ScaledTanh are no longer
  ONNX operators). So \`ort_rnn_act_affine_defaults\` and \`ort_rnn_act_scaledtanh_defaults\` are all zeros and
  \`ort_rnn_act_thresholdedrelu_defaults\` equals Relu: these three pin ORT's choice, not the spec's (see the
  *Notes* column).

## Cases

Shapes: X is [T, B, I]; H is hidden_size. *opt. inputs*: optional inputs present. *node outputs*: \`""\` = omitted.

| case | op | direction | attributes | T,B,I | H | opt. inputs | sequence_lens | node outputs | ref Δ | notes |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}
`;
  fs.writeFileSync(path.join(dir, 'README.md'), text);
}

// ---------------------------------------------------------------- main
async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { ort, protobuf } = await loadDependencies();
  const writer = createOnnxWriter(protobuf);
  const ortVersion = ort.env.versions?.node ?? 'unknown';
  let cases = buildCases();
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case ${c.name}`);
    names.add(c.name);
  }
  if (args.only) cases = cases.filter((c) => c.name.includes(args.only));

  fs.mkdirSync(args.out, { recursive: true });
  if (!args.only) {
    // Remove stale generated cases (only folders this tool creates).
    for (const e of fs.readdirSync(args.out, { withFileTypes: true })) {
      if (e.isDirectory() && e.name.startsWith('ort_')) fs.rmSync(path.join(args.out, e.name), { recursive: true });
    }
  }

  const rows = [];
  let totalBytes = 0;
  let zeroLenSummary = null;
  for (const c of cases) {
    const m = materialize(c);
    const model = modelFor(writer, c, m);
    const outputs = await runOrt(ort, model, m);

    // Cross-check with the float64 equations (ORT's parameter defaults where the case pins them).
    const defaults = c.ortDefaults ? ORT_DEFAULTS : SPEC_DEFAULTS;
    const ref = referenceFor(c, m, defaults, c.seqLens?.includes(0));
    const refDiff = maxAbsDiff(outputs, ref);
    if (!(refDiff <= REFERENCE_TOLERANCE)) throw new Error(`${c.name}: ORT differs from the reference by ${refDiff}`);
    if (c.ortDefaults) {
      const spec = referenceFor(c, m, SPEC_DEFAULTS, false);
      c.specDiff = spec ? maxAbsDiff(outputs, spec) : null;
      if (c.specDiff !== null && c.specDiff <= REFERENCE_TOLERANCE) throw new Error(`${c.name}: expected ORT to deviate from the spec defaults`);
    }
    if (c.seqLens?.includes(0)) {
      const withInit = referenceFor(c, m, defaults, false);
      const passThrough = maxAbsDiff(outputs, withInit) <= REFERENCE_TOLERANCE;
      const s = passThrough
        ? 'For such a batch entry Y is all zeros and Y_h/Y_c equal initial_h/initial_c.'
        : 'For such a batch entry ORT returns zeros in Y **and in Y_h/Y_c, ignoring initial_h/initial_c**; the other batch entries are unaffected.';
      if (zeroLenSummary && zeroLenSummary !== s) throw new Error('sequence_lens = 0 behaves differently across ops');
      zeroLenSummary = s;
    }
    if (c.clip !== undefined) {
      const unclipped = await runOrt(ort, modelFor(writer, c, m, false), m);
      const effect = maxAbsDiff(outputs, unclipped);
      if (!(effect > CLIP_MIN_EFFECT)) throw new Error(`${c.name}: clip=${c.clip} does not change the outputs (${effect})`);
      c.clipEffect = effect;
    }

    const files = writeCase(args.out, writer, c, m, model, outputs);
    const bytes = files.reduce((s, f) => s + f.size, 0);
    totalBytes += bytes;
    rows.push({ c, m, refDiff, files, bytes });
    console.error(`${c.name.padEnd(52)} ${String(bytes).padStart(8)} B  ref Δ ${sci(refDiff)}` +
      (c.clipEffect !== undefined ? `  clip effect ${c.clipEffect.toFixed(3)}` : '') +
      (c.specDiff !== undefined ? `  vs spec defaults ${c.specDiff === null ? 'undefined' : c.specDiff.toFixed(3)}` : ''));
  }

  if (args.only) {
    console.error(`--only: wrote ${rows.length} case(s); README.md and cases.json not rewritten`);
    return;
  }
  const manifest = {
    generator: 'Tests/Tools~/ort-goldens/generate.mjs',
    onnxruntime_node: ortVersion,
    seed: SEED,
    opset: OPSET,
    ir_version: IR_VERSION,
    cases: rows.map(({ c, m, refDiff }) => ({
      name: c.name,
      op: c.op,
      direction: c.direction,
      T: c.T, B: c.B, I: c.I, H: c.H,
      attributes: Object.fromEntries(nodeAttributes(c).map((a) => [a.name, a.value])),
      node_inputs: m.nodeInputs,
      node_outputs: m.nodeOutputs,
      sequence_lens: c.seqLens ?? null,
      x_amplitude: c.xAmplitude ?? 1,
      weight_amplitude: +weightAmplitude(c.H).toPrecision(7),
      max_abs_diff_vs_float64_reference: +refDiff.toPrecision(2),
      ort_specific: c.ortDefaults || c.seqLens?.includes(0) ? true : undefined,
      note: c.note,
    })),
  };
  fs.writeFileSync(path.join(args.out, 'cases.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeReadme(args.out, rows, ortVersion, totalBytes, zeroLenSummary ?? '(no zero-length case generated)');
  const extra = ['README.md', 'cases.json'].reduce((s, f) => s + fs.statSync(path.join(args.out, f)).size, 0);
  console.error(`\n${rows.length} cases, ${(totalBytes / 1e6).toFixed(2)} MB of case files ` +
    `(+${(extra / 1e3).toFixed(1)} KB README/cases.json) in ${args.out}`);
}

main().catch((e) => {
  console.error(`error: ${e.stack ?? e}`);
  process.exit(1);
});
