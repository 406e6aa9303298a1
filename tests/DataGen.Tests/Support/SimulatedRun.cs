using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Tests.Support;

/// <summary>A simulated run folder made through the CLI, and a way to edit its shards (add judge columns, plant hostile text).</summary>
internal static class SimulatedRun
{
    public static async Task<string> CreateAsync(string output, int limit = 12, string? config = null)
    {
        var run = await CliRun.InvokeAsync("run", "--config", config ?? TestPaths.PipelineJson, "--out", output, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return output;
    }

    /// <summary>Rewrites a shard: <paramref name="edit"/> may change rows; <paramref name="extraFields"/> are added to the schema.</summary>
    public static async Task EditShardAsync(string shard, Action<int, Dictionary<string, object?>> edit, params Field[] extraFields)
    {
        DeserializationResult<Dictionary<string, object>> input;
        await using (var stream = File.OpenRead(shard))
        {
            input = await ParquetSerializer.DeserializeUntypedAsync(stream);
        }

        var rows = new List<IDictionary<string, object?>>();
        for (var i = 0; i < input.Data.Count; i++)
        {
            var row = new Dictionary<string, object?>(input.Data[i]!);
            edit(i, row);
            rows.Add(row);
        }

        var schema = new ParquetSchema([.. input.Schema.Fields, .. extraFields]);
        await using var output = File.Create(shard);
        await ParquetSerializer.SerializeUntypedAsync(rows, schema, output);
    }
}
