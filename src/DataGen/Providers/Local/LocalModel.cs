using System.Text;
using DataGen.Configuration;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Transformers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Local;

/// <summary>
/// A loaded GGUF model: its weights, the context parameters each request uses, and its chat template. Loading the
/// same file twice in one process shares one copy of the weights (the CLI builds a client to check the config and
/// another for the run); the weights are freed when the last holder is disposed.
/// </summary>
public sealed class LocalModel : IDisposable
{
    private static readonly Dictionary<string, (LLamaWeights Weights, int Holders)> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadedLock = new();

    private readonly string _key;
    private int _disposed;

    private LocalModel(string key, string file, LLamaWeights weights, ModelParams parameters)
    {
        _key = key;
        File = file;
        Weights = weights;
        Parameters = parameters;
    }

    /// <summary>The GGUF file.</summary>
    public string File { get; }

    /// <summary>The file name without extension, reported as the model id.</summary>
    public string Name => Path.GetFileNameWithoutExtension(File);

    public LLamaWeights Weights { get; }

    /// <summary>Context parameters of every request.</summary>
    public ModelParams Parameters { get; }

    /// <summary>Tokens per context (prompt plus reply).</summary>
    public int ContextSize => (int)(Parameters.ContextSize ?? (uint)Weights.ContextSize);

    /// <summary>
    /// Loads <paramref name="file"/> (or shares an already loaded copy) and checks its chat template.
    /// </summary>
    /// <exception cref="ConfigException">The file does not load, or has no chat template llama.cpp can apply.</exception>
    public static LocalModel Load(string file, LocalModelOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        LlamaNativeLog.Attach(logger);
        var parameters = new ModelParams(file)
        {
            ContextSize = (uint)options.ContextSize,
            GpuLayerCount = options.GpuLayers,
            BatchSize = (uint)options.BatchSize,
            Threads = options.Threads,
        };
        var key = $"{Path.GetFullPath(file)}|{options.GpuLayers}";
        LLamaWeights weights;
        lock (LoadedLock)
        {
            if (Loaded.TryGetValue(key, out var entry))
            {
                Loaded[key] = (entry.Weights, entry.Holders + 1);
                weights = entry.Weights;
            }
            else
            {
                var started = TimeProvider.System.GetTimestamp();
                try
                {
                    weights = LLamaWeights.LoadFromFile(parameters);
                }
                catch (LoadWeightsFailedException ex)
                {
                    throw new ConfigException(file, $"$.provider.local: llama.cpp could not load this GGUF file ({ex.Message}); run with --verbose for llama.cpp's reason");
                }

                logger.LogInformation("Loaded {Model} in {ElapsedMs} ms: {Parameters} parameters, trained context {TrainedContext}, {Bytes} bytes",
                    Path.GetFileName(file), (int)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, weights.ParameterCount, weights.ContextSize, weights.SizeInBytes);
                Loaded[key] = (weights, 1);
            }
        }

        var model = new LocalModel(key, file, weights, parameters);
        try
        {
            model.RenderPrompt([new ChatMessage(ChatRole.System, "s"), new ChatMessage(ChatRole.User, "u")]);
        }
        catch (Exception ex) when (ex is TemplateNotFoundException or MissingTemplateException)
        {
            model.Dispose();
            throw new ConfigException(file,
                $"$.provider.local: the model has no usable chat template (tokenizer.chat_template is missing, or is not a template llama.cpp recognises): {ex.Message}");
        }

        return model;
    }

    /// <summary>Renders <paramref name="messages"/> with the model's chat template, ending with the assistant's turn.</summary>
    public string RenderPrompt(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var template = new LLamaTemplate(Weights) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(message.Role.Value, message.Text);
        }

        return PromptTemplateTransformer.ToModelPrompt(template);
    }

    /// <summary>Tokens the prompt takes, as the executor will tokenize it (BOS added, control tokens parsed).</summary>
    public int CountTokens(string prompt) => Weights.Tokenize(prompt, true, true, Encoding.UTF8).Length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (LoadedLock)
        {
            var (weights, holders) = Loaded[_key];
            if (holders > 1)
            {
                Loaded[_key] = (weights, holders - 1);
            }
            else
            {
                Loaded.Remove(_key);
                weights.Dispose();
            }
        }
    }
}
