using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using DataGen.Configuration;
using DataGen.Providers.Batching;
using DataGen.Providers.Local;
using DataGen.Providers.PromptCaching;
using DataGen.Providers.Resilience;
using DataGen.Providers.Routing;
using DataGen.Providers.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace DataGen.Providers;

/// <summary>
/// Builds the <see cref="IChatClient"/> for the configured provider. SDK retries are turned off so the one Polly
/// pipeline (<see cref="ResilientChatClient"/>) owns retries, across
/// every endpoint of the model. API keys are read from the named environment variable
/// here and nowhere else; they are never logged or stored. Anthropic requests carry a prompt-cache breakpoint
/// (<see cref="AnthropicPromptCachingChatClient"/>) and the sampling options the SDK's client drops
/// (<see cref="AnthropicSamplingChatClient"/>).
/// </summary>
public static class ChatClientFactory
{
    /// <summary>Default environment variable per provider when <c>apiKeyEnv</c> is not set.</summary>
    public static string? DefaultKeyVariable(string provider) => provider switch
    {
        ProviderNames.OpenAI => "OPENAI_API_KEY",
        ProviderNames.Anthropic => "ANTHROPIC_API_KEY",
        _ => null,
    };

    /// <summary>
    /// Creates the client: one <see cref="EndpointChatClient"/> per configured endpoint (or the single
    /// <c>provider.endpoint</c>) behind one <see cref="ResilientChatClient"/>. A missing required key is a
    /// <see cref="ConfigException"/> naming the variable. <paramref name="hosted"/> are the providers the host adds
    /// (the CLI: the simulator).
    /// </summary>
    public static IChatClient Create(PipelineOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null, IReadOnlyList<IChatProvider>? hosted = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        time ??= TimeProvider.System;
        var routes = new ProviderRoutes(options);
        if (!routes.AnyNamed)
        {
            return CreateOne(options, "$.provider", loggerFactory, time, hosted ?? []);
        }

        // One client per provider block in use, each with its own endpoints, resilience pipeline and limits.
        var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
        try
        {
            foreach (var route in routes.InUse)
            {
                clients[route.Name] = CreateOne(options with { Provider = route.Provider }, route.JsonPath, loggerFactory, time, hosted ?? []);
            }
        }
        catch
        {
            // Why catch everything: a later block's missing key must not leak the clients already built; rethrown as is.
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }

            throw;
        }

