// Trains the forecasting recipe with TensorFlow.js (Keras semantics) on the series that Samples~/Forecasting
// exports, as an independent check of Recurrent's whole training loop. It knows nothing of Recurrent's code: windows,
// split, initialisation, shuffling and the fit loop are written here from the Keras documentation.
//
// Recipe: x [N, 50, 1] -> SimpleRNN(32, relu) | LSTM(32) | GRU(32, reset_after) -> Dense(1), MSE, Adam(1e-3), 20 epochs,
// batch 32, shuffled every epoch, the first 80 % of the windows train and the last 20 % test (time order).
//
//   node train.mjs SERIES.json [--draws 1,2,3] [--seeds N] [--models rnn,lstm,gru] [--epochs 20] [--out FILE.json]
//       trains every (draw, model, init seed) and prints test MSE beside the references and Recurrent's scores
//   node train.mjs SERIES.json --fixture [--check]
//       writes Tests/Fixtures~/tfjs-forecast/recipe-draw1.json for Tests/Oracle~/TfjsForecastTrainingTests.cs:
//       draw 1, initial weights, every epoch's batch order, per-batch losses, weights after 2 epochs, test MSE after 20
//   --backend cpu|wasm   (default: wasm for runs, about 3x faster; cpu, the pure-JS backend, for the fixture)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, '..', '..', 'Fixtures~', 'tfjs-forecast');
const require = createRequire(import.meta.url);
const versionOf = (name) => require(`${name}/package.json`).version;

// ---- arguments -------------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback; };
const VALUED = ['--draws', '--seeds', '--models', '--epochs', '--backend', '--out'];
const seriesPath = argv.find((a, i) => !a.startsWith('--') && !(i > 0 && VALUED.includes(argv[i - 1])));
if (!seriesPath) {
  console.error('usage: node train.mjs SERIES.json [--fixture [--check]] [--draws 1,2] [--seeds N] [--models rnn,lstm,gru] [--epochs 20] [--backend cpu|wasm] [--out FILE]');
  console.error('SERIES.json: dotnet run --project "Samples~/Forecasting" -- --export SERIES.json');
  process.exit(2);
}
const FIXTURE = flag('--fixture');
const CHECK = flag('--check');
const BACKEND = option('--backend', FIXTURE ? 'cpu' : 'wasm');

const UNITS = 32, BATCH = 32;
// tf.train.adam(lr, β1, β2, ε) = Keras' defaults. TF.js puts ε outside the bias-corrected root (lr·m̂/(√v̂ + ε)); Keras'
// Python Adam uses the ε̂ form. With ε = 1e-7 and these gradients the two differ far below anything measured here.
const ADAM = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const FIXTURE_CLOSE_EPOCHS = 2;   // weights recorded after this many epochs
const FIXTURE_EPOCHS = Number(option('--epochs', '20'));

// ---- deterministic randomness (mulberry32 + Box–Muller) ---------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gaussian(next) {
  let u = 0;
  while (u === 0) u = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
