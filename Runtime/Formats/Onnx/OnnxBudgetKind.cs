// Which per-run limit of OnnxGraphExecutor an OnnxBudgetExceededException reports. The limits themselves are
// OnnxExecutorOptions' settings; this names them for a caller that wants to react (retry with more, or give up).
namespace Recurrent.Formats.Onnx
{
    /// <summary>The two budgets every <see cref="OnnxGraphExecutor.Run"/> is held to.</summary>
    public enum OnnxBudgetKind
    {
        /// <summary>Bytes of tensor data (and index scratch) allocated during the run: <see cref="OnnxExecutorOptions.MaxRunAllocatedBytes"/>.</summary>
        AllocatedBytes,

        /// <summary>Estimated operations (multiply-adds and element writes) of the run: <see cref="OnnxExecutorOptions.MaxRunWork"/>.</summary>
        Work,
    }
}
