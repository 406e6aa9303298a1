namespace DataGen.Quality.Checks;

/// <summary>Keep, or drop with a machine-readable reason and a detail for a person.</summary>
public readonly record struct CheckVerdict(bool Kept, string? Reason, string? Detail)
{
    public static CheckVerdict Keep { get; } = new(true, null, null);

    public static CheckVerdict Drop(string reason, string detail) => new(false, reason, detail);
}
