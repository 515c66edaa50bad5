// Builds an OnnxGraphPlan: resolves every value name, orders nodes topologically (cycles are errors), creates the
// kernels, folds nodes whose inputs are all constants, and computes when values can be released.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Recurrent.Formats.Onnx
{
    internal sealed partial class OnnxGraphPlan
    {
        /// <summary>
        /// Compiles <paramref name="graph"/>. <paramref name="outer"/> is the enclosing graph's scope for a subgraph
        /// (null for the main graph). For the main graph, inputs that are also initializers are constants, not inputs.
        /// </summary>
        public static OnnxGraphPlan Build(OnnxGraph graph, OnnxBuildEnvironment env, OnnxBuildScope? outer, bool isMain)
        {
            string graphLabel = $"graph '{graph.Name}' of model '{env.ModelLabel}'";
            var constants = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            foreach (var init in graph.Initializers)
            {
                if (init.Name.Length == 0) throw new OnnxFormatException($"{graphLabel}: an initializer has no name.");
                try
                {
                    constants[init.Name] = OnnxValue.FromTensor(init);
                }
                catch (Exception e) when (e is OnnxKernelException || e is ArgumentException)
                {
                    throw new OnnxFormatException($"{graphLabel}: initializer '{init.Name}': {e.Message}", e);
                }
            }

            var inputs = new List<OnnxValueInfo>();
            var names = new HashSet<string>(constants.Keys, StringComparer.Ordinal);
            foreach (var input in graph.Inputs)
            {
                if (isMain && constants.ContainsKey(input.Name)) continue; // IR < 4 lists initializers as inputs
                if (!isMain) constants.Remove(input.Name);                 // a formal input shadows an initializer
                if (!names.Add(input.Name) && isMain)
                    throw new OnnxFormatException($"{graphLabel}: input '{input.Name}' is declared twice.");
                inputs.Add(input);
            }

            // Producers (ONNX graphs are in SSA form: one producer per name).
            var nodes = graph.Nodes;
            var producer = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < nodes.Length; i++)
            {
                foreach (string o in nodes[i].Outputs)
                {
                    if (o.Length == 0) continue;
                    if (names.Contains(o) || producer.ContainsKey(o))
                        throw new OnnxFormatException($"{Describe(nodes[i], i, graph, env)}: output '{o}' is already defined by another node, input or initializer.");
                    producer[o] = i;
                }
            }
            foreach (string o in producer.Keys) names.Add(o);

            // Dependencies: named inputs plus the outer-scope values the node's subgraphs read.
            var deps = new string[nodes.Length][];
            for (int i = 0; i < nodes.Length; i++)
            {
                var d = new List<string>();
                foreach (string n in nodes[i].Inputs)
                    if (n.Length > 0 && !d.Contains(n)) d.Add(n);
                foreach (var a in nodes[i].Attributes)
                {
                    if (a.G != null) AddFreeVariables(a.G, d);
                    foreach (var g in a.Graphs) AddFreeVariables(g, d);
                }
                foreach (string n in d)
                    if (!names.Contains(n) && (outer is null || !outer.Knows(n)))
                        throw new OnnxFormatException($"{Describe(nodes[i], i, graph, env)}: value '{n}' is not produced by any node and is not a graph input, initializer or outer-scope value.");
                deps[i] = d.ToArray();
            }

            int[] order = TopologicalOrder(graph, nodes, deps, producer, env);

            var scope = new OnnxBuildScope(outer, names, constants);
            var steps = new List<Step>();
            int folded = 0;
            foreach (int i in order)
            {
                var node = nodes[i];
                var context = new OnnxNodeContext(node, i, graph.Name, env, scope);
                OnnxKernel kernel = CreateKernel(context);
                bool constantInputs = deps[i].All(n => scope.Constant(n) != null);
                if (constantInputs && kernel.Foldable)
                {
                    Fold(context, kernel, scope, constants, env);
                    folded++;
                    continue;
                }
                steps.Add(new Step(node, context.Describe(), kernel));
            }

            var outputs = graph.Outputs;
            foreach (var o in outputs)
                if (!names.Contains(o.Name) && (outer is null || !outer.Knows(o.Name)))
                    throw new OnnxFormatException($"{graphLabel}: output '{o.Name}' is not produced by any node and is not an input, initializer or outer-scope value.");

            PlanReleases(steps, outputs, constants);
            return new OnnxGraphPlan(graph.Name, inputs.ToArray(), outputs, constants, steps.ToArray(), folded, env.Options);
        }

        private static OnnxKernel CreateKernel(OnnxNodeContext context)
        {
            var factory = context.Environment.Options.KernelFactory;
            if (factory != null)
            {
                IOnnxKernel? custom = factory(new OnnxKernelRequest(context));
                if (custom != null) return new CustomKernel(custom);
            }
            try
            {
                return OnnxKernelRegistry.Create(context);
            }
            catch (Exception e) when (!(e is OnnxFormatException) && !(e is OutOfMemoryException) && !(e is StackOverflowException))
            {
                // A kernel's validation missed a malformed attribute: still a bad file, reported as one (the original
                // exception stays attached for whoever debugs the kernel).
                throw context.Error($"invalid node ({e.GetType().Name}: {e.Message})", e);
            }
        }

        /// <summary>Evaluates a node whose inputs are all constants once; its outputs become constants.</summary>
        private static void Fold(OnnxNodeContext context, OnnxKernel kernel, OnnxBuildScope scope, Dictionary<string, OnnxValue> constants,
            OnnxBuildEnvironment env)
        {
            var node = context.Node;
            var inputs = new OnnxValue?[node.Inputs.Length];
            for (int k = 0; k < inputs.Length; k++)
                if (node.Inputs[k].Length > 0) inputs[k] = scope.Constant(node.Inputs[k]);
            var outputs = new OnnxValue?[node.Outputs.Length];
            try
            {
                env.FoldingBudget.Charge(1);
                kernel.Run(new OnnxRunContext(env.Options, new OnnxValueScope(constants, null), env.FoldingBudget), inputs, outputs);
            }
            catch (OnnxBudgetExceededException e)
            {
                throw new OnnxBudgetExceededException($"{context.Describe()}: {e.Message}", e);
            }
            catch (Exception e) when (IsModelOrDataError(e))
            {
                throw context.Error($"failed while folding constants: {e.Message}", e);
            }
            for (int k = 0; k < outputs.Length; k++)
            {
                if (node.Outputs[k].Length == 0) continue;
                constants[node.Outputs[k]] = outputs[k] ?? throw context.Error($"output {k} was not produced.");
            }
        }

        /// <summary>Kahn's algorithm; file order breaks ties. Nodes left over form a cycle.</summary>
        private static int[] TopologicalOrder(OnnxGraph graph, OnnxNode[] nodes, string[][] deps, Dictionary<string, int> producer,
            OnnxBuildEnvironment env)
        {
            int n = nodes.Length;
            var pending = new int[n];
            var dependents = new List<int>[n];
            for (int i = 0; i < n; i++) dependents[i] = new List<int>();
            for (int i = 0; i < n; i++)
                foreach (string d in deps[i])
                    if (producer.TryGetValue(d, out int p))
                    {
                        pending[i]++;
                        dependents[p].Add(i);
                    }

            var ready = new SortedSet<int>();
            for (int i = 0; i < n; i++)
                if (pending[i] == 0) ready.Add(i);
            var order = new List<int>(n);
            while (ready.Count > 0)
            {
                int i = ready.Min;
                ready.Remove(i);
                order.Add(i);
                foreach (int j in dependents[i])
                    if (--pending[j] == 0) ready.Add(j);
            }

            if (order.Count < n)
            {
                var stuck = Enumerable.Range(0, n).Where(i => pending[i] > 0).Take(5)
                    .Select(i => Describe(nodes[i], i, graph, env));
                throw new OnnxFormatException(
                    $"Graph '{graph.Name}' of model '{env.ModelLabel}' has a cycle: {n - order.Count} nodes wait on each other, e.g. {string.Join("; ", stuck)}.");
            }
            return order.ToArray();
        }

        /// <summary>After each step, drop the local values no later step (and no graph output) reads.</summary>
        private static void PlanReleases(List<Step> steps, OnnxValueInfo[] outputs, Dictionary<string, OnnxValue> constants)
        {
            var keep = new HashSet<string>(outputs.Select(o => o.Name), StringComparer.Ordinal);
            var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
            var referenced = new HashSet<string>(keep, StringComparer.Ordinal);
            for (int s = 0; s < steps.Count; s++)
            {
                var node = steps[s].Node;
                foreach (string n in node.Outputs)
                    if (n.Length > 0 && !lastUse.ContainsKey(n)) lastUse[n] = s; // unused outputs go right away
                var used = new List<string>(node.Inputs.Where(x => x.Length > 0));
                foreach (var a in node.Attributes)
                {
                    if (a.G != null) AddFreeVariables(a.G, used);
                    foreach (var g in a.Graphs) AddFreeVariables(g, used);
                }
                foreach (string n in used)
                {
                    lastUse[n] = s;
                    referenced.Add(n);
                }
            }

            var release = new List<string>[steps.Count];
            foreach (var kv in lastUse)
            {
                if (keep.Contains(kv.Key) || constants.ContainsKey(kv.Key)) continue;
                (release[kv.Value] ??= new List<string>()).Add(kv.Key);
            }
            for (int s = 0; s < steps.Count; s++)
                if (release[s] != null) steps[s].Release = release[s].ToArray();

            // Constants only folded steps read are dead weight now.
            foreach (string name in constants.Keys.Where(k => !referenced.Contains(k)).ToList()) constants.Remove(name);
        }

        /// <summary>Adds the names <paramref name="g"/> (and its nested subgraphs) read from outer scopes.</summary>
        internal static void AddFreeVariables(OnnxGraph g, List<string> into)
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in g.Inputs) defined.Add(i.Name);
            foreach (var t in g.Initializers) defined.Add(t.Name);
            foreach (var n in g.Nodes)
                foreach (string o in n.Outputs)
                    if (o.Length > 0) defined.Add(o);
            var used = new List<string>();
            foreach (var n in g.Nodes)
            {
                used.AddRange(n.Inputs);
                foreach (var a in n.Attributes)
                {
                    if (a.G != null) AddFreeVariables(a.G, used);
                    foreach (var sub in a.Graphs) AddFreeVariables(sub, used);
                }
            }
            foreach (var o in g.Outputs) used.Add(o.Name);
            foreach (string u in used)
                if (u.Length > 0 && !defined.Contains(u) && !into.Contains(u)) into.Add(u);
        }

        private static string Describe(OnnxNode node, int index, OnnxGraph graph, OnnxBuildEnvironment env) =>
            OnnxNodeContext.Describe(node, index, graph.Name, env);

        /// <summary>Adapts a caller's <see cref="IOnnxKernel"/>.</summary>
        private sealed class CustomKernel : OnnxKernel
        {
            private readonly IOnnxKernel _kernel;

            public CustomKernel(IOnnxKernel kernel) => _kernel = kernel;

            public override bool Foldable => _kernel.Foldable;

            public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs) => _kernel.Run(inputs, outputs);
        }
    }
}
