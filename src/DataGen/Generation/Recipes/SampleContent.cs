namespace DataGen.Generation.Recipes;

/// <summary>What a recipe produces: prose or chat turns.</summary>
public sealed record SampleContent
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatTurn>? Messages { get; init; }
}
