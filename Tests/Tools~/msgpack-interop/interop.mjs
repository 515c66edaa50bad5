// Cross-checks Recurrent's C# MessagePack codec and model file format against the independent @msgpack/msgpack
// library (see README.md). It writes the JS-side fixtures and verifies the C#-side ones; it never runs C#.
//
//   node interop.mjs            write from-js.* and gru-model-from-js.msgpack, then verify the from-csharp files
//   node interop.mjs --check    only verify (writes nothing)
import {
  encode, decode, ExtensionCodec, ExtData, EXT_TIMESTAMP, encodeTimeSpecToTimestamp, decodeTimestampToTimeSpec,
} from "@msgpack/msgpack";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "..", "Fixtures~", "msgpack-interop");
const checkOnly = process.argv.includes("--check");

// ---- value model ---------------------------------------------------------------------------------------------

/** A timestamp with exact seconds and nanoseconds (Date has only milliseconds). */
class Stamp {
  constructor(sec, nsec) { this.sec = sec; this.nsec = nsec; }
}

/** float32 values that travel as a little-endian bin (a tensor's data). */
class F32 {
  constructor(values) { this.values = values.map(Math.fround); }
  toBytes() {
    const view = new DataView(new ArrayBuffer(4 * this.values.length));
    this.values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    return new Uint8Array(view.buffer);
  }
}

const codec = new ExtensionCodec();
codec.register({
  type: EXT_TIMESTAMP,
  encode: (o) => (o instanceof Stamp ? encodeTimeSpecToTimestamp({ sec: o.sec, nsec: o.nsec }) : null),
  decode: (data) => { const t = decodeTimestampToTimeSpec(data); return new Stamp(t.sec, t.nsec); },
});

// Large integers are BigInts: with useBigInt64 they are written as uint64/int64 (and read back as BigInt).
const encodeOptions = { extensionCodec: codec, useBigInt64: true };
const decodeOptions = { extensionCodec: codec, useBigInt64: true };

/** The value as @msgpack/msgpack should encode it (F32 -> bytes). @msgpack/msgpack 3.1.3 cannot encode a Map, so
 *  maps with non-string keys appear only in the C# document (their decoded keys are strings, hence $map below). */
function toWire(v) {
  if (v instanceof F32) return v.toBytes();
  if (v instanceof Stamp || v instanceof ExtData || v instanceof Uint8Array || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toWire);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
}

const hex = (bytes) => Buffer.from(bytes).toString("hex");

/** The JSON description: plain JSON plus $bin, $f32le, $bigint, $timestamp, $ext and $map tags. */
function toTagged(v) {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : { $bigint: v.toString() };
  if (v instanceof F32) return { $f32le: v.values };
  if (v instanceof Uint8Array) return { $bin: hex(v) };
  if (v instanceof Stamp) return { $timestamp: [v.sec, v.nsec] };
  if (v instanceof ExtData) return { $ext: [v.type, hex(v.data)] };
  if (Array.isArray(v)) return v.map(toTagged);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toTagged(x)]));
}

