// Serializes single-node ONNX models (onnx.ModelProto) and tensors (onnx.TensorProto) for the ort-goldens and
// ort-bench tools. Only the handful of fields those tools need are written; reading ONNX is left to the C# code.
//
// The wire encoding is done by protobufjs's low-level Writer, which the caller passes in (each tool pins and
// installs protobufjs itself, so this shared file needs no node_modules of its own):
//   import protobuf from 'protobufjs/minimal.js';
//   const writer = createOnnxWriter(protobuf);
//
// Field numbers follow the ONNX IR schema (onnx/onnx.proto, proto2). Fields are written in ascending field-number
// order and repeated scalars unpacked, which is what the reference `onnx` Python package (protobuf C++) emits, so
// the files have the same byte layout as the ONNX backend test data.

export const DataType = Object.freeze({ FLOAT: 1, INT32: 6, INT64: 7 });

// AttributeProto.AttributeType
const AttrType = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 });

// Protobuf wire types.
const VARINT = 0;
const FIXED32 = 5;
const LEN = 2;
const tag = (field, wireType) => ((field << 3) | wireType) >>> 0;

const BYTES_PER_ELEMENT = { [DataType.FLOAT]: 4, [DataType.INT32]: 4, [DataType.INT64]: 8 };

/** Little-endian row-major bytes of `data` (explicit, so the files do not depend on the host byte order). */
export function rawBytes(dataType, data) {
  const size = BYTES_PER_ELEMENT[dataType];
  if (!size) throw new Error(`unsupported data type ${dataType}`);
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (dataType === DataType.FLOAT) view.setFloat32(i * size, data[i], true);
    else if (dataType === DataType.INT32) view.setInt32(i * size, data[i], true);
    else view.setBigInt64(i * size, BigInt(data[i]), true);
  }
  return out;
}

/** Attribute constructors: attr.int(name, 3), attr.floats(name, [0.1, 0.2]), attr.strings(name, ['Tanh']), ... */
export const attr = Object.freeze({
  int: (name, value) => ({ name, type: AttrType.INT, value }),
  float: (name, value) => ({ name, type: AttrType.FLOAT, value }),
  string: (name, value) => ({ name, type: AttrType.STRING, value }),
  floats: (name, value) => ({ name, type: AttrType.FLOATS, value }),
  ints: (name, value) => ({ name, type: AttrType.INTS, value }),
  strings: (name, value) => ({ name, type: AttrType.STRINGS, value }),
});

