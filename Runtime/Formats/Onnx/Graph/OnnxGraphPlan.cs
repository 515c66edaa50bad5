// A compiled ONNX graph (the main graph or an If/Loop body): steps in topological order with their kernels, the
// constants folded at build time, and when each computed value can be released. Building lives in .Build.cs.
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    internal sealed partial class OnnxGraphPlan
    {
        /// <summary>One node left to run at run time.</summary>
        internal sealed class Step
        {
            public Step(OnnxNode node, string description, OnnxKernel kernel)
            {
                Node = node;
                Description = description;
                Kernel = kernel;
            }

            public OnnxNode Node { get; }
            public string Description { get; }
            public OnnxKernel Kernel { get; }

            /// <summary>Local values no later step reads: removed from the scope after this step.</summary>
            public string[] Release { get; set; } = Array.Empty<string>();
        }

        private OnnxGraphPlan(string graphName, OnnxValueInfo[] inputs, OnnxValueInfo[] outputs, Dictionary<string, OnnxValue> constants,
            Step[] steps, int foldedNodeCount, OnnxExecutorOptions options)
        {
            GraphName = graphName;
            Inputs = inputs;
            Outputs = outputs;
            Constants = constants;
            Steps = steps;
            FoldedNodeCount = foldedNodeCount;
            Options = options;
        }

        public string GraphName { get; }

        /// <summary>The values a caller feeds: the main graph's non-initializer inputs, or a subgraph's formal inputs.</summary>
        public OnnxValueInfo[] Inputs { get; }

        public OnnxValueInfo[] Outputs { get; }

        /// <summary>Initializers and folded values still needed at run time.</summary>
        public Dictionary<string, OnnxValue> Constants { get; }

        public Step[] Steps { get; }

        /// <summary>Nodes evaluated once at build time (all of their inputs were constants).</summary>
        public int FoldedNodeCount { get; }

        public OnnxExecutorOptions Options { get; }

        /// <summary>A fresh scope for one run of this plan, below <paramref name="parent"/> (null for the main graph).</summary>
        public OnnxValueScope NewScope(OnnxValueScope? parent) => new OnnxValueScope(Constants, parent);

        /// <summary>
        /// Runs every step, charging <paramref name="budget"/> (shared with the enclosing graph when this is a subgraph);
        /// the caller has set the inputs in <paramref name="scope"/>.
        /// </summary>
        public OnnxValue[] Run(OnnxValueScope scope, OnnxRunBudget budget)
        {
            var context = new OnnxRunContext(Options, scope, budget);
            foreach (var step in Steps)
            {
                var node = step.Node;
                var inputs = new OnnxValue?[node.Inputs.Length];
                for (int i = 0; i < inputs.Length; i++)
                {
                    string name = node.Inputs[i];
                    if (name.Length == 0) continue;
                    if (!scope.TryGet(name, out var v))
                        throw new OnnxFormatException($"{step.Description}: input '{name}' has no value (it was released or never computed).");
                    inputs[i] = v;
                }
                var outputs = new OnnxValue?[node.Outputs.Length];
                try
                {
                    budget.Charge(1); // every node executed counts, so a Loop of cheap nodes still ends
                    step.Kernel.Run(context, inputs, outputs);
                }
                catch (OnnxBudgetExceededException e)
                {
                    throw new OnnxBudgetExceededException($"{step.Description}: {e.Message}", e);
                }
                catch (Exception e) when (IsModelOrDataError(e))
                {
                    throw new OnnxFormatException($"{step.Description}: {e.Message}", e);
                }
                for (int i = 0; i < outputs.Length; i++)
                {
                    string name = node.Outputs[i];
                    if (name.Length == 0) continue;
                    var v = outputs[i] ?? throw new OnnxFormatException($"{step.Description}: output {i} ('{name}') was not produced.");
                    scope.Set(name, v);
                }
                foreach (string name in step.Release) scope.Remove(name);
            }

            var result = new OnnxValue[Outputs.Length];
            for (int i = 0; i < result.Length; i++)
            {
                if (!scope.TryGet(Outputs[i].Name, out var v))
                    throw new OnnxFormatException($"Graph '{GraphName}': output '{Outputs[i].Name}' has no value.");
                result[i] = v;
            }
            return result;
        }

        /// <summary>Errors a kernel raises about its values; they are re-thrown naming the node.</summary>
        internal static bool IsModelOrDataError(Exception e) =>
            e is OnnxKernelException || e is RecurrentException || e is ArgumentException || e is InvalidOperationException
            || e is IndexOutOfRangeException || e is OverflowException || e is DivideByZeroException;
    }
}