/** Compares a decoded value with its JSON description; returns a list of differences (empty = equal). */
function diff(expected, actual, path = "$", out = []) {
  const fail = (why) => out.push(`${path}: ${why}`);
  if (expected === null) { if (actual !== null && actual !== undefined) fail(`expected nil, got ${String(actual)}`); return out; }
  if (typeof expected === "boolean" || typeof expected === "string") {
    if (actual !== expected) fail(`expected ${JSON.stringify(expected)}, got ${String(actual)}`);
    return out;
  }
  if (typeof expected === "number") {
    const ok = typeof actual === "bigint" ? Number.isInteger(expected) && BigInt(expected) === actual : actual === expected;
    if (!ok) fail(`expected ${expected}, got ${String(actual)}`);
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) { fail(`expected an array of ${expected.length}, got ${String(actual)}`); return out; }
    expected.forEach((e, i) => diff(e, actual[i], `${path}[${i}]`, out));
    return out;
  }
  if ("$bigint" in expected) { if (BigInt(expected.$bigint) !== (typeof actual === "bigint" ? actual : NaN)) fail(`expected ${expected.$bigint}n, got ${String(actual)}`); return out; }
  if ("$bin" in expected) { if (!(actual instanceof Uint8Array) || hex(actual) !== expected.$bin) fail(`expected bin ${expected.$bin}`); return out; }
  if ("$f32le" in expected) {
    const want = new F32(expected.$f32le).toBytes();
    if (!(actual instanceof Uint8Array) || hex(actual) !== hex(want)) fail(`expected float32 LE ${JSON.stringify(expected.$f32le)}`);
    return out;
  }
  if ("$timestamp" in expected) {
    const [sec, nsec] = expected.$timestamp;
    if (!(actual instanceof Stamp) || actual.sec !== sec || actual.nsec !== nsec) fail(`expected timestamp ${sec}s ${nsec}ns, got ${JSON.stringify(actual)}`);
    return out;
  }
  if ("$ext" in expected) {
    const [type, data] = expected.$ext;
    if (!(actual instanceof ExtData) || actual.type !== type || hex(actual.data) !== data) fail(`expected ext ${type} ${data}`);
    return out;
  }
  if ("$map" in expected) {
    if (actual === null || typeof actual !== "object") { fail("expected a map"); return out; }
    if (Object.keys(actual).length !== expected.$map.length) fail(`expected ${expected.$map.length} entries`);
    for (const [k, e] of expected.$map) diff(e, actual[String(k)], `${path}[${JSON.stringify(k)}]`, out);
    return out;
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual) || actual instanceof Uint8Array) { fail("expected a map"); return out; }
  const ek = Object.keys(expected), ak = Object.keys(actual);
  if (ek.join("\u0000") !== ak.join("\u0000")) fail(`keys differ: expected [${ek}], got [${ak}]`);
  for (const k of ek) diff(expected[k], actual[k], `${path}.${k}`, out);
  return out;
}

// ---- (a) the document written by JS ---------------------------------------------------------------------------