export function createOnnxWriter(protobuf) {
  if (!protobuf || typeof protobuf.Writer?.create !== 'function') {
    throw new Error('createOnnxWriter needs the protobufjs module (protobufjs/minimal.js)');
  }
  const utf8 = (s) => Buffer.from(s, 'utf8');

  // AttributeProto: name=1, f=2, i=3, s=4, floats=7, ints=8, strings=9, type=20.
  function writeAttribute(w, a) {
    w.uint32(tag(1, LEN)).string(a.name);
    switch (a.type) {
      case AttrType.FLOAT: w.uint32(tag(2, FIXED32)).float(a.value); break;
      case AttrType.INT: w.uint32(tag(3, VARINT)).int64(a.value); break;
      case AttrType.STRING: w.uint32(tag(4, LEN)).bytes(utf8(a.value)); break;
      case AttrType.FLOATS: for (const f of a.value) w.uint32(tag(7, FIXED32)).float(f); break;
      case AttrType.INTS: for (const i of a.value) w.uint32(tag(8, VARINT)).int64(i); break;
      case AttrType.STRINGS: for (const s of a.value) w.uint32(tag(9, LEN)).bytes(utf8(s)); break;
      default: throw new Error(`attribute ${a.name}: unsupported type ${a.type}`);
    }
    w.uint32(tag(20, VARINT)).int32(a.type);
  }

  // ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1: {elem_type=1, shape=2: {dim=1: {dim_value=1}}}}}
  function writeValueInfo(w, v) {
    w.uint32(tag(1, LEN)).string(v.name);
    w.uint32(tag(2, LEN)).fork();
    w.uint32(tag(1, LEN)).fork();
    w.uint32(tag(1, VARINT)).int32(v.dataType);
    w.uint32(tag(2, LEN)).fork();
    for (const d of v.dims) {
      if (!Number.isInteger(d) || d < 0) throw new Error(`value ${v.name}: bad dimension ${d}`);
      w.uint32(tag(1, LEN)).fork().uint32(tag(1, VARINT)).int64(d).ldelim();
    }
    w.ldelim().ldelim().ldelim();
  }

  // TensorProto: dims=1, data_type=2, name=8, raw_data=9 (little-endian, row-major).
  function writeTensor(w, name, dataType, dims, data) {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) throw new Error(`tensor ${name}: ${data.length} values do not match dims [${dims}]`);
    for (const d of dims) w.uint32(tag(1, VARINT)).int64(d);
    w.uint32(tag(2, VARINT)).int32(dataType);
    w.uint32(tag(8, LEN)).string(name);
    w.uint32(tag(9, LEN)).bytes(rawBytes(dataType, data));
  }

  /** Serialized onnx.TensorProto (an input_N.pb / output_N.pb file). */
  function tensorBytes(name, dataType, dims, data) {
    const w = protobuf.Writer.create();
    writeTensor(w, name, dataType, dims, data);
    return w.finish();
  }

  /**
   * Serialized onnx.ModelProto with one node.
   * spec = { name, opType, opset, irVersion, producerName, nodeInputs: ['X', 'W', '', ...], nodeOutputs: ['', 'Y_h'],
   *          attributes: [attr...], inputs: [{name, dataType, dims}], outputs: [{name, dataType, dims}],
   *          initializers?: [{name, dataType, dims, data}] (constants that are not graph inputs, IR >= 4) }
   * The golden fixtures use no initializers (every node input is a graph input); the benchmark stores weights as
   * initializers so that ONNX Runtime can pre-pack them, as it does for exported models.
   */
  function modelBytes(spec) {
    const w = protobuf.Writer.create();
    w.uint32(tag(1, VARINT)).int64(spec.irVersion); // ModelProto.ir_version
    w.uint32(tag(2, LEN)).string(spec.producerName); // ModelProto.producer_name
    w.uint32(tag(7, LEN)).fork(); // ModelProto.graph
    {
      w.uint32(tag(1, LEN)).fork(); // GraphProto.node: NodeProto{input=1, output=2, op_type=4, attribute=5}
      for (const s of spec.nodeInputs) w.uint32(tag(1, LEN)).string(s);
      for (const s of spec.nodeOutputs) w.uint32(tag(2, LEN)).string(s);
      w.uint32(tag(4, LEN)).string(spec.opType);
      for (const a of spec.attributes) {
        w.uint32(tag(5, LEN)).fork();
        writeAttribute(w, a);
        w.ldelim();
      }
      w.ldelim();
      w.uint32(tag(2, LEN)).string(spec.name); // GraphProto.name
      for (const t of spec.initializers ?? []) { // GraphProto.initializer
        w.uint32(tag(5, LEN)).fork();
        writeTensor(w, t.name, t.dataType, t.dims, t.data);
        w.ldelim();
      }
      for (const v of spec.inputs) { w.uint32(tag(11, LEN)).fork(); writeValueInfo(w, v); w.ldelim(); }
      for (const v of spec.outputs) { w.uint32(tag(12, LEN)).fork(); writeValueInfo(w, v); w.ldelim(); }
    }
    w.ldelim();
    w.uint32(tag(8, LEN)).fork(); // ModelProto.opset_import: OperatorSetIdProto{domain=1, version=2}
    w.uint32(tag(1, LEN)).string('');
    w.uint32(tag(2, VARINT)).int64(spec.opset);
    w.ldelim();
    return w.finish();
  }

  return { tensorBytes, modelBytes };
}
