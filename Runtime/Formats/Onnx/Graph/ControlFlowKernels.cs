// If and Loop: subgraphs compiled once with the node's graph as outer scope, run in a child scope per execution
// (per iteration for Loop). A Loop stops with an error at OnnxExecutorOptions.MaxLoopIterations instead of hanging.
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    internal sealed class IfKernel : OnnxKernel
    {
        private readonly OnnxGraphPlan _then, _else;

        private IfKernel(OnnxGraphPlan thenBranch, OnnxGraphPlan elseBranch)
        {
            _then = thenBranch;
            _else = elseBranch;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, 1);
            OnnxGraphPlan thenBranch = c.CompileSubgraph("then_branch"), elseBranch = c.CompileSubgraph("else_branch");
            foreach (var branch in new[] { thenBranch, elseBranch })
            {
                if (branch.Outputs.Length != c.OutputCount)
                    throw c.Error($"branch '{branch.GraphName}' has {branch.Outputs.Length} outputs but the node has {c.OutputCount}.");
                if (branch.Inputs.Length != 0) throw c.Error($"branch '{branch.GraphName}' declares inputs; If branches take none.");
            }
            return new IfKernel(thenBranch, elseBranch);
        }

        public override bool Foldable => false;

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxGraphPlan branch = OnnxShapes.ScalarBool(inputs[0]!, "If's condition") ? _then : _else;
            OnnxValue[] results = branch.Run(branch.NewScope(context.Scope), context.Budget);
            Array.Copy(results, outputs, results.Length);
        }
    }

    /// <summary>
    /// Loop(M, cond, v_initial...): body(iteration_num, cond, v...) → (cond, v..., scan...). Stops when the trip count
    /// M is reached or the condition turns false; scan outputs are stacked along a new first axis.
    /// </summary>
    internal sealed class LoopKernel : OnnxKernel
    {
        private readonly OnnxGraphPlan _body;
        private readonly int _carried, _scans;
        private readonly string _nodeName;

        private LoopKernel(OnnxGraphPlan body, int carried, int scans, string nodeName)
        {
            _body = body;
            _carried = carried;
            _scans = scans;
            _nodeName = nodeName;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            int inputs = c.Node.Inputs.Length;
            if (inputs < 2) throw c.Error($"expects at least 2 inputs (M, cond), got {inputs}.");
            int carried = inputs - 2;
            for (int i = 2; i < inputs; i++)
                if (!c.HasInput(i)) throw c.Error($"loop-carried input {i} is empty.");
            int scans = c.OutputCount - carried;
            if (scans < 0) throw c.Error($"has {carried} loop-carried inputs but only {c.OutputCount} outputs.");
            OnnxGraphPlan body = c.CompileSubgraph("body");
            if (body.Inputs.Length != 2 + carried)
                throw c.Error($"body has {body.Inputs.Length} inputs; expected 2 + {carried} (iteration_num, cond, loop-carried values).");
            if (body.Outputs.Length != 1 + carried + scans)
                throw c.Error($"body has {body.Outputs.Length} outputs; expected 1 + {carried} + {scans} (cond, loop-carried values, scan outputs).");
            return new LoopKernel(body, carried, scans, c.Node.Name);
        }

        public override bool Foldable => false;

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            long? tripCount = inputs[0] != null ? OnnxShapes.ScalarLong(inputs[0]!, "Loop's trip count M") : (long?)null;
            bool useCond = inputs[1] != null;
            bool cond = !useCond || OnnxShapes.ScalarBool(inputs[1]!, "Loop's condition");
            var carried = new OnnxValue[_carried];
            for (int i = 0; i < _carried; i++) carried[i] = inputs[2 + i]!;
            var scans = new List<OnnxValue>[_scans];
            for (int k = 0; k < _scans; k++) scans[k] = new List<OnnxValue>();
            long limit = context.Options.MaxLoopIterations;
            var bodyInputs = _body.Inputs;

            for (long i = 0; ; i++)
            {
                if (tripCount.HasValue && i >= tripCount.Value) break;
                if (useCond && !cond) break;
                if (i >= limit)
                    throw new OnnxKernelException(
                        $"Loop '{_nodeName}' did not finish within {limit} iterations (OnnxExecutorOptions.MaxLoopIterations); " +
                        $"trip count {(tripCount.HasValue ? tripCount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "absent")}, condition {(useCond ? "still true" : "absent")}.");
                var scope = _body.NewScope(context.Scope);
                scope.Set(bodyInputs[0].Name, OnnxValue.ScalarInt64(i));
                scope.Set(bodyInputs[1].Name, OnnxValue.ScalarBool(cond));
                for (int j = 0; j < _carried; j++) scope.Set(bodyInputs[2 + j].Name, carried[j]);
                OnnxValue[] results = _body.Run(scope, context.Budget);
                if (useCond) cond = OnnxShapes.ScalarBool(results[0], "Loop body's condition output");
                for (int j = 0; j < _carried; j++) carried[j] = results[1 + j];
                for (int k = 0; k < _scans; k++) scans[k].Add(results[1 + _carried + k]);
            }

            for (int j = 0; j < _carried; j++) outputs[j] = carried[j];
            for (int k = 0; k < _scans; k++) outputs[_carried + k] = Stack(context.Budget, scans[k], _body.Outputs[1 + _carried + k]);
        }

        /// <summary>Scan outputs of every iteration, stacked along a new axis 0.</summary>
        private static OnnxValue Stack(OnnxRunBudget budget, List<OnnxValue> items, OnnxValueInfo declared)
        {
            if (items.Count == 0)
            {
                var type = declared.ElementType == OnnxDataType.Undefined ? OnnxDataType.Float : declared.ElementType;
                var dims = new List<int> { 0 };
                if (declared.DimValues != null && declared.DimValues.Length < OnnxShapes.MaxRank
                    && Array.TrueForAll(declared.DimValues, d => d >= 0 && d <= int.MaxValue))
                    foreach (long d in declared.DimValues) dims.Add((int)d);
                return OnnxValue.Tensor(type, dims.ToArray(), OnnxValue.NewStorage(type, 0));
            }
            OnnxValue first = items[0];
            if (first.IsSequence) throw new OnnxKernelException("Loop scan outputs must be tensors.");
            int n = first.ElementCount;
            long total = (long)n * items.Count;
            if (total > OnnxShapes.MaxElements)
                throw new OnnxKernelException($"Loop scan output ({items.Count} iterations of {first.Describe()}) would hold more than the 2^28 elements a tensor may hold.");
            Array data = budget.Storage(first.ElementType, (int)total);
            for (int i = 0; i < items.Count; i++)
            {
                var v = items[i];
                if (v.IsSequence || v.ElementType != first.ElementType || !OnnxShapes.SameShape(v.Dims, first.Dims))
                    throw new OnnxKernelException($"Loop scan output changes from {first.Describe()} to {v.Describe()} at iteration {i}.");
                OnnxData.Copy(v.Data, 0, data, i * n, n);
            }
            var so = new int[first.Rank + 1];
            so[0] = items.Count;
            Array.Copy(first.Dims, 0, so, 1, first.Rank);
            return first.Like(data, so);
        }
    }
}
