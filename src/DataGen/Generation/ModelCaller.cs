using DataGen.Prompts;
using DataGen.Providers.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation;

/// <summary>
/// Sends a rendered prompt and parses the reply, re-asking with the parse error when the reply does not fit. Transport
/// faults are not handled here: they belong to the resilience pipeline around the <see cref="IChatClient"/>.
/// </summary>
public sealed class ModelCaller
{
    private readonly IChatClient _client;
    private readonly string _model;
    private readonly float _temperature;
    private readonly ILogger _logger;

    public ModelCaller(IChatClient client, string model, float temperature, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _model = model;
        _temperature = temperature;
        _logger = logger;
    }

    /// <summary>Calls until the reply parses or <paramref name="maxReasks"/> re-asks are spent.</summary>
    public async Task<CallResult> CallAsync(RenderedPrompt prompt, IReplyParser parser, int maxReasks, int maxOutputTokens, int samplingSeed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(parser);
        var messages = new List<ChatMessage>();
        if (prompt.System is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, prompt.User));
        var options = new ChatOptions
        {
            ModelId = _model,
            Temperature = _temperature,
            MaxOutputTokens = maxOutputTokens,
            Seed = samplingSeed,
            ResponseFormat = parser.ResponseFormat,
        };

        var usage = default(TokenUsage);
        var calls = 0;
        var simulated = false;
        for (var attempt = 0; ; attempt++)
        {
            var response = await _client.GetResponseAsync(messages, options, cancellationToken);
            calls++;
            usage += new TokenUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            simulated |= response.ModelId?.StartsWith(SimulatorHttpServer.ModelPrefix, StringComparison.Ordinal) == true;
            var reply = response.Text;
            var parsed = parser.Parse(reply);
            var finish = response.FinishReason?.Value;
            if (parsed.Ok || attempt >= maxReasks)
            {
                return new CallResult { Parse = parsed, Reply = reply, Usage = usage, Calls = calls, FinishReason = finish, Simulated = simulated };
            }

            _logger.LogDebug("Reply to {PromptId} did not parse ({Reason}); re-asking, attempt {Attempt}", prompt.PromptId, parsed.Error, attempt + 2);
            messages.Add(new ChatMessage(ChatRole.Assistant, reply));
            messages.Add(new ChatMessage(ChatRole.User,
                $"Your reply could not be used: {parsed.Error}. Reply again with the complete answer, exactly in the required format."));
        }
    }
}
