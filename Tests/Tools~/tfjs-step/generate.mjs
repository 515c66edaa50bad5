// Writes Tests/Fixtures~/tfjs-step/*.json: one training step of small recurrent classifiers computed by TensorFlow.js
// (pure-JS CPU backend, Keras semantics), as an oracle for Recurrent's trainer. It knows nothing of Recurrent's code.
//
// Each case: x [B, T, I] (batch-major, zero at padded steps when masked) -> [Masking] -> RNN(H, return sequences
// false; optionally Bidirectional, concat) -> Dense(C) -> softmax, sparse categorical cross-entropy (mean over the
// batch), tf.train.adam. Masked cases give either lengths (post-padding) or a step mask (pre-padding and holes: the
// zero steps Masking(0) masks, wherever they are).
// Recorded, all in Keras layout: the weights before, loss, softmax outputs, the gradient of every weight, the weights
// after one Adam step. The same step is also run through LayersModel.trainOnBatch on a twin model and must agree, so
// the fixture is what Keras' own fit loop does.
//
//   node generate.mjs           rewrite the fixtures
//   node generate.mjs --check   recompute and compare with the committed fixtures (writes nothing)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'Fixtures~', 'tfjs-step');
// Step-mask cases (pre-padding, holes) go to their own folder, read by TfjsMaskedStepTests through the trainer's masks.
const maskedDir = join(here, '..', '..', 'Fixtures~', 'tfjs-step-masked');
const require = createRequire(import.meta.url);
const versionOf = (name) => require(`${name}/package.json`).version;

const CHECK = process.argv.includes('--check');
const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
// Step 1 of Adam moves each weight by lr·g/(|g| + ε) ≈ ±lr: well conditioned only when |g| ≫ ε. A gradient this
// small would make the updated weight hinge on float32 rounding noise, so a case whose smallest |g| falls below it
// is rejected (pick another seed) rather than written.
const MIN_ABS_GRADIENT = 1e-6;
// trainOnBatch and the explicit variableGrads + applyGradients path run the same ops; allow float32 noise only.
const TWIN_TOLERANCE = 1e-6;

// Keras GRU with reset_after=True (keras/src/layers/rnn/gru.py, GRUCell.call): bias [2, 3H] = (input, recurrent),
//   x_z,x_r,x_h = split(x·kernel + b_in); r_z,r_r,r_h = split(h·recurrent_kernel + b_rec)
//   z = σ(x_z + r_z); r = σ(x_r + r_r); hh = tanh(x_h + r ⊙ r_h); h' = z ⊙ h + (1 − z) ⊙ hh
// TF.js 4.x implements only reset_after=False, so this cell subclasses its GRUCell (keeping its RNN/masking plumbing
// and autodiff) and replaces build/call with the formula above.
const GRUCell = tfl.layers.gruCell({ units: 1 }).constructor;
class ResetAfterGRUCell extends GRUCell {
  static get className() { return 'ResetAfterGRUCell'; }

  build(inputShape) {
    const shape = Array.isArray(inputShape[0]) ? inputShape[0] : inputShape;
    const inputDim = shape[shape.length - 1], u = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, 3 * u], null, this.kernelInitializer, null, true, null);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 3 * u], null, this.recurrentInitializer, null, true, null);
    this.bias = this.addWeight('bias', [2, 3 * u], null, this.biasInitializer, null, true, null);
    this.built = true;
  }

  call(inputs) {
    return tf.tidy(() => {
      const [x, hPrev] = inputs;
      const [inputBias, recurrentBias] = tf.unstack(this.bias.read(), 0);
      const matrixX = tf.add(tf.matMul(x, this.kernel.read()), inputBias);
      const matrixInner = tf.add(tf.matMul(hPrev, this.recurrentKernel.read()), recurrentBias);
      const [xZ, xR, xH] = tf.split(matrixX, 3, 1);
      const [recZ, recR, recH] = tf.split(matrixInner, 3, 1);
      const z = tf.sigmoid(tf.add(xZ, recZ));
      const r = tf.sigmoid(tf.add(xR, recR));
      const hh = tf.tanh(tf.add(xH, tf.mul(r, recH)));
      const h = tf.add(tf.mul(z, hPrev), tf.mul(tf.sub(1, z), hh));
      return [h, h];
    });
  }
}

// mulberry32: a tiny seeded PRNG so the fixtures are reproducible without any library's RNG.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (next, n, scale) => Array.from({ length: n }, () => Math.fround((2 * next() - 1) * scale));

