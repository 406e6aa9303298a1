using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Scale;

/// <summary>
/// What one shard task calls the model through (<see cref="ShardTaskRunner.OpenCalls"/>): its own usage ledger, a
/// guard that counts the run's other tasks too, and the run's client composition over the task's own response store
/// (replays on requeue). Disposing closes the guard and the store.
/// </summary>
internal sealed class TaskCalls(UsageLedger ledger, RunGuard guard, IChatClient client, ModelCaller caller, ResponseStore? store) : IDisposable
{
    public UsageLedger Ledger { get; } = ledger;

    public RunGuard Guard { get; } = guard;

    public IChatClient Client { get; } = client;

    public ModelCaller Caller { get; } = caller;

    public void Dispose()
    {
        store?.Dispose();
        Guard.Dispose();
    }
}
