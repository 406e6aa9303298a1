using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using DataGen.Configuration;
using DataGen.Providers.Local;
using DataGen.Providers.Resilience;
using DataGen.Providers.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace DataGen.Providers;

/// <summary>
/// Builds the <see cref="IChatClient"/> for the configured provider. SDK retries are turned off so the one Polly
/// pipeline (<see cref="ResilientChatClient"/>) owns retries. API keys are read from the named environment variable
/// here and nowhere else; they are never logged or stored.
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

    /// <summary>Creates the client; a missing required key is a <see cref="ConfigException"/> naming the variable.</summary>
    public static IChatClient Create(PipelineOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var provider = options.Provider;
        var inner = provider.Name switch
        {
            ProviderNames.Simulated => new SimulatedChatClient(options.Simulator, provider.Model),
            ProviderNames.OpenAI => CreateOpenAI(options),
            ProviderNames.Anthropic => CreateAnthropic(options),
            ProviderNames.Ollama => CreateOllama(provider),
            ProviderNames.Local => LocalChatClient.Create(options, loggerFactory, time ?? TimeProvider.System),
            _ => throw new ConfigException(options.ConfigPath, $"$.provider.name: unknown provider '{provider.Name}'"),
        };

        // The local provider's own faults (llama.cpp errors, an over-long prompt) are not classed transient, so they
        // are not retried; only a per-attempt timeout is, as for every provider.
        return new ChatClientBuilder(inner)
            .Use(client => new ResilientChatClient(client, ResilienceOptions.From(provider), loggerFactory.CreateLogger<ResilientChatClient>(), time ?? TimeProvider.System))
            .Build();
    }

    private static IChatClient CreateOpenAI(PipelineOptions options)
    {
        var provider = options.Provider;
        var endpoint = provider.Endpoint ?? new Uri("https://api.openai.com/v1");
        var key = ReadKey(options, required: provider.Endpoint is null) ?? "not-needed";
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromSeconds(provider.TimeoutSeconds),
        };
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(provider.Model).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(PipelineOptions options)
    {
        var provider = options.Provider;
        var client = new AnthropicClient
        {
            ApiKey = ReadKey(options, required: true)!,
            MaxRetries = 0,
            Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds),
            BaseUrl = provider.Endpoint?.ToString().TrimEnd('/') ?? "https://api.anthropic.com",
        };

        return client.AsIChatClient(provider.Model, provider.MaxOutputTokens);
    }

    private static OllamaApiClient CreateOllama(ProviderOptions provider)
    {
        var http = new HttpClient
        {
            BaseAddress = provider.Endpoint ?? new Uri("http://127.0.0.1:11434"),
            Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds),
        };
        return new OllamaApiClient(http, provider.Model);
    }

    private static string? ReadKey(PipelineOptions options, bool required)
    {
        var variable = options.Provider.ApiKeyEnv ?? DefaultKeyVariable(options.Provider.Name);
        var key = variable is null ? null : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (required)
            {
                throw new ConfigException(options.ConfigPath,
                    $"$.provider.apiKeyEnv: environment variable {variable ?? "(none)"} is not set; the {options.Provider.Name} provider needs an API key");
            }

            return null;
        }

        return key;
    }
}
