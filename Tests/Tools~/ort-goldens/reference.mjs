// Plain float64 implementation of the ONNX RNN/GRU/LSTM operator equations (layout 0), used by generate.mjs only
// as a cross-check of ONNX Runtime's outputs. The fixtures themselves always hold ONNX Runtime's results.
// Equations: https://onnx.ai/onnx/operators/onnx__LSTM.html (and __GRU, __RNN). Gate orders: LSTM i,o,f,c;
// GRU z,r,h. Clip bounds the inputs of the gate activations f and g (not the cell state fed to h).

/** Activation functions of the ONNX recurrent operators; alpha/beta as in the operator docs. */
export const ACTIVATIONS = {
  Relu: (x) => Math.max(0, x),
  Tanh: (x) => Math.tanh(x),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Affine: (x, a, b) => a * x + b,
  LeakyRelu: (x, a) => (x >= 0 ? x : a * x),
  ThresholdedRelu: (x, a) => (x > a ? x : 0),
  ScaledTanh: (x, a, b) => a * Math.tanh(b * x),
  HardSigmoid: (x, a, b) => Math.max(0, Math.min(1, a * x + b)),
  Elu: (x, a) => (x >= 0 ? x : a * (Math.exp(x) - 1)),
  Softsign: (x) => x / (1 + Math.abs(x)),
  Softplus: (x) => Math.log1p(Math.exp(x)),
};

/** Which of alpha/beta each activation takes. */
export const TAKES = {
  Relu: [false, false], Tanh: [false, false], Sigmoid: [false, false], Softsign: [false, false], Softplus: [false, false],
  Affine: [true, true], LeakyRelu: [true, false], ThresholdedRelu: [true, false], ScaledTanh: [true, true],
  HardSigmoid: [true, true], Elu: [true, false],
};

/**
 * Defaults from the ONNX spec ("the same as of corresponding ONNX operators"). Affine and ScaledTanh have no
 * standard ONNX operator any more; the values of the former experimental operators are used (Affine 1, 0) or
 * none is defined (ScaledTanh: null).
 */
export const SPEC_DEFAULTS = {
  Affine: [1.0, 0.0], LeakyRelu: [0.01, null], ThresholdedRelu: [1.0, null], ScaledTanh: [null, null],
  HardSigmoid: [0.2, 0.5], Elu: [1.0, null],
};

/**
 * Resolves activation names + optional alpha/beta lists with the spec rule: the lists are consumed in order, only
 * by the activations that take an alpha (resp. beta); missing values take the defaults.
 */
export function resolveActivations(names, alphas, betas, defaults = SPEC_DEFAULTS) {
  let ia = 0;
  let ib = 0;
  return names.map((name) => {
    const [takesA, takesB] = TAKES[name];
    const [da, db] = defaults[name] ?? [null, null];
    const alpha = takesA ? (alphas && ia < alphas.length ? alphas[ia++] : da) : 0;
    const beta = takesB ? (betas && ib < betas.length ? betas[ib++] : db) : 0;
    if (alpha === null || beta === null) return null; // undefined by the spec
    const fn = ACTIVATIONS[name];
    return (x) => fn(x, alpha, beta);
  });
}

const clipFn = (clip) => (clip === undefined || clip === null ? (x) => x : (x) => Math.max(-clip, Math.min(clip, x)));

// dot of row `row` of matrix M (row stride n, starting at offset off) with vector v[0..n)
function dot(M, off, row, n, v) {
  let s = 0;
  const base = off + row * n;
  for (let k = 0; k < n; k++) s += M[base + k] * v[k];
  return s;
}

/**
 * Runs one op. p = { op: 'RNN'|'GRU'|'LSTM', T, B, I, H, direction, X, W, R, Bias?, seqLens?, initialH?, initialC?, P?,
 *   acts: resolved activation functions (per direction, in op order), clip?, linearBeforeReset?, inputForget? }.
 * Returns { Y: Float64Array [T,D,B,H], Y_h: [D,B,H], Y_c: [D,B,H] (LSTM) }.
 */
