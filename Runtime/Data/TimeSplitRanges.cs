// The three time-ordered parts of a series returned by TimeSplit: train, then validation, then test.
// Plain result data; which rows are skipped as gaps is decided by TimeSplit.
namespace Recurrent.Data
{
    /// <summary>Train, validation and test rows of a series, in time order and disjoint.</summary>
    public sealed class TimeSplitRanges
    {
        public TimeSplitRanges(SeriesRange train, SeriesRange validation, SeriesRange test)
        {
            Train = train;
            Validation = validation;
            Test = test;
        }

        public SeriesRange Train { get; }

        public SeriesRange Validation { get; }

        public SeriesRange Test { get; }

        public override string ToString() => $"train {Train}, validation {Validation}, test {Test}";
    }
}
