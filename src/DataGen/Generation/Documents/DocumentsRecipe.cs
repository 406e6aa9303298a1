using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;

namespace DataGen.Generation.Documents;

/// <summary>
/// Documents as published (method 2a): plan steps <c>types</c> and <c>subtypes</c>; per seed a <c>draft</c> for a
/// principle x subtype, a fresh-context <c>rewrite</c> against the section (switch <c>documentRewrite</c>), and, when
/// <c>documentFormat</c> is <c>chats</c>, a <c>to_chat</c> step that turns the same content into a chat.
/// </summary>
public static class DocumentsRecipe
{
    public const string Types = "types";
    public const string Subtypes = "subtypes";
    public const string Draft = "draft";
    public const string DraftGroup = "draft_group";
    public const string Rewrite = "rewrite";
    public const string ToChat = "to_chat";

    /// <summary>Provenance key (in the row's <c>provenance</c> map) of the group a document was drafted with; absent when one document is drafted per call.</summary>
    public const string GroupKey = "document_group";

    /// <summary>Provenance key of the document's place in its group, <c>2 of 3</c>.</summary>
    public const string GroupPositionKey = "document_group_position";

    /// <summary>State field of the rewrite's list of problems (the text before its tagged document).</summary>
    public const string ProblemsField = "document_problems";

    /// <summary>Words a document is asked for when <c>steps.draft.words</c> is not set: a long-form piece of its genre.</summary>
    public const int DefaultWords = 600;

    public static Recipe Build(RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        const DataKind kind = DataKind.Documents;
        var options = context.Options.Generation.Documents;
        var ablations = context.Options.Generation.Ablations;
        var preamble = context.PreambleText(kind);
        var budget = options.MaxOutputTokens ?? context.ProviderBudget;
        var chats = ablations.DocumentFormat == AblationOptions.Chats;
        var whole = options.WholeConstitution
            ? $"The whole constitution, for context (the section above is the one this document is about):\n\"\"\"\n{context.Constitution.FullText}\n\"\"\"\n"
            : string.Empty;
        var banned = context.BannedNames;
        var perCall = Math.Max(1, options.DocumentsPerCall);
        var wholeForGroup = options.WholeConstitution
            ? $"The whole constitution, for context (each document listed below is about its own section of it):\n\"\"\"\n{context.Constitution.FullText}\n\"\"\"\n"
            : string.Empty;
        string[] listInputs = [ListBuilder.CountInput, ListBuilder.AlreadyGeneratedInput];
        // The draft's length; the rewrite and the chat version are asked to keep it.
        var words = RecipeContext.StepWords(options, Draft, DefaultWords);
        var wordsText = words.ToString(System.Globalization.CultureInfo.InvariantCulture);

        IReadOnlyDictionary<string, string?> Trace(Seeds.Seed seed, IReadOnlyDictionary<string, string> s)
        {
            var draft = s.GetValueOrDefault("document");
            var final = s.GetValueOrDefault("improved_document");
            var provenance = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [ProvenanceKeys.DocumentType] = seed.Axes.GetValueOrDefault("document_type"),
                [ProvenanceKeys.DocumentSubtype] = seed.Axes.GetValueOrDefault("document_subtype"),
                [ProvenanceKeys.RewriteChanged] = ablations.DocumentRewrite && draft is not null && final is not null
                    ? (StepValues.Folded(final) != StepValues.Folded(draft)).ToString().ToLowerInvariant()
                    : null,
                [ProvenanceKeys.TextBeforeRewrite] = ablations.DocumentRewrite ? draft : null,
                [ProvenanceKeys.DocumentCritique] = ablations.DocumentRewrite ? s.GetValueOrDefault(ProblemsField) : null,
                [GroupKey] = seed.Group?.Id,
                [GroupPositionKey] = seed.Group is { } group ? $"{group.Position + 1} of {group.Size}" : null,
            };
            if (chats && final is not null)
            {
                provenance["source_document"] = final;
            }

            return provenance;
        }

