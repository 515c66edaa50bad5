import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
await tf.setBackend(process.argv[2] ?? 'cpu'); console.log(tf.getBackend());
tf.enableProdMode();
for (const kind of ['rnn','lstm','gru']) {
  const m = tfl.sequential();
  const common = {units:32, inputShape:[50,1], recurrentInitializer:'glorotUniform'};
  m.add(kind==='rnn'? tfl.layers.simpleRNN({...common, activation:'relu'}) : kind==='lstm'? tfl.layers.lstm({...common, recurrentActivation:'sigmoid'}) : tfl.layers.gru({...common, recurrentActivation:'sigmoid'}));
  m.add(tfl.layers.dense({units:1}));
  m.compile({optimizer: tf.train.adam(1e-3), loss:'meanSquaredError'});
  const x = tf.randomNormal([32,50,1]); const y = tf.randomNormal([32,1]);
  let t0 = Date.now();
  for (let i=0;i<5;i++) m.predict(x).dispose();
  console.log(kind, 'predict', (Date.now()-t0)/5, 'ms/batch');
  t0 = Date.now();
  for (let i=0;i<5;i++) await m.trainOnBatch(x,y);
  console.log(kind, 'train', (Date.now()-t0)/5, 'ms/batch');
  const vars = m.trainableWeights.map(w=>w.val);
  t0 = Date.now();
  for (let i=0;i<5;i++) { const {value, grads} = tf.variableGrads(()=>tf.losses.meanSquaredError(y, m.apply(x,{training:true})), vars); }
  console.log(kind, 'variableGrads', (Date.now()-t0)/5, 'ms/batch');
}
