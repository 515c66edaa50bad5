// Few-shot personalisation as head surgery: add output classes to a trained classifier (new columns imprinted from a
// handful of examples, Qi et al. 2018, or drawn from an initializer), remove classes, and freeze all but the head.
// Training itself stays with Trainer; the edit returns a new Model (HeadEdit) and never touches the original.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Training
{
    /// <summary>
    /// Edits the classifier head of a model: a <see cref="DenseLayer"/> that is the last layer with weights, optionally
    /// followed by <see cref="SoftmaxLayer"/>, <see cref="ActivationLayer"/> or <see cref="DropoutLayer"/>. Every edit
    /// returns a new model with copied weights and the same layer names, so names given to
    /// <see cref="TrainableModel.SetTrainable"/> keep working.
    /// </summary>
    public static class FewShot
    {
        /// <summary>
        /// Adds one class per entry of <paramref name="examples"/>, each initialised by imprinting (Qi, Brown and Lowe,
        /// "Low-Shot Learning with Imprinted Weights", CVPR 2018): the head's input features f of the class's examples
        /// (see <see cref="HeadFeatures"/>) are L2-normalised, averaged and normalised again, then scaled to the mean L2
        /// norm of the old kernel columns, so the new logit is on the scale of the old ones. The new bias is the mean of
        /// the old biases. The old columns and biases are copied bit for bit, so old-class logits do not change.
        /// Examples whose features are all zero (e.g. length 0) are skipped.
        /// </summary>
        /// <param name="model">A classifier whose output is one vector per sample (last recurrent layer returns its last step).</param>
        /// <param name="examples">Per new class, its example sequences (targets are ignored).</param>
        /// <param name="labels">The model's class names (index = output index); null = the model's own
        /// (<see cref="Model.Preprocessing"/> labels), if it has any.</param>
        /// <param name="newLabels">Names of the added classes; required when the model has labels.</param>
        public static HeadEdit AddClasses(Model model, IReadOnlyList<SequenceDataset> examples, IReadOnlyList<string>? labels = null,
            IReadOnlyList<string>? newLabels = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (examples is null) throw new ArgumentNullException(nameof(examples));
            if (examples.Count == 0) ThrowHelper.ThrowArgument(nameof(examples), "Give the examples of at least one new class.");
            int headIndex = HeadIndex(model);
            var head = (DenseLayer)model.Layers[headIndex];
            string[]? names = CombineLabels(head, labels ?? model.Preprocessing?.Labels, newLabels, examples.Count);
            int F = head.InputSize;
            double scale = MeanColumnNorm(head);
            var columns = new float[examples.Count * F];   // [added, F]
            for (int k = 0; k < examples.Count; k++)
            {
                var data = examples[k] ?? throw new ArgumentNullException(nameof(examples), $"The examples of new class {k} are null.");
                Imprint(model, headIndex, data, scale, columns.AsSpan(k * F, F), k);
            }
            return Grow(model, headIndex, columns, examples.Count, names);
        }

        /// <summary>Adds one class imprinted from <paramref name="examples"/>; see <see cref="AddClasses(Model, IReadOnlyList{SequenceDataset}, IReadOnlyList{string}?, IReadOnlyList{string}?)"/>.</summary>
        public static HeadEdit AddClass(Model model, SequenceDataset examples, IReadOnlyList<string>? labels = null, string? newLabel = null) =>
            AddClasses(model, new[] { examples }, labels, newLabel is null ? null : new[] { newLabel });

        /// <summary>
        /// Adds <paramref name="count"/> classes whose kernel columns are drawn from <paramref name="initializer"/> (fans of
        /// the grown kernel [F, C + count]) with a seeded stream, and whose biases are the mean of the old biases. Use it
        /// when there are no examples yet, or for sequence-output models (per-step classes such as new tokens).
        /// </summary>
        /// <param name="labels">As for imprinting: the model's class names; null = the model's own, if any.</param>
        /// <param name="newLabels">Names of the added classes; required when the model has labels.</param>
        public static HeadEdit AddClasses(Model model, int count, Initializer initializer, ulong seed = 1,
            IReadOnlyList<string>? labels = null, IReadOnlyList<string>? newLabels = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (initializer is null) throw new ArgumentNullException(nameof(initializer));
            if (count <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(count), $"Add at least one class (got {count}).");
            int headIndex = HeadIndex(model);
            var head = (DenseLayer)model.Layers[headIndex];
            string[]? names = CombineLabels(head, labels ?? model.Preprocessing?.Labels, newLabels, count);
            int F = head.InputSize, newC = head.OutputSize + count;
            var block = new float[F * count];   // [F, count] input-major, as in the kernel
            initializer.Fill(block, new WeightShape(F, count, F, newC), new DeterministicRandom(seed));
            var columns = new float[count * F]; // [count, F]
            for (int f = 0; f < F; f++)
                for (int k = 0; k < count; k++) columns[k * F + f] = block[f * count + k];
            return Grow(model, headIndex, columns, count, names);
        }

        /// <summary>
        /// Removes the given classes (kernel columns and biases); the remaining classes keep their order and their weights
        /// bit for bit. <see cref="HeadEdit.SourceClasses"/> maps the new class ids to the old ones.
        /// </summary>
        /// <param name="classes">Class ids (output indices) to remove; at least one class must remain.</param>
        /// <param name="labels">The model's class names; null = the model's own, if any. The result keeps the remaining ones.</param>
        public static HeadEdit RemoveClasses(Model model, IReadOnlyList<int> classes, IReadOnlyList<string>? labels = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (classes is null) throw new ArgumentNullException(nameof(classes));
            int headIndex = HeadIndex(model);
            var head = (DenseLayer)model.Layers[headIndex];
            int oldC = head.OutputSize;
            labels ??= model.Preprocessing?.Labels;
            CheckLabels(labels, oldC);
            var remove = new bool[oldC];
            foreach (int c in classes)
            {
                if ((uint)c >= (uint)oldC)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(classes), $"Class {c} does not exist: the head '{head.Name}' has classes 0..{oldC - 1}.");
                if (remove[c]) ThrowHelper.ThrowArgument(nameof(classes), $"Class {c} is listed twice.");
                remove[c] = true;
            }
            int newC = oldC - classes.Count;
            if (newC == 0) ThrowHelper.ThrowArgument(nameof(classes), "At least one class must remain.");
            var source = new int[newC];
            for (int c = 0, j = 0; c < oldC; c++)
                if (!remove[c]) source[j++] = c;
            string[]? names = null;
            if (labels != null)
            {
                names = new string[newC];
                for (int j = 0; j < newC; j++) names[j] = labels[source[j]];
            }
            int F = head.InputSize;
            var kernel = Tensor.Zeros(F, newC);
            for (int f = 0; f < F; f++)
                for (int j = 0; j < newC; j++) kernel.Data[f * newC + j] = head.Kernel.Data[f * oldC + source[j]];
            Tensor? bias = null;
            if (head.Bias != null)
            {
                bias = Tensor.Zeros(newC);
                for (int j = 0; j < newC; j++) bias.Data[j] = head.Bias.Data[source[j]];
            }
            return new HeadEdit(Rebuild(model, headIndex, new DenseLayer(head.Name, kernel, bias, head.Activation), names), names, source);
        }

        /// <summary>
        /// The features the head sees for each sample of <paramref name="data"/>: the output of the layers before the head,
        /// [N, F] with F = the head's input size (computed by a <see cref="BatchRunner"/>, with the data's lengths or mask).
        /// </summary>
        public static float[] HeadFeatures(Model model, SequenceDataset data)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Features(model, HeadIndex(model), data);
        }

        /// <summary>The head: the last layer with weights, which must be a <see cref="DenseLayer"/>. Throws ArgumentException otherwise.</summary>
        public static DenseLayer Head(Model model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return (DenseLayer)model.Layers[HeadIndex(model)];
        }

        /// <summary>
        /// "Fine-tune only the head": freezes every weight except the head's (<see cref="Head"/>); unfreezes the head.
        /// Frozen weights stay bit-identical during training (optimizers skip them).
        /// </summary>
        public static void FreezeAllButHead(this TrainableModel graph)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            string prefix = Head(graph.Model).Name + "/";
            var parameters = graph.Parameters;
            for (int i = 0; i < parameters.Count; i++)
                parameters[i].Trainable = parameters[i].Name.StartsWith(prefix, StringComparison.Ordinal);
        }

        /// <summary>Freezes every weight except the head's; see <see cref="FreezeAllButHead(TrainableModel)"/>.</summary>
        public static void FreezeAllButHead(this Trainer trainer)
        {
            if (trainer is null) throw new ArgumentNullException(nameof(trainer));
            trainer.Graph.FreezeAllButHead();
        }

        /// <summary>Makes every weight trainable again (fine-tune all layers).</summary>
        public static void UnfreezeAll(this TrainableModel graph)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            var parameters = graph.Parameters;
            for (int i = 0; i < parameters.Count; i++) parameters[i].Trainable = true;
        }

        /// <summary>Makes every weight trainable again (fine-tune all layers).</summary>
        public static void UnfreezeAll(this Trainer trainer)
        {
            if (trainer is null) throw new ArgumentNullException(nameof(trainer));
            trainer.Graph.UnfreezeAll();
        }

        /// <summary>Index of the Dense head: the last layer, skipping trailing weightless Softmax / Activation / Dropout layers.</summary>
        private static int HeadIndex(Model model)
        {
            var layers = model.Layers;
            int i = layers.Count - 1;
            while (i >= 0 && (layers[i] is SoftmaxLayer || layers[i] is ActivationLayer || layers[i] is DropoutLayer)) i--;
            if (i < 0 || !(layers[i] is DenseLayer))
            {
                string found = i < 0 ? "no layer with weights" : $"'{layers[i].Name}' ({layers[i].Kind})";
                ThrowHelper.ThrowArgument(nameof(model),
                    $"Model '{model.Name}' has no Dense classifier head: its last layer with weights is {found}. Adding or removing " +
                    "classes needs a Dense layer at the end (optionally followed by Softmax or Activation).");
            }
            return i;
        }

        private static void Imprint(Model model, int headIndex, SequenceDataset data, double scale, Span<float> column, int newClass)
        {
            if (data.Count == 0) ThrowHelper.ThrowArgument(nameof(data), $"New class {newClass} has no examples.");
            float[] features = Features(model, headIndex, data);   // [N, F]
            int F = column.Length;
            var mean = new double[F];
            int used = 0;
            for (int n = 0; n < data.Count; n++)
            {
                var f = features.AsSpan(n * F, F);
                double norm = L2(f);
                if (norm == 0 || double.IsNaN(norm) || double.IsInfinity(norm)) continue;
                for (int j = 0; j < F; j++) mean[j] += f[j] / norm;
                used++;
            }
            if (used == 0)
                ThrowHelper.ThrowArgument(nameof(data),
                    $"The examples of new class {newClass} give all-zero (or non-finite) features, so nothing can be imprinted; check their lengths and values.");
            double meanNorm = 0;
            for (int j = 0; j < F; j++) meanNorm += mean[j] * mean[j];
            meanNorm = Math.Sqrt(meanNorm);
            if (meanNorm == 0)
                ThrowHelper.ThrowArgument(nameof(data), $"The features of new class {newClass}'s examples cancel out (their mean is zero).");
            for (int j = 0; j < F; j++) column[j] = (float)(mean[j] / meanNorm * scale);
        }

        /// <summary>Head input features [N, F] through the layers before the head (one vector per sample).</summary>
        private static float[] Features(Model model, int headIndex, SequenceDataset data)
        {
            if (headIndex == 0)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{model.Name}' has no layers before its head, so it has no features to imprint from.");
            var layers = new Layer[headIndex];
            for (int i = 0; i < headIndex; i++) layers[i] = model.Layers[i];
            var body = new Model(layers, model.Name + "_features");
            if (body.OutputIsSequence)
                ThrowHelper.ThrowArgument(nameof(model),
                    $"Model '{model.Name}' classifies every step, so examples do not give one feature vector per class; imprinting needs a " +
                    "recurrent layer that returns its last step. Use AddClasses(model, count, initializer) instead.");
            bool tokens = body.InputKind == ModelInputKind.Tokens;
            if (tokens != (data.Tokens != null))
                ThrowHelper.ThrowArgument(nameof(data), tokens ? "This model takes token ids." : "This model takes float features.");
            if (!tokens && data.Features != body.InputSize)
                ThrowHelper.ThrowArgument(nameof(data), $"The examples have {data.Features} features per step; the model takes {body.InputSize}.");
            var runner = new InferenceModel(body).CreateBatchRunner();
            var output = new float[runner.OutputLength(data.Count, data.Time)];
            if (data.Count == 0) return output;
            if (data.Mask != null)
            {
                if (tokens) runner.RunMasked(data.Tokens!, data.Count, data.Time, data.Mask, output);
                else runner.RunMasked(data.Inputs!, data.Count, data.Time, data.Mask, output);
            }
            else if (tokens) runner.Run(data.Tokens!, data.Count, data.Time, data.Lengths, output);
            else runner.Run(data.Inputs!, data.Count, data.Time, data.Lengths, output);
            return output;
        }

        /// <summary>Mean L2 norm of the kernel's columns (1 when they are all zero, e.g. an untrained zero head).</summary>
        private static double MeanColumnNorm(DenseLayer head)
        {
            int F = head.InputSize, C = head.OutputSize;
            var k = head.Kernel.Data;
            double sum = 0;
            for (int c = 0; c < C; c++)
            {
                double n2 = 0;
                for (int f = 0; f < F; f++) n2 += (double)k[f * C + c] * k[f * C + c];
                sum += Math.Sqrt(n2);
            }
            double mean = C > 0 ? sum / C : 0;
            return mean > 0 && !double.IsInfinity(mean) ? mean : 1;
        }

        private static double L2(ReadOnlySpan<float> v)
        {
            double s = 0;
            foreach (float x in v) s += (double)x * x;
            return Math.Sqrt(s);
        }

        /// <summary>A model whose head has the old columns followed by <paramref name="columns"/> ([added, F]).</summary>
        private static HeadEdit Grow(Model model, int headIndex, float[] columns, int added, string[]? names)
        {
            var head = (DenseLayer)model.Layers[headIndex];
            int F = head.InputSize, oldC = head.OutputSize, newC = oldC + added;
            var kernel = Tensor.Zeros(F, newC);
            for (int f = 0; f < F; f++)
            {
                Array.Copy(head.Kernel.Data, f * oldC, kernel.Data, f * newC, oldC);
                for (int k = 0; k < added; k++) kernel.Data[f * newC + oldC + k] = columns[k * F + f];
            }
            Tensor? bias = null;
            if (head.Bias != null)
            {
                bias = Tensor.Zeros(newC);
                Array.Copy(head.Bias.Data, bias.Data, oldC);
                double mean = 0;
                for (int c = 0; c < oldC; c++) mean += head.Bias.Data[c];
                float newBias = oldC > 0 ? (float)(mean / oldC) : 0f;
                for (int k = 0; k < added; k++) bias.Data[oldC + k] = newBias;
            }
            var source = new int[newC];
            for (int c = 0; c < newC; c++) source[c] = c < oldC ? c : -1;
            return new HeadEdit(Rebuild(model, headIndex, new DenseLayer(head.Name, kernel, bias, head.Activation), names), names, source);
        }

        /// <summary>
        /// The model with copies of the layers before the head, the new head, the trailing layers resized, and its name,
        /// metadata and preprocessing, whose labels become <paramref name="labels"/> (kept as they are when null).
        /// </summary>
        private static Model Rebuild(Model model, int headIndex, DenseLayer head, string[]? labels)
        {
            var layers = new Layer[model.Layers.Count];
            for (int i = 0; i < headIndex; i++) layers[i] = model.Layers[i].Clone();
            layers[headIndex] = head;
            int C = head.OutputSize;
            for (int i = headIndex + 1; i < layers.Length; i++)
            {
                switch (model.Layers[i])
                {
                    case SoftmaxLayer s: layers[i] = new SoftmaxLayer(s.Name, C, s.Log); break;
                    case ActivationLayer a: layers[i] = new ActivationLayer(a.Name, C, a.Activation); break;
                    case DropoutLayer d: layers[i] = new DropoutLayer(d.Name, C, d.Rate); break;
                    default: throw new RecurrentException($"Layer '{model.Layers[i].Name}' cannot follow the head.");
                }
            }
            var preprocessing = model.Preprocessing?.Clone();
            if (labels != null)
            {
                preprocessing ??= new PreprocessingSettings();
                preprocessing.Labels = new List<string>(labels);
            }
            return new Model(layers, model.Name, model.Metadata, preprocessing);
        }

        private static void CheckLabels(IReadOnlyList<string>? labels, int classes)
        {
            if (labels != null && labels.Count != classes)
                ThrowHelper.ThrowArgument(nameof(labels), $"The model has {classes} classes but {labels.Count} labels were given.");
        }

        private static string[]? CombineLabels(DenseLayer head, IReadOnlyList<string>? labels, IReadOnlyList<string>? newLabels, int added)
        {
            CheckLabels(labels, head.OutputSize);
            if (newLabels != null && newLabels.Count != added)
                ThrowHelper.ThrowArgument(nameof(newLabels), $"{added} classes are added but {newLabels.Count} new labels were given.");
            if (labels is null)
            {
                if (newLabels != null)
                    ThrowHelper.ThrowArgument(nameof(labels), "New labels were given without the model's current labels; pass both.");
                return null;
            }
            if (newLabels is null)
            {
                ThrowHelper.ThrowArgument(nameof(newLabels), "The model has labels; give a name for every added class.");
                return null;
            }
            var names = new string[labels.Count + added];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                string name = i < labels.Count ? labels[i] : newLabels[i - labels.Count];
                if (string.IsNullOrEmpty(name)) ThrowHelper.ThrowArgument(nameof(newLabels), $"Label {i} is empty.");
                if (!seen.Add(name)) ThrowHelper.ThrowArgument(nameof(newLabels), $"The label '{name}' is used twice.");
                names[i] = name;
            }
            return names;
        }
    }
}