        return new ProviderRouterChatClient(routes, clients);
    }

    private static IChatClient CreateOne(PipelineOptions options, string path, ILoggerFactory loggerFactory, TimeProvider time, IReadOnlyList<IChatProvider> hosted)
    {
        var provider = options.Provider;
        if (provider.Batch.Enabled)
        {
            return CreateBatching(options, path, loggerFactory, time);
        }

        var endpointLogger = loggerFactory.CreateLogger<EndpointChatClient>();
        var targets = provider.Endpoints.Count > 0
            ? provider.Endpoints
            : [new EndpointOptions { Url = provider.Endpoint ?? new Uri("http://default.invalid/"), Name = provider.IsSimulated || provider.Name == ProviderNames.Local ? provider.Name : null }];
        var redactor = SecretRedactor.FromEnvironment(options);
        var endpoints = new List<EndpointChatClient>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var url = provider.Endpoints.Count > 0 ? target.Url : provider.Endpoint;
            var keyEnv = target.ApiKeyEnv ?? provider.ApiKeyEnv;
            var inner = provider.Name switch
            {
                ProviderNames.OpenAI => CreateOpenAI(options, url, keyEnv, path),
                ProviderNames.Anthropic => CreateAnthropic(options, url, keyEnv, path),
                ProviderNames.Ollama => CreateOllama(provider, url),
                // The local provider's own faults (llama.cpp errors, an over-long prompt) are not classed transient, so
                // they are not retried; only a per-attempt timeout is, as for every provider.
                ProviderNames.Local => LocalChatClient.Create(options, loggerFactory, time),
                _ when hosted.FirstOrDefault(h => h.Name == provider.Name) is { } host => host.Create(options, time),
                _ => throw new ConfigException(options.ConfigPath, $"{path}.name: unknown provider '{provider.Name}'"),
            };
            if (redactor.IsActive)
            {
                inner = new RedactingChatClient(inner, redactor);
            }

            var name = target.Name ?? (url is null ? provider.Name : $"{url.Host}:{url.Port}");
            endpoints.Add(new EndpointChatClient(inner, name, provider, options.Resilience,
                target.RequestsPerMinute ?? provider.RequestsPerMinute, target.TokensPerMinute ?? provider.TokensPerMinute, endpointLogger, time));
        }

        return new ResilientChatClient(endpoints, provider, options.Resilience, loggerFactory.CreateLogger<ResilientChatClient>(), time);
    }

    private static BatchingChatClient CreateBatching(PipelineOptions options, string path, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var provider = options.Provider;
        // The batch APIs are polled, not held open: a plain client whose timeout bounds each poll or upload.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Max(provider.TimeoutSeconds, 60)) };
        IBatchApi api = provider.Name switch
        {
            ProviderNames.OpenAI => new OpenAIBatchApi(http, provider.Endpoint ?? new Uri("https://api.openai.com/v1"),
                ReadKey(options, provider.ApiKeyEnv, required: provider.Endpoint is null, path), provider.Model),
            ProviderNames.Anthropic => new AnthropicBatchApi(http, provider.Endpoint ?? new Uri("https://api.anthropic.com"),
                ReadKey(options, provider.ApiKeyEnv, required: true, path)!, provider.Model, provider.MaxOutputTokens),
            _ => throw new ConfigException(options.ConfigPath, $"{path}.batch.enabled: the {provider.Name} provider has no batch API; batch mode needs openai or anthropic"),
        };
        var route = path == "$.provider" ? string.Empty : "." + path[(path.LastIndexOf('.') + 1)..];
        var journal = new BatchJournal(Path.Combine(options.Output.Directory, $"batches{route}.jsonl"));
        var endpoint = $"{(provider.Endpoint is { } url ? $"{url.Host}:{url.Port}" : provider.Name)} batch";
        return new BatchingChatClient(api, journal, provider.Name, provider.Model, endpoint, provider.Batch, loggerFactory.CreateLogger<BatchingChatClient>(), time);
    }

    private static IChatClient CreateOpenAI(PipelineOptions options, Uri? url, string? keyEnv, string path)
    {
        var provider = options.Provider;
        var endpoint = url ?? new Uri("https://api.openai.com/v1");
        var key = ReadKey(options, keyEnv, required: url is null, path) ?? "not-needed";
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            // The resilience pipeline owns the attempt timeout; the SDK's must not fire first.
            NetworkTimeout = TimeSpan.FromSeconds(provider.TimeoutSeconds + 5),
        };
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(provider.Model).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(PipelineOptions options, Uri? url, string? keyEnv, string path)
    {
        var provider = options.Provider;
        var client = new AnthropicClient
        {
            ApiKey = ReadKey(options, keyEnv, required: true, path)!,
            // Retry-After is read below the SDK, which hides response headers from its exceptions.
            HttpClient = new HttpClient(new AnthropicRetryAfterHandler(new HttpClientHandler())) { Timeout = Timeout.InfiniteTimeSpan },
            MaxRetries = 0,
            Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds + 5),
            BaseUrl = url?.ToString().TrimEnd('/') ?? "https://api.anthropic.com",
        };

        // Prompt caching marks the shared prefix and sampling hands over temperature, top-p and top-k, which the SDK's
        // client drops; both sit right around the SDK's client, the only one that reads what they set.
        return client.AsIChatClient(provider.Model, provider.MaxOutputTokens).AsBuilder()
            .UseAnthropicPromptCaching()
            .UseAnthropicSampling(provider.Model, provider.MaxOutputTokens)
            .Build();
    }

    private static OllamaApiClient CreateOllama(ProviderOptions provider, Uri? url)
    {
        var http = new HttpClient
        {
            BaseAddress = url ?? new Uri("http://127.0.0.1:11434"),
            Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds + 5),
        };
        return new OllamaApiClient(http, provider.Model);
    }

    private static string? ReadKey(PipelineOptions options, string? keyEnv, bool required, string path)
    {
        var variable = keyEnv ?? DefaultKeyVariable(options.Provider.Name);
        var key = variable is null ? null : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (required)
            {
                throw new ConfigException(options.ConfigPath,
                    $"{path}.apiKeyEnv: environment variable {variable ?? "(none)"} is not set; the {options.Provider.Name} provider needs an API key");
            }

            return null;
        }

        return key;
    }
}