function shuffledOrder(next, n) {   // Fisher–Yates
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// ---- Keras initialisers (keras/src/initializers), written out here -----------------------------------------------
// glorot_uniform: U(±√(6/(fan_in + fan_out))) for a kernel [fan_in, fan_out].
function glorotUniform(next, rows, cols) {
  const limit = Math.sqrt(6 / (rows + cols));
  return Array.from({ length: rows * cols }, () => Math.fround((2 * next() - 1) * limit));
}
// orthogonal: A ~ N(0, 1) of shape [max, min], A = QR with diag(R) > 0 (Gram–Schmidt gives exactly that Q), transposed
// when rows < cols: a [H, G·H] recurrent kernel gets orthonormal rows.
function orthogonal(next, rows, cols) {
  const m = Math.max(rows, cols), k = Math.min(rows, cols);
  const q = Array.from({ length: k }, () => Array.from({ length: m }, () => gaussian(next)));   // k columns of length m
  for (let j = 0; j < k; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[j][i] * q[p][i];
      for (let i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[j][i] * q[j][i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[j][i] /= norm;
  }
  const w = new Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) w[r * cols + c] = Math.fround(rows >= cols ? q[c][r] : q[r][c]);
  return w;
}

// Keras layouts: kernel [1, G·H], recurrent_kernel [H, G·H], gates i,f,c,o (LSTM) / z,r,h (GRU); bias [G·H], or
// [2, 3H] = (input, recurrent) for GRU reset_after. LSTM: unit_forget_bias (the f block = 1). Dense [H, 1] + [1].
function kerasInitialWeights(kind, seed) {
  const next = mulberry32(seed);
  const G = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1, GH = G * UNITS;
  const bias = kind === 'gru' ? new Array(2 * GH).fill(0) : new Array(GH).fill(0);
  if (kind === 'lstm') for (let h = UNITS; h < 2 * UNITS; h++) bias[h] = 1;
  return {
    'recurrent/kernel': { shape: [1, GH], values: glorotUniform(next, 1, GH) },
    'recurrent/recurrent_kernel': { shape: [UNITS, GH], values: orthogonal(next, UNITS, GH) },
    'recurrent/bias': { shape: kind === 'gru' ? [2, GH] : [GH], values: bias },
    'dense/kernel': { shape: [UNITS, 1], values: glorotUniform(next, UNITS, 1) },
    'dense/bias': { shape: [1], values: [0] },
  };
}
const WEIGHT_KEYS = ['recurrent/kernel', 'recurrent/recurrent_kernel', 'recurrent/bias', 'dense/kernel', 'dense/bias'];

// ---- the models ---------------------------------------------------------------------------------------------------
// Keras GRU with reset_after=True (keras/src/layers/rnn/gru.py, GRUCell.call; Keras' default since 2.x). TF.js 4.x only
// has reset_after=False, so this subclasses its GRUCell (keeping the RNN loop and autodiff) and replaces build/call:
//   z = σ(x_z + r_z), r = σ(x_r + r_r), hh = tanh(x_h + r ⊙ r_h), h' = z ⊙ h + (1 − z) ⊙ hh,
//   x_* = x·kernel + b_in, r_* = h·recurrent_kernel + b_rec. Same cell as Tests/Tools~/tfjs-step.
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

function buildModel(kind, window, weights) {
  // Initialisers are 'zeros' only to skip TF.js' own (its orthogonal needs chained ops this build lacks); the Keras
  // initial weights are set right after.
  const common = { units: UNITS, name: 'recurrent', returnSequences: false, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros' };
  const recurrent = kind === 'rnn' ? tfl.layers.simpleRNN({ ...common, activation: 'relu' })
    : kind === 'lstm' ? tfl.layers.lstm({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid', unitForgetBias: false })
      : tfl.layers.rnn({ name: 'recurrent', returnSequences: false, cell: new ResetAfterGRUCell({ units: UNITS, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros' }) });
  const dense = tfl.layers.dense({ units: 1, name: 'dense', kernelInitializer: 'zeros' });
  const input = tfl.input({ shape: [window, 1] });
  const model = tfl.model({ inputs: input, outputs: dense.apply(recurrent.apply(input)) });
  recurrent.setWeights(WEIGHT_KEYS.slice(0, 3).map((k) => tf.tensor(weights[k].values, weights[k].shape)));
  dense.setWeights(WEIGHT_KEYS.slice(3).map((k) => tf.tensor(weights[k].values, weights[k].shape)));
  // Keras' model.compile(optimizer=Adam(1e-3), loss='mse'); the fit loop below is Keras' (one train_on_batch per batch).
  model.compile({ optimizer: tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon), loss: 'meanSquaredError' });
  return model;
}

function weightsOf(model) {
  const out = {};
  for (const w of model.trainableWeights) {
    const m = /(recurrent|dense)[^/]*\/(?:.*cell[^/]*\/)?(kernel|recurrent_kernel|bias)/.exec(w.val.name);
    if (!m) throw new Error(`unexpected variable ${w.val.name}`);
    out[`${m[1]}/${m[2]}`] = { shape: w.shape, values: Array.from(w.val.dataSync()) };
  }
  for (const k of WEIGHT_KEYS) if (!out[k]) throw new Error(`weight ${k} not found`);
  return out;
}

// ---- data: windows of the exported series (x[s .. s+50) -> x[s+50]), time-ordered 80/20 split ----------------------
function windowsOf(series, window, trainFraction) {
  const count = series.length - window;
  const trainCount = Math.floor(count * trainFraction);
  const x = new Float32Array(count * window), y = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    for (let k = 0; k < window; k++) x[s * window + k] = series[s + k];
    y[s] = series[s + window];
  }
  return { x, y, count, trainCount, testCount: count - trainCount, window };
}
function batchOf(data, indices) {
  const W = data.window, x = new Float32Array(indices.length * W), y = new Float32Array(indices.length);
  indices.forEach((s, b) => { x.set(data.x.subarray(s * W, (s + 1) * W), b * W); y[b] = data.y[s]; });
  return [tf.tensor3d(x, [indices.length, W, 1]), tf.tensor2d(y, [indices.length, 1])];
}
function mse(model, data, start, count) {
  const idx = Array.from({ length: count }, (_, i) => start + i);
  const [x, y] = batchOf(data, idx);
  const p = model.predict(x, { batchSize: BATCH });
  const pv = p.dataSync(), yv = y.dataSync();
  let sum = 0;
  for (let i = 0; i < count; i++) { const e = pv[i] - yv[i]; sum += e * e; }
  tf.dispose([x, y, p]);
  return sum / count;
}

// Keras' fit: every epoch a fresh shuffle of the training windows, one optimizer step per batch of 32 (the last batch
// may be smaller), the epoch's loss = the batch losses' mean weighted by batch size. The orders come from a seeded
// mulberry32 stream and are returned, so that the fixture can hand them to another implementation to replay.
async function fit(model, data, epochs, orderSeed, onEpoch) {
  const next = mulberry32(orderSeed);
  const orders = [], batchLosses = [], epochLosses = [], valLosses = [];
  for (let e = 0; e < epochs; e++) {
    const order = shuffledOrder(next, data.trainCount);
    orders.push(order);
    let sum = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const idx = order.slice(start, start + BATCH);
      const [x, y] = batchOf(data, idx);
      const loss = await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      batchLosses.push(loss);
      sum += loss * idx.length;
    }
    epochLosses.push(sum / order.length);
    valLosses.push(mse(model, data, data.trainCount, data.testCount));
    if (onEpoch) onEpoch(e, model);
  }
  return { orders, batchLosses, epochLosses, valLosses };
}

// One line per number array keeps the files short and diffable.
const compactJson = (value) => JSON.stringify(value, null, 1).replace(/\[\s*([-\d.eE+,\s]+?)\s*\]/g,
  (_, inner) => '[' + inner.split(/,\s*/).join(', ') + ']') + '\n';

// ---- modes -----------------------------------------------------------------------------------------------------------
const exported = JSON.parse(readFileSync(seriesPath, 'utf8'));
await tf.setBackend(BACKEND);
const versions = {
  'tfjs-core': versionOf('@tensorflow/tfjs-core'),
  'tfjs-layers': versionOf('@tensorflow/tfjs-layers'),
  [`tfjs-backend-${BACKEND}`]: versionOf(`@tensorflow/tfjs-backend-${BACKEND}`),
  backend: tf.getBackend(),
};
const drawOf = (seed) => {
  const d = exported.draws.find((x) => x.noiseSeed === seed);
  if (!d) throw new Error(`draw ${seed} is not in ${seriesPath}; export more draws (--draws N)`);
  return { ...d, series: d.series.map(Math.fround) };
};

if (FIXTURE) {
  const draw = drawOf(1);
  const data = windowsOf(draw.series, exported.window, exported.trainFraction);
  if (data.trainCount !== draw.trainCount) throw new Error(`train count ${data.trainCount} ≠ exported ${draw.trainCount}`);
  const models = {};
  const orderSeed = 7;
  let orders = null;
  const fixtureKinds = ['rnn', 'lstm', 'gru'];
  for (const kind of option('--models', fixtureKinds.join(',')).split(',')) {
    const initSeed = 101 + fixtureKinds.indexOf(kind);
    const before = kerasInitialWeights(kind, initSeed);
    const model = buildModel(kind, data.window, before);
    let after2 = null;
    const t0 = Date.now();
    const run = await fit(model, data, FIXTURE_EPOCHS, orderSeed, (e, m) => { if (e + 1 === FIXTURE_CLOSE_EPOCHS) after2 = weightsOf(m); });
    const testMse = mse(model, data, data.trainCount, data.testCount);
    console.log(`${kind}: test MSE after ${FIXTURE_EPOCHS} epochs ${testMse.toFixed(5)}, epoch losses ${run.epochLosses.map((l) => l.toFixed(4)).join(' ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    models[kind] = {
      initSeed,
      activation: kind === 'rnn' ? 'relu' : 'tanh',
      recurrentActivation: kind === 'rnn' ? null : 'sigmoid',
      resetAfter: kind === 'gru' ? true : null,
      before,
      after2Epochs: after2,
      batchLosses: run.batchLosses,
      epochLosses: run.epochLosses,
      valLosses: run.valLosses,
      testMse,
    };
    // Every model replays the same orders (same seed); they are stored once.
    if (orders === null) orders = run.orders;
    else if (JSON.stringify(run.orders) !== JSON.stringify(orders)) throw new Error('orders differ between models');
  }
  const fixture = {
    generator: 'Tests/Tools~/tfjs-forecast/train.mjs --fixture',
    tfjs: versions,
    series: { noiseSeed: draw.noiseSeed, formula: exported.formula, values: draw.series },
    window: data.window, trainCount: data.trainCount, testCount: data.testCount,
    units: UNITS, batchSize: BATCH, epochs: FIXTURE_EPOCHS, weightsAfterEpochs: FIXTURE_CLOSE_EPOCHS,
    optimizer: { name: 'adam', ...ADAM, epsilonPlacement: 'lr*mhat/(sqrt(vhat)+eps)' },
    loss: 'meanSquaredError',
    orderSeed, orders,
    models,
  };
  const text = compactJson(fixture);
  const path = option('--out', join(fixtureDir, 'recipe-draw1.json'));
  if (CHECK) {
    let same = false;
    try { same = readFileSync(path, 'utf8') === text; } catch { same = false; }
    console.log(same ? 'same recipe-draw1.json' : 'DIFFERS recipe-draw1.json');
    process.exit(same ? 0 : 1);
  }
  mkdirSync(fixtureDir, { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
} else {
  const drawSeeds = option('--draws', exported.draws.map((d) => d.noiseSeed).join(',')).split(',').map(Number);
  const seeds = Number(option('--seeds', '1'));
  const kinds = option('--models', 'rnn,lstm,gru').split(',');
  const epochs = Number(option('--epochs', String(exported.epochs)));
  const out = option('--out', null);
  const rows = [];
  console.log(`TF.js ${versions['tfjs-layers']} (${versions.backend}); ${epochs} epochs, batch ${BATCH}, Adam(${ADAM.learningRate}), Keras init; ` +
    `draws ${drawSeeds.join(',')}; ${seeds} init seed(s) per draw`);
  for (const ds of drawSeeds) {
    const draw = drawOf(ds);
    const data = windowsOf(draw.series, exported.window, exported.trainFraction);
    for (const kind of kinds) {
      for (let s = 0; s < seeds; s++) {
        const seed = 1000 * ds + 10 * s + kinds.indexOf(kind);
        const model = buildModel(kind, data.window, kerasInitialWeights(kind, seed));
        const t0 = Date.now();
        const run = await fit(model, data, epochs, seed + 500);
        const testMse = mse(model, data, data.trainCount, data.testCount);
        const ours = draw.recurrent?.[kind];
        rows.push({ draw: ds, kind, seed, testMse, trainLoss: run.epochLosses, valLoss: run.valLosses, recurrent: ours ?? null, references: draw.references });
        console.log(`draw ${ds} ${kind.padEnd(4)} seed ${seed}: test MSE ${testMse.toFixed(4)} (train ${run.epochLosses.at(-1).toFixed(4)}); ` +
          `Recurrent ${ours?.toFixed(4) ?? '-'}; oracle ${draw.references.oracle.toFixed(4)}, phase fit ${draw.references.phaseFit.toFixed(4)}, ` +
          `AR ${draw.references.linearAr.toFixed(4)}  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        if (out) writeFileSync(out, compactJson({ generator: 'Tests/Tools~/tfjs-forecast/train.mjs', series: seriesPath.split(/[\\/]/).pop(), tfjs: versions, epochs, adam: ADAM, rows }));
      }
    }
  }
  const meanSd = (v) => { const m = v.reduce((a, b) => a + b, 0) / v.length; const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0; return `${m.toFixed(4)} ± ${sd.toFixed(4)}`; };
  for (const kind of kinds) {
    const r = rows.filter((x) => x.kind === kind);
    console.log(`${kind.padEnd(4)} TF.js ${meanSd(r.map((x) => x.testMse))} over ${r.length} runs; excess over oracle ${meanSd(r.map((x) => x.testMse - x.references.oracle))}`);
  }
}
