using System.Collections.Concurrent;
using DataGen.Generation;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Support;

/// <summary>Counts model calls per recipe step (from <see cref="ModelCallContext.Step"/>) and keeps each step's requests.</summary>
internal sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ConcurrentBag<IReadOnlyList<ChatMessage>>> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Calls per <c>kind/step</c>, steps never called left out.</summary>
    public IReadOnlyDictionary<string, int> Calls => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var step = ModelCallContext.Step ?? "(none)";
        var list = messages.ToList();
        _calls.AddOrUpdate(step, 1, (_, n) => n + 1);
        Requests.GetOrAdd(step, _ => []).Add(list);
        return base.GetResponseAsync(list, options, cancellationToken);
    }
}