const CASES = [
  { name: 'lstm-full', cell: 'lstm', seed: 11, lengths: null },
  { name: 'lstm-masked', cell: 'lstm', seed: 12, lengths: [6, 4, 1, 3] },
  { name: 'gru-reset-after-full', cell: 'gru', resetAfter: true, seed: 21, lengths: null },
  { name: 'gru-reset-after-masked', cell: 'gru', resetAfter: true, seed: 22, lengths: [3, 6, 2, 5] },
  { name: 'gru-reset-before-full', cell: 'gru', resetAfter: false, seed: 31, lengths: null },
  { name: 'gru-reset-before-masked', cell: 'gru', resetAfter: false, seed: 32, lengths: [5, 1, 6, 4] },
  { name: 'simplernn-full', cell: 'rnn', seed: 41, lengths: null },
  // Step masks (valid steps per row): pre-padding, holes, a single valid step, a full row.
  { name: 'lstm-prepadded', cell: 'lstm', seed: 13, steps: [[0, 1, 2, 3, 4, 5], [2, 3, 4, 5], [5], [3, 4, 5]] },
  { name: 'gru-reset-after-holes', cell: 'gru', resetAfter: true, seed: 25, steps: [[0, 2, 3, 5], [1, 2, 3, 4, 5], [3], [0, 1, 4]] },
  { name: 'gru-reset-before-prepadded', cell: 'gru', resetAfter: false, seed: 33, steps: [[4, 5], [0, 1, 2, 3, 4, 5], [1, 3, 5], [2, 3, 5]] },
  { name: 'bidirectional-lstm-holes', cell: 'lstm', bidirectional: true, seed: 51, steps: [[1, 2, 4, 5], [3, 4, 5], [0, 5], [0, 1, 2, 3, 4, 5]] },
];
const B = 4, T = 6, I = 3, H = 5, C = 3;