        return new Recipe
        {
            Kind = kind,
            GroupSize = perCall,
            Trace = Trace,
            Ablations = ablations.ToRecord(),
            WritesChats = chats,
            Hygiene = context.Hygiene,
            Steps =
            [
                new RecipeStep
                {
                    Name = Types,
                    Scope = StepScope.Plan,
                    PromptName = "documents/types",
                    PromptSource = RecipeContext.Source(kind, Types),
                    ValueNames = ["preamble", .. listInputs],
                    Inputs = listInputs,
                    Values = (_, s) => new Dictionary<string, string> { ["preamble"] = preamble, ["count"] = s["count"], ["already_generated"] = s["already_generated"] },
                    Parser = new JsonListParser("document_types", "A kind of document, e.g. 'podcast transcript'."),
                    StatedWords = _ => 3, // "each a short noun phrase"
                    MaxOutputTokens = context.ProviderBudget,
                    MaxReasks = options.MaxReasks,
                },
                new RecipeStep
                {
                    Name = Subtypes,
                    Scope = StepScope.Plan,
                    PromptName = "documents/subtypes",
                    PromptSource = RecipeContext.Source(kind, Subtypes),
                    ValueNames = ["preamble", "document_type", .. listInputs],
                    Inputs = ["document_type", .. listInputs],
                    Values = (_, s) => new Dictionary<string, string>
                    {
                        ["preamble"] = preamble, ["document_type"] = s["document_type"], ["count"] = s["count"], ["already_generated"] = s["already_generated"],
                    },
                    Parser = new JsonListParser("document_subtypes", "A specific subtype of the document type, e.g. 'a French podcast known for AI scepticism'."),
                    StatedWords = _ => 10, // "each one line"
                    MaxOutputTokens = context.ProviderBudget,
                    MaxReasks = options.MaxReasks,
                },
                new RecipeStep
                {
                    Name = Draft,
                    PromptName = "documents/draft",
                    PromptSource = RecipeContext.Source(kind, Draft),
                    Enabled = perCall == 1,
                    Switch = "generation.documents.documentsPerCall",
                    ValueNames = StepValues.Names("whole_constitution", "document_type", "document_subtype", "language", "words", "banned_names"),
                    Values = (seed, _) => new Dictionary<string, string>(StepValues.Section(seed, preamble))
                    {
                        ["whole_constitution"] = whole,
                        ["document_type"] = seed.Axes["document_type"],
                        ["document_subtype"] = seed.Axes["document_subtype"],
                        ["language"] = options.Language,
                        ["words"] = wordsText,
                        ["banned_names"] = banned,
                    },
                    StatedWords = _ => words,
                    Parser = new TaggedTextParser("document", "document"),
                    MaxOutputTokens = budget,
                    MaxReasks = options.MaxReasks,
                },
                new RecipeStep
                {
                    Name = DraftGroup,
                    PromptName = "documents/draft_group",
                    PromptSource = RecipeContext.Source(kind, DraftGroup),
                    Enabled = perCall > 1,
                    Switch = "generation.documents.documentsPerCall",
                    SharedByGroup = true,
                    ValueNames = ["preamble", "whole_constitution", "document_count", "documents", "language", "words", "banned_names"],
                    Values = (seed, _) =>
                    {
                        IReadOnlyList<Seeds.Seed> members = seed.Group?.Members ?? [seed];
                        return new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["preamble"] = preamble,
                            ["whole_constitution"] = wholeForGroup,
                            ["document_count"] = members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ["documents"] = GroupListing(members),
                            ["language"] = options.Language,
                            ["words"] = wordsText,
                            ["banned_names"] = banned,
                        };
                    },
                    // Each document as long as a single draft (steps.draft.words); one call writes them all.
                    StatedWords = seed => words * (seed.Group?.Members.Count ?? perCall),
                    Parser = new NumberedTextParser("document", "document"),
                    MaxOutputTokens = budget * perCall,
                    MaxReasks = options.MaxReasks,
                },
                new RecipeStep
                {
                    Name = Rewrite,
                    PromptName = "documents/rewrite",
                    PromptSource = RecipeContext.Source(kind, Rewrite),
                    Enabled = ablations.DocumentRewrite,
                    Switch = "generation.ablations.documentRewrite",
                    FreshContext = true,
                    ValueNames = StepValues.Names("whole_constitution", "words", "document"),
                    Values = (seed, s) => new Dictionary<string, string>(StepValues.Section(seed, preamble)) { ["whole_constitution"] = whole, ["words"] = wordsText, ["document"] = s["document"] },
                    StatedWords = _ => words,
                    Parser = new TaggedTextParser("improved_document", "improved_document", ProblemsField),
                    Passthrough = new Dictionary<string, string> { ["improved_document"] = "document" },
                    MaxOutputTokens = budget,
                    MaxReasks = options.MaxReasks,
                },
                new RecipeStep
                {
                    Name = ToChat,
                    PromptName = "documents/to_chat",
                    PromptSource = RecipeContext.Source(kind, ToChat),
                    Enabled = chats,
                    Switch = "generation.ablations.documentFormat",
                    FreshContext = true,
                    ValueNames = StepValues.Names("words", "document"),
                    Values = (seed, s) => new Dictionary<string, string>(StepValues.Section(seed, preamble)) { ["words"] = wordsText, ["document"] = s["improved_document"] },
                    StatedWords = _ => words,
                    Parser = new JsonObjectParser("document_as_chat",
                    [
                        ("user_message", "A user's message asking about what the document discusses, in their own voice."),
                        ("assistant_response", "The assistant's answer carrying the document's content and reasons, in conversational prose."),
                    ]),
                    MaxOutputTokens = budget,
                    MaxReasks = options.MaxReasks,
                },
            ],
            Finish = (seed, s) =>
            {
                var final = s["improved_document"];
                var provenance = Trace(seed, s);
                if (!chats)
                {
                    return new SampleContent { Text = final, Provenance = provenance };
                }

                return new SampleContent
                {
                    Messages = [new ChatTurn("user", s["user_message"]), new ChatTurn("assistant", s["assistant_response"])],
                    Provenance = provenance,
                };
            },
        };
    }

    /// <summary>The members of a shared draft, numbered as their documents are to be: section, type and subtype each.</summary>
    private static string GroupListing(IReadOnlyList<Seeds.Seed> members) => string.Join("\n\n", members.Select((m, i) =>
        $"=== Document {i + 1} ===\nPrinciple: {m.Principle.Title}\nThe section of the constitution it is about:\n\"\"\"\n{m.Principle.Text}\n\"\"\"\nDocument type: {m.Axes["document_type"]}\nDocument subtype: {m.Axes["document_subtype"]}"));
}