export function runReference(p) {
  const { op, T, B, I, H } = p;
  const D = p.direction === 'bidirectional' ? 2 : 1;
  const G = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
  const nActs = op === 'LSTM' ? 3 : op === 'GRU' ? 2 : 1;
  const clip = clipFn(p.clip);
  const Y = new Float64Array(T * D * B * H);
  const Yh = new Float64Array(D * B * H);
  const Yc = new Float64Array(D * B * H);

  for (let d = 0; d < D; d++) {
    const reverse = p.direction === 'reverse' || d === 1;
    const acts = p.acts.slice(d * nActs, (d + 1) * nActs);
    const wOff = d * G * H * I;
    const rOff = d * G * H * H;
    const bias = (j) => (p.Bias ? p.Bias[d * 2 * G * H + j] : 0); // Wb then Rb
    const rb = (j) => (p.Bias ? p.Bias[d * 2 * G * H + G * H + j] : 0);
    for (let b = 0; b < B; b++) {
      const len = p.seqLens ? p.seqLens[b] : T;
      let h = new Float64Array(H);
      let c = new Float64Array(H);
      if (p.initialH) for (let j = 0; j < H; j++) h[j] = p.initialH[(d * B + b) * H + j];
      if (p.initialC) for (let j = 0; j < H; j++) c[j] = p.initialC[(d * B + b) * H + j];
      for (let s = 0; s < len; s++) {
        const t = reverse ? len - 1 - s : s;
        const x = p.X.subarray((t * B + b) * I, (t * B + b + 1) * I);
        const xw = (g, j) => dot(p.W, wOff, g * H + j, I, x) + bias(g * H + j);
        const hr = (g, j) => dot(p.R, rOff, g * H + j, H, h) + rb(g * H + j);
        const nh = new Float64Array(H);
        if (op === 'RNN') {
          for (let j = 0; j < H; j++) nh[j] = acts[0](clip(xw(0, j) + hr(0, j)));
        } else if (op === 'GRU') {
          const [f, g] = acts;
          const z = new Float64Array(H);
          const r = new Float64Array(H);
          for (let j = 0; j < H; j++) {
            z[j] = f(clip(xw(0, j) + hr(0, j)));
            r[j] = f(clip(xw(1, j) + hr(1, j)));
          }
          const rh = new Float64Array(H);
          for (let j = 0; j < H; j++) rh[j] = r[j] * h[j];
          for (let j = 0; j < H; j++) {
            let pre;
            if (p.linearBeforeReset) pre = xw(2, j) + r[j] * hr(2, j);
            else pre = xw(2, j) + dot(p.R, rOff, 2 * H + j, H, rh) + rb(2 * H + j);
            const hh = g(clip(pre));
            nh[j] = (1 - z[j]) * hh + z[j] * h[j];
          }
        } else {
          const [f, g, hAct] = acts;
          const P = p.P ? (k, j) => p.P[d * 3 * H + k * H + j] : () => 0; // Pi, Po, Pf
          const nc = new Float64Array(H);
          for (let j = 0; j < H; j++) {
            const i = f(clip(xw(0, j) + hr(0, j) + P(0, j) * c[j]));
            const fg = p.inputForget ? 1 - i : f(clip(xw(2, j) + hr(2, j) + P(2, j) * c[j]));
            const cc = g(clip(xw(3, j) + hr(3, j)));
            nc[j] = fg * c[j] + i * cc;
            const o = f(clip(xw(1, j) + hr(1, j) + P(1, j) * nc[j]));
            nh[j] = o * hAct(nc[j]);
          }
          c = nc;
        }
        h = nh;
        for (let j = 0; j < H; j++) Y[((t * D + d) * B + b) * H + j] = h[j];
      }
      for (let j = 0; j < H; j++) {
        Yh[(d * B + b) * H + j] = h[j];
        Yc[(d * B + b) * H + j] = c[j];
      }
    }
  }
  return op === 'LSTM' ? { Y, Y_h: Yh, Y_c: Yc } : { Y, Y_h: Yh };
}