function recurrentLayer(c) {
  if (c.bidirectional) {
    // Keras' Bidirectional: the backward copy runs with go_backwards over the reversed sequence AND mask, so it starts
    // at each row's last valid step and skips the masked ones.
    return tfl.layers.bidirectional({ name: 'recurrent', mergeMode: 'concat', layer: recurrentLayer({ ...c, bidirectional: false, inner: true }) });
  }
  const common = { units: H, returnSequences: false, kernelInitializer: 'zeros', recurrentInitializer: 'zeros' };
  if (!c.inner) common.name = 'recurrent';
  if (c.cell === 'lstm') return tfl.layers.lstm({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid', unitForgetBias: false });
  if (c.cell === 'rnn') return tfl.layers.simpleRNN({ ...common, activation: 'tanh' });
  if (c.resetAfter) return tfl.layers.rnn({ ...(c.inner ? {} : { name: 'recurrent' }), returnSequences: false, cell: new ResetAfterGRUCell({ units: H, kernelInitializer: 'zeros', recurrentInitializer: 'zeros' }) });
  return tfl.layers.gru({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid' });
}

function buildModel(c, weights) {
  const input = tfl.input({ shape: [T, I] });
  let h = input;
  if (c.lengths || c.steps) h = tfl.layers.masking({ maskValue: 0 }).apply(h);
  const rnn = recurrentLayer(c);
  const dense = tfl.layers.dense({ units: C, name: 'dense' });
  const out = tfl.layers.activation({ activation: 'softmax', name: 'softmax' }).apply(dense.apply(rnn.apply(h)));
  const model = tfl.model({ inputs: input, outputs: out });
  rnn.setWeights(recurrentKeys(c).map((n) => tf.tensor(weights[n].values, weights[n].shape)));
  dense.setWeights(['dense/kernel', 'dense/bias'].map((n) => tf.tensor(weights[n].values, weights[n].shape)));
  return model;
}

// The recurrent weights' keys in setWeights order: "recurrent/kernel", ... or, bidirectional, "recurrent/forward/kernel",
// ..., "recurrent/backward/kernel", ...
function recurrentKeys(c) {
  const names = ['kernel', 'recurrent_kernel', 'bias'];
  if (!c.bidirectional) return names.map((n) => `recurrent/${n}`);
  return ['forward', 'backward'].flatMap((d) => names.map((n) => `recurrent/${d}/${n}`));
}

// Model weights keyed "recurrent/kernel" ... in trainableWeights order (the keys the fixtures use).
function keyOf(variableName) {
  const bi = /^recurrent\/(forward|backward)_[^/]*\/(kernel|recurrent_kernel|bias)/.exec(variableName);
  if (bi) return `recurrent/${bi[1]}/${bi[2]}`;
  const m = /(recurrent|dense)[^/]*\/(kernel|recurrent_kernel|bias)/.exec(variableName);
  if (!m) throw new Error(`unexpected variable ${variableName}`);
  return `${m[1]}/${m[2]}`;
}

function runCase(c) {
  const next = rng(c.seed);
  const G = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  const biasShape = c.cell === 'gru' && c.resetAfter ? [2, G * H] : [G * H];
  const weights = {};
  for (const key of recurrentKeys(c)) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    if (name === 'kernel') weights[key] = { shape: [I, G * H], values: uniform(next, I * G * H, 0.6) };
    else if (name === 'recurrent_kernel') weights[key] = { shape: [H, G * H], values: uniform(next, H * G * H, 0.6) };
    else weights[key] = { shape: biasShape, values: uniform(next, biasShape.reduce((a, b) => a * b), 0.3) };
  }
  const D = c.bidirectional ? 2 : 1;
  weights['dense/kernel'] = { shape: [D * H, C], values: uniform(next, D * H * C, 0.8) };
  weights['dense/bias'] = { shape: [C], values: uniform(next, C, 0.2) };
  const x = uniform(next, B * T * I, 1.0);
  if (c.lengths) {
    for (let b = 0; b < B; b++) for (let t = c.lengths[b]; t < T; t++) for (let i = 0; i < I; i++) x[(b * T + t) * I + i] = 0;
  }
  // Step mask [B, T]: 1 at the listed steps; the others are zeroed so that Masking(0) masks exactly them.
  const mask = c.steps ? Array.from({ length: B * T }, (_, k) => (c.steps[Math.floor(k / T)].includes(k % T) ? 1 : 0)) : null;
  if (mask) {
    for (let k = 0; k < B * T; k++) if (!mask[k]) for (let i = 0; i < I; i++) x[k * I + i] = 0;
  }
  const targets = Array.from({ length: B }, (_, b) => (b + c.seed) % C);

  const xT = tf.tensor3d(x, [B, T, I]);
  const yT = tf.tensor1d(targets, 'float32');

  // Path 1: explicit gradients and one applyGradients. compile() only fetches Keras' loss function (the one fit
  // uses: tfjs-layers losses.sparseCategoricalCrossentropy, which tf.metrics does not export); the batch mean is
  // what trainOnBatch applies to it without sample weights.
  const model = buildModel(c, weights);
  const optimizer = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const lossOf = (pred) => tf.mean(model.lossFunctions[0](yT, pred));
  const probabilities = Array.from(model.predict(xT).dataSync());
  const vars = model.trainableWeights.map((w) => w.val);
  const { value, grads } = tf.variableGrads(() => lossOf(model.apply(xT, { training: true })), vars);
  const loss = value.dataSync()[0];
  const record = {};
  for (const v of vars) {
    const key = keyOf(v.name);
    record[key] = { shape: weights[key].shape, before: weights[key].values, gradient: Array.from(grads[v.name].dataSync()) };
  }
  optimizer.applyGradients(grads);
  for (const v of vars) record[keyOf(v.name)].after = Array.from(v.dataSync());

  let minAbsGradient = Infinity;
  for (const key of Object.keys(record)) for (const g of record[key].gradient) minAbsGradient = Math.min(minAbsGradient, Math.abs(g));
  if (!(minAbsGradient >= MIN_ABS_GRADIENT)) throw new Error(`${c.name}: smallest |gradient| ${minAbsGradient} < ${MIN_ABS_GRADIENT}; pick another seed`);

  // Path 2: Keras' own fit step on a twin model must give the same loss and weights.
  const twin = buildModel(c, weights);
  twin.compile({ optimizer: tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon), loss: 'sparseCategoricalCrossentropy' });
  return twin.trainOnBatch(xT, yT).then((twinLoss) => {
    let worst = Math.abs(twinLoss - loss);
    for (const w of twin.trainableWeights) {
      const after = w.val.dataSync(), mine = record[keyOf(w.val.name)].after;
      for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(after[i] - mine[i]));
    }
    if (!(worst <= TWIN_TOLERANCE)) throw new Error(`${c.name}: trainOnBatch differs from variableGrads+applyGradients by ${worst}`);
    // Length-only fixtures stay byte-identical: the step-mask keys are written only for the cases that use them.
    const extra = mask ? { bidirectional: !!c.bidirectional, mask } : {};
    return {
      generator: 'Tests/Tools~/tfjs-step/generate.mjs',
      tfjs: {
        'tfjs-core': versionOf('@tensorflow/tfjs-core'),
        'tfjs-layers': versionOf('@tensorflow/tfjs-layers'),
        'tfjs-backend-cpu': versionOf('@tensorflow/tfjs-backend-cpu'),
        backend: tf.getBackend(),
      },
      case: c.name,
      cell: c.cell,
      resetAfter: c.cell === 'gru' ? c.resetAfter : null,
      batch: B, time: T, input: I, hidden: H, classes: C,
      lengths: c.lengths ?? null,
      ...extra,
      x,
      targets,
      optimizer: { name: 'adam', ...ADAM },
      loss,
      probabilities,
      minAbsGradient,
      trainOnBatchMaxDifference: worst,
      weights: record,
    };
  });
}

await tf.setBackend('cpu');
mkdirSync(outDir, { recursive: true });
mkdirSync(maskedDir, { recursive: true });
let failed = 0;
for (const c of CASES) {
  const fixture = await runCase(c);
  const path = join(c.steps ? maskedDir : outDir, `${c.name}.json`);
  // One line per number array keeps the files short and diffable.
  const text = JSON.stringify(fixture, null, 1).replace(/\[\s*([-\d.eE+,\s]+?)\s*\]/g,
    (_, inner) => '[' + inner.split(/,\s*/).join(', ') + ']') + '\n';
  if (CHECK) {
    const same = readFileSync(path, 'utf8') === text;
    if (!same) failed++;
    console.log(`${same ? 'same' : 'DIFFERS'} ${c.name}`);
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${c.name}.json  loss ${fixture.loss.toFixed(6)}  min|g| ${fixture.minAbsGradient.toExponential(2)}  twin Δ ${fixture.trainOnBatchMaxDifference}`);
  }
}
if (failed) { console.error(`${failed} fixture(s) differ`); process.exit(1); }
console.log('OK');
