using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>
/// Loads <c>pipeline.json</c>: JSON syntax, then the shipped JSON Schema (unknown keys, types, ranges), then checks
/// the schema cannot express (files exist, no secrets). Every problem is reported at once with its JSON path.
/// </summary>
public static class PipelineConfigLoader
{
    // Reflection metadata, not a source-generated JsonSerializerContext: generated metadata drops the records' init-only
    // defaults for every key a config leaves out (dotnet/runtime#84484; measured here: dedupe.against came back null).
    /// <summary>Options for reading and writing config JSON (camelCase, comments and trailing commas allowed).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The schema text shipped as <c>pipeline.schema.json</c>.</summary>
    public static string SchemaText { get; } = ReadSchemaText();

    // After SchemaText: static initialisers run in order.
    private static readonly Lazy<SchemaSubsetCheck> SubsetCheck = new(() => new SchemaSubsetCheck(JsonNode.Parse(SchemaText)!));

    /// <summary>Loads, validates and resolves the config at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">Anything is wrong; the message lists every problem.</exception>
    public static PipelineOptions Load(string path) => Load(path, null);

    /// <summary>
    /// Loads the file and applies <paramref name="overrides"/> (command-line options) before the checks the schema
    /// cannot express, so an override can supply what the file leaves out (such as a local model's path).
    /// </summary>
    public static PipelineOptions Load(string path, Func<PipelineOptions, PipelineOptions>? overrides)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigException(path, "config file not found");
        }

        return Parse(InputFile.ReadText(fullPath, "the config file"), fullPath, overrides);
    }

    /// <summary>Validates and resolves config text as if it were the file at <paramref name="fullPath"/>.</summary>
    public static PipelineOptions Parse(string json, string fullPath) => Parse(json, fullPath, null);

    private static PipelineOptions Parse(string json, string fullPath, Func<PipelineOptions, PipelineOptions>? overrides)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigException(fullPath, $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: {FirstSentence(ex.Message)}");
        }

        if (node is null)
        {
            throw new ConfigException(fullPath, "$: the file holds null, expected an object");
        }

        var problems = SchemaProblems(node);
        foreach (var (pointer, replacement) in RetiredKeys)
        {
            if (Find(node, pointer) is not null)
            {
                var at = "$." + pointer.Replace('/', '.');
                problems.Remove($"{at}: unknown key (not in pipeline.schema.json)");
                problems.Add($"{at}: no longer read; {replacement}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(fullPath, problems);
        }

        PipelineOptions options;
        try
        {
            options = node.Deserialize<PipelineOptions>(JsonOptions)
                ?? throw new ConfigException(fullPath, "$: expected an object");
        }
        catch (JsonException ex)
        {
            // The schema should have caught this; report it as a config problem all the same.
            throw new ConfigException(fullPath, $"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
        }

        options = options with { ConfigPath = fullPath };
        return Resolve(overrides is null ? options : overrides(options), problems);
    }

    /// <summary>Keys an earlier version read, with what replaced them, so an old config gets a direction, not only "unknown key".</summary>
    private static readonly (string Pointer, string Replacement)[] RetiredKeys =
    [
        ("quality/checks/minReasoningMarkers", "reasoning is now checked as deliberation: set quality.checks.deliberation (minRejectedAlternatives, minConsiderations) instead"),
        ("generation/nameHygiene/reservedNames", "reserved eval names have one list, matched the same way by name hygiene and the decontamination gate: move the names to quality.decontamination.reservedNameList (replacements in quality.decontamination.replacements)"),
    ];

    private static JsonNode? Find(JsonNode node, string pointer)
    {
        JsonNode? current = node;
        foreach (var part in pointer.Split('/'))
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Checks the schema cannot express, on options that may carry command-line overrides.</summary>
    public static PipelineOptions Resolve(PipelineOptions options, List<string>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        problems ??= [];
        var baseDirectory = System.IO.Path.GetDirectoryName(options.ConfigPath) ?? Environment.CurrentDirectory;
        string Full(string p) => System.IO.Path.GetFullPath(p, baseDirectory);

        var resolved = options with
        {
            Constitution = options.Constitution with { Path = Full(options.Constitution.Path) },
            Prompts = options.Prompts with { Directory = Full(options.Prompts.Directory) },
            Output = options.Output with { Directory = Full(options.Output.Directory) },
            Quality = options.Quality with { Decontamination = options.Quality.Decontamination with { Folder = Full(options.Quality.Decontamination.Folder) } },
            Store = options.Store with { Path = options.Store.Path is { } store ? Full(store) : null },
            Dedupe = options.Dedupe with { Against = [.. options.Dedupe.Against.Select(Full)] },
            Generation = options.Generation with
            {
                NameHygiene = options.Generation.NameHygiene with { Gazetteer = options.Generation.NameHygiene.Gazetteer is { } gazetteer ? Full(gazetteer) : null },
            },
        };

        if (!options.Run.AllowPathsOutsideConfigFolder)
        {
            foreach (var (jsonPath, value) in new[]
            {
                ("$.constitution.path", options.Constitution.Path),
                ("$.prompts.directory", options.Prompts.Directory),
                ("$.quality.decontamination.folder", options.Quality.Decontamination.Folder),
            })
            {
                if (!System.IO.Path.IsPathRooted(value) && IsOutside(Full(value), baseDirectory))
                {
                    problems.Add($"{jsonPath}: '{value}' resolves to {Full(value)}, outside the config's folder {baseDirectory}; use an absolute path or set run.allowPathsOutsideConfigFolder");
                }
            }
        }

        if (Directory.Exists(resolved.Constitution.Path))
        {
            problems.Add($"$.constitution.path: is a folder, expected a Markdown file: {resolved.Constitution.Path}");
        }
        else if (!File.Exists(resolved.Constitution.Path))
        {
            problems.Add(IsLinkLoop(resolved.Constitution.Path)
                ? $"$.constitution.path: symbolic link loop (too many levels of links): {resolved.Constitution.Path}"
                : $"$.constitution.path: file not found: {resolved.Constitution.Path}");
        }
        else if (new FileInfo(resolved.Constitution.Path).Length is var size && size > resolved.Constitution.MaxBytes)
        {
            problems.Add($"$.constitution.path: the file is {size} bytes, over constitution.maxBytes ({resolved.Constitution.MaxBytes}); every section is planned and paid for, so split it or raise the limit");
        }

        if (resolved.Store.Path is { } storePath && Directory.Exists(storePath))
        {
            problems.Add($"$.store.path: is a folder, expected the response database file (e.g. {System.IO.Path.Combine(storePath, "responses.db")}): {storePath}");
        }

        if (!Directory.Exists(resolved.Prompts.Directory))
        {
            problems.Add($"$.prompts.directory: folder not found: {resolved.Prompts.Directory}");
        }

        resolved = resolved with { Provider = ResolveProvider(resolved.Provider, "$.provider", baseDirectory, problems) };
        if (resolved.Providers.Count > 0)
        {
            resolved = resolved with
            {
                Providers = resolved.Providers.ToDictionary(p => p.Key, p => ResolveProvider(p.Value, $"$.providers.{p.Key}", baseDirectory, problems), StringComparer.Ordinal),
            };
        }

        problems.AddRange(Providers.Routing.ProviderRoutes.Problems(resolved));
        problems.AddRange(Costs.CostCalculator.UnpricedProblems(resolved));

        if (resolved.Generation.NameHygiene.Gazetteer is { } gazetteerPath)
        {
            try
            {
                Generation.Gazetteer.Load(gazetteerPath);
            }
            catch (ConfigException ex)
            {
                problems.AddRange(ex.Problems.Select(p => $"$.generation.nameHygiene.gazetteer: {gazetteerPath}: {p}"));
            }
        }

        if (resolved.Quality.Checks is { Enabled: true, Language.Enabled: true } && Quality.Checks.LanguageIdentifier.Parse(resolved.Generation.Documents.Language) is null)
        {
            problems.Add($"$.generation.documents.language: '{resolved.Generation.Documents.Language}' is not a language the language check identifies (an English name such as English, French, German); or set quality.checks.language.enabled to false");
        }

        if (resolved.Simulator.Faults.Total > 1)
        {
            problems.Add($"$.simulator.faults: the rates add up to {resolved.Simulator.Faults.Total:0.###}, more than 1");
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(options.ConfigPath, problems);
        }

        return resolved;
    }

    private static ProviderOptions ResolveProvider(ProviderOptions provider, string path, string baseDirectory, List<string> problems)
    {
        if (!ProviderNames.All.Contains(provider.Name))
        {
            problems.Add($"{path}.name: unknown provider '{provider.Name}'; expected one of {string.Join(", ", ProviderNames.All)}");
        }

        if (provider.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"{path}.endpoint: must be an absolute http or https URL");
        }

        if (provider.Name == ProviderNames.Local)
        {
            provider = provider with { Local = (provider.Local ?? new()).Resolve(baseDirectory, problems) };
        }

        if (provider.ApiKeyEnv is { } keyEnv && LooksLikeSecret(keyEnv))
        {
            problems.Add($"{path}.apiKeyEnv: this looks like an API key itself; put the key in an environment variable and name the variable here");
        }

        for (var i = 0; i < provider.Endpoints.Count; i++)
        {
            var url = provider.Endpoints[i].Url;
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{path}.endpoints[{i}].url: must be an absolute http or https URL");
            }
        }

        if (provider.Endpoints.Count > 0 && provider.IsSimulated)
        {
            problems.Add($"{path}.endpoints: the simulated provider has no endpoints; use provider openai against datagen simulate-server");
        }

        return provider;
    }

    /// <summary>
    /// Every schema problem of <paramref name="node"/>. A config the subset check proves valid skips JsonSchema.Net and
    /// its start-up; anything else is evaluated by JsonSchema.Net, which words the messages.
    /// </summary>
    internal static List<string> SchemaProblems(JsonNode node) => SubsetCheck.Value.ProvesValid(node) ? [] : EvaluatedSchemaProblems(node);

    /// <summary>The schema problems JsonSchema.Net finds (an empty list for a valid config).</summary>
    internal static List<string> EvaluatedSchemaProblems(JsonNode node) => PipelineSchemaEvaluation.Problems(node);

    private static bool IsOutside(string full, string baseDirectory)
    {
        var relative = System.IO.Path.GetRelativePath(baseDirectory, full);
        return relative == ".." || relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative);
    }

    /// <summary>True when <paramref name="path"/> is a symbolic link whose chain never ends.</summary>
    private static bool IsLinkLoop(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is null;
        }
        catch (IOException)
        {
            // ELOOP: too many levels of symbolic links.
            return true;
        }
    }

    private static bool LooksLikeSecret(string value) =>
        value.StartsWith("sk-", StringComparison.Ordinal) || value.StartsWith("sk_", StringComparison.Ordinal) ||
        (value.Length > 24 && value.Any(char.IsLower) && value.Any(char.IsDigit));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static string ReadSchemaText()
    {
        using var stream = typeof(PipelineConfigLoader).Assembly.GetManifestResourceStream("DataGen.pipeline.schema.json")
            ?? throw new InvalidOperationException("pipeline.schema.json is not embedded in the DataGen assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
