using DataGen.Configuration;

namespace DataGen.Cli.Commands;

/// <summary>Command-line overrides of <c>pipeline.json</c>, applied after loading and checked like the file.</summary>
internal sealed record ConfigOverrides(string? Provider, string? Model, Uri? Endpoint, string? OutputDirectory)
{
    public PipelineOptions Load(FileInfo config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return PipelineConfigLoader.Load(config.FullName, Apply);
    }

    // Applied before the loader's own checks, so `--model PATH` satisfies a file that names `local` without a model.
    private PipelineOptions Apply(PipelineOptions options)
    {
        var provider = options.Provider with
        {
            Name = Provider ?? options.Provider.Name,
            Model = Model ?? options.Provider.Model,
            Endpoint = Endpoint ?? options.Provider.Endpoint,
        };
        if (provider.Name == ProviderNames.Local && Model is not null && IsModelFile(Model))
        {
            // --model PATH names the GGUF file (relative to the working folder); the model id becomes the file's name.
            provider = provider with
            {
                Model = Path.GetFileNameWithoutExtension(Model),
                Local = (provider.Local ?? new()) with { ModelPath = Path.GetFullPath(Model), HuggingFace = null },
            };
        }

        var output = OutputDirectory is null
            ? options.Output
            : options.Output with { Directory = Path.GetFullPath(OutputDirectory) };
        return options with { Provider = provider, Output = output };
    }

    private static bool IsModelFile(string model) =>
        model.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || File.Exists(model);
}
