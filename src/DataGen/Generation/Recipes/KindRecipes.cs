using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// The recipes of the three kinds. Each is one step for now; a kind is a list of steps so the published multi-step
/// recipes (types, drafts, rewrites) slot in as more steps.
/// </summary>
public static class KindRecipes
{
    public static Recipe For(DataKind kind, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            DataKind.Documents => Documents(options.Generation.Documents, options.Provider),
            DataKind.Stories => Stories(options.Generation.Stories, options.Provider),
            DataKind.AdviceChats => AdviceChats(options.Generation.AdviceChats, options.Provider),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static KindOptions Options(this GenerationOptions generation, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return kind switch
        {
            DataKind.Documents => generation.Documents,
            DataKind.Stories => generation.Stories,
            DataKind.AdviceChats => generation.AdviceChats,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The config key of a kind under <c>generation</c>.</summary>
    public static string ConfigKey(this DataKind kind) => kind switch
    {
        DataKind.Documents => "documents",
        DataKind.Stories => "stories",
        DataKind.AdviceChats => "adviceChats",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static Recipe Documents(DocumentsOptions options, ProviderOptions provider) => new()
    {
        Kind = DataKind.Documents,
        Steps =
        [
            new RecipeStep
            {
                Name = "draft",
                PromptName = options.Prompt,
                PromptSource = "$.generation.documents.prompt",
                ValueNames = ["principle_title", "principle_text", "genre"],
                Values = (seed, _) => PrincipleValues(seed, "genre"),
                Parser = new TaggedTextParser("document", "document"),
                MaxOutputTokens = options.MaxOutputTokens ?? provider.MaxOutputTokens,
            },
        ],
        Finish = (_, fields) => new SampleContent { Text = fields["document"] },
    };

    private static Recipe Stories(StoriesOptions options, ProviderOptions provider) => new()
    {
        Kind = DataKind.Stories,
        Steps =
        [
            new RecipeStep
            {
                Name = "draft",
                PromptName = options.Prompt,
                PromptSource = "$.generation.stories.prompt",
                ValueNames = ["principle_title", "principle_text", "setting", "character", "pressure"],
                Values = (seed, _) => PrincipleValues(seed, "setting", "character", "pressure"),
                Parser = new TaggedTextParser("story", "story"),
                MaxOutputTokens = options.MaxOutputTokens ?? provider.MaxOutputTokens,
            },
        ],
        Finish = (_, fields) => new SampleContent { Text = fields["story"] },
    };

    private static Recipe AdviceChats(AdviceChatsOptions options, ProviderOptions provider) => new()
    {
        Kind = DataKind.AdviceChats,
        Steps =
        [
            new RecipeStep
            {
                Name = "chat",
                PromptName = options.Prompt,
                PromptSource = "$.generation.adviceChats.prompt",
                ValueNames = ["principle_title", "principle_text", "persona", "domain"],
                Values = (seed, _) => PrincipleValues(seed, "persona", "domain"),
                Parser = new JsonObjectParser("advice_chat",
                [
                    ("user_message", "The user's message describing their dilemma, in their own voice."),
                    ("assistant_response", "The assistant's reply: weighs the considerations, names the values at stake, explains its reasoning."),
                ]),
                MaxOutputTokens = options.MaxOutputTokens ?? provider.MaxOutputTokens,
                MaxReasks = options.MaxReasks,
            },
        ],
        Finish = (_, fields) => new SampleContent
        {
            Messages = [new ChatTurn("user", fields["user_message"]), new ChatTurn("assistant", fields["assistant_response"])],
        },
    };

    private static Dictionary<string, string> PrincipleValues(Seed seed, params string[] axes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["principle_title"] = seed.Principle.Title,
            ["principle_text"] = seed.Principle.Text,
        };
        foreach (var axis in axes)
        {
            values[axis] = seed.Axes[axis];
        }

        return values;
    }
}
