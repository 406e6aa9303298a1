using DataGen.Generation;

namespace DataGen.Reporting.Preview;

/// <summary>
/// A check the preview runs over generated outcomes, in the pipeline's own shape: outcomes in, outcomes out, a
/// dropped sample becoming a <see cref="Rejection"/> with its stage and reason. A stage must pass rejections through.
/// </summary>
public sealed record PreviewStage(string Name, Func<IAsyncEnumerable<GenerationOutcome>, CancellationToken, IAsyncEnumerable<GenerationOutcome>> Process);
