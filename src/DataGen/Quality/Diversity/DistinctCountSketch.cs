using System.Numerics;

namespace DataGen.Quality.Diversity;

/// <summary>
/// HyperLogLog estimate of how many distinct 64-bit hashes were added, in fixed memory (2^14 one-byte registers,
/// about 0.8% standard error). Distinct n-gram counts over a large corpus would otherwise grow with the corpus.
/// Below about 2.5 × registers distinct values it switches to linear counting, which is near exact for small sets.
/// </summary>
public sealed class DistinctCountSketch
{
    private const int Bits = 14;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Bits));
        var rest = (hash << Bits) | (1UL << (Bits - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var register in _registers)
        {
            sum += Math.Pow(2, -register);
            if (register == 0)
            {
                zeros++;
            }
        }

        var alpha = 0.7213 / (1 + (1.079 / Registers));
        var estimate = alpha * Registers * Registers / sum;
        if (estimate <= 2.5 * Registers && zeros > 0)
        {
            estimate = Registers * Math.Log((double)Registers / zeros);
        }

        return (long)Math.Round(estimate);
    }
}
