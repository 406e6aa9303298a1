namespace DataGen.Generation;

/// <summary>What generating one seed gave: a sample or a rejection.</summary>
public sealed record GenerationOutcome
{
    public Sample? Sample { get; init; }

    public Rejection? Rejection { get; init; }

    public static GenerationOutcome Of(Sample sample) => new() { Sample = sample };

    public static GenerationOutcome Of(Rejection rejection) => new() { Rejection = rejection };
}
