using DataGen.Generation;
using DataGen.Prompts;
using DataGen.Seeds;

namespace DataGen.Reporting.Preview;

/// <summary>One previewed seed: the prompts it rendered and what generation and the checks made of it.</summary>
public sealed record PreviewItem
{
    public required Seed Seed { get; init; }

    public required IReadOnlyList<(string Step, RenderedPrompt Prompt)> Prompts { get; init; }

    /// <summary>The outcome after every check: a kept sample, or the rejection that dropped it.</summary>
    public required GenerationOutcome Outcome { get; init; }
}
