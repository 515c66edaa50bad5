// What a head edit (FewShot.AddClasses / RemoveClasses) returns: the new model, the class names that go with it and
// where each of its classes came from. The edit itself lives in FewShot.
using System;
using System.Collections.Generic;

namespace Recurrent.Training
{
    /// <summary>The result of adding or removing output classes: a new <see cref="Recurrent.Model"/> plus its labels.</summary>
    public sealed class HeadEdit
    {
        private readonly int[] _sourceClasses;

        internal HeadEdit(Model model, string[]? labels, int[] sourceClasses)
        {
            Model = model;
            Labels = labels;
            _sourceClasses = sourceClasses;
        }

        /// <summary>The edited model. It owns copies of every weight, so training it leaves the original model untouched.</summary>
        public Model Model { get; }

        /// <summary>Class names of the edited model (index = output index), or null when no labels were given.</summary>
        public IReadOnlyList<string>? Labels { get; }

        /// <summary>Output classes of the edited model.</summary>
        public int ClassCount => _sourceClasses.Length;

        /// <summary>
        /// For each class of the edited model, its index in the original model, or −1 for an added class. Use it to remap
        /// class-id targets after <see cref="FewShot.RemoveClasses"/>.
        /// </summary>
        public IReadOnlyList<int> SourceClasses => _sourceClasses;

        /// <summary>The index in the edited model of the original model's class <paramref name="originalClass"/>, or −1 if it was removed.</summary>
        public int ClassOf(int originalClass) => originalClass < 0 ? -1 : Array.IndexOf(_sourceClasses, originalClass);

        public override string ToString() => $"{Model.Name}: {ClassCount} classes";
    }
}
