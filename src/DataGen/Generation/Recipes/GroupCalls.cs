using System.Collections.Concurrent;
using DataGen.Prompts;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// The calls group members share within one process: the first member of a group to reach a shared step makes the
/// call, the others await the same task, so the call is paid once however the members interleave. An entry is dropped
/// once every member has taken it; a member that never comes (a resumed run that skips it) leaves a small entry behind.
/// Across processes and reruns the response store answers the identical request instead.
/// </summary>
internal sealed class GroupCalls
{
    private readonly ConcurrentDictionary<string, Entry> _calls = new(StringComparer.Ordinal);

    public async Task<(CallResult Result, RenderedPrompt Prompt)> GetAsync(
        SeedGroup group, string step, Func<Task<(CallResult, RenderedPrompt)>> call)
    {
        var key = $"{group.Id}\n{step}";
        var entry = _calls.GetOrAdd(key, _ => new Entry(new Lazy<Task<(CallResult, RenderedPrompt)>>(call, LazyThreadSafetyMode.ExecutionAndPublication)));
        if (Interlocked.Increment(ref entry.Taken) >= group.Size)
        {
            _calls.TryRemove(key, out _);
        }

        return await entry.Call.Value;
    }

    private sealed class Entry(Lazy<Task<(CallResult, RenderedPrompt)>> call)
    {
        public readonly Lazy<Task<(CallResult, RenderedPrompt)>> Call = call;
        public int Taken;
    }
}
