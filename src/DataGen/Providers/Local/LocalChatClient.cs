using System.Runtime.CompilerServices;
using System.Text;
using DataGen.Configuration;
using LLama;
using LLama.Common;
using LLama.Sampling;
using LLama.Transformers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Local;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model loaded in-process by llama.cpp. One copy of the weights is shared
/// by at most <c>concurrency</c> requests at once, each in its own context (KV cache) that lives for the request.
/// The model's own chat template renders the messages; a JSON-schema response format becomes a bounded grammar so
/// the reply always parses; usage is counted with the model's tokenizer.
/// </summary>
/// <remarks>
/// Failure contract: a prompt longer than the context, a schema outside <see cref="JsonSchemaGrammar"/>'s subset or a
/// native decode error throws; none of them is transient, so the caller should not retry.
/// </remarks>
public sealed class LocalChatClient : IChatClient
{
    private readonly LocalModel _model;
    private readonly SemaphoreSlim _slots;
    private readonly int _defaultSeed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;
    private int _disposed;
    private int _inFlight;
    private int _peakInFlight;

    /// <summary>Takes ownership of <paramref name="model"/> (disposes it).</summary>
    public LocalChatClient(LocalModel model, int concurrency, int defaultSeed, TimeProvider time, ILogger<LocalChatClient> logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _model = model;
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _defaultSeed = defaultSeed;
        _time = time;
        _logger = logger;
        _metadata = new ChatClientMetadata("llama.cpp", new Uri(model.File), model.Name);
    }

    /// <summary>Most requests that have run at once so far (never above the configured concurrency).</summary>
    internal int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>Default reply budget when a request sets none.</summary>
    public const int DefaultMaxOutputTokens = 256;

    /// <summary>
    /// The <c>local</c> provider: downloads the configured Hugging Face file if it is not cached, loads the model and
    /// checks its chat template. Blocks while downloading and loading: it runs once, before any generation starts.
    /// </summary>
    /// <exception cref="ConfigException">No model is named, the file does not load, or it has no usable chat template.</exception>
    public static LocalChatClient Create(PipelineOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var provider = options.Provider;
        var local = provider.Local ?? throw new ConfigException(options.ConfigPath, "$.provider.local: the local provider needs modelPath or huggingFace; or pass --model PATH");
        var file = local.ModelPath;
        if (file is null && local.HuggingFace is { } hub)
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var downloader = new ModelDownloader(http, loggerFactory.CreateLogger<ModelDownloader>(), time);
            // Sync over async on purpose: client creation is synchronous and happens once, before the run, with no synchronization context.
            file = downloader.EnsureAsync(hub, local.CacheDirectory, CancellationToken.None).GetAwaiter().GetResult();
        }

        var model = LocalModel.Load(file ?? local.ResolvedModelFile, local, loggerFactory.CreateLogger<LocalModel>());
        return new LocalChatClient(model, provider.Concurrency, local.Seed, time, loggerFactory.CreateLogger<LocalChatClient>());
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            text.Append(update.Text);
            finish = update.FinishReason ?? finish;
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = _model.Name,
            CreatedAt = _time.GetUtcNow(),
            FinishReason = finish,
            Usage = usage,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var prompt = _model.RenderPrompt(messages);
        var inputTokens = _model.CountTokens(prompt);
        var room = _model.ContextSize - inputTokens;
        if (room < 1)
        {
            throw new InvalidOperationException($"the prompt takes {inputTokens} tokens, more than the context of {_model.ContextSize} of {_model.File}; raise provider.local.contextSize");
        }

        var maxTokens = Math.Min(options?.MaxOutputTokens ?? DefaultMaxOutputTokens, room);
        var grammar = GrammarFor(options?.ResponseFormat, maxTokens);
        var inference = new InferenceParams
        {
            MaxTokens = maxTokens,
            SamplingPipeline = new DefaultSamplingPipeline
            {
                Seed = unchecked((uint)(options?.Seed ?? _defaultSeed)),
                Temperature = options?.Temperature ?? 0.8f,
                TopP = options?.TopP ?? 0.95f,
                TopK = options?.TopK ?? 40,
                Grammar = grammar is null ? null : new Grammar(grammar.Gbnf, grammar.Root),
            },
        };

        await _slots.WaitAsync(cancellationToken);
        var running = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _peakInFlight, running);
        try
        {
            var id = Guid.NewGuid().ToString("N");
            var outputTokens = 0;
            _logger.LogTrace("Local prompt for {Model}: {Prompt}", _model.Name, prompt);
            // A StatelessExecutor creates (and frees) its own context per call, so requests in flight never share a KV cache.
            var executor = new StatelessExecutor(_model.Weights, _model.Parameters);
            await foreach (var piece in executor.InferAsync(prompt, inference, cancellationToken))
            {
                outputTokens++;
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { MessageId = id, ModelId = _model.Name };
            }

            var usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
            {
                MessageId = id,
                ModelId = _model.Name,
                CreatedAt = _time.GetUtcNow(),
                FinishReason = outputTokens >= maxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop,
            };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _model.Dispose();
            _slots.Dispose();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private BoundedGrammar? GrammarFor(ChatResponseFormat? format, int maxTokens)
    {
        if (format is not ChatResponseFormatJson { Schema: { } schema })
        {
            if (format is ChatResponseFormatJson)
            {
                _logger.LogDebug("JSON requested without a schema; the local provider does not constrain the reply");
            }

            return null;
        }

        return JsonSchemaGrammar.Create(schema, maxTokens);
    }
}
