using System.Text.RegularExpressions;
using DataGen.Prompts;
using DataGen.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation;

/// <summary>
/// Sends a rendered prompt and parses the reply, re-asking with the parse error when the reply does not fit. A reply
/// that is cut off (finish reason <c>length</c> or the whole token budget used), filtered (<c>content_filter</c>) or that
/// takes the <c>UNSUITABLE</c> escape is returned at once: re-asking would not fix it. Transport faults are not handled
/// here: they belong to the resilience pipeline around the <see cref="IChatClient"/>.
/// </summary>
public sealed partial class ModelCaller
{
    /// <summary>The word a prompt offers the model for a seed that does not fit; a line starting with it ends the sample.</summary>
    public const string UnsuitableMarker = "UNSUITABLE";

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
    public Task<CallResult> CallAsync(RenderedPrompt prompt, IReplyParser parser, int maxReasks, int maxOutputTokens, int samplingSeed, CancellationToken cancellationToken) =>
        CallAsync(new ModelCall { Prompt = prompt, Parser = parser, MaxReasks = maxReasks, MaxOutputTokens = maxOutputTokens, SamplingSeed = samplingSeed }, cancellationToken);

    /// <summary>Calls until the reply parses, is cut off, is unsuitable, or the re-asks are spent.</summary>
    public async Task<CallResult> CallAsync(ModelCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var prompt = call.Prompt;
        var parser = call.Parser;
        var messages = new List<ChatMessage>(call.History ?? []);
        if (prompt.System is { } system && messages.Count == 0)
        {
            // A continued conversation keeps the system part it started with.
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, prompt.User));
        var options = new ChatOptions
        {
            ModelId = _model,
            Temperature = _temperature,
            MaxOutputTokens = call.MaxOutputTokens,
            Seed = call.SamplingSeed,
            ResponseFormat = parser.ResponseFormat,
        };

        var usage = default(TokenUsage);
        var calls = 0;
        var simulated = false;
        var outer = ModelCallContext.Step;
        // A call without its own step (the judge's) keeps the step its caller set: routing reads it.
        ModelCallContext.Step = call.Step ?? outer;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await _client.GetResponseAsync(messages, options, cancellationToken);
                calls++;
                var output = response.Usage?.OutputTokenCount ?? 0;
                usage += new TokenUsage(response.Usage?.InputTokenCount ?? 0, output);
                simulated |= ReplyLabels.IsSimulated(response);
                var reply = response.Text;
                var finish = response.FinishReason?.Value;
                if (finish != ChatFinishReason.ContentFilter.Value && output >= call.MaxOutputTokens)
                {
                    // Some providers report "stop" at the cap; a reply that used the whole budget is cut off all the same.
                    finish = ChatFinishReason.Length.Value;
                }

                var parsed = parser.Parse(reply);
                string? unsuitable = null;
                if (!parsed.Ok && Unsuitable().Match(reply) is { Success: true } match)
                {
                    unsuitable = match.Groups["reason"].Value.Trim() is { Length: > 0 } reason ? reason : "no reason given";
                }

                var final = parsed.Ok || attempt >= call.MaxReasks || unsuitable is not null
                    || finish == ChatFinishReason.Length.Value || finish == ChatFinishReason.ContentFilter.Value;
                if (final)
                {
                    messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                    return new CallResult
                    {
                        Parse = parsed, Reply = reply, Usage = usage, Calls = calls, FinishReason = finish, Simulated = simulated,
                        Unsuitable = unsuitable, Conversation = messages, Model = response.ModelId,
                    };
                }

                _logger.LogDebug("Reply to {PromptId} did not parse ({Reason}); re-asking, attempt {Attempt}", prompt.PromptId, parsed.Error, attempt + 2);
                messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                messages.Add(new ChatMessage(ChatRole.User,
                    $"Your reply could not be used: {parsed.Error}. Reply again with the complete answer, exactly in the required format."));
            }
        }
        finally
        {
            ModelCallContext.Step = outer;
        }
    }

    [GeneratedRegex(@"^\s*UNSUITABLE\b[ \t:.\-]*(?<reason>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex Unsuitable();
}
