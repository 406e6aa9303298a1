namespace DataGen.Quality.Dedupe;

/// <summary>
/// Bands × rows of an LSH index. <see cref="For"/> derives them from the Jaccard threshold: the largest number of rows
/// (fewest, most selective candidates) whose detection probability <c>1 − (1 − tʳ)ᵇ</c> at the threshold itself is at
/// least <c>recallAtThreshold</c>. Candidates are then verified by exact Jaccard, so the loose end costs only time.
/// </summary>
public sealed record LshParameters(int Bands, int Rows)
{
    public static LshParameters For(double threshold, int permutations, double recallAtThreshold = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        for (var rows = permutations; rows >= 1; rows--)
        {
            var bands = permutations / rows;
            if (DetectionProbability(threshold, bands, rows) >= recallAtThreshold)
            {
                return new LshParameters(bands, rows);
            }
        }

        return new LshParameters(permutations, 1);
    }

    /// <summary>Probability that a pair with Jaccard <paramref name="similarity"/> shares at least one band.</summary>
    public static double DetectionProbability(double similarity, int bands, int rows) =>
        1 - Math.Pow(1 - Math.Pow(similarity, rows), bands);

    public double DetectionProbability(double similarity) => DetectionProbability(similarity, Bands, Rows);
}
