// Next-token prediction with the tokenizer saved in the model: text in, probabilities over the vocabulary and the
// top-k token strings out. One-shot calls run the batch path; TextPredictionSession follows a text as it is typed.
using System;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Pipelines
{
    /// <summary>Predicts the next token of a text with a language model and the tokenizer it was trained with.</summary>
    /// <remarks>
    /// The model must carry its tokenizer (<see cref="PreprocessingSettings.Tokenizer"/>, saved in the model file) and
    /// output one value per token: after a Softmax layer they are read as probabilities, after LogSoftmax as
    /// log-probabilities and otherwise as logits (a softmax is applied). Its input is token ids (an Embedding first) or
    /// one-hot vectors of the vocabulary. The context is tokenized exactly as in training (the same
    /// <see cref="ITokenizer"/>, lower-casing included) and the prediction is the model's output after the last token.
    /// A predictor is not thread-safe (it reuses its buffers); sessions are independent of each other and of it.
    /// <code>
    /// var predictor = new TextPredictor(ModelFile.Load("chars.rmodel").Model);
    /// var session = predictor.CreateSession();
    /// session.Append("To be or not to b");
    /// int n = session.TopK(top3);   // top3[0].Name == "e", ...
    /// </code>
    /// </remarks>
    public sealed class TextPredictor
    {
        private readonly BpeTokenizer? _loweringBpe;  // a lower-casing BPE tokenizer: lowered here, without allocating
        private readonly OutputProbabilities _probabilities;
        private BatchRunner? _runner;
        private int[] _ids = Array.Empty<int>();
        private char[] _lowered = Array.Empty<char>();
        private float[] _oneHot = Array.Empty<float>();  // [T, V] one-hot input for feature models
        private float[] _output = Array.Empty<float>();  // [T, V] or [V]
        private float[]? _ranked;                         // [V] probabilities for PredictTopK

        /// <summary>Compiles <paramref name="model"/> (see <see cref="TextPredictor(InferenceModel)"/>).</summary>
        public TextPredictor(Model model)
            : this(new InferenceModel(model ?? throw new ArgumentNullException(nameof(model))))
        {
        }

        /// <summary>A predictor over a compiled model whose <see cref="Model.Preprocessing"/> holds its tokenizer.</summary>
        /// <exception cref="ArgumentException">The model has no tokenizer, or its output is not one value per token.</exception>
        public TextPredictor(InferenceModel model)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Model m = model.Model;
            TokenizerSettings? settings = m.Preprocessing?.Tokenizer;
            if (settings is null)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' carries no tokenizer. Attach the one it was trained with before saving: " +
                    "model.WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() }).");
            Tokenizer = Data.Tokenizer.FromDescription(settings!);
            int v = Tokenizer.VocabularySize;
            if (m.InputSize != v)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' takes {m.InputSize} token ids or features per step, but its tokenizer has {v} tokens.");
            if (m.OutputSize != v)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' outputs {m.OutputSize} values per step, but next-token prediction needs one per token ({v}).");
            TakesTokens = m.InputKind == ModelInputKind.Tokens;
            _loweringBpe = Tokenizer is BpeTokenizer bpe && bpe.Lowercase ? bpe : null;
            _probabilities = new OutputProbabilities(m);
        }

        /// <summary>The compiled model.</summary>
        public InferenceModel Model { get; }

        /// <summary>The tokenizer rebuilt from the model's preprocessing.</summary>
        public ITokenizer Tokenizer { get; }

        /// <summary>V: the number of tokens (and of probabilities per prediction).</summary>
        public int VocabularySize => Tokenizer.VocabularySize;

        /// <summary>Whether <see cref="CreateSession"/> works (every recurrent layer runs forward in time).</summary>
        public bool CanStream => Model.CanStream;

        internal bool TakesTokens { get; }

        internal OutputProbabilities Probabilities => _probabilities;

        /// <summary>The vocabulary string of token <paramref name="id"/> (the stored string; no allocation).</summary>
        public string GetToken(int id) => Tokenizer.GetToken(id);

        /// <summary>
        /// Writes the next-token probabilities [V] after <paramref name="context"/> (batch path). Returns false, leaving
        /// <paramref name="probabilities"/> unchanged, when the context holds no token (e.g. empty text). Allocates only
        /// when a longer context than before arrives (and per word for word tokenizers).
        /// </summary>
        public bool PredictNext(ReadOnlySpan<char> context, Span<float> probabilities)
        {
            int v = VocabularySize;
            ThrowHelper.CheckExactLength(probabilities.Length, v, nameof(probabilities));
            int n = Encode(context, ref _ids, ref _lowered);
            if (n == 0) return false;
            _runner ??= Model.CreateBatchRunner();
            int length = _runner.OutputLength(1, n);
            if (_output.Length < length) _output = new float[Math.Max(length, 2 * _output.Length)];
            Span<float> output = _output.AsSpan(0, length);
            if (TakesTokens)
            {
                _runner.Run(new ReadOnlySpan<int>(_ids, 0, n), 1, n, default, output);
            }
            else
            {
                if (_oneHot.Length < n * v) _oneHot = new float[Math.Max(n * v, 2 * _oneHot.Length)];
                Span<float> input = _oneHot.AsSpan(0, n * v);
                OneHot.Encode(new ReadOnlySpan<int>(_ids, 0, n), v, input);
                _runner.Run(input, 1, n, default, output);
            }
            int last = Model.OutputIsSequence ? (n - 1) * v : 0;
            _probabilities.Convert(output.Slice(last, v), probabilities);
            return true;
        }

        /// <summary>
        /// The <paramref name="results"/>.Length most probable next tokens after <paramref name="context"/>, most probable
        /// first (padding and unknown tokens left out). Returns how many were written (0 for a context without tokens).
        /// </summary>
        public int PredictTopK(ReadOnlySpan<char> context, Span<Prediction> results)
        {
            _ranked ??= new float[VocabularySize];
            return PredictNext(context, _ranked) ? TopK(_ranked, results, default) : 0;
        }

        /// <summary>
        /// A session that follows a text as it is typed, re-tokenizing only the edited tail and stepping the model only over
        /// tokens that changed. Keeps the model state after each of the last <paramref name="rollbackTokens"/> tokens, so
        /// edits near the end (backspace, a BPE token that merges differently once the next letter arrives) do not replay
        /// the whole text; each kept state costs the model's state size in floats.
        /// </summary>
        /// <exception cref="RecurrentException">The model cannot stream (a reverse or bidirectional layer).</exception>
        public TextPredictionSession CreateSession(int rollbackTokens = 64)
        {
            if (rollbackTokens < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(rollbackTokens), "Keep at least one token's state.");
            return new TextPredictionSession(this, rollbackTokens);
        }

        /// <summary>The ids of <paramref name="text"/> into <paramref name="ids"/> (grown to the text's length when shorter).</summary>
        internal int Encode(ReadOnlySpan<char> text, ref int[] ids, ref char[] lowered)
        {
            if (ids.Length < text.Length) ids = new int[Math.Max(text.Length, 2 * ids.Length)];
            if (_loweringBpe is null) return Tokenizer.Encode(text, ids);
            if (lowered.Length < text.Length) lowered = new char[Math.Max(text.Length, 2 * lowered.Length)];
            for (int i = 0; i < text.Length; i++) lowered[i] = char.ToLowerInvariant(text[i]);   // = TextScalars.Lower
            return _loweringBpe.EncodeLowered(new ReadOnlySpan<char>(lowered, 0, text.Length), ids);
        }

        /// <summary>Ranks tokens; padding and unknown are left out; <paramref name="startsWith"/> filters by token prefix.</summary>
        internal int TopK(ReadOnlySpan<float> probabilities, Span<Prediction> results, ReadOnlySpan<char> startsWith)
        {
            int count = 0;
            int pad = Tokenizer.PaddingId, unk = Tokenizer.UnknownId;
            bool lower = Tokenizer.Lowercase;
            for (int id = 0; id < probabilities.Length; id++)
            {
                float p = probabilities[id];
                if (id == pad || id == unk || !OutputProbabilities.Qualifies(results, count, p)) continue;
                string token = Tokenizer.GetToken(id);
                if (!StartsWith(token, startsWith, lower)) continue;
                count = OutputProbabilities.Insert(results, count, new Prediction(id, token, p));
            }
            return count;
        }

        private static bool StartsWith(string token, ReadOnlySpan<char> prefix, bool lower)
        {
            if (token.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                char c = lower ? char.ToLowerInvariant(prefix[i]) : prefix[i];
                if (token[i] != c) return false;
            }
            return true;
        }
    }
}
