using DataGen.Tests.Support;

namespace DataGen.Tests.Review;

/// <summary>A simulated run whose first story carries hostile HTML, for the review server and browser tests.</summary>
internal static class ReviewRunFixture
{
    public const string HostileText = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"><b>bold</b> & the end";

    /// <summary>Creates the run; returns the folder and the hostile story's id.</summary>
    public static async Task<(string Run, string HostileId)> CreateAsync(string output)
    {
        var run = await SimulatedRun.CreateAsync(output, limit: 8);
        string? hostile = null;
        await SimulatedRun.EditShardAsync(Path.Combine(run, "stories", "part-00000.parquet"), (i, row) =>
        {
            if (i == 0)
            {
                row["text"] = HostileText;
                hostile = (string)row["id"]!;
            }
        });
        return (run, hostile!);
    }
}
