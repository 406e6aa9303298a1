using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Scale;

/// <summary>
/// What one shard task calls the model through (<see cref="ShardTaskRunner.OpenCalls"/>): its own usage ledger, a
/// guard that counts the run's other tasks too, and the run's client composition over the task's own response store
/// (replays on requeue). Disposing closes the store and the guard.
/// </summary>
internal sealed record TaskCalls(UsageLedger Ledger, RunGuard Guard, IChatClient Client, ModelCaller Caller, ResponseStore? Store) : IDisposable
{
    public void Dispose()
    {
        Store?.Dispose();
        Guard.Dispose();
    }
}
