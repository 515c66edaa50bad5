// Which framework's published update rule an optimizer follows where Keras and PyTorch differ (epsilon placement,
// whether momentum buffers hold learning-rate-scaled steps). Formulas are in each optimizer's header.
namespace Recurrent.Training
{
    /// <summary>
    /// Keras (keras/src/optimizers, the default) or PyTorch (torch.optim docs). What differs:
    /// <list type="bullet">
    /// <item>Adam/AdamW: Keras w −= lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε) ("epsilon hat", ε not bias-corrected);
    /// PyTorch w −= lr · m̂/(√v̂ + ε). <b>TensorFlow.js tf.train.adam uses the PyTorch placement</b>
    /// (tfjs-core adam_optimizer.ts: biasCorrectedFirstMoment / (sqrt(biasCorrectedSecondMoment) + ε)).</item>
    /// <item>RMSprop: Keras lr·g/√(v + ε) and a momentum buffer of lr-scaled steps (TF.js too); PyTorch g/(√v + ε),
    /// buffer of unscaled steps, times lr.</item>
    /// <item>Adagrad: Keras (and TF.js) lr·g/√(acc + ε); PyTorch lr·g/(√acc + ε).</item>
    /// <item>SGD momentum: Keras velocity m = μm − lr·g; PyTorch (and TF.js) buffer b = μb + (1−dampening)·g, step
    /// lr·b. With a constant learning rate and no dampening both give the same weights.</item>
    /// </list>
    /// </summary>
    public enum OptimizerConvention
    {
        Keras = 0,
        PyTorch = 1,
    }
}
