using DataGen.Review;
using DataGen.Tests.Support;

namespace DataGen.Tests.Review;

public sealed class VerdictStoreTests
{
    private static Verdict Make(string sample, string value, string reviewer, string? note = null) => new()
    {
        SampleId = sample, Kind = "stories", Value = value, Reviewer = reviewer, Note = note, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public async Task AddAsync_TwoReviewersAtOnce_KeepsEveryVerdictAndTheLatestCounts()
    {
        using var dir = new TempDirectory();
        var alice = VerdictStore.ForRun(dir.Path);
        var bob = VerdictStore.ForRun(dir.Path);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? alice : bob).AddAsync(Make($"s{i % 10}", Verdict.Values[i % 3], i % 2 == 0 ? "alice" : "bob"), CancellationToken.None))));
        var last = await bob.AddAsync(Make("s1", Verdict.Rejected, "bob", "off topic"), CancellationToken.None);

        var reopened = VerdictStore.ForRun(dir.Path);
        var current = await reopened.CurrentAsync(CancellationToken.None);
        var history = await reopened.HistoryAsync("s1", CancellationToken.None);
        Assert.That(current, Has.Count.EqualTo(10));
        Assert.That(current["s1"], Is.EqualTo(last));
        Assert.That(history, Has.Count.EqualTo(5));
        Assert.That(history.Select(v => v.Reviewer).Distinct(), Is.EquivalentTo(new[] { "bob" }));
        var all = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => reopened.HistoryAsync($"s{i}", CancellationToken.None)));
        Assert.That(all.Sum(h => h.Count), Is.EqualTo(41), "no verdict lost");
    }

    [Test]
    public void AddAsync_UnknownVerdict_Throws()
    {
        using var dir = new TempDirectory();
        var store = VerdictStore.ForRun(dir.Path);

        Assert.That(() => store.AddAsync(Make("s", "maybe", "x"), CancellationToken.None), Throws.ArgumentException.With.Message.Contains("accepted, rejected, flagged"));
    }
}