const fromJs = {
  format: "recurrent-interop",
  producer: "@msgpack/msgpack 3.1.3",
  text: "café ✓ 日本 🎉",
  empty: "",
  str8: "a".repeat(32),
  str16: "b".repeat(300),
  nil: null,
  flags: [true, false],
  ints: [0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, -1, -32, -33, -128, -129, -32768, -32769, -2147483648,
    4294967296n, -2147483649n, 9007199254740991n, 18446744073709551615n, -9223372036854775808n],
  floats: [0.5, -0.25, 0.1, -1e300, Math.PI, 1.5e-300],
  weights: { name: "lstm_1/W", dtype: "float32", shape: [2, 3], data: new F32([0.5, -1.25, 3.1415927, 1e-8, -65504, 7]) },
  bin8: new Uint8Array([0, 1, 2, 254, 255]),
  bin16: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff),
  nested: { a: { b: { c: [[], {}, [1, [2, [3]]]] } } },
  array16: Array.from({ length: 16 }, (_, i) => i),
  map16: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${String(i).padStart(2, "0")}`, i])),
  timestamps: [new Stamp(1514862245, 0), new Stamp(1514862245, 678901234), new Stamp(-62167219200, 0), new Stamp(253402300799, 999999999)],
  ext: [new ExtData(1, new Uint8Array([0x10])), new ExtData(7, new Uint8Array([0x70, 0x71, 0x72])), new ExtData(6, new Uint8Array(0))],
};

// ---- the GRU model file built from docs/model-format.md alone -------------------------------------------------

/** Weight k, element i: a rational formula that JS and C# evaluate to the same float32 (IEEE division, then fround). */
const weightValue = (k, i) => Math.fround(((i * 37 + k * 101) % 97) / 97 - 0.5);
const tensor = (k, shape) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, dtype: "float32", data: new F32(Array.from({ length: n }, (_, i) => weightValue(k, i))).toBytes() };
};

// I = 3 features, GRU H = 4 (linear_before_reset, last step only), Dense 4 -> 2, Softmax. Keys deliberately in an
// order other than Recurrent's, plus keys the reader must skip.
const gruModel = {
  version: 1,
  x_comment: { note: "unknown keys are skipped", nested: [1, 2, { deep: true }] },
  weights: [
    { name: "dense_1/bias", ...tensor(4, [2]) },
    { data: tensor(0, [1, 12, 3]).data, shape: [1, 12, 3], dtype: "float32", name: "gru_1/W" },
    { name: "gru_1/R", ...tensor(1, [1, 12, 4]) },
    { name: "gru_1/B", ...tensor(2, [1, 24]), x_unused: "skip me" },
    { name: "dense_1/kernel", ...tensor(3, [4, 2]) },
  ],
  architecture: [
    { name: "gru_1", kind: "recurrent", cell: "gru", hidden_size: 4, direction: "forward", activations: ["Sigmoid", "Tanh"],
      activation_alpha: null, activation_beta: null, clip: null, input_forget: false, linear_before_reset: true,
      return_sequences: false, merge: "concat" },
    { kind: "dense", name: "dense_1", activation: { kind: "Identity", alpha: 0, beta: 0 } },
    { kind: "softmax", name: "softmax_1", size: 2, log: false },
  ],
  name: "gru-from-js",
  metadata: { producer: "@msgpack/msgpack 3.1.3", created: "2025-01-01T00:00:00Z", "training.note": "weights from a formula" },
  preprocessing: { labels: ["left", "right"], scaler: { kind: "standard", mean: [0, 0.5, -0.5], scale: [1, 2, 0.25] } },
  format: "recurrent-model",
};

// ---- (b) checks of the files written by C# --------------------------------------------------------------------

function checkFromCSharp() {
  const bytes = readFileSync(join(fixtures, "from-csharp.msgpack"));
  const expected = JSON.parse(readFileSync(join(fixtures, "from-csharp.json"), "utf8"));
  const problems = diff(expected, decode(bytes, decodeOptions));
  if (problems.length) throw new Error("from-csharp.msgpack does not match from-csharp.json:\n  " + problems.join("\n  "));
  console.log(`from-csharp.msgpack: ${bytes.length} bytes decode to from-csharp.json: OK`);
}

/** A model file written by C# ModelFile, checked against the schema of docs/model-format.md. */
function checkModelFromCSharp() {
  const path = join(fixtures, "model-from-csharp.msgpack");
  const bytes = readFileSync(path);
  const m = decode(bytes, decodeOptions);
  const must = (cond, why) => { if (!cond) throw new Error(`model-from-csharp.msgpack: ${why}`); };
  must(m.format === "recurrent-model", "format");
  must(Number(m.version) === 1, "version");
  must(Array.isArray(m.architecture) && m.architecture.length > 0, "architecture");
  const names = new Set();
  for (const w of m.weights) {
    const n = w.shape.map(Number).reduce((a, b) => a * b, 1);
    must(w.data instanceof Uint8Array && w.data.length === n * (w.dtype === "float16" ? 2 : 4), `${w.name}: data length`);
    names.add(w.name);
  }
  for (const l of m.architecture) {
    must(typeof l.kind === "string" && typeof l.name === "string", "layer kind/name");
    const needs = { embedding: ["embeddings"], recurrent: ["W", "R"], dense: ["kernel"] }[l.kind] ?? [];
    for (const s of needs) must(names.has(`${l.name}/${s}`), `${l.name}/${s} missing`);
  }
  must(typeof m.metadata.producer === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(m.metadata.created), "metadata");
  if (m.preprocessing !== undefined) checkPreprocessing(m, must);
  console.log(`model-from-csharp.msgpack: ${m.architecture.length} layers, ${m.weights.length} weights follow docs/model-format.md: OK`);
}

/** The `preprocessing` section of docs/model-format.md: keys, value types and sizes that must fit the model. */
function checkPreprocessing(m, must) {
  const p = m.preprocessing;
  const isStrList = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
  const isNumList = (v) => Array.isArray(v) && v.every((x) => typeof x === "number");
  const keysIn = (o, allowed, what) => Object.keys(o).forEach((k) => must(allowed.includes(k), `${what}: unexpected key ${k}`));
  keysIn(p, ["tokenizer", "scaler", "stroke", "window", "labels"], "preprocessing");
  const last = m.architecture[m.architecture.length - 1];
  if (p.labels !== undefined) must(isStrList(p.labels), "preprocessing.labels");
  if (p.stroke !== undefined) {
    const s = p.stroke;
    keysIn(s, ["resample", "points", "spacing", "normalization", "normalize_translation", "normalize_scale", "scale_mode",
      "rotation_invariant", "reference_size", "features"], "preprocessing.stroke");
    must(["none", "arc_length", "time"].includes(s.resample), "stroke.resample");
    must(Number.isInteger(Number(s.points)) && Number(s.points) >= 0, "stroke.points");
    must(typeof s.spacing === "number" && s.spacing >= 0, "stroke.spacing");
    must(["gesture", "streaming_safe"].includes(s.normalization), "stroke.normalization");
    must(["bounding_box", "rms_radius"].includes(s.scale_mode), "stroke.scale_mode");
    for (const k of ["normalize_translation", "normalize_scale", "rotation_invariant"]) must(typeof s[k] === "boolean", `stroke.${k}`);
    must(typeof s.reference_size === "number" && s.reference_size > 0, "stroke.reference_size");
    must(isStrList(s.features) && s.features.every((f) => ["x", "y", "dx", "dy", "pen", "pen_up"].includes(f)), "stroke.features");
    const first = m.architecture[0];
    const w = m.weights.find((t) => t.name === `${first.name}/W`);
    if (w) must(Number(w.shape[2]) === s.features.length, "stroke.features: one per model input feature");
  }
  if (p.scaler !== undefined) {
    const s = p.scaler;
    must(s.kind === "standard" ? isNumList(s.mean) && isNumList(s.scale) && s.mean.length === s.scale.length
      : s.kind === "minmax" && isNumList(s.min) && isNumList(s.max) && s.min.length === s.max.length, "scaler");
  }
  if (p.tokenizer !== undefined) {
    const t = p.tokenizer;
    must(["char", "word", "bpe"].includes(t.kind) && isStrList(t.vocabulary), "tokenizer");
    must(t.merges === undefined || (Array.isArray(t.merges) && t.merges.every((x) => isStrList(x) && x.length === 2)), "tokenizer.merges");
  }
  if (p.window !== undefined) {
    const w = p.window;
    must(Number(w.length) >= 0 && Number(w.horizon) >= 1 && (w.targets === null || isNumList(w.targets.map(Number))), "window");
  }
  if (p.labels !== undefined && last.kind === "softmax") must(Number(last.size) === p.labels.length, "labels: one per output");
}

if (!checkOnly) {
  mkdirSync(fixtures, { recursive: true });
  const bytes = encode(toWire(fromJs), encodeOptions);
  writeFileSync(join(fixtures, "from-js.msgpack"), bytes);
  writeFileSync(join(fixtures, "from-js.json"), JSON.stringify(toTagged(fromJs)) + "\n");
  const model = encode(toWire(gruModel), encodeOptions);
  writeFileSync(join(fixtures, "gru-model-from-js.msgpack"), model);
  console.log(`wrote from-js.msgpack (${bytes.length} bytes), from-js.json, gru-model-from-js.msgpack (${model.length} bytes)`);
}

// Self-check: our own output decodes back to its description.
const own = diff(toTagged(fromJs), decode(readFileSync(join(fixtures, "from-js.msgpack")), decodeOptions));
if (own.length) throw new Error("from-js.msgpack does not decode to from-js.json:\n  " + own.join("\n  "));

let missing = 0;
for (const [file, check] of [["from-csharp.msgpack", checkFromCSharp], ["model-from-csharp.msgpack", checkModelFromCSharp]]) {
  if (existsSync(join(fixtures, file))) check();
  else { console.log(`${file}: missing (generate it with the [Explicit] C# test, see README.md)`); missing++; }
}
console.log(missing ? "NOT OK: C# fixtures missing" : "OK");
process.exitCode = missing ? 1 : 0;
