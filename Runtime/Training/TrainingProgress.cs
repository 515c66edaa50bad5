// A progress report for IProgress<T>: a console bar or a game UI can show it.
namespace Recurrent.Training
{
    public readonly struct TrainingProgress
    {
        public TrainingProgress(int epoch, int epochs, int batch, int batches, double loss)
        {
            Epoch = epoch;
            Epochs = epochs;
            Batch = batch;
            Batches = batches;
            Loss = loss;
        }

        /// <summary>0-based epoch.</summary>
        public int Epoch { get; }
        public int Epochs { get; }
        /// <summary>Batches done in this epoch.</summary>
        public int Batch { get; }
        public int Batches { get; }
        /// <summary>Running mean training loss of this epoch.</summary>
        public double Loss { get; }

        public double Fraction => Epochs == 0 || Batches == 0 ? 1 : (Epoch + (double)Batch / Batches) / Epochs;

        public override string ToString() => $"epoch {Epoch + 1}/{Epochs}, batch {Batch}/{Batches}, loss {Loss:G5}";
    }
}
