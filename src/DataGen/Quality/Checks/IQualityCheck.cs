using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// One heuristic check. Contract: pure and cheap, never throws on odd content (empty text, no messages), and returns
/// <see cref="CheckVerdict.Keep"/> for kinds it does not apply to. A drop always names its reason.
/// </summary>
public interface IQualityCheck
{
    /// <summary>Short name used in logs (length, repetition, ...).</summary>
    string Name { get; }

    CheckVerdict Check(Sample sample);
}
